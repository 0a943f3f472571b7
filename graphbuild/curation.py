"""An editor's curation file: merge two entities, split one, or fix a label. Applied at build time.

The file is Turtle (docs/curation.md). Three statements are understood:

    <A> ng:mergedInto <B> .                 # A and B are one entity; B survives, A answers 301 to B
    <B> ng:preferredName "Correct Name" .   # B's schema:name; a merge target must have one
    [] ng:splitFrom <E> ; ng:inArticle <article> ; ng:splitInto <F> .   # in that article, E is really F

The curation graph is stored beside the articles (graph ``{base}curation``), so the server can
answer a merged IRI with 301 to the surviving one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.exceptions import ParserError

from .errors import CurationError
from .vocab import NG, PREFIXES


def curation_graph_iri(base: str) -> str:
    return f"{base}curation"


@dataclass(frozen=True)
class Curation:
    merges: dict[URIRef, URIRef] = field(default_factory=dict)  # merged -> surviving (chains resolved)
    splits: dict[tuple[URIRef, URIRef], URIRef] = field(default_factory=dict)  # (article, entity) -> entity
    names: dict[URIRef, str] = field(default_factory=dict)
    graph: Graph = field(default_factory=Graph)
    digest: str = ""  # hash of the file's text: a changed curation rebuilds every article

    def resolve(self, iri: URIRef, article: URIRef) -> URIRef:
        """The IRI an entity minted as ``iri`` takes in ``article`` after splits and merges."""
        iri = self.splits.get((article, iri), iri)
        return self.merges.get(iri, iri)

    def name(self, iri: URIRef) -> str | None:
        return self.names.get(iri)


def _iri(node: object, what: str) -> URIRef:
    if not isinstance(node, URIRef):
        raise CurationError(f"curation: {what} must be an IRI, not {node!r}")
    return node


def _merges(graph: Graph) -> dict[URIRef, URIRef]:
    direct = {_iri(a, "a merged entity"): _iri(b, "a merge target") for a, b in graph.subject_objects(NG.mergedInto)}
    resolved = {}
    for start in direct:
        seen, node = [start], direct[start]
        while node in direct:
            if node in seen:
                raise CurationError(f"curation: merges form a cycle through <{node}>")
            seen.append(node)
            node = direct[node]
        resolved[start] = node
    return resolved


def _names(graph: Graph) -> dict[URIRef, str]:
    names: dict[URIRef, str] = {}
    for node, name in graph.subject_objects(NG.preferredName):
        node = _iri(node, "the subject of ng:preferredName")
        if not isinstance(name, Literal) or not str(name).strip():
            raise CurationError(f"curation: ng:preferredName of <{node}> must be a non-empty string")
        if node in names and names[node] != str(name):
            raise CurationError(f"curation: <{node}> has two preferred names")
        names[node] = str(name)
    return names


def _splits(graph: Graph) -> dict[tuple[URIRef, URIRef], URIRef]:
    splits = {}
    for rule in set(graph.subjects(NG.splitFrom)):
        parts = [graph.value(rule, p) for p in (NG.splitFrom, NG.inArticle, NG.splitInto)]
        if any(p is None for p in parts):
            raise CurationError("curation: a split needs ng:splitFrom, ng:inArticle and ng:splitInto")
        entity, article, into = (_iri(p, "a split's entity, article and target") for p in parts)
        splits[(article, entity)] = into
    return splits


def parse_curation(text: str, source: str = "curation") -> Curation:
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    try:
        graph.parse(data=text, format="turtle")
    except (ParserError, SyntaxError, ValueError, LookupError) as exc:  # rdflib raises IndexError on truncated input
        raise CurationError(f"{source}: not valid Turtle: {str(exc).splitlines()[0] if str(exc) else exc}") from exc
    merges, names = _merges(graph), _names(graph)
    for target in set(merges.values()):
        if target not in names:
            raise CurationError(f"{source}: merge target <{target}> needs an ng:preferredName")
    return Curation(merges, _splits(graph), names, graph, hashlib.sha256(text.encode("utf-8")).hexdigest())


def load_curation(path: str | Path | None) -> Curation:
    """The curation at ``path``; no path gives an empty curation. Read once per process and file version."""
    if not path:
        return Curation()
    file = Path(path)
    try:
        stamp = file.stat().st_mtime_ns
    except OSError as exc:
        raise CurationError(f"{file}: cannot read the curation file: {exc.strerror}") from exc
    return _load(str(file), stamp)


@lru_cache(maxsize=8)
def _load(path: str, stamp: int) -> Curation:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CurationError(f"{file}: cannot read the curation file: {exc}") from exc
    return parse_curation(text, str(file))
