"""Query results as bytes, cut at the row cap.

pyoxigraph's own result serialisers write a whole result and cannot stop at a row cap, so the
tabular formats are written here, from at most ``max_rows`` solutions, in the same bytes as
Oxigraph's (tests/test_server_sparql_results.py compares them):

- SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/),
- SPARQL Query Results XML (https://www.w3.org/TR/rdf-sparql-XMLres/),
- CSV and TSV (https://www.w3.org/TR/sparql11-results-csv-tsv/).

Graph results (CONSTRUCT, DESCRIBE) are cut at ``max_rows`` triples and written by pyoxigraph.
This module imports only pyoxigraph and the standard library: the query workers load it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

TABLE_MEDIA_TYPES: tuple[str, ...] = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
GRAPH_MEDIA_TYPES: tuple[str, ...] = tuple(GRAPH_FORMATS)
# The prefixes of graphbuild.vocab.PREFIXES (a test keeps them equal), for readable Turtle and TriG.
PREFIXES: dict[str, str] = {
    "schema": "http://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "ng": "https://w3id.org/newsgraph/ns#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_PREFIXED_FORMATS = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
_PLAIN_DATATYPES = (XSD_STRING, RDF_LANG_STRING, RDF_DIR_LANG_STRING)
# Literals TSV may write bare, as Turtle does (https://www.w3.org/TR/sparql11-results-csv-tsv/#tsv).
_TSV_SHORT = {
    XSD + "integer": re.compile(r"[+-]?\d+"),
    XSD + "decimal": re.compile(r"[+-]?\d*\.\d+"),
    XSD + "boolean": re.compile(r"true|false"),
}

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class Table:
    """At most ``max_rows`` solutions of a SELECT, and whether more were left out."""

    variables: tuple[str, ...]
    rows: list[tuple[Term | None, ...]]
    truncated: bool


def take_table(solutions: ox.QuerySolutions, max_rows: int) -> Table:
    """Read at most ``max_rows`` solutions; reading one more tells whether the result was cut."""
    variables = tuple(v.value for v in solutions.variables)
    rows: list[tuple[Term | None, ...]] = []
    for solution in solutions:
        if len(rows) == max_rows:
            return Table(variables, rows, True)
        rows.append(tuple(solution))
    return Table(variables, rows, False)


def take_triples(triples: Iterable[ox.Triple], max_rows: int) -> tuple[list[ox.Triple], bool]:
    """At most ``max_rows`` triples, and whether more were left out."""
    kept: list[ox.Triple] = []
    for triple in triples:
        if len(kept) == max_rows:
            return kept, True
        kept.append(triple)
    return kept, False


# -- JSON ----------------------------------------------------------------------------------------------
def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            if term.direction is not None:
                out["its:dir"] = str(term.direction)
        elif (datatype := term.datatype.value) != XSD_STRING:
            out["datatype"] = datatype
        return out
    return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                        "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _json(table: Table) -> bytes:
    names = table.variables
    bindings = [
        {name: _json_term(term) for name, term in zip(names, row, strict=True) if term is not None}
        for row in table.rows
    ]
    document = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- XML -----------------------------------------------------------------------------------------------
_XML_TEXT = {'"': "&quot;", "'": "&apos;", "\r": "&#13;"}


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        text = escape(term.value, _XML_TEXT)
        if term.language:
            direction = "" if term.direction is None else (
                f' its:dir={quoteattr(str(term.direction))} xmlns:its="http://www.w3.org/2005/11/its" its:version="2.0"'
            )
            return f"<literal xml:lang={quoteattr(term.language)}{direction}>{text}</literal>"
        if (datatype := term.datatype.value) != XSD_STRING:
            return f"<literal datatype={quoteattr(datatype)}>{text}</literal>"
        return f"<literal>{text}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject>"
            f"<predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>")


_XML_HEAD = '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'


def _xml_parts(table: Table) -> Iterator[str]:
    yield _XML_HEAD + "<head>"
    yield from (f"<variable name={quoteattr(name)}/>" for name in table.variables)
    yield "</head><results>"
    for row in table.rows:
        yield "<result>"
        for name, term in zip(table.variables, row, strict=True):
            if term is not None:
                yield f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
        yield "</result>"
    yield "</results></sparql>"


def _xml(table: Table) -> bytes:
    return "".join(_xml_parts(table)).encode("utf-8")


# -- CSV and TSV ---------------------------------------------------------------------------------------
def _csv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return " ".join(_csv_term(part) for part in (term.subject, term.predicate, term.object))


_CSV_SPECIAL = re.compile(r'[",\r\n]')


def _csv_field(value: str) -> str:
    """RFC 4180 quoting, only where needed (a lone empty field stays empty, as Oxigraph writes it)."""
    return f'"{value.replace(chr(34), chr(34) * 2)}"' if _CSV_SPECIAL.search(value) else value


def _csv(table: Table) -> bytes:
    lines = [",".join(_csv_field(name) for name in table.variables)]
    lines.extend(",".join(_csv_field(_csv_term(term)) for term in row) for row in table.rows)
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _tsv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and (short := _TSV_SHORT.get(term.datatype.value)) is not None:
        if short.fullmatch(term.value):
            return term.value
    if isinstance(term, ox.Triple):
        return f"<<( {_tsv_term(term.subject)} {_tsv_term(term.predicate)} {_tsv_term(term.object)} )>>"
    return str(term)  # N-Triples syntax: tabs and newlines inside literals are escaped


def _tsv(table: Table) -> bytes:
    lines = ["\t".join(f"?{name}" for name in table.variables)]
    lines.extend("\t".join(_tsv_term(term) for term in row) for row in table.rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


_TABLE_WRITERS = {
    "application/sparql-results+json": _json,
    "application/sparql-results+xml": _xml,
    "text/csv": _csv,
    "text/tab-separated-values": _tsv,
}


def table_bytes(table: Table, media_type: str) -> bytes:
    """The SELECT result ``table`` in ``media_type``, one of TABLE_MEDIA_TYPES."""
    return _TABLE_WRITERS[media_type](table)


def boolean_bytes(value: bool, media_type: str) -> bytes:
    """An ASK result in ``media_type``, one of TABLE_MEDIA_TYPES."""
    word = "true" if value else "false"
    if media_type == "application/sparql-results+json":
        return b'{"head":{},"boolean":%s}' % word.encode()
    if media_type == "application/sparql-results+xml":
        return f"{_XML_HEAD}<head></head><boolean>{word}</boolean></sparql>".encode()
    return word.encode()


def graph_bytes(triples: Sequence[ox.Triple], media_type: str) -> bytes:
    """A graph result in ``media_type``, one of GRAPH_MEDIA_TYPES, written by pyoxigraph."""
    rdf_format = GRAPH_FORMATS[media_type]
    if rdf_format == ox.RdfFormat.N_QUADS:  # a quad format wants quads: the triples of the default graph
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        return ox.serialize(quads, format=rdf_format) or b""
    prefixes = PREFIXES if rdf_format in _PREFIXED_FORMATS else None
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""
