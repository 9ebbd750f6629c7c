"""Acts asked for, refused or intended, composed with the act itself (the rules are in coder/appeals.py): the
events of `urged Iran to release …`, `said Iran must release …`, `will not release …`, `agreed to set up …`."""

from __future__ import annotations

from openevents.coder.actors import Actor, span_text
from openevents.coder.appeals import APPEAL, DEMAND, INTENT, REFUSE, THREAT, asked_events, generic_asked
from openevents.coder.clauses import blocked_reason, modality, verb_clause
from openevents.coder.coded import CodedEvent
from openevents.coder.matcher import Binding, Context, ranked_matches
from openevents.coder.patterns import NON_EVENT
from openevents.coder.places import MILITARY_THREAT, aimed_targets
from openevents.coder.sentence import Sentence
from openevents.coder.tsv import phrase_key

VERB_POS = frozenset({"VERB", "AUX"})
# A governor pattern with `+*` gives way to the specific act: intentions (03), appeals (02), demands (10), refusals
# (12), threats (13). Only the generic intention 030 composes (`accept [INVITATION] to +*` stays 036); an intention
# of an act no pattern knows is no event (`vowed to fight on`).
AIMED_KINDS = frozenset({INTENT, REFUSE, THREAT})
WILDCARD_KINDS = {"02": APPEAL, "030": INTENT, "10": DEMAND, "12": REFUSE, "13": THREAT}


def governor_of(sent: Sentence, i: int) -> int:
    """The verb that governs a complement (through coordinated complements: `urged Iran to stop and release`)."""
    while sent.toks[i].dep == "conj" and sent.toks[i].head != i:
        i = sent.toks[i].head
    return sent.toks[i].head


def asked(ctx: Context, complement: int, governor: int, kind: str,
           addressees: tuple[Actor, ...] = ()) -> list[CodedEvent]:
    """Events of an appeal or a demand for the act at `complement` (coder/appeals.py)."""
    triples, binding = asked_events(ctx, complement, governor, kind, addressees)
    if binding is None:
        return []
    if kind in AIMED_KINDS and triples and all(t is None for _, _, t in triples):
        force = any(c.startswith(MILITARY_THREAT) for c, _, _ in triples)
        aimed = aimed_targets(ctx, complement, [s for _, s, _ in triples], force)  # `refused to lift the curfew on …`
        triples = [(c, s, a) for c, s, _ in triples for a in aimed if a.code != s.code] or triples
    rule = f"{kind} of {binding.pattern.rule_id}"
    return [CodedEvent(code, s, t, *asking_span(ctx.sent, governor, complement), f"{code}:{rule}")
            for code, s, t in triples]


def asking_span(sent: Sentence, governor: int, complement: int) -> tuple[str, int, int]:
    """The words from the asking verb to the act asked for (the asking verb alone when they are far apart)."""
    first, last = min(governor, complement), max(governor, complement)
    if last - first >= 12:
        first = last = governor
    return span_text(sent, first, last), sent.toks[first].start, sent.toks[last].end


def reported_ask(ctx: Context, act: int) -> list[CodedEvent]:
    """The generic appeal or demand of `X said Y should/must <act>` when no pattern composes it (appeals.py)."""
    sent = ctx.sent
    if sent.toks[act].pos not in VERB_POS or sent.toks[act].dep != "ccomp":
        return []
    kind = modality(sent, act)
    if kind not in (APPEAL, DEMAND) or blocked_reason(sent, act, ctx.dicts) != kind:
        return []
    governor = sent.toks[act].head
    modal = "should" if kind == APPEAL else "must"
    return [CodedEvent(code, s, t, *asking_span(sent, governor, act), f"{code}:{kind} reported with {modal}")
            for code, s, t in generic_asked(ctx, act, governor, kind)]


def wildcard_asked(ctx: Context, binding: Binding, governor: int) -> list[CodedEvent]:
    """A governor pattern with `+*` (`urge @T to +*`, `demand that @T +*`) gives way to the appeal or demand for
    the specific act, when the act has a pattern."""
    kind = WILDCARD_KINDS.get(binding.pattern.code[:2]) or WILDCARD_KINDS.get(binding.pattern.code)
    if binding.complement is None or kind is None:
        return []
    return asked(ctx, binding.complement, governor, kind, tuple(binding.targets))


def intent_wildcard(binding: Binding) -> bool:
    return binding.pattern.wildcard and WILDCARD_KINDS.get(binding.pattern.code) == INTENT


def generic_intent(ctx: Context, binding: Binding, governor: int) -> bool:
    """`APEC agreed to set up a research centre`: an agreement or pledge (class INTENT_VERB) to an act no pattern
    knows, or knows with no intention code (`agreed to set up an inquiry`), is still an intent to cooperate (030);
    an act a pattern marks as a non-event is none."""
    sent, act = ctx.sent, binding.complement
    if act is None or phrase_key(sent.lemma(governor)) not in ctx.dicts.classes.get("INTENT_VERB", frozenset()):
        return False
    if sent.toks[act].dep not in ("xcomp", "pcomp") or sent.kids(act, "neg"):
        return False  # a quote (`"the danger has not passed," agreed Sayim`) or `pledged not to give up …`
    patterns = ctx.dicts.verb_patterns.get(sent.lemma(act), ())
    first = next(iter(ranked_matches(ctx, patterns, verb_clause(sent, act))), None)
    return first is None or first.pattern.code != NON_EVENT
