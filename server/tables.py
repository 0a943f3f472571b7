"""Every table a page shows, also as CSV and JSON, as Datasette does.

A listing (an index, search results, the timeline) and each table of an entity page is a ``Table``: its
columns and a function that yields its rows. ``/index/person`` gives the page; ``/index/person.csv`` and
``/index/person.json``, or the page's own URL asked for ``text/csv`` or ``application/json``, give the table.
An export holds every row of the listing, not one page of it; rows are read from the site index a
thousand at a time and written as they come, so 20,000 rows take no more memory than one thousand.

CSV: a header row, then one row per line (RFC 4180, UTF-8). JSON: ``{"columns": [...], "rows": [{...}]}``,
each row an object keyed by column. Both have the page's columns, and the IRIs and page paths its links
point to.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import StreamingResponse

from .errors import NotFound
from .negotiation import negotiate
from .presenter import EntityView
from .snippets import Snippet

CSV, JSON, HTML = "text/csv", "application/json", "text/html"
TABLE_FORMATS = {"csv": CSV, "json": JSON}
CHUNK = 1000  # rows read from the site index at a time

Cell = str | int | float | bool | None
T = TypeVar("T")


_END: Any = object()  # no first row


@dataclass(frozen=True)
class Table:
    name: str  # the file name it downloads as, without the extension
    columns: tuple[str, ...]
    rows: Callable[[], Iterable[Sequence[Cell]]]


def chunked(read: Callable[[int, int], Sequence[T]]) -> Iterator[T]:
    """Every item of a listing, from ``read(limit, offset)``, CHUNK at a time."""
    offset = 0
    while True:
        rows = read(CHUNK, offset)
        yield from rows
        if len(rows) < CHUNK:
            return
        offset += CHUNK


def wanted(request: Request, extension: str | None) -> str | None:
    """The table format a request asks for: by the path's extension (404 for one we do not write), else by
    its Accept header when that prefers CSV or JSON to HTML; None for the HTML page."""
    if extension is not None:
        if extension not in TABLE_FORMATS:
            raise NotFound(f"no .{extension} export; tables export as {', '.join('.' + e for e in TABLE_FORMATS)}")
        return TABLE_FORMATS[extension]
    chosen = negotiate(request.headers.get("accept"), [HTML, CSV, JSON])
    return chosen if chosen in (CSV, JSON) else None


async def response(table: Table, media_type: str) -> StreamingResponse:
    """``table`` streamed as CSV or JSON.

    Its first row is read before the answer starts, so that a store that fails at once (gone away, say)
    gets the usual error answer (503) instead of a 200 cut short. A failure later, once rows have gone out,
    can only break the connection off: the client sees an incomplete body, never a shorter table passed off
    as whole."""
    rows = iter(table.rows())
    first = await run_in_threadpool(next, rows, _END)
    primed = Table(table.name, table.columns, lambda: rows if first is _END else itertools.chain([first], rows))
    extension = "csv" if media_type == CSV else "json"
    body = _csv(primed) if media_type == CSV else _json(primed)
    return StreamingResponse(body, media_type=f"{media_type}; charset=utf-8" if media_type == CSV else media_type,
                             headers={"Content-Disposition": f'inline; filename="{table.name}.{extension}"',
                                      "Vary": "Accept"})


def _csv(table: Table) -> Iterator[bytes]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    for n, row in enumerate(table.rows(), 1):
        writer.writerow([_csv_cell(cell) for cell in row])
        if n % 200 == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def _csv_cell(cell: Cell) -> str | int | float:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    return cell


def _json(table: Table) -> Iterator[bytes]:
    yield (b'{"columns": ' + json.dumps(list(table.columns)).encode() + b', "rows": [')
    separator = b"\n"
    for row in table.rows():
        yield separator + json.dumps(dict(zip(table.columns, row, strict=True)), ensure_ascii=False).encode("utf-8")
        separator = b",\n"
    yield b"\n]}\n"


def export_links(path: str, query: str = "") -> list[tuple[str, str]]:
    """(label, href) of a table's exports, for the page: ``path`` with each extension and ``query`` kept."""
    suffix = f"?{query}" if query else ""
    return [(extension.upper(), f"{path}.{extension}{suffix}") for extension in TABLE_FORMATS]


# -- the tables of an entity page ------------------------------------------------------------------------
ENTITY_TABLES = ("roles", "statements", "events", "mentions")


def _sentence(snippet: Snippet | None) -> str | None:
    return None if snippet is None else snippet.before + snippet.mention + snippet.after


def entity_tables(view: EntityView, name: str) -> dict[str, Table]:
    """The tables of an entity page (those it shows), with the page's columns and the links' targets."""
    found: dict[str, Table] = {}
    if view.roles:
        found["roles"] = Table(f"{name}-roles", (
            "person", "person_page", "role", "role_page", "organisation", "organisation_page", "first_date",
            "last_date", "date_is_stated_start", "ended", "former", "sentence", "source", "source_date", "passage",
            "role_statements"), lambda: ((
                r.member.label, r.member.href, r.role.label, r.role.href,
                r.organisation.label if r.organisation else None, r.organisation.href if r.organisation else None,
                r.first, r.last, r.stated_start, r.ended, r.former, _sentence(r.sentence),
                r.sources[0].article.label if r.sources else None, r.sources[0].date if r.sources else None,
                r.sources[0].span_href if r.sources else None, " ".join(f.href or "" for f in r.facts))
                for r in view.roles))
    if view.statements:
        found["statements"] = Table(f"{name}-statements", (
            "kind", "text", "sentence", "speaker", "speaker_page", "cue", "event", "event_page", "source",
            "source_date", "passage", "statement_page", "confidence"), lambda: ((
                s.kind, s.text, _sentence(s.sentence), s.speaker.label if s.speaker else None,
                s.speaker.href if s.speaker else None, s.cue, s.event.label if s.event else None,
                s.event.href if s.event else None, s.source.article.label if s.source else None,
                s.source.date if s.source else None, s.source.span_href if s.source else None, s.fact.href,
                s.confidence) for s in view.statements))
    if view.events:
        found["events"] = Table(f"{name}-events", (
            "date", "event", "event_page", "kinds", "place", "place_page", "part", "sources"), lambda: ((
                e.date, e.fact.label, e.fact.href, ", ".join(e.kinds), e.place.label if e.place else None,
                e.place.href if e.place else None, ", ".join(e.relations), "; ".join(s.label for s in e.sources))
                for e in view.events))
    if view.mentioned_in:
        found["mentions"] = Table(f"{name}-mentions", ("article", "article_page", "date", "sentence"), lambda: (
            (m.article.label, m.article.href, m.date, _sentence(s)) for m in view.mentioned_in for s in m.snippets))
    return found
