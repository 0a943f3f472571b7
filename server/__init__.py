"""newsgraph's publishing side: a read-only SPARQL endpoint, dereferenceable entity IRIs and HTML pages."""
