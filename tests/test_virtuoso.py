"""The store contract on OpenLink Virtuoso (graphbuild/virtuoso.py), one private server for the module
(tests/virtuoso_backend.py), and the newsgraph server reading through it."""

from __future__ import annotations

import io
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import tests.test_store as contract
from graphbuild.settings import Settings
from graphbuild.stores.virtuoso import (
    UNION_GRAPH,
    VirtuosoReader,
    VirtuosoStore,
    _uses_keyword,
    query_form,
    virtuoso_endpoints,
)
from tests.test_server_data import ARTICLE_1, ARTICLE_2, BASE, CAMBRON, article_graphs, parse_rdf
from tests.test_store import EX, article, count

pytestmark = pytest.mark.skipif(shutil.which("virtuoso-t") is None,
                                reason="virtuoso-t is not installed (apt-get install virtuoso-opensource)")

PERSONS = "SELECT (COUNT(*) AS ?n) WHERE { ?p a <http://schema.org/Person> }"
SCHEMA = "http://schema.org/"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from tests.virtuoso_backend import virtuoso_server

    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as running:
        yield running


@pytest.fixture(scope="module")
def settings(server: object) -> Settings:
    from tests.virtuoso_backend import DBA

    return Settings(base_iri=BASE, store=f"{server.base}/sparql-auth", store_kind="virtuoso",  # type: ignore[attr-defined]
                    store_user=DBA[0], store_password=DBA[1])


@pytest.fixture
def store(settings: Settings) -> Iterator[VirtuosoStore]:
    """A store over the module's server, emptied after each test."""
    opened = VirtuosoStore.from_settings(settings, timeout=30)
    yield opened
    drops = [f"DROP SILENT GRAPH <{g}>" for g in [*opened.article_graphs(), UNION_GRAPH]]
    opened.update(";\n".join(drops))  # not remove_article: quicker, and the union graph goes too
    opened.close()


# -- pure parts -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("query", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("PREFIX ask: <http://x/ask#>\n# CONSTRUCT in a comment\nBASE <http://x/>\n  describe <a>", "DESCRIBE"),
    ("prefix : <http://x/#> construct where { ?s ?p ?o }", "CONSTRUCT"),
    ("# ASK?\nASK { ?s ?p ?o }", "ASK"),
    ("nonsense", "SELECT"),
])
def test_query_form_is_the_first_keyword_after_the_prologue(query: str, form: str) -> None:
    assert query_form(query) == form


@pytest.mark.parametrize(("query", "found"), [
    ("SELECT * FROM <http://x/> WHERE { ?s ?p ?o }", True),
    ("select * from named <http://x/> { graph ?g {} }", True),
    ('SELECT ?from WHERE { ?s <http://x/from> "FROM" ; ex:from 1 } # FROM', False),
])
def test_a_from_is_found_only_as_a_keyword(query: str, found: bool) -> None:
    assert _uses_keyword(query, "FROM") is found


def test_endpoints_follow_virtuosos_layout() -> None:
    authenticated = virtuoso_endpoints("http://db:8890/sparql", authenticated=True)
    assert (authenticated.update, authenticated.graph_store) == (
        "http://db:8890/sparql-auth", "http://db:8890/sparql-graph-crud-auth")
    anonymous = virtuoso_endpoints("http://db:8890/sparql-auth", graph_store="http://gsp/", authenticated=False)
    assert (anonymous.update, anonymous.graph_store) == ("http://db:8890/sparql", "http://gsp/")


# -- the store contract (tests/test_store.py's checks) ---------------------------------------------
def test_store_contract(store: VirtuosoStore) -> None:
    """test_store.py's contract tests, one after the other on an emptied store."""
    checks = [
        contract.test_a_person_in_two_articles_counts_once,
        contract.test_rebuilding_replaces_and_leaves_the_store_the_same,
        contract.test_replacing_drops_what_the_new_version_no_longer_says,
        contract.test_remove_deletes_the_graph_and_reports_unknown_ids,
        contract.test_literals_with_quotes_and_newlines_survive,
    ]
    for check in checks:
        check(store)  # type: ignore[arg-type]
        for graph_iri in store.article_graphs():
            store.remove_article(graph_iri)
        assert store.triple_count() == 0, check.__name__


def test_article_graphs_hashes_and_round_trip_leave_out_the_union_graph(store: VirtuosoStore) -> None:
    graphs = article_graphs()
    for iri, graph in graphs.items():
        assert store.put_article(iri, graph) == "added"
    assert store.put_article(ARTICLE_1, graphs[ARTICLE_1]) == "replaced"
    assert store.article_graphs() == sorted(graphs)
    assert store.article_hashes() == {ARTICLE_1: "0000", ARTICLE_2: "1111"}
    assert store.has_article(ARTICLE_1) and not store.has_article(UNION_GRAPH)
    assert not store.has_article(str(EX["article/missing"]))
    for iri, graph in graphs.items():
        assert isomorphic(store.article_graph(iri), graph)
    assert len(store.article_graph(str(EX["article/missing"]))) == 0


def test_a_large_article_is_written_in_blocks(store: VirtuosoStore) -> None:
    graph = Graph().parse(data="\n".join(
        f"<http://example.org/id/s/{i}> <{SCHEMA}name> \"n{i}\" ." for i in range(9000)), format="nt")
    store.put_article(str(EX["article/large"]), graph)
    assert store.triple_count() == 9000 and len(store.article_graph(str(EX["article/large"]))) == 9000


@pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")  # rdflib's N-Quads parser, in test_store's check
def test_export_nq_keeps_one_graph_per_article_and_nt_is_the_union(store: VirtuosoStore, tmp_path: Path) -> None:
    contract.test_export_keeps_one_graph_per_article(store, tmp_path)  # type: ignore[arg-type]
    out = io.BytesIO()
    store.export("nt", out)
    union = Graph().parse(data=out.getvalue().decode("utf-8"), format="nt")
    expected = Graph()
    for graph_iri in store.article_graphs():
        expected += store.article_graph(graph_iri)
    assert len(union) == 8 and isomorphic(union, expected)


def test_reconcile_restores_the_union_graph(store: VirtuosoStore) -> None:
    store.put_article(*article("first", "Maria Okafor"))
    store.put_article(*article("second", "Maria Okafor"))
    store.update(f"DELETE DATA {{ GRAPH <{UNION_GRAPH}> {{ "
                 f"<http://example.org/id/person/maria-okafor> a <{SCHEMA}Person> }} }}")
    store.update(f"INSERT DATA {{ GRAPH <{UNION_GRAPH}> {{ <http://example.org/stray> a <{SCHEMA}Person> }} }}")
    assert count(store, PERSONS) == 1  # the stray one
    store.reconcile()
    assert count(store, PERSONS) == 1 and store.triple_count() == 8
    assert store.select(f"SELECT ?p WHERE {{ ?p a <{SCHEMA}Person> }}") == [
        {"p": "http://example.org/id/person/maria-okafor"}]


# -- reads through store.ox (what the server reads) ------------------------------------------------
@pytest.fixture
def news(store: VirtuosoStore) -> VirtuosoStore:
    for iri, graph in article_graphs().items():
        store.put_article(iri, graph)
    return store


def test_the_reader_counts_a_shared_triple_once(news: VirtuosoStore) -> None:
    assert isinstance(news.ox, VirtuosoReader)
    result = news.ox.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ <{CAMBRON}> a ?type }}")
    assert [int(row["n"].value) for row in result] == [1]  # type: ignore[union-attr]
    everything = news.ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert [int(row["n"].value) for row in everything] == [news.triple_count()]  # type: ignore[union-attr]


def test_the_reader_answers_ask_and_construct(news: VirtuosoStore) -> None:
    assert bool(news.ox.query(f"PREFIX schema: <{SCHEMA}> ASK {{ <{CAMBRON}> a schema:Person }}"))
    assert not bool(news.ox.query(f"ASK {{ <{CAMBRON}> a <{SCHEMA}Place> }}"))
    assert bool(news.ox.query(f"ASK {{ GRAPH <{ARTICLE_2}> {{ <{CAMBRON}> ?p ?o }} }}"))
    assert not bool(news.ox.query(f"ASK {{ GRAPH <{EX['article/missing']}> {{ ?s ?p ?o }} }}"))
    triples = news.ox.query(f"# a comment\nPREFIX schema: <{SCHEMA}>\n"
                            f"CONSTRUCT {{ ?p schema:name ?n }} WHERE {{ ?p a schema:Person ; schema:name ?n }}")
    assert isinstance(triples, list)
    assert len(triples) == 4  # Cambron, named in both articles, once
    described = news.ox.query(f"DESCRIBE <{CAMBRON}>")
    assert isinstance(described, list) and described


def test_quads_for_pattern_on_the_default_and_a_named_graph(news: VirtuosoStore) -> None:
    cambron = ox.NamedNode(CAMBRON)
    in_default = list(news.ox.quads_for_pattern(cambron, None, None, ox.DefaultGraph()))
    assert len(in_default) == 3 and all(q.graph_name == ox.DefaultGraph() for q in in_default)
    in_article = list(news.ox.quads_for_pattern(cambron, None, None, ox.NamedNode(ARTICLE_2)))
    assert len(in_article) == 3 and all(q.graph_name == ox.NamedNode(ARTICLE_2) for q in in_article)
    anywhere = list(news.ox.quads_for_pattern(cambron, None, None))
    assert len(anywhere) == 3 + 3 + 3  # the default graph and both articles
    assert list(news.ox.quads_for_pattern(None, None, None, ox.NamedNode(UNION_GRAPH))) == []
    assert len(news.ox) == news.triple_count() + sum(len(g) for g in article_graphs().values())


def test_named_graphs_are_the_articles_only(news: VirtuosoStore) -> None:
    assert sorted(g.value for g in news.ox.named_graphs()) == [ARTICLE_1, ARTICLE_2]
    assert news.ox.contains_named_graph(ox.NamedNode(ARTICLE_1))
    assert not news.ox.contains_named_graph(ox.NamedNode(UNION_GRAPH))


# -- the newsgraph server over Virtuoso ------------------------------------------------------------
@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def client(news: VirtuosoStore, settings: Settings, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    from server.app import create_app
    from server.maintenance import build_site_index

    served = settings.with_overrides(search_index=str(tmp_path / "index.sqlite3"), refresh_interval=0.0)
    build_site_index(news, served)
    transport = httpx.ASGITransport(app=create_app(served, news))
    async with httpx.AsyncClient(transport=transport, base_url="http://news.test") as c:
        yield c


@pytest.mark.anyio
async def test_the_server_runs_over_virtuoso(client: httpx.AsyncClient) -> None:
    answer = await client.get("/sparql", params={"query": PERSONS},
                              headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"]["bindings"][0]["n"]["value"] == "4"  # Jane Reporter, Cambron, Song Tao, Mallory
    page = await client.get("/page/person/rossana-cambron")
    assert page.status_code == 200 and "Rossana Cambron" in page.text
    data = await client.get("/data/person/rossana-cambron.ttl")
    assert data.status_code == 200
    assert len(parse_rdf(data.text, "turtle")) > 0
