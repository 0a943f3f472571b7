"""Content negotiation: one pure function that picks a media type for an Accept header.

It follows RFC 9110 §12.5.1 (https://www.rfc-editor.org/rfc/rfc9110#section-12.5.1): each offered
type takes the quality of the *most specific* media range that matches it; ``q=0`` excludes it; the
highest quality wins, ties go to the more specific range and then to the server's order of preference.

A range parameter that the offered type does not declare (``charset``, a JSON-LD ``profile``) does not
stop a match, but makes the range rank below a range without it, as in the RFC's ``text/html;level=1``
example.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MediaRange", "negotiate", "parse_accept"]


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    params: tuple[tuple[str, str], ...] = ()
    q: float = 1.0


def _split_params(text: str) -> tuple[str, dict[str, str]]:
    head, *raw_params = text.split(";")
    params: dict[str, str] = {}
    for raw in raw_params:
        key, sep, value = raw.partition("=")
        if sep:
            params[key.strip().lower()] = value.strip().strip('"')
    return head.strip().lower(), params


def _parse_quality(value: str | None) -> float | None:
    if value is None:
        return 1.0
    try:
        q = float(value)
    except ValueError:
        return None
    return q if 0.0 <= q <= 1.0 else None


def _parse_range(part: str) -> MediaRange | None:
    full, params = _split_params(part)
    kind, slash, sub = full.partition("/")
    if not slash or not kind or not sub or (kind == "*" and sub != "*"):
        return None
    q = _parse_quality(params.pop("q", None))
    if q is None:
        return None
    return MediaRange(kind, sub, tuple(sorted(params.items())), q)


def parse_accept(accept: str) -> list[MediaRange]:
    """The well-formed media ranges of an Accept header; malformed ones are skipped."""
    return [r for r in (_parse_range(p) for p in accept.split(",") if p.strip()) if r is not None]


def _specificity(media_range: MediaRange, offered: str) -> tuple[int, int, int] | None:
    """How closely ``media_range`` matches ``offered`` (higher is closer), or None when it does not."""
    full, offered_params = _split_params(offered)
    kind, _, sub = full.partition("/")
    if media_range.type == "*":
        level = 0
    elif media_range.type != kind:
        return None
    elif media_range.subtype == "*":
        level = 1
    elif media_range.subtype != sub:
        return None
    else:
        level = 2
    matched = unmatched = 0
    for key, value in media_range.params:
        if key not in offered_params:
            unmatched += 1
        elif offered_params[key].lower() == value.lower():
            matched += 1
        else:
            return None
    return level, matched, -unmatched


def _quality(ranges: Sequence[MediaRange], offered: str) -> tuple[float, tuple[int, int, int]] | None:
    best: tuple[tuple[int, int, int], float] | None = None
    for media_range in ranges:
        spec = _specificity(media_range, offered)
        if spec is not None and (best is None or spec > best[0]):
            best = (spec, media_range.q)
    return None if best is None else (best[1], best[0])


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the Accept header prefers, or None when none is acceptable.

    A missing or empty (or entirely malformed) Accept header accepts anything: the first offered
    type is chosen.
    """
    ranges = parse_accept(accept) if accept else []
    if not ranges:
        return offered[0] if offered else None
    best: tuple[float, tuple[int, int, int], int] | None = None
    chosen: str | None = None
    for index, media_type in enumerate(offered):
        quality = _quality(ranges, media_type)
        if quality is None or quality[0] <= 0.0:
            continue
        key = (quality[0], quality[1], -index)
        if best is None or key > best:
            best, chosen = key, media_type
    return chosen
