"""Reported speech (schema:Claim): one claim per asserted verb of saying outside quotes.

A verb of saying inside another's reported clause is reported, not a speaker of its own; a negated,
hypothetical or passive one asserts nothing. A claim never runs past its cue's paragraph, and a span
that is itself a quote or a statement already made is not a new claim.
"""

from __future__ import annotations

from spacy.tokens import Token

from ...model import Statement
from ..lexicon import CLAIM_VERBS
from ..quotes import Quote
from .clauses import ClaimSpan, reported_by_according, reported_by_clause
from .cues import REPORT_VERBS, is_cue
from .grammar import PREPOSITION_CUES, after_feeling, feeling_clause, purpose_of
from .occasion import at_event
from .reader import Reader
from .speakers import attribution

# Auxiliaries that make a verb of saying hypothetical or future: "will announce", "could say".
_HYPOTHETICAL = frozenset("will shall may might could can should to".split())


def reported_statements(reader: Reader, taken: list[Statement], meeting_at: int | None) -> list[Statement]:
    """One claim per verb of saying outside quotes whose reported clause is not itself a quote."""
    made: list[Statement] = []
    for cue in reader.doc:
        if not is_cue(reader, cue, REPORT_VERBS) or _nested(reader, cue) or _not_asserted(cue):
            continue
        span = reported_by_according(cue) if cue.lower_ in PREPOSITION_CUES else reported_by_clause(reader, cue)
        span = _clip_to_paragraph(reader, span, cue)
        if span is None or overlaps(span[0], span[1], taken + made, reader.quotes):
            continue
        found = attribution(reader, cue, span[2], [(s.start, s.speaker) for s in taken + made])
        for speaker in found.speakers:
            made.append(
                Statement(
                    "reported", reader.text[span[0] : span[1]], speaker, span[0], span[1], found.cue,
                    round(found.confidence, 3), at_event(found.past, span[0], meeting_at),
                )
            )  # fmt: skip
    return made


def _nested(reader: Reader, cue: Token) -> bool:
    """A verb of saying inside another's reported clause ("X said that Y described …")."""
    token = cue
    while token.head.i != token.i:
        if token.dep_ == "ccomp" and is_cue(reader, token.head, CLAIM_VERBS):
            return True
        token = token.head
    return False


def _not_asserted(cue: Token) -> bool:
    """A verb of saying that reports nothing said: negated ("did not say"), hypothetical or future
    ("will announce", "refused to say"), or passive ("was told that", "it is said that"). After an
    adjective of feeling, "to" is the act itself ("is pleased to announce"), unless the adjective is
    negated or hypothetical ("will be pleased to announce")."""
    if after_feeling(cue):
        return any(
            c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL) for c in feeling_clause(cue).children
        )
    purpose = purpose_of(cue)
    if purpose is not None:  # "took to Twitter to state": as asserted as the act it is the purpose of
        return _not_asserted(purpose)
    return any(
        c.dep_ in ("neg", "auxpass", "nsubjpass") or (c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL)
        for c in cue.children
    )


def _clip_to_paragraph(reader: Reader, span: ClaimSpan | None, cue: Token) -> ClaimSpan | None:
    """A reported clause never runs past its cue's paragraph (the parser may join a line without a
    full stop to the next); a clause left with fewer than three words is no claim."""
    if span is None:
        return None
    first, last = reader.paragraph(cue.idx)
    start, end = max(span[0], first), min(span[1], last)
    if len(reader.text[start:end].split()) < 3:
        return None
    return start, end, span[2]


def overlaps(start: int, end: int, statements: list[Statement], quotes: list[Quote]) -> bool:
    """A span that holds a statement or a whole quote of its own is not a new claim."""
    if any(s.start < end and start < s.end for s in statements):
        return True
    return any(start <= q.start and q.end <= end and q.end - q.start > 0.8 * (end - start) for q in quotes)
