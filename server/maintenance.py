"""What the command line asks of the server package: a site index in step with a store.

`newsgraph build` and `newsgraph remove` follow their writes with ``IndexFollower`` (the index updated in
place when it can be, built anew otherwise); `newsgraph index` builds it explicitly, with a progress bar.
These, with ``server.app.serve``, are the server package's only entries for graphbuild/cli.py.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from pathlib import Path

import pyoxigraph as ox

from graphbuild.settings import Settings
from graphbuild.stores import Store

from .freshness import StoreVersion, store_version
from .live import index_path, named_index_path, private, updatable_in_place
from .search import SiteIndex, build_index, graph_triples, is_current

Progress = Callable[[Iterable[str], int], Iterable[str]]


def build_site_index(store: Store, settings: Settings, progress: Progress | None = None) -> Path:
    """Build the site index of ``store`` anew, where the server will look for it; returns that place."""
    path = named_index_path(settings, store)
    build_index(store, store_version(store, settings.base_iri), path, settings.base_iri, progress=progress)
    return path


class IndexFollower:
    """Keeps the site index of a store in step with the writes a command makes to it.

    Made before the writes: it records the store's version and article hashes, and ``before_write`` the
    triples of an article graph about to be replaced or removed. ``catch_up`` after the writes updates the
    index in place when it was the store's before them and every changed graph is accounted for (new ones
    need nothing); else it builds the index anew. A store with no folder of its own (``memory:``, a remote
    one without a ``search_index`` file) has no index to follow."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.path = None if private(store) else index_path(settings, store)
        self.version: StoreVersion | None = None
        self.hashes: dict[str, str] = {}
        self.before: dict[str, frozenset[ox.Triple]] = {}
        if self.path is not None:
            self.version = store_version(store, settings.base_iri)
            self.hashes = store.article_hashes()

    def before_write(self, graph_iri: str) -> None:
        if self.path is not None and graph_iri not in self.before:
            self.before[graph_iri] = graph_triples(self.store.ox, graph_iri)

    def catch_up(self, written: Collection[str], progress: Progress | None = None) -> Path | None:
        """Bring the index up to date with the article graphs the command ``written`` (stored or removed);
        the place the index is in, or None when there is none to follow."""
        if self.path is None or self.version is None:
            return None
        base = self.settings.base_iri
        version = store_version(self.store, base)
        if is_current(self.path, version):
            return self.path
        changed = set(written)
        unknown = {g for g in changed if g in self.hashes and g not in self.before}  # replaced, triples unread
        if not unknown and updatable_in_place(self.store, self.path, self.version):
            before = {g: self.before.get(g, frozenset()) for g in changed}
            index = SiteIndex(self.path)
            index.update(self.store, version, base, before)
            index.complete(self.store, version)  # what a server does after publishing, done at once here
            index.close()
        else:
            build_index(self.store, version, self.path, base, progress=progress)
        return self.path
