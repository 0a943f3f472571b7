"""HTTP caching: the store version, ETags, conditional requests (304) and HEAD, for every route.

This is the one module that makes ETags (``entity_tag``), compares them with If-None-Match
(``none_match``), reads If-Modified-Since (``not_modified_since``), decides between them
(``is_not_modified``) and answers 304 (``not_modified_response``); the SPARQL endpoint
(server/sparql.py) uses it too.

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphbuild.stores import Readable, Source
from graphbuild.vocab import NG

# Paths whose answers the SPARQL endpoint owns; they get no validators from here.
UNVALIDATED_PREFIXES = ("/sparql", "/health")
# Answers may be stored, but are revalidated: a rebuild changes the version, and so every ETag.
CACHE_CONTROL = "public, no-cache"
# Set in the scope of a HEAD request (which handlers see as GET), so a streamed answer can skip its body.
HEAD_FLAG = "newsgraph.head"

# An article graph is named by its article, which states its build key (content, extractor version,
# model, base IRI, curation) as ng:contentHash; Oxigraph joins them into one string.
_VERSION_QUERY = f"""
SELECT (GROUP_CONCAT(CONCAT(STR(?g), " ", ?hash); separator="\\n") AS ?all) WHERE {{
  GRAPH ?g {{ ?g <{NG.contentHash}> ?hash }}
}}"""
_SUM = 2**256  # the articles' part of a version is a sum of digests, modulo this


@dataclass(frozen=True)
class StoreVersion:
    tag: str  # short hex digest naming the store's content
    modified: float  # POSIX time of the newest store file
    articles: int = 0  # the sum of every "graph key" line's digest (mod 2**256): a write moves it (``advanced``)

    @cached_property
    def last_modified(self) -> str:
        return formatdate(self.modified, usegmt=True)

    def advanced(self, store: Source, base: str, keys: Mapping[str, tuple[str | None, str | None]]) -> StoreVersion:
        """The version of ``store`` after writes to the article graphs of ``keys``, each graph's build key
        (``article_key``) before and after them, None for no graph; from this version, without reading the
        other articles. Equal to ``store_version`` of the store after the writes."""
        articles = self.articles
        for graph, (before, after) in keys.items():
            articles += (_line(graph, after) if after else 0) - (_line(graph, before) if before else 0)
        return _version(articles % _SUM, store, base)


def _newest_mtime(folder: Path | None) -> float:
    if folder is None or not folder.is_dir():
        return float(int(time.time()))
    times = [p.stat().st_mtime for p in folder.rglob("*") if p.is_file()]
    return float(int(max(times, default=folder.stat().st_mtime)))


def _line(graph: str, key: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{graph} {key}".encode()).digest(), "big")


def _version(articles: int, store: Source, base: str) -> StoreVersion:
    digest = hashlib.sha256(articles.to_bytes(32, "big"))
    curation = store.ox.quads_for_pattern(None, None, None, ox.NamedNode(f"{base}curation")) if base else []
    for quad in sorted(str(q) for q in curation):
        digest.update(quad.encode("utf-8"))
    return StoreVersion(digest.hexdigest()[:16], _newest_mtime(store.path), articles)


def store_version(store: Source, base: str = "") -> StoreVersion:
    """The version of ``store``'s content: every article's name and build key, and the curation.
    Blocks; about 0.2 s for 20,000 articles (``StoreVersion.advanced`` follows a write without that)."""
    joined = next(iter(store.ox.query(_VERSION_QUERY)))["all"]  # type: ignore[arg-type]
    lines = joined.value.split("\n") if joined and joined.value else []
    return _version(sum(_line(*line.split(" ", 1)) for line in lines) % _SUM, store, base)


def article_key(store: Readable, graph: str) -> str | None:
    """The build key (ng:contentHash) of the article graph ``graph``, None when there is no such graph."""
    node = ox.NamedNode(graph)
    found = [q.object.value for q in store.quads_for_pattern(node, ox.NamedNode(str(NG.contentHash)), None, node)
             if isinstance(q.object, ox.Literal)]
    return min(found) if found else None


def entity_tag(version: str, *representation: object) -> str:
    """A weak ETag (RFC 9110 §8.8.3): the store ``version`` and a digest of what names one representation
    of it (a page's URL and Accept header; a query, its dataset and its media type).

    Weak because it is computed from the request, before the answer is built: it promises the same
    content, not the same bytes."""
    digest = hashlib.sha256(repr(representation).encode()).hexdigest()[:16]
    return f'W/"{version}-{digest}"'


def _opaque(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def none_match(header: str | None, tag: str) -> bool:
    """Whether If-None-Match ``header`` matches ``tag`` by weak comparison (RFC 9110 §13.1.2): ``*``,
    or one of its tags with the same opaque part, weak or not."""
    if not header:
        return False
    if header.strip() == "*":
        return True
    return any(_opaque(part.strip()) == _opaque(tag) for part in header.split(","))


def not_modified_since(header: str, modified: float) -> bool:
    """Whether If-Modified-Since ``header`` is no older than ``modified`` (RFC 9110 §13.1.3); a date
    that cannot be read is ignored."""
    try:
        since = parsedate_to_datetime(header).timestamp()
    except (TypeError, ValueError, IndexError):
        return False
    return modified <= since


def is_not_modified(request: Mapping[str, str], tag: str, modified: float | None = None) -> bool:
    """Whether the client already holds the representation tagged ``tag`` (last changed at ``modified``),
    by the ``request`` headers (Starlette's ``Headers``, or a mapping with lower-case names).

    If-None-Match decides when it is sent; only without it does If-Modified-Since count (RFC 9110 §13.2.2)."""
    if "if-none-match" in request:
        return none_match(request["if-none-match"], tag)
    if modified is not None and "if-modified-since" in request:
        return not_modified_since(request["if-modified-since"], modified)
    return False


def not_modified_response(tag: str, headers: Mapping[str, str] | None = None) -> Response:
    """304 Not Modified: no body, the validator, and the caching headers the 200 would carry
    (RFC 9110 §15.4.5)."""
    return Response(status_code=304, headers={**(headers or {}), "ETag": tag, "Cache-Control": CACHE_CONTROL,
                                              "Vary": "Accept"})


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
        tag = entity_tag(self.version.tag, path, scope.get("query_string", b"").decode("latin-1"),
                         request.get("accept", ""))
        if validated and self._known_tag(request, tag):
            # The client holds this very representation (the tag names the store version): no need to build it.
            response = not_modified_response(tag, {"Last-Modified": self.version.last_modified})
            await response(scope, receive, send)
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
                    if is_not_modified(request, headers["ETag"], self.version.modified):
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
        """Whether If-None-Match names ``tag`` itself; ``*`` waits for the answer, as it matches only
        when a representation exists (a 200)."""
        header = request.get("if-none-match", "")
        return header.strip() != "*" and none_match(header, tag)

    @staticmethod
    def _kept(headers: MutableHeaders) -> list[tuple[bytes, bytes]]:
        """The headers a 304 repeats (RFC 9110 §15.4.5)."""
        keep = {"etag", "last-modified", "cache-control", "vary", "link", "content-location", "expires"}
        return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items() if k.lower() in keep]
