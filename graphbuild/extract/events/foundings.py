"""Foundings and anniversaries: "X was founded in 1919", "the 100th anniversary of X"."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..dates import Tense
from ..lexicon import CELEBRATING_VERBS, FOUNDING_FORMS
from .agents import agents_in, agents_of, subject_agents
from .context import Context
from .dating import date_of
from .draft import Draft
from .grammar import base_form, children_with, clause_verb, is_negated, is_passive, is_verb, prep_objects
from .naming import join_names, phrase_of, written_name


def founding_verb(ctx: Context, verb: Token) -> Draft | None:
    """ "X was founded in 1919", "Y founded X in 1919", "X was established in 1958": the founded body
    takes part, the founders organise. Kept only with a date."""
    if verb.lower_ not in FOUNDING_FORMS or verb.pos_ != "VERB" or is_negated(verb):
        return None
    described = verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in {"NOUN", "PROPN"}
    passive = is_passive(verb) or described
    if described:  # "the institute, founded in 1965, works for ...": the noun it describes was founded
        founded = agents_in(ctx, verb.head)
    else:
        founded = subject_agents(ctx, verb) if passive else agents_of(ctx, children_with(verb, "dobj"))
    founders = agents_of(ctx, prep_objects(verb, "by")) if passive else subject_agents(ctx, verb)
    bodies = [a for a in founded if a.entity.kind == "organisation"]
    if verb.lower_ in {"established", "formed"} and not passive:
        return None
    if bodies:
        what = join_names([written_name(ctx, a) for a in bodies])
    elif described and verb.head.pos_ == "NOUN" and any(c.lower_ == "the" for c in children_with(verb.head, "det")):
        what = f"the {verb.head.lower_}"  # "the institute" the entities did not name: as written
    else:
        return None
    date = date_of(ctx, verb, "past")
    draft = Draft("founding", verb, f"Founding of {what}", date, "past", confidence=0.8 if bodies else 0.6,
                  from_verb=True, needs_date=True)  # fmt: skip
    for agent in bodies:
        draft.add(agent, False)
    for agent in founders:
        draft.add(agent, True)
    return draft


def anniversary_date(ctx: Context, noun: Token, ordinal: int | None, tense: Tense) -> str | None:
    """A stated date; else the year of the commemorated event plus the ordinal ("the 100th anniversary
    of its founding in 1921"); else the article's year when the anniversary is being celebrated now
    ("X celebrates its 50th anniversary", "held a meeting to celebrate the 100th anniversary")."""
    stated = date_of(ctx, noun, tense)
    if stated:
        return stated
    if ordinal:
        for obj in prep_objects(noun, "of"):
            for token in obj.subtree:
                year = re.fullmatch(r"(1[5-9]|20)\d\d", token.text)
                if year and token.ent_type_ == "DATE":
                    return str(int(token.text) + ordinal)
    article_date = ctx.today
    if article_date is None or tense == "future":
        return None
    return str(article_date.year) if _celebrated(noun) else None


def _celebrated(noun: Token) -> bool:
    """The anniversary is the object of a celebrating verb (or of one coordinated with it)."""
    current = noun
    while current.head != current and not is_verb(current):
        current = current.head
    verbs = [current, current.head] if current.dep_ == "conj" else [current]
    return any(base_form(v) in CELEBRATING_VERBS and not is_negated(v) for v in verbs if is_verb(v))


def celebrating_subject(noun: Token) -> str:
    """ "State Federation Celebrates 50th Anniversary": the subject of the celebrating verb, as written."""
    verb = clause_verb(noun)
    subjects = children_with(verb, "nsubj") if verb is not None else []
    phrase = phrase_of(list(subjects[0].subtree)) if subjects else ""
    return phrase[:1].lower() + phrase[1:] if subjects and subjects[0].left_edge.pos_ == "DET" else phrase
