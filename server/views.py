"""The drawings of an entity page: its network (who and what appear with it, and its memberships) and a
visual timeline (its events, roles, statements and the articles naming it). The page embeds the data as
JSON; server/static/entity-views.js draws it with Cytoscape.js and vis-timeline, installed from npm by
`make install` and served from our own static files. Without them, or without JavaScript, the page's
tables say the same."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .markup import json_in_script
from .presenter import EntityView, Link

VENDOR = Path(__file__).resolve().parent / "static" / "vendor"
DRAWN_KINDS = ("person", "organisation", "place")


@cache
def available() -> bool:
    """Whether `make install` put both libraries among the static files (looked at once, not on every page)."""
    return (VENDOR / "cytoscape" / "cytoscape.min.js").exists() and (
        VENDOR / "vis-timeline" / "vis-timeline-graph2d.min.js").exists()


def _node(link: Link, kind: str, main: bool = False) -> dict[str, Any]:
    return {"data": {"id": link.href or link.label, "label": link.label, "kind": kind, "href": link.href,
                     "main": main}}


def network(view: EntityView, href: str) -> dict[str, Any]:
    """Nodes and edges: the entity, those named in the same articles (edge weight: how many), its memberships."""
    me = Link(view.name, href)
    nodes = {me.href: _node(me, view.kind, main=True)}
    edges: list[dict[str, Any]] = []
    for link, articles in view.related:
        kind = (link.href or "").split("/")[2] if (link.href or "").startswith("/page/") else "other"
        nodes.setdefault(link.href, _node(link, kind))
        edges.append({"data": {"source": me.href, "target": link.href or link.label, "weight": articles,
                               "label": f"{articles} article{'s' if articles != 1 else ''}", "kind": "with"}})
    for row in view.roles:
        member, organisation = row.member, row.organisation
        if organisation is None:
            continue
        for link, kind in ((member, "person"), (organisation, "organisation")):
            nodes.setdefault(link.href, _node(link, kind))
        edges.append({"data": {"source": member.href or member.label,
                               "target": organisation.href or organisation.label, "label": row.role.label,
                               "kind": "member"}})
    return {"nodes": list(nodes.values()), "edges": edges}


def timeline(view: EntityView) -> list[dict[str, Any]]:
    """Dated items: events (a point), roles (from first to last attested), statements, the articles naming it."""
    items: list[dict[str, Any]] = []
    for event in view.events:
        if event.date:
            items.append({"start": event.date, "content": event.fact.label, "href": event.fact.href,
                          "group": "events"})
    for row in view.roles:
        if row.first:
            where = f" ({row.organisation.label})" if row.organisation else ""
            item: dict[str, Any] = {"start": row.first, "content": row.role.label + where, "href": row.role.href,
                                    "group": "roles"}
            if row.last and row.last != row.first:
                item["end"] = row.last
            items.append(item)
    for statement in view.statements:
        if statement.source and statement.source.date:
            items.append({"start": statement.source.date, "content": statement.text[:80],
                          "href": statement.fact.href, "group": "statements"})
    for mentioning in view.mentioned_in:
        if mentioning.date:
            items.append({"start": mentioning.date, "content": mentioning.article.label,
                          "href": mentioning.article.href, "group": "articles"})
    for n, item in enumerate(items):
        item["id"] = n
    return items


def views_json(view: EntityView, href: str) -> Markup:
    """The data of both drawings, as JSON safe inside a <script> element."""
    return json_in_script({"network": network(view, href), "timeline": timeline(view)})
