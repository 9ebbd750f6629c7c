"""Matching a pattern's frame against the clause of an event head."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from openevents.coder.actors import Actor, Antecedents, resolve_actors
from openevents.coder.clauses import Clause, verb_clause
from openevents.coder.dictionaries import Dictionaries
from openevents.coder.patterns import PARTICLES, Frame, Pattern, Slot
from openevents.coder.sentence import Sentence
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


@dataclass(frozen=True)
class Context:
    sent: Sentence
    dicts: Dictionaries
    day: dt.date
    memory: Antecedents | None = None


def noun_keys(sent: Sentence, i: int) -> set[str]:
    """Keys of the noun at i with up to two compound/adjective words before it (`defense pact`, `nuclear weapon`)."""
    head = phrase_key(sent.toks[i].lemma)
    keys = {head, phrase_key(sent.toks[i].text)}
    mods = [m for m in sent.kids(i, "compound", "amod") if m < i]
    if mods:
        keys.add(phrase_key(sent.toks[mods[-1]].lemma) + head)
        keys.add(phrase_key(sent.toks[mods[-1]].text) + head)
        if len(mods) > 1:
            keys.add(phrase_key(sent.toks[mods[-2]].text) + phrase_key(sent.toks[mods[-1]].text) + head)
    return keys


def slot_candidates(ctx: Context, clause: Clause, slot: Slot) -> list[int]:
    if slot.prep is None:
        return list(clause.objects)
    found = [o for p, o in clause.preps if p == slot.prep]
    if slot.prep in PARTICLES and slot.prep in clause.particles:
        found += clause.objects
    return found


def fill_slot(ctx: Context, slot: Slot, candidate: int, binding: Binding) -> bool:
    """Check the candidate against the slot's constraint, recording actors for @T/@S."""
    if slot.noun is not None:
        return phrase_key(slot.noun) in noun_keys(ctx.sent, candidate)
    if slot.noun_class is not None:
        found = noun_keys(ctx.sent, candidate) & ctx.dicts.classes[slot.noun_class]
        binding.quality += max(map(len, found), default=0)
        return bool(found)
    if slot.role is not None:
        actors = resolve_actors(ctx.sent, candidate, ctx.dicts, ctx.day, slot.role == "target", ctx.memory)
        if not actors:
            return False
        (binding.targets if slot.role == "target" else binding.sources).extend(actors)
    return True


def match_frame(ctx: Context, frame: Frame, clause: Clause, binding: Binding) -> bool:
    """True when every element of the frame is found around the clause head (each slot on its own token)."""
    available = clause.particles | {p for p, _ in clause.preps}
    if any(p not in available for p in frame.particles):
        return False
    taken: set[int] = set()
    for slot in frame.slots:
        for candidate in slot_candidates(ctx, clause, slot):
            if candidate in taken:
                continue
            trial = Binding(binding.pattern)
            if fill_slot(ctx, slot, candidate, trial):
                taken.add(candidate)
                binding.targets.extend(trial.targets)
                binding.sources.extend(trial.sources)
                binding.quality += trial.quality
                break
        else:
            return False
    binding.used |= taken
    binding.action.extend(_particle_tokens(ctx.sent, clause.head, frame.particles))
    if frame.complement is None:
        return True
    return _match_complement(ctx, frame.complement, clause, binding)


def _match_complement(ctx: Context, frame: Frame, clause: Clause, binding: Binding) -> bool:
    for c in clause.complements:
        if frame.head != "*" and ctx.sent.lemma(c) != frame.head:
            continue
        trial = Binding(binding.pattern)
        if match_frame(ctx, frame, verb_clause(ctx.sent, c), trial):
            binding.targets.extend(trial.targets)
            binding.sources.extend(trial.sources)
            binding.used |= trial.used | {c}
            binding.action.extend([c, *trial.action])
            binding.quality += trial.quality
            return True
    return False


def _particle_tokens(sent: Sentence, head: int, particles: tuple[str, ...]) -> list[int]:
    return [c for c in sent.kids(head, "prt", "prep") if sent.lemma(c) in particles]


def best_match(ctx: Context, patterns: tuple[Pattern, ...], clause: Clause) -> Binding | None:
    """The most specific pattern that matches; among equally specific ones the one whose noun-class member is the
    longest (`military aid` beats `aid`), then file order. None when no pattern matches."""
    found: list[Binding] = []
    for pattern in sorted(patterns, key=lambda p: (-p.specificity, p.order)):
        if found and pattern.specificity < found[0].pattern.specificity:
            break
        binding = Binding(pattern, action=[clause.head])
        if match_frame(ctx, pattern.frame, clause, binding):
            found.append(binding)
    return max(found, key=lambda b: (b.quality, -b.pattern.order)) if found else None
