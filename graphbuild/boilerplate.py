"""Tell a page's story lines from its boilerplate, one line at a time, after jusText's idea.

jusText (https://github.com/miso-belica/jusText, "Removing Boilerplate and Duplicate Content from Web
Corpora", Pomikálek 2011) judges each paragraph on its own, by length, stop-word density and link
density, and then reclassifies short paragraphs by their neighbours. Its own classifier needs an HTML
DOM (link characters, tag paths) and drops every short paragraph at the edge of the story, so on plain
text it drops short real sentences. We keep its stop-word list and thresholds and its two ideas, and use
words instead of links: a line is boilerplate by its own features ("Share this", "Story continues below
advertisement", credit and contact lines, a copyright line, a repeat of an earlier line) and removes
only itself, except that an end-of-page marker ("Related Articles", "Join Now", "©", an "About us"
paragraph) after the story drops the trailing block it starts, provided that block holds no more story.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache

import justext

# jusText's defaults: a paragraph is long from 70 characters, and prose from 30% stop-words.
LENGTH_LOW = justext.core.LENGTH_LOW_DEFAULT
STOPWORDS_LOW = justext.core.STOPWORDS_LOW_DEFAULT


@cache
def stopwords() -> frozenset[str]:
    """jusText's English stop-word list (words only)."""
    return frozenset(w for w in justext.get_stoplist("English") if w.isalpha())


# Words of page furniture: links, sharing, ads, appeals, comments. A short line made of these is a link.
_LINK_WORDS = frozenset(
    """advertisement advertisements advertising ad ads adchoices sponsored sponsor content story continues
    below above share shares sharing this article post tweet email print whatsapp facebook twitter
    linkedin click here tap read more related articles posts stories news comments comment leave reply
    reply subscribe subscription newsletter sign up join now donate donation support us follow login
    log in register see all answer answers ask question questions next previous page back top home
    menu search you may also like recommended popular trending latest view gallery photos video watch
    listen podcast copy link cookie cookies accept privacy policy terms""".split()
)
# Words that mark a line as page furniture wherever they stand in a short line.
_STRONG_LINK_WORDS = frozenset(
    """advertisement adchoices sponsored subscribe newsletter donate donation click cookies
    paywall""".split()
)
# A heading that ends the story: what follows it is page furniture, unless more story follows.
_END_HEADINGS = frozenset(
    {
        "related", "related articles", "related posts", "related stories", "related news",
        "related content", "related links", "read more", "more stories", "more news",
        "you may also like", "recommended", "share this", "share this article", "share this story",
        "share", "comments", "leave a comment", "leave a reply", "join now", "join us", "donate",
        "donate now", "subscribe", "subscribe now", "sponsored content", "adchoices", "tags",
        "support the news you love", "most read", "most popular", "about the author",
    }
)  # fmt: skip
_COPYRIGHT = re.compile(r"©|&copy|^\(?c\)\s|^copyright\b|\ball rights reserved\b", re.I)
_ABOUT_HEADING = re.compile(r"^(?:About|ABOUT)\s+(?:the\s+)?[A-Z][\w&.'’-]*(?:\s+[\w&.'’-]+){0,6}\s*:?$")
_ABOUT_US = re.compile(
    r"^(?:The\s+)?[A-Z][\w&.'’-]*(?:\s+(?:of\s+)?[A-Z][\w&.'’()-]*){0,7}"
    r"\s+(?:represents|is\s+(?:a|an|the|one\s+of)\b)"
)
_END_MARK = re.compile(r"^(?:#{3}|-\s*30\s*-|-+\s*ends?\s*-+|\*{3})$", re.I)
_CREDIT_LINE = re.compile(
    r"^(?:images?|photos?|photographs?|pictures?|(?:photo|image) credits?)\s*:"
    r"|^\(?\s*(?:web\s+)?editor\s*:"
    r"|^(?:for\s+(?:more|further)\s+information,?\s*)?(?:(?:media|press|news)\s+)?contacts?\s*:",
    re.I,
)
_TRAILING_CREDIT = re.compile(r"\s*\([A-Z][^()/]{0,40}/[A-Z][^()/]{0,40}\)$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”]$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_QUOTE_OR_SAYING = re.compile(r"[\"“”]|\b(?:said|says|told|added|stated)\b")
_RUN_ON_WORD = re.compile(r"[^\W\d_]{25,}")
_MAX_HEADING_WORDS = 10
_MAX_HEADING_CHARS = 60
_MAX_MARKER_CHARS = 200  # a copyright line or a tag list; a longer line is text


class Kind(Enum):
    PROSE = "prose"  # a sentence or a long stop-word-dense line: the story's own text
    SHORT = "short"  # a heading-like line; kept when the story stands around it
    BOILERPLATE = "boilerplate"  # removes only itself
    END = "end"  # an end-of-page marker: removes itself and, after the story, the rest
    ABOUT = "about"  # an "About us" paragraph: prose inside the story, trailing boilerplate after it


_STORY = (Kind.PROSE, Kind.ABOUT)
_KEPT = (Kind.PROSE, Kind.ABOUT, Kind.SHORT)


@dataclass(frozen=True)
class Line:
    text: str
    kind: Kind


_NON_WORD = re.compile(r"\W+")


def text_key(text: str) -> str:
    """A line as compared with another: case, punctuation and spacing aside."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def stopword_density(text: str) -> float:
    words = [w.casefold() for w in _WORD.findall(text)]
    return sum(w in stopwords() for w in words) / len(words) if words else 0.0


def is_credit_line(line: str) -> bool:
    """A photo, image or web-editor credit, or a press contact: never part of the story."""
    return bool(_CREDIT_LINE.match(line))


def is_end_heading(line: str) -> bool:
    if len(line) > _MAX_HEADING_CHARS:
        return False
    heading = text_key(line)
    return heading in _END_HEADINGS or heading.endswith("mailbag")


def _is_appeal(words: list[str]) -> bool:
    """Two distinct furniture words that never tell a story ("Subscribe to our newsletter")."""
    return len({w.casefold() for w in words} & _STRONG_LINK_WORDS) >= 2


def _is_link_line(words: list[str]) -> bool:
    """A short line of page furniture: "Story continues below advertisement", "Click to follow"."""
    lowered = [w.casefold() for w in words]
    if len(lowered) > _MAX_HEADING_WORDS:
        return False
    furniture = sum(w in _LINK_WORDS for w in lowered)
    return furniture * 2 > len(lowered) or any(w in _STRONG_LINK_WORDS for w in lowered)


def _is_noise(line: str) -> bool:
    """No words at all ("190530065014507"), or words run together by a lost layout (tag lists)."""
    if not _WORD.search(line):
        return True
    return len(line) <= _MAX_MARKER_CHARS and bool(_RUN_ON_WORD.search(line))


def _is_prose(line: str, words: list[str]) -> bool:
    """A sentence of two words or more, or a long line as dense in stop-words as jusText's prose."""
    if _SENTENCE_END.search(line) and len(words) >= 2:
        return len(line) >= LENGTH_LOW or bool(stopword_density(line) > 0)
    return len(line) >= LENGTH_LOW and bool(stopword_density(line) >= STOPWORDS_LOW)


def classify_line(line: str) -> Kind:
    """The line's class from its own features only."""
    if len(line) <= _MAX_MARKER_CHARS and (
        _COPYRIGHT.search(line) or _END_MARK.match(line) or is_end_heading(line)
    ):
        return Kind.END
    if _ABOUT_HEADING.match(line):
        return Kind.END
    if _ABOUT_US.match(line) and len(line) >= 2 * LENGTH_LOW:
        return Kind.ABOUT
    if is_credit_line(line) or _is_noise(line):
        return Kind.BOILERPLATE
    words = _WORD.findall(line)
    if _is_appeal(words) or (not _SENTENCE_END.search(line) and _is_link_line(words)):
        return Kind.BOILERPLATE
    return Kind.PROSE if _is_prose(line, words) else Kind.SHORT


def classify(lines: Sequence[str], seen: Sequence[str] = ()) -> list[Line]:
    """Each non-empty line with its class; a repeat of an earlier line (or of ``seen``) is boilerplate."""
    known = {text_key(s) for s in seen}
    out: list[Line] = []
    for text in lines:
        if not text:
            continue
        key = text_key(text)
        kind = Kind.BOILERPLATE if key in known and len(key) > 0 else classify_line(text)
        known.add(key)
        out.append(Line(text, kind))
    return out


def _prose_chars(lines: Sequence[Line]) -> int:
    return sum(len(line.text) for line in lines if line.kind in _STORY)


def _story_voice(lines: Sequence[Line]) -> bool:
    """Prose with a quotation or a verb of saying: the story's own voice, never a page's furniture."""
    return any(line.kind in _STORY and _QUOTE_OR_SAYING.search(line.text) for line in lines)


def _ends_story(before: Sequence[Line], after: Sequence[Line]) -> bool:
    """An end marker ends the story when no story voice follows it, and what follows is only short
    lines (a list of links) or less text than the story told before it."""
    if _story_voice(after):
        return False
    if not any(line.kind in _STORY and len(line.text) >= LENGTH_LOW for line in after):
        return True
    told = _prose_chars(before)
    return told > 0 and told >= _prose_chars(after)


def trailing_start(lines: Sequence[Line]) -> int:
    """Where the page's trailing boilerplate begins: the first end marker that ends the story, else
    after the last prose line (a text of short lines only is kept whole)."""
    for index, line in enumerate(lines):
        if line.kind in (Kind.END, Kind.ABOUT) and _ends_story(lines[:index], lines[index + 1 :]):
            return index
    last_prose = max((i for i, line in enumerate(lines) if line.kind in _STORY), default=len(lines) - 1)
    return last_prose + 1


def keep_flags(lines: Sequence[Line]) -> list[bool]:
    """Which lines are story: prose and short lines before the trailing block, less boilerplate."""
    end = trailing_start(lines)
    return [index < end and line.kind in _KEPT for index, line in enumerate(lines)]


def clean_body(lines: list[str], seen: Sequence[str] = ()) -> str:
    """The story's lines, paragraphs joined with one blank line; ``seen`` lines (the headline) are
    repeats wherever they occur again."""
    classified = classify(lines, seen)
    keep = iter(keep_flags(classified))
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if not line:
            paragraphs.append([])
        elif next(keep):
            kept = _TRAILING_CREDIT.sub("", line)
            if kept:
                paragraphs[-1].append(kept)
    return "\n\n".join("\n".join(p) for p in paragraphs if p)
