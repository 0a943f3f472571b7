"""Roles people hold, read from the grammar of titles (never from lists of names).

A *title phrase* is a noun group headed by a role noun ("national co-chair", "Chief Financial Officer",
"labor historian"), with its organisation read from the phrase itself:
- a compound or possessive before it: "DWU co-Chair", "the union's treasurer", "Board member";
- a complement after it: "of the DWU", "with the Dock Workers Union", "of the party's central committee";
- a generic noun ("the union", "the Board", "the company") is the named organisation it stands for.
A place or nationality stays in the title ("Chinese President", "President of the Republic of Korea").

A title phrase becomes a role when the grammar ties it to a person:
- appositive: "Maria Okafor, national secretary of the DWU," / "Comrade Lee, the union's treasurer";
- reverse appositive: "the union's president, Jane Doe,";
- pre-modifier: "U.S. Secretary of Labor Ann Reyes", "Union president Jane Doe";
- predicate: "Smith is the union's president", "Lee will become chair of the Board";
- "as": "named Lee as treasurer", "Lee will serve as interim CEO", "resigned from his posts as ...";
- appointment: "Lee was elected president of the DWU", "the DWU elected Lee president".
Coordinated titles ("president and treasurer of the DWU") and coordinated bodies ("a member of the party's
central committee and its youth commission") give one role each. An appointment's stated effective
date ("effective January 13, 2020", "effective immediately") becomes Role.effective.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..model import Entity, Role, SourceArticle
from ..reader import find_date
from .dates import resolve_date
from .discourse import Discourse, Named
from .lexicon import GENERIC_ORG_NOUNS, HONORIFICS, TITLE_WORDS

# Nouns that head an office held in an organisation; they take the organisation of a coordinated title
# ("president and CEO of Acme") or, said of a person, of the sentence ("Jane Doe, President,").
OFFICES = frozenset(
    "president chair chairman chairwoman chairperson cochair secretary treasurer director officer ceo cfo "
    "coo cto cio chief minister premier chancellor governor mayor senator representative congressman "
    "congresswoman councilor councillor councilmember councilman councilwoman ambassador envoy consul "
    "commissioner spokesperson spokesman spokeswoman member delegate leader head founder cofounder "
    "organizer organiser coordinator convenor convener manager administrator superintendent dean provost "
    "rector trustee steward partner executive official aide adviser advisor counsel deputy elect "
    "secretary-general king queen emperor monarch pope general colonel captain commander lieutenant "
    "sergeant admiral marshal judge justice magistrate prosecutor attorney professor lecturer principal "
    "employee staffer worker editor rep sen gov amb atty supt gen col capt sgt adm cmdr maj lt".split()
)
# Occupations: a role of their own, tied to an organisation only when the text names one.
OCCUPATIONS = frozenset(
    "historian journalist writer author activist economist scholar academic scientist analyst commentator "
    "columnist correspondent reporter photographer poet novelist artist musician filmmaker lawyer teacher "
    "nurse doctor physician engineer farmer pastor priest researcher educator student veteran".split()
)
ROLE_HEADS = OFFICES | OCCUPATIONS
# Endings of occupation nouns: "steelworker", "electrician", "economist", "toolmaker".
OCCUPATION_ENDINGS = ("worker", "ist", "ian", "maker", "smith", "wright")
NOT_OCCUPATIONS = frozenset("list wrist twist christian civilian guardian median russian italian asian".split())
# Words inside a title that the tagger may not read as noun or adjective ("acting", "co-", "non-").
TITLE_MODIFIERS = frozenset(
    "co non vice ex acting interim managing founding presiding ruling governing outgoing incoming".split()
)
# Titles whose complement is always a body: "a member of the union's executive".
BODY_MEMBERS = frozenset("member delegate representative".split())
# Modifiers that make a different role: "vice president" is not "president".
RANK_MODIFIERS = frozenset("vice deputy assistant associate co non ex former acting interim honorary".split())
# Words after a head that belong to the title: "chair emeritus", "president-elect".
POSTPOSITIVE = frozenset("emeritus emerita elect designate".split())
# Time words before a title that are not part of it: "current chairman".
DEICTIC = frozenset("current currently then newly now still also longtime".split())
# Judgements, not titles: "the right leader", "the best president".
EVALUATIVE = frozenset("right wrong good great better best perfect ideal true real natural strong worthy".split())
DETERMINERS = frozenset("a an the this that his her their its our my your".split())
PERSONAL_OWNERS = frozenset("his her my your".split())
REFERRING_OWNERS = frozenset("its their".split())  # refer back to an organisation named before
# Nouns that stand for a whole organisation; alone they mean the article's main one ("the party").
WHOLE_ORG_NOUNS = frozenset(
    "party union company corporation firm federation association organization organisation movement".split()
)
POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
HYPHENS = frozenset({"-", "\u2013", "\u2010", "\u2011"})
COPULAS = frozenset("is was are were be been 's remain remains remained become becomes became".split())
VERB_GROUP = COPULAS | frozenset(
    "will would shall can could may might must has have had also now still currently already then later "
    "soon once previously formerly to being unanimously recently".split()
)
APPOINT_VERBS = frozenset(
    "elected reelected appointed named chosen selected nominated promoted installed confirmed designated "
    "tapped hired made".split()
)
RESIGN_WORDS = frozenset(
    "resign resigns resigned resigning resignation step steps stepped stepping retire retires retired "
    "retiring retirement quit quits quitting left leaves leaving depart departs departed departing former".split()
)
SUBJECT_PRONOUNS = frozenset("he she".split())
OBJECT_PRONOUNS = frozenset("him her".split())
POSTS = frozenset("post position office role rank seat title job".split())  # "elected to the post of chair"
# Nouns of choosing someone: "the election of Lee as president".
CHOOSING_NOUNS = frozenset("election reelection re-election appointment nomination selection choice promotion".split())
SUCCEED_VERBS = frozenset("succeed succeeds succeeded succeeding replace replaces replaced replacing".split())
# Verbs that say who holds an office: "chairs the committee" is its chair, "joined the union" a member.
OFFICE_VERBS = {
    **dict.fromkeys("chair chairs chaired chairing co-chair co-chairs co-chaired".split(), "chair"),
    **dict.fromkeys("head heads headed heading".split(), "head"),
    **dict.fromkeys("direct directs directed directing".split(), "director"),
    **dict.fromkeys("found founds founded co-founded cofounded".split(), "founder"),
    **dict.fromkeys("preside presides presided presiding".split(), "president"),
    **dict.fromkeys("manage manages managed managing".split(), "manager"),
    **dict.fromkeys("join joins joined joining rejoined".split(), "member"),
}
NON_ROLE_AS = frozenset("such well soon long far much".split())  # "such as", "as well as", "as soon as"
COMPLEMENT_PREPS = frozenset("of at for with to".split())
# A term the text gives right after a title: "from 1962 to 1970", "since July 2007", "in 1976".
_MONTH_YEAR = r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?)?\d{4}"
_TERM = re.compile(
    rf"^[^.;]{{0,40}}?\b(?:(?:from|between)\s+(?P<start>{_MONTH_YEAR})\s*(?:to|until|till|through|and|-|–)\s*"
    rf"(?P<end>{_MONTH_YEAR}|the\s+present)|since\s+(?P<since>{_MONTH_YEAR})|in\s+(?P<year>{_MONTH_YEAR}))\b"
)
FORMER_WORDS = frozenset("former ex onetime one-time then erstwhile past retired outgoing".split())
_EFFECTIVE = re.compile(r"\beffective\s+(?:on\s+|from\s+|as\s+of\s+)?", re.I)
_EFFECTIVE_NOW = re.compile(r"(?:immediately|today|now)\b", re.I)


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


def _kind_at(ctx: Context, i: int) -> str | None:
    named = ctx.covering[i] if 0 <= i < len(ctx.doc) else None
    return named.entity.kind if named else None


def _org_by_word(ctx: Context, i: int) -> Entity | None:
    """A capitalised word the model did not tag but that is a name of an organisation ("Teamsters")."""
    token = ctx.doc[i]
    if ctx.covering[i] is not None or not token.text[:1].isupper() or len(token.text) < 2:
        return None
    return next((e for e in ctx.organisations if token.text in e.labels), None)


def _is_hyphen(doc: Doc, i: int) -> bool:
    """A hyphen inside a word: "co-chair", "Secretary-Treasurer"."""
    return 0 < i < len(doc) - 1 and doc[i].text in HYPHENS and not doc[i - 1].whitespace_ and not doc[i].whitespace_


def _word(token: Token) -> str:
    return token.lower_.rstrip(".")


def _is_occupation(token: Token) -> bool:
    word = _word(token)
    if word in OCCUPATIONS:
        return True
    return (
        token.is_lower
        and token.pos_ == "NOUN"
        and token.tag_ == "NN"
        and word not in NOT_OCCUPATIONS
        and word.endswith(OCCUPATION_ENDINGS)
    )


def _is_role_head(doc: Doc, i: int) -> bool:
    token = doc[i]
    if _word(token) not in ROLE_HEADS and not _is_occupation(token):
        return False
    return token.pos_ not in ("VERB", "AUX", "ADP", "DET", "PRON") or (i > 0 and _is_hyphen(doc, i - 1))


def _singular_text(text: str) -> str | None:
    """The singular of a plural role noun, as written: "co-chairs" -> "co-chair", "secretaries" -> "secretary"."""
    lower = text.lower()
    for ending, replace in (("ies", "y"), ("men", "man"), ("es", ""), ("s", "")):
        if lower.endswith(ending) and lower[: -len(ending)] + replace in ROLE_HEADS:
            return text[: -len(ending)] + replace
    return None


def _is_plural_head(doc: Doc, i: int) -> bool:
    token = doc[i]
    return token.tag_ in ("NNS", "NNPS") and _singular_text(token.text) is not None


def _is_head(doc: Doc, i: int) -> bool:
    return _is_role_head(doc, i) or _is_plural_head(doc, i)


def _possessive_at(doc: Doc, i: int) -> bool:
    return i < len(doc) and (doc[i].text in POSSESSIVE or doc[i].tag_ == "POS")


# -- organisations named by common nouns -----------------------------------------------------------
def _most_mentioned(pool: list[Entity], whole_first: bool = True) -> Entity | None:
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


# -- title phrases --------------------------------------------------------------------------------
Part = tuple[Entity | None, str]  # an organisation after a title, and words it adds to the label


@dataclass
class Phrase:
    """One title read from doc[start:end]: its label as written and the organisations it names."""

    label: str
    start: int
    end: int
    orgs: list[Entity] = field(default_factory=list)  # named before the title: "DWU", "the union's"
    parts: list[Part] = field(default_factory=list)  # named after it: "of the DWU", "of the Republic"
    qualified: bool = False  # tied to a place, a nation or a person: no organisation to guess
    occupation: bool = False
    bare: bool = False  # the title words alone: it may share a coordinated title's organisation
    plural: bool = False  # "co-chairs": said of coordinated people, each holds it

    @property
    def org_after(self) -> bool:
        return any(org is not None for org, _ in self.parts)

    @property
    def has_org(self) -> bool:
        return bool(self.orgs) or self.org_after

    def titles(self) -> list[tuple[str, Entity | None]]:
        """(label, organisation) pairs: one per organisation or per coordinated body."""
        before = self.orgs[0] if self.orgs else None
        if self.parts:
            return [(f"{self.label} {words}" if words else self.label, org or before) for org, words in self.parts]
        return [(self.label, org) for org in self.orgs] or [(self.label, None)]


@dataclass
class Complement:
    """What follows a title's preposition: organisations, or words that belong to the title."""

    end: int
    parts: list[Part]
    owner: Entity | None = None  # a possessor, shared by coordinated bodies: "the party's A and B"
    open_org: bool = False  # "of the board", "of finance": the organisation is still to be found


def _skip_parenthesis(doc: Doc, i: int) -> int:
    """Skip an acronym in parentheses after a name, "(DWU)", or a number that ends it, "Local 1248"."""
    if i < len(doc) and doc[i].like_num:
        return i + 1
    if i < len(doc) and doc[i].text == "(":
        for j in range(i + 1, min(i + 5, len(doc))):
            if doc[j].text == ")":
                return j + 1
    return i


def _group_end(ctx: Context, i: int, stop: int, plurals: bool = False) -> int:
    """Where a noun group starting at i ends: adjectives, nouns, names and hyphens, up to a person. A plural
    ends a title's group ("DWU co-chairs"); a complement's may have several ("of public affairs")."""
    doc = ctx.doc
    j = i
    while j < stop:
        token = doc[j]
        if _kind_at(ctx, j) == "person" or _word(token) == "effective" or _possessive_at(doc, j):
            break
        if token.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
            break
        plain = _kind_at(ctx, j) is None and _org_by_word(ctx, j) is None and not _is_hyphen(doc, j)
        if token.tag_ in ("NNS", "NNPS") and plain and not plurals:
            # a plural noun ends its group: "DWU co-chairs", not "the common goals President Okafor"
            return j + 1 if _is_plural_head(doc, j) else j
        if not (
            token.pos_ in ("ADJ", "NOUN", "PROPN")
            or _word(token) in TITLE_MODIFIERS
            or _is_hyphen(doc, j)
            or _is_role_head(doc, j)
            or _kind_at(ctx, j) in ("organisation", "place")
        ):
            break
        j += 1
    return j


def _org_before(ctx: Context, i: int) -> Entity | None:
    """The organisation "its" or "their" refers to, as the Discourse resolves it."""
    found = ctx.discourse.refers(ctx.doc[i])
    return found if found is not None and found.kind == "organisation" else None

def _owner(ctx: Context, i: int, stop: int) -> tuple[Entity | None, int, bool]:
    """A possessor before a title or body: an organisation ("the DWU's"), a generic noun ("the union's"),
    "its", or a person ("Lee's aide"). Returns (organisation, next token, tied-to-a-person)."""
    doc = ctx.doc
    if i < stop and _word(doc[i]) in REFERRING_OWNERS:
        return _org_before(ctx, i), i + 1, False
    named = ctx.starting.get(i)
    if named and named.end < stop and _possessive_at(doc, named.end):
        if named.entity.kind == "organisation":
            return named.entity, named.end + 1, False
        return None, named.end + 1, True
    if i + 1 < stop and _word(doc[i]) in GENERIC_ORG_NOUNS and _possessive_at(doc, i + 1):
        return resolve_generic(ctx, doc[i]), i + 2, False
    return None, i, False


def parse_complement(
    ctx: Context, i: int, stop: int, owner: Entity | None = None, of_body: bool = False, prep: str = ""
) -> Complement | None:
    """The object of "of/at/for/with/to" after a title: an organisation ("of the DWU"), a body of one
    ("of the party's central committee"), or words of the title itself ("of State"). A member is always
    a member of a body (``of_body``): "a member of the union's executive"."""
    doc = ctx.doc
    prep = prep or _word(doc[i - 1])
    j = i
    while j < stop and _word(doc[j]) in DETERMINERS - PERSONAL_OWNERS - REFERRING_OWNERS:
        j += 1
    if j >= stop:
        return None
    possessor, j, personal = _owner(ctx, j, stop)
    if personal:
        return None
    owner = possessor or owner
    named = ctx.starting.get(j)
    if named and named.entity.kind == "organisation":
        end = _skip_parenthesis(doc, named.end)
        while (head := ctx.starting.get(end)) is not None and head.entity.kind == "organisation":
            named, end = head, _skip_parenthesis(doc, head.end)  # "the Alliance (GA) National Council"
        return Complement(end, [(named.entity, "")], owner)
    if named and named.entity.kind == "place" and prep in ("of", "to"):
        return Complement(named.end, [(None, f"{prep} {doc[i : named.end].text}")])
    if named:
        return None
    end = _group_end(ctx, j, stop, plurals=True)
    if end == j or (_is_role_head(doc, end - 1) and not of_body):
        return Complement(j, [(owner, "")], owner) if possessor else None
    body = doc[j:end].text
    if owner is not None or _word(doc[end - 1]) in GENERIC_ORG_NOUNS:
        found = resolve_body(ctx, body, owner) or (
            resolve_generic(ctx, doc[end - 1]) if end - j == 1 and owner is None else None
        )
        if found is not None:
            return Complement(end, [(found, "")], owner)
        if owner is not None and prep == "of":
            return Complement(end, [(owner, f"{prep} the {body}")], owner)
    if prep != "of" or not any(t.pos_ in ("NOUN", "PROPN") for t in doc[j:end]):
        return None
    proper = any(t.text[:1].isupper() for t in doc[j:end]) and _word(doc[end - 1]) not in GENERIC_ORG_NOUNS
    return Complement(end, [(None, f"{prep} {doc[i:end].text}")], open_org=not proper)


def _coordinated_bodies(ctx: Context, comp: Complement, stop: int, prep: str) -> Complement:
    """ "of the party's central committee and its youth commission": one part per body."""
    doc = ctx.doc
    while comp.end + 1 < stop and _word(doc[comp.end]) in ("and", "&") and any(o for o, _ in comp.parts):
        if parse_phrase(ctx, comp.end + 1, stop) is not None:
            break
        more = parse_complement(ctx, comp.end + 1, stop, comp.owner, of_body=True, prep=prep)
        if more is None or not any(o for o, _ in more.parts):
            break
        comp = Complement(more.end, comp.parts + more.parts, comp.owner)
    return comp


def parse_phrase(ctx: Context, i: int, stop: int) -> Phrase | None:
    """One title phrase from token i: [determiner] [possessor] modifiers HEAD [complement]."""
    doc = ctx.doc
    j = i
    qualified = False
    while j < stop and _word(doc[j]) in (DETERMINERS | DEICTIC) - REFERRING_OWNERS:
        qualified |= _word(doc[j]) in PERSONAL_OWNERS
        j += 1
    possessor, j, personal = _owner(ctx, j, stop)
    qualified |= personal
    end = _group_end(ctx, j, stop)
    while end > j and not _is_head(doc, end - 1):
        if doc[end - 1].pos_ not in ("ADJ", "ADV", "NOUN", "PROPN"):
            return None
        if _word(doc[end - 1]) in POSTPOSITIVE and end - 2 >= j and _is_head(doc, end - 2):
            break  # part of the title: "chair emeritus", "president-elect"
        if doc[end - 1].pos_ in ("NOUN", "PROPN"):
            return None
        end -= 1  # a postpositive adjective is not part of the title
    if end == j:
        return None
    head = end - 1 if _is_head(doc, end - 1) else end - 2
    orgs = [possessor] if possessor else []
    kept: list[Token] = []
    k = j
    while k < end:
        named = ctx.covering[k]
        if named and named.entity.kind == "organisation":
            orgs.append(named.entity)
            k = max(named.end, k + 1)
            continue
        if (by_word := _org_by_word(ctx, k)) is not None:
            orgs.append(by_word)
            k += 1
            continue
        if named and named.entity.kind == "place":
            qualified = True
        elif k < end - 1 and _word(doc[k]) in GENERIC_ORG_NOUNS and (found := resolve_generic(ctx, doc[k])):
            orgs.append(found)
            k += 1
            continue
        elif doc[k].pos_ == "ADJ" and doc[k].text[:1].isupper() and _word(doc[k]) not in TITLE_WORDS:
            qualified = True  # a nationality: "Chinese President"
        if not (not kept and _word(doc[k]) in DEICTIC):
            kept.append(doc[k])
        k += 1
    if not kept or any(_word(t) in EVALUATIVE or t.tag_ in ("JJS", "RBS") for t in kept):
        return None
    words = {_word(t) for t in kept if not _is_hyphen(doc, t.i)}
    label = "".join(t.text_with_ws for t in kept).strip()
    plural = _is_plural_head(doc, head) and head == end - 1
    if plural:
        label = label[: -len(doc[head].text)] + (_singular_text(doc[head].text) or "")
        words = {_singular_text(w) or w for w in words}
    phrase = Phrase(label, i, end, orgs, qualified=qualified, plural=plural)
    phrase.occupation = _is_occupation(doc[head]) or (plural and _singular_text(_word(doc[head])) in OCCUPATIONS)
    phrase.bare = not orgs and words <= TITLE_WORDS | ROLE_HEADS | TITLE_MODIFIERS
    _add_complements(ctx, phrase, stop)
    return phrase


def _add_complements(ctx: Context, phrase: Phrase, stop: int) -> None:
    """Complements after the head, chained until one names an organisation: "professor of history at X"."""
    doc = ctx.doc
    head = doc[phrase.end - 1]
    while phrase.end + 1 < stop and _word(doc[phrase.end]) in COMPLEMENT_PREPS and not phrase.org_after:
        prep = _word(doc[phrase.end])
        comp = parse_complement(ctx, phrase.end + 1, stop, of_body=_word(head) in BODY_MEMBERS)
        if comp is None:
            return
        comp = _coordinated_bodies(ctx, comp, stop, prep)
        words = " ".join(w for _, w in phrase.parts if w)
        if words:
            comp.parts = [(org, f"{words} {w}".strip()) for org, w in comp.parts]
        phrase.end, phrase.parts, phrase.bare = comp.end, comp.parts, False
        phrase.qualified |= not phrase.has_org and not comp.open_org


def parse_titles(ctx: Context, i: int, stop: int) -> list[Phrase]:
    """Coordinated title phrases from token i: "General Secretary of the Party and President of the Republic"."""
    phrases: list[Phrase] = []
    j = i
    while (phrase := parse_phrase(ctx, j, stop)) is not None:
        phrases.append(phrase)
        following = _next_in_list(ctx, phrase.end, stop)
        if following is None:
            break
        j = following
    _share_organisations(phrases)
    return phrases


def _next_in_list(ctx: Context, i: int, stop: int) -> int | None:
    """Where the next title of a list starts: after "and", ", and" or "," ("president of A, a member of B
    and chair of C"), past a date the previous one ends with ("a staff representative in 1968 and ...")."""
    doc = ctx.doc
    while i < stop and doc[i].ent_type_ == "DATE" or (i < stop and doc[i].lower_ in ("in", "since") and
                                                       i + 1 < stop and doc[i + 1].ent_type_ == "DATE"):
        i += 1
    if i < stop and doc[i].text == ",":
        i += 1
        if i < stop and _word(doc[i]) in ("and", "&"):
            i += 1
        return i if i < stop and parse_phrase(ctx, i, stop) is not None else None
    if i + 1 < stop and _word(doc[i]) in ("and", "&"):
        return i + 1
    return None


def _share_organisations(phrases: list[Phrase]) -> None:
    """A bare office shares the organisation of a coordinated title: a complement reaches back ("president
    and CEO of Acme"), a modifier reaches forward ("DWU president and treasurer")."""
    for n, phrase in enumerate(phrases):
        if phrase.bare and not phrase.occupation:
            later = [p for p in phrases[n + 1 :] if p.org_after]
            earlier = [p for p in phrases[:n][::-1] if p.orgs]
            if later:
                phrase.parts = [(org, "") for org, _ in later[0].parts if org is not None]
            elif earlier:
                phrase.orgs = list(earlier[0].orgs)


def _next_is_person(ctx: Context, i: int) -> bool:
    return i < len(ctx.doc) and _kind_at(ctx, i) == "person"


# -- people ---------------------------------------------------------------------------------------
def _person_at(ctx: Context, token: Token) -> Named | None:
    """The person a token names, or the one a subject pronoun ("he", "she") refers back to."""
    named = ctx.covering[token.i]
    if named and named.entity.kind == "person":
        return named
    if token.lower_ in SUBJECT_PRONOUNS | OBJECT_PRONOUNS:
        return _antecedent(ctx, token)
    return None


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
    phrases = parse_titles(ctx, j, sent.end)
    if phrases and _next_is_person(ctx, phrases[-1].end):
        phrases = phrases[:1] if len(phrases) > 1 else []
    if not phrases or not _closed(ctx, phrases[-1].end, sent):
        return
    for holder in _holders(ctx, person, phrases, sent, forward=False):
        yield Reading(holder, phrases, 0.9, True, False)


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
    if root is None or root.dep_ != "appos":
        return
    phrases = _ending_at(ctx, comma, sent)
    head = root.head
    if not phrases and _is_head(doc, head.i) and sent.start <= head.left_edge.i < head.i:
        phrases = [p for p in parse_titles(ctx, head.left_edge.i, comma) if p.start <= head.i < p.end]
    heads = {i for p in phrases for i in range(p.start, p.end) if _is_role_head(doc, i)}
    # the parser may hang the name on the title's last word: "the chair of the Green Party, Ann Lee"
    last_word = bool(phrases) and head.i == comma - 1 and phrases[-1].start <= head.i < phrases[-1].end
    if phrases and (head.i in heads or last_word) and not any(p.plural for p in phrases):
        yield Reading(person, phrases, 0.85, True, False)


def _comma_before(ctx: Context, person: Named) -> int | None:
    """The comma before a name, past honorifics and an age: "…, Prof. Dr. Jane Doe", "…, 32-year-old Jane Doe"."""
    doc = ctx.doc
    i = person.start - 1
    while i > 0 and (_word(doc[i]) in HONORIFICS or doc[i].ent_type_ == "DATE" or _is_hyphen(doc, i)):
        i -= 1
    return i if i >= 0 and doc[i].text == "," else None


def _title_token(ctx: Context, i: int) -> bool:
    doc = ctx.doc
    token = doc[i]
    if _kind_at(ctx, i) == "person" or token.ent_type_ in ("DATE", "TIME", "CARDINAL"):
        return False
    return (
        token.pos_ in ("ADJ", "NOUN", "PROPN")
        or _word(token) in TITLE_MODIFIERS | COMPLEMENT_PREPS | {"and", "the"}
        or _is_hyphen(doc, i)
        or _possessive_at(doc, i)
        or _is_role_head(doc, i)
        or _kind_at(ctx, i) is not None
    )


def _ending_at(ctx: Context, end: int, sent: Span) -> list[Phrase]:
    """The longest run of title phrases that ends right before token ``end``."""
    start = end
    while start - 1 >= sent.start and end - start < 12 and _title_token(ctx, start - 1):
        start -= 1
    for i in range(start, end):
        if _word(ctx.doc[i]) in COMPLEMENT_PREPS | {"and"} or _is_hyphen(ctx.doc, i):
            continue
        phrases = parse_titles(ctx, i, end)
        if phrases and phrases[-1].end == end:
            return phrases
    return []


def premodifier(ctx: Context, person: Named, sent: Span) -> Iterator[Reading]:
    """Title phrase right before a name: "DWU co-Chair Maria Okafor", "U.S. Secretary of Labor Ann Reyes"."""
    phrases = [p for p in _ending_at(ctx, person.start, sent)]
    phrases = [p for p in phrases if _word(ctx.doc[p.end - 1]) not in HONORIFICS or p.has_org]
    if len(phrases) == 1 and not phrases[0].has_org and not phrases[0].qualified:
        after = _organisation_after(ctx, person.end, sent)  # "Secretary Lee of the Dock Workers Union"
        if after is not None:
            phrases[0].orgs = [after]
    for holder in _holders(ctx, person, phrases, sent, forward=True) if phrases else []:
        yield Reading(holder, phrases, 0.85, False, False)


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
    while j < stop and (
        _word(doc[j]) in VERB_GROUP | last
        or doc[j].pos_ == "ADV"
        or _is_hyphen(doc, j)
        or (_word(doc[j]) == "re" and j + 1 < stop and _is_hyphen(doc, j + 1))
    ):
        if _word(doc[j]) in last:
            found = j + 1
        j += 1
        if found and _word(doc[j - 1]) in last:
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
        if nxt.pos_ in ("VERB", "AUX") or _word(nxt) in VERB_GROUP:
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
        if phrases and not _possessive_at(ctx.doc, phrases[-1].end) and not _next_is_person(ctx, phrases[-1].end):
            yield Reading(person, phrases, 0.8, True, True)


def _past_post_of(doc: Doc, j: int, stop: int) -> int:
    """Skip "to be" and "to the post of" between an appointing verb and the title."""
    words = [_word(t) for t in doc[j : min(j + 5, stop)]]
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
        if j is not None:
            j = _past_post_of(doc, j, sent.end)
            phrases = _singular(parse_titles(ctx, j, sent.end))
            if phrases:
                yield Reading(person, phrases, 0.8, True, True)
        if person.start > sent.start and _word(doc[person.start - 1]) in APPOINT_VERBS and after < sent.end:
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
        succeeding = _word(verb) in SUCCEED_VERBS or verb.lemma_ in SUCCEED_VERBS
        if succeeding:
            succeeded |= {t.i for c in children if c.dep_ == "dobj" for t in c.subtree}
        wanted = ("nsubj", "nsubjpass") if succeeding else ("dobj", "nsubj", "nsubjpass")
        for dep in wanted:
            for child in (c for c in children if c.dep_ == dep and c.i != as_token.i):
                holder = _holder_of(ctx, child, dep)
                if holder is not None:
                    return holder
                if child.pos_ != "PRON":
                    return None  # "said the union, as a member of ...": the title describes the union
        if verb.dep_ != "xcomp" or verb.head.i == verb.i:
            break
        verb = verb.head  # "appointed Lee to succeed Hale as ...": the controller of "succeed"
        if any(c.dep_ == "dobj" for c in verb.children):
            obj = next(c for c in verb.children if c.dep_ == "dobj")
            return _holder_of(ctx, obj, "dobj")
    before = [n for t in sent if t.i < as_token.i and t.i not in succeeded and (n := _person_at(ctx, t)) is not None]
    return before[-1] if before else None


def _holder_of(ctx: Context, child: Token, dep: str) -> Named | None:
    """The person a verb's subject or object names: itself, its apposition, or the person a noun of
    choosing is of ("the election of Lee")."""
    appositions = (c for c in child.children if c.dep_ == "appos")
    holder = _person_at(ctx, child) or next((p for c in appositions if (p := _person_at(ctx, c))), None)
    if holder is None and child.lower_ in OBJECT_PRONOUNS and dep == "dobj":
        holder = _person_at(ctx, child)
    if holder is None and _word(child) in CHOOSING_NOUNS:
        beside = [c for c in child.head.children if c.i > child.i]  # the parser may hang "of Lee" on the verb
        of_objects = [g for c in [*child.children, *beside] if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        holder = next((p for g in of_objects if (p := _person_at(ctx, g))), None)
    return holder


def _post_of(doc: Doc, i: int, sent: Span) -> bool:
    """ "the role of", "the post of", "the title of": token i is the "of" after such a noun."""
    return (
        doc[i].lower_ == "of"
        and i - 2 >= sent.start
        and _word(doc[i - 1]) in POSTS
        and _word(doc[i - 2]) in DETERMINERS
    )


def as_title(ctx: Context, sent: Span) -> Iterator[Reading]:
    """A title after "as": "named Lee as treasurer", "serve as interim CEO", "his posts as CEO and chair"."""
    doc = ctx.doc
    for token in sent:
        if _post_of(doc, token.i, sent):
            token = doc[token.i - 1]  # "assumed the role of X": the title hangs on the verb, as after "as"
            if token.head.pos_ not in ("VERB", "AUX"):
                continue
        elif token.lower_ != "as" or (token.i > sent.start and _word(doc[token.i - 1]) in NON_ROLE_AS):
            continue
        phrases = _singular(parse_titles(ctx, token.i + 1 + (token.lower_ != "as"), sent.end))
        if not phrases or _next_is_person(ctx, phrases[-1].end):
            continue
        holder = _as_holder(ctx, token, sent)
        end = phrases[-1].end
        if holder is None and end + 1 < sent.end and doc[end].text == ",":
            holder = _person_at(ctx, doc[end + 1])
        if holder is not None:
            yield Reading(holder, phrases, 0.75, True, True)


# -- dates and organisations from the sentence ----------------------------------------------------
def effective_date(ctx: Context, sent: Span) -> str | None:
    """ "effective January 13, 2020" in the sentence; "effective immediately" is the article's date."""
    tail = sent.text
    found = _EFFECTIVE.search(tail)
    if found is None:
        return None
    rest = tail[found.end() :]
    published = ctx.article.date_published
    if _EFFECTIVE_NOW.match(rest):
        return published.isoformat() if published else None
    dated = find_date(rest[:40], year_hint=published.year if published else None, need_year=False)
    return dated[0].isoformat() if dated and dated[1][0] == 0 else None


def sentence_organisation(ctx: Context, sent: Span, person: Named) -> Entity | None:
    """The organisation the sentence names, by name or generic noun ("the company"), that the article
    mentions most: the employer, as a rule."""
    orgs: list[Entity] = []
    for token in sent:
        named = ctx.starting.get(token.i)
        if named is not None and named.entity.kind == "organisation" and named.entity is not person.entity:
            orgs.append(named.entity)
        elif ctx.covering[token.i] is None and _word(token) in WHOLE_ORG_NOUNS:
            orgs.extend(o for o in [resolve_generic(ctx, token)] if o is not None)
    return _most_mentioned(orgs)


def _resigning(sent: Span) -> bool:
    return any(_word(t) in RESIGN_WORDS for t in sent)


# -- from readings to roles -----------------------------------------------------------------------
def to_roles(ctx: Context, reading: Reading, sent: Span) -> list[Role]:
    """One Role per title and organisation of a reading; an office with no organisation named takes the
    sentence's when the rule describes the person (not a title before a name: "President Biden")."""
    doc = ctx.doc
    person = reading.person
    effective = None
    if reading.dated and not _resigning(sent):
        effective = effective_date(ctx, sent)
    roles = []
    for phrase in reading.phrases:
        titles = phrase.titles()
        confidence = reading.confidence
        if not phrase.has_org and reading.guess_org and not phrase.qualified and not phrase.occupation:
            guessed = sentence_organisation(ctx, sent, person)
            if guessed is not None:
                titles, confidence = [(label, guessed) for label, _ in titles], confidence - 0.2
        start = min(doc[person.start].idx, doc[phrase.start].idx)
        last = doc[max(person.end, phrase.end) - 1]
        began, ended = term(ctx, phrase, sent)
        former = bool(FORMER_WORDS & {w.lower() for w in re.split(r"[\s-]+", phrase.label)}) or ended is not None
        for label, org in titles:
            end = last.idx + len(last)
            role = Role(person.entity, label, org, start, end, effective or began, ended, former, confidence)
            roles.append(role)
    return roles


def term(ctx: Context, phrase: Phrase, sent: Span) -> tuple[str | None, str | None]:
    """The dates a title is held, written right after it: "from 1962 to 1970", "since July 2007", "in 1976"
    (an appointment's year); each resolved at the precision the text gives."""
    doc = ctx.doc
    if phrase.end >= sent.end:
        return None, None
    found = _TERM.match(sent.text[doc[phrase.end].idx - sent.start_char :])
    if found is None:
        return None, None
    published = ctx.article.date_published

    def iso(expression: str | None) -> str | None:
        return resolve_date(expression, published) if expression and expression[-1].isdigit() else None

    return iso(found["start"] or found["since"] or found["year"]), iso(found["end"])


def _words(title: str) -> set[str]:
    return {w for w in re.findall(r"\w+", title.lower()) if w not in ("of", "the", "and")}


def _subsumed(role: Role, other: Role) -> bool:
    """``role`` says less than ``other`` about the same title: "Secretary" beside "Secretary of State"."""
    if role is other or role.person is not other.person:
        return False
    if role.organisation is not None and role.organisation is not other.organisation:
        return False
    mine, theirs = _words(role.title), _words(other.title)
    if not mine <= theirs or (mine == theirs and role.organisation is other.organisation):
        return False
    return not (theirs - mine) & RANK_MODIFIERS


def dedupe(roles: list[Role]) -> list[Role]:
    """One role per person, title and organisation; drop roles another role states more fully."""
    best: dict[tuple[int, str, int], Role] = {}
    for role in roles:
        key = (id(role.person), role.title.lower(), id(role.organisation))
        kept = best.get(key)
        if kept is None or role.confidence > kept.confidence:
            if kept is not None and role.effective is None:
                role.effective = kept.effective
            best[key] = role
        elif kept.effective is None:
            kept.effective = role.effective
        kept = best[key]
        kept.ended = kept.ended or role.ended
        kept.former = kept.former or role.former
    unique = list(best.values())
    return sorted((r for r in unique if not any(_subsumed(r, o) for o in unique)), key=lambda r: (r.start, r.end))


def find_roles(
    doc: Doc, entities: list[Entity], article: SourceArticle, discourse: Discourse | None = None
) -> list[Role]:
    """Every role the grammar of titles ties to a person in the article."""
    ctx = build_context(doc, discourse or Discourse(doc, entities, article), article)
    roles: list[Role] = []
    for sent in doc.sents:
        readings: list[Reading] = []
        for person in (p for p in ctx.people if sent.start <= p.start < sent.end):
            for rule in (appositive, reverse_appositive, premodifier):
                readings.extend(rule(ctx, person, sent))
        for sentence_rule in (predicate, appointment, as_title, office_verb):
            readings.extend(sentence_rule(ctx, sent))
        for reading in readings:
            roles.extend(to_roles(ctx, reading, sent))
    return dedupe(roles)
