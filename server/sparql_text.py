"""Reading SPARQL query text without running it: a lexer that knows strings, IRIs and comments.

pyoxigraph parses and evaluates queries but exposes no syntax tree, so the few facts the endpoint
needs *before* a query runs are read from tokens here:

- the query form (SELECT, ASK, CONSTRUCT, DESCRIBE), which decides the result formats on offer;
- an update sent as a query (INSERT, DELETE, LOAD, ...), refused before it reaches the store;
- every SERVICE endpoint the query would call, resolved through PREFIX and BASE, so that federation
  can be refused unless the endpoint is on the allow-list;
- what a DESCRIBE names, so that the endpoint can build a symmetric concise bounded description.

The token rules follow the terminals of the SPARQL 1.1 grammar
(https://www.w3.org/TR/sparql11-query/#terminals). The lexer never decides whether a query is valid:
pyoxigraph does that when it runs it. A keyword hidden in a string, an IRI, a prefixed name or a
comment is never taken for a keyword, and a keyword is never missed; the tests pin both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal
from urllib.parse import urljoin

QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]
QUERY_FORMS: frozenset[str] = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
# The first keyword of every SPARQL 1.1 Update operation (https://www.w3.org/TR/sparql11-update/#grammar).
UPDATE_KEYWORDS: frozenset[str] = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)

_NAME_START = r"A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D" \
              r"\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF"
_NAME_CHAR = _NAME_START + r"_0-9\-\u00B7\u0300-\u036F\u203F-\u2040"
_LOCAL_ESCAPE = r"\\[_~.\-!$&'()*+,;=/?#@%]|%[0-9A-Fa-f]{2}"

# Tried in this order at each position; the first that matches wins.
_TOKENS: list[tuple[str, re.Pattern[str]]] = [
    ("space", re.compile(r"\s+")),
    ("comment", re.compile(r"#[^\r\n]*")),
    ("string", re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''", re.DOTALL)),
    ("string", re.compile(r'"(?:[^"\\\r\n]|\\.)*"' r"|'(?:[^'\\\r\n]|\\.)*'")),
    ("iri", re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')),
    ("var", re.compile(rf"[?$][{_NAME_CHAR}]+")),
    ("bnode", re.compile(rf"_:[{_NAME_CHAR}](?:[{_NAME_CHAR}.]*[{_NAME_CHAR}])?")),
    ("pname", re.compile(
        rf"(?:[{_NAME_START}](?:[{_NAME_CHAR}.]*[{_NAME_CHAR}])?)?:"
        rf"(?:(?:[{_NAME_CHAR}:]|{_LOCAL_ESCAPE})(?:(?:[{_NAME_CHAR}:.]|{_LOCAL_ESCAPE})*(?:[{_NAME_CHAR}:]|{_LOCAL_ESCAPE}))?)?"
    )),
    ("langtag", re.compile(r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*")),
    ("number", re.compile(r"\d*\.\d+(?:[eE][+-]?\d+)?|\d+\.\d*[eE][+-]?\d+|\d+(?:[eE][+-]?\d+)?")),
    ("word", re.compile(r"[A-Za-z_][A-Za-z0-9_]*")),
    ("punct", re.compile(r"\^\^|&&|\|\||<=|>=|!=|.", re.DOTALL)),
]
_UNESCAPE_LOCAL = re.compile(r"\\(.)")


@dataclass(frozen=True)
class Token:
    kind: str  # iri, pname, var, bnode, string, number, langtag, word, punct
    text: str
    start: int

    @property
    def keyword(self) -> str:
        """The upper-cased word, or "" when the token is not a bare word (keywords are case-insensitive)."""
        return self.text.upper() if self.kind == "word" else ""


def tokens(query: str) -> list[Token]:
    """The query's tokens, without white space and comments."""
    found: list[Token] = []
    position = 0
    while position < len(query):
        kind, match = _match(query, position)
        if kind not in ("space", "comment"):
            found.append(Token(kind, match.group(), position))
        position = match.end()
    return found


def _match(query: str, position: int) -> tuple[str, re.Match[str]]:
    for kind, pattern in _TOKENS:
        match = pattern.match(query, position)
        if match:
            return kind, match
    raise AssertionError("unreachable: the punct rule matches any character")


class Prologue:
    """The BASE and PREFIX declarations, applied in order as the query reads them."""

    def __init__(self) -> None:
        self.base: str | None = None
        self.prefixes: dict[str, str] = {}

    def resolve(self, token: Token) -> str | None:
        """The absolute IRI an ``iri`` or ``pname`` token stands for, or None when it cannot be known."""
        if token.kind == "iri":
            return self._absolute(token.text[1:-1])
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            if prefix not in self.prefixes:
                return None
            return self.prefixes[prefix] + _UNESCAPE_LOCAL.sub(r"\1", local)
        return None

    def _absolute(self, iri: str) -> str:
        return urljoin(self.base, iri) if self.base else iri

    def read(self, items: list[Token], index: int) -> int:
        """Apply the declaration at ``items[index]`` if there is one; the index after it."""
        word = items[index].keyword
        if word == "BASE" and index + 1 < len(items) and items[index + 1].kind == "iri":
            self.base = self._absolute(items[index + 1].text[1:-1])
            return index + 2
        if (word == "PREFIX" and index + 2 < len(items) and items[index + 1].kind == "pname"
                and items[index + 2].kind == "iri"):
            self.prefixes[items[index + 1].text.rstrip(":").partition(":")[0]] = self._absolute(
                items[index + 2].text[1:-1]
            )
            return index + 3
        return index


@dataclass(frozen=True)
class ServiceCall:
    """A SERVICE clause: the endpoint IRI, or None when it is a variable or an unknown prefix."""

    endpoint: str | None
    text: str  # as written, for messages


@dataclass(frozen=True)
class DescribeParts:
    """A DESCRIBE query taken apart: what it names, and the query that finds the resources of its variables."""

    iris: tuple[str, ...]
    variables: tuple[str, ...]  # without the ? or $
    star: bool
    select: str | None  # SELECT DISTINCT over the same pattern, or None when there is no WHERE clause
    from_graphs: tuple[str, ...]  # FROM <g> (default graphs) of the query's own dataset
    named_from: tuple[str, ...]  # FROM NAMED <g>


@dataclass(frozen=True)
class QueryText:
    """What the endpoint reads from a query before it runs it."""

    form: QueryForm | None  # None when the text is no query (an update, or not SPARQL at all)
    update_keyword: str | None  # the update operation the text starts with, if it is one
    services: tuple[ServiceCall, ...]
    describe: DescribeParts | None


def _describe(query: str, items: list[Token], at: int, prologue: Prologue) -> DescribeParts:
    """Take apart ``DESCRIBE (VarOrIri+ | '*') DatasetClause* WhereClause? SolutionModifier ValuesClause``."""
    iris: list[str] = []
    variables: list[str] = []
    star = False
    index = at + 1
    while index < len(items):
        item = items[index]
        if item.kind == "var":
            variables.append(item.text[1:])
        elif item.kind in ("iri", "pname") and (resolved := prologue.resolve(item)) is not None:
            iris.append(resolved)
        elif item.text == "*":
            star = True
        else:
            break
        index += 1
    from_graphs: list[str] = []
    named_from: list[str] = []
    cursor = index
    while cursor < len(items) and items[cursor].keyword == "FROM":
        named = cursor + 1 < len(items) and items[cursor + 1].keyword == "NAMED"
        graph_at = cursor + (2 if named else 1)
        graph = prologue.resolve(items[graph_at]) if graph_at < len(items) else None
        if graph is not None:
            (named_from if named else from_graphs).append(graph)
        cursor = graph_at + 1
    has_where = any(item.text == "{" for item in items[cursor:])
    select = None
    if has_where and (variables or star):
        rest = query[items[index].start:] if index < len(items) else ""
        projection = "*" if star else " ".join(f"?{v}" for v in dict.fromkeys(variables))
        select = f"{query[:items[at].start]}SELECT DISTINCT {projection}\n{rest}"
    return DescribeParts(tuple(dict.fromkeys(iris)), tuple(dict.fromkeys(variables)), star, select,
                         tuple(from_graphs), tuple(named_from))


@lru_cache(maxsize=4096)
def read_query(query: str) -> QueryText:
    """The form, update keyword, SERVICE calls and DESCRIBE parts of ``query`` (memoised)."""
    items = tokens(query)
    prologue = Prologue()
    form: QueryForm | None = None
    update: str | None = None
    services: list[ServiceCall] = []
    describe: DescribeParts | None = None
    index = 0
    while index < len(items):
        after = prologue.read(items, index) if form is None and update is None else index
        if after != index:
            index = after
            continue
        word = items[index].keyword
        if form is None and update is None:
            if word in QUERY_FORMS:
                form = word  # type: ignore[assignment]
                if word == "DESCRIBE":
                    describe = _describe(query, items, index, prologue)
            elif word in UPDATE_KEYWORDS:
                update = word
        call, index = _service(items, index, prologue)
        if call is not None:
            services.append(call)
    return QueryText(form, update, tuple(services), describe)


def _service(items: list[Token], index: int, prologue: Prologue) -> tuple[ServiceCall | None, int]:
    """The SERVICE call starting at ``items[index]`` if one does, and the index of the token after it.

    Oxigraph's parser matches the keyword SERVICE at the start of a word even when more letters, a
    colon or SILENT follow without a space: it runs ``SERVICE:ep { }`` (SERVICE, then ``:ep``) and
    ``SERVICESILENT<...>``. So a word starting with SERVICE counts as the keyword, and so does a
    prefixed name starting with it when a group ``{`` follows, as in a SERVICE clause.
    """
    token = items[index]
    head = token.text.upper()
    if token.kind not in ("word", "pname") or not head.startswith("SERVICE"):
        return None, index + 1
    following = items[index + 1] if index + 1 < len(items) else None
    if token.kind == "pname" and (following is None or following.text != "{"):
        return None, index + 1  # a prefixed name in a triple, such as service:provider
    rest = token.text[len("SERVICE"):]
    if rest.upper().startswith("SILENT"):
        rest = rest[len("SILENT"):]
    if rest:
        endpoint = prologue.resolve(Token("pname", rest, token.start)) if ":" in rest else None
        return ServiceCall(endpoint, token.text), index + 1
    target = index + 1
    if target < len(items) and items[target].keyword == "SILENT":
        target += 1
    if target >= len(items):
        return ServiceCall(None, token.text), target
    written = items[target]
    if written.kind == "iri" and not re.match(r"<[A-Za-z][A-Za-z0-9+.-]*:", written.text):
        return ServiceCall(None, written.text), target + 1  # relative: only an absolute IRI can be allowed
    return ServiceCall(prologue.resolve(written), written.text), target + 1


def refused_services(text: QueryText, allowed: frozenset[str]) -> list[ServiceCall]:
    """The SERVICE calls whose endpoint is not on the allow-list (a variable endpoint never is)."""
    return [call for call in text.services if call.endpoint is None or call.endpoint not in allowed]


def parse_allowlist(setting: str) -> frozenset[str]:
    """The ``service_allowlist`` setting: endpoint IRIs separated by white space or commas."""
    return frozenset(part for part in re.split(r"[\s,]+", setting) if part)
