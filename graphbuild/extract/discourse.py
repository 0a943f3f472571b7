"""One article's discourse: what each word refers to, decided once for every extractor.

A ``Discourse`` is built once per article from the parse and the resolved entities. It answers
``refers(token)``: the entity a word names or points back to. The extractors (roles, statements,
events) read it and never resolve anything themselves, so a pronoun has one fate in an article.

What refers, and how (each a rule of English reference, none tied to an article):
- a **name**: the entity whose mention covers the word;
- a **personal pronoun** ("he", "she", "him", "his", "her", "himself"): the most recent person that
  was the subject of a clause outside quotes, when that person's gender does not conflict. Gender
  comes from honorifics ("Mr.", "Ms.", "Sir") and from the pronouns already resolved to the person;
- **"it", "its", "they", "their", "them"**: the most recent subject that is an organisation;
- a **title phrase** ("the minister", "the general secretary"): the one person the article gives
  that title, in a role or next to a name ("Minister Qin", "Qin, the minister"); "the union leader",
  "the party chief": the one person holding a top office of the organisation the noun refers to;
- a **generic noun** ("the union", "the company", "the Board"): the organisation named before whose
  name holds the noun (a company's legal form for "the company"); an indefinite one ("an
  organisation") introduces something new and refers to nothing;
- a **surname or first name** the model left unlabelled: the one person of the article with it.

One policy throughout: when two readings compete, say nothing. A pronoun after a subject of unknown
gender, with another person of compatible gender named in between, refers to no one (unless exactly
one of them is known to agree: "Ms. Lee met Maria Okafor ... she" is Lee); a name that
cannot be resolved stands in the way, so a pronoun after it is not pushed back to someone earlier;
a title two people hold refers to neither. A fact with no speaker or holder is left out rather than
given to the wrong person.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from spacy.tokens import Doc, Token

from ..model import Entity, SourceArticle
from .lexicon import (
    COMPANY_WORDS,
    FEMININE_HONORIFICS,
    GENERIC_ORG_NOUNS,
    GROUP_PRONOUNS,
    INDEFINITE_DETERMINERS,
    LEADER_NOUNS,
    MASCULINE_HONORIFICS,
    PERSON_TITLE_NOUNS,
    PERSONAL_PRONOUNS,
    RANK_MODIFIERS,
    TOP_OFFICE_PAIRS,
    TOP_OFFICES,
    WHOLE_ORG_NOUNS,
)
from .parse import word_of
from .quotes import Quote, find_quotes

if TYPE_CHECKING:
    from ..model import Role

How = Literal["named", "pronoun", "title", "generic"]
Gender = Literal["m", "f"]
ReferentKind = Literal["person", "group", "thing"]

_KIND: dict[str, ReferentKind] = {"person": "person", "organisation": "group", "place": "thing"}
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_FINITE_VERBS = frozenset({"VBD", "VBZ", "VBP"})


@dataclass(frozen=True)
class Named:
    """A mention in tokens: doc[start:end] names ``entity``."""

    entity: Entity
    start: int
    end: int


@dataclass(frozen=True)
class Referent:
    """A subject outside quotes, in text order: what a later pronoun may point back to."""

    token: int
    entity: Entity | None  # None: a subject that is not (or not resolvably) an entity
    kind: ReferentKind


class Discourse:
    """What every word of one article refers to: ``Discourse(doc, entities, article)``, once per article."""

    def __init__(self, doc: Doc, entities: list[Entity], article: SourceArticle | None = None) -> None:
        self.doc = doc
        self.entities = entities
        self.article = article
        self.text = doc.text  # spaCy joins it anew on every read: once here
        self.quotes: list[Quote] = find_quotes(self.text)
        self.starting: dict[int, Named] = {}  # the longest mention starting at a token
        self.covering: list[Named | None] = []  # the longest mention covering a token
        self.referents: list[Referent] = []  # subjects outside quotes, in text order
        self.gender: dict[int, Gender] = {}  # id(entity) -> gender
        self.titles: dict[str, list[tuple[frozenset[str], Entity]]] = {}  # title word -> (title words, holder)
        self.leaders: dict[int, list[Entity]] = {}  # id(organisation) -> holders of its top offices
        self._pronouns: dict[int, Entity | None] = {}
        self._main: tuple[Entity | None] | None = None
        self._char_mentions: list[tuple[int, int, Entity]] = []
        self._char_starts: list[int] = []
        self._quote_spans = sorted((q.start, q.end) for q in self.quotes)
        self._map_mentions()
        self._learn_honorifics()
        self._read_subjects()

    # -- names ---------------------------------------------------------------------------------
    def _map_mentions(self) -> None:
        doc = self.doc
        pairs = sorted(((m.start, m.end, e) for e in self.entities for m in e.mentions), key=lambda p: p[:2])
        self._char_mentions = pairs
        self._char_starts = [p[0] for p in pairs]
        self.covering = [None] * len(doc)
        for start, end, entity in pairs:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            named = Named(entity, span.start, span.end)
            if span.start not in self.starting or self.starting[span.start].end < named.end:
                self.starting[span.start] = named
            for i in range(span.start, span.end):
                old = self.covering[i]
                if old is None or old.end - old.start < named.end - named.start:
                    self.covering[i] = named

    def named_at(self, i: int) -> Named | None:
        """The longest mention covering token ``i``."""
        return self.covering[i] if 0 <= i < len(self.covering) else None

    def mention_at(self, char: int) -> tuple[int, int, Entity] | None:
        """The mention covering a character, as (start, end, entity)."""
        i = bisect_right(self._char_starts, char) - 1
        while i >= 0 and self._char_mentions[i][0] > char - 200:
            start, end, entity = self._char_mentions[i]
            if start <= char < end:
                return self._char_mentions[i]
            i -= 1
        return None

    def mentions_between(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        first, last = bisect_left(self._char_starts, start), bisect_left(self._char_starts, end)
        return self._char_mentions[first:last]

    def in_quote(self, char: int) -> bool:
        """Whether a character lies inside the words of a quote."""
        i = bisect_right(self._quote_spans, (char, float("inf"))) - 1  # doc.text rebuilds the text: not here
        return i >= 0 and self._quote_spans[i][0] <= char < self._quote_spans[i][1]

    @property
    def people(self) -> list[Entity]:
        return [e for e in self.entities if e.kind == "person"]

    @property
    def organisations(self) -> list[Entity]:
        return [e for e in self.entities if e.kind == "organisation" and e.mentions]

    # -- the one question ------------------------------------------------------------------------
    def refers(self, token: Token) -> Entity | None:
        """The entity a word names or points back to; None when the text does not say, or says two things."""
        return self.resolve(token)[0]

    def resolve(self, token: Token) -> tuple[Entity | None, How]:
        """``refers`` with how the word refers: by name, pronoun, title or generic noun."""
        if token.i in self._pronouns:
            return self._pronouns[token.i], "pronoun"
        word = word_of(token)
        if word in PERSONAL_PRONOUNS or word in GROUP_PRONOUNS:
            return self._pronoun(token), "pronoun"
        found = self.named(token)
        if found is not None:
            return found, "named"
        if word in PERSON_TITLE_NOUNS:
            return self.title_holder(token), "title"
        if word in GENERIC_ORG_NOUNS:
            return self.generic_org(token), "generic"
        return None, "named"

    # -- gender and subjects -----------------------------------------------------------------------
    def _learn_honorifics(self) -> None:
        """Mr. makes a man, Mrs./Ms. a woman: from the titled form of each mention."""
        for entity in self.people:
            for m in entity.mentions:
                first = (m.form or "").split(" ")[0].lower().rstrip(".")
                if first in FEMININE_HONORIFICS:
                    self.gender[id(entity)] = "f"
                elif first in MASCULINE_HONORIFICS:
                    self.gender[id(entity)] = "m"

    def _read_subjects(self) -> None:
        """Walk the article in order: each subject outside quotes becomes a referent, and each pronoun is
        resolved against the referents before it, as a reader meets them."""
        for token in self.doc:
            word = token.lower_
            if word in PERSONAL_PRONOUNS or word in GROUP_PRONOUNS:
                self._pronoun(token)
            if token.dep_ in _SUBJECTS and not self.in_quote(token.idx):
                self.referents.append(self._referent(token))
            elif token.tag_ in _FINITE_VERBS and not self.in_quote(token.idx):
                subject = self.orphan_subject(token)
                if subject is not None:
                    self.referents.append(self._referent(subject))

    def _referent(self, token: Token) -> Referent:
        """What a subject refers to: a resolved pronoun, a named entity, a titled person, a generic
        organisation, or an unresolved person, group or thing that still blocks later pronouns."""
        word = token.lower_
        if word in PERSONAL_PRONOUNS:
            return Referent(token.i, self._pronouns.get(token.i), "person")
        if word in GROUP_PRONOUNS:
            entity = self._pronouns.get(token.i)
            return Referent(token.i, entity, "group" if entity or word == "they" else "thing")
        found = self.named(token)
        if found is not None:
            return Referent(token.i, found, _KIND[found.kind])
        if token.ent_type_ == "PERSON" or word_of(token) in PERSON_TITLE_NOUNS or _looks_like_name(token):
            return Referent(token.i, self.title_holder(token), "person")
        if token.tag_ in ("NNS", "NNPS") or word_of(token) in GENERIC_ORG_NOUNS:
            return Referent(token.i, self.generic_org(token), "group")
        return Referent(token.i, None, "thing")

    def orphan_subject(self, verb: Token) -> Token | None:
        """The name right before a finite verb the parser left without a subject, set off by commas
        only, in the same line: "At the rally, Doe, told …", "The head of the union, Ana Ruiz, said …"."""
        doc = self.doc
        if any(c.dep_ in _SUBJECTS or c.dep_ == "expl" for c in verb.children) or verb.dep_ in ("conj", "relcl"):
            return None
        i = verb.i - 1
        while i >= 0 and doc[i].text in (",", ")"):
            i -= 1
        if i < 0 or "\n" in self.text[doc[i].idx : verb.idx]:
            return None
        found = self.named_at(i)
        return doc[found.start] if found is not None and found.entity.kind != "place" else None

    def _pronoun(self, token: Token) -> Entity | None:
        if token.i not in self._pronouns:
            word = token.lower_
            gender = PERSONAL_PRONOUNS.get(word)
            if gender is not None:
                entity = self._resolve_person(token, "f" if gender == "f" else "m")
            else:
                entity = self._resolve_group(token, plural=word.startswith("th"))
            self._pronouns[token.i] = entity
        return self._pronouns[token.i]

    def _resolve_person(self, token: Token, gender: Gender) -> Entity | None:
        """The most recent person subject of compatible gender, unless a rival stands between."""
        own_subject = _clause_subject(token) if token.dep_ not in _SUBJECTS else None
        reflexive = token.lower_.endswith("self")
        for ref in reversed(self.referents):
            if ref.token >= token.i or ref.kind != "person":
                continue
            if own_subject is not None and ref.token == own_subject.i and not reflexive and token.dep_ != "poss":
                continue  # "Lee thanked him": not Lee
            if ref.entity is None:
                return None  # an unresolved name stands in the way: no guess past it
            if self.gender.get(id(ref.entity), gender) != gender:
                continue
            candidates = [ref.entity, *self._rivals(ref, token, gender)]
            known = [c for c in candidates if self.gender.get(id(c)) == gender]
            if len(candidates) > 1 and len(known) != 1:
                return None  # two readings compete: say nothing
            chosen = known[0] if known else ref.entity
            self.gender[id(chosen)] = gender
            return chosen
        return None

    def _rivals(self, ref: Referent, pronoun: Token, gender: Gender) -> list[Entity]:
        """Other people named (outside quotes) between the subject and the pronoun, of compatible gender,
        who may be meant just as well: "Reyes met Okafor. She said …" is not resolved, unless only one
        of them is known to be a woman."""
        start, end = self.doc[ref.token].idx, pronoun.idx
        found = {
            id(entity): entity for m_start, _, entity in self.mentions_between(start, end)
            if entity is not ref.entity and entity.kind == "person"
            and self.gender.get(id(entity), gender) == gender and not self.in_quote(m_start)
        }  # fmt: skip
        return list(found.values())

    def _resolve_group(self, token: Token, plural: bool) -> Entity | None:
        """they/it: the most recent group subject, when it is an organisation."""
        for ref in reversed(self.referents):
            if ref.token >= token.i or ref.kind == "person" or (ref.kind == "thing" and plural):
                continue
            return ref.entity if ref.entity is not None and ref.entity.kind == "organisation" else None
        return None

    def subject_person(self, start_token: int, end_token: int, start: int, end: int) -> Entity | None:
        """The last person named or resolved as a subject between two tokens and two characters."""
        people = [
            r for r in self.referents
            if start_token <= r.token < end_token and start <= self.doc[r.token].idx < end and r.kind == "person"
        ]  # fmt: skip
        last = people[-1].entity if people else None
        return last if last is not None and last.kind == "person" else None

    # -- names, titles and generic nouns -----------------------------------------------------------
    def named(self, token: Token) -> Entity | None:
        """The entity a noun phrase's head names: the mention over the head, else the longest one over
        its compounds and the proper nouns around it ("Comrade To Binh" parsed with "Comrade" as head)."""
        found = self.mention_at(token.idx)
        if found is not None:
            return found[2]
        doc = self.doc
        left = min([c.i for c in token.lefts if c.dep_ in ("compound", "amod", "nmod")] + [token.i])
        right = token.i
        while right + 1 < len(doc) and _name_word(doc[right + 1]):
            right += 1
        span_start, span_end = doc[left].idx, doc[right].idx + len(doc[right])
        inside = [m for m in self.mentions_between(span_start, span_end + 1) if m[1] <= span_end]
        if inside:
            return max(inside, key=lambda m: m[1] - m[0])[2]
        for appos in (c for c in token.children if c.dep_ == "appos"):  # "the opposition leader, Ana Ruiz,"
            found = self.mention_at(appos.idx)
            if found is not None:
                return found[2]
        return self.person_by_name(token)

    def person_by_name(self, token: Token) -> Entity | None:
        """A proper noun the model did not label that is the first or last name of exactly one person
        of the article ("Grant" for Sarah Grant)."""
        if token.tag_ != "NNP" or not token.is_title:
            return None
        word = token.lower_
        people = [
            e for e in self.people
            if any(word in (n.split()[0], n.split()[-1]) for n in map(str.lower, e.labels) if n)
        ]  # fmt: skip
        return people[0] if len(people) == 1 else None

    def learn_roles(self, roles: list[Role]) -> None:
        """Titles the roles give people: "the minister" may then refer to the article's one minister."""
        for role in roles:
            words = _title_words(role.title)
            for word in words & PERSON_TITLE_NOUNS:
                self.titles.setdefault(word, []).append((words, role.person))
            leads = bool(words & TOP_OFFICES) or any(pair <= words for pair in TOP_OFFICE_PAIRS)
            if role.organisation is not None and leads and not words & RANK_MODIFIERS:
                self.leaders.setdefault(id(role.organisation), []).append(role.person)

    def title_holder(self, token: Token) -> Entity | None:
        """The one person the article gives a title ("the minister", "the general secretary"): from the
        roles read, or a title next to a name ("Minister Qin", "Qin, the minister"). Two holders: no one."""
        word = word_of(token)
        if word in LEADER_NOUNS:
            leader = self._leader_of(token)
            if leader is not None:
                return leader
        modifiers = {word_of(c) for c in token.lefts if c.dep_ in ("amod", "compound") and c.is_lower}
        holders: list[Entity] = [
            person for words, person in self.titles.get(word, []) if word in words and modifiers <= words
        ]
        for other in self.doc:
            if other.i == token.i or word_of(other) != word or not modifiers <= _words_before(other, 3):
                continue
            holder = self._holder_near(other)
            if holder is not None:
                holders.append(holder)
        distinct = list({id(h): h for h in holders}.values())
        return distinct[0] if len(distinct) == 1 else None

    def _leader_of(self, token: Token) -> Entity | None:
        """ "The union leader", "the company's chief": the one person who holds a top office (president,
        chair, general secretary, chief executive …) in the organisation the noun before refers to."""
        owners = (c for c in token.lefts if c.dep_ in ("compound", "poss") and word_of(c) in GENERIC_ORG_NOUNS)
        owner = next(owners, None)
        organisation = self.generic_org(owner) if owner is not None else None
        if organisation is None:
            return None
        people = list({id(p): p for p in self.leaders.get(id(organisation), [])}.values())
        return people[0] if len(people) == 1 else None

    def _holder_near(self, title: Token) -> Entity | None:
        """The person a title token belongs to: by compound ("Minister Qin"), apposition either way,
        or as the attribute of a person subject ("Doe is the minister")."""
        head = title
        while head.dep_ == "compound" and head.head.i != head.i:
            head = head.head
        candidates = [head] if head.i != title.i else []
        if title.dep_ == "appos":
            candidates.append(title.head)
        candidates += [c for c in title.children if c.dep_ == "appos"]
        if title.dep_ == "attr":
            candidates += [c for c in title.head.children if c.dep_ == "nsubj"]
        for candidate in candidates:
            found = self.mention_at(candidate.idx)
            if found is not None and found[2].kind == "person":
                return found[2]
        return None

    def generic_org(self, token: Token) -> Entity | None:
        """A generic noun ("the ministry", "the company"): the organisation named before whose name holds
        the noun (for a company, a legal form) and its modifiers; else, for a noun that names a whole
        organisation ("the party"), the organisation the article is about, if one clearly is."""
        word = word_of(token)
        if word not in GENERIC_ORG_NOUNS or _indefinite(token):
            return None  # "an organisation named in honour of …" introduces one, it does not refer back
        modifiers = {word_of(c) for c in token.lefts if c.dep_ in ("amod", "compound")}
        heads = COMPANY_WORDS if word in ("company", "firm") else {word}
        latest: tuple[int, Entity] | None = None
        for start, _, entity in self._char_mentions:
            if start >= token.idx:
                break
            names = {w.lower().rstrip(".,") for label in entity.labels for w in label.split()}
            if entity.kind == "organisation" and names & heads and modifiers <= names:
                latest = (start, entity)
        if latest is not None:
            return latest[1]
        return self._main_organisation() if word in WHOLE_ORG_NOUNS else None

    def _main_organisation(self) -> Entity | None:
        """The organisation the article is about: the only one, or the one named clearly most often."""
        return self._clearly_first({id(e): len(e.mentions) for e in self.organisations})

    def main_organisation(self) -> Entity | None:
        """The organisation the article is about, counting the generic nouns that refer to it ("the board",
        "the union") as well as its names: the one referred to clearly most often, else none."""
        if self._main is None:
            counts = {id(e): len(e.mentions) for e in self.organisations}
            for token in self.doc:
                if word_of(token) in GENERIC_ORG_NOUNS and self.covering[token.i] is None:
                    found = self.generic_org(token)
                    if found is not None and id(found) in counts:
                        counts[id(found)] += 1
            self._main = (self._clearly_first(counts),)
        return self._main[0]

    def _clearly_first(self, counts: dict[int, int]) -> Entity | None:
        """The organisation counted most, when it is the only one or ahead of the next; else none."""
        ranked = sorted(self.organisations, key=lambda e: -counts[id(e)])
        if len(ranked) == 1 or (len(ranked) > 1 and counts[id(ranked[0])] > counts[id(ranked[1])]):
            return ranked[0]
        return None


def _indefinite(token: Token) -> bool:
    """A noun phrase that introduces something new: "an organisation", "a union", "another party", "unions"."""
    return token.tag_ in ("NNS", "NNPS") and not any(c.dep_ in ("det", "poss") for c in token.children) or any(
        c.dep_ == "det" and c.lower_ in INDEFINITE_DETERMINERS for c in token.children
    )


def _words_before(token: Token, n: int) -> set[str]:
    doc = token.doc
    return {word_of(t) for t in doc[max(0, token.i - n) : token.i]}


def _title_words(title: str) -> frozenset[str]:
    return frozenset(w.strip(".,()").lower() for w in title.replace("-", " ").split()) - {"of", "the", "and"}


def _clause_subject(token: Token) -> Token | None:
    """The subject of the clause a word stands in."""
    head = token.head
    for _ in range(6):
        subject = next((c for c in head.children if c.dep_ in _SUBJECTS), None)
        if subject is not None or head.head.i == head.i:
            return subject
        head = head.head
    return None


def _looks_like_name(token: Token) -> bool:
    """A proper noun the model left unlabelled, not just a capitalised first word: "Chair Ana Ruiz"."""
    if token.tag_ != "NNP" or token.ent_type_ not in ("", "PERSON") or word_of(token) in GENERIC_ORG_NOUNS:
        return False
    return not token.is_sent_start or any(c.dep_ == "compound" and c.tag_ == "NNP" for c in token.lefts)


def _name_word(token: Token) -> bool:
    """A word that may go on a name: a proper noun, or a capitalised word that is not a verb ("To")."""
    return token.tag_ in ("NNP", "NNPS") or (token.is_title and not token.tag_.startswith("VB"))

