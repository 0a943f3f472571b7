"""IRIs are minted here and nowhere else: ``{base}id/{type}/{slug}``, from normalised keys.

Slugs are deterministic, readable lowercase ASCII joined by hyphens, so the same person named in two
articles gets the same IRI (``{base}id/person/maria-okafor``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from typing import Literal

from rdflib import URIRef

EntityType = Literal["article", "person", "organisation", "place", "event", "statement", "role", "membership"]
ENTITY_TYPES: tuple[EntityType, ...] = (
    "article",
    "person",
    "organisation",
    "place",
    "event",
    "statement",
    "role",
    "membership",
)
MAX_SLUG = 80

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = MAX_SLUG) -> str:
    """Lowercase ASCII words joined by hyphens; accents folded, apostrophes dropped."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    folded = re.sub(r"['\u2019`]", "", folded)
    slug = _NON_ALNUM.sub("-", folded).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "unnamed"


def mint(base: str, kind: EntityType, key: str) -> URIRef:
    """``{base}id/{kind}/{slug}``; a slug cut short carries a hash of the whole key, so two long keys
    that share their first 80 characters never share an IRI."""
    full = slugify(key, max_length=10_000)
    slug = slugify(key)
    if slug != full:
        slug = f"{slugify(key, MAX_SLUG - 9)}-{hashlib.sha1(full.encode('ascii')).hexdigest()[:8]}"
    return URIRef(f"{base}id/{kind}/{slug}")


def mint_fact(base: str, kind: EntityType, readable: str, key: str) -> URIRef:
    """A fact of one article (statement, event, membership): a readable slug plus a hash of its key,
    so two facts never share an IRI even when their readable parts agree."""
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    return URIRef(f"{base}id/{kind}/{slugify(readable, 60)}-{digest}")


def article_iri(base: str, headline: str, published: dt.date | None) -> URIRef:
    key = f"{published.isoformat()} {headline}" if published else headline
    return mint(base, "article", key)


def mention_iri(article: URIRef, start: int, end: int) -> URIRef:
    return URIRef(f"{article}#m{start}-{end}")


def split_entity_iri(base: str, iri: str) -> tuple[EntityType, str] | None:
    """The (type, slug) of an entity IRI minted under ``base``, or None."""
    prefix = f"{base}id/"
    if not iri.startswith(prefix):
        return None
    kind, _, slug = iri[len(prefix) :].partition("/")
    if kind not in ENTITY_TYPES or not slug or "/" in slug or "#" in slug:
        return None
    return kind, slug
