"""Validators and conditional requests, derived from the store version.

``StoreVersion`` is computed from what identifies the store's content (each article graph's name and
build key, the curation graph) at startup and again whenever the store may have changed (server/live.py);
every representation's ``ETag`` is that version plus the URL and the Accept header it was chosen for,
and ``Last-Modified`` is the newest file of the store folder.

``ConditionalMiddleware`` (RFC 9110 §13, https://www.rfc-editor.org/rfc/rfc9110#section-13) adds the
validators to each successful GET and HEAD, answers ``If-None-Match`` (weak comparison) and, without
it, ``If-Modified-Since`` with 304, and answers HEAD on every GET route with the GET headers and no
body (https://www.rfc-editor.org/rfc/rfc9110#section-9.3.2).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphbuild.stores import Source
from graphbuild.vocab import NG

# Paths whose answers the SPARQL endpoint owns; they get no validators from here.
UNVALIDATED_PREFIXES = ("/sparql",)
CACHE_CONTROL = "public, no-cache"
# Set in the scope of a HEAD request (which handlers see as GET), so a streamed answer can skip its body.
HEAD_FLAG = "newsgraph.head"  # may be stored, but revalidated: a rebuild changes the version

# An article graph is named by its article, which states its build key (content, extractor version,
# model, base IRI, curation) as ng:contentHash; Oxigraph joins them into one string, sorted here.
_VERSION_QUERY = f"""
SELECT (GROUP_CONCAT(CONCAT(STR(?g), " ", ?hash); separator="\\n") AS ?all) WHERE {{
  GRAPH ?g {{ ?g <{NG.contentHash}> ?hash }}
}}"""


@dataclass(frozen=True)
class StoreVersion:
    tag: str  # short hex digest naming the store's content
    modified: float  # POSIX time of the newest store file

    @cached_property
    def last_modified(self) -> str:
        return formatdate(self.modified, usegmt=True)


def _newest_mtime(folder: Path | None) -> float:
    if folder is None or not folder.is_dir():
        return float(int(time.time()))
    times = [p.stat().st_mtime for p in folder.rglob("*") if p.is_file()]
    return float(int(max(times, default=folder.stat().st_mtime)))


def store_version(store: Source, base: str = "") -> StoreVersion:
    """The version of ``store``'s content: every article's name and build key, and the curation.
    Blocks; about 0.2 s for 20,000 articles."""
    digest = hashlib.sha256()
    joined = next(iter(store.ox.query(_VERSION_QUERY)))["all"]  # type: ignore[arg-type, index]
    for line in sorted((joined.value if joined else "").split("\n")):
        digest.update(line.encode("utf-8") + b"\n")
    curation = store.ox.quads_for_pattern(None, None, None, ox.NamedNode(f"{base}curation")) if base else []
    for quad in sorted(str(q) for q in curation):
        digest.update(quad.encode("utf-8"))
    return StoreVersion(digest.hexdigest()[:16], _newest_mtime(store.path))


def entity_tag(version: StoreVersion, path: str, query: str, accept: str) -> str:
    key = f"{path}?{query}\n{accept}".encode()
    return f'W/"{version.tag}-{hashlib.sha1(key).hexdigest()[:12]}"'


def _opaque(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def none_match(header: str, tag: str) -> bool:
    """Whether If-None-Match ``header`` matches ``tag`` by weak comparison (RFC 9110 §13.1.2)."""
    if header.strip() == "*":
        return True
    return any(_opaque(part.strip()) == _opaque(tag) for part in header.split(","))


def not_modified_since(header: str, modified: float) -> bool:
    try:
        since = parsedate_to_datetime(header).timestamp()
    except (TypeError, ValueError, IndexError):
        return False
    return modified <= since


class ConditionalMiddleware:
    """ETag, Last-Modified, 304 Not Modified and HEAD for every GET route."""

    def __init__(self, app: ASGIApp, version: Callable[[], StoreVersion]) -> None:
        self.app = app
        self.current_version = version  # the store may change while served (server/live.py)

    @property
    def version(self) -> StoreVersion:
        return self.current_version()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        path: str = scope["path"]
        validated = not path.startswith(UNVALIDATED_PREFIXES)
        request = Headers(scope=scope)
        tag = entity_tag(self.version, path, scope.get("query_string", b"").decode("latin-1"),
                         request.get("accept", ""))
        if validated and self._known_tag(request, tag):
            # The client holds this very representation (the tag names the store version): no need to build it.
            await send({"type": "http.response.start", "status": 304, "headers": [
                (b"etag", tag.encode()), (b"last-modified", self.version.last_modified.encode()),
                (b"cache-control", CACHE_CONTROL.encode()), (b"vary", b"Accept")]})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        scope[HEAD_FLAG] = head
        state = {"skip_body": head}

        async def send_with_validators(message: Message) -> None:
            if message["type"] == "http.response.start":
                if validated and message["status"] == 200:
                    headers = MutableHeaders(scope=message)
                    headers.setdefault("ETag", tag)
                    headers.setdefault("Last-Modified", self.version.last_modified)
                    headers.setdefault("Cache-Control", CACHE_CONTROL)
                    if self._not_modified(request, headers["ETag"]):
                        state["skip_body"] = True
                        message = {"type": "http.response.start", "status": 304,
                                   "headers": self._kept(headers)}
            elif message["type"] == "http.response.body" and state["skip_body"]:
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(scope, receive, send_with_validators)

    @staticmethod
    def _known_tag(request: Headers, tag: str) -> bool:
        header = request.get("if-none-match", "")
        return bool(header) and header.strip() != "*" and none_match(header, tag)

    def _not_modified(self, request: Headers, tag: str) -> bool:
        if "if-none-match" in request:
            return none_match(request["if-none-match"], tag)
        if "if-modified-since" in request:
            return not_modified_since(request["if-modified-since"], self.version.modified)
        return False

    @staticmethod
    def _kept(headers: MutableHeaders) -> list[tuple[bytes, bytes]]:
        """The headers a 304 repeats (RFC 9110 §15.4.5)."""
        keep = {"etag", "last-modified", "cache-control", "vary", "link", "content-location", "expires"}
        return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items() if k.lower() in keep]
