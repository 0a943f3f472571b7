"""server/tables.py: every listing and entity table as CSV and JSON, by extension and by Accept."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from collections.abc import AsyncIterator

import httpx
import lxml.html
import pytest

import server.tables as tables_module
from graphbuild.stores import ArticleStore
from server.app import create_app
from server.tables import Table, _csv, _json
from tests.test_server_data import BASE, build_news_store, serving_settings
from tests.test_server_pages import crowded_store  # noqa: F401 -- a fixture: 230 places

pytestmark = pytest.mark.anyio
CAMBRON_PAGE = "/page/person/rossana-cambron"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ArticleStore:
    return build_news_store(tmp_path_factory.mktemp("tables") / "store")


async def _client(store: ArticleStore) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(serving_settings(store), store))
    return httpx.AsyncClient(transport=transport, base_url="http://news.test")


@pytest.fixture
async def client(store: ArticleStore) -> AsyncIterator[httpx.AsyncClient]:
    async with await _client(store) as c:
        yield c


def _rows(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    if response.headers["content-type"].startswith("text/csv"):
        return list(csv.DictReader(io.StringIO(response.text)))
    document = response.json()
    assert [list(r) for r in document["rows"]] == [document["columns"]] * len(document["rows"])
    return [{k: "" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for k, v in r.items()}
            for r in document["rows"]]


@pytest.mark.parametrize(("path", "accept"), [
    ("/index/person.csv", None), ("/index/person.json", None), ("/index/person", "text/csv"),
    ("/index/person", "application/json")])
async def test_an_index_exports_every_row_with_the_page_s_columns(client: httpx.AsyncClient, path: str,
                                                                  accept: str | None) -> None:
    response = await client.get(path, headers={"accept": accept} if accept else {})
    rows = _rows(response)
    assert [r["name"] for r in rows] == ["Jane Reporter", "Rossana Cambron", "<script>alert(1)</script>", "Song Tao"]
    assert rows[1] == {"name": "Rossana Cambron", "iri": f"{BASE}id/person/rossana-cambron", "page": CAMBRON_PAGE}
    assert response.headers["vary"] == "Accept"


async def test_a_dated_index_keeps_its_sort_and_its_date_column(client: httpx.AsyncClient) -> None:
    rows = _rows(await client.get("/index/article.csv?sort=date&order=desc"))
    assert [(r["date"], r["name"]) for r in rows] == [("2021-03-22", "Cambron speaks in Chicago"),
                                                      ("2021-03-19", "Cambron meets Song Tao")]


async def test_search_and_timeline_export_what_they_list(client: httpx.AsyncClient) -> None:
    found = _rows(await client.get("/search.json?q=Cambron&kind=person"))
    assert [(r["kind"], r["name"], r["match"]) for r in found] == [("Person", "Rossana Cambron", "Rossana Cambron")]
    timeline = _rows(await client.get("/timeline.csv?person=song-tao&order=asc"))
    assert [(r["date"], r["kind"], r["name"], r["planned"]) for r in timeline] == [
        ("2021-03-15", "Event", "Cambron meets Song Tao in Beijing", "false"),
        ("2021-03-19", "Article", "Cambron meets Song Tao", "false")]


async def test_every_table_of_an_entity_page_exports(client: httpx.AsyncClient) -> None:
    roles = _rows(await client.get(f"{CAMBRON_PAGE}/roles.csv"))
    assert roles[0]["role"] == "national co-chair" and roles[0]["organisation"] == "Communist Party USA"
    assert roles[0]["sentence"] == "The Communist Party USA sent a delegation of five."
    statements = _rows(await client.get(f"{CAMBRON_PAGE}/statements.json"))
    assert statements[0]["text"] == "the talks were useful" and statements[0]["confidence"] == "0.9"
    events = _rows(await client.get(f"{CAMBRON_PAGE}/events", headers={"accept": "text/csv"}))
    assert events[0]["event"] == "Cambron meets Song Tao in Beijing" and events[0]["place"] == "Beijing"
    mentions = _rows(await client.get(f"{CAMBRON_PAGE}/mentions.csv"))
    assert [m["sentence"] for m in mentions] == ["In Chicago, Rossana Cambron spoke again.",
                                                 "Rossana Cambron met Song Tao in Beijing on Monday.",
                                                 "Cambron said the talks were useful!"]


async def test_each_table_on_a_page_links_its_exports(client: httpx.AsyncClient) -> None:
    page = lxml.html.fromstring((await client.get(CAMBRON_PAGE)).text)
    links = {a.get("href") for a in page.xpath("//p[@class='exports']/a")}
    assert {f"{CAMBRON_PAGE}/{t}.{e}" for t in ("roles", "statements", "events", "mentions")
            for e in ("csv", "json")} == links
    index = lxml.html.fromstring((await client.get("/index/article?sort=date&page=1")).text)
    assert [a.get("href") for a in index.xpath("//p[@class='exports']/a")] == [
        "/index/article.csv?sort=date", "/index/article.json?sort=date"]  # the page's parameters, not its page
    for path in (await client.get(f"{CAMBRON_PAGE}/roles")).headers["location"], "/search?q=Song", "/timeline":
        assert (await client.get(path)).status_code == 200


async def test_unknown_exports_and_tables_are_404_with_a_reason(client: httpx.AsyncClient) -> None:
    for path, reason in (("/index/person.xml", "no .xml export"), (f"{CAMBRON_PAGE}/friends.csv", "no table"),
                         ("/page/place/beijing/roles.csv", "has no roles table")):
        response = await client.get(path)
        assert response.status_code == 404 and reason in response.text, (path, response.text)


async def test_an_export_holds_every_row_not_one_page(crowded_store: ArticleStore,  # noqa: F811
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables_module, "CHUNK", 64)  # several reads from the index, one answer
    async with await _client(crowded_store) as client:
        rows = _rows(await client.get("/index/place.csv"))
    assert [r["name"] for r in rows] == [f"Town {n:03d}" for n in range(230)]


def test_twenty_thousand_rows_stream_in_flat_memory() -> None:
    """The writers hold a few hundred rows at a time, not the table."""
    def rows() -> object:
        return ((f"Town {n:05d}", f"{BASE}id/place/town-{n:05d}", n) for n in range(20_000))
    table = Table("places", ("name", "iri", "n"), rows)  # type: ignore[arg-type]
    for writer in (_csv, _json):
        tracemalloc.start()
        size = sum(len(chunk) for chunk in writer(table))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert size > 1_000_000 and peak < size / 4, (writer.__name__, size, peak)
    last = json.loads(b"".join(_json(table)))["rows"][-1]
    assert last == {"name": "Town 19999", "iri": f"{BASE}id/place/town-19999", "n": 19999}
