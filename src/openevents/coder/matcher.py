"""Matching a pattern's frame against the clause of an event head."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from openevents.coder.actors import Actor, Antecedents, find_matches, place_country, resolve_actor, resolve_actors
from openevents.coder.clauses import Clause, verb_clause
from openevents.coder.dictionaries import Dictionaries
from openevents.coder.names import LOCATIVE_PREPS, PLACE_SLOT, TOWNS, np_tokens
from openevents.coder.patterns import NAMED_PLACE, NON_EVENT, PARTICLES, Frame, Pattern, Slot
from openevents.coder.sentence import Sentence, of_objects
from openevents.coder.tsv import phrase_key


@dataclass
class Binding:
    """What a successful match found: actors at @T/@S, the tokens it used, the words of the action."""

    pattern: Pattern
    targets: list[Actor] = field(default_factory=list)
    sources: list[Actor] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    action: list[int] = field(default_factory=list)
    quality: int = 0
    negation_seen: bool = False
    complement: int | None = None


@dataclass(frozen=True)
class Context:
    sent: Sentence
    dicts: Dictionaries
    day: dt.date
    memory: Antecedents | None = None
    home: str | None = None  # the article's country (its dateline), for actors named by their role alone
    resolved: dict = field(default_factory=dict, compare=False)  # slot fillers' actors, once per sentence


def slot_actors(ctx: Context, candidate: int, where: bool | str) -> list[Actor]:
    """The actors of the phrase at the candidate, resolved once per sentence for each way of reading places."""
    key = (candidate, where)
    if key not in ctx.resolved:
        ctx.resolved[key] = resolve_actors(ctx.sent, candidate, ctx.dicts, ctx.day, where, ctx.memory)
    return list(ctx.resolved[key])


NEGATION_DETS = frozenset({"no", "neither"})
LITERAL_BONUS = 2
OWNER_DEPS = ("poss", "compound", "amod", "nmod")
OWNER_PREPS = frozenset({"of", "by", "from"})
SLOT_OWNER_PREPS = OWNER_PREPS | {"for"}  # a thing in a class slot is also its owner's: `a camp for Sudanese refugees`


def noun_keys(sent: Sentence, i: int) -> set[str]:
    """Keys of the noun at i with up to two compound/adjective words before it (`defense pact`, `nuclear weapon`)
    and its of-phrase (`state of emergency`); computed once per sentence and token."""
    cached = sent.cache.get(("keys", i))
    if cached is None:
        cached = sent.cache[("keys", i)] = frozenset(_noun_keys(sent, i))
    return set(cached)


def _noun_keys(sent: Sentence, i: int) -> set[str]:
    head = phrase_key(sent.toks[i].lemma)
    keys = {head, phrase_key(sent.toks[i].text)}
    for p in sent.kids(i, "prep"):
        prep = phrase_key(sent.toks[p].text)
        keys |= {head + prep + phrase_key(sent.toks[o].lemma) for o in sent.kids(p, "pobj")}
        keys |= {head + prep + phrase_key(sent.toks[o].text) for o in sent.kids(p, "pobj")}
    chain = compound_chain(sent, i)
    if len(chain) > 1:
        keys.add("".join(phrase_key(sent.toks[j].text) for j in chain[:-1]) + head)
    mods = [m for m in sent.kids(i, "compound", "amod", "nmod") if m < i]
    # `economic and military aid`, `artillery and rocket fire`: each coordinated modifier with the head
    keys |= {phrase_key(sent.toks[c].lemma) + head for m in mods for c in sent.kids(m, "conj") if c < i}
    if mods:
        keys.add(phrase_key(sent.toks[mods[-1]].lemma) + head)
        keys.add(phrase_key(_hyphenated(sent, mods[-1])) + head)  # `peace-keeping force`
        if len(mods) > 1:
            keys.add(phrase_key(sent.toks[mods[-2]].text) + phrase_key(sent.toks[mods[-1]].text) + head)
        if sent.toks[mods[-1]].dep == "compound":  # `military aid package`: the compound's own modifier
            keys |= {phrase_key(sent.toks[m].text) + phrase_key(sent.toks[mods[-1]].text) + head
                     for m in sent.kids(mods[-1], "amod", "compound") if m < mods[-1]}
    return keys


def _hyphenated(sent: Sentence, j: int) -> str:
    """The whole hyphenated word token j ends (`peace-keeping` for `keeping`), else its text."""
    parts = [sent.toks[j].text]
    while sent.hyphen_joined(j):
        parts.insert(0, sent.toks[j - 2].text)
        j -= 2
    return "".join(parts)


def compound_chain(sent: Sentence, i: int, limit: int = 4) -> list[int]:
    """The noun at i with the chain of compound modifiers before it (`war crimes investigation`)."""
    mods = [m for m in sent.kids(i, "compound") if m < i]
    if not mods or limit <= 1:
        return [i]
    return compound_chain(sent, mods[-1], limit - 1) + [i]


def _names_quantity(ctx: Context, slot: Slot, candidate: int) -> bool:
    """The slot asks for the quantity word itself (`send [QUANTITY] of [AID]`)."""
    keys = noun_keys(ctx.sent, candidate)
    if slot.noun is not None:
        return phrase_key(slot.noun) in keys
    return slot.noun_class is not None and bool(keys & ctx.dicts.classes.get(slot.noun_class, frozenset()))


def quantity_head(sent: Sentence, i: int, dicts: Dictionaries) -> int:
    """`dozens of prisoners`, `tons of aid`: the noun counted stands for the quantity word (class QUANTITY);
    `the return of inspectors`, `the deployment of peacekeepers`: the noun moved stands for the movement (class
    MOVEMENT_HEADS), unless the pattern names the movement itself."""
    key = phrase_key(sent.lemma(i))
    if not any(key in dicts.classes.get(name, frozenset()) for name in ("QUANTITY", "MOVEMENT_HEADS")):
        return i
    counted = [o for p in sent.kids(i, "prep") if sent.lemma(p) == "of" for o in sent.kids(p, "pobj")]
    return counted[0] if counted else i


def slot_candidates(ctx: Context, clause: Clause, slot: Slot) -> list[int]:
    """Tokens that may fill the slot. Without a direct object, the subject of a complement clause stands in for
    it: `demanded that Iran release …` reads like `urged Iran to release …`."""
    if slot.prep is None:
        if clause.objects:  # a second object may be a predicate (`held the US responsible`, read as `as`)
            return list(clause.objects) + [o for p, o in clause.preps if p == "as" and (slot.noun or slot.noun_class)]
        key = phrase_key(ctx.sent.lemma(clause.head))
        if key in ctx.dicts.classes.get("CLAIM_VERB", frozenset()):
            return []  # `charged that Kosovo was persecuting …` is a claim (claims.py), not `charge @T`
        judging = key in ctx.dicts.classes.get("JUDGING_VERB", frozenset())
        return [s for c in clause.complements if not judging or ctx.sent.toks[c].pos in ("VERB", "AUX")
                for s in ctx.sent.kids(c, "nsubj", "nsubjpass")]  # not `considers the plan unacceptable`
    found = [o for p, o in clause.preps if p == slot.prep]
    if slot.prep in PARTICLES and slot.prep in clause.particles:
        found += clause.objects
        if not clause.objects:  # `called on Energy Minister Kamau to resign`, parsed with Kamau the subject of resign
            found += [s for c in clause.complements for s in ctx.sent.kids(c, "nsubj")]
    return found


def owner_actors(ctx: Context, candidate: int, preps: frozenset[str] = OWNER_PREPS,
                 deps: tuple[str, ...] = OWNER_DEPS) -> list[Actor]:
    """Actors that own a noun: `Russia's accusations`, `the Iranian proposal`, `the apology of Japan`, `the
    sanctions imposed by the US`."""
    sent = ctx.sent
    heads = sent.kids(candidate, *deps)
    if noun_keys(sent, candidate) & ctx.dicts.classes.get("TOPIC_HEADS", frozenset()):  # `the foreign agents law`,
        heads = [h for h in heads if (sent.toks[h].dep, sent.toks[h].pos) not in (("compound", "NOUN"), ("amod", "ADJ"))
                 or sent.toks[h].ent in ("NORP", "GPE")]  # `an executive order`; not `a Russian decree`
    heads += [o for p in sent.kids(candidate, "prep") if sent.lemma(p) in preps for o in sent.kids(p, "pobj")]
    named_parts = sent.kids(candidate, "compound") + [o for o in of_objects(sent, candidate)
                                                      if sent.toks[o].pos == "PROPN"]
    if any(h in named_parts for h in heads):  # `the Paris Agreement`, `the South China Sea`, `the Sea of Japan`
        named = find_matches(sent, np_tokens(sent, candidate), ctx.dicts, ctx.day)  # are no one's (not_actors.tsv)
        heads = [h for h in heads if not any(m.code == "---" and m.first <= h <= m.last for m in named)]
    if "by" in preps:  # `a drone launched by the Houthis`, `sanctions imposed by the US`
        reacting = ctx.dicts.classes.get("REACTING_ACTS", frozenset())  # not `the raid, condemned by the UN`
        heads += [o for v in sent.kids(candidate, "acl") if sent.toks[v].tag == "VBN" and sent.lemma(v) not in reacting
                  for a in sent.kids(v, "agent") for o in sent.kids(a, "pobj")]
    for head in heads:
        actors = resolve_actors(sent, head, ctx.dicts, ctx.day, memory=ctx.memory)
        if actors:
            return actors
    return []


def _possessors(ctx: Context, candidate: int) -> list[Actor]:
    """The actors a possessive names for a thing that is no actor itself (`Sweden's NATO bid` → SWE)."""
    if ctx.sent.toks[candidate].pos != "NOUN":
        return []
    words = sorted([candidate, *ctx.sent.kids(candidate, "compound")])  # also `Russia's charge d'affaires`
    if any(m.kind == "agent" and m.last == candidate for m in find_matches(ctx.sent, words, ctx.dicts, ctx.day)):
        return []  # `Niger's ambassador` is a role of its own: NERGOV, not NER
    return owner_actors(ctx, candidate, frozenset(), ("poss",))


def _coordinated_keys(ctx: Context, candidate: int) -> set[str]:
    """Keys of the noun and of the nouns coordinated with it: `radar data and other military intelligence`
    is intelligence, `weapons and explosives` are arms; not past a name (`Turkey and Turkish officials`)."""
    keys = noun_keys(ctx.sent, candidate)
    if ctx.sent.toks[candidate].pos != "NOUN":
        return keys
    for c in ctx.sent.kids(candidate, "conj"):
        keys |= noun_keys(ctx.sent, quantity_head(ctx.sent, c, ctx.dicts))
    return keys


def fill_slot(ctx: Context, slot: Slot, candidate: int, binding: Binding, places: bool = True) -> bool:
    """Check the candidate against the slot's constraint, recording actors for @T/@S (the actor is the owner of
    the noun when the slot also names a noun or class: `[ACCUSATION]@S`)."""
    sent = ctx.sent
    if any(sent.lemma(d) in NEGATION_DETS for d in sent.kids(candidate, "det")):
        binding.negation_seen = True
    if not _names_quantity(ctx, slot, candidate):
        candidate = quantity_head(sent, candidate, ctx.dicts)
    keys = _coordinated_keys(ctx, candidate)
    if slot.noun is not None:
        if phrase_key(slot.noun) not in keys:
            return False
        binding.quality += LITERAL_BONUS + len(slot.noun)
    if slot.noun_class == NAMED_PLACE:  # `seized Goma`, `captured Crimea`: a place named by its name
        if not _named_place(ctx, candidate):
            return False
        return slot.role is None or _record(binding, slot, slot_actors(ctx, candidate, TOWNS))
    if slot.noun_class is not None:
        found = keys & ctx.dicts.classes[slot.noun_class]
        if not found:
            return False
        binding.quality += max(map(len, found))
    if slot.role is None:
        return True
    if slot.noun is not None or slot.noun_class is not None:  # `Sweden's NATO bid`: the possessor owns it
        return _record(binding, slot, _possessors(ctx, candidate) or slot_actors(ctx, candidate, False)
                       or owner_actors(ctx, candidate, SLOT_OWNER_PREPS))
    where = (TOWNS if binding.pattern.code[:2] in TOWN_ROOTS else True) if places and slot.role == "target" else False
    if slot.prep in LOCATIVE_PREPS and (where is True or where == TOWNS and slot.prep != "in"):
        where = PLACE_SLOT  # `distributed food aid in Darfur`, `flew near Alaska`: the place is the target
    return _record(binding, slot, slot_actors(ctx, candidate, where))


def _record(binding: Binding, slot: Slot, actors: list[Actor]) -> bool:
    """Record the actors for the slot's role; True when there are any."""
    (binding.targets if slot.role == "target" else binding.sources).extend(actors)
    return bool(actors)


def _named_place(ctx: Context, candidate: int) -> bool:
    """A proper name of a town, region or country (not of a person or an organisation): `Goma`, `Crimea`."""
    sent, tok = ctx.sent, ctx.sent.toks[candidate]  # the parser's entity type is no guide: it calls Goma a PERSON
    if tok.pos != "PROPN" or phrase_key(tok.text) in ctx.dicts.person_words:
        return False
    actor = resolve_actor(sent, candidate, ctx.dicts, ctx.day)
    if actor is not None:
        return len(actor.code) == 3 and actor.code.isalpha() and not actor.person
    return place_country(sent, candidate, ctx.dicts, ctx.day) is not None


def match_frame(ctx: Context, frame: Frame, clause: Clause, binding: Binding) -> bool:
    """True when every element of the frame is found around the clause head (each slot on its own token)."""
    available = clause.particles | {p for p, _ in clause.preps}
    if any(p not in available for p in frame.particles) or (frame.intransitive and clause.objects):
        return False
    taken: set[int] = set()
    addressed = frame.complement is not None  # `urge @T to +*`: @T is asked to act, so it must be able to act
    for slot in frame.slots:
        candidates = slot_candidates(ctx, clause, slot)
        if slot.prep == "in":
            candidates = [c for c in candidates if not _placed_elsewhere(ctx, clause, c, taken)]
        if not _fill_first(ctx, slot, candidates, taken, binding, places=not addressed):
            relaxed = (_plain_target(frame, slot) and binding.pattern.code[:2] not in JUDGING_ROOTS
                       and not (clause.passive and binding.pattern.code[:2] == COERCE_ROOT)  # `arrested at Tehran …`
                       and _fill_first(ctx, slot, _target_preps(ctx.sent, clause), taken, binding, places=False))
            if not relaxed:
                return False
            binding.quality -= 1  # `threatened unspecified action against Iran`: ranks below a direct hit
    binding.used |= taken
    binding.action.extend(_particle_tokens(ctx.sent, clause.head, frame.particles))
    if frame.complement is None:
        return True
    return _match_complement(ctx, frame.complement, clause, binding)


# Roots whose targets may be towns named alone (`attacked Mariupol`, `a strike on Kharkiv`, `besieged El Fasher`):
# protest, force posture, coercion, violence.
COERCE_ROOT = "17"  # a passive arrest names its patient as subject: `at Tehran airport` is no target
TOWN_ROOTS = frozenset({"14", "15", "17", "18", "19", "20"})
TARGET_PREPS = frozenset({"against", "on", "with", "at", "toward", "into"})
# Disapproval and rejection judge an act: in `criticised the sanctions against North Korea` the `against` phrase
# names who the act hit, not who is criticised, so these roots take no target from it.
JUDGING_ROOTS = frozenset({"11", "12"})


def _fill_first(ctx: Context, slot: Slot, candidates: list[int], taken: set[int], binding: Binding,
                places: bool = True) -> bool:
    """Fill the slot with the first candidate that fits and is not taken yet (`places`: a target may be read from
    a place in its phrase)."""
    for candidate in candidates:
        if candidate in taken:
            continue
        trial = Binding(binding.pattern)
        if fill_slot(ctx, slot, candidate, trial, places):
            taken.add(candidate)
            binding.targets.extend(trial.targets)
            binding.sources.extend(trial.sources)
            binding.quality += trial.quality
            binding.negation_seen |= trial.negation_seen
            return True
    return False


def _placed_elsewhere(ctx: Context, clause: Clause, candidate: int, taken: set[int]) -> bool:
    """When the object has an owner, an `in` phrase hung on a noun the pattern does not use, inside another
    phrase, places that noun: in `praised North Korea's support for the war in Ukraine`, `in Ukraine` is where the
    war is, and the owner of the support is praised (`called for a ceasefire in Gaza` keeps it)."""
    sent = ctx.sent
    prep = sent.toks[candidate].head
    holder = sent.toks[prep].head
    if sent.lemma(prep) != "in" or holder == clause.head or holder in clause.objects or holder in taken:
        return False
    return sent.toks[holder].dep == "pobj" and any(sent.kids(o, "poss") for o in clause.objects)


def _plain_target(frame: Frame, slot: Slot) -> bool:
    """`verb @T` alone: its target may also come from an against/on/with/at/toward/into phrase when the direct
    object is not an actor (`threatened unspecified action against Iran`)."""
    return (slot.role == "target" and slot.prep is None and slot.noun is None and slot.noun_class is None
            and len(frame.slots) == 1 and not frame.particles and frame.complement is None)


def _target_preps(sent: Sentence, clause: Clause) -> list[int]:
    """Objects of the clause's against/on/with/at … phrases hung on the verb or its object (`unspecified action
    against Iran`), not deeper (`echoed this view during talks with reporters`)."""
    near = {clause.head, *clause.objects}
    return [o for p, o in clause.preps if p in TARGET_PREPS and sent.toks[sent.toks[o].head].head in near]


def _match_complement(ctx: Context, frame: Frame, clause: Clause, binding: Binding) -> bool:
    for c in clause.complements:
        if frame.head != "*" and ctx.sent.lemma(c) != frame.head:
            continue
        if frame.gerund and ctx.sent.toks[c].dep == "ccomp":  # `charged that Kosovo was persecuting …` is no
            continue  # `charge @T with +*`
        if not frame.gerund and ctx.sent.toks[ctx.sent.toks[c].head].head != clause.head \
                and ctx.sent.toks[c].dep == "pcomp":  # a gerund on the object (`claimed responsibility for
            continue  # ambushing …`) only fills `for +ambush`, not `order @T to +*`
        trial = Binding(binding.pattern)
        if match_frame(ctx, frame, verb_clause(ctx.sent, c), trial):
            binding.targets.extend(trial.targets)
            binding.sources.extend(trial.sources)
            binding.used |= trial.used | {c}
            binding.action.extend([c, *trial.action])
            binding.complement = c if frame.head == "*" else binding.complement
            binding.quality += trial.quality
            binding.negation_seen |= trial.negation_seen
            return True
    return False


def _particle_tokens(sent: Sentence, head: int, particles: tuple[str, ...]) -> list[int]:
    return [c for c in sent.kids(head, "prt", "prep") if sent.lemma(c) in particles]


def ranked_matches(ctx: Context, patterns: tuple[Pattern, ...], clause: Clause,
                   verb_negated: bool = False) -> list[Binding]:
    """Matching patterns, best first: the most specific; among equally specific ones those that found an actor at
    their @T/@S slot, then the longest literal or noun-class match (`military aid` beats `aid`), then file order.
    A non-event pattern (code 000) wins ties. A caller takes the first that yields an event (one whose source is
    not its own target).

    A pattern written with `not` matches only a negated act (`did not comment`, `had no comment`); the others
    only an act that is not negated."""
    found: list[Binding] = []
    for pattern in patterns:
        if pattern.subject_class and not _subject_in(ctx, clause, pattern.subject_class):
            continue
        binding = Binding(pattern, action=[clause.head])
        if match_frame(ctx, pattern.frame, clause, binding) and pattern.negated == (verb_negated or binding.negation_seen):
            found.append(binding)
    return sorted(found, key=lambda b: (-b.pattern.specificity, b.pattern.code != NON_EVENT, not _known_actor(b),
                                        -b.quality, b.pattern.order))


def _known_actor(binding: Binding) -> bool:
    return any(a.known_country for a in binding.targets + binding.sources)


def _subject_in(ctx: Context, clause: Clause, name: str) -> bool:
    """`[WARPLANE]: strike @T`: the subject's noun (`Israeli warplanes struck …`) is of the class."""
    members = ctx.dicts.classes[name]
    return any(noun_keys(ctx.sent, quantity_head(ctx.sent, s, ctx.dicts)) & members for s in clause.subjects)


def best_match(ctx: Context, patterns: tuple[Pattern, ...], clause: Clause,
               verb_negated: bool = False) -> Binding | None:
    ranked = ranked_matches(ctx, patterns, clause, verb_negated)
    return ranked[0] if ranked else None
