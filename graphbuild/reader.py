"""Read article files (.txt, .html/.htm, .json, .jsonl) into SourceArticles.

The first stage of the pipeline. ``read_path`` never raises for bad input: every input that cannot
become an article is yielded as a ReadError with a short reason. ``read_text_article`` and
``read_record`` raise ArticleReadError, so other callers (e.g. a POST body) can reuse them.

The cleaned body (SourceArticle.text) is what entity offsets index into: line endings are "\\n",
paragraphs are separated by exactly one blank line, and lines carry no leading or trailing spaces.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import math
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

import trafilatura
from dateparser.date import DateDataParser
from lxml.etree import LxmlError
from trafilatura.settings import Document

from graphbuild.boilerplate import STOPWORDS_LOW, clean_body, stopword_density, text_key
from graphbuild.errors import ArticleReadError
from graphbuild.model import Author, ReadError, SourceArticle

SUPPORTED_SUFFIXES = frozenset({".txt", ".html", ".htm", ".json", ".jsonl"})

AuthorKind = Literal["person", "organisation"]
ArticleOrError = SourceArticle | ReadError

NO_TEXT = "no article text after cleaning"

# --- dates -----------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_ISO_DATE = re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")
_US_DATE = re.compile(r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})(?![\d/])")
_MDY_DATE = re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<d>{_DAY})(?:,?\s+(?P<y>\d{{4}}))?(?!\d)", re.I)
_DMY_DATE = re.compile(rf"\b(?P<d>{_DAY})\s+(?P<mon>{_MONTH})(?:,?\s+(?P<y>\d{{4}}))?(?!\d)", re.I)
_DATE_PATTERNS = (_ISO_DATE, _US_DATE, _MDY_DATE, _DMY_DATE)
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4}\b)?")


def _match_to_date(match: re.Match[str], year_hint: int | None) -> dt.date | None:
    groups = match.groupdict()
    month = _MONTHS[groups["mon"][:3].lower()] if groups.get("mon") else int(groups["m"])
    year = int(groups["y"]) if groups["y"] else year_hint
    if year is None:
        return None
    try:
        return dt.date(year, month, int(re.sub(r"\D", "", groups["d"])))
    except ValueError:
        return None


def find_date(
    text: str, *, year_hint: int | None = None, need_year: bool = True
) -> tuple[dt.date, tuple[int, int]] | None:
    """The first date written in ``text`` and its span; a month/day without a year uses ``year_hint``."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if need_year and not match.group("y"):
                continue
            date = _match_to_date(match, year_hint)
            if date is not None:
                return date, match.span()
    return None


def parse_date(value: str) -> dt.date | None:
    """An ISO date or datetime, or one of the written forms ("March 19, 2021", "08/19/2008", ...)."""
    value = value.strip()
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        found = find_date(value)
        return found[0] if found else None


def _dates_in(pattern: re.Pattern[str], text: str) -> Iterator[tuple[dt.date, tuple[int, int]]]:
    """The first full date ``pattern`` finds in ``text``, if any."""
    for match in pattern.finditer(text):
        date = _match_to_date(match, None) if match.group("y") else None
        if date is not None:
            yield date, match.span()
            return


# A header date is written with its weekday, time and zone around it: "Wednesday 02 March 1994 00:02 GMT".
_WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?"
_WEEKDAY_BEFORE = re.compile(rf"{_WEEKDAY}\s*,?\s*$", re.I)
_TIME_AFTER = re.compile(
    r"^(?:\s*[,|@-]?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*\(?(?:[A-Z]{2,4}|UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?\)?(?![\w]))?)"
)
_WEEKDAY_WORD = re.compile(rf"\b{_WEEKDAY}(?!\w)", re.I)


# strptime forms of a located date once its punctuation and ordinal suffix are gone ("Mar 7 2014").
_DATE_FORMATS = ["%Y-%m-%d", "%m/%d/%Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"]
_DATE_NOISE = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b|[.,]", re.I)


@cache
def _date_parser() -> DateDataParser:
    """One dateparser instance, built once: it loads the English locale data.

    Its "custom-formats" parser reads the common forms in well under a millisecond; only a form that
    none of them fits reaches the "absolute-time" parser, whose time-zone patterns take a few hundred
    milliseconds to build on first use."""
    return DateDataParser(
        languages=["en"],
        settings={
            "STRICT_PARSING": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
            "DATE_ORDER": "MDY",
            "PREFER_DATES_FROM": "past",
            "PARSERS": ["custom-formats", "absolute-time"],
        },
    )


@lru_cache(maxsize=256)
def _dateparser_date(text: str) -> dt.date | None:
    text = " ".join(_DATE_NOISE.sub(" ", text).replace("Sept ", "Sep ").split())
    found = _date_parser().get_date_data(text, date_formats=_DATE_FORMATS).date_obj
    return found.date() if found else None


def find_header_date(line: str) -> tuple[dt.date, tuple[int, int]] | None:
    """The first date of a header line and the span of the whole date phrase, with its weekday, time
    and zone ("Wednesday 02 March 1994 00:02 GMT"), so that none of it is left for the authors.

    The regexes of ``find_date`` only locate the date; dateparser reads it (and refuses an impossible
    day such as 02/30)."""
    found = min(
        (match for pattern in _DATE_PATTERNS for match in _dates_in(pattern, line)),
        key=lambda match: match[1][0],
        default=None,
    )
    if found is None:
        return None
    start, end = found[1]
    date = _dateparser_date(line[start:end])
    if date is None:
        return None
    weekday = _WEEKDAY_BEFORE.search(line[:start])
    time = _TIME_AFTER.match(line[end:])
    return date, (weekday.start() if weekday else start, end + time.end() if time else end)


# --- authors ---------------------------------------------------------------------------------

_ORG_WORDS = frozenset(
    """department party committee agency news press service office union federation association
    council ministry staff desk bureau media times post daily herald tribune journal gazette wire
    newswire network radio television tv broadcasting magazine institute foundation board team group
    company corporation inc ltd llc center centre coalition league alliance commission secretariat
    government embassy organization organisation""".split()
)
_JOB_TITLE_NOUNS = frozenset(
    "writer reporter correspondent editor columnist contributor photographer".split()
)
_NAME_CONNECTORS = frozenset("of and for the de da del der di du la le van von bin al".split())


def author_kind(name: str) -> AuthorKind:
    """Organisation when the name has an organisation word or is one token ("Reuters", "newsWire")."""
    words = re.findall(r"[\w'’&.-]+", name)
    if len(words) == 1 or any(word.strip(".").casefold() in _ORG_WORDS for word in words):
        return "organisation"
    return "person"


def make_author(name: str, kind: AuthorKind | None = None) -> Author:
    name = _clean_name(name)
    return Author(name=name, kind=kind or author_kind(name))


def _clean_name(name: str) -> str:
    return " ".join(name.split()).strip(" .,;:|()[]-–—")


def _looks_like_name(part: str) -> bool:
    """A short run of capitalised or camelCase tokens, e.g. "Jane Doe", "Reuters", "newsWire"."""
    words = part.split()
    if not 1 <= len(words) <= 6:
        return False
    named = [w for w in words if w.casefold() not in _NAME_CONNECTORS]
    return bool(named) and all(w[0].isupper() or re.search(r"[a-z][A-Z]", w) for w in named)


def _is_job_title(part: str) -> bool:
    words = {w.casefold() for w in part.split()}
    return bool(words & _JOB_TITLE_NOUNS)


def _dedupe(authors: list[Author]) -> tuple[Author, ...]:
    return tuple(dict.fromkeys(a for a in authors if a.name))


# --- text normalisation and boilerplate ------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u200b\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\xa0\u2000-\u200a\u202f\u205f\u3000]+")
# A word broken at a printed line's end and run together with the next line: "Com- mittee". A
# suspended hyphen is followed by a conjunction or "to" instead: "pre- and post-war", "two- to three-".
_BROKEN_WORD = re.compile(r"(?<=[^\W\d_])- (?!(?:and|or|nor|to|than)\b)(?=[a-z])")


def normalise_lines(raw: str) -> list[str]:
    """NFC text split on "\\n" only, without invisible characters, runs of spaces or words broken
    at a printed line's end (transcribed newspapers)."""
    text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", raw)))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return [_BROKEN_WORD.sub("", line) if "- " in line else line for line in lines]  # its search is slow


def _same_text(a: str, b: str) -> bool:
    return text_key(a) == text_key(b)


# --- .txt header and dateline ----------------------------------------------------------------

_BYLINE = re.compile(r"^by\b\s*[:\-–—]?\s*", re.I)
_HEADER_FILLER = re.compile(
    r"\b(?:published|updated|posted|last|modified|on|at|date|time|day|month|year)\b\s*:?", re.I
)
_NAME_SEPARATORS = re.compile(r"[|;,()/]|\s+(?:and|&)\s+|\s[-–—]\s")
_DIGIT_TOKEN = re.compile(r"\S*\d\S*")
_BRACKETED = re.compile(r"\[[^\]]*\]")
_MAX_HEADER_LINE = 100
_MAX_MASTHEAD_LINE = 200
_LEAD_LINES = 8  # a standfirst, a caption or a repeated headline may stand above a date line
_LABEL_LINE = 3  # words in each line of a "Day / 13 / Month / September / Year / 1895" block
# A publication line of a newspaper archive: "Daily Courier, Volume 27, Number 37, 21 May 1896 —".
_VOLUME = re.compile(r"\b(?:vol(?:ume)?|no|number|issue|page|p)\.?\s*\d+", re.I)

HeaderFields = tuple[dt.date | None, list[Author]]


def _without(text: str, span: tuple[int, int]) -> str:
    return text[: span[0]] + " | " + text[span[1] :]


def _parse_header_line(line: str, headline: str) -> HeaderFields | None:
    """The date and authors a header line carries, or None when the line is not a header line."""
    if len(line) > max(_MAX_HEADER_LINE, 2 * len(headline)):
        return None
    if _same_text(line, headline):
        return None, []
    if len(line) > _MAX_HEADER_LINE:
        return None
    byline = _BYLINE.match(line)
    rest = line[byline.end() :] if byline else line
    found = find_header_date(rest)
    date = found[0] if found else None
    if found:
        rest = _without(rest, found[1])
    if not byline and date is None:
        return None
    rest = _HEADER_FILLER.sub(" ", _TIME.sub(" | ", rest))
    rest = _DIGIT_TOKEN.sub(" | ", _WEEKDAY_WORD.sub(" | ", rest))
    names = [_clean_name(p) for p in _NAME_SEPARATORS.split(rest)]
    names = [n for n in names if re.search(r"[^\W\d_]", n) and not (byline and _is_job_title(n))]
    if not all(_looks_like_name(n) for n in names) or (byline and not names and date is None):
        return None
    return date, [make_author(n) for n in names]


def _masthead_date(line: str, headline: str) -> dt.date | None:
    """The date of a publication line ("Daily Courier, Volume 27, Number 37, 21 May 1896 — Headline"):
    a dated line that is no sentence once its date, volume numbers and the headline are taken out."""
    if len(line) > _MAX_MASTHEAD_LINE or not _VOLUME.search(line):
        return None
    found = find_header_date(line)
    if found is None:
        return None
    rest = _BRACKETED.sub(" ", _VOLUME.sub(" ", _without(line, found[1])))
    rest = re.sub(re.escape(headline), " ", rest, flags=re.I) if headline else rest
    return found[0] if stopword_density(rest) < STOPWORDS_LOW else None


def _label_block_date(lines: list[str]) -> dt.date | None:
    """A date written as label and value lines, e.g. "Day / 13 / Month / September / Year / 1895"."""
    found = find_header_date(_HEADER_FILLER.sub(" ", " ".join(lines)))
    return found[0] if found else None


def _read_header(lines: list[str], start: int, headline: str) -> tuple[dt.date | None, list[Author], int]:
    """Consume the header lines after the headline; returns date, authors and where the body starts."""
    date: dt.date | None = None
    authors: list[Author] = []
    index = start
    while index < len(lines):
        if lines[index]:
            fields = _parse_header_line(lines[index], headline)
            if fields is None:
                break
            date = date or fields[0]
            authors += fields[1]
        index += 1
    return date, authors, index


def _read_lead(lines: list[str], headline: str) -> tuple[dt.date | None, list[Author], list[str]]:
    """Header lines standing lower, among the first lines of the body (after a standfirst or a caption):
    their date and authors, and the body without them (blank lines kept)."""
    date: dt.date | None = None
    authors: list[Author] = []
    body = list(lines)
    seen = 0
    short_run: list[int] = []
    for index, line in enumerate(lines):
        if not line:
            continue
        seen += 1
        if seen > _LEAD_LINES:
            break
        fields = _parse_header_line(line, headline)
        masthead = None if fields else _masthead_date(line, headline)
        if fields is not None or masthead is not None:
            date = date or (fields[0] if fields else masthead)
            authors += fields[1] if fields else []
            body[index] = ""
        short_run = short_run + [index] if len(line.split()) <= _LABEL_LINE else []
        if date is None and len(short_run) >= 3:
            date = _label_block_date([lines[i] for i in short_run])
    return date, authors, body


_DATELINE_DATE = rf"\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?"
_PLACE_WORD = r"[A-Z][\w.'’-]*"
_DATELINE = re.compile(
    rf"^{_PLACE_WORD}(?: {_PLACE_WORD}){{0,3}}(?:, ?{_PLACE_WORD}(?: {_PLACE_WORD}){{0,2}})?"
    rf"[ ,]*(?:\(?(?P<date>{_DATELINE_DATE})\)?)?"
    r"[ ,]*(?:\((?P<source>[^()]{1,40})\)|/(?P<wire>[^/]{1,40})/)?"
    r"\s*(?:--|—|–|-)",
)
_DATELINE_LINES = 3  # a caption or subheading may come before the dateline


def find_dateline(lines: list[str], year_hint: int | None) -> tuple[dt.date | None, str | None]:
    """Date and source of a dateline such as "LAGOS, June 19 (Reuters) --" at the start of the body."""
    for line in lines[:_DATELINE_LINES]:
        match = _DATELINE.match(line)
        if not match:
            continue
        source = match.group("source") or match.group("wire")
        source = source.strip() if source and _looks_like_name(source.strip()) else None
        found = find_date(match.group("date") or "", year_hint=year_hint, need_year=False)
        if source or found:
            return (found[0] if found else None), source
    return None, None


_SOURCE_LINE = re.compile(r"^(?:source|publisher|published by)\s*:\s*(?P<value>\S.{0,200})$", re.I)
_URL_LINE = re.compile(r"^(?:(?:url|link|original(?:ly published)?(?: at| on)?|read (?:more|the original) at)"
                       r"\s*:?\s*)?<?(?P<url>https?://[^\s<>\"{}|\\^`]+?)>?\.?$", re.I)
_SOURCE_LINES = 8  # non-empty lines after the headline, and again before the end, where a source line may stand


def _source_lines(lines: list[str], start: int) -> tuple[str | None, str | None]:
    """The original URL and the publisher a text file states on lines of their own near its top or its end
    ("Source: Reuters", "Source: https://...", "URL: https://...", "Originally published at https://...", a
    bare address); those lines are blanked, so the body never holds them."""
    url: str | None = None
    publisher: str | None = None
    filled = [i for i in range(start + 1, len(lines)) if lines[i]]
    for index in dict.fromkeys(filled[:_SOURCE_LINES] + filled[-3:]):
        line = lines[index].strip()
        labelled = _SOURCE_LINE.match(line)
        bare = _URL_LINE.match(labelled.group("value").strip() if labelled else line)
        if bare and not url:
            url = bare.group("url")
        elif labelled and not bare and not publisher and _looks_like_name(labelled.group("value").strip()):
            publisher = labelled.group("value").strip()
        else:
            continue
        lines[index] = ""
    return url, publisher


def read_text_article(raw: str, source: str) -> SourceArticle:
    """A plain-text article: headline, header lines (byline, date, source), then the body."""
    lines = normalise_lines(raw)
    start = next((i for i, line in enumerate(lines) if line), None)
    if start is None:
        raise ArticleReadError("empty text")
    url, publisher = _source_lines(lines, start)
    headline = lines[start]
    date, authors, body_start = _read_header(lines, start + 1, headline)
    lead_date, lead_authors, body = _read_lead(lines[body_start:], headline)
    date = date or lead_date
    authors = authors or lead_authors
    text = clean_body(body, seen=[headline])
    if not text:
        raise ArticleReadError(NO_TEXT)
    first_lines = [line for line in text.split("\n") if line]
    dateline_date, dateline_source = find_dateline(first_lines, date.year if date else None)
    if not authors and dateline_source:
        authors = [make_author(dateline_source, "organisation")]
    return SourceArticle(
        source=source,
        headline=headline,
        text=text,
        date_published=date or dateline_date,
        authors=_dedupe(authors),
        url=url,
        publisher=publisher,
    )


# --- .html -----------------------------------------------------------------------------------

# No extensive search: it takes dates from body sentences ("effective January 13, 2020").
_HTML_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read_html_article(raw: str, source: str) -> SourceArticle:
    """An HTML page: trafilatura finds the main text and the metadata, offline."""
    try:
        doc = trafilatura.bare_extraction(
            raw,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            date_extraction_params=_HTML_DATE_PARAMS,
        )
    except (ValueError, LxmlError) as exc:
        raise ArticleReadError("cannot parse HTML") from exc
    if not isinstance(doc, Document) or not doc.text:
        raise ArticleReadError(NO_TEXT)
    headline = " ".join((doc.title or "").split())
    if not headline:
        raise ArticleReadError("missing headline")
    lines = [line for line in normalise_lines(doc.text) if line]
    if lines and _same_text(lines[0], headline):
        lines = lines[1:]
    text = clean_body([part for line in lines for part in (line, "")])  # one paragraph per line
    if not text:
        raise ArticleReadError(NO_TEXT)
    return SourceArticle(
        source=source,
        headline=headline,
        text=text,
        date_published=parse_date(doc.date) if doc.date else None,
        authors=_dedupe([make_author(n) for n in (doc.author or "").split(";")]),
        url=doc.url or None,
        publisher=" ".join((doc.sitename or "").split()) or None,
    )


# --- .json / .jsonl --------------------------------------------------------------------------

_ORG_TYPES = frozenset({"organization", "organisation", "newsmediaorganization", "corporation"})


def _string_field(obj: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first of ``keys`` that holds a non-empty string; a non-string value is an error."""
    for key in keys:
        value = obj.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise ArticleReadError(f"'{key}' must be a string")
        return value
    return None


def _record_author(value: object) -> Author:
    if isinstance(value, str):
        return make_author(value)
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        declared = str(value.get("@type") or value.get("type") or "").casefold()
        kind: AuthorKind | None = None
        if declared == "person":
            kind = "person"
        elif declared in _ORG_TYPES:
            kind = "organisation"
        return make_author(value["name"], kind)
    raise ArticleReadError("'author' must be a name, a list of names or an object with 'name'")


def _record_authors(value: object) -> tuple[Author, ...]:
    if value is None or value == "":
        return ()
    values = value if isinstance(value, list) else [value]
    return _dedupe([_record_author(v) for v in values])


def _record_publisher(value: object) -> str | None:
    """``publisher``: a name, or an object with one (schema.org's {"@type": "Organization", "name": ...})."""
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        value = value.get("name")
    if not isinstance(value, str):
        raise ArticleReadError("'publisher' must be a name or an object with 'name'")
    return " ".join(value.split()) or None


def _record_date(obj: dict[str, Any]) -> dt.date | None:
    key = "datePublished" if obj.get("datePublished") else "date"
    value = _string_field(obj, (key,))
    if value is None:
        return None
    date = parse_date(value)
    if date is None:
        raise ArticleReadError(f"'{key}' is not a date: {value[:40]!r}")
    return date


def read_record(obj: dict[str, Any], source: str) -> SourceArticle:
    """One JSON object: headline/title, datePublished/date, author, url, publisher, text/articleBody."""
    if not isinstance(obj, dict):
        raise ArticleReadError("not a JSON object")
    headline = _string_field(obj, ("headline", "title"))
    if headline is None or not headline.strip():
        raise ArticleReadError("missing headline ('headline' or 'title')")
    body = _string_field(obj, ("text", "articleBody"))
    if body is None:
        raise ArticleReadError("missing article text ('text' or 'articleBody')")
    text = clean_body(normalise_lines(body))
    if not text:
        raise ArticleReadError(NO_TEXT)
    return SourceArticle(
        source=source,
        headline=" ".join(headline.split()),
        text=text,
        date_published=_record_date(obj),
        authors=_record_authors(obj.get("author")),
        url=_string_field(obj, ("url",)),
        publisher=_record_publisher(obj.get("publisher")),
    )


def _record_or_error(obj: object, source: str) -> ArticleOrError:
    if not isinstance(obj, dict):
        return ReadError(source, "not a JSON object")
    try:
        return read_record(obj, source)
    except ArticleReadError as exc:
        return ReadError(source, str(exc))


class JsonError(ValueError):
    """Text that is not JSON a program can take: the message says why, and where."""


MAX_JSON_INTEGER_DIGITS = 100


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_JSON_INTEGER_DIGITS:
        raise JsonError(f"an integer of {len(text.lstrip('-'))} digits (at most {MAX_JSON_INTEGER_DIGITS})")
    return int(text)


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise JsonError(f"the number {text[:20]}{'...' if len(text) > 20 else ''} is out of range")
    return value


def _no_constant(name: str) -> None:
    raise JsonError(f"{name} is not a JSON value")


def _whole_strings(value: Any) -> None:
    """Raise JsonError for a string (or key) holding a lone surrogate ("\\ud800"): it is no Unicode text,
    and nothing can be stored or written from it."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise JsonError(f"a string holds a lone surrogate \\u{ord(item[exc.start]):04x}, which is not "
                                "Unicode text") from None
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def parse_json(text: str) -> Any:
    """``text`` as JSON, strictly: raises JsonError, with a readable reason, for a syntax error, nesting
    too deep for the parser, an integer of more than MAX_JSON_INTEGER_DIGITS digits, a number out of a
    float's range, NaN or Infinity,
    and a lone surrogate in a string."""
    try:
        value = json.loads(text, parse_int=_integer, parse_float=_finite, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise JsonError(f"{exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise JsonError("nested too deeply") from None
    except JsonError:
        raise
    except ValueError as exc:  # what int() or float() refuse
        raise JsonError(str(exc)) from None
    _whole_strings(value)
    return value


def _read_json(raw: str, source: str) -> Iterator[ArticleOrError]:
    try:
        data = parse_json(raw)
    except JsonError as exc:
        yield ReadError(source, f"invalid JSON: {exc}")
        return
    if isinstance(data, dict):
        yield _record_or_error(data, source)
    elif isinstance(data, list) and data:
        for n, obj in enumerate(data, start=1):
            yield _record_or_error(obj, f"{source}#{n}")
    else:
        yield ReadError(source, "JSON must be an object or a non-empty list of objects")


def _read_jsonl(raw: str, source: str) -> Iterator[ArticleOrError]:
    lines = [(number, line) for number, line in enumerate(raw.split("\n"), start=1) if line.strip()]
    for n, (number, line) in enumerate(lines, start=1):
        try:
            obj = parse_json(line)
        except JsonError as exc:
            yield ReadError(f"{source}#{n}", f"invalid JSON on line {number}: {str(exc).replace('at line 1 ', 'at ')}")
            continue
        yield _record_or_error(obj, f"{source}#{n}")


# --- files and folders -----------------------------------------------------------------------


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "file not found"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read file: {exc.strerror or exc}"


def decode(data: bytes) -> str:
    """UTF-8 text without a BOM; raises ArticleReadError for empty, binary or non-UTF-8 data."""
    if not data.strip():
        raise ArticleReadError("empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ArticleReadError("not UTF-8 text (UTF-16 byte order mark)")
    if b"\x00" in data:
        raise ArticleReadError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleReadError(
            f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    if not text.strip():
        raise ArticleReadError("empty file")
    return text


def _single(reader: Callable[[str, str], SourceArticle]) -> Callable[[str, str], Iterator[ArticleOrError]]:
    def read(raw: str, source: str) -> Iterator[ArticleOrError]:
        try:
            yield reader(raw, source)
        except ArticleReadError as exc:
            yield ReadError(source, str(exc))

    return read


_READERS: dict[str, Callable[[str, str], Iterator[ArticleOrError]]] = {
    ".txt": _single(read_text_article),
    ".html": _single(read_html_article),
    ".htm": _single(read_html_article),
    ".json": _read_json,
    ".jsonl": _read_jsonl,
}


def _read_file(path: Path) -> Iterator[ArticleOrError]:
    source = str(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            yield ReadError(source, "not a regular file")
            return
        raw = decode(path.read_bytes())
    except OSError as exc:
        yield ReadError(source, _os_reason(exc))
        return
    except ArticleReadError as exc:
        yield ReadError(source, str(exc))
        return
    yield from _READERS[path.suffix.lower()](raw, source)


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _folder_entries(root: Path) -> list[tuple[Path, ReadError | None]]:
    """Supported, non-hidden files under root, and unreadable sub-folders, in sorted order."""
    entries: list[tuple[Path, ReadError | None]] = []

    def on_error(exc: OSError) -> None:
        where = Path(exc.filename or root)
        entries.append((where, ReadError(str(where), _os_reason(exc))))

    for folder, subfolders, files in os.walk(root, onerror=on_error):
        subfolders[:] = [name for name in subfolders if not _is_hidden(name)]
        for name in files:
            if not _is_hidden(name) and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                entries.append((Path(folder, name), None))
    return sorted(entries, key=lambda entry: entry[0])


def read_path(path: Path) -> Iterator[ArticleOrError]:
    """Yield every article found at path (a file or a folder read recursively, sorted, skipping hidden
    files), or a ReadError for each input that cannot become an article. Never raises for bad input."""
    path = Path(path)
    try:
        is_folder = path.is_dir()
        exists = is_folder or path.exists()
    except OSError as exc:
        yield ReadError(str(path), _os_reason(exc))
        return
    if is_folder:
        for file, error in _folder_entries(path):
            if error is not None:
                yield error
            else:
                yield from _read_file(file)
    elif not exists:
        yield ReadError(str(path), "file not found")
    elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
        expected = ", ".join(sorted(SUPPORTED_SUFFIXES))
        yield ReadError(str(path), f"unsupported file type {path.suffix or '(none)'!r} (expected {expected})")
    else:
        yield from _read_file(path)
