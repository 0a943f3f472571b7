"""Vocabulary namespaces. Every project term used in code must be defined in ontology/newsgraph.ttl.

tests/test_vocab.py fails when the code names a ``NG`` term that the ontology does not define.
"""

from rdflib import Namespace
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

SDO = Namespace("http://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
NG = Namespace("https://w3id.org/newsgraph/ns#")
VOID = Namespace("http://rdfs.org/ns/void#")

PREFIXES: dict[str, Namespace] = {
    "schema": SDO,
    "org": ORG,
    "prov": Namespace(str(PROV)),
    "skos": Namespace(str(SKOS)),
    "ng": NG,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
}

__all__ = ["NG", "ORG", "PREFIXES", "PROV", "RDF", "RDFS", "SDO", "SKOS", "VOID", "XSD"]
