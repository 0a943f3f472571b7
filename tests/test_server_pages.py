"""server/pages.py, server/presenter.py and server/article_text.py: every page type, parsed as HTML."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator

import httpx
import lxml.html
import pytest
from lxml.html import HtmlElement
from rdflib import Graph, Literal, URIRef
from rdflib.compare import to_isomorphic

from graphbuild.stores import ArticleStore
from graphbuild.vocab import PROV, RDF, SDO, XSD
from server import catalog
from server.app import create_app
from server.article_text import Span, highlight_rules, paragraph_bounds, pieces
from server.description import as_graph, describe
from server.pages import script_json
from tests.test_server_data import (
    ARTICLE_1,
    BASE,
    CAMBRON,
    HOSTILE_NAME,
    build_news_store,
    parse_rdf,
    serving_settings,
)

pytestmark = pytest.mark.anyio

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
ARTICLE_PAGE = "/page/article/2021-03-19-cambron-meets-song-tao"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ArticleStore:
    return build_news_store(tmp_path_factory.mktemp("pages") / "store")


async def _client(store: ArticleStore) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(serving_settings(store), store))
    return httpx.AsyncClient(transport=transport, base_url="http://news.test", headers=BROWSER)


@pytest.fixture
async def client(store: ArticleStore) -> AsyncIterator[httpx.AsyncClient]:
    async with await _client(store) as c:
        yield c


async def _html(client: httpx.AsyncClient, path: str) -> HtmlElement:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(response.text)


def _text(element: HtmlElement) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def _section(doc: HtmlElement, heading: str) -> HtmlElement:
    for h in doc.iter("h2", "caption"):
        if _text(h) == heading:
            parent = h.getparent()
            assert parent is not None
            return parent
    raise AssertionError(f"no section {heading!r}")


def _links(element: HtmlElement) -> dict[str, str]:
    return {_text(a): a.get("href") for a in element.iter("a")}


def _embedded_jsonld(doc: HtmlElement) -> Graph:
    scripts = doc.xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1
    return parse_rdf(scripts[0].text, "json-ld")


# -- the person page ----------------------------------------------------------------------------------
async def test_person_page_header(client: httpx.AsyncClient) -> None:
    doc = await _html(client, "/page/person/rossana-cambron")
    assert _text(doc.find(".//h1")) == "Rossana Cambron"
    assert "Also known as: Cambron" in _text(doc.find_class("also")[0])
    assert doc.xpath('//meta[@name="viewport"]')
    assert _links(doc)["Timeline of Rossana Cambron"] == "/timeline?person=rossana-cambron"


async def test_person_page_shows_roles_over_time(client: httpx.AsyncClient) -> None:
    table = _section(await _html(client, "/page/person/rossana-cambron"), "Roles over time")
    headers = [_text(th) for th in table.xpath(".//thead//th")]
    assert headers == ["Role", "Organisation", "Date", "As stated"]
    row = [_text(td) for td in table.xpath(".//tbody/tr[1]/td")]
    assert row[0] == "national co-chair" and row[1] == "Communist Party USA"
    assert row[2] == "attested 2021-03-19"
    sentence = table.xpath(".//tbody/tr[1]/td[4]/blockquote")[0]  # the sentence that states the role, quoted
    assert _text(sentence) == "The Communist Party USA sent a delegation of five."
    assert _text(sentence.find(".//mark")) == "Communist Party USA"
    assert "Cambron meets Song Tao (2021-03-19) · see the passage" in row[3]
    links = _links(table)
    assert links["as stated 2021-03-19"] == "/page/membership/rossana-cambron-communist-party-usa-national-co-chair"
    assert links["national co-chair"] == "/page/role/national-co-chair"
    assert links["see the passage"] == (
        f"{ARTICLE_PAGE}#membership-rossana-cambron-communist-party-usa-national-co-chair")


async def test_person_page_shows_statements_in_their_sentence(client: httpx.AsyncClient) -> None:
    section = _section(await _html(client, "/page/person/rossana-cambron"), "Statements")
    quote = section.find(".//blockquote")
    assert _text(quote) == "Cambron said the talks were useful!"
    assert _text(quote.find(".//mark")) == "the talks were useful"
    links = _links(section)
    assert links["see the passage"] == f"{ARTICLE_PAGE}#statement-cambron-the-talks-were-useful"
    assert links["Cambron meets Song Tao in Beijing"] == "/page/event/2021-03-15-meeting-in-beijing"


async def test_person_page_shows_events_and_companions(client: httpx.AsyncClient) -> None:
    doc = await _html(client, "/page/person/rossana-cambron")
    events = _section(doc, "Events")
    cells = [_text(td) for td in events.xpath(".//tbody/tr[1]/td")]
    assert cells[0] == "2021-03-15" and cells[1].startswith("Cambron meets Song Tao in Beijing")
    assert cells[2] == "Beijing" and cells[3] == "attendee"
    related = _links(_section(doc, "Appears with"))
    assert related["Song Tao"] == "/page/person/song-tao"
    assert related["Communist Party USA"] == "/page/organisation/communist-party-usa"
    assert HOSTILE_NAME in related  # named in the Chicago article


async def test_person_page_quotes_the_sentence_around_each_mention_newest_first(client: httpx.AsyncClient) -> None:
    section = _section(await _html(client, "/page/person/rossana-cambron"), "Mentioned in")
    sources = [_text(p) for p in section.find_class("source")]
    assert sources == ["Cambron speaks in Chicago 2021-03-22", "Cambron meets Song Tao 2021-03-19"]
    quotes = [_text(q) for q in section.iter("blockquote")]
    assert quotes == ["In Chicago, Rossana Cambron spoke again.", "Rossana Cambron met Song Tao in Beijing on Monday.",
                      "Cambron said the talks were useful!"]


# -- organisation, event, statement, role and membership pages ----------------------------------------
async def test_organisation_page_shows_members_structure_and_statements(client: httpx.AsyncClient) -> None:
    doc = await _html(client, "/page/organisation/communist-party-usa")
    members = _section(doc, "Members and their roles")
    assert [_text(th) for th in members.xpath(".//thead//th")] == ["Person", "Role", "Date", "As stated"]
    assert _links(members)["Rossana Cambron"] == "/page/person/rossana-cambron"
    structure = _section(doc, "Structure")
    assert _links(structure)["CPUSA International Department"] == "/page/organisation/cpusa-international-department"
    sub = await _html(client, "/page/organisation/cpusa-international-department")
    assert _links(_section(sub, "Structure"))["Communist Party USA"] == "/page/organisation/communist-party-usa"


async def test_event_page_shows_date_place_participants_statements_sources(client: httpx.AsyncClient) -> None:
    doc = await _html(client, "/page/event/2021-03-15-meeting-in-beijing")
    facts = dict(zip([_text(dt) for dt in doc.iter("dt")], [_text(dd) for dd in doc.iter("dd")], strict=False))
    assert facts["Date"] == "2021-03-15" and facts["Place"] == "Beijing"
    assert facts["Participants"] == "Rossana Cambron, Song Tao"
    assert facts["Source articles"] == "Cambron meets Song Tao"
    statements = _section(doc, "Statements made there")
    assert "the talks were useful" in _text(statements) and _links(statements)["Rossana Cambron"]


async def test_statement_page(client: httpx.AsyncClient) -> None:
    doc = await _html(client, "/page/statement/cambron-the-talks-were-useful")
    assert _text(doc.find(".//blockquote")) == "the talks were useful"
    facts = dict(zip([_text(dt) for dt in doc.iter("dt")], [_text(dd) for dd in doc.iter("dd")], strict=False))
    assert facts["Kind"] == "Quotation (cue: “said”)" and facts["Said by"] == "Rossana Cambron"
    assert facts["Confidence"] == "0.9" and facts["At"] == "Cambron meets Song Tao in Beijing"
    assert "Cambron said the talks were useful!" in _text(_section(doc, "In its sentence"))


async def test_membership_and_role_pages(client: httpx.AsyncClient) -> None:
    doc = await _html(client, "/page/membership/rossana-cambron-communist-party-usa-national-co-chair")
    facts = dict(zip([_text(dt) for dt in doc.iter("dt")], [_text(dd) for dd in doc.iter("dd")], strict=False))
    assert facts["Person"] == "Rossana Cambron" and facts["Role"] == "national co-chair"
    assert facts["Organisation"] == "Communist Party USA" and facts["Date"] == "attested on 2021-03-19"
    role = await _html(client, "/page/role/national-co-chair")
    holders = _section(role, "Who held this role")
    assert [_text(td) for td in holders.xpath(".//tbody/tr[1]/td")][:3] == [
        "Rossana Cambron", "national co-chair", "Communist Party USA"]


# -- the article page ----------------------------------------------------------------------------------
async def test_article_page_marks_every_mention_with_a_link(client: httpx.AsyncClient) -> None:
    doc = await _html(client, ARTICLE_PAGE)
    assert _text(doc.find(".//h1")) == "Cambron meets Song Tao"
    mentions = [(_text(a), a.get("href")) for a in doc.find_class("mention")]
    assert mentions == [
        ("Rossana Cambron", "/page/person/rossana-cambron"), ("Song Tao", "/page/person/song-tao"),
        ("Beijing", "/page/place/beijing"), ("Communist Party USA", "/page/organisation/communist-party-usa"),
        ("Cambron", "/page/person/rossana-cambron"),
    ]
    text = doc.find_class("article-text")[0]
    assert [_text(p) for p in text.iter("p")][1] == "Cambron said the talks were useful! Nobody else spoke."


async def test_article_page_facts_target_their_spans(client: httpx.AsyncClient) -> None:
    doc = await _html(client, ARTICLE_PAGE)
    panel = doc.find_class("facts-panel")[0]
    facts = {_text(a): a.get("href") for a in panel.xpath('.//ol[@class="fact-list"]/li/a[1]')}
    anchor = "statement-cambron-the-talks-were-useful"
    assert facts["Quotation Rossana Cambron: the talks were useful"] == f"#{anchor}"
    # a fact without offsets is listed, with nothing to mark
    assert "Role Rossana Cambron: national co-chair, Communist Party USA" in _text(panel)
    # the anchor exists in the text, and every piece of the span carries the class the :has() rule marks
    assert doc.get_element_by_id(anchor) is not None
    assert "".join(e.text_content() for e in doc.find_class(f"s-{anchor}")) == "the talks were useful"
    style = doc.find(".//style").text
    assert f".article-text:has(#{anchor}:target) .s-{anchor}" in style
    # the mention anchors use the mention IRI's fragment
    assert doc.get_element_by_id("m0-15") is not None


async def test_article_page_shows_metadata_and_validation(client: httpx.AsyncClient) -> None:
    doc = await _html(client, ARTICLE_PAGE)
    panel = doc.find_class("facts-panel")[0]
    metadata = dict(zip([_text(dt) for dt in panel.iter("dt")], [_text(dd) for dd in panel.iter("dd")], strict=False))
    assert metadata["Source file"] == "cambron.txt" and metadata["Extractor version"] == "0.1.0"
    assert "Passed the SHACL gate" in _text(panel)
    checked = await _html(client, ARTICLE_PAGE + "?validate=true")
    assert checked.find_class("invalid") or checked.find_class("valid")  # the invented data is checked for real
    assert _links(doc)["Jane Reporter"] == "/page/person/jane-reporter"


# -- every page: JSON-LD, alternates, escaping ------------------------------------------------------------
@pytest.mark.parametrize("path", [
    "/page/person/rossana-cambron", ARTICLE_PAGE, "/page/event/2021-03-15-meeting-in-beijing",
    "/page/organisation/communist-party-usa", "/page/statement/cambron-the-talks-were-useful",
    "/page/membership/rossana-cambron-communist-party-usa-national-co-chair", "/page/place/beijing",
])
async def test_every_page_embeds_its_schema_org_description(client: httpx.AsyncClient, store: ArticleStore,
                                                            path: str) -> None:
    doc = await _html(client, path)
    embedded = _embedded_jsonld(doc)
    iri = URIRef(BASE + "id/" + path.removeprefix("/page/"))
    description = as_graph(describe(store.ox, str(iri)))
    assert len(embedded) > 0
    assert (iri, RDF.type, None) in embedded or "membership" in path  # org:Membership is no schema.org class
    assert set(to_isomorphic(embedded)) <= set(to_isomorphic(description))  # a part of the same data
    assert all(str(p).startswith("http://schema.org/") or p == RDF.type for p in embedded.predicates())
    assert doc.xpath('//link[@rel="alternate"][@type="text/turtle"]')


async def test_entity_page_points_to_its_data(client: httpx.AsyncClient) -> None:
    response = await client.get("/page/place/beijing")
    doc = lxml.html.fromstring(response.text)
    assert doc.xpath('//link[@rel="alternate"][@type="text/turtle"]/@href') == ["/data/place/beijing.ttl"]
    assert '</data/place/beijing.jsonld>; rel="alternate"; type="application/ld+json"' in response.headers["link"]
    assert '</.well-known/void>; rel="describedby"' in response.headers["link"]


async def test_hostile_name_is_escaped(client: httpx.AsyncClient) -> None:
    response = await client.get("/page/person/mallory")
    assert "<script>alert(1)" not in response.text
    doc = lxml.html.fromstring(response.text)
    assert _text(doc.find(".//h1")) == HOSTILE_NAME
    assert all(s.get("src").startswith("/static/") for s in doc.xpath("//script[@src]"))  # ours only
    drawn = doc.xpath("//script[@id='entity-views']")
    assert not drawn or HOSTILE_NAME in json.loads(drawn[0].text)["network"]["nodes"][0]["data"]["label"]
    scripts = doc.xpath("//script[@type='application/ld+json']")
    assert len(scripts) == 1  # the JSON-LD block is not closed early by the name inside it
    assert any(n.get("name") == HOSTILE_NAME for n in json.loads(scripts[0].text)["@graph"])


async def test_merged_and_unknown_pages(client: httpx.AsyncClient) -> None:
    response = await client.get("/page/person/nobody")
    assert response.status_code == 404 and "no entity" in response.text


# -- home, indexes, search, timeline -------------------------------------------------------------------
@pytest.mark.parametrize(("kind", "heading", "count"), [
    ("article", "Articles", 2), ("person", "People", 4), ("organisation", "Organisations", 2),
    ("place", "Places", 2), ("event", "Events", 1), ("statement", "Statements", 1), ("role", "Roles", 1),
])
async def test_home_counts_each_type_once(client: httpx.AsyncClient, kind: str, heading: str, count: int) -> None:
    table = _section(await _html(client, "/"), "The dataset")
    rows = {_text(tr.find("th")): _text(tr.find("td")) for tr in table.iter("tr")}
    assert rows[heading] == str(count)


async def test_home_counts_distinct_triples_and_lists_recent_articles(client: httpx.AsyncClient,
                                                                      store: ArticleStore) -> None:
    doc = await _html(client, "/")
    rows = {_text(tr.find("th")): _text(tr.find("td")) for tr in _section(doc, "The dataset").iter("tr")}
    assert rows["Triples"] == str(store.triple_count())
    recent = [_text(li) for li in _section(doc, "Recent articles").iter("li")]
    assert recent == ["Cambron speaks in Chicago 2021-03-22", "Cambron meets Song Tao 2021-03-19"]


async def test_index_lists_entities_sorted_by_name(client: httpx.AsyncClient) -> None:
    doc = await _html(client, "/index/person")
    names = [_text(a) for a in doc.xpath('//ul[@class="index"]/li/a')]
    assert names == ["Jane Reporter", "Rossana Cambron", HOSTILE_NAME, "Song Tao"]  # by letters: <script> as "script"
    reverse = await _html(client, "/index/person?order=desc")
    assert [_text(a) for a in reverse.xpath('//ul[@class="index"]/li/a')] == names[::-1]


async def test_index_sorts_by_date(client: httpx.AsyncClient) -> None:
    newest = await _html(client, "/index/article?sort=date&order=desc")
    assert [_text(li) for li in newest.xpath('//ul[@class="index"]/li')] == [
        "Cambron speaks in Chicago 2021-03-22", "Cambron meets Song Tao 2021-03-19"]
    response = await client.get("/index/person?sort=date", headers={"accept": "text/plain"})
    assert response.status_code == 400 and "sort" in response.text


async def test_index_of_an_unknown_type_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/index/planet", headers={"accept": "text/plain"})
    assert response.status_code == 404 and "planet" in response.text


@pytest.mark.parametrize("page", ["0", "-1", "two"])
async def test_index_page_must_be_a_positive_integer(client: httpx.AsyncClient, page: str) -> None:
    response = await client.get("/index/person", params={"page": page}, headers={"accept": "text/plain"})
    assert response.status_code == 400 and "page" in response.text


async def test_timeline_by_date_with_filters(client: httpx.AsyncClient) -> None:
    everything = await _html(client, "/timeline")
    items = [_text(li) for li in everything.xpath('//ul[@class="timeline"]/li')]
    assert items == ["2021-03-22 Article Cambron speaks in Chicago", "2021-03-19 Article Cambron meets Song Tao",
                     "2021-03-15 Event Cambron meets Song Tao in Beijing"]
    song = await _html(client, "/timeline?person=song-tao&order=asc")
    assert [_text(li) for li in song.xpath('//ul[@class="timeline"]/li')] == [
        "2021-03-15 Event Cambron meets Song Tao in Beijing", "2021-03-19 Article Cambron meets Song Tao"]
    assert "Timeline of Song Tao" in _text(song.find(".//h1"))
    party = await _html(client, "/timeline?organisation=communist-party-usa&year=2021")
    assert [_text(li) for li in party.xpath('//ul[@class="timeline"]/li')] == ["2021-03-19 Article Cambron meets Song Tao"]
    unknown = await client.get("/timeline?person=nobody", headers={"accept": "text/plain"})
    assert unknown.status_code == 400 and "person parameter" in unknown.text


@pytest.fixture(scope="module")
def crowded_store(tmp_path_factory: pytest.TempPathFactory) -> ArticleStore:
    """A store with 230 places, for pagination."""
    store = ArticleStore.open(tmp_path_factory.mktemp("crowded") / "store")
    graph = Graph()
    article = URIRef(f"{BASE}id/article/atlas")
    graph.add((article, RDF.type, SDO.NewsArticle))
    for n in range(230):
        place = URIRef(f"{BASE}id/place/town-{n:03d}")
        graph.add((place, RDF.type, SDO.Place))
        graph.add((place, SDO.name, Literal(f"Town {n:03d}")))
    store.put_article(str(article), graph)
    return store


async def test_index_is_paginated_by_100(crowded_store: ArticleStore) -> None:
    async with await _client(crowded_store) as client:
        pages = [await client.get(f"/index/place?page={n}") for n in (1, 2, 3)]
        past_the_end = await client.get("/index/place?page=4")
    names = [re.findall(r">(Town \d+)</a>", r.text) for r in pages]
    assert [len(n) for n in names] == [100, 100, 30]
    assert names[0][0] == "Town 000" and names[1][0] == "Town 100" and names[2][-1] == "Town 229"
    assert 'rel="next" href="/index/place?page=2"' in pages[0].text and 'rel="prev"' not in pages[0].text
    assert 'rel="prev" href="/index/place?page=2"' in pages[2].text and 'rel="next"' not in pages[2].text
    assert "page 3 of 3" in pages[2].text
    assert past_the_end.status_code == 404


async def test_unknown_path_gets_our_error_shape(client: httpx.AsyncClient) -> None:
    response = await client.get("/nowhere", headers={"accept": "application/json"})
    assert response.status_code == 404
    assert response.json() == {"error": {"status": 404, "message": "no resource at path /nowhere"}}


async def test_stylesheet_is_served_with_print_and_phone_rules(client: httpx.AsyncClient) -> None:
    response = await client.get("/static/style.css")
    assert response.status_code == 200 and "@media print" in response.text and "max-width: 48rem" in response.text


# -- the pure parts ------------------------------------------------------------------------------------
def test_script_json_cannot_close_the_script_element() -> None:
    text = script_json(json.dumps({"name": "</script><script>alert(1)</script> & more"}).encode())
    assert "</" not in text and "<" not in text and "&" not in text
    assert json.loads(str(text)) == {"name": "</script><script>alert(1)</script> & more"}


def test_pieces_cut_overlapping_spans_and_link_the_innermost_mention() -> None:
    body = "The International Department of the Party met.\n\nSecond paragraph."
    outer = Span(4, 41, "m4-41", "/page/organisation/dept", "Department")
    inner = Span(36, 41, "m36-41", "/page/organisation/party", "Party")
    fact = Span(0, 46, "event-x")
    paragraphs = pieces(body, [outer, inner, fact, Span(0, 999, "bad"), Span(0, 3, "no spaces")])
    first = paragraphs[0]
    assert "".join(p.text for p in first) == "The International Department of the Party met."
    assert [(p.text, p.href) for p in first] == [
        ("The ", None), ("International Department of the ", "/page/organisation/dept"),
        ("Party", "/page/organisation/party"), (" met.", None)]
    assert first[0].anchors == ("event-x",) and first[1].anchors == ("m4-41",) and first[2].anchors == ("m36-41",)
    assert all("s-event-x" in p.classes for p in first)
    assert [p.text for p in paragraphs[1]] == ["Second paragraph."]


def test_paragraph_bounds_skip_blank_lines() -> None:
    body = "  One.\n\n\nTwo\nlines.\n\n"
    assert [body[a:b] for a, b in paragraph_bounds(body)] == ["One.", "Two\nlines."]


def test_highlight_rules_skip_unsafe_anchors() -> None:
    rules = highlight_rules([Span(0, 1, "m0-1"), Span(0, 1, "x) body{color:red"), Span(0, 1, "m0-1")])
    assert rules == [".article-text:has(#m0-1:target) .s-m0-1"]


def test_description_of_a_person_is_built_once_for_every_renderer(store: ArticleStore) -> None:
    description = describe(store.ox, CAMBRON)
    graph = as_graph(description)
    assert (URIRef(CAMBRON), SDO.name, Literal("Rossana Cambron")) in graph
    assert (URIRef(ARTICLE_1), SDO.headline, Literal("Cambron meets Song Tao")) in graph


def test_mentioned_in_shows_a_sentence_once_however_often_it_names_the_entity() -> None:
    from server.presenter import _one_per_sentence
    from server.snippets import sentence_around

    body = "Ana Ruiz met Bo. Ana Ruiz said Ana would stay. Then Ana left."
    found = [(start, sentence_around(body, start, start + 3)) for start in (0, 17, 31, 52)]
    kept = _one_per_sentence([(s, snippet) for s, snippet in found if snippet is not None])
    assert [k.before + k.mention + k.after for k in kept] == [
        "Ana Ruiz met Bo.", "Ana Ruiz said Ana would stay.", "Then Ana left."]
    assert kept[1].before == "" and kept[1].mention == "Ana"  # the sentence's first mention is marked


def test_links_of_the_same_name_are_listed_in_one_order_whatever_the_order_of_the_triples() -> None:
    """Two servers (``serve --workers 2``) or two restarts write the same page, so its ETag holds: links
    that read alike are ordered by where they go, not by the process's string hashes."""
    from server.description import Description
    from server.presenter import Presenter

    chair = "<http://schema.org/name> \"chair\" .\n"
    lines = [f"<{BASE}id/membership/{n}> {chair}" for n in ("b", "a", "c")]
    lines += [f"<{BASE}id/membership/{n}> <http://www.w3.org/ns/org#role> <{BASE}id/role/chair> .\n" for n in "bac"]
    own = f"<{BASE}id/role/chair> <http://www.w3.org/2004/02/skos/core#prefLabel> \"chair\" .\n"
    orders = [own + "".join(lines), own + "".join(reversed(lines))]
    rows = [Presenter(BASE, Description(f"{BASE}id/role/chair", text)).incoming() for text in orders]
    assert rows[0] == rows[1]
    assert [link.href for link in rows[0][0].values] == [f"/page/membership/{n}" for n in "abc"]


@pytest.fixture(scope="module")
def dated_store(tmp_path_factory: pytest.TempPathFactory) -> ArticleStore:
    """One article of 2024-05-04 reporting events dated to the day, the month and the year, two of them ahead."""
    from graphbuild.emit import _add_date_bounds

    store = ArticleStore.open(tmp_path_factory.mktemp("dated") / "store")
    graph = Graph()
    article = URIRef(f"{BASE}id/article/2024-05-04-congress")
    graph.add((article, RDF.type, SDO.NewsArticle))
    graph.add((article, SDO.headline, Literal("Congress called")))
    graph.add((article, SDO.datePublished, Literal("2024-05-04", datatype=XSD.date)))
    for slug, date, datatype in (("strike", "2024-03-02", XSD.date), ("vote", "2024", XSD.gYear),
                                 ("rally", "2024-09", XSD.gYearMonth), ("congress", "2026", XSD.gYear),
                                 ("founding", "1921", XSD.gYear)):
        event = URIRef(f"{BASE}id/event/{slug}")
        graph.add((event, RDF.type, SDO.Event))
        graph.add((event, SDO.name, Literal(slug.title())))
        graph.add((event, SDO.startDate, Literal(date, datatype=datatype)))
        graph.add((event, PROV.wasDerivedFrom, article))
        _add_date_bounds(graph, event, date)
    store.put_article(str(article), graph)
    return store


async def test_timeline_puts_a_year_or_month_where_its_span_starts_or_ends_and_marks_planned_events(
        dated_store: ArticleStore) -> None:
    async with await _client(dated_store) as client:
        oldest = await _html(client, "/timeline?order=asc")
        assert [_text(li) for li in oldest.xpath('//ul[@class="timeline"]/li')] == [
            "1921 Event Founding", "2024 Event Vote", "2024-03-02 Event Strike", "2024-05-04 Article Congress called",
            "2024-09 Event planned Rally", "2026 Event planned Congress"]
        newest = await _html(client, "/timeline")
        assert [_text(li) for li in newest.xpath('//ul[@class="timeline"]/li')] == [
            "2026 Event planned Congress", "2024 Event Vote", "2024-09 Event planned Rally",
            "2024-05-04 Article Congress called", "2024-03-02 Event Strike", "1921 Event Founding"]
        assert [_text(h) for h in newest.xpath("//section[@class='month']/h2")][:2] == [
            "2026 (the year only)", "2024 (the year only)"]
        planned = newest.xpath("//li[contains(@class, 'planned')]//a")
        assert [_text(a) for a in planned] == ["Congress", "Rally"]


# -- cite this ---------------------------------------------------------------------------------------
async def test_fact_pages_name_their_source_and_give_a_citation_in_three_forms(client: httpx.AsyncClient) -> None:
    for path in ("/page/statement/cambron-the-talks-were-useful",
                 "/page/membership/rossana-cambron-communist-party-usa-national-co-chair", ARTICLE_PAGE):
        doc = await _html(client, path)
        text = _text(doc)
        assert "CPUSA International Department" in text and "Jane Reporter" in text, path
        assert doc.xpath("//a[@href='http://example.org/news/cambron-meets-song-tao']"), path
        plain = _text(doc.get_element_by_id("cite-plain"))
        assert plain.startswith("“the talks were useful”, Rossana Cambron (statement). From: Jane Reporter. "
                                "“Cambron meets Song Tao.” CPUSA International Department, 2021-03-19. "
                                "http://example.org/news/cambron-meets-song-tao In newsgraph") or path != doc, plain
        iri = f"{BASE}id/{path.split('/page/', 1)[1]}"
        assert iri in plain, (path, plain)  # the newsgraph page, by its IRI
        bibtex = doc.get_element_by_id("cite-bibtex").text_content()
        assert "@article{cambronmeetssong2021," in bibtex and "journal = {CPUSA International Department}" in bibtex
        assert f"url = {{{iri}}}" in bibtex
        items = json.loads(doc.get_element_by_id("cite-csl").text_content())
        assert [i["type"] for i in items] == ["article-newspaper", "dataset"]
        assert items[0]["issued"] == {"date-parts": [[2021, 3, 19]]} and items[0]["container-title"] == (
            "CPUSA International Department") and items[1]["URL"] == iri
        assert doc.xpath("//button[@data-copy='cite-plain']"), path


def test_an_articles_source_reads_the_same_by_look_ups_and_by_one_query(store: ArticleStore) -> None:
    """Pattern look-ups on an embedded store, one SPARQL query on a remote one: the same citation either way."""
    article = BASE + "id/article/" + ARTICLE_PAGE.rsplit("/", 1)[1]
    by_look_ups = catalog.article_source(store.ox, article)
    assert by_look_ups is not None and by_look_ups == catalog.article_source(store.ox, article, remote=True)
    assert (by_look_ups.headline, by_look_ups.date, by_look_ups.authors, by_look_ups.publisher, by_look_ups.url) == (
        "Cambron meets Song Tao", "2021-03-19", ("Jane Reporter",), "CPUSA International Department",
        "http://example.org/news/cambron-meets-song-tao")
    for remote in (False, True):
        assert catalog.article_source(store.ox, BASE + "id/article/no-such-article", remote=remote) is None


async def test_a_person_page_has_no_citation_block(client: httpx.AsyncClient) -> None:
    assert not (await _html(client, "/page/person/rossana-cambron")).xpath("//section[@class='cite']")


async def test_timeline_and_index_filters_take_names_as_people_type_them(client: httpx.AsyncClient) -> None:
    by_name = await _html(client, "/timeline?person=Song+Tao&order=asc")
    assert "Timeline of Song Tao" in _text(by_name.find(".//h1"))
    assert [_text(li) for li in by_name.xpath('//ul[@class="timeline"]/li')] == [
        "2021-03-15 Event Cambron meets Song Tao in Beijing", "2021-03-19 Article Cambron meets Song Tao"]
    assert by_name.xpath("//input[@name='person']/@value") == ["Song Tao"]  # the name, not a slug, stays
    typo = await _html(client, "/timeline?organisation=communist+party+usaa")
    assert "Timeline of Communist Party USA" in _text(typo.find(".//h1"))
    unknown = await client.get("/timeline?person=Nobody+Atall", headers={"accept": "text/plain"})
    assert unknown.status_code == 400 and "names no person" in unknown.text
    filtered = await _html(client, "/index/person?q=cambrn")
    assert [_text(a) for a in filtered.xpath('//ol[@class="results"]/li/a')] == ["Rossana Cambron"]
    assert [a.get("href") for a in filtered.xpath("//p[@class='exports']/a")] == [
        "/search.csv?q=cambrn&kind=person", "/search.json?q=cambrn&kind=person"]
    assert (await _html(client, "/index/person")).xpath("//input[@data-suggest='person']")
