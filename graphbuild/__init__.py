"""newsgraph's build side: from article files to validated RDF in a store."""

__version__ = "0.3.0"
