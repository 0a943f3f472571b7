"""Events the article reports or mentions, read from the dependency parse.

Each rule reads one construction of English and yields a draft event; the drafts are then joined
into the article's events (see ``find_events``):

- event verbs: "X met (with) Y", "X visited Y", "leaders of X gathered at Y" (``meetings``);
- event nouns: "a meeting of X and Y held on March 10", "X and Y held talks", "their talks with Z",
  "the X's 31st Constitutional Convention", "the upcoming elections in November" (``nouns``);
- anniversaries and foundings: "celebrates its 50th anniversary", "the 100th anniversary of X",
  "beginning in 1919 with our foundation", "X was founded in 1919" (``nouns``, ``foundings``);
- changes of office: "named X as CEO, effective January 13, 2020", "X will become chairman",
  "X will serve as interim CEO", "re-elected X and Y", "X has resigned", "plans to retire in early
  2020" (``offices``);
- hosted occasions: "thanked X for hosting the Y Project earlier this year" (``meetings``);
- participation in an event already found: "X led the delegation", "X spoke at the meeting".

People, organisations and places come from the resolved entities (through their mentions), dates
from the DATE spans of the parse, resolved against the article's date by graphbuild.extract.dates (``dating``).
The drafts are joined into events, and the main event chosen, in ``joining``.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from ...model import Entity, Event, SourceArticle
from ..discourse import Discourse
from ..lexicon import FOUNDING_FORMS
from .context import Context, build_context
from .dating import has_date_expression, listed_years
from .draft import Draft, Rule
from .foundings import founding_verb
from .grammar import KNOWN_VERBS, base_form
from .happenings import death_verb, signing_verb
from .joining import choose_main, date_from_main, lead_end, merge_drafts, resolve_references, worth_keeping
from .kinds import EVENT_NOUNS
from .meetings import add_delegations, hosting_verb, meeting_verb
from .nouns import event_noun
from .offices import appointment_verb, departure_verb, election_verb, joining_verb, once_an_office, taking_office_verb
from .successions import succession_verb
from .travels import arrival_verb
from .verdicts import verdict_verb

RULES: tuple[Rule, ...] = (
    meeting_verb, election_verb, appointment_verb, taking_office_verb, departure_verb, founding_verb, hosting_verb,
    death_verb, signing_verb, joining_verb, succession_verb, arrival_verb,
    verdict_verb,
    event_noun,
)  # fmt: skip
_REPEATED = frozenset({"election", "appointment"})


def _event(draft: Draft, main: Draft | None) -> Event:
    return Event(draft.kind, draft.name, draft.start, draft.end, draft.date, draft.place, draft.participations,
                 main=draft is main, confidence=draft.confidence)  # fmt: skip


def _drafts(ctx: Context) -> list[Draft]:
    drafts = []
    for token in ctx.doc:
        if not _may_tell_an_event(token):
            continue
        for rule in RULES:
            draft = rule(ctx, token)
            if draft is not None:
                draft.dated_in_text = draft.date is not None or has_date_expression(ctx, draft.trigger)
                drafts += [each for once in _once_a_year(ctx, draft) for each in once_an_office(ctx, once)]
                break
    return drafts


def _may_tell_an_event(token: Token) -> bool:
    """Whether any rule could read the word: an event noun, a verb a rule knows, a founding participle,
    or the "re" of a split "re-elected". Most words are none, and skip every rule."""
    word = token.lower_
    return word in EVENT_NOUNS or word in FOUNDING_FORMS or word == "re" or base_form(token) in KNOWN_VERBS


def _once_a_year(ctx: Context, draft: Draft) -> list[Draft]:
    """A change of office told with several years ("re-elected in 1981, 1985 and 1989") happened once in
    each of them."""
    years = listed_years(ctx, draft.trigger) if draft.from_verb and draft.kind in _REPEATED else []
    if not years:
        return [draft]
    return [replace(draft, date=year.text, agents=list(draft.agents), participations=list(draft.participations),
                    told_at=(year.idx, year.idx + len(year.text))) for year in years]  # fmt: skip


__all__ = ["find_events"]


def find_events(
    doc: Doc, entities: list[Entity], article: SourceArticle, discourse: Discourse | None = None
) -> list[Event]:
    """The events an article reports or mentions, its main event first. ``discourse`` says what each
    pronoun, title phrase and generic noun refers to; built here when the caller has none."""
    if discourse is None:
        discourse = Discourse(doc, entities, article)
    ctx = build_context(doc, entities, article, discourse)
    events = merge_drafts(_drafts(ctx))
    main = choose_main(events, lead_end(doc), ctx.today)
    events = resolve_references(events, main)
    if main is not None:
        date_from_main(main, events, ctx.today)
    add_delegations(ctx, events, main)
    events.sort(key=lambda e: e is not main)
    return [_event(e, main) for e in events if worth_keeping(e, main)]
