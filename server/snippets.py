"""The sentence around a mention, cut from the article body the mention's offsets index into."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CONTEXT = 300  # characters kept on each side when no sentence boundary is near

# A sentence ends at . ! or ? (with any closing quotes or brackets) before a space and a word that does
# not start in lowercase ("U.S. officials" and '"Really?" asked' go on), or at a line break.
_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s+[^\sa-z\u00df-\u00ff]|\s*$)|\n")


@dataclass(frozen=True)
class Snippet:
    before: str
    mention: str
    after: str
    cut_before: bool = False  # the sentence was longer than MAX_CONTEXT on that side
    cut_after: bool = False


def _sentence_start(text: str, start: int) -> tuple[int, bool]:
    floor = max(0, start - MAX_CONTEXT)
    begin = floor
    for match in _BOUNDARY.finditer(text, floor, start):
        begin = match.end()
    return begin, begin == floor and floor > 0


def _sentence_end(text: str, end: int) -> tuple[int, bool]:
    ceiling = min(len(text), end + MAX_CONTEXT)
    match = _BOUNDARY.search(text, end, ceiling)
    if match is None:
        return ceiling, ceiling < len(text)
    return (match.start() if match.group() == "\n" else match.end()), False


def sentence_around(text: str, start: int, end: int) -> Snippet | None:
    """The sentence holding ``text[start:end]``, split around it; None when the offsets do not fit."""
    if not 0 <= start < end <= len(text):
        return None
    begin, cut_before = _sentence_start(text, start)
    finish, cut_after = _sentence_end(text, end)
    before, after = text[begin:start].lstrip(), text[end:finish].rstrip()
    return Snippet(before, text[start:end], after, cut_before, cut_after)
