"""An entity's description: built once from the store, then rendered as Turtle, JSON-LD, N-Triples,
RDF/XML or HTML.

The description of an entity holds
- its own triples and the triples pointing to it (incoming links);
- the type, label and date of every resource linked to it either way;
- every *fact* linked to it (an org:Membership, a schema:Quotation or schema:Claim, a schema:Event,
  an ng:Participation, an ng:Mention) with all of the fact's triples, and the type, label and date
  of what the fact points to: a person's memberships come with their role and organisation, their
  statements with the article, each mention with its offsets and the mentioning article's headline;
- for an article, its whole named graph (every fact drawn from it, with its span).

Bodies of *other* articles stay out: a page fetches the few it quotes separately.

Turtle, N-Triples and RDF/XML are written by Oxigraph straight from the query's triples. JSON-LD is
compacted here against the published context (ontology/context.jsonld), which the document
references by URL (https://www.w3.org/TR/json-ld11/#interpreting-json-as-json-ld). Every function
that touches the store blocks: call it from a worker thread.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from graphbuild.iris import ENTITY_TYPES, EntityType, mint
from graphbuild.jsonld import CONTEXT_PATH, context_document
from graphbuild.vocab import NG, PREFIXES, XSD

Term = ox.NamedNode | ox.BlankNode | ox.Literal

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_PREFIX_LINES = "\n".join(f"PREFIX {name}: <{ns}>" for name, ns in PREFIXES.items())

# What a linked resource brings along: what it is, what it is called, and when it was. (FILTER IN, not
# VALUES: Oxigraph then starts from the entity instead of from every label in the store.)
_LABELS = "FILTER(?p IN (rdf:type, schema:name, skos:prefLabel, schema:headline, schema:text, " \
          "schema:datePublished, schema:startDate))"
# The classes whose instances are facts: described in full wherever they link to the entity.
_FACTS = "FILTER(?factClass IN (org:Membership, schema:Quotation, schema:Claim, schema:Event, " \
         "ng:Participation, ng:Mention))"

# One CONSTRUCT; each UNION branch is one part of the description (see the module docstring).
_DESCRIBE = _PREFIX_LINES + """
CONSTRUCT { ?s ?p ?o } WHERE {
  { %(e)s ?p ?o BIND(%(e)s AS ?s) }
  UNION { ?s ?p %(e)s BIND(%(e)s AS ?o) }
  UNION { %(e)s ?link ?s . FILTER(isIRI(?s)) ?s ?p ?o . %(labels)s }
  UNION { ?s ?link %(e)s . ?s ?p ?o . %(labels)s }
  UNION { ?s ?link %(e)s . ?s a ?factClass . %(facts)s ?s ?p ?o . FILTER(?p != schema:articleBody) }
  UNION { ?fact ?link %(e)s . ?fact a ?factClass . %(facts)s ?fact ?factLink ?s . FILTER(isIRI(?s))
          ?s ?p ?o . %(labels)s }
  UNION { GRAPH %(e)s { ?s ?p ?o } }
}
"""


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


def entity_iri(base: str, kind: str, slug: str) -> URIRef | None:
    """The IRI of ``/id/{kind}/{slug}``, or None when kind or slug is not a canonical one."""
    if kind not in ENTITY_TYPES or not _SLUG.match(slug):
        return None
    iri = mint(base, cast(EntityType, kind), slug)
    return iri if iri.endswith(f"/{slug}") else None  # slugify shortens over-long slugs


def merged_into(store: ox.Store, iri: str) -> str | None:
    """The surviving IRI when the editor's curation merged ``iri`` into another entity."""
    for row in store.query(f"SELECT ?to WHERE {{ {ox.NamedNode(iri)} <{NG.mergedInto}> ?to }} LIMIT 1"):  # type: ignore[union-attr]
        return str(row["to"].value)  # type: ignore[index]
    return None


def entity_exists(store: ox.Store, iri: str) -> bool:
    """Whether the default graph has a triple with ``iri`` as subject."""
    return bool(store.query(f"ASK {{ {ox.NamedNode(iri)} ?p ?o }}"))


@dataclass
class Description:
    """The triples describing ``iri``, indexed both ways for the presenter."""

    iri: str
    triples: list[ox.Triple]
    out: dict[Term, dict[str, list[Term]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    into: dict[Term, dict[str, list[Term]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))

    def __post_init__(self) -> None:
        for t in self.triples:
            subject, obj = cast(Term, t.subject), cast(Term, t.object)  # _ordered keeps no triple terms
            self.out[subject][t.predicate.value].append(obj)
            self.into[obj][t.predicate.value].append(subject)

    @property
    def node(self) -> ox.NamedNode:
        return ox.NamedNode(self.iri)

    def __len__(self) -> int:
        return len(self.triples)

    def exists(self) -> bool:
        return self.node in self.out

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


RDF_TYPE = PREFIX_MAP["rdf"] + "type"


def _ordered(iri: str, triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Distinct triples, the entity's own first, then by subject, predicate and object."""
    unique = [t for t in dict.fromkeys(triples) if not isinstance(t.subject, ox.Triple)
              and not isinstance(t.object, ox.Triple)]  # RDF 1.2 triple terms are not part of the model
    return sorted(unique, key=lambda t: (str(t.subject) != f"<{iri}>", str(t.subject), t.predicate.value,
                                         str(t.object)))


def describe(store: ox.Store, iri: str) -> Description:
    """The description of ``iri`` (empty when the store knows nothing about it)."""
    query = _DESCRIBE % {"e": ox.NamedNode(iri), "labels": _LABELS, "facts": _FACTS}
    return Description(iri, _ordered(iri, store.query(query)))  # type: ignore[arg-type]


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


def new_graph() -> Graph:
    graph = Graph()
    for name, namespace in PREFIXES.items():
        graph.bind(name, namespace, replace=True)
    return graph


def as_graph(description: Description) -> Graph:
    graph = new_graph()
    for t in description.triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


# -- JSON-LD compaction --------------------------------------------------------------------------------
class JsonLdContext:
    """The published context (ontology/context.jsonld): its document, and what it compacts to."""

    path = CONTEXT_PATH

    def __init__(self, document: Mapping[str, Any] | None = None) -> None:
        self.document: dict[str, Any] = dict(document if document is not None else context_document())
        self.compactor = Compactor(self.document)

    def get(self) -> dict[str, Any]:
        return self.document


@dataclass(frozen=True)
class _Term:
    name: str
    coerce: str | None  # "@id", a datatype IRI, or None for a plain string


class Compactor:
    """JSON-LD compaction against one flat context (term definitions, prefixes and an optional @vocab).

    https://www.w3.org/TR/json-ld11-api/#compaction-algorithms, for the shapes our data takes: a term
    is used when its type coercion fits the value, else a compact IRI (prefix:local), else the IRI.
    """

    def __init__(self, context: Mapping[str, Any]) -> None:
        self.prefixes: dict[str, str] = {}
        self.vocab = context.get("@vocab")
        keywords = {v: k for k, v in context.items() if isinstance(v, str) and v in ("@id", "@type")}
        self.id_key = keywords.get("@id", "@id")
        self.type_key = keywords.get("@type", "@type")
        raw: dict[str, tuple[str, str | None]] = {}
        for key, value in context.items():
            if key.startswith("@") or value in ("@id", "@type"):
                continue
            if isinstance(value, str) and value.endswith(("/", "#")):
                self.prefixes[key] = value
            elif isinstance(value, str):
                raw[key] = (value, None)
            elif isinstance(value, Mapping) and "@id" in value:
                raw[key] = (str(value["@id"]), value.get("@type"))
        self.terms: dict[str, list[_Term]] = defaultdict(list)
        for name, (iri, coerce) in raw.items():
            full = self.expand(iri)
            self.terms[full].append(_Term(name, self.expand(coerce) if coerce and coerce != "@id" else coerce))

    def expand(self, value: str) -> str:
        prefix, sep, local = value.partition(":")
        if sep and prefix in self.prefixes and not local.startswith("//"):
            return self.prefixes[prefix] + local
        return value

    def compact_iri(self, iri: str, *, vocab: bool) -> str:
        if vocab:
            for term in self.terms.get(iri, []):
                if term.coerce is None:
                    return term.name
            if self.vocab and iri.startswith(self.vocab) and len(iri) > len(self.vocab):
                local = iri[len(self.vocab):]
                if ":" not in local and local not in self.terms_by_name:
                    return local
        for name, namespace in self.prefixes.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{name}:{iri[len(namespace):]}"
        return iri

    @property
    def terms_by_name(self) -> set[str]:
        return {t.name for terms in self.terms.values() for t in terms}

    def _property(self, predicate: str, value: Term) -> tuple[str, Any]:
        """The key and compacted value of one (predicate, object)."""
        for term in self.terms.get(predicate, []):
            if term.coerce == "@id" and isinstance(value, ox.NamedNode):
                return term.name, value.value
            if isinstance(value, ox.Literal) and not value.language and term.coerce == value.datatype.value:
                return term.name, value.value
            if isinstance(value, ox.Literal) and term.coerce is None:
                return term.name, self._literal(value)
        key = self.compact_iri(predicate, vocab=True)
        if key in self.terms_by_name and not any(t.name == key and t.coerce is None for t in self.terms[predicate]):
            key = predicate  # never reuse a coerced term for a value that does not fit its coercion
        if isinstance(value, ox.NamedNode):
            return key, {self.id_key: value.value}
        if isinstance(value, ox.BlankNode):
            return key, {self.id_key: f"_:{value.value}"}
        return key, self._literal(value)

    def _literal(self, value: ox.Literal) -> Any:
        if value.language:
            return {"@value": value.value, "@language": value.language}
        if value.datatype.value == str(XSD.string):
            return value.value
        return {"@value": value.value, self.type_key: self.compact_iri(value.datatype.value, vocab=True)}

    def nodes(self, triples: Iterable[ox.Triple]) -> list[dict[str, Any]]:
        by_subject: dict[Term, list[ox.Triple]] = defaultdict(list)
        for t in triples:
            by_subject[cast(Term, t.subject)].append(t)
        nodes = []
        for subject, own in by_subject.items():
            node: dict[str, Any] = {self.id_key: subject.value if isinstance(subject, ox.NamedNode)
                                    else f"_:{subject.value}"}
            types = [self.compact_iri(cast(Term, t.object).value, vocab=True) for t in own
                     if t.predicate.value == RDF_TYPE]
            if types:
                node[self.type_key] = types[0] if len(types) == 1 else sorted(types)
            values: dict[str, list[Any]] = defaultdict(list)
            for t in own:
                if t.predicate.value != RDF_TYPE:
                    key, compacted = self._property(t.predicate.value, cast(Term, t.object))
                    values[key].append(compacted)
            for key in sorted(values):
                node[key] = values[key][0] if len(values[key]) == 1 else values[key]
            nodes.append(node)
        return nodes

    def document(self, triples: Iterable[ox.Triple], context: Any) -> dict[str, Any]:
        return {"@context": context, "@graph": self.nodes(triples)}


def render(description: Description, data_format: DataFormat, context: JsonLdContext,
           context_url: str | None = None) -> bytes:
    """``description`` in ``data_format``. JSON-LD names the context by ``context_url`` (the context
    object is embedded when there is no URL)."""
    if data_format.ox_format is not None:
        prefixes = PREFIX_MAP if data_format.ox_format != ox.RdfFormat.N_TRIPLES else None
        return cast(bytes, ox.serialize(description.triples, format=data_format.ox_format, prefixes=prefixes))
    document = context.compactor.document(description.triples, context_url or context.get())
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


class Descriptions:
    """Descriptions read from the store, the last ``size`` of them kept: the store is read-only while
    served, so a description never goes stale (``size`` 0 reads the store every time)."""

    def __init__(self, store: ox.Store, size: int) -> None:
        self.store = store
        self._cached = lru_cache(maxsize=size)(self._read) if size > 0 else self._read

    def _read(self, iri: str) -> Description:
        return describe(self.store, iri)

    def get(self, iri: str) -> Description:
        """The description of ``iri``; blocks."""
        return self._cached(iri)
