"""Date expressions resolved against the article's date: a table of (expression, article date, tense, ISO)."""

from __future__ import annotations

import datetime as dt

import pytest

from graphbuild.extract.dates import Tense, dateline_date, resolve_date

D = dt.date

CASES: list[tuple[str, dt.date | None, Tense, str | None]] = [
    # full dates need no article date
    ("January 13, 2020", None, None, "2020-01-13"),
    ("Jan. 1, 2020", None, None, "2020-01-01"),
    ("13 January 2020", None, None, "2020-01-13"),
    ("2020-01-13", None, None, "2020-01-13"),
    ("08/19/2008", None, None, "2008-08-19"),
    ("Monday, June 19, 2023", D(2024, 1, 1), None, "2023-06-19"),
    # month and year, year alone
    ("November 2008", None, None, "2008-11"),
    ("in November of 2008", None, None, "2008-11"),
    ("in 1919", None, None, "1919"),
    ("early 2020", D(2019, 12, 1), None, "2020"),
    ("the spring of 2021", D(2024, 5, 1), None, "2021"),
    ("scheduled for 2026", D(2024, 10, 8), "future", "2026"),
    ("from 1919 to 1921", None, None, "1919"),
    # month and day without a year: the year nearest the article's date, or the tense's side
    ("March 10", D(2021, 3, 19), None, "2021-03-10"),
    ("on September 22nd", D(2024, 10, 8), None, "2024-09-22"),
    ("December 28", D(2021, 1, 3), None, "2020-12-28"),
    ("January 5", D(2020, 12, 20), None, "2021-01-05"),
    ("March 25", D(2021, 3, 19), "past", "2020-03-25"),
    ("March 10", D(2021, 3, 19), "future", "2022-03-10"),
    ("October 5-7", D(2024, 10, 20), None, "2024-10-05"),
    ("June 19", D(2023, 6, 19), None, "2023-06-19"),
    # a month alone
    ("in November", D(2008, 8, 19), None, "2008-11"),
    ("in November", D(2008, 8, 19), "past", "2007-11"),
    ("in March", D(2008, 8, 19), None, "2008-03"),
    ("in March", D(2008, 8, 19), "future", "2009-03"),
    # weekdays: on or before the article's date, after it for the future
    ("on Monday", D(2023, 6, 19), None, "2023-06-19"),  # the article's own Monday
    ("on Sunday", D(2023, 6, 19), None, "2023-06-18"),
    ("Tuesday", D(2024, 5, 2), "past", "2024-04-30"),
    ("on Friday", D(2024, 6, 5), "future", "2024-06-07"),
    ("on Wednesday", D(2024, 6, 5), "future", "2024-06-12"),
    ("last Monday", D(2023, 6, 19), None, "2023-06-12"),
    ("next Monday", D(2023, 6, 19), None, "2023-06-26"),
    # days
    ("today", D(2021, 3, 1), None, "2021-03-01"),
    ("this morning", D(2021, 3, 1), None, "2021-03-01"),
    ("yesterday", D(2021, 3, 1), None, "2021-02-28"),
    ("tomorrow", D(2021, 2, 28), None, "2021-03-01"),
    ("three days ago", D(2021, 3, 1), None, "2021-02-26"),
    # weeks: the month when the whole week lies in one, else the year, else nothing
    ("last week", D(2021, 3, 19), None, "2021-03"),  # 8 to 14 March
    ("last week", D(2021, 3, 3), None, "2021-02"),  # 22 to 28 February
    ("this week", D(2021, 3, 31), None, "2021"),  # 29 March to 4 April
    ("last week", D(2021, 1, 4), None, None),  # 28 December to 3 January
    ("next week", D(2021, 3, 19), None, "2021-03"),
    # months and years
    ("this month", D(2023, 6, 19), None, "2023-06"),
    ("last month", D(2023, 1, 19), None, "2022-12"),
    ("next month", D(2023, 12, 19), None, "2024-01"),
    ("this year", D(2021, 3, 1), None, "2021"),
    ("earlier this year", D(2024, 10, 8), None, "2024"),
    ("this year's", D(2008, 8, 19), None, "2008"),
    ("the end of the year", D(2024, 9, 10), None, "2024"),
    ("last year", D(2021, 3, 1), None, "2020"),
    ("next year", D(2021, 3, 1), None, "2022"),
    ("two years ago", D(2023, 6, 19), None, "2021"),
    # no point in time
    ("the 1960s", D(2021, 1, 1), None, None),
    ("’70s", D(2021, 1, 1), None, None),
    ("the past century", D(2021, 1, 1), None, None),
    ("nearly two decades", D(2021, 1, 1), None, None),
    ("the last 100 years", D(2021, 1, 1), None, None),
    ("four year", D(2008, 1, 1), None, None),
    ("50th Anniversary", D(2008, 1, 1), None, None),
    ("", D(2008, 1, 1), None, None),
    # relative expressions need the article's date
    ("March 10", None, None, None),
    ("on Monday", None, None, None),
    ("yesterday", None, None, None),
    ("last year", None, None, None),
    ("in November", None, None, None),
]


@pytest.mark.parametrize(("expression", "article_date", "tense", "expected"), CASES)
def test_resolve_date(expression: str, article_date: dt.date | None, tense: Tense, expected: str | None) -> None:
    assert resolve_date(expression, article_date, tense=tense) == expected


def test_february_29_without_a_year_takes_a_leap_year_near_the_article() -> None:
    assert resolve_date("February 29", D(2021, 3, 1)) == "2020-02-29"


def test_may_the_modal_is_not_a_month() -> None:
    assert resolve_date("may", D(2021, 3, 1)) is None
    assert resolve_date("May", D(2021, 3, 1)) == "2021-05"


DATELINES = [
    # a dispatch's dateline, anywhere at a line's start, gives the day it was filed
    ("Reprinted from the Daily Star:\nSPRINGFIELD, Feb. 3.-The delegates met today.", D(1910, 2, 9), D(1910, 2, 3)),
    ("LAGOS, June 19 (Reuters) -- The talks resumed.", D(2023, 6, 20), D(2023, 6, 19)),
    ("EAST LANSING, Mich., 5 March — Officials said.", D(2024, 3, 7), D(2024, 3, 5)),
    ("WASHINGTON, Jan. 22, 1906 — The committee met.", None, D(1906, 1, 22)),
    ("LAGOS, Dec. 30 (Reuters) -- The talks resumed.", D(2024, 1, 2), D(2023, 12, 30)),
    # no dateline, or no year to give it
    ("LAGOS, June 19 -- The talks resumed.", None, None),
    ("(Pittsburgh) — The union said.", D(2024, 3, 7), None),
    ("NEW YORK (AP) — The union said.", D(2024, 3, 7), None),
    ("The union, March 5 - said", D(2024, 3, 7), None),
]


@pytest.mark.parametrize(("text", "article_date", "expected"), DATELINES)
def test_dateline_date(text: str, article_date: dt.date | None, expected: dt.date | None) -> None:
    assert dateline_date(text, article_date) == expected
