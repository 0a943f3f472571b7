"""Preloaded into the test Dask workers (``dask worker --preload tests.dask_faults``): an article whose text
holds CRASH_MARK stops the worker process at once, as a crash in native code (a segfault in a parser, the
kernel's out-of-memory killer) would. It stands in for a fault that cannot be produced on purpose here;
nothing in newsgraph knows of it."""

from __future__ import annotations

import os
import signal
from typing import Any

CRASH_MARK = "Qxv-worker-stopping-mark"


def dask_setup(worker: Any) -> None:
    import graphbuild.pipeline as pipeline

    original = pipeline.process

    def process(article: Any, *args: Any, **kwargs: Any) -> Any:
        if CRASH_MARK in article.text:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(article, *args, **kwargs)

    pipeline.process = process  # process_chunk looks it up at each call
