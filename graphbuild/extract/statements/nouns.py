"""Claims made with a noun of saying: "Doe made the charge that …", "the union repeated its warning
that …". The noun's "that" clause is the claim; its speaker is the noun's possessive or the subject of
the verb that makes or issues it. A noun a speaker only meets ("rejected the claim that …") is not
theirs, so only verbs of uttering count."""

from __future__ import annotations

from spacy.tokens import Token

from ...model import Statement
from ..lexicon import SAYING_NOUNS, UTTERING_VERBS
from . import confidence
from .grammar import subject_of, trim
from .occasion import at_event
from .reader import Reader
from .reported import overlaps
from .speakers import agent_speakers


def noun_claims(reader: Reader, taken: list[Statement], meeting_at: int | None) -> list[Statement]:
    """One claim per noun of saying that a speaker utters with a "that" clause of its own."""
    made: list[Statement] = []
    for noun in reader.doc:
        clause = _content_clause(noun)
        if clause is None or reader.in_quote(noun.idx) or noun.head.lower_ not in UTTERING_VERBS:
            continue
        verb = noun.head
        if noun.dep_ != "dobj" or any(c.dep_ in ("neg", "auxpass", "nsubjpass") for c in verb.children):
            continue
        start, end = trim(clause.left_edge, clause.right_edge)
        if len(reader.text[start:end].split()) < 3 or overlaps(start, end, taken + made, reader.quotes):
            continue
        owner = next((c for c in noun.children if c.dep_ == "poss"), None) or subject_of(verb)
        speakers, how = agent_speakers(reader, owner, [(s.start, s.speaker) for s in taken + made])
        trust = confidence.CLAUSE * confidence.SPEAKER_FACTOR[how]
        past = verb.tag_ in ("VBD", "VBN")
        for speaker in speakers:
            made.append(
                Statement("reported", reader.text[start:end], speaker, start, end, noun.lower_, round(trust, 3),
                          at_event(past, start, meeting_at))
            )  # fmt: skip
    return made


def _content_clause(noun: Token) -> Token | None:
    """The "that" clause a noun of saying holds: "the charge [that the board lied]"."""
    if noun.lower_ not in SAYING_NOUNS or noun.pos_ != "NOUN":
        return None
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp") and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
            return child
    return None
