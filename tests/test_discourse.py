"""Tests for graphbuild.extract.discourse: one answer to "who does this word refer to", shared by roles,
statements and events. The Docs are built by hand (spacy.blank, heads and deps set), so no trained
model is needed; the sentences are invented for the tests."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from graphbuild.extract.discourse import Discourse
from graphbuild.extract.roles import find_roles
from graphbuild.extract.statements import find_statements
from graphbuild.model import Entity, Role, SourceArticle
from tests.handmade import Row, entity, parse

CONGRESS: list[Row] = [
    ("The", 3, "det", "DT", "DET", "B-ORG"), ("Dock", 2, "compound", "NNP", "PROPN", "I-ORG"),
    ("Workers", 1, "compound", "NNPS", "PROPN", "I-ORG"), ("Union", 1, "nsubj", "NNP", "PROPN", "I-ORG"),
    ("held", None, "ROOT", "VBD", "VERB", "O"), ("its", 1, "poss", "PRP$", "PRON", "O"),
    ("congress", -2, "dobj", "NN", "NOUN", "O"), ("in", -3, "prep", "IN", "ADP", "O"),
    ("Lindale", -1, "pobj", "NNP", "PROPN", "B-GPE"), ("on", -5, "prep", "IN", "ADP", "O"),
    ("Friday", -1, "pobj", "NNP", "PROPN", "B-DATE"), (".", -7, "punct", ".", "PUNCT", "O"),
]
SPOKE_TO: list[Row] = [
    ("Maria", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Okafor", 1, "nsubj", "NNP", "PROPN", "I-PERSON"),
    ("spoke", None, "ROOT", "VBD", "VERB", "O"), ("to", -1, "prep", "IN", "ADP", "O"),
    ("Lee", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Wen", -2, "pobj", "NNP", "PROPN", "I-PERSON"),
    (".", -4, "punct", ".", "PUNCT", "O"),
]
APPOINTED: list[Row] = [
    ("Lee", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Wen", 2, "nsubjpass", "NNP", "PROPN", "I-PERSON"),
    ("was", 1, "auxpass", "VBD", "AUX", "O"), ("appointed", None, "ROOT", "VBN", "VERB", "O"),
    ("secretary", -1, "oprd", "NN", "NOUN", "O"), ("of", -1, "prep", "IN", "ADP", "O"),
    ("the", 1, "det", "DT", "DET", "O"), ("union", -2, "pobj", "NN", "NOUN", "O"),
    (".", -5, "punct", ".", "PUNCT", "O"),
]
HE_SAID: list[Row] = [
    ("He", 1, "nsubj", "PRP", "PRON", "O"), ("said", None, "ROOT", "VBD", "VERB", "O"),
    ("that", 3, "mark", "IN", "SCONJ", "O"), ("the", 1, "det", "DT", "DET", "O"),
    ("vote", 1, "nsubj", "NN", "NOUN", "O"), ("was", -4, "ccomp", "VBD", "AUX", "O"),
    ("fair", -1, "acomp", "JJ", "ADJ", "O"), (".", -6, "punct", ".", "PUNCT", "O"),
]


def congress_article() -> tuple[Doc, list[Entity], SourceArticle]:
    doc = parse(CONGRESS, SPOKE_TO, APPOINTED, HE_SAID)
    entities = [
        entity(doc, "person", "Maria Okafor"),
        entity(doc, "person", "Lee Wen"),
        entity(doc, "organisation", "Dock Workers Union"),
        entity(doc, "place", "Lindale"),
    ]
    return doc, entities, SourceArticle("invented.txt", "Union congress", doc.text, dt.date(2024, 5, 3))


def token(doc: Doc, word: str, nth: int = 0) -> int:
    return [t.i for t in doc if t.text == word][nth]


def test_one_pronoun_has_one_fate_in_roles_and_statements() -> None:
    """Regression: roles and events gave "He" to Lee Wen while the statement was dropped."""
    doc, entities, article = congress_article()
    discourse = Discourse(doc, entities, article)
    he = doc[token(doc, "He")]
    assert discourse.refers(he) is entities[1]
    roles = find_roles(doc, entities, article, discourse)
    assert [(r.person.name, r.title, r.organisation and r.organisation.name) for r in roles] == [
        ("Lee Wen", "secretary", "Dock Workers Union")
    ]
    statements = find_statements(doc, entities, article, discourse)
    assert [(s.speaker.name, s.text) for s in statements] == [("Lee Wen", "the vote was fair")]


def test_its_and_the_union_refer_to_the_union_named_before() -> None:
    doc, entities, article = congress_article()
    discourse = Discourse(doc, entities, article)
    assert discourse.refers(doc[token(doc, "its")]) is entities[2]
    assert discourse.refers(doc[token(doc, "union")]) is entities[2]


MET_MR: list[Row] = [
    ("Maria", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Okafor", 1, "nsubj", "NNP", "PROPN", "I-PERSON"),
    ("met", None, "ROOT", "VBD", "VERB", "O"), ("Mr.", 2, "compound", "NNP", "PROPN", "O"),
    ("Lee", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Wen", -3, "dobj", "NNP", "PROPN", "I-PERSON"),
    (".", -4, "punct", ".", "PUNCT", "O"),
]
MET_MS: list[Row] = [(w if w != "Mr." else "Ms.", *rest) for w, *rest in MET_MR]  # type: ignore[misc]


def test_a_pronoun_takes_the_one_person_whose_honorific_agrees() -> None:
    """Regression: a statement by "Mr. Lee Wen" was attributed to Maria Okafor."""
    doc = parse(MET_MR, HE_SAID)
    maria, lee = entity(doc, "person", "Maria Okafor"), entity(doc, "person", "Lee Wen")
    discourse = Discourse(doc, [maria, lee])
    assert discourse.refers(doc[token(doc, "He")]) is lee
    article = SourceArticle("invented.txt", "A meeting", doc.text)
    assert [s.speaker.name for s in find_statements(doc, [maria, lee], article, discourse)] == ["Lee Wen"]


def test_two_people_who_may_both_be_meant_leave_the_pronoun_unresolved() -> None:
    doc = parse(SPOKE_TO, HE_SAID)
    maria, lee = entity(doc, "person", "Maria Okafor"), entity(doc, "person", "Lee Wen")
    discourse = Discourse(doc, [maria, lee])
    assert discourse.refers(doc[token(doc, "He")]) is None
    article = SourceArticle("invented.txt", "A meeting", doc.text)
    assert find_statements(doc, [maria, lee], article, discourse) == []


@pytest.mark.parametrize(("rows", "expected"), [(MET_MR, "Maria Okafor"), (MET_MS, "Lee Wen")])
def test_she_skips_a_man_and_prefers_the_one_known_woman(rows: list[Row], expected: str | None) -> None:
    """A known gender that agrees beats an unknown one; one that disagrees rules the person out."""
    she_said = [("She" if w == "He" else w, *rest) for w, *rest in HE_SAID]
    doc = parse(rows, she_said)  # type: ignore[arg-type]
    maria, lee = entity(doc, "person", "Maria Okafor"), entity(doc, "person", "Lee Wen")
    found = Discourse(doc, [maria, lee]).refers(doc[token(doc, "She")])
    assert (found.name if found else None) == expected


def test_the_title_of_one_person_refers_to_that_person() -> None:
    doc, entities, article = congress_article()
    discourse = Discourse(doc, entities, article)
    discourse.learn_roles(find_roles(doc, entities, article, discourse))
    secretary = doc[token(doc, "secretary")]
    assert discourse.title_holder(secretary) is entities[1]


UNION_MET: list[Row] = [
    ("The", 2, "det", "DT", "DET", "O"), ("Dock", 1, "compound", "NNP", "PROPN", "B-ORG"),
    ("Union", 1, "nsubj", "NNP", "PROPN", "I-ORG"), ("met", None, "ROOT", "VBD", "VERB", "O"),
    (".", -1, "punct", ".", "PUNCT", "O"),
]
LEADER_SPOKE: list[Row] = [
    ("The", 2, "det", "DT", "DET", "O"), ("union", 1, "compound", "NN", "NOUN", "O"),
    ("leader", 1, "nsubj", "NN", "NOUN", "O"), ("spoke", None, "ROOT", "VBD", "VERB", "O"),
    (".", -1, "punct", ".", "PUNCT", "O"),
]


@pytest.mark.parametrize(("titles", "expected"), [
    (["president"], "Tom Hale"),  # the one holder of a top office of the union
    (["president", "general secretary"], None),  # two leaders: no one
    (["vice president"], None),  # not a top office
])
def test_the_union_leader_is_the_one_person_leading_the_union(titles: list[str], expected: str | None) -> None:
    doc = parse(UNION_MET, LEADER_SPOKE)
    union = entity(doc, "organisation", "Dock Union")
    people = [Entity("person", name) for name in ("Tom Hale", "Ann Lee")]
    discourse = Discourse(doc, [union, *people])
    discourse.learn_roles([Role(person, title, union, 0, 1) for person, title in zip(people, titles, strict=False)])
    found = discourse.refers(doc[token(doc, "leader")])
    assert (found.name if found else None) == expected
