"""The dates of a role: an appointment's stated effective date, and a term written after the title."""

from __future__ import annotations

import re

from spacy.tokens import Span

from ...reader import find_date
from ..dates import resolve_date
from ..lexicon import RESIGN_WORDS
from ..parse import word_of
from .context import Context
from .phrases import Phrase

# A term the text gives right after a title: "from 1962 to 1970", "since July 2007", "in 1976".
_MONTH_YEAR = r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?)?\d{4}"


_TERM = re.compile(
    rf"^[^.;,]{{0,40}}?\b(?:(?:from|between)\s+(?P<start>{_MONTH_YEAR})\s*(?:to|until|till|through|and|-|–)\s*"
    rf"(?P<end>{_MONTH_YEAR}|the\s+present)|since\s+(?P<since>{_MONTH_YEAR})|in\s+(?P<year>{_MONTH_YEAR}))\b"
)


_EFFECTIVE = re.compile(r"\beffective\s+(?:on\s+|from\s+|as\s+of\s+)?", re.I)


_EFFECTIVE_NOW = re.compile(r"(?:immediately|today|now)\b", re.I)


# -- dates and organisations from the sentence ----------------------------------------------------
def effective_date(ctx: Context, sent: Span) -> str | None:
    """ "effective January 13, 2020" in the sentence; "effective immediately" is the article's date."""
    tail = sent.text
    found = _EFFECTIVE.search(tail)
    if found is None:
        return None
    rest = tail[found.end() :]
    published = ctx.article.date_published
    if _EFFECTIVE_NOW.match(rest):
        return published.isoformat() if published else None
    dated = find_date(rest[:40], year_hint=published.year if published else None, need_year=False)
    return dated[0].isoformat() if dated and dated[1][0] == 0 else None


def resigning(sent: Span) -> bool:
    return any(word_of(t) in RESIGN_WORDS for t in sent)


def term(ctx: Context, phrase: Phrase, sent: Span) -> tuple[str | None, str | None]:
    """The dates a title is held, written right after it: "from 1962 to 1970", "since July 2007", "in 1976"
    (an appointment's year); each resolved at the precision the text gives. Not past a comma: "former
    vice president X, who retired in 2006" does not start in 2006."""
    doc = ctx.doc
    if phrase.end >= sent.end:
        return None, None
    found = _TERM.match(sent.text[doc[phrase.end].idx - sent.start_char :])
    if found is None:
        return None, None
    published = ctx.article.date_published

    def iso(expression: str | None) -> str | None:
        return resolve_date(expression, published) if expression and expression[-1].isdigit() else None

    return iso(found["start"] or found["since"] or found["year"]), iso(found["end"])
