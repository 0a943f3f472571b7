"""Where articles are kept: one ``Store`` protocol, its backends behind it.

- base.py: the protocol, its ``Capabilities`` and the types the backends share;
- sparql.py: every SPARQL request the backends send about articles, written once;
- embedded.py: Oxigraph in a folder, or ``memory:``;
- remote.py: any SPARQL 1.1 store over HTTP (Oxigraph server, Fuseki, GraphDB);
- virtuoso.py: OpenLink Virtuoso, which keeps the union in a named graph;
- opening.py: the store a ``--store`` setting names.

Code outside this package holds a ``Store`` and asks its ``capabilities``, never its class.
"""

from .base import Capabilities, PutOutcome, Readable, Source, Store, checked_iri, triples_block
from .embedded import EXPORT_FORMATS, ArticleStore
from .opening import names_remote, open_configured, open_store, settle_base

__all__ = [
    "EXPORT_FORMATS",
    "ArticleStore",
    "Capabilities",
    "PutOutcome",
    "Readable",
    "Source",
    "Store",
    "checked_iri",
    "names_remote",
    "open_configured",
    "open_store",
    "settle_base",
    "triples_block",
]
