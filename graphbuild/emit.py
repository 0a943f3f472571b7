"""Emit one article's Extraction as RDF, following the data model in docs/data-model.md."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from . import __version__
from .iris import EntityType, article_iri, mention_iri, mint
from .model import Entity, Extraction
from .vocab import NG, PREFIXES, SDO

ENTITY_CLASS = {"person": SDO.Person, "organisation": SDO.Organization, "place": SDO.Place}
ENTITY_PATH: dict[str, EntityType] = {"person": "person", "organisation": "organisation", "place": "place"}


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def entity_iri(base: str, entity: Entity) -> URIRef:
    return mint(base, ENTITY_PATH[entity.kind], entity.name)


def iri_of(extraction: Extraction, base: str) -> URIRef:
    art = extraction.article
    return article_iri(base, art.headline, art.date_published)


def _add_entity(graph: Graph, base: str, entity: Entity) -> URIRef:
    node = entity_iri(base, entity)
    graph.add((node, RDF.type, ENTITY_CLASS[entity.kind]))
    graph.add((node, SDO.name, Literal(entity.name)))
    for alias in sorted(entity.aliases - {entity.name}):
        graph.add((node, SDO.alternateName, Literal(alias)))
    if entity.parent is not None:
        graph.add((node, SDO.parentOrganization, entity_iri(base, entity.parent)))
    return node


def _add_article(graph: Graph, node: URIRef, extraction: Extraction) -> None:
    art = extraction.article
    graph.add((node, RDF.type, SDO.NewsArticle))
    graph.add((node, SDO.headline, Literal(art.headline)))
    graph.add((node, SDO.articleBody, Literal(art.text)))
    if art.date_published:
        graph.add((node, SDO.datePublished, Literal(art.date_published.isoformat(), datatype=XSD.date)))
    if art.url:
        graph.add((node, SDO.url, URIRef(art.url)))
    graph.add((node, NG.contentHash, Literal(art.content_hash)))
    graph.add((node, NG.extractorVersion, Literal(__version__)))
    graph.add((node, NG.sourceName, Literal(art.source.rsplit("/", 1)[-1])))


def to_graph(extraction: Extraction, base: str) -> tuple[URIRef, Graph]:
    """The article's named-graph IRI and its graph."""
    graph = new_graph()
    article = iri_of(extraction, base)
    _add_article(graph, article, extraction)
    for entity in extraction.entities:
        node = _add_entity(graph, base, entity)
        if entity.mentions:
            graph.add((article, SDO.mentions, node))
        for m in entity.mentions:
            mention = mention_iri(article, m.start, m.end)
            graph.add((mention, RDF.type, NG.Mention))
            graph.add((mention, NG.mentionOf, node))
            graph.add((mention, NG.inArticle, article))
            graph.add((mention, NG.startOffset, Literal(m.start)))
            graph.add((mention, NG.endOffset, Literal(m.end)))
            graph.add((mention, NG.anchorText, Literal(m.text)))
    for author in extraction.authors:
        graph.add((article, SDO.author, _add_entity(graph, base, author)))
    return article, graph
