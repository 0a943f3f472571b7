"""The vocabulary, dereferenced: /ns (and /ontology) answer ontology/newsgraph.ttl as an HTML reference
(each class and property with its label, comment and example, anchored by its local name) or as RDF by
Accept, following https://www.w3.org/TR/swbp-vocab-pub/#recipe3.

The namespace IRI https://w3id.org/newsgraph/ns# is a w3id.org permanent identifier; w3id redirects it
here (docs/publishing.md has the rules), and ``#Mention`` then lands on the term's anchor.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import jinja2
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from graphbuild.published import ONTOLOGY_DIR, SHAPES_DIR
from graphbuild.vocab import NG, PREFIXES, SDO

from .dataset import HTML, RDF_TYPES, serialize
from .entities import CORS
from .errors import NotAcceptable
from .negotiation import negotiate

ONTOLOGY_PATH = ONTOLOGY_DIR / "newsgraph.ttl"
ONTOLOGY_IRI = URIRef(str(NG).rstrip("#"))


@dataclass(frozen=True)
class TermDoc:
    local: str
    iri: str
    label: str
    comment: str
    example: str
    kinds: list[str]
    super_classes: list[str]
    domain: list[str]
    range: list[str]


@dataclass(frozen=True)
class OntologyDoc:
    title: str
    comment: str
    version: str
    classes: list[TermDoc]
    properties: list[TermDoc]


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    graph = Graph()
    graph.parse(ONTOLOGY_PATH, format="turtle")
    for prefix, namespace in PREFIXES.items():  # rdflib binds schema: to https://schema.org/, which we do not use
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def _short(graph: Graph, node: object) -> str:
    try:
        return graph.qname(node)  # type: ignore[arg-type]
    except (ValueError, KeyError):
        return str(node)


def _term(graph: Graph, term: URIRef) -> TermDoc:
    def text(predicate: URIRef) -> str:
        value = graph.value(term, predicate)
        return str(value) if value is not None else ""

    def shorts(*predicates: URIRef) -> list[str]:
        return sorted({_short(graph, o) for p in predicates for o in graph.objects(term, p)})

    kinds = sorted({_short(graph, t) for t in graph.objects(term, RDF.type)} - {"rdf:Property", "rdfs:Class"})
    return TermDoc(
        local=str(term)[len(str(NG)):], iri=str(term), label=text(RDFS.label), comment=text(RDFS.comment),
        example=text(SKOS.example), kinds=kinds, super_classes=shorts(RDFS.subClassOf),
        domain=shorts(RDFS.domain, SDO.domainIncludes), range=shorts(RDFS.range, SDO.rangeIncludes),
    )


@lru_cache(maxsize=1)
def ontology_doc() -> OntologyDoc:
    graph = ontology_graph()
    terms = sorted({s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(NG))
                    and str(s) != str(NG)})
    classes = [t for t in terms if (t, RDF.type, OWL.Class) in graph or (t, RDF.type, RDFS.Class) in graph]
    properties = [t for t in terms if t not in classes]
    return OntologyDoc(
        title=str(graph.value(ONTOLOGY_IRI, RDFS.label) or "newsgraph vocabulary"),
        comment=str(graph.value(ONTOLOGY_IRI, RDFS.comment) or ""),
        version=str(graph.value(ONTOLOGY_IRI, OWL.versionInfo) or ""),
        classes=[_term(graph, t) for t in classes],
        properties=[_term(graph, t) for t in properties],
    )


class OntologyRoutes:
    """GET /ns and /ontology."""

    def __init__(self, templates: jinja2.Environment) -> None:
        self.templates = templates

    async def ontology(self, request: Request) -> Response:
        offered = (HTML, *RDF_TYPES)
        chosen = negotiate(request.headers.get("accept"), offered)
        if chosen is None:
            raise NotAcceptable(f"the Accept header matches none of {', '.join(offered)}")
        headers = {"Vary": "Accept", **CORS}
        if chosen == HTML:
            doc = await run_in_threadpool(ontology_doc)
            page = self.templates.get_template("ontology.html").render(
                title=doc.title, doc=doc, namespace=str(NG),
                alternates=[(request.url.path, media_type) for media_type in RDF_TYPES])
            return HTMLResponse(page, headers=headers)
        if chosen == "text/turtle":  # the source itself, with its comments
            return Response(ONTOLOGY_PATH.read_bytes(), media_type=chosen, headers=headers)
        body = await run_in_threadpool(serialize, ontology_graph(), chosen)
        return Response(body, media_type=chosen, headers=headers)


@lru_cache(maxsize=1)
def vocabulary_terms() -> frozenset[str]:
    """Every IRI the ontology and the shapes name: the data model's own terms and those of schema.org, ORG, PROV
    and SKOS that it uses (the shapes name each property an article's graph may hold)."""
    graph = Graph()
    graph += ontology_graph()
    for shapes in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(shapes, format="turtle")
    return frozenset(str(t) for triple in graph for t in triple if isinstance(t, URIRef))
