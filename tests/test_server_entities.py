"""server/entities.py and server/description.py: 303 dereferencing and the entity's RDF descriptions."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from graphbuild.store import ArticleStore
from graphbuild.vocab import NG, RDF, SDO
from server.app import create_app
from server.description import DATA_FORMATS, DataFormat, JsonLdContext, describe, entity_iri, render
from tests.test_server_data import ARTICLE_1, ARTICLE_2, BASE, CAMBRON, build_news_store, news_settings, parse_rdf

pytestmark = pytest.mark.anyio

RDF_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ArticleStore:
    return build_news_store(tmp_path_factory.mktemp("entities") / "store")


@pytest.fixture
async def client(store: ArticleStore) -> AsyncIterator[httpx.AsyncClient]:
    assert store.path is not None
    transport = httpx.ASGITransport(app=create_app(news_settings(store.path), store))
    async with httpx.AsyncClient(transport=transport, base_url="http://news.test") as c:
        yield c


# -- /id: 303 See Other -------------------------------------------------------------------------------
@pytest.mark.parametrize(("accept", "location"), [
    ("text/html", "/page/person/rossana-cambron"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "/page/person/rossana-cambron"),
    ("*/*", "/page/person/rossana-cambron"),
    ("text/turtle", "/data/person/rossana-cambron.ttl"),
    ("application/ld+json", "/data/person/rossana-cambron.jsonld"),
    ("application/n-triples", "/data/person/rossana-cambron.nt"),
    ("application/rdf+xml", "/data/person/rossana-cambron.rdf"),
    ("text/html;q=0.5, text/turtle", "/data/person/rossana-cambron.ttl"),
])
async def test_id_redirects_by_accept(client: httpx.AsyncClient, accept: str, location: str) -> None:
    response = await client.get("/id/person/rossana-cambron", headers={"accept": accept})
    assert response.status_code == 303
    assert response.headers["location"] == location
    assert response.headers["vary"] == "Accept"


async def test_id_without_accept_redirects_to_the_page(client: httpx.AsyncClient) -> None:
    request = client.build_request("GET", "/id/place/beijing")
    del request.headers["accept"]
    response = await client.send(request)
    assert response.status_code == 303 and response.headers["location"] == "/page/place/beijing"


async def test_id_with_unservable_accept_is_406(client: httpx.AsyncClient) -> None:
    response = await client.get("/id/person/rossana-cambron", headers={"accept": "image/png"})
    assert response.status_code == 406 and response.headers["vary"] == "Accept"
    assert "Accept" in response.text


@pytest.mark.parametrize("path", [
    "/id/person/nobody-at-all",          # well-formed but unknown
    "/id/planet/mars",                   # unknown type
    "/id/person/Rossana-Cambron",        # not a canonical slug
    "/id/person/rossana--cambron",
])
async def test_id_of_an_unknown_entity_is_404(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path, headers={"accept": "text/turtle"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/plain")


# -- /data: the descriptions -------------------------------------------------------------------------
async def _data(client: httpx.AsyncClient, slug_path: str, extension: str) -> httpx.Response:
    response = await client.get(f"/data/{slug_path}.{extension}")
    assert response.status_code == 200, response.text
    return response


@pytest.mark.parametrize("data_format", DATA_FORMATS, ids=lambda f: f.extension)
async def test_data_has_its_media_type(client: httpx.AsyncClient, data_format: DataFormat) -> None:
    response = await _data(client, "person/rossana-cambron", data_format.extension)
    assert response.headers["content-type"].split(";")[0] == data_format.media_type


async def test_every_data_format_parses_to_the_same_graph(client: httpx.AsyncClient) -> None:
    graphs = [parse_rdf((await _data(client, "person/rossana-cambron", ext)).content, fmt)
              for ext, fmt in RDF_FORMATS.items()]
    assert len(graphs[0]) > 10
    for graph in graphs[1:]:
        assert isomorphic(graphs[0], graph)


async def test_data_link_header_names_the_other_formats(client: httpx.AsyncClient) -> None:
    response = await _data(client, "person/rossana-cambron", "ttl")
    links = [part.strip() for part in response.headers["link"].split(",")]
    assert len(links) == 3
    assert '</data/person/rossana-cambron.jsonld>; rel="alternate"; type="application/ld+json"' in links
    assert '</data/person/rossana-cambron.nt>; rel="alternate"; type="application/n-triples"' in links
    assert '</data/person/rossana-cambron.rdf>; rel="alternate"; type="application/rdf+xml"' in links


async def test_data_describes_the_entity_its_links_and_its_mentions(client: httpx.AsyncClient) -> None:
    graph = parse_rdf((await _data(client, "person/rossana-cambron", "nt")).content, "nt")
    cambron = URIRef(CAMBRON)
    assert (cambron, SDO.name, Literal("Rossana Cambron")) in graph
    assert (URIRef(ARTICLE_1), SDO.mentions, cambron) in graph  # incoming
    event = URIRef(f"{BASE}id/event/2021-03-15-meeting-in-beijing")
    assert (event, SDO.name, Literal("Cambron meets Song Tao in Beijing")) in graph  # label of a linked resource
    mentions = set(graph.subjects(NG.mentionOf, cambron))
    assert mentions == {URIRef(f"{ARTICLE_1}#m0-15"), URIRef(f"{ARTICLE_1}#m103-110"), URIRef(f"{ARTICLE_2}#m12-27")}
    for mention in mentions:
        assert (mention, RDF.type, NG.Mention) in graph and graph.value(mention, NG.startOffset) is not None
    assert (URIRef(ARTICLE_2), SDO.headline, Literal("Cambron speaks in Chicago")) in graph
    assert not list(graph.triples((URIRef(ARTICLE_1), SDO.articleBody, None)))  # other articles' bodies stay out


async def test_data_of_a_linked_resource_has_its_outgoing_labels(client: httpx.AsyncClient) -> None:
    graph = parse_rdf((await _data(client, "membership/rossana-cambron-communist-party-usa-national-co-chair",
                                   "ttl")).content, "turtle")
    role = URIRef(f"{BASE}id/role/national-co-chair")
    assert graph.value(role, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")) == Literal("national co-chair")


async def test_jsonld_is_compacted_with_the_ontology_context(client: httpx.AsyncClient) -> None:
    if not JsonLdContext().path.is_file():
        pytest.skip("ontology/context.jsonld is not written yet")
    document = json.loads((await _data(client, "person/rossana-cambron", "jsonld")).content)
    assert "@context" in document


async def test_unknown_data_extension_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/data/person/rossana-cambron.csv")
    assert response.status_code == 404 and "extension 'csv'" in response.text


async def test_data_of_an_unknown_entity_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/data/person/nobody.ttl", headers={"accept": "application/json"})
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


# -- the pure parts ------------------------------------------------------------------------------------
def test_entity_iri_accepts_only_canonical_paths() -> None:
    assert entity_iri(BASE, "person", "rossana-cambron") == URIRef(CAMBRON)
    assert entity_iri(BASE, "person", "Rossana") is None
    assert entity_iri(BASE, "people", "rossana") is None
    assert entity_iri(BASE, "person", "a" * 120) is None  # longer than a minted slug can be


def test_jsonld_without_a_context_is_expanded_and_equivalent(store: ArticleStore) -> None:
    graph = describe(store.ox, CAMBRON)
    jsonld_format = next(f for f in DATA_FORMATS if f.extension == "jsonld")
    expanded = render(graph, jsonld_format, None)
    assert "@context" not in json.loads(expanded)
    assert isomorphic(parse_rdf(expanded, "json-ld"), graph)


def test_jsonld_context_is_the_published_one() -> None:
    published = json.loads(JsonLdContext.path.read_text(encoding="utf-8"))["@context"]
    assert JsonLdContext().get() == published


def test_jsonld_compacted_with_a_context_is_equivalent(store: ArticleStore) -> None:
    graph = describe(store.ox, ARTICLE_1)
    jsonld_format = next(f for f in DATA_FORMATS if f.extension == "jsonld")
    context = {"schema": "http://schema.org/", "name": "schema:name",
               "mentions": {"@id": "schema:mentions", "@type": "@id"}}
    compacted = render(graph, jsonld_format, context)
    assert json.loads(compacted)["@context"] == context
    assert isomorphic(parse_rdf(compacted, "json-ld"), graph)


def test_describe_of_an_unknown_iri_is_empty(store: ArticleStore) -> None:
    assert len(describe(store.ox, f"{BASE}id/person/nobody")) == 0
