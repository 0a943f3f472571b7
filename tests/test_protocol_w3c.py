"""The query side of the W3C SPARQL 1.1 Protocol test suite, against a real running server.

Each test is one entry of w3c/rdf-tests sparql/sparql11/protocol/manifest.ttl (query_*, bad_query_*,
bad_multiple_queries) or of the SPARQL 1.2 revision of that suite (query_content_negotiation_*,
query_dataset_default_graph, query_post_form_dataset, bad_multiple_queries_form,
bad_query_get_with_body, the version parameter), written here from its description. The manifest's
graphs data1.rdf..data3.rdf (one foaf:Document each) live in the store as named graphs, next to
the news articles. The bad_update_* entries are here too: this endpoint refuses every update.

The manifest's paths end in /sparql/; this server's endpoint is /sparql.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.sparql_live import KASEI, build_protocol_store, live_server

D0, D1, D2, D3 = (KASEI + f"data{n}.rdf" for n in range(4))
FORM = {"content-type": "application/x-www-form-urlencoded"}
DIRECT = {"content-type": "application/sparql-query"}
TABLE_TYPES = {"application/sparql-results+xml", "application/sparql-results+json", "text/csv",
               "text/tab-separated-values"}
BOOLEAN_TYPES = {"application/sparql-results+xml", "application/sparql-results+json"}
RDF_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json",
             "application/trig", "application/n-quads"}
SRX = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    folder = tmp_path_factory.mktemp("w3c") / "store"
    build_protocol_store(folder)
    with live_server(folder) as server, httpx.Client(base_url=server.url.removesuffix("/sparql")) as c:
        yield c


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0].strip()


def boolean(response: httpx.Response) -> bool:
    """The answer of an ASK, read from SPARQL JSON or XML as the response says."""
    assert response.status_code // 100 in (2, 3), response.text
    if media_type(response) == "application/sparql-results+json":
        return bool(response.json()["boolean"])
    assert media_type(response) == "application/sparql-results+xml"
    node = ET.fromstring(response.content).find(f"{SRX}boolean")
    assert node is not None
    return node.text == "true"


def is_4xx(response: httpx.Response) -> bool:
    return 400 <= response.status_code < 500


def test_query_post_form(client: httpx.Client) -> None:
    response = client.post("/sparql", params={"default-graph-uri": D0}, content="query=ASK%20%7B%7D", headers=FORM)
    assert media_type(response) in BOOLEAN_TYPES and boolean(response) is True


def test_query_get(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": D0})
    assert media_type(response) in BOOLEAN_TYPES and boolean(response) is True


def test_query_post_direct(client: httpx.Client) -> None:
    assert boolean(client.post("/sparql", content=b"ASK {}", headers=DIRECT)) is True


def test_query_dataset_default_graph(client: httpx.Client) -> None:
    query = f"ASK {{ <{D1}> a ?type }}"
    assert boolean(client.get("/sparql", params={"query": query, "default-graph-uri": D1})) is True
    assert boolean(client.get("/sparql", params={"query": query, "default-graph-uri": D2})) is False


def test_query_dataset_default_graphs_get(client: httpx.Client) -> None:
    query = f"ASK {{ <{D1}> a ?type . <{D2}> a ?type . }}"
    params = [("query", query), ("default-graph-uri", D1), ("default-graph-uri", D2)]
    assert boolean(client.get("/sparql", params=params)) is True


def test_query_dataset_default_graphs_post(client: httpx.Client) -> None:
    query = f"ASK {{ <{D1}> a ?type . <{D2}> a ?type . }}"
    params = [("default-graph-uri", D1), ("default-graph-uri", D2)]
    assert boolean(client.post("/sparql", params=params, content=query.encode(), headers=DIRECT)) is True


NAMED_ASK = f"ASK {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"


def test_query_dataset_named_graphs_post(client: httpx.Client) -> None:
    params = [("named-graph-uri", D1), ("named-graph-uri", D2)]
    assert boolean(client.post("/sparql", params=params, content=NAMED_ASK.encode(), headers=DIRECT)) is True


def test_query_dataset_named_graphs_get(client: httpx.Client) -> None:
    params = [("query", NAMED_ASK), ("named-graph-uri", D1), ("named-graph-uri", D2)]
    assert boolean(client.get("/sparql", params=params)) is True


def test_query_dataset_full(client: httpx.Client) -> None:
    query = (f"ASK {{ <{D3}> a ?type\n GRAPH ?g1 {{ <{D1}> a ?type }}\n GRAPH ?g2 {{ <{D2}> a ?type }} }}")
    params = [("default-graph-uri", D3), ("named-graph-uri", D1), ("named-graph-uri", D2)]
    assert boolean(client.post("/sparql", params=params, content=query.encode(), headers=DIRECT)) is True


def test_query_multiple_dataset(client: httpx.Client) -> None:
    """The protocol's dataset replaces the query's FROM: with FROM <data3> alone, no named graph exists.

    (The manifest percent-encodes the '&' between its two named-graph-uri parameters, which makes them
    one IRI; its expected answer, true, needs the two graphs, so they are sent here as two parameters.)
    """
    query = f"ASK FROM <{D3}> {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"
    params = [("named-graph-uri", D1), ("named-graph-uri", D2)]
    assert boolean(client.post("/sparql", params=params, content=query.encode(), headers=DIRECT)) is True
    assert boolean(client.post("/sparql", content=query.encode(), headers=DIRECT)) is False


def test_query_post_form_dataset(client: httpx.Client) -> None:
    body = httpx.QueryParams([("query", f"ASK {{ <{D1}> a ?type }}"), ("default-graph-uri", D1)])
    assert boolean(client.post("/sparql", content=str(body), headers=FORM)) is True


def test_query_content_type_select(client: httpx.Client) -> None:
    response = client.post("/sparql", params={"default-graph-uri": D0}, content=b"SELECT (1 AS ?value) {}",
                           headers=DIRECT)
    assert response.status_code == 200 and media_type(response) in TABLE_TYPES


def test_query_content_type_ask(client: httpx.Client) -> None:
    response = client.post("/sparql", params={"default-graph-uri": D0}, content=b"ASK {}", headers=DIRECT)
    assert response.status_code == 200 and media_type(response) in BOOLEAN_TYPES


def test_query_content_type_describe(client: httpx.Client) -> None:
    response = client.post("/sparql", params={"default-graph-uri": D0}, content=b"DESCRIBE <http://example.org/>",
                           headers=DIRECT)
    assert response.status_code == 200 and media_type(response) in RDF_TYPES


def test_query_content_type_construct(client: httpx.Client) -> None:
    response = client.post("/sparql", params={"default-graph-uri": D0},
                           content=b"CONSTRUCT { <http://example.org/s> <http://example.org/p> 1 } WHERE {}",
                           headers=DIRECT)
    assert response.status_code == 200 and media_type(response) in RDF_TYPES


@pytest.mark.parametrize("accept", ["application/sparql-results+xml", "application/sparql-results+json"])
def test_query_content_negotiation(client: httpx.Client, accept: str) -> None:
    """query_content_negotiation_xml and query_content_negotiation_json."""
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"accept": accept})
    assert media_type(response) == accept and boolean(response) is True


def test_query_get_with_version(client: httpx.Client) -> None:
    params = {"query": "ASK {}", "version": "1.2", "default-graph-uri": D1}
    assert boolean(client.get("/sparql", params=params)) is True


def test_query_post_direct_with_version_param(client: httpx.Client) -> None:
    headers = {"content-type": "application/sparql-query; version=1.2"}
    assert boolean(client.post("/sparql", params={"default-graph-uri": D1}, content=b"ASK {}", headers=headers))


def test_query_base_uri(client: httpx.Client) -> None:
    query = f"BASE <{KASEI}> ASK {{ <data1.rdf> a <http://xmlns.com/foaf/0.1/Document> }}"
    assert boolean(client.get("/sparql", params={"query": query, "default-graph-uri": D1})) is True


# -- failures: every one is a 4xx ----------------------------------------------------------------------
def test_bad_query_method(client: httpx.Client) -> None:
    response = client.put("/sparql", params={"query": "ASK {}", "default-graph-uri": D0}, headers=FORM)
    assert response.status_code == 405 and "GET" in response.headers["allow"]


def test_bad_multiple_queries(client: httpx.Client) -> None:
    assert client.get("/sparql", params=[("query", "ASK {}"), ("query", "SELECT * {}")]).status_code == 400


def test_bad_multiple_queries_form(client: httpx.Client) -> None:
    response = client.post("/sparql", content="query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", headers=FORM)
    assert response.status_code == 400


def test_bad_query_multiple_versions(client: httpx.Client) -> None:
    params = [("query", "ASK {}"), ("version", "1.1"), ("version", "1.2")]
    assert client.get("/sparql", params=params).status_code == 400


def test_bad_query_wrong_media_type(client: httpx.Client) -> None:
    response = client.post("/sparql", content=b"ASK {}", headers={"content-type": "text/plain"})
    assert response.status_code == 415


def test_bad_query_missing_form_type(client: httpx.Client) -> None:
    assert client.post("/sparql", content=b"query=ASK%20%7B%7D").status_code == 415


def test_bad_query_missing_direct_type(client: httpx.Client) -> None:
    assert client.post("/sparql", content=b"ASK {}").status_code == 415


def test_bad_query_non_utf8(client: httpx.Client) -> None:
    body = "ASK {}".encode("utf-16")  # with a byte order mark
    response = client.post("/sparql", content=body, headers={"content-type": "application/sparql-query; charset=UTF-16"})
    assert is_4xx(response)
    response = client.post("/sparql", content=body, headers=DIRECT)  # undeclared, still not UTF-8
    assert response.status_code == 400


def test_bad_query_syntax(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "ASK {"})
    assert response.status_code == 400 and "syntax error" in response.text


def test_bad_query_get_with_body(client: httpx.Client) -> None:
    response = client.request("GET", "/sparql", params={"query": "ASK {}"}, content=b"ASK {}")
    assert response.status_code == 400


# -- the update tests: this endpoint is read-only, so every update is refused and changes nothing ---------
UPDATE_REQUESTS = {
    "bad_update_get": ("GET", {"update": "CLEAR ALL"}, None, {}),
    "bad_multiple_updates": ("POST", {}, "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM),
    "bad_update_wrong_media_type": ("POST", {}, "CLEAR NAMED", {"content-type": "text/plain"}),
    "bad_update_missing_form_type": ("POST", {}, "update=CLEAR%20NAMED", {}),
    "bad_update_non_utf8": ("POST", {}, "CLEAR NAMED", {"content-type": "application/sparql-update; charset=UTF-16"}),
    "bad_update_syntax": ("POST", {}, "update=CLEAR%20XYZ", FORM),
    "update_post_form": ("POST", {}, "update=CLEAR+ALL", FORM),
    "update_post_direct": ("POST", {}, "CLEAR ALL", {"content-type": "application/sparql-update"}),
}


@pytest.mark.parametrize("name", sorted(UPDATE_REQUESTS))
def test_update_is_refused(client: httpx.Client, name: str) -> None:
    method, params, body, headers = UPDATE_REQUESTS[name]
    before = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"}).json()
    response = client.request(method, "/sparql", params=params, content=body, headers=headers)
    assert is_4xx(response), name
    after = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"}).json()
    assert before == after


def test_the_store_keeps_the_manifest_graphs(tmp_path: Path) -> None:
    """The fixture's own check: data1..3.rdf are named graphs of the protocol store."""
    from graphbuild.stores import ArticleStore

    build_protocol_store(tmp_path / "store")
    store = ArticleStore.open(tmp_path / "store", read_only=True)
    assert {D1, D2, D3} <= set(store.article_graphs())
