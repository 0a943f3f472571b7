"""server/search.py: the SQLite site index, kept in step with the store version, and the /search page."""

from __future__ import annotations

from pathlib import Path

import httpx
import lxml.html
import pytest

from graphbuild.stores import ArticleStore
from server.freshness import store_version
from server.search import SCHEMA_VERSION, SiteIndex, build_index, fts_query, is_current, recorded_version
from tests.test_server_data import BASE, CAMBRON, MALLORY, build_news_store

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ArticleStore:
    return build_news_store(tmp_path_factory.mktemp("search") / "store")


@pytest.fixture(scope="module")
def index(store: ArticleStore, tmp_path_factory: pytest.TempPathFactory) -> SiteIndex:
    path = tmp_path_factory.mktemp("index") / "site.sqlite3"
    build_index(store, store_version(store), path, BASE)
    return SiteIndex(path)


CLIENT_HEADERS = {"accept": "text/html"}  # for tests/conftest.py's client: these tests read pages


@pytest.mark.parametrize(("text", "query"), [
    ("cambron", '"cambron"*'),
    ("Rossana Camb", '"Rossana" "Camb"*'),
    ('" OR name:* NEAR(', '"OR" "name" "NEAR"*'),  # FTS5 syntax in the box is only words
    ("   ", None),
    ("«»", None),
])
def test_fts_query_quotes_every_word(text: str, query: str | None) -> None:
    assert fts_query(text) == query


def test_search_finds_names_aliases_headlines_and_statements(index: SiteIndex) -> None:
    assert [e.iri for e in index.search("rossana")[0]][0] == CAMBRON
    assert f"{BASE}id/organisation/communist-party-usa" in [e.iri for e in index.search("cpusa")[0]]  # an alias
    assert [e.kind for e in index.search("chicago speaks")[0]] == ["article"]  # a headline
    found, total = index.search("talks useful")
    assert [e.kind for e in found] == ["statement", "article"]  # the statement, then the article that holds it
    assert found[0].snippet is not None and "\ue000talks\ue001" in found[0].snippet
    assert [e.kind for e in index.search("delegation")[0]] == ["article"]  # words of the article text only


def test_a_search_that_finds_nothing_tries_the_nearest_spelling(index: SiteIndex) -> None:
    assert index.search("Cambrn")[1] == 0
    found, total, meant = index.search_as_meant("Cambrn")
    assert meant == "cambron" and found[0].iri == CAMBRON
    assert index.search_as_meant("Rosana Cambron")[2] == "rossana Cambron"  # each word on its own
    assert index.search_as_meant("cambron")[2] is None  # found as typed: nothing changed
    assert index.search_as_meant("xylophone")[:2] == ([], 0)  # nothing near: nothing found, no guess
    assert index.search_as_meant("Camb")[2] is None  # a prefix of a word is typing, not a typo


def test_search_ranks_names_above_text(index: SiteIndex) -> None:
    found, _ = index.search("cambron")
    kinds = [e.kind for e in found]
    assert kinds[0] == "person" and "article" in kinds  # the person first, then headlines naming her
    assert [e.kind for e in index.search("cambron", kind="article")[0]] == ["article", "article"]


def test_search_matches_a_prefix_and_ignores_accents(index: SiteIndex) -> None:
    assert index.search("camb")[0][0].iri == CAMBRON
    assert index.search("Cambrón")[0][0].iri == CAMBRON


def test_an_index_records_the_store_version_it_was_built_from(tmp_path: Path) -> None:
    store = build_news_store(tmp_path / "store")
    path = tmp_path / "site.sqlite3"
    first = store_version(store)
    build_index(store, first, path, BASE)
    assert recorded_version(path) == f"{SCHEMA_VERSION}:{first.tag}" and is_current(path, first)
    store.remove_article(f"{BASE}id/article/2021-03-22-cambron-speaks-in-chicago")
    second = store_version(store)
    assert second.tag != first.tag and not is_current(path, second)
    build_index(store, second, path, BASE)
    assert recorded_version(path) == f"{SCHEMA_VERSION}:{second.tag}"
    assert SiteIndex(path).search("chicago")[1] == 0


async def test_search_page_ranks_and_links_results(client: httpx.AsyncClient) -> None:
    doc = lxml.html.fromstring((await client.get("/search", params={"q": "Rossana"})).text)
    first = doc.xpath('//ol[@class="results"]/li/a')[0]
    assert first.get("href") == "/page/person/rossana-cambron" and first.text_content() == "Rossana Cambron"
    assert doc.xpath('//input[@id="q"]/@value') == ["Rossana"]
    assert "3 results" in doc.find_class("total")[0].text_content()  # her, and the two articles naming her
    typo = lxml.html.fromstring((await client.get("/search", params={"q": "Cambrn"})).text)
    assert "nothing matched “Cambrn”" in typo.find_class("total")[0].text_content()
    assert typo.xpath('//ol[@class="results"]/li/a')[0].get("href") == "/page/person/rossana-cambron"


async def test_search_page_marks_the_matched_words(client: httpx.AsyncClient) -> None:
    doc = lxml.html.fromstring((await client.get("/search", params={"q": "useful"})).text)
    assert [m.text_content() for m in doc.xpath('//p[@class="snippet"]/mark')] == ["useful", "useful"]


async def test_search_with_an_unknown_kind_is_400(client: httpx.AsyncClient) -> None:
    response = await client.get("/search", params={"q": "x", "kind": "planet"}, headers={"accept": "text/plain"})
    assert response.status_code == 400 and "kind parameter" in response.text


async def test_empty_search_shows_the_form(client: httpx.AsyncClient) -> None:
    doc = lxml.html.fromstring((await client.get("/search")).text)
    assert doc.xpath('//input[@id="q"]') and not doc.find_class("results")


def test_related_are_the_people_and_organisations_named_in_the_same_articles(index: SiteIndex) -> None:
    related = index.related(CAMBRON)
    assert {r.iri for r in related} == {f"{BASE}id/person/song-tao", f"{BASE}id/organisation/communist-party-usa",
                                        MALLORY}  # not the places, not herself
    assert all(r.articles == 1 for r in related)
    assert [r.label for r in related] == sorted((r.label for r in related), key=str.lower)
    assert CAMBRON in {r.iri for r in index.related(f"{BASE}id/place/beijing")}
    assert index.related(f"{BASE}id/article/2021-03-19-cambron-meets-song-tao") == []  # only people, organisations, places
