"""Who a violent event noun hit, read from the verb it belongs to (`soldiers were wounded by rebel gunfire`), and
the parties to a clash that killed people on both sides (`two soldiers and five militants were killed in clashes`)."""

from __future__ import annotations

from openevents.coder.actors import Actor, place_country, resolve_actors
from openevents.coder.asking import VERB_POS
from openevents.coder.clauses import objects_of, verb_clause
from openevents.coder.matcher import Context
from openevents.coder.memory import ARMED_ROLES
from openevents.coder.places import PLACE_PREPS, clause_places

HIT_DEPS = frozenset({"dobj", "obj"})
DYING = frozenset({"die", "perish"})
EXPLODING = frozenset({"explode", "detonate", "blow"})
HIT_BY = frozenset({"by", "in", "during"})  # `killed by`, `in` or `during Russian shelling`


def victims_of(ctx: Context, noun: int) -> tuple[list[Actor], list[int]]:
    """Who a violent event noun hit, read from the verb it belongs to: `an Israeli airstrike destroyed Iran's
    consulate` (the verb's object), `soldiers were wounded by Syrian gunfire` and `children were killed in Israeli
    tank shelling` (the passive verb's subject); and where (`victim_places`)."""
    sent, found = ctx.sent, _hit_verb(ctx, noun)
    if found is None:
        return [], []
    verb, via = found
    if via == "nsubj" and sent.lemma(verb) in EXPLODING:  # `a car bomb exploded in Mogadishu, killing ten people`
        heads = [o for c in sent.kids(verb, "advcl", "conj") if sent.toks[c].pos in VERB_POS
                 for o in sent.kids(c, *HIT_DEPS)]
    elif via == "nsubj":
        heads = sent.kids(verb, *HIT_DEPS)
    elif sent.lemma(verb) in DYING:
        heads = sent.kids(verb, "nsubj")  # `three soldiers died in Russian shelling`
    else:
        backing = sent.lemma(verb) in ctx.dicts.classes.get("BACKING_ACTS", frozenset())  # `backed by airstrikes`
        heads = objects_of(sent, verb) if sent.toks[verb].tag == "VBN" and not backing else []
    victims = [a for h in heads for a in resolve_actors(sent, h, ctx.dicts, ctx.day, True, ctx.memory)]
    places = victim_places(ctx, noun)
    if heads and not victims:  # `… destroyed dozens of homes in Rafah`, `… hit Kharkiv`: what they hit was there
        victims = [Actor(c, sent.toks[p].text, sent.toks[p].start, sent.toks[p].end, p) for p in heads + places
                   for c in [place_country(sent, p, ctx.dicts, ctx.day)] if c][:1]
    return victims, places


def victim_places(ctx: Context, noun: int) -> list[int]:
    """Where a violent event noun hit: the places of its own `of`/place phrases and of the verb it belongs to."""
    sent, found = ctx.sent, _hit_verb(ctx, noun)
    if found is None:
        return []
    own = [o for p in sent.kids(noun, "prep") for o in sent.kids(p, "pobj") if sent.lemma(p) in ("of", *PLACE_PREPS)]
    return [p for p in own + clause_places(verb_clause(sent, found[0])) if p != noun]


def _hit_verb(ctx: Context, noun: int) -> tuple[int, str] | None:
    """The verb a violent event noun belongs to and how: as its subject (`nsubj`) or in a `by`, `in` or `during`
    phrase (`by`); None for any other tie."""
    sent, tok = ctx.sent, ctx.sent.toks[noun]
    verb, via = tok.head, tok.dep
    misread = [c for c in sent.kids(noun, "acl") if sent.toks[c].tag in ("VBD", "VBN") and sent.kids(c, *HIT_DEPS)]
    if misread:  # `Israeli airstrikes killed 30 people …, officials said`, parsed with `killed` a clause on the noun
        verb, via = misread[0], "nsubj"
    if tok.dep == "pobj" and sent.lemma(tok.head) in HIT_BY and sent.toks[tok.head].dep in ("agent", "prep"):
        verb, via = sent.toks[tok.head].head, "by"
    if verb == noun or sent.toks[verb].pos not in VERB_POS or via not in ("nsubj", "by"):
        return None
    return verb, via


FIGHTING_ROLES = ARMED_ROLES | {"MIL", "COP", "CRM"}  # who fights in a clash: forces, rebels, militants, gangs


def clash_parties(ctx: Context, noun: int) -> tuple[list[int], list[int]]:
    """`Two soldiers and five militants were killed in clashes in Kashmir`: the dead of a clash that names no
    parties of its own fought each other when they are armed people of at least two kinds (not `three civilians
    and a policeman`). The head of the first victim (whose conjuncts are the others) and the places."""
    victims, places = victims_of(ctx, noun)
    kinds = {a.code[3:6] for a in victims}
    if len(victims) < 2 or len(kinds) < 2 or not kinds <= FIGHTING_ROLES:
        return [], []
    return [victims[0].head], places
