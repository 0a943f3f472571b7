"""server/memory.py: the allocator gives freed memory back when asked (glibc)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from server.memory import release_free_memory


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_memory_freed_between_live_blocks_goes_back_to_the_system() -> None:
    """Blocks freed in the middle of the heap stay resident until malloc_trim hands their pages back:
    what an article's extraction leaves behind in a server thread."""
    kept: list[bytes] = []

    def allocate() -> None:
        blocks = [bytes(4000) + bytes([n % 256]) for n in range(50_000)]  # 200 MB, above pymalloc's sizes
        kept.extend(blocks[::500])  # a few stay alive, spread through the heap: it cannot simply shrink
        blocks.clear()

    thread = threading.Thread(target=allocate)  # as in the server: a worker thread allocates
    thread.start()
    thread.join()
    before = _rss_mb()
    release_free_memory()
    after = _rss_mb()
    assert kept and before - after > 100, (before, after)


def test_the_result_cache_counts_what_its_answers_take() -> None:
    """result_cache_mb is a budget of memory, not of content: what the cache counts for a kept answer is
    within a third of what Python allocates for it (tracemalloc)."""
    import tracemalloc

    from starlette.responses import Response

    from server.query_cache import ResultCache
    from server.sparql import _Replay

    cache: ResultCache[_Replay] = ResultCache(10**9)
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        for n in range(5000):
            query = f"query=ASK%20%7B%20%3Chttp%3A%2F%2Fnews.test%2Fid%2Fperson%2F{n}%3E%20%3Fp%20%3Fo%20%7D".encode()
            response = Response(b'{"head":{},"boolean":true}', media_type="application/sparql-results+json",
                                headers={"Access-Control-Allow-Origin": "*", "Vary": "Accept", "ETag": f'"{n:020d}"'})
            kept = _Replay(response.raw_headers, bytes(response.body))
            key = ("replay", "0123456789abcdef.1", query, b"application/sparql-results+json")
            cache.put(key, kept, kept.size() + len(key[2]) + len(key[3]))
            del response
        used = tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()
    assert 0.75 < cache.size / used < 1.33, (cache.size, used)
    cache.clear()
    assert len(cache) == 0 and cache.size == 0
