"""Event rules on hand-built Docs (no trained model): each sentence is given with its parse, as spaCy's
own tests do, so a test pins one rule of English and not the model's reading of it."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from graphbuild.extract.events import find_events
from graphbuild.model import Entity, Event, Mention, SourceArticle
from tests import handmade

# one token per row: word, head (absolute index), dep, pos, tag, entity label ("" for none)
Row = tuple[str, int, str, str, str, str]


def parse(rows: list[Row]) -> Doc:
    """One sentence, built by tests/handmade.py from rows written with absolute heads and bare labels."""
    iob = ["O" if not r[5] else ("I-" if i and rows[i - 1][5] == r[5] else "B-") + r[5] for i, r in enumerate(rows)]
    return handmade.parse([
        (word, None if head == i else head - i, dep, tag, pos, label)
        for i, ((word, head, dep, pos, tag, _), label) in enumerate(zip(rows, iob, strict=True))
    ])


def entities_of(doc: Doc) -> list[Entity]:
    """One entity per PERSON or ORG span of the Doc, named as written."""
    kinds = {"PERSON": "person", "ORG": "organisation", "GPE": "place"}
    found = []
    for ent in doc.ents:
        if ent.label_ in kinds:
            kind = kinds[ent.label_]
            found.append(Entity(kind, ent.text, mentions=[Mention(ent.start_char, ent.end_char, ent.text, kind)]))  # type: ignore[arg-type]
    return found


def events(rows: list[Row], published: dt.date | None) -> list[Event]:
    doc = parse(rows)
    article = SourceArticle("test.txt", "Test", doc.text, published)
    return find_events(doc, entities_of(doc), article)


def who(event: Event) -> set[str]:
    return {p.agent.name for p in event.participants}


def test_died_on_a_weekday() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 2, "nsubj", "PROPN", "NNP", "PERSON"),
        ("died", 2, "ROOT", "VERB", "VBD", ""), ("on", 2, "prep", "ADP", "IN", ""),
        ("Monday", 3, "pobj", "PROPN", "NNP", "DATE"), (".", 2, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [death] = events(rows, dt.date(2024, 5, 8))
    assert death.name == "Death of Ana Ruiz"
    assert death.date == "2024-05-06"
    assert who(death) == {"Ana Ruiz"}


def test_passed_away_without_a_person_is_nothing() -> None:
    rows: list[Row] = [
        ("The", 1, "det", "DET", "DT", ""), ("bill", 2, "nsubj", "NOUN", "NN", ""),
        ("passed", 2, "ROOT", "VERB", "VBD", ""), ("away", 2, "advmod", "ADV", "RB", ""),
        ("in", 2, "prep", "ADP", "IN", ""), ("2019", 4, "pobj", "NUM", "CD", "DATE"),
    ]  # fmt: skip
    assert events(rows, dt.date(2024, 5, 8)) == []


def test_reelected_in_listed_years_is_one_election_a_year() -> None:
    rows: list[Row] = [
        ("Jane", 1, "compound", "PROPN", "NNP", "PERSON"), ("Doe", 3, "nsubjpass", "PROPN", "NNP", "PERSON"),
        ("was", 3, "auxpass", "AUX", "VBD", ""), ("reelected", 3, "ROOT", "VERB", "VBN", ""),
        ("in", 3, "prep", "ADP", "IN", ""), ("1981", 4, "pobj", "NUM", "CD", "DATE"),
        (",", 5, "punct", "PUNCT", ",", "DATE"), ("1985", 5, "conj", "NUM", "CD", "DATE"),
        ("and", 7, "cc", "CCONJ", "CC", "DATE"), ("1989", 7, "conj", "NUM", "CD", "DATE"),
        (".", 3, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    found = events(rows, None)
    assert sorted(e.date or "" for e in found) == ["1981", "1985", "1989"]
    assert all(e.kind == "election" and who(e) == {"Jane Doe"} for e in found)


def test_reelected_after_was_elected_in_years_the_parser_split() -> None:
    """ "was elected in 1977 and reelected in 1981, 1985 and 1989": the second participle is passive too,
    and its years are one list though each is its own DATE span hung anywhere."""
    rows: list[Row] = [
        ("Jane", 1, "compound", "PROPN", "NNP", "PERSON"), ("Doe", 3, "nsubjpass", "PROPN", "NNP", "PERSON"),
        ("was", 3, "auxpass", "AUX", "VBD", ""), ("elected", 3, "ROOT", "VERB", "VBN", ""),
        ("in", 3, "prep", "ADP", "IN", ""), ("1977", 4, "pobj", "NUM", "CD", "DATE"),
        ("and", 3, "cc", "CCONJ", "CC", ""), ("reelected", 3, "conj", "VERB", "VBN", ""),
        ("in", 7, "prep", "ADP", "IN", ""), ("1981", 8, "pobj", "NUM", "CD", "DATE"),
        (",", 9, "punct", "PUNCT", ",", ""), ("1985", 9, "conj", "NUM", "CD", "DATE"),
        ("and", 11, "cc", "CCONJ", "CC", ""), ("1989", 7, "npadvmod", "NUM", "CD", "DATE"),
        (".", 3, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    found = events(rows, None)
    assert sorted(e.date or "" for e in found) == ["1977", "1981", "1985", "1989"]
    assert all(e.kind == "election" and who(e) == {"Jane Doe"} for e in found)
    assert len({(e.start, e.end) for e in found}) == 4  # each told by its own words


def test_joined_an_organisation_in_a_year() -> None:
    rows: list[Row] = [
        ("Tom", 1, "compound", "PROPN", "NNP", "PERSON"), ("Baker", 2, "nsubj", "PROPN", "NNP", "PERSON"),
        ("joined", 2, "ROOT", "VERB", "VBD", ""), ("the", 5, "det", "DET", "DT", ""),
        ("Harbour", 5, "compound", "PROPN", "NNP", "ORG"), ("Union", 2, "dobj", "PROPN", "NNP", "ORG"),
        ("in", 2, "prep", "ADP", "IN", ""), ("1956", 6, "pobj", "NUM", "CD", "DATE"),
    ]  # fmt: skip
    [joining] = events(rows, None)
    assert joining.name == "Tom Baker joins the Harbour Union"
    assert joining.date == "1956"
    assert who(joining) == {"Tom Baker", "Harbour Union"}


def test_joined_without_a_date_is_nothing() -> None:
    rows: list[Row] = [
        ("Tom", 1, "compound", "PROPN", "NNP", "PERSON"), ("Baker", 2, "nsubj", "PROPN", "NNP", "PERSON"),
        ("joined", 2, "ROOT", "VERB", "VBD", ""), ("the", 5, "det", "DET", "DT", ""),
        ("Harbour", 5, "compound", "PROPN", "NNP", "ORG"), ("Union", 2, "dobj", "PROPN", "NNP", "ORG"),
    ]  # fmt: skip
    assert events(rows, None) == []


def test_will_start_a_tenure_on_a_day() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 3, "nsubj", "PROPN", "NNP", "PERSON"),
        ("will", 3, "aux", "AUX", "MD", ""), ("start", 3, "ROOT", "VERB", "VB", ""),
        ("her", 5, "poss", "PRON", "PRP$", ""), ("tenure", 3, "dobj", "NOUN", "NN", ""),
        ("on", 3, "prep", "ADP", "IN", ""), ("1", 6, "pobj", "NUM", "CD", "DATE"),
        ("October", 7, "npadvmod", "PROPN", "NNP", "DATE"),
    ]  # fmt: skip
    [start] = events(rows, dt.date(2022, 3, 26))
    assert start.kind == "appointment"
    assert start.date == "2022-10-01"
    assert start.name == "Ana Ruiz takes office"


def test_signed_a_memorandum_on_friday() -> None:
    rows: list[Row] = [
        ("Northwind", 3, "nsubj", "PROPN", "NNP", "ORG"), ("and", 0, "cc", "CCONJ", "CC", ""),
        ("Acme", 0, "conj", "PROPN", "NNP", "ORG"), ("signed", 3, "ROOT", "VERB", "VBD", ""),
        ("a", 5, "det", "DET", "DT", ""), ("memorandum", 3, "dobj", "NOUN", "NN", ""),
        ("on", 3, "prep", "ADP", "IN", ""), ("Friday", 6, "pobj", "PROPN", "NNP", "DATE"),
    ]  # fmt: skip
    [signing] = events(rows, dt.date(2024, 5, 8))
    assert signing.name == "Signing of the memorandum by Northwind and Acme"
    assert signing.date == "2024-05-03"
    assert who(signing) == {"Northwind", "Acme"}


def test_a_ceremony_that_took_place_is_kept_in_an_undated_article() -> None:
    rows: list[Row] = [
        ("The", 2, "det", "DET", "DT", ""), ("signing", 2, "compound", "NOUN", "NN", ""),
        ("ceremony", 3, "nsubj", "NOUN", "NN", ""), ("took", 3, "ROOT", "VERB", "VBD", ""),
        ("place", 3, "dobj", "NOUN", "NN", ""), ("on", 3, "prep", "ADP", "IN", ""),
        ("Tuesday", 5, "pobj", "PROPN", "NNP", "DATE"),
    ]  # fmt: skip
    [ceremony] = events(rows, None)
    assert ceremony.date is None
    assert ceremony.name.lower().startswith("signing ceremony")


def test_a_ceremony_that_did_not_take_place_is_nothing() -> None:
    rows: list[Row] = [
        ("The", 1, "det", "DET", "DT", ""), ("ceremony", 4, "nsubj", "NOUN", "NN", ""),
        ("did", 4, "aux", "AUX", "VBD", ""), ("not", 4, "neg", "PART", "RB", ""),
        ("take", 4, "ROOT", "VERB", "VB", ""), ("place", 4, "dobj", "NOUN", "NN", ""),
    ]  # fmt: skip
    assert events(rows, None) == []


def test_named_to_two_offices_in_two_years_is_two_appointments() -> None:
    rows: list[Row] = [
        ("Pam", 1, "compound", "PROPN", "NNP", "PERSON"), ("Lee", 3, "nsubjpass", "PROPN", "NNP", "PERSON"),
        ("was", 3, "auxpass", "AUX", "VBD", ""), ("named", 3, "ROOT", "VERB", "VBN", ""),
        ("a", 6, "det", "DET", "DT", ""), ("staff", 6, "compound", "NOUN", "NN", ""),
        ("representative", 3, "oprd", "NOUN", "NN", ""), ("in", 3, "prep", "ADP", "IN", ""),
        ("1968", 7, "pobj", "NUM", "CD", "DATE"), ("and", 3, "cc", "CCONJ", "CC", ""),
        ("an", 12, "det", "DET", "DT", ""), ("area", 12, "compound", "NOUN", "NN", ""),
        ("director", 3, "oprd", "NOUN", "NN", ""), ("in", 12, "prep", "ADP", "IN", ""),
        ("1973", 13, "pobj", "NUM", "CD", "DATE"), (".", 3, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    found = events(rows, None)
    assert sorted((e.date or "", e.name) for e in found) == [
        ("1968", "Pam Lee becomes staff representative"), ("1973", "Pam Lee becomes area director"),
    ]  # fmt: skip


def test_appointed_to_succeed_someone_as_an_office_is_named_by_the_office() -> None:
    rows: list[Row] = [
        ("The", 1, "det", "DET", "DT", ""), ("board", 2, "nsubj", "NOUN", "NN", ""),
        ("appointed", 2, "ROOT", "VERB", "VBD", ""), ("Ana", 4, "compound", "PROPN", "NNP", "PERSON"),
        ("Ruiz", 2, "dobj", "PROPN", "NNP", "PERSON"), ("to", 6, "aux", "PART", "TO", ""),
        ("succeed", 2, "xcomp", "VERB", "VB", ""), ("Tom", 8, "compound", "PROPN", "NNP", "PERSON"),
        ("Baker", 6, "dobj", "PROPN", "NNP", "PERSON"), ("as", 6, "prep", "ADP", "IN", ""),
        ("president", 9, "pobj", "NOUN", "NN", ""), ("and", 10, "cc", "CCONJ", "CC", ""),
        ("CEO", 10, "conj", "NOUN", "NN", ""), (".", 2, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [appointment] = events(rows, None)
    assert appointment.name == "Ana Ruiz becomes president and CEO"
    assert who(appointment) == {"Ana Ruiz"}


def test_an_election_is_named_by_its_office_without_where_it_happened() -> None:
    rows: list[Row] = [
        ("Delegates", 1, "nsubj", "NOUN", "NNS", ""), ("elected", 1, "ROOT", "VERB", "VBD", ""),
        ("Ana", 3, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 1, "dobj", "PROPN", "NNP", "PERSON"),
        ("as", 1, "prep", "ADP", "IN", ""), ("treasurer", 4, "pobj", "NOUN", "NN", ""),
        ("at", 5, "prep", "ADP", "IN", ""), ("the", 8, "det", "DET", "DT", ""),
        ("convention", 6, "pobj", "NOUN", "NN", ""), ("on", 1, "prep", "ADP", "IN", ""),
        ("Saturday", 9, "pobj", "PROPN", "NNP", "DATE"), (".", 1, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    election = next(e for e in events(rows, dt.date(2024, 5, 8)) if e.kind == "election")
    assert election.name == "Election of Ana Ruiz as treasurer"
    assert election.date == "2024-05-04"


def test_the_of_after_a_date_the_parser_hung_on_the_verb_belongs_to_the_event_noun() -> None:
    """ "welcomed the election today of X": the election is X's, and today's."""
    rows: list[Row] = [
        ("Acme", 1, "nsubj", "PROPN", "NNP", "ORG"), ("welcomed", 1, "ROOT", "VERB", "VBD", ""),
        ("the", 3, "det", "DET", "DT", ""), ("election", 1, "dobj", "NOUN", "NN", ""),
        ("today", 1, "npadvmod", "NOUN", "NN", "DATE"), ("of", 1, "prep", "ADP", "IN", ""),
        ("Ana", 7, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 5, "pobj", "PROPN", "NNP", "PERSON"),
        (".", 1, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [election] = events(rows, dt.date(2024, 5, 8))
    assert election.kind == "election"
    assert election.date == "2024-05-08"
    assert who(election) == {"Ana Ruiz"}


def test_a_body_described_as_founded_in_a_year() -> None:
    """ "The institute, founded in 1965, works for ...": the noun the participle describes was founded."""
    rows: list[Row] = [
        ("The", 1, "det", "DET", "DT", ""), ("institute", 7, "nsubj", "NOUN", "NN", ""),
        (",", 1, "punct", "PUNCT", ",", ""), ("founded", 1, "acl", "VERB", "VBN", ""),
        ("in", 3, "prep", "ADP", "IN", ""), ("1965", 4, "pobj", "NUM", "CD", "DATE"),
        (",", 1, "punct", "PUNCT", ",", ""), ("works", 7, "ROOT", "VERB", "VBZ", ""),
        (".", 7, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [founding] = events(rows, None)
    assert (founding.kind, founding.name, founding.date) == ("founding", "Founding of the institute", "1965")


def test_joined_a_body_the_entities_missed() -> None:
    rows: list[Row] = [
        ("Tom", 1, "compound", "PROPN", "NNP", "PERSON"), ("Baker", 2, "nsubj", "PROPN", "NNP", "PERSON"),
        ("joined", 2, "ROOT", "VERB", "VBD", ""), ("Harbour", 4, "compound", "PROPN", "NNP", ""),
        ("Local", 2, "dobj", "PROPN", "NNP", ""), ("12", 2, "npadvmod", "NUM", "CD", ""),
        ("in", 2, "prep", "ADP", "IN", ""), ("1956", 6, "pobj", "NUM", "CD", "DATE"),
    ]  # fmt: skip
    [joining] = events(rows, None)
    assert (joining.name, joining.date) == ("Tom Baker joins Harbour Local 12", "1956")
    assert who(joining) == {"Tom Baker"}


def test_the_death_last_friday_of_someone_who_retired_years_ago() -> None:
    """The "of" hangs on the date the parser gave the verb; the retirement is another event."""
    rows: list[Row] = [
        ("Acme", 1, "nsubj", "PROPN", "NNP", "ORG"), ("announced", 1, "ROOT", "VERB", "VBD", ""),
        ("the", 3, "det", "DET", "DT", ""), ("death", 1, "dobj", "NOUN", "NN", ""),
        ("last", 5, "amod", "ADJ", "JJ", "DATE"), ("Friday", 1, "npadvmod", "PROPN", "NNP", "DATE"),
        ("of", 5, "prep", "ADP", "IN", ""), ("Ana", 8, "compound", "PROPN", "NNP", "PERSON"),
        ("Ruiz", 6, "pobj", "PROPN", "NNP", "PERSON"), (",", 8, "punct", "PUNCT", ",", ""),
        ("who", 11, "nsubj", "PRON", "WP", ""), ("retired", 8, "relcl", "VERB", "VBD", ""),
        ("in", 11, "prep", "ADP", "IN", ""), ("2006", 12, "pobj", "NUM", "CD", "DATE"),
        (".", 1, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    found = {e.name: e.date for e in events(rows, dt.date(2024, 5, 8))}
    assert found == {"Death of Ana Ruiz": "2024-05-03", "Ana Ruiz retires": "2006"}


def test_conferences_in_general_are_no_event() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 2, "nsubj", "PROPN", "NNP", "PERSON"),
        ("spoke", 2, "ROOT", "VERB", "VBD", ""), ("at", 2, "prep", "ADP", "IN", ""),
        ("conferences", 3, "pobj", "NOUN", "NNS", ""), ("of", 4, "prep", "ADP", "IN", ""),
        ("Acme", 5, "pobj", "PROPN", "NNP", "ORG"), (".", 2, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    assert events(rows, dt.date(2024, 5, 8)) == []


def test_a_role_held_at_a_body_since_a_year_is_dated_even_when_its_holder_is_unsaid() -> None:
    """ "where he held a similar role at Acme since 2006": "he" has no referent here, the role at Acme
    still started in 2006."""
    rows: list[Row] = [
        ("He", 1, "nsubj", "PRON", "PRP", ""), ("held", 1, "ROOT", "VERB", "VBD", ""),
        ("a", 4, "det", "DET", "DT", ""), ("similar", 4, "amod", "ADJ", "JJ", ""),
        ("role", 1, "dobj", "NOUN", "NN", ""), ("at", 1, "prep", "ADP", "IN", ""),
        ("Acme", 5, "pobj", "PROPN", "NNP", "ORG"), ("since", 1, "prep", "ADP", "IN", ""),
        ("2006", 7, "pobj", "NUM", "CD", "DATE"), (".", 1, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [role] = events(rows, None)
    assert (role.kind, role.name, role.date) == ("appointment", "Similar role at Acme", "2006")
    assert who(role) == {"Acme"}


def test_an_appointment_takes_part_the_body_of_its_office() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 3, "nsubjpass", "PROPN", "NNP", "PERSON"),
        ("was", 3, "auxpass", "AUX", "VBD", ""), ("named", 3, "ROOT", "VERB", "VBN", ""),
        ("president", 3, "oprd", "NOUN", "NN", ""), ("of", 4, "prep", "ADP", "IN", ""),
        ("Acme", 5, "pobj", "PROPN", "NNP", "ORG"), ("(", 6, "punct", "PUNCT", "-LRB-", ""),
        ("AC", 6, "appos", "PROPN", "NNP", ""), (")", 6, "punct", "PUNCT", "-RRB-", ""),
        (".", 3, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [appointment] = events(rows, None)
    assert appointment.name == "Ana Ruiz becomes president of Acme"
    assert {(p.agent.name, p.as_organiser) for p in appointment.participants} == {("Ana Ruiz", False), ("Acme", True)}


def test_a_name_the_parser_left_beside_its_verb_takes_part() -> None:
    """ "At Saturday's convention, Ana Ruiz, told the delegates": the parser hung the name on the event
    noun as an apposition and left "told" without a subject."""
    rows: list[Row] = [
        ("At", 8, "prep", "ADP", "IN", ""), ("Saturday", 3, "poss", "PROPN", "NNP", "DATE"),
        ("'s", 1, "case", "PART", "POS", ""), ("convention", 0, "pobj", "NOUN", "NN", ""),
        (",", 3, "punct", "PUNCT", ",", ""), ("Ana", 6, "compound", "PROPN", "NNP", "PERSON"),
        ("Ruiz", 3, "appos", "PROPN", "NNP", "PERSON"), (",", 3, "punct", "PUNCT", ",", ""),
        ("told", 8, "ROOT", "VERB", "VBD", ""), ("the", 10, "det", "DET", "DT", ""),
        ("delegates", 8, "dobj", "NOUN", "NNS", ""), (".", 8, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [convention] = events(rows, dt.date(2024, 5, 8))
    assert convention.date == "2024-05-04"
    assert who(convention) == {"Ana Ruiz"}


def test_balloting_told_twice_is_one_event_named_by_what_it_is_on() -> None:
    """ "Balloting will take place, and balloting on the agreement will take place": the second is a
    gerund the parser read as a verb, the same event, and says what it is about."""
    rows: list[Row] = [
        ("Balloting", 2, "nsubj", "NOUN", "NN", ""), ("will", 2, "aux", "AUX", "MD", ""),
        ("take", 2, "ROOT", "VERB", "VB", ""), ("place", 2, "dobj", "NOUN", "NN", ""),
        (",", 2, "punct", "PUNCT", ",", ""), ("and", 2, "cc", "CCONJ", "CC", ""),
        ("balloting", 11, "nsubj", "VERB", "VBG", ""), ("on", 6, "prep", "ADP", "IN", ""),
        ("the", 9, "det", "DET", "DT", ""), ("agreement", 7, "pobj", "NOUN", "NN", ""),
        ("will", 11, "aux", "AUX", "MD", ""), ("take", 2, "conj", "VERB", "VB", ""),
        ("place", 11, "dobj", "NOUN", "NN", ""), (".", 2, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [ballot] = events(rows, None)
    assert ballot.name == "Balloting on the agreement"


def test_present_perfect_event_in_a_dated_report_takes_the_reports_date() -> None:
    rows: list[Row] = [
        ("The", 2, "det", "DET", "DT", "ORG"), ("Harbour", 2, "compound", "PROPN", "NNP", "ORG"),
        ("Guild", 3, "nsubj", "PROPN", "NNP", "ORG"), ("announced", 3, "ROOT", "VERB", "VBD", ""),
        ("today", 3, "npadvmod", "NOUN", "NN", "DATE"), ("that", 9, "mark", "SCONJ", "IN", ""),
        ("Ana", 7, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 9, "nsubj", "PROPN", "NNP", "PERSON"),
        ("has", 9, "aux", "AUX", "VBZ", ""), ("resigned", 3, "ccomp", "VERB", "VBN", ""),
        (".", 3, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [resignation] = events(rows, dt.date(2024, 5, 8))
    assert resignation.name == "Ana Ruiz resigns"
    assert resignation.date == "2024-05-08"


def test_with_immediate_effect_is_the_day_it_is_told() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 3, "nsubj", "PROPN", "NNP", "PERSON"),
        ("has", 3, "aux", "AUX", "VBZ", ""), ("resigned", 3, "ROOT", "VERB", "VBN", ""),
        ("with", 3, "prep", "ADP", "IN", ""), ("immediate", 6, "amod", "ADJ", "JJ", ""),
        ("effect", 4, "pobj", "NOUN", "NN", ""), (".", 3, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [resignation] = events(rows, dt.date(2024, 5, 8))
    assert resignation.date == "2024-05-08"


def test_installed_as_an_office_is_an_appointment() -> None:
    rows: list[Row] = [
        ("The", 2, "det", "DET", "DT", "ORG"), ("Harbour", 2, "compound", "PROPN", "NNP", "ORG"),
        ("Guild", 3, "nsubj", "PROPN", "NNP", "ORG"), ("installed", 3, "ROOT", "VERB", "VBD", ""),
        ("Ana", 5, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 3, "dobj", "PROPN", "NNP", "PERSON"),
        ("as", 3, "prep", "ADP", "IN", ""), ("its", 9, "poss", "PRON", "PRP$", ""),
        ("new", 9, "amod", "ADJ", "JJ", ""), ("treasurer", 6, "pobj", "NOUN", "NN", ""),
        (".", 3, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [appointment] = events(rows, dt.date(2024, 5, 8))
    assert appointment.name == "Ana Ruiz becomes new treasurer"
    assert who(appointment) == {"Ana Ruiz", "The Harbour Guild"}


def test_began_a_career_as_an_occupation_in_a_year() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 2, "nsubj", "PROPN", "NNP", "PERSON"),
        ("began", 2, "ROOT", "VERB", "VBD", ""), ("her", 4, "poss", "PRON", "PRP$", ""),
        ("career", 2, "dobj", "NOUN", "NN", ""), ("as", 2, "prep", "ADP", "IN", ""),
        ("a", 7, "det", "DET", "DT", ""), ("welder", 5, "pobj", "NOUN", "NN", ""),
        ("at", 7, "prep", "ADP", "IN", ""), ("Northwind", 10, "compound", "PROPN", "NNP", "ORG"),
        ("Yards", 8, "pobj", "PROPN", "NNP", "ORG"), ("in", 2, "prep", "ADP", "IN", ""),
        ("1981", 11, "pobj", "NUM", "CD", "DATE"), (".", 2, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [start] = events(rows, None)
    assert start.name == "Ana Ruiz becomes welder"
    assert start.date == "1981"
    assert who(start) == {"Ana Ruiz", "Northwind Yards"}


def test_a_retiring_officer_named_after_the_participle_leaves() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 2, "nsubj", "PROPN", "NNP", "PERSON"),
        ("thanked", 2, "ROOT", "VERB", "VBD", ""), ("retiring", 6, "amod", "VERB", "VBG", ""),
        ("treasurer", 6, "compound", "NOUN", "NN", ""), ("Li", 6, "compound", "PROPN", "NNP", "PERSON"),
        ("Wei", 2, "dobj", "PROPN", "NNP", "PERSON"), (".", 2, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [departure] = events(rows, dt.date(2024, 5, 8))
    assert departure.name == "Li Wei retires"
    assert who(departure) == {"Li Wei"}


def test_replaced_by_someone_is_their_appointment_on_the_coordinated_verbs_date() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 2, "nsubj", "PROPN", "NNP", "PERSON"),
        ("resigned", 2, "ROOT", "VERB", "VBD", ""), ("on", 2, "prep", "ADP", "IN", ""),
        ("Monday", 3, "pobj", "PROPN", "NNP", "DATE"), ("and", 2, "cc", "CCONJ", "CC", ""),
        ("was", 7, "auxpass", "AUX", "VBD", ""), ("replaced", 2, "conj", "VERB", "VBN", ""),
        ("by", 7, "agent", "ADP", "IN", ""), ("Li", 10, "compound", "PROPN", "NNP", "PERSON"),
        ("Wei", 8, "pobj", "PROPN", "NNP", "PERSON"), (".", 2, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    found = {e.name: e for e in events(rows, dt.date(2024, 5, 8))}
    assert set(found) == {"Ana Ruiz resigns", "Li Wei succeeds Ana Ruiz"}
    assert found["Li Wei succeeds Ana Ruiz"].date == "2024-05-06"
    assert who(found["Li Wei succeeds Ana Ruiz"]) == {"Li Wei"}


def test_a_succession_told_after_the_appointment_is_that_appointment() -> None:
    doc = handmade.parse(
        [
            ("Northwind", 1, "compound", "NNP", "PROPN", "B-ORG"), ("Yards", 1, "nsubj", "NNP", "PROPN", "I-ORG"),
            ("named", None, "ROOT", "VBD", "VERB", "O"), ("Li", 1, "compound", "NNP", "PROPN", "B-PERSON"),
            ("Wei", -2, "dobj", "NNP", "PROPN", "I-PERSON"), ("as", -3, "prep", "IN", "ADP", "O"),
            ("treasurer", -1, "pobj", "NN", "NOUN", "O"), (".", -5, "punct", ".", "PUNCT", "O"),
        ],
        [
            ("Li", 1, "compound", "NNP", "PROPN", "B-PERSON"), ("Wei", 1, "nsubj", "NNP", "PROPN", "I-PERSON"),
            ("succeeds", None, "ROOT", "VBZ", "VERB", "O"), ("Ana", 1, "compound", "NNP", "PROPN", "B-PERSON"),
            ("Ruiz", -2, "dobj", "NNP", "PROPN", "I-PERSON"), (".", -3, "punct", ".", "PUNCT", "O"),
        ],
    )  # fmt: skip
    found = [
        handmade.entity(doc, "organisation", "Northwind Yards"),
        handmade.entity(doc, "person", "Li Wei"),
        handmade.entity(doc, "person", "Ana Ruiz"),
    ]
    article = SourceArticle("test.txt", "Test", doc.text, dt.date(2024, 5, 8))
    [appointment] = find_events(doc, found, article)
    assert appointment.name == "Li Wei becomes treasurer"
    assert who(appointment) == {"Li Wei", "Northwind Yards"}


def test_replaced_a_thing_is_no_succession() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 2, "nsubj", "PROPN", "NNP", "PERSON"),
        ("replaced", 2, "ROOT", "VERB", "VBD", ""), ("the", 4, "det", "DET", "DT", ""),
        ("roof", 2, "dobj", "NOUN", "NN", ""), ("on", 2, "prep", "ADP", "IN", ""),
        ("Monday", 5, "pobj", "PROPN", "NNP", "DATE"), (".", 2, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    assert events(rows, dt.date(2024, 5, 8)) == []


def test_arrived_in_a_place_on_a_weekday_is_a_visit() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 2, "nsubj", "PROPN", "NNP", "PERSON"),
        ("arrived", 2, "ROOT", "VERB", "VBD", ""), ("in", 2, "prep", "ADP", "IN", ""),
        ("Lisbon", 3, "pobj", "PROPN", "NNP", "GPE"), ("on", 2, "prep", "ADP", "IN", ""),
        ("Monday", 5, "pobj", "PROPN", "NNP", "DATE"), (".", 2, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [visit] = events(rows, dt.date(2024, 5, 8))
    assert (visit.kind, visit.name, visit.date) == ("visit", "Ana Ruiz visits Lisbon", "2024-05-06")


def test_arrived_at_no_place_is_nothing() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 2, "nsubj", "PROPN", "NNP", "PERSON"),
        ("arrived", 2, "ROOT", "VERB", "VBD", ""), ("at", 2, "prep", "ADP", "IN", ""),
        ("a", 5, "det", "DET", "DT", ""), ("decision", 3, "pobj", "NOUN", "NN", ""),
        ("on", 2, "prep", "ADP", "IN", ""), ("Monday", 6, "pobj", "PROPN", "NNP", "DATE"),
        (".", 2, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    assert events(rows, dt.date(2024, 5, 8)) == []


def test_returned_to_a_country_in_a_month_of_an_undated_article() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 2, "nsubj", "PROPN", "NNP", "PERSON"),
        ("returned", 2, "ROOT", "VERB", "VBD", ""), ("to", 2, "prep", "ADP", "IN", ""),
        ("Portugal", 3, "pobj", "PROPN", "NNP", "GPE"), ("in", 2, "prep", "ADP", "IN", ""),
        ("March", 5, "pobj", "PROPN", "NNP", "DATE"), (".", 2, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [journey] = events(rows, None)
    assert journey.name == "Ana Ruiz returns to Portugal"
    assert who(journey) == {"Ana Ruiz"}


def test_found_guilty_of_a_charge_the_parser_hung_on_the_place() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 3, "nsubjpass", "PROPN", "NNP", "PERSON"),
        ("was", 3, "auxpass", "AUX", "VBD", ""), ("found", 3, "ROOT", "VERB", "VBN", ""),
        ("guilty", 3, "oprd", "ADJ", "JJ", ""), ("at", 3, "prep", "ADP", "IN", ""),
        ("Lisbon", 5, "pobj", "PROPN", "NNP", "GPE"), ("of", 6, "prep", "ADP", "IN", ""),
        ("fraud", 7, "pobj", "NOUN", "NN", ""), (".", 3, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [verdict] = events(rows, dt.date(2024, 5, 8))
    assert verdict.name == "Ana Ruiz found guilty of fraud"
    assert who(verdict) == {"Ana Ruiz"}


def test_why_someone_should_be_convicted_is_no_verdict() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 2, "nsubj", "PROPN", "NNP", "PERSON"),
        ("asked", 2, "ROOT", "VERB", "VBD", ""), ("why", 7, "advmod", "ADV", "WRB", ""),
        ("Li", 5, "compound", "PROPN", "NNP", "PERSON"), ("Wei", 7, "nsubjpass", "PROPN", "NNP", "PERSON"),
        ("should", 7, "aux", "AUX", "MD", ""), ("convicted", 2, "ccomp", "VERB", "VBN", ""),
        (".", 2, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    assert events(rows, dt.date(2024, 5, 8)) == []


def test_coordinated_event_nouns_share_their_verb_and_one_is_named_by_whom_it_gathers() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 2, "nsubj", "PROPN", "NNP", "PERSON"),
        ("spoke", 2, "ROOT", "VERB", "VBD", ""), ("at", 2, "prep", "ADP", "IN", ""),
        ("a", 5, "det", "DET", "DT", ""), ("meeting", 3, "pobj", "NOUN", "NN", ""),
        ("of", 5, "prep", "ADP", "IN", ""), ("regional", 8, "amod", "ADJ", "JJ", ""),
        ("mayors", 6, "pobj", "NOUN", "NNS", ""), ("and", 5, "cc", "CCONJ", "CC", ""),
        ("a", 12, "det", "DET", "DT", ""), ("ministerial", 12, "amod", "ADJ", "JJ", ""),
        ("conference", 5, "conj", "NOUN", "NN", ""), (".", 2, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    found = {e.name: who(e) for e in events(rows, dt.date(2024, 5, 8))}
    assert found == {"Meeting of regional mayors": {"Ana Ruiz"}, "Ministerial conference of Ana Ruiz": {"Ana Ruiz"}}


def test_sworn_in_for_a_term_as_an_office_on_a_weekday_of_an_undated_article() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 3, "nsubjpass", "PROPN", "NNP", "PERSON"),
        ("was", 3, "auxpass", "AUX", "VBD", ""), ("sworn", 3, "ROOT", "VERB", "VBN", ""),
        ("in", 3, "prt", "ADP", "RP", ""), ("for", 3, "prep", "ADP", "IN", ""),
        ("a", 8, "det", "DET", "DT", ""), ("second", 8, "amod", "ADJ", "JJ", ""),
        ("term", 5, "pobj", "NOUN", "NN", ""), ("as", 8, "prep", "ADP", "IN", ""),
        ("mayor", 9, "pobj", "NOUN", "NN", ""), ("on", 3, "prep", "ADP", "IN", ""),
        ("Thursday", 11, "pobj", "PROPN", "NNP", "DATE"), (".", 3, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [oath] = events(rows, None)
    assert oath.name == "Ana Ruiz sworn in as mayor"
    assert who(oath) == {"Ana Ruiz"}


def test_assuming_the_role_of_an_office_effective_today_is_named_by_the_office() -> None:
    rows: list[Row] = [
        ("Ana", 1, "compound", "PROPN", "NNP", "PERSON"), ("Ruiz", 3, "nsubj", "PROPN", "NNP", "PERSON"),
        ("is", 3, "aux", "AUX", "VBZ", ""), ("assuming", 3, "ROOT", "VERB", "VBG", ""),
        ("the", 5, "det", "DET", "DT", ""), ("role", 3, "dobj", "NOUN", "NN", ""),
        ("of", 5, "prep", "ADP", "IN", ""), ("executive", 8, "amod", "ADJ", "JJ", ""),
        ("chairman", 6, "pobj", "NOUN", "NN", ""), ("effective", 3, "oprd", "ADJ", "JJ", ""),
        ("today", 3, "npadvmod", "NOUN", "NN", "DATE"), (".", 3, "punct", "PUNCT", ".", ""),
    ]  # fmt: skip
    [start] = events(rows, None)
    assert start.name == "Ana Ruiz becomes executive chairman"
