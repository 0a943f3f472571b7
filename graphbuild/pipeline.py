"""Compose the stages: read -> annotate -> find mentions -> resolve identity -> emit RDF -> validate -> store.

This module only joins stages; each lives in its own module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from .emit import to_graph
from .events import find_events
from .identity import resolve
from .mentions import find_mentions
from .model import Entity, EntityKind, Extraction, ReadError, SourceArticle
from .nlp import annotate, load_pipeline
from .reader import read_path
from .roles import find_roles
from .settings import Settings
from .statements import find_statements
from .store import ArticleStore
from .validate import Report, validate_graph


@dataclass(frozen=True)
class BuiltArticle:
    source: SourceArticle
    iri: URIRef
    graph: Graph


@dataclass
class BuildSummary:
    added: int = 0
    replaced: int = 0
    rejected: list[str] = field(default_factory=list)  # one line per failed input: "source: reason"
    triples: int = 0

    @property
    def ok(self) -> bool:
        return not self.rejected

    def text(self) -> str:
        return (
            f"added {self.added}, replaced {self.replaced}, rejected {len(self.rejected)}; "
            f"{self.triples} triples in the store"
        )


def _author_entities(article: SourceArticle, entities: list[Entity]) -> list[Entity]:
    """Each byline author as the entity the text already knows, or as a new one."""
    found = []
    for author in article.authors:
        kind: EntityKind = "person" if author.kind == "person" else "organisation"
        match = next(
            (e for e in entities if e.kind == kind and author.name.lower() in {x.lower() for x in e.labels}),
            None,
        )
        found.append(match or Entity(kind, author.name))
    return found


def extract(article: SourceArticle, settings: Settings) -> Extraction:
    doc = annotate(load_pipeline(settings.spacy_model), article.text)
    found = find_mentions(doc)
    entities = resolve(found.mentions, found.acronyms, article.authors)
    return Extraction(
        article,
        entities,
        _author_entities(article, entities),
        roles=find_roles(doc, entities, article),
        statements=find_statements(doc, entities, article),
        events=find_events(doc, entities, article),
    )


def build_article(article: SourceArticle, settings: Settings) -> BuiltArticle:
    iri, graph = to_graph(extract(article, settings), settings.base_iri)
    return BuiltArticle(article, iri, graph)


def read_all(paths: Iterable[Path]) -> list[SourceArticle | ReadError]:
    return [item for path in paths for item in read_path(path)]


def build(
    items: list[SourceArticle | ReadError],
    store: ArticleStore,
    settings: Settings,
    on_error: Callable[[str], None] = lambda line: None,
    progress: Callable[[list[SourceArticle | ReadError]], Iterable[SourceArticle | ReadError]] = iter,
) -> BuildSummary:
    """Build every article into the store; a failed article is reported and nothing of it is stored."""
    summary = BuildSummary()
    for item in progress(items):
        if isinstance(item, ReadError):
            summary.rejected.append(str(item))
            on_error(str(item))
            continue
        built = build_article(item, settings)
        report: Report = validate_graph(built.graph)
        if not report.conforms:
            line = f"{item.source}: rejected by the SHACL shapes\n{report.text()}"
            summary.rejected.append(line)
            on_error(line)
            continue
        outcome = store.put_article(str(built.iri), built.graph)
        if outcome == "added":
            summary.added += 1
        else:
            summary.replaced += 1
    store.flush()
    summary.triples = store.triple_count()
    return summary
