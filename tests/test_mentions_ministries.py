"""Regression: a ministry word with no field before it ("the ministry said") crashed mention finding
(an unbound span), which rejected the whole article; after a named field it repeated the last one."""

from __future__ import annotations

import pytest

from graphbuild.extract.mentions import find_mentions
from graphbuild.nlp import load_pipeline
from graphbuild.settings import DEFAULT_MODEL


@pytest.mark.slow
def test_a_bare_ministry_word_is_no_mention_and_no_crash() -> None:
    doc = load_pipeline(DEFAULT_MODEL)("The home ministry will meet. The ministry said on Monday that talks would resume.")
    organisations = [m.text for m in find_mentions(doc).mentions if m.kind == "organisation"]
    assert organisations.count("home ministry") == 1
    assert "ministry" not in organisations
