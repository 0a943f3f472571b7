"""Verbs of saying: which tokens are cues, and the cue right after or right before a quote.

“…,” Doe said · “…,” said Doe · “…,” according to Doe · Doe said, “…” · Said Doe: “…” · Doe told
reporters: “…” · Doe said that “…”.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import (
    CLAIM_VERBS,
    OBJECT_PHRASE_CLAIM_VERBS,
    PREPOSITION_CLAIM_VERBS,
    QUESTION_VERBS,
    QUOTE_ONLY_VERBS,
)
from ..quotes import MARKS, Quote
from .grammar import PREPOSITION_CUES, opens_sentence, prepositional_agent, subject_of
from .reader import Reader

QUOTE_VERBS = {**CLAIM_VERBS, **QUOTE_ONLY_VERBS}
# verbs whose clause or object is a claim, or (for verbs of asking) an indirect question
REPORT_VERBS = {**CLAIM_VERBS, **PREPOSITION_CLAIM_VERBS, **OBJECT_PHRASE_CLAIM_VERBS, **QUESTION_VERBS}


def is_cue(reader: Reader, token: Token, verbs: dict[str, str] = QUOTE_VERBS, inverted: bool = False) -> bool:
    """A verb of saying outside quotes; with ``inverted``, also a capitalised one opening its
    sentence that the tagger took for a name ("Said Doe, …")."""
    if reader.in_quote(token.idx):
        return False
    if token.lower_ in PREPOSITION_CUES:
        return prepositional_agent(token) is not None
    if token.lower_ not in verbs:
        return False
    return token.tag_.startswith("VB") or (inverted and token.is_title and opens_sentence(token))


def cue_after(reader: Reader, quote: Quote) -> Token | None:
    """“…,” Doe said / “…,” said Doe / “…,” according to Doe: a cue right after a quote that
    opens its sentence, with only its subject, adverbs and punctuation in between."""
    if quote.close_at is None or not reader.starts_sentence(quote):
        return None
    first = reader.token_at(quote.close_at).i + 1
    for token in reader.doc[first : first + 12]:
        if "\n" in token.text or token.text in MARKS or token.text in (".", "!", "?"):
            return None
        if is_cue(reader, token):
            between = reader.doc[first : token.i]
            subject = subject_of(token)
            inside = set() if subject is None else {t.i for t in subject.subtree}
            ok = all(t.is_punct or t.i in inside or t.head.i == token.i for t in between)
            return token if ok else None
    return None


def cue_before(reader: Reader, quote: Quote) -> Token | None:
    """Doe said, “…” / Said Doe: “…” / Doe told reporters: “…” / Doe said that “…”: a cue before the
    quote with at most its own subject or object and a comma or colon in between."""
    doc = reader.doc
    mark = reader.token_at(quote.open_at)
    gap: list[Token] = []
    for token in reversed(doc[max(0, mark.i - 10) : mark.i]):
        if token.is_space:
            if "\n" in token.text and not (gap == [] and token.i > 0 and doc[token.i - 1].text == ":"):
                return None
            continue
        if token.text in MARKS or token.text in (".", "!", "?"):
            return None
        if is_cue(reader, token, inverted=True):
            return token if _gap_fits(reader, token, list(reversed(gap))) else None
        gap.append(token)
    return None


def _gap_fits(reader: Reader, cue: Token, gap: list[Token]) -> bool:
    """What may stand between a cue and the quote it introduces: nothing, "that", or a few words of
    the cue's own phrase or of the speaker's name, ending in a comma or colon ("Said Doe,", "told
    reporters:", "according to Doe,")."""
    words = [t for t in gap if not t.is_space]
    if not words or [t.lower_ for t in words] == ["that"]:
        return True
    if words[-1].text not in (",", ":") or len(words) > 8:
        return False
    phrase = {t.i for t in cue.subtree}
    return all(
        (t.i in phrase and t.dep_ not in ("ccomp", "xcomp")) or reader.mention_at(t.idx) is not None for t in words[:-1]
    )
