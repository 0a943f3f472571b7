"""An entity's description: built from the store (or read from the site index, which holds every
entity's description precomputed), then rendered as Turtle, JSON-LD, N-Triples, RDF/XML or HTML.

The description of an entity holds
- its own triples, and the type, label and date of every resource it points to;
- the resources linking to it (incoming links), each with the linking triples and its type, label and
  date;
- among those, every *fact* (an org:Membership, a schema:Quotation or schema:Claim, a schema:Event, an
  ng:Participation, an ng:Mention) with all of the fact's triples, and the type, label and date of what
  the fact points to: a person's memberships come with their role and organisation, their statements
  with the article, each mention with its offsets and the mentioning article's headline;
- for an article, its whole named graph (every fact drawn from it, with its span).

Bodies of *other* articles stay out: a page fetches the few it quotes separately.

An entity named by thousands of articles (a city, a common role) would have a description of tens of
thousands of triples, so the resources linking to an entity come in pages of ``LINKS_PER_PAGE``, newest
first (by the date of the resource, or of its article or event). Every page of a description keeps
the entity's own triples; a description of more than one page says so in the data itself, the same in
every format: ``<{entity}?page=2> a ng:DescriptionPage ; ng:pageOf <{entity}> ; ng:pageNumber 2 ;
ng:linkCount 3425 ; ng:previousPage <{entity}?page=1> ; ng:nextPage <{entity}?page=3>``, where
``{entity}?page=N`` dereferences like the entity IRI (303 to the page in the format asked for).

``assemble`` builds a description from a ``GraphView``: ``StoreView`` reads the store live,
``MemoryView`` holds the whole default graph for building every description in one pass (the site
index, server/search.py). Both give the same triples.

A description travels as the N-Triples ``assemble`` writes (the site index keeps them compressed):
N-Triples are served as they are, Turtle and RDF/XML are written by Oxigraph straight from them, and
the terms, triples and indexes the presenter and the JSON-LD writer read are made only when asked
for. JSON-LD is compacted here against the published context (ontology/context.jsonld), which the
document references by URL (https://www.w3.org/TR/json-ld11/#interpreting-json-as-json-ld).
Functions that touch the store block; reading a description kept in the site index takes well under
a millisecond, so the routes do it in the event loop (server/entities.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Protocol, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from graphbuild.iris import ENTITY_TYPES, mint
from graphbuild.jsonld import JsonLdContext
from graphbuild.stores import Readable
from graphbuild.vocab import NG, PREFIXES, XSD

Term = ox.NamedNode | ox.BlankNode | ox.Literal

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

RDF_TYPE = str(PREFIXES["rdf"]) + "type"
_S, _SKOS, _ORG, _PROV = (str(PREFIXES[name]) for name in ("schema", "skos", "org", "prov"))

# Terms are handled in their N-Triples spelling while a description is assembled: "<iri>", "_:b", "\"lit\"^^<dt>".
Triple3 = tuple[str, str, str]


def _nt(iri: object) -> str:
    return f"<{iri}>"


# What a linked resource brings along: what it is, what it is called, and when it was.
LABEL_TERMS = frozenset(_nt(iri) for iri in (RDF_TYPE, _S + "name", _SKOS + "prefLabel", _S + "headline", _S + "text",
                                             _S + "datePublished", _S + "startDate"))
# The classes whose instances are facts: described in full wherever they link to the entity.
FACT_CLASSES = frozenset(_nt(iri) for iri in (_ORG + "Membership", _S + "Quotation", _S + "Claim", _S + "Event",
                                              NG.Participation, NG.Mention))
_TYPE, _BODY = _nt(RDF_TYPE), _nt(_S + "articleBody")
# A linking resource's date (for "newest first"): its own, else that of the article or event it comes from.
_OWN_DATES = frozenset(_nt(iri) for iri in (_S + "datePublished", _S + "startDate", NG.attestedOn))
_DATED_VIA = frozenset(_nt(iri) for iri in (NG.inArticle, _S + "isPartOf", _PROV + "wasDerivedFrom",
                                            NG.participationIn))
_INTEGER = _nt(XSD.integer)
LINKS_PER_PAGE = 200  # resources linking to an entity, per page of its description


def _is_iri(term: str) -> bool:
    return term.startswith("<") and not term.startswith("<<")  # "<<": an RDF 1.2 triple term


def _lexical(literal: str) -> str:
    return literal[1:literal.index('"', 1)] if literal.startswith('"') else ""


def _node(term: str) -> ox.NamedNode | ox.BlankNode | None:
    if _is_iri(term):
        return ox.NamedNode(term[1:-1])
    if term.startswith("_:"):
        return ox.BlankNode(term[2:])
    return None


def _plain(quad: ox.Quad) -> bool:
    """Whether ``quad`` has no RDF 1.2 triple term, which the description model leaves out."""
    return not isinstance(quad.subject, ox.Triple) and not isinstance(quad.object, ox.Triple)


class GraphView:
    """Read access to the default graph (and the named graphs) for ``assemble``, terms as N-Triples;
    what a resource brings to a description is worked out once per view."""

    def __init__(self) -> None:
        self._dates: dict[str, str] = {}
        self._labels: dict[str, list[Triple3]] = {}
        self._brought: dict[str, list[Triple3]] = {}

    def out(self, subject: str) -> Sequence[tuple[str, str]]:
        """(predicate, object) of every triple about ``subject`` in the default graph."""
        raise NotImplementedError

    def into(self, obj: str) -> Sequence[tuple[str, str]]:
        """(subject, predicate) of every triple pointing to ``obj`` in the default graph."""
        raise NotImplementedError

    def graph(self, name: str) -> Iterable[Triple3]:
        """The triples of the named graph ``name`` (none when there is no such graph)."""
        raise NotImplementedError

    def labels(self, node: str) -> list[Triple3]:
        """What a linked resource brings along: its type, label and date triples."""
        found = self._labels.get(node)
        if found is None:
            found = self._labels[node] = [(node, p, o) for p, o in self.out(node) if p in LABEL_TERMS]
        return found

    def brought(self, node: str) -> list[Triple3]:
        """What a resource linking to an entity brings: a fact all its triples (but an article body) and
        the labels of what it points to, anything else its labels."""
        found = self._brought.get(node)
        if found is None:
            out = self.out(node)
            if any(p == _TYPE and o in FACT_CLASSES for p, o in out):
                found = [(node, p, o) for p, o in out if p != _BODY]
                for _, o in out:
                    if o[0] == "<":
                        found += self.labels(o)
            else:
                found = self.labels(node)
            self._brought[node] = found
        return found

    def _own_date(self, node: str) -> str:
        dates = [_lexical(o) for p, o in self.out(node) if p in _OWN_DATES]
        return min(dates) if dates else ""

    def date(self, node: str) -> str:
        """The date a linking resource sorts by: its own, else its article's or event's ("" when none)."""
        found = self._dates.get(node)
        if found is None:
            found = self._own_date(node)
            if not found:
                via = [d for p, o in self.out(node) if p in _DATED_VIA and (d := self._own_date(o))]
                found = min(via) if via else ""
            self._dates[node] = found
        return found


_PREFETCH_CHUNK = 200  # resources in one VALUES clause of ``StoreView.prefetch``


class StoreView(GraphView):
    """The store, read as ``assemble`` asks (each subject read once)."""

    def __init__(self, store: Readable) -> None:
        super().__init__()
        self.store = store
        self._out: dict[str, list[tuple[str, str]]] = {}
        self._in: dict[str, list[tuple[str, str]]] = {}  # filled by ``prefetch`` only

    def out(self, subject: str) -> Sequence[tuple[str, str]]:
        found = self._out.get(subject)
        if found is None:
            node = _node(subject)
            quads = self.store.quads_for_pattern(node, None, None, ox.DefaultGraph()) if node else ()
            found = self._out[subject] = [(str(q.predicate), str(q.object)) for q in quads if _plain(q)]
        return found

    def into(self, obj: str) -> Sequence[tuple[str, str]]:
        if (found := self._in.get(obj)) is not None:
            return found
        node = _node(obj)
        quads = self.store.quads_for_pattern(None, None, node, ox.DefaultGraph()) if node else ()
        return [(str(q.subject), str(q.predicate)) for q in quads if _plain(q)]

    def prefetch(self, entities: Collection[str]) -> None:
        """Read beforehand, in a few queries, what assembling the descriptions of ``entities`` would read
        resource by resource: their triples and the links to them, then the triples of what those reach.
        On a remote store, a few round trips instead of several per entity; the same triples either way."""
        named = sorted(_nt(e) for e in entities)  # IRIs, as the view's terms write them
        self._read(named, outgoing=True)
        self._read(named, outgoing=False)
        linking = {s for e in named for s, _ in self._in.get(e, ())}
        reached = {o for e in named for _, o in self._out.get(e, ()) if _is_iri(o)}
        self._read(sorted((linking | reached) - self._out.keys()), outgoing=True)
        further = {o for s in linking for _, o in self._out.get(s, ()) if _is_iri(o)}
        self._read(sorted(further - self._out.keys()), outgoing=True)

    def _read(self, nodes: Sequence[str], outgoing: bool) -> None:
        """The triples of the default graph about (``outgoing``) or pointing to each of ``nodes``."""
        for start in range(0, len(nodes), _PREFETCH_CHUNK):
            chunk = nodes[start:start + _PREFETCH_CHUNK]
            found: dict[str, list[tuple[str, str]]] = {node: [] for node in chunk}
            pattern = "?node ?p ?other" if outgoing else "?other ?p ?node"
            query = f"SELECT ?node ?p ?other WHERE {{ VALUES ?node {{ {' '.join(chunk)} }} {pattern} }}"
            for row in self.store.query(query):  # type: ignore[union-attr]
                other = row["other"]
                if isinstance(other, ox.Triple) or row["node"] is None:
                    continue
                pair = (str(row["p"]), str(other)) if outgoing else (str(other), str(row["p"]))
                found[str(row["node"])].append(pair)
            (self._out if outgoing else self._in).update(found)

    def graph(self, name: str) -> Iterable[Triple3]:
        if not _is_iri(name):
            return []
        quads = self.store.quads_for_pattern(None, None, None, ox.NamedNode(name[1:-1]))
        return [(str(q.subject), str(q.predicate), str(q.object)) for q in quads if _plain(q)]


class MemoryView(StoreView):
    """The whole default graph held in memory, for assembling every description in one pass; named
    graphs are still read from the store, once each."""

    def __init__(self, store: Readable) -> None:
        super().__init__(store)
        self._into: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._graphs = {str(g) for g in store.named_graphs()}
        terms: dict[str, str] = {}
        intern = terms.setdefault
        out = defaultdict(list)
        for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            if _plain(q):
                s, p, o = (intern(t, t) for t in (str(q.subject), str(q.predicate), str(q.object)))
                out[s].append((p, o))
                if not o.startswith('"'):
                    self._into[o].append((s, p))
        self._out = dict(out)

    def out(self, subject: str) -> Sequence[tuple[str, str]]:
        return self._out.get(subject, ())

    def subjects(self) -> Iterable[str]:
        return self._out.keys()

    def into(self, obj: str) -> Sequence[tuple[str, str]]:
        return self._into.get(obj, ())

    def graph(self, name: str) -> Iterable[Triple3]:
        return super().graph(name) if name in self._graphs else []


@dataclass(frozen=True)
class Assembled:
    """One page of an entity's description, as N-Triples terms."""

    triples: list[Triple3]
    page: int
    pages: int
    links: int  # resources linking to the entity, on every page

    def ntriples(self) -> str:
        return "".join(f"{s} {p} {o} .\n" for s, p, o in self.triples)


def page_iri(iri: str, page: int) -> str:
    """The IRI of a page of the description of ``iri``; it dereferences like ``iri`` (303 by Accept)."""
    return f"{iri}?page={page}"


def _page_note(iri: str, page: int, pages: int, links: int) -> list[Triple3]:
    here = _nt(page_iri(iri, page))
    note = [(here, _TYPE, _nt(NG.DescriptionPage)), (here, _nt(NG.pageOf), _nt(iri)),
            (here, _nt(NG.pageNumber), f'"{page}"^^{_INTEGER}'), (here, _nt(NG.linkCount), f'"{links}"^^{_INTEGER}')]
    if page > 1:
        note.append((here, _nt(NG.previousPage), _nt(page_iri(iri, page - 1))))
    if page < pages:
        note.append((here, _nt(NG.nextPage), _nt(page_iri(iri, page + 1))))
    return note


class _Linked:
    """What every page of one entity's description shares: its own triples and what they bring, the named
    graph of its IRI, and the resources linking to it, newest first (then by IRI), with their predicates."""

    def __init__(self, view: GraphView, iri: str) -> None:
        self.view, self.iri, self.entity = view, iri, _nt(iri)
        own = view.out(self.entity)
        self.triples = [(self.entity, p, o) for p, o in own]
        for _, o in own:
            if o[0] == "<":
                self.triples += view.labels(o)
        self.triples += view.graph(self.entity)
        self.linking: dict[str, list[str]] = {}
        for s, p in view.into(self.entity):
            self.linking.setdefault(s, []).append(p)
        self.items = sorted(self.linking)
        self.items.sort(key=view.date, reverse=True)

    def pages(self, per_page: int) -> int:
        return max(1, -(-len(self.items) // per_page))

    def page(self, page: int, per_page: int) -> Assembled:
        triples = list(self.triples)
        for s in self.items[(page - 1) * per_page:page * per_page]:
            triples += [(s, p, self.entity) for p in self.linking[s]]
            triples += self.view.brought(s)
        ordered = sorted(set(triples))
        first = [t for t in ordered if t[0] == self.entity]  # the entity's own triples first, then the page note
        pages = self.pages(per_page)
        note = _page_note(self.iri, page, pages, len(self.items)) if pages > 1 else []
        return Assembled(first + note + [t for t in ordered if t[0] != self.entity], page, pages, len(self.items))


def assemble(view: GraphView, iri: str, page: int = 1, per_page: int | None = None) -> Assembled | None:
    """Page ``page`` of the description of ``iri`` (see the module docstring), ``per_page`` linking
    resources a page (``LINKS_PER_PAGE`` by default); None past the last page."""
    per_page = per_page or LINKS_PER_PAGE
    linked = _Linked(view, iri)
    return linked.page(page, per_page) if 1 <= page <= linked.pages(per_page) else None


def every_page(view: GraphView, iri: str) -> Iterator[Assembled]:
    """Every page of the description of ``iri``, its links read and sorted once for all of them."""
    linked = _Linked(view, iri)
    for page in range(1, linked.pages(LINKS_PER_PAGE) + 1):
        yield linked.page(page, LINKS_PER_PAGE)


@dataclass(frozen=True)
class DataFormat:
    """One RDF rendering of a description, served at /data/{type}/{slug}.{extension}."""

    extension: str
    media_type: str
    rdflib_format: str
    ox_format: ox.RdfFormat | None  # None: written here (JSON-LD, compacted)


DATA_FORMATS: tuple[DataFormat, ...] = (
    DataFormat("ttl", "text/turtle", "turtle", ox.RdfFormat.TURTLE),
    DataFormat("jsonld", "application/ld+json", "json-ld", None),
    DataFormat("nt", "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    DataFormat("rdf", "application/rdf+xml", "xml", ox.RdfFormat.RDF_XML),
)
FORMATS_BY_EXTENSION = {f.extension: f for f in DATA_FORMATS}
FORMATS_BY_MEDIA_TYPE = {f.media_type: f for f in DATA_FORMATS}
PREFIX_MAP = {name: str(ns) for name, ns in PREFIXES.items()}


def iri_for_id_path(base: str, kind: str, slug: str) -> URIRef | None:
    """The IRI of ``/id/{kind}/{slug}``, or None when kind or slug is not a canonical one."""
    if kind not in ENTITY_TYPES or not _SLUG.match(slug):
        return None
    iri = mint(base, kind, slug)
    return iri if iri.endswith(f"/{slug}") else None  # slugify shortens over-long slugs


def merges(store: Readable) -> dict[str, str]:
    """Every IRI the curation merged, with the IRI it survives as."""
    quads = store.quads_for_pattern(None, ox.NamedNode(str(NG.mergedInto)), None, ox.DefaultGraph())
    return {q.subject.value: q.object.value for q in quads
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)}


def entity_exists(store: Readable, iri: str) -> bool:
    """Whether the default graph has a triple with ``iri`` as subject."""
    return next(iter(store.quads_for_pattern(ox.NamedNode(iri), None, None, ox.DefaultGraph())), None) is not None


_Index = dict[Term, dict[str, list[Term]]]


class Description:
    """The triples describing ``iri`` (one page of them, see ``assemble``), kept as the N-Triples that
    ``Assembled.ntriples`` writes (the entity's own triples first): the RDF formats are written from
    them, and the terms, triples and indexes the presenter reads are made only when first asked for."""

    def __init__(self, iri: str, ntriples: str, page: int = 1, pages: int = 1, links: int = 0) -> None:
        self.iri = iri
        self.ntriples = ntriples
        self.page = page
        self.pages = pages
        self.links = links  # resources linking to the entity, in all pages

    @property
    def node(self) -> ox.NamedNode:
        return ox.NamedNode(self.iri)

    @property
    def partial(self) -> bool:
        """Whether the resources linking to the entity fill more than one page."""
        return self.pages > 1

    def __len__(self) -> int:
        return self.ntriples.count("\n")

    def exists(self) -> bool:
        """Whether the entity has triples of its own (they come first)."""
        return self.ntriples.startswith(f"<{self.iri}> ")

    @cached_property
    def _parsed(self) -> tuple[list[list[str]], dict[str, Any]]:
        """The lines split into N-Triples terms, and each distinct term made once."""
        rows = [line[:-2].split(" ", 2) for line in self.ntriples.splitlines()]  # "<s> <p> o ." -> [s, p, o]
        terms: dict[str, Any] = {}
        literals = []
        for term in {term for row in rows for term in row}:
            if term[0] == "<":
                terms[term] = ox.NamedNode(term[1:-1])
            elif term[0] == "_":
                terms[term] = ox.BlankNode(term[2:])
            else:
                literals.append(term)
        if literals:  # parsed by Oxigraph, which knows every escape and datatype
            document = "".join(f"<urn:s> <urn:p> {literal} .\n" for literal in literals).encode("utf-8")
            parsed = ox.parse(document, format=ox.RdfFormat.N_TRIPLES, lenient=True)
            for literal, quad in zip(literals, parsed, strict=True):
                terms[literal] = quad.object
        return rows, terms

    @cached_property
    def triples(self) -> list[ox.Triple]:
        rows, terms = self._parsed
        return [ox.Triple(terms[s], terms[p], terms[o]) for s, p, o in rows]

    @cached_property
    def _indexes(self) -> tuple[_Index, _Index]:
        rows, terms = self._parsed
        out: _Index = {}
        into: _Index = {}  # literals link to nothing: not indexed
        for s, p, o in rows:
            subject, predicate, obj = terms[s], p[1:-1], terms[o]
            by_predicate = out.get(subject)
            if by_predicate is None:
                by_predicate = out[subject] = {}
            found = by_predicate.get(predicate)
            if found is None:
                by_predicate[predicate] = [obj]
            else:
                found.append(obj)
            if o[0] != '"':
                by_predicate = into.get(obj)
                if by_predicate is None:
                    by_predicate = into[obj] = {}
                found = by_predicate.get(predicate)
                if found is None:
                    by_predicate[predicate] = [subject]
                else:
                    found.append(subject)
        return out, into

    @property
    def out(self) -> _Index:
        """subject -> predicate IRI -> objects."""
        return self._indexes[0]

    @property
    def into(self) -> _Index:
        """object -> predicate IRI -> subjects."""
        return self._indexes[1]

    def objects(self, subject: Term, predicate: str) -> list[Term]:
        by_predicate = self.out.get(subject)
        return by_predicate.get(predicate, []) if by_predicate else []

    def subjects(self, predicate: str, obj: Term) -> list[Term]:
        by_predicate = self.into.get(obj)
        return by_predicate.get(predicate, []) if by_predicate else []

    def value(self, subject: Term, predicate: str) -> Term | None:
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def text(self, subject: Term, predicate: str) -> str | None:
        found = self.value(subject, predicate)
        return None if found is None else found.value

    def types(self, subject: Term) -> set[str]:
        return {t.value for t in self.objects(subject, RDF_TYPE)}


def describe(store: Readable, iri: str, page: int = 1) -> Description:
    """Page ``page`` of the description of ``iri``, read from the store (empty when the store knows
    nothing about it, or ``page`` is past the last page)."""
    assembled = assemble(StoreView(store), iri, page)
    if assembled is None:
        return Description(iri, "", page)
    return Description(iri, assembled.ntriples(), page, assembled.pages, assembled.links)


# -- rdflib bridge (tests, and callers that want an rdflib Graph) ----------------------------------------
def to_rdflib(term: Any) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def prefixed_graph() -> Graph:
    """An empty rdflib graph with the vocabulary's prefixes bound, for readable Turtle and JSON-LD."""
    graph = Graph()
    for name, namespace in PREFIXES.items():
        graph.bind(name, namespace, replace=True)
    return graph


def as_graph(description: Description) -> Graph:
    graph = prefixed_graph()
    for t in description.triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def render(description: Description, data_format: DataFormat, context: JsonLdContext,
           context_url: str | None = None) -> bytes:
    """``description`` in ``data_format``. JSON-LD names the context by ``context_url`` (the context
    object is embedded when there is no URL)."""
    if data_format.ox_format == ox.RdfFormat.N_TRIPLES:
        return description.ntriples.encode("utf-8")  # written as N-Triples by ``assemble``
    if data_format.ox_format is not None:  # straight from the N-Triples: no Python objects for the terms
        triples = ox.parse(description.ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        return cast(bytes, ox.serialize(triples, format=data_format.ox_format, prefixes=PREFIX_MAP))
    return context.write(description.triples, context_url)


class PrecomputedDescriptions(Protocol):
    """Where descriptions built ahead of time are kept (the site index)."""

    def description(self, iri: str, page: int) -> tuple[int, int, bytes | None] | None:
        """(pages, links, N-Triples of the page, None past the last page), or None when not kept."""


def precompute(view: MemoryView, iris: Iterable[str]) -> Iterator[tuple[str, Assembled]]:
    """Every page of the description of each of ``iris``."""
    for iri in iris:
        for assembled in every_page(view, iri):
            yield iri, assembled


class Descriptions:
    """Descriptions read from the site index (``precomputed``) or else from the store, the last ``size``
    of them kept until the store changes (``clear``; ``size`` 0 keeps none)."""

    def __init__(self, store: Readable, size: int, precomputed: PrecomputedDescriptions | None = None) -> None:
        self.store = store
        self.precomputed = precomputed
        self._cached = lru_cache(maxsize=size)(self._read) if size > 0 else self._read
        self._merges: dict[str, str] | None = None

    def _read(self, iri: str, page: int) -> Description | None:
        kept = self.precomputed.description(iri, page) if self.precomputed is not None else None
        if kept is None:
            description = describe(self.store, iri, page)
            if page > 1 and not description.exists() and describe(self.store, iri).exists():
                return None  # past the last page of an entity that exists
            return description
        pages, links, ntriples = kept
        return None if ntriples is None else Description(iri, ntriples.decode("utf-8"), page, pages, links)

    def clear(self) -> None:
        """Forget what was read: the store has changed (server/live.py)."""
        if hasattr(self._cached, "cache_clear"):
            self._cached.cache_clear()
        self._merges = None

    def get(self, iri: str, page: int = 1) -> Description | None:
        """Page ``page`` of the description of ``iri`` (None when past the last page); blocks."""
        return self._cached(iri, page)

    def merged_into(self, iri: str) -> str | None:
        """The surviving IRI when the curation merged ``iri`` into another entity; blocks once."""
        if self._merges is None:
            self._merges = merges(self.store)
        return self._merges.get(iri)
