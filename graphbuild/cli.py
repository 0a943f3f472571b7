"""The ``newsgraph`` command. It only parses arguments and calls library functions.

Exit codes mean one thing everywhere: 0 ok, 1 invalid input or data, 2 usage or system error.
Errors go to stderr, one line each.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .errors import EXIT_ERROR, EXIT_INVALID, EXIT_OK, NewsgraphError
from .settings import SETTINGS_HELP, Settings, given

if TYPE_CHECKING:
    from server.maintenance import IndexFollower

    from .stores import Store

T = TypeVar("T")
RDF_FORMATS = {"nt": "nt", "ttl": "turtle", "jsonld": "json-ld", "trig": "trig"}


def _err(message: str) -> None:
    from tqdm import tqdm

    tqdm.write(f"newsgraph: {message}", file=sys.stderr)  # keeps a running progress bar intact


def _bar(items: Iterable[T], total: int, desc: str, unit: str) -> Iterable[T]:
    """A progress bar on stderr over ``items`` (none for fewer than two, and none off a terminal)."""
    from tqdm import tqdm

    bar: Iterable[T] = tqdm(items, total=total, desc=desc, unit=unit, file=sys.stderr, disable=total < 2 and None)
    return bar


def _progress(items: Iterator[T], total: int) -> Iterable[T]:
    return _bar(items, total, "building", "article")


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env().with_overrides(
        base_iri=getattr(args, "base_iri", None),
        store=getattr(args, "store", None),
        spacy_model=getattr(args, "model", None),
        curation=getattr(args, "curation", None),
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
        server_workers=getattr(args, "server_workers", None),
        search_index=getattr(args, "search_index", None),
        executor=getattr(args, "executor", None),
        inputs_shared=getattr(args, "inputs_shared", None) or None,
    )


def _opened(args: argparse.Namespace, **how: bool) -> tuple[Store, Settings]:
    """The store the settings name, opened as ``how`` says (open_configured), and the settings with the base
    IRI it was built with (settle_base: a different one given refuses, exit 2)."""
    from .stores import open_configured, settle_base

    settings = _settings(args)
    store = open_configured(settings, **how)
    try:
        return store, settle_base(settings, store, given=given("base_iri", getattr(args, "base_iri", None)))
    except BaseException:
        store.close()
        raise


# -- commands ------------------------------------------------------------------------------------
def cmd_extract(args: argparse.Namespace) -> int:
    from .emit import new_graph
    from .model import ReadError
    from .pipeline import check_article
    from .reader import read_path

    settings = _settings(args)
    status = EXIT_OK
    union = new_graph()
    named = []
    for item in read_path(Path(args.file)):
        if isinstance(item, ReadError):
            _err(str(item))
            status = EXIT_INVALID
            continue
        checked = check_article(item, settings)
        if not checked.conforms:
            _err(f"{item.source}: {checked.rejection()}")
            status = EXIT_INVALID
            continue
        union += checked.built.graph
        named.append(checked.built)
    sys.stdout.write(_serialise(union, named, args.format))
    return status


def _serialise(union, named, fmt: str) -> str:  # type: ignore[no-untyped-def]
    from rdflib import Dataset

    from .vocab import PREFIXES

    if fmt == "trig":
        dataset = Dataset()
        for prefix, ns in PREFIXES.items():
            dataset.bind(prefix, ns)
        for built in named:
            graph = dataset.graph(built.iri)
            for triple in built.graph:
                graph.add(triple)
        return dataset.serialize(format="trig")
    if fmt == "jsonld":
        from .jsonld import ox_triples, write

        return write(ox_triples(union)).decode("utf-8")
    return str(union.serialize(format=RDF_FORMATS[fmt]))


def cmd_build(args: argparse.Namespace) -> int:
    from server.maintenance import IndexFollower

    from .executors import open_executor
    from .model import SourceArticle
    from .pipeline import article_iri_of, build, build_key, read_all

    items = read_all(Path(p) for p in args.paths)
    # The executor first: a Dask scheduler or workers that cannot build stop the build before the store is
    # opened, so nothing is written (not even the base IRI).
    requested = _settings(args)
    executor = open_executor(requested, args.workers)
    try:
        executor.prepare(requested)
        store, settings = _opened(args)
    except BaseException:
        executor.close()
        raise
    try:
        store.record_base(settings.base_iri)  # later commands, serve among them, take it from the store
        index = IndexFollower(store, settings)  # the site index follows the build (server/maintenance.py)
        replaced = [iri for a in items if isinstance(a, SourceArticle)
                    and (iri := str(article_iri_of(a, settings))) in index.hashes
                    and (args.force or index.hashes[iri] != build_key(a, settings))]
        if len(replaced) <= REREAD_LIMIT:  # more, and building the index anew is quicker than following
            for iri in replaced:
                index.before_write(iri)
        summary = build(items, store, settings, on_error=_err, progress=_progress, force=args.force,
                        stored=index.hashes if index.path is not None else None, executor=executor)
        print(f"{settings.store}: {summary.text()}", file=sys.stderr)
        for line in summary.workers:
            print(f"  {line}", file=sys.stderr)
        _catch_up(index, summary.written)
    finally:
        executor.close()
        store.close()
    return EXIT_OK if summary.ok else EXIT_INVALID


REREAD_LIMIT = 500  # replaced articles whose old triples a build reads to update the site index in place


def _catch_up(index: IndexFollower, written: Collection[str]) -> None:
    """Bring the server's site index in step with the store now, so that `serve` starts at once."""
    started = time.perf_counter()
    path = index.catch_up(written, progress=_index_progress)
    if path is not None:
        print(f"{path}: site index ready ({time.perf_counter() - started:.1f} s)", file=sys.stderr)


def _index_progress(items: Iterable[str], total: int) -> Iterable[str]:
    return _bar(items, total, "indexing", "entity")


def cmd_index(args: argparse.Namespace) -> int:
    from server.maintenance import build_site_index

    store, settings = _opened(args, read_only=True, create=False)
    try:
        started = time.perf_counter()
        path = build_site_index(store, settings, progress=_index_progress)
    finally:
        store.close()
    print(f"{path}: site index built ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from server.app import serve

    serve(_settings(args), base_given=given("base_iri", getattr(args, "base_iri", None)))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate_graph

    store, settings = _opened(args, read_only=True)
    failed = 0
    graphs = store.article_graphs()
    for iri in graphs:
        report = validate_graph(store.article_graph(iri))
        if not report.conforms:
            failed += 1
            print(f"{iri}: does not conform\n{report.text()}")
    print(f"{len(graphs) - failed} of {len(graphs)} articles conform", file=sys.stderr)
    return EXIT_INVALID if failed else EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    from .iris import mint

    store, settings = _opened(args, create=False)
    target = args.id if "://" in args.id else str(mint(settings.base_iri, "article", args.id.rsplit("/", 1)[-1]))
    try:
        from server.maintenance import IndexFollower

        index = IndexFollower(store, settings)
        index.before_write(target)
        removed = store.remove_article(target)
        if removed:
            _catch_up(index, [target])
    finally:
        store.close()
    if not removed:
        _err(f"no article {target} in {settings.store}")
        return EXIT_INVALID
    print(f"removed {target}", file=sys.stderr)
    return EXIT_OK


def cmd_reconcile(args: argparse.Namespace) -> int:
    store, settings = _opened(args)
    if not store.capabilities.concurrent_writers:
        print("the embedded store is written by one process at a time: nothing to reconcile", file=sys.stderr)
        return EXIT_OK
    store.reconcile()
    print(f"{settings.store}: default graph rebuilt from {len(store.article_graphs())} graphs", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    store, settings = _opened(args, read_only=True)
    if args.output:
        with open(args.output, "wb") as out:
            store.export(args.format, out)
    else:
        store.export(args.format, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    return EXIT_OK


# -- parser --------------------------------------------------------------------------------------
def _common(p: argparse.ArgumentParser, *, store: bool = True, model: bool = False) -> None:
    p.add_argument("--base-iri", help=SETTINGS_HELP["base_iri"] + " (env NEWSGRAPH_BASE_IRI)")
    if store:
        p.add_argument(
            "--store",
            help=SETTINGS_HELP["store"] + " (env NEWSGRAPH_STORE; default newsgraph-store)",
        )
        p.add_argument("--search-index", metavar="FILE",
                       help=SETTINGS_HELP["search_index"] + " (env NEWSGRAPH_SEARCH_INDEX)")
    if model:
        p.add_argument("--model", help=SETTINGS_HELP["spacy_model"] + " (env NEWSGRAPH_SPACY_MODEL)")
        p.add_argument("--curation", help=SETTINGS_HELP["curation"] + " (env NEWSGRAPH_CURATION)")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsgraph", description="Press articles in, a published knowledge graph out."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="print the graph that build would store for FILE, touching no store")
    p.add_argument("file", metavar="FILE", help="an article file (.txt, .html, .json, .jsonl) or a folder")
    p.add_argument("--format", choices=sorted(RDF_FORMATS), default="ttl", help="RDF format (default ttl)")
    _common(p, store=False, model=True)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("build", help="build articles into the store, replacing earlier versions")
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders (read recursively)")
    p.add_argument("--workers", type=int, help="worker processes of the local executor (default: one per core)")
    p.add_argument("--executor", metavar="SPEC",
                   help=SETTINGS_HELP["executor"] + " (env NEWSGRAPH_EXECUTOR; default local)")
    p.add_argument("--inputs-shared", action="store_true",
                   help=SETTINGS_HELP["inputs_shared"] + " (env NEWSGRAPH_INPUTS_SHARED)")
    p.add_argument("--force", action="store_true", help="rebuild every article, even those whose content is unchanged")
    _common(p, model=True)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="serve the store: SPARQL endpoint, entity pages and data")
    _common(p)
    p.add_argument("--host", help=SETTINGS_HELP["host"] + " (default 127.0.0.1)")
    p.add_argument("--port", type=int, help=SETTINGS_HELP["port"] + " (default 8000)")
    p.add_argument("--workers", dest="server_workers", type=int,
                   help=SETTINGS_HELP["server_workers"] + " (env NEWSGRAPH_SERVER_WORKERS; default 1)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("index", help="build the site index (search, listings, pages) of the store anew")
    _common(p)
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("validate", help="check every article graph in the store against the SHACL shapes")
    _common(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("remove", help="delete one article's graph from the store")
    p.add_argument("id", metavar="ID", help="the article's IRI, or its slug (the last part of the IRI)")
    _common(p)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("reconcile", help="rebuild a remote store's default graph after concurrent builds")
    _common(p)
    p.set_defaults(func=cmd_reconcile)

    p = sub.add_parser("export", help="write the whole store to stdout or a file")
    p.add_argument(
        "--format", choices=["nq", "trig", "nt"], default="nq", help="nq and trig keep one graph per article"
    )
    p.add_argument("--output", "-o", help="file to write instead of stdout")
    _common(p)
    p.set_defaults(func=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except NewsgraphError as exc:
        _err(str(exc))
        return exc.exit_code
    except ValueError as exc:  # a malformed setting, e.g. NEWSGRAPH_PORT=abc
        _err(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("interrupted")
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
