from graphbuild.extract.acronyms import definition_after, expansion_for, spelled_by_one, spells


def test_initials_spell_a_name() -> None:
    assert spells("NUT", "National Union of Teachers")
    assert spells("FAA", "Federal Aviation Administration")


def test_a_word_in_capitals_counts_whole() -> None:
    assert spells("TUCUK", "Trades Union Congress UK")


def test_wrong_letters_do_not_spell() -> None:
    assert not spells("NUJ", "National Union of Teachers")
    assert not spells("N", "National")


def test_expansion_is_the_trailing_part_the_acronym_spells() -> None:
    name = "Press Office of the National Union of Teachers"
    assert expansion_for("NUT", name) == "National Union of Teachers"


def test_definition_in_parentheses_after_a_name() -> None:
    text = "The National Union of Teachers (NUT) met on Friday."
    assert definition_after(text, len("The National Union of Teachers"), "National Union of Teachers") == (
        "NUT",
        "National Union of Teachers",
    )


def test_no_definition_without_parentheses() -> None:
    assert definition_after("The Union met.", len("The Union"), "The Union") is None


def test_an_acronym_spelling_two_names_is_ambiguous() -> None:
    assert spelled_by_one("NU", ["National Union", "Northern University"]) is None
    assert spelled_by_one("NU", ["National Union", "Dock Workers"]) == "National Union"


def test_a_word_like_acronym_in_parentheses_is_defined() -> None:
    text = "Irish Potters Guild (Ipg) said"
    assert definition_after(text, len("Irish Potters Guild"), "Irish Potters Guild") == ("Ipg", "Irish Potters Guild")
    text = "Norvik Harbour (Reuters) said"
    assert definition_after(text, len("Norvik Harbour"), "Norvik Harbour") is None


def test_a_closing_legal_form_may_be_left_out_of_an_acronym() -> None:
    assert spells("AB&C", "Alpha Beta & Cables Co.")
    assert not spells("ABCC", "Alpha Beta Co.")


def test_a_defined_acronym_may_take_letters_from_inside_a_compound_word() -> None:
    text = "the United Boilermakers (UBM) voted"
    name = "United Boilermakers"
    assert definition_after(text, len("the United Boilermakers"), name) == ("UBM", "United Boilermakers")
    assert not spells("UBM", name)  # bare, away from its definition, initials only
    assert not spells("UXM", name, inner=True)
    assert not spells("BM", "Dock Boilermakers", inner=True)  # every word still gives its initial


def test_a_defined_acronym_may_leave_out_one_inner_word() -> None:
    name = "Northern Harbour Pilots' Guild"
    assert definition_after(f"{name} (NHG) said", len(name), name) == ("NHG", name)
    assert not spells("NHG", name)
    assert not spells("HPG", name, inner=True)  # the first word gives its initial


def test_two_spellings_of_one_name_do_not_make_an_acronym_ambiguous() -> None:
    assert spelled_by_one("DWU", ["Dock Workers' Union", "Dock Workers Union"]) == "Dock Workers' Union"


def test_an_acronym_after_a_lowercase_description_spells_the_proper_name() -> None:
    name = "United Boilermakers union"
    assert definition_after(f"The {name} (UB) met.", len(name) + 4, name) == ("UB", "United Boilermakers")


def test_an_acronym_of_a_modified_head_names_the_whole_body() -> None:
    name = "Ruritanian Central Military Commission"
    assert definition_after(f"{name} (CMC) met", len(name), name) == ("CMC", name)
    name = "Press Office of the Dock Workers Union"
    assert definition_after(f"{name} (DWU) met", len(name), name) == ("DWU", "Dock Workers Union")
    name = "Acme's Dock Workers Union"
    assert definition_after(f"{name} (DWU) met", len(name), name) == ("DWU", "Dock Workers Union")
