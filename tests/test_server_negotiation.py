"""server/negotiation.py: one table of Accept headers and the media type each one gets, and one table of
Content-Type headers and what parse_media_type reads from each."""

from __future__ import annotations

import pytest

from server.negotiation import MediaRange, negotiate, parse_accept, parse_media_type

RESULTS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"]
RDF = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
PAGE = ["text/html", "text/turtle", "application/ld+json"]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

TABLE: list[tuple[str | None, list[str], str | None]] = [
    # no preference: the server's first choice
    (None, RESULTS, "application/sparql-results+json"),
    ("", RDF, "text/turtle"),
    ("*/*", RDF, "text/turtle"),
    # exact types, case-insensitive
    ("text/csv", RESULTS, "text/csv"),
    ("Application/N-Triples", RDF, "application/n-triples"),
    # q-values: the highest wins
    ("text/turtle;q=0.5, application/ld+json", RDF, "application/ld+json"),
    ("application/rdf+xml;q=0.9, text/turtle;q=0.4", RDF, "application/rdf+xml"),
    ("text/csv;q=0.2, text/tab-separated-values;q=0.3", RESULTS, "text/tab-separated-values"),
    # equal q: the more specific range wins, then the server's order
    ("text/*, text/tab-separated-values", RESULTS, "text/tab-separated-values"),
    ("text/csv, text/tab-separated-values", RESULTS, "text/csv"),
    ("text/tab-separated-values, text/csv", RESULTS, "text/csv"),
    # wildcards
    ("text/*", RESULTS, "text/csv"),
    ("application/*", RDF, "application/ld+json"),
    ("image/*, */*;q=0.1", RDF, "text/turtle"),
    # a specific range overrides a wildcard, both ways
    ("*/*, text/turtle;q=0", RDF, "application/ld+json"),
    ("text/*;q=0, text/turtle", RDF, "text/turtle"),
    ("*/*;q=0.1, text/turtle;q=0.2", RDF, "text/turtle"),
    # q=0 means "not acceptable"
    ("text/turtle;q=0", RDF, None),
    ("*/*;q=0", RESULTS, None),
    ("text/*;q=0", ["text/csv", "text/tab-separated-values"], None),
    # nothing offered matches
    ("image/png", RDF, None),
    ("application/json", RESULTS, None),
    ("text/plain;q=1, image/*", RESULTS, None),
    # parameters: unknown ones do not prevent a match
    ("text/turtle;charset=utf-8", RDF, "text/turtle"),
    ('application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"', RDF, "application/ld+json"),
    ("text/turtle; charset=utf-8; q=0.5, application/n-triples; q=0.4", RDF, "text/turtle"),
    # ...but rank below the same range without them (RFC 9110 §12.5.1 example)
    ("text/turtle;q=0.2, text/turtle;version=2, application/ld+json;q=0.3", RDF, "application/ld+json"),
    # parameters the offered type declares must agree
    ("text/html;level=1", ["text/html;level=2", "text/html;level=1"], "text/html;level=1"),
    ("text/html;level=1;q=0.5, text/html;q=0.1", ["text/html;level=1", "text/plain"], "text/html;level=1"),
    # malformed ranges are skipped; a header of nothing but junk counts as absent
    ("garbage, text/csv", RESULTS, "text/csv"),
    ("text/turtle;q=abc, application/n-triples", RDF, "application/n-triples"),
    ("text/turtle;q=2", RDF, "text/turtle"),
    ("*/json, ,;", RDF, "text/turtle"),
    # spacing
    ("  text/csv ;  q=0.3 ,text/tab-separated-values;q=0.2  ", RESULTS, "text/csv"),
    # browsers get HTML; RDF clients get RDF
    (BROWSER, PAGE, "text/html"),
    ("text/turtle, application/rdf+xml;q=0.8, */*;q=0.1", PAGE, "text/turtle"),
    ("application/ld+json, text/html;q=0.9", PAGE, "application/ld+json"),
    # an empty offer
    ("*/*", [], None),
    (None, [], None),
]


@pytest.mark.parametrize(("accept", "offered", "expected"), TABLE)
def test_negotiate(accept: str | None, offered: list[str], expected: str | None) -> None:
    assert negotiate(accept, offered) == expected


def test_parse_accept_reads_quality_and_parameters() -> None:
    assert parse_accept('text/html;level="1";Q=0.5, */*') == [
        MediaRange("text", "html", (("level", "1"),), 0.5),
        MediaRange("*", "*", (), 1.0),
    ]


def test_parse_accept_drops_a_range_with_a_wildcard_type_and_a_concrete_subtype() -> None:
    assert parse_accept("*/html") == []


MEDIA_TYPES: list[tuple[str | None, tuple[str, dict[str, str]]]] = [
    (None, ("", {})),
    ("", ("", {})),
    ("application/sparql-query", ("application/sparql-query", {})),
    # type and parameter names are case-insensitive; values keep their case
    ("Application/X-WWW-Form-URLEncoded; Charset=UTF-8", ("application/x-www-form-urlencoded", {"charset": "UTF-8"})),
    ("  text/html ;  charset = utf-8  ", ("text/html", {"charset": "utf-8"})),
    # quoted values are unquoted, a quoted semicolon does not split, a quoted-pair is undone
    ('application/sparql-query; charset="utf-8"', ("application/sparql-query", {"charset": "utf-8"})),
    ('application/ld+json; profile="http://www.w3.org/ns/json-ld#compacted"',
     ("application/ld+json", {"profile": "http://www.w3.org/ns/json-ld#compacted"})),
    ('text/plain; note="a;b"; x=1', ("text/plain", {"note": "a;b", "x": "1"})),
    ('text/plain; note="say \\"hi\\""', ("text/plain", {"note": 'say "hi"'})),
    # a parameter without "=" or without a name is skipped; an empty value is kept
    ("text/plain; charset; =x; empty=", ("text/plain", {"empty": ""})),
    ("text/plain;", ("text/plain", {})),
]


@pytest.mark.parametrize(("header", "expected"), MEDIA_TYPES)
def test_parse_media_type(header: str | None, expected: tuple[str, dict[str, str]]) -> None:
    assert parse_media_type(header) == expected
