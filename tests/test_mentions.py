"""Mention rules on Docs built by hand (spacy.blank, no trained model)."""

import spacy
from spacy.tokens import Doc

from graphbuild.extract.mentions import find_mentions

NLP = spacy.blank("en")


def doc(tagged: str) -> Doc:
    """Build a Doc from "word/POS/ENT" items; ENT is an IOB tag like B-PERSON or O."""
    words, pos, ents = [], [], []
    for item in tagged.split():
        word, tag, ent = item.rsplit("/", 2)
        words.append(word)
        pos.append(tag)
        ents.append(ent)
    glue_before, glue_after = {",", ".", "'s", ")", "]", "-"}, {"(", "[", "-"}
    spaces = [
        not (i + 1 < len(words) and words[i + 1] in glue_before) and w not in glue_after
        for i, w in enumerate(words)
    ]
    sent_starts = [i == 0 for i in range(len(words))]
    return Doc(NLP.vocab, words=words, spaces=spaces, pos=pos, ents=ents, sent_starts=sent_starts)


def names(d: Doc) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.kind, m.form) for m in find_mentions(d).mentions]


def test_titles_verbs_and_possessives_are_not_part_of_a_name() -> None:
    d = doc(
        "Said/VERB/B-PERSON Okafor/PROPN/I-PERSON ,/PUNCT/O President/PROPN/B-PERSON Lane/PROPN/I-PERSON 's/PART/I-PERSON "
        "term/NOUN/O ./PUNCT/O"
    )
    assert names(d) == [("Okafor", "person", None), ("Lane", "person", "President Lane")]


def test_offsets_index_the_text() -> None:
    d = doc("The/DET/O union/NOUN/O thanked/VERB/O Maria/PROPN/B-PERSON Okafor/PROPN/I-PERSON ./PUNCT/O")
    (mention,) = find_mentions(d).mentions
    assert d.text[mention.start : mention.end] == "Maria Okafor"


def test_honorific_introduces_a_missed_person() -> None:
    d = doc("Then/ADV/O Comrade/PROPN/O To/ADP/O Binh/PROPN/O spoke/VERB/O ./PUNCT/O")
    assert names(d) == [("To Binh", "person", "Comrade To Binh")]


def test_capitalised_word_left_out_mid_sentence_joins_the_name() -> None:
    d = doc("They/PRON/O met/VERB/O with/ADP/O To/ADP/O Binh/PROPN/B-PERSON ./PUNCT/O")
    assert names(d)[0][0] == "To Binh"


def test_organisation_cut_at_of_continues_over_proper_nouns() -> None:
    d = doc(
        "the/DET/B-ORG Labour/PROPN/I-ORG Party/PROPN/I-ORG of/ADP/I-ORG Ghana/PROPN/O met/VERB/O ./PUNCT/O"
    )
    assert names(d) == [("Labour Party of Ghana", "organisation", None)]


def test_x_of_the_y_organisations_are_joined() -> None:
    d = doc(
        "the/DET/B-ORG Youth/PROPN/I-ORG Wing/PROPN/I-ORG of/ADP/O the/DET/B-ORG Green/PROPN/I-ORG "
        "Alliance/PROPN/I-ORG met/VERB/O ./PUNCT/O"
    )
    assert names(d) == [("Youth Wing of the Green Alliance", "organisation", None)]


def test_a_word_inside_a_title_is_not_an_organisation() -> None:
    d = doc(
        "the/DET/O Secretary/PROPN/O of/ADP/O Labor/PROPN/B-ORG Ana/PROPN/B-PERSON Ruiz/PROPN/I-PERSON ./PUNCT/O"
    )
    assert names(d) == [("Ana Ruiz", "person", None)]


def test_a_name_after_an_ordinal_is_an_event_not_an_organisation() -> None:
    d = doc("the/DET/O 9th/ADJ/O National/PROPN/B-ORG Congress/PROPN/I-ORG opens/VERB/O ./PUNCT/O")
    assert names(d) == []


def test_defined_acronym_and_its_later_uses_are_mentions() -> None:
    d = doc(
        "the/DET/B-ORG Dock/PROPN/I-ORG Workers/PROPN/I-ORG Union/PROPN/I-ORG (/PUNCT/O DWU/PROPN/O )/PUNCT/O "
        "said/VERB/O the/DET/O DWU/PROPN/O will/AUX/O strike/VERB/O ./PUNCT/O"
    )
    found = find_mentions(d)
    assert found.acronyms == {"DWU": "Dock Workers Union"}
    assert [m.text for m in found.mentions] == ["Dock Workers Union", "DWU", "DWU"]


def test_undefined_acronym_spelling_a_named_organisation_is_a_mention() -> None:
    d = doc(
        "the/DET/B-ORG Dock/PROPN/I-ORG Workers/PROPN/I-ORG Union/PROPN/I-ORG and/CCONJ/O the/DET/O "
        "DWU/PROPN/O ./PUNCT/O"
    )
    assert [m.text for m in find_mentions(d).mentions] == ["Dock Workers Union", "DWU"]


def test_credits_and_numbers_are_not_names() -> None:
    d = doc(
        "(/PUNCT/O Agency/PROPN/B-ORG //SYM/I-ORG Lee/PROPN/I-ORG )/PUNCT/O COVID-19/PROPN/B-ORG ./PUNCT/O"
    )
    assert names(d) == []


def test_headline_style_lines_are_detected() -> None:
    from graphbuild.extract.mentions import is_title_case_line

    assert is_title_case_line("Okafor Tells Members the Union Is Ready to Strike")
    assert not is_title_case_line("Okafor told members that the union is ready to strike.")
    assert not is_title_case_line("Secretary Of Labor Ana Ruiz Spoke.")  # a sentence, not a headline
    assert not is_title_case_line("Dock Workers Union")  # too short to judge


def test_capitalised_title_introduces_a_missed_person() -> None:
    d = doc("Union/PROPN/O co/PROPN/O -/PUNCT/O Chair/PROPN/O Jane/PROPN/O Doe/PROPN/O spoke/VERB/O ./PUNCT/O")
    assert names(d) == [("Jane Doe", "person", "co-Chair Jane Doe")]


def test_a_title_before_an_organisation_introduces_nobody() -> None:
    d = doc("The/DET/O President/PROPN/O Council/PROPN/O met/VERB/O ./PUNCT/O")
    assert names(d) == []


def test_a_name_stops_at_a_line_break() -> None:
    words = ["Ana", "Ruiz", "\n", "Okafor", "spoke", "."]
    d = Doc(
        NLP.vocab,
        words=words,
        spaces=[True, False, False, True, False, False],
        pos=["PROPN", "PROPN", "SPACE", "PROPN", "VERB", "PUNCT"],
        ents=["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O", "O"],
    )
    assert names(d)[0] == ("Ana Ruiz", "person", None)


def test_an_acronym_in_parentheses_is_cut_from_the_name_and_defined() -> None:
    d = doc(
        "the/DET/B-ORG Irish/PROPN/I-ORG Potters/PROPN/I-ORG Guild/PROPN/I-ORG (/PUNCT/I-ORG Ipg/PROPN/I-ORG "
        ")/PUNCT/O met/VERB/O ./PUNCT/O"
    )
    found = find_mentions(d)
    assert [m.text for m in found.mentions][0] == "Irish Potters Guild"
    assert found.acronyms == {"Ipg": "Irish Potters Guild"}


def test_an_acronym_tagged_alone_spells_a_named_organisation() -> None:
    d = doc(
        "Norvik/PROPN/B-ORG Maritime/PROPN/I-ORG College/PROPN/I-ORG and/CCONJ/O the/DET/O NMC/PROPN/B-ORG "
        "agreed/VERB/O ./PUNCT/O"
    )
    assert find_mentions(d).acronyms == {"NMC": "Norvik Maritime College"}


def test_days_time_zones_and_abbreviations_are_not_names() -> None:
    d = doc(
        "On/ADP/O Saturday/PROPN/B-ORG at/ADP/O 9/NUM/O GMT/PROPN/B-ORG the/DET/O MoU/PROPN/B-PERSON "
        "was/AUX/O signed/VERB/O ./PUNCT/O"
    )
    assert names(d) == []


def test_a_country_after_title_of_is_not_a_person() -> None:
    d = doc("as/ADP/O prime/ADJ/O minister/NOUN/O of/ADP/O Norland/PROPN/B-PERSON ./PUNCT/O")
    assert names(d) == []


def test_a_preposition_opening_a_quote_is_not_part_of_a_name() -> None:
    d = doc('"/PUNCT/O Under/ADP/B-PERSON Vera/PROPN/I-PERSON \'s/PART/O lead/NOUN/O we/PRON/O grew/VERB/O ./PUNCT/O')
    assert names(d) == [("Vera", "person", None)]


def test_a_capitalised_preposition_mid_sentence_stays_in_the_name() -> None:
    d = doc("They/PRON/O met/VERB/O with/ADP/O To/ADP/B-PERSON Binh/PROPN/I-PERSON ./PUNCT/O")
    assert names(d)[0][0] == "To Binh"


def test_grammar_says_person_where_the_model_said_organisation() -> None:
    d = doc(
        "board/NOUN/O chair/NOUN/O Ana/PROPN/B-ORG Ruiz/PROPN/I-ORG said/VERB/O ,/PUNCT/O "
        "its/PRON/O candidate/NOUN/O ,/PUNCT/O Lars/PROPN/B-ORG Berg/PROPN/I-ORG ,/PUNCT/O won/VERB/O ;/PUNCT/O "
        "Eva/PROPN/B-GPE Lind/PROPN/I-GPE ,/PUNCT/O 43/NUM/O ,/PUNCT/O left/VERB/O ./PUNCT/O"
    )
    assert [(n, k) for n, k, _ in names(d)] == [("Ana Ruiz", "person"), ("Lars Berg", "person"), ("Eva Lind", "person")]


def test_an_organisation_after_a_title_word_in_capitals_stays_one() -> None:
    d = doc("union/NOUN/O president/NOUN/O Dock/PROPN/B-ORG Workers/PROPN/I-ORG Union/PROPN/I-ORG ./PUNCT/O")
    assert names(d) == [("Dock Workers Union", "organisation", None)]


def test_a_credit_after_a_slash_is_not_a_name() -> None:
    d = doc("the/DET/O harbour/NOUN/O at/ADP/O dawn/NOUN/O ./PUNCT/O //SYM/O Newswire/PROPN/B-ORG")
    assert names(d) == []


def test_a_body_after_an_organisations_possessive_is_its_sub_body() -> None:
    d = doc(
        "the/DET/O Norvik/PROPN/B-ORG 's/PART/O Audit/PROPN/O Committee/PROPN/O met/VERB/O and/CCONJ/O "
        "Acme/PROPN/B-ORG 's/PART/O board/NOUN/O of/ADP/O trustees/NOUN/O agreed/VERB/O ,/PUNCT/O but/CCONJ/O "
        "Acme/PROPN/B-ORG 's/PART/O board/NOUN/O waited/VERB/O ./PUNCT/O"
    )
    bodies = [(m.text, m.form) for m in find_mentions(d).mentions if m.form]
    assert bodies == [("Audit Committee", "Norvik's Audit Committee"), ("board of trustees", "Acme's board of trustees")]


def test_an_image_file_name_is_not_a_person() -> None:
    d = doc("Ana/PROPN/B-PERSON Ruiz.jpg/PROPN/I-PERSON Lagos/PROPN/B-GPE ./PUNCT/O")
    assert [n for n, k, _ in names(d) if k == "person"] == []


def test_an_editors_correction_in_brackets_is_the_same_person() -> None:
    d = doc(
        "a/DET/O delegate/NOUN/O named/VERB/O A./PROPN/B-PERSON B./PROPN/I-PERSON Lindt/PROPN/I-PERSON "
        "[/PUNCT/O Anton/PROPN/B-PERSON Lind/PROPN/I-PERSON ]/PUNCT/O spoke/VERB/O ./PUNCT/O"
    )
    assert names(d) == [("A. B. Lindt", "person", "Anton Lind")]


def test_a_capitalised_title_before_a_name_tagged_organisation_is_a_person() -> None:
    d = doc("a/DET/O letter/NOUN/O from/ADP/O Secretary/PROPN/B-ORG Lind/PROPN/I-ORG ./PUNCT/O")
    assert names(d) == [("Lind", "person", "Secretary Lind")]


def test_a_ministrys_field_before_a_name_is_part_of_the_title() -> None:
    d = doc(
        "Minister/PROPN/O for/ADP/O Foreign/PROPN/O Affairs/PROPN/B-PERSON Eva/PROPN/I-PERSON "
        "Lind/PROPN/I-PERSON spoke/VERB/O ./PUNCT/O"
    )
    assert names(d)[0][:2] == ("Eva Lind", "person")


def test_a_numbered_local_after_a_union_is_an_organisation() -> None:
    d = doc("He/PRON/O joined/VERB/O DWU/PROPN/B-ORG Local/PROPN/O 42/NUM/O in/ADP/O May/PROPN/O ./PUNCT/O")
    assert names(d) == [("DWU Local 42", "organisation", None)]
    d = doc("He/PRON/O joined/VERB/O DWU/PROPN/B-ORG Local/PROPN/I-ORG 42/NUM/I-ORG ./PUNCT/O")
    assert names(d) == [("DWU Local 42", "organisation", None)]
    d = doc("He/PRON/O joined/VERB/O Dock/PROPN/B-ORG Union/PROPN/I-ORG 42/NUM/I-ORG ./PUNCT/O")
    assert names(d) == []


def test_a_title_word_before_a_title_is_not_an_organisation() -> None:
    d = doc(
        "former/ADJ/O International/PROPN/B-ORG Vice/PROPN/O President/PROPN/O Ana/PROPN/B-PERSON "
        "Ruiz/PROPN/I-PERSON ./PUNCT/O"
    )
    assert [n[:2] for n in names(d)] == [("Ana Ruiz", "person")]


def test_the_goal_or_source_of_a_verb_of_moving_is_a_place() -> None:
    words = ["Ruiz", "moved", "to", "Norvik", "from", "Port", "Ste", ".", "Agathe", "."]
    d = Doc(
        NLP.vocab,
        words=words,
        spaces=[True, True, True, True, True, True, False, True, False, False],
        pos=["PROPN", "VERB", "ADP", "PROPN", "ADP", "PROPN", "PROPN", "PUNCT", "PROPN", "PUNCT"],
        heads=[1, 1, 1, 2, 1, 6, 4, 1, 8, 8],
        deps=["nsubj", "ROOT", "prep", "pobj", "prep", "compound", "pobj", "punct", "ROOT", "punct"],
        ents=["B-PERSON", "O", "O", "B-PERSON", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "O"],
    )
    assert names(d) == [("Ruiz", "person", None), ("Norvik", "place", None), ("Port Ste. Agathe", "place", None)]


def test_a_person_after_from_without_a_verb_of_moving_stays_a_person() -> None:
    d = Doc(
        NLP.vocab,
        words=["a", "letter", "from", "Ana", "Ruiz", "arrived"],
        pos=["DET", "NOUN", "ADP", "PROPN", "PROPN", "VERB"],
        heads=[1, 5, 1, 4, 2, 5],
        deps=["det", "nsubj", "prep", "compound", "pobj", "ROOT"],
        ents=["O", "O", "O", "B-PERSON", "I-PERSON", "O"],
    )
    assert names(d) == [("Ana Ruiz", "person", None)]


def test_a_plural_title_before_a_list_names_each_person() -> None:
    d = doc(
        "Senators/PROPN/B-PERSON Lind/PROPN/I-PERSON ,/PUNCT/O Okafor/PROPN/B-ORG ,/PUNCT/O Park/PROPN/O "
        "and/CCONJ/O Ng/PROPN/O voted/VERB/O ./PUNCT/O"
    )
    assert [n[:2] for n in names(d)] == [("Lind", "person"), ("Okafor", "person"), ("Park", "person"), ("Ng", "person")]
    d = doc("Senators/PROPN/O voted/VERB/O ./PUNCT/O")
    assert names(d) == []


def test_a_name_cut_before_its_rest_in_lower_case_takes_the_rest() -> None:
    d = doc(
        "the/DET/B-ORG Dock/PROPN/I-ORG Workers/PROPN/I-ORG Union/PROPN/I-ORG met/VERB/O ;/PUNCT/O "
        "the/DET/O Dock/PROPN/B-ORG Workers/PROPN/I-ORG union/NOUN/O agreed/VERB/O ./PUNCT/O"
    )
    assert [n[0] for n in names(d)] == ["Dock Workers Union", "Dock Workers union"]


def test_a_ministry_named_by_its_field_in_lower_case_is_an_organisation() -> None:
    d = doc(
        "She/PRON/O heads/VERB/O the/DET/O key/ADJ/O home/NOUN/O affairs/NOUN/O ministry/NOUN/O and/CCONJ/O "
        "the/DET/O new/ADJ/O ministry/NOUN/O ./PUNCT/O"
    )
    assert names(d) == [("home affairs ministry", "organisation", None)]


def test_a_name_ending_in_an_event_noun_is_not_an_organisation() -> None:
    d = doc("the/DET/B-ORG School/PROPN/I-ORG Board/PROPN/I-ORG Meeting/PROPN/I-ORG ended/VERB/O ./PUNCT/O")
    assert names(d) == []


def test_a_body_named_in_lower_case_by_its_business_is_an_organisation() -> None:
    d = doc(
        "the/DET/O board/NOUN/O of/ADP/O trustees/NOUN/O met/VERB/O ;/PUNCT/O the/DET/O committee/NOUN/O "
        "on/ADP/O roads/NOUN/O and/CCONJ/O bridges/NOUN/O agreed/VERB/O ./PUNCT/O"
    )
    assert [n[0] for n in names(d)] == ["board of trustees", "committee on roads and bridges"]
    d = doc(
        "the/DET/O arrangements/NOUN/O committee/NOUN/O met/VERB/O the/DET/O board/NOUN/O of/ADP/O "
        "the/DET/O firm/NOUN/O ./PUNCT/O"
    )
    assert names(d) == []


def test_an_agency_credited_in_a_dateline_is_not_an_organisation() -> None:
    d = doc(
        "LAGOS/PROPN/B-GPE (/PUNCT/O Wirepress/PROPN/B-ORG )/PUNCT/O -/PUNCT/O Wirepress/PROPN/B-ORG "
        "reported/VERB/O ./PUNCT/O"
    )
    assert [n[:2] for n in names(d)] == [("LAGOS", "place"), ("Wirepress", "organisation")]
    assert find_mentions(d).mentions[1].start > d.text.index(")")


def test_names_only_in_a_deck_run_into_the_story_line_are_dropped() -> None:
    d = doc(
        "Harbor/PROPN/B-ORG Crews/PROPN/I-ORG Vote/PROPN/O Strike/PROPN/O Over/PROPN/O Pay/PROPN/O Offer/PROPN/O "
        "(/PUNCT/O Labor/PROPN/B-ORG Press/PROPN/I-ORG Bureau/PROPN/I-ORG )/PUNCT/O Members/NOUN/O of/ADP/O "
        "the/DET/O Port/PROPN/B-ORG Authority/PROPN/I-ORG voted/VERB/O ./PUNCT/O"
    )
    assert [n[0] for n in names(d)] == ["Labor Press Bureau", "Port Authority"]


def test_a_deck_may_keep_function_words_in_lower_case() -> None:
    d = doc(
        "One/NUM/O of/ADP/O this/DET/O Gang/PROPN/O of/ADP/O Ann/PROPN/B-PERSON Lee/PROPN/I-PERSON Convicted/PROPN/O "
        "./PUNCT/O Tom/PROPN/B-PERSON Hale/PROPN/I-PERSON was/AUX/O found/VERB/O guilty/ADJ/O ./PUNCT/O"
    )
    assert [n[0] for n in names(d)] == ["Tom Hale"]


def test_a_lead_sentence_full_of_names_is_no_deck() -> None:
    """Regression: a story's first sentence with a titled name and a place was taken for a deck."""
    d = doc(
        "Foreign/PROPN/O Minister/PROPN/O Ana/PROPN/B-PERSON Ruiz/PROPN/I-PERSON arrived/VERB/O in/ADP/O "
        "Lindale/PROPN/B-GPE on/ADP/O Monday/PROPN/B-DATE ./PUNCT/O The/DET/O minister/NOUN/O spoke/VERB/O ./PUNCT/O"
    )
    assert [n[0] for n in names(d)] == ["Ana Ruiz", "Lindale"]


def test_a_line_opening_with_a_name_in_full_is_no_deck() -> None:
    d = doc(
        "The/DET/O Dock/PROPN/B-ORG Workers/PROPN/I-ORG Union/PROPN/I-ORG of/ADP/I-ORG New/PROPN/I-ORG "
        "Harbor/PROPN/I-ORG (/PUNCT/O DWU/PROPN/B-ORG )/PUNCT/O voted/VERB/O ./PUNCT/O"
    )
    assert [n[0] for n in names(d)][0] == "Dock Workers Union of New Harbor"


def test_a_sheriff_or_a_foreman_introduces_a_name() -> None:
    d = doc("Sheriff/PROPN/O Tolland/PROPN/O rapped/VERB/O and/CCONJ/O Foreman/PROPN/B-ORG Ned/PROPN/I-ORG Corr/PROPN/I-ORG spoke/VERB/O")
    assert names(d) == [("Tolland", "person", "Sheriff Tolland"), ("Ned Corr", "person", "Foreman Ned Corr")]


def test_a_name_in_apposition_to_his_or_her_is_a_person() -> None:
    from tests.handmade import parse

    d = parse(
        [
            ("Omar", 1, "compound", "NNP", "PROPN", "B-ORG"),
            ("Haddad", 6, "nsubj", "NNP", "PROPN", "I-ORG"),
            (",", -1, "punct", ",", "PUNCT", "O"),
            ("his", 2, "poss", "PRP$", "PRON", "O"),
            ("business", 1, "compound", "NN", "NOUN", "O"),
            ("partner", -4, "appos", "NN", "NOUN", "O"),
            ("said", None, "ROOT", "VBD", "VERB", "O"),
            ("nothing", -1, "dobj", "NN", "NOUN", "O"),
        ]
    )
    assert names(d) == [("Omar Haddad", "person", None)]
    d = parse(
        [
            ("Brill", 1, "compound", "NNP", "PROPN", "B-ORG"),
            ("Motors", 4, "nsubj", "NNPS", "PROPN", "I-ORG"),
            (",", -1, "punct", ",", "PUNCT", "O"),
            ("his", 1, "poss", "PRP$", "PRON", "O"),
            ("company", -3, "appos", "NN", "NOUN", "O"),
            ("grew", None, "ROOT", "VBD", "VERB", "O"),
        ]
    )
    assert names(d) == [("Brill Motors", "organisation", None)]


def test_a_code_of_capitals_and_digits_is_a_name() -> None:
    d = doc("the/DET/O K9/PROPN/B-ORG Unit/PROPN/I-ORG and/CCONJ/O the/DET/O 12th/ADJ/B-ORG Congress/PROPN/I-ORG met/VERB/O")
    assert names(d) == [("K9 Unit", "organisation", None)]


def test_a_code_labelled_as_a_nationality_is_an_organisation() -> None:
    d = doc("QX7/PROPN/B-NORP agents/NOUN/O and/CCONJ/O US/PROPN/B-NORP and/CCONJ/O Danish/ADJ/B-NORP staff/NOUN/O")
    assert names(d) == [("QX7", "organisation", None)]


def test_the_code_opening_an_event_name_is_the_organisation() -> None:
    d = doc("the/DET/B-ORG AB8/PROPN/I-ORG Trade/PROPN/I-ORG Ministers/PROPN/I-ORG Meeting/PROPN/I-ORG ended/VERB/O")
    assert names(d) == [("AB8", "organisation", None)]


def test_a_place_or_an_office_possessive_gives_an_organisation_its_fuller_name() -> None:
    d = doc(
        "Ruritania/PROPN/B-GPE 's/PART/O Ministry/PROPN/B-ORG of/ADP/I-ORG Trade/PROPN/I-ORG and/CCONJ/O "
        "the/DET/O Prime/PROPN/O Minister/PROPN/O 's/PART/O Security/PROPN/B-ORG Committee/PROPN/I-ORG met/VERB/O "
        "late/ADV/O on/ADP/O rainy/ADJ/O days/NOUN/O ./PUNCT/O"
    )
    assert [n for n in names(d) if n[1] == "organisation"] == [
        ("Ministry of Trade", "organisation", "Ruritania's Ministry of Trade"),
        ("Security Committee", "organisation", "Prime Minister's Security Committee"),
    ]


def test_a_country_before_government_names_that_government() -> None:
    d = doc(
        "the/DET/O Ruritanian/ADJ/B-NORP government/NOUN/O and/CCONJ/O the/DET/B-GPE Borduria/PROPN/I-GPE "
        "government/NOUN/O and/CCONJ/O local/ADJ/O government/NOUN/O agreed/VERB/O ./PUNCT/O"
    )
    assert names(d) == [
        ("Ruritanian government", "organisation", None),
        ("Borduria government", "organisation", None),
    ]


def test_letters_after_a_persons_name_are_a_credential() -> None:
    d = doc(
        "said/VERB/O Ana/PROPN/B-PERSON Ruiz/PROPN/I-PERSON ,/PUNCT/O CPA/PROPN/B-ORG ,/PUNCT/O of/ADP/O "
        "the/DET/O firm/NOUN/O ./PUNCT/O"
    )
    assert names(d) == [("Ana Ruiz", "person", None)]
    d = doc(
        "said/VERB/O Ana/PROPN/B-PERSON Ruiz/PROPN/I-PERSON ,/PUNCT/O DWU/PROPN/B-ORG ,/PUNCT/O and/CCONJ/O "
        "the/DET/O DWU/PROPN/B-ORG agreed/VERB/O ./PUNCT/O"
    )
    assert [n[0] for n in names(d)] == ["Ana Ruiz", "DWU", "DWU"]


def test_a_name_that_goes_on_after_a_bracketed_acronym_is_one_name() -> None:
    d = doc(
        "the/DET/O Northern/PROPN/B-ORG Workers/PROPN/I-ORG Party/PROPN/I-ORG (/PUNCT/O NWP/PROPN/B-ORG )/PUNCT/O "
        "Central/PROPN/B-ORG Committee/PROPN/I-ORG met/VERB/O ./PUNCT/O"
    )
    bodies = [(m.text, m.form) for m in find_mentions(d).mentions if m.form]
    assert bodies == [("Central Committee", "Northern Workers Party (NWP) Central Committee")]


def test_a_unit_at_the_institution_that_hosts_it_is_one_name() -> None:
    d = doc(
        "She/PRON/O studied/VERB/O at/ADP/O the/DET/B-ORG School/PROPN/I-ORG of/ADP/I-ORG Law/PROPN/I-ORG "
        "at/ADP/O Lindale/PROPN/B-ORG University/PROPN/I-ORG ./PUNCT/O"
    )
    assert names(d) == [("School of Law at Lindale University", "organisation", None)]


def test_a_commission_at_a_congress_is_not_a_unit_of_it() -> None:
    d = doc(
        "the/DET/B-ORG Central/PROPN/I-ORG Commission/PROPN/I-ORG at/ADP/O the/DET/O "
        "Lindale/PROPN/B-ORG Congress/PROPN/I-ORG ./PUNCT/O"
    )
    assert [n for n, _, _ in names(d)] == ["Central Commission", "Lindale Congress"]


def test_words_before_act_or_bill_name_a_law_not_a_body() -> None:
    d = doc(
        "They/PRON/O backed/VERB/O the/DET/O Social/PROPN/B-ORG Insurance/PROPN/I-ORG Bill/PROPN/O 12/NUM/O "
        "and/CCONJ/O the/DET/O Fair/PROPN/B-ORG Wages/PROPN/I-ORG Act/PROPN/I-ORG ,/PUNCT/O not/PART/O "
        "Acme/PROPN/B-ORG Bill/PROPN/B-PERSON Lane/PROPN/I-PERSON ./PUNCT/O"
    )
    assert [(n, k) for n, k, _ in names(d)] == [("Acme", "organisation"), ("Bill Lane", "person")]


def test_an_untagged_code_before_the_people_who_act_for_a_body_names_the_body() -> None:
    d = doc(
        "He/PRON/O met/VERB/O CIS/PROPN/O diplomats/NOUN/O ,/PUNCT/O USA/PROPN/O officials/NOUN/O and/CCONJ/O "
        "GDP/PROPN/O figures/NOUN/O ./PUNCT/O"
    )
    assert names(d) == [("CIS", "organisation", None)]


def test_agencies_credited_together_at_the_head_of_a_story_are_organisations() -> None:
    d = doc(
        "WVR/VNA/PROPN/O –/PUNCT/O Ana/PROPN/B-PERSON Ruiz/PROPN/I-PERSON arrived/VERB/O ./PUNCT/O "
        "[/PUNCT/O Ana/PROPN/B-PERSON Ruiz/Reuters/PROPN/I-PERSON ]/PUNCT/O"
    )
    assert [(n, k) for n, k, _ in names(d)] == [
        ("WVR", "organisation"),
        ("VNA", "organisation"),
        ("Ana Ruiz", "person"),
    ]


def test_capitalised_words_ending_in_an_organisation_noun_name_an_organisation() -> None:
    d = doc(
        "chair/NOUN/O of/ADP/O the/DET/O A./PROPN/B-NORP Philip/PROPN/O Randolph/PROPN/O Institute/PROPN/O "
        "and/CCONJ/O the/DET/O union/NOUN/O 's/PART/O Container/PROPN/O Industry/PROPN/O Conference/PROPN/O ./PUNCT/O"
    )
    assert names(d) == [
        ("A. Philip Randolph Institute", "organisation", None),
        ("Container Industry Conference", "organisation", None),
    ]


def test_an_office_or_a_longer_name_is_not_read_as_a_capitalised_body() -> None:
    d = doc("Hockley/PROPN/B-PERSON is/AUX/O the/DET/O Chief/PROPN/O Executive/PROPN/O ./PUNCT/O")
    assert names(d) == [("Hockley", "person", None)]
    d = doc("the/DET/O National/PROPN/O Council/PROPN/O of/ADP/O Churches/PROPN/O met/VERB/O ./PUNCT/O")
    assert names(d) == []
