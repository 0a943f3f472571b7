"""Building through a real Dask cluster (graphbuild/executors/cluster.py): a ``dask scheduler`` and two
``dask worker`` processes on loopback, as a user starts them. The store must be the one a local build makes,
whatever happens to the workers or to the client on the way."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from graphbuild.errors import BuildInterrupted
from graphbuild.executors.cluster import DaskExecutor
from graphbuild.executors.local import LocalExecutor
from graphbuild.model import SourceArticle
from graphbuild.pipeline import WRITE_BATCH, Outcome, article_iri_of, build, build_article, read_all
from graphbuild.settings import Settings
from graphbuild.stores import ArticleStore, open_store
from tests.conftest import free_port
from tests.dask_cluster import Cluster, dask_cluster
from tests.dask_faults import CRASH_MARK
from tests.synthetic import article, article_text
from tests.test_crash import kill_after_progress

pytestmark = pytest.mark.slow

NEWSGRAPH = [sys.executable, "-m", "graphbuild.cli"]
DEV_ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "articles"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The development articles where the evaluation set sits beside the project; else 25 invented ones."""
    if DEV_ARTICLES.is_dir():
        return DEV_ARTICLES
    folder = tmp_path_factory.mktemp("corpus")
    for seed in range(25):
        (folder / f"{seed:02d}.txt").write_text(article_text(seed, words=300), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArticleStore]:
    """The corpus built by the local executor: what every cluster build must equal."""
    store = open_store(tmp_path_factory.mktemp("reference") / "store")
    summary = build(read_all([corpus]), store, Settings(), executor=LocalExecutor(1))
    assert summary.ok, summary.rejected
    yield store
    store.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with dask_cluster(tmp_path_factory.mktemp("dask-logs")) as running:
        yield running


@pytest.fixture(autouse=True)
def all_workers(request: pytest.FixtureRequest) -> None:
    if "cluster" in request.fixturenames:
        request.getfixturevalue("cluster").heal()  # a test that killed a worker leaves it to come back


def assert_same_store(store: ArticleStore, reference: ArticleStore) -> None:
    graphs = store.article_graphs()
    assert sorted(graphs) == sorted(reference.article_graphs())
    for iri in graphs:
        assert isomorphic(store.article_graph(iri), reference.article_graph(iri)), f"{iri} differs"
    assert store.triple_count() == reference.triple_count()  # and the default graph is their same union


def test_cli_build_through_dask_equals_a_local_build(cluster: Cluster, corpus: Path, reference: ArticleStore,
                                                     tmp_path: Path) -> None:
    where = tmp_path / "store"
    done = subprocess.run([*NEWSGRAPH, "build", str(corpus), "--store", str(where),
                           "--executor", cluster.address.replace("tcp://", "dask://")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    total = len(reference.article_graphs())
    assert f"added {total}, replaced 0, unchanged 0, rejected 0" in done.stderr
    assert f"Dask at {cluster.address}: 2 workers at the start, 0 left" in done.stderr
    per_worker = re.findall(r"worker tcp://127\.0\.0\.1:\d+: (\d+) articles \(0 rejected\), [\d.]+ articles/s", done.stderr)
    assert len(per_worker) == 2 and sum(map(int, per_worker)) == total, done.stderr
    store = open_store(where)
    try:
        assert_same_store(store, reference)
    finally:
        store.close()


def test_a_worker_killed_mid_build_leaves_the_same_store(cluster: Cluster, corpus: Path, reference: ArticleStore,
                                                        tmp_path: Path) -> None:
    executor = DaskExecutor(cluster.address)
    killed: list[str] = []

    def kill_a_busy_worker(outcomes: Iterator[Outcome], total: int) -> Iterable[Outcome]:
        for outcome in outcomes:
            if not killed:  # after the first article is back, while both workers hold a task
                killed.append(_busy_worker(executor))
                cluster.kill(killed[0])
            yield outcome

    store = open_store(tmp_path / "store")
    try:
        summary = build(read_all([corpus]), store, Settings(), executor=executor, progress=kill_a_busy_worker)
        assert summary.ok, summary.rejected
        assert summary.added == len(reference.article_graphs())
        assert "2 workers at the start, 1 left" in summary.workers[0], summary.workers
        assert_same_store(store, reference)
    finally:
        executor.close()
        store.close()


def _busy_worker(executor: DaskExecutor) -> str:
    """The name of a worker that holds a task of the build now."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        names = {address: w["name"] for address, w in executor.client.scheduler_info()["workers"].items()}
        busy = [names[address] for address, keys in executor.client.processing().items() if keys and address in names]
        if busy:
            return str(busy[0])
        time.sleep(0.02)
    raise AssertionError("no worker held a task")


def test_a_build_resumes_after_its_client_is_killed(cluster: Cluster, corpus: Path, reference: ArticleStore,
                                                   tmp_path: Path) -> None:
    where = tmp_path / "store"
    total = len(reference.article_graphs())
    env = {**os.environ, "NEWSGRAPH_EXECUTOR": cluster.address.replace("tcp://", "dask://")}
    proc = subprocess.Popen([*NEWSGRAPH, "build", str(corpus), "--store", str(where)], env=env,
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    kill_after_progress(proc, done=WRITE_BATCH + 2, total=total, timeout=120)

    store = open_store(where)
    try:
        stored = store.article_graphs()
        assert WRITE_BATCH <= len(stored) < total, f"the build was not interrupted mid-way: {len(stored)} stored"
        for iri in stored:
            assert isomorphic(store.article_graph(iri), reference.article_graph(iri)), f"{iri} is incomplete"
        executor = DaskExecutor(cluster.address)
        try:
            summary = build(read_all([corpus]), store, Settings(store=where), executor=executor)
        finally:
            executor.close()
        assert summary.ok and summary.unchanged == len(stored) and summary.added == total - len(stored)
        assert_same_store(store, reference)
    finally:
        store.close()


def test_an_article_that_stops_every_worker_it_meets_is_rejected_and_the_build_goes_on(
        cluster: Cluster, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in range(5):
        (folder / f"{seed}.txt").write_text(article_text(seed, words=150), encoding="utf-8")
    (folder / "poison.txt").write_text(article_text(99, words=150).replace(" led the delegation.",
                                                                           f" led the {CRASH_MARK}."), encoding="utf-8")
    done = subprocess.run([*NEWSGRAPH, "build", str(folder), "--store", str(tmp_path / "store"),
                           "--executor", cluster.address.replace("tcp://", "dask://")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # an article rejected: invalid input, as everywhere
    assert "poison.txt: rejected: it stopped a Dask worker on each of its 2 attempts" in done.stderr
    assert "added 5, replaced 0, unchanged 0, rejected 1" in done.stderr


def test_articles_on_shared_storage_travel_as_paths(cluster: Cluster, tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    for seed in range(3):
        (folder / f"{seed}.txt").write_text(article_text(seed, words=150), encoding="utf-8")
    records = [{"headline": h, "text": body, "datePublished": d.isoformat(), "author": a}
               for h, a, d, body in (article(seed, words=150) for seed in range(10, 13))]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    local = open_store("memory:")
    assert build(read_all([folder]), local, Settings(), executor=LocalExecutor(1)).added == 6
    store = open_store(tmp_path / "store")
    executor = DaskExecutor(cluster.address, inputs_shared=True)
    try:
        summary = build(read_all([folder]), store, Settings(), executor=executor)
        assert summary.ok and summary.added == 6, summary.rejected
        assert_same_store(store, local)
    finally:
        executor.close()
        store.close()


def test_an_unreachable_scheduler_is_one_line_and_exit_2_with_nothing_written(corpus: Path, tmp_path: Path) -> None:
    where = tmp_path / "store"
    done = subprocess.run([*NEWSGRAPH, "build", str(corpus), "--store", str(where),
                           "--executor", f"dask://127.0.0.1:{free_port()}"],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "NEWSGRAPH_EXECUTOR_TIMEOUT": "1"})
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsgraph: cannot reach the Dask scheduler at tcp://127.0.0.1:"), lines
    assert lines[0].endswith("nothing was written")
    assert not where.exists()


def test_workers_without_the_model_stop_the_build_before_any_write(cluster: Cluster, corpus: Path,
                                                                   tmp_path: Path) -> None:
    where = tmp_path / "store"
    done = subprocess.run([*NEWSGRAPH, "build", str(corpus), "--store", str(where), "--model", "no_such_model",
                           "--executor", cluster.address.replace("tcp://", "dask://")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "Dask workers that cannot build: tcp://127.0.0.1:" in done.stderr
    assert "spaCy model 'no_such_model' is not installed" in done.stderr
    assert not where.exists()


def test_a_worker_that_joins_mid_build_gets_work_and_a_lost_scheduler_stops_the_build_cleanly(
        tmp_path: Path) -> None:
    """On a cluster of its own, which starts with one worker: a second one joins during the first build and
    takes tasks; during the second build the scheduler is killed."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in range(32):
        (folder / f"{seed:02d}.txt").write_text(article_text(seed, words=300), encoding="utf-8")
    with dask_cluster(tmp_path / "logs", workers=1) as own:
        executor = DaskExecutor(own.address, connect_timeout=2)

        def add_a_worker(outcomes: Iterator[Outcome], total: int) -> Iterable[Outcome]:
            for i, outcome in enumerate(outcomes):
                if i == 0:  # the first of four tasks is back; the second runs on the first worker meanwhile
                    own.start_worker("late")
                    executor.client.wait_for_workers(2, timeout=60)
                yield outcome

        try:
            summary = build(read_all([folder]), open_store("memory:"), Settings(), executor=executor,
                            progress=add_a_worker)
        finally:
            executor.close()
        assert summary.ok and summary.added == 32
        assert "1 workers at the start, 0 left and 1 joined" in summary.workers[0], summary.workers
        assert len(summary.workers) == 3 and all(" 0 articles" not in line for line in summary.workers[1:])

        store = open_store(tmp_path / "store")
        executor = DaskExecutor(own.address, connect_timeout=2)

        def stop_the_scheduler(outcomes: Iterator[Outcome], total: int) -> Iterable[Outcome]:
            for i, outcome in enumerate(outcomes):
                if i == WRITE_BATCH:  # one batch is written: the store holds some articles, not all
                    os.killpg(own.scheduler.pid, signal.SIGKILL)
                yield outcome

        try:
            with pytest.raises(BuildInterrupted, match=r"lost the Dask scheduler at .*run the build again"):
                build(read_all([folder]), store, Settings(), executor=executor, progress=stop_the_scheduler)
        finally:
            executor.close()
    try:
        settings = Settings()
        sources = {str(article_iri_of(a, settings)): a for a in read_all([folder]) if isinstance(a, SourceArticle)}
        stored = store.article_graphs()
        assert WRITE_BATCH <= len(stored) < len(sources)
        for iri in stored:
            assert isomorphic(store.article_graph(iri), build_article(sources[iri], settings).graph)
    finally:
        store.close()


def test_a_scheduler_without_workers_is_one_line_and_exit_2_with_nothing_written(corpus: Path,
                                                                                  tmp_path: Path) -> None:
    where = tmp_path / "store"
    with dask_cluster(tmp_path / "logs", workers=0) as empty:
        done = subprocess.run([*NEWSGRAPH, "build", str(corpus), "--store", str(where),
                               "--executor", empty.address.replace("tcp://", "dask://")],
                              capture_output=True, text=True, timeout=60,
                              env={**os.environ, "NEWSGRAPH_EXECUTOR_TIMEOUT": "1"})
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines == [f"newsgraph: no Dask worker joined the scheduler at {empty.address} within 1 s; "
                     "nothing was written"], lines
    assert not where.exists()
