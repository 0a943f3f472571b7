"""The wheel carries what a user needs: ontology/ and shapes/ stay at the repository top, and pyproject.toml
ships them as the package data graphbuild/data/ontology and graphbuild/data/shapes.

The slow tests build the wheel, install it alone into a fresh virtual environment and run it from outside
the repository, so only the wheel can supply graphbuild, server, the shapes and the ontology."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from tests.backends import stop_process, wait_until_answering
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
CODE = ("graphbuild", "server")
DATA = {"ontology": "graphbuild/data/ontology", "shapes": "graphbuild/data/shapes"}  # repository folder: in the wheel


def _source_packages() -> set[str]:
    """Every folder of graphbuild/ and server/ that holds a file: a package (or package data) the wheel needs."""
    found = set()
    for top in CODE:
        for folder in [ROOT / top, *(ROOT / top).rglob("*")]:
            if folder.is_dir() and "__pycache__" not in folder.parts and any(p.is_file() for p in folder.iterdir()):
                if folder.relative_to(ROOT).parts[:3] == ("server", "static", "vendor"):
                    continue  # the browser libraries npm installs (make install): package data of server.static
                found.add(".".join(folder.relative_to(ROOT).parts))
    return found


def _source_files() -> set[str]:
    """What the wheel must hold, by its path in the wheel: the code's modules and templates, and the data."""
    files = {p.relative_to(ROOT).as_posix() for top in CODE for p in (ROOT / top).rglob("*")
             if p.is_file() and "__pycache__" not in p.parts}
    files |= {f"{DATA[folder]}/{p.name}" for folder in DATA for p in (ROOT / folder).iterdir() if p.is_file()}
    return files


def test_pyproject_lists_every_package_of_the_source_tree() -> None:
    """The package list is written out (find cannot place ontology/ inside graphbuild), so a new package
    must be added to it by hand, or the wheel goes without it."""
    listed = set(SETUPTOOLS["packages"]) - set(SETUPTOOLS["package-dir"])
    assert listed == _source_packages()


def test_the_data_packages_map_the_folders_at_the_repository_top() -> None:
    assert {name.replace(".", "/"): folder for name, folder in SETUPTOOLS["package-dir"].items()} == \
        {wheel_path: folder for folder, wheel_path in DATA.items()}


# -- the wheel, installed ------------------------------------------------------------------------------------
# newsgraph serve reads the JSON-LD context at startup through graphbuild/jsonld.py's CONTEXT_PATH, which
# still looks for ontology/ beside the package; once it looks the way server/dataset.data_folder does,
# these pass, and strict makes that a failure until this mark goes.

@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    work: Path  # the cwd of every command: outside the repository

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.venv / "bin" / args[0]), *args[1:]], cwd=self.work, env=_clean_env(),
                              capture_output=True, text=True, timeout=timeout)


def _clean_env() -> dict[str, str]:
    """The environment less anything that could point Python or newsgraph back at the checkout."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("NEWSGRAPH_")}


def _build_wheel(tmp: Path) -> Path:
    """The wheel of a copy of what setuptools reads, so no build/ left in the checkout can add stale files."""
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for folder in (*CODE, *DATA):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp / "dist"
    # Without build isolation: the build backend comes from the test extra, so no index is asked.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(dist), str(source)], check=True, capture_output=True, timeout=300)
    (wheel,) = dist.glob("newsgraph-*.whl")
    return wheel


def _install(wheel: Path, venv: Path) -> None:
    """A plain venv with the wheel and nothing else of newsgraph. The dependencies come from this
    environment's site-packages, named in a .pth line: Python adds that folder to sys.path, after the
    venv's own, but runs none of the .pth files in it, so the editable install's finder stays out."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True, timeout=300)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "zz_newsgraph_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("packaging")
    wheel = _build_wheel(tmp)
    _install(wheel, tmp / "venv")
    work = tmp / "work"
    work.mkdir()
    assert not work.is_relative_to(ROOT)
    return Installed(wheel, tmp / "venv", work)


PORT = free_port()  # the served site's address is its base IRI: the build mints under it


@pytest.fixture(scope="module")
def store(installed: Installed) -> Path:
    folder = installed.work / "store"
    built = installed.run("newsgraph", "build", str(ROOT / "examples" / "articles"), "--store", str(folder),
                          "--base-iri", f"http://127.0.0.1:{PORT}/")
    assert built.returncode == 0, built.stderr
    assert "rejected 0" in built.stderr  # the SHACL gate passed the article
    return folder


@pytest.fixture(scope="module")
def served(installed: Installed, store: Path) -> Iterator[str]:
    port = PORT
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen([str(installed.venv / "bin" / "newsgraph"), "serve", "--store", str(store),
                             "--port", str(port), "--base-iri", base],
                            cwd=installed.work, env=_clean_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until_answering(proc, base, "newsgraph serve (the wheel)", timeout=60)
        yield base
    finally:
        stop_process(proc, timeout=10)


@pytest.mark.slow
def test_the_wheel_holds_every_module_template_and_data_file(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    assert _source_files() - names == set()


@pytest.mark.slow
def test_the_installed_wheel_supplies_the_code_the_shapes_and_the_ontology(installed: Installed) -> None:
    where = installed.run("python", "-c", "import json, graphbuild, server, graphbuild.validate as v, "
                          "server.dataset as d, server.ontology as o; print(json.dumps([graphbuild.__file__, "
                          "server.__file__, str(v.SHAPES_DIR), str(d.SHAPES_DIR), str(o.ONTOLOGY_PATH)]))")
    assert where.returncode == 0, where.stderr
    paths = [Path(p) for p in json.loads(where.stdout)]
    assert all(p.resolve().is_relative_to(installed.venv.resolve()) for p in paths), paths
    assert all(p.exists() for p in paths), paths


@pytest.mark.slow
def test_the_installed_wheel_validates_a_store(installed: Installed, store: Path) -> None:
    validated = installed.run("newsgraph", "validate", "--store", str(store))
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "1 of 1 articles conform" in validated.stderr


@pytest.mark.slow
def test_the_installed_wheel_serves_the_ontology_at_ns(served: str) -> None:
    response = httpx.get(served + "ns", headers={"Accept": "text/turtle"}, follow_redirects=True, timeout=30)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    published = Graph().parse(data=response.text, format="turtle")
    assert isomorphic(published, Graph().parse(ROOT / "ontology" / "newsgraph.ttl", format="turtle"))


@pytest.mark.slow
def test_the_installed_wheel_serves_the_shapes(served: str) -> None:
    response = httpx.get(served + "shapes", headers={"Accept": "text/turtle"}, follow_redirects=True, timeout=30)
    assert response.status_code == 200
    shapes = Graph()
    for file in sorted((ROOT / "shapes").glob("*.ttl")):
        shapes.parse(file, format="turtle")
    assert isomorphic(Graph().parse(data=response.text, format="turtle"), shapes)


@pytest.mark.slow
def test_the_installed_wheel_serves_the_json_ld_context(served: str) -> None:
    response = httpx.get(served + "context.jsonld", timeout=30)
    assert response.status_code == 200
    assert response.json() == json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
