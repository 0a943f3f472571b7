"""What one article may cost: its size, checked before any work, and its extraction time, checked as the
extraction goes.

A 990 KB article of 25,000 sentences once held a core for minutes. Its size now stops it before the
language model sees it (``check_size``: ``max_article_chars``, ``max_article_sentences``). And an
extraction that still runs long stops at its next step past ``max_extract_seconds``
(``extraction_deadline`` around it, ``check_deadline`` between the stages and in their loops over
sentences): the model's own pass over the text is bounded by the size limits.
"""

from __future__ import annotations

import contextvars
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import ArticleOverLimit
from .model import SourceArticle
from .settings import Settings

# A sentence ends at ., ! or ? (closing quotes or brackets may follow) before white space, or at a blank
# line: a count for a limit, made in microseconds, not the model's segmentation.
_SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]*\s+|\n\s*\n")

_deadline: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("extraction_deadline",
                                                                                       default=None)


def sentence_count(text: str) -> int:
    return len(_SENTENCE_END.findall(text.strip())) + 1


def check_size(article: SourceArticle, settings: Settings) -> None:
    """Raise ArticleOverLimit (too_large) when ``article`` is over ``max_article_chars`` or
    ``max_article_sentences``."""
    chars = len(article.text)
    if settings.max_article_chars and chars > settings.max_article_chars:
        raise ArticleOverLimit(f"the article has {chars} characters; the limit is {settings.max_article_chars} "
                               "(max_article_chars)", too_large=True)
    if settings.max_article_sentences and (sentences := sentence_count(article.text)) > settings.max_article_sentences:
        raise ArticleOverLimit(f"the article has about {sentences} sentences; the limit is "
                               f"{settings.max_article_sentences} (max_article_sentences)", too_large=True)


@contextmanager
def extraction_deadline(seconds: float) -> Iterator[None]:
    """Within the block, ``check_deadline`` raises once ``seconds`` have passed (0: no deadline)."""
    token = _deadline.set((time.monotonic() + seconds, seconds) if seconds > 0 else None)
    try:
        yield
    finally:
        _deadline.reset(token)


def check_deadline() -> None:
    """Raise ArticleOverLimit when the extraction around this call has run past its time."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline[0]:
        raise ArticleOverLimit(f"the extraction ran longer than the {deadline[1]:g} s limit (max_extract_seconds) "
                               "and was stopped", too_large=False)
