"""A hostile article: <script> and onerror= in its headline, names and quotes render escaped everywhere."""

from __future__ import annotations

from pathlib import Path

import httpx
import lxml.html
import pytest
from rdflib import Graph

from graphbuild.stores import ArticleStore
from tests.test_server_data import PREFIXES, build_news_store

pytestmark = pytest.mark.anyio

HEADLINE = '<img src=x onerror="alert(1)">Breaking</h1><script>alert(2)</script>'
NAME = '"><svg onload=alert(3)>'
QUOTE = "</blockquote><script>alert(4)</script>"
BODY = f"{NAME} said {QUOTE} today."
ARTICLE = "http://news.test/id/article/2021-04-01-hostile"

HOSTILE_TTL = PREFIXES + f"""
<{ARTICLE}> a schema:NewsArticle ; schema:headline {HEADLINE!r} ; schema:datePublished "2021-04-01"^^xsd:date ;
    schema:articleBody {BODY!r} ; schema:mentions person:svg ; ng:sourceName "<b>x</b>.txt" .
<{ARTICLE}#m0-{len(NAME)}> a ng:Mention ; ng:mentionOf person:svg ; ng:inArticle <{ARTICLE}> ;
    ng:startOffset 0 ; ng:endOffset {len(NAME)} ; ng:anchorText {NAME!r} .
person:svg a schema:Person ; schema:name {NAME!r} ; schema:alternateName "<i onmouseover=alert(5)>" .
statement:svg-hostile a schema:Quotation ; schema:text {QUOTE!r} ; schema:creator person:svg ;
    schema:isPartOf <{ARTICLE}> ; ng:startOffset {len(NAME) + 6} ; ng:endOffset {len(NAME) + 6 + len(QUOTE)} ;
    ng:cue "said<script>" ; ng:confidence 0.5 .
"""
# A right-to-left override and zero-width characters in article text (kept, as the source has them) and in
# a name that reached the store some other way than the builder, which strips them.
SPOOF_ARTICLE = "http://news.test/id/article/2021-04-02-spoof"
SPOOF_BODY = "Maria Okafor\u202e rof detov\u202c said the vote was fair. Jo\u200bhn agreed."
SPOOF_TTL = PREFIXES + f"""
<{SPOOF_ARTICLE}> a schema:NewsArticle ; schema:headline "Vote\u200b counted" ; schema:datePublished "2021-04-02"^^xsd:date ;
    schema:articleBody "{SPOOF_BODY}" ; schema:mentions person:spoof ; ng:sourceName "spoof.txt" .
person:spoof a schema:Person ; schema:name "Maria\u202eOkafor" .
"""
PAGES = ["/page/article/2021-04-01-hostile", "/page/person/svg", "/page/statement/svg-hostile", "/",
         "/index/article", "/index/person", "/index/statement", "/timeline", "/search?q=svg",
         "/search?q=alert", "/search?q=onerror", "/timeline?person=svg"]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ArticleStore:
    store = build_news_store(Path(tmp_path_factory.mktemp("hostile")) / "store")
    store.put_article(ARTICLE, Graph().parse(data=HOSTILE_TTL, format="turtle"))
    store.put_article(SPOOF_ARTICLE, Graph().parse(data=SPOOF_TTL, format="turtle"))
    return store


CLIENT_HEADERS = {"accept": "text/html"}  # for tests/conftest.py's client: these tests read pages


def _assert_inert(html: str) -> None:
    """No element or attribute the hostile text holds made it into the document as markup."""
    doc = lxml.html.fromstring(html)
    for element in doc.iter():
        assert element.tag not in ("img", "svg", "i", "b"), element.tag
        assert not any(name.startswith("on") for name in element.attrib), lxml.html.tostring(element)
    # Our own scripts only, and data: JSON-LD and the JSON the page's drawings and editor read
    assert all(s.get("type") in ("application/ld+json", "application/json") or (s.get("src") or "").startswith("/static/")
               for s in doc.xpath("//script"))
    assert all(not s.get("src") for s in doc.xpath("//script[@type]"))


@pytest.mark.parametrize("path", PAGES)
async def test_hostile_text_renders_escaped(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    _assert_inert(response.text)


async def test_hostile_text_is_shown_as_text(client: httpx.AsyncClient) -> None:
    doc = lxml.html.fromstring((await client.get("/page/article/2021-04-01-hostile")).text)
    assert doc.find(".//h1").text_content() == HEADLINE
    assert doc.find_class("mention")[0].text_content() == NAME
    person = lxml.html.fromstring((await client.get("/page/person/svg")).text)
    assert person.find(".//h1").text_content() == NAME


async def test_search_box_escapes_its_query(client: httpx.AsyncClient) -> None:
    query = '"><script>alert(6)</script>'
    response = await client.get("/search", params={"q": query})
    _assert_inert(response.text)
    doc = lxml.html.fromstring(response.text)
    assert doc.xpath('//input[@id="q"]/@value') == [query]
    assert doc.xpath('//input[@id="site-search"]/@value') == [query]


async def test_sparql_page_escapes_its_query(client: httpx.AsyncClient) -> None:
    query = "SELECT * WHERE { ?s ?p '</textarea><script>alert(7)</script>' }"
    response = await client.get("/sparql", params={"query": query}, headers={"accept": "text/html"})
    if response.headers.get("content-type", "").startswith("text/html"):
        _assert_inert(response.text)
    else:  # the endpoint answered with results: no HTML to inject into
        assert "<script>alert(7)" not in response.text or "html" not in response.headers["content-type"]
    form = await client.get("/sparql", headers={"accept": "text/html"})
    _assert_inert(form.text)


async def test_invisible_characters_are_shown_as_visible_marks(client: httpx.AsyncClient) -> None:
    """Bidirectional controls and zero-width characters never reach a page as themselves: each is shown as
    a mark naming it, in article text, headlines and names alike."""
    for path, marks in (("/page/article/2021-04-02-spoof", ["\u27e8U+202E\u27e9", "\u27e8U+202C\u27e9",
                                                          "\u27e8U+200B\u27e9"]),
                        ("/page/person/spoof", ["Maria\u27e8U+202E\u27e9Okafor"]),
                        ("/index/person", ["Maria\u27e8U+202E\u27e9Okafor"]),
                        ("/search?q=vote", ["Vote\u27e8U+200B\u27e9 counted"])):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert not any(c in response.text for c in "\u202e\u202c\u200b"), path
        for mark in marks:
            assert mark in response.text, (path, mark)


async def test_every_answer_carries_the_security_headers(client: httpx.AsyncClient) -> None:
    for path in ("/", "/page/person/svg", "/data/person/svg.ttl", "/sparql", "/page/person/nobody",
                 "/static/style.css", "/sparql?query=SELECT", "/health"):
        response = await client.get(path)
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy, (path, policy)
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin", path
    first = await client.get("/page/person/svg")
    again = await client.get("/page/person/svg", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.headers["x-content-type-options"] == "nosniff"
    preview = await client.get("/reconcile/preview", params={"id": "http://news.test/id/person/svg"})
    assert "frame-ancestors *" in preview.headers["content-security-policy"]  # OpenRefine frames it
