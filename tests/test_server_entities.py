"""server/entities.py and server/description.py: 303 dereferencing and the entity's RDF descriptions."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import lxml.html
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.term import Node

import server.description as description_module
from graphbuild.jsonld import Compactor, JsonLdContext
from graphbuild.stores import ArticleStore
from graphbuild.vocab import NG, ORG, RDF, SDO, SKOS
from server.app import create_app
from server.description import (
    DATA_FORMATS,
    DataFormat,
    Descriptions,
    StoreView,
    as_graph,
    assemble,
    describe,
    iri_for_id_path,
    render,
)
from server.live import index_path
from server.search import SiteIndex
from tests.test_server_data import (
    ARTICLE_1,
    ARTICLE_2,
    BASE,
    CAMBRON,
    build_news_store,
    news_settings,
    parse_rdf,
    serving_settings,
)

pytestmark = pytest.mark.anyio

RDF_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ArticleStore:
    return build_news_store(tmp_path_factory.mktemp("entities") / "store")


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
    response = await client.get(path, headers={"accept": "text/plain"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
])
async def test_unknown_entity_is_404_as_rdf_to_rdf_clients(client: httpx.AsyncClient, accept: str,
                                                           rdflib_format: str) -> None:
    for path in ("/id/person/nobody-at-all", "/data/person/nobody-at-all.ttl", "/page/person/nobody-at-all"):
        response = await client.get(path, headers={"accept": accept})
        assert response.status_code == 404
        assert response.headers["content-type"].split(";")[0] == accept
        assert len(parse_rdf(response.content, rdflib_format)) == 0  # an empty graph any RDF client can read


async def test_unknown_entity_is_404_as_html_to_browsers(client: httpx.AsyncClient) -> None:
    response = await client.get("/id/person/nobody-at-all", headers={"accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "no entity" in response.text and "<h1>404 Not Found</h1>" in response.text


async def test_id_303_names_every_document_as_describedby(client: httpx.AsyncClient) -> None:
    response = await client.get("/id/person/rossana-cambron", headers={"accept": "text/turtle"})
    links = response.headers["link"]
    assert '</page/person/rossana-cambron>; rel="describedby"; type="text/html"' in links
    for ext in RDF_FORMATS:
        assert f"</data/person/rossana-cambron.{ext}>; rel=\"describedby\"" in links


# -- /data: the descriptions -------------------------------------------------------------------------
async def _data(client: httpx.AsyncClient, slug_path: str, extension: str) -> httpx.Response:
    response = await client.get(f"/data/{slug_path}.{extension}")
    assert response.status_code == 200, response.text
    return response


@pytest.mark.parametrize("data_format", DATA_FORMATS, ids=lambda f: f.extension)
async def test_data_has_its_media_type(client: httpx.AsyncClient, data_format: DataFormat) -> None:
    response = await _data(client, "person/rossana-cambron", data_format.extension)
    assert response.headers["content-type"].split(";")[0] == data_format.media_type


ENTITIES = [
    "person/rossana-cambron", "organisation/communist-party-usa", "place/beijing",
    "event/2021-03-15-meeting-in-beijing", "statement/cambron-the-talks-were-useful",
    "membership/rossana-cambron-communist-party-usa-national-co-chair", "role/national-co-chair",
    "article/2021-03-19-cambron-meets-song-tao", "person/mallory",
]


async def parse_served(client: httpx.AsyncClient, response: httpx.Response, rdflib_format: str) -> Graph:
    """The document parsed as a client would: JSON-LD with its context fetched from the URL it names."""
    if rdflib_format != "json-ld":
        return parse_rdf(response.content, rdflib_format)
    document = json.loads(response.content)
    assert document["@context"] == f"{BASE}context.jsonld"  # referenced, not embedded
    context = (await client.get("/context.jsonld")).json()
    return parse_rdf(json.dumps({**context, "@graph": document["@graph"]}), "json-ld")


@pytest.mark.parametrize("entity", ENTITIES)
async def test_every_data_format_parses_to_the_same_graph(client: httpx.AsyncClient, entity: str) -> None:
    graphs = [await parse_served(client, await _data(client, entity, ext), fmt) for ext, fmt in RDF_FORMATS.items()]
    assert len(graphs[0]) > 3
    for graph in graphs[1:]:
        assert isomorphic(graphs[0], graph)


async def test_jsonld_reads_cleanly(client: httpx.AsyncClient) -> None:
    document = json.loads((await _data(client, "person/rossana-cambron", "jsonld")).content)
    person = next(n for n in document["@graph"] if n["id"] == CAMBRON)
    assert person["type"] == "Person" and person["name"] == "Rossana Cambron" and person["alternateName"] == "Cambron"
    mention = next(n for n in document["@graph"] if n["id"] == f"{ARTICLE_1}#m0-15")
    assert mention["startOffset"] == 0 and mention["mentionOf"] == CAMBRON and mention["type"] == "Mention"
    statement = next(n for n in document["@graph"] if n["id"].endswith("/statement/cambron-the-talks-were-useful"))
    assert statement["confidence"] == "0.9"  # a decimal: a JSON number with a fraction would read back as a double


async def test_description_holds_the_facts_about_a_person(client: httpx.AsyncClient) -> None:
    graph = parse_rdf((await _data(client, "person/rossana-cambron", "nt")).content, "nt")
    membership = URIRef(f"{BASE}id/membership/rossana-cambron-communist-party-usa-national-co-chair")
    statement = URIRef(f"{BASE}id/statement/cambron-the-talks-were-useful")
    role, org = URIRef(f"{BASE}id/role/national-co-chair"), URIRef(f"{BASE}id/organisation/communist-party-usa")
    assert (membership, ORG.role, role) in graph and (membership, ORG.organization, org) in graph
    assert (membership, NG.attestedOn, None) in graph
    assert (role, SKOS.prefLabel, Literal("national co-chair")) in graph  # the fact's role, labelled
    assert (org, SDO.name, Literal("Communist Party USA")) in graph
    assert (statement, SDO.text, Literal("the talks were useful")) in graph
    assert (statement, NG.startOffset, None) in graph and (statement, NG.cue, Literal("said")) in graph
    event = URIRef(f"{BASE}id/event/2021-03-15-meeting-in-beijing")
    assert (event, SDO.startDate, None) in graph and (event, SDO.location, URIRef(f"{BASE}id/place/beijing")) in graph


async def test_description_of_an_article_is_its_whole_graph(client: httpx.AsyncClient, store: ArticleStore) -> None:
    graph = parse_rdf((await _data(client, "article/2021-03-19-cambron-meets-song-tao", "nt")).content, "nt")
    named = store.article_graph(ARTICLE_1)
    assert all(triple in graph for triple in named)


async def test_data_link_header_names_the_other_formats(client: httpx.AsyncClient) -> None:
    response = await _data(client, "person/rossana-cambron", "ttl")
    links = [part.strip() for part in response.headers["link"].split(",")]
    assert len(links) == 5
    assert '</data/person/rossana-cambron.jsonld>; rel="alternate"; type="application/ld+json"' in links
    assert '</data/person/rossana-cambron.nt>; rel="alternate"; type="application/n-triples"' in links
    assert '</data/person/rossana-cambron.rdf>; rel="alternate"; type="application/rdf+xml"' in links
    assert '</page/person/rossana-cambron>; rel="alternate"; type="text/html"' in links
    assert '</.well-known/void>; rel="describedby"; type="text/turtle"' in links
    assert response.headers["access-control-allow-origin"] == "*"


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


async def test_context_is_served_as_jsonld(client: httpx.AsyncClient) -> None:
    response = await client.get("/context.jsonld")
    assert response.headers["content-type"].startswith("application/ld+json")
    assert response.json()["@context"] == JsonLdContext().get()
    assert response.headers["access-control-allow-origin"] == "*"


async def test_unknown_data_extension_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/data/person/rossana-cambron.csv")
    assert response.status_code == 404 and "extension 'csv'" in response.text


async def test_data_of_an_unknown_entity_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/data/person/nobody.ttl", headers={"accept": "application/json"})
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


# -- the pure parts ------------------------------------------------------------------------------------
def test_iri_for_id_path_accepts_only_canonical_paths() -> None:
    assert iri_for_id_path(BASE, "person", "rossana-cambron") == URIRef(CAMBRON)
    assert iri_for_id_path(BASE, "person", "Rossana") is None
    assert iri_for_id_path(BASE, "people", "rossana") is None
    assert iri_for_id_path(BASE, "person", "a" * 120) is None  # longer than a minted slug can be


def test_jsonld_with_an_embedded_context_is_equivalent(store: ArticleStore) -> None:
    description = describe(store.ox, CAMBRON)
    jsonld = next(f for f in DATA_FORMATS if f.extension == "jsonld")
    embedded = render(description, jsonld, JsonLdContext())
    assert isinstance(json.loads(embedded)["@context"], dict)
    assert isomorphic(parse_rdf(embedded, "json-ld"), as_graph(description))


def test_jsonld_context_is_the_published_one() -> None:
    published = json.loads(JsonLdContext.path.read_text(encoding="utf-8"))["@context"]
    assert JsonLdContext().get() == published


def test_compaction_with_another_context_is_equivalent(store: ArticleStore) -> None:
    description = describe(store.ox, ARTICLE_1)
    jsonld = next(f for f in DATA_FORMATS if f.extension == "jsonld")
    context = {"schema": "http://schema.org/", "name": "schema:name",
               "mentions": {"@id": "schema:mentions", "@type": "@id"}}
    compacted = render(description, jsonld, JsonLdContext(context))
    assert json.loads(compacted)["@context"] == context
    assert isomorphic(parse_rdf(compacted, "json-ld"), as_graph(description))


def test_a_term_coerced_to_an_iri_is_not_used_for_a_literal() -> None:
    compactor = Compactor({"schema": "http://schema.org/", "url": {"@id": "schema:url", "@type": "@id"}})
    triples = [ox.Triple(ox.NamedNode("http://x/a"), ox.NamedNode("http://schema.org/url"), ox.Literal("not an IRI"))]
    node = compactor.nodes(triples)[0]
    assert "url" not in node and node["schema:url"] == "not an IRI"


def test_describe_of_an_unknown_iri_is_empty(store: ArticleStore) -> None:
    assert len(describe(store.ox, f"{BASE}id/person/nobody")) == 0


def test_descriptions_cache_returns_the_same_description(store: ArticleStore) -> None:
    cached = Descriptions(store.ox, 4)
    assert cached.get(CAMBRON) is cached.get(CAMBRON)
    assert Descriptions(store.ox, 0).get(CAMBRON) is not Descriptions(store.ox, 0).get(CAMBRON)


# -- descriptions in pages, and the site index's copy of them --------------------------------------------
PER_PAGE = 3  # so that the people and places of the two articles have several pages


@pytest.fixture(scope="module")
def paged_store(tmp_path_factory: pytest.TempPathFactory) -> ArticleStore:
    """A store whose site index was built with three linking resources a page (the real size stays 200)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(description_module, "LINKS_PER_PAGE", PER_PAGE)
        store = build_news_store(tmp_path_factory.mktemp("paged") / "store")
        serving_settings(store)  # builds the index, descriptions included
    return store


@pytest.fixture
async def paged_client(paged_store: ArticleStore) -> AsyncIterator[httpx.AsyncClient]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(description_module, "LINKS_PER_PAGE", PER_PAGE)
        transport = httpx.ASGITransport(app=create_app(news_settings(paged_store), paged_store))  # indexed above
        async with httpx.AsyncClient(transport=transport, base_url="http://news.test") as c:
            yield c


def _linking(graph: Graph, entity: URIRef) -> set[Node]:
    return {s for s, _, _ in graph.triples((None, None, entity)) if (s, RDF.type, NG.DescriptionPage) not in graph}


def test_a_page_past_the_last_is_none(store: ArticleStore) -> None:
    assert assemble(StoreView(store.ox), CAMBRON, 1, per_page=PER_PAGE) is not None
    pages = assemble(StoreView(store.ox), CAMBRON, 1, per_page=PER_PAGE).pages  # type: ignore[union-attr]
    assert pages > 1
    assert assemble(StoreView(store.ox), CAMBRON, pages + 1, per_page=PER_PAGE) is None
    assert assemble(StoreView(store.ox), CAMBRON, 0, per_page=PER_PAGE) is None


def test_pages_continue_each_other_and_make_up_the_whole_description(store: ArticleStore) -> None:
    whole = assemble(StoreView(store.ox), CAMBRON)
    assert whole is not None and whole.pages == 1 and not any("?page=" in t[0] for t in whole.triples)
    first = assemble(StoreView(store.ox), CAMBRON, 1, per_page=PER_PAGE)
    assert first is not None
    seen: set[tuple[str, str, str]] = set()
    linking: list[set[str]] = []
    for page in range(1, first.pages + 1):
        part = assemble(StoreView(store.ox), CAMBRON, page, per_page=PER_PAGE)
        assert part is not None and part.links == whole.links and part.pages == first.pages
        linking.append({s for s, _, o in part.triples if o == f"<{CAMBRON}>" and "?page=" not in s})
        assert len(linking[-1]) == (PER_PAGE if page < first.pages else whole.links - PER_PAGE * (first.pages - 1))
        assert {t for t in part.triples if t[0] == f"<{CAMBRON}>"} == {t for t in whole.triples if t[0] == f"<{CAMBRON}>"}
        seen |= {t for t in part.triples if "?page=" not in t[0]}
    assert all(not a & b for n, a in enumerate(linking) for b in linking[n + 1:])  # each resource on one page
    assert seen == set(whole.triples)


def test_the_site_index_holds_the_same_descriptions_as_the_store(paged_store: ArticleStore) -> None:
    index = SiteIndex(index_path(news_settings(paged_store), paged_store))
    iris = index.iris("person", 100, 0) + index.iris("place", 100, 0) + index.iris("article", 100, 0)
    iris += index.iris("membership", 100, 0) + index.iris("statement", 100, 0) + index.iris("event", 100, 0)
    paged = 0
    for iri in iris:
        kept = index.description(iri, 1)
        assert kept is not None
        pages, links, ntriples = kept
        paged += pages > 1
        for page in range(1, pages + 1):
            live = assemble(StoreView(paged_store.ox), iri, page, per_page=PER_PAGE)
            assert live is not None and (live.pages, live.links) == (pages, links)
            assert index.description(iri, page)[2] == live.ntriples().encode()  # type: ignore[index]
        assert index.description(iri, pages + 1) == (pages, links, None)
    assert paged >= 2
    assert index.description(f"{BASE}id/person/nobody", 1) is None


async def test_paged_data_names_its_next_and_previous_pages(paged_client: httpx.AsyncClient) -> None:
    first = await paged_client.get("/data/person/rossana-cambron.ttl")
    assert first.status_code == 200
    assert '</data/person/rossana-cambron.ttl?page=2>; rel="next"' in first.headers["link"]
    assert 'rel="prev"' not in first.headers["link"]
    second = await paged_client.get("/data/person/rossana-cambron.ttl?page=2")
    assert second.status_code == 200
    assert '</data/person/rossana-cambron.ttl>; rel="prev"' in second.headers["link"]
    assert '</data/person/rossana-cambron.jsonld?page=2>; rel="alternate"' in second.headers["link"]
    assert '</page/person/rossana-cambron?page=2>; rel="alternate"' in second.headers["link"]
    graph = parse_rdf(second.content, "turtle")
    here = URIRef(f"{CAMBRON}?page=2")
    assert (here, RDF.type, NG.DescriptionPage) in graph and (here, NG.pageOf, URIRef(CAMBRON)) in graph
    assert graph.value(here, NG.pageNumber).toPython() == 2  # type: ignore[union-attr]
    assert graph.value(here, NG.previousPage) == URIRef(f"{CAMBRON}?page=1")
    pages = len(set(_linking(graph, URIRef(CAMBRON))))
    assert 0 < pages <= PER_PAGE


async def test_every_page_is_the_same_data_in_every_format(paged_client: httpx.AsyncClient) -> None:
    for page in (1, 2):
        graphs = [await parse_served(paged_client, await _data(paged_client, "person/rossana-cambron", f"{ext}?page={page}"),
                                     fmt) for ext, fmt in RDF_FORMATS.items()]
        assert (URIRef(f"{CAMBRON}?page={page}"), RDF.type, NG.DescriptionPage) in graphs[0]
        for graph in graphs[1:]:
            assert isomorphic(graphs[0], graph)


async def test_page_two_continues_page_one(paged_client: httpx.AsyncClient) -> None:
    graphs = []
    page = 1
    while True:
        response = await paged_client.get(f"/data/person/rossana-cambron.nt?page={page}")
        graphs.append(parse_rdf(response.content, "nt"))
        if 'rel="next"' not in response.headers["link"]:
            break
        assert graphs[-1].value(URIRef(f"{CAMBRON}?page={page}"), NG.nextPage) == URIRef(f"{CAMBRON}?page={page + 1}")
        page += 1
    assert page > 1
    assert graphs[-1].value(URIRef(f"{CAMBRON}?page={page}"), NG.nextPage) is None
    total = graphs[0].value(URIRef(f"{CAMBRON}?page=1"), NG.linkCount).toPython()  # type: ignore[union-attr]
    linking = [_linking(g, URIRef(CAMBRON)) for g in graphs]
    assert sum(len(x) for x in linking) == total and len(set().union(*linking)) == total
    past = await paged_client.get(f"/data/person/rossana-cambron.nt?page={page + 1}", headers={"accept": "text/plain"})
    assert past.status_code == 404 and "past the last page" in past.text


async def test_a_paged_page_says_so_and_links_the_next(paged_client: httpx.AsyncClient) -> None:
    response = await paged_client.get("/page/person/rossana-cambron", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert '</page/person/rossana-cambron?page=2>; rel="next"' in response.headers["link"]
    doc = lxml.html.fromstring(response.text)
    note = doc.find_class("description-pages")[0]
    assert "page 1 of" in note.text_content() and "resources link to Rossana Cambron" in note.text_content()
    assert note.xpath('.//a[@rel="next"]/@href') == ["/page/person/rossana-cambron?page=2"]
    assert doc.xpath('//link[@rel="alternate"][@type="text/turtle"]/@href') == ["/data/person/rossana-cambron.ttl"]
    second = await paged_client.get("/page/person/rossana-cambron?page=2", headers={"accept": "text/html"})
    assert '</page/person/rossana-cambron>; rel="prev"' in second.headers["link"]
    assert lxml.html.fromstring(second.text).xpath('//link[@rel="alternate"][@type="text/turtle"]/@href') == [
        "/data/person/rossana-cambron.ttl?page=2"]


async def test_an_iri_with_a_page_redirects_to_that_page(paged_client: httpx.AsyncClient) -> None:
    response = await paged_client.get("/id/person/rossana-cambron?page=2", headers={"accept": "text/turtle"})
    assert response.status_code == 303 and response.headers["location"] == "/data/person/rossana-cambron.ttl?page=2"
    response = await paged_client.get("/id/person/rossana-cambron?page=2", headers={"accept": "text/html"})
    assert response.headers["location"] == "/page/person/rossana-cambron?page=2"


async def test_an_unpaged_description_has_no_page_note(client: httpx.AsyncClient) -> None:
    response = await _data(client, "person/rossana-cambron", "ttl")
    assert 'rel="next"' not in response.headers["link"]
    assert not list(parse_rdf(response.content, "turtle").triples((None, RDF.type, NG.DescriptionPage)))
    past = await client.get("/page/person/rossana-cambron?page=2", headers={"accept": "text/plain"})
    assert past.status_code == 404
    unknown = await client.get("/data/person/nobody.ttl?page=2", headers={"accept": "text/turtle"})
    assert unknown.status_code == 404 and unknown.headers["content-type"].startswith("text/turtle")


PAGED_ROUTES = ["/page/person/rossana-cambron", "/data/person/rossana-cambron.ttl", "/id/person/rossana-cambron",
                "/page/person/rossana-cambron/roles.csv", "/index/person", "/search?q=cambron", "/timeline"]


@pytest.mark.parametrize("path", PAGED_ROUTES)
async def test_a_page_number_past_what_sqlite_holds_is_a_400_not_a_500(client: httpx.AsyncClient, path: str) -> None:
    """Regression: ?page=10^23 reached SQLite as an OFFSET or a key, and its OverflowError was a 500."""
    joined = "&" if "?" in path else "?"
    response = await client.get(f"{path}{joined}page={10 ** 23}", headers={"accept": "text/plain"})
    assert response.status_code == 400
    assert response.text.startswith("invalid query parameter 'page': Input should be less than or equal to 1000000000")


@pytest.mark.parametrize(("query", "problem"), [
    ("page=abc", "Input should be a valid integer, unable to parse string as an integer"),
    ("page=", "Input should be a valid integer, unable to parse string as an integer"),
    ("page=1.5", "Input should be a valid integer, unable to parse string as an integer"),
    ("page=0", "Input should be greater than or equal to 1"),
    ("validate=maybe", "Input should be a valid boolean, unable to interpret input"),
])
async def test_entity_pages_read_their_parameters_as_every_other_route(client: httpx.AsyncClient, query: str,
                                                                        problem: str) -> None:
    """/page and /data read ``page`` (and /page ``validate``) without FastAPI's parameter machinery (it cost
    as much as a small description's Turtle): the same 400s, naming the parameter, as /index and /search give."""
    name = query.split("=")[0]
    paths = ["/page/person/rossana-cambron"] + (["/data/person/rossana-cambron.ttl", "/index/person"]
                                                if name == "page" else [])
    for path in paths:
        response = await client.get(f"{path}?{query}", headers={"accept": "text/plain"})
        assert (response.status_code, response.text.strip()) == (400, f"invalid query parameter {name!r}: {problem}")


async def test_entity_pages_take_the_last_page_given_and_whole_numbers_written_as_decimals(
        paged_client: httpx.AsyncClient) -> None:
    for query in ("page=1&page=2", "page=2.0", "page=%202"):
        response = await paged_client.get(f"/data/person/rossana-cambron.ttl?{query}", headers={"accept": "text/turtle"})
        assert response.status_code == 200 and '</data/person/rossana-cambron.ttl>; rel="prev"' in response.headers["link"]
    response = await paged_client.get("/page/person/rossana-cambron?validate=yes&page=1")
    assert response.status_code == 200
