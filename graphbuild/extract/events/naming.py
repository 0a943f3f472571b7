"""Names of events as phrases: "X meets Y", "31st Constitutional Convention of the X"."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..lexicon import ORDINAL_WORDS
from .context import Agent, Context
from .grammar import ORDINAL


def written_name(ctx: Context, agent: Agent) -> str:
    """An agent's name as a phrase, with "the" when the text gives it one."""
    before = ctx.text[max(0, agent.start - 4) : agent.start].lower()
    return f"the {agent.entity.name}" if before == "the " and agent.entity.kind == "organisation" else agent.entity.name


def join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def phrase_of(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    return re.sub(r"\s+", " ", tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text).strip(" ,")


def named_phrase(token: Token) -> str:
    """An event noun with its ordinals and proper-name words: "31st Constitutional Convention"."""
    words = [c for c in token.lefts if c.dep_ in {"amod", "compound", "nummod"}
             and (c.pos_ == "PROPN" or ORDINAL.match(c.text) or c.lower_ in ORDINAL_WORDS)]  # fmt: skip
    if not words:
        return token.text
    return phrase_of([*words, token]) if words[0].i < token.i else token.text


def modified_phrase(noun: Token) -> str:
    """The noun with the modifiers right before it: "bilateral meeting", "upcoming elections"."""
    words = [noun]
    for child in reversed(list(noun.lefts)):
        if child.dep_ not in {"amod", "compound", "nummod"} or child.i != words[0].i - 1:
            break
        words.insert(0, child)
    phrase = phrase_of(words)
    return phrase if words[0].pos_ == "PROPN" else phrase[:1].lower() + phrase[1:]
