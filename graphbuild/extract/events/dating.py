"""When: the tense an event is told in, and the date expressions of its clause resolved against the
article's date (graphbuild.extract.dates)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span, Token

from ..dates import Tense, resolve_date
from ..lexicon import FUTURE_AUX, FUTURE_MODIFIERS, PLANNING_WORDS, REPORTING_VERBS
from .context import Context
from .grammar import base_form, children_with, clause_tokens, clause_verb, governor_of, is_verb

_YEAR = re.compile(r"(1[5-9]|20)\d\d")


def tense_of(token: Token) -> Tense:
    """Future for "will meet", "the upcoming elections", "scheduled for", "plans to retire"; past for a
    verb in the past tense; else unknown."""
    words = {child.lower_ for child in token.children}
    verb = token if is_verb(token) else clause_verb(token)
    if words & FUTURE_MODIFIERS:
        return "future"
    if any(base_form(child) in {"schedule", "plan"} for child in children_with(token, "acl")):
        return "future"
    if verb is not None:
        aux = {child.lower_ for child in children_with(verb, "aux", "auxpass")}
        if aux & FUTURE_AUX or (verb.dep_ in {"xcomp", "acl"} and verb.head.lower_ in PLANNING_WORDS):
            return "future"
        if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and aux & {"has", "have", "had", "was", "were"}):
            return "past"
    return None


def _dates(ctx: Context, token: Token) -> list[Span | None]:
    """DATE spans in the token's clause, nearest first (None stands for "effective immediately"); for an
    event noun also those the verb it is an argument of takes ("X held a meeting on Monday", "the
    elections turn out in November")."""
    by_token = ctx.date_at
    subject = {t.i for s in children_with(token, "nsubj", "nsubjpass") for t in s.subtree} if is_verb(token) else set()
    candidates = [(t, depth) for t, depth in clause_tokens(token) if t.i not in subject]  # not "X, CEO since 2015,"
    governor = None if is_verb(token) else governor_of(token)
    if governor is not None:
        for child in governor.children:
            if child.dep_ in {"prep", "npadvmod"} and token not in child.subtree:
                candidates += [(t, depth + 2) for t, depth in clause_tokens(child)]
    found: dict[int, tuple[int, Span | None]] = {}
    for current, depth in candidates:
        ent = by_token.get(current.i)
        if ent is not None:
            found.setdefault(ent.start, (depth, ent))
        elif _immediate(current):
            found.setdefault(-1, (depth, None))
    return [ent for _, (depth, ent) in sorted(found.items(), key=lambda item: (item[1][0], item[0]))]


def _immediate(token: Token) -> bool:
    """ "effective immediately", "with immediate effect": the change takes effect the day it is told."""
    if token.lower_ == "immediately":
        return token.head.lower_ == "effective"
    return token.lower_ == "effect" and any(c.lower_ == "immediate" for c in token.children)


def date_of(ctx: Context, token: Token, tense: Tense) -> str | None:
    """The first date expression of the event's clause that resolves, at the text's precision; for an
    event in the present perfect told as what a dated report says ("X announced today that Y has
    resigned"), the report's date: the present perfect tells what has just happened; for a verb
    coordinated with another, the other's ("X resigned on Monday and was replaced by Y")."""
    own = _own_date(ctx, token, tense) or _reported_date(ctx, token)
    if own is None and token.dep_ == "conj" and is_verb(token) and is_verb(token.head):
        return _own_date(ctx, token.head, tense_of(token.head)) or _reported_date(ctx, token.head)
    return own


def _own_date(ctx: Context, token: Token, tense: Tense) -> str | None:
    for ent in _dates(ctx, token):
        if ent is None:
            article_date = ctx.today
            return article_date.isoformat() if article_date else None
        resolved = resolve_date(ent.text, ctx.today, tense=tense)
        if resolved:
            return resolved
    return None


def _reported_date(ctx: Context, verb: Token) -> str | None:
    perfect = any(c.lower_ in {"has", "have"} for c in children_with(verb, "aux"))
    if not (perfect and verb.dep_ == "ccomp" and verb.tag_ == "VBN" and verb.head.lower_ in REPORTING_VERBS):
        return None
    return _own_date(ctx, verb.head, tense_of(verb.head))


def has_date_expression(ctx: Context, token: Token) -> bool:
    """Whether the event's clause states when, even where the article's missing date leaves it unresolved."""
    return any(ent is not None for ent in _dates(ctx, token))


def listed_years(ctx: Context, token: Token) -> list[Token]:
    """The years of the event's nearest date expression when it lists several ("in 1981, 1985 and 1989",
    however the parser split the list into DATE spans): a repeated event, once a year. Empty for one
    year or none."""
    found = _dates(ctx, token)
    if not found or found[0] is None:
        return []
    words = list(_listed_run(ctx, found[0]))
    years = [t for t in words if _YEAR.fullmatch(t.text)]
    listed = (
        len(years) > 1
        and any(t.lower_ in {"and", ","} for t in words)
        and not any(t.lower_ in {"from", "to", "through", "until", "-", "between"} for t in words)
    )
    return years if listed else []


def _listed_run(ctx: Context, nearest: Span) -> Iterator[Token]:
    """The date expression with the dates listed before and after it, joined by commas and "and"."""
    doc, start, end = ctx.doc, nearest.start, nearest.end
    while end + 1 < len(doc) and doc[end].lower_ in {",", "and"}:
        following = ctx.date_at.get(end + 1)
        if following is None or following.start != end + 1:
            break
        end = following.end
    while start >= 2 and doc[start - 1].lower_ in {",", "and"}:
        preceding = ctx.date_at.get(start - 2)
        if preceding is None or preceding.end != start - 1:
            break
        start = preceding.start
    return iter(doc[start:end])


def effective_date_of(ctx: Context, verb: Token) -> str | None:
    """ "effective February 1, 2025" (or "effective immediately") in the verb's sentence, wherever the
    parser hung it: a change of office states when it takes effect."""
    sent = verb.sent
    for token in sent:
        if token.lower_ != "effective" or token.i + 1 >= sent.end:
            continue
        following = ctx.doc[token.i + 1]
        if following.lower_ == "immediately":
            article_date = ctx.today
            return article_date.isoformat() if article_date else None
        ent = ctx.date_at.get(following.i)
        ent = ent if ent is not None and ent.start == following.i else None
        if ent is not None:
            return resolve_date(ent.text, ctx.today)
    return None


def has_effective(verb: Token) -> bool:
    return any(t.lower_ == "effective" for t, _ in clause_tokens(verb))
