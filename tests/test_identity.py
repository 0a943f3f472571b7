"""Identity rules on hand-made mentions: no spaCy model needed."""

from graphbuild.extract.identity import org_key, resolve, resolve_organisations, resolve_people, settle_kinds
from graphbuild.model import Author, Mention


def m(text: str, kind: str = "person", start: int = 0, form: str | None = None) -> Mention:
    return Mention(start, start + len(text), text, kind, form)  # type: ignore[arg-type]


def test_surname_and_first_name_resolve_to_the_full_name() -> None:
    people = resolve_people([m("Maria Okafor", start=0), m("Okafor", start=40), m("Maria", start=80)])
    assert len(people) == 1
    assert people[0].name == "Maria Okafor"
    assert people[0].aliases == {"Okafor", "Maria"}
    assert len(people[0].mentions) == 3


def test_titled_form_becomes_an_alias() -> None:
    people = resolve_people([m("Okafor", form="Comrade Okafor")])
    assert people[0].name == "Okafor"
    assert "Comrade Okafor" in people[0].aliases


def test_familiar_first_name_resolves() -> None:
    people = resolve_people([m("Robert J. Lane"), m("Bob", start=50)])
    assert [p.name for p in people] == ["Robert J. Lane"]


def test_a_surname_shared_by_two_people_goes_to_the_one_named_last() -> None:
    people = resolve_people([m("Ana Silva"), m("Rui Silva", start=20), m("Silva", start=40)])
    by_name = {p.name: p for p in people}
    assert sorted(by_name) == ["Ana Silva", "Rui Silva"]
    assert "Silva" in by_name["Rui Silva"].aliases and "Silva" not in by_name["Ana Silva"].aliases


def test_a_first_name_two_people_share_names_neither() -> None:
    # "I have great confidence in Tomas", said by one Tomas of the other: two readings compete, say nothing
    people = resolve_people([m("Tomas Berg", start=0), m("Tomas Lind", start=30), m("Tomas", start=60)])
    by_name = {p.name: p for p in people}
    assert sorted(by_name) == ["Tomas Berg", "Tomas Lind"]
    assert all("Tomas" not in p.aliases and len(p.mentions) == 1 for p in people)


def test_a_first_name_only_one_person_has_is_that_person() -> None:
    people = resolve_people([m("Tomas Berg", start=0), m("Ana Lind", start=30), m("Tomas", start=60)])
    assert "Tomas" in {p.name: p for p in people}["Tomas Berg"].aliases


def test_a_middle_name_alone_is_the_person() -> None:
    people = resolve_people([m("Ahmad Rizal Hamid"), m("Rizal", start=40, form="Prof. Rizal")])
    assert len(people) == 1 and {"Rizal", "Prof. Rizal"} <= people[0].aliases


def test_a_place_label_on_a_known_surname_is_the_person() -> None:
    settled = settle_kinds([m("Lena Varga"), m("Varga", "place", 30), m("Oslo", "place", 50)])
    assert [s.kind for s in settled] == ["person", "person", "place"]


def test_an_organisation_label_on_a_name_whose_surname_stands_alone_is_a_person() -> None:
    settled = settle_kinds([m("Omar Haddad", "organisation"), m("Haddad", start=40)])
    assert [s.kind for s in settled] == ["person", "person"]


def test_the_first_word_of_an_organisation_alone_is_that_organisation() -> None:
    settled = settle_kinds(
        [m("Greenwatch International", "organisation"), m("Greenwatch", start=40), m("Greenwatch", "organisation", 80)]
    )
    assert [s.kind for s in settled] == ["organisation"] * 3
    orgs = resolve_organisations(settled, {})
    assert len(orgs) == 1 and orgs[0].aliases == {"Greenwatch"}


def test_a_word_shared_by_a_person_and_an_organisation_stays_the_person() -> None:
    settled = settle_kinds([m("Henry Farrow"), m("Farrow Motors", "organisation", 20), m("Farrow", start=40)])
    assert [s.kind for s in settled] == ["person", "organisation", "person"]


def test_a_closing_international_or_group_does_not_split_a_company() -> None:
    assert org_key("Norvik International", {}) == org_key("Norvik", {}) == org_key("Norvik Group", {})
    assert org_key("International Department", {}) == frozenset({"international", "department"})


def test_middle_initial_does_not_split_a_person() -> None:
    people = resolve_people([m("Helen K. Park"), m("Helen Park", start=30)])
    assert len(people) == 1 and people[0].name == "Helen K. Park"


def test_kind_follows_the_majority_and_surnames() -> None:
    settled = settle_kinds(
        [
            m("Jon Reyes"),
            m("Reyes", "organisation", 20),
            m("Jon Reyes", "organisation", 40),
            m("Jon Reyes", start=60),
        ]
    )
    assert {s.kind for s in settled} == {"person"}


def test_acronym_expansion_and_country_spellings_unify_organisation_names() -> None:
    acronyms = {"UFW": "United Farm Workers"}
    assert org_key("the UFW", acronyms) == org_key("United Farm Workers", acronyms)
    assert org_key("U.S. Labor Party", {}) == org_key("Labor Party USA", {})
    assert org_key("Labor Party of the United States", {}) == org_key("Labor Party USA", {})


def test_sub_body_gets_its_parent() -> None:
    text = "Youth Wing of the Green Alliance. The Green Alliance"
    orgs = resolve_organisations(
        [m("Youth Wing of the Green Alliance", "organisation"), m("Green Alliance", "organisation", 38)], {}
    )
    by_name = {o.name: o for o in orgs}
    assert by_name["Youth Wing of the Green Alliance"].parent is by_name["Green Alliance"]
    parent_mention = by_name["Green Alliance"].mentions[0]
    assert text[parent_mention.start : parent_mention.end] == "Green Alliance"


def test_a_parent_named_only_inside_a_sub_body_is_not_an_organisation() -> None:
    orgs = resolve_organisations([m("Press Office of the Green Alliance Council", "organisation")], {})
    assert [(o.name, o.parent) for o in orgs] == [("Press Office of the Green Alliance Council", None)]


def test_an_intermediate_body_linking_to_a_named_one_is_kept() -> None:
    orgs = resolve_organisations(
        [
            m("Youth Wing of the Council of the Green Alliance", "organisation"),
            m("Green Alliance", "organisation", 60),
        ],
        {},
    )
    by_name = {o.name: o for o in orgs}
    council = by_name["Council of the Green Alliance"]
    assert by_name["Youth Wing of the Council of the Green Alliance"].parent is council
    assert council.parent is by_name["Green Alliance"]


def test_a_possessive_names_the_parent_of_a_sub_body() -> None:
    orgs = resolve_organisations(
        [m("Norvik", "organisation"), m("Board of Trustees", "organisation", 20, form="Norvik's Board of Trustees")],
        {},
    )
    by_name = {o.name: o for o in orgs}
    assert by_name["Board of Trustees"].parent is by_name["Norvik"]


def test_generic_noun_refers_to_the_organisation_it_heads() -> None:
    orgs = resolve_organisations(
        [
            m("Acme Mills", "organisation"),
            m("Council of Elders", "organisation", 20),
            m("Council", "organisation", 50),
        ],
        {},
    )
    council = next(o for o in orgs if o.name == "Council of Elders")
    assert "Council" in council.aliases and len(council.mentions) == 2


def test_generic_noun_without_a_head_goes_to_the_most_mentioned_organisation() -> None:
    orgs = resolve_organisations(
        [
            m("Acme Mills", "organisation"),
            m("Acme Mills", "organisation", 30),
            m("Company", "organisation", 60),
        ],
        {},
    )
    assert len(orgs) == 1 and orgs[0].name == "Acme Mills" and "Company" in orgs[0].aliases


def test_organisation_author_merges_with_the_body_named_in_the_text() -> None:
    entities = resolve(
        [m("Press Office of the Green Alliance", "organisation")],
        {},
        [Author("Green Alliance Press Office", "organisation")],
    )
    office = next(e for e in entities if e.name == "Press Office of the Green Alliance")
    assert "Green Alliance Press Office" in office.aliases


def test_defined_acronym_is_an_alias_and_the_expansion_is_the_name() -> None:
    acronyms = {"GA": "Green Alliance"}
    orgs = resolve_organisations(
        [m("U.S. Green Alliance", "organisation"), m("GA", "organisation", 40)], acronyms
    )
    assert len(orgs) == 2 or orgs[0].name == "Green Alliance"
    orgs = resolve_organisations([m("Green Alliance", "organisation"), m("GA", "organisation", 40)], acronyms)
    assert len(orgs) == 1 and orgs[0].name == "Green Alliance" and orgs[0].aliases == {"GA"}


def test_places_unify_country_spellings_and_capitals() -> None:
    entities = resolve(
        [
            m("U.S.", "place"),
            m("United States", "place", 10),
            m("LAGOS", "place", 30),
            m("Lagos", "place", 40),
        ],
        {},
    )
    assert sorted(e.name for e in entities) == ["Lagos", "United States"]


def test_an_all_caps_first_mention_is_the_same_person() -> None:
    people = resolve_people([m("MARIA OKAFOR"), m("Maria Okafor", start=40), m("Okafor", start=80)])
    assert len(people) == 1
    assert people[0].name == "Maria Okafor" and "MARIA OKAFOR" in people[0].aliases


def test_a_known_name_the_model_missed_becomes_a_mention() -> None:
    from graphbuild.extract.identity import propagate

    text = "Maria Okafor spoke first. Later, Okafor thanked the Dock Workers Union. Okafor left."
    entities = resolve([m("Maria Okafor"), m("Dock Workers Union", "organisation", 52)], {})
    propagate(text, entities)
    maria = next(e for e in entities if e.name == "Maria Okafor")
    spans = [text[x.start : x.end] for x in maria.mentions]
    assert spans == ["Maria Okafor", "Okafor"]  # the sentence-opening "Okafor" is not trusted


def test_a_one_word_form_shared_by_two_people_is_not_propagated() -> None:
    from graphbuild.extract.identity import propagate

    text = "Ana Silva and Rui Silva met. Then Silva left."
    entities = resolve([m("Ana Silva"), m("Rui Silva", start=14), m("Silva", start=34)], {})
    before = sum(len(e.mentions) for e in entities)
    propagate(text, entities)
    assert sum(len(e.mentions) for e in entities) == before


def test_a_legal_form_does_not_split_a_company() -> None:
    assert org_key("Acme Corporation", {}) == org_key("Acme", {}) == org_key("Acme Corp.", {})
    assert org_key("Company", {}) == frozenset({"company"})  # a bare legal-form word keeps its key


def test_a_possessive_sub_body_is_the_x_of_the_y_body() -> None:
    orgs = resolve_organisations(
        [
            m("Audit Committee of the Norvik Guild", "organisation"),
            m("Norvik Guild", "organisation", 50),
            m("audit committee", "organisation", 70, form="Norvik Guild's audit committee"),
        ],
        {},
    )
    assert sorted(o.name for o in orgs) == ["Audit Committee of the Norvik Guild", "Norvik Guild"]


def test_an_organisation_name_before_a_sub_body_noun_is_its_parent() -> None:
    acronyms = {"NWP": "Northern Workers Party"}
    orgs = resolve_organisations(
        [m("Northern Workers Party", "organisation"), m("NWP Central Committee", "organisation", 40)], acronyms
    )
    by_name = {o.name: o for o in orgs}
    assert by_name["NWP Central Committee"].parent is by_name["Northern Workers Party"]


def test_a_name_once_titled_as_a_person_stays_a_person() -> None:
    settled = settle_kinds(
        [m("Lind", form="Secretary Lind"), m("Lind", "organisation", 30), m("Lind", "organisation", 60)]
    )
    assert {s.kind for s in settled} == {"person"}


def test_the_head_before_of_is_the_whole_organisation() -> None:
    orgs = resolve_organisations(
        [m("Northern Federation of Weavers", "organisation"), m("Northern Federation", "organisation", 40)], {}
    )
    assert len(orgs) == 1 and orgs[0].name == "Northern Federation of Weavers"


def test_a_head_shared_by_two_organisations_stays_apart() -> None:
    orgs = resolve_organisations(
        [
            m("Central Council of Weavers", "organisation"),
            m("Central Council of Dyers", "organisation", 30),
            m("Central Council", "organisation", 60),
        ],
        {},
    )
    assert len(orgs) == 3


def test_a_defined_acronym_with_an_ampersand_is_its_expansion() -> None:
    acronyms = {"AB&C": "Alpha Beta & Cable Co."}
    assert org_key("the AB&C", acronyms) == org_key("Alpha Beta & Cable Co.", acronyms)
    orgs = resolve_organisations([m("Alpha Beta & Cable Co.", "organisation"), m("AB&C", "organisation", 40)], acronyms)
    assert [(o.name, o.aliases) for o in orgs] == [("Alpha Beta & Cable Co.", {"AB&C"})]


def test_a_ministrys_affairs_is_not_part_of_its_key() -> None:
    assert org_key("the home affairs ministry", {}) == org_key("Home Ministry", {})
    assert org_key("Ministry of Foreign Affairs", {}) == org_key("Foreign Ministry", {})
    assert org_key("Foreign Affairs Committee", {}) != org_key("Foreign Committee", {})


def test_a_generic_noun_alone_names_no_organisation() -> None:
    assert resolve_organisations([m("the Company", "organisation"), m("Board", "organisation", 30)], {}) == []


def test_a_generic_noun_after_a_possessive_is_a_body_not_a_reference() -> None:
    orgs = resolve_organisations(
        [m("Norvik Guild", "organisation"), m("Commission", "organisation", 40, form="Norvik Guild's Commission")], {}
    )
    assert sorted(o.name for o in orgs) == ["Commission", "Norvik Guild"]
    assert next(o for o in orgs if o.name == "Commission").parent is not None


def test_a_party_named_without_its_head_noun_is_that_party() -> None:
    orgs = resolve_organisations([m("Green Party", "organisation"), m("Greens", "organisation", 20), m("Green", "organisation", 40)], {})
    assert sorted((o.name, sorted(o.aliases)) for o in orgs) == [("Green Party", ["Green"]), ("Greens", [])]
    orgs = resolve_organisations([m("Green Party", "organisation"), m("Green Union", "organisation", 20), m("Green", "organisation", 40)], {})
    assert len(orgs) == 3  # two could be meant: neither is


def test_a_place_possessive_form_is_a_fuller_name_not_another_body() -> None:
    orgs = resolve_organisations(
        [m("Foreign Ministry", "organisation", 0, "Ruritania's Foreign Ministry"), m("Foreign Ministry", "organisation", 60)],
        {},
    )
    assert len(orgs) == 1 and "Ruritania's Foreign Ministry" in orgs[0].aliases
    orgs = resolve_organisations(
        [m("Acme", "organisation"), m("Board", "organisation", 10, "Acme's Board"), m("Board", "organisation", 60)], {}
    )
    assert sorted(o.name for o in orgs) == ["Acme", "Board"] and orgs[1].parent is orgs[0]


def test_a_name_the_model_also_tags_as_a_place_is_a_place() -> None:
    settled = settle_kinds(
        [
            m("Ruritania", "place"),
            m("Ruritania", "organisation", 20),
            m("Ruritania Trade Board", "organisation", 40),
            m("Grand Ruritania", "place", 60),
            m("Grand Ruritania", "organisation", 80),
        ]
    )
    assert [s.kind for s in settled] == ["place", "place", "organisation", "place", "organisation"]


def test_a_body_named_on_past_a_bracketed_acronym_is_its_short_form_and_a_sub_body() -> None:
    acronyms = {"NWP": "Northern Workers Party"}
    orgs = resolve_organisations(
        [
            m("Northern Workers Party", "organisation"),
            m("Central Committee", "organisation", 30, form="Northern Workers Party (NWP) Central Committee"),
            m("NWP Central Committee", "organisation", 80),
        ],
        acronyms,
    )
    by_name = {o.name: o for o in orgs}
    assert sorted(by_name) == ["NWP Central Committee", "Northern Workers Party"]
    assert by_name["NWP Central Committee"].parent is by_name["Northern Workers Party"]
