"""graphbuild/nlp.py: the pipeline as loaded sets the same annotations as spaCy's own, on invented text."""

from __future__ import annotations

import pytest
import spacy

from graphbuild.nlp import LINE_BREAKS, TableAttributeRuler, load_pipeline
from graphbuild.settings import DEFAULT_MODEL

pytestmark = pytest.mark.slow

TEXTS = [
    "Union president Jane Doe said on Tuesday that the Harbour Workers Union (HWU) would not back down.",
    "\"We did not choose this fight,\" Doe said. \"But we will finish it.\"\n\nThe mayor of Lindale didn't reply.",
    "Kofi Mensah, secretary of the Millers Guild, was re-elected in 2019; he's served since Jan. 3rd, 2015.",
    "U.S. Secretary of State Antony Blinken met the C.P.C.'s international secretary — twice — in Beijing.",
    "Prices rose 3.5% to $1,200.00 in Q3, according to the ministry's e-mail at 10:30 a.m. on 12/05/2024.",
]


def _annotations(nlp: spacy.language.Language, text: str) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.dep_, t.head.text, t.ent_iob_, t.ent_type_, t.lemma_)
            for t in nlp(text)]


def test_the_table_ruler_replaces_spacys_attribute_ruler() -> None:
    nlp = load_pipeline(DEFAULT_MODEL)
    assert "attribute_ruler" not in nlp.pipe_names
    assert isinstance(nlp.get_pipe("table_attribute_ruler"), TableAttributeRuler)


def test_a_line_break_ends_a_sentence() -> None:
    doc = load_pipeline(DEFAULT_MODEL)("By Jane Doe\nThe president of the union said the strike would go on.")
    assert [s.text.strip() for s in doc.sents] == ["By Jane Doe", "The president of the union said the strike would go on."]


@pytest.mark.parametrize("number", range(len(TEXTS)))
def test_the_loaded_pipeline_annotates_as_spacy_does(number: int) -> None:
    ours = load_pipeline(DEFAULT_MODEL)
    theirs = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])
    theirs.add_pipe(LINE_BREAKS, before="parser")  # ours ends a sentence at a line break; so does this one
    assert _annotations(ours, TEXTS[number]) == _annotations(theirs, TEXTS[number])
