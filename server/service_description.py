"""The SPARQL 1.1 Service Description of the endpoint, for GET /sparql without a query.

https://www.w3.org/TR/sparql11-service-description/: an ``sd:Service`` with its endpoint, language,
result formats and features, and its default dataset: the default graph (the set union of the
articles) with its ``void:triples``, and one ``sd:NamedGraph`` per article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from graphbuild.stores import Readable

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
# https://www.w3.org/ns/formats/ names each format the endpoint can write.
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads")


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def store_statistics(store: Readable) -> tuple[int, list[str]]:
    """The default graph's triple count and the named graphs' names (reads the whole default graph)."""
    result = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(result, ox.QuerySolutions)
    count = next(int(row["n"].value) for row in result)
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    return count, names


def service_description(endpoint: str, triples: int, graphs: list[str], *, federated: bool) -> list[ox.Triple]:
    """The description of the endpoint at ``endpoint`` over a store of ``triples`` and ``graphs``."""
    service, dataset, default = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
    out = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, _sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _sd("Graph")),
        ox.Triple(default, ox.NamedNode(VOID + "triples"), ox.Literal(str(triples), datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer"))),
    ]
    out += [ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + name)) for name in RESULT_FORMATS]
    if federated:
        out.append(ox.Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    for index, name in enumerate(graphs):
        node = ox.BlankNode(f"g{index}")
        out += [ox.Triple(dataset, _sd("namedGraph"), node), ox.Triple(node, RDF_TYPE, _sd("NamedGraph")),
                ox.Triple(node, _sd("name"), ox.NamedNode(name))]
    return out
