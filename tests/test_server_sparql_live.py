"""Protocol points against a real running server: CORS, methods, negotiation, the Service
Description, HTTP caching, DESCRIBE, and the query page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from tests.sparql_live import KASEI, LiveServer, build_protocol_store, live_server
from tests.test_server_data import ARTICLE_1, ARTICLE_2, CAMBRON, parse_rdf

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
SCHEMA = Namespace("http://schema.org/")
NG = Namespace("https://w3id.org/newsgraph/ns#")
ORG = Namespace("http://www.w3.org/ns/org#")
PEOPLE = "SELECT ?p ?name WHERE { ?p a <http://schema.org/Person> ; <http://schema.org/name> ?name } ORDER BY ?name"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("live") / "store"
    build_protocol_store(folder)
    with live_server(folder) as live:
        yield live


@pytest.fixture
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url.removesuffix("/sparql")) as c:
        yield c


# -- CORS and methods ---------------------------------------------------------------------------------
def test_cors_on_get_post_and_errors(client: httpx.Client) -> None:
    origin = {"origin": "https://yasgui.example"}
    assert client.get("/sparql", params={"query": "ASK {}"}, headers=origin).headers["access-control-allow-origin"] == "*"
    posted = client.post("/sparql", content=b"ASK {}", headers={**origin, "content-type": "application/sparql-query"})
    assert posted.headers["access-control-allow-origin"] == "*"
    assert "X-Newsgraph-Truncated" in posted.headers["access-control-expose-headers"]
    failed = client.get("/sparql", params={"query": "ASK {"}, headers=origin)
    assert failed.status_code == 400 and failed.headers["access-control-allow-origin"] == "*"


def test_cors_preflight(client: httpx.Client) -> None:
    response = client.options("/sparql", headers={"origin": "https://yasgui.example", "access-control-request-method": "POST",
                                           "access-control-request-headers": "content-type"})
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["access-control-allow-methods"].split(",")}
    assert "content-type" in response.headers["access-control-allow-headers"].lower()


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(client: httpx.Client, method: str) -> None:
    response = client.request(method, "/sparql", params={"query": "ASK {}"})
    assert response.status_code == 405 and method in response.text
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["allow"].split(",")}


def test_head_answers_like_get_without_a_body(client: httpx.Client) -> None:
    response = client.head("/sparql", params={"query": "ASK {}"})
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-type"] == "application/sparql-results+json"


# -- negotiation and errors -----------------------------------------------------------------------------
@pytest.mark.parametrize(("accept", "expected"), [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
    ("application/*", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    (BROWSER, "text/html"),
])
def test_select_negotiation(client: httpx.Client, accept: str, expected: str) -> None:
    response = client.get("/sparql", params={"query": PEOPLE}, headers={"accept": accept})
    assert response.headers["content-type"].split(";")[0] == expected and response.headers["vary"] == "Accept"


def test_406_when_nothing_acceptable(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": PEOPLE}, headers={"accept": "text/turtle"})
    assert response.status_code == 406 and "Accept" in response.text
    response = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "csv"})
    assert response.status_code == 406 and "format parameter" in response.text


def test_errors_are_short_plain_text(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert response.status_code == 400 and response.headers["content-type"].startswith("text/plain")
    assert "syntax error" in response.text and "Traceback" not in response.text and len(response.text) < 400


# -- the Service Description ------------------------------------------------------------------------------
def test_service_description(client: httpx.Client) -> None:
    response = client.get("/sparql", headers={"accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    service = graph.value(predicate=RDF.type, object=SD.Service)
    assert service is not None
    assert graph.value(service, SD.endpoint) == URIRef("http://news.test/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    formats = {str(o).rsplit("/", 1)[-1] for o in graph.objects(service, SD.resultFormat)}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
            "JSON-LD", "RDF_XML", "N-Triples", "TriG", "N-Quads"} <= formats
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert (service, SD.feature, SD.BasicFederatedQuery) not in graph  # no SERVICE allowed by default
    dataset = graph.value(service, SD.defaultDataset)
    names = {str(graph.value(g, SD.name)) for g in graph.objects(dataset, SD.namedGraph)}
    assert {ARTICLE_1, ARTICLE_2, KASEI + "data1.rdf"} <= names
    default = graph.value(dataset, SD.defaultGraph)
    count = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}).json()
    assert graph.value(default, VOID.triples) == Literal(int(count["results"]["bindings"][0]["n"]["value"]))


def test_service_description_for_any_client_and_in_every_rdf_format(client: httpx.Client) -> None:
    assert client.get("/sparql").headers["content-type"].startswith("text/turtle")
    for media_type, rdflib_format in [("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
                                      ("application/n-triples", "nt")]:
        response = client.get("/sparql", headers={"accept": media_type})
        assert (None, RDF.type, SD.Service) in parse_rdf(response.content, rdflib_format)


def test_no_query_for_a_json_client_is_400(client: httpx.Client) -> None:
    response = client.get("/sparql", headers={"accept": "application/json"})
    assert response.status_code == 400 and response.json()["error"]["message"] == "the query parameter is missing"


# -- HTTP caching ----------------------------------------------------------------------------------------
def test_etag_and_304(client: httpx.Client) -> None:
    first = client.get("/sparql", params={"query": PEOPLE})
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, no-cache"
    again = client.get("/sparql", params={"query": PEOPLE}, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    other = client.get("/sparql", params={"query": PEOPLE}, headers={"accept": "text/csv"})
    assert other.headers["etag"] != etag


def test_sparql_if_none_match_is_the_site_wide_weak_comparison(client: httpx.Client) -> None:
    etag = client.get("/sparql", params={"query": PEOPLE}).headers["etag"]
    assert etag.startswith('W/"')  # server/freshness.entity_tag, as every page's
    strong = client.get("/sparql", params={"query": PEOPLE}, headers={"if-none-match": f'"x", {etag[2:]}'})
    assert strong.status_code == 304 and strong.headers["access-control-allow-origin"] == "*"
    stale = client.get("/sparql", params={"query": PEOPLE}, headers={"if-none-match": 'W/"old-version"'})
    assert stale.status_code == 200 and stale.content


def test_a_repeated_query_comes_from_the_cache(server: LiveServer, client: httpx.Client) -> None:
    query = PEOPLE + " # cache probe"
    assert client.get("/sparql", params={"query": query}).status_code == 200
    size = len(server.endpoint.cache)
    assert client.get("/sparql", params={"query": query}).status_code == 200
    assert len(server.endpoint.cache) == size


# -- DESCRIBE ----------------------------------------------------------------------------------------------
def test_describe_is_the_symmetric_concise_bounded_description(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": f"DESCRIBE <{CAMBRON}>"}, headers={"accept": "application/n-triples"})
    graph = parse_rdf(response.text, "nt")
    person = URIRef(CAMBRON)
    assert (person, SCHEMA.name, Literal("Rossana Cambron")) in graph  # its own triples
    assert (URIRef(ARTICLE_1), SCHEMA.mentions, person) in graph  # triples pointing to it
    assert any(graph.triples((None, NG.mentionOf, person))) and any(graph.triples((None, ORG.member, person)))
    assert all(s == person or o == person for s, _, o in graph)  # nothing else: no blank nodes here


def test_describe_with_a_pattern_and_a_dataset(client: httpx.Client) -> None:
    query = "DESCRIBE ?p WHERE { ?p a <http://schema.org/Person> ; <http://schema.org/name> \"Song Tao\" }"
    graph = parse_rdf(client.get("/sparql", params={"query": query}).text, "turtle")
    assert {str(s) for s in graph.subjects(SCHEMA.name, None)} == {"http://news.test/id/person/song-tao"}
    only_second = client.get("/sparql", params={"query": f"DESCRIBE <{CAMBRON}>", "default-graph-uri": ARTICLE_2})
    graph = parse_rdf(only_second.text, "turtle")
    assert (URIRef(ARTICLE_2), SCHEMA.mentions, URIRef(CAMBRON)) in graph
    assert (URIRef(ARTICLE_1), SCHEMA.mentions, URIRef(CAMBRON)) not in graph


# -- the query page -----------------------------------------------------------------------------------------
def test_the_query_page_works_without_javascript_or_network(client: httpx.Client) -> None:
    page = client.get("/sparql", headers={"accept": BROWSER}).text
    assert '<form method="get" action="/sparql"' in page and "<textarea" in page
    # The form submits itself; the editor that replaces it when JavaScript runs comes from our own files.
    assert all(src.startswith("/static/") for src in re.findall(r'<script[^>]* src="([^"]*)"', page))
    assert not re.search(r'(src|href)="(https?:)?//', page.replace('href="https://www.w3.org/TR/sparql11-query/"', ""))
    for title in ("People and their roles", "Quotes by speaker", "Events on a timeline", "Who met whom"):
        assert title in page


def test_every_example_query_runs(client: httpx.Client) -> None:
    from server.sparql_page import EXAMPLES

    for example in EXAMPLES:
        response = client.get("/sparql", params={"query": example.query}, headers={"accept": "application/sparql-results+json"})
        assert response.status_code == 200, (example.title, response.text)
    people = client.get("/sparql", params={"query": EXAMPLES[0].query}).json()["results"]["bindings"]
    assert {"name": "Rossana Cambron", "role": "national co-chair"}.items() <= {
        k: v["value"] for k, v in people[0].items()}.items()


def test_the_results_table_links_entities_to_their_pages_and_offers_downloads(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": PEOPLE}, headers={"accept": BROWSER})
    page = response.text
    assert response.status_code == 200 and "Rossana Cambron" in page
    assert 'href="/page/person/rossana-cambron"' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    links = dict(re.findall(r'<a href="(/sparql\?[^"]+)" download>([^<]+)</a>', page))
    assert sorted(links.values()) == ["CSV", "SPARQL JSON", "SPARQL XML", "TSV"]
    for href, label in links.items():
        params = parse_qs(urlparse(href.replace("&amp;", "&")).query)
        assert params["query"] == [PEOPLE]
        download = client.get(href.replace("&amp;", "&"))
        assert download.status_code == 200, label


def test_the_page_shows_an_ask_answer_and_a_graph(client: httpx.Client) -> None:
    ask = client.get("/sparql", params={"query": "ASK {}"}, headers={"accept": BROWSER}).text
    assert "Answer: <strong>true</strong>" in ask
    graph = client.get("/sparql", params={"query": f"DESCRIBE <{CAMBRON}>"}, headers={"accept": BROWSER}).text
    assert "<th scope=\"col\">subject</th>" in graph and "Turtle" in graph and "N-Quads" in graph
