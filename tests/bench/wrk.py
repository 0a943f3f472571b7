"""Load from wrk (a Debian package, ``apt-get install wrk``): a C client that costs the server's host
little CPU, so that on a small machine the latencies measured are the server's, not the client's.

``run`` sends ``paths`` in turn (round-robin per thread) over ``connections`` kept-alive connections
for ``seconds``, and reads wrk's own latency histogram.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

_LUA = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {%s})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "duration": %%d, "errors": %%d, "non2xx": %%d, ' ..
    '"p50": %%d, "p90": %%d, "p99": %%d, "max": %%d}\\n', summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout, e.status, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max))
end
"""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    errors: int  # connection errors, timeouts and non-2xx/3xx answers
    p50: float  # milliseconds
    p90: float
    p99: float
    max: float
    cpu: float  # CPU seconds wrk itself used (user + system)

    @property
    def rps(self) -> float:
        """Good answers per second."""
        return (self.requests - self.errors) / self.seconds

    def line(self) -> str:
        return (f"{self.requests} requests in {self.seconds:.1f} s ({self.rps:.0f} requests/s, {self.errors} errors): "
                f"p50 {self.p50:.1f} / p90 {self.p90:.1f} / p99 {self.p99:.1f} / max {self.max:.1f} ms; "
                f"wrk used {self.cpu / self.seconds:.0%} of a core")


def run(url: str, paths: Sequence[str], *, connections: int, seconds: float, threads: int = 1,
        headers: dict[str, str] | None = None) -> WrkResult:
    """wrk against ``url`` (scheme and authority), asking for ``paths``."""
    lua_headers = ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in (headers or {}).items())
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_LUA % (", ".join(json.dumps(p) for p in paths), lua_headers))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        output = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s", "--timeout", "10s",
             "-s", script.name, url], capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    finally:
        os.unlink(script.name)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    data = json.loads(next(x for x in output.splitlines() if x.startswith("RESULT ")).removeprefix("RESULT "))
    return WrkResult(data["requests"], data["duration"] / 1e6, data["errors"], data["p50"] / 1000, data["p90"] / 1000,
                     data["p99"] / 1000, data["max"] / 1000,
                     after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
