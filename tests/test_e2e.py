"""End to end: build the example article into a fresh store on disk, start the real server with
uvicorn (``newsgraph serve``) on a free loopback port, and talk to it over HTTP with real clients."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF
from SPARQLWrapper import JSON, SPARQLWrapper

from tests.backends import REMOTE, served_url, stop_process, wait_until_answering
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SDO = Namespace("http://schema.org/")
NEWSGRAPH = [sys.executable, "-m", "graphbuild.cli"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("e2e") / "store"
    store = served_url(folder) if REMOTE else str(folder)  # the CLI builds into and serves either
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    # A remote store's site index is a file the deployment names, for build and serve alike.
    env = {**os.environ, "NEWSGRAPH_SEARCH_INDEX": str(folder.with_name("index.sqlite3"))} if REMOTE else None
    built = subprocess.run([*NEWSGRAPH, "build", str(EXAMPLES), "--store", store, "--base-iri", base],
                           capture_output=True, text=True, timeout=300, env=env)
    assert built.returncode == 0, built.stderr
    assert "added 1, replaced 0, unchanged 0, rejected 0" in built.stderr
    proc = subprocess.Popen([*NEWSGRAPH, "serve", "--store", store, "--port", str(port), "--base-iri", base],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    try:
        wait_until_answering(proc, base, "newsgraph serve", timeout=60)
        yield base
    finally:
        stop_process(proc, timeout=10)


def deref(base: str, path: str, accept: str) -> httpx.Response:
    first = httpx.get(base + path, headers={"Accept": accept}, follow_redirects=False)
    assert first.status_code == 303 and "Accept" in first.headers["vary"]
    return httpx.get(base + path, headers={"Accept": accept}, follow_redirects=True)


@pytest.mark.parametrize("path,cls", [("id/person/rossana-cambron", SDO.Person),
                                      ("id/organisation/communist-party-usa", SDO.Organization)])
@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_entities_dereference_as_rdf(server: str, path: str, cls: URIRef, accept: str, fmt: str) -> None:
    response = deref(server, path, accept)
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format=fmt)
    assert (URIRef(server + path), RDF.type, cls) in graph


@pytest.mark.parametrize("path,name", [("id/person/rossana-cambron", "Rossana Cambron"),
                                       ("id/organisation/communist-party-usa", "Communist Party USA")])
def test_entities_dereference_as_html_with_the_sentence(server: str, path: str, name: str) -> None:
    response = deref(server, path, "text/html")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert name in html
    assert "China and U.S. CP leaders meet" in html  # the article that mentions it
    assert "<mark>" in html  # the mention, highlighted in its sentence


def test_person_page_shows_the_sentence_that_mentions_her(server: str) -> None:
    html = deref(server, "id/person/rossana-cambron", "text/html").text
    assert "national co-chair of the CPUSA" in html


def test_sparql_counts_the_people_the_article_names(server: str) -> None:
    client = SPARQLWrapper(server + "sparql")
    client.setQuery("PREFIX schema: <http://schema.org/> SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }")
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    names = sorted(r["name"]["value"] for r in rows)
    for expected in ("Rossana Cambron", "Alvaro Rodriguez", "Tony Pecinovsky", "Zhou", "Yinchun", "Maicol",
                     "Angela Davis", "Bernie Sanders"):
        assert expected in names
    for boilerplate in ("Zheng C", "Conlan"):
        assert boilerplate not in names
    assert len(names) == len(set(names))
    count = httpx.get(server + "sparql", params={
        "query": "SELECT (COUNT(*) AS ?n) WHERE { ?p a <http://schema.org/Person> }"},
        headers={"Accept": "application/sparql-results+json"})
    assert int(json.loads(count.text)["results"]["bindings"][0]["n"]["value"]) == len(names)


def test_a_bad_query_is_a_400_in_plain_text(server: str) -> None:
    response = httpx.get(server + "sparql", params={"query": "SELECT WHERE {"})
    assert response.status_code == 400
    assert "Traceback" not in response.text


def test_home_page_shows_counts(server: str) -> None:
    response = httpx.get(server, headers={"Accept": "text/html"})
    assert response.status_code == 200 and "person" in response.text.lower()
