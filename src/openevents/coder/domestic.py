"""Targets named by their role alone take the source's country: acts on people of unnamed country and place are
mostly domestic (`Kenyan police arrested protesters` is KENCOP → KENCVL)."""

from __future__ import annotations

import dataclasses

from openevents.coder.actors import Actor, resolve_actor
from openevents.coder.matcher import Context
from openevents.coder.sentence import REPORTING_VERBS, Sentence
from openevents.coder.tsv import phrase_key

FOREIGN = frozenset({"foreign", "international", "overseas", "western", "outside", "expatriate", "alien",
                     "peacekeeping", "multinational"})  # `a peacekeeping force` is nobody's own; `regional governments` are


def with_source_country(sent: Sentence, target: Actor, sources: list[Actor]) -> Actor:
    """A target named by its role alone and not placed (`civilians in Odesa` is UKR by its place) takes the source's
    country when the sources share one — unless the target is said to be foreign (`expelled foreign journalists`)."""
    countries = {s.country for s in sources if s.country}
    foreign = any(sent.lemma(m) in FOREIGN for m in sent.kids(target.head, "amod", "compound"))
    if target.known_country or len(countries) != 1 or foreign:
        return target
    return dataclasses.replace(target, code=countries.pop() + target.code[3:])


INSURGENTS = frozenset({"REB", "INS", "UAF"})
FOREIGN_SPEAKERS = FOREIGN | {"diplomatic"}


def reported_home(ctx: Context, act: int, targets: list[Actor], sources: list[Actor]) -> list[Actor]:
    """Role-only victims of violence take the country of whoever reports the act, when it is not the attacker's:
    `The Lebanese health ministry said an Israeli strike killed five paramedics` (LBNHLH), `According to the Gaza
    health ministry, Israeli strikes killed 40 people` (PSECVL). Reporters are the subject of a reporting verb the
    act's clause hangs on, or the object of an `according to` phrase."""
    if all(t.known_country for t in targets):
        return targets
    country = _reporter_country(ctx, act, {s.country for s in sources})
    if country is None:
        return targets
    return [t if t.known_country or t.code[3:6] in INSURGENTS else dataclasses.replace(t, code=country + t.code[3:])
            for t in targets]


def _reporter_country(ctx: Context, act: int, attackers: set[str | None]) -> str | None:
    sent, v = ctx.sent, act
    for _ in range(4):
        tok = sent.toks[v]
        heads = [o for p in sent.kids(v, "prep") if sent.lemma(p) == "accord" for t in sent.kids(p, "prep")
                 for o in sent.kids(t, "pobj")]
        if tok.dep == "ccomp" and sent.lemma(tok.head) in REPORTING_VERBS:
            heads += sent.kids(tok.head, "nsubj")
        for h in heads:  # not diplomats and other foreigners where they speak (class UNPLACED, `western sources`)
            modifiers = {sent.lemma(m).lower() for m in sent.kids(h, "amod", "compound")}
            unplaced = phrase_key(sent.lemma(h)) in ctx.dicts.classes.get("UNPLACED", frozenset())
            if unplaced or modifiers & FOREIGN_SPEAKERS:
                continue
            actor = resolve_actor(sent, h, ctx.dicts, ctx.day, memory=ctx.memory)
            if actor is not None and actor.country and actor.country not in attackers:
                return actor.country
        if tok.dep not in ("ccomp", "conj", "advcl", "xcomp") or tok.head == v:
            return None
        v = tok.head
    return None
