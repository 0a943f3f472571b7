"""The W3C Entity Reconciliation API, version 0.2 (https://reconciliation-api.github.io/specs/0.2/), for OpenRefine
and the tools that speak it: match a column of names against the people, organisations, places and events of
the graph, and fetch what the graph knows of them.

- ``GET /reconcile``: the service manifest. With ``queries`` (GET or a POSTed form): a batch of reconciliation
  queries, each with an optional type, limit and property constraints; with ``extend``: data extension.
- ``GET /reconcile/suggest/{entity,type,property}?prefix=...``: auto-completion.
- ``GET /reconcile/preview?id=...``: a small HTML card of an entity, for OpenRefine's preview pane.
- ``GET /reconcile/propose_properties?type=...``: the properties data extension can fetch for a type.

Entity identifiers are the entities' IRIs, which dereference to their pages. Candidates come from the site
index's search (names and aliases, spelling mistakes forgiven); the score is the closeness of the name or an
alias to the query (0 to 100), moved by the property constraints; a candidate is a ``match`` when its name or
an alias is the query and every constraint holds, and no other candidate is as good. Every answer allows any
origin (CORS), and a GET answers JSONP when given ``callback``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from markupsafe import escape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from graphbuild.settings import Settings
from graphbuild.stores import Readable
from graphbuild.vocab import ORG, SDO, SKOS

from .errors import BadRequest
from .presenter import page_path
from .search import Entry, SiteIndex

# Reconciliation types: schema.org classes, and the site's kinds they stand for.
TYPES: dict[str, tuple[str, str]] = {
    str(SDO.Person): ("Person", "person"),
    str(SDO.Organization): ("Organization", "organisation"),
    str(SDO.Place): ("Place", "place"),
    str(SDO.Event): ("Event", "event"),
}
KIND_TYPE = {kind: iri for iri, (_, kind) in TYPES.items()}
SHORT_TYPES = {name.casefold(): iri for iri, (name, _) in TYPES.items()}


@dataclass(frozen=True)
class Property:
    name: str
    description: str
    kinds: tuple[str, ...]
    entity: bool = False  # its values are entities of the graph (else strings or dates)


PROPERTIES: dict[str, Property] = {
    "alternateName": Property("also known as", "Other names the articles use", ("person", "organisation", "place")),
    "memberOf": Property("member of", "Organisations in which the person holds a role", ("person",), True),
    "role": Property("role", "Roles the articles give the person", ("person",)),
    "member": Property("members", "People holding a role in the organisation", ("organisation",), True),
    "location": Property("place", "Where the event took place", ("event",), True),
    "startDate": Property("date", "When the event took place, at the precision the articles give", ("event",)),
    "participant": Property("participants", "People and organisations taking part in the event", ("event",), True),
}
_PROPERTY_PATTERNS = {
    "alternateName": f"?e <{SDO.alternateName}> ?v .",
    "memberOf": f"?m <{ORG.member}> ?e ; <{ORG.organization}> ?v . ?v <{SDO.name}> ?label .",
    "role": f"?m <{ORG.member}> ?e ; <{ORG.role}>/<{SKOS.prefLabel}> ?v .",
    "member": f"?m <{ORG.organization}> ?e ; <{ORG.member}> ?v . ?v <{SDO.name}> ?label .",
    "location": f"?e <{SDO.location}> ?v . ?v <{SDO.name}> ?label .",
    "startDate": f"?e <{SDO.startDate}> ?v .",
    "participant": f"?e <{SDO.attendee}>|<{SDO.organizer}> ?v . ?v <{SDO.name}> ?label .",
}
DEFAULT_LIMIT = 5
MAX_QUERIES = 100  # queries in one batch
CORS = {"Access-Control-Allow-Origin": "*"}
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,63}$")
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


@dataclass
class Facts:
    """What the graph says of one candidate, by property: (value, label) pairs (label None for a literal)."""

    values: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)


def _similarity(a: str, b: str) -> float:
    a, b = " ".join(a.casefold().split()), " ".join(b.casefold().split())
    return 1.0 if a == b else SequenceMatcher(None, a, b).ratio()


def _facts(store: Readable, iris: Iterable[str], properties: Iterable[str]) -> dict[str, Facts]:
    """The values of ``properties`` for each of ``iris``, in one query."""
    iris, wanted = list(dict.fromkeys(iris)), [p for p in dict.fromkeys(properties) if p in _PROPERTY_PATTERNS]
    found = {iri: Facts() for iri in iris}
    iris = [iri for iri in iris if _IRI.match(iri)]  # an identifier a client sent goes into the query only if it is one
    if not iris or not wanted:
        return found
    branches = " UNION ".join(f'{{ {_PROPERTY_PATTERNS[p]} BIND("{p}" AS ?p) }}' for p in wanted)
    values = " ".join(f"<{iri}>" for iri in iris)
    query = f"SELECT DISTINCT ?e ?p ?v ?label WHERE {{ VALUES ?e {{ {values} }} {branches} }}"
    for row in store.query(query):  # type: ignore[union-attr]
        label = row["label"].value if row["label"] is not None else None
        found[row["e"].value].values.setdefault(row["p"].value, []).append((row["v"].value, label))
    for facts in found.values():
        for values_ in facts.values.values():
            values_.sort()
    return found


def _constraint_values(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    texts = []
    for item in items:
        if isinstance(item, dict):
            texts += [str(item[k]) for k in ("id", "name") if k in item]
        elif item is not None:
            texts.append(str(item))
    return texts


class ReconcileRoutes:
    """/reconcile and its suggest, preview and property services."""

    def __init__(self, reader: Callable[[], Readable], settings: Settings, index: SiteIndex) -> None:
        self.reader = reader  # what readers read now (the snapshot of the last publication, server/live.py)
        self.settings = settings
        self.index = index
        self.base = settings.base_iri

    # -- the manifest and the dispatch ---------------------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        service = f"{self.base}reconcile"
        return {
            "versions": ["0.2"],
            "name": f"newsgraph ({self.base})",
            "identifierSpace": f"{self.base}id/",
            "schemaSpace": str(SDO),
            "documentation": f"{self.base}sparql",
            "view": {"url": "{{id}}"},
            "defaultTypes": [{"id": iri, "name": name} for iri, (name, _) in TYPES.items()],
            "preview": {"url": f"{service}/preview?id={{{{id}}}}", "width": 400, "height": 160},
            "suggest": {kind: {"service_url": service, "service_path": f"/suggest/{kind}"}
                        for kind in ("entity", "type", "property")},
            "extend": {
                "propose_properties": {"service_url": service, "service_path": "/propose_properties"},
                "property_settings": [],
            },
            "batchSize": 25,
        }

    async def reconcile(self, request: Request) -> Response:
        params = dict(request.query_params)
        if request.method == "POST":
            form = await request.form()
            params |= {k: v for k, v in form.items() if isinstance(v, str)}
        callback = params.get("callback")
        if "queries" in params:
            answer: Any = await run_in_threadpool(self.answer_queries, _json_param(params["queries"], "queries"))
        elif "extend" in params:
            answer = await run_in_threadpool(self.extend, _json_param(params["extend"], "extend"))
        else:
            answer = self.manifest()
        return _json(answer, callback if request.method == "GET" else None)

    # -- reconciliation ---------------------------------------------------------------------------------------
    def answer_queries(self, queries: Any) -> dict[str, Any]:
        if not isinstance(queries, dict) or len(queries) > MAX_QUERIES:
            raise BadRequest(f"queries parameter: a JSON object of at most {MAX_QUERIES} queries, keyed by id")
        return {key: {"result": self.candidates(query)} for key, query in queries.items()}

    def candidates(self, query: Any) -> list[dict[str, Any]]:
        if not isinstance(query, dict) or not isinstance(query.get("query", ""), str):
            raise BadRequest("queries parameter: each query is an object with a string 'query'")
        text = query.get("query", "").strip()
        limit = query.get("limit", DEFAULT_LIMIT)
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise BadRequest("queries parameter: 'limit' is a positive integer")
        kinds = self._kinds(query.get("type"))
        constraints = query.get("properties") or []
        if not isinstance(constraints, list) or not all(isinstance(c, dict) and "pid" in c for c in constraints):
            raise BadRequest("queries parameter: 'properties' is a list of {'pid': ..., 'v': ...} objects")
        if not text:
            return []
        entries = self._search(text, kinds, max(limit * 4, 20))
        facts = _facts(self.reader(), [e.iri for e in entries], ["alternateName", *[c["pid"] for c in constraints]])
        scored = []
        for entry in entries:
            names = [entry.label] + [v for v, _ in facts[entry.iri].values.get("alternateName", [])]
            closeness = max(_similarity(text, name) for name in names)
            exact = closeness == 1.0
            held = [self._holds(facts[entry.iri], c) for c in constraints]
            score = 100 * closeness if not held else 100 * (0.6 * closeness + 0.4 * sum(held) / len(held))
            scored.append((round(score, 1), exact and all(held), entry))
        scored.sort(key=lambda s: (-s[0], s[2].label))
        best = [s for s in scored if s[1]]
        return [{"id": entry.iri, "name": entry.label, "score": score,
                 "match": sure and len(best) == 1,
                 "type": [{"id": KIND_TYPE[entry.kind], "name": TYPES[KIND_TYPE[entry.kind]][0]}],
                 "description": self._describe(entry, facts[entry.iri])}
                for score, sure, entry in scored[:limit]]

    def _kinds(self, given: Any) -> tuple[str, ...]:
        if given is None or given == "":
            return tuple(kind for _, kind in TYPES.values())
        types = given if isinstance(given, list) else [given]
        kinds = []
        for t in types:
            iri = t if t in TYPES else SHORT_TYPES.get(str(t).casefold())
            if iri is None:
                raise BadRequest(f"queries parameter: type {t!r} is not one of {', '.join(TYPES)}")
            kinds.append(TYPES[iri][1])
        return tuple(kinds)

    def _search(self, text: str, kinds: tuple[str, ...], limit: int) -> list[Entry]:
        found: dict[str, Entry] = {}
        for kind in kinds:
            for entry in self.index.search_as_meant(text, kind, limit, 0)[0]:
                found.setdefault(entry.iri, entry)
        return list(found.values())

    @staticmethod
    def _holds(facts: Facts, constraint: dict[str, Any]) -> bool:
        wanted = {" ".join(v.casefold().split()) for v in _constraint_values(constraint.get("v"))}
        have = facts.values.get(str(constraint["pid"]), [])
        return any({" ".join(value.casefold().split()), " ".join((label or "").casefold().split())} & wanted
                   for value, label in have)

    def _describe(self, entry: Entry, facts: Facts) -> str:
        kind = TYPES[KIND_TYPE[entry.kind]][0]
        also = [v for v, _ in facts.values.get("alternateName", [])][:3]
        return kind + (f", also {', '.join(also)}" if also else "") + (f", {entry.date}" if entry.date else "")

    # -- data extension -----------------------------------------------------------------------------------------
    def extend(self, query: Any) -> dict[str, Any]:
        if not isinstance(query, dict) or not isinstance(query.get("ids"), list) or not isinstance(
                query.get("properties"), list):
            raise BadRequest("extend parameter: an object with 'ids' and 'properties' lists")
        ids = [str(i) for i in query["ids"]][:MAX_QUERIES]
        wanted = [str(p.get("id")) for p in query["properties"] if isinstance(p, dict)]
        unknown = [p for p in wanted if p not in PROPERTIES]
        if unknown:
            raise BadRequest(f"extend parameter: unknown properties {', '.join(unknown)}; "
                             "see /reconcile/propose_properties")
        facts = _facts(self.reader(), ids, wanted)
        rows = {i: {p: [self._cell(p, value, label) for value, label in facts[i].values.get(p, [])] for p in wanted}
                for i in ids}
        meta = [{"id": p, "name": PROPERTIES[p].name} for p in wanted]
        return {"meta": meta, "rows": rows}

    @staticmethod
    def _cell(pid: str, value: str, label: str | None) -> dict[str, str]:
        if PROPERTIES[pid].entity:
            return {"id": value, "name": label or value}
        if pid == "startDate":
            return {"date": value}
        return {"str": value}

    async def propose_properties(self, type: str = "", limit: int = 10) -> Response:  # noqa: A002 -- the API's name
        kinds = self._kinds(type or None)
        chosen = [(pid, p) for pid, p in PROPERTIES.items() if set(p.kinds) & set(kinds)][:max(1, limit)]
        answer: dict[str, Any] = {"properties": [{"id": pid, "name": p.name, "description": p.description}
                                                 for pid, p in chosen], "limit": limit}
        if type:
            answer["type"] = type
        return _json(answer, None)

    # -- suggest and preview ------------------------------------------------------------------------------------
    async def suggest_entity(self, prefix: str = "", type: str = "", callback: str = "") -> Response:  # noqa: A002
        kinds = self._kinds(type or None)
        entries = await run_in_threadpool(self._search, prefix, kinds, 10) if prefix.strip() else []
        result = [{"id": e.iri, "name": e.label,
                   "notable": [{"id": KIND_TYPE[e.kind], "name": TYPES[KIND_TYPE[e.kind]][0]}]}
                  for e in entries[:10]]
        return _json({"result": result}, callback or None)

    async def suggest_type(self, prefix: str = "", callback: str = "") -> Response:
        result = [{"id": iri, "name": name} for iri, (name, _) in TYPES.items()
                  if name.casefold().startswith(prefix.strip().casefold())]
        return _json({"result": result}, callback or None)

    async def suggest_property(self, prefix: str = "", callback: str = "") -> Response:
        typed = prefix.strip().casefold()
        result = [{"id": pid, "name": p.name, "description": p.description} for pid, p in PROPERTIES.items()
                  if pid.casefold().startswith(typed) or p.name.casefold().startswith(typed)]
        return _json({"result": result}, callback or None)

    async def preview(self, id: str) -> HTMLResponse:  # noqa: A002 -- the API's name
        entry = await run_in_threadpool(self.index.find, id)
        if entry is None or entry.kind not in KIND_TYPE:
            return HTMLResponse("<p>No such entity in this dataset.</p>", status_code=404, headers=CORS)
        facts = (await run_in_threadpool(_facts, self.reader(), [id], PROPERTIES))[id]
        lines = "".join(f"<dt>{escape(PROPERTIES[p].name)}</dt>"
                        f"<dd>{escape(', '.join(label or v for v, label in vs[:6]))}</dd>"
                        for p, vs in facts.values.items())
        page = page_path(self.base, id) or id
        html = (f'<div style="font: 14px sans-serif"><p><a href="{escape(page)}" target="_blank"><strong>'
                f"{escape(entry.label)}</strong></a> <small>{escape(TYPES[KIND_TYPE[entry.kind]][0])}</small></p>"
                f"<dl>{lines}</dl></div>")
        return HTMLResponse(html, headers=CORS)


def _json_param(raw: str, name: str) -> Any:
    from graphbuild.reader import JsonError, parse_json  # as the write API: the reader loads only when used

    try:
        return parse_json(raw)
    except JsonError as exc:
        raise BadRequest(f"{name} parameter: not JSON ({exc})") from None


def _json(answer: Any, callback: str | None) -> Response:
    if callback:
        if not _CALLBACK.match(callback):
            raise BadRequest("callback parameter: a JavaScript function name")
        body = f"/**/{callback}({json.dumps(answer, ensure_ascii=False)});"
        return Response(body, media_type="application/javascript", headers=CORS)
    return JSONResponse(answer, headers=CORS)

