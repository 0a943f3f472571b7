"""What the role rules read: the Doc, the article's Discourse (who each word refers to), and word tests."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ...model import Entity, SourceArticle
from ..discourse import Discourse, Named
from ..lexicon import (
    GENERIC_ORG_NOUNS,
    HYPHENS,
    NOT_OCCUPATIONS,
    OCCUPATION_ENDINGS,
    OCCUPATIONS,
    POSSESSIVE,
    ROLE_HEADS,
)
from ..parse import word_of


# -- what the text names --------------------------------------------------------------------------
@dataclass
class Context:
    """The Doc, what its words refer to (the article's Discourse), and the article's date."""

    doc: Doc
    article: SourceArticle
    discourse: Discourse
    people: list[Named]  # every person mention, in text order

    @property
    def starting(self) -> dict[int, Named]:
        return self.discourse.starting

    @property
    def covering(self) -> list[Named | None]:
        return self.discourse.covering

    @property
    def organisations(self) -> list[Entity]:
        return self.discourse.organisations


def build_context(doc: Doc, discourse: Discourse, article: SourceArticle) -> Context:
    people = sorted((n for n in discourse.starting.values() if n.entity.kind == "person"), key=lambda n: n.start)
    return Context(doc, article, discourse, people)


def kind_at(ctx: Context, i: int) -> str | None:
    named = ctx.covering[i] if 0 <= i < len(ctx.doc) else None
    return named.entity.kind if named else None


def org_by_word(ctx: Context, i: int) -> Entity | None:
    """A capitalised word the model did not tag but that is a name of an organisation ("Teamsters")."""
    token = ctx.doc[i]
    if ctx.covering[i] is not None or not token.text[:1].isupper() or len(token.text) < 2:
        return None
    return next((e for e in ctx.organisations if token.text in e.labels), None)


def is_hyphen(doc: Doc, i: int) -> bool:
    """A hyphen inside a word: "co-chair", "Secretary-Treasurer"."""
    return 0 < i < len(doc) - 1 and doc[i].text in HYPHENS and not doc[i - 1].whitespace_ and not doc[i].whitespace_


def is_occupation(token: Token) -> bool:
    word = word_of(token)
    if word in OCCUPATIONS:
        return True
    return (
        token.is_lower
        and token.pos_ == "NOUN"
        and token.tag_ == "NN"
        and word not in NOT_OCCUPATIONS
        and word.endswith(OCCUPATION_ENDINGS)
    )


def is_role_head(doc: Doc, i: int) -> bool:
    token = doc[i]
    if word_of(token) not in ROLE_HEADS and not is_occupation(token):
        return False
    return token.pos_ not in ("VERB", "AUX", "ADP", "DET", "PRON") or (i > 0 and is_hyphen(doc, i - 1))


def singular_text(text: str) -> str | None:
    """The singular of a plural role noun, as written: "co-chairs" -> "co-chair", "secretaries" -> "secretary"."""
    lower = text.lower()
    for ending, replace in (("ies", "y"), ("men", "man"), ("es", ""), ("s", "")):
        if lower.endswith(ending) and lower[: -len(ending)] + replace in ROLE_HEADS:
            return text[: -len(ending)] + replace
    return None


def is_plural_head(doc: Doc, i: int) -> bool:
    token = doc[i]
    return token.tag_ in ("NNS", "NNPS") and singular_text(token.text) is not None


def is_head(doc: Doc, i: int) -> bool:
    return is_role_head(doc, i) or is_plural_head(doc, i)


def possessive_at(doc: Doc, i: int) -> bool:
    return i < len(doc) and (doc[i].text in POSSESSIVE or doc[i].tag_ == "POS")


# -- organisations named by common nouns -----------------------------------------------------------
def most_mentioned(pool: list[Entity], whole_first: bool = True) -> Entity | None:
    """The most mentioned organisation; a whole one before a body named by its noun ("Board of Directors"),
    as a board or committee appoints the officers of its parent."""
    whole = [e for e in pool if e.name.split()[0].lower() not in GENERIC_ORG_NOUNS] if whole_first else []
    return max(whole or pool, key=lambda e: (len(e.mentions), -e.mentions[0].start)) if pool else None


def resolve_generic(ctx: Context, token: Token) -> Entity | None:
    """ "the union", "the Board": the organisation the Discourse says the noun refers to."""
    return ctx.discourse.generic_org(token)


def _descends(entity: Entity, ancestor: Entity) -> bool:
    parent = entity.parent
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent
    return False


def resolve_body(ctx: Context, words: str, owner: Entity | None) -> Entity | None:
    """ "the party's central committee": the organisation named "Central Committee of ..." under the owner."""
    wanted = words.lower()
    found = [e for e in ctx.organisations if any(label.lower().startswith(wanted) for label in e.labels)]
    if owner is not None:
        found = [e for e in found if _descends(e, owner)] or found
    return min(found, key=lambda e: (len(e.name), -len(e.mentions))) if found else None


def next_is_person(ctx: Context, i: int) -> bool:
    return i < len(ctx.doc) and kind_at(ctx, i) == "person"
