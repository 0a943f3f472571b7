"""Acronyms: "Dock Workers Union (DWU)" defines DWU, and a bare "NFT" that spells the initials
of a named organisation refers to it. Pure string logic, no spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .lexicon import CORPORATE_SUFFIXES, NAME_STOPWORDS

# An acronym in parentheses: capitals ("ILO", "U.S.C."), or a word-like one ("Ictu", "Nato").
_DEFINITION = re.compile(r"^\s*\(\s*([A-Z][A-Za-z&.\-]{1,9})\s*\)")
_POSSESSIVE_ENDS = ("'s", "\u2019s", "'", "\u2019")
ACRONYM_TOKEN = re.compile(r"(?<![\w.])([A-Z][A-Z&]{1,7}|(?:[A-Z]\.){2,4})(?![\w])")


def _letters(acronym: str) -> str:
    return re.sub(r"[^A-Za-z]", "", acronym).upper()


def _name_words(name: str) -> list[str]:
    words = re.findall(r"[\w]+(?:[.\-][\w]+)*\.?", name)
    return [w for w in words if w.lower() not in NAME_STOPWORDS]


def spells(acronym: str, name: str, inner: bool = False) -> bool:
    """True when the acronym spells the name: one initial per word, or a word in capitals whole; a
    closing legal form may be left out ("ABC" for "Alpha Beta Cables Co."). With ``inner``, a word
    may also give letters from inside it, after its initial, as a compound gives the initials of its
    parts ("USW" for "United Steelworkers"), and one word inside the name may give none ("ITF" for
    "International Transport Workers' Federation"): the looser reading of Schwartz & Hearst's abbreviation
    matching (PSB 2003), safe only where the text itself pairs the two."""
    letters, words = _letters(acronym), _name_words(name)
    if (
        len(words) > 2
        and words[-1].lower().rstrip(".") in CORPORATE_SUFFIXES
        and _spells(letters, words[:-1], inner)
    ):
        return True
    return _spells(letters, words, inner)


def _spells(letters: str, words: list[str], inner: bool = False) -> bool:
    if len(letters) < 2 or not words:
        return False

    def match(i: int, j: int, skipped: bool = False) -> bool:
        if j == len(words):
            return i == len(letters)
        if inner and not skipped and 0 < j < len(words) - 1 and match(i, j + 1, True):
            return True
        word = words[j]
        whole = _letters(word)
        if (
            word.isupper()
            and len(whole) > 1
            and letters.startswith(whole, i)
            and match(i + len(whole), j + 1, skipped)
        ):
            return True
        if i >= len(letters) or word[0].upper() != letters[i]:
            return False
        if match(i + 1, j + 1, skipped):
            return True
        return inner and any(match(k, j + 1, skipped) for k in _inner_ends(whole.upper(), letters, i + 1))

    return match(0, 0)


def _inner_ends(word: str, letters: str, i: int) -> list[int]:
    """Where the acronym may go on after taking one or more letters from inside ``word`` in order
    (its initial already taken): "STEELWORKERS" takes the "W" of "SW" and goes on after it."""
    ends, at = [], 1
    while i < len(letters):
        at = word.find(letters[i], at) + 1
        if not at:
            break
        i += 1
        ends.append(i)
    return ends


def expansion_for(acronym: str, name: str, inner: bool = False) -> str | None:
    """The longest trailing part of ``name`` that the acronym spells ("International Department of
    the Dock Workers Union" + DWU -> "Dock Workers Union")."""
    tokens = name.split()
    for i in range(len(tokens) - 1):  # an expansion has two words at least
        candidate = " ".join(tokens[i:])
        if tokens[i].lower() in NAME_STOPWORDS:
            continue
        if spells(acronym, candidate, inner):
            return candidate
    return None


def definition_after(text: str, end: int, name: str) -> tuple[str, str] | None:
    """An acronym defined in parentheses right after a name: returns (acronym, expansion). Initials
    are tried first, then letters from inside compound words."""
    found = _DEFINITION.match(text[end:])
    if not found:
        return None
    acronym = found.group(1).rstrip(".")
    proper = _without_lowercase_tail(name)
    expansion = expansion_for(acronym, proper) or expansion_for(acronym, proper, inner=True)
    if not expansion:
        return None
    return acronym, _with_modifiers(proper, expansion)


def _without_lowercase_tail(name: str) -> str:
    """The proper name before a closing common noun: "United Boilermakers" in "United Boilermakers
    union" (the acronym spells the name, not its description)."""
    words = name.split()
    while len(words) > 2 and words[-1].islower():
        words.pop()
    return " ".join(words)


def _with_modifiers(name: str, expansion: str) -> str:
    """The whole name when the acronym spells its head and the words before only modify it: CMC in
    "Ruritanian Central Military Commission (CMC)". After "of", "for", "at" or a possessive the head
    is a body of its own ("Press Office of the Dock Workers Union (DWU)")."""
    before = name[: name.rfind(expansion)].split()
    if not before or before[-1].lower() in NAME_STOPWORDS or before[-1].endswith(_POSSESSIVE_ENDS):
        return expansion
    return re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)


def spelled_by_one(acronym: str, names: Iterable[str]) -> str | None:
    """The one name (or trailing part of a name) the acronym spells, if exactly one does."""
    hits = {exp for n in names if (exp := expansion_for(acronym, n))}
    spellings = {tuple(w.lower() for w in _name_words(h)) for h in hits}  # "Workers' Union" = "Workers Union"
    return max(hits, key=len) if len(spellings) == 1 else None
