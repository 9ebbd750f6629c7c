"""Appeals, demands, refusals and threats composed from the act they are about: `X urged Y to release the
prisoners` is the appeal for that act (0253), `X demanded that Y withdraw its troops` the demand (1056), `X said Y
must hold elections` a demand too, `X refused to release the prisoners` the refusal (1243), `X threatened to halt
talks with Y` the threat (134). CAMEO mirrors the intention codes: 03ab (intend to do) ↔ 02ab (appeal for it) ↔
10ab (demand it) ↔ 12ab (refuse it, with 125–127 in another order); threats come from future.tsv, and so do
intentions (`X pledged to release the prisoners` is 0353, `X vowed to strike Y` the threat 138)."""

from __future__ import annotations

from openevents.coder.actors import Actor, each_other, resolve_actors
from openevents.coder.clauses import Clause, subjects_of, verb_clause
from openevents.coder.dictionaries import Dictionaries
from openevents.coder.domestic import with_source_country
from openevents.coder.matcher import Binding, Context, ranked_matches
from openevents.coder.patterns import NON_EVENT
from openevents.coder.places import STATE_ROLES, clause_places, located
from openevents.coder.tsv import phrase_key

APPEAL, DEMAND, REFUSE, THREAT, INTENT = "appeal", "demand", "refuse", "threat", "intent"
PREFIX = {APPEAL: "02", DEMAND: "10", REFUSE: "12"}
# 12x lists the refusals in another order: 031→121, 032→120, 033→122, 034→123, 035→124, 036→125, 037→127,
# 038/039→126 (sub-codes follow: 0353 → 1243).
REFUSAL_DIGITS = {"0": "0", "1": "1", "2": "0", "3": "2", "4": "3", "5": "4", "6": "5", "7": "7", "8": "6", "9": "6"}
SUPPORT, RALLY_SUPPORT = "051", "053"  # urging others to support a third actor rallies support on its behalf
ADDRESSED = (APPEAL, DEMAND)  # whose target is the one asked (the complement's subject), not the act's target


def asked_code(dicts: Dictionaries, kind: str, code: str) -> str | None:
    """The appeal or demand code for an act of `code` (through its intention code), None for acts CAMEO does not
    appeal for (threats, force) — the caller then keeps the governor's own reading."""
    intent = dicts.future_code(code)
    if kind == INTENT:
        return intent
    if kind == THREAT:
        return intent if intent and intent.startswith("13") else None
    if not intent or not intent.startswith("03"):
        return None
    tail = intent[2:]
    if kind == REFUSE:
        tail = REFUSAL_DIGITS[tail[:1]] + tail[1:]
    elif tail[:1] == "9":
        tail = "8"  # 039 intend to mediate → 028/108 appeal for or demand mediation
    for candidate in (PREFIX[kind] + tail, PREFIX[kind] + tail[:1], PREFIX[kind] + "0"):
        if candidate in dicts.cameo:
            return candidate
    return None


def first_known_actors(ctx: Context, heads: list[int]) -> list[Actor]:
    """The known-country actors of the first phrase among `heads` that names any."""
    for head in heads:
        found = [a for a in resolve_actors(ctx.sent, head, ctx.dicts, ctx.day, memory=ctx.memory) if a.known_country]
        if found:
            return found
    return []


def mutual_intent(ctx: Context, governor: int) -> bool:
    """Several sources of an agreement intend with each other (class MUTUAL_INTENT), not those of a pledge."""
    return phrase_key(ctx.sent.lemma(governor)) in ctx.dicts.classes.get("MUTUAL_INTENT", frozenset())


def asked_events(ctx: Context, complement: int, governor: int, kind: str,
                 addressees: tuple[Actor, ...] = ()) -> tuple[list[tuple], Binding | None]:
    """(code, source, target) triples for the act at `complement` asked for by the subject of `governor`, and
    the binding of the act's pattern; ([], None) when the act matches no pattern that can be asked for.
    `addressees` are the governor's own targets (`pleaded with Iran to …`): the one asked, whatever subject the
    parse gives the act's clause."""
    sent = ctx.sent
    patterns = tuple(p for p in ctx.dicts.verb_patterns.get(sent.lemma(complement), ()) if not p.negated)
    clause = verb_clause(sent, complement)
    if kind in ADDRESSED and not addressees and _things_asked(ctx, clause.subjects):
        return [], None  # `strong diplomacy must work together`: things, not actors, are asked to act
    for binding in ranked_matches(ctx, patterns, clause):
        if binding.pattern.code == NON_EVENT:
            return [], None
        code = asked_code(ctx.dicts, kind, binding.pattern.code)
        if code is None:
            continue
        sources = first_known_actors(ctx, subjects_of(sent, governor))
        acted_on = [a for a in _placed(ctx, binding, clause, sources) if a.known_country]
        addressed = [with_source_country(sent, a, sources) for a in addressees]
        asked = [a for a in addressed if a.known_country] or first_known_actors(ctx, clause.subjects)
        targets = (asked or acted_on) if kind in ADDRESSED else acted_on
        if kind == APPEAL and binding.pattern.code == SUPPORT and acted_on and not set(acted_on) & set(asked):
            code, targets = RALLY_SUPPORT, acted_on  # `urged the EC to support the PLO`: support rallied for the PLO
        if targets:
            triples = [(code, s, t) for s in sources for t in targets if s.code != t.code]
        elif kind == INTENT and len(sources) >= 2 and mutual_intent(ctx, governor):  # `Japan and China agreed to …`
            triples = [(code, s, t) for s, t in each_other(sources)]
        else:
            triples = [(code, s, None) for s in sources]
        return triples, binding
    return [], None


def _placed(ctx: Context, binding: Binding, clause: Clause, sources: list[Actor]) -> list[Actor]:
    """The act's targets; one named by its role alone takes the country of the act's place, else the source's, as
    in the act itself (`Kenyan protesters threatened to fight the police` → KENCOP); not in sanctions (root 16),
    which hit foreigners, nor for refugees, who come from elsewhere."""
    if binding.pattern.code.startswith("16"):
        return list(binding.targets)
    placed = located(ctx, list(binding.targets), clause_places(clause), home=False)
    return [a if a.code[3:6] == "REF" else with_source_country(ctx.sent, a, sources) for a in placed]


def _things_asked(ctx: Context, subjects: list[int]) -> bool:
    """The act's own subjects name no actor, not even a role (`strong positions and strong diplomacy must …`)."""
    own = [h for h in subjects if ctx.sent.toks[h].dep in ("nsubj", "nsubjpass")]
    return bool(own) and not any(resolve_actors(ctx.sent, h, ctx.dicts, ctx.day, memory=ctx.memory) for h in own)


GENERIC_ASKED = {APPEAL: "020", DEMAND: "100"}


def generic_asked(ctx: Context, act: int, governor: int, kind: str) -> list[tuple]:
    """`China said Japan should respect its commitments`: an appeal (020) or demand (100) reported with should/must
    for an act no pattern knows, from the speaker to the act's active subject, when both are known actors of
    different countries (`Putin said Russia must rearm` asks nobody) or a group asks its own state; an act a
    pattern marks as a non-event is none."""
    sent = ctx.sent
    if kind not in GENERIC_ASKED or not sent.kids(act, "nsubj"):
        return []
    patterns = tuple(p for p in ctx.dicts.verb_patterns.get(sent.lemma(act), ()) if not p.negated)
    first = next(iter(ranked_matches(ctx, patterns, verb_clause(sent, act))), None)
    if first is not None and first.pattern.code == NON_EVENT:
        return []
    speakers = first_known_actors(ctx, subjects_of(sent, governor))
    asked = first_known_actors(ctx, sent.kids(act, "nsubj"))
    countries = {a.code[:3] for a in speakers}
    return [(GENERIC_ASKED[kind], s, t) for s in speakers for t in asked
            if t.code[:3] not in countries or _of_own_state(s, t)]


def _of_own_state(speaker: Actor, asked: Actor) -> bool:
    """`Malian rebels said President Goita must agree to new elections`: a group that is not the state may ask its
    own state's bodies and officials."""
    return speaker.code[3:6] not in STATE_ROLES and len(speaker.code) > 3 and asked.code[3:6] in STATE_ROLES

