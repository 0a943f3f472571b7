"""Direct quotes and reported speech, attributed to a speaker.

**Direct quotes** (kind "direct", schema:Quotation) are read from the raw text. A quote is the text
between a pair of marks: “…” or "…" (‘…’ and '…' only where the closing mark cannot be an
apostrophe). A quote left open at the end of its paragraph, when the next paragraph opens with a
mark, runs on: its pieces form one *run* and share one speaker; each piece is a statement. A quote is
a statement only when it is attributed:

1. by a verb of saying next to it: “…,” Doe said · “…,” said Doe · Doe said, “…” · Said Doe: “…” ·
   Doe told reporters: “…” · “…,” according to Doe;
2. else, when the quote stands as a sentence of its own, by its context, first match wins: another
   piece of its run; a statement in the sentence before it, or the person who is the subject of
   that sentence ("Doe thanked the members. “…”"). For a quote that opens its paragraph, the
   sentence before it is the last of the previous paragraph (a continuation paragraph).

A quote inside a sentence with no verb of saying (a scare quote, a title) is never a statement, and a
quote whose verb of saying has no speaker that can be found is dropped: a speaker is never guessed.

**Reported speech** (kind "reported", schema:Claim) is read from the parse around each verb of saying
outside quotes: its clausal complement ("Doe said (that) the vote …"), the clause before a
sentence-final attribution ("The vote …, said Doe."), the rest of a sentence holding "according to
Doe", the object of a verb of announcing ("Doe reaffirmed the union's commitment to …"), and a
predicate joined to a direct quote by "and" (“…” and were thankful …). A verb of saying inside
another's reported clause is reported, not a speaker of its own.

**Speakers** are the subject of the verb of saying (a conjoined or participial verb shares its
head's subject; the "who" of a relative clause is the noun it modifies): a named person or
organisation; a title ("the minister said"), the person the article gives that title; a generic noun
("the ministry said"), the organisation it names; a pronoun, the most recent subject outside quotes
of its kind: he/she a person of no conflicting gender (gender comes from honorifics and from the
pronouns resolved before), they/it an organisation. A name the model did not resolve still stands in
the way, so a pronoun after it stays unresolved rather than skipping to someone else.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span, Token

from ..model import Entity, SourceArticle, Statement
from .discourse import Discourse
from .lexicon import (
    CLAIM_VERBS,
    MEETING_WORDS,
    OBJECT_CLAIM_LEMMAS,
    PREPOSITION_CLAIM_VERBS,
    PREPOSITION_CLAIMS,
    QUOTE_ONLY_VERBS,
    TITLE_WORDS,
)
from .quotes import MARKS, Quote, paragraphs

QUOTE_VERBS = {**CLAIM_VERBS, **QUOTE_ONLY_VERBS}
REPORT_VERBS = {**CLAIM_VERBS, **PREPOSITION_CLAIM_VERBS}  # verbs whose clause or object is a claim

# Auxiliaries that make a verb of saying hypothetical or future: "will announce", "could say".
_HYPOTHETICAL = frozenset("will shall may might could can should to".split())

_FINITE = frozenset("VBD VBZ VBP MD".split())
_QUESTION_WORDS = frozenset("how why whether if what when where who which".split())
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?:;…—–”\"’)\]])\s*$")
_SENTENCE_AFTER = re.compile(r"^\s*[.!?…]?\s*(?:$|[A-Z“\"‘'(\[—–])")

# How much each construction is trusted; a titled or pronoun speaker lowers it further.
CONFIDENCE_CUE = 0.9
CONFIDENCE_RUN = 0.8
CONFIDENCE_PREVIOUS_STATEMENT = 0.7
CONFIDENCE_CONTINUATION = 0.65
CONFIDENCE_PREVIOUS_SUBJECT = 0.55
CONFIDENCE_PREVIOUS_PARAGRAPH_SUBJECT = 0.5
CONFIDENCE_CLAUSE = 0.85
CONFIDENCE_PARENTHETICAL = 0.75
CONFIDENCE_OBJECT = 0.6
CONFIDENCE_TAIL = 0.6
CONFIDENCE_REPORT_CONTINUED = 0.5
SPEAKER_FACTOR = {"named": 1.0, "title": 0.85, "pronoun": 0.9}

How = Literal["named", "title", "pronoun"]


# -- attributions --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Attribution:
    """Who said a quote, by which cue, how surely, and whether in the past tense."""

    speakers: tuple[Entity, ...]  # empty: a cue whose speaker cannot be found; the quote is dropped
    cue: str | None
    confidence: float
    past: bool


class _Reader:
    """One article's parse, quotes and discourse, with the rules that read statements."""

    def __init__(self, doc: Doc, discourse: Discourse) -> None:
        self.doc = doc
        self.text = doc.text
        self.discourse = discourse
        self.quotes = discourse.quotes
        self.starts = [t.idx for t in doc]
        self.paragraphs = paragraphs(self.text)
        self.paragraph_starts = [p[0] for p in self.paragraphs]

    # .. positions ..
    def token_at(self, char: int) -> Token:
        """The token a character belongs to."""
        return self.doc[max(0, bisect_right(self.starts, char) - 1)]

    def in_quote(self, char: int) -> bool:
        return self.discourse.in_quote(char)

    def mention_at(self, char: int) -> tuple[int, int, Entity] | None:
        return self.discourse.mention_at(char)

    # .. speakers ..
    def speakers(self, cue: Token) -> tuple[tuple[Entity, ...], How]:
        """Who the verb of saying (or "according" of "according to X") names as speaker."""
        if cue.lower_ in PREPOSITION_CUES:
            agent = _prepositional_agent(cue)
        elif _is_reduced_attribution(cue):  # "…, the news agency Reuters reported."
            agent = cue.head
        else:
            agent = subject_of(cue) or self._inverted_subject(cue) or self.discourse.orphan_subject(cue)
        if agent is None:
            return (), "named"
        how: How = "named"
        found: list[Entity] = []
        for part in [agent, *agent.conjuncts]:
            entity, part_how = self._agent_entity(part)
            if entity is not None and entity.kind == "place":  # a dateline taken for the subject: the
                entity = self._appositive_speaker(part)  # speaker is in apposition ("LONDON — Acme, …")
            if entity is not None and entity.kind in ("person", "organisation") and all(entity is not f for f in found):
                found.append(entity)
            how = part_how if part_how != "named" else how
        return tuple(found), how

    def _appositive_speaker(self, token: Token) -> Entity | None:
        for appos in (c for c in token.children if c.dep_ == "appos"):
            entity, how = self._agent_entity(appos)
            if entity is not None and entity.kind != "place" and how == "named":
                return entity
        return None

    def _agent_entity(self, token: Token) -> tuple[Entity | None, How]:
        entity, how = self.discourse.resolve(token)
        return entity, ("title" if how == "generic" else how)

    def _inverted_subject(self, cue: Token) -> Token | None:
        """The name right after a verb parsed without a subject ("Said Doe, …")."""
        for token in self.doc[cue.i + 1 : cue.i + 4]:
            if self.mention_at(token.idx) is not None:
                return token
            if not (token.pos_ in ("DET", "PROPN") or _word(token) in TITLE_WORDS):
                return None
        return None

    def paragraph(self, char: int) -> tuple[int, int]:
        at = bisect_right(self.paragraph_starts, char) - 1
        return self.paragraphs[max(0, at)]

    def same_paragraph(self, a: Token, b: Token) -> bool:
        return self.paragraph(a.idx) == self.paragraph(b.idx)

    def clip_to_paragraph(self, span: tuple[int, int, float] | None, cue: Token) -> tuple[int, int, float] | None:
        """A reported clause never runs past its cue's paragraph (the parser may join a line without a
        full stop to the next); a clause left with fewer than three words is no claim."""
        if span is None:
            return None
        first, last = self.paragraph(cue.idx)
        start, end = max(span[0], first), min(span[1], last)
        if len(self.text[start:end].split()) < 3:
            return None
        return start, end, span[2]

    def attribution(self, cue: Token, base: float) -> Attribution:
        speakers, how = self.speakers(cue)
        particle = next((c.lower_ for c in cue.children if c.dep_ == "prt" and c.i == cue.i + 1), None)
        cue_text = PREPOSITION_CUES.get(cue.lower_) or " ".join(filter(None, (cue.lower_, particle)))
        tensed = cue.head if cue.tag_ == "VBG" and cue.dep_ == "advcl" else cue
        past = tensed.tag_ in ("VBD", "VBN") or cue.lower_ in PREPOSITION_CUES
        return Attribution(speakers, cue_text, base * SPEAKER_FACTOR[how], past)

    # .. cues next to a quote ..
    def is_cue(self, token: Token, verbs: dict[str, str] = QUOTE_VERBS, inverted: bool = False) -> bool:
        """A verb of saying outside quotes; with ``inverted``, also a capitalised one opening its
        sentence that the tagger took for a name ("Said Doe, …")."""
        if self.in_quote(token.idx):
            return False
        if token.lower_ in PREPOSITION_CUES:
            return _prepositional_agent(token) is not None
        if token.lower_ not in verbs:
            return False
        return token.tag_.startswith("VB") or (inverted and token.is_title and _opens_sentence(token))

    def cue_after(self, quote: Quote) -> Token | None:
        """“…,” Doe said / “…,” said Doe / “…,” according to Doe: a cue right after a quote that
        opens its sentence, with only its subject, adverbs and punctuation in between."""
        if quote.close_at is None or not self.starts_sentence(quote):
            return None
        first = self.token_at(quote.close_at).i + 1
        for token in self.doc[first : first + 12]:
            if "\n" in token.text or token.text in MARKS or token.text in (".", "!", "?"):
                return None
            if self.is_cue(token):
                between = self.doc[first : token.i]
                subject = subject_of(token)
                inside = set() if subject is None else {t.i for t in subject.subtree}
                ok = all(t.is_punct or t.i in inside or t.head.i == token.i for t in between)
                return token if ok else None
        return None

    def cue_before(self, quote: Quote) -> Token | None:
        """Doe said, “…” / Said Doe: “…” / Doe told reporters: “…” / Doe said that “…”: a cue before the
        quote with at most its own subject or object and a comma or colon in between."""
        mark = self.token_at(quote.open_at)
        gap: list[Token] = []
        for token in reversed(self.doc[max(0, mark.i - 10) : mark.i]):
            if token.is_space:
                if "\n" in token.text and not (gap == [] and token.i > 0 and self.doc[token.i - 1].text == ":"):
                    return None
                continue
            if token.text in MARKS or token.text in (".", "!", "?"):
                return None
            if self.is_cue(token, inverted=True):
                return token if self.gap_fits(token, list(reversed(gap))) else None
            gap.append(token)
        return None

    def gap_fits(self, cue: Token, gap: list[Token]) -> bool:
        """What may stand between a cue and the quote it introduces: nothing, "that", or a few words of
        the cue's own phrase or of the speaker's name, ending in a comma or colon ("Said Doe,", "told
        reporters:", "according to Doe,")."""
        words = [t for t in gap if not t.is_space]
        if not words or [t.lower_ for t in words] == ["that"]:
            return True
        if words[-1].text not in (",", ":") or len(words) > 8:
            return False
        phrase = {t.i for t in cue.subtree}
        return all(
            (t.i in phrase and t.dep_ not in ("ccomp", "xcomp")) or self.mention_at(t.idx) is not None
            for t in words[:-1]
        )

    def starts_sentence(self, quote: Quote) -> bool:
        return bool(_SENTENCE_BEFORE.search(self.text[quote.paragraph[0] : quote.open_at]))

    def is_clause(self, quote: Quote) -> bool:
        """Speech has a finite verb or runs long; a motto or title ("Stronger Together") does not."""
        tokens = [t for t in self.doc if quote.start <= t.idx < quote.end and not t.is_punct]
        return len(tokens) >= 6 or any(t.tag_ in _FINITE for t in tokens)

    def ends_sentence(self, quote: Quote) -> bool:
        if quote.close_at is None:
            return True
        return bool(_SENTENCE_AFTER.match(self.text[quote.close_at + 1 : quote.paragraph[1]]))

    # .. context ..
    def previous_sentence(self, quote: Quote) -> tuple[Span, int] | None:
        """The sentence holding the last word before the quote, in its paragraph or, for a quote that
        opens its paragraph, in the previous one; with where that sentence starts inside its paragraph."""
        paras = paragraphs(self.text)
        at = paras.index(quote.paragraph)
        para = quote.paragraph if quote.open_at > quote.paragraph[0] else (paras[at - 1] if at else None)
        if para is None:
            return None
        before = self.text[para[0] : min(quote.open_at, para[1])].rstrip(" \n.!?…\"”’'")  # to the last word
        if not before:
            return None
        sentence = self.token_at(para[0] + len(before) - 1).sent
        return sentence, max(sentence.start_char, para[0])

    def subject_person(self, span: Span, start: int, end: int) -> Entity | None:
        """The last person named or resolved as a subject in the span, between two characters."""
        return self.discourse.subject_person(span.start, span.end, start, end)


def _opens_sentence(token: Token) -> bool:
    doc = token.doc
    return token.is_sent_start or token.i == 0 or doc[token.i - 1].is_space or doc[token.i - 1].text in '.!?”"'


def _word(token: Token) -> str:
    return token.lower_.rstrip(".")


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb; a conjoined verb or a bare participle ("…, adding that …") shares its
    head's, and the "who" of a relative clause is the noun the clause modifies."""
    current = verb
    for _ in range(4):
        subject = next((c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            if subject.tag_ in ("WP", "WDT") and current.dep_ == "relcl":
                return current.head
            return subject
        participle = (
            current.dep_ == "advcl" and current.tag_ == "VBG" and not any(c.dep_ == "mark" for c in current.children)
        )
        if current.dep_ != "conj" and not participle:
            return None
        current = current.head
    return None


# Prepositions that attribute what the sentence says: "according to Doe, …", "as per the ministry, …".
PREPOSITION_CUES = {"according": "according to", "per": "as per"}


def _prepositional_agent(cue: Token) -> Token | None:
    """X of "according to X" or "as per X"."""
    doc = cue.doc
    if cue.lower_ == "according":
        return next((g for c in cue.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj"), None)
    if cue.lower_ == "per" and cue.i > 0 and doc[cue.i - 1].lower_ == "as":
        return next((c for c in cue.children if c.dep_ == "pobj"), None)
    return None


def _is_reduced_attribution(cue: Token) -> bool:
    """A sentence-final attribution the parser read as a noun with a participle: "…, the agency
    Reuters reported (on Monday)." The noun phrase follows a comma and the verb ends the sentence."""
    if cue.dep_ != "acl" or cue.head.i != cue.i - 1:
        return False
    start = cue.head.left_edge.i
    return start > 0 and cue.doc[start - 1].text == "," and _ends_sentence(cue)


def _ends_sentence(cue: Token) -> bool:
    """The verb's phrase runs to its sentence's end (bar punctuation)."""
    last = cue.sent[-1]
    while last.i > cue.i and (last.is_punct or last.is_space):
        last = last.doc[last.i - 1]
    return cue.right_edge.i >= last.i


# -- direct quotes -------------------------------------------------------------------------------
def _direct_attributions(reader: _Reader) -> dict[Quote, Attribution]:
    """Quotes with a cue right after or right before them, and the other pieces of their runs."""
    found: dict[Quote, Attribution] = {}
    for quote in reader.quotes:
        cue = reader.cue_after(quote) or reader.cue_before(quote)
        if cue is not None:
            found[quote] = reader.attribution(cue, CONFIDENCE_CUE)
    by_run = {a_quote.run: attribution for a_quote, attribution in found.items()}
    for quote in reader.quotes:
        if quote not in found and quote.run in by_run:
            source = by_run[quote.run]
            found[quote] = Attribution(source.speakers, source.cue, CONFIDENCE_RUN, source.past)
    return found


def _context_attribution(reader: _Reader, quote: Quote, made: list[Statement]) -> Attribution | None:
    """A quote standing as a sentence of its own, with no cue, is said by the speaker of a statement in
    the sentence before it, else by that sentence's person subject. For a quote opening its paragraph
    that sentence ends the previous paragraph (a continuation paragraph), and is trusted less."""
    if not (reader.starts_sentence(quote) and reader.ends_sentence(quote) and reader.is_clause(quote)):
        return None
    found = reader.previous_sentence(quote)
    if found is None:
        return None
    sentence, start = found
    same_paragraph = start >= quote.paragraph[0]
    said = [s for s in made if s.end > start and s.start < quote.open_at]
    if said:
        confidence = CONFIDENCE_PREVIOUS_STATEMENT if same_paragraph else CONFIDENCE_CONTINUATION
        return Attribution((said[-1].speaker,), said[-1].cue, confidence, True)
    person = reader.subject_person(sentence, start, quote.open_at)
    if person is None:
        return None
    confidence = CONFIDENCE_PREVIOUS_SUBJECT if same_paragraph else CONFIDENCE_PREVIOUS_PARAGRAPH_SUBJECT
    return Attribution((person,), None, confidence, True)


def _statements_of(quote: Quote, attribution: Attribution, text: str, meeting_at: int | None) -> list[Statement]:
    return [
        Statement(
            "direct", text[quote.start : quote.end], speaker, quote.start, quote.end, attribution.cue,
            round(attribution.confidence, 3), _at_event(attribution.past, quote.start, meeting_at),
        )
        for speaker in attribution.speakers
    ]  # fmt: skip


def _cued_statements(reader: _Reader, meeting_at: int | None) -> list[Statement]:
    """Quotes attributed by a cue next to them or next to another piece of their run."""
    made: list[Statement] = []
    for quote, attribution in _direct_attributions(reader).items():
        made += _statements_of(quote, attribution, reader.text, meeting_at)
    return made


def _context_statements(reader: _Reader, made: list[Statement], meeting_at: int | None) -> list[Statement]:
    """The remaining quotes, attributed by context in text order, so that continuations chain."""
    done = {s.start for s in made}
    found: list[Statement] = []
    for quote in reader.quotes:
        if quote.start in done or reader.cue_after(quote) or reader.cue_before(quote):
            continue  # a quote with a cue but no speaker stays unattributed
        attribution = _context_attribution(reader, quote, sorted(made + found, key=lambda s: s.start))
        if attribution is not None:
            found += _statements_of(quote, attribution, reader.text, meeting_at)
    return found


# -- reported speech -----------------------------------------------------------------------------
def _reported_by_clause(reader: _Reader, cue: Token) -> tuple[int, int, float] | None:
    """The span a verb of saying reports: its clausal complement, the clause before a sentence-final
    attribution, or (for verbs of announcing) its object."""
    for child in cue.children:
        if child.dep_ == "ccomp" and reader.same_paragraph(child, cue):
            if child.left_edge.lower_ in _QUESTION_WORDS:
                return None  # "explained how …" reports a question, not a claim
            return (*_trim(child.left_edge, child.right_edge), CONFIDENCE_CLAUSE)
    if cue.dep_ == "parataxis" and cue.head.i < cue.i:
        return (*_trim(cue.head.left_edge, reader.doc[cue.left_edge.i - 1]), CONFIDENCE_CLAUSE)
    before = _final_attribution(cue)
    if before is not None:  # "…, he told the radio." read as a complement of the clause it reports
        return (*_trim(cue.sent[0], before), CONFIDENCE_CLAUSE)
    if cue.dep_ == "parataxis":  # "The strike, Doe said, would begin …": the whole sentence holds the claim
        return (*_trim(cue.head.left_edge, cue.head.right_edge), CONFIDENCE_PARENTHETICAL)
    lemma = REPORT_VERBS.get(cue.lower_)
    if lemma in PREPOSITION_CLAIMS:  # "called for a ceasefire"
        prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ == PREPOSITION_CLAIMS[lemma]), None)
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if obj is not None and obj.right_edge.i - obj.left_edge.i >= 1:
            return (*_trim(obj.left_edge, _object_complement_end(cue, _object_end(obj))), CONFIDENCE_OBJECT)
    if lemma in OBJECT_CLAIM_LEMMAS:
        obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.right_edge.i - obj.left_edge.i >= 2:
            return (*_trim(obj.left_edge, _object_complement_end(cue, _object_end(obj))), CONFIDENCE_OBJECT)
    return None


def _final_attribution(cue: Token) -> Token | None:
    """The last word of the clause a sentence-final attribution reports, where the parser hung the
    attribution on that clause ("It was vital, she told the radio." / "…, the agency Reuters reported."):
    the attribution (its subject, or the verb itself) follows a comma and ends the sentence; the clause
    runs from the sentence's start to that comma."""
    if _is_reduced_attribution(cue):
        begin = cue.head.left_edge.i
    elif cue.dep_ in ("ccomp", "conj") and cue.head.i < cue.i and _ends_sentence(cue):
        subject = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i), None)
        begin = subject.left_edge.i if subject is not None else cue.i
    else:
        return None
    doc = cue.doc
    if begin - 2 <= cue.sent.start or doc[begin - 1].text != ",":
        return None
    return doc[begin - 2]


def _object_complement_end(cue: Token, end: Token) -> Token:
    """Extend an object over a complement the parser hung on the verb right after it:
    "reaffirmed [the union's commitment] [to defending its members]" is one claim."""
    for child in sorted(cue.children, key=lambda t: t.i):
        if child.left_edge.i == end.i + 1 and child.dep_ in ("prep", "xcomp", "acomp"):
            end = child.right_edge
    return end


def _object_end(obj: Token) -> Token:
    """The object's last token, before a comma that opens a participle ("…, dispelling claims")."""
    doc = obj.doc
    for i in range(obj.left_edge.i, obj.right_edge.i):
        if doc[i].text == "," and doc[i + 1].tag_ == "VBG":
            return doc[i - 1]
    return obj.right_edge


def _reported_by_according(cue: Token) -> tuple[int, int, float] | None:
    """The rest of the sentence around "according to X" ("According to X, …" / "…, according to X.")."""
    sent = cue.sent
    phrase = list(cue.subtree)
    first, last = phrase[0].i, phrase[-1].i
    if first - sent.start <= 1:
        tokens = [t for t in sent if t.i > last]
    else:
        tokens = [t for t in sent if t.i < first]
    if len(tokens) < 3:
        return None
    return (*_trim(tokens[0], tokens[-1]), CONFIDENCE_CLAUSE)


def _trim(first: Token, last: Token) -> tuple[int, int]:
    """The character span from one token to another, without a leading "that" and without punctuation
    or spaces at either end, but with the closing mark of a quote the span opens ("was "an insult"")."""
    doc = first.doc
    i, j = first.i, last.i
    while i < j and (doc[i].is_punct or doc[i].is_space or (doc[i].lower_ == "that" and doc[i].tag_ == "IN")):
        i += 1
    while j > i and (doc[j].is_punct or doc[j].is_space):
        if doc[j].text in MARKS and sum(t.text in MARKS for t in doc[i:j]) % 2 == 1:
            break
        j -= 1
    if sum(t.text in MARKS for t in doc[i : j + 1]) % 2 == 1:  # the parse left the closing mark out
        j = next((k for k in range(j + 1, min(j + 3, len(doc))) if doc[k].text in MARKS), j)
    return doc[i].idx, doc[j].idx + len(doc[j])


def _nested(cue: Token, reader: _Reader) -> bool:
    """A verb of saying inside another's reported clause ("X said that Y described …")."""
    token = cue
    while token.head.i != token.i:
        if token.dep_ == "ccomp" and reader.is_cue(token.head, CLAIM_VERBS):
            return True
        token = token.head
    return False


def _not_asserted(cue: Token) -> bool:
    """A verb of saying that reports nothing said: negated ("did not say"), hypothetical or future
    ("will announce", "refused to say"), or passive ("was told that", "it is said that")."""
    return any(
        c.dep_ in ("neg", "auxpass", "nsubjpass") or (c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL)
        for c in cue.children
    )


def _reported_statements(reader: _Reader, taken: list[Statement], meeting_at: int | None) -> list[Statement]:
    """One claim per verb of saying outside quotes whose reported clause is not itself a quote."""
    made: list[Statement] = []
    for cue in reader.doc:
        if not reader.is_cue(cue, REPORT_VERBS) or _nested(cue, reader) or _not_asserted(cue):
            continue
        span = _reported_by_according(cue) if cue.lower_ in PREPOSITION_CUES else _reported_by_clause(reader, cue)
        span = reader.clip_to_paragraph(span, cue)
        if span is None or _overlaps(span[0], span[1], taken + made, reader.quotes):
            continue
        attribution = reader.attribution(cue, span[2])
        for speaker in attribution.speakers:
            made.append(
                Statement(
                    "reported", reader.text[span[0] : span[1]], speaker, span[0], span[1], attribution.cue,
                    round(attribution.confidence, 3), _at_event(attribution.past, span[0], meeting_at),
                )
            )  # fmt: skip
    return made


def _overlaps(start: int, end: int, statements: list[Statement], quotes: list[Quote]) -> bool:
    """A span that holds a statement or a whole quote of its own is not a new claim."""
    if any(s.start < end and start < s.end for s in statements):
        return True
    return any(start <= q.start and q.end <= end and q.end - q.start > 0.8 * (end - start) for q in quotes)


def _tail_claims(reader: _Reader, direct: list[Statement]) -> list[Statement]:
    """Doe stated, “…” and were thankful …: a predicate joined by "and" to a quote after its cue
    paraphrases more of the same speech."""
    made = []
    for statement in direct:
        quote = next(q for q in reader.quotes if q.start == statement.start)
        if quote.close_at is None or reader.cue_before(quote) is None:
            continue
        after = reader.token_at(quote.close_at).i + 1
        if after + 1 >= len(reader.doc) or reader.doc[after].lower_ != "and":
            continue
        verb = reader.doc[after + 1]
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        start, end = _trim(verb, verb.sent[-1])
        if end - start > 10 and not any(s.start < end and start < s.end for s in direct):
            made.append(
                Statement("reported", reader.text[start:end], statement.speaker, start, end, statement.cue,
                          CONFIDENCE_TAIL, statement.at_main_event)
            )  # fmt: skip
    return made


def _continued_reports(reader: _Reader, made: list[Statement]) -> list[Statement]:
    """An unattributed passage that carries on a report belongs to its speaker: the rest of the
    paragraph after the sentence a claim ends, or, when the claim ends its paragraph, the whole next
    paragraph. The passage must be plain narration of the report: no quote, no verb of saying, and no
    subject that names or points to anyone else."""
    found: list[Statement] = []
    taken = sorted(made, key=lambda s: s.start)
    for claim in [s for s in taken if s.kind == "reported"]:
        para = reader.paragraph(claim.start)
        sentence = reader.token_at(claim.end - 1).sent
        if len(reader.text[claim.end : sentence.end_char].split()) > 6:
            continue  # the claim does not end its sentence: the parse cut it short
        following = next((t for t in reader.doc[sentence.end : sentence.end + 3] if not t.is_space), None)
        if following is not None and following.idx < para[1]:
            span = (following.idx, para[1])
        else:
            at = reader.paragraphs.index(para)
            if at + 1 >= len(reader.paragraphs):
                continue
            span = reader.paragraphs[at + 1]
        if not _plain_report(reader, span, claim.speaker, taken + found):
            continue
        start, end = span[0], span[1]
        while end > start and reader.text[end - 1].isspace():
            end -= 1
        found.append(
            Statement("reported", reader.text[start:end], claim.speaker, start, end, None,
                      CONFIDENCE_REPORT_CONTINUED, claim.at_main_event)
        )  # fmt: skip
    return found


def _plain_report(reader: _Reader, span: tuple[int, int], speaker: Entity, made: list[Statement]) -> bool:
    """A passage of at least one full sentence with no statement, quote, cue or other subject of its own."""
    text = reader.text[span[0] : span[1]].strip()
    if len(text.split()) < 5 or text[-1] not in '.!?”"’' or any(s.start < span[1] and span[0] < s.end for s in made):
        return False
    if any(span[0] <= q.open_at < span[1] and reader.is_clause(q) for q in reader.quotes):
        return False
    for token in reader.doc[reader.token_at(span[0]).i : reader.token_at(span[1] - 1).i + 1]:
        if reader.is_cue(token, REPORT_VERBS) or reader.is_cue(token, QUOTE_VERBS):
            return False
        if token.dep_ in ("nsubj", "nsubjpass") and not reader.in_quote(token.idx):
            entity, _ = reader.discourse.resolve(token)
            if entity is not None and entity is not speaker or token.ent_type_ == "PERSON":
                return False  # someone else acts: narration
            if entity is None and token.tag_ in ("NNS", "NNPS"):
                return False  # a new group acts ("the delegates also visited …"): narration
    return True


# -- the reported event --------------------------------------------------------------------------
def _meeting_at(reader: _Reader) -> int | None:
    """Where the article first reports a meeting (outside quotes), if it does."""
    return next(
        (t.idx for t in reader.doc if t.lower_ in MEETING_WORDS and not reader.in_quote(t.idx)),
        None,
    )


def _at_event(past: bool, start: int, meeting_at: int | None) -> bool:
    """Said at the reported event: in the past tense, after the article has introduced a meeting."""
    return past and meeting_at is not None and meeting_at < start


def find_statements(
    doc: Doc, entities: list[Entity], article: SourceArticle, discourse: Discourse | None = None
) -> list[Statement]:
    """Direct quotes and reported speech of one article, in text order, each with its speaker."""
    reader = _Reader(doc, discourse or Discourse(doc, entities, article))
    meeting_at = _meeting_at(reader)
    cued = _cued_statements(reader, meeting_at)
    cued += _tail_claims(reader, cued)
    cued += _reported_statements(reader, cued, meeting_at)
    cued += _context_statements(reader, cued, meeting_at)
    cued += _continued_reports(reader, cued)
    return sorted(cued, key=lambda s: (s.start, s.speaker.name))
