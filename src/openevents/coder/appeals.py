"""Appeals and demands composed from the act they ask for: `X urged Y to release the prisoners` is the appeal
for that act (0253), `X demanded that Y withdraw its troops` the demand (1056), `X said Y must hold elections` a
demand too. CAMEO mirrors the intention codes: 03ab (intend to do) ↔ 02ab (appeal for it) ↔ 10ab (demand it)."""

from __future__ import annotations

from openevents.coder.actors import Actor, resolve_actors
from openevents.coder.clauses import subjects_of, verb_clause
from openevents.coder.dictionaries import Dictionaries
from openevents.coder.matcher import Binding, Context, ranked_matches
from openevents.coder.patterns import NON_EVENT

APPEAL, DEMAND = "appeal", "demand"
PREFIX = {APPEAL: "02", DEMAND: "10"}


def asked_code(dicts: Dictionaries, kind: str, code: str) -> str | None:
    """The appeal or demand code for an act of `code` (through its intention code), None for acts CAMEO does not
    appeal for (threats, force) — the caller then keeps the governor's own reading."""
    intent = dicts.future_code(code)
    if not intent or not intent.startswith("03"):
        return None
    tail = "8" if intent[:3] in ("038", "039") else intent[2:]
    for candidate in (PREFIX[kind] + tail, PREFIX[kind] + tail[:1], PREFIX[kind] + "0"):
        if candidate in dicts.cameo:
            return candidate
    return None


def _actors(ctx: Context, heads: list[int]) -> list[Actor]:
    for head in heads:
        found = [a for a in resolve_actors(ctx.sent, head, ctx.dicts, ctx.day, memory=ctx.memory) if a.known_country]
        if found:
            return found
    return []


def asked_events(ctx: Context, complement: int, governor: int, kind: str) -> tuple[list[tuple], Binding | None]:
    """(code, source, target) triples for the act at `complement` asked for by the subject of `governor`, and
    the binding of the act's pattern; ([], None) when the act matches no pattern that can be asked for."""
    sent = ctx.sent
    patterns = tuple(p for p in ctx.dicts.verb_patterns.get(sent.lemma(complement), ()) if not p.negated)
    clause = verb_clause(sent, complement)
    for binding in ranked_matches(ctx, patterns, clause):
        if binding.pattern.code == NON_EVENT:
            return [], None
        code = asked_code(ctx.dicts, kind, binding.pattern.code)
        if code is None:
            continue
        sources = _actors(ctx, subjects_of(sent, governor))
        targets = _actors(ctx, clause.subjects) or [a for a in binding.targets if a.known_country]
        triples = [(code, s, t) for s in sources for t in targets if s.code != t.code] if targets else \
            [(code, s, None) for s in sources]
        return triples, binding
    return [], None
