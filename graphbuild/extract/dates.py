"""Resolve the date expressions of an article's text against the article's own date.

Pure functions, no spaCy. ``resolve_date("on March 10", date(2021, 3, 19))`` is ``"2021-03-10"``.
Results are ISO strings at the precision the text gives: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
(the lexical forms of xsd:gYear, xsd:gYearMonth and xsd:date). An expression that names no point in
time ("four years", "the 1960s", "decades") resolves to None, as does a relative expression
("yesterday", "on Monday", "March 10") when the article's date is unknown.

Choices, where the text leaves a gap:
- a month and day without a year ("March 10") takes the year that puts it nearest the article's
  date; with ``tense="past"`` the latest one on or before the article's date, with
  ``tense="future"`` the first one on or after it. A month alone ("in November") likewise.
- a weekday ("on Monday") is the latest such day on or before the article's date (the day itself
  included: a report of Monday's meeting published on Monday), or with ``tense="future"`` the first
  such day after it. "last Monday" is always before, "next Monday" always after.
- a week ("last week", "this week", "next week") has no ISO form here, so it resolves to the month
  when the whole Monday-to-Sunday week lies in one month, else to the year when it lies in one year,
  else None: coarser than the text, never wrong, and never a false day.
- decades and centuries ("the 1960s", "the past century") are not points in time: None.
- when an expression names several years ("from 1919 to 1921"), the first is the start: "1919".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from ..reader import find_date

Tense = Literal["past", "future"] | None

_MONTH_NUMBERS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_WORD = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

_YEAR = r"(?:1[0-9]|20|21)\d\d"
_DECADE_OR_CENTURY = re.compile(r"\b\d{2,4}['’]?s\b|['’]\d0s\b|\bcentur(?:y|ies)\b|\bdecades?\b|\bmillenni", re.I)
_YEAR_ALONE = re.compile(rf"(?<![\d/.-])({_YEAR})(?![\d/-]|\.\d)")
_MONTH_YEAR = re.compile(rf"\b({_MONTH_WORD})\.?,?\s+(?:of\s+)?({_YEAR})\b", re.I)
_MONTH_ALONE = re.compile(rf"\b({_MONTH_WORD})\b\.?", re.I)
_WEEKDAY = re.compile(r"\b(?:(last|next|this|past|coming)\s+)?(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_AGO = re.compile(r"\b(\d+|" + "|".join(_NUMBER_WORDS) + r")\s+(day|year)s?\s+ago\b", re.I)
_RELATIVE = re.compile(r"\b(last|this|next|past|coming)\s+(week|month|year)\b", re.I)
_THIS_YEAR = re.compile(r"\b(?:end|close|beginning|start|middle|rest|remainder) of the year\b|\byear-end\b", re.I)
_TODAY = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", re.I)
_YESTERDAY = re.compile(r"\byesterday\b", re.I)
_TOMORROW = re.compile(r"\btomorrow\b", re.I)
_DATELINE_PLACE = r"[A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+){0,3}(?:, ?[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2})?"
_DATELINE_DATE = (
    rf"(?i:(?:{_MONTH_WORD})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?"
    rf"|\d{{1,2}}\s+(?:{_MONTH_WORD})\.?(?:\s+{_YEAR})?)"
)
_DATELINE = re.compile(
    rf"^\s*{_DATELINE_PLACE},\s*(?P<date>{_DATELINE_DATE})\.?\s*(?:\([^()\n]{{1,40}}\)\s*)?(?:--|—|–|-)", re.M
)


def resolve_date(expression: str, article_date: dt.date | None, *, tense: Tense = None) -> str | None:
    """The ISO date (YYYY, YYYY-MM or YYYY-MM-DD) an expression names, read against the article's date.

    ``tense`` says whether the text reports the event as past or as coming; None means unknown.
    """
    text = " ".join(expression.split())
    if not text or _DECADE_OR_CENTURY.search(text):
        return None
    for rule in (_absolute_day, _month_and_year):
        found = rule(text)
        if found:
            return found
    if article_date is not None:
        found = _relative(text, article_date, tense)
        if found:
            return found
    return _year_alone(text)


def dateline_date(text: str, article_date: dt.date | None) -> dt.date | None:
    """The day a dispatch was filed, from its dateline ("INDIANAPOLIS, Jan. 22.-There was ...", "LAGOS,
    June 19 (Reuters) --"): the day its "today" and "on Saturday" count from. A dateline without its
    year is the latest such day on or before the article's date; None without a dateline, or without
    a year to give it."""
    match = _DATELINE.search(text)
    if not match:
        return None
    found = resolve_date(match.group("date"), article_date, tense="past")
    return dt.date.fromisoformat(found) if found and len(found) == 10 else None


def _absolute_day(text: str) -> str | None:
    """A full date with its year: "January 13, 2020", "13 Jan. 2020", "2020-01-13", "08/19/2008"."""
    found = find_date(text)
    return found[0].isoformat() if found else None


def _month_and_year(text: str) -> str | None:
    """A month with its year and no day: "November 2008", "in November of 2008"."""
    match = _MONTH_YEAR.search(text)
    if not match:
        return None
    return f"{match.group(2)}-{_MONTH_NUMBERS[match.group(1).lower()]:02d}"


def _year_alone(text: str) -> str | None:
    """The first year written in the text: "in 1919", "early 2020", "scheduled for 2026"."""
    match = _YEAR_ALONE.search(text)
    return match.group(1) if match else None


def _relative(text: str, today: dt.date, tense: Tense) -> str | None:
    """Expressions that need the article's date, most specific first."""
    if _YEAR_ALONE.search(text) and not _month_day(text):
        return None  # "early 2020": the year itself is the answer
    for rule in (_deictic_day, _days_or_years_ago, _weekday, _relative_period):
        found = rule(text, today)
        if found:
            return found
    day = _month_day(text)
    if day:
        return _nearest_month_day(day[0], day[1], today, tense).isoformat()
    month = _month_only(text)
    if month:
        return _nearest_month(month, today, tense)
    if _weekday_name(text):
        return _weekday_date(text, today, tense)
    return None


def _deictic_day(text: str, today: dt.date) -> str | None:
    """ "today", "tonight", "this morning", "yesterday", "tomorrow"."""
    if _YESTERDAY.search(text):
        return (today - dt.timedelta(days=1)).isoformat()
    if _TOMORROW.search(text):
        return (today + dt.timedelta(days=1)).isoformat()
    if _TODAY.search(text):
        return today.isoformat()
    return None


def _days_or_years_ago(text: str, today: dt.date) -> str | None:
    """ "three days ago" is a day; "two years ago" is a year."""
    match = _AGO.search(text)
    if not match:
        return None
    count_word = match.group(1).lower()
    count = int(count_word) if count_word.isdigit() else _NUMBER_WORDS[count_word]
    if match.group(2).lower() == "day":
        return (today - dt.timedelta(days=count)).isoformat()
    return str(today.year - count)


def _weekday(text: str, today: dt.date) -> str | None:
    """Only "last Monday" and "next Monday" here; a bare weekday depends on the tense (see _relative)."""
    match = _WEEKDAY.search(text)
    if not match or not match.group(1):
        return None
    wanted = _WEEKDAYS[match.group(2).lower()]
    if match.group(1).lower() in {"last", "past"}:
        return (today - dt.timedelta(days=(today.weekday() - wanted - 1) % 7 + 1)).isoformat()
    if match.group(1).lower() in {"next", "coming"}:
        return (today + dt.timedelta(days=(wanted - today.weekday() - 1) % 7 + 1)).isoformat()
    return None


def _weekday_name(text: str) -> bool:
    return bool(_WEEKDAY.search(text))


def _weekday_date(text: str, today: dt.date, tense: Tense) -> str | None:
    """A bare weekday: on or before the article's date, or after it when the text speaks of the future."""
    match = _WEEKDAY.search(text)
    if not match:
        return None
    wanted = _WEEKDAYS[match.group(2).lower()]
    if tense == "future":
        return (today + dt.timedelta(days=(wanted - today.weekday() - 1) % 7 + 1)).isoformat()
    return (today - dt.timedelta(days=(today.weekday() - wanted) % 7)).isoformat()


def _relative_period(text: str, today: dt.date) -> str | None:
    """ "last/this/next week|month|year" (also "earlier this year", "the past week", "the end of the year")."""
    match = _RELATIVE.search(text)
    if not match:
        return str(today.year) if _THIS_YEAR.search(text) else None
    step = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[match.group(1).lower()]
    unit = match.group(2).lower()
    if unit == "year":
        return str(today.year + step)
    if unit == "month":
        month_index = today.year * 12 + today.month - 1 + step
        return f"{month_index // 12}-{month_index % 12 + 1:02d}"
    return _week(today + dt.timedelta(weeks=step))


def _week(day: dt.date) -> str | None:
    """The Monday-to-Sunday week holding ``day``, at the finest precision that contains all of it."""
    monday = day - dt.timedelta(days=day.weekday())
    sunday = monday + dt.timedelta(days=6)
    if (monday.year, monday.month) == (sunday.year, sunday.month):
        return f"{monday.year}-{monday.month:02d}"
    if monday.year == sunday.year:
        return str(monday.year)
    return None


def _month_day(text: str) -> tuple[int, int] | None:
    """Month and day written without a year: "March 10", "September 22nd", "10 March"."""
    found = find_date(text, year_hint=2000, need_year=False)  # a leap year, so "February 29" parses
    return (found[0].month, found[0].day) if found else None


def _month_only(text: str) -> int | None:
    match = _MONTH_ALONE.search(text)
    if not match:
        return None
    word = match.group(1)
    if word.lower() == "may" and word != "May":
        return None  # the modal verb, not the month
    return _MONTH_NUMBERS[word.lower()]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None  # February 29 in a common year


def _nearest_month_day(month: int, day: int, today: dt.date, tense: Tense) -> dt.date:
    """The year that puts month/day nearest the article's date, on the side the tense asks for."""
    candidates = [d for y in (today.year - 1, today.year, today.year + 1) if (d := _safe_date(y, month, day))]
    if tense == "past":
        candidates = [d for d in candidates if d <= today] or candidates
    elif tense == "future":
        candidates = [d for d in candidates if d >= today] or candidates
    return min(candidates, key=lambda d: (abs((d - today).days), d > today))


def _nearest_month(month: int, today: dt.date, tense: Tense) -> str:
    """A month without a year: the nearest such month, or the latest/next one for a past/future tense."""
    here = today.year * 12 + today.month - 1
    candidates = [(today.year + offset) * 12 + month - 1 for offset in (-1, 0, 1)]
    if tense == "past":
        candidates = [c for c in candidates if c <= here]
    elif tense == "future":
        candidates = [c for c in candidates if c >= here]
    best = min(candidates, key=lambda c: (abs(c - here), c > here))
    return f"{best // 12}-{best % 12 + 1:02d}"
