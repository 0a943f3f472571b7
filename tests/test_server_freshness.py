"""server/freshness.py: ETag, Last-Modified, conditional GET (304) and HEAD on every GET route."""

from __future__ import annotations

from email.utils import formatdate
from pathlib import Path

import httpx
import pytest
from rdflib import Literal, URIRef

from graphbuild.stores import ArticleStore
from graphbuild.vocab import NG
from server.freshness import (
    StoreVersion,
    article_key,
    entity_tag,
    is_not_modified,
    none_match,
    not_modified_response,
    not_modified_since,
    store_version,
)
from tests.test_server_data import ARTICLE_1, ARTICLE_2, article_graphs, build_news_store

pytestmark = pytest.mark.anyio

PATHS = ["/", "/page/person/rossana-cambron", "/data/person/rossana-cambron.ttl", "/data/place/beijing.jsonld",
         "/index/person", "/search?q=cambron", "/timeline", "/.well-known/void", "/ns", "/shapes", "/sitemap.xml",
         "/robots.txt", "/context.jsonld", "/static/style.css"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ArticleStore:
    return build_news_store(tmp_path_factory.mktemp("freshness") / "store")


@pytest.mark.parametrize("path", PATHS)
async def test_every_get_has_validators_and_answers_304(client: httpx.AsyncClient, path: str) -> None:
    first = await client.get(path)
    assert first.status_code == 200
    tag, modified = first.headers["etag"], first.headers["last-modified"]
    assert tag.endswith('"')  # ours are weak (W/"store-version-..."); files keep Starlette's own
    again = await client.get(path, headers={"if-none-match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    since = await client.get(path, headers={"if-modified-since": modified})
    assert since.status_code == 304


@pytest.mark.parametrize("path", PATHS)
async def test_head_answers_every_get_route_without_a_body(client: httpx.AsyncClient, path: str) -> None:
    get, head = await client.get(path), await client.head(path)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["etag"] == get.headers["etag"]
    if "link" in get.headers:
        assert head.headers["link"] == get.headers["link"]


async def test_a_stale_tag_gets_the_full_answer(client: httpx.AsyncClient) -> None:
    response = await client.get("/page/person/rossana-cambron", headers={"if-none-match": 'W/"old-version"'})
    assert response.status_code == 200 and response.content


async def test_a_negotiated_answer_has_a_tag_per_representation(client: httpx.AsyncClient) -> None:
    html = await client.get("/ns", headers={"accept": "text/html"})
    turtle = await client.get("/ns", headers={"accept": "text/turtle"})
    assert html.headers["etag"] != turtle.headers["etag"]
    cross = await client.get("/ns", headers={"accept": "text/turtle", "if-none-match": html.headers["etag"]})
    assert cross.status_code == 200


async def test_errors_and_redirects_carry_no_validators(client: httpx.AsyncClient) -> None:
    missing = await client.get("/page/person/nobody")
    assert missing.status_code == 404 and "etag" not in missing.headers
    redirect = await client.get("/id/person/rossana-cambron")
    assert redirect.status_code == 303 and "etag" not in redirect.headers


async def test_an_old_if_modified_since_gets_the_full_answer(client: httpx.AsyncClient) -> None:
    response = await client.get("/", headers={"if-modified-since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert response.status_code == 200


def test_store_version_follows_the_content(tmp_path: pytest.TempPathFactory) -> None:
    store = build_news_store(tmp_path / "store")  # type: ignore[operator]
    before = store_version(store)
    assert store_version(store).tag == before.tag
    store.remove_article(next(iter(store.article_graphs())))
    assert store_version(store).tag != before.tag


@pytest.mark.parametrize(("header", "matches"), [
    ('W/"abc-1"', True), ('"abc-1"', True), ('"x", W/"abc-1"', True), ("*", True), ('"abc-2"', False), ("", False),
    (None, False), (' "x" ,  W/"abc-1" ', True), ('W/"abc-1-2"', False), ('abc-1', False),
])
def test_none_match_is_a_weak_comparison(header: str | None, matches: bool) -> None:
    assert none_match(header, 'W/"abc-1"') is matches
    assert none_match(header, '"abc-1"') is matches  # a strong tag compares the same way


def test_entity_tag_is_weak_and_names_version_and_representation() -> None:
    tag = entity_tag("v1", "/ns", "", "text/html")
    assert tag.startswith('W/"v1-') and tag.endswith('"')
    assert entity_tag("v1", "/ns", "", "text/html") == tag
    assert entity_tag("v2", "/ns", "", "text/html") != tag  # a new store version: every tag changes
    assert entity_tag("v1", "/ns", "", "text/turtle") != tag  # one tag per representation
    assert none_match(tag, tag)


def test_if_none_match_overrides_if_modified_since() -> None:
    tag, date = 'W/"v-1"', formatdate(1_000_000, usegmt=True)
    assert is_not_modified({"if-none-match": tag}, tag)
    assert is_not_modified({"if-modified-since": date}, tag, 1_000_000.0)
    assert not is_not_modified({"if-modified-since": date}, tag)  # no Last-Modified: the date says nothing
    assert not is_not_modified({"if-none-match": 'W/"old"', "if-modified-since": date}, tag, 1_000_000.0)
    assert not is_not_modified({}, tag, 1_000_000.0)


def test_not_modified_response_repeats_the_validator() -> None:
    response = not_modified_response('W/"v-1"', {"Access-Control-Allow-Origin": "*"})
    assert response.status_code == 304 and response.body == b""
    assert dict(response.headers) == {"access-control-allow-origin": "*", "etag": 'W/"v-1"',
                                      "cache-control": "public, no-cache", "vary": "Accept"}


def test_not_modified_since() -> None:
    version = StoreVersion("x", 1_000_000.0)
    assert not_modified_since(formatdate(1_000_000, usegmt=True), version.modified)
    assert not not_modified_since(formatdate(999_999, usegmt=True), version.modified)
    assert not not_modified_since("not a date", version.modified)


def test_a_version_advanced_by_writes_is_the_version_of_the_store_after_them(tmp_path: Path) -> None:
    store = build_news_store(tmp_path / "store")
    graphs = article_graphs()
    base = "http://news.test/"
    version = store_version(store, base)
    before = {ARTICLE_1: article_key(store.ox, ARTICLE_1), ARTICLE_2: article_key(store.ox, ARTICLE_2)}
    assert all(before.values())
    store.remove_article(ARTICLE_1)
    changed = graphs[ARTICLE_2]
    changed.set((URIRef(ARTICLE_2), NG.contentHash, Literal("another build key")))
    store.put_article(ARTICLE_2, changed)
    after = store_version(store, base)
    keys = {graph: (key, article_key(store.ox, graph)) for graph, key in before.items()}
    assert keys[ARTICLE_1][1] is None and keys[ARTICLE_2][1] == "another build key"
    assert after.tag != version.tag and version.advanced(store, base, keys) == after
    store.put_article(ARTICLE_1, graphs[ARTICLE_1])  # a new article: no key before
    assert after.advanced(store, base, {ARTICLE_1: (None, before[ARTICLE_1])}) == store_version(store, base)
    store.close()
