"""Roles people hold, read from the grammar of titles (never from lists of names).

A *title phrase* is a noun group headed by a role noun ("national co-chair", "Chief Financial Officer",
"labor historian"), with its organisation read from the phrase itself:
- a compound or possessive before it: "DWU co-Chair", "the union's treasurer", "Board member";
- a complement after it: "of the DWU", "with the Dock Workers Union", "of the party's central committee";
- a generic noun ("the union", "the Board", "the company") is the named organisation it stands for.
A place or nationality stays in the title ("Chinese President", "President of the Republic of Korea").

A title phrase becomes a role when the grammar ties it to a person:
- appositive: "Maria Okafor, national secretary of the DWU," / "Comrade Lee, the union's treasurer";
- reverse appositive: "the union's president, Jane Doe,";
- pre-modifier: "U.S. Secretary of Labor Ann Reyes", "Union president Jane Doe";
- predicate: "Smith is the union's president", "Lee will become chair of the Board";
- "as": "named Lee as treasurer", "Lee will serve as interim CEO", "resigned from his posts as ...";
- appointment: "Lee was elected president of the DWU", "the DWU elected Lee president".
Coordinated titles ("president and treasurer of the DWU") and coordinated bodies ("a member of the party's
central committee and its youth commission") give one role each. An appointment's stated effective
date ("effective January 13, 2020", "effective immediately") becomes Role.effective.

The package: ``context`` (the Doc, the Discourse and word tests), ``phrases`` (title phrases and their
organisations), ``rules`` (the grammar that ties a title to a person), ``dating`` (effective dates and
terms); here, readings become Roles.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ...limits import check_deadline
from ...model import Entity, Role, SourceArticle
from ..discourse import Discourse, Named
from ..lexicon import FORMER_WORDS, RANK_MODIFIERS, SUCCEED_VERBS, TITLE_ABBREVIATIONS, WHOLE_ORG_NOUNS
from ..parse import word_of
from .context import Context, build_context, most_mentioned, resolve_generic
from .dating import effective_date, resigning, term
from .rules import Reading, appointment, appositive, as_title, office_verb, predicate, premodifier, reverse_appositive


def sentence_organisation(ctx: Context, sent: Span, person: Named) -> Entity | None:
    """The organisation the sentence names, by name or generic noun ("the company"), that the article
    mentions most: the employer, as a rule."""
    orgs: list[Entity] = []
    for token in sent:
        named = ctx.starting.get(token.i)
        if named is not None and named.entity.kind == "organisation" and named.entity is not person.entity:
            orgs.append(named.entity)
        elif ctx.covering[token.i] is None and word_of(token) in WHOLE_ORG_NOUNS:
            orgs.extend(o for o in [resolve_generic(ctx, token)] if o is not None)
    return most_mentioned(orgs)


def succession_party(ctx: Context, person: Named) -> bool:
    """The person succeeds someone or is succeeded ("to replace retiring President Lee", "is replaced by
    interim CEO Doe"): the office at stake is one in the organisation the sentence names."""
    doc = ctx.doc
    root = next((t for t in doc[person.start : person.end] if not person.start <= t.head.i < person.end), None)
    if root is None:
        return False
    verb = root.head.head if root.dep_ == "pobj" and root.head.dep_ == "agent" else root.head
    if verb.tag_ == "VBG" and verb.dep_ in ("xcomp", "amod"):
        verb = verb.head  # "to replace retiring President Lee", parsed as the object of "retiring"
    arguments = ("dobj", "nsubj", "nsubjpass", "pobj")
    return root.dep_ in arguments and verb.pos_ == "VERB" and verb.lower_ in SUCCEED_VERBS


# -- from readings to roles -----------------------------------------------------------------------
def to_roles(ctx: Context, reading: Reading, sent: Span) -> list[Role]:
    """One Role per title and organisation of a reading; an office with no organisation named takes the
    sentence's when the rule describes the person (not a title before a name: "President Biden")."""
    doc = ctx.doc
    person = reading.person
    effective = None
    if reading.dated and not resigning(sent):
        effective = effective_date(ctx, sent)
    roles = []
    for phrase in reading.phrases:
        titles = phrase.titles()
        confidence = reading.confidence
        guess = reading.guess_org or succession_party(ctx, person)
        if not phrase.has_org and guess and not phrase.qualified and not phrase.occupation:
            guessed = sentence_organisation(ctx, sent, person) or ctx.discourse.main_organisation()
            if guessed is not None:
                titles, confidence = [(label, guessed) for label, _ in titles], confidence - 0.2
        start = min(doc[person.start].idx, doc[phrase.start].idx)
        last = doc[max(person.end, phrase.end) - 1]
        began, ended = term(ctx, phrase, sent)
        former = bool(FORMER_WORDS & {w.lower() for w in re.split(r"[\s-]+", phrase.label)}) or ended is not None
        for label, org in titles:
            end = last.idx + len(last)
            label = spelled_out(label)
            role = Role(person.entity, label, org, start, end, effective or began, ended, former, confidence)
            roles.append(role)
    return roles


def spelled_out(title: str) -> str:
    """A title with its abbreviations written in full, as a label reads: "Sen." is "Senator"."""
    words = title.split(" ")
    return " ".join(_full(w) for w in words)


def _full(word: str) -> str:
    full = TITLE_ABBREVIATIONS.get(word.lower().rstrip("."))
    if full is None or not (word.endswith(".") or word[:1].isupper()):
        return word
    return full.capitalize() if word[:1].isupper() else full


def _words(title: str) -> set[str]:
    return {w for w in re.findall(r"\w+", title.lower()) if w not in ("of", "the", "and")}


def _subsumed(role: Role, other: Role) -> bool:
    """``role`` says less than ``other`` about the same title: "Secretary" beside "Secretary of State"."""
    if role is other or role.person is not other.person:
        return False
    if role.organisation is not None and role.organisation is not other.organisation:
        return False
    mine, theirs = _words(role.title), _words(other.title)
    if not mine <= theirs or (mine == theirs and role.organisation is other.organisation):
        return False
    return not (theirs - mine) & RANK_MODIFIERS


def dedupe(roles: list[Role]) -> list[Role]:
    """One role per person, title and organisation; drop roles another role states more fully."""
    best: dict[tuple[int, str, int], Role] = {}
    for role in roles:
        key = (id(role.person), role.title.lower(), id(role.organisation))
        kept = best.get(key)
        if kept is None or role.confidence > kept.confidence:
            if kept is not None and role.effective is None:
                role.effective = kept.effective
            best[key] = role
        elif kept.effective is None:
            kept.effective = role.effective
        kept = best[key]
        kept.ended = kept.ended or role.ended
        kept.former = kept.former or role.former
    unique = list(best.values())
    return sorted((r for r in unique if not any(_subsumed(r, o) for o in unique)), key=lambda r: (r.start, r.end))


def find_roles(
    doc: Doc, entities: list[Entity], article: SourceArticle, discourse: Discourse | None = None
) -> list[Role]:
    """Every role the grammar of titles ties to a person in the article."""
    ctx = build_context(doc, discourse or Discourse(doc, entities, article), article)
    roles: list[Role] = []
    for sent in doc.sents:
        check_deadline()
        readings: list[Reading] = []
        for person in (p for p in ctx.people if sent.start <= p.start < sent.end):
            for rule in (appositive, reverse_appositive, premodifier):
                readings.extend(rule(ctx, person, sent))
        for sentence_rule in (predicate, appointment, as_title, office_verb):
            readings.extend(sentence_rule(ctx, sent))
        for reading in readings:
            roles.extend(to_roles(ctx, reading, sent))
    return dedupe(roles)
