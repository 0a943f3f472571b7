"""newsgraph's one JSON-LD writer: compaction against the published context (ontology/context.jsonld).

`newsgraph extract --format jsonld`, the server's /data documents and its other JSON-LD answers all write
through ``Compactor``, so the same graph reads the same wherever it comes from.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, cast

import pyoxigraph as ox
from rdflib import Graph

from .published import ONTOLOGY_DIR
from .vocab import PREFIXES, XSD

Term = ox.NamedNode | ox.BlankNode | ox.Literal
RDF_TYPE = str(PREFIXES["rdf"]) + "type"

CONTEXT_PATH = ONTOLOGY_DIR / "context.jsonld"


@lru_cache(maxsize=1)
def context_document() -> dict[str, Any]:
    """The ``@context`` object of ontology/context.jsonld."""
    data = json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))
    return data.get("@context", data)  # type: ignore[no-any-return]


class JsonLdContext:
    """The published context (ontology/context.jsonld): its document, and what it compacts to."""

    path = CONTEXT_PATH

    def __init__(self, document: Mapping[str, Any] | None = None) -> None:
        self.document: dict[str, Any] = dict(document if document is not None else context_document())
        self.compactor = Compactor(self.document)

    def get(self) -> dict[str, Any]:
        return self.document

    def write(self, triples: Iterable[ox.Triple], context_ref: str | None = None) -> bytes:
        """``triples`` as a JSON-LD document compacted against this context; its @context is ``context_ref``
        (a URL) when given, else the context itself."""
        document = self.compactor.document(triples, context_ref or self.document)
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


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

    @cached_property
    def terms_by_name(self) -> set[str]:
        return {t.name for terms in self.terms.values() for t in terms}

    def _property(self, predicate: str, value: Term) -> tuple[str, Any]:
        """The key and compacted value of one (predicate, object)."""
        for term in self.terms.get(predicate, []):
            if term.coerce == "@id" and isinstance(value, ox.NamedNode):
                return term.name, value.value
            if isinstance(value, ox.Literal) and not value.language and term.coerce == value.datatype.value:
                return term.name, _native(value)
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
        if not isinstance(native := _native(value), str):
            return native  # a JSON number or boolean is read back as xsd:integer or xsd:boolean
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


_INTEGER, _BOOLEAN = str(XSD.integer), str(XSD.boolean)
_CANONICAL_INTEGER = re.compile(r"-?(0|[1-9][0-9]{0,15})")  # within 2**53: exact as a JSON number anywhere


def _native(value: ox.Literal) -> Any:
    """``value`` as a JSON number or boolean where JSON-LD reads it back as the same literal (an xsd:integer or
    xsd:boolean in canonical form), else its lexical form. Decimals stay strings: a JSON number with a
    fraction is read back as an xsd:double."""
    datatype, text = value.datatype.value, value.value
    if datatype == _INTEGER and _CANONICAL_INTEGER.fullmatch(text) and text != "-0":
        return int(text)
    if datatype == _BOOLEAN and text in ("true", "false"):
        return text == "true"
    return text


def ox_triples(graph: Graph) -> list[ox.Triple]:
    """An rdflib graph's triples as pyoxigraph's terms (through N-Triples: exact, and fast)."""
    parsed = ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return [item.triple if isinstance(item, ox.Quad) else item for item in parsed]


def write(triples: Iterable[ox.Triple], context_ref: str | None = None) -> bytes:
    """A JSON-LD document of ``triples`` compacted against the published context, naming ``context_ref``
    (its URL) as its @context, else embedding the context."""
    return _published().write(triples, context_ref)


@lru_cache(maxsize=1)
def _published() -> JsonLdContext:
    return JsonLdContext()
