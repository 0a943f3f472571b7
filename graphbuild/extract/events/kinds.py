"""Which kind of event each event word tells: the lexicon's word lists mapped onto the model's kinds."""

from __future__ import annotations

from ...model import EventKind
from ..lexicon import (
    ANNIVERSARY_NOUNS,
    APPOINTMENT_NOUNS,
    CONFERENCE_NOUNS,
    CONVENTION_NOUNS,
    DEATH_NOUNS,
    DEPARTING_VERBS,
    DEPARTURE_NOUNS,
    DYING_VERBS,
    ELECTION_NOUNS,
    FOUNDING_NOUNS,
    MEETING_NOUNS,
    MEETING_VERBS,
    OCCASION_NOUNS,
    SIGNING_VERBS,
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
    ("other", STRIKE_NOUNS), ("other", VOTE_NOUNS), ("other", DEATH_NOUNS), ("other", DEPARTURE_NOUNS),
)  # fmt: skip
_VERBS: tuple[tuple[EventKind, frozenset[str]], ...] = (
    ("meeting", MEETING_VERBS), ("talks", TALKS_VERBS), ("visit", VISIT_VERBS),
)  # fmt: skip

_OTHER_SORTS: tuple[tuple[str, frozenset[str]], ...] = (
    ("death", DEATH_NOUNS | DYING_VERBS | {"pass"}), ("strike", STRIKE_NOUNS), ("vote", VOTE_NOUNS),
    ("departure", frozenset(DEPARTING_VERBS) | DEPARTURE_NOUNS), ("signing", SIGNING_VERBS),
)  # fmt: skip
OTHER_SORTS: dict[str, str] = {word: sort for sort, words in _OTHER_SORTS for word in words}
"""What an event of no kind of its own is: a death, a strike, a vote, a departure, a signing, an occasion
(keyed by the noun or the verb's dictionary form that tells it). Two such events of different sorts are two events."""

EVENT_NOUNS: dict[str, EventKind] = {word: kind for kind, words in _NOUNS for word in words}
MEETING_VERB_KINDS: dict[str, EventKind] = {word: kind for kind, words in _VERBS for word in words}
