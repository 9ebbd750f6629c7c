"""The target of an event once its pattern has matched: role-only targets placed or made the source's own, and,
when the pattern names none, the owner of what the act is about, the actor an intended or threatened act aims
at, or the country of the place where it happened."""

from __future__ import annotations

import dataclasses

from openevents.coder.actors import Actor
from openevents.coder.clauses import objects_of
from openevents.coder.coded import CodedEvent
from openevents.coder.domestic import reported_home, with_source_country
from openevents.coder.matcher import Binding, Context, noun_keys, owner_actors
from openevents.coder.places import (MILITARY_THREAT, PROTEST_ROOT, STATE_ROLES, VIOLENT_ROOTS, aimed_targets, known,
                                     located, others_at, own_country, people, place_targets, state)
from openevents.coder.sentence import purpose_nouns

FOREIGN_ROOTS = frozenset({"16"})  # sanctions and embargoes: role-only targets are not the source's own people
EXPELLED = frozenset({"161", "174"})  # nor are diplomats and people expelled (`Britain expelled two diplomats`)
ORIGIN_ROOTS = frozenset({"17", "18"})  # a `from` phrase on coercion or assault names whence its victims come
# Demands, disapproval, rejection (roots 10-12), protest (14) and praise (051) whose pattern names no target take
# the owner of what they are about.
OWNED_TARGET_ROOTS = frozenset({"10", "11", "12", "14", "051"})
RESTRICTION = "172"  # curfews, bans, emergency rule: done to the people of the place, the state's own too
THREATENED_RESTRICTION = "132"  # the same threatened or announced (`will impose a curfew in Baghdad`)
THREAT_ROOT = "13"
DEMAND_ROOT = "10"
# demands, complaints and protests with no target of their own: whom their that-clause names
CLAUSE_TARGET_ROOTS = frozenset({DEMAND_ROOT, "11", PROTEST_ROOT})
DEFY_NORMS = "128"  # `violated Thailand's obligations`: the norms' owner is the one who defies them
OWNER_BY = frozenset({"by", "from"})
OWNER_ANY = frozenset({"of", "by", "from"})  # `the resignation of President X` (class RESIGNATION)
AIMED_ROOTS = frozenset({"03", "12", "13"})  # intentions, refusals, threats: at whom the act they are about aims
# Roots whose target-less acts are coded against the country of the place they happen in (14 protest, 08 yield:
# `lifted the curfew in Kherson`, 15 force posture, 17-20 coercion and violence; 07 aid and 162 its
# reduction: `the Red Cross suspended aid deliveries in Baghdad`).
PLACE_TARGET_ROOTS = frozenset({"07", "08", "14", "15", "17", "18", "19", "20"})
PLACE_TARGET_CODES = frozenset({"162"})


def final_targets(ctx: Context, binding: Binding, code: str, sources: list[Actor], targets: list[Actor],
                  places: list[int], domestic: bool, noun: bool) -> list[Actor]:
    """Known-country targets of an event of `code` by `sources`, from the pattern's own targets or the fallbacks."""
    # `killed civilians in Mariupol`: Ukrainians; people hit by violence are those of the dateline's country
    # before they are the attacker's (`MOGADISHU: A US drone killed four militants`)
    foreign = code[:2] in FOREIGN_ROOTS or code[:3] in EXPELLED
    if code[:3] in EXPELLED and binding.action:  # `deported forty migrants to Myanmar`: sent home (not `expelled
        borders = ctx.dicts.classes.get("BORDER", frozenset())  # migrants to the Libyan border`: left there)
        places = places + [o for p in ctx.sent.kids(binding.action[0], "prep") if ctx.sent.lemma(p) == "to"
                           for o in ctx.sent.kids(p, "pobj") if not noun_keys(ctx.sent, o) & borders]
    elif code[:2] in ORIGIN_ROOTS and binding.action:  # `arrested 40 migrants from Guinea`: where they come from
        places = [o for p in ctx.sent.kids(binding.action[0], "prep") if ctx.sent.lemma(p) == "from"
                  for o in ctx.sent.kids(p, "pobj")] + places
    seats = ctx.dicts.classes.get("FOREIGN_SEATS", frozenset())  # `the embassy in Tripoli` is no Libyan body
    targets = [t for t in targets if t.known_country or not noun_keys(ctx.sent, t.head) & seats]
    targets = located(ctx, targets, places, home=code[:2] in VIOLENT_ROOTS)
    if code[:2] in VIOLENT_ROOTS and binding.action:  # `the Lebanese health ministry said an Israeli strike killed …`
        targets = reported_home(ctx, binding.action[0], targets, sources)
    if domestic and not foreign:  # sanctions and embargoes hit foreigners; ships sail under any flag
        vessels = ctx.dicts.classes.get("VESSEL_PROPERTY", frozenset())
        targets = [t if noun_keys(ctx.sent, t.head) & vessels else with_source_country(ctx.sent, t, sources)
                   for t in targets]
    targets = located(ctx, targets, [], home=not foreign)
    targets = [counterpart(ctx, _nationals(ctx, t), sources) for t in known(targets)
               if code[:2] in VIOLENT_ROOTS or not own_country(t, sources)]
    pattern = binding.pattern
    if targets or pattern.has_target:
        return targets
    if code != DEFY_NORMS and OWNED_TARGET_ROOTS & {code[:2], code}:
        targets = owner_targets(ctx, binding, sources)  # `rejected Mohammed bin Salman's proposal for a truce`
    if not targets and code[:2] in AIMED_ROOTS and not noun:
        targets = aimed_targets(ctx, binding.action[0], sources, code[:3] == MILITARY_THREAT)  # `… blows to the US`
    if not targets and code[:2] == THREAT_ROOT:
        targets = conditioned_targets(ctx, binding.action[0], sources)  # `… if the US sold arms to Taiwan`
    restriction = RESTRICTION in (code[:3], pattern.code[:3]) or THREATENED_RESTRICTION in (code[:3], pattern.code[:3])
    if not targets and (pattern.code[:2] in PLACE_TARGET_ROOTS or pattern.code[:3] in PLACE_TARGET_CODES
                        or restriction):
        own_ok = code[:2] == "08" or not any(state(ctx, s) or s.code[3:6] in STATE_ROLES for s in sources)
        targets = place_targets(ctx, places, sources, own_ok, restriction)  # `demonstrated in Serbia`
    return targets


def protest_purposes(ctx: Context, head: int, found: list[CodedEvent]) -> set[int]:
    """The to-infinitive purpose of a protest (`continued a hunger strike to press for the release of …`) or its
    participle of demand (`rallied in Tel Aviv demanding a hostage deal`): the codebook codes demands and appeals
    made by protesting as the protest (14x), so the purpose is no event of its own."""
    if not any(e.code[:2] == PROTEST_ROOT for e in found):
        return set()
    sent, demanding = ctx.sent, ctx.dicts.classes.get("PROTEST_DEMANDS", frozenset())
    purposes = [c for o in (head, *sent.kids(head, "dobj")) for c in sent.kids(o, "advcl", "xcomp", "acl")
                if any(sent.toks[a].tag == "TO" for a in sent.kids(c, "aux"))
                or (sent.toks[c].tag == "VBG" and sent.lemma(c) in demanding)]  # `rallied …, demanding a deal`
    return {i for c in purposes for i in (c, *sent.kids(c, "ccomp", "xcomp"))}  # `to demand that X step down`


def protesting_nationals(ctx: Context, code: str, sources: list[Actor]) -> list[Actor]:
    """People of a nation who protest are its civilians (`Thousands of Kenyans protested in Nairobi` → KENCVL, like
    `Kenyan protesters`), so that the country where they protest can be their target."""
    return [_nationals(ctx, s) for s in sources] if code[:2] == PROTEST_ROOT else sources


def _nationals(ctx: Context, target: Actor) -> Actor:
    """People of a nation acted on are its civilians: `arrested more than 100 Palestinians`, `deported 168
    Liberians` (PSECVL, LBRCVL); `the Palestinians` (often the Palestinian side in talks) stay the country."""
    sent, tok = ctx.sent, ctx.sent.toks[target.head]
    definite = sent.has_det(target.head, "the")
    demonym = tok.ent == "NORP" or tok.tag == "NNPS"  # `Palestinians`, not `six townships in Yangon`
    if len(target.code) != 3 or definite or not demonym or not people(ctx, target):
        return target
    return dataclasses.replace(target, code=target.code + "CVL")


def counterpart(ctx: Context, target: Actor, sources: list[Actor]) -> Actor:
    """`his Sudanese counterpart` holds the office of the other side: SDN takes the role the sources (or, for a
    counterpart who acts, the targets) share (SDNGOV)."""
    roles = {s.code[3:6] for s in sources if len(s.code) >= 6}
    if len(target.code) != 3 or len(roles) != 1 or ctx.sent.lemma(target.head).lower() != "counterpart":
        return target
    return dataclasses.replace(target, code=target.code + roles.pop())


def conditioned_targets(ctx: Context, act: int, sources: list[Actor]) -> list[Actor]:
    """A threat with no target is aimed at whoever its condition names as acting: the subject of its `if` or `unless`
    clause (`China threatened countermeasures if the US sold arms to Taiwan` → USA)."""
    sent = ctx.sent
    for clause in [c for v in [act, *sent.kids(act, "xcomp")] for c in sent.kids(v, "advcl")]:
        if any(sent.lemma(m) in ("if", "unless") for m in sent.kids(clause, "mark")):
            found = [a for h in sent.kids(clause, "nsubj") for a in others_at(ctx, h, sources)]
            if found:
                return found
    return []


def owner_targets(ctx: Context, binding: Binding, sources: list[Actor]) -> list[Actor]:
    """The owner of the thing demanded, judged or praised (`Poland demanded a formal apology by Moscow`, `Israel is
    opposed to French mediation`), when the pattern names no target; not the one an act named with `of` hit
    (`condemned the killing of protesters`) — except a resignation's (`to demand the resignation of …`) — nor a
    source itself."""
    sent, own, head = ctx.sent, {s.code for s in sources}, binding.action[0]
    about = objects_of(sent, head) + [o for p in sent.kids(head, "prep") if sent.lemma(p) == "to"
                                      for o in sent.kids(p, "pobj")]  # `is opposed to Egyptian mediation`
    if binding.pattern.code[:2] == PROTEST_ROOT:  # `staged protests to demand reforms by Hasina's government`
        about += purpose_nouns(sent, head)
    resignations = ctx.dicts.classes.get("RESIGNATION", frozenset())
    if binding.pattern.code[:2] in CLAUSE_TARGET_ROOTS:  # `repeated its demand that Russia withdraw` → RUS,
        # `complained that Egypt had ignored its reports` → EGY
        asked = [a for i in [head, *sorted(binding.used), *about] for c in sent.kids(i, "acl", "ccomp")
                 for h in sent.kids(c, "nsubj") for a in others_at(ctx, h, sources)]
        if asked:
            return asked
    for i in sorted(binding.used) + about:
        if sent.toks[i].pos != "NOUN" or sent.toks[i].dep not in ("dobj", "pobj", "nsubjpass"):
            continue
        preps = OWNER_ANY if noun_keys(sent, i) & resignations else OWNER_BY
        owners = [a for a in owner_actors(ctx, i, preps) if a.known_country and a.code not in own]
        if owners:
            return owners
    return []
