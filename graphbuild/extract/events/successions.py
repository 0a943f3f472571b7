"""Successions: "Y succeeds X as chairman", "Y will replace X", "X is replaced by interim CEO Y"."""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import SUCCEEDING_VERBS
from .agents import agents_of, subject_agents
from .context import Context
from .dating import date_of, effective_date_of, tense_of
from .draft import Draft
from .grammar import base_form, children_with, is_negated, is_passive, prep_objects
from .offices import office_of


def succession_verb(ctx: Context, verb: Token) -> Draft | None:
    """The successor takes up the predecessor's office: an appointment of the successor, which the
    appointment a verb of appointing tells joins ("named X as CEO. X succeeds Y"). Both must be people:
    "replaced the roof", "replaced three dozen ministers" name no one."""
    if verb.pos_ != "VERB" or is_negated(verb) or base_form(verb) not in SUCCEEDING_VERBS:
        return None
    if is_passive(verb):
        successors, predecessors = agents_of(ctx, prep_objects(verb, "by")), subject_agents(ctx, verb)
    else:
        successors, predecessors = subject_agents(ctx, verb), agents_of(ctx, children_with(verb, "dobj"))
    people = [a for a in successors if a.entity.kind == "person"]
    before = [a for a in predecessors if a.entity.kind == "person"]
    if not people or not before:
        return None
    title = office_of(verb)
    name = f"{people[0].entity.name} succeeds {before[0].entity.name}" + (f" as {title}" if title else "")
    tense = tense_of(verb)
    date = date_of(ctx, verb, tense) or effective_date_of(ctx, verb)
    draft = Draft("appointment", verb, name, date, tense, confidence=0.7)  # not from a verb of appointing: joins one
    draft.add(people[0], False)
    return draft
