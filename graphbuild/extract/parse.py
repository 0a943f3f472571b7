"""Parse helpers shared by the extractors: small questions asked of spaCy tokens."""

from __future__ import annotations

from spacy.tokens import Token


def word_of(token: Token) -> str:
    """A token as a word list looks it up: lower case, without an abbreviation's full stop ("Sen." -> "sen")."""
    return token.lower_.rstrip(".")
