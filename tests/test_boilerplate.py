"""Tests for graphbuild.boilerplate: each line is judged on its own, and only an end marker after the
story drops what follows it. The lines are invented for the tests."""

from __future__ import annotations

import pytest

from graphbuild.boilerplate import Kind, classify, classify_line, clean_body, trailing_start


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("The strike ended on Friday.", Kind.PROSE),
        ("It passed.", Kind.PROSE),
        ("'Social democratic decade'", Kind.SHORT),
        ("Launches National Search for a New Director", Kind.SHORT),
        ("Story continues below advertisement", Kind.BOILERPLATE),
        ("Click to follow", Kind.BOILERPLATE),
        ("Photo: Lina Park / Riverwire", Kind.BOILERPLATE),
        ("CONTACT: Lee Park, (555) 562-2444", Kind.BOILERPLATE),
        ("Subscribe to our newsletter for the latest news.", Kind.BOILERPLATE),
        ("190530065014507", Kind.BOILERPLATE),
        ("Related Articles", Kind.END),
        ("Readers' Mailbag", Kind.END),
        ("© 2024 Harbour Media", Kind.END),
        ("###", Kind.END),
        ("About the Harbour Workers Union", Kind.END),
    ],
)
def test_classify_line(line: str, kind: Kind) -> None:
    assert classify_line(line) is kind


def test_a_repeated_line_is_boilerplate() -> None:
    kinds = [line.kind for line in classify(["Strike ends", "The strike ended.", "Strike ends"], seen=["Title"])]
    assert kinds == [Kind.SHORT, Kind.PROSE, Kind.BOILERPLATE]


def test_an_end_marker_above_the_story_removes_only_itself() -> None:
    lines = classify(["Comments", "The union voted on Tuesday to accept the offer made by the port on Monday."])
    assert trailing_start(lines) == 2
    story = "The strike at the harbour ended on Friday after six weeks on the picket line."
    assert clean_body(["Comments", "", story]) == story


def test_an_end_marker_after_the_story_drops_the_rest() -> None:
    body = ["The union voted on Tuesday to accept the offer.", "", "Join Now", "", "Join the union today."]
    assert clean_body(body) == "The union voted on Tuesday to accept the offer."
