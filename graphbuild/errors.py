"""Numbered error messages of the build side, in one place (as spaCy does).

Exit codes mean one thing everywhere: 0 ok, 1 invalid input or data, 2 usage or system error.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_ERROR = 2


class NewsgraphError(Exception):
    """Base of every error newsgraph raises on purpose; ``exit_code`` is what the CLI returns."""

    exit_code = EXIT_ERROR


class StoreError(NewsgraphError):
    """The store cannot be opened, read or written."""


class ArticleReadError(NewsgraphError):
    """An input file is not a readable article."""

    exit_code = EXIT_INVALID


class ValidationFailed(NewsgraphError):
    """An article's graph does not conform to the SHACL shapes."""

    exit_code = EXIT_INVALID


class ModelNotFound(NewsgraphError):
    """The configured spaCy model is not installed."""


class CurationError(NewsgraphError):
    """The editor's curation file is malformed or contradicts itself."""

    exit_code = EXIT_INVALID


class BuildInterrupted(NewsgraphError):
    """A build stopped part-way (a worker process died); stored articles are whole, a rerun resumes."""


class SettingsError(NewsgraphError):
    """Settings that cannot work together, such as several server processes writing one folder store."""


class IndexNotReady(NewsgraphError):
    """The store has no site index where the server looks for it, or one built from another version of the
    store; `newsgraph index` builds it (the server never does so at start-up)."""


class ArticleOverLimit(NewsgraphError):
    """An article over one of the limits that keep one article from holding a core for minutes: too many
    characters or sentences (``too_large``), or an extraction that ran past its time (graphbuild/limits.py)."""

    exit_code = EXIT_INVALID

    def __init__(self, message: str, *, too_large: bool) -> None:
        super().__init__(message)
        self.too_large = too_large


class ExecutorError(NewsgraphError):
    """The executor a build names cannot take work: a Dask scheduler that cannot be reached, no workers, or
    workers that cannot build (newsgraph or the spaCy model missing there). Nothing has been written."""
