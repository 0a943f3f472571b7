"""Event nouns and what their phrase and their verb say: "a meeting of X and Y held on March 10"."""

from __future__ import annotations

from spacy.tokens import Token

from ...model import EventKind
from ..lexicon import (
    ATTENDING_VERBS,
    DISTINCT_MODIFIERS,
    ELECTION_NOUNS,
    HAPPENING_VERBS,
    ORDINAL_WORDS,
    ORGANISING_VERBS,
    TALKS_NOUNS,
)
from .agents import agents_in, agents_of, place_of, subject_agents
from .context import Agent, Context
from .dating import date_of, has_date_expression, tense_of
from .draft import Draft
from .foundings import anniversary_date, celebrating_subject
from .grammar import ORDINAL, base_form, children_with, governor_of, is_negated, is_verb, ordinal_of, prep_objects
from .kinds import EVENT_NOUNS
from .naming import capitalised, join_names, modified_phrase, named_phrase, phrase_of, written_name


def event_noun(ctx: Context, noun: Token) -> Draft | None:
    """An event noun and what its phrase and its verb say: "a meeting of X and Y held on March 10",
    "X and Y held a meeting" (organisers), "X attended the summit", "X spoke at the meeting",
    "their talks with Z", "the X's 31st Convention", "the 100th anniversary of X", "our foundation".
    A noun inside a name ("the General Assembly"), a modifier ("election campaigns") or a generic
    plural ("meetings are important") gives nothing of its own."""
    kind = EVENT_NOUNS.get(noun.lower_)
    gerund = noun.tag_ == "VBG" and noun.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}  # "said balloting will"
    if kind is None or (noun.pos_ not in {"NOUN", "PROPN"} and not gerund):
        return None
    if ctx.entity(noun) is not None and not ordinal_of(noun):
        return None  # a name ("the General Assembly"); an ordinal numbers events ("the 12th Congress")
    if noun.dep_ in {"amod", "nmod"} or (noun.dep_ == "compound" and noun.head.pos_ == "NOUN"):
        return None
    if kind == "founding" and (noun.text[0].isupper() or noun.dep_ == "compound"):
        return None  # "the Ford Foundation", "founding members"
    tense = tense_of(noun)
    draft = Draft(kind, noun, "", date_of(ctx, noun, tense), tense, place_of(ctx, noun))
    if _bare_plural(noun) and not (draft.date or has_date_expression(ctx, noun)):
        return None  # "represented the union at conferences of X": no one event
    _noun_agents(ctx, noun, draft)
    modifiers = {c.lower_ for c in noun.children if c.dep_ in {"det", "amod", "advmod"}}
    ordinal = ordinal_of(noun)
    draft.happened = _told_as_happening(noun)
    own = bool(draft.date or draft.agents or ordinal or draft.happened or named_phrase(noun) != noun.text)
    draft.anaphoric = not own and bool(modifiers & {"the", "this", "that"})
    draft.distinct = bool(modifiers & DISTINCT_MODIFIERS) or tense == "future"
    if kind == "anniversary":
        draft.date = anniversary_date(ctx, noun, ordinal, tense)
        draft.needs_date = True
    elif kind == "founding":
        draft.needs_date = True
    draft.name = _noun_name(ctx, noun, kind, draft)
    draft.confidence = 0.8 if draft.date and draft.agents else 0.65
    return draft


def _noun_agents(ctx: Context, noun: Token, draft: Draft) -> None:
    """Who an event noun's phrase and governing verb name: possessor, "of/between/with/among" objects;
    the subject of "hold/host/organise" (organisers) or of "attend/join/address" and of a verb with
    "at/in/during" the event (participants); "hosted/organised by X" (organisers)."""
    for agent in agents_of(ctx, children_with(noun, "poss")) or _detached_possessor(ctx, noun):
        draft.add(agent, False)
    for obj in prep_objects(noun, "of", "between", "with", "among") + _detached_of(noun):
        if draft.kind in {"anniversary", "founding"} or obj.head.lower_ != "of" or not _is_event_subject(obj):
            for agent in agents_in(ctx, obj):
                draft.add(agent, False)
    for acl in children_with(noun, "acl"):
        if base_form(acl) in ORGANISING_VERBS:
            for obj in prep_objects(acl, "by"):
                for agent in agents_in(ctx, obj):
                    draft.add(agent, True)
    argument = _first_conjunct(noun)  # "attended a meeting of X and a reception": both
    governor = governor_of(argument)
    if governor is None or is_negated(governor):
        return
    base = base_form(governor)
    if argument.dep_ == "dobj" and base in ORGANISING_VERBS:
        for agent in subject_agents(ctx, governor):
            draft.add(agent, True)
    elif argument.dep_ == "nsubjpass" and base in ORGANISING_VERBS:  # "the meeting was hosted by X"
        for agent in agents_of(ctx, prep_objects(governor, "by")):
            draft.add(agent, True)
    elif (argument.dep_ == "dobj" and base in ATTENDING_VERBS) or (
        argument.dep_ == "pobj" and argument.head.lower_ in {"at", "in", "during", "to"}
    ):
        for agent in subject_agents(ctx, governor):
            draft.add(agent, False)


def _first_conjunct(noun: Token) -> Token:
    """The first of coordinated event nouns, which holds their place in the clause."""
    while noun.dep_ == "conj" and noun.head.lower_ in EVENT_NOUNS:
        noun = noun.head
    return noun


def _bare_plural(noun: Token) -> bool:
    """ "conferences of X", "strikes": a plural with no determiner, possessor or number speaks of events in
    general (not "talks" or "elections", plural for one event)."""
    if noun.tag_ != "NNS" or noun.lower_ in TALKS_NOUNS | ELECTION_NOUNS:
        return False
    return not any(c.dep_ in {"det", "poss", "nummod"} for c in noun.children)


def _detached_possessor(ctx: Context, noun: Token) -> list[Agent]:
    """ "the X's upcoming 14th Congress" when the parser hung "X's" elsewhere: the possessive that
    stands right before the noun's modifiers."""
    first = min([noun.i, *(c.left_edge.i for c in noun.lefts if c.dep_ in {"amod", "compound", "nummod"})])
    marker = noun.doc[first - 1] if first > 0 else None
    if marker is None or marker.tag_ != "POS" or marker.head == noun:
        return []
    return agents_in(ctx, marker.head)


def _detached_of(noun: Token) -> list[Token]:
    """ "the election today of X", "the death last Friday of X": the "of" the parser hung on the date
    word that stands between the noun and its complement, or on the noun's verb (a verb takes no "of"
    after its object, the noun does)."""
    governor = noun.head if noun.dep_ == "dobj" else None
    after = [c for c in children_with(governor, "npadvmod", "advmod", "prep") if c.i > noun.i] if governor else []
    found = []
    for word in children_with(noun, "npadvmod", "advmod") + after:
        between = noun.doc[noun.right_edge.i + 1 : word.left_edge.i]
        if all(t.ent_type_ in {"DATE", "TIME"} for t in between):
            found += children_with(word, "pobj") if word.lower_ == "of" else prep_objects(word, "of")
    return found


def _told_as_happening(noun: Token) -> bool:
    """The noun is the subject of a verb of happening: "the ceremony took place", "talks resume on
    October 7", "the strike began"; or of a passive "was held"."""
    verb = noun.head
    if noun.dep_ == "nsubjpass":
        return base_form(verb) in ORGANISING_VERBS and not is_negated(verb)
    if noun.dep_ != "nsubj" or not is_verb(verb) or is_negated(verb) or base_form(verb) not in HAPPENING_VERBS:
        return False
    return base_form(verb) != "take" or any(c.lower_ == "place" for c in children_with(verb, "dobj"))


def _is_event_subject(obj: Token) -> bool:
    """ "the theme of the meeting": an "of" object that is itself an event does not take part."""
    return obj.lower_ in EVENT_NOUNS


def _noun_name(ctx: Context, noun: Token, kind: EventKind, draft: Draft) -> str:
    """ "31st Constitutional Convention of the X", "100th anniversary of the X", "Meeting of X and Y",
    "Talks of X and Y with Z", "Founding of X"."""
    head = named_phrase(noun)
    attendees = [a for a, organiser in draft.agents if not organiser]
    organisers = [a for a, organiser in draft.agents if organiser]
    if kind == "anniversary":
        ordinal = next((c.text for c in noun.children if ORDINAL.match(c.text) or c.lower_ in ORDINAL_WORDS), "")
        of = prep_objects(noun, "of")
        what = (
            join_names([written_name(ctx, a) for a in attendees])
            if attendees
            else phrase_of(list(of[0].subtree))
            if of
            else ""
        )
        what = what or celebrating_subject(noun)
        return capitalised(f"{ordinal} anniversary" + (f" of {what}" if what else "")).strip()
    if kind == "founding":
        return "Founding" + (
            f" of {join_names([written_name(ctx, a) for a, _ in draft.agents])}" if draft.agents else ""
        )
    with_objects = {id(e) for o in prep_objects(noun, "with") for e in (a.entity for a in agents_in(ctx, o))}
    of_agents = [a for a in organisers + attendees if id(a.entity) not in with_objects]
    with_agents = [a for a in attendees if id(a.entity) in with_objects]
    name = capitalised(head if head != noun.text else modified_phrase(noun))
    described = _complement(noun) if not any(agents_in(ctx, o) for o in prep_objects(noun, "of")) else ""
    if described.startswith(" of "):  # "took part in a meeting of top diplomats": named by whom it gathers
        return name + described
    if of_agents:
        name += f" of {join_names([written_name(ctx, a) for a in of_agents])}"
    if with_agents:
        name += f" with {join_names([written_name(ctx, a) for a in with_agents])}"
    if not draft.agents:
        name += _complement(noun)
    if not draft.agents and draft.place is not None:
        name += f" {'to' if kind == 'visit' else 'in'} {draft.place.name}"
    return name


def _complement(noun: Token) -> str:
    """What an event without named participants is about, as written: " of the board of trustees",
    " on the pay agreement" (short phrases only, without their clauses, and not a date)."""
    for prep in children_with(noun, "prep"):
        if prep.lower_ not in {"of", "on", "over", "against"}:
            continue
        clauses = {t.i for obj in children_with(prep, "pobj") for c in children_with(obj, "acl", "relcl", "appos")
                   for t in c.subtree}  # fmt: skip
        words = [t for obj in children_with(prep, "pobj") for t in obj.subtree if t.i not in clauses]
        if words and len(words) <= 8 and not any(t.ent_type_ in {"DATE", "TIME"} for t in words):
            return f" {prep.lower_} {phrase_of(words)}"
    return ""
