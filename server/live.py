"""What the server publishes now, and how it follows a store that changes while it is served.

Three ways to serve a store:
- **read-only** (a folder, no write token): nothing changes while served; the version, the site index
  and the query workers are set up once.
- **writable** (a folder and a write token, server/writes.py): the server process holds the store
  read-write. Query workers may not open a store another process writes (pyoxigraph: "undefined
  behaviour"), so they open a *snapshot*: a RocksDB checkpoint (``Store.backup``, hard links, taken in
  milliseconds) under ``{store}.snapshots/``. After each write the server takes a new snapshot and
  moves the workers onto it (ProcessPool.reload) before it answers the write.
- **remote** (a SPARQL 1.1 store URL): the server keeps no graph state; every read goes to the store.
  Other builders may write at any time, so the server checks the store's version every
  ``refresh_interval`` seconds.

Whenever the version changes, ``refresh()`` rebuilds the site index (search, listings, prebuilt
descriptions) into a new file, renames it into place and only then publishes the new version, so a
page and its ETag always agree. Each write is one transaction in the store, so a SPARQL query sees an
article entirely or not at all; a page, read from the old index or the new one, does too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
from pathlib import Path

import anyio
from anyio import to_thread

from graphbuild.remote import AnyStore, RemoteStore
from graphbuild.store import ArticleStore

from .description import Descriptions
from .freshness import StoreVersion, store_version
from .query_pool import ProcessPool, QueryRunner, ThreadRunner
from .search import SiteIndex, build_index, default_path, is_current
from .settings import Settings

log = logging.getLogger(__name__)

SNAPSHOT_GRACE = 5.0  # seconds past query_timeout before a replaced snapshot is deleted


def snapshot_root(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".snapshots")


class Snapshots:
    """Read-only copies of a writable store for the query workers (RocksDB checkpoints: hard links)."""

    def __init__(self, store: ArticleStore) -> None:
        assert store.path is not None
        self.store = store
        self.root = snapshot_root(store.path)
        shutil.rmtree(self.root, ignore_errors=True)  # left by a server that was killed
        self.root.mkdir(parents=True)
        self.count = 0

    def take(self) -> Path:
        """A new snapshot of the store as it is now (writes are serialised by the caller)."""
        self.count += 1
        target = self.root / str(self.count)
        self.store.flush()
        self.store.ox.backup(str(target))
        return target

    def drop(self, path: Path) -> None:
        shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def index_path(settings: Settings, store: AnyStore) -> Path:
    """Where the site index of ``store`` lives: the search_index setting, else its default place."""
    if settings.search_index:
        return Path(settings.search_index)
    return default_path(store.path, store.endpoints.query if isinstance(store, RemoteStore) else "")


def serving_mode(settings: Settings, store: AnyStore) -> str:
    if isinstance(store, RemoteStore):
        return "remote"
    if settings.write_token and store.path is not None and not store.read_only:
        return "writable"
    return "fixed"


class Live:
    """The store, its version, the site index, the descriptions and the query runner, kept in step."""

    def __init__(self, store: AnyStore, settings: Settings, runner: QueryRunner | None = None) -> None:
        self.store = store
        self.settings = settings
        self.mode = serving_mode(settings, store)
        self.version: StoreVersion = store_version(store, settings.base_iri)
        self.index = SiteIndex.open_or_build(store, self.version, index_path(settings, store), settings.base_iri)
        self.descriptions = Descriptions(store.ox, settings.description_cache, self.index)
        self.snapshots = Snapshots(store) if self.mode == "writable" and isinstance(store, ArticleStore) else None
        self._snapshot: Path | None = self.snapshots.take() if self.snapshots is not None else None
        self.runner = runner if runner is not None else self._make_runner()
        if isinstance(self.runner, ThreadRunner) and self.mode == "remote":
            self.runner.version = self.version.tag
        self.lock = asyncio.Lock()  # one write or refresh at a time
        self._poller: asyncio.Task[None] | None = None

    def _make_runner(self) -> QueryRunner:
        settings = self.settings
        limits = {"workers": max(1, settings.query_workers), "max_waiting": max(0, settings.max_waiting_queries),
                  "timeout": settings.query_timeout}
        if self._snapshot is not None:
            return ProcessPool(self._snapshot, **limits)  # type: ignore[arg-type]
        if isinstance(self.store, ArticleStore) and self.store.read_only and self.store.path is not None:
            return ProcessPool(self.store.path, **limits)  # type: ignore[arg-type]
        if isinstance(self.store, RemoteStore):
            # Why more threads: a remote query costs the server a wait, not CPU; the store does the work.
            # Why a client of its own timeout: an abandoned query's thread ends soon after it.
            limits["workers"] = max(8, settings.query_workers)
            return ThreadRunner(self.store.reader(settings.query_timeout + 1), **limits)  # type: ignore[arg-type]
        return ThreadRunner(self.store.ox, **limits)  # type: ignore[arg-type]

    # -- following the store -------------------------------------------------------------------------
    async def after_write(self) -> None:
        """Publish what was just written (the caller holds ``lock``): the query workers move onto a new
        snapshot, then the index and version follow."""
        if self.snapshots is not None and isinstance(self.runner, ProcessPool):
            old, self._snapshot = self._snapshot, await to_thread.run_sync(self.snapshots.take)
            await self.runner.reload(self._snapshot)
            if old is not None:
                self._drop_later(old)
        await self._refresh_locked()

    async def refresh(self) -> bool:
        """Catch up with writes made by others (a remote store); True when something changed."""
        async with self.lock:
            return await self._refresh_locked()

    async def _refresh_locked(self) -> bool:
        version = await to_thread.run_sync(store_version, self.store, self.settings.base_iri)
        if version.tag == self.version.tag:
            return False
        if not is_current(self.index.path, version):
            await to_thread.run_sync(build_index, self.store, version, self.index.path, self.settings.base_iri)
        self.index.reopen()
        self.descriptions.clear()
        self.version = version
        if isinstance(self.runner, ThreadRunner) and self.mode == "remote":
            self.runner.version = version.tag
        return True

    def _drop_later(self, path: Path) -> None:
        """Delete a replaced snapshot once no query can still be reading it."""
        assert self.snapshots is not None
        loop = asyncio.get_running_loop()
        loop.call_later(self.settings.query_timeout + SNAPSHOT_GRACE, self.snapshots.drop, path)

    async def _poll(self) -> None:
        while True:
            await anyio.sleep(self.settings.refresh_interval)
            try:
                await self.refresh()
            except Exception:  # a store that is down for a moment: keep serving what we have
                log.exception("could not refresh from the store")

    def start(self) -> None:
        """Start following a remote store (called on the running event loop)."""
        if self.mode == "remote" and self.settings.refresh_interval > 0 and self._poller is None:
            self._poller = asyncio.ensure_future(self._poll())

    async def aclose(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
        await self.runner.aclose()
        self.index.close()
        if self.snapshots is not None:
            self.snapshots.close()
