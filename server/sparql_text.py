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

import hashlib
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


@lru_cache(maxsize=1)
def _token_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """The token rules, tried in this order at each position; the first that matches wins. Compiled on first
    use (their Unicode classes take tens of milliseconds, which importing the server need not pay)."""
    return [
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
    for kind, pattern in _token_patterns():
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
    depth: int = 0  # nesting_depth


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
    return QueryText(form, update, tuple(services), describe, nesting_depth(items))


_OPENING, _CLOSING = frozenset("({["), frozenset(")}]")
# Operators that the parser reads, and the evaluator walks, one level deeper each when chained: "!!!!x",
# "a && b && c", "1 + 1 + 1", the property paths "p/p/p" and "p|p|p", and "{ } UNION { } UNION { }".
_CHAINED = frozenset({"&&", "||", "!", "+", "-", "*", "/", "|", "^"})


def nesting_depth(items: list[Token]) -> int:
    """How deep the query nests: brackets, plus, inside the deepest group, the operators chained in it.
    pyoxigraph's parser recurses on both, and a few thousand levels overflow its stack (the process
    aborts); a bound checked on the tokens keeps such a query away from it."""
    depth = deepest = 0
    chained = [0]  # per open group
    for item in items:
        text = item.text
        if item.kind == "punct" and text in _OPENING:
            depth += 1
            chained.append(0)
        elif item.kind == "punct" and text in _CLOSING:
            if depth > 0:
                depth -= 1
                chained.pop()
            continue
        elif (item.kind == "punct" and text in _CHAINED) or item.keyword == "UNION":
            chained[-1] += 1
        deepest = max(deepest, depth + chained[-1])
    return deepest


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


# -- predeclared prefixes, the terms a query names, and syntax errors people can read -------------------
# As Wikidata's endpoint does: a query may use these prefixes without declaring them (its own PREFIX wins).
PREDECLARED: dict[str, str] = {
    "schema": "http://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "ng": "https://w3id.org/newsgraph/ns#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
# One line, so that a position in the query the user wrote is one line further down in the text that runs.
PREDECLARED_LINE = " ".join(f"PREFIX {name}: <{iri}>" for name, iri in PREDECLARED.items()) + "\n"


def with_predeclared(query: str) -> str:
    """The text that runs: the predeclared prefixes on one line, then ``query`` as written."""
    return PREDECLARED_LINE + query


def named_terms(query: str) -> list[tuple[str, str]]:
    """(as written, IRI) of every IRI and prefixed name in ``query``, resolved with the predeclared prefixes
    and the query's own declarations; the prologue's own IRIs are left out."""
    items = tokens(query)
    prologue = Prologue()
    prologue.prefixes.update(PREDECLARED)
    found: list[tuple[str, str]] = []
    index = 0
    while index < len(items):
        after = prologue.read(items, index)
        if after != index:
            index = after
            continue
        token = items[index]
        if token.kind in ("iri", "pname") and (iri := prologue.resolve(token)) is not None:
            found.append((token.text, iri))
        index += 1
    return found


_ERROR_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


@dataclass(frozen=True)
class SyntaxProblem:
    line: int  # 1-based, in the query as the user wrote it
    column: int  # 1-based
    text: str  # what is wrong, in words, then the line with a caret under the place


def syntax_problem(message: str, query: str) -> SyntaxProblem | None:
    """A parser message about ``with_predeclared(query)`` ("error at 2:32: expected one of ...") told of the
    query the user wrote: its line and column, a short reason, the line itself with a caret. None when the
    message names no place."""
    found = _ERROR_AT.search(message)
    if found is None:
        return None
    line, column = int(found.group(1)) - PREDECLARED_LINE.count("\n"), int(found.group(2))
    lines = query.split("\n")
    if not 1 <= line <= len(lines):
        return None
    written = lines[line - 1]
    expected = found.group(3)
    if "Prefix not found" in expected:
        undeclared = re.match(r"[^\s:{}()<>]*:", written[max(0, column - 1):] + " ")
        at = written[:column - 1].rsplit(None, 1)[-1] if written[:column - 1].strip() else ""
        name = (at if ":" in at else undeclared.group(0) if undeclared else "").split(":")[0]
        reason = (f"the prefix {name}: is not declared; add PREFIX {name}: <...>, or use one of the predeclared "
                  f"prefixes ({', '.join(p + ':' for p in PREDECLARED)})")
        if (start := written.rfind(f"{name}:", 0, column)) >= 0:
            column = start + 1  # the parser points past the name; the place is where it starts
    elif len(expected) > 160 or "\\u{" in expected:
        reason = "this is not valid SPARQL here"
    else:
        reason = expected.replace("\n", " ")
    caret = " " * (len(written[:column - 1].expandtabs(1))) + "^"
    return SyntaxProblem(line, column, f"syntax error at line {line}, column {column}: {reason}\n{written}\n{caret}")


# The vocabularies whose terms a query can get wrong in ways worth telling: a term of theirs that neither
# the data nor the ontology uses matches nothing.
CHECKED_NAMESPACES = tuple(PREDECLARED[name] for name in ("schema", "org", "skos", "prov", "ng"))
WRONG_SCHEMA = "https://schema.org/"
WARNING_HEADER = "Warning"


def vocabulary_notes(terms: list[tuple[str, str]], known: frozenset[str]) -> list[str]:
    """What a query names that can match nothing here, in words: a https://schema.org/ IRI (the data uses
    http://schema.org/), or a term of the checked vocabularies that neither the data nor the ontology uses
    (a misspelled property, say). Each note once, in the order the query names them."""
    notes: dict[str, None] = {}
    for written, iri in terms:
        if iri.startswith(WRONG_SCHEMA):
            notes[f"{written} is in https://schema.org/, but the data uses http://schema.org/ (the schema: "
                  f"prefix): it matches nothing"] = None
        elif iri.startswith(CHECKED_NAMESPACES) and iri not in known:
            notes[f"{written} is a term neither the data nor the vocabulary uses: it matches nothing"] = None
    return list(notes)


def warning_value(notes: list[str]) -> str:
    """A Warning header value (RFC 7234 section 5.5, code 299) per note, on one line."""
    return ", ".join('299 newsgraph "' + note.replace("\\", "\\\\").replace('"', '\\"') + '"' for note in notes)


_PLACE = re.compile(r"syntax error at line (\d+), column (\d+)")


def error_place(message: str) -> tuple[int, int] | None:
    """(line, column) of a message ``syntax_problem`` wrote, None for another message."""
    found = _PLACE.search(message)
    return (int(found.group(1)), int(found.group(2))) if found else None


@lru_cache(maxsize=4096)
def fingerprint(query: str) -> str:
    """The query's shape, blind to what does not change its cost: comments, white space, case of keywords and
    the names of its variables (renamed ?v1, ?v2, ... in order of appearance). The same heavy query sent again
    with a random comment or other variable names has the same fingerprint."""
    names: dict[str, str] = {}
    parts = []
    for item in tokens(query):
        if item.kind == "var":
            parts.append(names.setdefault(item.text[1:], f"?v{len(names) + 1}"))
        elif item.kind == "word":
            parts.append(item.text.upper())
        else:
            parts.append(item.text)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]
