"""Where the published files are: ontology/ and shapes/, as installed.

A wheel ships them as the package data graphbuild/data/ontology and graphbuild/data/shapes (pyproject.toml
maps them there); an editable install runs from the checkout, whose ontology/ and shapes/ sit beside
graphbuild/ (setuptools' editable finder cannot import a data-only package nested in graphbuild). Light on
purpose: the server finds the files without loading pyshacl or spaCy.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_folder(name: str) -> Path:
    """``ontology`` or ``shapes`` as installed: the packaged copy, else the checkout's folder."""
    packaged = _PACKAGE / "data" / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / name


ONTOLOGY_DIR = data_folder("ontology")
SHAPES_DIR = data_folder("shapes")
