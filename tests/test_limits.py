"""Bounded articles (graphbuild/limits.py): an article over the size limits is rejected before the language
model reads it, and an extraction past its time stops; build reports either with its reason, within
seconds, and builds the other articles."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from graphbuild.cli import main
from graphbuild.errors import ArticleOverLimit
from graphbuild.limits import check_size, sentence_count
from graphbuild.model import SourceArticle
from graphbuild.settings import Settings
from graphbuild.stores import ArticleStore

# 25,000 short sentences, 990 KB: what once held a core for minutes.
FLOOD = "Flood of sentences\n\nBy Ann Lee | May 4, 2024\n\n" + " ".join(
    f"Delegate {n} of the Bakers Union spoke at length." for n in range(25_000))[:990_000] + "\n"


def _article(text: str) -> SourceArticle:
    return SourceArticle("a.txt", "A", text, dt.date(2024, 5, 4), ())


def test_sentences_are_counted_by_their_end_punctuation() -> None:
    assert sentence_count("One. Two! Three? \"Four.\" Five") == 5
    assert sentence_count("Heading\n\nA paragraph without a full stop") == 2
    assert sentence_count("Version 2.5 of the plan passed.") == 1  # no space after the dot: not an end


def test_size_limits_name_the_setting() -> None:
    settings = Settings(max_article_chars=1000, max_article_sentences=10)
    check_size(_article("Short. " * 10), settings)
    with pytest.raises(ArticleOverLimit, match=r"1001 characters; the limit is 1000 \(max_article_chars\)") as caught:
        check_size(_article("x" * 1001), settings)
    assert caught.value.too_large
    with pytest.raises(ArticleOverLimit, match=r"about 11 sentences; the limit is 10 \(max_article_sentences\)"):
        check_size(_article("Short. " * 11), settings)
    check_size(_article("x" * 10_000), Settings(max_article_chars=0, max_article_sentences=0))  # 0: no limit


def test_build_rejects_an_oversized_article_within_seconds_and_builds_the_others(
        articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (articles / "flood.txt").write_text(FLOOD, encoding="utf-8")
    store = tmp_path / "store"
    started = time.monotonic()
    code = main(["build", str(articles), "--store", str(store)])
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == 1 and "added 2, replaced 0, unchanged 0, rejected 1" in err, err
    assert "flood.txt: rejected: the article has 990" in err and "(max_article_chars)" in err
    assert elapsed < 60  # two small articles and a refusal: the flood never reaches the model
    built = ArticleStore.open(store)
    try:
        assert len(built.article_graphs()) == 2
    finally:
        built.close()


def test_an_extraction_past_its_time_is_stopped_and_reported(
        articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_MAX_EXTRACT_SECONDS", "0.001")  # the model alone takes longer
    code = main(["build", str(articles), "--store", str(tmp_path / "store")])
    err = capsys.readouterr().err
    assert code == 1 and "rejected 2" in err
    assert "rejected: the extraction ran longer than the 0.001 s limit (max_extract_seconds) and was stopped" in err
