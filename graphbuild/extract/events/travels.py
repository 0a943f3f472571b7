"""Journeys' ends told by a verb and the place reached: "X arrived in Samarkand on Wednesday" (a visit
begins), "X returned to the UK in February"."""

from __future__ import annotations

from spacy.tokens import Token

from ...model import EventKind
from ..lexicon import ARRIVING_VERBS
from .agents import subject_agents
from .context import Context
from .dating import date_of, tense_of
from .draft import Draft
from .grammar import base_form, children_with, is_negated
from .naming import capitalised, join_names, phrase_of, written_name


def arrival_verb(ctx: Context, verb: Token) -> Draft | None:
    """The travellers take part; the place must be one the entities name ("arrived at a decision",
    "returned to profit" reach none)."""
    base = base_form(verb)
    if verb.pos_ != "VERB" or base not in ARRIVING_VERBS or is_negated(verb):
        return None
    reached = _place_reached(ctx, verb, {"in", "at"} if base == "arrive" else {"to"})
    travellers = subject_agents(ctx, verb)
    if reached is None or not travellers:
        return None
    who = join_names([written_name(ctx, a) for a in travellers])
    where = phrase_of(list(reached.subtree))
    kind: EventKind = "visit" if base == "arrive" else "other"
    name = f"{who} visits {where}" if base == "arrive" else f"{who} returns to {where}"
    tense = tense_of(verb)
    draft = Draft(kind, verb, capitalised(name), date_of(ctx, verb, tense), tense, ctx.entity(reached),
                  confidence=0.7, from_verb=True)  # fmt: skip
    for agent in travellers:
        draft.add(agent, False)
    return draft


def _place_reached(ctx: Context, verb: Token, prepositions: set[str]) -> Token | None:
    for prep in children_with(verb, "prep"):
        if prep.lower_ not in prepositions:
            continue
        for obj in children_with(prep, "pobj"):
            entity = ctx.entity(obj)
            if entity is not None and entity.kind == "place":
                return obj
    return None
