"""Whether a statement was said at the event the article reports (ng:atEvent)."""

from __future__ import annotations

from ..lexicon import MEETING_WORDS
from .reader import Reader


def meeting_at(reader: Reader) -> int | None:
    """Where the article first reports a meeting (outside quotes), if it does."""
    return next(
        (t.idx for t in reader.doc if t.lower_ in MEETING_WORDS and not reader.in_quote(t.idx)),
        None,
    )


def at_event(past: bool, start: int, meeting_at: int | None) -> bool:
    """Said at the reported event: in the past tense, after the article has introduced a meeting."""
    return past and meeting_at is not None and meeting_at < start
