"""An entity's description graph: built once, then rendered as Turtle, JSON-LD, N-Triples, RDF/XML or HTML.

The description holds the entity's own triples, the triples pointing to it, the type and label of
every resource linked to it either way, and each ng:Mention of it with the headline and date of the
mentioning article. Every function here blocks: call it from a worker thread.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from graphbuild.iris import ENTITY_TYPES, EntityType, mint
from graphbuild.jsonld import CONTEXT_PATH, context_document
from graphbuild.vocab import NG, PREFIXES, XSD

log = logging.getLogger(__name__)


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_PREFIX_LINES = "\n".join(f"PREFIX {name}: <{ns}>" for name, ns in PREFIXES.items())

# One CONSTRUCT; each UNION branch is one part of the description (see the module docstring).
_DESCRIBE = _PREFIX_LINES + """
CONSTRUCT { ?s ?p ?o } WHERE {
  VALUES ?e { %s }
  { ?e ?p ?o BIND(?e AS ?s) }
  UNION { ?s ?p ?e BIND(?e AS ?o) }
  UNION { ?e ?link ?s . FILTER(isIRI(?s)) ?s ?p ?o .
          VALUES ?p { rdf:type schema:name skos:prefLabel schema:headline schema:text } }
  UNION { ?s ?link ?e . ?s ?p ?o .
          VALUES ?p { rdf:type schema:name skos:prefLabel schema:headline schema:text } }
  UNION { ?s ng:mentionOf ?e ; ?p ?o }
  UNION { ?m ng:mentionOf ?e ; ng:inArticle ?s . ?s ?p ?o .
          VALUES ?p { rdf:type schema:headline schema:datePublished } }
}
"""


@dataclass(frozen=True)
class DataFormat:
    """One RDF rendering of a description, served at /data/{type}/{slug}.{extension}."""

    extension: str
    media_type: str
    rdflib_format: str


DATA_FORMATS: tuple[DataFormat, ...] = (
    DataFormat("ttl", "text/turtle", "turtle"),
    DataFormat("jsonld", "application/ld+json", "json-ld"),
    DataFormat("nt", "application/n-triples", "nt"),
    DataFormat("rdf", "application/rdf+xml", "xml"),
)
FORMATS_BY_EXTENSION = {f.extension: f for f in DATA_FORMATS}
FORMATS_BY_MEDIA_TYPE = {f.media_type: f for f in DATA_FORMATS}


def entity_iri(base: str, kind: str, slug: str) -> URIRef | None:
    """The IRI of ``/id/{kind}/{slug}``, or None when kind or slug is not a canonical one."""
    if kind not in ENTITY_TYPES or not _SLUG.match(slug):
        return None
    iri = mint(base, cast(EntityType, kind), slug)
    return iri if iri.endswith(f"/{slug}") else None  # slugify shortens over-long slugs


def merged_into(store: ox.Store, iri: str) -> str | None:
    """The surviving IRI when the editor's curation merged ``iri`` into another entity."""
    for row in store.query(f"SELECT ?to WHERE {{ {ox.NamedNode(iri)} <{NG.mergedInto}> ?to }} LIMIT 1"):  # type: ignore[union-attr]
        return str(row["to"].value)  # type: ignore[index]
    return None


def entity_exists(store: ox.Store, iri: str) -> bool:
    """Whether the default graph has a triple with ``iri`` as subject."""
    return bool(store.query(f"ASK {{ {ox.NamedNode(iri)} ?p ?o }}"))


def _to_rdflib(term: Any) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def new_graph() -> Graph:
    graph = Graph()
    for name, namespace in PREFIXES.items():
        graph.bind(name, namespace, replace=True)
    return graph


def describe(store: ox.Store, iri: str) -> Graph:
    """The description graph of ``iri`` (empty when the store knows nothing about it)."""
    graph = new_graph()
    for triple in store.query(_DESCRIBE % ox.NamedNode(iri)):  # type: ignore[union-attr]
        if isinstance(triple.subject, ox.Triple) or isinstance(triple.object, ox.Triple):
            continue  # RDF 1.2 triple terms are not part of the data model
        graph.add((_to_rdflib(triple.subject), _to_rdflib(triple.predicate), _to_rdflib(triple.object)))
    return graph


class JsonLdContext:
    """The published context (ontology/context.jsonld), as graphbuild's ``extract`` uses it too."""

    path = CONTEXT_PATH

    def get(self) -> Any:
        return context_document()


def render(graph: Graph, data_format: DataFormat, context: Any = None) -> bytes:
    """``graph`` in ``data_format``; JSON-LD is compacted with ``context`` when there is one."""
    if data_format.rdflib_format == "json-ld" and context is not None:
        return graph.serialize(format="json-ld", context=context, encoding="utf-8")
    return graph.serialize(format=data_format.rdflib_format, encoding="utf-8")
