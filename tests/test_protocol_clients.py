"""Real SPARQL clients against the real server: SPARQLWrapper in every result format, rdflib's
SPARQLStore, and httpx."""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests.sparql_live import LiveServer, build_protocol_store, live_server
from tests.test_server_data import CAMBRON

SCHEMA = "PREFIX schema: <http://schema.org/>\n"
SELECT = SCHEMA + "SELECT ?p ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name"
ASK = f"ASK {{ <{CAMBRON}> ?p ?o }}"
CONSTRUCT = SCHEMA + "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Person ; schema:name ?n }"
DESCRIBE = f"DESCRIBE <{CAMBRON}>"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("clients") / "store"
    build_protocol_store(folder)
    with live_server(folder) as live:
        yield live


def _wrapper(server: LiveServer, query: str, fmt: str, method: str) -> Any:
    client = SPARQLWrapper(server.url)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdflib's JSON-LD parser warns about its own deprecations
        return client.query().convert()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_in_every_table_format(server: LiveServer, method: str) -> None:
    names_json = [b["name"]["value"] for b in _wrapper(server, SELECT, JSON, method)["results"]["bindings"]]
    assert len(names_json) == 4 and "Rossana Cambron" in names_json
    xml = _wrapper(server, SELECT, XML, method)
    literals = [n.firstChild.data for n in xml.getElementsByTagName("literal")]
    assert literals == names_json
    rows = list(csv.DictReader(io.StringIO(_wrapper(server, SELECT, CSV, method).decode())))
    assert [r["name"] for r in rows] == names_json
    tsv = _wrapper(server, SELECT, TSV, method).decode().splitlines()
    assert tsv[0] == "?p\t?name" and len(tsv) == 5


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_ask(server: LiveServer, method: str) -> None:
    assert _wrapper(server, ASK, JSON, method)["boolean"] is True
    xml = _wrapper(server, ASK, XML, method)
    assert xml.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, XML, JSONLD])
def test_sparqlwrapper_construct_in_every_graph_format(server: LiveServer, fmt: str) -> None:
    for method in ("GET", "POST"):
        result = _wrapper(server, CONSTRUCT, fmt, method)
        graph = result if isinstance(result, Graph) else Graph().parse(data=result, format="turtle")
        assert len(graph) == 4 and (URIRef(CAMBRON), URIRef("http://schema.org/name"), Literal("Rossana Cambron")) in graph


def test_sparqlwrapper_describe(server: LiveServer) -> None:
    result = _wrapper(server, DESCRIBE, TURTLE, "GET")
    graph = Graph().parse(data=result, format="turtle")
    assert (None, None, URIRef(CAMBRON)) in graph and (URIRef(CAMBRON), None, None) in graph


def test_rdflib_sparqlstore(server: LiveServer) -> None:
    graph = Graph(store=SPARQLStore(server.url, returnFormat="json"))
    names = sorted(str(row.name) for row in graph.query(SELECT))  # type: ignore[union-attr]
    assert len(names) == 4 and "Rossana Cambron" in names
    assert graph.query(ASK).askAnswer is True
    triples = list(graph.triples((URIRef(CAMBRON), URIRef("http://schema.org/name"), None)))
    assert [str(o) for _, _, o in triples] == ["Rossana Cambron"]


def test_httpx_async_and_sync(server: LiveServer) -> None:
    import anyio

    async def fetch() -> list[int]:
        async with httpx.AsyncClient() as client:
            responses = [await client.get(server.url, params={"query": ASK}) for _ in range(3)]
        return [r.status_code for r in responses]

    assert anyio.run(fetch) == [200, 200, 200]
    response = httpx.post(server.url, data={"query": SELECT}, headers={"accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv") and "Rossana Cambron" in response.text
