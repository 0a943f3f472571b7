"""The grammar that ties title phrases to a person: apposition, pre-modifier, predicate, appointment, "as",
verbs of office. Each rule yields Readings; the package turns them into Roles."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ...model import Entity
from ..discourse import Named
from ..lexicon import (
    APPOINT_VERBS,
    CHOOSING_NOUNS,
    COMPLEMENT_PREPS,
    COPULAS,
    DETERMINERS,
    HONORIFICS,
    HYPHENS,
    MEMBER_TITLES,
    NON_ROLE_AS,
    OBJECT_PRONOUNS,
    OFFICE_VERBS,
    PERSONAL_OWNERS,
    POSTS,
    SUBJECT_PRONOUNS,
    SUCCEED_VERBS,
    TITLE_MODIFIERS,
    VERB_GROUP,
)
from ..parse import word_of
from .context import (
    Context,
    is_head,
    is_hyphen,
    is_role_head,
    kind_at,
    next_is_person,
    possessive_at,
    singular_text,
)
from .phrases import Phrase, parse_titles


# -- people ---------------------------------------------------------------------------------------
def _person_at(ctx: Context, token: Token) -> Named | None:
    """The person a token names, or the one a subject pronoun ("he", "she") refers back to."""
    named = ctx.covering[token.i]
    if named and named.entity.kind == "person":
        return named
    if token.lower_ in SUBJECT_PRONOUNS | OBJECT_PRONOUNS:
        return _antecedent(ctx, token)
    return _by_surname(ctx, token)


def _by_surname(ctx: Context, token: Token) -> Named | None:
    """A name the model left untagged (often opening a sentence: "Conway began ...") that is the first or
    last name of exactly one person of the article."""
    if named := ctx.covering[token.i]:
        return named if named.entity.kind == "person" else None
    found = ctx.discourse.person_by_name(token)
    return Named(found, token.i, token.i + 1) if found is not None else None


def _antecedent(ctx: Context, pronoun: Token) -> Named | None:
    """The person a pronoun refers to, as the Discourse resolves it, as a Named at the pronoun."""
    found = ctx.discourse.refers(pronoun)
    if found is None or found.kind != "person":
        return None
    return Named(found, pronoun.i, pronoun.i + 1)  # the role is read from the pronoun on


# -- rules ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reading:
    """Titles tied to a person by one rule, before they become Roles."""

    person: Named
    phrases: list[Phrase]
    confidence: float
    guess_org: bool  # the rule describes the person: an office without organisation takes the sentence's
    dated: bool  # an appointment: a stated effective date applies


def _closed(ctx: Context, end: int, sent: Span) -> bool:
    """An appositive ends at punctuation, a conjunction or the sentence's end, not before a name."""
    if end >= sent.end:
        return True
    token = ctx.doc[end]
    if token.is_punct:
        return token.text not in HYPHENS
    return token.lower_ in ("and", "who", "whose") or token.pos_ in ("VERB", "ADP", "SCONJ")


def appositive(ctx: Context, person: Named, sent: Span) -> Iterator[Reading]:
    """Person, [age,] title phrase: "Maria Okafor, national secretary of the DWU," "Lee (DWU treasurer)"."""
    doc = ctx.doc
    j = person.end
    if j >= sent.end or doc[j].text not in (",", "("):
        return
    j += 1
    if j + 1 < sent.end and doc[j].like_num and doc[j + 1].text == ",":
        j += 2
    j = _past_postnominal(ctx, j, sent)
    phrases = parse_titles(ctx, j, sent.end)
    if phrases and next_is_person(ctx, phrases[-1].end):
        phrases = phrases[:1] if len(phrases) > 1 else []
    if not phrases or not _closed(ctx, phrases[-1].end, sent):
        return
    for holder in _holders(ctx, person, phrases, sent, forward=False):
        yield Reading(holder, phrases, 0.9, True, False)


def _past_postnominal(ctx: Context, j: int, sent: Span) -> int:
    """Past post-nominal letters set off by commas, a degree or credential: "Joe Doe, APR, PRSA Chair",
    "Ann Lee, Ph.D., director of ..."; letters that are themselves a title ("MP") stay."""
    doc = ctx.doc
    k = j + 1
    while k < min(j + 4, sent.end) and not doc[k - 1].whitespace_ and doc[k].text != ",":
        k += 1  # "Ph.D." may be several tokens
    letters = doc[j:k].text.replace(".", "")
    abbreviated = letters.isupper() or doc[k - 1].text.endswith(".")
    if k >= sent.end or doc[k].text != "," or not (2 <= len(letters) <= 5 and letters.isalpha() and abbreviated):
        return j
    return j if parse_titles(ctx, j, k) else k + 1


def _holders(ctx: Context, person: Named, phrases: list[Phrase], sent: Span, forward: bool) -> list[Named]:
    """The person a title describes, or with a plural title ("co-chairs") each person of the list it
    describes: "Maria Okafor and Jonas Lindqvist, co-chairs of the union"; a plural needs two people."""
    if not any(p.plural for p in phrases):
        return [person]
    people = _listed_people(ctx, person, sent, forward)
    return people if len(people) > 1 else []


def _listed_people(ctx: Context, person: Named, sent: Span, forward: bool) -> list[Named]:
    """People named in one list with ``person``, after it or before it: "A, B and C"."""
    doc = ctx.doc
    by_edge = {(p.start if forward else p.end): p for p in ctx.people}
    people = [person]
    while True:
        j = people[-1].end if forward else people[-1].start
        k = j
        step = 1 if forward else -1
        while sent.start <= (at := k if forward else k - 1) < sent.end and doc[at].lower_ in (",", "and", "&"):
            k += step
        if k == j or abs(k - j) > 2 or k not in by_edge:
            return people
        people.append(by_edge[k])


def reverse_appositive(ctx: Context, person: Named, sent: Span) -> Iterator[Reading]:
    """Title phrase, person, where the parser makes the name an apposition: "the union's president, Jane Doe,",
    "the president of the Union (DWU), Dr. Jane Doe,"."""
    doc = ctx.doc
    comma = _comma_before(ctx, person)
    if comma is None or comma <= sent.start:
        return
    root = next((t for t in doc[person.start : person.end] if not person.start <= t.head.i < person.end), None)
    if root is None or root.dep_ in ("nsubj", "nsubjpass"):
        return  # "After meeting the chair of the union, Jane Doe said …": she is not the chair
    if person.end < sent.end and doc[person.end].lower_ == "as":
        return  # a list of pairs, "named Lee as treasurer, Doe as secretary": Doe's title follows her
    phrases = _ending_at(ctx, comma, sent)
    if root.dep_ != "appos":
        # a misparsed apposition (the name taken for a conjunct): only a title with its organisation
        if phrases and phrases[-1].has_org and not any(p.plural for p in phrases) and _closes(ctx, person, sent):
            yield Reading(person, phrases, 0.7, True, False)
        return
    head = root.head
    if not phrases and is_head(doc, head.i) and sent.start <= head.left_edge.i < head.i:
        phrases = [p for p in parse_titles(ctx, head.left_edge.i, comma) if p.start <= head.i < p.end]
    heads = {i for p in phrases for i in range(p.start, p.end) if is_role_head(doc, i)}
    # the parser may hang the name on the title's last word: "the chair of the Green Party, Ann Lee"
    last_word = bool(phrases) and head.i == comma - 1 and phrases[-1].start <= head.i < phrases[-1].end
    if phrases and (head.i in heads or last_word) and not any(p.plural for p in phrases):
        yield Reading(person, phrases, 0.85, True, False)


def _closes(ctx: Context, person: Named, sent: Span) -> bool:
    """The name ends its apposition: punctuation, "and" or the sentence's end after it."""
    return person.end >= sent.end or ctx.doc[person.end].is_punct or ctx.doc[person.end].lower_ == "and"


def _comma_before(ctx: Context, person: Named) -> int | None:
    """The comma before a name, past honorifics and an age: "…, Prof. Dr. Jane Doe", "…, 32-year-old Jane Doe"."""
    doc = ctx.doc
    i = person.start - 1
    while i > 0 and (word_of(doc[i]) in HONORIFICS or doc[i].ent_type_ == "DATE" or is_hyphen(doc, i)):
        i -= 1
    return i if i >= 0 and doc[i].text == "," else None


def _title_token(ctx: Context, i: int) -> bool:
    doc = ctx.doc
    token = doc[i]
    if kind_at(ctx, i) == "person" or token.ent_type_ in ("DATE", "TIME", "CARDINAL"):
        return False
    return (
        token.pos_ in ("ADJ", "NOUN", "PROPN")
        or _acronym_bracket(doc, i)
        or word_of(token) in TITLE_MODIFIERS | COMPLEMENT_PREPS | {"and", "the"}
        or is_hyphen(doc, i)
        or possessive_at(doc, i)
        or is_role_head(doc, i)
        or kind_at(ctx, i) is not None
    )


def _acronym_bracket(doc: Doc, i: int) -> bool:
    """A bracket around an acronym after a name: "General Secretary of the Party (CPV) Jane Doe"."""
    if doc[i].text == ")":
        return i >= 2 and doc[i - 2].text == "(" and doc[i - 1].text.isupper()
    return doc[i].text == "(" and i + 2 < len(doc) and doc[i + 2].text == ")" and doc[i + 1].text.isupper()


def _ending_at(ctx: Context, end: int, sent: Span) -> list[Phrase]:
    """The longest run of title phrases that ends right before token ``end``."""
    start = end
    while start - 1 >= sent.start and end - start < 12 and _title_token(ctx, start - 1):
        start -= 1
    for i in range(start, end):
        if word_of(ctx.doc[i]) in COMPLEMENT_PREPS | {"and"} or is_hyphen(ctx.doc, i):
            continue
        phrases = parse_titles(ctx, i, end)
        if phrases and phrases[-1].end == end:
            return phrases
    return []


def premodifier(ctx: Context, person: Named, sent: Span) -> Iterator[Reading]:
    """Title phrase right before a name: "DWU co-Chair Maria Okafor", "U.S. Secretary of Labor Ann Reyes"."""
    phrases = [p for p in _ending_at(ctx, person.start, sent)]
    phrases = [p for p in phrases if word_of(ctx.doc[p.end - 1]) not in HONORIFICS or p.has_org]
    if len(phrases) == 1 and not phrases[0].has_org and not phrases[0].qualified:
        after = _organisation_after(ctx, person.end, sent)  # "Secretary Lee of the Dock Workers Union"
        if after is not None:
            phrases[0].orgs = [after]
    # a member's title before a name belongs to a body ("Trustee Lee", "Delegates Lee and Ng"); an office
    # before a name may be national ("President Okafor"), so only a member's takes the sentence's body
    members = any(_member_title(ctx, p) for p in phrases)
    for holder in _holders(ctx, person, phrases, sent, forward=True) if phrases else []:
        yield Reading(holder, phrases, 0.85, members, False)


def _member_title(ctx: Context, phrase: Phrase) -> bool:
    head = word_of(ctx.doc[phrase.end - 1])
    return (singular_text(head) or head) in MEMBER_TITLES


def _organisation_after(ctx: Context, i: int, sent: Span) -> Entity | None:
    """An organisation right after a name, by "of": "Lee of the Dock Workers Union"."""
    doc = ctx.doc
    if i + 1 >= sent.end or doc[i].lower_ != "of":
        return None
    j = i + 1 + (doc[i + 1].lower_ == "the")
    named = ctx.starting.get(j)
    return named.entity if named is not None and named.entity.kind == "organisation" else None


def _verb_group_end(ctx: Context, i: int, stop: int, last: frozenset[str]) -> int | None:
    """After a subject: auxiliaries and adverbs ending in a verb of ``last``; the token after, or None."""
    doc = ctx.doc
    j = i
    found = None
    while (
        j < stop
        and doc[j].tag_ != "POS"
        and (  # "Lee's aide" is not "Lee is aide"
            word_of(doc[j]) in VERB_GROUP | last
            or doc[j].pos_ == "ADV"
            or is_hyphen(doc, j)
            or (word_of(doc[j]) == "re" and j + 1 < stop and is_hyphen(doc, j + 1))
        )
    ):
        if word_of(doc[j]) in last:
            found = j + 1
        j += 1
        if found and word_of(doc[j - 1]) in last:
            break
    return found


def _subjects(ctx: Context, sent: Span) -> Iterator[tuple[Named, int]]:
    """Each person (named, or "he"/"she") in the sentence and the token after it, past a ", who"."""
    for token in sent:
        named = ctx.covering[token.i]
        if named is not None and named.entity.kind == "person":
            if token.i != named.start:
                continue
            after = named.end
        elif token.lower_ in SUBJECT_PRONOUNS and (named := _person_at(ctx, token)) is not None:
            after = token.i + 1
        elif token.dep_ in ("nsubj", "nsubjpass") and (named := _by_surname(ctx, token)) is not None:
            after = token.i + 1
        else:
            continue
        after = _past_apposition(ctx, named, after, sent)
        if after + 1 < sent.end and ctx.doc[after].text == "," and ctx.doc[after + 1].lower_ == "who":
            after += 2
        elif after < sent.end and ctx.doc[after].lower_ == "who":
            after += 1  # "Dr. Lee who is the acting rector"
        yield named, after


def _past_apposition(ctx: Context, named: Named, after: int, sent: Span) -> int:
    """The token after an apposition set off by commas, where the parse ties it to the name: "Lee, 43,
    the former treasurer, was elected …" continues at "was"."""
    doc = ctx.doc
    if after + 1 >= sent.end or doc[after].text != "," or doc[after + 1].lower_ in ("who", "whose"):
        return after  # a relative clause is read as such: "Lee, who is treasurer, …"
    root = doc[named.end - 1]
    while named.start <= root.head.i < named.end and root.head.i != root.i:
        root = root.head
    edge = root.right_edge.i
    edge += doc[edge].text != ","  # the closing comma may belong to the apposition's subtree
    if edge > after + 1 and edge < sent.end and doc[edge].text == "," and edge + 1 < sent.end:
        nxt = doc[edge + 1]
        if nxt.pos_ in ("VERB", "AUX") or word_of(nxt) in VERB_GROUP:
            return edge + 1
    return after


def _singular(phrases: list[Phrase]) -> list[Phrase]:
    """Said of one person, a plural title is not a role: "Smith is among the founders"."""
    return [] if any(p.plural for p in phrases) else phrases


def predicate(ctx: Context, sent: Span) -> Iterator[Reading]:
    """Person + be/remain/become + title: "Smith is the union's president", "Lee will become chair"."""
    for person, after in _subjects(ctx, sent):
        j = _verb_group_end(ctx, after, sent.end, COPULAS)
        if j is None:
            continue
        phrases = _singular(parse_titles(ctx, j, sent.end))
        if phrases and not possessive_at(ctx.doc, phrases[-1].end) and not next_is_person(ctx, phrases[-1].end):
            yield Reading(person, phrases, 0.8, True, True)


def _past_post_of(doc: Doc, j: int, stop: int) -> int:
    """Skip "to be" and "to the post of" between an appointing verb and the title."""
    words = [word_of(t) for t in doc[j : min(j + 5, stop)]]
    if words[:2] == ["to", "be"]:
        return j + 2
    if len(words) >= 4 and words[0] == "to" and words[1] in ("the", "a") and words[2] in POSTS and words[3] == "of":
        return j + 4
    return j


def appointment(ctx: Context, sent: Span) -> Iterator[Reading]:
    """Passive "Lee was elected president of the DWU", active "the DWU elected Lee president"."""
    doc = ctx.doc
    for person, after in _subjects(ctx, sent):
        j = _verb_group_end(ctx, after, sent.end, APPOINT_VERBS)
        if j is not None and not any(c.dep_ == "dobj" for c in doc[j - 1].children):  # "Lee named X"
            j = _past_post_of(doc, j, sent.end)
            phrases = _singular(parse_titles(ctx, j, sent.end))
            if phrases:
                yield Reading(person, phrases, 0.8, True, True)
        if person.start > sent.start and word_of(doc[person.start - 1]) in APPOINT_VERBS and after < sent.end:
            phrases = _singular(parse_titles(ctx, after, sent.end))
            if phrases:
                yield Reading(person, phrases, 0.75, True, True)


def office_verb(ctx: Context, sent: Span) -> Iterator[Reading]:
    """A verb that says a person holds an office in an organisation: "Lee chairs the Audit Committee",
    "Doe, who heads the union", "Roe founded the Lindale Press", "the league was founded by Roe",
    "Lee joined the DWU in 1956" (a member)."""
    for verb in sent:
        office = OFFICE_VERBS.get(verb.lower_)
        if office is None or not verb.tag_.startswith("VB") or _not_asserted(verb):
            continue
        if verb.tag_ == "VBN" and any(c.dep_ == "nsubjpass" for c in verb.children):
            objects = [c for c in verb.children if c.dep_ == "nsubjpass"]  # "was founded by Roe"
            agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            holder = next((p for a in agents if (p := _person_at(ctx, a)) is not None), None)
        else:
            over = [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("over", "of")
                    for g in c.children if g.dep_ == "pobj"]  # fmt: skip
            objects = [c for c in verb.children if c.dep_ == "dobj"] + over
            holder = _verb_subject(ctx, verb)
        if holder is None:
            continue
        for obj in (o for first in objects for o in (first, *first.conjuncts)):
            organisation = _organisation_of(ctx, obj)
            if organisation is not None:
                end = obj.right_edge.i + 1 if obj.dep_ != "nsubjpass" else obj.i + 1
                phrase = Phrase(office, verb.i, max(end, verb.i + 1), [organisation])
                yield Reading(holder, [phrase], 0.7, False, True)


def _not_asserted(verb: Token) -> bool:
    """Negated or only planned: "did not join", "will chair", "plans to lead"."""
    return verb.dep_ == "xcomp" or any(
        c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in ("will", "would", "could", "may", "might", "to"))
        for c in verb.children
    )


def _verb_subject(ctx: Context, verb: Token) -> Named | None:
    """The person who is the subject of a verb, or of the noun a "who" clause hangs on."""
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
            return _person_at(ctx, verb.head)
        if subject is not None:
            return _person_at(ctx, subject) or next(
                (p for c in subject.children if c.dep_ == "appos" and (p := _person_at(ctx, c))), None
            )
        if verb.dep_ != "conj":
            return None
        verb = verb.head  # "joined the DWU and chaired its audit committee": the first verb's subject
    return None


def _organisation_of(ctx: Context, obj: Token) -> Entity | None:
    """The organisation a noun phrase names: a mention over its head, a generic noun, or the last
    organisation named inside it ("the union's Container Committee")."""
    named = ctx.covering[obj.i]
    if named is not None:
        return named.entity if named.entity.kind == "organisation" else None
    referred = ctx.discourse.refers(obj)
    if referred is not None and referred.kind == "organisation":
        return referred
    inside = [n.entity for t in obj.subtree if t.i < obj.i and (n := ctx.covering[t.i]) is not None]
    return inside[-1] if inside and inside[-1].kind == "organisation" and obj.pos_ == "PROPN" else None


def _as_holder(ctx: Context, as_token: Token, sent: Span) -> Named | None:
    """Who holds the title after "as" (or "the post of"): the verb's object ("named Lee as"), else its
    subject ("Lee will serve as", but "Lee succeeds Hale as" names the subject); a verb with no subject of
    its own takes its controller ("appointed Lee to succeed Hale as": Lee); a noun of choosing takes the
    person it is of ("the election of Lee as"). With no verb, the nearest person before, never the one
    succeeded. A verb whose subject is something else ("the union, as a member of ...") gives no one."""
    verb = as_token.head
    succeeded: set[int] = set()
    while verb.pos_ in ("VERB", "AUX"):
        children = list(verb.children)
        succeeding = word_of(verb) in SUCCEED_VERBS or verb.lemma_ in SUCCEED_VERBS
        if succeeding:
            succeeded |= {t.i for c in children if c.dep_ == "dobj" for t in c.subtree}
        wanted = ("nsubj", "nsubjpass") if succeeding else ("dobj", "nsubj", "nsubjpass")
        for dep in wanted:
            for child in (c for c in children if c.dep_ == dep and c.i != as_token.i):
                holder = _holder_of(ctx, child, dep)
                if holder is not None:
                    return holder
                if child.pos_ != "PRON" and not _own_thing(child):
                    return None  # "said the union, as a member of ...": the title describes the union
        if verb.dep_ != "xcomp" or verb.head.i == verb.i:
            break
        verb = verb.head  # "appointed Lee to succeed Hale as ...": the controller of "succeed"
        if any(c.dep_ == "dobj" for c in verb.children):
            obj = next(c for c in verb.children if c.dep_ == "dobj")
            return _holder_of(ctx, obj, "dobj")
    before = [n for t in sent if t.i < as_token.i and t.i not in succeeded and (n := _person_at(ctx, t)) is not None]
    return before[-1] if before else None


def _own_thing(obj: Token) -> bool:
    """An object the subject owns, which a title after "as" cannot describe: "began his career as a
    millwright", "made her debut as", "in their time as"; the title is the subject's."""
    return any(c.dep_ == "poss" and word_of(c) in PERSONAL_OWNERS | {"their"} for c in obj.children)


def _holder_of(ctx: Context, child: Token, dep: str) -> Named | None:
    """The person a verb's subject or object names: itself, its apposition, or the person a noun of
    choosing is of ("the election of Lee")."""
    appositions = (c for c in child.children if c.dep_ == "appos")
    holder = _person_at(ctx, child) or next((p for c in appositions if (p := _person_at(ctx, c))), None)
    if holder is None and child.lower_ in OBJECT_PRONOUNS and dep == "dobj":
        holder = _person_at(ctx, child)
    if holder is None and word_of(child) in CHOOSING_NOUNS:
        beside = [c for c in child.head.children if c.i > child.i]  # the parser may hang "of Lee" on the verb
        of_objects = [g for c in [*child.children, *beside] if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        holder = next((p for g in of_objects if (p := _person_at(ctx, g))), None)
    return holder


def _post_of(doc: Doc, i: int, sent: Span) -> bool:
    """ "the role of", "the post of", "the title of": token i is the "of" after such a noun."""
    return (
        doc[i].lower_ == "of"
        and i - 2 >= sent.start
        and word_of(doc[i - 1]) in POSTS
        and word_of(doc[i - 2]) in DETERMINERS
    )


def as_title(ctx: Context, sent: Span) -> Iterator[Reading]:
    """A title after "as": "named Lee as treasurer", "serve as interim CEO", "his posts as CEO and chair"."""
    doc = ctx.doc
    for token in sent:
        if _post_of(doc, token.i, sent):
            token = doc[token.i - 1]  # "assumed the role of X": the title hangs on the verb, as after "as"
            if token.head.pos_ not in ("VERB", "AUX") and word_of(token) != "capacity":  # "in the capacity of"
                continue
        elif token.lower_ != "as" or (token.i > sent.start and word_of(doc[token.i - 1]) in NON_ROLE_AS):
            continue
        phrases = _singular(parse_titles(ctx, token.i + 1 + (token.lower_ != "as"), sent.end))
        if not phrases or next_is_person(ctx, phrases[-1].end):
            continue
        holder = _as_holder(ctx, token, sent)
        end = phrases[-1].end
        if holder is None and end + 1 < sent.end and doc[end].text == ",":
            holder = _person_at(ctx, doc[end + 1])
        if holder is not None:
            yield Reading(holder, phrases, 0.75, True, True)
