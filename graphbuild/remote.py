"""Moved to graphbuild/stores/ (kept only while the importers move over; removed in this change)."""

from .stores import Readable, Source  # noqa: F401
from .stores import Store as AnyStore  # noqa: F401
from .stores.remote import *  # noqa: F401,F403
from .stores.remote import Endpoints, GraphName, RemoteOxigraph, RemoteStore, RemoteTriples  # noqa: F401
