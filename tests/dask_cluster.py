"""A real Dask cluster on loopback for the tests: ``dask scheduler`` and ``dask worker`` processes, as a user
starts them, with the fault preload of tests/dask_faults.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
DASK = Path(sys.executable).parent / "dask"
# The configuration docs/deploy.md recommends for a build cluster. The scheduler: one task per worker thread
# at a time (no task waits on a worker behind another, to be moved or suspected with it), and a task tried
# twice before Dask gives up on it. The workers: no statistical profiler and a slow event-loop tick, whose
# wake-ups (100 and 50 a second) each take the GIL from the task's thread (make bench-cluster: 0.90x of the
# local pool with them, 0.95x without).
CLUSTER_ENV = {
    "DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION": "1.0",
    "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1",
    "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False",
    "DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL": "1s",
}


@dataclass
class Cluster:
    address: str
    logs: Path
    scheduler: subprocess.Popen[bytes]
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    preload: bool = True  # the fault preload of tests/dask_faults.py (benchmarks run without it)
    worker_args: tuple[str, ...] = ()
    _files: list[IO[bytes]] = field(default_factory=list)

    def start_worker(self, name: str) -> None:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 -- closed in stop()
        self._files.append(log)
        self.workers[name] = subprocess.Popen(
            [str(DASK), "worker", self.address, "--name", name, "--nthreads", "1", "--nworkers", "1",
             "--no-dashboard", "--host", "127.0.0.1", *(["--preload", "tests.dask_faults"] if self.preload else []), *self.worker_args],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=_env(), cwd=ROOT,
        )

    def kill(self, name: str) -> None:
        """SIGKILL the worker and its nanny: the machine is gone, its tasks must move to the others."""
        os.killpg(self.workers[name].pid, signal.SIGKILL)
        self.workers[name].wait(timeout=10)

    def heal(self, timeout: float = 60) -> None:
        """Every worker running and registered with the scheduler."""
        from distributed import Client

        for name, proc in list(self.workers.items()):
            if proc.poll() is not None:
                self.start_worker(name)
        with Client(self.address, timeout=10, set_as_default=False) as client:
            if self.workers:
                client.wait_for_workers(len(self.workers), timeout=timeout)
            deadline = time.monotonic() + timeout
            while {w["name"] for w in client.scheduler_info()["workers"].values()} != set(self.workers):
                assert time.monotonic() < deadline, f"workers did not come back; see {self.logs}"
                time.sleep(0.1)

    def stop(self) -> None:
        for proc in [*self.workers.values(), self.scheduler]:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        for file in self._files:
            file.close()


def _env() -> dict[str, str]:
    return {**os.environ, **CLUSTER_ENV, "PYTHONPATH": str(ROOT)}


@contextmanager
def dask_cluster(logs: Path, workers: int = 2, preload: bool = True,
                 worker_args: tuple[str, ...] = ()) -> Iterator[Cluster]:
    logs.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = open(logs / "scheduler.log", "ab")  # noqa: SIM115 -- closed in stop()
    scheduler = subprocess.Popen(
        [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=_env(), cwd=ROOT,
    )
    cluster = Cluster(f"tcp://127.0.0.1:{port}", logs, scheduler, preload=preload, worker_args=worker_args, _files=[log])
    try:
        for i in range(workers):
            cluster.start_worker(f"w{i}")
        cluster.heal()
        yield cluster
    finally:
        cluster.stop()
