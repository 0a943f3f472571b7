"""What an entity page shows, read from the entity's description graph (the same graph the RDF
formats render): labels instead of raw IRIs, links to /page/..., and the sentence around each mention.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from graphbuild.iris import split_entity_iri
from graphbuild.vocab import NG, PREFIXES, RDF, SDO, SKOS

from .snippets import Snippet, sentence_around

LABEL_PREDICATES = (SDO.name, SKOS.prefLabel, SDO.headline, SDO.text)
# Shown in the page header or the article body rather than in the property table.
HEADER_PREDICATES = frozenset({RDF.type, SDO.name, SDO.alternateName})
ARTICLE_PREDICATES = frozenset({SDO.headline, SDO.datePublished, SDO.author, SDO.articleBody})
# Incoming links that "Mentioned in" already shows.
MENTION_PREDICATES = frozenset({SDO.mentions, NG.mentionOf})


@dataclass(frozen=True)
class Link:
    label: str
    href: str | None = None  # None for a literal, or a resource with nowhere to go


@dataclass(frozen=True)
class PropertyRow:
    predicate: str
    values: list[Link]


@dataclass(frozen=True)
class Mentioning:
    article: Link
    date: str | None
    snippets: list[Snippet]


@dataclass(frozen=True)
class ArticleView:
    headline: str
    date: str | None
    authors: list[Link]
    paragraphs: list[str]


@dataclass(frozen=True)
class EntityView:
    iri: str
    name: str
    types: list[str]
    alternate_names: list[str]
    properties: list[PropertyRow]
    incoming: list[PropertyRow]
    mentioned_in: list[Mentioning]
    article: ArticleView | None


def page_path(base: str, iri: str) -> str | None:
    """The /page/... path of an entity IRI minted under ``base`` (a fragment is dropped)."""
    parts = split_entity_iri(base, iri.split("#", 1)[0])
    return f"/page/{parts[0]}/{parts[1]}" if parts else None


def curie(iri: str) -> str:
    for name, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)) and len(iri) > len(str(namespace)):
            return f"{name}:{iri[len(str(namespace)):]}"
    return iri


class Presenter:
    """Reads one description graph for the templates."""

    def __init__(self, base: str, graph: Graph) -> None:
        self.base = base
        self.graph = graph

    def label(self, node: Node) -> str:
        if isinstance(node, Literal):
            return str(node)
        for predicate in LABEL_PREDICATES:
            value = self.graph.value(node, predicate)  # type: ignore[arg-type]
            if value is not None:
                return str(value)
        iri = str(node)
        if iri.startswith(f"{self.base}id/"):
            return iri[len(self.base) + 3:]  # "membership/some-slug" reads better than the whole IRI
        return curie(iri)

    def link(self, node: Node) -> Link:
        if not isinstance(node, URIRef):
            return Link(self.label(node))
        iri = str(node)
        href = page_path(self.base, iri)
        if href is None and iri.startswith(("http://", "https://")):
            href = iri
        return Link(self.label(node), href)

    def _rows(self, pairs: Iterable[tuple[Node, Node]]) -> list[PropertyRow]:
        grouped: dict[str, list[Link]] = defaultdict(list)
        for predicate, value in pairs:
            grouped[curie(str(predicate))].append(self.link(value))
        return [PropertyRow(p, sorted(set(v), key=lambda link: link.label.lower()))
                for p, v in sorted(grouped.items())]

    def properties(self, entity: URIRef, hidden: frozenset[URIRef]) -> list[PropertyRow]:
        return self._rows((p, o) for p, o in self.graph.predicate_objects(entity) if p not in hidden)

    def incoming(self, entity: URIRef) -> list[PropertyRow]:
        pairs = ((p, s) for s, p in self.graph.subject_predicates(entity)
                 if p not in MENTION_PREDICATES and (s, RDF.type, NG.Mention) not in self.graph)
        return self._rows(pairs)

    def mentioned_in(self, entity: URIRef, bodies: Mapping[str, str]) -> list[Mentioning]:
        by_article: dict[Node, list[tuple[int, Snippet]]] = defaultdict(list)
        for mention in self.graph.subjects(NG.mentionOf, entity):
            article = self.graph.value(mention, NG.inArticle)
            if article is not None:
                by_article[article].append(self._snippet(mention, bodies.get(str(article), "")))
        found = [
            Mentioning(self.link(a), _text(self.graph.value(a, SDO.datePublished)),  # type: ignore[arg-type]
                       [snippet for _, snippet in sorted(s, key=lambda x: x[0])])
            for a, s in by_article.items()
        ]
        found.sort(key=lambda m: m.article.label.lower())
        found.sort(key=lambda m: m.date or "", reverse=True)  # newest first, stable on headline
        return found

    def _snippet(self, mention: Node, body: str) -> tuple[int, Snippet]:
        start = _integer(self.graph.value(mention, NG.startOffset))  # type: ignore[arg-type]
        end = _integer(self.graph.value(mention, NG.endOffset))  # type: ignore[arg-type]
        anchor = _text(self.graph.value(mention, NG.anchorText)) or ""  # type: ignore[arg-type]
        snippet = sentence_around(body, start, end) if start is not None and end is not None else None
        return start or 0, snippet or Snippet("", anchor, "")

    def article(self, entity: URIRef) -> ArticleView | None:
        if (entity, RDF.type, SDO.NewsArticle) not in self.graph:
            return None
        body = _text(self.graph.value(entity, SDO.articleBody)) or ""
        return ArticleView(
            headline=self.label(entity),
            date=_text(self.graph.value(entity, SDO.datePublished)),
            authors=sorted((self.link(a) for a in self.graph.objects(entity, SDO.author)),
                           key=lambda link: link.label),
            paragraphs=[p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()],
        )

    def entity(self, entity: URIRef, bodies: Mapping[str, str]) -> EntityView:
        article = self.article(entity)
        hidden = HEADER_PREDICATES | (ARTICLE_PREDICATES if article else frozenset())
        return EntityView(
            iri=str(entity),
            name=self.label(entity),
            types=sorted(curie(str(t)) for t in self.graph.objects(entity, RDF.type)),
            alternate_names=sorted(str(n) for n in self.graph.objects(entity, SDO.alternateName)),
            properties=self.properties(entity, hidden),
            incoming=self.incoming(entity),
            mentioned_in=self.mentioned_in(entity, bodies),
            article=article,
        )

    def mentioning_articles(self, entity: URIRef) -> list[str]:
        mentions = self.graph.subjects(NG.mentionOf, entity)
        return sorted({str(a) for m in mentions for a in self.graph.objects(m, NG.inArticle)})


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _integer(node: Node | None) -> int | None:
    try:
        return int(str(node)) if node is not None else None
    except ValueError:
        return None
