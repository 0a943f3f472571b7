"""The server process's memory, as glibc's allocator holds it.

By default glibc gives each thread that allocates an arena of its own (up to eight per core) and keeps
what a thread frees for that thread's next allocations. Under the server's thread pool the resident
memory then creeps up with every write. ``limit_malloc_arenas`` keeps two arenas (called before the
server starts its threads), and ``release_free_memory`` hands the free pages in them back to the
system after each write: extracting and validating an article allocates tens of megabytes that are
free again once it is stored, and without it they stay resident, a little more after each write, as
they fragment (`make soak`, docs/benchmarks.md). Nothing happens where the C library is not glibc.
"""

from __future__ import annotations

import ctypes
import functools

M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)


@functools.cache
def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


def limit_malloc_arenas(arenas: int = 2) -> None:
    """Keep glibc to ``arenas`` malloc arenas in this process."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(M_ARENA_MAX, arenas)


def release_free_memory() -> None:
    """Return the allocator's free pages to the system (glibc's malloc_trim; a few milliseconds)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)
