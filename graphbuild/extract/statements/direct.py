"""Direct quotes (schema:Quotation): the quotes a cue, their run or their context attributes.

A quote is a statement only when it is attributed:

1. by a verb of saying next to it (see ``cues``), or by one next to another piece of its run;
2. else, when the quote stands as a sentence of its own, by its context, first match wins: a
   statement in the sentence before it, or the person who is the subject of that sentence ("Doe
   thanked the members. “…”"). For a quote that opens its paragraph, the sentence before it is the
   last of the previous paragraph (a continuation paragraph).

A quote inside a sentence with no verb of saying (a scare quote, a title) is never a statement, and a
quote whose verb of saying has no speaker that can be found is dropped: a speaker is never guessed.
"""

from __future__ import annotations

from ...model import Statement
from ..quotes import Quote
from . import confidence
from .cues import cue_after, cue_before
from .occasion import at_event
from .reader import Reader
from .speakers import Attribution, attribution


def cued_statements(reader: Reader, meeting_at: int | None) -> list[Statement]:
    """Quotes attributed by a cue next to them or next to another piece of their run."""
    made: list[Statement] = []
    for quote, found in _direct_attributions(reader).items():
        made += _statements_of(quote, found, reader.text, meeting_at)
    return made


def context_statements(reader: Reader, made: list[Statement], meeting_at: int | None) -> list[Statement]:
    """The remaining quotes, attributed by context in text order, so that continuations chain."""
    done = {s.start for s in made}
    found: list[Statement] = []
    for quote in reader.quotes:
        if quote.start in done or cue_after(reader, quote) or cue_before(reader, quote):
            continue  # a quote with a cue but no speaker stays unattributed
        context = _context_attribution(reader, quote, sorted(made + found, key=lambda s: s.start))
        if context is not None:
            found += _statements_of(quote, context, reader.text, meeting_at)
    return found


def _direct_attributions(reader: Reader) -> dict[Quote, Attribution]:
    """Quotes with a cue right after or right before them, and the other pieces of their runs."""
    found: dict[Quote, Attribution] = {}
    for quote in reader.quotes:
        cue = cue_after(reader, quote) or cue_before(reader, quote)
        if cue is not None:
            earlier = [(q.start, speaker) for q, a in found.items() for speaker in a.speakers]
            found[quote] = attribution(reader, cue, confidence.CUE, earlier)
    by_run = {a_quote.run: found_for for a_quote, found_for in found.items()}
    for quote in reader.quotes:
        if quote not in found and quote.run in by_run:
            source = by_run[quote.run]
            found[quote] = Attribution(source.speakers, source.cue, confidence.RUN, source.past)
    return found


def _context_attribution(reader: Reader, quote: Quote, made: list[Statement]) -> Attribution | None:
    """A quote standing as a sentence of its own, with no cue, is said by the speaker of a statement in
    the sentence before it, else by that sentence's person subject. For a quote opening its paragraph
    that sentence ends the previous paragraph (a continuation paragraph), and is trusted less."""
    if not (reader.starts_sentence(quote) and reader.ends_sentence(quote) and reader.is_clause(quote)):
        return None
    found = reader.previous_sentence(quote)
    if found is None:
        return None
    sentence, start = found
    same_paragraph = start >= quote.paragraph[0]
    said = [s for s in made if s.end > start and s.start < quote.open_at]
    if said:
        trust = confidence.PREVIOUS_STATEMENT if same_paragraph else confidence.CONTINUATION
        return Attribution((said[-1].speaker,), said[-1].cue, trust, True)
    person = reader.subject_person(sentence, start, quote.open_at)
    if person is None:
        return None
    trust = confidence.PREVIOUS_SUBJECT if same_paragraph else confidence.PREVIOUS_PARAGRAPH_SUBJECT
    return Attribution((person,), None, trust, True)


def _statements_of(quote: Quote, found: Attribution, text: str, meeting_at: int | None) -> list[Statement]:
    return [
        Statement(
            "direct", text[quote.start : quote.end], speaker, quote.start, quote.end, found.cue,
            round(found.confidence, 3), at_event(found.past, quote.start, meeting_at),
        )
        for speaker in found.speakers
    ]  # fmt: skip
