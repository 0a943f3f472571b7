"""A synthetic store shaped like newsgraph's real graph, for benchmarks: no spaCy, no SHACL, bulk loaded.

    .venv/bin/python -m tests.bench.dataset STORE_DIR --articles 20000

Each article becomes an ``Extraction`` (graphbuild.model) with people, organisations and places
and their mentions, roles (org:Membership), quotes and claims, and an event with its participants;
graphbuild.emit turns it into RDF exactly as the pipeline does, so IRIs and terms are the real ones.
The quads go straight into an ArticleStore folder by pyoxigraph's bulk loader: one named graph per
article plus the materialised set-union default graph. 20,000 articles give about 1.5 million
distinct triples in the default graph. People, organisations and places are drawn from fixed pools,
so the same person is named in many articles, as in the news. Deterministic for a given count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graphbuild.emit import to_graph
from graphbuild.model import Author, Entity, Event, Extraction, Mention, Participation, Role, SourceArticle, Statement
from graphbuild.settings import DEFAULT_BASE_IRI
from graphbuild.stores import ArticleStore

GIVEN = ["Maria", "Jonas", "Aiko", "Kwame", "Lena", "Tomas", "Priya", "Omar", "Ines", "Pavel", "Nadia", "Ruben",
         "Sofia", "Daniel", "Amara", "Henrik", "Yusuf", "Clara", "Mateo", "Elif", "Jun", "Farah", "Oskar", "Leila"]
FAMILY = ["Okafor", "Lindqvist", "Tanaka", "Mensah", "Duarte", "Kowalski", "Raman", "Haddad", "Moreau", "Novak",
          "Adeyemi", "Bergstrom", "Castillo", "Dimitrov", "Eriksen", "Fontaine", "Gallo", "Hoffmann", "Ivanova",
          "Jensen", "Kaur", "Larsen", "Mbeki", "Nakamura", "Olsen", "Petrov", "Quispe", "Rossi", "Sato", "Torres"]
ORG_WORDS = ["Harbour", "Transport", "Metal", "Teachers", "Nurses", "Miners", "Farm", "Textile", "Postal",
             "Railway", "Builders", "Printers", "Dockers", "Bakers", "Energy", "Water"]
ORG_KINDS = ["Workers Union", "Federation", "Alliance", "Council", "Association", "Party", "League"]
CITIES = ["Lindale", "Port Harlow", "Westmere", "Calden", "Brightwater", "Oakhurst", "Riverton", "Ashford",
          "Kingsbridge", "Marlow", "Northgate", "Eastvale", "Stonebury", "Fairhaven", "Greywick", "Hollowmere"]
TITLES = ["president", "general secretary", "treasurer", "national organizer", "vice president", "chair",
          "spokesperson", "delegate", "labor historian", "steward"]
EVENT_KINDS = ["meeting", "visit", "talks", "conference", "convention", "election"]
WORDS = ["wages", "pensions", "safety", "contracts", "strike", "solidarity", "members", "future", "talks",
         "agreement", "rights", "jobs", "housing", "training", "equality", "health"]
PEOPLE = [f"{g} {chr(65 + i % 26)}. {f}" for i, (g, f) in enumerate((g, f) for f in FAMILY for g in GIVEN)]
PEOPLE += [f"{g} {f}" for f in FAMILY for g in GIVEN]
ORGANISATIONS = [f"{w} {k}" for w in ORG_WORDS for k in ORG_KINDS]
START = dt.date(2019, 1, 1)


class _Text:
    """An article body under construction, with the span of each name written into it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def name(self, entity: Entity) -> tuple[int, int]:
        start, end = self.add(entity.name)
        entity.mentions.append(Mention(start, end, entity.name, entity.kind))
        return start, end

    def body(self) -> str:
        return "".join(self.parts)


def _entity(pool: dict[str, Entity], kind: str, name: str) -> Entity:
    if name not in pool:
        pool[name] = Entity(kind, name)  # type: ignore[arg-type]
    return pool[name]


def article_extraction(seed: int) -> Extraction:
    """The invented article number ``seed``: about 80 triples once emitted, some shared with other articles."""
    rnd = random.Random(seed)
    pool: dict[str, Entity] = {}
    people = [_entity(pool, "person", name) for name in rnd.sample(PEOPLE, 3)]
    union, other = (_entity(pool, "organisation", name) for name in rnd.sample(ORGANISATIONS, 2))
    city = _entity(pool, "place", rnd.choice(CITIES))
    date = START + dt.timedelta(days=rnd.randrange(5 * 365))
    first, second, third = people
    title, word = rnd.choice(TITLES), rnd.choice(WORDS)
    text = _Text()
    role_start, _ = text.name(first)
    text.add(f", {title} of the ")
    text.name(union)
    _, role_end = text.add(f", met {second.name} of the {other.name} in ")
    text.name(city)
    _, event_end = text.add(f" on {date:%B} {date.day}. ")
    if seed % 2 == 0:
        spoken = f"We came here to talk about {word} and we will not leave without an agreement"
        text.add("\u201c")
        spoken_start, spoken_end = text.add(spoken)
        text.add(f"\u201d, {first.name.split()[-1]} said.")
        statement = Statement("direct", spoken, first, spoken_start, spoken_end, cue="said", at_main_event=True)
    else:
        spoken = f"the {word} question would decide the next election"
        text.add(f"{third.name} said that ")
        spoken_start, spoken_end = text.add(spoken)
        text.add(".")
        statement = Statement("reported", spoken, third, spoken_start, spoken_end, cue="said that")
    event = Event(rnd.choice(EVENT_KINDS), f"{union.name} meets {other.name} in {city.name}", role_start, event_end,
                  date=date.isoformat(), place=city, main=True,
                  participants=[Participation(first, True, role_start, role_end),
                                Participation(second, False, role_start, role_end)])
    source = SourceArticle(source=f"bench/{seed:06d}.txt", headline=f"{union.name} and {other.name} meet in "
                           f"{city.name} ({seed})", text=text.body(), date_published=date,
                           authors=(Author(rnd.choice(PEOPLE)),), url=f"https://news.example/{seed}")
    authors = [Entity("person", source.authors[0].name)]
    return Extraction(
        article=source,
        entities=list(pool.values()),
        authors=authors,
        roles=[Role(first, title, union, role_start, role_end)],
        statements=[statement],
        events=[event],
    )


def _term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    assert isinstance(node, Literal)
    if node.language:
        return ox.Literal(str(node), language=node.language)
    if node.datatype is not None:
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
    return ox.Literal(str(node))


def article_quads(seed: int, base: str = DEFAULT_BASE_IRI) -> Iterator[ox.Quad]:
    """The article's triples, in its named graph and in the default graph."""
    iri, graph = to_graph(article_extraction(seed), base)
    name = ox.NamedNode(str(iri))
    for s, p, o in graph:
        subject, predicate, obj = _term(s), _term(p), _term(o)
        yield ox.Quad(subject, predicate, obj, name)  # type: ignore[arg-type]
        yield ox.Quad(subject, predicate, obj, ox.DefaultGraph())  # type: ignore[arg-type]


def generate(store_dir: Path, articles: int = 20000, base: str = DEFAULT_BASE_IRI) -> None:
    """Write ``articles`` invented articles into a new ArticleStore folder at ``store_dir``."""
    if store_dir.exists() and any(store_dir.iterdir()):
        raise FileExistsError(f"{store_dir} is not empty; generate into a new folder")
    store = ox.Store(str(store_dir))

    def quads() -> Iterator[ox.Quad]:
        for seed in range(articles):
            yield from article_quads(seed, base)

    store.bulk_extend(quads())
    store.optimize()
    del store
    ArticleStore.open(store_dir, read_only=True)  # fails loudly if the folder is not a usable store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a synthetic newsgraph store for benchmarks.")
    parser.add_argument("store", type=Path, help="new folder for the store")
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--base-iri", default=DEFAULT_BASE_IRI)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        generate(args.store, args.articles, args.base_iri)
    except FileExistsError as exc:
        print(exc, file=sys.stderr)
        return 2
    count = ArticleStore.open(args.store, read_only=True).triple_count()
    print(f"{args.articles} articles, {count} triples in the default graph, "
          f"{time.perf_counter() - started:.1f} s: {args.store}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def index_for_serving(store: str, index: Path | None = None) -> float | None:
    """Build the site index of ``store`` (a folder or a remote store's URL) with `newsgraph index`, as a user
    does before serving a store built without the command line, into ``index`` (else beside the folder).
    A folder's index that is already its store's is kept. The seconds it took, or None when kept."""
    import os
    import subprocess

    from server.freshness import store_version
    from server.search import default_path, is_current

    if "://" not in store and index is None:
        opened = ArticleStore.open(Path(store), read_only=True)
        current = is_current(default_path(Path(store)), store_version(opened, DEFAULT_BASE_IRI))
        opened.close()
        if current:
            return None
    env = {**os.environ, **({"NEWSGRAPH_SEARCH_INDEX": str(index)} if index else {})}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "graphbuild.cli", "index", "--store", store], env=env, check=True,
                   stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    print(f"site index of {store} built in {seconds:.1f} s (newsgraph index, before serving)", file=sys.stderr)
    return seconds
