"""Random requests to every route of the app's own route table, against a real server: random methods,
path parameters, query strings, headers and bodies. No answer may be a 5xx, apart from a 503 with
Retry-After (the documented answer of a busy endpoint or a store away), and none may hang.

The write API is on (with its token sent half of the time), so bodies reach the article reader, the
extractor's limits and the SHACL gate too.
"""

from __future__ import annotations

import re
import string
import urllib.parse
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Mount, Route

from tests.backends import REMOTE
from tests.sparql_live import LiveServer, build_protocol_store, live_server
from tests.test_server_data import CAMBRON

TOKEN = "fuzz-token-of-twenty-chars"
EXAMPLES = 150 if REMOTE else 400  # the second run of the suite repeats the routes over a remote store

# Values a route might take seriously, beside random text.
KNOWN_VALUES = ["person", "organisation", "place", "event", "article", "statement", "membership", "role",
                "rossana-cambron", "csv", "json", "ttl", "jsonld", "nt", "rdf", "roles", "statements", "mentions",
                "pages.xml", "person-1.xml", "person-99999999999999999999.xml", "latest.nt.gz", "1", "0", "-1", "99999999999999999999", "",
                CAMBRON, "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "ASK {}", '{"q0": {"query": "Cambron"}}',
                '{"ids": ["x"], "properties": [{"id": "memberOf"}]}', "\u202e", "\ud800x", "%00", "../../etc/passwd",
                "<script>alert(1)</script>", "a" * 3000]
PARAMETERS = ["q", "page", "sort", "order", "query", "queries", "callback", "extend", "id", "format", "year", "person",
              "organisation", "validate", "default-graph-uri", "named-graph-uri", "prefix", "type", "limit"]
ACCEPTS = ["text/html", "application/json", "text/csv", "text/turtle", "application/ld+json",
           "application/n-triples", "application/rdf+xml", "application/sparql-results+json",
           "application/sparql-results+xml", "text/tab-separated-values", "*/*", "image/png", "text/*;q=0.1, */*;q=x",
           "", ";;;", "application/json;q=2"]
CONTENT_TYPES = ["text/plain", "application/json", "text/html", "application/x-www-form-urlencoded",
                 "application/sparql-query", "application/sparql-update", "multipart/form-data; boundary=x",
                 "application/octet-stream", "", "text/plain; charset=latin-1"]
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"]

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
value = st.one_of(st.sampled_from([v for v in KNOWN_VALUES if "\ud800" not in v]), text)  # a URL is UTF-8


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("fuzz") / "store"
    build_protocol_store(folder)
    with live_server(folder, query_timeout=3, write_token=TOKEN, max_body_bytes=20_000) as live:
        yield live


def _templates(server: LiveServer) -> list[tuple[str, list[str]]]:
    """Every path of the route table, with ``{name}`` where a parameter goes, and the methods it answers."""
    paths = []
    for route in server.app.routes:
        if isinstance(route, Mount):
            paths.append((route.path + "/{name}", ["GET"]))
        elif isinstance(route, Route):
            paths.append((route.path, sorted(route.methods or {"GET", "POST"})))
        elif hasattr(route, "path"):
            paths.append((route.path, sorted(getattr(route, "methods", None) or {"GET"})))
    return paths


def _fill(template: str, values: list[str]) -> str:
    parts = re.split(r"\{[^}]+\}", template)
    out = parts[0]
    for n, rest in enumerate(parts[1:]):
        out += urllib.parse.quote(values[n % len(values)], safe="!$&'()*+,;=:@~") + rest
    return out


def _site_paths(server: LiveServer) -> list[str]:
    """Real paths of the site, as a crawler finds them from the sitemap, and the data and tables beside them:
    the seeds that mutations (``mutated``) bend into near misses."""
    with httpx.Client(base_url=server.root, timeout=30) as client:
        parts = re.findall(r"<loc>[^<]*?(/sitemaps/[^<]+)</loc>", client.get("/sitemap.xml").text)
        pages = [p for part in parts for p in re.findall(r"<loc>[^<]*?(/page/[^<]+)</loc>", client.get(part).text)]
    data = [p.replace("/page/", "/data/") + ext for p in pages for ext in (".ttl", ".jsonld")]
    tables = [p + "/" + table + ".csv" for p in pages for table in ("roles", "statements", "mentions")]
    return [*parts, *pages, *data, *tables, *(p.replace("/page/", "/id/") for p in pages),
            "/index/person.json", "/search.csv?q=cambron", "/timeline.json?person=rossana-cambron&year=2021"]


MUTATIONS = ["..", "%", "%zz", "\u202e", "a" * 300, "", "x.ttl", "page", "\x00"]
NUMBER_MUTATIONS = ["0", "-1", "99999999999999999999", "\u00b2", "\u0661", "1e3", "0001", " 1"]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[str]) -> str:
    """A real path with one part bent: its number when it has one (a page, a sitemap's part), else a segment,
    an extension or the query. Seeds are drawn by kind of path first (/page, /data, /sitemaps, ...), so that
    the kinds with few paths come up as often as the many pages."""
    kinds: dict[str, list[str]] = {}
    for seed in seeds:
        kinds.setdefault(seed.split("/")[1] + "/" + seed.rsplit(".", 1)[-1][:4], []).append(seed)
    path = draw(st.sampled_from(draw(st.sampled_from(sorted(kinds.values())))))
    pieces = re.split(r"(\d+|[/.?=&])", path)
    numbers = [n for n, piece in enumerate(pieces) if piece.isdigit()]
    if numbers and draw(st.integers(0, 3)) > 0:
        pieces[draw(st.sampled_from(numbers))] = urllib.parse.quote(draw(st.sampled_from(NUMBER_MUTATIONS)))
    else:
        at = draw(st.integers(1, len(pieces) - 1))
        pieces[at] = urllib.parse.quote(draw(st.one_of(st.sampled_from(MUTATIONS), text)), safe="/")
    return "".join(pieces)


@st.composite
def requests(draw: st.DrawFn, templates: list[tuple[str, list[str]]]) -> dict[str, object]:
    template, methods = draw(st.sampled_from([*templates, ("/no/such/{route}", ["GET"])]))
    path = _fill(template, draw(st.lists(value, min_size=1, max_size=4)))
    # Mostly a method the route answers (its work is what is under test), else any.
    method = draw(st.sampled_from(methods)) if draw(st.integers(0, 9)) < 8 else draw(st.sampled_from(METHODS))
    params = draw(st.lists(st.tuples(st.one_of(st.sampled_from(PARAMETERS), text), value), max_size=4))
    headers = {"Accept": draw(st.sampled_from(ACCEPTS))}
    if draw(st.booleans()):
        headers["Content-Type"] = draw(st.sampled_from(CONTENT_TYPES))
    if draw(st.booleans()):
        headers["Authorization"] = "Bearer " + TOKEN
    for name in draw(st.lists(st.sampled_from(["If-None-Match", "If-Modified-Since", "Range", "Origin",
                                                 "Access-Control-Request-Method", "X-Forwarded-For", "Cookie"]),
                              max_size=2, unique=True)):
        headers[name] = draw(st.text(alphabet=string.printable.strip("\r\n\x0b\x0c"), max_size=40)).strip() or "x"
    body = draw(st.one_of(st.just(b""), st.binary(max_size=300), text.map(lambda t: t.encode()),
                          st.sampled_from(KNOWN_VALUES).map(lambda t: t.encode("utf-8", "surrogatepass")),
                          st.just(b'{"headline": "Bakers meet", "text": "Ines Duarte, president of the Bakers '
                                  b'Union, opened the meeting in Corran on Friday."}')))
    return {"method": method, "url": path, "params": params, "headers": headers, "content": body}


def _check(client: httpx.Client, request: dict[str, object], answers: dict[int, int]) -> None:
    response = client.request(**request)  # type: ignore[arg-type]  # an answer within the client's 30 s: no hang
    answers[response.status_code] = answers.get(response.status_code, 0) + 1
    if response.status_code >= 500:
        assert response.status_code == 503 and response.headers.get("retry-after"), (
            request, response.status_code, response.text[:500])


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None, derandomize=True,  # the same on every run
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def test_no_route_answers_a_5xx_but_a_503_with_retry_after_and_none_hangs(server: LiveServer) -> None:
    answers: dict[int, int] = {}
    with httpx.Client(base_url=server.root, timeout=30) as client:

        @fuzz(EXAMPLES)
        @given(requests(_templates(server)))
        def one(request: dict[str, object]) -> None:
            _check(client, request, answers)

        one()
    print("answers by status:", dict(sorted(answers.items())))
    assert sum(answers.values()) >= EXAMPLES and any(status < 300 for status in answers), answers


def test_near_misses_of_real_paths_answer_no_5xx(server: LiveServer) -> None:
    """The paths a crawler finds, each with one part bent (a huge or non-ASCII page number, a stray segment):
    what a route does with a value it almost understands."""
    answers: dict[int, int] = {}
    with httpx.Client(base_url=server.root, timeout=30) as client:

        @fuzz(EXAMPLES * 3 // 2)
        @given(mutated(_site_paths(server)))
        def one(path: str) -> None:
            _check(client, {"method": "GET", "url": path}, answers)

        one()
    print("answers by status:", dict(sorted(answers.items())))
    assert answers.get(200, 0) > 0 and answers.get(404, 0) > 0, answers
