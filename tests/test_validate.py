"""The SHACL gate (graphbuild/validate.py) against hand-made article graphs (docs/data-model.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH

from graphbuild.emit import END_BOUNDS, EVENT_CLASS, _add_date_bounds
from graphbuild.validate import Problem, Report, _problems, load_shapes, validate_graph
from graphbuild.vocab import NG, ORG, PROV, SDO

# A plain Namespace: pytest probes module attributes, and rdflib's XSD warns on unknown names.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
BASE = "http://127.0.0.1:8000/id/"
ARTICLE = URIRef(BASE + "article/leaders-meet")
PERSON = URIRef(BASE + "person/rossana-cambron")
ORGANISATION = URIRef(BASE + "organisation/communist-party-usa")
MEMBERSHIP = URIRef(BASE + "membership/rossana-cambron-national-co-chair-communist-party-usa")
STATEMENT = URIRef(BASE + "statement/rossana-cambron-we-share")
EVENT = URIRef(BASE + "event/cpc-cpusa-meeting")
MENTION = URIRef(str(ARTICLE) + "#m0-15")

# A tiny article that exercises every class of the data model. Offsets index the body:
# "Rossana Cambron" is body[0:15]; the quote's words are body[43:65].
VALID_ARTICLE = """
@prefix schema: <http://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ng: <https://w3id.org/newsgraph/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix article: <http://127.0.0.1:8000/id/article/> .
@prefix person: <http://127.0.0.1:8000/id/person/> .
@prefix organisation: <http://127.0.0.1:8000/id/organisation/> .
@prefix place: <http://127.0.0.1:8000/id/place/> .
@prefix membership: <http://127.0.0.1:8000/id/membership/> .
@prefix role: <http://127.0.0.1:8000/id/role/> .
@prefix statement: <http://127.0.0.1:8000/id/statement/> .
@prefix event: <http://127.0.0.1:8000/id/event/> .

article:leaders-meet a schema:NewsArticle ;
    schema:headline "Party leaders meet in Beijing" ;
    schema:datePublished "2021-03-19"^^xsd:date ;
    schema:author person:rossana-cambron ;
    schema:url <http://example.org/news/leaders-meet> ;
    schema:articleBody "Rossana Cambron, national co-chair, said: \\"We share a commitment.\\" in Beijing." ;
    schema:mentions person:rossana-cambron, organisation:communist-party-usa, place:beijing ;
    ng:contentHash "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" ;
    ng:extractorVersion "0.1.0" ;
    ng:sourceName "2021-03-19-leaders-meet.txt" .

<http://127.0.0.1:8000/id/article/leaders-meet#m0-15> a ng:Mention ;
    ng:mentionOf person:rossana-cambron ;
    ng:inArticle article:leaders-meet ;
    ng:startOffset 0 ; ng:endOffset 15 ;
    ng:anchorText "Rossana Cambron" .

person:rossana-cambron a schema:Person ;
    schema:name "Rossana Cambron" ; schema:alternateName "Rossana" .
organisation:communist-party-usa a schema:Organization ;
    schema:name "Communist Party USA" ; schema:alternateName "CPUSA" .
place:beijing a schema:Place ; schema:name "Beijing" .

membership:rossana-cambron-national-co-chair-communist-party-usa a org:Membership ;
    org:member person:rossana-cambron ;
    org:organization organisation:communist-party-usa ;
    org:role role:national-co-chair ;
    prov:wasDerivedFrom article:leaders-meet ;
    ng:attestedOn "2021-03-19"^^xsd:date ;
    ng:startDate "2020-01-13"^^xsd:date ;
    ng:earliestDate "2020-01-13"^^xsd:date ; ng:latestDate "2020-01-13"^^xsd:date ; ng:datePrecision "day" .
role:national-co-chair a org:Role ; skos:prefLabel "national co-chair" .

statement:rossana-cambron-we-share a schema:Quotation ;
    schema:text "We share a commitment." ;
    schema:creator person:rossana-cambron ;
    schema:isPartOf article:leaders-meet ;
    ng:startOffset 43 ; ng:endOffset 65 ; ng:cue "said" ; ng:confidence 0.9 ;
    ng:atEvent event:cpc-cpusa-meeting .

event:cpc-cpusa-meeting a schema:Event, ng:Meeting ;
    schema:name "Meeting of CPC and CPUSA leaders" ;
    schema:startDate "2021-03-10"^^xsd:date ;
    ng:earliestDate "2021-03-10"^^xsd:date ; ng:latestDate "2021-03-10"^^xsd:date ; ng:datePrecision "day" ;
    schema:location place:beijing ;
    schema:organizer organisation:communist-party-usa ;
    schema:attendee person:rossana-cambron ;
    prov:wasDerivedFrom article:leaders-meet .
"""


def valid_article() -> Graph:
    """A fresh copy for each test, so one test's edits never leak into another."""
    return Graph().parse(data=VALID_ARTICLE, format="turtle")


def problems_at(report: Report, focus: str, path: str | None) -> list[Problem]:
    return [p for p in report.problems if p.focus == focus and p.path == path]


def assert_rejected(graph: Graph, focus: str, path: str | None) -> Problem:
    report = validate_graph(graph)
    assert not report.conforms
    found = problems_at(report, focus, path)
    assert found, f"no problem at focus {focus} path {path}; got:\n{report.text()}"
    assert found[0].message and found[0].severity == "Violation"
    return found[0]


def show(iri: URIRef) -> str:
    return f"<{iri}>"


# -- the fixture itself -----------------------------------------------------------------------


def test_fixture_offsets_index_the_article_body() -> None:
    graph = valid_article()
    body = str(graph.value(ARTICLE, SDO.articleBody))
    assert body[0:15] == str(graph.value(MENTION, NG.anchorText))
    assert body[43:65] == str(graph.value(STATEMENT, SDO.text))


def test_valid_article_conforms() -> None:
    report = validate_graph(valid_article())
    assert report.conforms, report.text()
    assert report.problems == ()
    assert report.text() == ""


# -- articles ---------------------------------------------------------------------------------


def test_article_without_headline_is_rejected() -> None:
    graph = valid_article()
    graph.remove((ARTICLE, SDO.headline, None))
    problem = assert_rejected(graph, show(ARTICLE), "schema:headline")
    assert "schema:headline" in problem.message


def test_article_with_empty_headline_is_rejected() -> None:
    graph = valid_article()
    graph.set((ARTICLE, SDO.headline, Literal("")))
    assert_rejected(graph, show(ARTICLE), "schema:headline")


@pytest.mark.parametrize(
    ("lexical", "datatype"),
    [
        ("2021-03-19", None),
        ("2021-03-19T10:00:00", XSD.dateTime),
        ("2021-02-30", XSD.date),  # ill-typed: there is no 30 February
    ],
    ids=["plain-string", "datetime", "ill-typed-date"],
)
def test_article_date_published_must_be_a_valid_xsd_date(lexical: str, datatype: URIRef | None) -> None:
    graph = valid_article()
    graph.set((ARTICLE, SDO.datePublished, Literal(lexical, datatype=datatype)))
    assert_rejected(graph, show(ARTICLE), "schema:datePublished")


def test_article_without_date_published_conforms() -> None:
    graph = valid_article()
    graph.remove((ARTICLE, SDO.datePublished, None))
    graph.remove((MEMBERSHIP, NG.attestedOn, None))
    assert validate_graph(graph).conforms


def test_article_url_must_be_an_iri() -> None:
    graph = valid_article()
    graph.set((ARTICLE, SDO.url, Literal("http://example.org/news/leaders-meet")))
    assert_rejected(graph, show(ARTICLE), "schema:url")


@pytest.mark.parametrize("url", ["not an address", "ftp://example.org/news", "http://example.org/a b"])
def test_article_url_must_be_an_http_address_without_spaces(url: str) -> None:
    graph = valid_article()
    graph.set((ARTICLE, SDO.url, URIRef(url)))
    problem = assert_rejected(graph, show(ARTICLE), "schema:url")
    assert "http(s)" in problem.message


def test_article_content_hash_must_be_sha256_hex() -> None:
    graph = valid_article()
    graph.set((ARTICLE, NG.contentHash, Literal("not-a-hash")))
    assert_rejected(graph, show(ARTICLE), "ng:contentHash")


def test_article_named_by_a_blank_node_is_rejected() -> None:
    graph = Graph()
    node = BNode()
    for p, o in valid_article().predicate_objects(ARTICLE):
        graph.add((node, p, o))
    report = validate_graph(graph)
    assert any(p.path is None and p.focus == node.n3() for p in report.problems), report.text()


# -- mentions ---------------------------------------------------------------------------------


def test_mention_with_negative_offset_is_rejected() -> None:
    graph = valid_article()
    graph.set((MENTION, NG.startOffset, Literal(-1)))
    problem = assert_rejected(graph, show(MENTION), "ng:startOffset")
    assert ">= 0" in problem.message


def test_mention_ending_before_it_starts_is_rejected() -> None:
    graph = valid_article()
    graph.set((MENTION, NG.startOffset, Literal(15)))
    graph.set((MENTION, NG.endOffset, Literal(15)))
    problem = assert_rejected(graph, show(MENTION), "ng:startOffset")
    assert "less than ng:endOffset" in problem.message


def test_mention_offset_as_string_is_rejected() -> None:
    graph = valid_article()
    graph.set((MENTION, NG.endOffset, Literal("15")))
    assert_rejected(graph, show(MENTION), "ng:endOffset")


def test_mention_of_an_untyped_node_is_rejected() -> None:
    graph = valid_article()
    graph.set((MENTION, NG.mentionOf, URIRef(BASE + "person/nobody-typed")))
    assert_rejected(graph, show(MENTION), "ng:mentionOf")


# -- statements -------------------------------------------------------------------------------


def test_quotation_without_creator_is_rejected() -> None:
    graph = valid_article()
    graph.remove((STATEMENT, SDO.creator, None))
    problem = assert_rejected(graph, show(STATEMENT), "schema:creator")
    assert "speaker" in problem.message


def test_claim_is_checked_like_a_quotation() -> None:
    graph = valid_article()
    graph.remove((STATEMENT, RDF.type, SDO.Quotation))
    graph.add((STATEMENT, RDF.type, SDO.Claim))
    assert validate_graph(graph).conforms
    graph.remove((STATEMENT, SDO.text, None))
    assert_rejected(graph, show(STATEMENT), "schema:text")


def test_statement_creator_may_be_an_organisation() -> None:
    graph = valid_article()
    graph.set((STATEMENT, SDO.creator, ORGANISATION))
    assert validate_graph(graph).conforms


def test_a_speaker_with_a_further_type_is_still_a_person() -> None:
    graph = valid_article()
    speaker = graph.value(STATEMENT, SDO.creator)
    graph.add((speaker, RDF.type, PROV.Agent))
    assert validate_graph(graph).conforms


def test_statement_creator_must_be_a_person_or_organisation() -> None:
    graph = valid_article()
    graph.set((STATEMENT, SDO.creator, URIRef(BASE + "place/beijing")))
    assert_rejected(graph, show(STATEMENT), "schema:creator")


@pytest.mark.parametrize("confidence", [Literal(1.5), Literal("-0.1", datatype=XSD.decimal), Literal("high")])
def test_statement_confidence_is_between_0_and_1(confidence: Literal) -> None:
    graph = valid_article()
    graph.set((STATEMENT, NG.confidence, confidence))
    assert_rejected(graph, show(STATEMENT), "ng:confidence")


def test_statement_confidence_as_python_float_conforms() -> None:
    graph = valid_article()
    graph.set((STATEMENT, NG.confidence, Literal(0.75)))  # xsd:double
    assert validate_graph(graph).conforms


# -- memberships and roles --------------------------------------------------------------------


def test_membership_whose_member_is_not_a_person_is_rejected() -> None:
    graph = valid_article()
    graph.set((MEMBERSHIP, ORG.member, ORGANISATION))
    problem = assert_rejected(graph, show(MEMBERSHIP), "org:member")
    assert "schema:Person" in problem.message


def test_membership_without_organisation_conforms() -> None:
    """A bare occupation ("a lawyer") has a role but no organisation."""
    graph = valid_article()
    graph.remove((MEMBERSHIP, ORG.organization, None))
    assert validate_graph(graph).conforms


def test_membership_without_role_is_rejected() -> None:
    graph = valid_article()
    graph.remove((MEMBERSHIP, ORG.role, None))
    assert_rejected(graph, show(MEMBERSHIP), "org:role")


def test_role_without_label_is_rejected() -> None:
    graph = valid_article()
    role = URIRef(BASE + "role/national-co-chair")
    graph.remove((role, None, Literal("national co-chair")))
    assert_rejected(graph, show(role), "skos:prefLabel")


# -- events -----------------------------------------------------------------------------------


def test_meeting_without_schema_event_type_is_rejected() -> None:
    """No inference runs, so every ng: event class is targeted and must also state schema:Event."""
    graph = valid_article()
    graph.remove((EVENT, RDF.type, SDO.Event))
    problem = assert_rejected(graph, show(EVENT), "rdf:type")
    assert "schema:Event" in problem.message


@pytest.mark.parametrize("dropped", [NG.earliestDate, NG.latestDate, NG.datePrecision, NG.startDate])
def test_a_membership_start_comes_with_all_its_bounds_or_none(dropped: URIRef) -> None:
    graph = valid_article()
    graph.remove((MEMBERSHIP, dropped, None))
    problem = assert_rejected(graph, show(MEMBERSHIP), None)
    assert "comes with its ng:earliestDate, ng:latestDate and ng:datePrecision" in problem.message


@pytest.mark.parametrize("dropped", [NG.endEarliestDate, NG.endLatestDate, NG.endDatePrecision, NG.endDate])
def test_a_membership_end_comes_with_all_its_bounds_or_none(dropped: URIRef) -> None:
    graph = valid_article()
    graph.add((MEMBERSHIP, NG.endDate, Literal("2022-05", datatype=XSD.gYearMonth)))
    _add_date_bounds(graph, MEMBERSHIP, "2022-05", END_BOUNDS)
    assert validate_graph(graph).conforms
    assert graph.value(MEMBERSHIP, NG.endLatestDate) == Literal("2022-05-31", datatype=XSD.date)
    graph.remove((MEMBERSHIP, dropped, None))
    problem = assert_rejected(graph, show(MEMBERSHIP), None)
    assert "(ng:endEarliestDate, ng:endLatestDate and ng:endDatePrecision)" in problem.message


def test_a_membership_s_end_bounds_are_in_order_and_its_precision_known() -> None:
    graph = valid_article()
    graph.add((MEMBERSHIP, NG.endDate, Literal("2022", datatype=XSD.gYear)))
    _add_date_bounds(graph, MEMBERSHIP, "2022", END_BOUNDS)
    graph.set((MEMBERSHIP, NG.endEarliestDate, Literal("2023-01-01", datatype=XSD.date)))
    assert_rejected(graph, show(MEMBERSHIP), "ng:endEarliestDate")
    graph = valid_article()
    graph.set((MEMBERSHIP, NG.datePrecision, Literal("decade")))
    assert_rejected(graph, show(MEMBERSHIP), "ng:datePrecision")


@pytest.mark.parametrize(
    "start",
    [
        Literal("2021-03-10", datatype=XSD.date),
        Literal("2021-03", datatype=XSD.gYearMonth),
        Literal("2021", datatype=XSD.gYear),
    ],
    ids=["date", "gYearMonth", "gYear"],
)
def test_event_start_date_may_be_a_date_month_or_year(start: Literal) -> None:
    graph = valid_article()
    for bound in (NG.earliestDate, NG.latestDate, NG.datePrecision):
        graph.remove((EVENT, bound, None))
    graph.set((EVENT, SDO.startDate, start))
    _add_date_bounds(graph, EVENT, str(start))
    assert validate_graph(graph).conforms


@pytest.mark.parametrize("dropped", [NG.earliestDate, NG.latestDate, NG.datePrecision, SDO.startDate])
def test_an_event_date_comes_with_all_its_bounds_or_none(dropped: URIRef) -> None:
    graph = valid_article()
    graph.remove((EVENT, dropped, None))
    problem = assert_rejected(graph, show(EVENT), None)
    assert "comes with its ng:earliestDate, ng:latestDate and ng:datePrecision" in problem.message


def test_an_event_date_s_bounds_are_in_order_and_its_precision_known() -> None:
    graph = valid_article()
    graph.set((EVENT, NG.earliestDate, Literal("2021-03-11", datatype=XSD.date)))
    assert_rejected(graph, show(EVENT), "ng:earliestDate")
    graph = valid_article()
    graph.set((EVENT, NG.datePrecision, Literal("week")))
    assert_rejected(graph, show(EVENT), "ng:datePrecision")


@pytest.mark.parametrize(
    "start",
    [Literal("March 2021"), Literal("2021-03-10T09:00:00", datatype=XSD.dateTime)],
    ids=["string", "datetime"],
)
def test_event_start_date_of_another_type_is_rejected(start: Literal) -> None:
    graph = valid_article()
    graph.set((EVENT, SDO.startDate, start))
    assert_rejected(graph, show(EVENT), "schema:startDate")


def test_event_without_name_is_rejected() -> None:
    graph = valid_article()
    graph.remove((EVENT, SDO.name, None))
    assert_rejected(graph, show(EVENT), "schema:name")


# -- the report -------------------------------------------------------------------------------


def test_report_text_has_one_line_per_problem() -> None:
    graph = valid_article()
    graph.remove((ARTICLE, SDO.headline, None))
    graph.remove((STATEMENT, SDO.creator, None))
    report = validate_graph(graph)
    lines = report.text().splitlines()
    assert len(lines) == len(report.problems) == 2
    assert f"focus {show(ARTICLE)}: path schema:headline: An article needs exactly one" in report.text()
    assert all(re.match(r"focus \S+: path \S+: \S", line) for line in lines)


def test_warning_lines_are_marked_and_do_not_break_conformance() -> None:
    report = Report(conforms=True, problems=(Problem("ng:x", None, "odd", "Warning"),))
    assert report.text() == "warning: focus ng:x: odd"


# -- the shapes themselves ----------------------------------------------------------------------

EVENT_CLASSES = {SDO.Event} | set(EVENT_CLASS.values())  # every event class the emitter uses
SHAPE_TARGETS = {
    frozenset({SDO.NewsArticle}),
    frozenset({SDO.Person}),
    frozenset({SDO.Organization}),
    frozenset({SDO.Place}),
    frozenset({NG.Mention}),
    frozenset({ORG.Membership}),
    frozenset({ORG.Role}),
    frozenset({SDO.Quotation}),
    frozenset({SDO.Claim}),
    frozenset(EVENT_CLASSES),
    frozenset({NG.Participation}),
}


def test_load_shapes_is_cached() -> None:
    assert load_shapes() is load_shapes()


def test_one_node_shape_per_class_of_the_data_model() -> None:
    shapes = load_shapes()
    # the shapes a link points at (sh:node ngsh:PersonOrOrganization) target nothing themselves
    node_shapes = [s for s in shapes.subjects(RDF.type, SH.NodeShape) if (s, SH.targetClass, None) in shapes]
    targets = {frozenset(shapes.objects(shape, SH.targetClass)) for shape in node_shapes}
    assert len(node_shapes) == len(SHAPE_TARGETS)
    assert targets == SHAPE_TARGETS


def test_every_shape_reads_well_in_a_report() -> None:
    shapes = load_shapes()
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert shapes.value(node_shape, SH.name) is not None, node_shape
        assert shapes.value(node_shape, SH.description) is not None, node_shape
        assert shapes.value(node_shape, SH.message) is not None, node_shape
        for property_shape in shapes.objects(node_shape, SH.property):
            assert shapes.value(property_shape, SH.message) is not None, (node_shape, property_shape)


def test_shapes_are_valid_shacl() -> None:
    """Check the shapes graph against the SHACL-for-SHACL shapes (https://www.w3.org/TR/shacl/#shacl-shacl)."""
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=load_shapes(), meta_shacl=True)
    assert conforms, text


def test_shapes_use_core_constraints_only() -> None:
    shapes = load_shapes()
    assert not list(shapes.subjects(SH.sparql, None)), "SPARQL constraints slow the gate down"


# -- docs/architecture.md stays true to the model ----------------------------------------------

ARCHITECTURE = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"


def sparql_examples() -> list[str]:
    return re.findall(r"```sparql\n(.*?)```", ARCHITECTURE.read_text(encoding="utf-8"), flags=re.S)


def test_architecture_has_sparql_examples() -> None:
    assert len(sparql_examples()) >= 3


@pytest.mark.parametrize("query", sparql_examples())
def test_architecture_sparql_example_answers_on_the_valid_article(query: str) -> None:
    rows = list(valid_article().query(query))
    assert rows, query


def test_validation_leaves_the_cached_shapes_unchanged() -> None:
    before = len(load_shapes())
    validate_graph(valid_article())
    assert len(load_shapes()) == before


def test_complex_result_paths_read_like_sparql_paths() -> None:
    """Property paths (https://www.w3.org/TR/shacl/#property-paths) shown with prefixed names."""
    results = Graph().parse(
        format="turtle",
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix schema: <http://schema.org/> .
        @prefix org: <http://www.w3.org/ns/org#> .
        [] a sh:ValidationResult ; sh:focusNode <http://127.0.0.1:8000/id/person/x> ;
           sh:resultPath ( [ sh:inversePath org:member ] [ sh:zeroOrMorePath org:role ] ) ;
           sh:resultSeverity sh:Warning ; sh:resultMessage "odd"@en .
        """,
    )
    (problem,) = _problems(results)
    assert problem == Problem(
        "<http://127.0.0.1:8000/id/person/x>", "^org:member/(org:role)*", "odd", "Warning"
    )


# -- the gate is pyshacl's own validation ------------------------------------------------------------
# validate_graph reuses one pyshacl ShapesGraph per process (graphbuild/validate.py); these compare it
# with a plain pyshacl.validate() call, on a valid graph and on graphs broken in several ways.
def _broken_graphs() -> list[Graph]:
    graphs = [valid_article()]
    for predicate, value in ((SDO.headline, Literal("")), (SDO.url, Literal("http://example.org/x")),
                             (SDO.datePublished, Literal("2021-02-30", datatype=XSD.date)),
                             (NG.contentHash, Literal("not-a-hash"))):
        graph = valid_article()
        graph.set((ARTICLE, predicate, value))
        graphs.append(graph)
    graph = valid_article()
    graph.remove((MENTION, NG.startOffset, None))
    graphs.append(graph)
    return graphs


@pytest.mark.parametrize("number", range(6))
def test_the_gate_reports_what_plain_pyshacl_reports(number: int) -> None:
    graph = _broken_graphs()[number]
    conforms, results, _ = pyshacl.validate(graph, shacl_graph=load_shapes(), inference="none", advanced=False,
                                            allow_warnings=True)
    report = validate_graph(graph)
    assert report.conforms == conforms
    assert isinstance(results, Graph)
    assert sorted(p.line() for p in report.problems) == sorted(p.line() for p in _problems(results))
    assert report.conforms or report.problems
