"""server/search.py ``SiteIndex.update``: after each write (an article added, replaced, removed, or several at
once), the index updated in place holds exactly what an index built anew from the same store holds, table by
table, search by search, description by description.

The store mixes the two hand-written articles of tests/test_server_data.py, invented articles run through
the real pipeline (tests/synthetic.py), and articles made the way the benchmarks make them
(tests/bench/dataset.py). A third hand-written article names Rossana Cambron another way and dates the
Beijing meeting a day earlier: her label, her membership's label, the meeting's date and every description
and related list that shows them change with it, though it touches none of their triples in the first article.
"""

from __future__ import annotations

import contextlib
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from graphbuild.emit import to_graph
from graphbuild.pipeline import build_article
from graphbuild.reader import read_text_article
from graphbuild.settings import Settings
from graphbuild.stores import ArticleStore
from graphbuild.vocab import NG
from graphbuild.vocab import SDO as SCHEMA
from server import description
from server.description import LINKS_PER_PAGE
from server.freshness import store_version
from server.search import DEFER_LINKS, SiteIndex, build_index, graph_triples, touched_iris
from tests.bench.dataset import article_extraction
from tests.synthetic import article
from tests.test_server_data import ARTICLE_1, ARTICLE_2, BASE, PREFIXES, article_graphs, open_test_store

ARTICLE_3 = f"{BASE}id/article/2021-03-25-cambron-back-from-beijing"
ARTICLE_3_TTL = PREFIXES + f"""
<{ARTICLE_3}> a schema:NewsArticle ;
    schema:headline "Cambron back from Beijing" ;
    schema:datePublished "2021-03-25"^^xsd:date ;
    schema:articleBody "Ros Cambron, back from Beijing, met Mallory. The meeting had begun on Sunday." ;
    schema:mentions person:rossana-cambron, person:mallory, person:song-tao, place:beijing ;
    ng:contentHash "3333" ; ng:extractorVersion "0.1.0" ; ng:sourceName "back.txt" .

<{ARTICLE_3}#m0-11> a ng:Mention ; ng:mentionOf person:rossana-cambron ; ng:inArticle <{ARTICLE_3}> ;
    ng:startOffset 0 ; ng:endOffset 11 ; ng:anchorText "Ros Cambron" .

person:rossana-cambron a schema:Person ; schema:name "Ros Cambron" .
person:mallory a schema:Person ; schema:name "<script>alert(1)</script>" .
person:song-tao a schema:Person ; schema:name "Song Tao" .
place:beijing a schema:Place ; schema:name "Beijing" .
event:2021-03-15-meeting-in-beijing a schema:Event ; schema:startDate "2021-03-14"^^xsd:date ;
    schema:attendee person:mallory .

statement:cambron-back-home a schema:Claim ;
    schema:text "the meeting had begun on Sunday" ; schema:creator person:rossana-cambron ;
    schema:isPartOf <{ARTICLE_3}> ; ng:atEvent event:2021-03-15-meeting-in-beijing .

statement:mallory-spoke-in-chicago a schema:Claim ; schema:text "Mallory spoke in Chicago" ;
    schema:creator person:mallory ; schema:isPartOf <{ARTICLE_2}> .
<{ARTICLE_3}#photo> a schema:ImageObject ; schema:about person:song-tao ; schema:isPartOf <{ARTICLE_2}> .
"""
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")  # not rdflib's XSD: pytest's collection pokes module names
SEARCHES = ["cambron", "ros", "meeting", "union", "federation", "said", "lindale", "president", "harbour", "wag"]
SEEDS = range(6)  # pipeline articles in the first store
BENCH_SEEDS = range(12)  # benchmark-made articles in the first store


def pipeline_graph(seed: int, change: Callable[[str], str] = lambda body: body) -> tuple[str, Graph]:
    """Invented article ``seed`` through the real pipeline, its body changed by ``change`` (same IRI)."""
    headline, author, date, body = article(seed, words=150)
    text = f"{headline}\n\nBy {author} | {date.strftime('%B')} {date.day}, {date.year}\n\n{change(body)}\n"
    built = build_article(read_text_article(text, f"{seed:03d}.txt"), Settings(base_iri=BASE))
    return str(built.iri), built.graph


def bench_graph(seed: int) -> tuple[str, Graph]:
    iri, graph = to_graph(article_extraction(seed), BASE)
    return str(iri), graph


def contents(path: Path) -> dict[str, object]:
    """Every table of the index at ``path``, rows keyed by IRI (an update hands out entity ids of its own)."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                  if not name.startswith("entity_text_")}  # FTS5's own tables: read through entity_text
        iri_of = dict(db.execute("SELECT id, iri FROM entity"))
        found: dict[str, object] = {
            "meta": set(db.execute("SELECT key, value FROM meta")),
            "entity": set(db.execute("SELECT iri, kind, label, sort_key, date FROM entity")),
            "entity_text": {(iri_of[n], *text) for n, *text in
                            db.execute("SELECT rowid, name, aliases, body FROM entity_text")},
            "involves": {(iri_of[agent], iri_of[item]) for agent, item in db.execute("SELECT agent, item FROM involves")},
            "figure": set(db.execute("SELECT family, key, n FROM figure")),
            "description": {(iri, page, pages, links, zlib.decompress(nt).decode("utf-8")) for iri, page, pages, links, nt
                            in db.execute("SELECT iri, page, pages, links, ntriples FROM description")},
            "related": set(db.execute("SELECT entity, rank, other, label, articles FROM related")),
            "pending": set(db.execute("SELECT work, iri FROM pending")),
            "entity_terms": set(db.execute("SELECT term, doc, cnt FROM entity_terms")),  # a view of entity_text
        }
    assert tables == found.keys(), "a table of the index is not compared"
    return found


def searches(path: Path) -> dict[tuple[str, str | None], object]:
    """What a few searches find: the entries in rank order (of entries that tie, the set), and the counts."""
    index = SiteIndex(path)
    found: dict[tuple[str, str | None], object] = {}
    try:
        for text in SEARCHES:
            for kind in (None, "person", "statement", "article"):
                entries, total = index.search(text, kind, limit=500)
                # Entries that tie in rank and sort key come in the order SQLite meets them: compare them as a set.
                found[text, kind] = (total, [(e.kind, e.label, e.snippet) for e in entries], set(entries))
    finally:
        index.close()
    return found


def differences(updated: Path, fresh: Path, pending: frozenset[tuple[str, str]] = frozenset()) -> list[str]:
    """The tables (and searches) in which the two indexes differ, with a sample of each difference; the
    ``pending`` work (descriptions, related lists: SiteIndex.pending) is left out of both."""
    found = []
    ours, theirs = contents(updated), contents(fresh)
    for table in (ours, theirs):
        table["description"] = {row for row in table["description"]  # type: ignore[attr-defined]
                                if ("description", row[0]) not in pending}
        table["related"] = {row for row in table["related"] if ("related", row[0]) not in pending}  # type: ignore[attr-defined]
    ours["pending"] = {row for row in ours["pending"] if row not in pending}  # type: ignore[attr-defined]
    for table in ours:
        if ours[table] != theirs[table]:
            extra, missing = ours[table] - theirs[table], theirs[table] - ours[table]  # type: ignore[operator]
            found.append(f"{table}: {len(extra)} rows extra, e.g. {sorted(extra, key=str)[:2]}; "
                         f"{len(missing)} missing, e.g. {sorted(missing, key=str)[:2]}")
    ours_found, theirs_found = searches(updated), searches(fresh)
    found += [f"search {key}: {ours_found[key]} != {theirs_found[key]}" for key in ours_found
              if ours_found[key] != theirs_found[key]]
    return found


class Scene:
    """A store on disk, its index updated after each write, and a fresh index built to compare it with."""

    def __init__(self, folder: Path) -> None:
        self.store = open_test_store(folder / "store")
        self.index = SiteIndex(folder / "site.sqlite3")
        self.fresh = folder / "fresh.sqlite3"
        self.deferred = 0  # descriptions updates left to complete()

    def put(self, iri: str, graph: Graph) -> None:
        self.store.put_article(iri, graph)

    def start(self) -> None:
        build_index(self.store, store_version(self.store), self.index.path, BASE)

    def write(self, puts: dict[str, Graph], removals: tuple[str, ...] = ()) -> None:
        """Write, then update the index; the update must give the fresh build, the stale index must not."""
        before = {iri: graph_triples(self.store.ox, iri) for iri in [*puts, *removals]}
        for iri, graph in puts.items():
            self.store.put_article(iri, graph)
        for iri in removals:
            assert self.store.remove_article(iri)
        version = store_version(self.store)
        build_index(self.store, version, self.fresh, BASE)
        stale = differences(self.index.path, self.fresh)
        assert [d for d in stale if not d.startswith("meta")], "the write changed nothing the comparison sees"
        heavy = {row[0] for row in contents(self.index.path)["description"]  # type: ignore[attr-defined]
                 if row[1] == 1 and (row[3] > DEFER_LINKS or row[2] > 1)}
        self.index.update(self.store, version, BASE, before)
        # The work on entities linked by many resources is left to complete(); the rest is up to date.
        pending = frozenset(self.index.pending())
        assert {iri for _, iri in pending} <= heavy and differences(self.index.path, self.fresh, pending) == []
        assert self.index.complete(self.store, version) == len(pending)
        self.deferred += len(pending)
        assert differences(self.index.path, self.fresh) == []


@pytest.fixture(scope="module")
def graphs() -> dict[str, tuple[str, Graph]]:
    """Every article graph the scenes write, made once (the pipeline's are built by spaCy)."""
    made = {f"pipeline-{seed}": pipeline_graph(seed) for seed in [*SEEDS, 6, 7]}
    # Omar Novak's place taken by Omar Haddad, named in article 1: a mention swapped, no entity new.
    made["pipeline-3-changed"] = pipeline_graph(3, lambda body: body.replace("a labor historian", "the treasurer")
                                                .replace("Omar Novak", "Omar Haddad").replace("Novak", "Haddad"))
    made |= {f"bench-{seed}": bench_graph(seed) for seed in [*BENCH_SEEDS, 12]}
    made |= {name: (iri, graph) for name, (iri, graph) in zip(("news-1", "news-2"), article_graphs().items(),
                                                               strict=True)}
    made["news-3"] = (ARTICLE_3, Graph().parse(data=ARTICLE_3_TTL, format="turtle"))
    redated = Graph()
    for s, p, o in made["news-2"][1]:
        redated.add((s, p, Literal("2021-03-12", datatype=XSD_DATE) if p == SCHEMA.datePublished else o))
    made["news-2-redated"] = (ARTICLE_2, redated)
    return made


@pytest.fixture(params=[LINKS_PER_PAGE, 2], ids=["pages-of-200", "pages-of-2"])
def scene(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
          graphs: dict[str, tuple[str, Graph]]) -> Iterator[Scene]:
    """The first store and its index, with descriptions paged as usual or two links a page (so that which
    links come first, by date, decides what each page holds)."""
    monkeypatch.setattr(description, "LINKS_PER_PAGE", request.param)
    scene = Scene(tmp_path)
    for name in [*(f"pipeline-{s}" for s in SEEDS), *(f"bench-{s}" for s in BENCH_SEEDS), "news-1", "news-2"]:
        scene.put(*graphs[name])
    scene.start()
    yield scene
    scene.index.close()
    scene.store.close()


def test_adding_articles(scene: Scene, graphs: dict[str, tuple[str, Graph]]) -> None:
    for name in ("pipeline-6", "bench-12", "news-3"):
        scene.write(dict([graphs[name]]))
    assert scene.deferred > 0 or description.LINKS_PER_PAGE > 2  # two links a page: Cambron's have several


def test_replacing_articles(scene: Scene, graphs: dict[str, tuple[str, Graph]]) -> None:
    scene.write(dict([graphs["pipeline-3-changed"]]))
    scene.write(dict([graphs["news-3"]]))
    plain = Graph()
    for triple in graphs["news-3"][1]:
        if triple[2] != Literal("Ros Cambron"):
            plain.add(triple)
    scene.write({ARTICLE_3: plain})  # Cambron's first name back: her label and all that shows it, back too


def test_redating_an_article_redates_its_statements_and_what_is_dated_by_it(
        scene: Scene, graphs: dict[str, tuple[str, Graph]]) -> None:
    scene.write(dict([graphs["news-3"]]))
    scene.write(dict([graphs["news-2-redated"]]))  # a statement and a photo in article 3 are part of article 2


def test_removing_articles(scene: Scene, graphs: dict[str, tuple[str, Graph]]) -> None:
    scene.write(dict([graphs["news-3"]]))
    for iri in (graphs["pipeline-1"][0], ARTICLE_1, graphs["bench-4"][0], ARTICLE_3):
        scene.write({}, (iri,))


def test_several_writes_in_one_update(scene: Scene, graphs: dict[str, tuple[str, Graph]]) -> None:
    scene.write(dict([graphs["pipeline-7"], graphs["news-3"], graphs["pipeline-3-changed"]]),
                (graphs["pipeline-2"][0], ARTICLE_2))


def test_the_comparison_sees_a_stale_index(scene: Scene, graphs: dict[str, tuple[str, Graph]]) -> None:
    """An update told of no write leaves the index stale, and the comparison says where."""
    scene.store.put_article(*graphs["news-3"])
    version = store_version(scene.store)
    build_index(scene.store, version, scene.fresh, BASE)
    scene.index.update(scene.store, version, BASE, {})
    stale = differences(scene.index.path, scene.fresh)
    for table in ("entity:", "entity_text:", "involves:", "figure:", "description:", "related:", "search"):
        assert any(d.startswith(table) for d in stale), table


def test_an_index_of_another_schema_is_built_anew(scene: Scene, graphs: dict[str, tuple[str, Graph]]) -> None:
    with contextlib.closing(sqlite3.connect(scene.index.path)) as db, db:
        db.execute("UPDATE meta SET value = '2:' || substr(value, 3) WHERE key = 'version'")
        db.execute("DELETE FROM related")  # an update in place would leave most lists missing
    scene.write(dict([graphs["news-3"]]))


def test_touched_iris_are_the_subjects_and_objects_before_and_after(graphs: dict[str, tuple[str, Graph]]) -> None:
    store = ArticleStore.open(None)
    store.put_article(*graphs["news-3"])
    after = graph_triples(store.ox, ARTICLE_3)
    touched = touched_iris(frozenset(), after)
    entities = {f"{BASE}id/{path}" for path in ("person/rossana-cambron", "person/mallory", "person/song-tao",
                                                 "place/beijing", "event/2021-03-15-meeting-in-beijing",
                                                 "statement/cambron-back-home", "statement/mallory-spoke-in-chicago")}
    classes = {str(SCHEMA[name]) for name in ("NewsArticle", "Person", "Place", "Event", "Claim", "ImageObject")}
    others = {ARTICLE_3, f"{ARTICLE_3}#m0-11", f"{ARTICLE_3}#photo", ARTICLE_2, str(NG.Mention)}
    assert touched == entities | classes | others  # no literal, no predicate
    assert touched_iris(after, frozenset()) == touched
    assert graph_triples(store.ox, f"{BASE}id/article/none") == frozenset()
