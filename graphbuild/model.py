"""The small dataclasses that join the pipeline's stages.

reader -> SourceArticle -> nlp/extract -> Extraction -> emit -> rdflib Graph -> validate -> store
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Literal

EntityKind = Literal["person", "organisation", "place"]


@dataclass(frozen=True)
class Author:
    """A byline author. ``kind`` decides schema:Person or schema:Organization."""

    name: str
    kind: Literal["person", "organisation"] = "person"


@dataclass(frozen=True)
class SourceArticle:
    """One article as read from a file: metadata plus the cleaned body the offsets refer to."""

    source: str  # file path, or "path#N" for the N-th object of a .jsonl/.json list
    headline: str
    text: str  # the cleaned article body (schema:articleBody); all offsets index into it
    date_published: dt.date | None = None
    authors: tuple[Author, ...] = ()
    url: str | None = None  # where the article was published, when the file says
    publisher: str | None = None  # who published it (a news site, a party, an agency), when the file says

    @property
    def content_hash(self) -> str:
        """Hash of everything that goes into the graph, so an unchanged article can be skipped."""
        parts = [self.headline, self.text, str(self.date_published), self.url or "", self.publisher or ""]
        parts += [f"{a.kind}:{a.name}" for a in self.authors]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReadError:
    """An input that could not become an article; ``reason`` is one short sentence."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Mention:
    """A span of the article body, ``text[start:end]``, naming an entity."""

    start: int
    end: int
    text: str
    kind: EntityKind
    form: str | None = None  # the fuller surface form when a title or honorific preceded: "Comrade Lee"


@dataclass
class Entity:
    """An entity resolved inside one article, with every mention that names it."""

    kind: EntityKind
    name: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    parent: Entity | None = None  # schema:parentOrganization, for sub-bodies
    geonames: int | None = None  # a place's GeoNames identifier, when the gazetteer knows it

    @property
    def labels(self) -> set[str]:
        return {self.name, *self.aliases}




EventKind = Literal[
    "meeting", "visit", "talks", "conference", "convention", "election", "appointment", "anniversary", "founding",
    "other",
]


@dataclass
class Role:
    """A person holding a role, in an organisation or as a bare occupation ("labor historian")."""

    person: Entity
    title: str  # the role's label as written, e.g. "national co-chair"
    organisation: Entity | None
    start: int  # the span of text the role was read from
    end: int
    effective: str | None = None  # when it began, as the text states it, ISO (YYYY, YYYY-MM or YYYY-MM-DD)
    ended: str | None = None  # when it ended, as the text states it ("from 1962 to 1970")
    former: bool = False  # the text says it is over ("former president", "ex-chair") without a date
    confidence: float = 0.8


@dataclass
class Statement:
    """A direct quote (kind "direct") or reported speech (kind "reported"), attributed to a speaker."""

    kind: Literal["direct", "reported"]
    text: str  # verbatim, without the quotation marks
    speaker: Entity
    start: int  # span of ``text`` in the article body
    end: int
    cue: str | None = None  # the reporting verb or phrase: "said", "according to"
    confidence: float = 0.8
    at_main_event: bool = False


@dataclass
class Participation:
    """An agent taking part in an event, with the span that says so."""

    agent: Entity
    as_organiser: bool
    start: int
    end: int


@dataclass
class Event:
    """An event the article reports or mentions."""

    kind: EventKind
    name: str
    start: int  # the span of text the event was read from
    end: int
    date: str | None = None  # ISO date at the precision the text gives: YYYY, YYYY-MM or YYYY-MM-DD
    place: Entity | None = None
    participants: list[Participation] = field(default_factory=list)
    main: bool = False  # the article's main event
    confidence: float = 0.7


@dataclass
class Extraction:
    """Everything extracted from one article, before it becomes RDF."""

    article: SourceArticle
    entities: list[Entity] = field(default_factory=list)
    authors: list[Entity] = field(default_factory=list)
    publisher: Entity | None = None
    roles: list[Role] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
