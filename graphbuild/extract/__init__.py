"""Extraction: from an annotated Doc to the facts of one article.

mentions -> identity (entities) -> discourse (what each word refers to) -> roles, statements, events.
The extractors read the Discourse and never decide themselves who "he" or "the union" is.
"""
