"""Speakers on hand-parsed Docs (no trained model): who speaks through a document. The sentences are
invented for the tests."""

from __future__ import annotations

from tests.test_discourse import Row, parse
from tests.test_statements_rules import OKAFOR, SAID_WAGES, UNION, said

UNION_SAID: list[Row] = [
    ("The", 3, "det", "DT", "DET", "B-ORG"), ("Dock", 2, "compound", "NNP", "PROPN", "I-ORG"),
    ("Workers", 1, "compound", "NNPS", "PROPN", "I-ORG"), ("Union", 1, "nsubj", "NNP", "PROPN", "I-ORG"),
    ("said", None, "ROOT", "VBD", "VERB", "O"), ("wages", 2, "nsubj", "NNS", "NOUN", "O"),
    ("would", 1, "aux", "MD", "AUX", "O"), ("rise", -3, "ccomp", "VB", "VERB", "O"),
    (".", -4, "punct", ".", "PUNCT", "O"),
]  # fmt: skip
THE_STATEMENT_SAID: list[Row] = [
    ("The", 1, "det", "DT", "DET", "O"), ("statement", 1, "nsubj", "NN", "NOUN", "O"),
    ("said", None, "ROOT", "VBD", "VERB", "O"), ("talks", 2, "nsubj", "NNS", "NOUN", "O"),
    ("had", 1, "aux", "VBD", "AUX", "O"), ("failed", -3, "ccomp", "VBN", "VERB", "O"),
    (".", -4, "punct", ".", "PUNCT", "O"),
]  # fmt: skip


def test_the_statement_speaks_for_the_organisation_that_spoke_last() -> None:
    assert said(parse(UNION_SAID, THE_STATEMENT_SAID), UNION) == [
        ("reported", "Dock Workers Union", "wages would rise"),
        ("reported", "Dock Workers Union", "talks had failed"),
    ]


def test_the_statement_after_a_person_spoke_has_no_known_issuer() -> None:
    assert said(parse(SAID_WAGES, THE_STATEMENT_SAID), OKAFOR) == [("reported", "Maria Okafor", "wages would rise")]


def test_a_statement_from_an_organisation_speaks_for_it() -> None:
    sentence: list[Row] = [
        ("A", 1, "det", "DT", "DET", "O"), ("statement", 6, "nsubj", "NN", "NOUN", "O"),
        ("from", -1, "prep", "IN", "ADP", "O"), ("the", 3, "det", "DT", "DET", "B-ORG"),
        ("Dock", 2, "compound", "NNP", "PROPN", "I-ORG"), ("Workers", 1, "compound", "NNPS", "PROPN", "I-ORG"),
        ("Union", -4, "pobj", "NNP", "PROPN", "I-ORG"), ("said", None, "ROOT", "VBD", "VERB", "O"),
        ("talks", 2, "nsubj", "NNS", "NOUN", "O"), ("had", 1, "aux", "VBD", "AUX", "O"),
        ("failed", -3, "ccomp", "VBN", "VERB", "O"), (".", -4, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), UNION) == [("reported", "Dock Workers Union", "talks had failed")]


def test_a_noun_named_after_it_speaks_by_that_name() -> None:
    sentence: list[Row] = [
        ("A", 1, "det", "DT", "DET", "O"), ("delegate", 3, "nsubj", "NN", "NOUN", "O"),
        ("named", -1, "acl", "VBN", "VERB", "O"), ("Okafor", -1, "oprd", "NNP", "PROPN", "B-PERSON"),
        ("said", None, "ROOT", "VBD", "VERB", "O"), ("wages", 2, "nsubj", "NNS", "NOUN", "O"),
        ("would", 1, "aux", "MD", "AUX", "O"), ("rise", -3, "ccomp", "VB", "VERB", "O"),
        (".", -4, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == [("reported", "Maria Okafor", "wages would rise")]
