"""Role rules on hand-made Docs (tests/handmade.py): each rule pinned without the trained model.

The sentences are invented for the tests."""

from __future__ import annotations

import datetime as dt

from graphbuild.extract.discourse import Discourse
from graphbuild.extract.roles import find_roles
from graphbuild.model import Entity, SourceArticle
from tests.handmade import Row, entity, parse

PERSON, ORG = "person", "organisation"


def roles(rows: list[Row], *names: tuple[str, str]) -> set[tuple[str, str, str | None, str | None, str | None]]:
    doc = parse(rows)
    entities: list[Entity] = [entity(doc, kind, name) for kind, name in names]
    article = SourceArticle("invented.txt", "A headline", doc.text, dt.date(2024, 5, 2))
    found = find_roles(doc, entities, article, Discourse(doc, entities, article))
    return {(r.person.name, r.title, r.organisation.name if r.organisation else None, r.effective, r.ended) for r in found}


def test_a_verb_of_office_with_an_organisation_as_object() -> None:
    rows: list[Row] = [
        ("Lee", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Wen", 1, "nsubj", "NNP", "PROPN", "I-PERSON"),
        ("chairs", None, "ROOT", "VBZ", "VERB", "O"), ("the", 2, "det", "DT", "DET", "O"),
        ("Audit", 1, "compound", "NNP", "PROPN", "B-ORG"), ("Committee", -3, "dobj", "NNP", "PROPN", "I-ORG"),
        (".", -4, "punct", ".", "PUNCT", "O"),
    ]
    assert roles(rows, (PERSON, "Lee Wen"), (ORG, "Audit Committee")) == {
        ("Lee Wen", "chair", "Audit Committee", None, None)
    }


def test_a_negated_verb_of_office_states_no_role() -> None:
    rows: list[Row] = [
        ("Lee", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Wen", 3, "nsubj", "NNP", "PROPN", "I-PERSON"),
        ("did", 2, "aux", "VBD", "AUX", "O"), ("not", 1, "neg", "RB", "PART", "O"),
        ("join", None, "ROOT", "VB", "VERB", "O"), ("the", 2, "det", "DT", "DET", "O"),
        ("Green", 1, "compound", "NNP", "PROPN", "B-ORG"), ("Party", -3, "dobj", "NNP", "PROPN", "I-ORG"),
        (".", -4, "punct", ".", "PUNCT", "O"),
    ]
    assert roles(rows, (PERSON, "Lee Wen"), (ORG, "Green Party")) == set()


def test_who_heads_gives_the_office_to_the_noun_the_clause_hangs_on() -> None:
    rows: list[Row] = [
        ("Maria", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Okafor", 8, "nsubj", "NNP", "PROPN", "I-PERSON"),
        (",", -1, "punct", ",", "PUNCT", "O"), ("who", 1, "nsubj", "WP", "PRON", "O"),
        ("heads", -3, "relcl", "VBZ", "VERB", "O"), ("the", 2, "det", "DT", "DET", "O"),
        ("Dock", 1, "compound", "NNP", "PROPN", "B-ORG"), ("Union", -3, "dobj", "NNP", "PROPN", "I-ORG"),
        (",", -7, "punct", ",", "PUNCT", "O"), ("spoke", None, "ROOT", "VBD", "VERB", "O"),
        (".", -1, "punct", ".", "PUNCT", "O"),
    ]
    assert roles(rows, (PERSON, "Maria Okafor"), (ORG, "Dock Union")) == {
        ("Maria Okafor", "head", "Dock Union", None, None)
    }


def test_served_as_with_a_term_gives_start_and_end() -> None:
    rows: list[Row] = [
        ("Leon", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Okafor", 1, "nsubj", "NNP", "PROPN", "I-PERSON"),
        ("served", None, "ROOT", "VBD", "VERB", "O"), ("as", -1, "prep", "IN", "ADP", "O"),
        ("president", -1, "pobj", "NN", "NOUN", "O"), ("of", -1, "prep", "IN", "ADP", "O"),
        ("the", 2, "det", "DT", "DET", "O"), ("Dock", 1, "compound", "NNP", "PROPN", "B-ORG"),
        ("Union", -3, "pobj", "NNP", "PROPN", "I-ORG"), ("from", -7, "prep", "IN", "ADP", "O"),
        ("1962", -1, "pobj", "CD", "NUM", "B-DATE"), ("to", -2, "prep", "IN", "ADP", "O"),
        ("1970", -1, "pobj", "CD", "NUM", "B-DATE"), (".", -11, "punct", ".", "PUNCT", "O"),
    ]
    assert roles(rows, (PERSON, "Leon Okafor"), (ORG, "Dock Union")) == {
        ("Leon Okafor", "president", "Dock Union", "1962", "1970")
    }


def test_a_title_before_a_name_in_apposition() -> None:
    rows: list[Row] = [
        ("The", 1, "det", "DT", "DET", "O"), ("president", 9, "nsubj", "NN", "NOUN", "O"),
        ("of", -1, "prep", "IN", "ADP", "O"), ("the", 2, "det", "DT", "DET", "O"),
        ("Dock", 1, "compound", "NNP", "PROPN", "B-ORG"), ("Union", -3, "pobj", "NNP", "PROPN", "I-ORG"),
        (",", -5, "punct", ",", "PUNCT", "O"), ("Maria", 1, "compound", "NNP", "PROPN", "B-PERSON"),
        ("Okafor", -7, "appos", "NNP", "PROPN", "I-PERSON"), (",", -8, "punct", ",", "PUNCT", "O"),
        ("spoke", None, "ROOT", "VBD", "VERB", "O"), (".", -1, "punct", ".", "PUNCT", "O"),
    ]
    assert roles(rows, (PERSON, "Maria Okafor"), (ORG, "Dock Union")) == {
        ("Maria Okafor", "president", "Dock Union", None, None)
    }


def roles_of(*sentences: list[Row], names: list[tuple[str, str]]) -> set[tuple[str, str, str | None]]:
    doc = parse(*sentences)
    entities: list[Entity] = [entity(doc, kind, name) for kind, name in names]
    article = SourceArticle("invented.txt", "A headline", doc.text, dt.date(2024, 5, 2))
    found = find_roles(doc, entities, article, Discourse(doc, entities, article))
    return {(r.person.name, r.title, r.organisation.name if r.organisation else None) for r in found}


NAMED: list[Row] = [
    ("Ann", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Okafor", 1, "nsubj", "NNP", "PROPN", "I-PERSON"),
    ("spoke", None, "ROOT", "VBD", "VERB", "O"), (".", -1, "punct", ".", "PUNCT", "O"),
]


def test_a_career_begun_as_an_occupation_is_the_subjects_even_by_an_untagged_surname() -> None:
    career: list[Row] = [
        ("Okafor", 1, "nsubj", "NNP", "PROPN", "O"), ("began", None, "ROOT", "VBD", "VERB", "O"),
        ("her", 1, "poss", "PRP$", "PRON", "O"), ("career", -2, "dobj", "NN", "NOUN", "O"),
        ("as", -3, "prep", "IN", "ADP", "O"), ("a", 1, "det", "DT", "DET", "O"),
        ("steelworker", -2, "pobj", "NN", "NOUN", "O"), ("at", -1, "prep", "IN", "ADP", "O"),
        ("Acme", 1, "compound", "NNP", "PROPN", "B-ORG"), ("Steel", -2, "pobj", "NNP", "PROPN", "I-ORG"),
        (".", -9, "punct", ".", "PUNCT", "O"),
    ]
    assert roles_of(NAMED, career, names=[(PERSON, "Ann Okafor"), (ORG, "Acme Steel")]) == {
        ("Ann Okafor", "steelworker", "Acme Steel")
    }


def test_the_person_succeeded_holds_the_office_in_the_sentences_organisation() -> None:
    rows: list[Row] = [
        ("The", 2, "det", "DT", "DET", "B-ORG"), ("Dock", 1, "compound", "NNP", "PROPN", "I-ORG"),
        ("Union", 1, "nsubj", "NNP", "PROPN", "I-ORG"), ("installed", None, "ROOT", "VBD", "VERB", "O"),
        ("Ann", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Okafor", -2, "dobj", "NNP", "PROPN", "I-PERSON"),
        ("to", 1, "aux", "TO", "PART", "O"), ("replace", -4, "advcl", "VB", "VERB", "O"),
        ("retiring", -1, "xcomp", "VBG", "VERB", "O"), ("President", 2, "compound", "NNP", "PROPN", "O"),
        ("Bo", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Chen", -3, "dobj", "NNP", "PROPN", "I-PERSON"),
        (".", -9, "punct", ".", "PUNCT", "O"),
    ]
    names = [(PERSON, "Ann Okafor"), (PERSON, "Bo Chen"), (ORG, "Dock Union")]
    assert roles_of(rows, names=names) == {("Bo Chen", "President", "Dock Union")}


def test_a_title_before_a_name_outside_a_succession_takes_no_organisation() -> None:
    rows: list[Row] = [
        ("President", 2, "compound", "NNP", "PROPN", "O"), ("Bo", 1, "compound", "NNP", "PROPN", "B-PERSON"),
        ("Chen", 1, "nsubj", "NNP", "PROPN", "I-PERSON"), ("visited", None, "ROOT", "VBD", "VERB", "O"),
        ("the", 2, "det", "DT", "DET", "B-ORG"), ("Dock", 1, "compound", "NNP", "PROPN", "I-ORG"),
        ("Union", -3, "dobj", "NNP", "PROPN", "I-ORG"), (".", -4, "punct", ".", "PUNCT", "O"),
    ]
    assert roles_of(rows, names=[(PERSON, "Bo Chen"), (ORG, "Dock Union")]) == {("Bo Chen", "President", None)}


def test_who_names_someone_to_a_title_does_not_hold_it() -> None:
    rows: list[Row] = [
        ("Ann", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Okafor", 2, "nsubj", "NNP", "PROPN", "I-PERSON"),
        ("has", 1, "aux", "VBZ", "AUX", "O"), ("named", None, "ROOT", "VBN", "VERB", "O"),
        ("her", 2, "poss", "PRP$", "PRON", "O"), ("trusted", 1, "amod", "VBN", "VERB", "O"),
        ("adviser", -3, "dobj", "NN", "NOUN", "O"), ("Bo", 1, "compound", "NNP", "PROPN", "B-PERSON"),
        ("Chen", -2, "appos", "NNP", "PROPN", "I-PERSON"), (".", -6, "punct", ".", "PUNCT", "O"),
    ]
    found = roles_of(rows, names=[(PERSON, "Ann Okafor"), (PERSON, "Bo Chen")])
    assert not any(person == "Ann Okafor" for person, _, _ in found)


def test_post_nominal_letters_between_a_name_and_its_title() -> None:
    rows: list[Row] = [
        ("Joe", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Lin", 6, "nsubj", "NNP", "PROPN", "I-PERSON"),
        (",", -1, "punct", ",", "PUNCT", "O"), ("APR", -2, "appos", "NNP", "PROPN", "O"),
        (",", -3, "punct", ",", "PUNCT", "O"), ("DWU", 1, "compound", "NNP", "PROPN", "B-ORG"),
        ("chair", -5, "appos", "NN", "NOUN", "O"), (",", -6, "punct", ",", "PUNCT", "O"),
        ("said", None, "ROOT", "VBD", "VERB", "O"), (".", -1, "punct", ".", "PUNCT", "O"),
    ]
    assert roles_of(rows, names=[(PERSON, "Joe Lin"), (ORG, "DWU")]) == {("Joe Lin", "chair", "DWU")}


def test_pairs_of_names_and_titles_after_as_keep_their_own_titles() -> None:
    rows: list[Row] = [
        ("The", 1, "det", "DT", "DET", "O"), ("union", 1, "nsubj", "NN", "NOUN", "O"),
        ("named", None, "ROOT", "VBD", "VERB", "O"), ("Ann", 1, "compound", "NNP", "PROPN", "B-PERSON"),
        ("Lee", -2, "dobj", "NNP", "PROPN", "I-PERSON"), ("as", -3, "prep", "IN", "ADP", "O"),
        ("its", 1, "poss", "PRP$", "PRON", "O"), ("treasurer", -2, "pobj", "NN", "NOUN", "O"),
        (",", -1, "punct", ",", "PUNCT", "O"), ("Bo", 1, "compound", "NNP", "PROPN", "B-PERSON"),
        ("Chen", -3, "appos", "NNP", "PROPN", "I-PERSON"), ("as", -1, "prep", "IN", "ADP", "O"),
        ("its", 1, "poss", "PRP$", "PRON", "O"), ("secretary", -2, "pobj", "NN", "NOUN", "O"),
        (".", -12, "punct", ".", "PUNCT", "O"),
    ]
    assert roles_of(rows, names=[(PERSON, "Ann Lee"), (PERSON, "Bo Chen")]) == {
        ("Ann Lee", "treasurer", None),
        ("Bo Chen", "secretary", None),
    }


def test_a_coordinated_title_after_a_country_and_its_acronym_in_brackets() -> None:
    rows: list[Row] = [
        ("Lee", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Wen", 2, "nsubjpass", "NNP", "PROPN", "I-PERSON"),
        ("was", 1, "auxpass", "VBD", "AUX", "O"), ("elected", None, "ROOT", "VBN", "VERB", "O"),
        ("president", -1, "oprd", "NN", "NOUN", "O"), ("of", -1, "prep", "IN", "ADP", "O"),
        ("Korea", -1, "pobj", "NNP", "PROPN", "B-GPE"), ("(", -1, "punct", "-LRB-", "PUNCT", "O"),
        ("ROK", -2, "appos", "NNP", "PROPN", "O"), (")", -3, "punct", "-RRB-", "PUNCT", "O"),
        ("and", -6, "cc", "CC", "CCONJ", "O"), ("chairman", -7, "conj", "NN", "NOUN", "O"),
        ("of", -1, "prep", "IN", "ADP", "O"), ("the", 2, "det", "DT", "DET", "B-ORG"),
        ("Dock", 1, "compound", "NNP", "PROPN", "I-ORG"), ("Union", -4, "pobj", "NNP", "PROPN", "I-ORG"),
        (".", -13, "punct", ".", "PUNCT", "O"),
    ]
    found = roles_of(rows, names=[(PERSON, "Lee Wen"), ("place", "Korea"), (ORG, "Dock Union")])
    assert ("Lee Wen", "chairman", "Dock Union") in found


def test_a_title_before_a_name_with_the_organisations_acronym_in_brackets() -> None:
    rows: list[Row] = [
        ("Chair", 9, "compound", "NNP", "PROPN", "O"), ("of", -1, "prep", "IN", "ADP", "O"),
        ("the", 2, "det", "DT", "DET", "B-ORG"), ("Dock", 1, "compound", "NNP", "PROPN", "I-ORG"),
        ("Union", -4, "pobj", "NNP", "PROPN", "I-ORG"), ("(", -1, "punct", "-LRB-", "PUNCT", "O"),
        ("DWU", -2, "appos", "NNP", "PROPN", "B-ORG"), (")", -3, "punct", "-RRB-", "PUNCT", "O"),
        ("Ann", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Lee", 1, "nsubj", "NNP", "PROPN", "I-PERSON"),
        ("spoke", None, "ROOT", "VBD", "VERB", "O"), (".", -1, "punct", ".", "PUNCT", "O"),
    ]
    found = roles_of(rows, names=[(PERSON, "Ann Lee"), (ORG, "Dock Union")])
    assert found == {("Ann Lee", "Chair", "Dock Union")}
