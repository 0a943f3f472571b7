"""Hand-made Docs for rule tests: words, heads, dependencies, tags and entities set by hand on
``spacy.blank("en")``, as spaCy's own tests do, so that a rule is tested without the trained model."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from graphbuild.model import Entity, Mention

NLP = spacy.blank("en")

# (word, head offset from the word, dep, tag, pos, entity label); a blank head offset means ROOT.
Row = tuple[str, int | None, str, str, str, str]


def parse(*sentences: list[Row]) -> Doc:
    """A Doc of hand-parsed sentences, joined by single spaces; punctuation hugs the word before it."""
    words: list[str] = []
    heads: list[int] = []
    deps: list[str] = []
    tags: list[str] = []
    pos: list[str] = []
    ents: list[str] = []
    starts: list[bool | int | None] = []
    for sentence in sentences:
        base = len(words)
        for n, (word, head, dep, tag, upos, ent) in enumerate(sentence):
            words.append(word)
            heads.append(base + n + head if head is not None else base + n)
            deps.append(dep)
            tags.append(tag)
            pos.append(upos)
            ents.append(ent)
            starts.append(n == 0)
    spaces = [i + 1 < len(words) and words[i + 1] not in (".", ",", ":") for i in range(len(words))]
    return Doc(
        NLP.vocab, words=words, spaces=spaces, heads=heads, deps=deps, tags=tags, pos=pos,
        ents=ents, sent_starts=starts, lemmas=[w.lower() for w in words],
    )  # fmt: skip


def entity(doc: Doc, kind: str, name: str, *forms: str) -> Entity:
    """An entity with a mention at every occurrence of its name and of its other forms."""
    found = Entity(kind, name)  # type: ignore[arg-type]
    text = doc.text
    for form in (name, *forms):
        at = text.find(form)
        while at != -1:
            if not any(m.start <= at < m.end for m in found.mentions):
                honorific = text[:at].rstrip().rsplit(" ", 1)[-1]
                titled = f"{honorific} {form}" if honorific in ("Mr.", "Ms.", "Mrs.") else None
                found.mentions.append(Mention(at, at + len(form), form, kind, titled))  # type: ignore[arg-type]
            at = text.find(form, at + 1)
    found.mentions.sort(key=lambda m: m.start)
    return found
