"""server/snippets.py: the sentence around a mention."""

from __future__ import annotations

import pytest

from server.snippets import MAX_CONTEXT, Snippet, sentence_around

TEXT = 'First one. Then Ana Ruiz spoke! "Really?" asked Bo. Ana left.\n\nNew paragraph with Ana in it'


def _cut(text: str, mention: str, occurrence: int = 0) -> Snippet | None:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(mention, start + 1)
    return sentence_around(text, start, start + len(mention))


@pytest.mark.parametrize(("mention", "occurrence", "expected"), [
    ("First", 0, Snippet("", "First", " one.")),
    ("Ana Ruiz", 0, Snippet("Then ", "Ana Ruiz", " spoke!")),
    ("Bo", 0, Snippet('"Really?" asked ', "Bo", ".")),
    ("Ana", 1, Snippet("", "Ana", " left.")),
    ("Ana", 2, Snippet("New paragraph with ", "Ana", " in it")),
    ("Really", 0, Snippet('"', "Really", '?" asked Bo.')),  # a quoted question goes on
])
def test_sentence_around(mention: str, occurrence: int, expected: Snippet) -> None:
    assert _cut(TEXT, mention, occurrence) == expected


def test_a_single_line_break_ends_a_sentence() -> None:
    assert _cut("Headline about Ana\nAna spoke today", "Ana", 0) == Snippet("Headline about ", "Ana", "")


def test_a_period_inside_the_mention_is_kept() -> None:
    assert _cut("He met U.S. officials. Then left.", "U.S.") == Snippet("He met ", "U.S.", " officials.")


def test_a_long_sentence_is_cut_and_marked() -> None:
    text = "x" * (MAX_CONTEXT + 50) + " Ana " + "y" * (MAX_CONTEXT + 50)
    snippet = _cut(text, "Ana")
    assert snippet is not None and snippet.cut_before and snippet.cut_after
    assert len(snippet.before) <= MAX_CONTEXT and len(snippet.after) <= MAX_CONTEXT


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (6, 4), (0, len(TEXT) + 1)])
def test_offsets_that_do_not_fit_give_none(start: int, end: int) -> None:
    assert sentence_around(TEXT, start, end) is None


@pytest.mark.parametrize(("text", "mention", "sentence"), [
    ("He left. Mr. Biden met Gen. Mark Milley there. Then rain.", "Milley", "Mr. Biden met Gen. Mark Milley there."),
    ("Talks ended. John F. Kennedy Jr. spoke to the U.S. Senate. Bye.", "Senate",
     "John F. Kennedy Jr. spoke to the U.S. Senate."),
    ("Dr. Ana Ruiz arrived. She spoke.", "She", "She spoke."),
])
def test_a_title_initial_or_abbreviation_does_not_end_the_sentence(text: str, mention: str, sentence: str) -> None:
    found = _cut(text, mention)
    assert found is not None and found.before + found.mention + found.after == sentence
