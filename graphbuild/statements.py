"""Direct quotes and reported speech, attributed to a speaker (stub: filled in by the statements extractor)."""

from __future__ import annotations

from spacy.tokens import Doc

from .model import Entity, SourceArticle, Statement


def find_statements(doc: Doc, entities: list[Entity], article: SourceArticle) -> list[Statement]:
    return []
