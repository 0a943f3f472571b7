"""Joining the drafts into the article's events: merging drafts of one event, choosing the main event,
resolving back-references ("the meeting"), dating by the main event, and what is worth keeping."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Token

from ...limits import check_deadline
from .draft import Draft
from .grammar import base_form
from .kinds import OTHER_SORTS

_EARLY_JANUARY = 14  # an undated lead event of an article from early January may belong to the old year


_OCCASIONS = frozenset({"meeting", "visit", "talks", "conference", "convention", "election", "appointment"})


def _is_reported(draft: Draft, article_date: dt.date | None) -> bool:
    """Reported as news: not to come, and not dated long before the article. A change of office is
    news when announced, whenever it takes effect."""
    if draft.kind == "appointment":
        return True
    if draft.tense == "future" or draft.distinct:
        return False
    if draft.date is None or article_date is None:
        return True
    return (
        draft.date[:4] >= str(article_date.year - 1)
        and draft.date[:10] <= (article_date + dt.timedelta(days=7)).isoformat()[: len(draft.date)]
    )


def choose_main(events: list[Draft], lead_end: int, article_date: dt.date | None) -> Draft | None:
    """The article's main event: told in the lead (its first sentences), reported as news, the first
    occasion (meeting, visit, talks, conference, convention, election, appointment), else the first
    event that is not an anniversary or founding."""
    candidates = [
        e for e in events if e.trigger.i < lead_end and worth_keeping(e, None) and _is_reported(e, article_date)
    ]
    occasions = [e for e in candidates if e.kind in _OCCASIONS]
    others = [e for e in candidates if e.kind not in {"founding", "anniversary"}]
    return next(iter(occasions or others), None)


def lead_end(doc: Doc, sentences: int = 4) -> int:
    """The token index where the lead (the first sentences with words) ends."""
    seen = 0
    for sent in doc.sents:
        check_deadline()
        if any(t.is_alpha for t in sent):
            seen += 1
            if seen == sentences:
                return sent.end
    return len(doc)


def date_from_main(main: Draft, events: list[Draft], article_date: dt.date | None) -> None:
    """An undated main event happened in the article's year (news reports what is recent), unless the
    article is from the first days of January. Undated events told in its sentence share its date; past
    events a verb tells in its paragraph share its month ("held its convention on October 5. Delegates elected X")."""
    if main.date is None and article_date is not None and main.tense != "future":
        if not (article_date.month == 1 and article_date.day <= _EARLY_JANUARY):
            main.date = str(article_date.year)
    for event in events:
        if event is main or event.date is not None or main.date is None or event.kind == "founding":
            continue
        if not event.agents:
            continue  # "upon his election", with "his" unresolved: nothing to date
        if event.tense == "future" or event.distinct:
            continue
        if event.trigger.sent == main.trigger.sent:
            event.date = main.date
        elif event.from_verb and event.tense == "past" and _paragraph(event.trigger) == _paragraph(main.trigger):
            event.date = main.date[:7]


def _paragraph(token: Token) -> int:
    """The index of the paragraph (line) holding the token."""
    return token.doc.text.count("\n", 0, token.idx)


def _compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def _same_event(kept: Draft, draft: Draft) -> bool:
    """Same kind, agreeing dates and shared participants; two verbs also need the same stated date
    ("met on Monday" and "meets ..., June 19, 2023"), else they tell two events ("met", then "gathered")."""
    if kept.kind != draft.kind or not _compatible(kept.date, draft.date) or draft.distinct:
        return False
    if kept.kind == "other" and _sort(kept) != _sort(draft):
        return False  # "the death of X" is not "X, who retired in 2006"
    if draft.from_verb and kept.from_verb and (draft.date is None or kept.date != draft.date):
        return False
    if not kept.agents and not draft.agents and not kept.from_verb and not draft.from_verb:
        return kept.trigger.lower_ == draft.trigger.lower_  # "balloting", then "balloting" again: no one else's
    if kept.attendees() and draft.attendees():
        return bool(kept.attendees() & draft.attendees())
    return bool(kept.parties() & draft.parties())


def _sort(draft: Draft) -> str:
    word = draft.trigger.lower_
    return OTHER_SORTS.get(word) or OTHER_SORTS.get(base_form(draft.trigger)) or base_form(draft.trigger)


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """Join the drafts that tell one event; back-references ("the meeting") are left to ``resolve_references``."""
    kept: list[Draft] = []
    for draft in drafts:
        target = None if draft.anaphoric else next((k for k in reversed(kept) if _same_event(k, draft)), None)
        if target is None:
            kept.append(draft)
        else:
            target.absorb(draft)
    return kept


def resolve_references(events: list[Draft], main: Draft | None) -> list[Draft]:
    """Back-references and undated mentions of the main event's kind ("the meeting", "at the
    meeting", "a bilateral meeting") are the main event; other back-references are the last event
    of their kind before them, or nothing."""
    kept: list[Draft] = []
    for event in events:
        mentions_main = main is not None and event is not main and event.kind == main.kind and not event.distinct
        if mentions_main and (event.anaphoric or (not event.from_verb and event.date is None)):
            assert main is not None
            main.absorb(event)
        elif event.anaphoric:
            target = next((k for k in reversed(kept) if k.kind == event.kind and k.trigger.i < event.trigger.i), None)
            if target is not None and not event.distinct:
                target.absorb(event)
        else:
            kept.append(event)
    return kept


def worth_keeping(draft: Draft, main: Draft | None) -> bool:
    """The main event; an event with a date; or one with participants (not an anniversary or founding,
    which say nothing without their date)."""
    if draft is main:
        return True
    if draft.needs_date:
        return draft.date is not None
    when = bool(draft.date or draft.dated_in_text)
    if draft.kind == "other" and not draft.from_verb:  # "with a rally", "held a welcome ceremony": background
        return draft.happened or bool(draft.agents and when)
    return bool(when or draft.agents or draft.happened)
