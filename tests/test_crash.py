"""A build killed with SIGKILL halfway leaves the store consistent: every article fully there or absent,
and running the build again finishes the job (resumable)."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graphbuild.pipeline import WRITE_BATCH, build, build_article, read_all
from graphbuild.settings import Settings
from graphbuild.stores import open_store
from tests.backends import oxigraph_server
from tests.synthetic import article_text

ARTICLES = 40


def kill_after_progress(proc: subprocess.Popen[bytes], done: int, total: int, timeout: float) -> str:
    """Read the build's progress bar on stderr until ``done`` of ``total`` articles are reported, then kill
    the build with SIGKILL (and check that it died of it); returns what was read."""
    seen: list[str] = []

    def pump() -> None:
        assert proc.stderr is not None
        while chunk := proc.stderr.read1(4096):  # type: ignore[attr-defined]
            seen.append(chunk.decode(errors="replace"))

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        counts = [int(n) for n in re.findall(rf"(\d+)/{total}", "".join(seen))]
        if counts and max(counts) >= done:
            break
        time.sleep(0.01)
    output = "".join(seen)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.stderr is not None
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, output
    return output


@pytest.mark.parametrize("backend", ["embedded", "oxigraph-server"])
def test_sigkill_mid_build_leaves_whole_articles_only(tmp_path: Path, backend: str) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in range(ARTICLES):
        (folder / f"{seed:03d}.txt").write_text(article_text(seed, words=150), encoding="utf-8")
    with ExitStack() as stack:
        where = stack.enter_context(oxigraph_server(tmp_path / "remote")) if backend != "embedded" else \
            str(tmp_path / "store")
        _kill_and_check(folder, where)


def _kill_and_check(folder: Path, where: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphbuild.cli", "build", str(folder), "--store", where, "--workers", "1"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
    )
    # Past the first write batch: some articles are stored, most are not.
    kill_after_progress(proc, done=WRITE_BATCH + 4, total=ARTICLES, timeout=120)

    settings = Settings(store=where)
    store = open_store(where)
    stored = store.article_graphs()
    assert WRITE_BATCH <= len(stored) < ARTICLES, f"the build was not interrupted mid-way: {len(stored)} stored"
    sources = {str(build_article(a, settings).iri): a for a in read_all([folder]) if not isinstance(a, str)}
    union = Graph()
    for iri in stored:
        expected = build_article(sources[iri], settings).graph  # type: ignore[arg-type]
        assert isomorphic(store.article_graph(iri), expected), f"{iri} is incomplete"
        union += expected
    assert store.triple_count() == len(union)  # the default graph is exactly the union of what is stored

    summary = build(read_all([folder]), store, settings)
    assert summary.ok and summary.added == ARTICLES - len(stored) and summary.unchanged == len(stored)
    assert len(store.article_graphs()) == ARTICLES
