"""The executors' shared parts (graphbuild/executors): tasks, tallies, and reading from shared storage."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuild.errors import SettingsError
from graphbuild.executors import CHUNK, ChunkResult, Tallies, chunked, open_executor, task_size
from graphbuild.executors.cluster import _read_shared, _shared_ref
from graphbuild.executors.local import LocalExecutor
from graphbuild.model import SourceArticle
from graphbuild.pipeline import Outcome
from graphbuild.reader import read_path
from graphbuild.settings import Settings


def _article(source: str, headline: str = "A") -> SourceArticle:
    return SourceArticle(source=source, headline=headline, text="Text.")


def test_task_size_gives_every_thread_several_tasks_and_never_more_than_chunk() -> None:
    assert task_size(25, 2) == 4
    assert task_size(100_000, 64) == CHUNK
    assert task_size(3, 8) == 1


def test_every_copy_of_one_article_goes_to_the_task_of_its_first_copy_in_order() -> None:
    articles = [_article(f"{i}", headline=h) for i, h in enumerate("ABCADEA")]
    chunks = chunked(articles, 2, key=lambda a: a.headline)
    assert [[a.source for a in c] for c in chunks] == [["0", "1", "3", "6"], ["2", "4"], ["5"]]
    assert [len(c) for c in chunked(articles, 3)] == [3, 3, 1]


def test_tallies_give_one_line_per_worker() -> None:
    tallies = Tallies()
    tallies.add(ChunkResult("w1", 2.0, [Outcome("a", "iri", "nt"), Outcome("b", problem="bad")]))
    tallies.add(ChunkResult("w2", 1.0, [Outcome("c", "iri", "nt")]))
    assert tallies.lines(4.0) == [
        "worker w1: 2 articles (1 rejected), 0.5 articles/s of the build, 1.0 articles/s while busy",
        "worker w2: 1 articles (0 rejected), 0.2 articles/s of the build, 1.0 articles/s while busy",
    ]


def test_the_executor_setting_is_checked() -> None:
    assert isinstance(open_executor(Settings()), LocalExecutor)
    with pytest.raises(SettingsError, match="expected 'local' or 'dask://HOST:PORT'"):
        open_executor(Settings(executor="spark://x"))
    with pytest.raises(SettingsError, match="Dask executor only"):
        open_executor(Settings(inputs_shared=True))
    with pytest.raises(SettingsError, match="--workers applies to the local executor"):
        open_executor(Settings(executor="dask://127.0.0.1:8786"), workers=4)


def test_a_worker_reads_an_article_of_a_list_under_the_clients_name_for_it(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("feed.jsonl").write_text('{"headline": "One", "text": "First text."}\n'
                                  '{"headline": "Two", "text": "Second text."}\n', encoding="utf-8")
    second = [a for a in read_path(Path("feed.jsonl")) if isinstance(a, SourceArticle)][1]
    ref = _shared_ref(second)
    assert ref[1] == str(tmp_path / "feed.jsonl") and ref[2] == "#2"
    assert _read_shared(*ref) == second


def test_a_file_changed_on_shared_storage_is_rejected_not_built_from_other_content(tmp_path: Path) -> None:
    file = tmp_path / "a.txt"
    file.write_text("Headline\n\nBody one.\n", encoding="utf-8")
    [before] = read_path(file)
    assert isinstance(before, SourceArticle)
    file.write_text("Headline\n\nBody two, changed.\n", encoding="utf-8")
    found = _read_shared(*_shared_ref(before))
    assert isinstance(found, Outcome) and found.problem is not None and "changed on the shared storage" in found.problem
    gone = _read_shared(before.source, str(tmp_path / "gone.txt"), "", before.content_hash)
    assert isinstance(gone, Outcome) and gone.problem is not None and "cannot read" in gone.problem
