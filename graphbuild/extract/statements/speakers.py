"""Who said it: the speaker a verb of saying names, and the attribution it gives a statement.

The speaker is the subject of the verb of saying (a conjoined or participial verb shares its head's
subject; the "who" of a relative clause is the noun it modifies), the name right after a verb parsed
without a subject ("Said Doe, …"), a name set off by commas before it, or X of "according to X". The
discourse resolves it: a named person or organisation, a title, a generic noun, or a pronoun.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Token

from ...model import Entity
from ..lexicon import STATEMENT_DOCUMENTS, TITLE_WORDS
from ..parse import word_of
from .confidence import SPEAKER_FACTOR
from .grammar import PREPOSITION_CUES, is_reduced_attribution, prepositional_agent, subject_of
from .reader import Reader

How = Literal["named", "title", "pronoun"]
Said = tuple[int, Entity]  # where a statement starts, and its speaker


@dataclass(frozen=True)
class Attribution:
    """Who said a quote, by which cue, how surely, and whether in the past tense."""

    speakers: tuple[Entity, ...]  # empty: a cue whose speaker cannot be found; the quote is dropped
    cue: str | None
    confidence: float
    past: bool


def attribution(reader: Reader, cue: Token, base: float, earlier: Sequence[Said] = ()) -> Attribution:
    """The attribution a verb of saying (or "according") gives, trusted ``base`` times its speaker's
    factor; ``earlier`` are the statements already found, where and by whom."""
    found, how = speakers(reader, cue, earlier)
    particle = next((c.lower_ for c in cue.children if c.dep_ == "prt" and c.i == cue.i + 1), None)
    cue_text = PREPOSITION_CUES.get(cue.lower_) or " ".join(filter(None, (cue.lower_, particle)))
    tensed = cue.head if cue.tag_ == "VBG" and cue.dep_ == "advcl" else cue
    past = tensed.tag_ in ("VBD", "VBN") or cue.lower_ in PREPOSITION_CUES
    return Attribution(found, cue_text, base * SPEAKER_FACTOR[how], past)


def speakers(reader: Reader, cue: Token, earlier: Sequence[Said] = ()) -> tuple[tuple[Entity, ...], How]:
    """Who the verb of saying (or "according" of "according to X") names as speaker."""
    if cue.lower_ in PREPOSITION_CUES:
        agent = prepositional_agent(cue)
    elif is_reduced_attribution(cue):  # "…, the news agency Reuters reported."
        agent = cue.head
    else:
        agent = subject_of(cue) or _inverted_subject(reader, cue) or reader.discourse.orphan_subject(cue)
    return agent_speakers(reader, agent, earlier)


def agent_speakers(reader: Reader, agent: Token | None, earlier: Sequence[Said] = ()) -> tuple[tuple[Entity, ...], How]:
    """The people and organisations an agent word (and its conjuncts) names or points to."""
    if agent is None:
        return (), "named"
    how: How = "named"
    found: list[Entity] = []
    for part in [agent, *agent.conjuncts]:
        entity, part_how = _agent_entity(reader, part)
        if entity is None and word_of(part) in STATEMENT_DOCUMENTS:  # "the statement said"
            entity = _document_speaker(reader, part, earlier)
        if entity is None:  # "a delegate named Doe said"
            entity = _named_speaker(reader, part)
        if entity is not None and entity.kind == "place":  # a dateline taken for the subject: the
            entity = _appositive_speaker(reader, part)  # speaker is in apposition ("LONDON — Acme, …")
        if entity is not None and entity.kind in ("person", "organisation") and all(entity is not f for f in found):
            found.append(entity)
        how = part_how if part_how != "named" else how
    return tuple(found), how


def _named_speaker(reader: Reader, noun: Token) -> Entity | None:
    """The name a noun is given by "named" or "called" after it: "a delegate named Doe"."""
    for acl in (c for c in noun.children if c.dep_ == "acl" and c.lower_ in ("named", "called")):
        for name in (c for c in acl.children if c.dep_ in ("oprd", "dobj", "attr")):
            entity, how = _agent_entity(reader, name)
            if entity is not None and how == "named":
                return entity
    return None


def _document_speaker(reader: Reader, document: Token, earlier: Sequence[Said]) -> Entity | None:
    """Who speaks through a document: its issuer where the text names one ("the ministry's statement",
    "a statement from the ministry", "the release issued by Acme"); else, for "the statement", the
    organisation that spoke last before it. When the last statement has another kind of speaker, or
    several, the document's issuer is not known."""
    for issuer in _issuers(document):
        entity, _ = _agent_entity(reader, issuer)
        if entity is not None and entity.kind in ("person", "organisation"):
            return entity
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in document.children):
        return None
    before = [(at, entity) for at, entity in earlier if at < document.idx]
    if not before:
        return None
    last_at = max(at for at, _ in before)
    last = {id(entity): entity for at, entity in before if at == last_at}
    speaker = next(iter(last.values()))
    return speaker if len(last) == 1 and speaker.kind == "organisation" else None


def _issuers(document: Token) -> list[Token]:
    """The words that may name a document's issuer: its possessive, X of "from/by/of X", and the agent of
    a participle ("issued by X")."""
    found = [c for c in document.children if c.dep_ == "poss"]
    for child in document.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            found += [g for g in child.children if g.dep_ == "pobj"]
        if child.dep_ == "acl":
            found += [p for g in child.children if g.dep_ == "agent" for p in g.children if p.dep_ == "pobj"]
    return found


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
        if not (token.pos_ in ("DET", "PROPN") or word_of(token) in TITLE_WORDS):
            return None
    return None
