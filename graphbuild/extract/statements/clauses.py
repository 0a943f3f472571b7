"""What a verb of saying reports: the character span of its claim, read from the parse.

Its clausal complement ("Doe said (that) the vote …"), the clause before a sentence-final
attribution ("The vote …, said Doe."), the whole sentence around a parenthetical one ("The vote, Doe
said, …"), the rest of a sentence holding "according to Doe", and the object of a verb of announcing
("Doe reaffirmed the union's commitment to …", "Doe called for a ceasefire").
"""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import OBJECT_CLAIM_LEMMAS, OBJECT_PHRASE_CLAIMS, PREPOSITION_CLAIMS, QUESTION_VERBS
from . import confidence
from .cues import REPORT_VERBS
from .grammar import is_reduced_attribution, phrase_ends_sentence, trim
from .reader import Reader

ClaimSpan = tuple[int, int, float]  # start, end, confidence

_QUESTION_WORDS = frozenset("how why whether if what when where who which".split())
_INDIRECT_QUESTION = frozenset("if whether".split())


def reported_by_clause(reader: Reader, cue: Token) -> ClaimSpan | None:
    """The span a verb of saying reports: its clausal complement, the clause before a sentence-final
    attribution, or (for verbs of announcing) its object."""
    complements = [c for c in cue.children if c.dep_ == "ccomp" and reader.same_paragraph(c, cue)]
    if cue.lower_ in QUESTION_VERBS:  # "asked if the jury had agreed": an indirect question, and only that
        asked = [c for c in complements if c.i > cue.i and c.left_edge.lower_ in _INDIRECT_QUESTION]
        return (*trim(asked[0].left_edge, asked[0].right_edge), confidence.CLAUSE) if asked else None
    if complements:
        if complements[0].left_edge.lower_ in _QUESTION_WORDS:
            return None  # "explained how …" reports a question, not a claim
        # "A …, but B …, he said.": clauses joined before a final attribution are one claim
        last = complements[-1] if complements[-1].i < cue.i else complements[0]
        return (*trim(complements[0].left_edge, last.right_edge), confidence.CLAUSE)
    gerund = next((c for c in cue.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i > cue.i), None)
    if gerund is not None:  # "proposed enhancing exchanges and …", "denied taking part": a clause
        return (*trim(gerund.left_edge, gerund.right_edge), confidence.CLAUSE)
    if cue.dep_ == "parataxis" and cue.head.i < cue.i:
        return (*trim(cue.head.left_edge, reader.doc[cue.left_edge.i - 1]), confidence.CLAUSE)
    before = _final_attribution(cue)
    if before is not None:  # "…, he told the radio." read as a complement of the clause it reports
        return (*trim(cue.sent[0], before), confidence.CLAUSE)
    if cue.dep_ == "parataxis":  # "The strike, Doe said, would begin …": the whole sentence holds the claim
        return (*trim(cue.head.left_edge, cue.head.right_edge), confidence.PARENTHETICAL)
    lemma = REPORT_VERBS.get(cue.lower_)
    if lemma in PREPOSITION_CLAIMS:  # "called for a ceasefire"
        prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ == PREPOSITION_CLAIMS[lemma]), None)
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if obj is not None and obj.right_edge.i - obj.left_edge.i >= 1:
            return (*trim(obj.left_edge, _object_complement_end(cue, _object_end(obj))), confidence.OBJECT)
    if lemma in OBJECT_PHRASE_CLAIMS:  # "charged the board with breaking the deal", "branded it as a lie"
        found = _object_phrase(cue, OBJECT_PHRASE_CLAIMS[lemma])
        if found is not None:
            return (*trim(*found), confidence.OBJECT)
    if lemma in OBJECT_CLAIM_LEMMAS:
        obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
        end = _object_complement_end(cue, _object_end(obj)) if obj is not None else None
        # the object says something only with words after its noun: "announced the death of X", but
        # "announced the election results" names what was said, not what it was
        if obj is not None and end is not None and end.i - obj.left_edge.i >= 2 and end.i > obj.i:
            return (*trim(obj.left_edge, end), confidence.OBJECT)
    return None


def reported_by_according(cue: Token) -> ClaimSpan | None:
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
    return (*trim(tokens[0], tokens[-1]), confidence.CLAUSE)


def _final_attribution(cue: Token) -> Token | None:
    """The last word of the clause a sentence-final attribution reports, where the parser hung the
    attribution on that clause ("It was vital, she told the radio." / "…, the agency Reuters reported."):
    the attribution (its subject, or the verb itself) follows a comma and ends the sentence; the clause
    runs from the sentence's start to that comma."""
    if is_reduced_attribution(cue):
        begin = cue.head.left_edge.i
    elif cue.dep_ in ("ccomp", "conj") and cue.head.i < cue.i and phrase_ends_sentence(cue):
        subject = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i), None)
        begin = subject.left_edge.i if subject is not None else cue.i
    else:
        return None
    doc = cue.doc
    if begin - 2 <= cue.sent.start or doc[begin - 1].text != ",":
        return None
    return doc[begin - 2]


def _object_phrase(cue: Token, preposition: str) -> tuple[Token, Token] | None:
    """The object of a verb of accusing or characterising and the phrase of its preposition, which the
    parser may hang on the verb or on the object: "charged [the board] … [with breaking the deal]"."""
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    phrase = [c for c in (*cue.children, *obj.children) if c.dep_ == "prep" and c.lower_ == preposition and c.i > obj.i]
    if not phrase or not any(c.dep_ in ("pobj", "pcomp") for c in phrase[0].children):
        return None
    return obj.left_edge, max(obj.right_edge, phrase[0].right_edge, key=lambda t: t.i)


def _object_complement_end(cue: Token, end: Token) -> Token:
    """Extend an object over a complement the parser hung on the verb right after it:
    "reaffirmed [the union's commitment] [to defending its members]" is one claim."""
    for child in sorted(cue.children, key=lambda t: t.i):
        if child.left_edge.i == end.i + 1 and child.dep_ in ("prep", "xcomp", "acomp", "npadvmod"):
            end = child.right_edge
    return end


def _object_end(obj: Token) -> Token:
    """The object's last token, before a comma that opens a participle ("…, dispelling claims")."""
    doc = obj.doc
    for i in range(obj.left_edge.i, obj.right_edge.i):
        if doc[i].text == "," and doc[i + 1].tag_ == "VBG":
            return doc[i - 1]
    return obj.right_edge
