"""Reported speech on hand-parsed Docs (no trained model): which verbs of saying assert a claim, and
which span they report. The sentences are invented for the tests."""

from __future__ import annotations

from tests.test_discourse import Row, parse
from tests.test_statements_rules import OKAFOR, UNION, said


def test_clauses_joined_before_a_final_attribution_are_one_claim() -> None:
    sentence: list[Row] = [
        ("Prices", 1, "nsubj", "NNS", "NOUN", "O"), ("rose", 7, "ccomp", "VBD", "VERB", "O"),
        (",", -1, "punct", ",", "PUNCT", "O"), ("but", -2, "cc", "CC", "CCONJ", "O"),
        ("wages", 1, "nsubj", "NNS", "NOUN", "O"), ("fell", 3, "ccomp", "VBD", "VERB", "O"),
        (",", 2, "punct", ",", "PUNCT", "O"), ("Okafor", 1, "nsubj", "NNP", "PROPN", "B-PERSON"),
        ("said", None, "ROOT", "VBD", "VERB", "O"), (".", -1, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == [("reported", "Maria Okafor", "Prices rose, but wages fell")]


SADDENED_TO_ANNOUNCE: list[Row] = [
    ("The", 3, "det", "DT", "DET", "B-ORG"), ("Dock", 2, "compound", "NNP", "PROPN", "I-ORG"),
    ("Workers", 1, "compound", "NNPS", "PROPN", "I-ORG"), ("Union", 2, "nsubjpass", "NNP", "PROPN", "I-ORG"),
    ("is", 1, "auxpass", "VBZ", "AUX", "O"), ("saddened", None, "ROOT", "VBN", "VERB", "O"),
    ("to", 1, "aux", "TO", "PART", "O"), ("announce", -2, "xcomp", "VB", "VERB", "O"),
    ("the", 1, "det", "DT", "DET", "O"), ("death", -2, "dobj", "NN", "NOUN", "O"),
    ("last", 1, "amod", "JJ", "ADJ", "B-DATE"), ("Friday", -4, "npadvmod", "NNP", "PROPN", "I-DATE"),
    ("of", -1, "prep", "IN", "ADP", "O"), ("its", 1, "poss", "PRP$", "PRON", "O"),
    ("founder", -2, "pobj", "NN", "NOUN", "O"), (".", -10, "punct", ".", "PUNCT", "O"),
]  # fmt: skip


def test_saddened_to_announce_is_the_announcement_itself() -> None:
    assert said(parse(SADDENED_TO_ANNOUNCE), UNION) == [
        ("reported", "Dock Workers Union", "the death last Friday of its founder")
    ]


def test_pleased_to_announce_after_a_copula_takes_the_copulas_subject() -> None:
    sentence: list[Row] = [
        ("Okafor", 1, "nsubj", "NNP", "PROPN", "B-PERSON"), ("is", None, "ROOT", "VBZ", "AUX", "O"),
        ("pleased", -1, "acomp", "JJ", "ADJ", "O"), ("to", 1, "aux", "TO", "PART", "O"),
        ("announce", -2, "xcomp", "VB", "VERB", "O"), ("that", 3, "mark", "IN", "SCONJ", "O"),
        ("talks", 2, "nsubj", "NNS", "NOUN", "O"), ("had", 1, "aux", "VBD", "AUX", "O"),
        ("resumed", -4, "ccomp", "VBN", "VERB", "O"), (".", -8, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == [("reported", "Maria Okafor", "talks had resumed")]


def test_will_be_pleased_to_announce_is_still_a_plan() -> None:
    sentence: list[Row] = [
        ("Okafor", 2, "nsubj", "NNP", "PROPN", "B-PERSON"), ("will", 1, "aux", "MD", "AUX", "O"),
        ("be", None, "ROOT", "VB", "AUX", "O"), ("pleased", -1, "acomp", "JJ", "ADJ", "O"),
        ("to", 1, "aux", "TO", "PART", "O"), ("announce", -2, "xcomp", "VB", "VERB", "O"),
        ("that", 3, "mark", "IN", "SCONJ", "O"), ("talks", 2, "nsubj", "NNS", "NOUN", "O"),
        ("had", 1, "aux", "VBD", "AUX", "O"), ("resumed", -4, "ccomp", "VBN", "VERB", "O"),
        (".", -8, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == []


def test_a_verb_of_saying_after_a_verb_of_planning_is_no_claim() -> None:
    sentence: list[Row] = [
        ("Okafor", 1, "nsubj", "NNP", "PROPN", "B-PERSON"), ("plans", None, "ROOT", "VBZ", "VERB", "O"),
        ("to", 1, "aux", "TO", "PART", "O"), ("announce", -2, "xcomp", "VB", "VERB", "O"),
        ("that", 3, "mark", "IN", "SCONJ", "O"), ("talks", 2, "nsubj", "NNS", "NOUN", "O"),
        ("had", 1, "aux", "VBD", "AUX", "O"), ("resumed", -4, "ccomp", "VBN", "VERB", "O"),
        (".", -7, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == []


def test_a_verb_of_accusing_reports_its_object_and_the_charge() -> None:
    sentence: list[Row] = [
        ("Okafor", 1, "nsubj", "NNP", "PROPN", "B-PERSON"), ("charged", None, "ROOT", "VBD", "VERB", "O"),
        ("the", 1, "det", "DT", "DET", "O"), ("board", -2, "dobj", "NN", "NOUN", "O"),
        ("with", -3, "prep", "IN", "ADP", "O"), ("breaking", -1, "pcomp", "VBG", "VERB", "O"),
        ("the", 1, "det", "DT", "DET", "O"), ("deal", -2, "dobj", "NN", "NOUN", "O"),
        (".", -7, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == [("reported", "Maria Okafor", "the board with breaking the deal")]


def test_a_verb_of_characterising_reports_its_object_as_what() -> None:
    sentence: list[Row] = [
        ("Okafor", 1, "nsubj", "NNP", "PROPN", "B-PERSON"), ("branded", None, "ROOT", "VBD", "VERB", "O"),
        ("the", 1, "det", "DT", "DET", "O"), ("report", -2, "dobj", "NN", "NOUN", "O"),
        ("as", -3, "prep", "IN", "ADP", "O"), ("a", 1, "det", "DT", "DET", "O"),
        ("lie", -2, "pobj", "NN", "NOUN", "O"), (".", -6, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == [("reported", "Maria Okafor", "the report as a lie")]


def test_charging_a_price_is_no_accusation() -> None:
    sentence: list[Row] = [
        ("The", 1, "det", "DT", "DET", "B-ORG"), ("Dock", 2, "compound", "NNP", "PROPN", "I-ORG"),
        ("Workers", 1, "compound", "NNPS", "PROPN", "I-ORG"), ("Union", 1, "nsubj", "NNP", "PROPN", "I-ORG"),
        ("charged", None, "ROOT", "VBD", "VERB", "O"), ("members", -1, "dative", "NNS", "NOUN", "O"),
        ("a", 2, "det", "DT", "DET", "O"), ("higher", 1, "amod", "JJR", "ADJ", "O"),
        ("fee", -4, "dobj", "NN", "NOUN", "O"), (".", -5, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), UNION) == []
