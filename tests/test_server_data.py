"""The invented dataset the server tests run on, plus checks that it follows docs/data-model.md.

Two articles as named graphs: the first names Rossana Cambron twice, Song Tao, Beijing and the
Communist Party USA; the second names Cambron again, Chicago, and a person whose name is hostile
HTML. The server test modules import ``build_news_store`` and build their own store from it.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef

from graphbuild.settings import Settings
from graphbuild.stores import ArticleStore, Store, open_store
from graphbuild.stores.remote import RemoteStore
from graphbuild.vocab import NG

BASE = "http://news.test/"
ARTICLE_1 = f"{BASE}id/article/2021-03-19-cambron-meets-song-tao"
ARTICLE_2 = f"{BASE}id/article/2021-03-22-cambron-speaks-in-chicago"
CAMBRON = f"{BASE}id/person/rossana-cambron"
MALLORY = f"{BASE}id/person/mallory"
HOSTILE_NAME = "<script>alert(1)</script>"

BODY_1 = (
    "Rossana Cambron met Song Tao in Beijing on Monday. The Communist Party USA sent a delegation of five."
    "\n\nCambron said the talks were useful! Nobody else spoke."
)
BODY_2 = "In Chicago, Rossana Cambron spoke again. Her guest <script>alert(1)</script> did not."

PREFIXES = f"""
@prefix schema: <http://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ng: <https://w3id.org/newsgraph/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix person: <{BASE}id/person/> .
@prefix place: <{BASE}id/place/> .
@prefix organisation: <{BASE}id/organisation/> .
@prefix membership: <{BASE}id/membership/> .
@prefix role: <{BASE}id/role/> .
@prefix event: <{BASE}id/event/> .
@prefix statement: <{BASE}id/statement/> .
"""

ARTICLE_1_TTL = PREFIXES + """
<{a}> a schema:NewsArticle ;
    schema:headline "Cambron meets Song Tao" ;
    schema:datePublished "2021-03-19"^^xsd:date ;
    schema:author person:jane-reporter ;
    schema:publisher organisation:cpusa-international-department ;
    schema:url <http://example.org/news/cambron-meets-song-tao> ;
    schema:articleBody \"\"\"{body}\"\"\" ;
    schema:mentions person:rossana-cambron, person:song-tao, place:beijing,
        organisation:communist-party-usa ;
    ng:contentHash "0000" ; ng:extractorVersion "0.1.0" ; ng:sourceName "cambron.txt" .

<{a}#m0-15> a ng:Mention ; ng:mentionOf person:rossana-cambron ; ng:inArticle <{a}> ;
    ng:startOffset 0 ; ng:endOffset 15 ; ng:anchorText "Rossana Cambron" .
<{a}#m20-28> a ng:Mention ; ng:mentionOf person:song-tao ; ng:inArticle <{a}> ;
    ng:startOffset 20 ; ng:endOffset 28 ; ng:anchorText "Song Tao" .
<{a}#m32-39> a ng:Mention ; ng:mentionOf place:beijing ; ng:inArticle <{a}> ;
    ng:startOffset 32 ; ng:endOffset 39 ; ng:anchorText "Beijing" .
<{a}#m55-74> a ng:Mention ; ng:mentionOf organisation:communist-party-usa ; ng:inArticle <{a}> ;
    ng:startOffset 55 ; ng:endOffset 74 ; ng:anchorText "Communist Party USA" .
<{a}#m103-110> a ng:Mention ; ng:mentionOf person:rossana-cambron ; ng:inArticle <{a}> ;
    ng:startOffset 103 ; ng:endOffset 110 ; ng:anchorText "Cambron" .

person:jane-reporter a schema:Person ; schema:name "Jane Reporter" .
person:rossana-cambron a schema:Person ; schema:name "Rossana Cambron" ; schema:alternateName "Cambron" .
person:song-tao a schema:Person ; schema:name "Song Tao" .
place:beijing a schema:Place ; schema:name "Beijing" .
organisation:communist-party-usa a schema:Organization ; schema:name "Communist Party USA" ;
    schema:alternateName "CPUSA" .
organisation:cpusa-international-department a schema:Organization ; schema:name "CPUSA International Department" ;
    schema:parentOrganization organisation:communist-party-usa .

membership:rossana-cambron-communist-party-usa-national-co-chair a org:Membership ;
    org:member person:rossana-cambron ; org:organization organisation:communist-party-usa ;
    org:role role:national-co-chair ; prov:wasDerivedFrom <{a}> ; ng:startOffset 55 ; ng:endOffset 74 ;
    ng:attestedOn "2021-03-19"^^xsd:date .
role:national-co-chair a org:Role ; skos:prefLabel "national co-chair" .

event:2021-03-15-meeting-in-beijing a schema:Event, ng:Meeting ;
    schema:name "Cambron meets Song Tao in Beijing" ; schema:startDate "2021-03-15"^^xsd:date ;
    schema:location place:beijing ;
    schema:attendee person:rossana-cambron, person:song-tao ;
    prov:wasDerivedFrom <{a}> ; ng:startOffset 0 ; ng:endOffset 50 .

statement:cambron-the-talks-were-useful a schema:Quotation ;
    schema:text "the talks were useful" ; schema:creator person:rossana-cambron ;
    schema:isPartOf <{a}> ; ng:startOffset 116 ; ng:endOffset 137 ; ng:cue "said" ;
    ng:confidence 0.9 ; ng:atEvent event:2021-03-15-meeting-in-beijing .
""".format(a=ARTICLE_1, body=BODY_1.replace("\n", "\\n"))

ARTICLE_2_TTL = PREFIXES + f"""
<{ARTICLE_2}> a schema:NewsArticle ;
    schema:headline "Cambron speaks in Chicago" ;
    schema:datePublished "2021-03-22"^^xsd:date ;
    schema:articleBody "{BODY_2}" ;
    schema:mentions person:rossana-cambron, person:mallory, place:chicago ;
    ng:contentHash "1111" ; ng:extractorVersion "0.1.0" ; ng:sourceName "chicago.txt" .

<{ARTICLE_2}#m3-10> a ng:Mention ; ng:mentionOf place:chicago ; ng:inArticle <{ARTICLE_2}> ;
    ng:startOffset 3 ; ng:endOffset 10 ; ng:anchorText "Chicago" .
<{ARTICLE_2}#m12-27> a ng:Mention ; ng:mentionOf person:rossana-cambron ; ng:inArticle <{ARTICLE_2}> ;
    ng:startOffset 12 ; ng:endOffset 27 ; ng:anchorText "Rossana Cambron" .
<{ARTICLE_2}#m51-76> a ng:Mention ; ng:mentionOf person:mallory ; ng:inArticle <{ARTICLE_2}> ;
    ng:startOffset 51 ; ng:endOffset 76 ; ng:anchorText "<script>alert(1)</script>" .

person:rossana-cambron a schema:Person ; schema:name "Rossana Cambron" ; schema:alternateName "Cambron" .
person:mallory a schema:Person ; schema:name "<script>alert(1)</script>" .
place:chicago a schema:Place ; schema:name "Chicago" .
"""


def article_graphs() -> dict[str, Graph]:
    return {
        ARTICLE_1: Graph().parse(data=ARTICLE_1_TTL, format="turtle"),
        ARTICLE_2: Graph().parse(data=ARTICLE_2_TTL, format="turtle"),
    }


def parse_rdf(data: str | bytes, rdflib_format: str) -> Graph:
    """``data`` parsed with rdflib, whose own JSON-LD and N-Quads parsers warn about its deprecated classes."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        if rdflib_format in ("trig", "nquads"):
            return Dataset().parse(data=data, format=rdflib_format)
        return Graph().parse(data=data, format=rdflib_format)


def open_test_store(folder: Path) -> Store:
    """A writable store at ``folder``: embedded, or an Oxigraph server there (NEWSGRAPH_TEST_BACKEND)."""
    from tests.backends import REMOTE, served_url

    return open_store(served_url(folder)) if REMOTE else ArticleStore.open(folder)


def build_news_store(folder: Path) -> Store:
    """A writable store at ``folder`` holding the two articles (see open_test_store)."""
    store = open_test_store(folder)
    for iri, graph in article_graphs().items():
        store.put_article(iri, graph)
    return store


def news_settings(where: Path | Store) -> Settings:
    """Settings for serving ``where``: a store, or the folder of one (its Oxigraph server's URL if it has one).
    A remote store's site index is named as a deployment names it: a file beside the server's folder."""
    from tests.backends import remote_url, served_folder

    if isinstance(where, RemoteStore):
        folder = served_folder(where.endpoints.query)
        assert folder is not None, "a remote store of the tests is a session server's folder"
        return Settings(base_iri=BASE, store=where.endpoints.query, search_index=f"{folder}.index.sqlite3")
    folder = where.path if isinstance(where, ArticleStore) else where
    assert folder is not None, "an in-memory store has no settings to serve it by"
    url = remote_url(folder)
    if url is None:
        return Settings(base_iri=BASE, store=folder)
    return Settings(base_iri=BASE, store=url, search_index=f"{folder}.index.sqlite3")


def serving_settings(store: Store, **overrides: Any) -> Settings:
    """``news_settings`` of ``store`` (with ``overrides``) after building its site index as `newsgraph index`
    does: a server never builds it at start-up."""
    from server.maintenance import build_site_index

    settings = news_settings(store).with_overrides(**overrides)
    build_site_index(store, settings)
    return settings


def test_every_mention_offset_points_at_its_anchor_text() -> None:
    bodies = {ARTICLE_1: BODY_1, ARTICLE_2: BODY_2}
    for iri, graph in article_graphs().items():
        mentions = list(graph.subjects(NG.mentionOf, None))
        assert mentions
        for mention in mentions:
            start = int(str(graph.value(mention, NG.startOffset)))
            end = int(str(graph.value(mention, NG.endOffset)))
            assert bodies[iri][start:end] == str(graph.value(mention, NG.anchorText))


def test_body_in_the_graph_is_the_body_the_offsets_index_into() -> None:
    graphs = article_graphs()
    body = graphs[ARTICLE_1].value(URIRef(ARTICLE_1), URIRef("http://schema.org/articleBody"))
    assert str(body) == BODY_1


def test_store_default_graph_holds_a_shared_triple_once(tmp_path: Path) -> None:
    store = build_news_store(tmp_path / "store")
    result = store.ox.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ <{CAMBRON}> a ?type }}")
    assert [int(row["n"].value) for row in result] == [1]  # type: ignore[union-attr]
