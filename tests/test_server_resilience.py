"""The endpoint stays available when its parts fail: query workers killed at any moment are replaced,
/health says how the pool is, deep nesting is refused before a worker sees it, and a query that stops
workers is refused after the second time. All against a real server and real worker processes."""

from __future__ import annotations

import os
import random
import signal
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from server.query_pool import ProcessPool, QueryRefused, WorkerLost
from tests.backends import embedded_only
from tests.sparql_live import LiveServer, build_protocol_store, live_server
from tests.test_server_data import CAMBRON
from tests.test_server_sparql_safety import SLOW, process_state
from tests.test_server_sparql_text import DEEP

JSON = {"accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("resilience") / "store"
    build_protocol_store(path)
    return path


@pytest.fixture(scope="module")
def server(folder: Path) -> Iterator[LiveServer]:
    with live_server(folder, query_timeout=5, query_workers=2) as live:
        yield live


def _pool(server: LiveServer) -> ProcessPool:
    runner = server.endpoint.runner
    assert isinstance(runner, ProcessPool)
    return runner


def _worker_pids(server: LiveServer) -> list[int]:
    """The query workers' processes (none: a remote store's queries run in threads, the store parses them)."""
    runner = server.endpoint.runner
    return runner.pids() if isinstance(runner, ProcessPool) else []


def _light(client: httpx.Client, server: LiveServer, n: int) -> httpx.Response:
    """A query no cache has seen (the literal changes), so it runs in a worker."""
    return client.get(server.url, params={"query": f"ASK {{ <{CAMBRON}> ?p ?o FILTER(?o != {n}) }}"}, headers=JSON)


def _healthy(client: httpx.Client, server: LiveServer, within: float) -> dict[str, object]:
    deadline = time.monotonic() + within
    while True:
        body: dict[str, object] = client.get(server.root + "/health").json()
        if body["status"] == "ok" or time.monotonic() > deadline:
            return body
        time.sleep(0.05)


# -- nesting -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", DEEP)
def test_deep_nesting_is_refused_with_400_before_any_worker_sees_it(server: LiveServer, shape: str) -> None:
    with httpx.Client(timeout=30) as client:
        assert _light(client, server, -1).status_code == 200
        before = _worker_pids(server)
        response = client.post(server.url, data={"query": DEEP[shape](10_000)}, headers=JSON)
        assert response.status_code == 400, response.text[:300]
        assert "the limit is 200 (max_query_depth)" in response.text
        assert _worker_pids(server) == before  # no worker was asked, none crashed
        assert client.post(server.url, data={"query": DEEP[shape](20)}, headers=JSON).status_code == 200


def test_a_deep_query_typed_on_the_query_page_is_kept_with_the_reason(server: LiveServer) -> None:
    with httpx.Client(timeout=30) as client:
        query = DEEP["negations"](300)
        response = client.get(server.url, params={"query": query}, headers={"accept": "text/html"})
        assert response.status_code == 400 and "max_query_depth" in response.text
        assert "!" * 300 in response.text  # the query is still in the editor


# -- health --------------------------------------------------------------------------------------------------
def test_health_reports_the_workers_and_the_store(server: LiveServer) -> None:
    with httpx.Client(timeout=30) as client:
        assert _light(client, server, -3).status_code == 200
        response = client.get(server.root + "/health")
        assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
        body = response.json()
        assert body["status"] == "ok" and body["store"] == {"reachable": True}
        workers = body["query_workers"]
        assert workers["alive"] == workers["workers"] >= 2 and workers["waiting"] == 0 and workers["running"] == 0
        assert "etag" not in response.headers  # never validated: it is always the state now


@embedded_only
def test_health_says_degraded_then_ok_when_a_worker_dies(server: LiveServer) -> None:
    with httpx.Client(timeout=30) as client:
        assert _healthy(client, server, 5)["status"] == "ok"
        replaced = _pool(server).health()["replaced"]
        os.kill(_pool(server).pids()[0], signal.SIGKILL)
        seen = set()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            seen.add(client.get(server.root + "/health").json()["status"])
            if "ok" in seen and len(seen) > 1:
                break
            time.sleep(0.02)
        assert seen == {"degraded", "ok"} or seen == {"ok"}, seen  # the gap may fall between two polls
        assert _healthy(client, server, 2)["status"] == "ok"
        assert _pool(server).health()["replaced"] == replaced + 1


# -- a pool that heals ---------------------------------------------------------------------------------------
@embedded_only
def test_workers_killed_at_any_moment_for_30_s_are_replaced_and_queries_answer_within_a_second(
        server: LiveServer) -> None:
    """Kill workers while they start (just spawned), while idle and while busy with a slow query, for 30 s,
    with light and slow queries in flight all along. Then every query answers 200 within a second."""
    pool = _pool(server)
    rnd = random.Random(13)
    stop = threading.Event()
    kills: Counter[str] = Counter()
    statuses: Counter[int] = Counter()

    def load(slow: bool) -> None:
        with httpx.Client(timeout=30) as client:
            n = 0
            while not stop.is_set():
                n += 1
                if slow:
                    response = client.post(server.url, data={"query": SLOW + f" # {n}"}, headers=JSON)
                else:
                    response = _light(client, server, 10_000 + n)
                statuses[response.status_code] += 1

    threads = [threading.Thread(target=load, args=(slow,)) for slow in (False, False, True)]
    for thread in threads:
        thread.start()
    seen = set(pool.pids())
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            pids = pool.pids()
            new = [pid for pid in pids if pid not in seen]
            seen.update(pids)
            settled = [pid for pid in pids if pid not in new]
            if new and (not settled or rnd.random() < 0.4):
                victim, moment = rnd.choice(new), "starting"  # spawned since the last look: still opening the store
            elif settled:
                victim, moment = rnd.choice(settled), "idle or busy"
            else:
                time.sleep(0.01)
                continue
            try:
                os.kill(victim, signal.SIGKILL)
                kills[moment] += 1
            except ProcessLookupError:
                pass
            time.sleep(rnd.uniform(0.0, 0.5) if moment == "starting" else rnd.uniform(0.1, 0.8))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    print(f"kills: {dict(kills)}; answers meanwhile: {dict(statuses)}")
    assert kills["starting"] >= 5 and kills["idle or busy"] >= 10, kills
    assert set(statuses) <= {200, 503}, statuses  # a killed query is a 503; nothing else goes wrong
    ended = time.monotonic()
    with httpx.Client(timeout=30) as client:
        answers = [_light(client, server, 20_000 + n).status_code for n in range(1)]
        first = time.monotonic() - ended
        answers += [_light(client, server, 20_100 + n).status_code for n in range(20)]
        assert answers == [200] * 21 and first < 1.0, (answers, first, kills)
        print(f"first query after the killing: {first * 1000:.0f} ms")
        assert _healthy(client, server, 1.0)["status"] == "ok"
    assert len(pool.pids()) == 2


# -- a query that stops workers ------------------------------------------------------------------------------
@embedded_only
def test_a_query_that_stopped_two_workers_is_refused_for_a_while(folder: Path) -> None:
    """The worker running the query dies (killed here; a parser crash or the OOM killer in the wild): 503,
    logged with the query's hash. The second time, the same query is refused at once, without a worker."""
    import anyio

    from server.query_exec import Job

    async def scenario() -> tuple[list[str], list[int], list[int]]:
        pool = ProcessPool(folder, workers=1, max_waiting=4, timeout=30)
        outcomes: list[str] = []
        try:
            await pool.run(Job("ASK {}", max_rows=10))
            for attempt in range(3):
                async with anyio.create_task_group() as group:
                    async def kill_soon() -> None:
                        await anyio.sleep(0.3)
                        for pid in pool.pids():
                            os.kill(pid, signal.SIGKILL)

                    if attempt < 2:
                        group.start_soon(kill_soon)
                    try:
                        await pool.run(Job(SLOW, max_rows=10))
                        outcomes.append("ok")
                    except QueryRefused as exc:
                        outcomes.append("refused: " + str(exc))
                    except WorkerLost as exc:
                        outcomes.append("lost: " + str(exc))
            before = pool.pids()
            other = (await pool.run(Job("ASK { ?s ?p ?o }", max_rows=10))).kind
            return [*outcomes, other], before, pool.pids()
        finally:
            await pool.aclose()

    outcomes, before, after = anyio.run(scenario)
    assert outcomes[0].startswith("lost: the query (hash ") and outcomes[1].startswith("lost: ")
    assert outcomes[2].startswith("refused: this query (hash ") and "stopped a query worker 2 times" in outcomes[2]
    assert outcomes[3] == "ok" and before == after  # other queries run as before


# -- a remote store that goes away ---------------------------------------------------------------------------
OUTAGE_ROUTES = ["/", "/index/person", "/index/person.csv", "/page/person/rossana-cambron",
                 "/page/article/2021-03-19-cambron-meets-song-tao", "/data/person/rossana-cambron.ttl",
                 "/id/person/rossana-cambron", "/search?q=cambron", "/timeline", "/timeline.json", "/.well-known/void",
                 "/sitemap.xml", "/sitemaps/person-1.xml", "/reconcile?queries=" + '{"q0":{"query":"Cambron"}}',
                 "/sparql?query=ASK+%7B%7D", "/health", "/ns", "/robots.txt"]


@embedded_only  # runs once: it starts an Oxigraph server of its own whichever backend the suite runs on
def test_every_route_answers_503_with_retry_after_while_the_remote_store_is_down(tmp_path: Path) -> None:
    """Stop a real `oxigraph serve` under a running newsgraph server: every route answers at once, either
    from what the server holds (200) or 503 with Retry-After; never a 500, never a dropped connection. A
    write says nothing was stored. Once the store is back, everything answers again."""
    from graphbuild.stores import open_store
    from tests.backends import start_oxigraph, stop_process
    from tests.test_server_data import article_graphs
    from tests.test_server_writes import MILLERS

    folder = tmp_path / "oxigraph"
    proc, url = start_oxigraph(folder)
    port = int(url.split(":")[2].split("/")[0])
    try:
        remote = open_store(url)
        for iri, graph in article_graphs().items():
            remote.put_article(iri, graph)
        remote.close()
        index = str(tmp_path / "site.index.sqlite3")
        with live_server(tmp_path / "unused", store=url, search_index=index, refresh_interval=0.5,
                         write_token="t" * 20) as server, httpx.Client(timeout=30) as client:
            before = {path: client.get(server.root + path).status_code for path in OUTAGE_ROUTES}
            assert set(before.values()) <= {200, 303}, before  # /id/ answers 303 See Other
            stop_process(proc)
            during: dict[str, tuple[int, str | None]] = {}
            for _ in range(2):  # once, and once more after the poller has noticed
                for path in OUTAGE_ROUTES:
                    started = time.monotonic()
                    response = client.get(server.root + path)
                    assert time.monotonic() - started < 15, path
                    during[path] = (response.status_code, response.headers.get("retry-after"))
                    assert response.status_code in (200, 303, 503), (path, response.status_code, response.text[:300])
                    if response.status_code == 503:
                        assert response.headers.get("retry-after"), path
                time.sleep(1)
            assert during["/health"][0] == 503, during
            fresh = client.get(server.url, params={"query": "ASK { ?s ?p 'not cached' }"}, headers=JSON)
            assert fresh.status_code == 503 and fresh.headers.get("retry-after"), fresh.text  # no cached answer
            write = client.post(server.root + "/articles", content=MILLERS,
                                headers={"Authorization": "Bearer " + "t" * 20, "Content-Type": "text/plain",
                                         "Accept": "application/json"}, timeout=120)
            assert write.status_code == 503 and write.headers.get("retry-after"), write.text
            assert "not stored" in write.json()["error"]["message"]
            proc, _ = start_oxigraph(folder, port)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and client.get(server.root + "/health").status_code != 200:
                time.sleep(0.2)
            after = {path: client.get(server.root + path).status_code for path in OUTAGE_ROUTES}
            assert set(after.values()) <= {200, 303}, after
    finally:
        stop_process(proc)


# -- slow clients --------------------------------------------------------------------------------------------
def _half_request(port: int, data: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    if data:
        sock.sendall(data)
    return sock


def _read_to_close(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    sock.close()
    return received


def test_requests_that_do_not_arrive_in_time_get_408_and_are_closed(folder: Path) -> None:
    """Headers cut short, a body cut short, or nothing at all: each connection is answered 408 and closed
    after read_timeout, while whole requests, even slow ones, are answered as usual."""
    with live_server(folder, read_timeout=1.0) as server:
        port = int(server.root.rsplit(":", 1)[1])
        cases = {"headers cut short": b"GET / HTTP/1.1\r\nHost: x\r\n",
                 "body cut short": b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                                   b"Content-Length: 100\r\n\r\nASK {",
                 "nothing sent": b""}
        for case, data in cases.items():
            sock = _half_request(port, data)
            started = time.monotonic()
            answer = _read_to_close(sock)
            elapsed = time.monotonic() - started
            assert answer.startswith(b"HTTP/1.1 408 Request Timeout") and b"read_timeout" in answer, (case, answer)
            assert 0.8 < elapsed < 4, (case, elapsed)
        # A slow request that arrives whole in time, and a kept-alive connection's second request.
        sock = _half_request(port, b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n")
        time.sleep(0.5)
        sock.sendall(b"\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        time.sleep(0.5)
        sock.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert _read_to_close(sock).startswith(b"HTTP/1.1 200")


def test_hundreds_of_half_sent_requests_are_closed_and_do_not_stop_the_others(folder: Path) -> None:
    with live_server(folder, read_timeout=1.0) as server, httpx.Client(timeout=10) as client:
        port = int(server.root.rsplit(":", 1)[1])
        stalled = [_half_request(port, b"GET /index/person HTTP/1.1\r\nHost: x\r\nX-Slow: ") for _ in range(300)]
        started = time.monotonic()
        assert client.get(server.root + "/robots.txt").status_code == 200
        assert time.monotonic() - started < 1.0  # served meanwhile
        time.sleep(1.5)
        for sock in stalled:
            sock.settimeout(5)
            assert _read_to_close(sock).startswith(b"HTTP/1.1 408")


# -- fair admission ------------------------------------------------------------------------------------------
def _nice(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])  # proc(5): field 19


def _as(address: str) -> dict[str, str]:
    """A client at ``address``: uvicorn takes X-Forwarded-For from a proxy on loopback, as from nginx."""
    return {**JSON, "X-Forwarded-For": address}


@embedded_only
def test_a_heavy_query_moves_to_the_heavy_lane_and_light_ones_keep_theirs(folder: Path) -> None:
    """A query past the light lane's budget goes on in the heavy lane (a worker at the lowest CPU priority);
    the same query again, under another comment and variable names, goes straight there; once that lane
    and its waiting places are full, more are refused at once. Light queries are answered in milliseconds
    all along."""
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o } # "
    renamed = "select (count(*) as ?x) where { ?q ?r ?s . ?t ?u ?v . ?w ?x1 ?y . ?z ?a1 ?b1 . ?c1 ?d1 ?e1 } # "
    with live_server(folder, query_timeout=4, query_workers=2, heavy_query_budget=0.5, heavy_query_workers=1) as live, \
            httpx.Client(timeout=30) as client, ThreadPoolExecutor(4) as pool:
        runner = _pool(live)
        assert runner.heavy is not None and all(_nice(pid) == 19 for pid in runner.heavy.pids())
        first = pool.submit(client.post, live.url, data={"query": heavy + "1"}, headers=_as("10.0.0.1"))
        time.sleep(1.0)
        lanes = client.get(live.root + "/health").json()["query_workers"]
        assert lanes["running"] == 0 and lanes["heavy"]["running"] == 1, lanes
        waiting = [pool.submit(client.post, live.url, data={"query": renamed + str(n)}, headers=_as(f"10.0.1.{n}"))
                   for n in range(2)]
        time.sleep(0.3)
        lanes = client.get(live.root + "/health").json()["query_workers"]
        assert lanes["running"] == 0 and lanes["heavy"]["waiting"] == 2, lanes  # straight to the heavy lane
        started = time.monotonic()
        refused = client.post(live.url, data={"query": heavy + "refused"}, headers=_as("10.0.2.1"))
        assert refused.status_code == 503 and "heavy lane is full" in refused.text
        assert refused.headers["retry-after"] and time.monotonic() - started < 1.5
        timings = []
        for n in range(30):
            started = time.monotonic()
            response = client.post(live.url, data={"query": f"ASK {{ <{CAMBRON}> ?p ?o FILTER(?o != {n}) }}"},
                                   headers=_as("10.0.3.1"))
            timings.append(time.monotonic() - started)
            assert response.status_code == 200
        assert sorted(timings)[15] < 0.1, timings  # the median light query, while three heavy ones are in hand
        assert first.result().status_code == 503 and "4 s limit" in first.result().text  # the whole query_timeout
        assert all(w.result().status_code == 503 for w in waiting)


def test_a_client_past_its_limit_gets_429_and_others_do_not(folder: Path) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . VALUES ?x { 1 2 3 4 5 } } # "
    with live_server(folder, query_timeout=8, max_client_queries=2, heavy_query_workers=0) as live, \
            httpx.Client(timeout=30) as client, ThreadPoolExecutor(3) as pool:
        held = [pool.submit(client.post, live.url, data={"query": slow + str(n)}, headers=_as("10.0.9.9"))
                for n in range(2)]
        time.sleep(0.3)
        over = client.post(live.url, data={"query": slow + "3"}, headers=_as("10.0.9.9"))
        assert over.status_code == 429 and over.headers["retry-after"] == "1"
        assert "the limit is 2 (max_client_queries)" in over.text
        other = client.post(live.url, data={"query": f"ASK {{ <{CAMBRON}> ?p ?o }}"}, headers=_as("10.0.9.8"))
        assert other.status_code == 200
        token = client.post(live.url, data={"query": f"ASK {{ <{CAMBRON}> ?p 1 }}"},
                            headers={**_as("10.0.9.9"), "Authorization": "Bearer research-group-7"})
        assert token.status_code == 200  # a token counts apart from its address
        assert all(h.result().status_code in (200, 503) for h in held)


ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"  # hours


@embedded_only
@pytest.mark.parametrize("busy", [False, True], ids=["idle server", "busy server"])
def test_a_long_query_is_paused_while_the_server_is_busy_and_runs_on_while_it_is_idle(folder: Path,
                                                                                       busy: bool) -> None:
    """heavy_query_share: a query still running after its first turn is stopped (SIGSTOP) for the rest of
    each period while the server process is busy, and never while it is idle."""
    import anyio

    from server.query_exec import Job
    from server.query_pool import QueryTimeout

    states: list[str] = []

    async def scenario() -> None:
        pool = ProcessPool(folder, workers=1, max_waiting=2, timeout=2.0, heavy_share=0.25)
        try:
            await pool.run(Job("ASK {}", max_rows=10))
            pid = pool.pids()[0]
            done = threading.Event()

            def watch() -> None:
                while not done.wait(0.01):
                    states.append(process_state(pid))

            async def burn() -> None:  # pages being written: the server process keeps a core busy
                while not done.is_set():
                    started = time.process_time()
                    while time.process_time() - started < 0.009:
                        pass
                    await anyio.sleep(0.001)

            watcher = threading.Thread(target=watch)
            watcher.start()
            try:
                async with anyio.create_task_group() as group:
                    if busy:
                        group.start_soon(burn)
                    with pytest.raises(QueryTimeout):
                        await pool.run(Job(ENDLESS, max_rows=10))
                    done.set()
            finally:
                done.set()
                watcher.join()
        finally:
            await pool.aclose()

    anyio.run(scenario)
    stopped = states.count("T") / len(states)
    assert len(states) > 50
    if busy:
        assert stopped > 0.4, Counter(states)  # paused three quarters of the time, less the sampling's slack
    else:
        assert stopped == 0, Counter(states)


@embedded_only
def test_new_clients_take_at_most_all_light_workers_but_one(folder: Path) -> None:
    """However many new clients send heavy queries at once, a light worker stays free for a client whose
    queries are known to be light: the others wait their turn (and go on in the heavy lane)."""
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } # "
    with live_server(folder, query_timeout=6, query_workers=2, heavy_query_budget=1.5, heavy_query_workers=1) as live, \
            httpx.Client(timeout=30) as client, ThreadPoolExecutor(3) as pool:
        known = _as("10.0.4.1")
        assert client.post(live.url, data={"query": f"ASK {{ <{CAMBRON}> ?p ?o }}"}, headers=known).status_code == 200
        heavy = [pool.submit(client.post, live.url, data={"query": slow + str(n)}, headers=_as(f"10.0.5.{n}"))
                 for n in range(3)]
        time.sleep(0.5)
        lanes = client.get(live.root + "/health").json()["query_workers"]
        assert lanes["running"] == 1, lanes  # one of the new clients' queries; the others wait
        timings = []
        for n in range(10):
            started = time.monotonic()
            response = client.post(live.url, data={"query": f"ASK {{ <{CAMBRON}> ?p ?o FILTER(?o != {n}) }}"},
                                   headers=known)
            timings.append(time.monotonic() - started)
            assert response.status_code == 200
        assert sorted(timings)[5] < 0.1, timings
        assert all(h.result().status_code == 503 for h in heavy)  # past the time limit, in the heavy lane
