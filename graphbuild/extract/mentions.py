"""Entity mentions from a spaCy Doc: the named-entity spans, cleaned and completed by grammar rules.

Rules (each general English, none tied to an article):
- leading determiners, titles, honorifics and reporting verbs are not part of a person's name
  ("Said Okafor", "Secretary-Treasurer Lee's"); the titled form is kept as ``Mention.form``;
- a possessive or a dangling preposition is not part of a name ("the DWU's", "the Party of");
- an organisation name cut before "of" continues over the proper nouns after it, and "X of the Y"
  organisations are joined ("the Office of the Commission" + "of the Party");
- an honorific introduces a person even when the model missed it ("Comrade To Binh");
- a lone capitalised word inside a title is not an organisation ("Secretary of State"), nor is a
  name after a number or ordinal ("the 14th National Congress", "737 MAX");
- acronyms defined in parentheses, or spelling the initials of a named organisation, are mentions
  of that organisation (see acronyms.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from ..model import EntityKind, Mention
from .acronyms import ACRONYM_TOKEN, definition_after, spelled_by_one
from .lexicon import (
    CALENDAR_WORDS,
    COUNTRY_VARIANTS,
    EVENT_HEADS,
    GENERIC_ORG_NOUNS,
    HONORIFICS,
    LAW_HEADS,
    LOWERCASE_BODIES,
    MEMBER_NOUNS,
    MINISTRY_NOUNS,
    MOTION_PREPOSITIONS,
    MOTION_VERBS,
    NAMED_BODY_HEADS,
    NUMBERED_UNITS,
    PERSON_NOUNS,
    PERSONAL_TITLES,
    PLACE_ABBREVIATIONS,
    PLURAL_HONORIFICS,
    PORTFOLIO_LINKS,
    PORTFOLIOS,
    PREPOSITIONS,
    REPORTING_VERBS,
    SUBBODY_NOUNS,
    TIME_ZONES,
    TITLE_WORDS,
    UNIT_NOUNS,
)
from .parse import word_of

LABEL_KINDS: dict[str, EntityKind] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}
_DETERMINERS = {"the", "a", "an", "this", "that"}
_POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)?$", re.IGNORECASE)
_OPENERS = {"(", "[", "{"}
_FILE_NAME = re.compile(r"\.(jpe?g|png|gif|webp|svg|tiff?|pdf)$", re.IGNORECASE)
_CORRECTION = re.compile(r" ?\[([A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){0,3})\]")
_CODE = re.compile(r"[A-Z]+[A-Z\d]*\d[A-Z\d]*")  # an alphanumeric code: "MI5", "G20", "T20"
_ABBREVIATION = re.compile(r"^[A-Z][a-z]*[A-Z][A-Za-z]?$")  # "MoU", "PhD": short, capital after small


@dataclass(frozen=True)
class Found:
    """Mentions of one article plus the acronyms it defines (acronym -> expansion)."""

    mentions: list[Mention]
    acronyms: dict[str, str]


def _is_title(token: Token) -> bool:
    return word_of(token) in TITLE_WORDS or token.text in {"-", "\u2013"} or _plural_title(token)


def _trim(doc: Doc, start: int, end: int, kind: EntityKind) -> tuple[int, int]:
    while start < end and doc[start].lower_ in _DETERMINERS:
        start += 1
    if kind == "person":
        while start < end and (
            _is_title(doc[start])
            or doc[start].lower_ in REPORTING_VERBS
            or _opening_preposition(doc, start)
            or doc[start].is_punct
        ):
            start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct or _dangling(doc, end - 1)):
        end -= 1
    return start, end


def _opening_preposition(doc: Doc, i: int) -> bool:
    """A preposition capitalised because it opens a sentence or a quote ("Under Okafor's leadership");
    mid-sentence a capitalised "To" is part of a name ("met with To Binh")."""
    return doc[i].lower_ in PREPOSITIONS and (i == 0 or doc[i].is_sent_start or not doc[i - 1].is_alpha)


def _dangling(doc: Doc, i: int) -> bool:
    """A preposition or conjunction a name cannot end with; "of" is left for _extend_organisation."""
    return doc[i].pos_ in ("ADP", "CCONJ", "DET") and doc[i].lower_ != "of"


def _extend_organisation(doc: Doc, end: int) -> int:
    """Continue an organisation name over "of [the] Proper Nouns" and over a following organisation."""
    while end < len(doc):
        if doc[end - 1].lower_ == "of":  # the model stopped at "of": take the proper nouns after it
            j = end
            while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].ent_type_ not in ("DATE", "PERSON"):
                j += 1
            if j == end:
                return end - 1
            end = j
            continue
        if doc[end].lower_ != "of" or end + 1 >= len(doc):
            return end
        j = end + 1 + (doc[end + 1].lower_ == "the")
        if j < len(doc) and doc[j].ent_type_ == "ORG" and doc[j].ent_iob_ in ("B", "I"):
            k = j
            while k < len(doc) and doc[k].ent_type_ == "ORG" and (k == j or doc[k].ent_iob_ == "I"):
                k += 1
            end = k
            continue
        if word_of(doc[end - 1]) in GENERIC_ORG_NOUNS and j < len(doc) and doc[j].pos_ == "PROPN":
            k = j
            while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].ent_type_ in ("", "GPE", "ORG", "LOC"):
                k += 1
            end = k
            continue
        return end
    return end


def _unit_at_parent(doc: Doc, start: int, end: int) -> int:
    """A unit named "at" the body it belongs to is one name with it: "the School of Law at Lindale
    University", "the Institute for Peace at the Lindale College" (its head noun names a unit)."""
    words = [t.lower_ for t in doc[start:end]]
    head = doc[start + words.index("of") - 1] if "of" in words[1:] else doc[end - 1]
    if end + 1 >= len(doc) or doc[end].lower_ != "at" or word_of(head) not in UNIT_NOUNS or not head.is_title:
        return end
    j = end + 1 + (doc[end + 1].lower_ == "the")
    if j >= len(doc) or doc[j].ent_type_ != "ORG" or doc[j].ent_iob_ != "B":
        return end
    k = j + 1
    while k < len(doc) and doc[k].ent_iob_ == "I":
        k += 1
    return k


def _names_a_law(doc: Doc, end: int) -> bool:
    """Words before a capitalised "Act" or "Bill" are the name of a law, not of a body: "the Fair Wages
    Act", "the Social Insurance Bill H.R. 12" (a first name goes on with a surname: "Bill Lane")."""

    def law_head(i: int) -> bool:
        return 0 < i < len(doc) and doc[i].is_title and word_of(doc[i]) in LAW_HEADS

    i = end if law_head(end) else end - 1
    return law_head(i) and not (i + 1 < len(doc) and doc[i + 1].is_alpha and doc[i + 1].is_title)


def _hyphen_prefix(doc: Doc, i: int) -> bool:
    """A word joined by a hyphen to the next one, with no space: the "co" of "co-Chair"."""
    return i + 1 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_ and not doc[i + 1].whitespace_


def _title_form(doc: Doc, start: int, tagged_from: int) -> int:
    """Where a person's titled form begins: up to three title or honorific words before the name
    (words of the model's own span, from ``tagged_from``, whatever it labelled them)."""
    begin = start
    while (
        begin > 0
        and start - begin < 3
        and (_is_title(doc[begin - 1]) or _hyphen_prefix(doc, begin - 1))
        and (doc[begin - 1].ent_type_ in ("", "PERSON") or begin - 1 >= tagged_from)
    ):
        if doc[begin - 1].is_alpha and not doc[begin - 1].text[0].isupper() and not _hyphen_prefix(doc, begin - 1):
            break  # only capitalised titles stand in a name's form: "President Okafor", not "member Okafor"
        begin -= 1
    while begin < start and doc[begin].text in {"-", "\u2013"}:
        begin += 1
    return begin


def _extend_person_left(doc: Doc, start: int) -> int:
    """Take in a capitalised word the model left out mid-sentence ("met with To Binh")."""
    while start > 0:
        prev = doc[start - 1]
        if not (prev.is_alpha and prev.is_title and not prev.is_sent_start and not prev.ent_type_):
            break
        if (
            _is_title(prev)
            or prev.lower_ in REPORTING_VERBS
            or _opening_preposition(doc, start - 1)
            or prev.pos_ in ("VERB", "AUX", "PRON", "DET")
        ):
            break
        start -= 1
    return start


def _is_title_fragment(doc: Doc, start: int, end: int) -> bool:
    """A lone capitalised word after "Title of" is part of the title: "Secretary of State"."""
    return end - start == 1 and start >= 2 and doc[start - 1].lower_ == "of" and _is_title(doc[start - 2])


def _after_number(doc: Doc, start: int) -> bool:
    return start > 0 and (doc[start - 1].like_num or bool(_ORDINAL.match(doc[start - 1].text)))


def _cut_at_break(doc: Doc, start: int, end: int) -> int:
    """A name stops at a line break or an opening bracket: "Ana Ruiz\nLee", "Labour Office (WLO"."""
    for i in range(start, end):
        if i > start and (doc[i].is_space or doc[i].text in _OPENERS):
            return i
    return end


def _person_by_context(doc: Doc, start: int, end: int) -> bool:
    """An organisation or place label on what grammar says is a person: right after a lowercase
    personal title ("board chair Ana Ruiz"), in apposition to a person noun ("its candidate, Ana
    Ruiz,") or followed by an age ("Ana Ruiz, 43,")."""
    if end - start < 2 or not all(t.is_alpha and t.is_title for t in doc[start:end]):
        return False
    if any(word_of(t) in GENERIC_ORG_NOUNS for t in doc[start:end]):
        return False
    before = doc[start - 1] if start else None
    if before is not None and before.is_lower and word_of(before) in PERSONAL_TITLES:
        return True
    if word_of(doc[start]) in PERSONAL_TITLES and end - start <= 4 and doc[start + 1].pos_ == "PROPN":
        return True  # "Secretary Lind": a capitalised title and a name, not an organisation
    if start >= 2 and before is not None and before.text == "," and doc[start - 2].lower_ in PERSON_NOUNS:
        return True
    if _described_as_his_or_hers(doc[start:end].root):
        return True
    return end + 2 < len(doc) and doc[end].text == "," and _is_age(doc[end + 1]) and doc[end + 2].is_punct


def _described_as_his_or_hers(root: Token) -> bool:
    """A name in apposition to "his ..." or "her ..." names a person ("X, his alleged accomplice,"):
    English refers to an organisation by "its"; "his company" and the like are left out."""
    return any(
        child.dep_ == "appos"
        and word_of(child) not in GENERIC_ORG_NOUNS
        and any(g.dep_ == "poss" and g.lower_ in ("his", "her") for g in child.children)
        for child in root.children
    )


def _is_age(token: Token) -> bool:
    return token.is_digit and 15 <= int(token.text) <= 110


def _not_a_name(doc: Doc, start: int, end: int, kind: EntityKind) -> bool:
    """Words the model takes for names that are not: "Saturday", "GMT", an abbreviation ("MoU")."""
    span = doc[start:end]
    if end - start == 1 and (span.text.lower() in CALENDAR_WORDS or span.text in TIME_ZONES):
        return True
    if kind == "person" and any(len(t.text) <= 4 and _ABBREVIATION.match(t.text) for t in span):
        return True
    return kind == "person" and _is_title_fragment(doc, start, end)


def _credit(doc: Doc, start: int, end: int) -> bool:
    """A photo or agency credit joined by a slash: "[Ana Ruiz/Agency]", "... at its helm. / Agency"."""
    return (start > 0 and doc[start - 1].text.endswith("/")) or (end < len(doc) and doc[end].text.startswith("/"))


def _numbered_unit(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Where an organisation's name ends and where a numbered unit after it ends: "DWU Local 1248",
    "Lodge 12" (a union's local or a society's lodge is an organisation of its own, and its number
    is part of its name). The model may have tagged the unit already."""
    unit = end - 2
    if unit > start and word_of(doc[unit]) in NUMBERED_UNITS and doc[unit].is_title and doc[end - 1].is_digit:
        return unit, end
    if end + 1 < len(doc) and word_of(doc[end]) in NUMBERED_UNITS and doc[end].is_title and doc[end + 1].is_digit:
        return end, end + 2
    return end, end


def _opens_a_title(doc: Doc, start: int, end: int) -> bool:
    """A lone title word before a capitalised title is part of that title, not an organisation:
    "International Vice President", "National Secretary"."""
    return end - start == 1 and _is_title(doc[start]) and end < len(doc) and doc[end].is_title and _is_title(doc[end])


def _motion_end(doc: Doc, start: int, end: int) -> bool:
    """The goal or source of a verb of moving is a place, whatever the model says: "she came to
    Lindale from Mount St. Anne"."""
    root = doc[start:end].root
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ in MOTION_PREPOSITIONS and prep.head.lower_ in MOTION_VERBS


def _past_abbreviation(doc: Doc, end: int) -> int:
    """A place's name goes on past an abbreviation's full stop, even where the parser saw a sentence
    end: "Mount St. Anne", "Mt. Pleasant"."""
    while end < len(doc) and word_of(doc[end - 1]) in PLACE_ABBREVIATIONS and doc[end - 1].text[:1].isupper():
        nxt = end + (doc[end].text == "." and not doc[end - 1].text.endswith("."))
        if nxt >= len(doc) or not (doc[nxt].is_alpha and doc[nxt].is_title):
            break
        end = nxt + 1
    return end


def _is_code(word: str) -> bool:
    return bool(ACRONYM_TOKEN.fullmatch(word) or _CODE.fullmatch(word))


def _has_number(name: str) -> bool:
    """A number in a name, other than inside a code of capitals and digits ("MI5", "G20")."""
    return any(any(c.isdigit() for c in w) and not _CODE.fullmatch(w) for w in name.split())


def _span_mention(doc: Doc, start: int, end: int, kind: EntityKind) -> Mention | None:
    tagged_from = start
    end = _cut_at_break(doc, start, end)
    if kind == "person" and _motion_end(doc, start, end):
        kind = "place"
    end = _past_abbreviation(doc, end)
    if kind in ("organisation", "place") and _person_by_context(doc, start, end):
        kind = "person"
    start, end = _trim(doc, start, end, kind)
    if start >= end or _not_a_name(doc, start, end, kind):
        return None
    if kind == "organisation":
        end = _extend_organisation(doc, end)
        start, end = _trim(doc, start, end, kind)
        end = _unit_at_parent(doc, start, end)
        if start >= end or _is_title_fragment(doc, start, end) or _after_number(doc, start):
            return None
        if word_of(doc[end - 1]) in EVENT_HEADS and end - start > 1 and _is_code(doc[start].text):
            end = start + 1  # "the G20 Foreign Ministers' Meeting": an event of the G20
        elif _opens_a_title(doc, start, end) or word_of(doc[end - 1]) in EVENT_HEADS or _names_a_law(doc, end):
            return None  # "the Union Executive Meeting" is an event of the body, not a body
        if end - start == 1 and len(doc[start].text) == 2 and start >= 2 and doc[start - 1].text == ",":
            kind = "place"  # "NEW YORK, NY": a state or country code, not an organisation
    if kind == "person":
        start = _extend_person_left(doc, start)
        if start >= end or all(_is_title(t) for t in doc[start:end]):
            return None
    name_end, end = _numbered_unit(doc, start, end) if kind == "organisation" else (end, end)
    text = doc[start:end].text
    named = doc[start:name_end].text
    if kind != "place" and (_has_number(named) or "/" in text or _credit(doc, start, end)):
        return None
    if _FILE_NAME.search(text) or (end < len(doc) and _FILE_NAME.match(doc[end].text)):  # "Ana Ruiz.jpg"
        return None
    if not any(c.isupper() for c in text):
        return None
    form = None
    if kind == "person":
        begin = _title_form(doc, start, tagged_from)
        form = doc[begin:end].text if begin < start else None
    return Mention(doc[start].idx, doc[start].idx + len(text), text, kind, form)


def _introduces_a_name(tok: Token) -> bool:
    """An honorific ("Comrade", "Mr.") or a capitalised personal title ("co-Chair", "President")."""
    if word_of(tok) in HONORIFICS:
        return True
    return word_of(tok) in PERSONAL_TITLES and tok.text[:1].isupper()


def _honorific_people(doc: Doc) -> list[Mention]:
    """People the model missed, introduced by an honorific or a capitalised personal title:
    "Comrade Lee", "Mr. Okafor", "Union co-Chair Jane Doe spoke"."""
    found = []
    for tok in doc:
        if not _introduces_a_name(tok) or tok.i + 1 >= len(doc):
            continue
        prev = doc[tok.i - 1] if tok.i else None
        if (
            word_of(tok) in HONORIFICS
            and prev is not None
            and prev.is_alpha
            and prev.is_title
            and not prev.is_sent_start
            and not tok.is_sent_start
        ):
            continue  # the honorific is inside a longer name: "the Hello Comrade Project"
        j = tok.i + 1
        while j < len(doc) and j - tok.i <= 3 and _name_word(doc[j]):
            j += 1
        if j > tok.i + 1:
            mention = _span_mention(doc, tok.i + 1, j, "person")
            if mention:
                found.append(mention)
    return found


def _plural_title(tok: Token) -> bool:
    """A capitalised plural title or form of address: "Trustees", "Senators", "Secretaries", "Messrs."."""
    word = word_of(tok)
    if not tok.text[:1].isupper() or not word.endswith("s") or len(word) < 4:
        return False
    singular = word[:-3] + "y" if word.endswith("ies") else word[:-1]
    return word in PLURAL_HONORIFICS or singular in TITLE_WORDS


def _roll_call(doc: Doc) -> list[Mention]:
    """A plural title before a list of names titles each of them: "Trustees Lee, Park and Ng" names
    three people, as a roll-call in minutes does, whatever labels the model gave the names."""
    found = []
    for tok in doc:
        if not _plural_title(tok):
            continue
        items, i = [], tok.i + 1
        i += i < len(doc) and doc[i].text == "."
        while i < len(doc):
            j = i
            while j < len(doc) and j - i < 3 and doc[j].is_alpha and doc[j].is_title and not _is_title(doc[j]):
                j += 1
            if j == i:
                break
            items.append((i, j))
            i = j + (j < len(doc) and doc[j].text == ",")
            if i < len(doc) and doc[i].lower_ in ("and", "&"):
                i += 1
            elif j == i:
                break
        if len(items) > 1:
            found += [m for s, e in items if (m := _span_mention(doc, s, e, "person"))]
    return found


def _coded_bodies(doc: Doc) -> list[Mention]:
    """A code of three capitals or more that the model left untagged names a body when it qualifies
    the people who act for one: "a meeting of NWA diplomats", "TUC leaders said". A country's code
    names a place ("USA officials")."""
    found = []
    for tok in doc[:-1]:
        if (
            not tok.ent_type_
            and len(tok.text) >= 3
            and ACRONYM_TOKEN.fullmatch(tok.text)
            and doc[tok.i + 1].lower_ in MEMBER_NOUNS
            and tok.lower_ not in COUNTRY_VARIANTS
        ):
            found.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, "organisation"))
    return found


def _lowercase_ministries(doc: Doc) -> list[Mention]:
    """A ministry named by its field in lower case is an organisation: "the home ministry", "the
    home affairs ministry", "the finance department" (English capitalises it only in full)."""
    found = []
    for tok in doc:
        if tok.text not in MINISTRY_NOUNS or tok.i == 0:
            continue
        start = tok.i
        while start > 0 and doc[start - 1].text in PORTFOLIOS | PORTFOLIO_LINKS:
            start -= 1
        while start < tok.i and doc[start].text not in PORTFOLIOS:
            start += 1
        if start < tok.i:  # a ministry word alone ("the ministry") refers back: not a name
            span = doc[start : tok.i + 1]
            found.append(Mention(span.start_char, span.end_char, span.text, "organisation"))
    return found


def _national_governments(doc: Doc) -> list[Mention]:
    """A country's or a people's name before "government" names that government, an organisation:
    "the Ruritanian government", "the U.S. government" (English writes it in lower case)."""
    found = []
    for ent in doc.ents:
        if ent.label_ in ("GPE", "NORP") and ent.end < len(doc) and doc[ent.end].lower_ == "government":
            start = ent.start + (doc[ent.start].lower_ == "the")
            span = doc[start : ent.end + 1]
            found.append(Mention(span.start_char, span.end_char, span.text, "organisation"))
    return found


def _and_a_noun(doc: Doc, i: int) -> bool:
    return doc[i].lower_ == "and" and i + 1 < len(doc) and doc[i + 1].pos_ == "NOUN"


def _lowercase_bodies(doc: Doc) -> list[Mention]:
    """A body named in lower case by what it deals with: "the board of trustees", "the committee on
    teachers and text books" (a body noun after "the", "of" or "on", and nouns with no article
    between). Minutes and local news name bodies so. A noun before the body noun names none: "the
    arrangements committee" is a working group, not an organisation of the story."""
    found = []
    for tok in doc:
        if tok.text not in LOWERCASE_BODIES or tok.i == 0 or doc[tok.i - 1].lower_ != "the":
            continue
        end = tok.i + 2
        if end >= len(doc) or doc[end - 1].lower_ not in ("of", "on") or doc[end].pos_ != "NOUN":
            continue
        while end < len(doc) and end - tok.i < 7 and (doc[end].pos_ == "NOUN" or _and_a_noun(doc, end)):
            end += 1
        span = doc[tok.i : end]
        found.append(Mention(span.start_char, span.end_char, span.text, "organisation"))
    return found


def _capitalised_bodies(doc: Doc, text: str) -> list[Mention]:
    """After "the" or a possessive, capitalised words ending in a capitalised organisation noun name an
    organisation the model may have missed: "the A. Philip Randolph Institute", "the union's Container
    Industry Conference"."""
    found = []
    for tok in doc:
        if not (tok.is_title and tok.lower_ in NAMED_BODY_HEADS) or tok.ent_type_ in ("GPE", "LOC", "FAC"):
            continue
        start = tok.i
        while start > 0 and (doc[start - 1].is_title or doc[start - 1].is_upper) and doc[start - 1].lower_ != "the":
            start -= 1
        opening = doc[start - 1] if start > 0 else None
        if start == tok.i or opening is None or not (opening.text == "the" or opening.text in _POSSESSIVE):
            continue
        following = doc[tok.i + 1 : tok.i + 3]
        if following and (following[0].is_title or (following[0].lower_ == "of" and following[-1].is_title)):
            continue  # the name goes on: "the School Board Meeting", "the National Council of Churches"
        span = doc[start : tok.i + 1]
        if all(_is_title(t) for t in span):
            continue  # an office, not a body: "the Chief Executive"
        if is_title_case_line(_line_of(text, span.start_char, span.end_char)):
            continue  # a headline capitalises every word
        found.append(Mention(span.start_char, span.end_char, span.text, "organisation"))
    return found


def _name_word(tok: Token) -> bool:
    """A word that can be part of a person's name after a title: capitalised, not a title itself, not
    part of an organisation, place or date, and not a generic organisational noun."""
    if not (tok.is_alpha and tok.is_title) or _is_title(tok) or word_of(tok) in GENERIC_ORG_NOUNS:
        return False
    return tok.ent_type_ not in ("ORG", "GPE", "NORP", "DATE", "LOC", "FAC")


def _body_end(doc: Doc, start: int) -> int:
    """Where a body named after a possessive ends ("Governing Body", "board of directors"), or start.

    Up to three modifiers, a sub-body noun, and an optional "of" with one or two nouns. A lowercase
    phrase needs two words or more: "the company's board of directors", not "the company's board"."""
    i = start
    while i < len(doc) and i - start < 4 and doc[i].pos_ in ("PROPN", "NOUN", "ADJ") and doc[i].is_alpha:
        i += 1
    while i > start and word_of(doc[i - 1]) not in SUBBODY_NOUNS:
        i -= 1
    if i == start:
        return start
    if i + 1 < len(doc) and doc[i].lower_ == "of" and doc[i + 1].pos_ in ("NOUN", "PROPN"):
        i += 2
        i += i < len(doc) and doc[i].pos_ in ("NOUN", "PROPN") and doc[i].is_alpha
    capitalised = all(t.is_title for t in doc[start:i] if t.lower_ != "of")
    return i if capitalised or i - start >= 2 else start


def _possessed_bodies(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A body named after an organisation's possessive is a sub-body of it: "the WLO's Governing Body"
    names "Governing Body", with the possessive form as its fuller form (identity reads the parent)."""
    starts = {t.idx: t.i for t in doc}
    found = []
    for m in mentions:
        if m.kind != "organisation" or m.start not in starts:
            continue
        end = starts[m.start]
        while end < len(doc) and doc[end].idx < m.end:
            end += 1
        if end + 1 >= len(doc) or doc[end].text not in ("'s", "\u2019s"):
            continue
        body_end = _body_end(doc, end + 1)
        if body_end > end + 1:
            body = doc[end + 1 : body_end]
            whole = f"{m.text}{doc[end].text} {body.text}"
            found.append(Mention(body.start_char, body.end_char, body.text, "organisation", whole))
    return found


def _owned_by_place_or_office(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """An organisation named after a place's or an office's possessive has that possessive form as
    its fuller name: "Ruritania's Ministry of Trade", "the Prime Minister's Security Committee"
    (which country's ministry, which office's committee)."""
    places = {m.end: m for m in mentions if m.kind == "place"}
    by_start = {t.idx: t.i for t in doc}
    out = []
    for m in mentions:
        i = by_start.get(m.start)
        if m.kind != "organisation" or m.form or i is None or i < 2 or doc[i - 1].text not in ("'s", "\u2019s"):
            out.append(m)
            continue
        owner = doc[i - 1].idx
        begin: int | None = places[owner].start if owner in places else None
        j = i - 1
        while j > 0 and doc[j - 1].is_title and _is_title(doc[j - 1]) and doc[j - 1].lower_ not in HONORIFICS:
            j -= 1
        if begin is None and j < i - 1:
            begin = doc[j].idx
        form = None if begin is None else doc.text[begin : m.end]
        out.append(Mention(m.start, m.end, m.text, m.kind, form) if form else m)
    return out


_BRACKETED_ACRONYM = re.compile(r"\s*\(\s*[A-Z][A-Za-z&.\-]{1,9}\s*\)\s?")


def _past_bracketed_acronym(text: str, mentions: list[Mention]) -> list[Mention]:
    """A name that goes on after an acronym defined in brackets is one name, the acronym an aside:
    "the Dock Workers Union (DWU) Executive Board" names the board, with that whole form as its
    fuller name (identity reads the owner before the brackets)."""
    orgs = {m.end: m for m in mentions if m.kind == "organisation"}
    out = []
    for m in mentions:
        owner = None
        if m.kind == "organisation" and not m.form:
            owner = next(
                (o for end, o in orgs.items() if end < m.start and _BRACKETED_ACRONYM.fullmatch(text, end, m.start)),
                None,
            )
        out.append(Mention(m.start, m.end, m.text, m.kind, text[owner.start : m.end]) if owner else m)
    return out


def _with_corrections(text: str, mentions: list[Mention]) -> list[Mention]:
    """An editor's correction in brackets after a name is the same person: "A. F. Germoi [Adolph
    Germer]" (transcribed newspapers). The corrected name becomes the mention's fuller form."""
    out: list[Mention] = []
    skip_until = -1
    for m in mentions:
        if m.start < skip_until:
            continue
        fixed = _CORRECTION.match(text, m.end) if m.kind == "person" else None
        if fixed:
            m = Mention(m.start, m.end, m.text, m.kind, fixed.group(1))
            skip_until = fixed.end()
        out.append(m)
    return out


_JOINT_CREDIT = re.compile(r"^([A-Z]{2,8}(?:/[A-Z]{2,8})+)\s*[-\u2013\u2014:]\s", re.MULTILINE)
_CODE_IN_CREDIT = re.compile(r"[A-Z]+")


def _joint_credits(text: str) -> list[Mention]:
    """Agencies credited together at the head of a story, "AP/Reuters - ...": each code is an
    organisation that carried the story (a photo credit pairs a person with an agency instead)."""
    return [
        Mention(found.start(1) + code.start(), found.start(1) + code.end(), code.group(), "organisation")
        for found in _JOINT_CREDIT.finditer(text)
        for code in _CODE_IN_CREDIT.finditer(found.group(1))
    ]


_DATELINE = re.compile(r"(?:^|\n)[ \t]*[A-Z][A-Z .,'\-]*\($")
_AFTER_DATELINE = re.compile(r"^\)\s*[-\u2013\u2014:]")


def _dateline_credit(text: str, m: Mention) -> bool:
    """An agency credited in a dateline, "LAGOS (Reuters) -": the wire that carried the story, not an
    organisation of it (AP and Reuters style)."""
    line_start = text.rfind("\n", 0, m.start) + 1
    return bool(_DATELINE.search(text[line_start : m.start]) and _AFTER_DATELINE.match(text[m.end : m.end + 4]))


def _continued(text: str, mentions: list[Mention]) -> list[Mention]:
    """A name cut where the article writes the rest in lower case is the longer name it names
    elsewhere: "the United Mine workers" when "United Mine Workers of America" is named."""
    longer = {m.text for m in mentions if m.kind == "organisation" and " " in m.text}
    out = []
    for m in mentions:
        best = m.end
        for name in longer if m.kind == "organisation" else ():
            if len(name) <= len(m.text) or not name.lower().startswith(m.text.lower() + " "):
                continue
            words = name[len(m.text) :].split()
            at, taken = m.end, 0
            for word in words:
                found = re.match(rf"\s+{re.escape(word)}(?![\w-])", text[at:], re.IGNORECASE)
                if not found:
                    break
                at, taken = at + found.end(), taken + 1
            if taken and at > best:
                best = at
        out.append(m if best == m.end else Mention(m.start, best, text[m.start : best], m.kind, m.form))
    return out


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longer of two overlapping mentions (the earlier one on a tie)."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _acronym_mentions(text: str, mentions: list[Mention]) -> tuple[list[Mention], dict[str, str]]:
    orgs = [m for m in mentions if m.kind == "organisation"]
    defined: dict[str, str] = {}
    for m in orgs:
        found = definition_after(text, m.end, m.text)
        if found:
            defined.setdefault(found[0], found[1])
    extra = []
    taken = [(m.start, m.end) for m in mentions]
    for m in orgs:  # an acronym the model tagged by itself ("the AU") spells a named organisation
        if ACRONYM_TOKEN.fullmatch(m.text) and m.text.rstrip(".") not in defined:
            expansion = spelled_by_one(m.text.rstrip("."), [o.text for o in orgs if o.text != m.text])
            if expansion:
                defined[m.text.rstrip(".")] = expansion
    for match in ACRONYM_TOKEN.finditer(text):
        acronym = match.group(1).rstrip(".")
        if any(s <= match.start() < e for s, e in taken):
            continue
        if acronym not in defined:
            expansion = spelled_by_one(acronym, [m.text for m in orgs])
            if not expansion:
                continue
            defined[acronym] = expansion
        extra.append(Mention(match.start(), match.start() + len(acronym), acronym, "organisation"))
    return extra, defined


_FUNCTION_WORDS = frozenset("a an and as at by for from in is of on or the to with".split())


def _line_of(text: str, start: int, end: int) -> str:
    return text[text.rfind("\n", 0, start) + 1 : (text.find("\n", end) + 1 or len(text) + 1) - 1]


def is_title_case_line(line: str) -> bool:
    """A headline-style line ("Okafor Tells Members the Union Is Ready"): four words or more,
    nearly all content words capitalised, and no full stop at the end. The model's entity boundaries
    are unreliable there."""
    if line.rstrip(" \"'\u201d\u2019)").endswith((".", "!", "?")):
        return False
    words = [w for w in line.split() if w[:1].isalpha() and w.lower() not in _FUNCTION_WORDS]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.85 * len(words)


_DECK_STOP = re.compile(r"[.!?]\s+|\(")


def _all_capitalised(stretch: str) -> bool:
    """Every content word capitalised, as in a deck ("One of the Slayers of Ann Lee Convicted"); a sentence
    full of names still has its verbs in lower case ("Minister Ana Ruiz arrived in Lindale"). Function
    words (spaCy's English stop-word list) may stay in lower case in a deck."""
    words = [w for w in stretch.split() if w[:1].isalpha() and w.lower() not in STOP_WORDS]  # closed classes
    return len(words) >= 4 and all(w[0].isupper() for w in words)


def _deck_end(text: str, line_start: int, mentions: list[Mention]) -> int:
    """Where a headline-style deck that opens a paragraph line ends (transcribed newspapers run the
    decks and standfirst into the story's first line). The deck is made of title-case stretches
    up to a sentence stop or an opening bracket, each with capitalised words of its own besides the
    names in it: a line that opens with a name in full ("The Dock Workers Union (DWU) said") has none."""
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end == -1 else line_end
    at = line_start
    for stop in _DECK_STOP.finditer(text, line_start, line_end):  # the story runs on after a deck
        until = stop.start()
        if not text[stop.end() : line_end].strip():
            break
        chars = list(text[at:until])
        for m in mentions:
            for i in range(max(m.start, at), min(m.end, until)):
                chars[i - at] = " "
        own = [w for w in "".join(chars).split() if w[:1].isupper() and w.lower() not in _FUNCTION_WORDS]
        if len(own) < 2 or not _all_capitalised(text[at:until]):
            break
        at = stop.end()
        if stop.group() == "(":
            break
    return at


def _trusted(mentions: list[Mention], text: str) -> list[Mention]:
    """Drop names found only in headline-style text; names seen in running text are kept everywhere."""
    decks: dict[int, int] = {}
    headline = []
    for m in mentions:
        line_start = text.rfind("\n", 0, m.start) + 1
        if line_start not in decks:
            decks[line_start] = _deck_end(text, line_start, mentions)
        in_deck = m.end <= decks[line_start]
        headline.append(in_deck or is_title_case_line(_line_of(text, m.start, m.end)))
    in_prose = {m.text for m, h in zip(mentions, headline, strict=True) if not h}
    return [m for m, h in zip(mentions, headline, strict=True) if m.text in in_prose or not h]


def _post_nominal(doc: Doc, text: str, m: Mention) -> bool:
    """Letters set off by commas after a person's name, and nowhere else in the text, are a
    post-nominal credential, not an organisation: "Ana Ruiz, CPA, said"."""
    if m.kind != "organisation" or not ACRONYM_TOKEN.fullmatch(m.text):
        return False
    first = doc.char_span(m.start, m.start + 1, alignment_mode="expand")
    i = first.start if first is not None and doc[first.start].idx == m.start else None
    if i is None or i < 2 or i + 1 >= len(doc) or doc[i - 1].text != "," or doc[i + 1].text != ",":
        return False
    alone = len(re.findall(rf"(?<![\w.]){re.escape(m.text)}(?!\w)", text)) == 1
    return alone and doc[i - 2].ent_type_ == "PERSON"


def _coded_group(text: str, label: str) -> EntityKind | None:
    """A nationality or group label on a code of capitals ("MI5 agents", "NATO troops") is an
    organisation: nationalities are words ("British"), and a country's code is a place."""
    if label != "NORP" or not _is_code(text):
        return None
    return None if text.lower() in COUNTRY_VARIANTS else "organisation"


def find_mentions(doc: Doc) -> Found:
    spans = []
    for ent in doc.ents:
        kind = LABEL_KINDS.get(ent.label_) or _coded_group(ent.text, ent.label_)
        if kind and (mention := _span_mention(doc, ent.start, ent.end, kind)):
            spans.append(mention)
    text = doc.text  # spaCy joins it anew on every read
    spans += _coded_bodies(doc)
    mentions = _trusted(_without_overlaps(_roll_call(doc) + spans + _honorific_people(doc)), text)
    lowercase = _lowercase_ministries(doc) + _lowercase_bodies(doc) + _national_governments(doc)
    lowercase += _capitalised_bodies(doc, text)
    mentions = _without_overlaps(_continued(text, mentions) + lowercase + _joint_credits(text))
    mentions = [m for m in mentions if not _dateline_credit(text, m) and not _post_nominal(doc, text, m)]
    extra, acronyms = _acronym_mentions(text, mentions)
    mentions = _with_corrections(text, _without_overlaps(mentions + extra))
    mentions = _owned_by_place_or_office(doc, _past_bracketed_acronym(text, mentions))
    return Found(_without_overlaps(_possessed_bodies(doc, mentions) + mentions), acronyms)
