"""Direct quotes and reported speech, attributed to a speaker.

**Direct quotes** (kind "direct", schema:Quotation, ``direct``) are the quotes of the raw text
(graphbuild.extract.quotes) that a verb of saying next to them (``cues``), another piece of their
run, or their context attributes. **Reported speech** (kind "reported", schema:Claim, ``reported``)
is the span each asserted verb of saying outside quotes reports (``clauses``), or the "that" clause
of a noun of saying its speaker utters (``nouns``). **Continuations**
(``continuations``) carry a statement on: a predicate joined by "and" to a quote, an unattributed
passage after a claim. **Speakers** (``speakers``) are the subject of the verb of saying as the
article's one Discourse resolves it; a speaker is never guessed. How much each construction is trusted
is in ``confidence``; whether a statement was said at the reported event, in ``occasion``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ...model import Entity, SourceArticle, Statement
from ..discourse import Discourse
from .continuations import continued_reports, tail_claims
from .direct import context_statements, cued_statements
from .nouns import noun_claims
from .occasion import meeting_at
from .reader import Reader
from .reported import reported_statements

__all__ = ["find_statements"]


def find_statements(
    doc: Doc, entities: list[Entity], article: SourceArticle, discourse: Discourse | None = None
) -> list[Statement]:
    """Direct quotes and reported speech of one article, in text order, each with its speaker."""
    reader = Reader(doc, discourse or Discourse(doc, entities, article))
    meeting = meeting_at(reader)
    cued = cued_statements(reader, meeting)
    cued += tail_claims(reader, cued)
    cued += reported_statements(reader, cued, meeting)
    cued += noun_claims(reader, cued, meeting)
    cued += context_statements(reader, cued, meeting)
    cued += continued_reports(reader, cued)
    return sorted(cued, key=lambda s: (s.start, s.speaker.name))
