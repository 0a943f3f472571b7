"""Characters that change how text is shown without being seen: bidirectional controls (a right-to-left
override turns "Maria" into what reads as another name) and zero-width characters (two names that look
the same and are not).

Names and labels lose them on the way into the graph (``strip_invisible``, in graphbuild/emit.py). Article
text keeps them, as the source has them; pages show each one as a visible mark (``show_invisible``).
"""

from __future__ import annotations

import re

# Bidirectional controls (Unicode UAX #9: the embeddings, overrides and isolates, the implicit marks) and
# zero-width or invisible characters (spaces, joiners, the word joiner and invisible operators, the BOM).
INVISIBLE = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060-\u2064\u180e\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")


def strip_invisible(text: str) -> str:
    """``text`` without bidirectional controls and zero-width characters."""
    return _INVISIBLE.sub("", text)


def show_invisible(text: str) -> str:
    """``text`` with each bidirectional control or zero-width character written as a visible mark,
    ⟨U+202E⟩: plain text, safe to escape into an element or an attribute."""
    if text.isascii() or not _INVISIBLE.search(text):  # isascii: most text, at C speed
        return text
    return _INVISIBLE.sub(lambda m: f"\u27e8U+{ord(m.group()):04X}\u27e9", text)
