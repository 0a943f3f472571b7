"""Changes of office: elections, appointments, and departures (resignations, retirements)."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from ..dates import resolve_date
from ..lexicon import (
    APPOINTING_VERBS,
    DEPARTING_VERBS,
    ELECTING_VERBS,
    OFFICE_NOUNS,
    PLANNING_WORDS,
    STARTING_VERBS,
    TITLE_WORDS,
)
from .agents import agents_in, agents_of, patients_of, place_of, subject_agents
from .context import Agent, Context
from .dating import date_of, effective_date_of, has_date_expression, has_effective, tense_of
from .draft import Draft
from .grammar import after_re, base_form, children_with, is_negated, is_passive, prep_objects, verb_group
from .naming import capitalised, join_names, phrase_of, written_name


def election_verb(ctx: Context, verb: Token) -> Draft | None:
    """ "delegates re-elected X and Y", "X was elected president": the elected take part, the electors
    organise. "re-elected" may come split into "re", "-", "elected"; the rule reads it at "re"."""
    words = verb_group(verb)
    last = words[-1]
    if after_re(verb) or base_form(last) not in ELECTING_VERBS or last.pos_ != "VERB" or is_negated(last):
        return None
    passive = any(is_passive(w) for w in words)
    subjects = next((found for w in words if (found := subject_agents(ctx, w))), [])
    elected = subjects if passive else patients_of(ctx, words)
    people = [a for a in elected if a.entity.kind == "person"]
    if not people:
        return None
    re_elect = len(words) == 3 or base_form(last) != "elect"
    tense = tense_of(last) or tense_of(verb)
    name = ("Re-election of " if re_elect else "Election of ") + join_names([a.entity.name for a in people])
    title = office_of(last)
    name += f" as {title}" if title else ""
    date = next((day for w in words if (day := date_of(ctx, w, tense))), None)
    draft = Draft("election", verb, name, date, tense, place_of(ctx, last), confidence=0.8, from_verb=True)
    for agent in people:
        draft.add(agent, False)
    for agent in [] if passive else subjects:
        draft.add(agent, True)
    return draft


def appointment_verb(ctx: Context, verb: Token) -> Draft | None:
    """ "Y named X as CEO, effective January 13, 2020", "X was appointed chairman", "X will become
    chairman of the board effective immediately", "X will serve as interim CEO"."""
    if verb.pos_ not in {"VERB", "AUX"} or is_negated(verb):
        return None
    base = base_form(verb)
    if base not in APPOINTING_VERBS and base not in {"become", "serve"}:
        return None  # before the date: looking for it is most of this rule's time
    tense = tense_of(verb)
    date = date_of(ctx, verb, tense) or effective_date_of(ctx, verb)
    if base in APPOINTING_VERBS:
        passive = is_passive(verb)
        appointed = subject_agents(ctx, verb) if passive else patients_of(ctx, [verb])
        appointers = [] if passive else subject_agents(ctx, verb)
        if verb.dep_ == "acl" and verb.tag_ == "VBD":  # "Northwind Airlines named X as CFO", misread
            appointers = agents_in(ctx, verb.head)
        title = office_of(verb)
        if base == "name" and not title:
            return None  # "a man named John"
    elif base in {"become", "serve"}:
        appointed, appointers = subject_agents(ctx, verb), []
        title = office_of(verb)
        if not title or not (date or tense == "future" or has_effective(verb)):
            return None
        if base == "become" and not set(title.lower().replace("-", " ").split()) & TITLE_WORDS:
            return None  # "became a symbol"
    else:
        return None
    people = [a for a in appointed if a.entity.kind == "person"]
    if not people:
        return None
    who = join_names([a.entity.name for a in people])
    name = f"{who} {'become' if len(people) > 1 else 'becomes'} {title}" if title else f"Appointment of {who}"
    draft = Draft("appointment", verb, name, date, tense, confidence=0.85 if date else 0.75, from_verb=True)
    for agent in people:
        draft.add(agent, False)
    for agent in appointers + office_bodies(ctx, verb):
        draft.add(agent, True)
    return draft


def office_of(verb: Token) -> str:
    """The office in "as X", in an object predicate ("named her CEO") or attribute ("become chairman"),
    or in "to succeed Y as X", without its determiner or possessor ("the company's senior vice
    president" -> "senior vice president")."""
    offices = office_words(verb)
    return office_phrase(offices[0]) if offices else ""


def office_words(verb: Token) -> list[Token]:
    """The head word of each office the verb gives, in text order: "named X a staff representative in
    1968 and an international representative in 1973" gives two (a coordinated noun with a determiner
    of its own names another office; "president and CEO" is one)."""
    predicates = [c for c in children_with(verb, "oprd", "attr") if c.lower_ != "effective"]  # "effective today": when
    offices = prep_objects(verb, "as") + [c for c in predicates if c.ent_type_ not in {"PERSON", "ORG"}]
    if not offices and verb.dep_ == "acl":  # "as" hung on the noun the verb was misread to modify
        offices = [o for o in prep_objects(verb.head, "as") if o.i > verb.i]
    if not offices:  # "appointed X to succeed Y as president"
        for xcomp in children_with(verb, "xcomp"):
            offices = offices or prep_objects(xcomp, "as")
    more = [c for o in offices for c in children_with(o, "conj") if children_with(c, "det")]
    return sorted(offices + more, key=lambda t: t.i)


def office_phrase(office: Token) -> str:
    """The office's words, without determiner, possessor, clauses, another office, or a phrase that says
    where or when ("in 1968", "at the convention"): "vice president of the union", "minister for trade"."""
    dropped_deps = {"poss", "det", "relcl", "appos", "acl"}
    dropped = {
        t.i
        for c in office.children
        if c.dep_ in dropped_deps
        or (c.dep_ == "prep" and c.lower_ not in {"of", "for"})  # "leader at the convention with 86 percent"
        or (c.dep_ == "conj" and children_with(c, "det"))
        for t in c.subtree
    }
    dropped |= {t.i for d in office.subtree if d.dep_ in {"appos", "relcl", "acl"} and d != office for t in d.subtree}
    kept = [t for t in office.subtree if t.i not in dropped]
    run = [t for n, t in enumerate(kept) if t.i == kept[0].i + n]
    phrase = phrase_of(run).removesuffix(" and").removesuffix(" ,")
    if phrase.count("(") > phrase.count(")"):  # "CEO of the Hospital (GRH" cut at its parenthesis
        phrase = phrase[: phrase.rindex("(")].rstrip()
    return phrase


def once_an_office(ctx: Context, draft: Draft) -> list[Draft]:
    """ "X was named a staff representative in 1968 and an international representative in 1973": an
    appointment to each office, when each has a date of its own."""
    verb = draft.trigger
    offices = office_words(verb) if draft.kind == "appointment" and draft.from_verb else []
    if len(offices) < 2:
        return [draft]
    dates = [
        _date_between(ctx, first, following) for first, following in zip(offices, [*offices[1:], None], strict=True)
    ]
    if None in dates or len(set(dates)) < len(dates):
        return [draft]
    people = join_names([a.entity.name for a, organiser in draft.agents if not organiser])
    return [
        replace(draft, date=date, name=f"{people} becomes {office_phrase(office)}", agents=list(draft.agents),
                participations=list(draft.participations), told_at=(office.idx, office.idx + len(office.text)))
        for office, date in zip(offices, dates, strict=True)
    ]  # fmt: skip


def _date_between(ctx: Context, office: Token, following: Token | None) -> str | None:
    """The first date written from the office's first word up to the next office's."""
    sent = office.sent
    end = following.left_edge.i if following is not None else sent.end
    for i in range(office.left_edge.i, end):
        ent = ctx.date_at.get(i)
        if ent is not None and ent.start == i:
            return resolve_date(ent.text, ctx.today, tense="past")
    return None


def departure_verb(ctx: Context, verb: Token) -> Draft | None:
    """ "X has resigned from his positions", "X plans to retire in early 2020", "X will step down"."""
    base = base_form(verb)
    if verb.pos_ != "VERB" or base not in DEPARTING_VERBS or is_negated(verb):
        return None
    if base == "step" and not any(c.lower_ == "down" for c in children_with(verb, "prt", "advmod")):
        return None
    people = _attributive_departure(ctx, verb)
    planned = verb.head.lower_ in PLANNING_WORDS | {"decided", "announced"}
    if not people and verb.dep_ in {"xcomp", "acl"} and not planned:
        return None  # "threatened to resign"
    people = people or [a for a in subject_agents(ctx, verb) if a.entity.kind == "person"]
    if not people:
        return None
    tense = tense_of(verb)
    name = f"{join_names([a.entity.name for a in people])} {DEPARTING_VERBS[base]}"
    draft = Draft(
        "other",
        verb,
        name,
        date_of(ctx, verb, tense) or effective_date_of(ctx, verb),
        tense,
        confidence=0.75,
        from_verb=True,
    )
    for agent in people:
        draft.add(agent, False)
    return draft


def _attributive_departure(ctx: Context, verb: Token) -> list[Agent]:
    """ "retiring President X", "the resigning minister X": a participle of leaving set before a person's
    name tells that the person leaves (however the parser hung the name: as its head or its object)."""
    if verb.tag_ != "VBG" or children_with(verb, "aux", "auxpass", "nsubj", "nsubjpass"):
        return []
    named = [verb.head] if verb.dep_ in {"amod", "compound"} else children_with(verb, "dobj")
    return [a for a in agents_of(ctx, named) if a.entity.kind == "person"]


def taking_office_verb(ctx: Context, verb: Token) -> Draft | None:
    """ "X took office on Monday", "X will start his tenure on 1 October", "X was sworn in as prime
    minister on Thursday", "X has held the post since 2006": the person takes up an office. Kept only
    with a date expression (resolved or not): without one it repeats the appointment it follows."""
    if verb.pos_ != "VERB" or is_negated(verb):
        return None
    base = base_form(verb)
    objects = [o for o in children_with(verb, "dobj") if o.lower_ in OFFICE_NOUNS or o.lower_ in TITLE_WORDS]
    sworn_in = base == "swear" and any(c.lower_ == "in" for c in children_with(verb, "prt", "prep"))
    since = base == "hold" and bool(objects) and any(p.lower_ == "since" for p in children_with(verb, "prep"))
    if not (sworn_in or since or (base in STARTING_VERBS and objects)):
        return None
    tense = tense_of(verb)
    date = date_of(ctx, verb, tense)
    if not date and not has_date_expression(ctx, verb):
        return None  # "on Thursday" in an article without a date still tells a day of its own
    people = [a for a in subject_agents(ctx, verb) if a.entity.kind == "person"]
    bodies = office_bodies(ctx, verb)
    if not (people or (since and bodies)):
        return None  # "he held a similar role at X since 2006", with "he" unresolved, still dates a role at X
    who = join_names([a.entity.name for a in people]) if people else ""
    title = office_of(verb)
    if since:
        held = phrase_of([t for t in objects[0].subtree if t.dep_ not in {"det", "poss"}])
        at = f" at {join_names([written_name(ctx, a) for a in bodies])}" if bodies and " at " not in held else ""
        name = f"{who} {'holds' if tense != 'past' else 'held'} {held}{at}" if people else capitalised(f"{held}{at}")
    else:
        title = title or _office_held(verb)
        if sworn_in:
            name = f"{who} sworn in" + (f" as {title}" if title else "")
        else:
            name = f"{who} {'become' if len(people) > 1 else 'becomes'} {title}" if title else f"{who} takes office"
    draft = Draft("appointment", verb, name, date, tense, place_of(ctx, verb), confidence=0.75, from_verb=True)
    for agent in people:
        draft.add(agent, False)
    for agent in bodies:
        draft.add(agent, True)
    return draft


def _office_held(verb: Token) -> str:
    """The office an office noun names: "assumed the role of executive chairman", "was sworn in for a second
    term as prime minister"."""
    nouns = [o for o in children_with(verb, "dobj") + prep_objects(verb, "for") if o.lower_ in OFFICE_NOUNS]
    offices = [o for noun in nouns for o in prep_objects(noun, "of", "as") if o.pos_ in {"NOUN", "PROPN"}]
    return office_phrase(offices[0]) if offices else ""


def office_bodies(ctx: Context, verb: Token) -> list[Agent]:
    """The organisations an office belongs to: "president of X", "held a role at X"."""
    words = [o for office in office_words(verb) for o in prep_objects(office, "of", "at")]
    words += prep_objects(verb, "at") + [o for d in children_with(verb, "dobj") for o in prep_objects(d, "of", "at")]
    return [a for a in agents_of(ctx, words) if a.entity.kind == "organisation"]


def joining_verb(ctx: Context, verb: Token) -> Draft | None:
    """ "X joined the union in 1956": a person joins an organisation, on a stated date. An organisation
    the entities missed is named as written when its name is proper ("joined Harbour Local 12")."""
    if verb.pos_ != "VERB" or is_negated(verb) or base_form(verb) != "join":
        return None
    objects = children_with(verb, "dobj")
    bodies = [a for a in agents_of(ctx, objects) if a.entity.kind == "organisation"]
    people = [a for a in subject_agents(ctx, verb) if a.entity.kind == "person"]
    tense = tense_of(verb)
    date = date_of(ctx, verb, tense)
    unnamed = [o for o in objects if o.pos_ == "PROPN" and ctx.entity(o) is None] if not bodies else []
    if not (bodies or unnamed) or not people or not date:
        return None
    joined = [written_name(ctx, a) for a in bodies] or [_proper_name(o) for o in unnamed]
    name = f"{join_names([a.entity.name for a in people])} joins {join_names(joined)}"
    draft = Draft("other", verb, capitalised(name), date, tense, confidence=0.7, from_verb=True)
    for agent in people + bodies:
        draft.add(agent, False)
    return draft


def _proper_name(token: Token) -> str:
    """A proper noun with its compounds and the number that ends it ("Harbour Local 12")."""
    words = [t for t in token.subtree if t.dep_ in {"compound", "det"} or t == token]
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is not None and following.like_num and following.ent_type_ != "DATE":
        words.append(following)
    return phrase_of(sorted(words, key=lambda t: t.i))
