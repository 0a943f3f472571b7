"""Small readings of the dependency parse the rules share: a verb's dictionary form, its arguments,
its clause, the verb above a noun."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from spacy.tokens import Token

from ..lexicon import (
    APPOINTING_VERBS,
    ARRIVING_VERBS,
    ATTENDING_VERBS,
    CELEBRATING_VERBS,
    DEPARTING_VERBS,
    DYING_VERBS,
    ELECTING_VERBS,
    HAPPENING_VERBS,
    HOSTING_VERBS,
    IRREGULAR_VERBS,
    MEETING_VERBS,
    ORDINAL_WORDS,
    ORGANISING_VERBS,
    SIGNING_VERBS,
    STARTING_VERBS,
    SUCCEEDING_VERBS,
    TALKS_VERBS,
    VERDICT_VERBS,
    VISIT_VERBS,
)

KNOWN_VERBS = (
    MEETING_VERBS | TALKS_VERBS | VISIT_VERBS | ORGANISING_VERBS | ATTENDING_VERBS | CELEBRATING_VERBS
    | APPOINTING_VERBS | ELECTING_VERBS | set(DEPARTING_VERBS) | HOSTING_VERBS
    | {"become", "serve", "lead", "head", "schedule", "plan"}
    | DYING_VERBS | HAPPENING_VERBS | SIGNING_VERBS | STARTING_VERBS | SUCCEEDING_VERBS | ARRIVING_VERBS
    | VERDICT_VERBS | {"find"}
    | {"pass", "join", "swear"}
)  # fmt: skip


ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.I)


_CLAUSE_BOUNDARIES = frozenset({"relcl", "ccomp", "parataxis", "csubj", "advcl", "xcomp", "conj"})


def base_form(token: Token) -> str:
    """The verb's dictionary form for the verbs the rules know (the pipeline runs no lemmatizer)."""
    return _base_word(token.lower_)


@lru_cache(maxsize=65_536)
def _base_word(word: str) -> str:
    """base_form of a lower-case word; kept, since every rule asks it of every token."""
    if word in IRREGULAR_VERBS:
        return IRREGULAR_VERBS[word]
    if word in KNOWN_VERBS:
        return word
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ing", "e"), ("ing", ""), ("ed", "e"),
                                ("ed", ""), ("es", ""), ("s", ""), ("d", "")):  # fmt: skip
        if not word.endswith(suffix) or len(word) <= len(suffix) + 2:
            continue
        stem = word[: -len(suffix)] + replacement
        if stem in KNOWN_VERBS:
            return stem
        if len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in KNOWN_VERBS:
            return stem[:-1]  # "stepped", "planning"
    return word


def is_verb(token: Token) -> bool:
    return token.pos_ in {"VERB", "AUX"}


def is_passive(verb: Token) -> bool:
    """ "X was elected", and a participle coordinated with it that has no subject or auxiliary of its own:
    "X was elected in 1977 and reelected in 1981"."""
    if children_with(verb, "nsubjpass", "auxpass"):
        return True
    own = children_with(verb, "nsubj", "nsubjpass", "aux", "auxpass")
    return verb.dep_ == "conj" and verb.tag_ == "VBN" and not own and is_verb(verb.head) and is_passive(verb.head)


def is_negated(token: Token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def children_with(token: Token, *deps: str) -> list[Token]:
    return [child for child in token.children if child.dep_ in deps]


def prep_objects(token: Token, *preps: str) -> list[Token]:
    """Objects of the token's prepositions: ``prep_objects(met, "with")`` gives Y in "met with Y"."""
    found = []
    for prep in children_with(token, "prep", "agent"):
        if prep.lower_ in preps:
            found += children_with(prep, "pobj", "pcomp", "prep")
    return found


def clause_tokens(token: Token) -> Iterator[tuple[Token, int]]:
    """The token's subtree with depths, not entering other clauses (relative, complement, open
    complement, or adverbial and coordinated verb clauses); an adjectival "effective ..." is inside."""
    stack = [(token, 0)]
    while stack:
        current, depth = stack.pop()
        yield current, depth
        for child in current.children:
            if child.dep_ in _CLAUSE_BOUNDARIES and (is_verb(child) or child.dep_ not in {"advcl", "conj"}):
                continue
            stack.append((child, depth + 1))


def governor_of(token: Token) -> Token | None:
    """The verb a noun is an argument of, directly or through a preposition."""
    head = token.head
    if token.dep_ == "pobj" and head.dep_ in {"prep", "agent"}:
        head = head.head
    if head == token or not is_verb(head):
        return None
    return head


def clause_verb(token: Token) -> Token | None:
    """The nearest verb above the token."""
    current = token
    while current.head != current:
        current = current.head
        if is_verb(current):
            return current
    return None


def ordinal_of(token: Token) -> int | None:
    for child in token.children:
        match = ORDINAL.match(child.text)
        if match:
            return int(match.group(1))
        if child.lower_ in ORDINAL_WORDS:
            return ORDINAL_WORDS[child.lower_]
    return None


def path_up(token: Token, top: Token) -> list[Token]:
    out = []
    while token != top and token.head != token:
        token = token.head
        out.append(token)
    return out


def verb_group(verb: Token) -> list[Token]:
    """A verb with the prefix the tokenizer split off it: ["re", "-", "elected"]."""
    doc = verb.doc
    if verb.lower_ == "re" and verb.i + 2 < len(doc) and doc[verb.i + 1].text == "-":
        return [verb, doc[verb.i + 1], doc[verb.i + 2]]
    return [verb]


def after_re(verb: Token) -> bool:
    doc = verb.doc
    return verb.i >= 2 and doc[verb.i - 1].text == "-" and doc[verb.i - 2].lower_ == "re"
