"""Title phrases: a noun group headed by a role noun, with the organisations it names before and after."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ...model import Entity
from ..lexicon import (
    BODY_MEMBERS,
    COMPLEMENT_PREPS,
    DEICTIC,
    DETERMINERS,
    EVALUATIVE,
    GENERIC_ORG_NOUNS,
    INDEFINITE_DETERMINERS,
    OCCUPATIONS,
    PERSONAL_OWNERS,
    POSTPOSITIVE,
    PRE_OWNER_MODIFIERS,
    REFERRING_OWNERS,
    ROLE_HEADS,
    TITLE_MODIFIERS,
    TITLE_WORDS,
)
from ..parse import word_of
from .context import (
    Context,
    is_head,
    is_hyphen,
    is_occupation,
    is_plural_head,
    is_role_head,
    kind_at,
    org_by_word,
    possessive_at,
    resolve_body,
    resolve_generic,
    singular_text,
)

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


def _initial(token: Token) -> bool:
    """An initial, not the article "a": "the A. Philip Randolph Institute"."""
    return token.text.endswith(".") and token.text[:1].isupper()


def _group_end(ctx: Context, i: int, stop: int, plurals: bool = False) -> int:
    """Where a noun group starting at i ends: adjectives, nouns, names and hyphens, up to a person. A plural
    ends a title's group ("DWU co-chairs"); a complement's may have several ("of public affairs")."""
    doc = ctx.doc
    j = i
    while j < stop:
        token = doc[j]
        if kind_at(ctx, j) == "person" or word_of(token) == "effective" or possessive_at(doc, j):
            break
        if token.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
            break
        plain = kind_at(ctx, j) is None and org_by_word(ctx, j) is None and not is_hyphen(doc, j)
        compound = j + 1 < stop and token.dep_ == "compound" and is_role_head(doc, j + 1)
        if token.tag_ in ("NNS", "NNPS") and plain and not plurals and not compound:
            # a plural noun ends its group: "DWU co-chairs", not "the common goals President Okafor";
            # one that modifies a title does not: "foreign affairs secretary"
            return j + 1 if is_plural_head(doc, j) else j
        if not (
            token.pos_ in ("ADJ", "NOUN", "PROPN")
            or (token.tag_ in ("VBN", "VBG") and token.dep_ == "amod")  # "trusted aide", "retired judge"
            or word_of(token) in TITLE_MODIFIERS
            or is_hyphen(doc, j)
            or is_role_head(doc, j)
            or kind_at(ctx, j) in ("organisation", "place")
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
    if i < stop and word_of(doc[i]) in REFERRING_OWNERS:
        return _org_before(ctx, i), i + 1, False
    named = ctx.starting.get(i)
    if named and named.end < stop and possessive_at(doc, named.end):
        if named.entity.kind == "organisation":
            return named.entity, named.end + 1, False
        return None, named.end + 1, True
    if i + 1 < stop and word_of(doc[i]) in GENERIC_ORG_NOUNS and possessive_at(doc, i + 1):
        return resolve_generic(ctx, doc[i]), i + 2, False
    return None, i, False


def parse_complement(
    ctx: Context, i: int, stop: int, owner: Entity | None = None, of_body: bool = False, prep: str = ""
) -> Complement | None:
    """The object of "of/at/for/with/to" after a title: an organisation ("of the DWU"), a body of one
    ("of the party's central committee"), or words of the title itself ("of State"). A member is always
    a member of a body (``of_body``): "a member of the union's executive"."""
    doc = ctx.doc
    prep = prep or word_of(doc[i - 1])
    j = i
    while j < stop and word_of(doc[j]) in DETERMINERS - PERSONAL_OWNERS - REFERRING_OWNERS and not _initial(doc[j]):
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
        bracket = named.end < stop and doc[named.end].text == "("
        end = _skip_parenthesis(doc, named.end) if bracket else named.end  # "of the Republic (PRC) and ..."
        return Complement(end, [(None, f"{prep} {doc[i : named.end].text}")])
    if named:
        return None
    end = _group_end(ctx, j, stop, plurals=True)
    if end == j or (is_role_head(doc, end - 1) and not of_body):
        return Complement(j, [(owner, "")], owner) if possessor else None
    body = doc[j:end].text
    if owner is not None or word_of(doc[end - 1]) in GENERIC_ORG_NOUNS:
        found = resolve_body(ctx, body, owner) or (
            resolve_generic(ctx, doc[end - 1]) if end - j == 1 and owner is None else None
        )
        if found is not None:
            return Complement(end, [(found, "")], owner)
        if owner is not None and prep == "of":
            return Complement(end, [(owner, f"{prep} the {body}")], owner)
    if prep != "of" or not any(t.pos_ in ("NOUN", "PROPN") for t in doc[j:end]):
        return None
    proper = any(t.text[:1].isupper() for t in doc[j:end]) and word_of(doc[end - 1]) not in GENERIC_ORG_NOUNS
    # "a board member of an organization named …": some other body, not one to guess
    indefinite = word_of(doc[i]) in INDEFINITE_DETERMINERS
    return Complement(end, [(None, f"{prep} {doc[i:end].text}")], open_org=not proper and not indefinite)


def _coordinated_bodies(ctx: Context, comp: Complement, stop: int, prep: str) -> Complement:
    """ "of the party's central committee and its youth commission": one part per body."""
    doc = ctx.doc
    while comp.end + 1 < stop and word_of(doc[comp.end]) in ("and", "&") and any(o for o, _ in comp.parts):
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
    while j < stop and word_of(doc[j]) in (DETERMINERS | DEICTIC) - REFERRING_OWNERS and not _initial(doc[j]):
        qualified |= word_of(doc[j]) in PERSONAL_OWNERS
        j += 1
    lead = j
    while lead < stop and word_of(doc[lead]) in PRE_OWNER_MODIFIERS:
        lead += 1
    possessor, after, personal = _owner(ctx, lead, stop)
    prefix: list[Token] = []
    if lead > j and (possessor is not None or personal):
        prefix = list(doc[j:lead])  # "the former DWU's president": "former" modifies the title
    else:
        possessor, after, personal = _owner(ctx, j, stop)
    j = after
    qualified |= personal
    end = _group_end(ctx, j, stop)
    while end > j and not is_head(doc, end - 1):
        if doc[end - 1].pos_ not in ("ADJ", "ADV", "NOUN", "PROPN"):
            return None
        if word_of(doc[end - 1]) in POSTPOSITIVE and end - 2 >= j and is_head(doc, end - 2):
            break  # part of the title: "chair emeritus", "president-elect"
        if doc[end - 1].pos_ in ("NOUN", "PROPN"):
            return None
        end -= 1  # a postpositive adjective is not part of the title
    if end == j:
        return None
    head = end - 1 if is_head(doc, end - 1) else end - 2
    orgs = [possessor] if possessor else []
    kept: list[Token] = list(prefix)
    k = j
    while k < end:
        named = ctx.covering[k]
        if named and named.entity.kind == "organisation":
            orgs.append(named.entity)
            k = max(named.end, k + 1)
            continue
        if (by_word := org_by_word(ctx, k)) is not None:
            orgs.append(by_word)
            k += 1
            continue
        if named and named.entity.kind == "place":
            qualified = True
        elif k < end - 1 and word_of(doc[k]) in GENERIC_ORG_NOUNS and (found := resolve_generic(ctx, doc[k])):
            orgs.append(found)
            k += 1
            continue
        elif doc[k].pos_ == "ADJ" and doc[k].text[:1].isupper() and word_of(doc[k]) not in TITLE_WORDS:
            qualified = True  # a nationality: "Chinese President"
        if not (not kept and word_of(doc[k]) in DEICTIC):
            kept.append(doc[k])
        k += 1
    if not kept or any(word_of(t) in EVALUATIVE or t.tag_ in ("JJS", "RBS") for t in kept):
        return None
    words = {word_of(t) for t in kept if not is_hyphen(doc, t.i)}
    label = "".join(t.text_with_ws for t in kept).strip()
    plural = is_plural_head(doc, head) and head == end - 1
    if plural:
        label = label[: -len(doc[head].text)] + (singular_text(doc[head].text) or "")
        words = {singular_text(w) or w for w in words}
    phrase = Phrase(label, i, end, orgs, qualified=qualified, plural=plural)
    phrase.occupation = is_occupation(doc[head]) or (plural and singular_text(word_of(doc[head])) in OCCUPATIONS)
    phrase.bare = not orgs and words <= TITLE_WORDS | ROLE_HEADS | TITLE_MODIFIERS
    _add_complements(ctx, phrase, stop)
    return phrase


def _add_complements(ctx: Context, phrase: Phrase, stop: int) -> None:
    """Complements after the head, chained until one names an organisation: "professor of history at X"."""
    doc = ctx.doc
    head = doc[phrase.end - 1]
    while phrase.end + 1 < stop and word_of(doc[phrase.end]) in COMPLEMENT_PREPS and not phrase.org_after:
        prep = word_of(doc[phrase.end])
        comp = parse_complement(ctx, phrase.end + 1, stop, of_body=word_of(head) in BODY_MEMBERS)
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
    while (
        i < stop
        and doc[i].ent_type_ == "DATE"
        or (i < stop and doc[i].lower_ in ("in", "since") and i + 1 < stop and doc[i + 1].ent_type_ == "DATE")
    ):
        i += 1
    if i < stop and doc[i].text == ",":
        i += 1
        if i < stop and word_of(doc[i]) in ("and", "&"):
            i += 1
        return i if i < stop and parse_phrase(ctx, i, stop) is not None else None
    if i + 1 < stop and word_of(doc[i]) in ("and", "&"):
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
