import datetime as dt

from graphbuild.iris import article_iri, mention_iri, mint, slugify, split_entity_iri

BASE = "http://example.org/"


def test_slugs_are_readable_lowercase_ascii() -> None:
    assert slugify("Zoë O’Neill-Brandt") == "zoe-oneill-brandt"
    assert slugify("  ---  ") == "unnamed"


def test_slugs_are_capped_at_a_word_boundary() -> None:
    slug = slugify("word " * 40)
    assert len(slug) <= 80 and not slug.endswith("-")


def test_the_same_name_gives_the_same_iri() -> None:
    assert mint(BASE, "person", "Maria Okafor") == mint(BASE, "person", "maria  okafor")
    assert str(mint(BASE, "person", "Maria Okafor")) == "http://example.org/id/person/maria-okafor"


def test_article_iri_carries_the_date() -> None:
    iri = article_iri(BASE, "Dockers vote to strike", dt.date(2024, 5, 1))
    assert str(iri) == "http://example.org/id/article/2024-05-01-dockers-vote-to-strike"
    assert str(mention_iri(iri, 3, 9)).endswith("#m3-9")


def test_split_entity_iri_round_trips() -> None:
    assert split_entity_iri(BASE, f"{BASE}id/person/maria-okafor") == ("person", "maria-okafor")
    assert split_entity_iri(BASE, f"{BASE}id/unicorn/x") is None
    assert split_entity_iri(BASE, "http://elsewhere.org/id/person/x") is None


def test_long_keys_sharing_a_prefix_get_distinct_iris() -> None:
    prefix = "Harbour workers and teachers unions meet to plan a joint campaign for the coming year in "
    first, second = mint(BASE, "article", prefix + "Lindale"), mint(BASE, "article", prefix + "Westmere")
    assert first != second
    assert len(str(first).rsplit("/", 1)[1]) <= 80
    assert mint(BASE, "article", prefix + "Lindale") == first  # still deterministic
