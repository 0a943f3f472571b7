"""server/sparql.py: the SPARQL 1.1 Protocol query operation, one test per edge case."""

from __future__ import annotations

import csv
import io
import time
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator

import httpx
import lxml.html
import pytest
from rdflib.compare import isomorphic

from graphbuild.stores import ArticleStore
from server.app import create_app
from server.sparql import SparqlRequest, protocol_request
from server.sparql_text import read_query
from tests.test_server_data import ARTICLE_1, ARTICLE_2, CAMBRON, build_news_store, parse_rdf, serving_settings

pytestmark = pytest.mark.anyio

SCHEMA = "PREFIX schema: <http://schema.org/>\n"
PEOPLE = SCHEMA + "SELECT ?p ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name"
COUNT_PEOPLE = SCHEMA + "SELECT (COUNT(?p) AS ?n) WHERE { ?p a schema:Person }"
CONSTRUCT = SCHEMA + "CONSTRUCT { ?p a schema:Person ; schema:name ?n } WHERE { ?p a schema:Person ; schema:name ?n }"
SRX = "{http://www.w3.org/2005/sparql-results#}"
FORM = {"content-type": "application/x-www-form-urlencoded"}
DIRECT = {"content-type": "application/sparql-query"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ArticleStore:
    return build_news_store(tmp_path_factory.mktemp("sparql") / "store")


async def _client(store: ArticleStore, **overrides: object) -> httpx.AsyncClient:
    settings = serving_settings(store, **overrides)
    transport = httpx.ASGITransport(app=create_app(settings, store))
    return httpx.AsyncClient(transport=transport, base_url="http://news.test")


@pytest.fixture
async def client(store: ArticleStore) -> AsyncIterator[httpx.AsyncClient]:
    async with await _client(store) as c:
        yield c


def _json_count(response: httpx.Response) -> int:
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# -- the three ways to send a query --------------------------------------------------------------------
async def test_get_returns_json_results_by_default(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", params={"query": PEOPLE})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json"
    names = [b["name"]["value"] for b in response.json()["results"]["bindings"]]
    assert names == sorted(names) and "Rossana Cambron" in names and len(names) == 4


async def test_post_form_runs_the_query(client: httpx.AsyncClient) -> None:
    response = await client.post("/sparql", content=str(httpx.QueryParams(query=COUNT_PEOPLE)), headers=FORM)
    assert response.status_code == 200 and _json_count(response) == 4


async def test_post_form_with_charset_parameter(client: httpx.AsyncClient) -> None:
    headers = {"content-type": "application/x-www-form-urlencoded; charset=UTF-8"}
    response = await client.post("/sparql", data={"query": COUNT_PEOPLE}, headers=headers)
    assert response.status_code == 200 and _json_count(response) == 4


async def test_post_direct_query_runs_the_query(client: httpx.AsyncClient) -> None:
    response = await client.post("/sparql", content=COUNT_PEOPLE.encode("utf-8"), headers=DIRECT)
    assert response.status_code == 200 and _json_count(response) == 4


async def test_post_direct_query_reads_utf8(client: httpx.AsyncClient) -> None:
    query = 'SELECT ?s WHERE { BIND("Zoë" AS ?s) }'
    headers = {"content-type": "application/sparql-query; charset=utf-8"}
    response = await client.post("/sparql", content=query.encode("utf-8"), headers=headers)
    assert response.json()["results"]["bindings"][0]["s"]["value"] == "Zoë"


async def test_ask_answers_a_boolean(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", params={"query": f"ASK {{ <{CAMBRON}> ?p ?o }}"})
    assert response.json()["boolean"] is True


# -- result formats ------------------------------------------------------------------------------------
async def test_select_as_xml(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", params={"query": PEOPLE},
                                headers={"accept": "application/sparql-results+xml"})
    assert response.headers["content-type"] == "application/sparql-results+xml"
    root = ET.fromstring(response.content)
    literals = [e.text for e in root.iter(f"{SRX}literal")]
    assert "Rossana Cambron" in literals and len(literals) == 4


async def test_select_as_csv(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", params={"query": PEOPLE}, headers={"accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {"p", "name"} == set(rows[0]) and CAMBRON in {r["p"] for r in rows}


async def test_select_as_tsv(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", params={"query": PEOPLE},
                                headers={"accept": "text/tab-separated-values"})
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    header, *rows = [line.split("\t") for line in response.text.strip().splitlines()]
    assert header == ["?p", "?name"] and f"<{CAMBRON}>" in {r[0] for r in rows}


async def test_format_parameter_overrides_accept(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", params={"query": PEOPLE, "format": "csv"},
                                headers={"accept": "application/sparql-results+xml"})
    assert response.headers["content-type"].startswith("text/csv")


async def test_results_vary_on_accept(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", params={"query": PEOPLE})
    assert response.headers["vary"] == "Accept"


GRAPH_FORMATS = [
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
]


async def _construct(client: httpx.AsyncClient, accept: str, query: str = CONSTRUCT) -> httpx.Response:
    response = await client.get("/sparql", params={"query": query}, headers={"accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == accept
    return response


async def test_construct_is_turtle_by_default(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", params={"query": CONSTRUCT})
    assert response.headers["content-type"].startswith("text/turtle")
    assert len(parse_rdf(response.text, "turtle")) == 8


async def test_construct_formats_all_parse_to_the_same_graph(client: httpx.AsyncClient) -> None:
    graphs = []
    for media_type, rdflib_format in GRAPH_FORMATS:
        response = await _construct(client, media_type)
        graphs.append(parse_rdf(response.content, rdflib_format))
    assert len(graphs[0]) == 8
    assert all(isomorphic(graphs[0], g) for g in graphs[1:])


async def test_construct_as_trig_and_nquads(client: httpx.AsyncClient) -> None:
    for media_type, rdflib_format in [("application/trig", "trig"), ("application/n-quads", "nquads")]:
        response = await _construct(client, media_type)
        assert len(parse_rdf(response.content, rdflib_format)) == 8


async def test_describe_returns_the_resource(client: httpx.AsyncClient) -> None:
    response = await _construct(client, "application/n-triples", f"DESCRIBE <{CAMBRON}>")
    graph = parse_rdf(response.text, "nt")
    assert len(list(graph.predicate_objects())) >= 3


# -- the dataset ----------------------------------------------------------------------------------------
async def test_person_in_two_articles_counts_once_without_distinct(client: httpx.AsyncClient) -> None:
    query = SCHEMA + f"SELECT (COUNT(*) AS ?n) WHERE {{ <{CAMBRON}> a schema:Person ; schema:name ?name }}"
    assert _json_count(await client.get("/sparql", params={"query": query})) == 1


async def test_graph_reaches_each_article(client: httpx.AsyncClient) -> None:
    query = f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ <{CAMBRON}> ?p ?o }} }}"
    assert _json_count(await client.get("/sparql", params={"query": query})) == 2


async def test_default_graph_uri_sets_the_default_graph(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", params={"query": COUNT_PEOPLE, "default-graph-uri": ARTICLE_2})
    assert _json_count(response) == 2


async def test_two_default_graph_uris_are_merged(client: httpx.AsyncClient) -> None:
    params = httpx.QueryParams([("query", COUNT_PEOPLE), ("default-graph-uri", ARTICLE_1),
                                ("default-graph-uri", ARTICLE_2)])
    assert _json_count(await client.get("/sparql", params=params)) == 5  # Cambron once per graph


async def test_named_graph_uri_limits_the_named_graphs(client: httpx.AsyncClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = await client.get("/sparql", params={"query": query, "named-graph-uri": ARTICLE_1})
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [ARTICLE_1]


async def test_named_graph_uri_in_a_form_post(client: httpx.AsyncClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = await client.post("/sparql", data={"query": query, "named-graph-uri": ARTICLE_2}, headers=FORM)
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [ARTICLE_2]


async def test_default_graph_uri_with_a_direct_post_comes_from_the_url(client: httpx.AsyncClient) -> None:
    response = await client.post("/sparql", params={"default-graph-uri": ARTICLE_2},
                                 content=COUNT_PEOPLE.encode(), headers=DIRECT)
    assert _json_count(response) == 2


# -- HTML query form ------------------------------------------------------------------------------------
async def test_browser_without_a_query_gets_the_form(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", headers={"accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "<textarea" in response.text and "org:Membership" in response.text
    assert 'method="get"' in response.text


# -- errors ---------------------------------------------------------------------------------------------
async def _error(response: httpx.Response, status: int, *words: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/plain")
    assert "Traceback" not in response.text and 'File "' not in response.text
    for word in words:
        assert word in response.text


async def test_missing_query_is_400(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", headers={"accept": "application/sparql-results+json"})
    await _error(response, 400, "query parameter is missing")


async def test_missing_query_in_a_form_post_is_400(client: httpx.AsyncClient) -> None:
    await _error(await client.post("/sparql", data={"format": "json"}, headers=FORM), 400, "query")


async def test_syntax_error_is_400(client: httpx.AsyncClient) -> None:
    await _error(await client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"}), 400,
                 "query parameter", "syntax error")


async def test_repeated_query_is_400(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", params=[("query", PEOPLE), ("query", PEOPLE)])
    await _error(response, 400, "query parameter is given 2 times")


async def test_query_in_url_and_form_body_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post("/sparql", params={"query": PEOPLE}, data={"query": PEOPLE}, headers=FORM)
    await _error(response, 400, "both in the URL and in the request body")


async def test_query_in_url_and_direct_body_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post("/sparql", params={"query": PEOPLE}, content=PEOPLE.encode(), headers=DIRECT)
    await _error(response, 400, "both in the URL and in the request body")


async def test_repeated_format_uses_the_first_servable_one(client: httpx.AsyncClient) -> None:
    """SPARQLWrapper sends format=tsv&format=text/tab-separated-values: not a conflict."""
    params = [("query", PEOPLE), ("format", "tsv"), ("format", "text/tab-separated-values")]
    response = await client.get("/sparql", params=params)
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    params = [("query", CONSTRUCT), ("format", "rdf+xml"), ("format", "application/rdf+xml")]
    assert (await client.get("/sparql", params=params)).headers["content-type"].startswith("application/rdf+xml")


async def test_invalid_default_graph_uri_is_400(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", params={"query": PEOPLE, "default-graph-uri": "not an iri"})
    await _error(response, 400, "default-graph-uri")


async def test_service_is_400(client: httpx.AsyncClient) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    await _error(await client.get("/sparql", params={"query": query}), 400, "SERVICE")


async def test_invalid_utf8_body_is_400(client: httpx.AsyncClient) -> None:
    await _error(await client.post("/sparql", content=b"ASK {}\xff", headers=DIRECT), 400, "UTF-8")


async def test_other_methods_are_405_with_allow(client: httpx.AsyncClient) -> None:
    for method in ("PUT", "DELETE", "PATCH"):
        response = await client.request(method, "/sparql", params={"query": PEOPLE})
        await _error(response, 405, method)
        assert {"GET", "POST"} <= {m.strip() for m in response.headers["allow"].split(",")}


async def test_unservable_accept_is_406(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", params={"query": PEOPLE}, headers={"accept": "image/png"})
    await _error(response, 406, "Accept")


async def test_graph_format_for_a_select_is_406(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", params={"query": PEOPLE}, headers={"accept": "text/turtle"})
    await _error(response, 406)


async def test_table_format_parameter_for_a_construct_is_406(client: httpx.AsyncClient) -> None:
    await _error(await client.get("/sparql", params={"query": CONSTRUCT, "format": "csv"}), 406, "format parameter")


async def test_missing_content_type_is_415(client: httpx.AsyncClient) -> None:
    await _error(await client.post("/sparql", content=PEOPLE.encode()), 415, "Content-Type")


async def test_unknown_content_type_is_415(client: httpx.AsyncClient) -> None:
    response = await client.post("/sparql", content=PEOPLE.encode(), headers={"content-type": "text/plain"})
    await _error(response, 415, "text/plain")


async def test_body_over_the_limit_is_413(store: ArticleStore) -> None:
    async with await _client(store, max_body_bytes=100) as client:
        response = await client.post("/sparql", content=("#" * 200).encode(), headers=DIRECT)
    await _error(response, 413, "100")


async def test_slow_query_is_503(store: ArticleStore) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # ~0.2 s
    async with await _client(store, query_timeout=0.001) as client:
        started = time.monotonic()
        response = await client.get("/sparql", params={"query": query})
    await _error(response, 503, "query_timeout")
    assert time.monotonic() - started < 5


# -- updates are refused and change nothing ------------------------------------------------------------
INSERT = f"INSERT DATA {{ <{CAMBRON}> <http://schema.org/name> \"Mallory\" }}"


async def test_update_parameter_is_403(client: httpx.AsyncClient, store: ArticleStore) -> None:
    before = store.triple_count()
    await _error(await client.post("/sparql", data={"update": INSERT}, headers=FORM), 403, "update parameter")
    await _error(await client.get("/sparql", params={"update": INSERT}), 403, "read-only")
    assert store.triple_count() == before


async def test_sparql_update_content_type_is_403(client: httpx.AsyncClient, store: ArticleStore) -> None:
    before = store.triple_count()
    response = await client.post("/sparql", content=INSERT.encode(),
                                 headers={"content-type": "application/sparql-update"})
    await _error(response, 403, "application/sparql-update")
    assert store.triple_count() == before


async def test_update_sent_as_a_query_is_403(client: httpx.AsyncClient, store: ArticleStore) -> None:
    before = store.triple_count()
    await _error(await client.get("/sparql", params={"query": INSERT}), 403, "INSERT is an update")
    assert store.triple_count() == before


# -- error shapes ---------------------------------------------------------------------------------------
async def test_json_client_gets_the_json_error_shape(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", headers={"accept": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"error": {"status": 400, "message": "the query parameter is missing"}}


async def test_a_browser_s_bad_query_comes_back_in_the_query_page_with_the_problem_placed(
        client: httpx.AsyncClient) -> None:
    """The query page again, not a generic error page: the query kept in the editor, the problem at its line
    and column in words, and no dump of the parser's grammar."""
    query = "SELECT ?name WHERE {\n  ?p nope:name ?name\n}"
    response = await client.get("/sparql", params={"query": query}, headers={"accept": "text/html"})
    assert response.status_code == 400 and response.headers["content-type"].startswith("text/html")
    page = lxml.html.fromstring(response.text)
    assert page.get_element_by_id("query").text == query
    problem = page.get_element_by_id("query-error")
    assert (problem.get("data-line"), problem.get("data-column")) == ("2", "6")  # where nope: begins
    assert "the prefix nope: is not declared" in problem.text_content()
    assert "\\u{" not in response.text and "expected one of" not in response.text
    plain = await client.get("/sparql", params={"query": "SELECT <"}, headers={"accept": "text/html"})
    assert plain.status_code == 400 and "syntax error at line 1" in plain.text


async def test_predeclared_prefixes_and_notes_on_terms_that_match_nothing(client: httpx.AsyncClient) -> None:
    found = await client.get("/sparql", params={"query": "SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n }"},
                             headers={"accept": "application/sparql-results+json"})
    assert found.status_code == 200 and len(found.json()["results"]["bindings"]) == 4 and "warning" not in found.headers
    wrong = "PREFIX s: <https://schema.org/> SELECT * WHERE { ?p a s:Person ; schema:nmae ?n }"
    noted = await client.get("/sparql", params={"query": wrong}, headers={"accept": "application/sparql-results+json"})
    assert noted.status_code == 200 and noted.json()["results"]["bindings"] == []  # it still runs
    assert noted.headers["warning"] == (
        '299 newsgraph "s:Person is in https://schema.org/, but the data uses http://schema.org/ (the schema: prefix):'
        ' it matches nothing", 299 newsgraph "schema:nmae is a term neither the data nor the vocabulary uses: it '
        'matches nothing"')
    page = lxml.html.fromstring((await client.get("/sparql", params={"query": wrong},
                                                  headers={"accept": "text/html"})).text)
    assert len(page.xpath("//div[@class='query-notes']//li")) == 2
    own = "PREFIX schema: <http://example.org/> SELECT * WHERE { ?p schema:name ?n }"  # their own declaration wins
    assert (await client.get("/sparql", params={"query": own},
                             headers={"accept": "application/sparql-results+json"})).json()["results"]["bindings"] == []


# -- pure parts -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", True),
    ("select * where { service silent <http://x/> { ?s ?p ?o } }", True),
    ("SELECT ?service WHERE { ?service ?p ?o }", False),
    ('SELECT * WHERE { ?s ?p "SERVICE" }', False),
    ("SELECT * WHERE { ?s ?p '''a\nSERVICE b''' }", False),
    ("# SERVICE in a comment\nSELECT * WHERE { ?s ?p ?o }", False),
    ("PREFIX service: <http://x/>\nSELECT * WHERE { ?s service:p <http://x/#SERVICE> }", False),
    ('SELECT * WHERE { ?s ?p "x"@en . FILTER(?p != <http://x/service>) }', False),
    ("SELECT * WHERE { ?s ?p ?o # comment\n SERVICE <http://x/> { } }", True),
])
def test_uses_service(query: str, expected: bool) -> None:
    assert bool(read_query(query).services) is expected


def test_protocol_request_gathers_the_graph_parameters() -> None:
    params = [("query", "ASK {}"), ("default-graph-uri", "http://a/"), ("named-graph-uri", "http://b/"),
              ("named-graph-uri", "http://c/"), ("format", "json")]
    request = protocol_request(params)
    assert (request.query, request.default_graphs, request.named_graphs, request.formats) == (
        "ASK {}", ("http://a/",), ("http://b/", "http://c/"), ("json",))


def test_protocol_request_without_graph_parameters_keeps_the_store_dataset() -> None:
    request = protocol_request([("query", "ASK {}")])
    assert request.default_graphs is None and request.named_graphs is None
    assert isinstance(request, SparqlRequest)
