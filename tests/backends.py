"""Store backends for the shared tests: the embedded store on disk, memory:, and a real Oxigraph
server started on a free loopback port (``oxigraph serve``, from the ``oxigraph`` package).

``NEWSGRAPH_TEST_BACKEND=oxigraph`` runs the server tests on Oxigraph servers: each store the tests
build (tests/test_server_data.build_news_store) is then a RemoteStore over an ``oxigraph serve`` of
its own, started in the store's folder and stopped at the end of the session.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port

BACKEND = os.environ.get("NEWSGRAPH_TEST_BACKEND", "embedded")
if BACKEND not in ("embedded", "oxigraph"):
    raise RuntimeError(f"NEWSGRAPH_TEST_BACKEND={BACKEND!r}: use embedded or oxigraph")
REMOTE = BACKEND == "oxigraph"
embedded_only = pytest.mark.skipif(REMOTE, reason="about the embedded store's files or worker processes")
STORE_TIMEOUT = 10
_SERVED: dict[Path, tuple[subprocess.Popen[bytes], str]] = {}  # folder -> (oxigraph serve, query URL)


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        raise RuntimeError("the oxigraph server is not installed: pip install oxigraph")
    return found


def wait_until_answering(proc: subprocess.Popen[bytes], url: str, what: str, timeout: float,
                         params: dict[str, str] | None = None) -> None:
    """Poll ``url`` until it answers 200; RuntimeError with the process's output if it exits or ``timeout``
    seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(url, params=params, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stream = proc.stderr or proc.stdout
            raise RuntimeError(f"{what} did not start: {stream.read().decode() if stream else ''}")
        time.sleep(0.1)


def start_oxigraph(folder: Path, port: int | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``oxigraph serve`` on ``folder`` (on ``port``, else a free one) and wait until it answers; returns
    it and its query URL."""
    port = port or free_port()
    # The store's own query timeout, as docs/deploy.md advises: a query newsgraph gave up on stops there too.
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
                             "--timeout-s", str(STORE_TIMEOUT)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_answering(proc, url, "oxigraph serve", timeout=30, params={"query": "ASK {}"})
    except BaseException:
        _stop(proc)
        raise
    return proc, url


def stop_process(proc: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """Terminate a server started for a test, kill it if it does not stop, and close its pipes."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


_stop = stop_process


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[str]:
    """Run ``oxigraph serve`` on ``folder``; yields its query URL."""
    proc, url = start_oxigraph(folder)
    try:
        yield url
    finally:
        _stop(proc)


def served_url(folder: Path) -> str:
    """The query URL of the Oxigraph server on ``folder``, started on first use and kept for the session."""
    if folder not in _SERVED:
        _SERVED[folder] = start_oxigraph(folder)
    return _SERVED[folder][1]


def remote_url(folder: Path) -> str | None:
    """The query URL of a session server on ``folder`` when there is one."""
    served = _SERVED.get(folder)
    return served[1] if served else None


def served_folder(url: str) -> Path | None:
    """The folder of the session server whose query URL is ``url``."""
    return next((folder for folder, (_, served) in _SERVED.items() if served == url), None)


@atexit.register
def stop_all() -> None:
    while _SERVED:
        _stop(_SERVED.popitem()[1][0])
