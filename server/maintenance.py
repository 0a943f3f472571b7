"""What the command line asks of the server package: a site index in step with a store.

`newsgraph build` calls ``refresh_site_index`` after writing, so that `serve` starts without indexing.
This is the server package's only entry for graphbuild/cli.py besides ``server.app.serve``.
"""

from __future__ import annotations

from pathlib import Path

from graphbuild.settings import Settings
from graphbuild.stores import Store

from .freshness import store_version
from .live import index_path
from .search import SiteIndex


def refresh_site_index(store: Store, settings: Settings) -> Path | None:
    """Bring the site index of ``store`` up to date and return where it is; None for a store that has no
    folder of its own (``memory:`` is gone after the build; a remote store's servers index it)."""
    if store.path is None:
        return None
    path = index_path(settings, store)
    SiteIndex.open_or_build(store, store_version(store, settings.base_iri), path, settings.base_iri).close()
    return path
