"""Meetings, talks, visits and hosted occasions told by a verb, and the delegations that take part."""

from __future__ import annotations

from spacy.tokens import Token

from ...model import Entity, EventKind
from ..lexicon import HOSTING_VERBS, OCCASION_HEADS
from .agents import agents_of, object_agents, place_of, subject_agents
from .context import Agent, Context
from .dating import date_of, tense_of
from .draft import Draft
from .grammar import base_form, children_with, clause_tokens, is_negated, prep_objects
from .kinds import EVENT_NOUNS, MEETING_VERB_KINDS
from .naming import capitalised, join_names, phrase_of, written_name


def meeting_verb(ctx: Context, verb: Token) -> Draft | None:
    """ "X met (with) Y", "X meets Y", "X visited Y", "leaders of X and Y gathered at Z": subject and
    object (or "with" object) take part. Needs two agents, or one and a date; "met the target" is not a
    meeting (its object names no agent)."""
    kind = MEETING_VERB_KINDS.get(base_form(verb)) if verb.pos_ == "VERB" else None
    if kind is None or is_negated(verb) or verb.dep_ in {"amod", "pcomp", "acl"}:
        return None
    subjects = subject_agents(ctx, verb)
    objects = object_agents(ctx, verb)
    place = place_of(ctx, verb)
    if kind == "visit" and not objects:
        place = place or next((ctx.entity(o) for o in children_with(verb, "dobj") if ctx.entity(o)), None)
    if not subjects or (children_with(verb, "dobj") and not objects and kind != "visit"):
        return None
    tense = tense_of(verb)
    date = date_of(ctx, verb, tense)
    if len(subjects) + len(objects) < 2 and not date and not place:
        return None
    name = _meeting_name(ctx, kind, verb, subjects, objects, place)
    draft = Draft(kind, verb, capitalised(name), date, tense, place, confidence=0.85 if date else 0.75,
                   from_verb=True)  # fmt: skip
    for agent in subjects + objects:
        draft.add(agent, False)
    return draft


def _meeting_name(
    ctx: Context, kind: EventKind, verb: Token, subjects: list[Agent], objects: list[Agent], place: Entity | None
) -> str:
    """ "X meets Y", "X visits Y", "X holds talks with Y", "X and Y gather at Z", "Meeting of X and Y"."""
    who = join_names([written_name(ctx, a) for a in subjects])
    if objects:
        verb_word = {"meeting": "meets", "visit": "visits", "talks": "holds talks with"}.get(kind, "meets")
        return f"{who} {verb_word} {join_names([written_name(ctx, a) for a in objects])}"
    if kind == "visit" and place is not None:
        return f"{who} visits {place.name}"
    if base_form(verb) in {"gather", "assemble", "convene"}:
        where = f" {_preposition_of(ctx, verb, place)} {_placed(ctx, verb, place)}" if place is not None else ""
        return f"{who} gather{where}"
    return f"{capitalised(kind)} of {who}"


def _placed(ctx: Context, verb: Token, place: Entity) -> str:
    for current, _ in clause_tokens(verb):
        if current.dep_ == "pobj" and ctx.entity(current) is place:
            return phrase_of(list(current.subtree))
    return place.name


def _preposition_of(ctx: Context, verb: Token, place: Entity) -> str:
    for current, _ in clause_tokens(verb):
        if current.dep_ == "pobj" and ctx.entity(current) is place:
            return current.head.lower_
    return "in"


def hosting_verb(ctx: Context, verb: Token) -> Draft | None:
    """ "X hosted the Y Project earlier this year", "thanked X for hosting Y": a named occasion that is
    not an event noun, organised by the host. Kept only with a date."""
    if verb.pos_ != "VERB" or base_form(verb) not in HOSTING_VERBS or is_negated(verb):
        return None
    objects = [o for o in children_with(verb, "dobj") if o.pos_ == "PROPN" and o.lower_ not in EVENT_NOUNS]
    if not objects or (ctx.entity(objects[0]) is not None and objects[0].lower_ not in OCCASION_HEADS):
        return None  # "hosted the Harbour Workers Union" is a guest, "hosted the Friendship Project" an occasion
    hosts = subject_agents(ctx, verb)
    tense = tense_of(verb)
    date = date_of(ctx, verb, tense)
    if not hosts or not date:
        return None
    what = phrase_of([t for t in objects[0].subtree if t.dep_ != "det"])
    name = capitalised(f"{join_names([written_name(ctx, a) for a in hosts])} hosts the {what}")
    draft = Draft("other", verb, name, date, tense, place_of(ctx, verb), confidence=0.6, from_verb=True)
    for agent in hosts:
        draft.add(agent, True)
    return draft


def _delegation_leaders(ctx: Context, verb: Token) -> tuple[list[Agent], Token | None] | None:
    """ "X and Y led the delegation (to the summit)", "the delegation was led by X": the leaders take
    part in the named event, else in the article's main event."""
    if verb.pos_ != "VERB" or base_form(verb) not in {"lead", "head"}:
        return None
    passive = bool(children_with(verb, "nsubjpass"))
    objects = [
        o for o in children_with(verb, "nsubjpass" if passive else "dobj") if o.lower_ in {"delegation", "delegations"}
    ]
    if not objects:
        return None
    target = next((o for o in prep_objects(verb, "to", "at") + prep_objects(objects[0], "to", "at")
                   if o.lower_ in EVENT_NOUNS), None)  # fmt: skip
    leaders = agents_of(ctx, prep_objects(verb, "by")) if passive else subject_agents(ctx, verb)
    return leaders, target


def add_delegations(ctx: Context, events: list[Draft], main: Draft | None) -> None:
    for token in ctx.doc:
        found = _delegation_leaders(ctx, token)
        if found is None:
            continue
        leaders, target = found
        event = next((e for e in events if e.trigger == target), None) if target is not None else main
        if event is not None:
            for agent in leaders:
                event.add(agent, False, via=token)
