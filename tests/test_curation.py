"""The editor's curation file: parsing, its errors, and its effect on a build and on the server."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from rdflib import Namespace

from graphbuild.curation import load_curation, parse_curation
from graphbuild.errors import CurationError
from graphbuild.pipeline import build, read_all
from graphbuild.settings import Settings
from graphbuild.stores import ArticleStore
from server.app import create_app
from server.maintenance import build_site_index

BASE = "http://127.0.0.1:8000/"
ID = Namespace(f"{BASE}id/")
SDO = Namespace("http://schema.org/")
HEAD = "@prefix ng: <https://w3id.org/newsgraph/ns#> .\n"


def test_merge_chains_resolve_to_the_last_survivor() -> None:
    c = parse_curation(HEAD + f"""
        <{ID}person/a> ng:mergedInto <{ID}person/b> .
        <{ID}person/b> ng:mergedInto <{ID}person/c> .
        <{ID}person/c> ng:preferredName "C" .""")
    assert c.resolve(ID["person/a"], ID["article/x"]) == ID["person/c"]
    assert c.resolve(ID["person/z"], ID["article/x"]) == ID["person/z"]


def test_a_split_applies_in_its_article_only() -> None:
    c = parse_curation(HEAD + f"""
        [] ng:splitFrom <{ID}person/a> ; ng:inArticle <{ID}article/x> ; ng:splitInto <{ID}person/a2> .""")
    assert c.resolve(ID["person/a"], ID["article/x"]) == ID["person/a2"]
    assert c.resolve(ID["person/a"], ID["article/y"]) == ID["person/a"]


@pytest.mark.parametrize("body,message", [
    ("<http://x/a> ng:mergedInto <http://x/b> .", "needs an ng:preferredName"),
    ("<http://x/a> ng:mergedInto <http://x/b> . <http://x/b> ng:mergedInto <http://x/a> .", "cycle"),
    ("<http://x/a> ng:preferredName \"\" .", "non-empty"),
    ("[] ng:splitFrom <http://x/a> .", "a split needs"),
    ("<http://x/a> ng:mergedInto", "not valid Turtle"),
])
def test_malformed_curation_is_a_clear_error(body: str, message: str) -> None:
    with pytest.raises(CurationError, match=message):
        parse_curation(HEAD + body)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CurationError, match="cannot read"):
        load_curation(tmp_path / "nope.ttl")


@pytest.fixture
def curated_store(articles: Path, tmp_path: Path) -> tuple[ArticleStore, Settings]:
    curation = tmp_path / "curation.ttl"
    curation.write_text(HEAD + f"""
        <{ID}person/jane-doe> ng:mergedInto <{ID}person/janet-doe> .
        <{ID}person/janet-doe> ng:preferredName "Janet Doe" .""", encoding="utf-8")
    settings = Settings(store=tmp_path / "store", curation=str(curation))
    store = ArticleStore.open(settings.store)
    summary = build(read_all([articles]), store, settings)
    assert summary.ok, summary.rejected
    build_site_index(store, settings)  # as `newsgraph build` keeps it (IndexFollower)
    return store, settings


def test_a_merge_is_applied_at_build_time(curated_store: tuple[ArticleStore, Settings]) -> None:
    store, _ = curated_store
    names = {str(r["n"].value) for r in store.ox.query(  # type: ignore[union-attr, index]
        f"SELECT ?n WHERE {{ <{ID}person/janet-doe> <http://schema.org/name> ?n }}")}
    aliases = {str(r["n"].value) for r in store.ox.query(  # type: ignore[union-attr, index]
        f"SELECT ?n WHERE {{ <{ID}person/janet-doe> <http://schema.org/alternateName> ?n }}")}
    assert names == {"Janet Doe"} and "Jane Doe" in aliases
    assert not bool(store.ox.query(f"ASK {{ <{ID}person/jane-doe> a ?t }}"))


@pytest.mark.anyio
async def test_a_merged_iri_answers_301(curated_store: tuple[ArticleStore, Settings]) -> None:
    store, settings = curated_store
    transport = httpx.ASGITransport(app=create_app(settings, store))
    async with httpx.AsyncClient(transport=transport, base_url="http://news.test") as client:
        for path, target in [("/id/person/jane-doe", "/id/person/janet-doe"),
                             ("/page/person/jane-doe", "/page/person/janet-doe"),
                             ("/data/person/jane-doe.ttl", "/data/person/janet-doe.ttl")]:
            response = await client.get(path, follow_redirects=False)
            assert response.status_code == 301 and response.headers["location"] == target
        page = await client.get("/id/person/jane-doe", headers={"Accept": "text/html"}, follow_redirects=True)
        assert page.status_code == 200 and "Janet Doe" in page.text
