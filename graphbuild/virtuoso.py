"""Moved to graphbuild/stores/ (kept only while the importers move over; removed in this change)."""

from .stores.virtuoso import *  # noqa: F401,F403
from .stores.virtuoso import UNION_GRAPH, VirtuosoReader, VirtuosoStore, query_form, virtuoso_endpoints  # noqa: F401
