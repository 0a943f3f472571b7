"""The query page people see at /sparql: an editor with example queries, a results table, downloads.

The page is plain HTML (templates/sparql.html) and works without JavaScript and without network
access: the form submits with GET, so a result page has a URL that can be shared. Results come from
the same query run as for a SPARQL client, as SPARQL JSON (tables, booleans) or N-Triples (graphs),
and become table cells here; an IRI of one of our entities links to its page under /page/.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
import pyoxigraph as ox
from markupsafe import Markup
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef

from graphbuild.iris import split_entity_iri

from .markup import json_in_script
from .query_exec import GRAPH_ALIASES, TABLE_ALIASES, QueryOutcome, ResultKind
from .sparql_results import PREFIXES
from .sparql_text import PREDECLARED, read_query

PROLOGUE = "\n".join(f"PREFIX {prefix}: <{iri}>" for prefix, iri in PREFIXES.items() if prefix in
                     ("schema", "org", "skos", "ng", "prov", "xsd")) + "\n\n"


@dataclass(frozen=True)
class Example:
    title: str
    description: str
    query: str


EXAMPLES: tuple[Example, ...] = (
    Example("People and their roles", "Each person with the roles the articles give them (org:Membership), "
            "the organisation when there is one, and the date an article attests it.", PROLOGUE + """\
SELECT ?person ?name ?role ?organisation ?attested WHERE {
  ?membership a org:Membership ;
      org:member ?person ;
      org:role/skos:prefLabel ?role .
  ?person schema:name ?name .
  OPTIONAL { ?membership org:organization/schema:name ?organisation }
  OPTIONAL { ?membership ng:attestedOn ?attested }
}
ORDER BY ?name ?role
LIMIT 200"""),
    Example("Quotes by speaker", "Direct quotes (schema:Quotation) and reported claims (schema:Claim), "
            "with who said them and the article they appear in.", PROLOGUE + """\
SELECT ?speaker ?name ?kind ?text ?article WHERE {
  VALUES ?kind { schema:Quotation schema:Claim }
  ?statement a ?kind ;
      schema:text ?text ;
      schema:creator ?speaker ;
      schema:isPartOf ?article .
  ?speaker schema:name ?name .
}
ORDER BY ?name
LIMIT 200"""),
    Example("Events on a timeline", "Reported events in date order, with where they took place.", PROLOGUE + """\
SELECT ?date ?event ?name ?place WHERE {
  ?event a schema:Event ;
      schema:name ?name ;
      schema:startDate ?date .
  OPTIONAL { ?event schema:location/schema:name ?place }
}
ORDER BY ?date
LIMIT 200"""),
    Example("Who met whom", "Pairs of people who attended or organised the same event, and how often.",
            PROLOGUE + """\
SELECT ?one ?oneName ?other ?otherName (COUNT(DISTINCT ?event) AS ?events) WHERE {
  ?event a schema:Event ;
      schema:attendee|schema:organizer ?one, ?other .
  ?one a schema:Person ; schema:name ?oneName .
  ?other a schema:Person ; schema:name ?otherName .
  FILTER(STR(?one) < STR(?other))
}
GROUP BY ?one ?oneName ?other ?otherName
ORDER BY DESC(?events)
LIMIT 200"""),
    Example("Statements per speaker", "How many quotes and claims each speaker has in the articles.",
            PROLOGUE + """\
SELECT ?speaker ?name (COUNT(?statement) AS ?statements) WHERE {
  ?statement schema:creator ?speaker .
  ?speaker schema:name ?name .
}
GROUP BY ?speaker ?name
ORDER BY DESC(?statements)
LIMIT 100"""),
    Example("Events in a range of dates, at any precision", "Events that began in 2020 to 2024, those dated "
            "only to a year or a month included: ng:earliestDate is an xsd:date for every event date.",
            PROLOGUE + """\
SELECT ?event ?name ?date ?precision WHERE {
  ?event a schema:Event ;
      schema:name ?name ;
      schema:startDate ?date ;
      ng:earliestDate ?from ;
      ng:datePrecision ?precision .
  FILTER (?from >= "2020-01-01"^^xsd:date && ?from <= "2024-12-31"^^xsd:date)
}
ORDER BY ?from
LIMIT 200"""),
    Example("Which article says it", "A fact's source: the named graph (one per article) that states it.",
            PROLOGUE + """\
SELECT ?article ?person ?role WHERE {
  GRAPH ?article {
    ?membership org:member ?person ; org:role/skos:prefLabel ?role .
  }
}
LIMIT 100"""),
)

DOWNLOADS: dict[ResultKind, tuple[tuple[str, str], ...]] = {
    "table": (("json", "SPARQL JSON"), ("xml", "SPARQL XML"), ("csv", "CSV"), ("tsv", "TSV")),
    "boolean": (("json", "SPARQL JSON"), ("xml", "SPARQL XML")),
    "graph": (("turtle", "Turtle"), ("nt", "N-Triples"), ("jsonld", "JSON-LD"), ("rdfxml", "RDF/XML"),
              ("trig", "TriG"), ("nq", "N-Quads")),
}
assert all(alias in TABLE_ALIASES for alias, _ in DOWNLOADS["table"])
assert all(alias in GRAPH_ALIASES for alias, _ in DOWNLOADS["graph"])


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    note: str = ""  # a literal's language or datatype, shown beside it
    title: str = ""  # the full IRI, when the text shortens it


@dataclass(frozen=True)
class Results:
    kind: ResultKind
    columns: tuple[str, ...]
    rows: list[list[Cell]]
    boolean: bool | None
    truncated: bool
    max_rows: int


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _iri_cell(base: str, iri: str) -> Cell:
    parts = split_entity_iri(base, iri.split("#", 1)[0])
    href = f"/page/{parts[0]}/{parts[1]}" if parts else (iri if iri.startswith(("http://", "https://")) else None)
    short = _short(iri)
    return Cell(short, href, title=iri if short != iri else "")


def _json_cell(base: str, term: dict[str, Any] | None) -> Cell:
    if term is None:
        return Cell("")
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return _iri_cell(base, value)
    if kind == "bnode":
        return Cell(f"_:{value}")
    if kind == "triple":
        parts = (_json_cell(base, value[k]).text for k in ("subject", "predicate", "object"))
        return Cell("<< " + " ".join(parts) + " >>")
    note = f"@{term['xml:lang']}" if "xml:lang" in term else _short(term.get("datatype", ""))
    return Cell(value, note=note)


def _term_cell(base: str, term: Any) -> Cell:
    if isinstance(term, ox.NamedNode):
        return _iri_cell(base, term.value)
    if isinstance(term, ox.BlankNode):
        return Cell(f"_:{term.value}")
    if isinstance(term, ox.Literal):
        note = f"@{term.language}" if term.language else _short(term.datatype.value)
        return Cell(term.value, note="" if note == "xsd:string" else note)
    return Cell(str(term))


def results_from(outcome: QueryOutcome, kind: ResultKind, base: str, max_rows: int) -> Results:
    """Table cells from a result serialised as SPARQL JSON (tables, booleans) or N-Triples (graphs)."""
    if kind == "graph":
        triples = ox.parse(outcome.body, format=ox.RdfFormat.N_TRIPLES)
        rows = [[_term_cell(base, t.subject), _term_cell(base, t.predicate), _term_cell(base, t.object)]
                for t in triples]
        return Results(kind, ("subject", "predicate", "object"), rows, None, outcome.truncated, max_rows)
    document = json.loads(outcome.body)
    if "boolean" in document:
        return Results(kind, (), [], bool(document["boolean"]), False, max_rows)
    columns = tuple(document["head"]["vars"])
    rows = [[_json_cell(base, binding.get(name)) for name in columns] for binding in document["results"]["bindings"]]
    return Results(kind, columns, rows, None, outcome.truncated, max_rows)


def download_links(params: Sequence[tuple[str, str]], kind: ResultKind) -> list[tuple[str, str]]:
    """(label, URL) of the same query in each format of its kind of result."""
    kept = [(k, v) for k, v in params if k != "format"]
    return [(label, "/sparql?" + urlencode([*kept, ("format", alias)])) for alias, label in DOWNLOADS[kind]]


# YASGUI, when `make install` has put it among the static files (server/static/sparql-editor.js uses it).
EDITOR_FILES = Path(__file__).resolve().parent / "static" / "vendor" / "yasgui"


@cache
def editor_installed() -> bool:
    """Whether `make install` put YASGUI among the static files (looked at once, not on every page)."""
    return (EDITOR_FILES / "yasgui.min.js").exists()


def editor_config(terms: Collection[str], run: bool) -> Markup:
    """What the query editor completes from (the predeclared prefixes, this dataset's terms) and whether it
    runs the query at once, as JSON safe inside a <script> element."""
    known = sorted(terms)
    return json_in_script({"endpoint": "/sparql", "prefixes": PREDECLARED, "terms": known, "run": run})


def render_page(templates: jinja2.Environment, *, query: str, max_rows: int, results: Results | None = None,
                downloads: Sequence[tuple[str, str]] = (), elapsed_ms: float | None = None,
                default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (), notes: Sequence[str] = (),
                error: str | None = None, error_line: int | None = None, error_column: int | None = None,
                terms: Collection[str] = ()) -> str:
    """The query page; with ``error``, the query that failed stays in the editor and the problem is shown
    above it (``error_line`` and ``error_column`` place it); ``notes`` warn of terms that match nothing;
    ``terms`` are what the editor completes."""
    editor = editor_installed()
    return templates.get_template("sparql.html").render(
        editor=editor, editor_config=editor_config(terms, results is not None) if editor else None,
        title="SPARQL query", query=query, max_rows=max_rows, examples=EXAMPLES, results=results, downloads=downloads,
        elapsed_ms=elapsed_ms, default_graphs=default_graphs, named_graphs=named_graphs, notes=notes, error=error,
        error_line=error_line, error_column=error_column, predeclared=PREDECLARED,
        example_links=[(e, "/sparql?" + urlencode({"query": e.query})) for e in EXAMPLES],
    )


SH = "http://www.w3.org/ns/shacl#"
EXAMPLES_PATH = "/.well-known/sparql-examples"


def _slug(title: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())


def examples_graph(base: str) -> Graph:
    """The example queries as a catalogue: SHACL SPARQL executables (https://www.w3.org/TR/shacl/#sparql-prefixes),
    as the SIB sparql-examples collections publish them, each with its target endpoint."""
    graph = Graph()
    sh, rdfs, target = Namespace(SH), RDFS, URIRef("https://schema.org/target")
    graph.bind("sh", sh)
    graph.bind("rdfs", rdfs)
    catalogue = URIRef(f"{base}{EXAMPLES_PATH[1:]}")
    prefixes = URIRef(f"{catalogue}#prefixes")
    for name, iri in PREDECLARED.items():
        declaration = BNode()
        graph.add((prefixes, sh.declare, declaration))
        graph.add((declaration, sh.prefix, Literal(name)))
        graph.add((declaration, sh.namespace, Literal(iri, datatype=XSD.anyURI)))
    for example in EXAMPLES:
        node = URIRef(f"{catalogue}#{_slug(example.title)}")
        form = read_query(example.query).form or "SELECT"
        graph.add((node, RDF.type, sh.SPARQLExecutable))
        graph.add((node, RDF.type, sh[f"SPARQL{form.title()}Executable"]))
        graph.add((node, rdfs.label, Literal(example.title, lang="en")))
        graph.add((node, rdfs.comment, Literal(example.description, lang="en")))
        graph.add((node, sh[form.lower()], Literal(example.query)))
        graph.add((node, sh.prefixes, prefixes))
        graph.add((node, target, URIRef(f"{base}sparql")))
    return graph
