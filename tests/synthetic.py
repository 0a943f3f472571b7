"""Invented press articles for tests and benchmarks: deterministic, about 800 words each.

Names, organisations and places are made up here; nothing comes from the evaluation texts.
"""

from __future__ import annotations

import datetime as dt
import random

GIVEN = ["Maria", "Jonas", "Aiko", "Kwame", "Lena", "Tomas", "Priya", "Omar", "Ines", "Pavel", "Nadia", "Ruben"]
FAMILY = ["Okafor", "Lindqvist", "Tanaka", "Mensah", "Duarte", "Kowalski", "Raman", "Haddad", "Moreau", "Novak"]
UNIONS = [
    ("Harbour Workers Union", "HWU"),
    ("National Federation of Teachers", "NFT"),
    ("Transport Employees Alliance", "TEA"),
    ("Metal Industry Workers Federation", "MIWF"),
]
CITIES = ["Lindale", "Port Harlow", "Westmere", "Calden", "Brightwater", "Oakhurst"]
TITLES = ["president", "general secretary", "treasurer", "national organizer", "vice president"]
FILLER = (
    "Members discussed wages, pensions and the safety of their workplaces in long sessions that ran late "
    "into the evening. Several local branches reported on their campaigns, and delegates compared notes on "
    "the contracts that expire next year. The debate was lively but friendly, and most speakers agreed that "
    "the coming months would test the strength of the movement. "
)


def article(seed: int, words: int = 800) -> tuple[str, str, dt.date, str]:
    """(headline, author, date, body) of one invented article."""
    rnd = random.Random(seed)
    union, acronym = rnd.choice(UNIONS)
    other, other_acronym = rnd.choice([u for u in UNIONS if u[0] != union])
    people = [f"{rnd.choice(GIVEN)} {rnd.choice(FAMILY)}" for _ in range(3)]
    city = rnd.choice(CITIES)
    date = dt.date(2020, 1, 1) + dt.timedelta(days=rnd.randrange(1500))
    first, second, third = people
    title = rnd.choice(TITLES)
    paragraphs = [
        f"The {union} ({acronym}) and the {other} ({other_acronym}) held a joint meeting in {city} on "
        f"{date.strftime('%B')} {date.day}. {first}, {title} of the {acronym}, led the delegation.",
        f"\u201cWe came here to build something that lasts,\u201d {first.split()[1]} said. {second}, a member of "
        f"the {other_acronym}'s executive committee, responded that the two unions share the same goals.",
        f"{third}, a labor historian, recalled that the {acronym} was founded in {rnd.randint(1890, 1960)}.",
    ]
    body = "\n\n".join(paragraphs)
    while len(body.split()) < words:
        body += "\n\n" + FILLER.strip()
    headline = f"{union} meets {other} in {city} ({seed})"
    return headline, f"{rnd.choice(GIVEN)} {rnd.choice(FAMILY)}", date, body


def article_text(seed: int, words: int = 800) -> str:
    """The article as a .txt file: headline, byline with date, body."""
    headline, author, date, body = article(seed, words)
    return f"{headline}\n\nBy {author} | {date.strftime('%B')} {date.day}, {date.year}\n\n{body}\n"
