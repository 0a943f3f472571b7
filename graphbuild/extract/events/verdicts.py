"""Verdicts and sentences: "X was found guilty of Y", "the jury convicted X", "X was acquitted",
"X was sentenced to life in prison". The defendant takes part."""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import VERDICT_ADJECTIVES, VERDICT_VERBS
from .agents import patients_of, subject_agents
from .context import Context
from .dating import date_of, tense_of
from .draft import Draft
from .grammar import base_form, children_with, clause_tokens, is_negated, is_passive
from .naming import join_names, phrase_of

_MODALS = frozenset("should would could might may must can".split())
_PAST = {"convict": "convicted", "acquit": "acquitted", "sentence": "sentenced"}


def verdict_verb(ctx: Context, verb: Token) -> Draft | None:
    """ "found (not) guilty", "convicted", "acquitted", "sentenced": named by what the verdict is of or
    the sentence is to, as written. "has not been convicted" and "why he should be convicted" are none."""
    base = base_form(verb)
    if verb.pos_ != "VERB" or is_negated(verb) or {c.lower_ for c in children_with(verb, "aux")} & _MODALS:
        return None
    if base == "find":
        verdicts = [c for c in children_with(verb, "oprd", "acomp", "ccomp") if c.lower_ in VERDICT_ADJECTIVES]
        if not verdicts:
            return None  # "found a job"
        said = f"found {'not ' if is_negated(verdicts[0]) else ''}{verdicts[0].lower_}"
        after = verdicts[0]
    elif base in VERDICT_VERBS:
        said, after = _PAST[base], verb
    else:
        return None
    defendants = subject_agents(ctx, verb) if is_passive(verb) else patients_of(ctx, [verb])
    people = [a for a in defendants if a.entity.kind == "person"]
    if not people:
        return None
    tense = tense_of(verb)
    name = f"{join_names([a.entity.name for a in people])} {said}{_charge(verb, after)}"
    draft = Draft("other", verb, name, date_of(ctx, verb, tense), tense, confidence=0.7, from_verb=True)
    for agent in people:
        draft.add(agent, False)
    return draft


def _charge(verb: Token, after: Token) -> str:
    """ " of the murder of X", " to death": the first "of" or "to" phrase after the verdict in its clause,
    wherever the parser hung it ("found guilty at Newport of the murder")."""
    for token, _ in sorted(clause_tokens(verb), key=lambda pair: pair[0].i):
        if token.i > after.i and token.lower_ in {"of", "to"} and token.dep_ == "prep":
            objects = children_with(token, "pobj")
            if objects:
                return f" {token.lower_} {phrase_of(list(objects[0].subtree))}"
    return ""
