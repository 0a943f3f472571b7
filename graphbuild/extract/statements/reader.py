"""One article as the statement rules read it: its parse, quotes, paragraphs and discourse, with
where a character falls (token, paragraph, quote, mention) and the shape of a quote in its sentence."""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from ...model import Entity
from ..discourse import Discourse
from ..quotes import Quote, paragraphs

_FINITE = frozenset("VBD VBZ VBP MD".split())
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?:;…—–”\"’)\]])\s*$")
_SENTENCE_AFTER = re.compile(r"^\s*[.!?…]?\s*(?:$|[A-Z“\"‘'(\[—–])")


class Reader:
    """One article's parse, quotes and discourse, read by the statement rules."""

    def __init__(self, doc: Doc, discourse: Discourse) -> None:
        self.doc = doc
        self.text = discourse.text  # joined once for every extractor
        self.discourse = discourse
        self.quotes = discourse.quotes
        self.starts = [t.idx for t in doc]
        self.paragraphs = paragraphs(self.text)
        self.paragraph_starts = [p[0] for p in self.paragraphs]

    # .. positions ..
    def token_at(self, char: int) -> Token:
        """The token a character belongs to."""
        return self.doc[max(0, bisect_right(self.starts, char) - 1)]

    def in_quote(self, char: int) -> bool:
        return self.discourse.in_quote(char)

    def mention_at(self, char: int) -> tuple[int, int, Entity] | None:
        return self.discourse.mention_at(char)

    def paragraph(self, char: int) -> tuple[int, int]:
        at = bisect_right(self.paragraph_starts, char) - 1
        return self.paragraphs[max(0, at)]

    def same_paragraph(self, a: Token, b: Token) -> bool:
        return self.paragraph(a.idx) == self.paragraph(b.idx)

    # .. a quote in its sentence ..
    def starts_sentence(self, quote: Quote) -> bool:
        return bool(_SENTENCE_BEFORE.search(self.text[quote.paragraph[0] : quote.open_at]))

    def ends_sentence(self, quote: Quote) -> bool:
        if quote.close_at is None:
            return True
        return bool(_SENTENCE_AFTER.match(self.text[quote.close_at + 1 : quote.paragraph[1]]))

    def is_clause(self, quote: Quote) -> bool:
        """Speech has a finite verb or runs long; a motto or title ("Stronger Together") does not."""
        tokens = [t for t in self.doc if quote.start <= t.idx < quote.end and not t.is_punct]
        return len(tokens) >= 6 or any(t.tag_ in _FINITE for t in tokens)

    # .. context ..
    def previous_sentence(self, quote: Quote) -> tuple[Span, int] | None:
        """The sentence holding the last word before the quote, in its paragraph or, for a quote that
        opens its paragraph, in the previous one; with where that sentence starts inside its paragraph."""
        paras = self.paragraphs
        at = paras.index(quote.paragraph)
        para = quote.paragraph if quote.open_at > quote.paragraph[0] else (paras[at - 1] if at else None)
        if para is None:
            return None
        before = self.text[para[0] : min(quote.open_at, para[1])].rstrip(" \n.!?…\"”’'")  # to the last word
        if not before:
            return None
        sentence = self.token_at(para[0] + len(before) - 1).sent
        return sentence, max(sentence.start_char, para[0])

    def subject_person(self, span: Span, start: int, end: int) -> Entity | None:
        """The last person named or resolved as a subject in the span, between two characters."""
        return self.discourse.subject_person(span.start, span.end, start, end)
