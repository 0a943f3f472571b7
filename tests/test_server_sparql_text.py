"""server/sparql_text.py: reading a query's form, updates, SERVICE calls and DESCRIBE parts from its tokens."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator

import pyoxigraph as ox
import pytest

from server.sparql_text import parse_allowlist, read_query, refused_services, tokens


@pytest.mark.parametrize(("query", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("PREFIX ask: <http://x/> BASE <http://y/> select*{}", "SELECT"),
    ("# ASK in a comment\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("ASK{}", "ASK"),
    ("describe <http://x/>", "DESCRIBE"),
    ("INSERT DATA { <a> <b> <c> }", None),
    ("garbage", None),
])
def test_query_form(query: str, form: str | None) -> None:
    assert read_query(query).form == form


@pytest.mark.parametrize(("query", "keyword"), [
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT"),
    ("PREFIX x: <http://x/> delete where { ?s ?p ?o }", "DELETE"),
    ("CLEAR ALL", "CLEAR"),
    ("LOAD <http://x/>", "LOAD"),
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ("SELECT ?insert WHERE { ?insert ?p 'DELETE' }", None),
])
def test_update_keyword(query: str, keyword: str | None) -> None:
    assert read_query(query).update_keyword == keyword


def test_tokens_skip_comments_and_keep_strings_and_iris_whole() -> None:
    kinds = [(t.kind, t.text) for t in tokens('SELECT ?x # no\n{ <http://a/#x> "a\\"b" ex:c\\-d _:b 1.5e3 }')]
    assert kinds == [("word", "SELECT"), ("var", "?x"), ("punct", "{"), ("iri", "<http://a/#x>"),
                     ("string", '"a\\"b"'), ("pname", "ex:c\\-d"), ("bnode", "_:b"), ("number", "1.5e3"),
                     ("punct", "}")]


# -- SERVICE ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("query", "endpoints"), [
    ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", ["http://x/"]),
    ("select * where { service silent <http://x/> { ?s ?p ?o } }", ["http://x/"]),
    ("PREFIX e: <http://x/> SELECT * { SERVICE e:sparql { } }", ["http://x/sparql"]),
    ("PREFIX : <http://x/> SELECT * { SERVICE:sparql { } }", ["http://x/sparql"]),  # Oxigraph reads SERVICE, :sparql
    ("SELECT * { SERVICESILENT<http://x/>{} }", ["http://x/"]),
    ("PREFIX service: <http://x/> SELECT * { SERVICE service:a { } }", ["http://x/a"]),
    ("SELECT * { SERVICE ?endpoint { } }", [None]),
    ("BASE <http://x/> SELECT * { SERVICE <relative> { } }", [None]),
    ("SELECT * { SERVICE <http://a/> {} SERVICE <http://b/> {} }", ["http://a/", "http://b/"]),
    ("SELECT ?service WHERE { ?service ?p ?o }", []),
    ('SELECT * WHERE { ?s ?p "SERVICE <http://x/> {}" }', []),
    ("SELECT * WHERE { ?s ?p '''a\nSERVICE b''' }", []),
    ("# SERVICE <http://x/> { }\nSELECT * WHERE { ?s ?p ?o }", []),
    ("PREFIX service: <http://x/>\nSELECT * WHERE { ?s service:p <http://x/#SERVICE> }", []),
    ('SELECT * WHERE { ?s ?p "x"@en . FILTER(?p != <http://x/service>) }', []),
    ("SELECT * WHERE { ?s ?p ?o # comment\n SERVICE <http://x/> { } }", ["http://x/"]),
])
def test_service_calls(query: str, endpoints: list[str | None]) -> None:
    assert [call.endpoint for call in read_query(query).services] == endpoints


def test_allowlist() -> None:
    allowed = parse_allowlist(" http://a/sparql,http://b/sparql \n")
    assert allowed == frozenset({"http://a/sparql", "http://b/sparql"})
    text = read_query("SELECT * { SERVICE <http://a/sparql> {} SERVICE <http://c/> {} SERVICE ?v {} }")
    assert [c.text for c in refused_services(text, allowed)] == ["<http://c/>", "?v"]


class _Recorder(http.server.BaseHTTPRequestHandler):
    paths: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        self.paths.append(self.path)
        self.rfile.read(int(self.headers.get("content-length") or 0))
        body = b'{"head":{"vars":[]},"results":{"bindings":[]}}'
        self.send_response(200)
        self.send_header("content-type", "application/sparql-results+json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST  # noqa: N815

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture(scope="module")
def recorder() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


HOSTILE = [
    "PREFIX : <{r}> SELECT * WHERE {{ SERVICE:a {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICESILENT<{r}b>{{?s ?p ?o}} }}",
    "SELECT * WHERE {{ OPTIONAL{{}}SERVICE<{r}c>{{}} }}",
    "BASE <{r}> SELECT * WHERE {{ SERVICE <d> {{}} }}",
    "SELECT * WHERE {{ sErViCe <{r}e> {{}} }}",
    "SELECT * WHERE {{ FILTER(1<2&&3>2)SERVICE <{r}f> {{}} }}",
    "SELECT * WHERE {{ {{SELECT * {{}}}}SERVICE <{r}g> {{}} }}",
    "SELECT * WHERE {{ VALUES ?x {{1}}SERVICE <{r}h> {{}} }}",
    "SELECT * WHERE {{ ?s<http://x/p>?o.SERVICE <{r}i> {{}} }}",
    "SELECT * WHERE {{ ?s ?p 'x'SERVICE <{r}j> {{}} }}",
    "SELECT * WHERE {{ ?s ?p 1.SERVICE <{r}k> {{}} }}",
    "SELECT * WHERE {{ ?s ?p ?o# c\nSERVICE <{r}l> {{}} }}",
    "PREFIX SERVICE: <{r}> SELECT * WHERE {{ SERVICE SERVICE:m {{}} }}",
    "PREFIX s: <{r}> SELECT * WHERE {{ MINUS {{ SERVICE s:n {{}} }} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <{r}o> {{}} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ SERVICE <{r}p> {{ ?s ?p ?o }} }} }}",
]


@pytest.mark.parametrize("template", HOSTILE)
def test_every_service_oxigraph_would_call_is_seen(recorder: str, template: str) -> None:
    """Whatever Oxigraph itself sends to the network, the lexer has seen, with the same endpoint."""
    query = template.format(r=recorder)
    _Recorder.paths.clear()
    try:
        result = ox.Store().query(query)
        if not isinstance(result, ox.QueryBoolean):
            list(result)  # type: ignore[arg-type]
    except (SyntaxError, RuntimeError, OSError):
        pass
    seen = [call.endpoint for call in read_query(query).services]
    for path in _Recorder.paths:
        called = recorder.rstrip("/") + path
        assert called in seen or None in seen, (called, seen)
    assert seen, query


# -- DESCRIBE ---------------------------------------------------------------------------------------------
def test_describe_names_and_variables() -> None:
    parts = read_query("PREFIX s: <http://schema.org/> DESCRIBE s:a ?x <http://b> FROM <http://g> "
                       "WHERE { ?x a s:Person } LIMIT 5").describe
    assert parts is not None
    assert parts.iris == ("http://schema.org/a", "http://b") and parts.variables == ("x",)
    assert parts.from_graphs == ("http://g",)
    assert parts.select is not None and "SELECT DISTINCT ?x" in parts.select and "LIMIT 5" in parts.select
    assert isinstance(ox.Store().query(parts.select), ox.QuerySolutions)


def test_describe_without_a_pattern_needs_no_select() -> None:
    parts = read_query("DESCRIBE <http://a>").describe
    assert parts is not None and parts.select is None and parts.iris == ("http://a",)
    star = read_query("DESCRIBE * WHERE { ?s ?p ?o }").describe
    assert star is not None and star.star and star.select is not None and "SELECT DISTINCT *" in star.select


# -- nesting depth (issue 13: deep nesting crashes pyoxigraph's parser) -------------------------------------------
DEEP: dict[str, Callable[[int], str]] = {  # each crashes pyoxigraph 0.5's parser (the process aborts) at 10,000; measured in a child process
    "parentheses": lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "braces": lambda n: "SELECT * WHERE " + "{" * n + "?s ?p ?o" + "}" * n,
    "blank node brackets": lambda n: "SELECT * WHERE { ?s ?p " + "[ <http://p> " * n + "1" + " ]" * n + " }",
    "negations": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * n + "true) }",
    "conjunctions": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER(" + " && ".join(["true"] * n) + ") }",
    "sums": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER(" + " + ".join(["1"] * n) + " > 0) }",
    "differences": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER(" + "-".join(["1"] * n) + " > 0) }",
    "path sequences": lambda n: "SELECT * WHERE { ?s " + "/".join(["<http://p>"] * n) + " ?o }",
    "path alternatives": lambda n: "SELECT * WHERE { ?s " + "|".join(["<http://p>"] * n) + " ?o }",
    "unions": lambda n: "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }",
}


@pytest.mark.parametrize("shape", DEEP)
def test_nesting_depth_counts_brackets_and_chained_operators(shape: str) -> None:
    assert read_query(DEEP[shape](10_000)).depth >= 10_000
    assert read_query(DEEP[shape](50)).depth <= 60


def test_nesting_depth_ignores_what_only_looks_like_operators() -> None:
    """Strings, IRIs, comments, prefixed names and numbers hold -, /, | and ! without nesting anything."""
    query = ('PREFIX ex: <http://ex/a/b/c/d/e/> SELECT * WHERE { ?s ex:co-chair-of-the-board "a/b/c!!!&&||" ; '
             '<http://x/1/2/3/4/5/6> 1e-5 } # ((((((((((  &&&&&&&&')
    assert read_query(query).depth <= 3


def test_the_example_queries_nest_far_below_the_limit() -> None:
    from server.sparql_page import EXAMPLES

    assert max(read_query(example.query).depth for example in EXAMPLES) < 20
