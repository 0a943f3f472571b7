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
# Paragraphs of discussion, varied so that no two lines of an article repeat: the reader drops a line
# that repeats an earlier one as boilerplate, so a repeated filler would leave ~150 words to annotate.
TOPICS = [
    "wages", "pensions", "the safety of their workplaces", "training for apprentices", "overtime rules",
    "health insurance", "shift patterns", "the cost of housing", "sick pay", "the pace of automation",
    "holiday entitlements", "temporary contracts", "the closure of depots", "night work", "equal pay",
]
OPENINGS = [
    "Members discussed {a} and {b} in long sessions that ran late into the evening.",
    "Delegates spent much of the {n} sitting on {a}, and later turned to {b}.",
    "A report on {a} opened the debate, followed by questions about {b}.",
    "Speakers from {n} branches raised {a}, while others pressed for a plan on {b}.",
    "The morning session was given over to {a}; the afternoon to {b}.",
]
MIDDLES = [
    "Several local branches reported on their campaigns, and {n} delegates compared notes on contracts "
    "that expire next year.",
    "One delegate said that {a} had been neglected for {n} years and asked for a working group.",
    "Branch officers described {n} disputes settled since the spring, most of them over {a}.",
    "A motion on {a} was amended {n} times before it went to the floor.",
    "Figures circulated to the delegates showed {n} workplaces still without an agreement on {a}.",
]
CLOSINGS = [
    "The debate was lively but friendly, and most speakers agreed that the coming months would test the "
    "movement.",
    "No vote was taken, and the matter of {a} goes back to the branches for comment.",
    "Several speakers warned that progress on {a} would take time and patience.",
    "The session closed with a call for {n} volunteers to carry the work forward.",
    "Delegates agreed to return to {a} when the committees report in the autumn.",
]


def _discussion(rnd: random.Random, taken: set[str]) -> str:
    """One paragraph of discussion, different from every paragraph in ``taken``."""
    while True:
        a, b = rnd.sample(TOPICS, 2)
        n = rnd.randint(2, 40)
        parts = [rnd.choice(OPENINGS), rnd.choice(MIDDLES), rnd.choice(CLOSINGS)]
        paragraph = " ".join(p.format(a=a, b=b, n=n) for p in parts)
        if paragraph not in taken:
            taken.add(paragraph)
            return paragraph


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
    taken: set[str] = set()
    while len(body.split()) < words:
        body += "\n\n" + _discussion(rnd, taken)
    headline = f"{union} meets {other} in {city} ({seed})"
    return headline, f"{rnd.choice(GIVEN)} {rnd.choice(FAMILY)}", date, body


def article_text(seed: int, words: int = 800) -> str:
    """The article as a .txt file: headline, byline with date, body."""
    headline, author, date, body = article(seed, words)
    return f"{headline}\n\nBy {author} | {date.strftime('%B')} {date.day}, {date.year}\n\n{body}\n"
