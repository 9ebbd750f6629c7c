"""Scores of coder output against gold sentences. Pure functions over plain data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from openevents.evaluation.sets import GoldSentence

Events = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class Score:
    name: str
    value: float
    numerator: int
    denominator: int

    @property
    def percent(self) -> str:
        return f"{100 * self.value:.1f}%"


def ratio(name: str, hits: int, total: int) -> Score:
    return Score(name, hits / total if total else 0.0, hits, total)


def actor_prefix(code: str | None) -> str:
    """Country or organisation part of an actor code: the first three letters (IGO, NGO, IMG … included)."""
    return (code or "")[:3]


def score_cameo(gold: list[GoldSentence], coded: Events) -> list[Score]:
    """Share of manual example sentences with an event of the right root, base and full code."""
    levels = {"root": 2, "base": 3, "full": 4}
    hits = Counter()
    for sentence in gold:
        want = sentence.events[0].code or ""
        got = [e["event_code"] for e in coded.get(sentence.id, [])]
        for level, width in levels.items():
            hits[level] += any(g[:width] == want[:width] for g in got)
    emitted = sum(1 for s in gold if coded.get(s.id))
    scores = [ratio(f"right {level} code", hits[level], len(gold)) for level in levels]
    return scores + [ratio("sentences with any event", emitted, len(gold))]


def score_plover(gold: list[GoldSentence], coded: Events) -> list[Score]:
    """Source and target actor accuracy (country/organisation part and full code) per sentence."""
    hits = Counter()
    totals = Counter()
    for sentence in gold:
        events = coded.get(sentence.id, [])
        for role, wanted in (("source", sentence.sources), ("target", sentence.targets)):
            if not wanted:
                continue
            got = [e[f"{role}_actor_code"] for e in events if e.get(f"{role}_actor_code")]
            totals[role] += 1
            hits[f"{role} country"] += any(actor_prefix(g) in {actor_prefix(w) for w in wanted} for g in got)
            hits[f"{role} full"] += any(g in wanted for g in got)
    return [ratio(f"{role} {part}", hits[f"{role} {part}"], totals[role])
            for role in ("source", "target") for part in ("country", "full")]


def _triples(events: list[dict[str, Any]], width: int, country_only: bool) -> Counter:
    def actor(code: str | None) -> str:
        code = code or "---"
        return actor_prefix(code) if country_only else code

    return Counter((actor(e["source_actor_code"]), actor(e["target_actor_code"]), e["event_code"][:width])
                   for e in events)


def score_petr2(gold: list[GoldSentence], coded: Events) -> list[Score]:
    """Precision, recall and F1 of (source, target, code) triples, at root and full code, with exact actor codes
    and with country parts only."""
    scores = []
    for label, width, country in (("root", 2, False), ("full", 4, False), ("root, country part", 2, True)):
        tp = fp = fn = 0
        for sentence in gold:
            want = _triples([{"source_actor_code": g.source, "target_actor_code": g.target, "event_code": g.code or ""}
                             for g in sentence.events], width, country)
            got = _triples(coded.get(sentence.id, []), width, country)
            tp += sum((want & got).values())
            fp += sum((got - want).values())
            fn += sum((want - got).values())
        precision, recall = ratio(f"precision ({label})", tp, tp + fp), ratio(f"recall ({label})", tp, tp + fn)
        f1 = 2 * precision.value * recall.value / (precision.value + recall.value) if tp else 0.0
        scores += [precision, recall, Score(f"F1 ({label})", f1, tp, tp + fp + fn)]
    return scores


def score_voa(gold: list[GoldSentence], coded: Events, sentences: int) -> list[Score]:
    """Whole articles without gold: how many events the coder emits (read the sample in the report)."""
    events = sum(len(coded.get(s.id, [])) for s in gold)
    return [Score("events per 100 sentences", events / sentences * 100 if sentences else 0.0, events, sentences)]


def score_rated_news(gold: list[GoldSentence], coded: Events) -> list[Score]:
    """Real news sentences rated by people: how often the coder emits an event where raters saw a political event,
    and where they saw none (a false alarm: lower is better)."""
    relevant = [g for g in gold if g.extra.get("relevant")]
    irrelevant = [g for g in gold if not g.extra.get("relevant")]
    hit = sum(bool(coded.get(g.id)) for g in relevant)
    alarm = sum(bool(coded.get(g.id)) for g in irrelevant)
    return [ratio("event where raters saw one", hit, len(relevant)),
            ratio("event where raters saw none", alarm, len(irrelevant))]
