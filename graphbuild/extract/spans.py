"""Find the entity a span of text names, from the entities' mentions. Shared by the extractors."""

from __future__ import annotations

from bisect import bisect_right

from ..model import Entity, Mention


class EntityIndex:
    """Mentions sorted by offset, to answer "which entity is named at this span?"."""

    def __init__(self, entities: list[Entity]) -> None:
        pairs = sorted(((m, e) for e in entities for m in e.mentions), key=lambda p: p[0].start)
        self._mentions: list[Mention] = [m for m, _ in pairs]
        self._owners: list[Entity] = [e for _, e in pairs]
        self._starts = [m.start for m in self._mentions]
        self.entities = entities

    def at(self, start: int, end: int) -> Entity | None:
        """The entity of the longest mention inside [start, end)."""
        best: tuple[int, Entity] | None = None
        for m, e in self.within(start, end):
            if best is None or m.end - m.start > best[0]:
                best = (m.end - m.start, e)
        return best[1] if best else None

    def within(self, start: int, end: int) -> list[tuple[Mention, Entity]]:
        """Mentions lying inside [start, end), in text order."""
        i = bisect_right(self._starts, start - 1)
        out = []
        while i < len(self._mentions) and self._mentions[i].start < end:
            if self._mentions[i].end <= end:
                out.append((self._mentions[i], self._owners[i]))
            i += 1
        return out

    def by_name(self, name: str) -> Entity | None:
        wanted = name.lower()
        return next((e for e in self.entities if wanted in {x.lower() for x in e.labels}), None)
