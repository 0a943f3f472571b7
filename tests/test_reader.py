"""Tests for graphbuild.reader: every format, header and boilerplate rule, and every read error.

The articles here are invented for the tests.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import socket
from pathlib import Path

import pytest

from graphbuild.errors import ArticleReadError
from graphbuild.model import Author, ReadError, SourceArticle
from graphbuild.reader import (
    NO_TEXT,
    SUPPORTED_SUFFIXES,
    find_dateline,
    read_path,
    read_record,
    read_text_article,
)

ROOT = Path(__file__).resolve().parent.parent


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read_all(path: Path) -> list[SourceArticle | ReadError]:
    return list(read_path(path))


def read_one(path: Path) -> SourceArticle:
    [item] = read_all(path)
    assert isinstance(item, SourceArticle), item
    return item


def read_error(path: Path) -> ReadError:
    [item] = read_all(path)
    assert isinstance(item, ReadError), item
    return item


def org(name: str) -> Author:
    return Author(name, "organisation")


def person(name: str) -> Author:
    return Author(name, "person")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == {".txt", ".html", ".htm", ".json", ".jsonl"}


# --- .txt: header --------------------------------------------------------------------------

UNION_RELEASE = """Dock workers ratify new harbour agreement

BY:Harbour Workers Union Press Office| April 7, 2022
Dock workers ratify new harbour agreement


Members of the Harbour Workers Union voted on Tuesday to ratify a three-year agreement
with the Port Authority.

"This contract restores what was taken from us," said Maria Lopez, the union's secretary.

Images: top, union archive (CC BY 2.0); Maria Lopez at the vote.



Related Articles

Build the union on every pier. Join the Harbour Workers Union today.

Join Now

Union Mailbag

Ask our organisers anything, Sam.
"""


def test_union_release_header_body_and_boilerplate(tmp_path: Path) -> None:
    article = read_one(write(tmp_path, "release.txt", UNION_RELEASE))
    assert article.source == str(tmp_path / "release.txt")
    assert article.headline == "Dock workers ratify new harbour agreement"
    assert article.date_published == dt.date(2022, 4, 7)
    assert article.authors == (org("Harbour Workers Union Press Office"),)
    assert article.url is None
    assert article.text == (
        "Members of the Harbour Workers Union voted on Tuesday to ratify a three-year agreement\n"
        "with the Port Authority.\n\n"
        '"This contract restores what was taken from us," said Maria Lopez, the union\'s secretary.'
    )


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Jane Doe", [person("Jane Doe")]),
        ("by Ana Maria Costa", [person("Ana Maria Costa")]),
        ("By Jane Doe and Sam Okafor", [person("Jane Doe"), person("Sam Okafor")]),
        ("By Jane Doe, Staff Writer", [person("Jane Doe")]),
        ("BY: Metro Desk", [org("Metro Desk")]),
        ("By Reuters", [org("Reuters")]),
        ("By wireNews", [org("wireNews")]),
        ("By Teachers Federation of Ontario", [org("Teachers Federation of Ontario")]),
        ("By River Valley Times", [org("River Valley Times")]),
    ],
)
def test_byline_author_and_kind(byline: str, authors: list[Author]) -> None:
    article = read_text_article(f"Strike ends\n{byline}\n\nThe strike ended on Friday.", "t")
    assert article.authors == tuple(authors)
    assert article.text == "The strike ended on Friday."


@pytest.mark.parametrize(
    "header",
    [
        "By Jane Doe | March 19, 2021",
        "By Jane Doe | 19 March 2021",
        "By Jane Doe | Mar. 19, 2021",
        "By Jane Doe | 2021-03-19",
        "By Jane Doe | 03/19/2021",
        "By Jane Doe, March 19th, 2021",
        "By Jane Doe\nPublished: March 19, 2021",
        "March 19, 2021",
    ],
)
def test_header_date_forms(header: str) -> None:
    article = read_text_article(f"Strike ends\n{header}\n\nThe strike ended on Friday.", "t")
    assert article.date_published == dt.date(2021, 3, 19)
    assert article.text == "The strike ended on Friday."


def test_header_with_impossible_date_gives_no_date() -> None:
    article = read_text_article("Strike ends\nBy Jane Doe | 02/30/2021\n\nThe strike ended.", "t")
    assert article.date_published is None
    assert article.authors == (person("Jane Doe"),)


def test_a_dated_sentence_after_the_headline_is_body_not_header() -> None:
    article = read_text_article("Strike ends\nThe vote was held on March 3, 2021.\n\nIt passed.", "t")
    assert article.date_published is None
    assert article.text == "The vote was held on March 3, 2021.\n\nIt passed."


def test_no_date_from_ordinary_body_sentences() -> None:
    raw = (
        "Cooperative names new chair\n\n"
        "The board of the Valley Grocers Cooperative named Ana Silva as chair, effective January 13, 2020,"
        " replacing Tom Reed, who retired after eleven years and will stay on as an adviser.\n\n"
        "Silva joined the cooperative in 2009. The appointment takes effect on Jan. 1, 2020.\n"
    )
    article = read_text_article(raw, "t")
    assert article.date_published is None
    assert article.authors == ()
    assert article.text.startswith("The board of the Valley Grocers Cooperative")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Updated: 2024-11-02 19:23", dt.date(2024, 11, 2)),
        ("Wednesday 02 March 1994 00:02 GMT", dt.date(1994, 3, 2)),
        ("Tue, 30 Aug, 2022 - 15:19", dt.date(2022, 8, 30)),
        ("Saturday, 26 March 2022, 7:01 am", dt.date(2022, 3, 26)),
        ("Metro Staff |June 16, 2020, 8:26 AM IST", dt.date(2020, 6, 16)),
        ("08/19/2008", dt.date(2008, 8, 19)),
        ("By Wirenews | Published: April 13, 2023 02:55 PM2023-04-13T14:55:46+5:30", dt.date(2023, 4, 13)),
    ],
)
def test_header_date_with_weekday_time_and_zone(header: str, expected: dt.date) -> None:
    article = read_text_article(f"Strike ends\n\n{header}\n\nThe strike ended on Friday.", "t")
    assert article.date_published == expected
    assert article.text == "The strike ended on Friday."


def test_a_dated_dateline_gives_the_date() -> None:
    raw = "Society names new chair\n\nNEW YORK (Mar. 7, 2014) — The society named a new chair today.\n"
    assert read_text_article(raw, "t").date_published == dt.date(2014, 3, 7)


def test_a_date_line_below_the_standfirst_is_header_not_body() -> None:
    raw = (
        "Board replaces its chief executive\n\n"
        "The chief executive of the rowing federation has resigned with immediate effect, the board said.\n\n"
        "Metro Staff |June 16, 2020, 8:26 AM IST\n\n"
        "Board replaces its chief executive\n\n"
        "The chief executive of the rowing federation has resigned with immediate effect, the board said.\n\n"
        '"It was a privilege to serve," said Ana Silva.\n'
    )
    article = read_text_article(raw, "t")
    assert article.date_published == dt.date(2020, 6, 16)
    assert article.authors == (org("Metro Staff"),)
    assert article.text == (
        "The chief executive of the rowing federation has resigned with immediate effect, the board said.\n\n"
        '"It was a privilege to serve," said Ana Silva.'
    )


@pytest.mark.parametrize("zone", ["GMT", "IST", "EST", "UTC", "CET"])
def test_a_time_zone_never_enters_the_body(zone: str) -> None:
    for header in (f"Monday 02 March 2020 10:15 {zone}", f"Desk Staff | March 2, 2020, 10:15 AM {zone}"):
        article = read_text_article(f"Strike ends\n{header}\n\nThe strike ended on Friday.", "t")
        assert article.date_published == dt.date(2020, 3, 2)
        assert not re.search(rf"\b{zone}\b", article.text)


def test_a_publication_line_of_a_newspaper_archive_gives_the_date() -> None:
    raw = (
        "MILL HANDS WALK OUT.\n\n"
        "Valley Courier, Volume 12, Number 4, Millbrook, Essex County, 3 June 1901 — MILL HANDS WALK OUT. [ARTICLE]\n\n"
        "Two hundred mill hands left their looms on Monday and marched to the town hall.\n"
    )
    article = read_text_article(raw, "t")
    assert article.date_published == dt.date(1901, 6, 3)
    assert article.authors == ()
    assert article.text == "Two hundred mill hands left their looms on Monday and marched to the town hall."


def test_a_date_written_as_label_and_value_lines() -> None:
    raw = "School board meets\n\nIssue\nDay\n13\nMonth\nSeptember\nYear\n1895\n\nThe board met on Wednesday evening.\n"
    assert read_text_article(raw, "t").date_published == dt.date(1895, 9, 13)


def test_a_weekday_in_a_header_is_no_author() -> None:
    article = read_text_article("Strike ends\n\nSaturday, 26 March 2022, 7:01 am\n\nThe strike ended.", "t")
    assert article.authors == ()


# --- .txt: agency dispatch and datelines ---------------------------------------------------

AGENCY_DISPATCH = """Ministers agree on river treaty

Riverwire) 09:15, April 2, 2022

Ministers sign the treaty at the commission office in Vientiane, April 2, 2022. (Riverwire/Somchai Phan)

VIENTIANE, April 2 (Riverwire) -- Ministers from four countries agreed to share data on
water levels.

"Rivers do not stop at borders," said commission chair Lina Park.

(Web editor: Dao Minh, Kim Lee)
"""


def test_agency_dispatch_source_line_caption_credit_and_editor() -> None:
    article = read_text_article(AGENCY_DISPATCH, "dispatch.txt")
    assert article.headline == "Ministers agree on river treaty"
    assert article.date_published == dt.date(2022, 4, 2)
    assert article.authors == (org("Riverwire"),)
    assert article.text == (
        "Ministers sign the treaty at the commission office in Vientiane, April 2, 2022.\n\n"
        "VIENTIANE, April 2 (Riverwire) -- Ministers from four countries agreed to share data on\n"
        "water levels.\n\n"
        '"Rivers do not stop at borders," said commission chair Lina Park.'
    )


def test_dateline_gives_date_and_source_when_header_has_none() -> None:
    raw = (
        "City council approves transit plan\n"
        "Commuters Welcome Faster Buses as Council Backs Ten-Year Plan\n"
        "PORTLAND, OR (05/06/2019)(civicWire)-- The city council approved a ten-year transit plan.\n"
        "The plan adds three bus lines.\n"
    )
    article = read_text_article(raw, "t")
    assert article.date_published == dt.date(2019, 5, 6)
    assert article.authors == (org("civicWire"),)
    assert article.text == (
        "Commuters Welcome Faster Buses as Council Backs Ten-Year Plan\n"
        "PORTLAND, OR (05/06/2019)(civicWire)-- The city council approved a ten-year transit plan.\n"
        "The plan adds three bus lines."
    )


def test_dateline_without_year_and_without_header_date_gives_no_date() -> None:
    raw = "Glacier survey published\n\nGENEVA, June 3 (Alpnews) -- Scientists published a survey.\n"
    article = read_text_article(raw, "t")
    assert article.date_published is None
    assert article.authors == (org("Alpnews"),)
    assert article.text == "GENEVA, June 3 (Alpnews) -- Scientists published a survey."


def test_header_date_and_author_win_over_dateline() -> None:
    raw = "Glacier survey published\nBy Jane Doe | June 4, 2020\n\nGENEVA, June 3 (Alpnews) -- A survey.\n"
    article = read_text_article(raw, "t")
    assert article.date_published == dt.date(2020, 6, 4)
    assert article.authors == (person("Jane Doe"),)


@pytest.mark.parametrize(
    ("line", "year_hint", "expected"),
    [
        ("GENEVA, June 3 (Alpnews) -- Text.", 2020, (dt.date(2020, 6, 3), "Alpnews")),
        ("GENEVA, June 3, 2021 (Alpnews) -- Text.", None, (dt.date(2021, 6, 3), "Alpnews")),
        ("LONDON (Reuters) - Text.", None, (None, "Reuters")),
        ("CHICAGO, Jan. 5, 2020 /PRNewswire/ -- Text.", None, (dt.date(2020, 1, 5), "PRNewswire")),
        ("Calhoun said - we will go on.", None, (None, None)),
        ("The union met on June 3 (Monday) -- all came.", None, (None, None)),
    ],
)
def test_find_dateline(line: str, year_hint: int | None, expected: tuple[dt.date | None, str | None]) -> None:
    assert find_dateline([line], year_hint) == expected


# --- .txt: boilerplate and normalisation ---------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "Related Articles",
        "Related Articles:",
        "Related Posts",
        "Read more",
        "READ MORE",
        "Share this",
        "Comments",
        "Join Now",
        "Donate Now",
        "Subscribe",
        "Readers' Mailbag",
    ],
)
def test_boilerplate_heading_cuts_the_rest(heading: str) -> None:
    raw = f"Strike ends\n\nThe strike ended on Friday.\n\n{heading}\n\nMore links and appeals here."
    assert read_text_article(raw, "t").text == "The strike ended on Friday."


@pytest.mark.parametrize(
    "line",
    [
        "Images: top, union archive; second, Jane Doe.",
        "Image: Sam Okafor",
        "Photo: Lina Park / Riverwire",
        "Photo credit: Ana Silva",
        "(Web editor: Dao Minh)",
        "Editor: Kim Lee",
    ],
)
def test_credit_and_editor_lines_are_dropped(line: str) -> None:
    raw = f"Strike ends\n\nThe strike ended on Friday.\n\n{line}\n\nWorkers returned on Monday."
    assert read_text_article(raw, "t").text == "The strike ended on Friday.\n\nWorkers returned on Monday."


def test_only_trailing_photo_credit_parentheses_are_stripped() -> None:
    raw = (
        "Strike ends\n\nPickets outside the plant. (AP Photo/Jane Doe)\n\n"
        "The strike ended (see below).\n\nThe deal (and/or its annex) holds."
    )
    assert read_text_article(raw, "t").text == (
        "Pickets outside the plant.\n\nThe strike ended (see below).\n\nThe deal (and/or its annex) holds."
    )


def test_a_section_word_inside_a_sentence_does_not_cut() -> None:
    raw = "Strike ends\n\nComments from members were positive.\n\nRead more about it later, she said."
    assert read_text_article(raw, "t").text == (
        "Comments from members were positive.\n\nRead more about it later, she said."
    )


def test_a_comments_line_in_the_header_keeps_the_story() -> None:
    raw = (
        "Nurses win safe staffing law\n\n"
        "Comments\n\n"
        "Independent labour news needs your support. Donate today to keep our reporting free for everyone.\n\n"
        "The state senate passed a safe staffing law on Thursday after a two-year campaign by nurses.\n\n"
        "The law sets a limit of four patients for each nurse on a general ward.\n\n"
        "Hospitals have eighteen months to comply.\n"
    )
    text = read_text_article(raw, "t").text
    assert "Comments" not in text
    assert text.endswith(
        "The state senate passed a safe staffing law on Thursday after a two-year campaign by nurses.\n\n"
        "The law sets a limit of four patients for each nurse on a general ward.\n\n"
        "Hospitals have eighteen months to comply."
    )


@pytest.mark.parametrize(
    "line",
    [
        "Story continues below advertisement",
        "Advertisement",
        "ADVERTISEMENT",
        "Share this",
        "Related Articles",
        "Click to follow",
        "To see the full ceremony, click here",
        "NEXT: Union Plans Next Steps",
    ],
)
def test_a_boilerplate_line_inside_the_story_removes_only_itself(line: str) -> None:
    story = [
        "The union elected Ana Silva as its president on Saturday, ending a long campaign.",
        '"We will rebuild this union from the shop floor up," Silva said.',
        "Silva replaces Tom Reed, who retired after eleven years in office.",
        "The vote was close.",
        '"It is a new start," said Reed.',
    ]
    raw = "Union elects new president\n\n" + "\n\n".join(story[:2] + [line] + story[2:])
    text = read_text_article(raw, "t").text
    if line.startswith("NEXT:"):  # a pagination heading is a heading, which the story keeps
        story = story[:2] + [line] + story[2:]
    assert text == "\n\n".join(story)


def test_short_real_sentences_inside_the_story_stay() -> None:
    raw = "Strike ends\n\nThe strike ended on Friday after six weeks on the picket line.\n\nIt passed.\n\nHe agreed.\n\nThe plant reopens on Monday morning, the company said in a statement."
    assert read_text_article(raw, "t").text.split("\n\n")[1:3] == ["It passed.", "He agreed."]


STORY = (
    "Strike ends\n\n"
    "Members of the Harbour Workers Union voted on Tuesday to ratify a three-year agreement with the Port Authority.\n\n"
    '"This contract restores what was taken from us," said Maria Lopez, the union\'s secretary.\n\n'
)
STORY_TEXT = (
    "Members of the Harbour Workers Union voted on Tuesday to ratify a three-year agreement with the Port Authority.\n\n"
    '"This contract restores what was taken from us," said Maria Lopez, the union\'s secretary.'
)


@pytest.mark.parametrize(
    "tail",
    [
        "Join Now\n\nWe are a party of working people with no corporate sponsors. Join the thousands whose generosity sustains the fight.\n\nDonate Now",
        "Share this\n\nFacebook\nTwitter\nEmail",
        "Related\n\nDock pensions restored after court ruling\n\nPort Authority names new director",
        "Sponsored content\n\nAdChoices",
        "Story continues below advertisement",
        "Sign up for our weekly newsletter. Subscribe to get the latest news delivered to your inbox.",
        "© 2022 Harbour Media\n\nSupport the news you love\n\nHarbour Media has been a champion of independent journalism for over twenty years, informing readers across the region.",
        "The HWU represents 85,000 men and women employed in ports, shipping, warehousing, logistics, rail freight and the public sector across the country.\n\n###\n\nCONTACT: Lee Park, (555) 562-2444, lpark@example.org",
        "For More Information, Contact: Lee Park (555) 562-2441, lpark@example.org",
        "About the Harbour Workers Union\n\nThe Harbour Workers Union is the voice of dock workers in twelve ports and has been since 1937.",
        "dockspensionsunionharbourlabour agreement",
        "190530065014507",
    ],
)
def test_trailing_boilerplate_blocks_are_dropped(tail: str) -> None:
    assert read_text_article(STORY + tail, "t").text == STORY_TEXT


def test_an_about_us_sentence_inside_the_story_stays() -> None:
    about = (
        "The Harbour Workers Union is the largest union in the port, with members at every terminal and in"
        " the tug fleet."
    )
    raw = STORY + about + "\n\n" + '"We are ready," said Lopez.'
    assert about in read_text_article(raw, "t").text


def test_a_repeated_caption_is_kept_once() -> None:
    caption = "Maria Lopez speaks at the vote in the harbour hall, April 7, 2022."
    raw = STORY + caption + "\n\nThe vote passed with a large majority of the members.\n\n" + caption
    assert read_text_article(raw, "t").text.count(caption) == 1


def test_line_endings_spaces_and_blank_lines_are_normalised() -> None:
    raw = "\ufeffStrike ends  \r\n\r\n\r\nFirst line \t \r\nsecond\u00a0line\r\r\r\rNext paragraph.   \n\n\n"
    article = read_text_article(raw, "t")
    assert article.headline == "Strike ends"
    assert article.text == "First line\nsecond line\n\nNext paragraph."
    assert type(article.text) is str
    assert article.text.splitlines() == article.text.split("\n")


def test_unicode_line_separators_do_not_hide_inside_the_text() -> None:
    article = read_text_article("Strike ends\n\nOne\u2028two\x0cthree\u0085four", "t")
    assert article.text == "One\ntwo\nthree\nfour"


@pytest.mark.parametrize(
    "raw",
    [
        "Strike ends",
        "Strike ends\nBy Jane Doe | March 19, 2021\nStrike ends\n",
        "Strike ends\n\nRelated Articles\n\nOther news.",
        "Strike ends\n\nImages: Jane Doe",
    ],
)
def test_no_article_text_after_cleaning(raw: str) -> None:
    with pytest.raises(ArticleReadError, match=NO_TEXT):
        read_text_article(raw, "t")


def test_blank_text_is_an_error() -> None:
    with pytest.raises(ArticleReadError, match="empty"):
        read_text_article(" \n\n ", "t")


# --- .html ---------------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour workers win new contract | Dockside Union News</title>
<meta property="og:title" content="Harbour workers win new contract">
<meta name="author" content="Maria Lopez">
<meta property="article:published_time" content="2022-05-04T09:30:00Z">
<link rel="canonical" href="https://example.org/news/harbour-contract">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About us</a></nav>
<article><h1>Harbour workers win new contract</h1>
<p>Members of the Dockside Workers Union voted on Tuesday to accept a three-year contract with the
Port Authority after months of talks.</p>
<p>"This is a victory for every family on the waterfront," said union president Tom Baker, who led
the bargaining team.</p>
<p>The agreement raises wages by twelve percent and restores the pension plan that was frozen.</p>
<h2>Related Articles</h2>
<p>Dockside Union holds its annual picnic in the park next to the harbour this summer.</p>
</article>
<footer>Copyright 2022 Dockside Union. <a href="/privacy">Privacy</a></footer>
</body></html>
"""


@pytest.mark.parametrize("suffix", [".html", ".htm"])
@pytest.mark.usefixtures("no_network")
def test_html_page(tmp_path: Path, suffix: str) -> None:
    article = read_one(write(tmp_path, f"page{suffix}", HTML_PAGE))
    assert article.headline == "Harbour workers win new contract"
    assert article.date_published == dt.date(2022, 5, 4)
    assert article.authors == (person("Maria Lopez"),)
    assert article.url == "https://example.org/news/harbour-contract"
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Members of the Dockside Workers Union voted")
    assert paragraphs[2].endswith("restores the pension plan that was frozen.")
    for junk in ("Harbour workers win new contract", "Home", "Copyright", "Related", "picnic"):
        assert junk not in article.text


@pytest.mark.usefixtures("no_network")
def test_html_date_is_not_taken_from_a_body_sentence(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Board names new chair</title></head><body><article>"
        "<p>The board of the Riverside Cooperative named Ana Silva as chair, effective January 13, 2020,"
        " after a long search among its members.</p>"
        "<p>She replaces Tom Reed, who retired. Members welcomed the choice at the annual meeting.</p>"
        "</article></body></html>"
    )
    article = read_one(write(tmp_path, "page.html", html))
    assert article.headline == "Board names new chair"
    assert article.date_published is None


@pytest.mark.parametrize(
    "body",
    [
        "<script>var views = 1;</script>",
        "<h1>Nothing here</h1>",
        "<article><h1>Nothing here</h1><p>Related Articles</p><p>Other news.</p></article>",
    ],
)
@pytest.mark.usefixtures("no_network")
def test_html_without_article_text(tmp_path: Path, body: str) -> None:
    html = f"<html><head><title>Nothing here</title></head><body>{body}</body></html>"
    assert read_error(write(tmp_path, "page.html", html)).reason == NO_TEXT


@pytest.mark.usefixtures("no_network")
def test_html_without_title(tmp_path: Path) -> None:
    html = "<html><body><article><p>The strike ended on Friday after a long week.</p></article></body></html>"
    assert read_error(write(tmp_path, "page.html", html)).reason == "missing headline"


# --- .json / .jsonl ------------------------------------------------------------------------


def record(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {"headline": "Strike ends", "text": "The strike ended on Friday."}
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


def test_json_single_object(tmp_path: Path) -> None:
    obj = {
        "title": "Teachers vote to strike",
        "date": "19 March 2021",
        "author": "Jane Doe",
        "url": "https://example.org/teachers",
        "articleBody": "Teachers voted to strike.\r\n\r\nPhoto: Sam Okafor\r\n\r\nShare this\r\nLinks.",
    }
    path = write(tmp_path, "one.json", json.dumps(obj))
    article = read_one(path)
    assert article == SourceArticle(
        source=str(path),
        headline="Teachers vote to strike",
        text="Teachers voted to strike.",
        date_published=dt.date(2021, 3, 19),
        authors=(person("Jane Doe"),),
        url="https://example.org/teachers",
    )


def test_json_list_bad_object_does_not_stop_the_rest(tmp_path: Path) -> None:
    objs = [
        record(
            datePublished="2022-04-07T23:30:00-05:00",
            author={"name": "Harbour Workers Union", "@type": "Organization"},
        ),
        {"text": "A body without a headline."},
        record(author=["Jane Doe", {"name": "Metro Desk", "type": "Person"}]),
        "not an object",
    ]
    path = write(tmp_path, "list.json", json.dumps(objs))
    items = read_all(path)
    assert [item.source for item in items] == [f"{path}#{n}" for n in (1, 2, 3, 4)]
    first, second, third, fourth = items
    assert isinstance(first, SourceArticle)
    assert first.date_published == dt.date(2022, 4, 7)
    assert first.authors == (org("Harbour Workers Union"),)
    assert second == ReadError(f"{path}#2", "missing headline ('headline' or 'title')")
    assert isinstance(third, SourceArticle)
    assert third.authors == (person("Jane Doe"), person("Metro Desk"))  # the declared type wins
    assert fourth == ReadError(f"{path}#4", "not a JSON object")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-03-19", dt.date(2021, 3, 19)),
        ("2021-03-19T10:00:00Z", dt.date(2021, 3, 19)),
        ("March 19, 2021", dt.date(2021, 3, 19)),
        ("Mar. 19, 2021", dt.date(2021, 3, 19)),
        ("03/19/2021", dt.date(2021, 3, 19)),
    ],
)
def test_record_date_forms(value: str, expected: dt.date) -> None:
    assert read_record(record(datePublished=value), "r").date_published == expected


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"headline": None}, "missing headline"),
        ({"headline": "  "}, "missing headline"),
        ({"headline": 42}, "'headline' must be a string"),
        ({"text": None}, "missing article text"),
        ({"text": "Related Posts\n\nOther news."}, NO_TEXT),
        ({"datePublished": "soon"}, "'datePublished' is not a date"),
        ({"date": 2021}, "'date' must be a string"),
        ({"author": 7}, "'author' must be"),
        ({"author": [{"@type": "Person"}]}, "'author' must be"),
        ({"url": ["https://example.org"]}, "'url' must be a string"),
    ],
)
def test_bad_record(fields: dict[str, object], reason: str) -> None:
    obj = {**record(), **fields}
    obj = {k: v for k, v in obj.items() if v is not None}
    with pytest.raises(ArticleReadError, match=reason):
        read_record(obj, "r")


def test_jsonl_blank_lines_and_a_bad_line(tmp_path: Path) -> None:
    lines = [
        json.dumps(record(headline="First")),
        "",
        json.dumps(record(headline="Second")),
        "{not json",
        "   ",
        json.dumps(record(headline="Third")),
    ]
    path = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    items = read_all(path)
    assert [item.source for item in items] == [f"{path}#{n}" for n in (1, 2, 3, 4)]
    assert [item.headline for item in items if isinstance(item, SourceArticle)] == [
        "First",
        "Second",
        "Third",
    ]
    error = items[2]
    assert isinstance(error, ReadError)
    assert error.reason.startswith("invalid JSON on line 4:")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"headline": "Strike ends",\n "text": }', "invalid JSON: Expecting value at line 2"),
        ("[]", "JSON must be an object or a non-empty list of objects"),
        ("42", "JSON must be an object or a non-empty list of objects"),
        ('{"headline": "x", "text": "y", "n": ' + "1" * 4301 + "}", "invalid JSON: an integer of 4301 digits"),
        ('{"headline": "x\\udc00", "text": "y"}', "invalid JSON: a string holds a lone surrogate \\udc00"),
        ('{"headline": "x", "text": "y", "n": NaN}', "invalid JSON: NaN is not a JSON value"),
    ],
)
def test_bad_json_file(tmp_path: Path, content: str, reason: str) -> None:
    error = read_error(write(tmp_path, "bad.json", content))
    assert error.source == str(tmp_path / "bad.json")
    assert error.reason.startswith(reason)


# --- file errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n\t\n", "empty file"),
        ("bom-only.txt", b"\xef\xbb\xbf\n", "empty file"),
        ("binary.txt", b"Strike\x00ends\x00\x01", "binary file (contains NUL bytes)"),
        ("latin1.txt", "Grève générale\n\nLes cheminots.".encode("latin-1"), "not UTF-8 text"),
        ("utf16.txt", "Strike ends\n\nText.".encode("utf-16"), "not UTF-8 text"),
        ("headline-only.txt", b"Strike ends\n", NO_TEXT),
        ("empty.json", b"", "empty file"),
        ("latin1.jsonl", '{"headline": "Grève"}'.encode("latin-1"), "not UTF-8 text"),
    ],
)
def test_unreadable_content(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    error = read_error(write(tmp_path, name, content))
    assert error.source == str(tmp_path / name)
    assert error.reason.startswith(reason)
    assert "\n" not in error.reason


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    article = read_one(write(tmp_path, "bom.txt", b"\xef\xbb\xbfStrike ends\n\nThe strike ended."))
    assert article.headline == "Strike ends"


def test_missing_file(tmp_path: Path) -> None:
    assert read_error(tmp_path / "nowhere.txt") == ReadError(str(tmp_path / "nowhere.txt"), "file not found")


def test_unsupported_suffix_named_directly(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "notes.pdf", "Strike ends\n\nText."))
    assert error.reason.startswith("unsupported file type '.pdf'")


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "locked.txt", "Strike ends\n\nText.")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert read_error(path) == ReadError(str(path), "permission denied")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_permission_denied_for_real(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.txt", "Strike ends\n\nText.")
    path.chmod(0)
    try:
        assert read_error(path).reason == "permission denied"
    finally:
        path.chmod(0o644)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    assert read_error(tmp_path / "pipe.txt").reason == "not a regular file"


# --- folders -------------------------------------------------------------------------------


def test_folder_good_and_bad_files(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "Second story\n\nBody of b.")
    write(tmp_path, "a.txt", "First story\n\nBody of a.")
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "notes.md", "# not an article")
    write(tmp_path, "image.PNG", b"\x89PNG\x00")
    write(tmp_path, ".draft.txt", "Hidden\n\nNot read.")
    write(tmp_path, ".cache/old.txt", "Hidden folder\n\nNot read.")
    write(tmp_path, "sub/c.json", json.dumps([record(headline="Third"), {"headline": "No body"}]))
    write(tmp_path, "sub/d.HTML", HTML_PAGE)
    write(tmp_path, "z.jsonl", json.dumps(record(headline="Last")) + "\n")

    items = read_all(tmp_path)
    summary = [(Path(item.source).relative_to(tmp_path).as_posix(), type(item).__name__) for item in items]
    assert summary == [
        ("a.txt", "SourceArticle"),
        ("b.txt", "SourceArticle"),
        ("empty.txt", "ReadError"),
        ("sub/c.json#1", "SourceArticle"),
        ("sub/c.json#2", "ReadError"),
        ("sub/d.HTML", "SourceArticle"),
        ("z.jsonl#1", "SourceArticle"),
    ]
    headlines = [item.headline for item in items if isinstance(item, SourceArticle)]
    assert headlines == ["First story", "Second story", "Third", "Harbour workers win new contract", "Last"]


def test_empty_folder(tmp_path: Path) -> None:
    assert read_all(tmp_path) == []


# --- the project's example -----------------------------------------------------------------


def test_example_article() -> None:
    [path] = sorted((ROOT / "examples" / "articles").glob("*.txt"))
    article = read_one(path)
    assert article.headline == "China and U.S. CP leaders meet"
    assert article.date_published == dt.date(2021, 3, 19)
    assert article.authors == (org("CPUSA International Department"),)
    for junk in ("Related Articles", "Join Now", "Mailbag", "Images:", "Conlan"):
        assert junk not in article.text
    assert not article.text.startswith("China and U.S. CP leaders meet")
    assert "\n\n\n" not in article.text


def test_media_contact_lines_are_not_part_of_the_article() -> None:
    raw = "Dockers win pay rise\n\nThe union agreed a deal on Friday.\n\nMedia contact: Lee Park, director of communications\n"
    article = read_text_article(raw, "contact.txt")
    assert "Lee Park" not in article.text and "deal on Friday" in article.text


# --- the development sample (outside the repository) ---------------------------------------

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"


def _words(text: str) -> str:
    return " " + re.sub(r"\W+", " ", text.casefold()).strip() + " "


@pytest.mark.skipif(not DEV.is_dir(), reason="the development sample is not here")
def test_dev_articles_keep_every_person_of_the_story_and_the_stated_date() -> None:
    """Regression: a "Comments" heading above the story once dropped a whole article. Every gold person
    named in the raw page must survive cleaning, and every stated publication date must be read."""
    for path in sorted((DEV / "articles").glob("*.txt")):
        article = read_one(path)
        gold = json.loads((DEV / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
        raw = _words(path.read_text(encoding="utf-8"))
        kept = _words(" ".join([article.text, article.headline, *(a.name for a in article.authors)]))
        for person in gold["people"]:
            names = [person["name"], *person.get("aliases", [])]
            if any(_words(n) in raw for n in names):
                assert any(_words(n) in kept for n in names), (path.name, person["name"])
        if gold.get("published"):
            assert article.date_published == dt.date.fromisoformat(gold["published"]), path.name


def test_a_word_broken_at_a_printed_line_end_is_joined() -> None:
    raw = "Meeting held\n\nThe State Com- mittee met the dele- gates on pre- and post-war pay."
    assert read_text_article(raw, "t").text == "The State Committee met the delegates on pre- and post-war pay."


# --- where an article was published, and by whom -------------------------------------------------

@pytest.mark.parametrize(("lines", "url", "publisher"), [
    ("Source: Harbour Daily\n", None, "Harbour Daily"),
    ("Source: https://harbour.example/news/dockers\n", "https://harbour.example/news/dockers", None),
    ("URL: <https://harbour.example/n/1>\n", "https://harbour.example/n/1", None),
    ("Publisher: Harbour Daily\nhttps://harbour.example/n/2\n", "https://harbour.example/n/2", "Harbour Daily"),
])
def test_a_text_file_s_source_lines_give_publisher_and_url_and_leave_the_body(
        lines: str, url: str | None, publisher: str | None) -> None:
    raw = f"Dockers strike\n\nBy Ana Ruiz | May 2, 2024\n{lines}\nDockers walked out on Tuesday.\n"
    article = read_text_article(raw, "t.txt")
    assert (article.url, article.publisher) == (url, publisher)
    assert article.text == "Dockers walked out on Tuesday." and article.authors == (Author("Ana Ruiz", "person"),)


def test_an_original_address_at_the_foot_of_a_text_file() -> None:
    raw = "Dockers strike\n\nMay 2, 2024\n\nDockers walked out.\n\nOriginally published at https://harbour.example/d.\n"
    article = read_text_article(raw, "t.txt")
    assert article.url == "https://harbour.example/d" and article.text == "Dockers walked out."


def test_a_source_in_the_body_is_not_taken() -> None:
    raw = "Dockers strike\n\nMay 2, 2024\n\n" + "The dockers met.\n\n" * 12 + "Source: the union said so, twice over.\n"
    article = read_text_article(raw, "t.txt")
    assert article.publisher is None and "Source: the union said so" in article.text


@pytest.mark.parametrize("publisher", ["Harbour Daily", {"@type": "Organization", "name": "Harbour Daily"}])
def test_a_json_record_s_publisher_and_url(publisher: object) -> None:
    article = read_record(record(publisher=publisher, url="https://harbour.example/x"), "r")
    assert (article.publisher, article.url) == ("Harbour Daily", "https://harbour.example/x")
    with pytest.raises(ArticleReadError, match="'publisher' must be a name"):
        read_record(record(publisher=["a"]), "r")


def test_an_html_page_s_site_name_is_its_publisher(tmp_path: Path) -> None:
    page = ("<html><head><title>Dockers strike</title><meta property='og:site_name' content='Harbour Daily'>"
            "<link rel='canonical' href='https://harbour.example/news/dockers'></head><body><article>"
            "<h1>Dockers strike</h1>" + "<p>Dockers walked out on Tuesday at the port of Harlow, the union said.</p>" * 5
            + "</article></body></html>")
    [article] = read_path(write(tmp_path, "dockers.html", page))
    assert isinstance(article, SourceArticle)
    assert (article.publisher, article.url) == ("Harbour Daily", "https://harbour.example/news/dockers")
