"""The sentence around a mention, cut from the article body the mention's offsets index into."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CONTEXT = 300  # characters kept on each side when no sentence boundary is near

# A sentence ends at . ! or ? (with any closing quotes or brackets) before a space and a word that does
# not start in lowercase ("U.S. officials" and '"Really?" asked' go on), or at a line break.
_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s+[^\sa-z\u00df-\u00ff]|\s*$)|\n")
# A full stop that ends an abbreviation does not end the sentence when a name follows: a title ("Mr. Biden",
# "Gen. Milley"), an initial ("John F. Kennedy") or an abbreviation with inner stops ("the U.S. Senate").
_TITLES = frozenset("""mr mrs ms mx dr prof sr jr st gen lt col capt cpt sgt maj adm cmdr gov sen rep rev hon pres
    supt insp det messrs mme mlle no vs""".split())
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    if match.group() != ".":
        return True
    word = _WORD_BEFORE.search(text, max(0, match.start() - 20), match.end())
    if word is None:
        return True
    token = word.group(1)
    return not (token.lower() in _TITLES or (len(token) == 1 and token.isupper()) or "." in token)


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
        if _ends_sentence(text, match):
            begin = match.end()
    return begin, begin == floor and floor > 0


def _sentence_end(text: str, end: int) -> tuple[int, bool]:
    ceiling = min(len(text), end + MAX_CONTEXT)
    for match in _BOUNDARY.finditer(text, end, ceiling):
        if _ends_sentence(text, match):
            return (match.start() if match.group() == "\n" else match.end()), False
    return ceiling, ceiling < len(text)


def sentence_around(text: str, start: int, end: int) -> Snippet | None:
    """The sentence holding ``text[start:end]``, split around it; None when the offsets do not fit."""
    if not 0 <= start < end <= len(text):
        return None
    begin, cut_before = _sentence_start(text, start)
    finish, cut_after = _sentence_end(text, end)
    before, after = text[begin:start].lstrip(), text[end:finish].rstrip()
    return Snippet(before, text[start:end], after, cut_before, cut_after)
