"""Shared test helpers: invented articles (never the evaluation texts) and a free loopback port."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from graphbuild.stores import ArticleStore

DOCKERS = """Dockers vote to strike at Port Harlow

By Maria Okafor | May 2, 2024

The Harbour Workers Union (HWU) voted on Tuesday to strike at Port Harlow. Union president Jane Doe said the vote was the largest in the union's history.

Jane Doe thanked the members. "We did not choose this fight," Doe said.

Related Articles

Join Now
"""

TEACHERS = """Teachers meet the mayor of Lindale

By Peter Alvarez | June 10, 2024

Jane Doe, president of the Harbour Workers Union, joined the teachers at City Hall in Lindale.
"""


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "dockers.txt").write_text(DOCKERS, encoding="utf-8")
    (folder / "teachers.txt").write_text(TEACHERS, encoding="utf-8")
    return folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def client(store: ArticleStore, request: pytest.FixtureRequest) -> AsyncIterator[httpx.AsyncClient]:
    """The app in-process over the module's ``store`` fixture (server tests define ``store``), sending the
    module's ``CLIENT_HEADERS`` with every request when it has them."""
    from server.app import create_app
    from tests.test_server_data import serving_settings

    transport = httpx.ASGITransport(app=create_app(serving_settings(store), store))
    headers = getattr(request.module, "CLIENT_HEADERS", {})
    async with httpx.AsyncClient(transport=transport, base_url="http://news.test", headers=headers) as c:
        yield c
