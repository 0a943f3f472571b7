"""Building corpora: order-independence of identities, and parallel builds equal to sequential ones."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset
from rdflib.compare import isomorphic

from graphbuild.pipeline import build, read_all
from graphbuild.settings import Settings
from graphbuild.stores import ArticleStore
from tests.synthetic import article_text


def corpus(folder: Path, seeds: range) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in seeds:
        path = folder / f"a{seed:03d}.txt"
        path.write_text(article_text(seed, words=120), encoding="utf-8")
        paths.append(path)
    return paths


def dump(store: ArticleStore, tmp: Path) -> Dataset:
    out = tmp / "dump.nq"
    with out.open("wb") as fh:
        store.export("nq", fh)
    ds = Dataset()
    ds.parse(out, format="nquads")
    return ds


def same_stores(a: Dataset, b: Dataset) -> bool:
    graphs_a = {g.identifier: g for g in a.graphs() if len(g)}
    graphs_b = {g.identifier: g for g in b.graphs() if len(g)}
    return graphs_a.keys() == graphs_b.keys() and all(isomorphic(graphs_a[k], graphs_b[k]) for k in graphs_a)


def build_into(tmp: Path, name: str, paths: list[Path], workers: int = 1) -> ArticleStore:
    store = ArticleStore.open(tmp / name)
    summary = build(read_all(paths), store, Settings(store=tmp / name), workers=workers)
    assert summary.ok, summary.rejected
    return store


def test_identities_do_not_depend_on_build_order(tmp_path: Path) -> None:
    paths = corpus(tmp_path / "articles", range(6))
    forward = build_into(tmp_path, "forward", paths)
    backward = build_into(tmp_path, "backward", list(reversed(paths)))
    assert forward.triple_count() == backward.triple_count()
    assert same_stores(dump(forward, tmp_path), dump(backward, tmp_path))


def test_parallel_build_equals_sequential_build(tmp_path: Path) -> None:
    paths = corpus(tmp_path / "articles", range(40))  # more than two worker chunks
    sequential = build_into(tmp_path, "one", paths, workers=1)
    parallel = build_into(tmp_path, "two", paths, workers=2)
    assert len(parallel.article_graphs()) == 40
    assert same_stores(dump(sequential, tmp_path), dump(parallel, tmp_path))


def test_building_twice_gives_the_same_store(tmp_path: Path) -> None:
    paths = corpus(tmp_path / "articles", range(4))
    store = build_into(tmp_path, "store", paths)
    first = dump(store, tmp_path)
    summary = build(read_all(paths), store, Settings(store=tmp_path / "store"), force=True)
    assert summary.replaced == 4 and summary.added == 0
    assert same_stores(first, dump(store, tmp_path))


def test_a_changed_curation_rebuilds_unchanged_articles(tmp_path: Path) -> None:
    paths = corpus(tmp_path / "articles", range(3))
    store = build_into(tmp_path, "store", paths)
    curation = tmp_path / "curation.ttl"
    curation.write_text("@prefix ng: <https://w3id.org/newsgraph/ns#> .\n"
                        "<http://127.0.0.1:8000/id/person/x> ng:preferredName \"X\" .\n", encoding="utf-8")
    summary = build(read_all(paths), store, Settings(store=tmp_path / "store", curation=str(curation)))
    assert summary.replaced == 3 and summary.unchanged == 0


def test_names_and_labels_lose_bidi_controls_and_zero_width_characters_while_the_text_keeps_them() -> None:
    """A right-to-left override or a zero-width space in a name would make two names look alike, or one read
    as another: names, headlines and labels are stored without them. The text, and each mention's span of
    it, keep what the source has."""
    import datetime as dt
    import re

    from graphbuild.invisible import INVISIBLE
    from graphbuild.model import SourceArticle
    from graphbuild.pipeline import build_article
    from graphbuild.vocab import NG, SDO, SKOS

    text = ("Bakers vote\n\nInes Duarte\u202e, president of the Bakers Union\u2069, said the vote was fair. "
            "\"We won,\" Duarte\u200b said.")
    built = build_article(SourceArticle("t.txt", "Bakers\u202e vote", text, dt.date(2024, 5, 4), ()), Settings())
    invisible = re.compile(f"[{INVISIBLE}]")
    labels = [str(o) for p in (SDO.name, SDO.alternateName, SDO.headline, SKOS.prefLabel)
              for o in built.graph.objects(None, p)]
    assert "Bakers Union" in labels and "Bakers vote" in labels
    assert not any(invisible.search(label) for label in labels), labels
    anchors = [str(o) for o in built.graph.objects(None, NG.anchorText)]
    assert "Bakers Union\u2069" in anchors  # the span as written
    assert "\u202e" in str(built.graph.value(built.iri, SDO.articleBody))
