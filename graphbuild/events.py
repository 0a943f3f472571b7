"""Events the article reports or mentions (stub: filled in by the events extractor)."""

from __future__ import annotations

from spacy.tokens import Doc

from .model import Entity, Event, SourceArticle


def find_events(doc: Doc, entities: list[Entity], article: SourceArticle) -> list[Event]:
    return []
