"""An article body cut into pieces at every span boundary, so each mention and each fact can be marked.

Spans overlap (a membership's span holds the mention of its member; a mention of "Communist Party USA"
sits inside one of "International Department of the Communist Party USA"), and HTML elements can only
nest. So the body is cut at every span start and end: each piece carries the classes of the spans
covering it (``s-{anchor}``), the link of the innermost mention covering it, and an empty anchor element
for each span starting there. A page then highlights a whole span, however many pieces it covers, with
one CSS rule per span: ``.article-text:has(#{anchor}:target) .s-{anchor}`` (no JavaScript).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

ANCHOR = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    anchor: str  # the element id a link targets; letters, digits, hyphens and underscores only
    href: str | None = None  # a mention links to its entity
    title: str | None = None

    @property
    def is_mention(self) -> bool:
        return self.href is not None


@dataclass(frozen=True)
class Piece:
    text: str
    classes: tuple[str, ...]
    anchors: tuple[str, ...]  # spans starting here
    href: str | None = None
    title: str | None = None


def paragraph_bounds(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: text between blank lines, stripped."""
    bounds = []
    for match in re.finditer(r"(?:(?!\n\s*\n).)+", body, re.S):
        text = match.group()
        lead = len(text) - len(text.lstrip())
        trail = len(text.rstrip())
        if text.strip():
            bounds.append((match.start() + lead, match.start() + trail))
    return bounds


def _valid(span: Span, size: int) -> bool:
    return 0 <= span.start < span.end <= size and bool(ANCHOR.match(span.anchor))


def pieces(body: str, spans: Sequence[Span]) -> list[list[Piece]]:
    """The pieces of each paragraph of ``body``. Spans with offsets outside the body are left out."""
    usable = [s for s in spans if _valid(s, len(body))]
    paragraphs = []
    for p_start, p_end in paragraph_bounds(body):
        inside = [s for s in usable if s.start < p_end and s.end > p_start]
        cuts = sorted({p_start, p_end, *(max(p_start, s.start) for s in inside), *(min(p_end, s.end) for s in inside)})
        row = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            covering = [s for s in inside if s.start <= a and s.end >= b]
            mentions = [s for s in covering if s.is_mention]
            innermost = min(mentions, key=lambda s: s.end - s.start) if mentions else None
            starting = tuple(s.anchor for s in inside if max(p_start, s.start) == a)
            row.append(Piece(
                text=body[a:b],
                classes=tuple(f"s-{s.anchor}" for s in covering),
                anchors=starting,
                href=innermost.href if innermost else None,
                title=innermost.title if innermost else None,
            ))
        paragraphs.append(row)
    return paragraphs


def highlight_rules(spans: Sequence[Span]) -> list[str]:
    """One CSS selector per span anchor, matching the pieces of that span when its anchor is the target."""
    anchors = dict.fromkeys(s.anchor for s in spans if ANCHOR.match(s.anchor))
    return [f".article-text:has(#{a}:target) .s-{a}" for a in anchors]
