"""Emit one article's Extraction as RDF, following the data model in docs/data-model.md."""

from __future__ import annotations

import calendar
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, SKOS, XSD

from . import __version__
from .curation import Curation
from .extract.gazetteer import GEONAMES
from .invisible import strip_invisible
from .iris import EntityType, article_iri, mention_iri, mint, mint_fact
from .model import Entity, Event, Extraction, Role, Statement
from .vocab import NG, ORG, PREFIXES, SDO

ENTITY_CLASS = {"person": SDO.Person, "organisation": SDO.Organization, "place": SDO.Place}
ENTITY_PATH: dict[str, EntityType] = {"person": "person", "organisation": "organisation", "place": "place"}
EVENT_CLASS = {
    "meeting": NG.Meeting, "visit": NG.Visit, "talks": NG.Talks, "conference": NG.Conference,
    "convention": NG.Convention, "election": NG.Election, "appointment": NG.Appointment,
    "anniversary": NG.Anniversary, "founding": NG.Founding,
}  # fmt: skip
VERSION = Literal(__version__)


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def entity_iri(base: str, entity: Entity) -> URIRef:
    return mint(base, ENTITY_PATH[entity.kind], entity.name)


class Naming:
    """Entity IRIs and names of one article, after the editor's curation (merges, splits, labels)."""

    def __init__(self, base: str, article: URIRef, curation: Curation) -> None:
        self.base, self.article, self.curation = base, article, curation

    def __call__(self, entity: Entity) -> URIRef:
        return self.curation.resolve(entity_iri(self.base, entity), self.article)


def iri_of(extraction: Extraction, base: str) -> URIRef:
    art = extraction.article
    return article_iri(base, art.headline, art.date_published)


def date_literal(iso: str) -> Literal:
    """An ISO date at the precision given: YYYY-MM-DD, YYYY-MM or YYYY."""
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(iso)]
    return Literal(iso, datatype=datatype)


PRECISION = {10: "day", 7: "month", 4: "year"}


def date_bounds(iso: str) -> tuple[str, str]:
    """The first and the last day (YYYY-MM-DD) of an ISO date at its precision: "2024" is 2024-01-01 to
    2024-12-31, "2024-02" is 2024-02-01 to 2024-02-29, a day is itself."""
    if len(iso) == 10:
        return iso, iso
    if len(iso) == 7:
        year, month = int(iso[:4]), int(iso[5:])
        return f"{iso}-01", f"{iso}-{calendar.monthrange(year, month)[1]:02d}"
    return f"{iso}-01-01", f"{iso}-12-31"


START_BOUNDS = (NG.earliestDate, NG.latestDate, NG.datePrecision)  # of an event's or a membership's start date
END_BOUNDS = (NG.endEarliestDate, NG.endLatestDate, NG.endDatePrecision)  # of a membership's ng:endDate


def _add_date_bounds(graph: Graph, node: URIRef, iso: str, predicates: tuple[URIRef, ...] = START_BOUNDS) -> None:
    """What makes any date findable with one xsd:date range filter, whatever its precision: the first and
    the last day it may mean, and its precision."""
    earliest, latest = date_bounds(iso)
    first, last, precision = predicates
    graph.add((node, first, Literal(earliest, datatype=XSD.date)))
    graph.add((node, last, Literal(latest, datatype=XSD.date)))
    graph.add((node, precision, Literal(PRECISION[len(iso)])))


def canonical_decimal(value: float) -> Decimal:
    """A confidence rounded to three places in xsd:decimal's canonical form ("0.8", not "0.800"),
    so the graph ``extract`` prints is the graph the store gives back."""
    return Decimal(f"{value:.3f}").normalize() + Decimal("0.0")


def _add_span(graph: Graph, node: URIRef, start: int, end: int, confidence: float | None = None) -> None:
    graph.add((node, NG.startOffset, Literal(start)))
    graph.add((node, NG.endOffset, Literal(end)))
    graph.add((node, NG.extractorVersion, VERSION))
    if confidence is not None:
        # A Decimal, not a float: a float value under xsd:decimal is ill-typed for SHACL's sh:datatype.
        graph.add((node, NG.confidence, Literal(canonical_decimal(confidence), datatype=XSD.decimal)))


def _add_entity(graph: Graph, naming: Naming, entity: Entity) -> URIRef:
    node = naming(entity)
    name = strip_invisible(naming.curation.name(node) or entity.name)
    graph.add((node, RDF.type, ENTITY_CLASS[entity.kind]))
    graph.add((node, SDO.name, Literal(name)))
    for alias in sorted({strip_invisible(a) for a in entity.aliases | {entity.name}} - {name, ""}):
        graph.add((node, SDO.alternateName, Literal(alias)))
    if entity.parent is not None:
        graph.add((node, SDO.parentOrganization, naming(entity.parent)))
    if entity.geonames is not None:
        graph.add((node, OWL.sameAs, URIRef(GEONAMES.format(entity.geonames))))
    return node


def _add_article(graph: Graph, node: URIRef, extraction: Extraction, build_key: str | None) -> None:
    art = extraction.article
    graph.add((node, RDF.type, SDO.NewsArticle))
    graph.add((node, SDO.headline, Literal(strip_invisible(art.headline))))
    graph.add((node, SDO.articleBody, Literal(art.text)))
    if art.date_published:
        graph.add((node, SDO.datePublished, Literal(art.date_published.isoformat(), datatype=XSD.date)))
    if art.url:
        graph.add((node, SDO.url, URIRef(art.url)))
    graph.add((node, NG.contentHash, Literal(build_key or art.content_hash)))
    graph.add((node, NG.extractorVersion, VERSION))
    graph.add((node, NG.sourceName, Literal(art.source.rsplit("/", 1)[-1])))


def _add_mentions(graph: Graph, article: URIRef, node: URIRef, entity: Entity) -> None:
    if entity.mentions:
        graph.add((article, SDO.mentions, node))
    for m in entity.mentions:
        mention = mention_iri(article, m.start, m.end)
        graph.add((mention, RDF.type, NG.Mention))
        graph.add((mention, NG.mentionOf, node))
        graph.add((mention, NG.inArticle, article))
        graph.add((mention, NG.anchorText, Literal(m.text)))
        _add_span(graph, mention, m.start, m.end)


def role_label(title: str) -> str:
    """The shared org:Role's label: lower case, but acronyms kept ("interim CEO", "chairman")."""
    return " ".join(w if len(w) > 1 and w.isupper() else w.lower() for w in title.split())


def _add_role(graph: Graph, naming: Naming, extraction: Extraction, role: Role) -> None:
    base, article = naming.base, naming.article
    org_name = role.organisation.name if role.organisation else ""
    membership = mint_fact(
        base,
        "membership",
        f"{role.person.name} {role.title} {org_name}",
        f"{article} {role.start} {role.end} {role.person.name} {role.title} {org_name}",
    )
    label = role_label(role.title)
    role_node = mint(base, "role", label)
    graph.add((role_node, RDF.type, ORG.Role))
    graph.add((role_node, SKOS.prefLabel, Literal(strip_invisible(label))))
    graph.add((membership, RDF.type, ORG.Membership))
    graph.add((membership, ORG.member, naming(role.person)))
    if role.organisation is not None:
        graph.add((membership, ORG.organization, naming(role.organisation)))
    graph.add((membership, ORG.role, role_node))
    graph.add((membership, SKOS.prefLabel, Literal(strip_invisible(role.title))))
    graph.add((membership, PROV.wasDerivedFrom, article))
    if extraction.article.date_published:
        graph.add(
            (membership, NG.attestedOn, Literal(extraction.article.date_published.isoformat(), datatype=XSD.date))
        )
    if role.effective:
        graph.add((membership, NG.startDate, date_literal(role.effective)))
        _add_date_bounds(graph, membership, role.effective)
    if role.ended:
        graph.add((membership, NG.endDate, date_literal(role.ended)))
        _add_date_bounds(graph, membership, role.ended, END_BOUNDS)
    if role.former:
        graph.add((membership, NG.former, Literal(True)))
    _add_span(graph, membership, role.start, role.end, role.confidence)


def _add_statement(graph: Graph, naming: Naming, statement: Statement, main_event: URIRef | None) -> None:
    base, article = naming.base, naming.article
    node = mint_fact(
        base,
        "statement",
        f"{statement.speaker.name} {statement.text[:40]}",
        f"{article} {statement.start} {statement.end}",
    )
    graph.add((node, RDF.type, SDO.Quotation if statement.kind == "direct" else SDO.Claim))
    graph.add((node, SDO.text, Literal(statement.text)))
    graph.add((node, SDO.creator, naming(statement.speaker)))
    graph.add((node, SDO.isPartOf, article))
    if statement.cue:
        graph.add((node, NG.cue, Literal(statement.cue)))
    if statement.at_main_event and main_event is not None:
        graph.add((node, NG.atEvent, main_event))
    _add_span(graph, node, statement.start, statement.end, statement.confidence)


def event_iri(base: str, article: URIRef, event: Event) -> URIRef:
    return mint_fact(base, "event", event.name, f"{article} {event.kind} {event.start} {event.end}")


def _add_event(graph: Graph, naming: Naming, event: Event) -> URIRef:
    article = naming.article
    node = event_iri(naming.base, article, event)
    graph.add((node, RDF.type, SDO.Event))
    if event.kind in EVENT_CLASS:
        graph.add((node, RDF.type, EVENT_CLASS[event.kind]))
    graph.add((node, SDO.name, Literal(strip_invisible(event.name))))
    if event.date:
        graph.add((node, SDO.startDate, date_literal(event.date)))
        _add_date_bounds(graph, node, event.date)
    if event.place is not None:
        graph.add((node, SDO.location, naming(event.place)))
    graph.add((node, PROV.wasDerivedFrom, article))
    if event.main:
        graph.add((article, SDO.about, node))
    for p in event.participants:
        agent = naming(p.agent)
        graph.add((node, SDO.organizer if p.as_organiser else SDO.attendee, agent))
        participation = URIRef(f"{node}#p{p.start}-{p.end}-{agent.rsplit('/', 1)[-1]}")
        graph.add((participation, RDF.type, NG.Participation))
        graph.add((participation, NG.participant, agent))
        graph.add((participation, NG.participationIn, node))
        _add_span(graph, participation, p.start, p.end, event.confidence)
    _add_span(graph, node, event.start, event.end, event.confidence)
    return node


def to_graph(
    extraction: Extraction, base: str, curation: Curation | None = None, build_key: str | None = None
) -> tuple[URIRef, Graph]:
    """The article's named-graph IRI and its graph; ``build_key`` is stored as its ng:contentHash."""
    graph = new_graph()
    article = iri_of(extraction, base)
    naming = Naming(base, article, curation or Curation())
    _add_article(graph, article, extraction, build_key)
    for entity in extraction.entities:
        _add_mentions(graph, article, _add_entity(graph, naming, entity), entity)
    for author in extraction.authors:
        graph.add((article, SDO.author, _add_entity(graph, naming, author)))
    if extraction.publisher is not None:
        graph.add((article, SDO.publisher, _add_entity(graph, naming, extraction.publisher)))
    main_event = None
    for event in extraction.events:
        node = _add_event(graph, naming, event)
        if event.main:
            main_event = node
    for role in extraction.roles:
        _add_role(graph, naming, extraction, role)
    for statement in extraction.statements:
        _add_statement(graph, naming, statement, main_event)
    return article, graph
