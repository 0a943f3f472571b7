"""Moved to graphbuild/stores/ (kept only while the importers move over; removed in this change)."""

from .stores import EXPORT_FORMATS, ArticleStore, PutOutcome, checked_iri, open_configured, open_store, triples_block  # noqa: F401
from .stores import names_remote as is_remote  # noqa: F401
from .stores.base import put_outcomes as _outcomes  # noqa: F401
from .stores.sparql import STANDARD

graph_replacement = STANDARD.replacement
graph_removal = STANDARD.removal
