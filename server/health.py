"""GET /health: what a proxy or an orchestrator polls. The query workers (wanted, alive, idle, running,
waiting, replaced since start) and whether the store answers; 200 while queries can be answered, 503
when they cannot (no query worker alive, or the store unreachable).

Never cached, never validated (ConditionalMiddleware leaves it alone), and cheap: the store is asked
at most once a second, with a short timeout, in a thread, so a hung remote store cannot hang the probe.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse

from graphbuild.stores import Store

from .live import Live

PROBE_TIMEOUT = 2.0  # seconds the store may take to answer the probe
PROBE_EVERY = 1.0  # seconds a probe's answer is reused


class HealthRoutes:
    def __init__(self, live: Live, store: Store) -> None:
        self.live = live
        self.store = store
        self._probed: tuple[float, bool, str | None] | None = None  # (when, reachable, why not)

    def _probe(self) -> tuple[bool, str | None]:
        if not self.store.capabilities.network:
            return True, None  # the store is open in this process
        try:
            self.store.reader(PROBE_TIMEOUT).query("ASK {}")
        except Exception as exc:  # any failure means the same to the prober: not reachable now
            return False, f"{exc.__class__.__name__}: {exc}"[:300]
        return True, None

    async def reachable(self) -> tuple[bool, str | None]:
        now = time.monotonic()
        if self._probed is None or now - self._probed[0] > PROBE_EVERY:
            ok, why = await run_in_threadpool(self._probe)
            self._probed = (time.monotonic(), ok, why)
        return self._probed[1], self._probed[2]

    async def health(self) -> JSONResponse:
        workers = self.live.runner.health()
        reachable, why = await self.reachable()
        if not reachable or workers["alive"] == 0:
            status = "unavailable"
        elif workers["alive"] < workers["workers"]:
            status = "degraded"
        else:
            status = "ok"
        body: dict[str, Any] = {"status": status, "query_workers": workers, "store": {"reachable": reachable}}
        if why is not None:
            body["store"]["error"] = why
        headers = {"Cache-Control": "no-store"}
        if status == "unavailable":
            headers["Retry-After"] = "5"
        return JSONResponse(body, status_code=503 if status == "unavailable" else 200, headers=headers)
