"""The dataset as a whole: its VoID description, streamed dumps, the sitemap, robots.txt, the JSON-LD
context and the SHACL shapes.

- VoID (https://www.w3.org/TR/void/) at /.well-known/void (https://www.w3.org/TR/void/#well-known):
  counts by class and by property (class and property partitions), the dumps, the SPARQL endpoint,
  the URI space and the vocabularies, in any RDF format or as HTML by Accept.
- Dumps are streamed from the store, gzipped as they go: N-Quads keep one graph per article, Turtle
  is the union (the default graph).
- The sitemap (https://www.sitemaps.org/protocol.html) is an index of sitemaps of at most
  ``SITEMAP_SIZE`` pages each, read from the site index.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any, cast
from xml.sax.saxutils import escape as xml_escape

import jinja2
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from graphbuild.jsonld import CONTEXT_PATH, JsonLdContext, ox_triples
from graphbuild.published import SHAPES_DIR
from graphbuild.settings import Settings
from graphbuild.stores import Store
from graphbuild.vocab import PREFIXES, VOID

from .description import DATA_FORMATS, FORMATS_BY_MEDIA_TYPE, prefixed_graph
from .entities import CORS
from .errors import NotAcceptable, NotFound
from .freshness import HEAD_FLAG, StoreVersion
from .negotiation import negotiate
from .search import KINDS, SiteIndex
from .sparql_page import examples_graph

SITEMAP_SIZE = 10_000
DUMP_BATCH = 20_000
RDF_TYPES = tuple(f.media_type for f in DATA_FORMATS)
HTML = "text/html"
DUMPS = {
    "newsgraph.nq.gz": ("application/n-quads", ox.RdfFormat.N_QUADS),
    "newsgraph.ttl.gz": ("text/turtle", ox.RdfFormat.TURTLE),
}
VOCABULARIES = ("http://schema.org/", "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#",
                "http://www.w3.org/2004/02/skos/core#", "https://w3id.org/newsgraph/ns#")


def negotiate_rdf(request: Request, *, html: bool) -> str:
    """The media type to answer in: an RDF format, or HTML when offered and preferred."""
    offered = (*RDF_TYPES, HTML) if html else RDF_TYPES
    chosen = negotiate(request.headers.get("accept"), offered)
    if chosen is None:
        raise NotAcceptable(f"the Accept header matches none of {', '.join(offered)}")
    return chosen


def serialize(graph: Graph, media_type: str) -> bytes:
    data_format = FORMATS_BY_MEDIA_TYPE[media_type]
    if data_format.rdflib_format == "json-ld":
        context = {name: str(ns) for name, ns in PREFIXES.items()} | {"void": str(VOID), "dcterms": str(DCTERMS)}
        return JsonLdContext(context).write(ox_triples(graph))
    return graph.serialize(format=data_format.rdflib_format, encoding="utf-8")


def void_graph(settings: Settings, index: SiteIndex, version: StoreVersion) -> Graph:
    """The VoID description of the dataset."""
    base = settings.base_iri
    figures = index.figures()
    graph = prefixed_graph()
    graph.bind("void", VOID)
    graph.bind("dcterms", DCTERMS)
    dataset = URIRef(f"{base}.well-known/void#dataset")
    add = graph.add
    add((dataset, RDF.type, VOID.Dataset))
    add((dataset, DCTERMS.title, Literal("newsgraph")))
    add((dataset, DCTERMS.description, Literal(
        "People, organisations, places, roles, statements and events read from press articles, each fact "
        "traced to its span of text.")))
    add((dataset, DCTERMS.modified, Literal(_iso_date(version.modified), datatype=XSD.date)))
    add((dataset, VOID.sparqlEndpoint, URIRef(f"{base}sparql")))
    for name in DUMPS:
        add((dataset, VOID.dataDump, URIRef(f"{base}dumps/{name}")))
    add((dataset, VOID.uriSpace, Literal(f"{base}id/")))
    if settings.licence:
        add((dataset, DCTERMS.license, URIRef(settings.licence)))
    if settings.rights:
        add((dataset, DCTERMS.rights, Literal(settings.rights)))
    add((dataset, VOID.rootResource, URIRef(base)))
    for vocabulary in VOCABULARIES:
        add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    for name in ("triples", "subjects", "objects"):
        predicate = {"triples": VOID.triples, "subjects": VOID.distinctSubjects, "objects": VOID.distinctObjects}[name]
        add((dataset, predicate, Literal(figures.totals.get(name, 0))))
    add((dataset, VOID.entities, Literal(sum(figures.kinds.values()))))
    add((dataset, VOID.classes, Literal(len(figures.classes))))
    add((dataset, VOID.properties, Literal(len(figures.properties))))
    example = index.listing("article", "date", True, 1, 0)
    if example:
        add((dataset, VOID.exampleResource, URIRef(example[0].iri)))
    for cls, n in sorted(figures.classes.items()):
        partition = BNode(f"class{len(graph)}")
        add((dataset, VOID.classPartition, partition))
        add((partition, VOID["class"], URIRef(cls)))
        add((partition, VOID.entities, Literal(n)))
    for prop, n in sorted(figures.properties.items()):
        partition = BNode(f"property{len(graph)}")
        add((dataset, VOID.propertyPartition, partition))
        add((partition, VOID.property, URIRef(prop)))
        add((partition, VOID.triples, Literal(n)))
    return graph


def _iso_date(timestamp: float) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(timestamp, dt.UTC).date().isoformat()


class _GzipChunks:
    """Gzip output collected in memory chunk by chunk, for streaming."""

    def __init__(self) -> None:
        self.compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)

    def feed(self, data: bytes) -> bytes:
        return self.compressor.compress(data)

    def finish(self) -> bytes:
        return self.compressor.flush()


def dump_chunks(store: Store, name: str) -> Iterator[bytes]:
    """The dump ``name``, gzipped, in chunks; batches of quads are serialized one at a time."""
    _, rdf_format = DUMPS[name]
    if rdf_format == ox.RdfFormat.N_QUADS:
        source: Iterator[Any] = store.quads()
    else:
        source = (ox.Triple(q.subject, q.predicate, q.object)
                  for q in store.ox.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    gz = _GzipChunks()
    prefixes = {name_: str(ns) for name_, ns in PREFIXES.items()} if rdf_format == ox.RdfFormat.TURTLE else None
    while batch := list(islice(source, DUMP_BATCH)):
        # Turtle allows a prefix to be declared again, so every batch is a valid piece of one document.
        data = cast(bytes, ox.serialize(batch, format=rdf_format, prefixes=prefixes))
        if chunk := gz.feed(data):
            yield chunk
    yield gz.finish()


def sitemap_index(base: str, counts: dict[str, int], lastmod: str) -> str:
    entries = [f"{base}sitemaps/pages.xml"]
    entries += [f"{base}sitemaps/{kind}-{n}.xml" for kind in KINDS
                for n in range(1, math.ceil(counts.get(kind, 0) / SITEMAP_SIZE) + 1)]
    items = "".join(f"<sitemap><loc>{xml_escape(loc)}</loc><lastmod>{lastmod}</lastmod></sitemap>\n" for loc in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{items}</sitemapindex>\n')


def urlset(locations: list[str], lastmod: str) -> str:
    items = "".join(f"<url><loc>{xml_escape(loc)}</loc><lastmod>{lastmod}</lastmod></url>\n" for loc in locations)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{items}</urlset>\n')


class DatasetRoutes:
    """/.well-known/void, /dumps/{name}, /sitemap.xml, /sitemaps/{name}, /robots.txt, /context.jsonld, /shapes."""

    def __init__(self, store: Store, settings: Settings, templates: jinja2.Environment, index: SiteIndex,
                 version: Callable[[], StoreVersion]) -> None:
        self.store = store
        self.settings = settings
        self.templates = templates
        self.index = index
        self.current_version = version  # the store may change while served (server/live.py)

    @property
    def version(self) -> StoreVersion:
        return self.current_version()

    @property
    def lastmod(self) -> str:
        return _iso_date(self.version.modified)

    async def void(self, request: Request) -> Response:
        chosen = negotiate_rdf(request, html=True)
        graph = await run_in_threadpool(void_graph, self.settings, self.index, self.version)
        headers = {"Vary": "Accept", **CORS}
        if chosen == HTML:
            figures = await run_in_threadpool(self.index.figures)
            page = self.templates.get_template("void.html").render(
                title="The dataset", figures=figures, dumps=list(DUMPS), lastmod=self.lastmod,
                alternates=[("/.well-known/void", f.media_type) for f in DATA_FORMATS])
            return HTMLResponse(page, headers=headers)
        body = await run_in_threadpool(serialize, graph, chosen)
        return Response(body, media_type=chosen, headers=headers)

    async def sparql_examples(self, request: Request) -> Response:
        """/.well-known/sparql-examples: the query page's examples as SHACL SPARQL executables; a browser goes to
        them on the query page."""
        chosen = negotiate_rdf(request, html=True)
        if chosen == HTML:
            return RedirectResponse("/sparql#examples", status_code=303, headers={"Vary": "Accept"})
        graph = examples_graph(self.settings.base_iri)
        body = await run_in_threadpool(serialize, graph, chosen)
        return Response(body, media_type=chosen, headers={"Vary": "Accept", **CORS})

    async def dump(self, request: Request, name: str) -> Response:
        if name not in DUMPS:
            raise NotFound(f"no dump named {name!r}; use one of {', '.join(DUMPS)}")
        headers = {"Content-Disposition": f'attachment; filename="{name}"', **CORS}
        if request.scope.get(HEAD_FLAG):
            return Response(b"", media_type="application/gzip", headers=headers)
        return StreamingResponse(dump_chunks(self.store, name), media_type="application/gzip", headers=headers)

    async def sitemap(self) -> Response:
        figures = await run_in_threadpool(self.index.figures)
        body = sitemap_index(self.settings.base_iri, figures.kinds, self.lastmod)
        return Response(body, media_type="application/xml")

    async def sitemap_part(self, name: str) -> Response:
        base = self.settings.base_iri
        if name == "pages.xml":
            pages = ["", "search", "timeline", ".well-known/void", "ns", "sparql"]
            pages += [f"index/{kind}" for kind in KINDS]
            return Response(urlset([base + p for p in pages], self.lastmod), media_type="application/xml")
        kind, _, rest = name.removesuffix(".xml").rpartition("-")
        # ASCII digits only ("²" is a digit to str.isdigit), and few of them: SQLite's OFFSET is 64 bits.
        if kind not in KINDS or not (rest.isascii() and rest.isdigit() and len(rest) <= 9) or \
                not name.endswith(".xml") or int(rest) < 1:
            raise NotFound(f"no sitemap named {name!r}")
        iris = await run_in_threadpool(self.index.iris, kind, SITEMAP_SIZE, (int(rest) - 1) * SITEMAP_SIZE)
        if not iris:
            raise NotFound(f"no sitemap named {name!r}")
        locations = [base + "page/" + iri[len(base) + 3:] for iri in iris]
        return Response(urlset(locations, self.lastmod), media_type="application/xml")

    async def robots(self) -> Response:
        base = self.settings.base_iri
        body = ("User-agent: *\n"
                "Disallow: /sparql\n"       # queries are for people and programs that mean to ask them
                "Disallow: /search\n"
                "Disallow: /dumps/\n"
                "Allow: /\n"
                f"Sitemap: {base}sitemap.xml\n")
        return Response(body, media_type="text/plain")

    async def context(self) -> Response:
        return Response(CONTEXT_PATH.read_bytes(), media_type="application/ld+json", headers=CORS)

    async def shapes(self, request: Request) -> Response:
        chosen = negotiate_rdf(request, html=True)
        graph = await run_in_threadpool(_shapes_graph)
        if chosen == HTML:
            source = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SHAPES_DIR.glob("*.ttl")))
            page = self.templates.get_template("shapes.html").render(title="SHACL shapes", source=source,
                                                                        shapes=_shape_summaries(graph))
            return HTMLResponse(page, headers={"Vary": "Accept"})
        body = await run_in_threadpool(serialize, graph, chosen)
        return Response(body, media_type=chosen, headers={"Vary": "Accept", **CORS})


def _shapes_graph() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _shape_summaries(graph: Graph) -> list[tuple[str, str, list[str]]]:
    """(name, target class, messages) of each node shape."""
    sh = Namespace("http://www.w3.org/ns/shacl#")
    found = []
    for shape in graph.subjects(RDF.type, sh.NodeShape):
        target = graph.value(shape, sh.targetClass)
        messages = sorted(str(graph.value(p, sh.message)) for p in graph.objects(shape, sh.property)
                          if graph.value(p, sh.message) is not None)
        found.append((str(graph.value(shape, sh.name) or shape), graph.qname(str(target)) if target else "", messages))
    return sorted(found)
