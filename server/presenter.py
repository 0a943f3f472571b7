"""What an entity page shows, read from the entity's description (the same triples the RDF formats
render): labels instead of raw IRIs, links to /page/..., the facts about the entity with their
provenance (article, span, sentence), and for an article its text with every span marked.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from graphbuild.iris import split_entity_iri
from graphbuild.vocab import NG, ORG, PREFIXES, PROV, RDF, SDO, SKOS

from .article_text import Piece, Span, highlight_rules, pieces
from .citation import ArticleSource, Citation
from .description import Description, Term
from .snippets import Snippet, sentence_around

LABEL_PREDICATES = (str(SDO.name), str(SKOS.prefLabel), str(SDO.headline), str(SDO.text))
HEADER_PREDICATES = frozenset({str(RDF.type), str(SDO.name), str(SDO.alternateName)})
ARTICLE_PREDICATES = frozenset({str(SDO.headline), str(SDO.datePublished), str(SDO.author), str(SDO.articleBody)})
MENTION_PREDICATES = frozenset({str(SDO.mentions), str(NG.mentionOf)})
STATEMENT_CLASSES = {str(SDO.Quotation): "Quotation", str(SDO.Claim): "Claim"}
LIST_LIMIT = 50  # rows per section of a page; the timeline and search page through the rest
ROLE_QUOTES = 12  # articles whose text a page reads to quote the sentences of its roles
MENTIONING_LIMIT = 20  # articles whose sentences a page quotes

S, O_, N_, P_, K_ = str(SDO), str(ORG), str(NG), str(PROV), str(SKOS)


@dataclass(frozen=True)
class Link:
    label: str
    href: str | None = None  # None for a literal, or a resource with nowhere to go


@dataclass(frozen=True)
class PropertyRow:
    predicate: str
    values: list[Link]


@dataclass(frozen=True)
class Mentioning:
    article: Link
    date: str | None
    snippets: list[Snippet]


@dataclass(frozen=True)
class FactSource:
    """The article a fact was read from, as a page cites it: a link, the span's anchor and the date."""

    article: Link
    span_href: str | None  # the article page at the fact's span
    date: str | None


def _one_per_sentence(found: list[tuple[int, Snippet]]) -> list[Snippet]:
    """The snippets in text order, one a sentence: the first mention in it (two mentions of one entity in one
    sentence would show the sentence twice)."""
    kept: dict[str, Snippet] = {}
    for _, snippet in sorted(found, key=lambda x: x[0]):
        kept.setdefault(snippet.before + snippet.mention + snippet.after, snippet)
    return list(kept.values())


@dataclass(frozen=True)
class RoleRow:
    member: Link
    role: Link
    organisation: Link | None
    first: str | None  # earliest date: a stated start date, else the earliest attestation
    last: str | None
    stated_start: bool
    sources: list[FactSource]
    facts: list[Link]  # the membership pages, each labelled with the date it was stated
    ended: str | None = None  # a stated end date (ng:endDate)
    former: bool = False  # the source says it is over (ng:former)
    sentence: Snippet | None = None  # the sentence that states it (the earliest statement's)


@dataclass(frozen=True)
class StatementRow:
    fact: Link
    kind: str
    text: str
    speaker: Link | None
    cue: str | None
    confidence: str | None
    source: FactSource | None
    sentence: Snippet | None
    event: Link | None


@dataclass(frozen=True)
class EventRow:
    fact: Link
    kinds: list[str]
    date: str | None
    place: Link | None
    relations: list[str]  # how the entity takes part: organizer, attendee, participant, location
    sources: list[Link]


@dataclass(frozen=True)
class FactItem:
    anchor: str | None  # None when the fact has no span
    kind: str
    summary: str
    fact: Link
    confidence: str | None


@dataclass(frozen=True)
class ArticleView:
    headline: str
    date: str | None
    authors: list[Link]
    url: str | None
    paragraphs: list[list[Piece]]
    facts: list[FactItem]
    mention_count: int
    highlight_selectors: list[str]
    metadata: list[tuple[str, str]]


@dataclass
class EntityView:
    iri: str
    kind: str
    name: str
    types: list[str]
    alternate_names: list[str]
    properties: list[PropertyRow]
    incoming: list[PropertyRow]
    mentioned_in: list[Mentioning] = field(default_factory=list)
    mentioned_total: int = 0
    roles: list[RoleRow] = field(default_factory=list)
    statements: list[StatementRow] = field(default_factory=list)
    statements_total: int = 0
    events: list[EventRow] = field(default_factory=list)
    events_total: int = 0
    parents: list[Link] = field(default_factory=list)
    children: list[Link] = field(default_factory=list)
    related: list[tuple[Link, int]] = field(default_factory=list)
    article: ArticleView | None = None
    statement: StatementRow | None = None
    membership: RoleRow | None = None
    event: dict[str, list[Link]] = field(default_factory=dict)
    event_date: str | None = None
    fact_sentence: Snippet | None = None  # a membership's span in its article
    page: int = 1  # of the description, when the resources linking to the entity fill several pages
    pages: int = 1
    links: int = 0  # resources linking to the entity, in all pages
    source: ArticleSource | None = None  # the article a statement or role was drawn from (``cite``)
    citation: Citation | None = None  # for an article, a statement or a role


def page_path(base: str, iri: str) -> str | None:
    """The /page/... path of an entity IRI minted under ``base`` (a fragment is dropped)."""
    parts = split_entity_iri(base, iri.split("#", 1)[0])
    return f"/page/{parts[0]}/{parts[1]}" if parts else None


_NAMESPACES = tuple((name, str(namespace)) for name, namespace in PREFIXES.items())


@lru_cache(maxsize=4096)  # the classes and properties of the vocabulary, called for on every row of a page
def curie(iri: str) -> str:
    for name, namespace in _NAMESPACES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{name}:{iri[len(namespace):]}"
    return iri


def fact_anchor(base: str, iri: str) -> str:
    """The element id of a fact's span on its article page: ``{kind}-{slug}`` (plus the fragment)."""
    main, _, fragment = iri.partition("#")
    parts = split_entity_iri(base, main)
    if parts is None:
        return "f-" + re.sub(r"[^a-z0-9]+", "-", iri.lower()).strip("-")[-60:]
    anchor = f"{parts[0]}-{parts[1]}" + (f"-{fragment}" if fragment else "")
    return re.sub(r"[^A-Za-z0-9_-]", "-", anchor)


def _integer(term: Term | None) -> int | None:
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None


class Presenter:
    """Reads one description for the templates."""

    def __init__(self, base: str, description: Description) -> None:
        self.base = base
        self.d = description
        self._links: dict[Term, Link] = {}  # a page links the same articles and people from many rows

    # -- labels and links ------------------------------------------------------------------------
    def label(self, node: Term) -> str:
        if isinstance(node, ox.Literal):
            return node.value
        by_predicate = self.d.out.get(node)
        if by_predicate:
            for predicate in LABEL_PREDICATES:
                found = by_predicate.get(predicate)
                if found:
                    return found[0].value
        iri = node.value
        if iri.startswith(f"{self.base}id/"):
            return iri[len(self.base) + 3:]  # "membership/some-slug" reads better than the whole IRI
        return curie(iri)

    def link(self, node: Term) -> Link:
        found = self._links.get(node)
        if found is None:
            found = self._links[node] = self._link(node)
        return found

    def _link(self, node: Term) -> Link:
        if not isinstance(node, ox.NamedNode):
            return Link(self.label(node))
        href = page_path(self.base, node.value)
        if href is None and node.value.startswith(("http://", "https://")):
            href = node.value
        return Link(self.label(node), href)

    def offsets(self, fact: Term) -> tuple[int | None, int | None]:
        return _integer(self.d.value(fact, N_ + "startOffset")), _integer(self.d.value(fact, N_ + "endOffset"))

    def span_href(self, fact: Term, article: Term | None) -> str | None:
        page = page_path(self.base, article.value) if isinstance(article, ox.NamedNode) else None
        return f"{page}#{fact_anchor(self.base, fact.value)}" if page else None

    def source(self, fact: Term, article: Term | None) -> FactSource | None:
        if article is None:
            return None
        return FactSource(self.link(article), self.span_href(fact, article),
                          self.d.text(article, S + "datePublished"))

    # -- generic tables ----------------------------------------------------------------------------
    def _rows(self, pairs: Iterable[tuple[str, Term]]) -> list[PropertyRow]:
        grouped: dict[str, list[Link]] = defaultdict(list)
        for predicate, value in pairs:
            grouped[curie(predicate)].append(self.link(value))
        return [PropertyRow(p, sorted(set(v), key=lambda link: (link.label.lower(), link.href or ""))[:LIST_LIMIT])
                for p, v in sorted(grouped.items())]

    def properties(self, hidden: frozenset[str]) -> list[PropertyRow]:
        own = self.d.out.get(self.d.node, {})
        return self._rows((p, o) for p, objects in own.items() if p not in hidden for o in objects)

    def incoming(self) -> list[PropertyRow]:
        mention = N_ + "Mention"
        pairs = ((p, s) for p, subjects in self.d.into.get(self.d.node, {}).items() if p not in MENTION_PREDICATES
                 for s in subjects if mention not in self.d.types(s))
        return self._rows(pairs)

    # -- facts -------------------------------------------------------------------------------------
    def mentioned_in(self, bodies: Mapping[str, str]) -> list[Mentioning]:
        by_article: dict[Term, list[tuple[int, Snippet]]] = defaultdict(list)
        for mention in self.d.subjects(N_ + "mentionOf", self.d.node):
            article = self.d.value(mention, N_ + "inArticle")
            if article is not None and article.value in bodies:
                by_article[article].append(self._snippet(mention, bodies[article.value]))
        found = [Mentioning(self.link(a), self.d.text(a, S + "datePublished"), _one_per_sentence(s))
                 for a, s in by_article.items()]
        found.sort(key=lambda m: m.article.label.lower())
        found.sort(key=lambda m: m.date or "", reverse=True)  # newest first, stable on headline
        return found

    def mentioning_articles(self) -> list[str]:
        """The articles mentioning the entity, newest first."""
        found: dict[str, str] = {}
        for mention in self.d.subjects(N_ + "mentionOf", self.d.node):
            for article in self.d.objects(mention, N_ + "inArticle"):
                found[article.value] = self.d.text(article, S + "datePublished") or ""
        return sorted(found, key=lambda a: (found[a], a), reverse=True)

    def _snippet(self, mention: Term, body: str) -> tuple[int, Snippet]:
        start = _integer(self.d.value(mention, N_ + "startOffset"))
        end = _integer(self.d.value(mention, N_ + "endOffset"))
        anchor = self.d.text(mention, N_ + "anchorText") or ""
        snippet = sentence_around(body, start, end) if start is not None and end is not None else None
        return start or 0, snippet or Snippet("", anchor, "")

    def quoted_articles(self) -> list[str]:
        """The articles whose text a page quotes: the newest mentioning ones and those of its facts."""
        wanted = self.mentioning_articles()[:MENTIONING_LIMIT]
        for statement in self._statement_nodes()[:LIST_LIMIT]:
            wanted += [a.value for a in self.d.objects(statement, S + "isPartOf")]
        stating = dict.fromkeys(a.value for m in self._membership_nodes()  # each role row quotes its sentence
                                for a in self.d.objects(m, P_ + "wasDerivedFrom"))
        return list(dict.fromkeys([*wanted, *list(stating)[:ROLE_QUOTES]]))

    def _membership_nodes(self) -> list[Term]:
        node = self.d.node
        if O_ + "Membership" in self.d.types(node):
            return [node]
        found = [m for p in ("member", "organization", "role") for m in self.d.subjects(O_ + p, node)]
        return [m for m in dict.fromkeys(found) if O_ + "Membership" in self.d.types(m)]

    def roles(self, bodies: Mapping[str, str]) -> list[RoleRow]:
        """Memberships grouped by (member, role, organisation), earliest first; ``bodies`` are the texts of the
        articles quoted (``quoted_articles``)."""
        groups: dict[tuple[Term | None, ...], list[Term]] = defaultdict(list)
        for m in self._membership_nodes():
            key = (self.d.value(m, O_ + "member"), self.d.value(m, O_ + "role"), self.d.value(m, O_ + "organization"))
            groups[key].append(m)
        rows = []
        for (member, role, organisation), facts in groups.items():
            starts = [s for f in facts if (s := self.d.text(f, N_ + "startDate"))]
            attested = [s for f in facts if (s := self.d.text(f, N_ + "attestedOn"))]
            dates = sorted(starts or attested)
            all_dates = sorted(starts + attested)
            facts.sort(key=lambda f: (self.d.text(f, N_ + "attestedOn") or "", f.value))
            sources = [src for f in facts if (src := self.source(f, self.d.value(f, P_ + "wasDerivedFrom")))]
            role_link = self.link(role) if role else Link(self.d.text(facts[0], K_ + "prefLabel") or "role")
            rows.append(RoleRow(
                member=self.link(member) if member else Link("unknown"),
                role=role_link,
                organisation=self.link(organisation) if organisation else None,
                first=dates[0] if dates else None,
                last=all_dates[-1] if all_dates else None,
                stated_start=bool(starts),
                sources=sources[:5],
                facts=[Link(f"as stated {self.d.text(f, N_ + 'attestedOn') or 'undated'}", self.link(f).href)
                       for f in facts][:5],
                ended=max((e for f in facts if (e := self.d.text(f, N_ + "endDate"))), default=None),
                former=any(self.d.text(f, N_ + "former") in ("true", "1") for f in facts),
                sentence=next((found for f in facts if (found := self._sentence_of(f, bodies))), None),
            ))
        rows.sort(key=lambda r: (r.first or "9999", r.member.label, r.role.label))
        return rows

    def _statement_nodes(self) -> list[Term]:
        node = self.d.node
        if self.d.types(node) & STATEMENT_CLASSES.keys():
            return [node]
        found = [*self.d.subjects(S + "creator", node), *self.d.subjects(N_ + "atEvent", node)]
        rows = [s for s in dict.fromkeys(found) if self.d.types(s) & STATEMENT_CLASSES.keys()]
        return sorted(rows, key=lambda s: self._article_date(s, S + "isPartOf"), reverse=True)

    def _article_date(self, fact: Term, via: str) -> str:
        article = self.d.value(fact, via)
        return (self.d.text(article, S + "datePublished") or "") if article is not None else ""

    def statement_row(self, s: Term, bodies: Mapping[str, str]) -> StatementRow:
        article = self.d.value(s, S + "isPartOf")
        start, end = self.offsets(s)
        body = bodies.get(article.value) if article is not None else None
        sentence = sentence_around(body, start, end) if body and start is not None and end is not None else None
        speaker = self.d.value(s, S + "creator")
        event = self.d.value(s, N_ + "atEvent")
        kind = next((STATEMENT_CLASSES[t] for t in sorted(self.d.types(s)) if t in STATEMENT_CLASSES), "Statement")
        return StatementRow(
            fact=self.link(s), kind=kind, text=self.d.text(s, S + "text") or "",
            speaker=self.link(speaker) if speaker else None, cue=self.d.text(s, N_ + "cue"),
            confidence=self.d.text(s, N_ + "confidence"), source=self.source(s, article),
            sentence=sentence, event=self.link(event) if event else None,
        )

    def statements(self, bodies: Mapping[str, str]) -> tuple[list[StatementRow], int]:
        nodes = self._statement_nodes()
        return [self.statement_row(s, bodies) for s in nodes[:LIST_LIMIT]], len(nodes)

    _EVENT_LINKS = ((S + "organizer", "organizer"), (S + "attendee", "attendee"), (S + "location", "location"))

    def events(self) -> tuple[list[EventRow], int]:
        node = self.d.node
        relations: dict[Term, list[str]] = defaultdict(list)
        for predicate, relation in self._EVENT_LINKS:
            for event in self.d.subjects(predicate, node):
                relations[event].append(relation)
        for participation in self.d.subjects(N_ + "participant", node):
            for event in self.d.objects(participation, N_ + "participationIn"):
                relations[event].append("participant")
        for article in self.d.objects(node, S + "about"):
            relations[article].append("subject of the article")
        events = [e for e in relations if S + "Event" in self.d.types(e)]
        events.sort(key=lambda e: (self.d.text(e, S + "startDate") or "", e.value), reverse=True)
        rows = [EventRow(
            fact=self.link(e),
            kinds=sorted(curie(t).split(":", 1)[1] for t in self.d.types(e) if t != S + "Event") or ["Event"],
            date=self.d.text(e, S + "startDate"),
            place=self.link(p) if (p := self.d.value(e, S + "location")) else None,
            relations=sorted(set(relations[e])),
            sources=[self.link(a) for a in self.d.objects(e, P_ + "wasDerivedFrom")][:3],
        ) for e in events[:LIST_LIMIT]]
        return rows, len(events)

    def event_details(self) -> dict[str, list[Link]]:
        node = self.d.node
        participants = [*self.d.objects(node, S + "attendee"),
                        *(p for part in self.d.subjects(N_ + "participationIn", node)
                          for p in self.d.objects(part, N_ + "participant"))]
        sources = [*self.d.objects(node, P_ + "wasDerivedFrom"), *self.d.subjects(S + "about", node)]

        def links(nodes: Iterable[Term]) -> list[Link]:
            return sorted(dict.fromkeys(self.link(n) for n in nodes), key=lambda x: x.label.lower())

        return {
            "place": links(self.d.objects(node, S + "location")),
            "organisers": links(self.d.objects(node, S + "organizer")),
            "participants": links(participants),
            "sources": links(sources),
        }

    # -- the article ---------------------------------------------------------------------------------
    def _facts_of_article(self) -> list[Term]:
        article = self.d.node
        found = [*self.d.subjects(P_ + "wasDerivedFrom", article), *self.d.subjects(S + "isPartOf", article)]
        found += [p for e in found for p in self.d.subjects(N_ + "participationIn", e)]
        return list(dict.fromkeys(found))

    def _fact_summary(self, fact: Term) -> tuple[str, str]:
        types = self.d.types(fact)
        if O_ + "Membership" in types:
            parts = [self.label(x) for x in (self.d.value(fact, O_ + "member"),) if x is not None]
            role_node = self.d.value(fact, O_ + "role")
            role = self.d.text(fact, K_ + "prefLabel") or (self.label(role_node) if role_node else "")
            org = self.d.value(fact, O_ + "organization")
            return "Role", f"{parts[0] if parts else '?'}: {role}" + (f", {self.label(org)}" if org else "")
        if types & STATEMENT_CLASSES.keys():
            speaker = self.d.value(fact, S + "creator")
            kind = "Quotation" if S + "Quotation" in types else "Claim"
            return kind, f"{self.label(speaker) if speaker else '?'}: {self.d.text(fact, S + 'text') or ''}"
        if N_ + "Participation" in types:
            who, event = self.d.value(fact, N_ + "participant"), self.d.value(fact, N_ + "participationIn")
            return "Participation", f"{self.label(who) if who else '?'} in {self.label(event) if event else '?'}"
        if S + "Event" in types:
            date = self.d.text(fact, S + "startDate")
            return "Event", self.label(fact) + (f" ({date})" if date else "")
        return "Fact", self.label(fact)

    def article(self) -> ArticleView | None:
        node = self.d.node
        if S + "NewsArticle" not in self.d.types(node):
            return None
        body = self.d.text(node, S + "articleBody") or ""
        spans: list[Span] = []
        for mention in self.d.subjects(N_ + "inArticle", node):
            start, end = self.offsets(mention)
            entity = self.d.value(mention, N_ + "mentionOf")
            if start is None or end is None or entity is None:
                continue
            anchor = mention.value.rpartition("#")[2] or fact_anchor(self.base, mention.value)
            link = self.link(entity)
            spans.append(Span(start, end, anchor, link.href or "#", link.label))
        facts: list[FactItem] = []
        for fact in self._facts_of_article():
            start, end = self.offsets(fact)
            fact_id: str | None = None
            if start is not None and end is not None:
                fact_id = fact_anchor(self.base, fact.value)
                spans.append(Span(start, end, fact_id))
            kind, summary = self._fact_summary(fact)
            facts.append(FactItem(fact_id, kind, summary, self.link(fact), self.d.text(fact, N_ + "confidence")))
        order = {"Event": 0, "Participation": 1, "Role": 2, "Quotation": 3, "Claim": 3}
        starts = {s.anchor: s.start for s in spans}
        facts.sort(key=lambda f: (order.get(f.kind, 9), starts.get(f.anchor or "", 0)))
        metadata = [(label, value) for label, predicate in (
            ("Source file", N_ + "sourceName"), ("Content hash (SHA-256)", N_ + "contentHash"),
            ("Extractor version", N_ + "extractorVersion")) if (value := self.d.text(node, predicate))]
        url = self.d.value(node, S + "url")
        return ArticleView(
            headline=self.label(node),
            date=self.d.text(node, S + "datePublished"),
            authors=sorted((self.link(a) for a in self.d.objects(node, S + "author")), key=lambda x: x.label),
            url=url.value if isinstance(url, ox.NamedNode) else None,
            paragraphs=pieces(body, spans),
            facts=facts,
            mention_count=sum(1 for s in spans if s.is_mention),
            highlight_selectors=highlight_rules(spans),
            metadata=metadata,
        )

    def cited(self) -> tuple[str, str | None, str] | None:
        """What a citation of this page names: (the article's IRI, the fact in words or None for the article
        itself, what it is), or None for a page that is not an article, a statement or a role."""
        node, types = self.d.node, self.d.types(self.d.node)
        if S + "NewsArticle" in types:
            return self.d.iri, None, "article"
        if types & STATEMENT_CLASSES.keys():
            article = self.d.value(node, S + "isPartOf")
            speaker = self.d.value(node, S + "creator")
            words = f"“{self.d.text(node, S + 'text')}”" + (f", {self.label(speaker)}" if speaker else "")
            return (article.value, words, "statement") if article is not None else None
        if O_ + "Membership" in types:
            article = self.d.value(node, P_ + "wasDerivedFrom")
            return (article.value, self.label(node), "role") if article is not None else None
        return None

    def fact_sentence(self, bodies: Mapping[str, str]) -> Snippet | None:
        return self._sentence_of(self.d.node, bodies)

    def _sentence_of(self, fact: Term, bodies: Mapping[str, str]) -> Snippet | None:
        """The sentence of ``fact``'s span in the article it was drawn from (when ``bodies`` holds its text)."""
        article = self.d.value(fact, P_ + "wasDerivedFrom")
        start, end = self.offsets(fact)
        body = bodies.get(article.value) if article is not None else None
        return sentence_around(body, start, end) if body and start is not None and end is not None else None

    # -- the whole page ------------------------------------------------------------------------------
    def entity(self, kind: str, bodies: Mapping[str, str], related: list[tuple[Link, int]]) -> EntityView:
        node = self.d.node
        article = self.article()
        hidden = HEADER_PREDICATES | (ARTICLE_PREDICATES if article else frozenset())
        view = EntityView(
            iri=self.d.iri, kind=kind, name=self.label(node),
            types=sorted(curie(t) for t in self.d.types(node)),
            alternate_names=sorted(n.value for n in self.d.objects(node, S + "alternateName")),
            properties=self.properties(hidden), incoming=self.incoming(), article=article, related=related,
            page=self.d.page, pages=self.d.pages, links=self.d.links,
        )
        if article is not None:
            return view
        mentioning = self.mentioning_articles()
        view.mentioned_total = len(mentioning)
        view.mentioned_in = self.mentioned_in({a: bodies[a] for a in mentioning[:MENTIONING_LIMIT] if a in bodies})
        view.roles = self.roles(bodies)
        view.statements, view.statements_total = self.statements(bodies)
        view.events, view.events_total = self.events()
        view.parents = [self.link(p) for p in self.d.objects(node, S + "parentOrganization")]
        view.children = sorted((self.link(c) for c in self.d.subjects(S + "parentOrganization", node)),
                               key=lambda x: x.label.lower())
        if self.d.types(node) & STATEMENT_CLASSES.keys():
            view.statement = view.statements[0] if view.statements else None
        if O_ + "Membership" in self.d.types(node):
            view.membership = view.roles[0] if view.roles else None
            view.fact_sentence = self.fact_sentence(bodies)
        if S + "Event" in self.d.types(node):
            view.event = self.event_details()
            view.event_date = self.d.text(node, S + "startDate")
        return view
