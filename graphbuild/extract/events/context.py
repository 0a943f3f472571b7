"""What the rules read an article through: its entities by token, its dates, and the voice of "we"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ...model import Entity, Mention, SourceArticle
from ..dates import dateline_date
from ..discourse import Discourse
from ..spans import EntityIndex

_AGENT_KINDS = frozenset({"person", "organisation"})


@dataclass(frozen=True)
class Agent:
    """A person or organisation, and the span of the words that name it here (a mention or a pronoun)."""

    entity: Entity
    start: int
    end: int


@dataclass(frozen=True)
class Context:
    doc: Doc
    article: SourceArticle
    mention_at: dict[int, tuple[Mention, Entity]]  # token index -> the mention covering the token
    voice: Entity | None  # the organisation that speaks as "we" (the article's organisational author)
    date_at: dict[int, Span]  # token index -> the DATE entity covering it (read once: doc.ents is costly)
    text: str  # the Discourse's text: doc.text, which spaCy joins anew on every read
    discourse: Discourse  # what each pronoun, title phrase and generic noun refers to, decided once per article
    today: dt.date | None  # the day the text's "today" and "on Monday" count from: its dateline's, else the article's

    def entity(self, token: Token) -> Entity | None:
        found = self.mention_at.get(token.i)
        return found[1] if found else None

    def agent(self, token: Token) -> Agent | None:
        found = self.mention_at.get(token.i)
        if found is None or found[1].kind not in _AGENT_KINDS:
            return None
        return Agent(found[1], found[0].start, found[0].end)

    def referent(self, token: Token) -> Agent | None:
        """The person or organisation a pronoun ("he", "their"), a title phrase ("the minister") or a
        generic noun ("the union") refers to, as the article's Discourse decides; traced to the word."""
        entity = self.discourse.refers(token)
        if entity is None or entity.kind not in _AGENT_KINDS:
            return None
        return Agent(entity, token.idx, token.idx + len(token.text))


def build_context(doc: Doc, entities: list[Entity], article: SourceArticle, discourse: Discourse) -> Context:
    index = EntityIndex(entities)
    mention_at: dict[int, tuple[Mention, Entity]] = {}
    text = discourse.text  # joined once for every extractor
    for mention, entity in index.within(0, len(text)):
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        for token in span or ():
            mention_at.setdefault(token.i, (mention, entity))
    date_at = {t.i: ent for ent in doc.ents if ent.label_ == "DATE" for t in ent}
    today = dateline_date(text, article.date_published) or article.date_published
    return Context(doc, article, mention_at, _voice(article, index), date_at, text, discourse, today)


def _voice(article: SourceArticle, index: EntityIndex) -> Entity | None:
    """The organisation an article's "we" and "our" stand for: its organisational author, or the body
    that author belongs to ("our foundation" in a party department's article is the party's)."""
    for author in article.authors:
        if author.kind != "organisation":
            continue
        entity = index.by_name(author.name)
        while entity is not None and entity.parent is not None:
            entity = entity.parent
        if entity is not None:
            return entity
    return None
