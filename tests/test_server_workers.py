"""``newsgraph serve --workers N``: several server processes on a folder store served read-only and on a
remote store that other servers write to; refused, with the reason, where it cannot work."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from graphbuild.stores import ArticleStore, open_store
from tests.backends import oxigraph_server, stop_process, wait_until_answering
from tests.conftest import free_port
from tests.test_server_data import BASE, article_graphs
from tests.test_server_writes import MILLERS, TOKEN

NEWSGRAPH = [sys.executable, "-m", "graphbuild.cli"]
pytestmark = pytest.mark.slow


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@contextmanager
def serving(store: str, workers: int, **env: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    proc = subprocess.Popen([*NEWSGRAPH, "serve", "--store", store, "--port", str(port), "--base-iri", BASE,
                             "--workers", str(workers)], env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(proc, f"{root}/", "newsgraph serve --workers", timeout=90)
        yield root, proc
    finally:
        stop_process(proc, timeout=30)


def index(store: str, *options: str) -> None:
    """`newsgraph index`, as a user runs it before serving a store built without the command line."""
    subprocess.run([*NEWSGRAPH, "index", "--store", store, "--base-iri", BASE, *options], check=True,
                   capture_output=True, timeout=120)


def indexed_store(tmp_path: Path) -> str:
    """A folder store of the test articles with its site index, ready to serve read-only."""
    store = ArticleStore.open(tmp_path / "store")
    for iri, graph in article_graphs().items():
        store.put_article(iri, graph)
    store.close()
    index(str(tmp_path / "store"))
    return str(tmp_path / "store")


def test_workers_are_refused_on_a_folder_store_with_the_write_api(tmp_path: Path) -> None:
    store = ArticleStore.open(tmp_path / "store")
    store.put_article(*next(iter(article_graphs().items())))
    store.close()
    done = subprocess.run([*NEWSGRAPH, "serve", "--store", str(tmp_path / "store"), "--workers", "2"],
                          env={**os.environ, "NEWSGRAPH_WRITE_TOKEN": TOKEN}, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert "only one process may open a folder store for writing" in done.stderr


def test_several_processes_serve_a_folder_store_read_only(tmp_path: Path) -> None:
    with serving(indexed_store(tmp_path), 2) as (root, proc):
        with httpx.Client(timeout=30) as client:
            for _ in range(20):
                assert client.get(f"{root}/page/person/rossana-cambron").status_code == 200
        assert len(_children(proc.pid)) >= 2


def _established(pid: int, port: int) -> int:
    """Connections to ``port`` that process ``pid`` holds open (its socket descriptors, looked up in
    /proc/net/tcp, which lists the ESTABLISHED ones as state 01)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01" and fields[9] in inodes:
                count += 1
    return count


def test_kept_alive_connections_are_shared_evenly_between_the_processes(tmp_path: Path) -> None:
    """16 clients that connect at once and keep their connections: 8 in each process. uvicorn's own
    accept loop once left 13 to 16 of them in one process, which then answered them on one core."""
    with serving(indexed_store(tmp_path), 2) as (root, proc):
        port = int(root.rsplit(":", 1)[1])
        request = b"GET /page/person/rossana-cambron HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        clients = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(16)]
        try:
            deadline = time.monotonic() + 10
            while True:  # until both processes have accepted all of them
                counts = sorted(_established(pid, port) for pid in _children(proc.pid))
                if sum(counts) == 16 or time.monotonic() > deadline:
                    break
                time.sleep(0.1)
            assert counts[-2:] == [8, 8], counts
            for client in clients:
                client.sendall(request)
            for client in clients:
                assert client.recv(12).startswith(b"HTTP/1.1 200")
        finally:
            for client in clients:
                client.close()


def test_several_processes_follow_a_remote_store_written_through_one_of_them(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "oxigraph") as url:
        remote = open_store(url)
        for iri, graph in article_graphs().items():
            remote.put_article(iri, graph)
        shared_index = str(tmp_path / "deployment.index.sqlite3")  # where both processes find it
        index(url, "--search-index", shared_index)
        env = {"NEWSGRAPH_WRITE_TOKEN": TOKEN, "NEWSGRAPH_REFRESH_INTERVAL": "0.5",
               "NEWSGRAPH_SEARCH_INDEX": shared_index}
        with serving(url, 2, **env) as (root, _), httpx.Client(timeout=60) as client:
            posted = client.post(f"{root}/articles", content=MILLERS, headers={
                "Content-Type": "text/plain", "Authorization": f"Bearer {TOKEN}"})
            assert posted.status_code == 201, posted.text
            # Every process shows it soon: the one that wrote it at once, the other at its next refresh.
            deadline, streak = time.monotonic() + 30, 0
            while streak < 10 and time.monotonic() < deadline:
                found = client.get(f"{root}/search", params={"q": "Mensah"})
                streak = streak + 1 if "Kofi Mensah" in found.text else 0
            assert streak == 10
        assert posted.json()["iri"] in remote.article_graphs()
        remote.close()
