"""Events the article reports or mentions, read from the dependency parse.

Each rule reads one construction of English and yields a draft event; the drafts are then joined
into the article's events (see ``find_events``):

- event verbs: "X met (with) Y", "X visited Y", "leaders of X gathered at Y" (``_meeting_verb``);
- event nouns: "a meeting of X and Y held on March 10", "X and Y held talks", "their talks with Z",
  "the X's 31st Constitutional Convention", "the upcoming elections in November" (``_event_noun``);
- anniversaries and foundings: "celebrates its 50th anniversary", "the 100th anniversary of X",
  "beginning in 1919 with our foundation", "X was founded in 1919" (``_event_noun``, ``_founding_verb``);
- changes of office: "named X as CEO, effective January 13, 2020", "X will become chairman",
  "X will serve as interim CEO", "re-elected X and Y", "X has resigned", "plans to retire in early
  2020" (``_appointment_verb``, ``_election_verb``, ``_departure_verb``);
- hosted occasions: "thanked X for hosting the Y Project earlier this year" (``_hosting_verb``);
- participation in an event already found: "X led the delegation", "X spoke at the meeting".

People, organisations and places come from the resolved entities (through their mentions), dates
from the DATE spans of the parse, resolved against the article's date by graphbuild.dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .dates import Tense, resolve_date
from .lexicon import TITLE_WORDS
from ..model import Entity, Event, EventKind, Mention, Participation, SourceArticle
from .spans import EntityIndex

# -- the words the rules read ---------------------------------------------------------------------

EVENT_NOUNS: dict[str, EventKind] = {
    "meeting": "meeting", "meetings": "meeting", "talks": "talks", "negotiations": "talks",
    "visit": "visit", "visits": "visit", "conference": "conference", "conferences": "conference",
    "summit": "conference", "forum": "conference", "symposium": "conference", "seminar": "conference",
    "congress": "convention", "convention": "convention", "plenum": "convention",
    "election": "election", "elections": "election", "re-election": "election", "reelection": "election",
    "anniversary": "anniversary", "foundation": "founding", "founding": "founding",
    "appointment": "appointment", "ceremony": "other", "rally": "other",
}  # fmt: skip
MEETING_VERBS: dict[str, EventKind] = {
    "meet": "meeting", "visit": "visit", "gather": "meeting", "assemble": "meeting", "convene": "meeting",
    "confer": "talks", "negotiate": "talks",
}  # fmt: skip
ORGANISING_VERBS = frozenset("hold host organise organize convene chair stage sponsor call".split())
ATTENDING_VERBS = frozenset("attend join address".split())
CELEBRATING_VERBS = frozenset("celebrate mark commemorate observe honor honour".split())
APPOINTING_VERBS = frozenset("appoint name nominate designate promote hire".split())
ELECTING_VERBS = frozenset("elect re-elect reelect".split())
DEPARTING_VERBS = {"resign": "resigns", "retire": "retires", "step": "steps down"}
HOSTING_VERBS = frozenset("host organise organize stage sponsor".split())
OCCASION_HEADS = frozenset(
    "project program programme festival games school camp exchange fair tour exhibition competition "
    "championship cup concert series course workshop campaign week day".split()
)
FOUNDING_FORMS = frozenset("founded co-founded cofounded established formed".split())
PLANNING_WORDS = frozenset("plan plans intend intends expect expects schedule scheduled set slated due".split())
FUTURE_MODIFIERS = frozenset("upcoming forthcoming coming next future planned scheduled proposed".split())
DISTINCT_MODIFIERS = frozenset("another next previous prior earlier past later future upcoming other last".split())
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_KNOWN_VERBS = (
    set(MEETING_VERBS) | ORGANISING_VERBS | ATTENDING_VERBS | CELEBRATING_VERBS | APPOINTING_VERBS
    | ELECTING_VERBS | set(DEPARTING_VERBS) | HOSTING_VERBS
    | {"become", "serve", "lead", "head", "schedule", "plan"}
)  # fmt: skip
_IRREGULAR = {
    "met": "meet", "held": "hold", "led": "lead", "became": "become",
}  # fmt: skip
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.I)
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "seventy-fifth": 75, "hundredth": 100,
}  # fmt: skip
_AGENT_KINDS = frozenset({"person", "organisation"})
_CLAUSE_BOUNDARIES = frozenset({"relcl", "ccomp", "parataxis", "csubj", "advcl", "xcomp", "conj"})
_EARLY_JANUARY = 14  # an undated lead event of an article from early January may belong to the old year

# -- context ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Agent:
    """A person or organisation, and the span of the words that name it here (a mention or a pronoun)."""

    entity: Entity
    start: int
    end: int


@dataclass(frozen=True)
class _Context:
    doc: Doc
    article: SourceArticle
    mention_at: dict[int, tuple[Mention, Entity]]  # token index -> the mention covering the token
    voice: Entity | None  # the organisation that speaks as "we" (the article's organisational author)
    date_at: dict[int, Span]  # token index -> the DATE entity covering it (read once: doc.ents is costly)
    text: str  # doc.text, which spaCy joins anew on every read

    def entity(self, token: Token) -> Entity | None:
        found = self.mention_at.get(token.i)
        return found[1] if found else None

    def agent(self, token: Token) -> _Agent | None:
        found = self.mention_at.get(token.i)
        if found is None or found[1].kind not in _AGENT_KINDS:
            return None
        return _Agent(found[1], found[0].start, found[0].end)


@dataclass
class _Draft:
    """An event as one rule read it, before drafts of the same event are joined."""

    kind: EventKind
    trigger: Token
    name: str
    date: str | None = None
    tense: Tense = None
    place: Entity | None = None
    agents: list[tuple[_Agent, bool]] = field(default_factory=list)  # (agent, as organiser)
    participations: list[Participation] = field(default_factory=list)  # one per agent, traced to its words
    confidence: float = 0.7
    from_verb: bool = False
    anaphoric: bool = False  # "the meeting": a definite mention with nothing of its own
    distinct: bool = False  # "another meeting", "the next congress": not an event already named
    needs_date: bool = False  # anniversaries and foundings are kept only when dated

    @property
    def start(self) -> int:
        return min([self.trigger.idx, *(a.start for a, _ in self.agents if self._near(a))])

    @property
    def end(self) -> int:
        ends = [a.end for a, _ in self.agents if self._near(a)]
        return max([self.trigger.idx + len(self.trigger.text), *ends])

    def _near(self, agent: _Agent) -> bool:
        sent = self.trigger.sent
        return sent.start_char <= agent.start and agent.end <= sent.end_char

    def add(self, agent: _Agent, organiser: bool, via: Token | None = None) -> None:
        """Add a participant; the participation spans its name and the word that says so."""
        said_by = via if via is not None else self.trigger
        start, end = min(agent.start, said_by.idx), max(agent.end, said_by.idx + len(said_by.text))
        self._add(agent, organiser, Participation(agent.entity, organiser, start, end))

    def absorb(self, other: _Draft) -> None:
        """Take the participants, date and place another draft of the same event found."""
        for (agent, organiser), participation in zip(other.agents, other.participations, strict=True):
            self._add(agent, organiser, participation)
        self.date = self.date or other.date
        self.place = self.place or other.place

    def _add(self, agent: _Agent, organiser: bool, participation: Participation) -> None:
        if all(a.entity is not agent.entity for a, _ in self.agents):
            self.agents.append((agent, organiser))
            self.participations.append(participation)

    def attendees(self) -> set[int]:
        return {id(a.entity) for a, organiser in self.agents if not organiser}

    def parties(self) -> set[int]:
        """Every agent, with the bodies it belongs to: a department taking part is its party taking part."""
        found: set[int] = set()
        for agent, _ in self.agents:
            entity: Entity | None = agent.entity
            while entity is not None:
                found.add(id(entity))
                entity = entity.parent
        return found


def _context(doc: Doc, entities: list[Entity], article: SourceArticle) -> _Context:
    index = EntityIndex(entities)
    mention_at: dict[int, tuple[Mention, Entity]] = {}
    text = doc.text
    for mention, entity in index.within(0, len(text)):
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        for token in span or ():
            mention_at.setdefault(token.i, (mention, entity))
    date_at = {t.i: ent for ent in doc.ents if ent.label_ == "DATE" for t in ent}
    return _Context(doc, article, mention_at, _voice(article, index), date_at, text)


def _voice(article: SourceArticle, index: EntityIndex) -> Entity | None:
    """The organisation an article's "we" and "our" stand for: its organisational author, or the body
    that author belongs to ("our foundation" in a party department's article is the party's)."""
    for author in article.authors:
        if author.kind != "organisation":
            continue
        entity = index.by_name(author.name)
        while entity is not None and entity.parent is not None:
            entity = entity.parent
        if entity is not None:
            return entity
    return None


# -- grammar helpers --------------------------------------------------------------------------------


def _base(token: Token) -> str:
    """The verb's dictionary form for the verbs the rules know (the pipeline runs no lemmatizer)."""
    return _base_word(token.lower_)


@lru_cache(maxsize=65_536)
def _base_word(word: str) -> str:
    """_base of a lower-case word; kept, since every rule asks it of every token."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in _KNOWN_VERBS:
        return word
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ing", "e"), ("ing", ""), ("ed", "e"),
                                ("ed", ""), ("es", ""), ("s", ""), ("d", "")):  # fmt: skip
        if not word.endswith(suffix) or len(word) <= len(suffix) + 2:
            continue
        stem = word[: -len(suffix)] + replacement
        if stem in _KNOWN_VERBS:
            return stem
        if len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in _KNOWN_VERBS:
            return stem[:-1]  # "stepped", "planning"
    return word


def _is_verb(token: Token) -> bool:
    return token.pos_ in {"VERB", "AUX"}


def _negated(token: Token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def _children(token: Token, *deps: str) -> list[Token]:
    return [child for child in token.children if child.dep_ in deps]


def _prep_objects(token: Token, *preps: str) -> list[Token]:
    """Objects of the token's prepositions: ``_prep_objects(met, "with")`` gives Y in "met with Y"."""
    found = []
    for prep in _children(token, "prep", "agent"):
        if prep.lower_ in preps:
            found += _children(prep, "pobj", "pcomp", "prep")
    return found


def _clause(token: Token) -> Iterator[tuple[Token, int]]:
    """The token's subtree with depths, not entering other clauses (relative, complement, open
    complement, or adverbial and coordinated verb clauses); an adjectival "effective ..." is inside."""
    stack = [(token, 0)]
    while stack:
        current, depth = stack.pop()
        yield current, depth
        for child in current.children:
            if child.dep_ in _CLAUSE_BOUNDARIES and (_is_verb(child) or child.dep_ not in {"advcl", "conj"}):
                continue
            stack.append((child, depth + 1))


def _governor(token: Token) -> Token | None:
    """The verb a noun is an argument of, directly or through a preposition."""
    head = token.head
    if token.dep_ == "pobj" and head.dep_ in {"prep", "agent"}:
        head = head.head
    if head == token or not _is_verb(head):
        return None
    return head


def _clause_verb(token: Token) -> Token | None:
    """The nearest verb above the token."""
    current = token
    while current.head != current:
        current = current.head
        if _is_verb(current):
            return current
    return None


def _ordinal(token: Token) -> int | None:
    for child in token.children:
        match = _ORDINAL.match(child.text)
        if match:
            return int(match.group(1))
        if child.lower_ in _ORDINAL_WORDS:
            return _ORDINAL_WORDS[child.lower_]
    return None


# -- who takes part -----------------------------------------------------------------------------------


def _agents(ctx: _Context, token: Token, depth: int = 0) -> list[_Agent]:
    """Agents a noun phrase names: "X", "X and Y", "leaders of X", "X's delegation", "the slate of X
    and Y", "current chairman, X", or a pronoun. A named agent's apposition is its title, not another agent."""
    if depth > 5:
        return []
    found: list[_Agent] = []
    agent = ctx.agent(token)
    if agent is not None or ctx.entity(token) is not None:
        found += [agent] if agent else []
        branches = {"conj"}
    elif token.pos_ == "PRON":
        found += _pronoun(ctx, token)
        branches = {"conj"}
    else:
        branches = {"conj", "compound", "poss", "amod", "nmod", "appos", "prep"}
    for child in token.children:
        if child.dep_ not in branches or (child.dep_ == "poss" and child.pos_ == "PRON"):
            continue  # "her counterpart X" names X, not her
        if child.dep_ == "prep":
            if child.lower_ in {"of", "from"}:
                for obj in _children(child, "pobj"):
                    found += _agents(ctx, obj, depth + 1)
            continue
        found += _agents(ctx, child, depth + 1)
    if branches != {"conj"}:  # "a delegation led by X"
        for acl in _children(token, "acl"):
            if _base(acl) in {"lead", "head"}:
                found += [a for obj in _prep_objects(acl, "by") for a in _agents(ctx, obj, depth + 1)]
    return _unique(found)


def _unique(agents: list[_Agent]) -> list[_Agent]:
    seen: set[int] = set()
    out = []
    for agent in agents:
        if id(agent.entity) not in seen:
            seen.add(id(agent.entity))
            out.append(agent)
    return out


def _pronoun(ctx: _Context, token: Token) -> list[_Agent]:
    """ "we/our" is the article's voice; "he/his/she/her" the person subject of the clause around the
    pronoun ("Upon his election, Okafor said"), else the last person named before it; "they/their" the
    agents subject of the clause ("X and Y described their talks"); "its" the organisation subject."""
    word = token.lower_
    span = (token.idx, token.idx + len(token.text))
    if word in {"we", "our", "us", "ours"}:
        return [_Agent(ctx.voice, *span)] if ctx.voice else []
    kinds = {"he": "person", "his": "person", "him": "person", "she": "person", "her": "person",
             "they": "any", "their": "any", "them": "any", "its": "organisation"}  # fmt: skip
    kind = kinds.get(word)
    if kind is None:
        return []
    subject = [a for a in _subject_agents(ctx, _clause_verb(token), exclude=token) if kind in {"any", a.entity.kind}]
    if subject or kind == "any":
        return [_Agent(a.entity, *span) for a in subject]
    previous = _previous_agent(ctx, token, kind)
    return [_Agent(previous.entity, *span)] if previous else []


def _previous_agent(ctx: _Context, token: Token, kind: str) -> _Agent | None:
    """The last agent of a kind named before the token, within the sentence and the one before it."""
    sent = token.sent
    start = ctx.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for i in range(token.i - 1, start - 1, -1):
        agent = ctx.agent(ctx.doc[i])
        if agent and agent.entity.kind == kind:
            return agent
    return None


def _subject_agents(ctx: _Context, verb: Token | None, exclude: Token | None = None) -> list[_Agent]:
    """The agents doing what a verb says: its subject; the antecedent of "who"; the object of "thank X
    for hosting"; the possessor of "her plans to retire"; the subject of the verb it is coordinated with."""
    if verb is None:
        return []
    subjects = _children(verb, "nsubj", "nsubjpass")
    if exclude is not None and any(exclude in subject.subtree for subject in subjects):
        return []
    if subjects:
        if subjects[0].lower_ in {"who", "that", "which"} and verb.dep_ == "relcl":
            return _agents(ctx, verb.head)
        return _agents_of(ctx, subjects)  # the parser may split one subject: "DWU co-Chair Jane Doe"
    head = verb.head
    if verb.dep_ == "pcomp" and head.lower_ == "for" and _is_verb(head.head):
        objects = _children(head.head, "dobj")
        return _agents(ctx, objects[0]) if objects else []
    if verb.dep_ == "acl" and not _is_verb(head):
        owners = _children(head, "poss")
        return _agents(ctx, owners[0]) if owners else []
    if verb.dep_ in {"conj", "xcomp"} and _is_verb(head):
        return _subject_agents(ctx, head, exclude)
    return []


def _object_agents(ctx: _Context, verb: Token) -> list[_Agent]:
    """Agents named by a verb's object or by the object of its "with": "met (with) Y", also through a
    participle the parser put first ("meets with visiting Y")."""
    found = []
    for obj in _children(verb, "dobj") + _prep_objects(verb, "with"):
        named = _agents(ctx, obj)
        if not named and obj.dep_ == "pcomp":
            named = _agents_of(ctx, _children(obj, "dobj"))
        found += named
    return _unique(found)


def _place(ctx: _Context, token: Token) -> Entity | None:
    """A place the event happens at or in: "at the Great Hall", "in Beijing" (not "President of X"); for
    an event noun also where its verb puts it ("will hold its convention in Springfield")."""
    governor = _governor(token) if token.dep_ in {"dobj", "nsubj", "nsubjpass"} else None
    if governor is not None:
        for obj in _prep_objects(governor, "at", "in"):
            entity = ctx.entity(obj)
            if entity is not None and entity.kind == "place" and token not in obj.subtree:
                return entity
    places = {"at", "in", "to"} if token.lower_ in {"visit", "visits"} else {"at", "in"}  # "a visit to X"
    for current, _ in _clause(token):
        if current.dep_ != "pobj" or current.head.lower_ not in places:
            continue
        if any(step.lower_ == "of" for step in _path(current, token)):
            continue
        entity = ctx.entity(current)
        if entity is not None and entity.kind == "place":
            return entity
    return None


def _path(token: Token, top: Token) -> list[Token]:
    out = []
    while token != top and token.head != token:
        token = token.head
        out.append(token)
    return out


# -- when -------------------------------------------------------------------------------------------


def _tense(token: Token) -> Tense:
    """Future for "will meet", "the upcoming elections", "scheduled for", "plans to retire"; past for a
    verb in the past tense; else unknown."""
    words = {child.lower_ for child in token.children}
    verb = token if _is_verb(token) else _clause_verb(token)
    if words & FUTURE_MODIFIERS:
        return "future"
    if any(_base(child) in {"schedule", "plan"} for child in _children(token, "acl")):
        return "future"
    if verb is not None:
        aux = {child.lower_ for child in _children(verb, "aux", "auxpass")}
        if aux & FUTURE_AUX or (verb.dep_ in {"xcomp", "acl"} and verb.head.lower_ in PLANNING_WORDS):
            return "future"
        if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and aux & {"has", "have", "had", "was", "were"}):
            return "past"
    return None


def _dates(ctx: _Context, token: Token) -> list[Span | None]:
    """DATE spans in the token's clause, nearest first (None stands for "effective immediately"); for an
    event noun also those the verb it is an argument of takes ("X held a meeting on Monday", "the
    elections turn out in November")."""
    by_token = ctx.date_at
    subject = {t.i for s in _children(token, "nsubj", "nsubjpass") for t in s.subtree} if _is_verb(token) else set()
    candidates = [(t, depth) for t, depth in _clause(token) if t.i not in subject]  # not "X, CEO since 2015,"
    governor = None if _is_verb(token) else _governor(token)
    if governor is not None:
        for child in governor.children:
            if child.dep_ in {"prep", "npadvmod"} and token not in child.subtree:
                candidates += [(t, depth + 2) for t, depth in _clause(child)]
    found: dict[int, tuple[int, Span | None]] = {}
    for current, depth in candidates:
        ent = by_token.get(current.i)
        if ent is not None:
            found.setdefault(ent.start, (depth, ent))
        elif current.lower_ == "immediately" and current.head.lower_ == "effective":
            found.setdefault(-1, (depth, None))
    return [ent for _, (depth, ent) in sorted(found.items(), key=lambda item: (item[1][0], item[0]))]


def _date(ctx: _Context, token: Token, tense: Tense) -> str | None:
    """The first date expression of the event's clause that resolves, at the text's precision."""
    for ent in _dates(ctx, token):
        if ent is None:
            article_date = ctx.article.date_published
            return article_date.isoformat() if article_date else None
        resolved = resolve_date(ent.text, ctx.article.date_published, tense=tense)
        if resolved:
            return resolved
    return None


# -- names ------------------------------------------------------------------------------------------


def _written(ctx: _Context, agent: _Agent) -> str:
    """An agent's name as a phrase, with "the" when the text gives it one."""
    before = ctx.text[max(0, agent.start - 4) : agent.start].lower()
    return f"the {agent.entity.name}" if before == "the " and agent.entity.kind == "organisation" else agent.entity.name


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _phrase(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    return re.sub(r"\s+", " ", tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text).strip(" ,")


def _named_phrase(token: Token) -> str:
    """An event noun with its ordinals and proper-name words: "31st Constitutional Convention"."""
    words = [c for c in token.lefts if c.dep_ in {"amod", "compound", "nummod"}
             and (c.pos_ == "PROPN" or _ORDINAL.match(c.text) or c.lower_ in _ORDINAL_WORDS)]  # fmt: skip
    if not words:
        return token.text
    return _phrase([*words, token]) if words[0].i < token.i else token.text


# -- rules ------------------------------------------------------------------------------------------

Rule = Callable[[_Context, Token], "_Draft | None"]


def _meeting_verb(ctx: _Context, verb: Token) -> _Draft | None:
    """ "X met (with) Y", "X meets Y", "X visited Y", "leaders of X and Y gathered at Z": subject and
    object (or "with" object) take part. Needs two agents, or one and a date; "met the target" is not a
    meeting (its object names no agent)."""
    kind = MEETING_VERBS.get(_base(verb)) if verb.pos_ == "VERB" else None
    if kind is None or _negated(verb) or verb.dep_ in {"amod", "pcomp", "acl"}:
        return None
    subjects = _subject_agents(ctx, verb)
    objects = _object_agents(ctx, verb)
    place = _place(ctx, verb)
    if kind == "visit" and not objects:
        place = place or next((ctx.entity(o) for o in _children(verb, "dobj") if ctx.entity(o)), None)
    if not subjects or (_children(verb, "dobj") and not objects and kind != "visit"):
        return None
    tense = _tense(verb)
    date = _date(ctx, verb, tense)
    if len(subjects) + len(objects) < 2 and not date and not place:
        return None
    name = _meeting_name(ctx, kind, verb, subjects, objects, place)
    draft = _Draft(kind, verb, _capitalised(name), date, tense, place, confidence=0.85 if date else 0.75,
                   from_verb=True)  # fmt: skip
    for agent in subjects + objects:
        draft.add(agent, False)
    return draft


def _meeting_name(
    ctx: _Context, kind: EventKind, verb: Token, subjects: list[_Agent], objects: list[_Agent], place: Entity | None
) -> str:
    """ "X meets Y", "X visits Y", "X holds talks with Y", "X and Y gather at Z", "Meeting of X and Y"."""
    who = _join([_written(ctx, a) for a in subjects])
    if objects:
        verb_word = {"meeting": "meets", "visit": "visits", "talks": "holds talks with"}.get(kind, "meets")
        return f"{who} {verb_word} {_join([_written(ctx, a) for a in objects])}"
    if kind == "visit" and place is not None:
        return f"{who} visits {place.name}"
    if _base(verb) in {"gather", "assemble", "convene"}:
        where = f" {_preposition_of(ctx, verb, place)} {_placed(ctx, verb, place)}" if place is not None else ""
        return f"{who} gather{where}"
    return f"{_capitalised(kind)} of {who}"


def _placed(ctx: _Context, verb: Token, place: Entity) -> str:
    for current, _ in _clause(verb):
        if current.dep_ == "pobj" and ctx.entity(current) is place:
            return _phrase(list(current.subtree))
    return place.name


def _preposition_of(ctx: _Context, verb: Token, place: Entity) -> str:
    for current, _ in _clause(verb):
        if current.dep_ == "pobj" and ctx.entity(current) is place:
            return current.head.lower_
    return "in"


def _event_noun(ctx: _Context, noun: Token) -> _Draft | None:
    """An event noun and what its phrase and its verb say: "a meeting of X and Y held on March 10",
    "X and Y held a meeting" (organisers), "X attended the summit", "X spoke at the meeting",
    "their talks with Z", "the X's 31st Convention", "the 100th anniversary of X", "our foundation".
    A noun inside a name ("the General Assembly"), a modifier ("election campaigns") or a generic
    plural ("meetings are important") gives nothing of its own."""
    kind = EVENT_NOUNS.get(noun.lower_)
    if kind is None or noun.pos_ not in {"NOUN", "PROPN"}:
        return None
    if ctx.entity(noun) is not None and not _ordinal(noun):
        return None  # a name ("the General Assembly"); an ordinal numbers events ("the 12th Congress")
    if noun.dep_ in {"amod", "nmod"} or (noun.dep_ == "compound" and noun.head.pos_ == "NOUN"):
        return None
    if kind == "founding" and (noun.text[0].isupper() or noun.dep_ == "compound"):
        return None  # "the Ford Foundation", "founding members"
    tense = _tense(noun)
    draft = _Draft(kind, noun, "", _date(ctx, noun, tense), tense, _place(ctx, noun))
    _noun_agents(ctx, noun, draft)
    modifiers = {c.lower_ for c in noun.children if c.dep_ in {"det", "amod", "advmod"}}
    ordinal = _ordinal(noun)
    own = bool(draft.date or draft.agents or ordinal or _named_phrase(noun) != noun.text)
    draft.anaphoric = not own and bool(modifiers & {"the", "this", "that"})
    draft.distinct = bool(modifiers & DISTINCT_MODIFIERS) or tense == "future"
    if kind == "anniversary":
        draft.date = _anniversary_date(ctx, noun, ordinal, tense)
        draft.needs_date = True
    elif kind == "founding":
        draft.needs_date = True
    draft.name = _noun_name(ctx, noun, kind, draft)
    draft.confidence = 0.8 if draft.date and draft.agents else 0.65
    return draft


def _noun_agents(ctx: _Context, noun: Token, draft: _Draft) -> None:
    """Who an event noun's phrase and governing verb name: possessor, "of/between/with/among" objects;
    the subject of "hold/host/organise" (organisers) or of "attend/join/address" and of a verb with
    "at/in/during" the event (participants); "hosted/organised by X" (organisers)."""
    for agent in _agents_of(ctx, _children(noun, "poss")) or _detached_possessor(ctx, noun):
        draft.add(agent, False)
    for obj in _prep_objects(noun, "of", "between", "with", "among"):
        if draft.kind in {"anniversary", "founding"} or obj.head.lower_ != "of" or not _is_event_subject(obj):
            for agent in _agents(ctx, obj):
                draft.add(agent, False)
    for acl in _children(noun, "acl"):
        if _base(acl) in ORGANISING_VERBS:
            for obj in _prep_objects(acl, "by"):
                for agent in _agents(ctx, obj):
                    draft.add(agent, True)
    governor = _governor(noun)
    if governor is None or _negated(governor):
        return
    base = _base(governor)
    if noun.dep_ == "dobj" and base in ORGANISING_VERBS:
        for agent in _subject_agents(ctx, governor):
            draft.add(agent, True)
    elif noun.dep_ == "nsubjpass" and base in ORGANISING_VERBS:  # "the meeting was hosted by X"
        for agent in _agents_of(ctx, _prep_objects(governor, "by")):
            draft.add(agent, True)
    elif (noun.dep_ == "dobj" and base in ATTENDING_VERBS) or (
        noun.dep_ == "pobj" and noun.head.lower_ in {"at", "in", "during", "to"}
    ):
        for agent in _subject_agents(ctx, governor):
            draft.add(agent, False)


def _detached_possessor(ctx: _Context, noun: Token) -> list[_Agent]:
    """ "the X's upcoming 14th Congress" when the parser hung "X's" elsewhere: the possessive that
    stands right before the noun's modifiers."""
    first = min([noun.i, *(c.left_edge.i for c in noun.lefts if c.dep_ in {"amod", "compound", "nummod"})])
    marker = noun.doc[first - 1] if first > 0 else None
    if marker is None or marker.tag_ != "POS" or marker.head == noun:
        return []
    return _agents(ctx, marker.head)


def _is_event_subject(obj: Token) -> bool:
    """ "the theme of the meeting": an "of" object that is itself an event does not take part."""
    return obj.lower_ in EVENT_NOUNS


def _anniversary_date(ctx: _Context, noun: Token, ordinal: int | None, tense: Tense) -> str | None:
    """A stated date; else the year of the commemorated event plus the ordinal ("the 100th anniversary
    of its founding in 1921"); else the article's year when the anniversary is being celebrated now
    ("X celebrates its 50th anniversary", "held a meeting to celebrate the 100th anniversary")."""
    stated = _date(ctx, noun, tense)
    if stated:
        return stated
    if ordinal:
        for obj in _prep_objects(noun, "of"):
            for token in obj.subtree:
                year = re.fullmatch(r"(1[5-9]|20)\d\d", token.text)
                if year and token.ent_type_ == "DATE":
                    return str(int(token.text) + ordinal)
    article_date = ctx.article.date_published
    if article_date is None or tense == "future":
        return None
    return str(article_date.year) if _celebrated(noun) else None


def _celebrated(noun: Token) -> bool:
    """The anniversary is the object of a celebrating verb (or of one coordinated with it)."""
    current = noun
    while current.head != current and not _is_verb(current):
        current = current.head
    verbs = [current, current.head] if current.dep_ == "conj" else [current]
    return any(_base(v) in CELEBRATING_VERBS and not _negated(v) for v in verbs if _is_verb(v))


def _noun_name(ctx: _Context, noun: Token, kind: EventKind, draft: _Draft) -> str:
    """ "31st Constitutional Convention of the X", "100th anniversary of the X", "Meeting of X and Y",
    "Talks of X and Y with Z", "Founding of X"."""
    head = _named_phrase(noun)
    attendees = [a for a, organiser in draft.agents if not organiser]
    organisers = [a for a, organiser in draft.agents if organiser]
    if kind == "anniversary":
        ordinal = next((c.text for c in noun.children if _ORDINAL.match(c.text) or c.lower_ in _ORDINAL_WORDS), "")
        of = _prep_objects(noun, "of")
        what = _join([_written(ctx, a) for a in attendees]) if attendees else _phrase(list(of[0].subtree)) if of else ""
        what = what or _celebrating_subject(noun)
        return _capitalised(f"{ordinal} anniversary" + (f" of {what}" if what else "")).strip()
    if kind == "founding":
        return "Founding" + (f" of {_join([_written(ctx, a) for a, _ in draft.agents])}" if draft.agents else "")
    with_objects = {id(e) for o in _prep_objects(noun, "with") for e in (a.entity for a in _agents(ctx, o))}
    of_agents = [a for a in organisers + attendees if id(a.entity) not in with_objects]
    with_agents = [a for a in attendees if id(a.entity) in with_objects]
    name = _capitalised(head if head != noun.text else _modified_phrase(noun))
    if of_agents:
        name += f" of {_join([_written(ctx, a) for a in of_agents])}"
    if with_agents:
        name += f" with {_join([_written(ctx, a) for a in with_agents])}"
    if not draft.agents and draft.place is not None:
        name += f" {'to' if kind == 'visit' else 'in'} {draft.place.name}"
    return name


def _modified_phrase(noun: Token) -> str:
    """The noun with the modifiers right before it: "bilateral meeting", "upcoming elections"."""
    words = [noun]
    for child in reversed(list(noun.lefts)):
        if child.dep_ not in {"amod", "compound", "nummod"} or child.i != words[0].i - 1:
            break
        words.insert(0, child)
    phrase = _phrase(words)
    return phrase if words[0].pos_ == "PROPN" else phrase[:1].lower() + phrase[1:]


def _celebrating_subject(noun: Token) -> str:
    """ "State Federation Celebrates 50th Anniversary": the subject of the celebrating verb, as written."""
    verb = _clause_verb(noun)
    subjects = _children(verb, "nsubj") if verb is not None else []
    phrase = _phrase(list(subjects[0].subtree)) if subjects else ""
    return phrase[:1].lower() + phrase[1:] if subjects and subjects[0].left_edge.pos_ == "DET" else phrase


def _election_verb(ctx: _Context, verb: Token) -> _Draft | None:
    """ "delegates re-elected X and Y", "X was elected president": the elected take part, the electors
    organise. "re-elected" may come split into "re", "-", "elected"; the rule reads it at "re"."""
    words = _verb_group(verb)
    last = words[-1]
    if _after_re(verb) or _base(last) not in ELECTING_VERBS or last.pos_ != "VERB" or _negated(last):
        return None
    passive = any(_children(w, "nsubjpass") for w in words)
    subjects = next((found for w in words if (found := _subject_agents(ctx, w))), [])
    elected = subjects if passive else _patients(ctx, words)
    people = [a for a in elected if a.entity.kind == "person"]
    if not people:
        return None
    re_elect = len(words) == 3 or _base(last) != "elect"
    tense = _tense(last) or _tense(verb)
    name = ("Re-election of " if re_elect else "Election of ") + _join([a.entity.name for a in people])
    date = next((day for w in words if (day := _date(ctx, w, tense))), None)
    draft = _Draft("election", verb, name, date, tense, _place(ctx, last), confidence=0.8, from_verb=True)
    for agent in people:
        draft.add(agent, False)
    for agent in [] if passive else subjects:
        draft.add(agent, True)
    return draft


def _verb_group(verb: Token) -> list[Token]:
    """A verb with the prefix the tokenizer split off it: ["re", "-", "elected"]."""
    doc = verb.doc
    if verb.lower_ == "re" and verb.i + 2 < len(doc) and doc[verb.i + 1].text == "-":
        return [verb, doc[verb.i + 1], doc[verb.i + 2]]
    return [verb]


def _after_re(verb: Token) -> bool:
    doc = verb.doc
    return verb.i >= 2 and doc[verb.i - 1].text == "-" and doc[verb.i - 2].lower_ == "re"


def _patients(ctx: _Context, words: list[Token]) -> list[_Agent]:
    """Who a verb acts on: its objects; else a named object predicate ("named Sofia Reyes as CFO",
    parsed without an object); else the name the participle was hung on ("re-elected Jane Doe")."""
    objects = [c for w in words for c in _children(w, "dobj")]
    objects = objects or [c for w in words for c in _children(w, "oprd") if ctx.agent(c)]
    objects = objects or [w.head for w in words if w.dep_ == "amod" and ctx.agent(w.head)]
    return _agents_of(ctx, objects)


def _agents_of(ctx: _Context, tokens: list[Token]) -> list[_Agent]:
    return _unique([agent for token in tokens for agent in _agents(ctx, token)])


def _appointment_verb(ctx: _Context, verb: Token) -> _Draft | None:
    """ "Y named X as CEO, effective January 13, 2020", "X was appointed chairman", "X will become
    chairman of the board effective immediately", "X will serve as interim CEO"."""
    if verb.pos_ not in {"VERB", "AUX"} or _negated(verb):
        return None
    base = _base(verb)
    if base not in APPOINTING_VERBS and base not in {"become", "serve"}:
        return None  # before the date: looking for it is most of this rule's time
    tense = _tense(verb)
    date = _date(ctx, verb, tense) or _effective_date(ctx, verb)
    if base in APPOINTING_VERBS:
        passive = bool(_children(verb, "nsubjpass"))
        appointed = _subject_agents(ctx, verb) if passive else _patients(ctx, [verb])
        appointers = [] if passive else _subject_agents(ctx, verb)
        if verb.dep_ == "acl" and verb.tag_ == "VBD":  # "Northwind Airlines named X as CFO", misread
            appointers = _agents(ctx, verb.head)
        title = _office(verb)
        if base == "name" and not title:
            return None  # "a man named John"
    elif base in {"become", "serve"}:
        appointed, appointers = _subject_agents(ctx, verb), []
        title = _office(verb)
        if not title or not (date or tense == "future" or _has_effective(verb)):
            return None
        if base == "become" and not set(title.lower().replace("-", " ").split()) & TITLE_WORDS:
            return None  # "became a symbol"
    else:
        return None
    people = [a for a in appointed if a.entity.kind == "person"]
    if not people:
        return None
    who = _join([a.entity.name for a in people])
    name = f"{who} {'become' if len(people) > 1 else 'becomes'} {title}" if title else f"Appointment of {who}"
    draft = _Draft("appointment", verb, name, date, tense, confidence=0.85 if date else 0.75, from_verb=True)
    for agent in people:
        draft.add(agent, False)
    for agent in appointers:
        draft.add(agent, True)
    return draft


def _effective_date(ctx: _Context, verb: Token) -> str | None:
    """ "effective February 1, 2025" (or "effective immediately") in the verb's sentence, wherever the
    parser hung it: a change of office states when it takes effect."""
    sent = verb.sent
    for token in sent:
        if token.lower_ != "effective" or token.i + 1 >= sent.end:
            continue
        following = ctx.doc[token.i + 1]
        if following.lower_ == "immediately":
            article_date = ctx.article.date_published
            return article_date.isoformat() if article_date else None
        ent = ctx.date_at.get(following.i)
        ent = ent if ent is not None and ent.start == following.i else None
        if ent is not None:
            return resolve_date(ent.text, ctx.article.date_published)
    return None


def _office(verb: Token) -> str:
    """The office in "as X", in an object predicate ("named her CEO") or attribute ("become chairman"),
    without its determiner or possessor ("the company's senior vice president" -> "senior vice president")."""
    offices = _prep_objects(verb, "as") + [
        c for c in _children(verb, "oprd", "attr") if c.ent_type_ not in {"PERSON", "ORG"}
    ]
    if not offices and verb.dep_ == "acl":  # "as" hung on the noun the verb was misread to modify
        offices = [o for o in _prep_objects(verb.head, "as") if o.i > verb.i]
    for obj in offices:
        dropped = {t.i for c in obj.children if c.dep_ in {"poss", "det", "relcl", "appos", "acl"} for t in c.subtree}
        kept = [t for t in obj.subtree if t.i not in dropped]
        run = [t for n, t in enumerate(kept) if t.i == kept[0].i + n]
        return _phrase(run)
    return ""


def _has_effective(verb: Token) -> bool:
    return any(t.lower_ == "effective" for t, _ in _clause(verb))


def _departure_verb(ctx: _Context, verb: Token) -> _Draft | None:
    """ "X has resigned from his positions", "X plans to retire in early 2020", "X will step down"."""
    base = _base(verb)
    if verb.pos_ != "VERB" or base not in DEPARTING_VERBS or _negated(verb):
        return None
    if base == "step" and not any(c.lower_ == "down" for c in _children(verb, "prt", "advmod")):
        return None
    if verb.dep_ in {"xcomp", "acl"} and verb.head.lower_ not in PLANNING_WORDS | {"decided", "announced"}:
        return None  # "threatened to resign"
    people = [a for a in _subject_agents(ctx, verb) if a.entity.kind == "person"]
    if not people:
        return None
    tense = _tense(verb)
    name = f"{_join([a.entity.name for a in people])} {DEPARTING_VERBS[base]}"
    draft = _Draft(
        "other",
        verb,
        name,
        _date(ctx, verb, tense) or _effective_date(ctx, verb),
        tense,
        confidence=0.75,
        from_verb=True,
    )
    for agent in people:
        draft.add(agent, False)
    return draft


def _founding_verb(ctx: _Context, verb: Token) -> _Draft | None:
    """ "X was founded in 1919", "Y founded X in 1919", "X was established in 1958": the founded body
    takes part, the founders organise. Kept only with a date."""
    if verb.lower_ not in FOUNDING_FORMS or verb.pos_ != "VERB" or _negated(verb):
        return None
    passive = bool(_children(verb, "nsubjpass"))
    founded = _subject_agents(ctx, verb) if passive else _agents_of(ctx, _children(verb, "dobj"))
    founders = _agents_of(ctx, _prep_objects(verb, "by")) if passive else _subject_agents(ctx, verb)
    bodies = [a for a in founded if a.entity.kind == "organisation"]
    if not bodies or (verb.lower_ in {"established", "formed"} and not passive):
        return None
    date = _date(ctx, verb, "past")
    draft = _Draft("founding", verb, f"Founding of {_join([_written(ctx, a) for a in bodies])}", date, "past",
                   confidence=0.8, from_verb=True, needs_date=True)  # fmt: skip
    for agent in bodies:
        draft.add(agent, False)
    for agent in founders:
        draft.add(agent, True)
    return draft


def _hosting_verb(ctx: _Context, verb: Token) -> _Draft | None:
    """ "X hosted the Y Project earlier this year", "thanked X for hosting Y": a named occasion that is
    not an event noun, organised by the host. Kept only with a date."""
    if verb.pos_ != "VERB" or _base(verb) not in HOSTING_VERBS or _negated(verb):
        return None
    objects = [o for o in _children(verb, "dobj") if o.pos_ == "PROPN" and o.lower_ not in EVENT_NOUNS]
    if not objects or (ctx.entity(objects[0]) is not None and objects[0].lower_ not in OCCASION_HEADS):
        return None  # "hosted the Harbour Workers Union" is a guest, "hosted the Friendship Project" an occasion
    hosts = _subject_agents(ctx, verb)
    tense = _tense(verb)
    date = _date(ctx, verb, tense)
    if not hosts or not date:
        return None
    what = _phrase([t for t in objects[0].subtree if t.dep_ != "det"])
    name = _capitalised(f"{_join([_written(ctx, a) for a in hosts])} hosts the {what}")
    draft = _Draft("other", verb, name, date, tense, _place(ctx, verb), confidence=0.6, from_verb=True)
    for agent in hosts:
        draft.add(agent, True)
    return draft


RULES: tuple[Rule, ...] = (
    _meeting_verb, _election_verb, _appointment_verb, _departure_verb, _founding_verb, _hosting_verb,
    _event_noun,
)  # fmt: skip


# -- delegations ------------------------------------------------------------------------------------


def _delegation_leaders(ctx: _Context, verb: Token) -> tuple[list[_Agent], Token | None] | None:
    """ "X and Y led the delegation (to the summit)", "the delegation was led by X": the leaders take
    part in the named event, else in the article's main event."""
    if verb.pos_ != "VERB" or _base(verb) not in {"lead", "head"}:
        return None
    passive = bool(_children(verb, "nsubjpass"))
    objects = [
        o for o in _children(verb, "nsubjpass" if passive else "dobj") if o.lower_ in {"delegation", "delegations"}
    ]
    if not objects:
        return None
    target = next((o for o in _prep_objects(verb, "to", "at") + _prep_objects(objects[0], "to", "at")
                   if o.lower_ in EVENT_NOUNS), None)  # fmt: skip
    leaders = _agents_of(ctx, _prep_objects(verb, "by")) if passive else _subject_agents(ctx, verb)
    return leaders, target


def _add_delegations(ctx: _Context, events: list[_Draft], main: _Draft | None) -> None:
    for token in ctx.doc:
        found = _delegation_leaders(ctx, token)
        if found is None:
            continue
        leaders, target = found
        event = next((e for e in events if e.trigger == target), None) if target is not None else main
        if event is not None:
            for agent in leaders:
                event.add(agent, False, via=token)


# -- joining drafts into events ---------------------------------------------------------------------

_OCCASIONS = frozenset({"meeting", "visit", "talks", "conference", "convention", "election", "appointment"})


def _is_reported(draft: _Draft, article_date: dt.date | None) -> bool:
    """Reported as news: not to come, and not dated long before the article. A change of office is
    news when announced, whenever it takes effect."""
    if draft.kind == "appointment":
        return True
    if draft.tense == "future" or draft.distinct:
        return False
    if draft.date is None or article_date is None:
        return True
    return (
        draft.date[:4] >= str(article_date.year - 1)
        and draft.date[:10] <= (article_date + dt.timedelta(days=7)).isoformat()[: len(draft.date)]
    )


def _choose_main(events: list[_Draft], lead_end: int, article_date: dt.date | None) -> _Draft | None:
    """The article's main event: told in the lead (its first sentences), reported as news, the first
    occasion (meeting, visit, talks, conference, convention, election, appointment), else the first
    event that is not an anniversary or founding."""
    candidates = [
        e for e in events if e.trigger.i < lead_end and _worth_keeping(e, None) and _is_reported(e, article_date)
    ]
    occasions = [e for e in candidates if e.kind in _OCCASIONS]
    others = [e for e in candidates if e.kind not in {"founding", "anniversary"}]
    return next(iter(occasions or others), None)


def _lead_end(doc: Doc, sentences: int = 4) -> int:
    """The token index where the lead (the first sentences with words) ends."""
    seen = 0
    for sent in doc.sents:
        if any(t.is_alpha for t in sent):
            seen += 1
            if seen == sentences:
                return sent.end
    return len(doc)


def _date_main(main: _Draft, events: list[_Draft], article_date: dt.date | None) -> None:
    """An undated main event happened in the article's year (news reports what is recent), unless the
    article is from the first days of January. Undated events told in its sentence share its date; past
    events a verb tells in its paragraph share its month ("held its convention on October 5. Delegates elected X")."""
    if main.date is None and article_date is not None and main.tense != "future":
        if not (article_date.month == 1 and article_date.day <= _EARLY_JANUARY):
            main.date = str(article_date.year)
    for event in events:
        if event is main or event.date is not None or main.date is None or event.kind == "founding":
            continue
        if not event.agents:
            continue  # "upon his election", with "his" unresolved: nothing to date
        if event.tense == "future" or event.distinct:
            continue
        if event.trigger.sent == main.trigger.sent:
            event.date = main.date
        elif event.from_verb and event.tense == "past" and _paragraph(event.trigger) == _paragraph(main.trigger):
            event.date = main.date[:7]


def _paragraph(token: Token) -> int:
    """The index of the paragraph (line) holding the token."""
    return token.doc.text.count("\n", 0, token.idx)


def _compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def _same_event(kept: _Draft, draft: _Draft) -> bool:
    """Same kind, agreeing dates and shared participants; two verbs also need the same stated date
    ("met on Monday" and "meets ..., June 19, 2023"), else they tell two events ("met", then "gathered")."""
    if kept.kind != draft.kind or not _compatible(kept.date, draft.date) or draft.distinct:
        return False
    if draft.from_verb and kept.from_verb and (draft.date is None or kept.date != draft.date):
        return False
    if kept.attendees() and draft.attendees():
        return bool(kept.attendees() & draft.attendees())
    return bool(kept.parties() & draft.parties())


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """Join the drafts that tell one event; back-references ("the meeting") are left to ``_resolve``."""
    kept: list[_Draft] = []
    for draft in drafts:
        target = None if draft.anaphoric else next((k for k in reversed(kept) if _same_event(k, draft)), None)
        if target is None:
            kept.append(draft)
        else:
            target.absorb(draft)
    return kept


def _resolve(events: list[_Draft], main: _Draft | None) -> list[_Draft]:
    """Back-references and undated mentions of the main event's kind ("the meeting", "at the
    meeting", "a bilateral meeting") are the main event; other back-references are the last event
    of their kind before them, or nothing."""
    kept: list[_Draft] = []
    for event in events:
        mentions_main = main is not None and event is not main and event.kind == main.kind and not event.distinct
        if mentions_main and (event.anaphoric or (not event.from_verb and event.date is None)):
            assert main is not None
            main.absorb(event)
        elif event.anaphoric:
            target = next((k for k in reversed(kept) if k.kind == event.kind and k.trigger.i < event.trigger.i), None)
            if target is not None and not event.distinct:
                target.absorb(event)
        else:
            kept.append(event)
    return kept


def _worth_keeping(draft: _Draft, main: _Draft | None) -> bool:
    """The main event; an event with a date; or one with participants (not an anniversary or founding,
    which say nothing without their date)."""
    if draft is main:
        return True
    if draft.needs_date:
        return draft.date is not None
    if draft.kind == "other" and not draft.from_verb:
        return bool(draft.agents and draft.date)  # "with a rally", "held a welcome ceremony": background
    return bool(draft.date or draft.agents)


def _event(draft: _Draft, main: _Draft | None) -> Event:
    return Event(draft.kind, draft.name, draft.start, draft.end, draft.date, draft.place, draft.participations,
                 main=draft is main, confidence=draft.confidence)  # fmt: skip


def _drafts(ctx: _Context) -> list[_Draft]:
    drafts = []
    for token in ctx.doc:
        for rule in RULES:
            draft = rule(ctx, token)
            if draft is not None:
                drafts.append(draft)
                break
    return drafts


def find_events(doc: Doc, entities: list[Entity], article: SourceArticle) -> list[Event]:
    """The events an article reports or mentions, its main event first."""
    ctx = _context(doc, entities, article)
    events = _merge(_drafts(ctx))
    main = _choose_main(events, _lead_end(doc), article.date_published)
    events = _resolve(events, main)
    if main is not None:
        _date_main(main, events, article.date_published)
    _add_delegations(ctx, events, main)
    events.sort(key=lambda e: e is not main)
    return [_event(e, main) for e in events if _worth_keeping(e, main)]
