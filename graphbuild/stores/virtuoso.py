"""OpenLink Virtuoso (7.2) as newsgraph's remote store (``store_kind = "virtuoso"``).

The contract is RemoteStore's (stores/remote.py): one named graph per article, and a default graph
that is the *set* union of the article graphs, materialised. Virtuoso has no default graph of its own: a
query without a dataset reads the bag union of every graph, its system graphs included
(docs/virtuoso-notes.md, section 5). So the union lives in a reserved named graph, ``UNION_GRAPH``:

- every write names it explicitly (Virtuoso refuses, or silently ignores, an update template without a
  GRAPH), and the FILTER NOT EXISTS that decides what leaves the union skips it and the system graphs;
- an article is written with ONE update request, its INSERT DATA split into blocks of at most
  ``BLOCK_TRIPLES`` triples (Virtuoso's parser fails at about 4,990 triples per block);
- listings (article_graphs, article_hashes, named_graphs, quads_for_pattern, len) leave out the union
  graph and the system graphs;
- a query read through ``store.ox`` (``VirtuosoReader``) gets ``default-graph-uri=UNION_GRAPH`` unless it
  names its own dataset, and an Accept header chosen by its form, since Virtuoso ignores q-values.

Known differences from Oxigraph (docs/virtuoso-notes.md, section 9):

- A failed update request is not rolled back: an article write that fails halfway can leave the article
  graph and the union out of step. Write the article again, then run ``reconcile()``.
- Under a dataset given by the request (``default-graph-uri``, FROM, DEFINE input:...), a group whose
  only pattern is ``GRAPH <iri> {...}`` and that projects none of its variables (ASK, ``COUNT(*)``,
  ``SELECT (1 AS ?x)``) answers as if the graph held exactly one match, even for a missing graph. So an
  ASK that uses GRAPH is sent without a dataset (its default graph is then every graph, the system
  graphs included), and a user's ``SELECT (COUNT(*) ...) { GRAPH <g> {...} }`` counts wrongly. The
  queries this module writes itself never send a dataset: they name ``GRAPH <UNION_GRAPH>``.
- A user query's ``GRAPH ?g`` ranges over the union graph and Virtuoso's system graphs too.
- An explicit ``"x"^^xsd:string`` comes back typed, and decimals are canonicalised ("0.50" -> "0.5").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pyoxigraph as ox

from ..errors import StoreError
from ..settings import Settings
from .base import Capabilities
from .remote import (
    N_TRIPLES,
    RESULTS_JSON,
    Endpoints,
    GraphName,
    RemoteOxigraph,
    RemoteStore,
    RemoteTriples,
)
from .sparql import Dialect

UNION_GRAPH = "urn:x-newsgraph:union"
# Graphs a new Virtuoso database already holds (2,497 triples): never articles.
SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://localuriqaserver/sparql",
    "http://www.w3.org/ns/ldp#",
)
HIDDEN_GRAPHS = frozenset((UNION_GRAPH, *SYSTEM_GRAPHS))
BLOCK_TRIPLES = 4000  # per INSERT DATA block; Virtuoso's SPARQL parser gives up at about 4,990
VIRTUOSO = Dialect(union_graph=UNION_GRAPH, hidden_graphs=HIDDEN_GRAPHS, block=BLOCK_TRIPLES)


# -- a small keyword scan of a query (https://www.w3.org/TR/sparql11-query/#grammar) -----------------
_PROLOGUE_ITEM = re.compile(r"\s+|#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>", re.IGNORECASE)
_FORM = re.compile(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
# What can hide a keyword: IRIs, strings (long ones first) and comments.
_OPAQUE = re.compile(
    r"<[^<>\"{}|^`\\\s]*>|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|#[^\n]*",
    re.DOTALL)


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first keyword after the PREFIX/BASE declarations and
    comments (SELECT when there is none: the store then reports the syntax error)."""
    position = 0
    while match := _PROLOGUE_ITEM.match(query, position):
        if match.end() == position:
            break
        position = match.end()
    form = _FORM.match(query, position)
    return form.group(1).upper() if form else "SELECT"


def _uses_keyword(query: str, keyword: str) -> bool:
    """Whether ``keyword`` occurs as a keyword (not in an IRI, string, comment, variable or prefixed name)."""
    bare = _OPAQUE.sub(" ", query)
    return re.search(rf"(?<![?$\w:]){keyword}(?![\w:-])", bare, re.IGNORECASE) is not None


# -- the store ---------------------------------------------------------------------------------------
def virtuoso_endpoints(query: str, update: str = "", graph_store: str = "", *, authenticated: bool) -> Endpoints:
    """Virtuoso's layout: /sparql (anonymous) or /sparql-auth (digest) for query and update, and
    /sparql-graph-crud(-auth) for the Graph Store Protocol, unless the URLs are given."""
    root = query.rstrip("/")
    for suffix in ("/sparql-auth", "/sparql"):
        if root.endswith(suffix):
            root = root[: -len(suffix)]
            break
    auth = "-auth" if authenticated else ""
    return Endpoints(query, update or f"{root}/sparql{auth}", graph_store or f"{root}/sparql-graph-crud{auth}")


class VirtuosoStore(RemoteStore):
    """Articles as named graphs in Virtuoso, their set union in the named graph ``UNION_GRAPH``."""

    dialect = VIRTUOSO
    capabilities = Capabilities(network=True, shared=True, concurrent_writers=True, union_is_default_graph=False)

    @classmethod
    def from_settings(cls, settings: Settings, timeout: float = 60.0) -> VirtuosoStore:
        user = settings.store_user
        endpoints = virtuoso_endpoints(str(settings.store), settings.store_update, settings.store_graph_store,
                                       authenticated=bool(user))
        auth = httpx.DigestAuth(user, settings.store_password) if user else None
        return cls(endpoints, auth=auth, timeout=timeout)

    def reader(self, timeout: float) -> VirtuosoReader:
        return VirtuosoReader(self.client, self.endpoints, timeout)

    # -- protocol ---------------------------------------------------------------------------------
    def select(self, query: str) -> list[dict[str, str]]:
        """A SELECT's rows as plain strings, read from the union graph unless it has a FROM."""
        form: dict[str, str] = {"query": query}
        if not _uses_keyword(query, "FROM"):
            form["default-graph-uri"] = UNION_GRAPH
        response = self._post(self.endpoints.query, data=form, headers={"Accept": RESULTS_JSON})
        return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]

    # -- writes -----------------------------------------------------------------------------------
    def replacement(self, graph_iri: str, body: str) -> str:
        self._check_article_name(graph_iri)
        return super().replacement(graph_iri, body)

    def remove_article(self, graph_iri: str) -> bool:
        return graph_iri not in HIDDEN_GRAPHS and super().remove_article(graph_iri)

    # -- reads ------------------------------------------------------------------------------------
    def has_article(self, graph_iri: str) -> bool:
        return graph_iri not in HIDDEN_GRAPHS and super().has_article(graph_iri)

    @staticmethod
    def _check_article_name(graph_iri: str) -> None:
        if graph_iri in HIDDEN_GRAPHS:
            raise StoreError(f"<{graph_iri}> is reserved on a Virtuoso store and cannot name an article")

    def __repr__(self) -> str:
        return f"VirtuosoStore({self.endpoints.query})"


# -- pyoxigraph's read API over Virtuoso --------------------------------------------------------------
def _accept(form: str) -> str:
    """Virtuoso takes the first media type of an Accept header whatever its q-value, so only the one the
    query form answers in is sent."""
    return RESULTS_JSON if form in ("SELECT", "ASK") else N_TRIPLES


class VirtuosoReader(RemoteOxigraph):
    """RemoteOxigraph with Virtuoso's default graph (``UNION_GRAPH``) and its content negotiation."""

    def query(self, query: str, *, default_graph: list[ox.NamedNode] | None = None,
              named_graphs: list[ox.NamedNode] | None = None,
              **_: Any) -> ox.QuerySolutions | ox.QueryBoolean | RemoteTriples:
        """Run ``query`` with the union graph as its default graph, unless it names its own dataset (FROM
        or ``default_graph``) or is an ASK using GRAPH (see the module docstring)."""
        form = query_form(query)
        if not default_graph and not _uses_keyword(query, "FROM") \
                and not (form == "ASK" and _uses_keyword(query, "GRAPH")):
            default_graph = [ox.NamedNode(UNION_GRAPH)]
        return self._send(query, _accept(form), default_graph, named_graphs)

    def _solutions(self, query: str) -> ox.QuerySolutions:
        """The rows of a SELECT this module wrote, sent as written (it names the union graph itself)."""
        result = self._send(query, RESULTS_JSON)
        assert isinstance(result, ox.QuerySolutions)
        return result

    def _pattern_where(self, triple: str, graph_name: GraphName) -> str | None:
        if isinstance(graph_name, ox.DefaultGraph):
            return f"{{ GRAPH <{UNION_GRAPH}> {{ {triple} }} }}"
        if isinstance(graph_name, ox.NamedNode):
            return None if graph_name.value in HIDDEN_GRAPHS else f"{{ GRAPH {graph_name} {{ {triple} }} }}"
        return (f"{{ {{ GRAPH <{UNION_GRAPH}> {{ {triple} }} }} UNION "
                f"{{ GRAPH ?g {{ {triple} }} {VIRTUOSO.articles_only('?g')} }} }}")

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        for row in self._solutions(VIRTUOSO.article_graphs()):
            yield row["g"]

    def contains_named_graph(self, graph_name: ox.NamedNode) -> bool:
        if graph_name.value in HIDDEN_GRAPHS:
            return False
        return bool(self._send(f"ASK {{ GRAPH {graph_name} {{ ?s ?p ?o }} }}", RESULTS_JSON))

    def __len__(self) -> int:
        query = (f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }} UNION "
                 f"{{ GRAPH ?g {{ ?s ?p ?o }} {VIRTUOSO.articles_only('?g')} }} }}")
        for row in self._solutions(query):
            return int(row["n"].value)
        return 0
