"""Quotations in the raw text: the text between a pair of marks, and quotes that run over paragraphs.

A quote is the text between “…” or "…" (‘…’ and '…' only where the closing mark cannot be an
apostrophe). A quote left open at the end of its paragraph, when the next paragraph opens with a mark,
runs on: its pieces form one *run*. Pure Python: no spaCy here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN_DOUBLE = "“„«"
MARKS = frozenset("\"“”„«»‘’'")
_SINGLE_QUOTE = re.compile(
    r"(?<![\w’'])[‘'](?=\w)(?P<body>(?:[^\n‘’'\"“”]|(?<=\w)[’'](?=\w))+?)"
    r"(?:(?<=[.,!?])[’'](?=\s|$)|[’'](?=[.,;:!?)]|$))",
    re.MULTILINE,
)

@dataclass(frozen=True)
class Quote:
    """The text between quotation marks; ``start``/``end`` index the inner text, marks excluded."""

    open_at: int  # the opening mark
    close_at: int | None  # the closing mark; None when the quote runs on into the next paragraph
    start: int
    end: int
    run: int  # shared by the pieces of one quote that runs over paragraphs
    paragraph: tuple[int, int]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The spans of the non-blank lines: each line of the cleaned body is a paragraph."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _can_open(text: str, at: int) -> bool:
    """A straight mark opens a quote after a space or bracket and before a non-space."""
    before = text[at - 1] if at else " "
    return (before.isspace() or before in "([{—–-/") and at + 1 < len(text) and not text[at + 1].isspace()


def _double_marks(text: str, start: int, end: int, inside: bool) -> list[tuple[int, int | None]]:
    """Pairs of double marks in one paragraph; a pair left open has no closing mark. ``inside``: the
    paragraph continues a quote left open before it, so a closing mark ahead of any opening one ends a
    piece that starts with the paragraph (its "mark" is the paragraph's first character minus one)."""
    pairs: list[tuple[int, int | None]] = []
    open_at: int | None = start - 1 if inside else None
    for at in range(start, end):
        mark = text[at]
        if mark not in '"“”„«»':
            continue
        if open_at is None:
            if mark in _OPEN_DOUBLE or (mark in '"”' and _can_open(text, at)):
                open_at = at
        elif mark in _OPEN_DOUBLE or (open_at < start and mark == '"' and _can_open(text, at)):
            open_at = at  # an opening mark inside a quote: the earlier one was stray
        else:
            pairs.append((open_at, at))
            open_at = None
    if open_at is not None and open_at >= start:
        pairs.append((open_at, None))
    return pairs


def _opens_sentence(text: str, p_start: int, open_at: int) -> bool:
    """A mark at the paragraph's start or after a sentence's end, a colon or a comma."""
    before = text[p_start:open_at].rstrip()
    return not before or before[-1] in ".!?:,;—–"


def _inner(text: str, open_at: int, close_at: int) -> tuple[int, int]:
    """The inner span without surrounding spaces and without the comma that hands over to the cue."""
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def find_quotes(text: str) -> list[Quote]:
    """Every quote of the text, in order. A quote left open at the end of its paragraph runs on when
    the next paragraph opens with a mark, or closes it before opening another (the British style, and
    its variant with no mark at all on the continuing paragraph); a quote never closed (a truncated
    page) is kept to its paragraph's end when it opens a sentence. Single marks are read outside
    double quotes only."""
    quotes: list[Quote] = []
    paras = paragraphs(text)
    runs = 0
    carried = False  # the paragraph before ended inside a quote
    for n, (p_start, p_end) in enumerate(paras):
        pairs = _double_marks(text, p_start, p_end, inside=carried and text[p_start] not in _OPEN_DOUBLE + '"')
        ends_open = bool(pairs) and pairs[-1][1] is None
        next_continues = n + 1 < len(paras) and _continues(text, paras[n + 1])
        for open_at, close_at in pairs:
            if not (carried and open_at <= p_start):
                runs += 1
            if close_at is None and not (next_continues or _opens_sentence(text, p_start, open_at)):
                continue
            start, end = _inner(text, open_at, close_at if close_at is not None else p_end)
            if any(c.isalnum() for c in text[start:end]):
                quotes.append(Quote(open_at, close_at, start, end, runs, (p_start, p_end)))
        carried = ends_open and next_continues
    quotes += _single_quotes(text, quotes, paras, runs)
    return sorted(quotes, key=lambda q: q.open_at)


def _continues(text: str, para: tuple[int, int]) -> bool:
    """A paragraph that carries on a quote left open: it opens with a mark, or has a closing mark
    before any opening one."""
    if text[para[0]] in _OPEN_DOUBLE + '"':
        return True
    pairs = _double_marks(text, para[0], para[1], inside=True)
    return bool(pairs) and pairs[0][0] < para[0] and pairs[0][1] is not None


def _single_quotes(text: str, doubles: list[Quote], paras: list[tuple[int, int]], runs: int) -> list[Quote]:
    """‘…’ and '…' outside double quotes, where the closing mark touches punctuation or the line's end."""
    found = []
    for match in _SINGLE_QUOTE.finditer(text):
        open_at, close_at = match.start(), match.end() - 1
        if any(q.open_at <= open_at <= (q.close_at or q.end) for q in doubles):
            continue
        para = next(p for p in paras if p[0] <= open_at < p[1])
        start, end = _inner(text, open_at, close_at)
        runs += 1
        found.append(Quote(open_at, close_at, start, end, runs, para))
    return found
