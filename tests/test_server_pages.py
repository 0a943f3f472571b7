"""server/pages.py and server/presenter.py: home, per-type indexes, entity and article pages."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from html import unescape

import httpx
import pytest
from rdflib import Graph, Literal, URIRef

from graphbuild.store import ArticleStore
from graphbuild.vocab import RDF, SDO
from server.app import create_app
from server.pages import script_json
from tests.test_server_data import BASE, HOSTILE_NAME, build_news_store, news_settings, parse_rdf

pytestmark = pytest.mark.anyio

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ArticleStore:
    return build_news_store(tmp_path_factory.mktemp("pages") / "store")


async def _client(store: ArticleStore) -> httpx.AsyncClient:
    assert store.path is not None
    transport = httpx.ASGITransport(app=create_app(news_settings(store.path), store))
    return httpx.AsyncClient(transport=transport, base_url="http://news.test", headers=BROWSER)


@pytest.fixture
async def client(store: ArticleStore) -> AsyncIterator[httpx.AsyncClient]:
    async with await _client(store) as c:
        yield c


async def _page(client: httpx.AsyncClient, path: str) -> str:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def _squash(html: str) -> str:
    return re.sub(r"\s+", " ", html)


# -- entity pages ---------------------------------------------------------------------------------------
async def test_person_page_shows_name_types_and_alternate_names(client: httpx.AsyncClient) -> None:
    html = await _page(client, "/page/person/rossana-cambron")
    assert "<h1>Rossana Cambron</h1>" in html
    assert "schema:Person" in html and "Also known as: Cambron" in html
    assert '<meta name="viewport"' in html


async def test_person_page_lists_the_articles_that_mention_it(client: httpx.AsyncClient) -> None:
    html = _squash(await _page(client, "/page/person/rossana-cambron"))
    first = '<a href="/page/article/2021-03-19-cambron-meets-song-tao">Cambron meets Song Tao</a>'
    second = '<a href="/page/article/2021-03-22-cambron-speaks-in-chicago">Cambron speaks in Chicago</a>'
    assert first in html and second in html
    assert html.index(second) < html.index(first)  # newest first
    assert '<time datetime="2021-03-19">2021-03-19</time>' in html


async def test_person_page_quotes_the_sentence_around_each_mention(client: httpx.AsyncClient) -> None:
    html = _squash(await _page(client, "/page/person/rossana-cambron"))
    assert "<mark>Rossana Cambron</mark> met Song Tao in Beijing on Monday." in html
    assert "<mark>Cambron</mark> said the talks were useful!" in html  # after a paragraph break
    assert "In Chicago, <mark>Rossana Cambron</mark> spoke again." in html
    assert "The Communist Party USA" not in html.split("Mentioned in")[1].split("</section>")[0]


async def test_entity_page_links_values_with_their_labels(client: httpx.AsyncClient) -> None:
    html = _squash(await _page(client, "/page/event/2021-03-15-meeting-in-beijing"))
    assert '<a href="/page/place/beijing">Beijing</a>' in html
    assert '<a href="/page/person/song-tao">Song Tao</a>' in html
    assert BASE not in html.split("<footer")[0].split("</script>")[1]  # no raw IRI where a label is known


async def test_entity_page_shows_incoming_links(client: httpx.AsyncClient) -> None:
    html = _squash(await _page(client, "/page/organisation/communist-party-usa"))
    assert "Linked from" in html and "org:organization" in html
    assert 'href="/page/membership/rossana-cambron-communist-party-usa-national-co-chair"' in html


async def test_entity_page_points_to_its_data(client: httpx.AsyncClient) -> None:
    response = await client.get("/page/place/beijing")
    assert '<link rel="alternate" type="text/turtle" href="/data/place/beijing.ttl">' in response.text
    assert '</data/place/beijing.jsonld>; rel="alternate"; type="application/ld+json"' in response.headers["link"]


async def test_entity_page_embeds_its_description_as_jsonld(client: httpx.AsyncClient) -> None:
    html = await _page(client, "/page/person/rossana-cambron")
    embedded = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert embedded is not None
    graph = parse_rdf(embedded.group(1), "json-ld")
    assert (URIRef(f"{BASE}id/person/rossana-cambron"), SDO.name, Literal("Rossana Cambron")) in graph


async def test_hostile_name_is_escaped(client: httpx.AsyncClient) -> None:
    html = await _page(client, "/page/person/mallory")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)
    assert len(scripts) == 1  # the JSON-LD block is not closed early by the name inside it
    assert any(n.get("name") == HOSTILE_NAME for n in json.loads(scripts[0])["@graph"])


async def test_hostile_text_in_an_article_body_is_escaped(client: httpx.AsyncClient) -> None:
    html = await _page(client, "/page/article/2021-03-22-cambron-speaks-in-chicago")
    assert "<script>alert" not in html
    assert "Her guest &lt;script&gt;alert(1)&lt;/script&gt; did not." in html


async def test_article_page_shows_headline_date_author_and_body(client: httpx.AsyncClient) -> None:
    html = _squash(await _page(client, "/page/article/2021-03-19-cambron-meets-song-tao"))
    assert "<h1>Cambron meets Song Tao</h1>" in html
    assert '<time datetime="2021-03-19">2021-03-19</time>' in html
    assert '<a href="/page/person/jane-reporter">Jane Reporter</a>' in html
    assert "<p>Rossana Cambron met Song Tao in Beijing on Monday." in html
    assert "<p>Cambron said the talks were useful! Nobody else spoke.</p>" in html  # second paragraph


async def test_page_of_an_unknown_entity_is_a_404_page(client: httpx.AsyncClient) -> None:
    response = await client.get("/page/person/nobody")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "404 Not Found" in response.text


async def test_unknown_path_gets_our_error_shape(client: httpx.AsyncClient) -> None:
    response = await client.get("/nowhere", headers={"accept": "application/json"})
    assert response.status_code == 404
    assert response.json() == {"error": {"status": 404, "message": "no resource at path /nowhere"}}


async def test_stylesheet_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/static/style.css")
    assert response.status_code == 200 and "mark" in response.text


# -- home and indexes -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("kind", "heading", "count"), [
    ("article", "Articles", 2), ("person", "People", 4), ("organisation", "Organisations", 1),
    ("place", "Places", 2), ("event", "Events", 1), ("statement", "Statements", 1),
])
async def test_home_counts_each_type_once(client: httpx.AsyncClient, kind: str, heading: str, count: int) -> None:
    html = _squash(await _page(client, "/"))
    assert f'<a href="/index/{kind}">{heading}</a></th><td>{count}</td>' in html


async def test_home_counts_distinct_triples(client: httpx.AsyncClient, store: ArticleStore) -> None:
    html = _squash(await _page(client, "/"))
    assert f"Triples</th><td>{store.triple_count()}</td>" in html


async def test_index_lists_entities_sorted_by_name(client: httpx.AsyncClient) -> None:
    html = await _page(client, "/index/person")
    names = re.findall(r'<li><a href="/page/person/[a-z0-9-]+">([^<]*)</a>', html)
    assert [unescape(n) for n in names] == [HOSTILE_NAME, "Jane Reporter", "Rossana Cambron", "Song Tao"]


async def test_index_of_articles_shows_dates(client: httpx.AsyncClient) -> None:
    html = await _page(client, "/index/article")
    assert '<time datetime="2021-03-22">2021-03-22</time>' in html


async def test_index_of_an_unknown_type_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/index/planet", headers={"accept": "text/plain"})
    assert response.status_code == 404 and "planet" in response.text


@pytest.mark.parametrize("page", ["0", "-1", "two"])
async def test_index_page_must_be_a_positive_integer(client: httpx.AsyncClient, page: str) -> None:
    response = await client.get("/index/person", params={"page": page}, headers={"accept": "text/plain"})
    assert response.status_code == 400 and "page" in response.text


@pytest.fixture(scope="module")
def crowded_store(tmp_path_factory: pytest.TempPathFactory) -> ArticleStore:
    """A store with 230 places, for pagination."""
    store = ArticleStore.open(tmp_path_factory.mktemp("crowded") / "store")
    graph = Graph()
    article = URIRef(f"{BASE}id/article/atlas")
    graph.add((article, RDF.type, SDO.NewsArticle))
    for n in range(230):
        place = URIRef(f"{BASE}id/place/town-{n:03d}")
        graph.add((place, RDF.type, SDO.Place))
        graph.add((place, SDO.name, Literal(f"Town {n:03d}")))
    store.put_article(str(article), graph)
    return store


async def test_index_is_paginated_by_100(crowded_store: ArticleStore) -> None:
    async with await _client(crowded_store) as client:
        pages = [await _page(client, f"/index/place?page={n}") for n in (1, 2, 3)]
        past_the_end = await client.get("/index/place?page=4")
    names = [re.findall(r">(Town \d+)</a>", html) for html in pages]
    assert [len(n) for n in names] == [100, 100, 30]
    assert names[0][0] == "Town 000" and names[1][0] == "Town 100" and names[2][-1] == "Town 229"
    assert 'rel="next" href="/index/place?page=2"' in pages[0] and 'rel="prev"' not in pages[0]
    assert 'rel="prev" href="/index/place?page=2"' in pages[2] and 'rel="next"' not in pages[2]
    assert "page 3 of 3" in pages[2]
    assert past_the_end.status_code == 404


def test_script_json_cannot_close_the_script_element() -> None:
    text = script_json(json.dumps({"name": "</script><script>alert(1)</script> & more"}).encode())
    assert "</" not in text and "<" not in text and "&" not in text
    assert json.loads(str(text)) == {"name": "</script><script>alert(1)</script> & more"}
