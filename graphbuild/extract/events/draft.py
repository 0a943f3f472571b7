"""An event as one rule read it, before the drafts that tell one event are joined."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from ...model import Entity, EventKind, Participation
from ..dates import Tense
from .context import Agent, Context


@dataclass
class Draft:
    """An event as one rule read it, before drafts of the same event are joined."""

    kind: EventKind
    trigger: Token
    name: str
    date: str | None = None
    tense: Tense = None
    place: Entity | None = None
    agents: list[tuple[Agent, bool]] = field(default_factory=list)  # (agent, as organiser)
    participations: list[Participation] = field(default_factory=list)  # one per agent, traced to its words
    confidence: float = 0.7
    from_verb: bool = False
    anaphoric: bool = False  # "the meeting": a definite mention with nothing of its own
    distinct: bool = False  # "another meeting", "the next congress": not an event already named
    needs_date: bool = False  # anniversaries and foundings are kept only when dated
    dated_in_text: bool = False  # its clause has a date expression, resolved or not ("on Tuesday", undated article)
    happened: bool = False  # told as taking place: "the ceremony took place", "talks resume"
    told_at: tuple[int, int] | None = None  # its own date's words, when one clause tells it several times

    @property
    def start(self) -> int:
        own = [self.told_at[0]] if self.told_at else []
        return min([self.trigger.idx, *own, *(a.start for a, _ in self.agents if self._near(a))])

    @property
    def end(self) -> int:
        ends = [a.end for a, _ in self.agents if self._near(a)] + ([self.told_at[1]] if self.told_at else [])
        return max([self.trigger.idx + len(self.trigger.text), *ends])

    def _near(self, agent: Agent) -> bool:
        sent = self.trigger.sent
        return sent.start_char <= agent.start and agent.end <= sent.end_char

    def add(self, agent: Agent, organiser: bool, via: Token | None = None) -> None:
        """Add a participant; the participation spans its name and the word that says so."""
        said_by = via if via is not None else self.trigger
        start, end = min(agent.start, said_by.idx), max(agent.end, said_by.idx + len(said_by.text))
        self._add(agent, organiser, Participation(agent.entity, organiser, start, end))

    def absorb(self, other: Draft) -> None:
        """Take the participants, date and place another draft of the same event found, and its name
        where it says more ("Balloting", then "Balloting on the pay agreement")."""
        if other.name.startswith(self.name) and len(other.name) > len(self.name):
            self.name = other.name
        for (agent, organiser), participation in zip(other.agents, other.participations, strict=True):
            self._add(agent, organiser, participation)
        self.date = self.date or other.date
        self.place = self.place or other.place

    def _add(self, agent: Agent, organiser: bool, participation: Participation) -> None:
        if all(a.entity is not agent.entity for a, _ in self.agents):
            self.agents.append((agent, organiser))
            self.participations.append(participation)

    def attendees(self) -> set[int]:
        return {id(a.entity) for a, organiser in self.agents if not organiser}

    def parties(self) -> set[int]:
        """Every agent, with the bodies it belongs to: a department taking part is its party taking part."""
        found: set[int] = set()
        for agent, _ in self.agents:
            entity: Entity | None = agent.entity
            while entity is not None:
                found.add(id(entity))
                entity = entity.parent
        return found


Rule = Callable[[Context, Token], "Draft | None"]
