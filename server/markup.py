"""JSON a page embeds in a <script> element (JSON-LD, the data its drawings and query editor read)."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

from graphbuild.invisible import INVISIBLE

_INVISIBLE = re.compile(f"[{INVISIBLE}]")


def script_json(data: bytes) -> Markup:
    """JSON safe inside <script>: ``<``, ``>``, ``&`` become JSON escapes, so ``</script>`` cannot occur, and
    so do bidirectional controls and zero-width characters (graphbuild/invisible.py), which then cannot
    change how the page's source reads. The JSON means the same."""
    text = data.decode("utf-8")
    for char, escape_ in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escape_)
    return Markup(_INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def json_in_script(value: Any) -> Markup:
    """``value`` as JSON safe inside <script>."""
    return script_json(json.dumps(value, ensure_ascii=False).encode("utf-8"))
