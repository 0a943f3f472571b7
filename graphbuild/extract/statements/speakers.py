"""Who said it: the speaker a verb of saying names, and the attribution it gives a statement.

The speaker is the subject of the verb of saying (a conjoined or participial verb shares its head's
subject; the "who" of a relative clause is the noun it modifies), the name right after a verb parsed
without a subject ("Said Doe, …"), a name set off by commas before it, or X of "according to X". The
discourse resolves it: a named person or organisation, a title, a generic noun, or a pronoun.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Token

from ...model import Entity
from ..lexicon import TITLE_WORDS
from .confidence import SPEAKER_FACTOR
from .grammar import PREPOSITION_CUES, is_reduced_attribution, prepositional_agent, subject_of, word
from .reader import Reader

How = Literal["named", "title", "pronoun"]


@dataclass(frozen=True)
class Attribution:
    """Who said a quote, by which cue, how surely, and whether in the past tense."""

    speakers: tuple[Entity, ...]  # empty: a cue whose speaker cannot be found; the quote is dropped
    cue: str | None
    confidence: float
    past: bool


def attribution(reader: Reader, cue: Token, base: float) -> Attribution:
    """The attribution a verb of saying (or "according") gives, trusted ``base`` times its speaker's factor."""
    found, how = speakers(reader, cue)
    particle = next((c.lower_ for c in cue.children if c.dep_ == "prt" and c.i == cue.i + 1), None)
    cue_text = PREPOSITION_CUES.get(cue.lower_) or " ".join(filter(None, (cue.lower_, particle)))
    tensed = cue.head if cue.tag_ == "VBG" and cue.dep_ == "advcl" else cue
    past = tensed.tag_ in ("VBD", "VBN") or cue.lower_ in PREPOSITION_CUES
    return Attribution(found, cue_text, base * SPEAKER_FACTOR[how], past)


def speakers(reader: Reader, cue: Token) -> tuple[tuple[Entity, ...], How]:
    """Who the verb of saying (or "according" of "according to X") names as speaker."""
    if cue.lower_ in PREPOSITION_CUES:
        agent = prepositional_agent(cue)
    elif is_reduced_attribution(cue):  # "…, the news agency Reuters reported."
        agent = cue.head
    else:
        agent = subject_of(cue) or _inverted_subject(reader, cue) or reader.discourse.orphan_subject(cue)
    if agent is None:
        return (), "named"
    how: How = "named"
    found: list[Entity] = []
    for part in [agent, *agent.conjuncts]:
        entity, part_how = _agent_entity(reader, part)
        if entity is not None and entity.kind == "place":  # a dateline taken for the subject: the
            entity = _appositive_speaker(reader, part)  # speaker is in apposition ("LONDON — Acme, …")
        if entity is not None and entity.kind in ("person", "organisation") and all(entity is not f for f in found):
            found.append(entity)
        how = part_how if part_how != "named" else how
    return tuple(found), how


def _appositive_speaker(reader: Reader, token: Token) -> Entity | None:
    for appos in (c for c in token.children if c.dep_ == "appos"):
        entity, how = _agent_entity(reader, appos)
        if entity is not None and entity.kind != "place" and how == "named":
            return entity
    return None


def _agent_entity(reader: Reader, token: Token) -> tuple[Entity | None, How]:
    entity, how = reader.discourse.resolve(token)
    return entity, ("title" if how == "generic" else how)


def _inverted_subject(reader: Reader, cue: Token) -> Token | None:
    """The name right after a verb parsed without a subject ("Said Doe, …")."""
    for token in reader.doc[cue.i + 1 : cue.i + 4]:
        if reader.mention_at(token.idx) is not None:
            return token
        if not (token.pos_ in ("DET", "PROPN") or word(token) in TITLE_WORDS):
            return None
    return None
