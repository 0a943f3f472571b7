"""One error hierarchy and one place where an error becomes a response.

Handlers raise an ``HttpError`` subclass whose message names the parameter or input at fault. The
response is plain text for SPARQL and RDF clients, an HTML page for browsers and the fixed JSON shape
``{"error": {"status": ..., "message": ...}}`` for JSON clients. No stack trace ever reaches a client.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from graphbuild.errors import StoreError

from .negotiation import negotiate

log = logging.getLogger(__name__)

ERROR_MEDIA_TYPES = ("text/plain", "text/html", "application/json")
STORE_RETRY_AFTER = "5"  # seconds a 503 asks a client to wait: a store that went away is usually back by then


class HttpError(Exception):
    """An error with an HTTP status and a short message meant for the client."""

    status = 500
    title = "Internal Server Error"

    def __init__(self, message: str, *, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers: dict[str, str] = dict(headers or {})


class BadRequest(HttpError):
    status = 400
    title = "Bad Request"


class Forbidden(HttpError):
    status = 403
    title = "Forbidden"


class NotFound(HttpError):
    status = 404
    title = "Not Found"


class MethodNotAllowed(HttpError):
    status = 405
    title = "Method Not Allowed"

    def __init__(self, message: str, *, allowed: Sequence[str]) -> None:
        super().__init__(message, headers={"Allow": ", ".join(allowed)})


class NotAcceptable(HttpError):
    status = 406
    title = "Not Acceptable"

    def __init__(self, message: str) -> None:
        super().__init__(message, headers={"Vary": "Accept"})


class PayloadTooLarge(HttpError):
    status = 413
    title = "Content Too Large"


class UnsupportedMediaType(HttpError):
    status = 415
    title = "Unsupported Media Type"


class TooManyRequests(HttpError):
    status = 429
    title = "Too Many Requests"

    def __init__(self, message: str, *, retry_after: int = 1) -> None:
        super().__init__(message, headers={"Retry-After": str(retry_after)})


class UnprocessableContent(HttpError):
    status = 422
    title = "Unprocessable Content"


class ServiceUnavailable(HttpError):
    """503: always with Retry-After (a few seconds unless the raiser knows better), so that clients, proxies
    and crawlers wait instead of hammering."""

    status = 503
    title = "Service Unavailable"

    def __init__(self, message: str, *, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message, headers={"Retry-After": STORE_RETRY_AFTER, **(headers or {})})


class EntityNotFound(NotFound):
    """No entity at an /id, /page or /data URL: also answered as RDF (an empty graph) to RDF clients."""


# An RDF client asking for an unknown entity gets a document it can parse: an empty graph, with the
# message as a comment where the syntax has comments.
RDF_ERROR_BODIES = {
    "text/turtle": lambda message: f"# {message}\n",
    "application/n-triples": lambda message: f"# {message}\n",
    "application/ld+json": lambda message: json.dumps({"@graph": []}) + "\n",
    "application/rdf+xml": lambda message: (
        '<?xml version="1.0" encoding="utf-8"?>\n<!-- ' + message.replace("--", "- -") + ' -->\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'),
}


_BY_STATUS: dict[int, type[HttpError]] = {
    cls.status: cls
    for cls in (BadRequest, Forbidden, NotFound, MethodNotAllowed, NotAcceptable, PayloadTooLarge,
                UnsupportedMediaType, ServiceUnavailable)
}


def error_for_status(status: int, message: str) -> HttpError:
    """The error of this hierarchy for ``status`` (a query outcome's, say), with ``message``."""
    cls = _BY_STATUS.get(status)
    if cls is None or cls is MethodNotAllowed:  # a 405 names the allowed methods: raise it where they are known
        error = HttpError(message)
        error.status = status
        return error
    return cls(message)


def store_unavailable(method: str) -> ServiceUnavailable:
    """The 503 of a request the store failed under; a write says what became of it."""
    message = "the store cannot be reached now; try again shortly"
    if method not in ("GET", "HEAD", "OPTIONS"):
        message += (" (this request's article was not stored, or stored whole if the store took it just before "
                    "it failed: an article is never stored in part; send it again to be sure)")
    return ServiceUnavailable(message, headers={"Retry-After": STORE_RETRY_AFTER})


def error_body(status: int, message: str) -> dict[str, dict[str, int | str]]:
    """The fixed JSON shape of an error."""
    return {"error": {"status": status, "message": message}}


def render_error(request: Request, error: HttpError, templates: jinja2.Environment) -> Response:
    """The response for ``error`` in the representation the client asks for (plain text by default)."""
    offered = (*ERROR_MEDIA_TYPES, *RDF_ERROR_BODIES) if isinstance(error, EntityNotFound) else ERROR_MEDIA_TYPES
    chosen = negotiate(request.headers.get("accept"), offered) or "text/plain"
    headers = error.headers
    if chosen in RDF_ERROR_BODIES:
        message = " ".join(error.message.split())
        body = RDF_ERROR_BODIES[chosen](message)  # type: ignore[no-untyped-call]
        return Response(body, error.status, {**headers, "Vary": "Accept"}, media_type=chosen)
    if chosen == "application/json":
        body = json.dumps(error_body(error.status, error.message))
        return Response(body, error.status, headers, media_type="application/json")
    if chosen == "text/html":
        page = templates.get_template("error.html").render(
            status=error.status, title=error.title, message=error.message
        )
        return HTMLResponse(page, error.status, headers)
    return PlainTextResponse(f"{error.message}\n", error.status, headers)


def _from_starlette(request: Request, exc: StarletteHTTPException) -> HttpError:
    cls = _BY_STATUS.get(exc.status_code)
    headers = dict(exc.headers or {})
    if exc.status_code == 404:
        return NotFound(f"no resource at path {request.url.path}", headers=headers)
    if exc.status_code == 405:
        allowed = headers.get("Allow", "")
        message = f"method {request.method} is not allowed on {request.url.path}; use {allowed}"
        return MethodNotAllowed(message, allowed=[m.strip() for m in allowed.split(",") if m.strip()])
    error = (cls or HttpError)(str(exc.detail), headers=headers)
    if cls is None:
        error.status = exc.status_code
    return error


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for problem in exc.errors():
        location = [str(x) for x in problem.get("loc", ())]
        where = f"{location[0]} parameter {'.'.join(location[1:])!r}" if len(location) > 1 else "request"
        parts.append(f"invalid {where}: {problem.get('msg', 'invalid value')}")
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI, templates: jinja2.Environment) -> None:
    """Route every error, ours and the framework's, through ``render_error``."""

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HttpError)
        return render_error(request, exc, templates)

    async def on_starlette(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return render_error(request, _from_starlette(request, exc), templates)

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return render_error(request, BadRequest(_validation_message(exc)), templates)

    async def on_store_unreachable(request: Request, exc: Exception) -> Response:
        """The store failed under the request (a remote store down, a disk gone): 503, never a 500."""
        log.warning("the store failed under %s %s: %s: %s", request.method, request.url.path,
                    exc.__class__.__name__, exc)
        return render_error(request, store_unavailable(request.method), templates)

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return render_error(request, HttpError("internal server error; see the server log"), templates)

    app.add_exception_handler(HttpError, on_http_error)
    app.add_exception_handler(StarletteHTTPException, on_starlette)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StoreError, on_store_unreachable)
    app.add_exception_handler(OSError, on_store_unreachable)  # a remote store's reads raise OSError (and TimeoutError)
    app.add_exception_handler(Exception, on_unexpected)
