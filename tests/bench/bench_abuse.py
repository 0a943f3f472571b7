"""Abuse: how much light SPARQL and how many pages a server keeps while clients send heavy queries without pause.

    .venv/bin/python -m tests.bench.bench_abuse                       # the 2,000-article bench store
    .venv/bin/python -m tests.bench.bench_abuse --seconds 10 --attackers 4

Starts ``newsgraph serve`` twice on the same store, side by side in one run: as configured by default
(a light and a heavy lane, a per-client limit; server/query_pool.py, server/sparql.py) and with both
turned off (``heavy_query_workers=0``, ``max_client_queries=0``: one lane for every query, as before
issue 13). For each it measures, over ``--seconds`` each:

- light SPARQL: 2 connections sending single-subject ASK queries no cache has seen;
- pages: 4 connections fetching entity pages drawn from the site index;
- then both together while 4, then 16, attackers each send the cartesian product
  ``SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }`` with a random comment, each from
  an address of its own (X-Forwarded-For, which uvicorn takes from a proxy on loopback), sending the next
  as soon as an answer comes, whatever the answer (they never honour Retry-After).

It prints each rate and its ratio to the rate alone; issue 13's targets are light SPARQL >= 0.5 and
pages >= 0.8 under both attacks. The load generator shares the host's cores with the server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from graphbuild.settings import DEFAULT_BASE_IRI
from server.search import default_path
from tests.bench.bench_pages import _get, sample_paths, wait_ready
from tests.bench.dataset import generate, index_for_serving
from tests.conftest import free_port

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "bench"


@dataclass
class Tally:
    done: int = 0
    statuses: Counter[int] = field(default_factory=Counter)


async def _client(port: int, paths: PathSource, headers: dict[str, str], tally: Tally, until: float) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.monotonic() < until:
            try:
                status = await asyncio.wait_for(_get(reader, writer, paths.next(), headers),
                                                max(0.1, until - time.monotonic() + 15))
            except (TimeoutError, asyncio.IncompleteReadError, ConnectionError):
                tally.statuses[0] += 1  # dropped: reconnect
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            if time.monotonic() <= until:
                tally.done += 1
                tally.statuses[status] += 1
    finally:
        writer.close()


class PathSource:
    def __init__(self, make: callable[[int], str]) -> None:  # type: ignore[valid-type]
        self.make = make
        self.n = 0

    def next(self) -> str:
        self.n += 1
        return self.make(self.n)  # type: ignore[misc]


async def _phase(port: int, seconds: float, light: bool, pages: list[str] | None, attackers: int,
                 cambron: str, varied: bool = False) -> dict[str, Tally]:
    until = time.monotonic() + seconds
    tallies = {"light": Tally(), "pages": Tally(), "attack": Tally()}
    rnd = random.Random()
    tasks = []
    if light:
        salt = rnd.randrange(10**9)  # no light query is answered from the cache, in any phase
        source = PathSource(lambda n: "/sparql?query=" + _quote(
            f"ASK {{ <{cambron}> ?p ?o FILTER(?o != {salt + n}) }}"))
        tasks += [_client(port, source, {"Accept": "application/sparql-results+json", "X-Forwarded-For": f"10.1.0.{i}"},
                          tallies["light"], until) for i in range(2)]
    if pages:
        source = PathSource(lambda n: pages[n % len(pages)])
        tasks += [_client(port, source, {"Accept": "text/html", "X-Forwarded-For": f"10.2.0.{i}"},
                          tallies["pages"], until) for i in range(4)]
    for i in range(attackers):
        if varied:  # another shape each time: a literal no query had before
            source = PathSource(lambda n: "/sparql?query=" + _quote(
                HEAVY.replace(" }", f" FILTER (?a != <urn:x:{rnd.random()}>) }}")))
        else:  # the same query with a random comment
            source = PathSource(lambda n: "/sparql?query=" + _quote(f"{HEAVY} # {rnd.random()}"))
        tasks.append(_client(port, source, {"Accept": "application/sparql-results+json",
                                            "X-Forwarded-For": f"10.3.{i // 250}.{i % 250}"}, tallies["attack"], until))
    await asyncio.gather(*tasks)
    return tallies


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _serve(store: Path, index: Path, port: int, extra: dict[str, str]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NEWSGRAPH_SEARCH_INDEX": str(index), **extra}
    return subprocess.Popen([sys.executable, "-m", "graphbuild.cli", "serve", "--store", str(store), "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run(store: Path, label: str, extra: dict[str, str], seconds: float, attack_sizes: list[int]) -> list[str]:
    index = default_path(store)
    port = free_port()
    process = _serve(store, index, port, extra)
    rows = []
    try:
        wait_ready(port, process, 300)
        base = DEFAULT_BASE_IRI + "id/"
        pages = [f"/page/{path}" for _, path in sample_paths(index, 2000, 3)]
        cambron = base + sample_paths(index, 1, 1)[0][1]  # any entity: the light query asks about one subject
        asyncio.run(_phase(port, 2, True, pages, 0, cambron))  # warm up: workers started, templates compiled
        light_alone = asyncio.run(_phase(port, seconds, True, None, 0, cambron))["light"].done / seconds
        pages_alone = asyncio.run(_phase(port, seconds, False, pages, 0, cambron))["pages"].done / seconds
        both = asyncio.run(_phase(port, seconds, True, pages, 0, cambron))
        light_base, pages_base = both["light"].done / seconds, both["pages"].done / seconds
        rows.append(f"| {label} | each alone | {light_alone:.1f} | | {pages_alone:.1f} | | |")
        rows.append(f"| {label} | both, no attack | {light_base:.1f} | 1 | {pages_base:.1f} | 1 | |")
        for varied in (False, True):
            for attackers in attack_sizes:
                tallies = asyncio.run(_phase(port, seconds, True, pages, attackers, cambron, varied))
                light, page = tallies["light"].done / seconds, tallies["pages"].done / seconds
                answers = ", ".join(f"{s}: {n}" for s, n in sorted(tallies["attack"].statuses.items()))
                kind = "each query another shape" if varied else "one query, random comments"
                rows.append(f"| {label} | {attackers} attackers, {kind} | {light:.1f} | {light / light_base:.2f} | "
                            f"{page:.1f} | {page / pages_base:.2f} | {answers} |")
                time.sleep(11)  # the attack's queries end (query_timeout) before the next phase
    finally:
        process.terminate()
        process.wait(timeout=30)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an existing store (else the bench store of --articles)")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--attackers", type=int, nargs="*", default=[4, 16])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            store = ARTIFACTS / f"store-{args.articles}"
            if not store.exists():
                generate(store, args.articles)
        built = index_for_serving(str(store))
        if built is not None:
            print(f"site index built in {built:.1f} s")
        print(f"{args.seconds:g} s per phase; query_timeout 10 s; the load generator shares the host's cores")
        print("light SPARQL and pages run together in every phase; ratios are to their rates without attack")
        print("| server | load | light SPARQL/s | ratio | pages/s | ratio | attackers' answers (status: count) |")
        print("|---|---|---|---|---|---|---|")
        for label, extra in (("lanes and limits (default)", {}),
                             ("one lane, no client limit", {"NEWSGRAPH_HEAVY_QUERY_WORKERS": "0",
                                                           "NEWSGRAPH_MAX_CLIENT_QUERIES": "0"})):
            for row in run(store, label, extra, args.seconds, args.attackers):
                print(row, flush=True)
        del tmp
    return 0


if __name__ == "__main__":
    sys.exit(main())
