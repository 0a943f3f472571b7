"""Parse-tree helpers shared by the statement rules: a verb's subject, the agent of "according to",
sentence-final attributions the parser reads as a noun, and a token range as a character span."""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import FEELING_ADJECTIVES
from ..quotes import MARKS

# Prepositions that attribute what the sentence says: "according to Doe, …", "as per the ministry, …".
PREPOSITION_CUES = {"according": "according to", "per": "as per"}


def opens_sentence(token: Token) -> bool:
    doc = token.doc
    return token.is_sent_start or token.i == 0 or doc[token.i - 1].is_space or doc[token.i - 1].text in '.!?”"'


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb; a conjoined verb, a bare participle ("…, adding that …") or a verb after
    an adjective of feeling ("is pleased to announce") shares its head's, and the "who" of a relative
    clause is the noun the clause modifies."""
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
        if after_feeling(current):
            current = feeling_clause(current)
            continue
        if current.dep_ != "conj" and not participle and purpose_of(current) is None:
            return None
        current = current.head
    return None


def purpose_of(verb: Token) -> Token | None:
    """The past action a "to" clause of purpose hangs on, which makes the clause's verb an act done, not
    a plan: "took to Twitter to state that …", "used the rally to announce …" (but "plans to announce"
    and "refused to say" are complements, not purposes)."""
    head = verb.head
    if verb.dep_ != "advcl" or head.i >= verb.i or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    return head if head.tag_ == "VBD" else None


def after_feeling(verb: Token) -> bool:
    """A verb after an adjective of feeling and "to", which makes it the act itself, not a plan: "is
    pleased to announce", "was saddened to report"."""
    return verb.dep_ == "xcomp" and verb.head.lower_ in FEELING_ADJECTIVES and verb.head.i < verb.i


def feeling_clause(verb: Token) -> Token:
    """The word that holds the subject and auxiliaries of "is pleased to announce": the adjective, or
    the copula it complements."""
    feeling = verb.head
    return feeling.head if feeling.dep_ == "acomp" else feeling


def prepositional_agent(cue: Token) -> Token | None:
    """X of "according to X" or "as per X"."""
    doc = cue.doc
    if cue.lower_ == "according":
        return next((g for c in cue.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj"), None)
    if cue.lower_ == "per" and cue.i > 0 and doc[cue.i - 1].lower_ == "as":
        return next((c for c in cue.children if c.dep_ == "pobj"), None)
    return None


def is_reduced_attribution(cue: Token) -> bool:
    """A sentence-final attribution the parser read as a noun with a participle: "…, the agency
    Reuters reported (on Monday)." The noun phrase follows a comma and the verb ends the sentence."""
    if cue.dep_ != "acl" or cue.head.i != cue.i - 1:
        return False
    start = cue.head.left_edge.i
    return start > 0 and cue.doc[start - 1].text == "," and phrase_ends_sentence(cue)


def phrase_ends_sentence(cue: Token) -> bool:
    """The verb's phrase runs to its sentence's end (bar punctuation)."""
    last = cue.sent[-1]
    while last.i > cue.i and (last.is_punct or last.is_space):
        last = last.doc[last.i - 1]
    return cue.right_edge.i >= last.i


def trim(first: Token, last: Token) -> tuple[int, int]:
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
