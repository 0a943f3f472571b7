"""Opening the store a ``--store`` setting names: a folder, ``memory:``, or a SPARQL 1.1 query URL."""

from __future__ import annotations

from pathlib import Path

from ..errors import SettingsError, StoreError
from ..settings import Settings
from .base import Store
from .embedded import ArticleStore


def names_remote(spec: str | Path | None) -> bool:
    """Whether a ``--store`` setting names a remote store (an http(s) URL) rather than a folder."""
    return str(spec or "").startswith(("http://", "https://"))


def open_store(
    spec: str | Path | None, *, read_only: bool = False, create: bool = True, auth: tuple[str, str] | None = None
) -> Store:
    """The store a ``--store`` setting names: a folder (embedded Oxigraph), ``memory:``, or the query
    URL of a remote SPARQL 1.1 store (its update and Graph Store URLs follow Oxigraph's layout)."""
    if names_remote(spec):
        from .remote import Endpoints, RemoteStore  # httpx only for a remote store

        return RemoteStore(Endpoints.from_query_url(str(spec)), auth=auth)
    return ArticleStore.open(spec, read_only=read_only, create=create)


def open_configured(settings: Settings, *, read_only: bool = False, create: bool = True,
                    timeout: float = 60.0) -> Store:
    """The store ``settings`` name, with a remote store's update and Graph Store URLs and credentials.
    ``read_only`` and ``create`` concern a folder; a remote store is as its server allows."""
    if not names_remote(settings.store):
        return ArticleStore.open(settings.store, read_only=read_only, create=create)
    from .remote import Endpoints, RemoteStore  # httpx only for a remote store

    if settings.store_kind == "virtuoso":
        from .virtuoso import VirtuosoStore

        return VirtuosoStore.from_settings(settings, timeout=timeout)
    if settings.store_kind != "standard":
        raise StoreError(f"store_kind {settings.store_kind!r} is not known; use standard or virtuoso")
    endpoints = Endpoints.from_query_url(str(settings.store), settings.store_update, settings.store_graph_store)
    auth = (settings.store_user, settings.store_password) if settings.store_user else None
    return RemoteStore(endpoints, auth=auth, timeout=timeout)


def settle_base(settings: Settings, store: Store, *, given: bool) -> Settings:
    """``settings`` with the base IRI ``store`` was built with (``Store.built_base``). A base IRI the user
    ``given`` (flag or NEWSGRAPH_BASE_IRI) must be that one: every IRI in the store is minted from it, and
    serving the store under another would make every entity page a 404. A store with no articles and no
    record takes any base."""
    built = store.built_base()
    if built is None or built == settings.base_iri:
        return settings
    if given:
        raise SettingsError(
            f"the store {store.location} was built with base IRI {built}, not {settings.base_iri}: leave "
            f"--base-iri (and NEWSGRAPH_BASE_IRI) out to use the store's, or build a new store under the new one")
    return settings.with_overrides(base_iri=built)
