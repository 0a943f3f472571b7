"""Content negotiation: one pure function that picks a media type for an Accept header, and the one
parser of a media type with its parameters (a Content-Type header, an Accept range).

It follows RFC 9110 §12.5.1 (https://www.rfc-editor.org/rfc/rfc9110#section-12.5.1): each offered
type takes the quality of the *most specific* media range that matches it; ``q=0`` excludes it; the
highest quality wins, ties go to the more specific range and then to the server's order of preference.

A range parameter that the offered type does not declare (``charset``, a JSON-LD ``profile``) does not
stop a match, but makes the range rank below a range without it, as in the RFC's ``text/html;level=1``
example.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MediaRange", "negotiate", "parse_accept", "parse_media_type"]


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    params: tuple[tuple[str, str], ...] = ()
    q: float = 1.0


_QUOTED_PAIR = re.compile(r"\\(.)")


def _split_unquoted(text: str, separator: str) -> list[str]:
    """``text`` split at each ``separator`` outside a quoted string."""
    if '"' not in text:  # the common case, on every negotiated request
        return text.split(separator)
    parts: list[str] = []
    start, quoted, escaped = 0, False, False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif quoted and char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def _unquote(value: str) -> str:
    """A parameter value, its quoted-string form undone (RFC 9110 §5.6.4)."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return _QUOTED_PAIR.sub(r"\1", value[1:-1])
    return value


def parse_media_type(header: str | None) -> tuple[str, dict[str, str]]:
    """A media type and its parameters (a Content-Type header, or one range of an Accept header).

    RFC 9110 §8.3.1 (https://www.rfc-editor.org/rfc/rfc9110#section-8.3.1): ``type/subtype`` and
    parameter names are case-insensitive, so they come back lower-cased; values keep their case, with a
    quoted value unquoted. A parameter without ``=`` is skipped. No header gives ``("", {})``.
    """
    head, *raw_params = _split_unquoted(header or "", ";")
    params: dict[str, str] = {}
    for raw in raw_params:
        name, sep, value = raw.partition("=")
        if sep and name.strip():
            params[name.strip().lower()] = _unquote(value.strip())
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
    full, params = parse_media_type(part)
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
    full, offered_params = parse_media_type(offered)
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
