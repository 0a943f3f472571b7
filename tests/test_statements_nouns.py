"""Claims made with a noun of saying, on hand-parsed Docs (no trained model). The sentences are invented
for the tests."""

from __future__ import annotations

from tests.test_discourse import Row, parse
from tests.test_statements_rules import OKAFOR, said


def charge(verb: str) -> list[Row]:
    """Okafor <verb> the charge that the board had lied."""
    return [
        ("Okafor", 1, "nsubj", "NNP", "PROPN", "B-PERSON"), (verb, None, "ROOT", "VBD", "VERB", "O"),
        ("the", 1, "det", "DT", "DET", "O"), ("charge", -2, "dobj", "NN", "NOUN", "O"),
        ("that", 4, "mark", "IN", "SCONJ", "O"), ("the", 1, "det", "DT", "DET", "O"),
        ("board", 2, "nsubj", "NN", "NOUN", "O"), ("had", 1, "aux", "VBD", "AUX", "O"),
        ("lied", -5, "acl", "VBN", "VERB", "O"), (".", -8, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip


def test_a_charge_its_speaker_makes_reports_its_that_clause() -> None:
    assert said(parse(charge("made")), OKAFOR) == [("reported", "Maria Okafor", "the board had lied")]


def test_a_charge_its_subject_only_meets_is_not_theirs() -> None:
    assert said(parse(charge("rejected")), OKAFOR) == []
