"""Events a verb tells that are not meetings or changes of office: deaths ("X died last Friday",
"X passed away") and signings ("X and Y signed a memorandum", "the agreement reached on Tuesday")."""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import AGREEMENT_NOUNS, DYING_VERBS, SIGNING_VERBS
from .agents import agents_of, object_agents, subject_agents
from .context import Context
from .dating import date_of, tense_of
from .draft import Draft
from .grammar import base_form, children_with, is_negated, prep_objects
from .naming import capitalised, join_names, phrase_of, written_name


def death_verb(ctx: Context, verb: Token) -> Draft | None:
    """ "X died on Monday", "X passed away": the person takes part."""
    if verb.pos_ != "VERB" or is_negated(verb):
        return None
    base = base_form(verb)
    away = base == "pass" and any(c.lower_ == "away" for c in children_with(verb, "prt", "advmod"))
    if base not in DYING_VERBS and not away:
        return None
    people = [a for a in subject_agents(ctx, verb) if a.entity.kind == "person"]
    if not people:
        return None
    tense = tense_of(verb)
    draft = Draft("other", verb, f"Death of {join_names([a.entity.name for a in people])}", date_of(ctx, verb, tense),
                  tense, confidence=0.8, from_verb=True)  # fmt: skip
    for agent in people:
        draft.add(agent, False)
    return draft


def signing_verb(ctx: Context, verb: Token) -> Draft | None:
    """ "X signed an agreement with Y", "X and Y reached a deal", "the memorandum signed by X and Y",
    "the pay agreement reached at the commission on Tuesday": the signatories take part."""
    if verb.pos_ != "VERB" or is_negated(verb) or base_form(verb) not in SIGNING_VERBS:
        return None
    if verb.dep_ == "acl" and verb.head.lower_ in AGREEMENT_NOUNS:
        agreement = verb.head
        parties = agents_of(ctx, prep_objects(verb, "by") + prep_objects(agreement, "between", "with"))
    else:
        objects = [o for o in children_with(verb, "dobj", "nsubjpass") if o.lower_ in AGREEMENT_NOUNS]
        if not objects:
            return None
        agreement = objects[0]
        passive = objects[0].dep_ == "nsubjpass"
        parties = agents_of(ctx, prep_objects(verb, "by")) if passive else subject_agents(ctx, verb)
        parties += object_agents(ctx, verb) + agents_of(ctx, prep_objects(agreement, "between", "with"))
    tense = tense_of(verb)
    what = phrase_of([t for t in agreement.subtree if t.i <= agreement.i and t.dep_ not in {"det", "poss"}])
    reached = base_form(verb) == "reach"
    name = capitalised(f"{what} reached" if reached else f"signing of the {what}")
    if parties and not reached:
        name += f" by {join_names([written_name(ctx, a) for a in parties])}"
    draft = Draft("other", verb, name, date_of(ctx, verb, tense), tense, confidence=0.7, from_verb=True)
    for agent in parties:
        draft.add(agent, False)
    return draft
