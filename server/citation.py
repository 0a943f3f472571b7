"""Cite this: the source article and the newsgraph page of a fact, as plain text, BibTeX and CSL-JSON.

An article page cites the article and its page here; a statement or role page cites the article it was
drawn from and the fact's own page, quoting the statement or stating the role. The article's metadata
(headline, byline, publisher, date, original URL) comes from the store (``catalog.article_source``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ArticleSource:
    """What a citation of a news article needs, as the store holds it."""

    iri: str
    headline: str
    date: str | None
    authors: tuple[str, ...]
    publisher: str | None
    url: str | None


@dataclass(frozen=True)
class Citation:
    plain: str
    bibtex: str
    csl_json: str


def _key(text: str, date: str | None) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())[:3]
    return "".join(words) + (date[:4] if date else "")


def _bib(text: str) -> str:
    """A BibTeX field value: braces balanced, special characters escaped."""
    return re.sub(r"([{}&%$#_])", r"\\\1", text)


def _issued(date: str | None) -> dict[str, list[list[int]]] | None:
    if not date:
        return None
    return {"date-parts": [[int(part) for part in date.split("-")]]}


def cite(source: ArticleSource, page: str, what: str, fact: str | None, dataset: str,
         today: dt.date | None = None) -> Citation:
    """The citation of ``page`` (an entity IRI that dereferences to its page): ``what`` it is ("article",
    "statement", "role") and, for a fact, ``fact`` in words (the quotation, the role stated); ``dataset``
    names the publication of the graph."""
    accessed = (today or dt.date.today()).isoformat()
    byline = " and ".join(source.authors) if source.authors else None
    parts = [f"{byline}." if byline else "", f"“{source.headline}.”",
             f"{source.publisher}," if source.publisher else "", f"{source.date}." if source.date else "",
             source.url or ""]
    article_text = " ".join(p for p in parts if p).strip()
    if what == "article":
        plain = f"{article_text} In {dataset}: {page} (accessed {accessed})."
    else:
        plain = f"{fact} ({what}). From: {article_text} In {dataset}: {page} (accessed {accessed})."
    key = _key(source.headline, source.date)
    article_bib = [f"@article{{{key},", f"  title = {{{_bib(source.headline)}}},"]
    if byline:
        article_bib.append(f"  author = {{{_bib(byline)}}},")
    if source.publisher:
        article_bib.append(f"  journal = {{{_bib(source.publisher)}}},")
    if source.date:
        article_bib.append(f"  date = {{{source.date}}},")
    if source.url:
        article_bib.append(f"  url = {{{source.url}}},")
    article_bib.append("}")
    page_bib = [f"@misc{{{key}-newsgraph,",
                f"  title = {{{_bib(fact if fact else source.headline)}}},",
                f"  howpublished = {{{_bib(dataset)}}},", f"  url = {{{page}}},", f"  urldate = {{{accessed}}},",
                f"  note = {{The {what} in newsgraph, drawn from \\cite{{{key}}}}},", "}"]
    article_item: dict[str, object] = {"id": key, "type": "article-newspaper", "title": source.headline}
    if source.authors:
        article_item["author"] = [{"literal": name} for name in source.authors]
    if source.publisher:
        article_item["container-title"] = source.publisher
    if (issued := _issued(source.date)) is not None:
        article_item["issued"] = issued
    if source.url:
        article_item["URL"] = source.url
    page_item = {"id": f"{key}-newsgraph", "type": "dataset", "title": fact or source.headline,
                 "publisher": dataset, "URL": page, "accessed": _issued(accessed),
                 "note": f"The {what} in newsgraph, drawn from {source.url or source.iri}"}
    return Citation(plain, "\n".join(article_bib) + "\n\n" + "\n".join(page_bib),
                    json.dumps([article_item, page_item], ensure_ascii=False, indent=2))
