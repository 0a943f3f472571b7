"""Identity inside one article: the forms of a name resolve to one entity.

- people: surnames, first names and familiar forms ("Dave" for David), titled forms ("Comrade Lee",
  "Mr. Okafor") and full names resolve to the longest full name;
- a name the model labelled both person and organisation takes the label most mentions agree on, and
  a lone word that is a known person's surname or first name is that person ("Okafor");
- organisations: names equal as sets of words, with defined acronyms expanded and country spellings
  unified, are one organisation ("U.S. Labor Party" = "Labor Party USA" = "LPUSA");
- "X of the Y" names a sub-body X of Y: Y becomes an organisation too, its parent;
- a capitalised generic noun ("the Board", "the Company") is the organisation it heads, or the
  article's most mentioned organisation.
Pure Python: no spaCy here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..model import Author, Entity, EntityKind, Mention
from .gazetteer import Place, look_up
from .lexicon import (
    CORPORATE_SUFFIXES,
    COUNTRY_PHRASES,
    COUNTRY_VARIANTS,
    GENERIC_ORG_NOUNS,
    HYPOCORISMS,
    MINISTRY_NOUNS,
    NAME_STOPWORDS,
    ORG_NAME_TAILS,
    SHORTENED_HEADS,
    SUBBODY_NOUNS,
)

_SUBBODY = " of the "


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[\w][\w.\-']*", text.lower()) if w]


def _clean_display(text: str) -> str:
    text = re.sub(r"^(the|The|THE)\s+", "", text.strip())
    return re.sub(r"['\u2019]s?$", "", text).strip()


def org_key(name: str, acronyms: dict[str, str]) -> frozenset[str]:
    """The words of an organisation's name, as a set: acronyms expanded, countries unified."""
    text = name.lower()
    upper = {a.lower(): e for a, e in acronyms.items()}
    bare = _clean_display(text).rstrip(".")
    whole = upper.get(bare)
    if whole and whole.lower() != bare:
        return org_key(whole, {})  # the name is a defined acronym: "LS&W", which the words below split
    for phrase, country in COUNTRY_PHRASES.items():
        text = text.replace(phrase, country)
    words: list[str] = []
    for raw in re.findall(r"[\w][\w.\-]*", text):
        word = raw.rstrip(".")
        if word in upper and upper[word].lower() != word:
            words.extend(org_key(upper[word], {}))
            continue
        word = COUNTRY_VARIANTS.get(raw, COUNTRY_VARIANTS.get(word, word))
        if word not in NAME_STOPWORDS:
            words.append(word)
    if any(w in MINISTRY_NOUNS for w in words):
        words = [w for w in words if w != "affairs"]  # "Home Affairs Ministry" is the "Home Ministry"
    core = [w for w in words if w not in CORPORATE_SUFFIXES]
    while len(core) > 1 and core[-1] in ORG_NAME_TAILS and not any(w in GENERIC_ORG_NOUNS for w in core[:-1]):
        core.pop()  # "Acme International" is "Acme"; "International Department" keeps its words
    return frozenset(core or words)


def _place_key(name: str) -> str:
    text = " ".join(_words(name))
    text = COUNTRY_PHRASES.get(text, text)
    return COUNTRY_VARIANTS.get(text, COUNTRY_VARIANTS.get(text.rstrip("."), text))


def _best_name(forms: Iterable[str], preferred: Iterable[str] = ()) -> str:
    """The most complete form: a defined acronym's expansion, else the longest in words that is not
    all capitals nor a generic noun ("Company"), earliest on a tie."""
    ordered = list(dict.fromkeys(forms))
    for name in preferred:
        if name in ordered:
            return name
    return max(
        ordered,
        key=lambda f: (
            f.lower() not in GENERIC_ORG_NOUNS,
            not f.isupper(),
            len(f.split()),
            len(f),
            -ordered.index(f),
        ),
    )


def _entity(
    kind: EntityKind, mentions: list[Mention], extra_forms: Iterable[str] = (), preferred: Iterable[str] = ()
) -> Entity:
    forms = [_clean_display(m.text) for m in mentions] + [_clean_display(f) for f in extra_forms]
    name = _best_name(forms, preferred)
    aliases = {f for f in forms if f and f != name}
    aliases |= {m.form for m in mentions if m.form and m.form != name}
    return Entity(kind, name, aliases, sorted(mentions, key=lambda m: m.start))


# -- kinds ---------------------------------------------------------------------------------------
def settle_kinds(mentions: list[Mention]) -> list[Mention]:
    """Give each name the kind its mentions agree on; a known person's lone surname is that person."""
    person_words, surnames = set(), set()
    for m in mentions:
        if m.kind == "person" and len(m.text.split()) > 1:
            parts = m.text.lower().split()
            person_words |= {parts[0], parts[-1]}
            surnames.add(parts[-1])
    titled = {m.text.lower() for m in mentions if m.kind == "person" and m.form}  # "Secretary Lind"
    org_openers = {
        m.text.split()[0].lower() for m in mentions if m.kind == "organisation" and " " in m.text
    } - person_words
    lone = {m.text.lower() for m in mentions if m.kind == "person" and " " not in m.text} - org_openers
    votes: dict[str, Counter[EntityKind]] = {}
    for m in mentions:
        votes.setdefault(m.text.lower(), Counter())[m.kind] += 1
    settled = []
    for m in mentions:
        kind = m.kind
        lowered = m.text.lower()
        tally = votes[lowered]
        if kind in ("person", "organisation") and (
            m.text.lower() in titled or (" " not in m.text and m.text.lower() in person_words)
        ):
            kind = "person"
        elif kind == "place" and " " not in m.text and m.text.lower() in surnames:
            kind = "person"  # "Ruiz, told ...": a named person's surname the model took for a place
        elif kind == "organisation" and tally["place"] and " " not in m.text and lowered not in GENERIC_ORG_NOUNS:
            kind = "place"  # "Samarkand [Ruritania]" once a place: a country is a place, however used
        elif kind == "organisation" and _named_by_surname(m.text, lone):
            kind = "person"  # "Binyam Mohamed" when the article calls him "Mohamed"
        elif kind in ("person", "organisation") and " " not in m.text and m.text.lower() in org_openers:
            kind = "organisation"  # "Amnesty said": the short form of "Amnesty International"
        elif kind in ("person", "organisation") and tally["person"] and tally["person"] >= tally["organisation"]:
            kind = "person"
        elif kind == "person" and tally["organisation"] > tally["person"]:
            kind = "organisation"
        settled.append(m if kind == m.kind else Mention(m.start, m.end, m.text, kind, m.form))
    return settled


def _named_by_surname(name: str, lone: set[str]) -> bool:
    """A two- or three-word name with no organisation word whose last word stands alone for a
    person elsewhere in the article: news style refers back to a person by the surname."""
    words = name.split()
    return (
        1 < len(words) <= 3
        and words[-1].lower() in lone
        and all(w[:1].isupper() and w.lower() not in GENERIC_ORG_NOUNS for w in words)
    )


# -- people --------------------------------------------------------------------------------------
def _given(word: str) -> str:
    return HYPOCORISMS.get(word, word)


def resolve_people(mentions: list[Mention], authors: Iterable[Author] = ()) -> list[Entity]:
    full: dict[str, list[Mention]] = {}
    short: list[Mention] = []
    for m in sorted(mentions, key=lambda m: -len(m.text.split())):
        words = m.text.lower().split()
        if len(words) < 2:
            short.append(m)
            continue
        home = next((k for k in full if _same_person(words, k.split())), None)
        full.setdefault(home or " ".join(words), []).append(m)
    singles: dict[str, list[Mention]] = {}
    for m in short:
        owners = _owners(m.text.lower(), full)
        if len(owners) > 1 and all(_given(m.text.lower()) == _given(k.split()[0]) for k in owners):
            continue  # a first name two people share ("Paul" with Paul Lee and Paul Roe): it names neither
        if owners:
            full[_nearest_before(m, owners, full)].append(m)
        else:
            singles.setdefault(m.text.lower(), []).append(m)
    people = [_entity("person", ms) for ms in [*full.values(), *singles.values()]]
    for author in authors:
        if author.kind == "person" and not any(author.name.lower() == p.name.lower() for p in people):
            people.append(Entity("person", author.name))
    return people


def _owners(word: str, full: dict[str, list[Mention]]) -> list[str]:
    """The full names a one-word form can stand for: by first or last name (or a familiar form of the
    first), else by a middle name ("Fauzi" for "Ahmad Fauzi Ismail", as Malay names are shortened)."""
    ends = [k for k in full if word in (k.split()[0], k.split()[-1]) or _given(word) == k.split()[0]]
    return ends or [k for k in full if word in k.split()[1:-1] and len(word) > 2]


def _nearest_before(m: Mention, owners: list[str], full: dict[str, list[Mention]]) -> str:
    """Of several people a short form could mean, the one named last before it (news style names a
    person in full, then refers back by one name); the first one named after it when none precedes."""
    if len(owners) == 1:
        return owners[0]

    def last_before(k: str) -> int:
        return max((x.start for x in full[k] if x.start < m.start), default=-1)

    before = max(owners, key=last_before)
    if last_before(before) >= 0:
        return before
    return min(owners, key=lambda k: min(x.start for x in full[k]))


def _same_person(a: list[str], b: list[str]) -> bool:
    """'Helen Park' and 'Helen K. Park': same first and last word."""
    return a[0] == b[0] and a[-1] == b[-1]


# -- organisations -------------------------------------------------------------------------------
def _inner_parents(mentions: list[Mention]) -> list[Mention]:
    """A mention for each parent body named inside a sub-body's name ("X of the Y" names Y)."""
    out = []
    for m in mentions:
        at = m.text.find(_SUBBODY)
        while at != -1:
            begin = at + len(_SUBBODY)
            out.append(Mention(m.start + begin, m.end, m.text[begin:], "organisation"))
            at = m.text.find(_SUBBODY, begin)
    return out


def _parent_name(name: str) -> str | None:
    """The body a sub-body belongs to: "Y" in "X of the Y", in "Y's X" and in "Y (ACR) X"."""
    at = name.find(_SUBBODY)
    if at != -1:
        return name[at + len(_SUBBODY) :]
    owner = re.match(r"^(.+?)(?:['\u2019]s|\s*\([^()]*\))\s", name)
    return owner.group(1) if owner else None


def resolve_organisations(
    mentions: list[Mention], acronyms: dict[str, str], authors: Iterable[Author] = ()
) -> list[Entity]:
    groups: dict[frozenset[str], list[Mention]] = {}
    generic: list[Mention] = []
    named = {org_key(_clean_display(m.text), acronyms) for m in mentions}
    for m in mentions:
        display = _clean_display(m.text)
        if display.lower() in GENERIC_ORG_NOUNS and not m.form:  # "the EU's Commission" is a body
            generic.append(m)
            continue
        # a sub-body named after an organisation's possessive is keyed by its whole form: "the
        # Party's central committee" is the "Central Committee of the Party"; after a place's or an
        # office's possessive the form is only a fuller name ("Ruritania's Foreign Ministry")
        owner = _parent_name(m.form) if m.form else None
        owned = owner is not None and org_key(_clean_display(owner), acronyms) in named
        key_form = m.form if m.form and (owned or not owner) else display
        groups.setdefault(org_key(key_form, acronyms), []).append(m)
    # A parent named only inside a sub-body's name is an organisation of the story when the article
    # names it on its own, or when it links the sub-body to a body the article names ("Commission of
    # the Central Committee of the Party" + "the Party"): innermost first, so a chain is kept whole.
    for m in sorted(_inner_parents(mentions), key=lambda m: len(m.text)):
        key = org_key(_clean_display(m.text), acronyms)
        parent = _parent_name(m.text)
        if key in groups or (parent and org_key(_clean_display(parent), acronyms) in groups):
            groups.setdefault(key, []).append(m)
    _merge_heads(groups)
    _merge_short_forms(groups)
    for m in generic:  # a generic noun refers back to a named organisation, and names none itself
        target = _generic_target(_clean_display(m.text).lower(), groups)
        if target:
            groups[target].append(m)
    extra: dict[frozenset[str], list[str]] = {
        k: [acronyms[m.text]] for k, ms in groups.items() for m in ms if m.text in acronyms
    }
    author_forms = [a.name for a in authors if a.kind == "organisation"]
    for name in author_forms:
        extra.setdefault(org_key(name, acronyms), []).append(name)
    expansions = list(acronyms.values())
    orgs = {k: _entity("organisation", groups.get(k, []), extra.get(k, []), expansions) for k in {*groups, *extra}}
    for org in orgs.values():
        for form in sorted(org.labels, key=len, reverse=True):
            parent = _parent_name(form)
            if parent and (found := orgs.get(org_key(_clean_display(parent), acronyms))) not in (None, org):
                org.parent = found
                break
        if org.parent is None:
            org.parent = _prefix_parent(org, orgs, acronyms)
    return sorted(orgs.values(), key=lambda e: (e.mentions[0].start if e.mentions else -1, e.name))


def _merge_heads(groups: dict[frozenset[str], list[Mention]]) -> None:
    """A name that is another's head before "of" is that organisation when only one has that head:
    "the Northern Federation" is "the Northern Federation of Millers"."""
    heads: dict[str, list[frozenset[str]]] = {}
    for key, ms in groups.items():
        for m in ms:
            head, of, _ = _clean_display(m.text).partition(" of ")
            if of and len(head.split()) > 1:
                heads.setdefault(head.lower(), [])
                if key not in heads[head.lower()]:
                    heads[head.lower()].append(key)
    for key in list(groups):
        names = {_clean_display(m.text).lower() for m in groups[key]}
        owners = {k for n in names for k in heads.get(n, []) if k != key}
        if len(owners) == 1 and all(" of " not in n for n in names):
            groups[owners.pop()].extend(groups.pop(key))


def _merge_short_forms(groups: dict[frozenset[str], list[Mention]]) -> None:
    """A party or union named without its head noun is that party or union when only one matches:
    "Labour" is "the Labour Party", "the Teamsters" "the Teamsters Union"."""
    for key in list(groups):
        if len(key) > 3 or key & GENERIC_ORG_NOUNS:
            continue
        owners = [k for k in groups if k != key and k & SHORTENED_HEADS and k - SHORTENED_HEADS == key]
        if len(owners) == 1:
            groups[owners[0]].extend(groups.pop(key))


def _prefix_parent(org: Entity, orgs: dict[frozenset[str], Entity], acronyms: dict[str, str]) -> Entity | None:
    """A body named by its organisation's name or acronym and a sub-body noun: "the NWP Central
    Committee", "the Union Executive Board" belong to "the NWP", "the Union"."""
    best: tuple[int, Entity] | None = None
    forms = [f.split() for f in org.labels if f.split() and f.split()[-1].lower() in SUBBODY_NOUNS]
    if not forms:
        return None
    expanded = {a: org_key(e, {}) for a, e in acronyms.items()}
    for words in forms:
        for key, other in orgs.items():
            if other is org:
                continue
            short = {a for a, k in expanded.items() if k == key}
            for label in other.labels | short:
                n = len(label.split())
                if n < len(words) and words[:n] == label.split() and (best is None or n > best[0]):
                    best = (n, other)
    return best[1] if best else None


def _generic_target(noun: str, groups: dict[frozenset[str], list[Mention]]) -> frozenset[str] | None:
    """The organisation a generic noun refers to: the one it heads, else the most mentioned one."""
    if not groups:
        return None
    heads = [k for k in groups if noun in k and len(k) > 1]
    pool = heads or list(groups)
    return max(pool, key=lambda k: (len(groups[k]), -groups[k][0].start))


# -- places --------------------------------------------------------------------------------------
def resolve_places(mentions: list[Mention]) -> list[Entity]:
    """One entity per place: the names a gazetteer knows grouped by its place ("U.S." with "United States"),
    named as it names them and linked to GeoNames; the others by their folded name."""
    groups: dict[str, list[Mention]] = {}
    known: dict[str, Place] = {}
    for m in mentions:
        place = look_up(_clean_display(m.text))
        key = f"geonames:{place.geonames}" if place else _place_key(m.text)
        if place:
            known[key] = place
        groups.setdefault(key, []).append(m)
    entities = []
    for key, ms in groups.items():
        entity = _entity("place", ms)
        if (place := known.get(key)) is not None:
            entity.aliases = (entity.aliases | {entity.name}) - {place.name}
            entity.name, entity.geonames = place.name, place.geonames
        entities.append(entity)
    return entities


# -- names the model missed ----------------------------------------------------------------------
def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t\"'\u201c\u2018(")
    return not before or before[-1] in ".!?\n:"


def propagate(text: str, entities: list[Entity]) -> None:
    """Add a mention wherever a resolved person's or organisation's name occurs untagged.

    The model tags a name in one sentence and misses it in the next; once the article has named an
    entity, a later occurrence of the same capitalised form is a mention of it. A one-word form
    counts only when it belongs to one entity and does not open a sentence ("Young people ...").
    """
    taken = [(m.start, m.end) for e in entities for m in e.mentions]
    owners: dict[str, list[Entity]] = {}
    for e in entities:
        if e.kind == "place":
            continue
        forms = set(e.labels)
        if e.kind == "person" and len(e.name.split()) > 1:
            forms.add(e.name.split()[-1])  # the surname, as news writing refers back to a person
        for label in forms:
            if label[:1].isupper() and label.lower() not in GENERIC_ORG_NOUNS:
                owners.setdefault(label, []).append(e)
    for label, es in sorted(owners.items(), key=lambda kv: -len(kv[0])):
        if len(es) != 1:
            continue
        single = " " not in label
        for found in re.finditer(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text):
            start, end = found.span()
            if any(s < end and start < e for s, e in taken) or (single and _sentence_start(text, start)):
                continue
            es[0].mentions.append(Mention(start, end, label, es[0].kind))
            taken.append((start, end))
    for e in entities:
        e.mentions.sort(key=lambda m: m.start)


def resolve(mentions: list[Mention], acronyms: dict[str, str], authors: Iterable[Author] = ()) -> list[Entity]:
    """All entities of one article, people first, then organisations, then places."""
    authors = list(authors)
    settled = settle_kinds(mentions)
    by_kind: dict[str, list[Mention]] = {"person": [], "organisation": [], "place": []}
    for m in settled:
        by_kind[m.kind].append(m)
    return [
        *resolve_people(by_kind["person"], authors),
        *resolve_organisations(by_kind["organisation"], acronyms, authors),
        *resolve_places(by_kind["place"]),
    ]
