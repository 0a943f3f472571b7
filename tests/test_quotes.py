"""Quotes in the raw text (pure Python, no model): pairs of marks and quotes running over paragraphs."""

from __future__ import annotations

from graphbuild.extract.quotes import find_quotes


def pieces(text: str) -> list[tuple[str, int]]:
    """(inner text, run) of every quote."""
    return [(text[q.start : q.end], q.run) for q in find_quotes(text)]


def test_british_style_quote_over_paragraphs_is_one_run() -> None:
    text = "“The port is ours.\n\n“The cranes are ours.\n\n“The future is ours,” she said."
    found = pieces(text)
    assert [t for t, _ in found] == ["The port is ours.", "The cranes are ours.", "The future is ours"]
    assert len({run for _, run in found}) == 1


def test_a_quote_continued_without_an_opening_mark_closes_in_the_next_paragraph() -> None:
    text = "“Wages have fallen for years.\n\nNow the members want a fair share,” said Okafor.\n\nThe talks resume."
    found = pieces(text)
    assert found == [("Wages have fallen for years.", found[0][1]), ("Now the members want a fair share", found[0][1])]


def test_a_quote_never_closed_is_kept_to_the_end_of_its_paragraph() -> None:
    text = "“We start on Monday,” Okafor said. “Nobody will stop us\n\nThe strike began on Monday."
    assert [t for t, _ in pieces(text)] == ["We start on Monday", "Nobody will stop us"]


def test_a_mark_left_open_inside_a_sentence_is_not_a_quote() -> None:
    assert pieces("The so-called “reform of the port was dropped.\n\nNothing else changed.") == []


def test_an_open_paragraph_followed_by_narration_without_marks_does_not_run_on() -> None:
    text = "“We will win.\n\nThe vote is on Friday."
    assert [t for t, _ in pieces(text)] == ["We will win."]
