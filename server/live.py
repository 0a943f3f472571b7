"""What the server publishes now, and how it follows a store that changes while it is served.

Three ways to serve a store:
- **read-only** (a folder, no write token): nothing changes while served; the version, the site index
  and the query workers are set up once.
- **writable** (a folder and a write token, server/writes.py): the server process holds the store
  read-write, and every reader reads a *snapshot*: a RocksDB checkpoint (``Store.backup``, hard links,
  taken in milliseconds) under ``{store}.snapshots/``. Query workers must not open a store another
  process writes (pyoxigraph: "undefined behaviour"), and pages read the same snapshot so that they and
  SPARQL always agree. After each write the new snapshot's version and site index are built while
  readers go on with the old one; then the query workers move onto it (ProcessPool.reload) and pages,
  search and ETags switch in the same turn of the event loop, before the write is answered.
- **remote** (a SPARQL 1.1 store URL): the server keeps no graph state; SPARQL and entity pages read
  the store at each request. Other builders may write at any time, so the server checks the store's
  version every ``refresh_interval`` seconds and then rebuilds its site index (search, listings,
  prebuilt descriptions) and publishes the new version (ETags) together.

Each write is one transaction in the store, so a SPARQL query sees an article entirely or not at all;
a page, read from one snapshot or one index, does too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import anyio
import pyoxigraph as ox
from anyio import to_thread

from graphbuild.errors import IndexNotReady, StoreError
from graphbuild.stores import Readable, Source, Store

from .description import Descriptions
from .freshness import StoreVersion, article_key, store_version
from .ontology import vocabulary_terms
from .query_pool import ProcessPool, QueryRunner, ThreadRunner
from .search import SiteIndex, build_index, default_path, graph_triples, is_current, recorded_version
from .settings import Settings

log = logging.getLogger(__name__)

SNAPSHOT_GRACE = 5.0  # seconds past query_timeout before a replaced snapshot is deleted
# Seconds without a write request before the descriptions updates left pending are assembled: in a run of
# writes they would compete with each write for the CPU (and the interpreter lock).
QUIET_BEFORE_COMPLETING = 2.0


def snapshot_root(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".snapshots")


class Snapshots:
    """Read-only copies of a writable store for the query workers (RocksDB checkpoints: hard links)."""

    def __init__(self, store: Store) -> None:
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
        self.store.snapshot(target)
        return target

    def drop(self, path: Path) -> None:
        shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def index_path(settings: Settings, store: Store) -> Path | None:
    """Where the site index of ``store`` lives: the search_index setting, else beside a folder store (or,
    for an in-memory one, in a file of this process). None for a remote store without the setting: its
    index must be where every process of the deployment finds it, which only the deployment can name."""
    if settings.search_index:
        return Path(settings.search_index)
    if store.capabilities.network:
        return None
    if store.path is None:  # memory: one file per store, deleted when its server closes
        return Path(tempfile.gettempdir()) / f"newsgraph-memory-{os.getpid()}-{id(store):x}.index.sqlite3"
    return default_path(store.path)


def named_index_path(settings: Settings, store: Store) -> Path:
    """``index_path``, or IndexNotReady saying how to name the index of a remote store."""
    path = index_path(settings, store)
    if path is None:
        raise IndexNotReady(
            f"the remote store {settings.store} needs its site index named: set NEWSGRAPH_SEARCH_INDEX (or "
            "--search-index) to a file every server process can read, the same for build, index and serve; "
            f"then build it with `newsgraph index --store {settings.store} --search-index FILE`")
    return path


def private(store: Store) -> bool:
    """Whether only this process can see ``store`` (``memory:``): its index is this process's to build."""
    return store.path is None and not store.capabilities.network


def ready_index(settings: Settings, store: Store, view: Source, version: StoreVersion) -> Path:
    """The site index a server of ``store`` (read as ``view``, at ``version``) reads; IndexNotReady when it
    is not where ``index_path`` says (a store written without it, or never indexed). Start-up never builds
    it: on a large store that takes minutes (`newsgraph index` does it, with a progress bar). The exceptions
    are a ``memory:`` store, which no other process can index, and a store with no article yet."""
    command = f"newsgraph index --store {settings.store}"
    path = named_index_path(settings, store)
    if is_current(path, version):
        return path
    if private(store) or not store.article_graphs():  # no other process can index it, or nothing to index
        build_index(view, version, path, settings.base_iri)
        return path
    if settings.search_index:
        command += f" --search-index {path}"
    what = ("no site index" if recorded_version(path) is None
            else "the site index was built from another version of the store")
    raise IndexNotReady(f"{path}: {what}; build it with `{command}` (the server does not build it at start-up)")


def updatable_in_place(store: Store, index: Path, published: StoreVersion) -> bool:
    """Whether the index at ``index`` can follow writes to ``store`` in place (``SiteIndex.update``): it is
    the index of the store at ``published``, the version before the writes, and the store's union is its
    default graph, which the update reads. Else it is built anew (server writes and CLI commands alike)."""
    return store.capabilities.union_is_default_graph and is_current(index, published)


def serving_mode(settings: Settings, store: Store) -> str:
    if store.capabilities.network:
        return "remote"
    if settings.write_token and store.path is not None and not store.read_only:
        return "writable"
    return "fixed"


class _Clock:
    """Seconds spent in each step of a publication, for the log."""

    def __init__(self) -> None:
        self.laps: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.laps.append((step, now - self._last))
        self._last = now

    def __str__(self) -> str:
        return ", ".join(f"{step} {seconds:.2f} s" for step, seconds in self.laps)


@dataclass(frozen=True)
class View:
    """What readers read: a store (``ox``, pyoxigraph's read API) and the folder its files are in."""

    ox: Readable
    path: Path | None


class Live:
    """The store, its version, the site index, the descriptions and the query runner, kept in step.

    Readers read ``view``: the store itself when it is read-only or remote; for a writable folder store,
    the newest snapshot, which pages and query workers switch to together (``after_write``).
    """

    def __init__(self, store: Store, settings: Settings, runner: QueryRunner | None = None) -> None:
        self.store = store
        self.settings = settings
        self.mode = serving_mode(settings, store)
        self.snapshots = Snapshots(store) if self.mode == "writable" and store.capabilities.snapshots else None
        self._snapshot: Path | None = self.snapshots.take() if self.snapshots is not None else None
        self.view = self._view(self._snapshot)
        self.version: StoreVersion = store_version(self.view, settings.base_iri)
        self.index = SiteIndex(ready_index(settings, store, self.view, self.version))
        self.descriptions = Descriptions(self.view.ox, settings.description_cache, self.index)
        self.runner = runner if runner is not None else self._make_runner()
        self.publications = 0  # how many times a new state was published: part of the query cache's key
        if isinstance(self.runner, ThreadRunner) and self.mode == "remote":
            self.runner.version = self._cache_version()
        self.lock = asyncio.Lock()  # one write or refresh at a time
        self.unpublished = False  # a write reached the store but not yet the readers (after_write failed)
        # The article graphs written since the site index was last brought up to date, with their triples
        # before the first of those writes: what SiteIndex.update needs to follow them in place.
        self.pending: dict[str, frozenset[ox.Triple]] = {}
        self.pending_keys: dict[str, str | None] = {}  # and their build keys then (None: no such graph)
        self._poller: asyncio.Task[None] | None = None
        self._completer: asyncio.Task[None] | None = None
        self._known: tuple[str, frozenset[str]] | None = None  # (version tag, known_terms())
        self.incoming = 0  # write requests being handled (``writing``): pending descriptions wait for them
        self.last_write = 0.0  # time.monotonic() when the last one ended

    def _view(self, snapshot: Path | None) -> View:
        if snapshot is None:
            return View(self.store.ox, self.store.path)
        return View(ox.Store.read_only(str(snapshot)), self.store.path)

    def _make_runner(self) -> QueryRunner:
        settings = self.settings
        limits = {"workers": max(1, settings.query_workers), "max_waiting": max(0, settings.max_waiting_queries),
                  "timeout": settings.query_timeout}
        lanes = {"heavy_workers": max(0, settings.heavy_query_workers), "heavy_budget": settings.heavy_query_budget,
                 "heavy_share": min(1.0, max(0.0, settings.heavy_query_share))}
        if self._snapshot is not None:
            return ProcessPool(self._snapshot, **limits, **lanes)  # type: ignore[arg-type]
        if self.store.capabilities.worker_processes and self.store.path is not None:
            return ProcessPool(self.store.path, **limits, **lanes)  # type: ignore[arg-type]
        if self.store.capabilities.network:
            # Why more threads: a remote query costs the server a wait, not CPU; the store does the work.
            # Why a client of its own timeout: an abandoned query's thread ends soon after it.
            limits["workers"] = max(8, settings.query_workers)
            return ThreadRunner(self.store.reader(settings.query_timeout + 1), **limits)  # type: ignore[arg-type]
        return ThreadRunner(self.store.ox, **limits)  # type: ignore[arg-type]

    # -- following the store -------------------------------------------------------------------------
    async def before_write(self, graph_iri: str) -> None:
        """Note the triples of an article graph about to be written (the caller holds ``lock``), so that
        publishing the write updates the site index in place instead of building it anew."""
        if graph_iri not in self.pending:
            self.pending[graph_iri] = await to_thread.run_sync(graph_triples, self.store.ox, graph_iri)
            self.pending_keys[graph_iri] = await to_thread.run_sync(article_key, self.store.ox, graph_iri)

    async def after_write(self) -> None:
        """Publish what was just written; the caller holds ``lock``.

        For a writable folder store: a new snapshot, its version and site index are made while readers
        go on with the old ones; then the query workers move onto it, and pages, search, ETags and
        SPARQL switch together. Raises (and leaves ``unpublished`` set, so the next write or refresh
        publishes) when a step fails; readers then keep the old, whole state."""
        self.unpublished = True
        if self.snapshots is None or not isinstance(self.runner, ProcessPool):
            if not await self._refresh_locked():
                self._new_cache_version()  # same content as published, but answers cached meanwhile may not be
            self.unpublished = False
            self.pending, self.pending_keys = {}, {}
            return
        clock = _Clock()
        snapshot = await to_thread.run_sync(self.snapshots.take)
        try:
            view = await to_thread.run_sync(self._view, snapshot)
            clock.lap("snapshot")
            version = await to_thread.run_sync(self._written_version, view)
            clock.lap("version")
            staged = await self._stage_index(view, version)  # in place when it can follow the writes
            clock.lap("site index")
            await self.runner.reload(snapshot)  # from here, SPARQL answers from the new snapshot ...
            clock.lap("query workers")
        except BaseException:
            self.snapshots.drop(snapshot)
            raise
        self._switch(view, version, staged)  # ... and, in the same turn of the event loop, everything else
        log.info("published %s (%s)", version.tag, clock)
        self._complete_later()
        old, self._snapshot = self._snapshot, snapshot
        if old is not None:
            self._drop_later(old)
        self.unpublished = False
        self.pending, self.pending_keys = {}, {}

    def _written_version(self, view: View) -> StoreVersion:
        """The version of ``view`` after the pending writes: the published version moved by their build keys.
        Exact on a folder store (nobody else writes it); on a remote store, unless others wrote meanwhile."""
        keys = {graph: (before, article_key(view.ox, graph)) for graph, before in self.pending_keys.items()}
        return self.version.advanced(view, self.settings.base_iri, keys)

    async def refresh(self) -> bool:
        """Catch up with writes made by others (a remote store); True when something changed."""
        async with self.lock:
            if self.unpublished:
                await self.after_write()
                return True
            if self.mode != "remote":  # nobody else writes a folder store this server holds
                return False
            return await self._refresh_locked()

    async def _refresh_locked(self) -> bool:
        clock = _Clock()
        if self.pending and updatable_in_place(self.store, self.index.path, self.version):
            # This server's writes: the version follows them from their build keys, as on a folder store,
            # instead of a query over every article (a round trip of half a second at 20,000 articles).
            # Should someone else have written meanwhile, the next poll's full version tells, and the
            # index is then built anew, as for any write of theirs.
            version = await to_thread.run_sync(self._written_version, self.view)
            clock.lap("version")
            await to_thread.run_sync(self.index.update, self.view, version, self.settings.base_iri, dict(self.pending))
            staged = None
            clock.lap("site index")
        else:
            version = await to_thread.run_sync(store_version, self.view, self.settings.base_iri)
            clock.lap("version")
            if version.tag == self.version.tag:
                return False
            staged = await self._stage_index(self.view, version)
            clock.lap("site index")
        self._switch(self.view, version, staged)
        log.info("published %s (%s)", version.tag, clock)
        self._new_cache_version()
        self._complete_later()
        return True

    def known_terms(self) -> frozenset[str]:
        """The classes and properties of the data now, and every term of the vocabulary (the endpoint warns of
        a query term outside them); read from the site index's figures, once per published version."""
        if self._known is None or self._known[0] != self.version.tag:
            figures = self.index.figures()
            self._known = (self.version.tag, vocabulary_terms() | figures.classes.keys() | figures.properties.keys())
        return self._known[1]

    def _new_cache_version(self) -> None:
        self.publications += 1
        if isinstance(self.runner, ThreadRunner) and self.mode == "remote":
            self.runner.version = self._cache_version()

    def _cache_version(self) -> str:
        """The query cache's key for what is published now. Not the content digest alone: a remote store
        changes before the server publishes it, and an answer computed in between is kept under the old
        key; when the content comes back to that digest (an article deleted and posted again), that
        answer must not be replayed. Each publication, and each write of this server, starts a fresh key."""
        return f"{self.version.tag}.{self.publications}"

    async def _stage_index(self, view: View, version: StoreVersion) -> Path | None:
        """The site index of ``view`` at ``version``. Where the index is the published version's and the
        writes since are known (``pending``), it is updated in place, in one SQLite transaction: it touches
        only the rows those articles reach (None is returned). Otherwise it is built anew beside the current
        one, and the path of the new file is returned (writes by others to a remote store)."""
        if is_current(self.index.path, version):
            return None
        if self.pending and updatable_in_place(self.store, self.index.path, self.version):
            pending = dict(self.pending)
            await to_thread.run_sync(self.index.update, view, version, self.settings.base_iri, pending)
            return None
        staged = self.index.path.with_name(self.index.path.name + ".next")
        await to_thread.run_sync(build_index, view, version, staged, self.settings.base_iri)
        return staged

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Around the handling of a write request, from its first byte (extraction takes CPU too): the
        pending descriptions are assembled when no write is being handled, so as not to slow them down."""
        self.incoming += 1
        try:
            yield
        finally:
            self.incoming -= 1
            self.last_write = time.monotonic()
            if not self.incoming:
                self._complete_later()

    def _complete_later(self) -> None:
        """Complete, once writes pause, what index updates left pending (descriptions, related lists)."""
        if self.incoming == 0 and (self._completer is None or self._completer.done()):
            self._completer = asyncio.ensure_future(self._complete())

    async def _complete(self) -> None:
        """Each pending description and related list from the published view, until none is left. Not under
        ``lock``: a write goes ahead meanwhile, and what was worked out from a version it replaced is not stored
        (``SiteIndex.complete``). Until stored, a description is assembled from the store on request, and a
        related list shows the counts before the pending writes."""
        try:
            while pending := await to_thread.run_sync(self.index.pending):
                view, version, started = self.view, self.version, time.perf_counter()
                stored = 0
                for work in pending:
                    while (wait := self.last_write + QUIET_BEFORE_COMPLETING - time.monotonic()) > 0:
                        await anyio.sleep(wait)
                    if self.incoming:
                        return  # resumed when the writes are handled (``writing``)
                    if self.version is not version:
                        break  # a newer write: start again from what it left pending
                    stored += await to_thread.run_sync(self.index.complete, view, version, [work])
                log.info("completed %d of %d pending descriptions and related lists in %.2f s", stored,
                         len(pending), time.perf_counter() - started)
                if stored == 0 and self.version is version:
                    return  # nothing could be stored at the published version: wait for the next write
        except Exception:
            log.exception("could not complete the pending descriptions and related lists; the next write retries")

    def _switch(self, view: View, version: StoreVersion, staged: Path | None) -> None:
        """Publish ``view`` at ``version``: no await here, so no request sees half of the switch."""
        if staged is not None:
            os.replace(staged, self.index.path)
        self.index.reopen()
        self.view = view
        self.descriptions.store = view.ox
        self.descriptions.clear()
        self.version = version

    def _drop_later(self, path: Path) -> None:
        """Delete a replaced snapshot once no query can still be reading it."""
        assert self.snapshots is not None
        loop = asyncio.get_running_loop()
        loop.call_later(self.settings.query_timeout + SNAPSHOT_GRACE, self.snapshots.drop, path)

    async def _poll(self) -> None:
        failing = False  # a store that is down is logged once when it goes and once when it is back
        while True:
            await anyio.sleep(self.settings.refresh_interval)
            try:
                await self.refresh()
            except (OSError, StoreError) as exc:  # a store that is down for a moment: keep serving what we have
                if not failing:
                    log.warning("cannot reach the store to refresh (%s: %s); serving what was read before, "
                                "trying again every %g s", exc.__class__.__name__, exc, self.settings.refresh_interval)
                failing = True
            except Exception:
                log.exception("could not refresh from the store")
            else:
                if failing:
                    log.warning("the store answers again")
                failing = False

    def start(self) -> None:
        """Start following the store (called on the running event loop): a remote store for what others
        wrote, a writable one to finish publishing a write whose publication failed."""
        if self.mode != "fixed" and self.settings.refresh_interval > 0 and self._poller is None:
            self._poller = asyncio.ensure_future(self._poll())

    async def aclose(self) -> None:
        for task in (self._poller, self._completer):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self.runner.aclose()
        self.index.close()
        if private(self.store):  # nobody else can read it
            self.index.path.unlink(missing_ok=True)
        if self.snapshots is not None:
            self.snapshots.close()
