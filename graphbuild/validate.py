"""The SHACL gate: an article graph is stored only when it conforms to shapes/*.ttl.

Validation follows SHACL Core (https://www.w3.org/TR/shacl/) with pyshacl, without inference, so
only the types stated in the graph select the shapes that apply. The validation report
(https://www.w3.org/TR/shacl/#validation-report) is turned into plain ``Problem`` values, so
callers never walk a results graph.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pyshacl.shape
from pyshacl import Validator
from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
from pyshacl.graph_abstraction import DataGraph
from pyshacl.shapes_graph import ShapesGraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .errors import NewsgraphError
from .published import SHAPES_DIR
from .vocab import PREFIXES


@dataclass(frozen=True)
class Problem:
    """One validation result (https://www.w3.org/TR/shacl/#results-validation-result).

    ``focus`` and ``path`` are shown with prefixed names where a known prefix applies.
    ``severity`` is the local name of sh:resultSeverity: Violation, Warning or Info.
    """

    focus: str
    path: str | None
    message: str
    severity: str

    def line(self) -> str:
        where = f"focus {self.focus}" + (f": path {self.path}" if self.path else "")
        prefix = "" if self.severity == "Violation" else f"{self.severity.lower()}: "
        return f"{prefix}{where}: {self.message}"


@dataclass(frozen=True)
class Report:
    """A validation report (https://www.w3.org/TR/shacl/#validation-report)."""

    conforms: bool
    problems: tuple[Problem, ...]
    results: Graph | None = field(default=None, compare=False, repr=False)  # the SHACL report graph

    def text(self) -> str:
        """One readable line per problem: ``focus <iri>: path <p>: message``."""
        return "\n".join(problem.line() for problem in self.problems)


@cache
def load_shapes() -> Graph:
    """Every ``*.ttl`` of the repository's shapes/ folder, parsed once into one graph."""
    files = sorted(SHAPES_DIR.glob("*.ttl"))
    if not files:
        raise NewsgraphError(f"no SHACL shapes (*.ttl) found in {SHAPES_DIR}")
    shapes = Graph()
    for file in files:
        shapes.parse(file, format="turtle")
    return shapes


# What pyshacl.validate() would be asked: SHACL Core only, no inference, warnings do not break conformance.
_OPTIONS: dict[str, Any] = {
    "inference": "none", "advanced": False, "abort_on_first": False, "allow_infos": False,
    "allow_warnings": True, "inplace": False, "use_js": False, "sparql_mode": False,
}  # fmt: skip
_LOG = logging.getLogger("pyshacl-validate")


class _ParameterList(list[Any]):
    """pyshacl's list of constraint parameters, with membership by hashing: pyshacl tests every
    predicate of every shape against it, once per focus node set, and a list scan compares ~40 IRIs."""

    def __init__(self, items: list[Any]) -> None:
        super().__init__(items)
        self._members = frozenset(items)

    def __contains__(self, item: object) -> bool:
        return item in self._members


@cache
def _shapes_graph() -> ShapesGraph:
    """The shapes as pyshacl reads them, with the shapes already gathered, made once per process.

    pyshacl.validate() would gather them again from the shapes graph on every call (a tenth of the
    time of an article). The copy lives in rdflib's SimpleMemory store, whose look-ups skip the
    named-graph bookkeeping of the default store; the shapes graph is only read.
    """
    shapes = Graph(store="SimpleMemory")
    for prefix, namespace in load_shapes().namespaces():
        shapes.bind(prefix, namespace)
    for triple in load_shapes():
        shapes.add(triple)
    graph = ShapesGraph(shapes, False, _LOG)
    graph.shapes  # noqa: B018 -- gathers the shapes now, not in the first (possibly threaded) validation
    if isinstance(ALL_CONSTRAINT_PARAMETERS, list) and getattr(pyshacl.shape, "CONSTRAINT_PARAMS", None) is None:
        # pyshacl keeps the pair in this module attribute, set on first use (shape.py, Shape.validate)
        parameters = _ParameterList(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP
        pyshacl.shape.CONSTRAINT_PARAMS = parameters  # type: ignore[attr-defined]
    return graph


def validate_graph(data: Graph) -> Report:
    """Validate ``data`` against the shapes; warnings and infos do not break conformance.

    The same run as ``pyshacl.validate(data, shacl_graph=load_shapes(), inference="none",
    allow_warnings=True)``, on the shapes gathered once (``_shapes_graph``).
    """
    shapes = _shapes_graph()
    validator = Validator(DataGraph.from_rdflib(data), shacl_graph=shapes.graph, options={**_OPTIONS, "logger": _LOG})
    validator.shacl_graph = shapes
    conforms, results, _ = validator.run()  # type: ignore[no-untyped-call]  # pyshacl is not typed
    if not isinstance(results, Graph):
        raise NewsgraphError("pyshacl returned no results graph")
    return Report(conforms=bool(conforms), problems=_problems(results), results=results)


def _problems(results: Graph) -> tuple[Problem, ...]:
    problems = {_problem(results, result) for result in results.subjects(RDF.type, SH.ValidationResult)}
    return tuple(sorted(problems, key=lambda p: (p.focus, p.path or "", p.message)))


def _problem(results: Graph, result: Node) -> Problem:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    severity = results.value(result, SH.resultSeverity)
    return Problem(
        focus=_show(focus) if focus is not None else "?",
        path=_show_path(results, path) if path is not None else None,
        message=_message(results, result),
        severity=_local_name(severity) if isinstance(severity, URIRef) else "Violation",
    )


def _message(results: Graph, result: Node) -> str:
    # A shape may give sh:message in several languages; prefer English or untagged text.
    messages = [m for m in results.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    preferred = [m for m in messages if m.language in (None, "en")] or messages
    if preferred:
        return min(str(m) for m in preferred)
    component = results.value(result, SH.sourceConstraintComponent)
    return f"fails {_show(component)}" if component is not None else "does not conform"


def _show(node: Node) -> str:
    """A term as a prefixed name when a known prefix fits, else as N-Triples."""
    if isinstance(node, URIRef):
        for prefix, namespace in PREFIXES.items():
            # str(): PROV and SKOS are rdflib DefinedNamespace classes, not str subclasses.
            base = str(namespace)
            local = str(node)[len(base) :]
            if str(node).startswith(base) and local and _is_simple_local(local):
                return f"{prefix}:{local}"
        return f"<{node}>"
    return node.n3()


def _show_path(results: Graph, path: Node) -> str:
    """Render a SHACL property path (https://www.w3.org/TR/shacl/#property-paths) SPARQL-style."""
    if not isinstance(path, BNode):
        return _show(path)
    if (path, None, None) not in results:
        return _show(path)
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _show_path(results, inverse)
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = results.value(path, predicate)
        if inner is not None:
            return f"({_show_path(results, inner)}){suffix}"
    alternatives = results.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_show_path(results, p) for p in Collection(results, alternatives)) + ")"
    return "/".join(_show_path(results, p) for p in Collection(results, path))


def _is_simple_local(local: str) -> bool:
    return all(c.isalnum() or c in "_-" for c in local) and not local[0].isdigit()


def _local_name(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


__all__ = ["Problem", "Report", "load_shapes", "validate_graph"]
