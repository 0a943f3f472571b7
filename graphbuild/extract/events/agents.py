"""Who takes part: the people and organisations a noun phrase, a subject or an object names, and where."""

from __future__ import annotations

from spacy.tokens import Token

from ...model import Entity
from .context import Agent, Context
from .grammar import base_form, children_with, clause_tokens, clause_verb, governor_of, is_verb, path_up, prep_objects


def agents_in(ctx: Context, token: Token, depth: int = 0) -> list[Agent]:
    """Agents a noun phrase names: "X", "X and Y", "leaders of X", "X's delegation", "the slate of X
    and Y", "current chairman, X", or a pronoun. A named agent's apposition is its title, not another agent."""
    if depth > 5:
        return []
    found: list[Agent] = []
    agent = ctx.agent(token)
    if agent is not None or ctx.entity(token) is not None:
        found += [agent] if agent else []
        branches = {"conj"}
    elif token.pos_ == "PRON":
        found += _pronoun(ctx, token)
        branches = {"conj"}
    elif token.pos_ == "NOUN" and (referent := ctx.referent(token)) is not None:  # "the union", "the minister"
        found.append(referent)
        branches = {"conj"}
    elif token.tag_ == "NNP" and (referent := ctx.referent(token)) is not None and referent.entity.kind == "person":
        found.append(referent)  # a surname the mentions missed ("Grant" for Sarah Grant)
        branches = {"conj"}
    else:
        branches = {"conj", "compound", "poss", "amod", "nmod", "appos", "prep"}
    for child in token.children:
        if child.dep_ not in branches or (child.dep_ == "poss" and child.pos_ == "PRON"):
            continue  # "her counterpart X" names X, not her
        if child.dep_ == "prep":
            if child.lower_ in {"of", "from"}:
                for obj in children_with(child, "pobj"):
                    found += agents_in(ctx, obj, depth + 1)
            continue
        found += agents_in(ctx, child, depth + 1)
    if branches != {"conj"}:  # "a delegation led by X"
        for acl in children_with(token, "acl"):
            if base_form(acl) in {"lead", "head"}:
                found += [a for obj in prep_objects(acl, "by") for a in agents_in(ctx, obj, depth + 1)]
    return _unique(found)


def _unique(agents: list[Agent]) -> list[Agent]:
    seen: set[int] = set()
    out = []
    for agent in agents:
        if id(agent.entity) not in seen:
            seen.add(id(agent.entity))
            out.append(agent)
    return out


def _pronoun(ctx: Context, token: Token) -> list[Agent]:
    """ "we/our" is the article's voice (its organisational author); a possessive is bound by the subject
    of its own clause ("X and Y described their talks", "X, who announced her plans to retire"); any
    other pronoun is whom the article's Discourse says it refers to."""
    if token.lower_ in {"we", "our", "us", "ours"}:
        return [Agent(ctx.voice, token.idx, token.idx + len(token.text))] if ctx.voice else []
    span = (token.idx, token.idx + len(token.text))
    if token.dep_ == "poss":  # bound by its own clause's subject: "X and Y described their talks"
        kinds = {"his": {"person"}, "her": {"person"}, "their": {"person", "organisation"}, "its": {"organisation"}}
        bound = [
            a
            for a in subject_agents(ctx, clause_verb(token), exclude=token)
            if a.entity.kind in kinds.get(token.lower_, set())
        ]
        if bound:
            return [Agent(a.entity, *span) for a in bound]
    referent = ctx.referent(token)
    return [referent] if referent else []


def subject_agents(ctx: Context, verb: Token | None, exclude: Token | None = None) -> list[Agent]:
    """The agents doing what a verb says: its subject; the antecedent of "who"; the object of "thank X
    for hosting"; the possessor of "her plans to retire"; the subject of the verb it is coordinated with."""
    if verb is None:
        return []
    subjects = children_with(verb, "nsubj", "nsubjpass")
    if exclude is not None and any(exclude in subject.subtree for subject in subjects):
        return []
    if subjects:
        if subjects[0].lower_ in {"who", "that", "which"} and verb.dep_ == "relcl":
            return agents_in(ctx, verb.head)
        return agents_of(ctx, subjects)  # the parser may split one subject: "DWU co-Chair Jane Doe"
    head = verb.head
    if verb.dep_ == "pcomp" and head.lower_ == "for" and is_verb(head.head):
        objects = children_with(head.head, "dobj")
        return agents_in(ctx, objects[0]) if objects else []
    if verb.dep_ == "acl" and not is_verb(head):
        owners = children_with(head, "poss")
        return agents_in(ctx, owners[0]) if owners else []
    if verb.dep_ in {"conj", "xcomp"} and is_verb(head):
        return subject_agents(ctx, head, exclude)
    orphan = ctx.discourse.orphan_subject(verb) if is_verb(verb) else None  # "At the rally, Doe, told ..."
    return agents_in(ctx, orphan) if orphan is not None else []


def object_agents(ctx: Context, verb: Token) -> list[Agent]:
    """Agents named by a verb's object or by the object of its "with": "met (with) Y", also through a
    participle the parser put first ("meets with visiting Y")."""
    found = []
    for obj in children_with(verb, "dobj") + prep_objects(verb, "with"):
        named = agents_in(ctx, obj)
        if not named and obj.dep_ == "pcomp":
            named = agents_of(ctx, children_with(obj, "dobj"))
        found += named
    return _unique(found)


def agents_of(ctx: Context, tokens: list[Token]) -> list[Agent]:
    return _unique([agent for token in tokens for agent in agents_in(ctx, token)])


def patients_of(ctx: Context, words: list[Token]) -> list[Agent]:
    """Who a verb acts on: its objects; else a named object predicate ("named Sofia Reyes as CFO",
    parsed without an object); else the name the participle was hung on ("re-elected Jane Doe")."""
    objects = [c for w in words for c in children_with(w, "dobj")]
    objects = objects or [c for w in words for c in children_with(w, "oprd") if ctx.agent(c)]
    objects = objects or [w.head for w in words if w.dep_ == "amod" and ctx.agent(w.head)]
    return agents_of(ctx, objects)


def place_of(ctx: Context, token: Token) -> Entity | None:
    """A place the event happens at or in: "at the Great Hall", "in Beijing" (not "President of X"); for
    an event noun also where its verb puts it ("will hold its convention in Springfield")."""
    governor = governor_of(token) if token.dep_ in {"dobj", "nsubj", "nsubjpass"} else None
    if governor is not None:
        for obj in prep_objects(governor, "at", "in"):
            entity = ctx.entity(obj)
            if entity is not None and entity.kind == "place" and token not in obj.subtree:
                return entity
    places = {"at", "in", "to"} if token.lower_ in {"visit", "visits"} else {"at", "in"}  # "a visit to X"
    for current, _ in clause_tokens(token):
        if current.dep_ != "pobj" or current.head.lower_ not in places:
            continue
        if any(step.lower_ == "of" for step in path_up(current, token)):
            continue
        entity = ctx.entity(current)
        if entity is not None and entity.kind == "place":
            return entity
    return None
