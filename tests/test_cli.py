"""The newsgraph command, driven in-process with the real spaCy model and real stores on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from graphbuild.cli import main
from graphbuild.model import SourceArticle
from graphbuild.pipeline import build
from graphbuild.settings import Settings
from graphbuild.stores import ArticleStore
from tests.conftest import free_port

SDO = Namespace("http://schema.org/")
BASE = "http://127.0.0.1:8000/"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_prints_the_graph_without_a_store(
    articles: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "extract", str(articles / "dockers.txt"), "--format", "nt")
    assert code == 0
    g = Graph().parse(data=out, format="nt")
    person = URIRef(f"{BASE}id/person/jane-doe")
    assert (person, RDF.type, SDO.Person) in g
    assert (URIRef(f"{BASE}id/organisation/harbour-workers-union"), SDO.alternateName, Literal("HWU")) in g
    assert not (tmp_path / "newsgraph-store").exists()


@pytest.mark.parametrize("fmt,parser", [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")])
def test_extract_formats_are_the_same_graph(
    articles: Path, capsys: pytest.CaptureFixture[str], fmt: str, parser: str
) -> None:
    from rdflib.compare import isomorphic

    _, reference, _ = run(capsys, "extract", str(articles / "dockers.txt"), "--format", "nt")
    code, out, _ = run(capsys, "extract", str(articles / "dockers.txt"), "--format", fmt)
    assert code == 0
    assert isomorphic(Graph().parse(data=out, format=parser), Graph().parse(data=reference, format="nt"))


def test_extract_trig_names_the_article_graph(articles: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extract", str(articles / "dockers.txt"), "--format", "trig")
    ds = Dataset()
    ds.parse(data=out, format="trig")
    assert code == 0
    assert f"{BASE}id/article/2024-05-02-dockers-vote-to-strike-at-port-harlow" in {
        str(g.identifier) for g in ds.graphs()
    }


def test_base_iri_flag_and_environment(
    articles: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, out, _ = run(
        capsys,
        "extract",
        str(articles / "dockers.txt"),
        "--format",
        "nt",
        "--base-iri",
        "https://news.example/",
    )
    assert "<https://news.example/id/person/jane-doe>" in out
    monkeypatch.setenv("NEWSGRAPH_BASE_IRI", "https://env.example")
    _, out, _ = run(capsys, "extract", str(articles / "dockers.txt"), "--format", "nt")
    assert "<https://env.example/id/person/jane-doe>" in out


def test_build_adds_then_replaces_and_counts(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "store")
    code, _, err = run(capsys, "build", str(articles), "--store", store)
    assert code == 0, err
    assert "added 2, replaced 0, unchanged 0, rejected 0" in err
    code, _, err = run(capsys, "build", str(articles), "--store", store)
    assert "added 0, replaced 0, unchanged 2, rejected 0" in err  # resumable: nothing changed
    code, _, err = run(capsys, "build", str(articles), "--store", store, "--force")
    assert "added 0, replaced 2, unchanged 0, rejected 0" in err
    edited = (articles / "dockers.txt").read_text().replace("voted on Tuesday", "voted on Wednesday")
    (articles / "dockers.txt").write_text(edited)
    code, _, err = run(capsys, "build", str(articles), "--store", store)
    assert "added 0, replaced 1, unchanged 1, rejected 0" in err  # only the edited article is rebuilt


def test_a_person_named_by_two_articles_counts_once(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "build", str(articles), "--store", str(tmp_path / "store"))
    store = ArticleStore.open(tmp_path / "store", read_only=True)
    jane = f"<{BASE}id/person/jane-doe>"
    graphs = list(store.ox.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {jane} a ?t }} }}"))
    assert len(graphs) == 2  # both articles describe her ...
    rows = list(store.ox.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {jane} a <http://schema.org/Person> }}"))
    assert int(rows[0]["n"].value) == 1  # type: ignore[index]  ... yet she counts once
    names = list(store.ox.query(f"SELECT ?name WHERE {{ {jane} <http://schema.org/name> ?name }}"))
    assert len(names) == 1  # and a SELECT without DISTINCT lists her name once


def test_bad_inputs_each_get_a_line_and_the_rest_lands(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (articles / "empty.txt").write_text("")
    (articles / "binary.txt").write_bytes(b"\x00\x01\x02headline")
    (articles / "latin1.txt").write_bytes("Caf\xe9 news\n\nText".encode("latin-1"))
    (articles / "broken.jsonl").write_text(
        '{"headline": "Fine", "text": "A full sentence here."}\n{not json\n'
    )
    code, _, err = run(capsys, "build", str(articles), "--store", str(tmp_path / "store"))
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith("newsgraph: ")]
    assert any("empty.txt" in line and "empty" in line for line in lines)
    assert any("binary.txt" in line and "binary" in line for line in lines)
    assert any("latin1.txt" in line and "UTF-8" in line for line in lines)
    assert any("broken.jsonl#2" in line for line in lines)
    assert "added 3, replaced 0, unchanged 0, rejected 4" in err
    assert len(ArticleStore.open(tmp_path / "store", read_only=True).article_graphs()) == 3


def test_an_article_failing_the_shapes_stores_nothing(tmp_path: Path) -> None:
    store = ArticleStore.open(tmp_path / "store")
    bad = SourceArticle(source="bad.txt", headline="", text="Jane Doe spoke in Lindale.")
    errors: list[str] = []
    summary = build([bad], store, Settings(store=tmp_path / "store"), on_error=errors.append)
    assert summary.rejected and store.article_graphs() == [] and store.triple_count() == 0
    assert "headline" in errors[0]


def test_remove_validate_and_export(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "store")
    run(capsys, "build", str(articles), "--store", store)
    assert run(capsys, "validate", "--store", store)[0] == 0
    code, out, _ = run(capsys, "export", "--format", "nq", "--store", store)
    assert code == 0 and out.count(f"{BASE}id/article/") > 0
    slug = "2024-05-02-dockers-vote-to-strike-at-port-harlow"
    assert run(capsys, "remove", slug, "--store", store)[0] == 0
    code, _, err = run(capsys, "remove", slug, "--store", store)
    assert code == 1 and "no article" in err


def test_missing_store_is_a_system_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", "--store", str(tmp_path / "nowhere"))
    assert code == 2 and "does not exist" in err


def test_unknown_model_is_a_clear_error(articles: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "extract", str(articles / "dockers.txt"), "--model", "no_such_model_xx")
    assert code == 2 and "no_such_model_xx" in err and "not installed" in err


@pytest.mark.parametrize("command", ["extract", "build", "serve", "index", "validate", "remove", "export"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    assert "usage: newsgraph" in capsys.readouterr().out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["extract"])
    assert stop.value.code == 2


def test_validate_exits_1_when_a_stored_graph_does_not_conform(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = ArticleStore.open(tmp_path / "store")
    bad = Graph()
    article = URIRef(f"{BASE}id/article/no-headline")
    bad.add((article, RDF.type, SDO.NewsArticle))  # no headline, no body: the gate would have refused it
    store.put_article(str(article), bad)
    store.close()
    del store
    code, out, err = run(capsys, "validate", "--store", str(tmp_path / "store"))
    assert code == 1
    assert "no-headline" in out and "schema:headline" in out
    assert "0 of 1 articles conform" in err


def test_serve_refuses_a_store_without_its_site_index(articles: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    assert run(capsys, "build", str(articles), "--store", store, "--workers", "1")[0] == 0
    (tmp_path / "store.index.sqlite3").unlink()
    code, _, err = run(capsys, "serve", "--store", store, "--port", str(free_port()))
    assert code == 2 and f"no site index; build it with `newsgraph index --store {store}`" in err
    assert run(capsys, "index", "--store", store)[0] == 0
    elsewhere = str(tmp_path / "elsewhere.sqlite3")
    code, _, err = run(capsys, "serve", "--store", store, "--search-index", elsewhere, "--port", str(free_port()))
    assert code == 2 and f"newsgraph index --store {store} --search-index {elsewhere}" in err


def test_build_leaves_the_search_index_in_step_with_the_store(articles: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from server.freshness import store_version
    from server.search import SCHEMA_VERSION, default_path, recorded_version

    code, _, err = run(capsys, "build", str(articles), "--store", str(tmp_path / "store"))
    assert code == 0 and "site index ready" in err
    store = ArticleStore.open(tmp_path / "store", read_only=True)
    version = store_version(store, BASE)
    assert recorded_version(default_path(tmp_path / "store")) == f"{SCHEMA_VERSION}:{version.tag}"


def test_build_and_remove_keep_the_site_index_in_step_and_index_rebuilds_it(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from server.freshness import store_version
    from server.search import SiteIndex, is_current

    store_path, index_path = tmp_path / "store", tmp_path / "store.index.sqlite3"

    def index_is_current() -> bool:
        store = ArticleStore.open(store_path, read_only=True)
        try:
            return is_current(index_path, store_version(store, BASE))
        finally:
            store.close()

    code, _, err = run(capsys, "build", str(articles), "--store", str(store_path), "--workers", "1")
    assert code == 0 and "site index ready" in err and index_is_current()
    index = SiteIndex(index_path)
    assert [e.label for e in index.search("Jane Doe")[0] if e.kind == "person"] == ["Jane Doe"]
    index.close()

    store = ArticleStore.open(store_path, read_only=True)
    graphs = store.article_graphs()
    store.close()
    code, _, err = run(capsys, "remove", graphs[0], "--store", str(store_path))
    assert code == 0 and "site index ready" in err and index_is_current()
    index = SiteIndex(index_path)
    assert index.count("article") == len(graphs) - 1 and index.find(graphs[0]) is None
    index.close()

    index_path.unlink()
    code, _, err = run(capsys, "index", "--store", str(store_path))
    assert code == 0 and "site index built" in err and index_is_current()


def test_the_base_iri_travels_with_the_store(articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """build records its base IRI in the store; later commands take it from there, and refuse another."""
    store, base = str(tmp_path / "store"), "https://news.example/"
    assert run(capsys, "build", str(articles), "--store", store, "--base-iri", base, "--workers", "1")[0] == 0
    assert ArticleStore.open(store, read_only=True).built_base() == base
    code, _, err = run(capsys, "validate", "--store", store)  # the record is not an article
    assert code == 0 and "2 of 2 articles conform" in err
    code, _, err = run(capsys, "serve", "--store", store, "--base-iri", "https://other.example/",
                       "--port", str(free_port()))
    assert code == 2
    assert err.strip().splitlines() == [f"newsgraph: the store {store} was built with base IRI {base}, not "
                                        "https://other.example/: leave --base-iri (and NEWSGRAPH_BASE_IRI) out to "
                                        "use the store's, or build a new store under the new one"]
    monkeypatch.setenv("NEWSGRAPH_BASE_IRI", "https://other.example/")  # given through the environment alike
    code, _, err = run(capsys, "build", str(articles), "--store", store)
    assert code == 2 and "was built with base IRI https://news.example/" in err
    monkeypatch.delenv("NEWSGRAPH_BASE_IRI")
    code, _, err = run(capsys, "build", str(articles), "--store", store)  # no base given: the store's
    assert code == 0 and "unchanged 2" in err
    code, _, err = run(capsys, "remove", "2024-05-02-dockers-vote-to-strike-at-port-harlow", "--store", store)
    assert code == 0 and f"removed {base}id/article/2024-05-02-dockers-vote-to-strike-at-port-harlow" in err


def test_a_store_built_before_the_record_shows_its_base_by_its_articles(
        articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from graphbuild.stores.sparql import RECORD_GRAPH

    store = str(tmp_path / "store")
    assert run(capsys, "build", str(articles), "--store", store, "--base-iri", "https://old.example/",
               "--workers", "1")[0] == 0
    opened = ArticleStore.open(store)
    opened.ox.update(f"DROP GRAPH <{RECORD_GRAPH}>")  # as a store built by an earlier newsgraph
    assert opened.built_base() == "https://old.example/"
    opened.close()
    code, _, err = run(capsys, "index", "--store", store, "--base-iri", "http://127.0.0.1:8000/")
    assert code == 2 and "was built with base IRI https://old.example/" in err
    empty = ArticleStore.open(tmp_path / "empty")
    assert empty.built_base() is None
