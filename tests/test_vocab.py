"""The published vocabulary (ontology/newsgraph.ttl) matches the code, the data model and the context."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graphbuild.emit import EVENT_CLASS
from graphbuild.vocab import NG, ORG, PREFIXES, PROV, SDO

# A plain Namespace: pytest probes module attributes, and rdflib's XSD warns on unknown names.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "newsgraph.ttl"
CONTEXT = ROOT / "ontology" / "context.jsonld"
DATA_MODEL = ROOT / "docs" / "data-model.md"
CODE_DIRS = [ROOT / "graphbuild", ROOT / "server"]
ONTOLOGY_IRI = URIRef(str(NG).rstrip("#"))

# NG.word, NG["word"] and NG.term("word") all name the term "word".
NG_USE = re.compile(
    r"""\bNG(?:\.(?!term\b)(\w+)|\[\s*["']([^"']+)["']\s*\]|\.term\(\s*["']([^"']+)["']\s*\))"""
)
DEFINING_TYPES = {OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property}


@cache
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def defined_terms() -> set[URIRef]:
    graph = ontology()
    return {
        term
        for kind in DEFINING_TYPES
        for term in graph.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and term.startswith(str(NG))
    }


def terms_used_in_code() -> dict[str, set[Path]]:
    used: dict[str, set[Path]] = {}
    for folder in CODE_DIRS:
        for source in sorted(folder.rglob("*.py")):
            for match in NG_USE.finditer(source.read_text(encoding="utf-8")):
                word = next(group for group in match.groups() if group)
                used.setdefault(word, set()).add(source.relative_to(ROOT))
    return used


def english(graph: Graph, term: URIRef, predicate: URIRef) -> list[Literal]:
    return [
        o for o in graph.objects(term, predicate) if isinstance(o, Literal) and o.language in (None, "en")
    ]


# -- the code uses only defined terms -------------------------------------------------------------


def test_the_scan_finds_every_spelling_of_an_ng_term() -> None:
    text = 'NG.mentionOf, NG["inArticle"], NG[ \'cue\' ], NG.term("atEvent")'
    words = {next(g for g in m.groups() if g) for m in NG_USE.finditer(text)}
    assert words == {"mentionOf", "inArticle", "cue", "atEvent"}


def test_every_ng_term_the_code_uses_is_defined_with_label_and_comment() -> None:
    graph, defined = ontology(), defined_terms()
    missing = {
        word: sorted(map(str, files))
        for word, files in terms_used_in_code().items()
        if NG[word] not in defined
        or not english(graph, NG[word], RDFS.label)
        or not english(graph, NG[word], RDFS.comment)
    }
    assert not missing, f"ng: terms used in code but not defined in {ONTOLOGY.name}: {missing}"


def test_code_never_names_an_ng_term_that_is_a_str_method() -> None:
    """NG.title would be str.title, not an IRI: such a term must be written NG["title"]."""
    shadowed = {word for word in terms_used_in_code() if hasattr(Namespace, word)}
    assert not shadowed


def test_every_ng_term_of_the_data_model_is_defined() -> None:
    words = set(re.findall(r"\bng:(\w+)", DATA_MODEL.read_text(encoding="utf-8")))
    assert words, "the data model names no ng: term?"
    undefined = sorted(word for word in words if NG[word] not in defined_terms())
    assert not undefined


# -- the ontology itself ----------------------------------------------------------------------------


def test_ontology_header() -> None:
    graph = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert english(graph, ONTOLOGY_IRI, RDFS.label) and english(graph, ONTOLOGY_IRI, RDFS.comment)
    assert graph.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert not list(graph.objects(ONTOLOGY_IRI, OWL.imports))
    comment = str(graph.value(ONTOLOGY_IRI, RDFS.comment))
    for reused in ("schema.org", "ORG", "PROV-O", "SKOS"):
        assert reused in comment


def test_ontology_namespace_matches_the_code() -> None:
    vann = Namespace("http://purl.org/vocab/vann/")
    assert str(ontology().value(ONTOLOGY_IRI, vann.preferredNamespaceUri)) == str(NG)
    assert str(ontology().value(ONTOLOGY_IRI, vann.preferredNamespacePrefix)) == "ng"


def test_every_defined_term_has_label_comment_and_example() -> None:
    graph = ontology()
    incomplete = sorted(
        str(term)
        for term in defined_terms()
        if not english(graph, term, RDFS.label)
        or not english(graph, term, RDFS.comment)
        or graph.value(term, SKOS.example) is None
    )
    assert not incomplete


def test_ontology_defines_only_ng_terms() -> None:
    """Reused vocabularies are referenced, never redefined."""
    graph = ontology()
    foreign = {
        term
        for kind in DEFINING_TYPES
        for term in graph.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and not term.startswith(str(NG))
    }
    assert not foreign


def test_event_classes_are_subclasses_of_schema_event() -> None:
    graph = ontology()
    for cls in EVENT_CLASS.values():  # every event class the emitter uses
        assert (cls, RDFS.subClassOf, SDO.Event) in graph, cls


def test_offsets_are_integers() -> None:
    for term in (NG.startOffset, NG.endOffset):
        assert ontology().value(term, RDFS.range) == XSD.integer


# -- the JSON-LD context ----------------------------------------------------------------------------


def context() -> dict[str, object]:
    document = json.loads(CONTEXT.read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict)
    return document["@context"]  # type: ignore[no-any-return]


def test_context_prefixes_match_the_code() -> None:
    ctx = context()
    for prefix in ("schema", "org", "prov", "skos", "ng", "xsd"):
        assert ctx[prefix] == str(PREFIXES[prefix]), prefix


def test_context_terms_name_defined_ng_terms() -> None:
    defined = defined_terms()
    for term, definition in context().items():
        iri = definition["@id"] if isinstance(definition, dict) else definition
        if isinstance(iri, str) and iri.startswith("ng:"):
            assert NG[iri[3:]] in defined, term


def sample_graph() -> Graph:
    article = URIRef("http://127.0.0.1:8000/id/article/leaders-meet")
    person = URIRef("http://127.0.0.1:8000/id/person/rossana-cambron")
    mention = URIRef(f"{article}#m0-15")
    membership = URIRef("http://127.0.0.1:8000/id/membership/rossana-cambron-national-co-chair")
    statement = URIRef("http://127.0.0.1:8000/id/statement/rossana-cambron-we-share")
    event = URIRef("http://127.0.0.1:8000/id/event/cpc-cpusa-meeting")
    graph = Graph()
    graph.add((article, RDF.type, SDO.NewsArticle))
    graph.add((article, SDO.headline, Literal("Party leaders meet")))
    graph.add((article, SDO.datePublished, Literal("2021-03-19", datatype=XSD.date)))
    graph.add((article, SDO.mentions, person))
    graph.add((article, SDO.url, URIRef("http://example.org/news/1")))
    graph.add((person, RDF.type, SDO.Person))
    graph.add((person, SDO.name, Literal("Rossana Cambron")))
    graph.add((mention, RDF.type, NG.Mention))
    graph.add((mention, NG.mentionOf, person))
    graph.add((mention, NG.inArticle, article))
    graph.add((mention, NG.startOffset, Literal(0)))
    graph.add((mention, NG.endOffset, Literal(15)))
    graph.add((membership, RDF.type, ORG.Membership))
    graph.add((membership, ORG.member, person))
    graph.add((membership, PROV.wasDerivedFrom, article))
    graph.add((membership, NG.attestedOn, Literal("2021-03-19", datatype=XSD.date)))
    graph.add((statement, RDF.type, SDO.Quotation))
    graph.add((statement, SDO.text, Literal("We share a commitment.")))
    graph.add((statement, SDO.creator, person))
    graph.add((statement, SDO.isPartOf, article))
    graph.add((statement, NG.cue, Literal("said")))
    graph.add((statement, NG.confidence, Literal("0.9", datatype=XSD.decimal)))
    graph.add((statement, NG.atEvent, event))
    graph.add((event, RDF.type, SDO.Event))
    graph.add((event, RDF.type, NG.Meeting))
    graph.add((event, SDO.startDate, Literal("2021", datatype=XSD.gYear)))
    graph.add((event, SDO.attendee, person))
    return graph


# rdflib 7.6's JSON-LD parser builds a ConjunctiveGraph internally and warns about it itself.
RDFLIB_JSONLD_WARNING = "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"


@pytest.mark.filterwarnings(RDFLIB_JSONLD_WARNING)
def test_context_compacts_and_round_trips() -> None:
    graph = sample_graph()
    text = graph.serialize(format="json-ld", context=context(), auto_compact=True)
    nodes = json.loads(text)["@graph"]
    types = {
        kind for node in nodes for kind in ([node["type"]] if isinstance(node["type"], str) else node["type"])
    }
    assert types == {"NewsArticle", "Person", "Mention", "Membership", "Quotation", "Event", "Meeting"}
    keys = {key for node in nodes for key in node}
    assert not [key for key in keys if ":" in key], "a property the context has no short name for"
    assert isomorphic(graph, Graph().parse(data=text, format="json-ld"))


@pytest.mark.filterwarnings(RDFLIB_JSONLD_WARNING)
def test_document_using_the_context_by_reference_parses() -> None:
    document = {
        "@context": CONTEXT.as_uri(),
        "id": "http://127.0.0.1:8000/id/person/rossana-cambron",
        "type": "Person",
        "name": "Rossana Cambron",
    }
    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    person = URIRef("http://127.0.0.1:8000/id/person/rossana-cambron")
    assert (person, RDF.type, SDO.Person) in graph
    assert (person, SDO.name, Literal("Rossana Cambron")) in graph
