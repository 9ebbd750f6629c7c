"""Why the coder did or did not code each event head of a sentence: the reasons behind `openevents code --explain`."""

from __future__ import annotations

import datetime as dt

from openevents.coder.actors import Antecedents, resolve_actors
from openevents.coder.clauses import blocked_reason, noun_blocked_reason, noun_clause, verb_clause
from openevents.coder.dictionaries import Dictionaries
from openevents.coder.engine import NOUN_POS, VERB_POS, noun_patterns_for
from openevents.coder.matcher import Context, ranked_matches
from openevents.coder.sentence import Sentence


def _actors(ctx: Context, heads: list[int]) -> str:
    found = [a for h in heads for a in resolve_actors(ctx.sent, h, ctx.dicts, ctx.day, memory=ctx.memory)]
    return ", ".join(f"{a.code} ({a.text})" for a in found) or "none"


def explain_head(ctx: Context, i: int, noun: bool) -> str:
    """One line about the event head at token i."""
    sent, dicts = ctx.sent, ctx.dicts
    word = f"{sent.toks[i].text!r} ({sent.lemma(i)})"
    reason = noun_blocked_reason(sent, i, dicts) if noun else blocked_reason(sent, i, dicts)
    if reason and reason not in ("negated", "future"):
        return f"{word}: not asserted — {reason}"
    clause = noun_clause(sent, i, dicts) if noun else verb_clause(sent, i)
    patterns = noun_patterns_for(sent, i, dicts) if noun else dicts.verb_patterns[sent.lemma(i)]
    usable = tuple(p for p in patterns if p.negated == (reason == "negated"))
    ranked = ranked_matches(ctx, usable, clause, verb_negated=reason == "negated")
    if not ranked:
        return f"{word}: {len(usable)} patterns, none matches the parse; subject actors: {_actors(ctx, clause.subjects)}"
    best = ranked[0]
    targets = ", ".join(f"{a.code} ({a.text})" for a in best.targets) or "none"
    return (f"{word}{' [' + reason + ']' if reason else ''}: best pattern {best.pattern.rule_id}; "
            f"subject actors: {_actors(ctx, clause.subjects)}; slot actors: {targets}")


def explain_sentence(sent: Sentence, dicts: Dictionaries, day: dt.date, memory: Antecedents | None = None) -> list[str]:
    """A line for every token that heads patterns (verbs, then event nouns)."""
    sent.correct_lemmas(dicts)
    ctx = Context(sent, dicts, day, memory)
    lines = []
    for tok in sent.toks:
        if tok.pos in VERB_POS and sent.lemma(tok.i) in dicts.verb_patterns:
            lines.append(explain_head(ctx, tok.i, noun=False))
        elif tok.pos in NOUN_POS and noun_patterns_for(sent, tok.i, dicts):
            lines.append(explain_head(ctx, tok.i, noun=True))
    return lines or ["no word of this sentence heads a pattern"]
