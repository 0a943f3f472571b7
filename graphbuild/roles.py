"""Roles people hold, read from the grammar of titles (stub: filled in by the roles extractor)."""

from __future__ import annotations

from spacy.tokens import Doc

from .model import Entity, Role, SourceArticle


def find_roles(doc: Doc, entities: list[Entity], article: SourceArticle) -> list[Role]:
    return []
