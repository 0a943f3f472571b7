"""graphbuild/extract/gazetteer.py and the places of an article: one place per place, linked to GeoNames."""

from __future__ import annotations

import pytest

from graphbuild.extract.gazetteer import look_up
from graphbuild.extract.identity import resolve_places
from graphbuild.model import Mention


@pytest.mark.parametrize(("written", "name", "geonames"), [
    ("U.S.", "United States", 6252001), ("US", "United States", 6252001), ("USA", "United States", 6252001),
    ("United States", "United States", 6252001), ("United States of America", "United States", 6252001),
    ("U.K.", "United Kingdom", 2635167), ("NEW YORK", "New York City", 5128581), ("New York", "New York City", 5128581),
    ("NY", "New York", 5128638), ("Beijing", "Beijing", 1816670), ("Côte d'Ivoire", "Ivory Coast", 2287781),
])
def test_a_place_is_known_however_it_is_written(written: str, name: str, geonames: int) -> None:
    place = look_up(written)
    assert place is not None and (place.name, place.geonames) == (name, geonames)


@pytest.mark.parametrize("written", ["us", "Us", "Brightwater", "Corran", "ny"])
def test_words_and_invented_places_are_not_looked_up_into_something(written: str) -> None:
    assert look_up(written) is None


def test_the_names_of_one_place_make_one_entity_named_as_the_gazetteer_names_it() -> None:
    mentions = [Mention(0, 4, "U.S.", "place"), Mention(10, 23, "United States", "place"),
                Mention(30, 38, "NEW YORK", "place"), Mention(40, 50, "Brightwater", "place"),
                Mention(60, 71, "Brightwater", "place")]
    places = {e.name: e for e in resolve_places(mentions)}
    assert set(places) == {"United States", "New York City", "Brightwater"}
    assert places["United States"].geonames == 6252001 and places["United States"].aliases == {"U.S."}
    assert len(places["United States"].mentions) == 2
    assert places["New York City"].aliases == {"NEW YORK"}
    assert places["Brightwater"].geonames is None and len(places["Brightwater"].mentions) == 2
