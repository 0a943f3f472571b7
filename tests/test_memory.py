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
