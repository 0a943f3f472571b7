"""server/sparql_results.py and server/query_exec.py: results written as Oxigraph writes them, cut at the
row cap; the symmetric concise bounded description; a query's problems as outcomes, not exceptions."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graphbuild.vocab import PREFIXES as VOCAB_PREFIXES
from server.errors import BadRequest, NotAcceptable, ServiceUnavailable, error_for_status
from server.query_cache import ResultCache
from server.query_exec import (
    QUERY_PROBLEMS,
    Job,
    NotServable,
    QueryOutcomeKind,
    choose_media_type,
    problem_outcome,
    run_job,
    symmetric_cbd,
)
from server.sparql_results import PREFIXES, TABLE_MEDIA_TYPES, table_bytes, take_table
from server.sparql_text import read_query

NATIVE = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
          "application/sparql-results+xml": ox.QueryResultsFormat.XML,
          "text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV}
XSD = "http://www.w3.org/2001/XMLSchema#"
QUERIES = [
    f"""SELECT ?a ?b ?c ?d ?e ?f ?g ?h ?i ?z WHERE {{
      VALUES (?a ?b ?c ?d ?e ?f ?g ?h ?i) {{
        (<http://x/a> "tab\\there, \\"q\\"\\nnl <&>" "chat"@fr 1 1.5 1.0e3 true "2021-01-01"^^<{XSD}date> UNDEF)
        ("-2"^^<{XSD}integer> "x'" "y"@en-GB UNDEF false -0.5 "abc"^^<{XSD}integer> "" "\\r")
      }} ?s ?p ?z }}""",
    'SELECT ?x WHERE { BIND(<<( <http://a> <http://b> "c" )>> AS ?x) }',
    'SELECT ?x WHERE { BIND(STRLANGDIR("a", "ar", "rtl") AS ?x) }',
    "SELECT * WHERE {}",
    "SELECT ?x WHERE {}",
    "SELECT ?x WHERE { FILTER(false) }",
]


@pytest.fixture
def store() -> ox.Store:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.BlankNode("b1"), ox.DefaultGraph()))
    return store


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("media_type", TABLE_MEDIA_TYPES)
def test_tables_are_written_as_oxigraph_writes_them(store: ox.Store, query: str, media_type: str) -> None:
    ours = table_bytes(take_table(store.query(query), 100), media_type)  # type: ignore[arg-type]
    assert ours == store.query(query).serialize(format=NATIVE[media_type])  # type: ignore[union-attr]


def test_the_table_is_cut_at_the_row_cap(store: ox.Store) -> None:
    query = "SELECT ?n WHERE { VALUES ?n { 1 2 3 4 } }"
    cut = take_table(store.query(query), 3)  # type: ignore[arg-type]
    assert len(cut.rows) == 3 and cut.truncated
    whole = take_table(store.query(query), 4)  # type: ignore[arg-type]
    assert len(whole.rows) == 4 and not whole.truncated


def test_turtle_prefixes_are_the_vocabulary_prefixes() -> None:
    assert PREFIXES == {prefix: str(namespace) for prefix, namespace in VOCAB_PREFIXES.items()}


def _node(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"http://x/{name}")


def test_symmetric_cbd_follows_blank_nodes_both_ways() -> None:
    store = ox.Store()
    b_out, b_in, b_far = ox.BlankNode("out"), ox.BlankNode("in"), ox.BlankNode("far")
    graph = ox.DefaultGraph()
    for s, p, o in [(_node("r"), _node("p"), b_out), (b_out, _node("q"), ox.Literal("inside")),
                    (b_in, _node("p"), _node("r")), (b_far, _node("p"), b_in),
                    (_node("other"), _node("p"), _node("r")), (_node("other"), _node("p"), _node("unrelated"))]:
        store.add(ox.Quad(s, p, o, graph))
    described = set(symmetric_cbd(store, [_node("r")], [graph]))
    assert described == {ox.Triple(_node("r"), _node("p"), b_out), ox.Triple(b_out, _node("q"), ox.Literal("inside")),
                         ox.Triple(b_in, _node("p"), _node("r")), ox.Triple(b_far, _node("p"), b_in),
                         ox.Triple(_node("other"), _node("p"), _node("r"))}


def test_describe_is_cut_at_the_row_cap() -> None:
    store = ox.Store()
    for n in range(5):
        store.add(ox.Quad(_node("r"), _node("p"), ox.Literal(str(n)), ox.DefaultGraph()))
    query = "DESCRIBE <http://x/r>"
    outcome = run_job(store, Job(query, max_rows=3, media_type="application/n-triples",
                                 describe=read_query(query).describe))
    assert outcome.truncated and len(outcome.body.splitlines()) == 3


@pytest.mark.parametrize(("query", "kind", "words"), [
    ("SELECT * WHERE {", "bad_request", "syntax error"),
    ("SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?e) SERVICE ?e { } }", "bad_request", "failed while running"),
])
def test_problems_of_the_query_are_outcomes(query: str, kind: str, words: str) -> None:
    outcome = run_job(ox.Store(), Job(query, max_rows=10))
    assert outcome.kind == kind and words in outcome.message


def test_an_unservable_format_is_an_outcome() -> None:
    outcome = run_job(ox.Store(), Job("ASK {}", max_rows=10, accept="text/turtle"))
    assert outcome.kind == "not_acceptable"


class _UnreadableStore:
    def query(self, *args: object, **kwargs: object) -> None:
        raise OSError("disk gone")


def test_an_unreadable_store_is_an_outcome() -> None:
    outcome = run_job(_UnreadableStore(), Job("ASK {}", max_rows=10))  # type: ignore[arg-type]
    assert outcome.kind is QueryOutcomeKind.STORE_ERROR and outcome.message == "the store could not be read: disk gone"


def test_each_outcome_kind_has_one_http_status_and_error() -> None:
    assert {kind.value: kind.status for kind in QueryOutcomeKind} == {
        "ok": 200, "bad_request": 400, "not_acceptable": 406, "error": 503}
    errors = {kind: error_for_status(kind.status, "why") for kind in QueryOutcomeKind if kind is not QueryOutcomeKind.OK}
    assert type(errors[QueryOutcomeKind.BAD_REQUEST]) is BadRequest
    assert type(errors[QueryOutcomeKind.NOT_ACCEPTABLE]) is NotAcceptable
    assert errors[QueryOutcomeKind.NOT_ACCEPTABLE].headers == {"Vary": "Accept"}
    assert type(errors[QueryOutcomeKind.STORE_ERROR]) is ServiceUnavailable
    assert all(error.message == "why" for error in errors.values())


@pytest.mark.parametrize(("exc", "kind", "message"), [
    (SyntaxError("oops"), QueryOutcomeKind.BAD_REQUEST, "query parameter: syntax error: oops"),
    (NotServable("no format"), QueryOutcomeKind.NOT_ACCEPTABLE, "no format"),
    (ValueError("bad IRI"), QueryOutcomeKind.BAD_REQUEST, "default-graph-uri or named-graph-uri parameter: bad IRI"),
    (RuntimeError("remote failed"), QueryOutcomeKind.BAD_REQUEST, "the query failed while running: remote failed"),
    (FileNotFoundError("gone"), QueryOutcomeKind.STORE_ERROR, "the store could not be read: gone"),
])
def test_query_problems_table(exc: Exception, kind: QueryOutcomeKind, message: str) -> None:
    outcome = problem_outcome(exc)
    assert outcome.kind is kind and outcome.message == message and outcome.body == b""


def test_every_query_problem_row_is_reachable() -> None:
    """No row hides behind an earlier, broader one."""
    for index, (exception, _, _) in enumerate(QUERY_PROBLEMS):
        assert not any(issubclass(exception, earlier) for earlier, _, _ in QUERY_PROBLEMS[:index])


def test_an_unexpected_exception_is_not_an_outcome() -> None:
    with pytest.raises(KeyError):
        problem_outcome(KeyError("a bug"))


def test_format_aliases_and_repeats() -> None:
    assert choose_media_type("table", None, ("tsv", "text/tab-separated-values")) == "text/tab-separated-values"
    assert choose_media_type("graph", "text/turtle", ("n3",)) == "text/turtle"
    assert choose_media_type("graph", None, ("bogus", "application/ld+json")) == "application/ld+json"
    with pytest.raises(NotServable, match="format parameter 'csv'"):
        choose_media_type("graph", None, ("csv",))


def test_the_cache_keeps_recent_answers_within_its_budget() -> None:
    cache: ResultCache[str] = ResultCache(max_bytes=800)
    for n in range(10):
        cache.put(n, f"answer {n}", 100)
    assert cache.size <= 800 and cache.get(0) is None and cache.get(9) == "answer 9"
    cache.put("huge", "x", 101)  # over an eighth of the budget: never cached
    assert cache.get("huge") is None
