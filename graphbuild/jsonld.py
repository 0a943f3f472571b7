"""The published JSON-LD context (ontology/context.jsonld), loaded once."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from .published import ONTOLOGY_DIR

CONTEXT_PATH = ONTOLOGY_DIR / "context.jsonld"


@lru_cache(maxsize=1)
def context_document() -> dict[str, Any]:
    """The ``@context`` object of ontology/context.jsonld."""
    data = json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))
    return data.get("@context", data)  # type: ignore[no-any-return]
