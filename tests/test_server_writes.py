"""The write API against a real server (uvicorn on a free port), on the embedded store and on a real
Oxigraph server: tokens, the SHACL gate, bad bodies, and readers that never see half an article."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

import server.description as description_module
from graphbuild.stores import ArticleStore, Store, open_store
from server.search import build_index
from tests.backends import oxigraph_server
from tests.sparql_live import live_server
from tests.test_search_incremental import contents
from tests.test_server_data import BASE, article_graphs, build_news_store

TOKEN = "correct-horse-battery-staple"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

# An invented article (never an evaluation text).
MILLERS = """Millers strike at Brannock Mill

By Tomas Reyes | April 3, 2024

Workers at Brannock Mill walked out on Monday. Kofi Mensah, secretary of the Millers Guild, said the strike would last a week.

"We will be back when the mill listens," Mensah said.
"""
CAMBRON_AGAIN = """Cambron back in Beijing

By Tomas Reyes | April 3, 2024

Rossana Cambron met Song Tao in Beijing on Monday. "The talks went well," Cambron said.
"""
JSON_ARTICLE = {"headline": "Bakers meet in Corran", "datePublished": "2024-05-06", "author": "Lena Varga",
                "text": "Bakers met in Corran on Friday. Ines Duarte, president of the Bakers Union, opened the meeting."}
ARTICLE_COUNT = 2  # the two news articles the store starts with


@dataclass
class Site:
    root: str
    store: Store  # the writer's view, to check what the server stored

    def graphs(self) -> list[str]:
        return self.store.article_graphs()


def _site(backend: str, tmp_path: Path, stack: ExitStack, **overrides: object) -> Site:
    if backend == "embedded":
        folder = tmp_path / "store"
        store = ArticleStore.open(folder)
        for iri, graph in article_graphs().items():
            store.put_article(iri, graph)
        store.close()
        server = stack.enter_context(live_server(folder, **overrides))
        reader: Store = server.app.state.live.store  # the server's own read-write handle
        return Site(server.root, reader)
    url = stack.enter_context(oxigraph_server(tmp_path / "oxigraph"))
    remote = open_store(url)
    stack.callback(remote.close)
    for iri, graph in article_graphs().items():
        remote.put_article(iri, graph)
    index = str(tmp_path / "deployment.index.sqlite3")  # a remote store's index is named by the deployment
    server = stack.enter_context(live_server(tmp_path / "unused", store=url, search_index=index,
                                             **{"refresh_interval": 0.5, **overrides}))
    return Site(server.root, remote)


@pytest.fixture(params=["embedded", "oxigraph"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    with ExitStack() as stack:
        yield _site(request.param, tmp_path, stack, write_token=TOKEN, query_timeout=10.0)


@pytest.mark.slow
def test_delete_refuses_an_id_that_is_not_a_slug(tmp_path: Path) -> None:
    with ExitStack() as stack:
        site = _site("embedded", tmp_path, stack, write_token=TOKEN)
        for bad in ("a%3Eb", "UPPER", "a%20b", "a--"):
            response = httpx.delete(f"{site.root}/articles/{bad}", headers={**AUTH, "Accept": "application/json"})
            assert response.status_code == 400 and "not an article id" in response.json()["error"]["message"]
        assert len(site.graphs()) == ARTICLE_COUNT


def _ask(root: str, iri: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
    response = httpx.get(f"{root}/sparql", params={"query": query},
                         headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _post(root: str, body: str | bytes, content_type: str = "text/plain", **headers: str) -> httpx.Response:
    return httpx.post(f"{root}/articles", content=body, headers={"Content-Type": content_type, **AUTH, **headers},
                      timeout=120)


@pytest.mark.slow
def test_the_write_api_is_off_without_a_token(tmp_path: Path) -> None:
    with ExitStack() as stack:
        site = _site("embedded", tmp_path, stack)
        response = _post(site.root, MILLERS)
        assert response.status_code == 404 and "write_token" in response.text
        assert len(site.graphs()) == ARTICLE_COUNT


@pytest.mark.slow
def test_post_publishes_an_article_that_every_reader_sees_at_once(site: Site) -> None:
    response = _post(site.root, MILLERS)
    assert response.status_code == 201, response.text
    document = response.json()
    assert document["outcome"] == "added" and response.headers["location"] == f"/id/article/{document['id']}"
    iri = document["iri"]
    assert iri in site.graphs() and _ask(site.root, iri) == document["triples"]
    page = httpx.get(site.root + document["page"], timeout=30)
    assert page.status_code == 200 and "Brannock Mill" in page.text
    search = httpx.get(f"{site.root}/search", params={"q": "Mensah"}, timeout=30)
    assert "Kofi Mensah" in search.text
    person = httpx.get(f"{site.root}/data/person/kofi-mensah.ttl", timeout=30)
    assert person.status_code == 200 and "Millers Guild" in person.text

    again = _post(site.root, MILLERS)  # the same content: nothing to do
    assert again.status_code == 200 and again.json()["outcome"] == "unchanged"
    edited = _post(site.root, MILLERS.replace("a week", "a fortnight"))
    assert edited.status_code == 200 and edited.json()["outcome"] == "replaced" and edited.json()["iri"] == iri
    assert "fortnight" in httpx.get(site.root + document["page"], timeout=30).text


@pytest.mark.slow
def test_post_takes_a_json_article(site: Site) -> None:
    response = _post(site.root, json.dumps(JSON_ARTICLE), "application/json")
    assert response.status_code == 201, response.text
    assert _ask(site.root, response.json()["iri"]) > 0


@pytest.mark.slow
def test_wrong_or_missing_tokens_get_401_and_change_nothing(site: Site) -> None:
    before = site.graphs()
    for headers in ({}, {"Authorization": "Bearer not-the-token"}, {"Authorization": f"Basic {TOKEN}"},
                    {"Authorization": "Bearer"}):
        response = httpx.post(f"{site.root}/articles", content=MILLERS,
                              headers={"Content-Type": "text/plain", **headers}, timeout=30)
        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"].startswith('Bearer realm="newsgraph"')
    victim = before[0].rsplit("/", 1)[-1]
    response = httpx.delete(f"{site.root}/articles/{victim}", headers={"Authorization": "Bearer wrong"}, timeout=30)
    assert response.status_code == 401
    assert site.graphs() == before


@pytest.mark.slow
def test_an_article_the_shapes_reject_gets_422_with_the_report_and_stores_nothing(site: Site) -> None:
    bad = dict(JSON_ARTICLE, url="not an address")
    before = site.graphs()
    response = _post(site.root, json.dumps(bad), "application/json")
    assert response.status_code == 422
    report = response.json()["report"]
    assert report["conforms"] is False
    assert any(p["path"] == "schema:url" and "http" in p["message"] for p in report["problems"])
    turtle = _post(site.root, json.dumps(bad), "application/json", Accept="text/turtle")
    assert turtle.status_code == 422 and turtle.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (None, SH.resultPath, URIRef("http://schema.org/url")) in graph
    assert site.graphs() == before


@pytest.mark.slow
@pytest.mark.parametrize(("body", "content_type", "status", "words"), [
    (b"", "text/plain", 400, "empty"),
    (b"\xff\xfe headline", "text/plain", 400, "UTF-8"),
    (b'{"headline": "x"', "application/json", 400, "invalid JSON"),
    (b'["a", "b"]', "application/json", 400, "one article object"),
    (b'{"headline": "Only a title"}', "application/json", 400, "text"),
    (b"headline\n\nbody", "application/pdf", 415, "Content-Type"),
    (b"x" * 2_000_000, "text/plain", 413, "max_body_bytes"),
    (b'{"headline": "x", "text": "y", "n": ' + b"9" * 5000 + b"}", "application/json", 400, "5000 digits"),
    (b'{"headline": "x\\ud800", "text": "Bakers met."}', "application/json", 400, "lone surrogate \\ud800"),
    (b'{"headline": "x", "text": "y", "n": 1e999}', "application/json", 400, "out of range"),
], ids=["empty", "not-utf8", "broken-json", "json-list", "no-text", "pdf", "too-large", "huge-integer",
        "lone-surrogate", "infinite-number"])
def test_bad_bodies_get_clear_errors_and_change_nothing(tmp_path: Path, body: bytes, content_type: str, status: int,
                                                         words: str) -> None:
    with ExitStack() as stack:
        site = _site("embedded", tmp_path, stack, write_token=TOKEN)
        response = _post(site.root, body, content_type, Accept="application/json")
        assert response.status_code == status
        assert words in response.json()["error"]["message"]
        assert len(site.graphs()) == ARTICLE_COUNT


@pytest.mark.slow
def test_delete_removes_an_article_from_every_reader(site: Site) -> None:
    iri = _post(site.root, MILLERS).json()["iri"]
    slug = iri.rsplit("/", 1)[-1]
    response = httpx.delete(f"{site.root}/articles/{slug}", headers=AUTH, timeout=60)
    assert response.status_code == 204
    assert iri not in site.graphs() and _ask(site.root, iri) == 0
    assert httpx.get(f"{site.root}/page/article/{slug}", timeout=30).status_code == 404
    assert "Kofi Mensah" not in httpx.get(f"{site.root}/search", params={"q": "Mensah"}, timeout=30).text
    again = httpx.delete(f"{site.root}/articles/{slug}", headers=AUTH, timeout=30)
    assert again.status_code == 404


@pytest.mark.slow
def test_an_answer_cached_while_the_store_changed_unseen_is_not_replayed_after_a_write(tmp_path: Path) -> None:
    """Regression: a reader's answer computed after a remote store changed but before the server published
    it was kept under the published version; once the article was posted again (the same content, so the
    same version), the stale answer was replayed. Here the store changes behind the server's back (no
    polling), a reader asks, and the article is posted again through the write API."""
    with ExitStack() as stack:
        site = _site("oxigraph", tmp_path, stack, write_token=TOKEN, refresh_interval=0)
        first = _post(site.root, MILLERS).json()
        iri, whole = first["iri"], first["triples"]
        assert site.store.remove_article(iri)  # unseen by the server
        assert _ask(site.root, iri) == 0  # what the store says now, computed under the published version
        assert _post(site.root, MILLERS).status_code == 201
        assert _ask(site.root, iri) == whole


@pytest.mark.slow
def test_readers_see_an_article_entirely_or_not_at_all_while_it_is_written(site: Site) -> None:
    """Readers hammer SPARQL and the article's data while it is posted and deleted again and again."""
    first = _post(site.root, MILLERS).json()
    iri, whole = first["iri"], first["triples"]
    slug = iri.rsplit("/", 1)[-1]
    seen: list[int] = []
    pages: list[int] = []
    failures: list[str] = []
    stop = threading.Event()

    def read() -> None:
        with httpx.Client(timeout=30) as client:
            query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
            while not stop.is_set():
                answer = client.get(f"{site.root}/sparql", params={"query": query},
                                    headers={"Accept": "application/sparql-results+json"})
                if answer.status_code != 200:
                    failures.append(f"sparql {answer.status_code}: {answer.text[:200]}")
                    continue
                seen.append(int(answer.json()["results"]["bindings"][0]["n"]["value"]))
                data = client.get(f"{site.root}/data/article/{slug}.nt")
                if data.status_code == 200:
                    pages.append(sum(1 for line in data.text.splitlines() if line.startswith("<")))
                elif data.status_code != 404:
                    failures.append(f"data {data.status_code}")

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    try:
        for _ in range(3):
            assert httpx.delete(f"{site.root}/articles/{slug}", headers=AUTH, timeout=60).status_code == 204
            assert _ask(site.root, iri) == 0  # the very query the readers repeat: no cache answers from before
            assert _post(site.root, MILLERS).status_code == 201
            assert _ask(site.root, iri) == whole
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=60)
    assert not failures, failures[:3]
    assert set(seen) <= {0, whole}, sorted(set(seen))
    assert len(set(pages)) <= 1, sorted(set(pages))  # whenever the article's page exists, it is the whole one


@pytest.mark.slow
def test_descriptions_of_several_pages_are_assembled_after_the_write_is_answered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """The index update of a write leaves the descriptions of several pages pending, and the server assembles
    them once the write is answered: then the index holds what a fresh build holds."""
    monkeypatch.setattr(description_module, "LINKS_PER_PAGE", 1)  # every linked entity has several pages
    caplog.set_level(logging.INFO, logger="server.live")
    folder = tmp_path / "store"
    build_news_store(folder).close()
    with live_server(folder, write_token=TOKEN) as server:
        live = server.app.state.live
        pages_before = httpx.get(f"{server.root}/data/person/rossana-cambron.nt").text
        posted = httpx.post(f"{server.root}/articles", content=CAMBRON_AGAIN, timeout=60,
                            headers={**AUTH, "Content-Type": "text/plain"})
        assert posted.status_code == 201, posted.text
        served = httpx.get(f"{server.root}/data/person/rossana-cambron.nt").text  # pending or assembled: the same
        assert served != pages_before and posted.json()["iri"] in served
        deadline = time.monotonic() + 30
        while live.index.pending() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert live.index.pending() == []
        assert httpx.get(f"{server.root}/data/person/rossana-cambron.nt").text == served
        fresh = tmp_path / "fresh.sqlite3"
        build_index(live.view, live.version, fresh, BASE)
        ours, theirs = contents(live.index.path), contents(fresh)
        assert ours["description"] == theirs["description"] and ours["related"] == theirs["related"]
    assert any("pending descriptions" in r.getMessage() and not r.getMessage().startswith("completed 0 ")
               for r in caplog.records)


@pytest.mark.slow
def test_a_write_by_someone_else_just_before_ours_still_reaches_the_index(tmp_path: Path) -> None:
    """On a remote store the server follows its own writes from their build keys, not from a query over every
    article; another builder's article, written just before, must still reach search at the next poll."""
    with ExitStack() as stack:
        # Polls 2 s apart: ours is most likely written before the next one sees theirs (right either way).
        site = _site("oxigraph", tmp_path, stack, write_token=TOKEN, refresh_interval=2.0)
        root = site.root
        theirs = _post(root, MILLERS).json()["iri"]  # only to have their article's graph: taken away again
        graph = site.store.article_graph(theirs)
        assert httpx.delete(f"{root}/articles/{theirs.rsplit('/', 1)[-1]}", headers=AUTH, timeout=60).status_code == 204
        assert "Kofi Mensah" not in httpx.get(f"{root}/search", params={"q": "Mensah"}, timeout=30).text
        site.store.put_article(theirs, graph)  # another builder writes; the server is not told
        assert _post(root, CAMBRON_AGAIN).status_code == 201  # and ours follows at once
        deadline = time.monotonic() + 20
        while "Kofi Mensah" not in httpx.get(f"{root}/search", params={"q": "Mensah"}, timeout=30).text:
            assert time.monotonic() < deadline, "the other builder's article never reached search"
            time.sleep(0.2)
        found = httpx.get(f"{root}/search", params={"q": "Cambron back"}, timeout=30).text
        assert "Cambron back in Beijing" in found


@pytest.mark.slow
def test_an_article_over_the_limits_gets_413_or_422_within_seconds_and_nothing_is_stored(tmp_path: Path) -> None:
    """A 990 KB article of 25,000 sentences is refused at once (413, before the model reads it); an article
    whose extraction runs past max_extract_seconds is stopped (422)."""
    from tests.test_limits import FLOOD

    with ExitStack() as stack:
        site = _site("embedded", tmp_path, stack, write_token=TOKEN, max_extract_seconds=0.001)
        started = time.monotonic()
        flood = _post(site.root, FLOOD, Accept="application/json")
        assert flood.status_code == 413 and time.monotonic() - started < 5
        message = flood.json()["error"]["message"]
        assert "(max_article_chars)" in message and "nothing was stored" in message
        slow = _post(site.root, MILLERS, Accept="application/json")
        assert slow.status_code == 422
        assert "(max_extract_seconds)" in slow.json()["error"]["message"]
        assert len(site.graphs()) == ARTICLE_COUNT


def test_answers_cached_before_a_write_are_let_go_when_it_is_published(tmp_path: Path) -> None:
    """The result cache keys answers on the store's version: once a write is published no request can
    ask for the old ones again, so they are dropped rather than left to fill the cache's budget."""
    folder = tmp_path / "store"
    store = ArticleStore.open(folder)
    for iri, graph in article_graphs().items():
        store.put_article(iri, graph)
    store.close()
    with live_server(folder, write_token=TOKEN) as server:
        endpoint = server.endpoint
        for n in range(5):
            answer = httpx.get(f"{server.root}/sparql", params={"query": f"ASK {{ ?s ?p {n} }}"},
                               headers={"Accept": "application/sparql-results+json"}, timeout=30)
            assert answer.status_code == 200
        assert len(endpoint.cache) == 5
        assert _post(server.root, MILLERS).status_code == 201
        fresh = httpx.get(f"{server.root}/sparql", params={"query": "ASK { ?s ?p 0 }"},
                          headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert fresh.status_code == 200 and len(endpoint.cache) == 1  # the five old answers are gone
