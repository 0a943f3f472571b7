"""Compose the stages: read -> annotate -> find mentions -> resolve identity -> emit RDF -> validate -> store.

This module only joins stages; each lives in its own module.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from spacy.tokens import Doc

from . import __version__
from .curation import Curation, curation_graph_iri, load_curation
from .emit import to_graph
from .errors import ArticleOverLimit
from .extract.discourse import Discourse
from .extract.events import find_events
from .extract.identity import propagate, resolve
from .extract.mentions import find_mentions
from .extract.roles import find_roles
from .extract.statements import find_statements
from .iris import article_iri
from .limits import check_deadline, check_size, extraction_deadline
from .model import Entity, EntityKind, Extraction, ReadError, SourceArticle
from .nlp import annotate, load_pipeline
from .reader import read_path
from .settings import Settings
from .stores import Store
from .validate import Report, validate_graph

if TYPE_CHECKING:
    from .executors import Executor

FLUSH_EVERY = 100  # articles between flushes of the store's write buffers
# Articles written in one update request: one transaction and one round trip to a remote store. A crash
# loses at most this many built articles, never part of one; a rerun builds them again.
WRITE_BATCH = 8


@dataclass(frozen=True)
class BuiltArticle:
    source: SourceArticle
    iri: URIRef
    graph: Graph


@dataclass
class BuildSummary:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    rejected: list[str] = field(default_factory=list)  # one line per failed input: "source: reason"
    written: list[str] = field(default_factory=list)  # the article graphs stored, added or replaced
    triples: int = 0
    seconds: float = 0.0
    workers: list[str] = field(default_factory=list)  # one line per worker: its articles, rate and failures

    @property
    def ok(self) -> bool:
        return not self.rejected

    def text(self) -> str:
        built = self.added + self.replaced + len(self.rejected)
        rate = f", {built / self.seconds:.1f} articles/s" if self.seconds > 0 and built else ""
        return (
            f"added {self.added}, replaced {self.replaced}, unchanged {self.unchanged}, "
            f"rejected {len(self.rejected)}; {self.triples} triples in the store; "
            f"{self.seconds:.1f} s{rate}"
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


def _publisher_entity(article: SourceArticle, entities: list[Entity]) -> Entity | None:
    """The publisher the file names, as the organisation the text already knows, or as a new one."""
    if not article.publisher:
        return None
    name = article.publisher.lower()
    known = next((e for e in entities if e.kind == "organisation" and name in {x.lower() for x in e.labels}), None)
    return known or Entity("organisation", article.publisher)


def extract(article: SourceArticle, settings: Settings, doc: Doc | None = None) -> Extraction:
    """Every fact of one article; ``doc`` is its annotated text when the caller batched the NLP."""
    if doc is None:
        doc = annotate(load_pipeline(settings.spacy_model), article.text)
    check_deadline()  # between the stages (graphbuild/limits.py); the longest stages also check in their loops
    found = find_mentions(doc)
    check_deadline()
    entities = resolve(found.mentions, found.acronyms, article.authors)
    propagate(article.text, entities)
    check_deadline()
    discourse = Discourse(doc, entities, article)  # who each word refers to, decided once for all
    check_deadline()
    roles = find_roles(doc, entities, article, discourse)
    discourse.learn_roles(roles)  # "the minister" may now refer to the article's one minister
    check_deadline()
    statements = find_statements(doc, entities, article, discourse)
    check_deadline()
    events = find_events(doc, entities, article, discourse)
    check_deadline()
    return Extraction(
        article,
        entities,
        _author_entities(article, entities),
        publisher=_publisher_entity(article, entities),
        roles=roles,
        statements=statements,
        events=events,
    )


def article_iri_of(article: SourceArticle, settings: Settings) -> URIRef:
    return article_iri(settings.base_iri, article.headline, article.date_published)


def build_key(article: SourceArticle, settings: Settings, curation: Curation | None = None) -> str:
    """What an article's graph depends on: its content, the extractor, the model, the base IRI and the
    curation. Stored as ng:contentHash; a rebuild skips an article whose key has not changed.
    ``curation`` is the one ``settings.curation`` names, when the caller has it already (a Dask worker
    gets it from the client, not from a file of its own)."""
    curation = curation if curation is not None else load_curation(settings.curation)
    parts = [article.content_hash, __version__, settings.spacy_model, settings.base_iri, curation.digest]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def build_article(article: SourceArticle, settings: Settings, doc: Doc | None = None,
                  curation: Curation | None = None) -> BuiltArticle:
    curation = curation if curation is not None else load_curation(settings.curation)
    extraction = extract(article, settings, doc)
    iri, graph = to_graph(extraction, settings.base_iri, curation, build_key(article, settings, curation))
    return BuiltArticle(article, iri, graph)


@dataclass(frozen=True)
class Checked:
    """One article through extract, emit and the SHACL gate: its graph, and what the shapes found in it."""

    built: BuiltArticle
    report: Report

    @property
    def conforms(self) -> bool:
        return self.report.conforms

    def rejection(self) -> str:
        """Why the shapes reject the article, as ``build`` and ``extract`` report it."""
        return f"rejected by the SHACL shapes\n{self.report.text()}"


def check_article(article: SourceArticle, settings: Settings, doc: Doc | None = None,
                  curation: Curation | None = None) -> Checked:
    """Article in, validated graph or report out: the one path of ``build``, ``newsgraph extract`` and
    ``POST /articles``. Only a graph whose report conforms may be stored.

    Raises ArticleOverLimit when the article is over a size limit (before any work) or its extraction runs
    past its time (graphbuild/limits.py). Raises NewsgraphError when no article can be built at all (the
    model is not installed, the curation file is broken). Any other exception is a bug in a stage; each
    caller keeps its own policy for it: ``process`` rejects that one article, ``extract`` and the write API
    let it surface.
    """
    check_size(article, settings)
    with extraction_deadline(settings.max_extract_seconds):
        built = build_article(article, settings, doc, curation)
        check_deadline()
    return Checked(built, validate_graph(built.graph))


def read_all(paths: Iterable[Path]) -> list[SourceArticle | ReadError]:
    return [item for path in paths for item in read_path(path)]


# -- building many articles ----------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """What became of one article: its graph as N-Triples when it conforms, else the reason."""

    source: str
    iri: str | None = None
    ntriples: str | None = None
    problem: str | None = None


def process(article: SourceArticle, settings: Settings, doc: Doc | None = None,
            curation: Curation | None = None) -> Outcome:
    """Extract, emit and validate one article. A crash in an extractor rejects that article only."""
    try:
        checked = check_article(article, settings, doc, curation)
    except ArticleOverLimit as exc:
        return Outcome(article.source, problem=f"rejected: {exc}")
    except Exception as exc:  # noqa: BLE001 -- one article's failure must not stop the batch
        return Outcome(article.source, problem=f"internal error while extracting: {type(exc).__name__}: {exc}")
    if not checked.conforms:
        return Outcome(article.source, problem=checked.rejection())
    built = checked.built
    return Outcome(article.source, str(built.iri), built.graph.serialize(format="nt"))


def process_chunk(chunk: Sequence[SourceArticle], settings: Settings,
                  curation: Curation | None = None) -> list[Outcome]:
    """One task's share of a build, wherever it runs (graphbuild/executors): the NLP runs batched through
    ``nlp.pipe``, then each article is processed on its own."""
    fits = [a for a in chunk if _fits(a, settings)]  # one over a size limit never reaches the model
    docs = dict(zip(map(id, fits), load_pipeline(settings.spacy_model).pipe([a.text for a in fits],
                                                                            batch_size=max(1, len(fits))), strict=True))
    return [process(article, settings, docs.get(id(article)), curation) for article in chunk]


def _fits(article: SourceArticle, settings: Settings) -> bool:
    try:
        check_size(article, settings)
    except ArticleOverLimit:
        return False  # process() reports it
    return True


def build(
    items: list[SourceArticle | ReadError],
    store: Store,
    settings: Settings,
    on_error: Callable[[str], None] = lambda line: None,
    progress: Callable[[Iterator[Outcome], int], Iterable[Outcome]] = lambda it, total: it,
    workers: int = 1,
    force: bool = False,
    stored: Mapping[str, str] | None = None,
    executor: Executor | None = None,
) -> BuildSummary:
    """Build every article into the store; a failed article is reported and nothing of it is stored.

    The executor reads, extracts and validates (graphbuild/executors: a local process pool of ``workers``
    by default, or a Dask cluster); this process is the one writer, in batches, whatever ran the work.
    An article already stored with the same build key is skipped (resumable builds) unless ``force``.
    ``stored`` is the store's ``article_hashes()`` when the caller has just read them (else read here).
    """
    if executor is None:
        from .executors.local import LocalExecutor

        executor = LocalExecutor(workers)
    started = time.perf_counter()
    summary = BuildSummary()
    curation = load_curation(settings.curation)  # a bad curation file stops the build before any work
    if len(curation.graph):
        store.put_article(curation_graph_iri(settings.base_iri), curation.graph)
    for item in items:
        if isinstance(item, ReadError):
            summary.rejected.append(str(item))
            on_error(str(item))
    articles = [item for item in items if isinstance(item, SourceArticle)]
    stored = dict(store.article_hashes() if stored is None else stored)  # what is there, with which build key
    if not force:
        todo = [a for a in articles if stored.get(str(article_iri_of(a, settings))) != build_key(a, settings)]
        summary.unchanged = len(articles) - len(todo)
        articles = todo
    batch: list[tuple[str, str]] = []

    def write() -> None:
        for outcome in store.put_batch(batch, stored):
            if outcome == "added":
                summary.added += 1
            else:
                summary.replaced += 1
        stored.update((iri, "") for iri, _ in batch)  # a later copy of an article in the input replaces it
        summary.written.extend(iri for iri, _ in batch)
        batch.clear()
        if (summary.added + summary.replaced) % FLUSH_EVERY < WRITE_BATCH:
            store.flush()  # write buffers to disk, so memory stays flat over a long build

    for outcome in progress(executor.outcomes(articles, settings), len(articles)):
        if outcome.ntriples is None or outcome.iri is None:
            line = f"{outcome.source}: {outcome.problem}"
            summary.rejected.append(line)
            on_error(line)
            continue
        batch.append((outcome.iri, outcome.ntriples))
        if len(batch) >= WRITE_BATCH:
            write()
    write()
    store.flush()
    summary.triples = store.triple_count()
    summary.seconds = time.perf_counter() - started
    summary.workers = executor.report(summary.seconds)
    return summary
