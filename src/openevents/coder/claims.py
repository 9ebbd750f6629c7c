"""Claims and allegations about acts of force: `Israel claimed that Hamas had fired the rockets` is Israel's
accusation of Hamas (112); `the group claimed that it had attacked the base` claims responsibility for the attack
(015). The claimed act itself is not asserted (complements.tsv: `claim ccomp skip`)."""

from __future__ import annotations

from openevents.coder.actors import Actor
from openevents.coder.appeals import first_known_actors
from openevents.coder.asking import asking_span
from openevents.coder.clauses import blocked_reason, subjects_of, verb_clause
from openevents.coder.coded import CodedEvent
from openevents.coder.matcher import Context, ranked_matches
from openevents.coder.patterns import NON_EVENT
from openevents.coder.tsv import phrase_key

CLAIM_RESPONSIBILITY, ACCUSE = "015", "112"
CONFLICT_ROOTS = frozenset({"13", "14", "15", "16", "17", "18", "19", "20"})


def claimed_events(ctx: Context, governor: int) -> list[CodedEvent]:
    """Events of a claim (verbs of class CLAIM_VERB) whose that-clause states an act of conflict (roots 13-20)."""
    sent = ctx.sent
    if phrase_key(sent.lemma(governor)) not in ctx.dicts.classes.get("CLAIM_VERB", frozenset()):
        return []
    if blocked_reason(sent, governor, ctx.dicts) is not None:
        return []
    speakers = first_known_actors(ctx, subjects_of(sent, governor))
    found: list[CodedEvent] = []
    for act in sent.kids(governor, "ccomp"):
        patterns = tuple(p for p in ctx.dicts.verb_patterns.get(sent.lemma(act), ()) if not p.negated)
        binding = next(iter(ranked_matches(ctx, patterns, verb_clause(sent, act))), None)
        if binding is None or binding.pattern.code == NON_EVENT or binding.pattern.code[:2] not in CONFLICT_ROOTS:
            continue
        actors = first_known_actors(ctx, subjects_of(sent, act))
        own = {s.code for s in speakers}
        if actors and all(a.code in own for a in actors):  # `claimed that it had attacked the base`
            pairs = [(CLAIM_RESPONSIBILITY, s, t) for s in speakers for t in _known_targets(binding.targets, own)]
            pairs = pairs or [(CLAIM_RESPONSIBILITY, s, None) for s in speakers]
        else:  # `claimed that Hamas had fired the rockets`
            pairs = [(ACCUSE, s, a) for s in speakers for a in actors if a.code not in own]
        span = asking_span(sent, governor, act)
        found += [CodedEvent(code, s, t, *span, f"{code}:claim of {binding.pattern.rule_id}") for code, s, t in pairs]
    return found


def _known_targets(targets: list[Actor], own: set[str]) -> list[Actor]:
    return [t for t in targets if t.known_country and t.code not in own]
