"""The endpoint's safety against a real running server: timeouts that stop the work, concurrency
limits, the row cap, the body cap, SERVICE only to allowed endpoints, and no update ever."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from graphbuild.stores import ArticleStore
from server.query_pool import ProcessPool
from server.sparql import REFUSAL_PAUSE
from tests.backends import REMOTE, embedded_only
from tests.sparql_live import LiveServer, build_protocol_store, live_server
from tests.test_server_data import CAMBRON

# A cross product of the whole store five times over: minutes of work, unless it is stopped.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . VALUES ?x { 1 2 3 4 5 } }"  # ~2 s
PEOPLE = "SELECT ?p WHERE { ?p a <http://schema.org/Person> } ORDER BY ?p"
JSON = {"accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("safety") / "store"
    build_protocol_store(path)
    return path


@pytest.fixture(scope="module")
def server(folder: Path) -> Iterator[LiveServer]:
    with live_server(folder, query_timeout=1.5, query_workers=2, max_rows=3, max_body_bytes=2000) as live:
        yield live


def process_state(pid: int) -> str:
    """The process's state letter from /proc (proc(5): R running, S sleeping, T stopped, Z zombie), X once
    it has gone. The process may end at any moment, so its entry is read once, with no check before: a read
    that fails because the process has gone (FileNotFoundError, or ProcessLookupError when it ends during
    the read) means it is dead."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "X"
    return next((line.split()[1] for line in status.splitlines() if line.startswith("State:")), "X")


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs; a zombie (ended, not yet reaped) does not."""
    return process_state(pid) not in ("Z", "X")  # zombie, dead


def _pool(server: LiveServer) -> ProcessPool:
    runner = server.endpoint.runner
    assert isinstance(runner, ProcessPool)
    return runner


def _light(client: httpx.Client, server: LiveServer, n: int) -> httpx.Response:
    """A query no cache has seen (the literal changes), so it runs in a worker."""
    return client.get(server.url, params={"query": f"ASK {{ <{CAMBRON}> ?p ?o FILTER(?o != {n}) }}"}, headers=JSON)


# -- timeout --------------------------------------------------------------------------------------------
@pytest.mark.skipif(not REMOTE, reason="about a remote store")
def test_a_remote_query_past_the_timeout_gets_503_in_time(server: LiveServer) -> None:
    with httpx.Client(timeout=30) as client:
        started = time.monotonic()
        response = client.get(server.url, params={"query": ENDLESS})
        assert response.status_code == 503 and "query_timeout" in response.text
        assert 1.4 < time.monotonic() - started < 5
        assert _light(client, server, -2).status_code == 200  # the endpoint answers the next query


@embedded_only
def test_a_timed_out_query_gets_503_and_its_worker_is_killed(server: LiveServer) -> None:
    with httpx.Client(timeout=30) as client:
        assert _light(client, server, -1).status_code == 200  # the workers are up
        before = _pool(server).pids()
        started = time.monotonic()
        response = client.get(server.url, params={"query": ENDLESS})
        elapsed = time.monotonic() - started
        assert response.status_code == 503 and "query_timeout" in response.text and "stopped" in response.text
        assert 1.4 < elapsed < 5
        killed = set(before) - set(_pool(server).pids())
        assert len(killed) == 1, "exactly the worker that ran the query was replaced"
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in killed) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in killed), "the timed-out work really stopped"
        assert _light(client, server, -2).status_code == 200  # and the server answers normally right after


# -- the liveness check those tests rely on --------------------------------------------------------------
def test_alive_sees_a_running_process() -> None:
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as process:
        try:
            assert _alive(process.pid)
        finally:
            process.kill()


def test_alive_is_false_for_a_process_that_exited_and_was_reaped() -> None:
    with subprocess.Popen([sys.executable, "-c", ""]) as process:
        process.wait()
        assert not _alive(process.pid)


def test_alive_is_false_for_a_zombie() -> None:
    with subprocess.Popen([sys.executable, "-c", ""]) as process:
        os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)  # wait for the end, but leave it unreaped
        assert Path(f"/proc/{process.pid}").exists(), "still a zombie"
        assert not _alive(process.pid)


@pytest.mark.parametrize("error", [ProcessLookupError, FileNotFoundError])
def test_a_process_that_ends_during_the_liveness_check_is_dead(
        error: type[OSError], monkeypatch: pytest.MonkeyPatch) -> None:
    """The flake: the process ended between the check that /proc/PID/status exists and its read."""
    def vanished(self: Path, *args: object, **kwargs: object) -> str:
        raise error(f"{self}: the process has gone")

    monkeypatch.setattr(Path, "read_text", vanished)
    assert not _alive(os.getpid())


def test_light_queries_are_answered_in_milliseconds_while_a_heavy_one_runs(server: LiveServer) -> None:
    """From two clients: the one that sent a heavy query has its own queries run in the heavy lane for a
    while (server/query_pool.py), the other's are light."""
    with httpx.Client(timeout=30, headers={"X-Forwarded-For": "10.7.0.2"}) as client, ThreadPoolExecutor(1) as pool:
        assert _light(client, server, 0).status_code == 200
        heavy = pool.submit(client.get, server.url, params={"query": ENDLESS + " # heavy"},
                            headers={"X-Forwarded-For": "10.7.0.1"})
        time.sleep(0.2)  # the heavy query is running now
        timings = []
        for n in range(1, 41):
            started = time.monotonic()
            response = _light(client, server, n)
            timings.append(time.monotonic() - started)
            assert response.status_code == 200
        assert not heavy.done(), "the light queries were timed while the heavy one ran"
        timings.sort()
        assert timings[len(timings) // 2] < 0.05, timings  # median under 50 ms
        assert heavy.result().status_code == 503
        assert _light(client, server, 99).status_code == 200


@embedded_only  # a remote store's queries run in more threads than query_workers (server/live.py)
def test_a_flood_of_heavy_queries_is_limited(folder: Path) -> None:
    """One worker, one waiting place: the third concurrent query is refused at once, not queued."""
    with live_server(folder, query_timeout=1.0, query_workers=1, max_waiting_queries=1) as live, \
            httpx.Client(timeout=30) as client, ThreadPoolExecutor(3) as pool:
        assert _light(client, live, 0).status_code == 200
        first = pool.submit(client.get, live.url, params={"query": ENDLESS})
        time.sleep(0.2)
        second = pool.submit(client.get, live.url, params={"query": ENDLESS + " LIMIT 1"})
        time.sleep(0.2)
        started = time.monotonic()
        third = client.get(live.url, params={"query": ENDLESS + " LIMIT 2"})
        assert third.status_code == 503 and "busy" in third.text and third.headers["retry-after"] == "1"
        assert time.monotonic() - started < REFUSAL_PAUSE + 0.5  # refused, not queued: after the refusal pause only
        assert first.result().status_code == 503 and second.result().status_code == 503
        deadline = time.monotonic() + 10
        while _light(client, live, 1).status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _light(client, live, 2).status_code == 200


# -- the row cap ------------------------------------------------------------------------------------------
def test_the_row_cap_is_announced_in_a_header(server: LiveServer) -> None:
    with httpx.Client() as client:
        response = client.get(server.url, params={"query": PEOPLE}, headers=JSON)
        assert len(response.json()["results"]["bindings"]) == 3
        assert response.headers["x-newsgraph-truncated"] == "3"
        exact = client.get(server.url, params={"query": PEOPLE + " LIMIT 3"}, headers=JSON)
        assert len(exact.json()["results"]["bindings"]) == 3 and "x-newsgraph-truncated" not in exact.headers
        for fmt in ("csv", "tsv", "xml"):
            cut = client.get(server.url, params={"query": PEOPLE, "format": fmt})
            assert cut.headers["x-newsgraph-truncated"] == "3", fmt
        graph = client.get(server.url, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                           headers={"accept": "application/n-triples"})
        assert len(graph.text.strip().splitlines()) == 3 and graph.headers["x-newsgraph-truncated"] == "3"


def test_the_query_page_says_the_result_was_cut(server: LiveServer) -> None:
    response = httpx.get(server.url, params={"query": PEOPLE}, headers={"accept": "text/html"})
    assert response.status_code == 200 and response.headers["x-newsgraph-truncated"] == "3"
    assert "The result was cut at 3 rows" in response.text
    assert response.text.count('href="/page/person/') == 3


# -- the request body cap ----------------------------------------------------------------------------------
def test_a_body_over_the_cap_is_413(server: LiveServer) -> None:
    query = "ASK {}" + " " * 3000
    response = httpx.post(server.url, content=query.encode(), headers={"content-type": "application/sparql-query"})
    assert response.status_code == 413 and "2000" in response.text


# -- federation ------------------------------------------------------------------------------------------
class _Remote(http.server.BaseHTTPRequestHandler):
    """A stand-in SPARQL endpoint: one solution, ?remote = "from afar"."""

    calls: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        self.calls.append(self.path)
        self.rfile.read(int(self.headers.get("content-length") or 0))
        body = json.dumps({"head": {"vars": ["remote"]},
                           "results": {"bindings": [{"remote": {"type": "literal", "value": "from afar"}}]}}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/sparql-results+json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST  # noqa: N815

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def remote() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Remote)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Remote.calls.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql"
    httpd.shutdown()
    httpd.server_close()


def test_service_is_refused_unless_allowed(folder: Path, remote: str) -> None:
    other = remote.replace("/sparql", "/other")
    with live_server(folder, service_allowlist=f"{remote}, http://example.org/sparql") as live:
        allowed = httpx.get(live.url, params={"query": f"SELECT ?remote WHERE {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}"},
                            headers=JSON, timeout=30)
        assert allowed.status_code == 200, allowed.text
        assert allowed.json()["results"]["bindings"] == [{"remote": {"type": "literal", "value": "from afar"}}]
        assert _Remote.calls == ["/sparql"]
        for query in (f"SELECT * WHERE {{ SERVICE <{other}> {{ ?s ?p ?o }} }}",
                      f"PREFIX : <{remote.removesuffix('sparql')}> SELECT * WHERE {{ SERVICE:other {{ ?s ?p ?o }} }}",
                      f"SELECT * WHERE {{ BIND(<{remote}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"):
            refused = httpx.get(live.url, params={"query": query})
            assert refused.status_code == 400 and "SERVICE" in refused.text and "service_allowlist" in refused.text
        assert _Remote.calls == ["/sparql"], "a refused SERVICE never reaches the network"
        description = httpx.get(live.url, headers={"accept": "application/n-triples"}).text
        assert "BasicFederatedQuery" in description


def test_service_is_refused_by_default(server: LiveServer, remote: str) -> None:
    response = httpx.get(server.url, params={"query": f"SELECT * WHERE {{ SERVICE SILENT <{remote}> {{ }} }}"})
    assert response.status_code == 400 and _Remote.calls == []


# -- read-only --------------------------------------------------------------------------------------------
def test_no_update_by_any_method_changes_anything(server: LiveServer) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    with httpx.Client() as client:
        before = client.get(server.url, params={"query": count}, headers=JSON).json()
        update = "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"
        for response in (
            client.get(server.url, params={"update": update}),
            client.post(server.url, data={"update": update}),
            client.post(server.url, content=update.encode(), headers={"content-type": "application/sparql-update"}),
            client.get(server.url, params={"query": update}),
            client.post(server.url, content=update.encode(), headers={"content-type": "application/sparql-query"}),
        ):
            assert response.status_code == 403, response.text
        assert client.get(server.url, params={"query": count + " "}, headers=JSON).json() == before


# -- the pool itself ----------------------------------------------------------------------------------------
@embedded_only
def test_a_worker_that_grew_too_large_is_replaced(folder: Path) -> None:
    """A worker past its memory limit answers, then retires; a fresh one takes its place."""
    import anyio

    from server.query_exec import Job

    async def scenario() -> tuple[list[str], list[int], list[int]]:
        pool = ProcessPool(folder, workers=1, max_waiting=4, timeout=10, retire_mb=1)  # every job retires
        try:
            first = pool.pids()
            answers = [(await pool.run(Job("ASK {}", max_rows=10))).kind for _ in range(3)]
            return answers, first, pool.pids()
        finally:
            await pool.aclose()

    answers, before, after = anyio.run(scenario)
    assert answers == ["ok", "ok", "ok"] and before != after and len(after) == 1


@embedded_only
def test_a_reload_that_cannot_open_its_snapshot_keeps_the_old_workers(folder: Path, tmp_path: Path) -> None:
    import anyio

    from server.errors import ServiceUnavailable
    from server.query_exec import Job

    async def scenario() -> tuple[str, list[int], list[int], str]:
        pool = ProcessPool(folder, workers=1, max_waiting=4, timeout=10)
        try:
            assert (await pool.run(Job("ASK {}", max_rows=10))).kind == "ok"
            before = pool.pids()
            try:
                await pool.reload(tmp_path / "no-such-snapshot", timeout=5)
                failure = "none"
            except ServiceUnavailable as exc:
                failure = str(exc)
            answer = (await pool.run(Job("ASK {}", max_rows=10))).kind
            return answer, before, pool.pids(), failure
        finally:
            await pool.aclose()

    answer, before, after, failure = anyio.run(scenario)
    assert "could open the store snapshot" in failure
    assert answer == "ok" and after == before  # the old worker still answers


@embedded_only
def test_a_reload_reopens_the_idle_workers_and_replaces_the_busy_ones(folder: Path, tmp_path: Path) -> None:
    """After a reload every answer comes from the new snapshot: the idle worker reads it in place (same
    process), the one busy with a slow query answers it from the old snapshot, then gives way to a fresh one."""
    import anyio

    from server.query_exec import Job

    snapshot = tmp_path / "snapshot"
    store = ArticleStore.open(tmp_path / "copy")
    store.put_ntriples("http://example.org/g", "<http://example.org/new> <http://example.org/p> \"1\" .")
    store.snapshot(snapshot)
    store.close()
    ask_new = Job("ASK { GRAPH ?g { <http://example.org/new> ?p ?o } }", max_rows=10)

    async def scenario() -> tuple[list[int], list[int], list[int], list[bool], bool]:
        pool = ProcessPool(folder, workers=2, max_waiting=4, timeout=30)
        try:
            await pool.run(Job("ASK {}", max_rows=10))
            before = pool.pids()
            async with anyio.create_task_group() as group:
                slow: list[bool] = []

                async def busy() -> None:  # holds one worker while the reload happens
                    outcome = await pool.run(Job(SLOW, max_rows=10))
                    slow.append(outcome.kind == "ok")

                group.start_soon(busy)
                await anyio.sleep(0.5)
                await pool.reload(snapshot)
                reopened = pool.pids()
                answers = [b"true" in (await pool.run(ask_new)).body for _ in range(4)]
            return before, reopened, pool.pids(), answers, slow == [True]
        finally:
            await pool.aclose()

    before, reopened, after, answers, slow_answered = anyio.run(scenario)
    assert answers == [True] * 4 and slow_answered
    assert len(set(before) & set(reopened)) >= 1  # the idle worker kept its process
    assert len(after) == 2 and set(after) != set(before)  # the busy one gave way to a fresh one
