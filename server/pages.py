"""HTML pages: home, an index per type, search, the timeline, and a page per entity.

Templates are Jinja with autoescape on; pages work without JavaScript. An entity page renders the same
description as /data/... (page for page, when its incoming links fill several: ``?page=N``), and embeds
its schema.org part as JSON-LD.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlencode

import jinja2
import pyoxigraph as ox
from fastapi import Query
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from graphbuild.invisible import show_invisible
from graphbuild.jsonld import Compactor
from graphbuild.settings import Settings
from graphbuild.stores import Store

from . import catalog, tables, views
from .citation import cite
from .description import DATA_FORMATS, RDF_TYPE, Description, Descriptions, iri_for_id_path
from .entities import (
    Page,
    alternate_links,
    data_path,
    flag_parameter,
    off_loop,
    page_href,
    page_parameter,
    paging_links,
    read_description,
    redirect_if_merged,
    require_entity_iri,
)
from .errors import BadRequest, NotFound
from .markup import script_json
from .presenter import EntityView, EventRow, FactSource, Link, Presenter, RoleRow, StatementRow, page_path
from .search import MARK_END, MARK_START, RELATED_KINDS, Entry, SiteIndex
from .snippets import Snippet
from .tables import Cell

T = TypeVar("T")
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"

INDEX_TITLES = {
    "article": "Articles", "person": "People", "organisation": "Organisations", "place": "Places",
    "event": "Events", "statement": "Statements", "role": "Roles", "membership": "Memberships",
}
KIND_NAMES = {
    "article": "Article", "person": "Person", "organisation": "Organisation", "place": "Place", "event": "Event",
    "statement": "Statement", "role": "Role", "membership": "Membership",
}
DATED_KINDS = ("article", "event", "statement")
PAGE_SIZE = 100
SEARCH_PAGE_SIZE = 20
TIMELINE_PAGE_SIZE = 100
SCHEMA_CONTEXT = {"@vocab": "http://schema.org/"}
_SCHEMA = "http://schema.org/"
_TYPE = ox.NamedNode(RDF_TYPE)


# -- small HTML pieces, written here rather than as Jinja macros: a page links hundreds of resources, and
# a macro call costs ten times a function call. Every value goes through markupsafe's escape.
def shown(text: str) -> Markup:
    """Text escaped for HTML, with every bidirectional control or zero-width character made visible."""
    return escape(show_invisible(text))


def _finalize(value: Any) -> Any:
    """What every ``{{ }}`` of a template prints: a string with its invisible characters made visible
    (then escaped by autoescape); Markup, which a helper has made safe already, as it is."""
    return show_invisible(value) if type(value) is str else value


def link_html(item: Link) -> Markup:
    if item.href:
        return Markup(f'<a href="{escape(item.href)}">{shown(item.label)}</a>')
    return shown(item.label)


def links_html(items: Iterable[Link], sep: str = ", ") -> Markup:
    return escape(sep).join(link_html(item) for item in items)


def link_lines(items: Iterable[Link]) -> Markup:
    """Links one to a line (a cell of a property table)."""
    return Markup("<br>").join(link_html(item) for item in items)


def date_html(value: str | None) -> Markup:
    if not value:
        return Markup("")
    text = escape(value)
    return Markup(f'<time datetime="{text}">{text}</time>')


def source_html(src: FactSource | None) -> Markup:
    if not src:
        return Markup("")
    html = str(link_html(src.article))
    if src.date:
        html += f" ({date_html(src.date)})"
    if src.span_href:
        html += f' · <a class="span-link" href="{escape(src.span_href)}">see the passage</a>'
    return Markup(html)


def _snippet_inner(s: Snippet) -> str:
    before, after = "…" if s.cut_before else "", "…" if s.cut_after else ""
    return f"{before}{shown(s.before)}<mark>{shown(s.mention)}</mark>{shown(s.after)}{after}"


def snippet_html(s: Snippet) -> Markup:
    return Markup(f"<q>{_snippet_inner(s)}</q>")


def _attr(value: str | None) -> Markup:
    return escape(value or "")


def statement_html(st: StatementRow, show_speaker: bool = True) -> Markup:
    """One statement of a list: the sentence it stands in (else its text), kind, speaker, cue and source."""
    if st.sentence:
        quoted = f"<p>{_snippet_inner(st.sentence)}</p>"
    else:
        quoted = f"<p><mark>{shown(st.text)}</mark></p>"
    meta = f'<a href="{_attr(st.fact.href)}">{shown(st.kind)}</a>'
    if show_speaker and st.speaker:
        meta += f" by {link_html(st.speaker)}"
    if st.cue:
        meta += f" ({shown(st.cue)})"
    if st.event:
        meta += f" · at {link_html(st.event)}"
    if st.source:
        meta += f" · {source_html(st.source)}"
    if st.confidence:
        meta += f" · confidence {shown(st.confidence)}"
    return Markup(f'<li class="statement">\n  <blockquote cite="{_attr(st.fact.href)}">\n    {quoted}\n'
                  f'  </blockquote>\n  <p class="meta">\n    {meta}\n  </p>\n</li>\n')


def event_row_html(e: EventRow) -> Markup:
    """One row of an entity's events table: date, event and its kinds, place, part taken, sources."""
    place = link_html(e.place) if e.place else ""
    return Markup(f"<tr>\n  <td>{date_html(e.date)}</td>\n  <td>{link_html(e.fact)} <span class=\"muted\">"
                  f"{shown(', '.join(e.kinds))}</span></td>\n  <td>{place}</td>\n  <td>{shown(', '.join(e.relations))}"
                  f"</td>\n  <td>{links_html(e.sources, '; ')}</td>\n</tr>\n")


def role_row_html(r: RoleRow, show_member: bool = True, show_org: bool = True) -> Markup:
    """One row of a roles table: person, role, organisation, dates, and the sentence and articles stating it."""
    cells = [f"<td>{link_html(r.member)}</td>"] if show_member else []
    cells.append(f"<td>{link_html(r.role)}</td>")
    if show_org:
        cells.append(f"<td>{link_html(r.organisation)}</td>" if r.organisation
                     else '<td><span class="muted">none stated</span></td>')
    if r.first:
        dated = f"{'since' if r.stated_start else 'attested'} {date_html(r.first)}"
        if r.last and r.last != r.first:
            dated += f" – {date_html(r.last)}"
    else:
        dated = '<span class="muted">undated</span>'
    if r.ended:
        dated += f"; ended {date_html(r.ended)}"
    elif r.former:
        dated += "; former"
    cells.append(f"<td>{dated}</td>")
    stated = f'<blockquote class="role-sentence">{snippet_html(r.sentence)}</blockquote>' if r.sentence else ""
    stated += "<br>".join(f'<span class="src">{source_html(s)}</span>' for s in r.sources)
    if r.facts:
        facts = "; ".join(f'<a href="{_attr(f.href)}">{shown(f.label)}</a>' for f in r.facts)
        stated += f'<br><span class="muted">{facts}</span>'
    cells.append(f"<td>{stated}</td>")
    return Markup("<tr>\n  " + "\n  ".join(cells) + "\n</tr>\n")


HTML_HELPERS = {"link": link_html, "links": links_html, "link_lines": link_lines, "date": date_html,
                "source": source_html, "snippet": snippet_html, "statement_item": statement_html,
                "event_row": event_row_html, "role_row": role_row_html}


def create_templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the templates are part of the installed package: no need to stat them per page
        finalize=_finalize,
    )
    env.filters["marked"] = marked
    env.globals.update(HTML_HELPERS)
    return env


def marked(snippet: str) -> Markup:
    """A search snippet, escaped, with its match markers as <mark> elements."""
    text = str(shown(snippet))
    return Markup(text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def schema_org_jsonld(description: Description) -> Markup:
    """The schema.org part of a description for the page's <script type="application/ld+json">: the
    entity's own schema.org triples, and the schema.org type and name of the resources it links to.
    Not those of the resources that link to it: the page is about the entity (and a person named in a
    thousand articles would carry a thousand headlines in every page); they are in the page's
    data, which the page links to."""
    brief = {_SCHEMA + "name", _SCHEMA + "headline"}
    entity = description.node
    own = description.out.get(entity, {})
    linked = dict.fromkeys([entity, *(o for objects in own.values() for o in objects if not isinstance(o, ox.Literal))])
    kept: list[ox.Triple] = []
    for subject in linked:
        by_predicate = description.out.get(subject)
        if by_predicate is None:
            continue
        classes = [t for t in by_predicate.get(RDF_TYPE, ()) if isinstance(t, ox.NamedNode)
                   and t.value.startswith(_SCHEMA)]
        if not classes:
            continue  # only resources typed with a schema.org class
        kept += [ox.Triple(subject, _TYPE, c) for c in classes]
        for predicate, objects in by_predicate.items():
            if predicate.startswith(_SCHEMA) and predicate != _SCHEMA + "articleBody" and (
                    subject == entity or predicate in brief):
                node = ox.NamedNode(predicate)
                kept += [ox.Triple(subject, node, o) for o in objects]
    document = Compactor(SCHEMA_CONTEXT).document(kept, SCHEMA_CONTEXT)
    return script_json(json.dumps(document, ensure_ascii=False).encode("utf-8"))


def _exports(request: Request, path: str, **fixed: str) -> list[tuple[str, str]]:
    """The links to a listing's CSV and JSON, with the request's parameters but its page (and ``fixed`` ones)."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "page" and k not in fixed]
    return tables.export_links(path, urlencode(kept + [(k, v) for k, v in fixed.items() if v]))


def unmarked(snippet: str | None) -> str:
    """A search snippet without its match markers."""
    return (snippet or "").replace(MARK_START, "").replace(MARK_END, "")


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class PageRoutes:
    """GET /, /index/{type}, /search, /timeline and /page/{type}/{slug}."""

    def __init__(self, store: Store, settings: Settings, templates: jinja2.Environment,
                 descriptions: Descriptions, index: SiteIndex) -> None:
        self.store = store
        self.settings = settings
        self.templates = templates
        self.descriptions = descriptions
        self.index = index

    def _page(self, template: str, headers: dict[str, str] | None = None, **values: Any) -> HTMLResponse:
        return HTMLResponse(self.templates.get_template(template).render(**values), headers=headers)

    def _href(self, entry: Entry) -> str:
        return page_path(self.settings.base_iri, entry.iri) or entry.iri

    # -- home, indexes, search, timeline -----------------------------------------------------------
    async def home(self) -> HTMLResponse:
        figures = await run_in_threadpool(self.index.figures)
        recent = await run_in_threadpool(self.index.listing, "article", "date", True, 10, 0)
        return self._page("home.html", title="newsgraph", figures=figures, index_titles=INDEX_TITLES,
                          recent=[(self._href(e), e) for e in recent])

    async def index_page(self, request: Request, kind: str, page: Page = 1,
                         sort: Literal["name", "date"] = "name", order: Literal["asc", "desc"] = "asc",
                         q: Annotated[str, Query(max_length=200)] = "", extension: str | None = None) -> Response:
        if kind not in INDEX_TITLES:
            raise NotFound(f"no index for type {kind!r}; use one of {', '.join(INDEX_TITLES)}")
        if sort == "date" and kind not in DATED_KINDS:
            raise BadRequest(f"sort parameter 'date' applies to {', '.join(DATED_KINDS)} only, not {kind!r}")
        if q.strip():  # "filter by name": the entries of this kind a search finds, best first
            return await self.search(request, q, kind, page, extension)
        if media_type := tables.wanted(request, extension):
            dated = kind in DATED_KINDS

            def rows() -> Iterator[tuple[Cell, ...]]:
                for e in tables.chunked(lambda n, at: self.index.listing(kind, sort, order == "desc", n, at)):
                    yield (e.label, *((e.date,) if dated else ()), e.iri, self._href(e))
            columns = ("name", *(("date",) if dated else ()), "iri", "page")
            return await tables.response(tables.Table(kind, columns, rows), media_type)
        total = await run_in_threadpool(self.index.count, kind)
        pages = max(1, math.ceil(total / PAGE_SIZE))
        if page > pages:
            raise NotFound(f"page parameter {page} is past the last page, {pages}")
        listed = await run_in_threadpool(self.index.listing, kind, sort, order == "desc", PAGE_SIZE,
                                         (page - 1) * PAGE_SIZE)
        entries = [(self._href(e), e) for e in listed]
        return self._page("index.html", title=INDEX_TITLES[kind], kind=kind, entries=entries,
                          page=page, pages=pages, total=total, sort=sort, order=order,
                          dated=kind in DATED_KINDS, exports=_exports(request, f"/index/{kind}"))

    async def search(self, request: Request, q: Annotated[str, Query(max_length=200)] = "", kind: str = "",
                     page: Page = 1, extension: str | None = None) -> Response:
        if kind and kind not in INDEX_TITLES:
            raise BadRequest(f"kind parameter {kind!r} is not one of {', '.join(INDEX_TITLES)}")
        if media_type := tables.wanted(request, extension):
            _, _, meant = await run_in_threadpool(self.index.search_as_meant, q, kind or None, 1, 0)
            searched = meant or q  # what the page shows, row for row

            def rows() -> Iterator[tuple[Cell, ...]]:
                for e in tables.chunked(lambda n, at: self.index.search(searched, kind or None, n, at)[0]):
                    yield (KIND_NAMES[e.kind], e.label, e.date, e.iri, self._href(e), unmarked(e.snippet))
            columns = ("kind", "name", "date", "iri", "page", "match")
            return await tables.response(tables.Table("search", columns, rows), media_type)
        found, total, meant = await run_in_threadpool(self.index.search_as_meant, q, kind or None, SEARCH_PAGE_SIZE,
                                                      (page - 1) * SEARCH_PAGE_SIZE)
        pages = max(1, math.ceil(total / SEARCH_PAGE_SIZE))
        return self._page("search.html", title=f"Search: {q}" if q else "Search", query=q, search_query=q, kind=kind,
                          results=[(self._href(e), e) for e in found], total=total, page=page, pages=pages,
                          kind_names=KIND_NAMES, index_titles=INDEX_TITLES, meant=meant,
                          exports=_exports(request, "/search", kind=kind) if q else [])

    def _agent(self, kind: str, given: str) -> Entry:
        """The person or organisation a timeline filter names: by its slug (as links give it), or by its name
        as people type it (the best match of a search among that kind, spelling mistakes forgiven)."""
        iri = iri_for_id_path(self.settings.base_iri, kind, given)
        if iri is not None and (entry := self.index.find(str(iri))) is not None:
            return entry
        found, _, _ = self.index.search_as_meant(given, kind, 10, 0)
        exact = [e for e in found if e.label.casefold() == given.strip().casefold()]
        if exact or found:
            return (exact or found)[0]
        raise BadRequest(f"{kind} parameter {given!r} names no {kind} in the dataset; give a name or choose one "
                         f"from the suggestions")

    async def timeline(self, request: Request, person: str = "", organisation: str = "", year: str = "",
                       order: Literal["asc", "desc"] = "desc",
                       page: Page = 1, extension: str | None = None) -> Response:
        if year and not (year.isdigit() and len(year) == 4):
            raise BadRequest(f"year parameter {year!r} is not a four-digit year")
        agents = [await run_in_threadpool(self._agent, kind, slug)
                  for kind, slug in (("person", person), ("organisation", organisation)) if slug]
        if media_type := tables.wanted(request, extension):
            iris, newest = [a.iri for a in agents], order == "desc"

            def rows() -> Iterator[tuple[Cell, ...]]:
                listed = tables.chunked(lambda n, at: self.index.timeline(iris, year or None, newest, n, at)[0])
                for chunk in _batches(listed, 200):
                    events = [e.iri for e in chunk if e.kind == "event"]
                    planned = catalog.planned_events(self.descriptions.store, events)
                    for e in chunk:
                        yield e.date, KIND_NAMES[e.kind], e.label, e.iri in planned, e.iri, self._href(e)
            columns = ("date", "kind", "name", "planned", "iri", "page")
            return await tables.response(tables.Table("timeline", columns, rows), media_type)
        found, total = await run_in_threadpool(self.index.timeline, [a.iri for a in agents], year or None,
                                               order == "desc", TIMELINE_PAGE_SIZE, (page - 1) * TIMELINE_PAGE_SIZE)
        years = await run_in_threadpool(self.index.years)
        planned = await off_loop(self.store, catalog.planned_events, self.descriptions.store,
                                 [e.iri for e in found if e.kind == "event"])
        pages = max(1, math.ceil(total / TIMELINE_PAGE_SIZE))
        groups: dict[str, list[tuple[str, Entry, bool]]] = {}
        for entry in found:
            groups.setdefault((entry.date or "")[:7], []).append((self._href(entry), entry, entry.iri in planned))
        filters = {"person": person, "organisation": organisation, "year": year, "order": order}
        return self._page("timeline.html", title="Timeline", groups=groups, total=total, page=page, pages=pages,
                          years=years, filters=filters, agents=[(self._href(a), a) for a in agents],
                          agents_by_kind={a.kind: a.label for a in agents},
                          exports=_exports(request, "/timeline"))

    # -- entity pages ----------------------------------------------------------------------------
    async def entity(self, request: Request) -> Response:
        kind, slug = request.path_params["kind"], request.path_params["slug"]
        page, validate = page_parameter(request), flag_parameter(request, "validate")  # see page_parameter
        iri = require_entity_iri(self.settings, kind, slug)
        query = f"?page={page}" if page > 1 else ""
        if moved := await off_loop(self.store, redirect_if_merged, self.descriptions, self.settings, iri,
                                   "/page/{kind}/{slug}" + query):
            return moved
        description = await off_loop(self.store, read_description, self.descriptions, iri, page)
        report = await run_in_threadpool(self._validate, iri) if validate and kind == "article" else None
        return await off_loop(self.store, self._entity_page, description, kind, slug, report)

    async def entity_table(self, request: Request, kind: str, slug: str, table: str, page: Page = 1,
                           extension: str | None = None) -> Response:
        """One table of an entity page (``tables.ENTITY_TABLES``) as CSV or JSON; as HTML, the page at the table."""
        iri = require_entity_iri(self.settings, kind, slug)
        if table not in tables.ENTITY_TABLES:
            raise NotFound(f"no table {table!r}; an entity page's tables are {', '.join(tables.ENTITY_TABLES)}")
        media_type = tables.wanted(request, extension)
        query = f"?page={page}" if page > 1 else ""
        if media_type is None:
            return RedirectResponse(f"/page/{kind}/{slug}{query}#{table}-h", status_code=303)
        description = await off_loop(self.store, read_description, self.descriptions, iri, page)
        view = await off_loop(self.store, self._view, description, kind)
        found = tables.entity_tables(view, slug).get(table)
        if found is None:
            raise NotFound(f"the page of {iri} has no {table} table")
        return await tables.response(found, media_type)

    def _view(self, description: Description, kind: str) -> EntityView:
        presenter = Presenter(self.settings.base_iri, description)
        quoted = presenter.quoted_articles() if kind != "article" else []
        bodies = catalog.article_bodies(self.descriptions.store, quoted) if quoted else {}
        related: list[tuple[Link, int]] = []
        if kind in RELATED_KINDS:
            related = [(Link(r.label, page_path(self.settings.base_iri, r.iri)), r.articles)
                       for r in self.index.related(description.iri)]
        view = presenter.entity(kind, bodies, related)
        if (cited := presenter.cited()) is not None:
            article, fact, what = cited
            view.source = catalog.article_source(self.descriptions.store, article,
                                                 remote=self.store.capabilities.network)
            if view.source is not None:
                view.citation = cite(view.source, description.iri, what, fact, self.dataset_name)
        return view

    @property
    def dataset_name(self) -> str:
        return f"newsgraph, {self.settings.base_iri}"

    def _entity_page(self, description: Description, kind: str, slug: str, report: list[str] | None) -> HTMLResponse:
        view = self._view(description, kind)
        page = description.page
        suffix = f"page={page}" if page > 1 else ""
        exports = {name: tables.export_links(f"/page/{kind}/{slug}/{name}", suffix)
                   for name in tables.entity_tables(view, slug)}
        alternates = [(data_path(kind, slug, f, page), f.media_type) for f in DATA_FORMATS]
        links = [alternate_links(kind, slug, page=page), *paging_links(description, lambda n: page_href(kind, slug, n))]
        template = "article.html" if view.article else "entity.html"
        drawings = views.views_json(view, f"/page/{kind}/{slug}") if kind in views.DRAWN_KINDS and views.available() \
            else None
        return self._page(template, headers={"Link": ", ".join(links)}, title=view.name, entity=view, drawings=drawings,
                          alternates=alternates, jsonld=schema_org_jsonld(description), kind_name=KIND_NAMES[kind],
                          report=report if view.article else None, page_url=f"/page/{kind}/{slug}", slug=slug,
                          exports=exports)

    def _validate(self, iri: str) -> list[str]:
        """The problems the SHACL shapes find in the article's graph now (empty: it conforms)."""
        from graphbuild.validate import validate_graph  # pyshacl: loaded on the first ?validate=true only

        report = validate_graph(self.store.article_graph(iri))
        return [] if report.conforms else report.text().splitlines()
