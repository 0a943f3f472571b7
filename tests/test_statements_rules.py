"""Statement rules on hand-parsed Docs (no trained model): attributions the parser hangs in the wrong
place, prepositional and phrasal cues. The sentences are invented for the tests."""

from __future__ import annotations

from spacy.tokens import Doc

from graphbuild.extract.discourse import Discourse
from graphbuild.extract.statements import find_statements
from graphbuild.model import Entity, SourceArticle
from tests.test_discourse import Row, entity, parse

OKAFOR = ("person", "Maria Okafor", "Okafor")
UNION = ("organisation", "Dock Workers Union")
REUTERS = ("organisation", "Reuters")


def said(doc: Doc, *known: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(kind, speaker, text) of every statement of a hand-parsed Doc, given its entities."""
    entities: list[Entity] = [entity(doc, *k) for k in known]
    article = SourceArticle("invented.txt", "Invented", doc.text)
    found = find_statements(doc, entities, article, Discourse(doc, entities, article))
    return [(s.kind, s.speaker.name, s.text) for s in found]


def test_a_final_attribution_parsed_as_a_complement_reports_the_clause_before_it() -> None:
    sentence: list[Row] = [
        ("Talks", 2, "nsubj", "NNS", "NOUN", "O"), ("had", 1, "aux", "VBD", "AUX", "O"),
        ("failed", None, "ROOT", "VBN", "VERB", "O"), (",", 3, "punct", ",", "PUNCT", "O"),
        ("Maria", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Okafor", 1, "nsubj", "NNP", "PROPN", "I-PERSON"),
        ("told", -4, "ccomp", "VBD", "VERB", "O"), ("the", 1, "det", "DT", "DET", "O"),
        ("radio", -2, "dobj", "NN", "NOUN", "O"), (".", -7, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == [("reported", "Maria Okafor", "Talks had failed")]


def test_a_final_attribution_parsed_as_a_noun_with_a_participle() -> None:
    sentence: list[Row] = [
        ("The", 1, "det", "DT", "DET", "O"), ("port", 2, "nsubj", "NN", "NOUN", "O"),
        ("will", 1, "aux", "MD", "AUX", "O"), ("close", None, "ROOT", "VB", "VERB", "O"),
        (",", -1, "punct", ",", "PUNCT", "O"), ("the", 2, "det", "DT", "DET", "O"),
        ("agency", 1, "compound", "NN", "NOUN", "O"), ("Reuters", -4, "npadvmod", "NNP", "PROPN", "B-ORG"),
        ("reported", -1, "acl", "VBN", "VERB", "O"), (".", -6, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), REUTERS) == [("reported", "Reuters", "The port will close")]


def test_a_name_set_off_by_commas_before_a_verb_without_subject_is_its_speaker() -> None:
    sentence: list[Row] = [
        ("At", 6, "prep", "IN", "ADP", "O"), ("the", 1, "det", "DT", "DET", "O"),
        ("rally", -2, "pobj", "NN", "NOUN", "O"), (",", -1, "punct", ",", "PUNCT", "O"),
        ("Okafor", -2, "appos", "NNP", "PROPN", "B-PERSON"), (",", 1, "punct", ",", "PUNCT", "O"),
        ("told", None, "ROOT", "VBD", "VERB", "O"), ("the", 1, "det", "DT", "DET", "O"),
        ("crowd", -2, "dobj", "NN", "NOUN", "O"), ("that", 3, "mark", "IN", "SCONJ", "O"),
        ("wages", 2, "nsubj", "NNS", "NOUN", "O"), ("would", 1, "aux", "MD", "AUX", "O"),
        ("rise", -6, "ccomp", "VB", "VERB", "O"), (".", -7, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == [("reported", "Maria Okafor", "wages would rise")]


def test_as_per_attributes_the_rest_of_the_sentence() -> None:
    sentence: list[Row] = [
        ("As", 1, "advmod", "RB", "ADV", "O"), ("per", 9, "prep", "IN", "ADP", "O"),
        ("the", 3, "det", "DT", "DET", "B-ORG"), ("Dock", 2, "compound", "NNP", "PROPN", "I-ORG"),
        ("Workers", 1, "compound", "NNP", "PROPN", "I-ORG"), ("Union", -4, "pobj", "NNP", "PROPN", "I-ORG"),
        (",", 4, "punct", ",", "PUNCT", "O"), ("the", 1, "det", "DT", "DET", "O"),
        ("port", 2, "nsubj", "NN", "NOUN", "O"), ("will", 1, "aux", "MD", "AUX", "O"),
        ("close", None, "ROOT", "VB", "VERB", "O"), (".", -1, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), UNION) == [("reported", "Dock Workers Union", "the port will close")]


def test_called_for_reports_what_was_called_for() -> None:
    sentence: list[Row] = [
        ("Okafor", 1, "nsubj", "NNP", "PROPN", "B-PERSON"), ("called", None, "ROOT", "VBD", "VERB", "O"),
        ("for", -1, "prep", "IN", "ADP", "O"), ("a", 2, "det", "DT", "DET", "O"),
        ("fair", 1, "amod", "JJ", "ADJ", "O"), ("contract", -3, "pobj", "NN", "NOUN", "O"),
        (".", -5, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == [("reported", "Maria Okafor", "a fair contract")]


def test_called_without_for_reports_nothing() -> None:
    sentence: list[Row] = [
        ("Okafor", 1, "nsubj", "NNP", "PROPN", "B-PERSON"), ("called", None, "ROOT", "VBD", "VERB", "O"),
        ("the", 1, "det", "DT", "DET", "O"), ("mayor", -2, "dobj", "NN", "NOUN", "O"),
        (".", -3, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == []


SAID_WAGES: list[Row] = [
    ("Okafor", 1, "nsubj", "NNP", "PROPN", "B-PERSON"), ("said", None, "ROOT", "VBD", "VERB", "O"),
    ("wages", 2, "nsubj", "NNS", "NOUN", "O"), ("would", 1, "aux", "MD", "AUX", "O"),
    ("rise", -3, "ccomp", "VB", "VERB", "O"), (".", -4, "punct", ".", "PUNCT", "O"),
]  # fmt: skip


def test_an_unattributed_sentence_after_a_claim_continues_it() -> None:
    more: list[Row] = [
        ("They", 2, "nsubj", "PRP", "PRON", "O"), ("had", 1, "aux", "VBD", "AUX", "O"),
        ("fallen", None, "ROOT", "VBN", "VERB", "O"), ("for", -1, "prep", "IN", "ADP", "O"),
        ("ten", 1, "nummod", "CD", "NUM", "O"), ("years", -2, "pobj", "NNS", "NOUN", "O"),
        (".", -4, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(SAID_WAGES, more), OKAFOR) == [
        ("reported", "Maria Okafor", "wages would rise"),
        ("reported", "Maria Okafor", "They had fallen for ten years."),
    ]


def test_narration_of_others_after_a_claim_is_not_a_continuation() -> None:
    narration: list[Row] = [
        ("The", 1, "det", "DT", "DET", "O"), ("delegates", 1, "nsubj", "NNS", "NOUN", "O"),
        ("left", None, "ROOT", "VBD", "VERB", "O"), ("the", 1, "det", "DT", "DET", "O"),
        ("hall", -2, "dobj", "NN", "NOUN", "O"), ("early", -3, "advmod", "RB", "ADV", "O"),
        (".", -4, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(SAID_WAGES, narration), OKAFOR) == [("reported", "Maria Okafor", "wages would rise")]


def test_a_dateline_taken_for_the_subject_gives_the_speaker_in_apposition() -> None:
    sentence: list[Row] = [
        ("LINDALE", 6, "nsubj", "NNP", "PROPN", "B-GPE"), ("—", -1, "punct", ":", "PUNCT", "O"),
        ("The", 3, "det", "DT", "DET", "B-ORG"), ("Dock", 2, "compound", "NNP", "PROPN", "I-ORG"),
        ("Workers", 1, "compound", "NNP", "PROPN", "I-ORG"), ("Union", -5, "appos", "NNP", "PROPN", "I-ORG"),
        ("announced", None, "ROOT", "VBD", "VERB", "O"), ("that", 3, "mark", "IN", "SCONJ", "O"),
        ("talks", 2, "nsubj", "NNS", "NOUN", "O"), ("had", 1, "aux", "VBD", "AUX", "O"),
        ("failed", -4, "ccomp", "VBN", "VERB", "O"), (".", -5, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), ("place", "LINDALE"), UNION) == [
        ("reported", "Dock Workers Union", "talks had failed")
    ]


def test_a_verb_of_saying_in_a_clause_of_purpose_after_a_past_act_is_asserted() -> None:
    sentence: list[Row] = [
        ("Okafor", 1, "nsubj", "NNP", "PROPN", "B-PERSON"), ("took", None, "ROOT", "VBD", "VERB", "O"),
        ("to", -1, "prep", "IN", "ADP", "O"), ("radio", -1, "pobj", "NN", "NOUN", "O"),
        ("to", 1, "aux", "TO", "PART", "O"), ("state", -4, "advcl", "VB", "VERB", "O"),
        ("that", 3, "mark", "IN", "SCONJ", "O"), ("wages", 2, "nsubj", "NNS", "NOUN", "O"),
        ("would", 1, "aux", "MD", "AUX", "O"), ("rise", -4, "ccomp", "VB", "VERB", "O"),
        (".", -9, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == [("reported", "Maria Okafor", "wages would rise")]


def test_a_verb_of_saying_in_a_clause_of_purpose_of_a_plan_is_not_asserted() -> None:
    sentence: list[Row] = [
        ("Okafor", 2, "nsubj", "NNP", "PROPN", "B-PERSON"), ("will", 1, "aux", "MD", "AUX", "O"),
        ("travel", None, "ROOT", "VB", "VERB", "O"), ("to", 1, "aux", "TO", "PART", "O"),
        ("state", -2, "advcl", "VB", "VERB", "O"), ("that", 3, "mark", "IN", "SCONJ", "O"),
        ("wages", 2, "nsubj", "NNS", "NOUN", "O"), ("would", 1, "aux", "MD", "AUX", "O"),
        ("rise", -4, "ccomp", "VB", "VERB", "O"), (".", -7, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == []


def test_a_gerund_clause_after_a_verb_of_proposing_is_the_claim() -> None:
    sentence: list[Row] = [
        ("Okafor", 1, "nsubj", "NNP", "PROPN", "B-PERSON"), ("proposed", None, "ROOT", "VBD", "VERB", "O"),
        ("holding", -1, "xcomp", "VBG", "VERB", "O"), ("monthly", 1, "amod", "JJ", "ADJ", "O"),
        ("talks", -2, "dobj", "NNS", "NOUN", "O"), ("with", -3, "prep", "IN", "ADP", "O"),
        ("the", 1, "det", "DT", "DET", "O"), ("port", -2, "pobj", "NN", "NOUN", "O"),
        (".", -7, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == [("reported", "Maria Okafor", "holding monthly talks with the port")]


def test_an_announced_object_with_nothing_after_its_noun_is_no_claim() -> None:
    sentence: list[Row] = [
        ("Okafor", 1, "nsubj", "NNP", "PROPN", "B-PERSON"), ("announced", None, "ROOT", "VBD", "VERB", "O"),
        ("the", 2, "det", "DT", "DET", "O"), ("ballot", 1, "compound", "NN", "NOUN", "O"),
        ("results", -3, "dobj", "NNS", "NOUN", "O"), (".", -4, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == []


def test_an_announced_object_with_a_complement_is_the_claim() -> None:
    sentence: list[Row] = [
        ("Okafor", 1, "nsubj", "NNP", "PROPN", "B-PERSON"), ("announced", None, "ROOT", "VBD", "VERB", "O"),
        ("the", 1, "det", "DT", "DET", "O"), ("closure", -2, "dobj", "NN", "NOUN", "O"),
        ("of", -1, "prep", "IN", "ADP", "O"), ("the", 1, "det", "DT", "DET", "O"),
        ("port", -2, "pobj", "NN", "NOUN", "O"), (".", -6, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == [("reported", "Maria Okafor", "the closure of the port")]


def test_an_if_clause_after_a_verb_of_asking_is_an_indirect_question_reported() -> None:
    sentence: list[Row] = [
        ("Okafor", 1, "nsubj", "NNP", "PROPN", "B-PERSON"), ("asked", None, "ROOT", "VBD", "VERB", "O"),
        ("if", 4, "mark", "IN", "SCONJ", "O"), ("the", 1, "det", "DT", "DET", "O"),
        ("talks", 2, "nsubj", "NNS", "NOUN", "O"), ("had", 1, "aux", "VBD", "AUX", "O"),
        ("failed", -5, "ccomp", "VBN", "VERB", "O"), (".", -6, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == [("reported", "Maria Okafor", "if the talks had failed")]


def test_a_request_after_a_verb_of_asking_is_no_statement() -> None:
    sentence: list[Row] = [
        ("Okafor", 1, "nsubj", "NNP", "PROPN", "B-PERSON"), ("asked", None, "ROOT", "VBD", "VERB", "O"),
        ("the", 1, "det", "DT", "DET", "O"), ("board", -2, "dobj", "NN", "NOUN", "O"),
        ("to", 1, "aux", "TO", "PART", "O"), ("resign", -4, "xcomp", "VB", "VERB", "O"),
        (".", -5, "punct", ".", "PUNCT", "O"),
    ]  # fmt: skip
    assert said(parse(sentence), OKAFOR) == []
