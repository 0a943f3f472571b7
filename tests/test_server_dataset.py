"""server/dataset.py and server/ontology.py: VoID, dumps, sitemap, robots.txt, the shapes and the vocabulary."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET

import httpx
import lxml.html
import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from graphbuild.stores import ArticleStore
from graphbuild.vocab import NG, SDO
from server.ontology import ontology_doc
from tests.test_server_data import BASE, build_news_store, parse_rdf

pytestmark = pytest.mark.anyio

VOID = Namespace("http://rdfs.org/ns/void#")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RDF_FORMATS = [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
               ("application/rdf+xml", "xml")]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ArticleStore:
    return build_news_store(tmp_path_factory.mktemp("dataset") / "store")


# -- VoID ------------------------------------------------------------------------------------------------
async def test_void_counts_classes_and_properties_and_links_dumps_and_sparql(client: httpx.AsyncClient,
                                                                              store: ArticleStore) -> None:
    response = await client.get("/.well-known/void", headers={"accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["vary"] == "Accept"
    graph = parse_rdf(response.content, "turtle")
    dataset = URIRef(f"{BASE}.well-known/void#dataset")
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef(f"{BASE}sparql")
    assert set(graph.objects(dataset, VOID.dataDump)) == {URIRef(f"{BASE}dumps/newsgraph.nq.gz"),
                                                          URIRef(f"{BASE}dumps/newsgraph.ttl.gz")}
    assert graph.value(dataset, VOID.triples) == Literal(store.triple_count())
    classes = {graph.value(p, VOID["class"]): graph.value(p, VOID.entities)
               for p in graph.objects(dataset, VOID.classPartition)}
    assert classes[SDO.Person] == Literal(4) and classes[NG.Mention] == Literal(8)
    properties = {graph.value(p, VOID.property): graph.value(p, VOID.triples)
                  for p in graph.objects(dataset, VOID.propertyPartition)}
    assert properties[SDO.headline] == Literal(2)
    assert graph.value(dataset, VOID.uriSpace) == Literal(f"{BASE}id/")


async def test_void_in_every_rdf_format_is_the_same(client: httpx.AsyncClient) -> None:
    graphs = []
    for media_type, rdflib_format in RDF_FORMATS:
        response = await client.get("/.well-known/void", headers={"accept": media_type})
        assert response.headers["content-type"].split(";")[0] == media_type
        graphs.append(parse_rdf(response.content, rdflib_format))
    assert all(isomorphic(graphs[0], g) for g in graphs[1:])


async def test_void_for_a_browser_is_a_page(client: httpx.AsyncClient) -> None:
    response = await client.get("/.well-known/void", headers={"accept": "text/html,*/*;q=0.8"})
    doc = lxml.html.fromstring(response.text)
    assert doc.find(".//h1").text == "The dataset"
    assert "/dumps/newsgraph.nq.gz" in doc.xpath("//a/@href")


async def test_void_with_an_unservable_accept_is_406(client: httpx.AsyncClient) -> None:
    response = await client.get("/.well-known/void", headers={"accept": "image/png"})
    assert response.status_code == 406


# -- dumps -------------------------------------------------------------------------------------------------
async def test_nquads_dump_holds_every_article_graph(client: httpx.AsyncClient, store: ArticleStore) -> None:
    response = await client.get("/dumps/newsgraph.nq.gz")
    assert response.status_code == 200 and response.headers["content-type"] == "application/gzip"
    assert 'filename="newsgraph.nq.gz"' in response.headers["content-disposition"]
    dataset = parse_rdf(gzip.decompress(response.content), "nquads")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert set(store.article_graphs()) <= names
    assert sum(1 for _ in store.quads()) == sum(len(g) for g in dataset.graphs())


async def test_turtle_dump_is_the_union(client: httpx.AsyncClient, store: ArticleStore) -> None:
    response = await client.get("/dumps/newsgraph.ttl.gz")
    graph = parse_rdf(gzip.decompress(response.content), "turtle")
    assert len(graph) == store.triple_count()


async def test_head_of_a_dump_sends_no_body(client: httpx.AsyncClient) -> None:
    response = await client.head("/dumps/newsgraph.nq.gz")
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-type"] == "application/gzip"


async def test_unknown_dump_is_404(client: httpx.AsyncClient) -> None:
    assert (await client.get("/dumps/newsgraph.csv")).status_code == 404


# -- sitemap and robots.txt ----------------------------------------------------------------------------------
async def test_sitemap_lists_every_entity_page(client: httpx.AsyncClient) -> None:
    index = ET.fromstring((await client.get("/sitemap.xml")).content)
    parts = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert f"{BASE}sitemaps/pages.xml" in parts and f"{BASE}sitemaps/person-1.xml" in parts
    pages: list[str] = []
    for part in parts:
        assert part is not None
        response = await client.get(part.removeprefix(BASE.rstrip("/")))
        assert response.status_code == 200
        pages += [str(loc.text) for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert f"{BASE}page/person/rossana-cambron" in pages and f"{BASE}page/role/national-co-chair" in pages
    assert f"{BASE}index/person" in pages
    for page in (p for p in pages if "/page/" in p):
        assert (await client.get(page.removeprefix(BASE.rstrip("/")), headers={"accept": "text/html"})).status_code == 200


async def test_unknown_sitemap_is_404(client: httpx.AsyncClient) -> None:
    for name in ("person-2.xml", "planet-1.xml", "person-0.xml", "person-x.xml",
                 "person-" + "9" * 30 + ".xml", "person-99999999999.xml", "person-\u00b2.xml"):  # past SQLite's OFFSET, "²"
        assert (await client.get(f"/sitemaps/{name}")).status_code == 404


async def test_robots_points_to_the_sitemap(client: httpx.AsyncClient) -> None:
    text = (await client.get("/robots.txt")).text
    assert "User-agent: *" in text and f"Sitemap: {BASE}sitemap.xml" in text and "Disallow: /sparql" in text


# -- shapes and the vocabulary -----------------------------------------------------------------------------
async def test_shapes_are_published(client: httpx.AsyncClient) -> None:
    response = await client.get("/shapes", headers={"accept": "text/turtle"})
    graph = parse_rdf(response.content, "turtle")
    sh = Namespace("http://www.w3.org/ns/shacl#")
    assert (None, sh.targetClass, SDO.NewsArticle) in graph
    page = lxml.html.fromstring((await client.get("/shapes", headers={"accept": "text/html"})).text)
    assert "news article" in page.text_content()


@pytest.mark.parametrize("path", ["/ns", "/ontology"])
async def test_vocabulary_as_html_lists_each_term_with_label_comment_and_example(client: httpx.AsyncClient,
                                                                                 path: str) -> None:
    response = await client.get(path, headers={"accept": "text/html"})
    assert response.status_code == 200 and response.headers["vary"] == "Accept"
    doc = lxml.html.fromstring(response.text)
    mention = doc.get_element_by_id("Mention")
    assert "Mention" in mention.find("h3").text_content()
    assert "span of an article" in mention.text_content() and mention.find_class("example")
    assert "schema1:" not in response.text and "schema:Person" in response.text  # the prefix it is known by
    terms = ontology_doc()
    for term in terms.classes + terms.properties:
        section = doc.get_element_by_id(term.local)
        assert term.label and term.comment and section is not None


@pytest.mark.parametrize(("accept", "rdflib_format"), RDF_FORMATS)
async def test_vocabulary_as_rdf_by_accept(client: httpx.AsyncClient, accept: str, rdflib_format: str) -> None:
    response = await client.get("/ns", headers={"accept": accept})
    assert response.headers["content-type"].split(";")[0] == accept
    graph = parse_rdf(response.content, rdflib_format)
    assert (NG.Mention, None, None) in graph and (NG.startOffset, None, None) in graph


async def test_vocabulary_source_is_served_as_turtle(client: httpx.AsyncClient) -> None:
    response = await client.get("/ns", headers={"accept": "text/turtle"})
    assert response.text.startswith("@prefix ng:")  # the file itself, comments and all


async def test_the_licence_and_rights_set_are_in_void_and_on_every_page(store: ArticleStore) -> None:
    from rdflib.namespace import DCTERMS

    from server.app import create_app
    from tests.test_server_data import serving_settings

    licence, rights = "https://creativecommons.org/licenses/by/4.0/", "Articles © their publishers."
    app = create_app(serving_settings(store, licence=licence, rights=rights), store)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://news.test") as client:
        void = parse_rdf((await client.get("/.well-known/void", headers={"accept": "text/turtle"})).content, "turtle")
        dataset = URIRef(f"{BASE}.well-known/void#dataset")
        assert void.value(dataset, DCTERMS.license) == URIRef(licence)
        assert void.value(dataset, DCTERMS.rights) == Literal(rights)
        for path in ("/", "/page/person/rossana-cambron", "/sparql", "/timeline"):
            page = lxml.html.fromstring((await client.get(path, headers={"accept": "text/html"})).text)
            assert page.xpath(f"//footer[@class='site']//a[@rel='license'][@href='{licence}']"), path
            assert rights in page.xpath("string(//footer[@class='site'])"), path
    unset = lxml.html.fromstring((await client_without_licence(store)).text)
    assert "No licence is stated" in unset.xpath("string(//footer[@class='site'])")


async def client_without_licence(store: ArticleStore) -> httpx.Response:
    from server.app import create_app
    from tests.test_server_data import serving_settings

    app = create_app(serving_settings(store), store)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://news.test") as client:
        return await client.get("/")
