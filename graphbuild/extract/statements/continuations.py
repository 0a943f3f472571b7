"""What carries on a statement without an attribution of its own: a predicate joined by "and" to a
quote after its cue (“…” and were thankful …), and an unattributed passage after a claim."""

from __future__ import annotations

from ...model import Entity, Statement
from . import confidence
from .cues import QUOTE_VERBS, REPORT_VERBS, cue_before, is_cue
from .grammar import trim
from .reader import Reader


def tail_claims(reader: Reader, direct: list[Statement]) -> list[Statement]:
    """Doe stated, “…” and were thankful …: a predicate joined by "and" to a quote after its cue
    paraphrases more of the same speech."""
    made = []
    for statement in direct:
        quote = next(q for q in reader.quotes if q.start == statement.start)
        if quote.close_at is None or cue_before(reader, quote) is None:
            continue
        after = reader.token_at(quote.close_at).i + 1
        if after + 1 >= len(reader.doc) or reader.doc[after].lower_ != "and":
            continue
        verb = reader.doc[after + 1]
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        start, end = trim(verb, verb.sent[-1])
        if end - start > 10 and not any(s.start < end and start < s.end for s in direct):
            made.append(
                Statement("reported", reader.text[start:end], statement.speaker, start, end, statement.cue,
                          confidence.TAIL, statement.at_main_event)
            )  # fmt: skip
    return made


def continued_reports(reader: Reader, made: list[Statement]) -> list[Statement]:
    """An unattributed passage that carries on a report belongs to its speaker: the rest of the
    paragraph after the sentence a claim ends, or, when the claim ends its paragraph, the whole next
    paragraph. The passage must be plain narration of the report: no quote, no verb of saying, and no
    subject that names or points to anyone else."""
    found: list[Statement] = []
    taken = sorted(made, key=lambda s: s.start)
    for claim in [s for s in taken if s.kind == "reported"]:
        para = reader.paragraph(claim.start)
        sentence = reader.token_at(claim.end - 1).sent
        if len(reader.text[claim.end : sentence.end_char].split()) > 6:
            continue  # the claim does not end its sentence: the parse cut it short
        following = next((t for t in reader.doc[sentence.end : sentence.end + 3] if not t.is_space), None)
        if following is not None and following.idx < para[1]:
            span = (following.idx, para[1])
        else:
            at = reader.paragraphs.index(para)
            if at + 1 >= len(reader.paragraphs):
                continue
            span = reader.paragraphs[at + 1]
        if not _plain_report(reader, span, claim.speaker, taken + found):
            continue
        start, end = span[0], span[1]
        while end > start and reader.text[end - 1].isspace():
            end -= 1
        found.append(
            Statement("reported", reader.text[start:end], claim.speaker, start, end, None,
                      confidence.REPORT_CONTINUED, claim.at_main_event)
        )  # fmt: skip
    return found


def _plain_report(reader: Reader, span: tuple[int, int], speaker: Entity, made: list[Statement]) -> bool:
    """A passage of at least one full sentence with no statement, quote, cue or other subject of its own."""
    text = reader.text[span[0] : span[1]].strip()
    if len(text.split()) < 5 or text[-1] not in '.!?”"’' or any(s.start < span[1] and span[0] < s.end for s in made):
        return False
    if any(span[0] <= q.open_at < span[1] and reader.is_clause(q) for q in reader.quotes):
        return False
    for token in reader.doc[reader.token_at(span[0]).i : reader.token_at(span[1] - 1).i + 1]:
        if is_cue(reader, token, REPORT_VERBS) or is_cue(reader, token, QUOTE_VERBS):
            return False
        if token.dep_ in ("nsubj", "nsubjpass") and not reader.in_quote(token.idx):
            entity, _ = reader.discourse.resolve(token)
            if entity is not None and entity is not speaker or token.ent_type_ == "PERSON":
                return False  # someone else acts: narration
            if entity is None and token.tag_ in ("NNS", "NNPS"):
                return False  # a new group acts ("the delegates also visited …"): narration
    return True
