"""Which kind of event each event word tells: the lexicon's word lists mapped onto the model's kinds."""

from __future__ import annotations

from ...model import EventKind
from ..lexicon import (
    ANNIVERSARY_NOUNS,
    APPOINTMENT_NOUNS,
    CONFERENCE_NOUNS,
    CONVENTION_NOUNS,
    DEATH_NOUNS,
    ELECTION_NOUNS,
    FOUNDING_NOUNS,
    MEETING_NOUNS,
    MEETING_VERBS,
    OCCASION_NOUNS,
    STRIKE_NOUNS,
    TALKS_NOUNS,
    TALKS_VERBS,
    VISIT_NOUNS,
    VISIT_VERBS,
    VOTE_NOUNS,
)

_NOUNS: tuple[tuple[EventKind, frozenset[str]], ...] = (
    ("meeting", MEETING_NOUNS), ("talks", TALKS_NOUNS), ("visit", VISIT_NOUNS), ("conference", CONFERENCE_NOUNS),
    ("convention", CONVENTION_NOUNS), ("election", ELECTION_NOUNS), ("anniversary", ANNIVERSARY_NOUNS),
    ("founding", FOUNDING_NOUNS), ("appointment", APPOINTMENT_NOUNS), ("other", OCCASION_NOUNS),
    ("other", STRIKE_NOUNS), ("other", VOTE_NOUNS), ("other", DEATH_NOUNS),
)  # fmt: skip
_VERBS: tuple[tuple[EventKind, frozenset[str]], ...] = (
    ("meeting", MEETING_VERBS), ("talks", TALKS_VERBS), ("visit", VISIT_VERBS),
)  # fmt: skip

EVENT_NOUNS: dict[str, EventKind] = {word: kind for kind, words in _NOUNS for word in words}
MEETING_VERB_KINDS: dict[str, EventKind] = {word: kind for kind, words in _VERBS for word in words}
