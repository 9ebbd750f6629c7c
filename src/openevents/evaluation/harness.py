"""Run the coder over the evaluation sets that are present and write the report and the score history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openevents.coder.api import EVENT_KEYS
from openevents.coder.dictionaries import Dictionaries
from openevents.coder.engine import code_tokens
from openevents.evaluation.scoring import (Events, Score, score_cameo, score_petr2, score_plover, score_rated_news,
                                           score_voa)
from openevents.evaluation.sets import GoldSentence, available_sets, read_set

HISTORY_COLUMNS = ["date", "coder_version", "dictionary_version", "cameo_root", "cameo_base", "cameo_full",
                   "plover_source_country", "plover_target_country", "petr2_f1_root", "petr2_f1_full",
                   "voa_events_per_100_sentences", "geo_country", "geo_city_50km", "news_event_where_rated",
                   "news_event_where_none"]


@dataclass
class SetResult:
    name: str
    items: int
    scores: list[Score]
    samples: list[dict[str, Any]] = field(default_factory=list)

    def get(self, name: str) -> float | None:
        return next((s.value for s in self.scores if s.name == name), None)


def code_gold(gold: list[GoldSentence], dicts: Dictionaries, nlp: Any, n_process: int = 1) -> tuple[Events, Any]:
    """Events of every gold sentence (by id) and the tokens table they came from, coded as the pipeline codes
    (datelines in the text give the country of actors named by their role alone)."""
    from openevents.nlp.parse import parse_texts
    from openevents.pipeline import dateline_country

    tokens = parse_texts(nlp, ((g.id, g.text) for g in gold), n_process=n_process)
    homes = {g.id: dateline_country(g.text, dicts) for g in gold}
    coded = code_tokens(tokens, {g.id: g.date for g in gold}, dicts, homes)
    events: Events = {g.id: [] for g in gold}
    for row in coded.iter_rows(named=True):
        events[row["article_id"]].append({k: row.get(k) for k in EVENT_KEYS} | {"sentence_start": row["sentence_start"],
                                                                             "sentence_end": row["sentence_end"]})
    return events, tokens


def voa_samples(gold: list[GoldSentence], events: Events, limit: int = 40) -> list[dict[str, Any]]:
    texts = {g.id: g.text for g in gold}
    samples = []
    for article_id, found in events.items():
        for e in found:
            samples.append({"sentence": texts[article_id][e["sentence_start"]:e["sentence_end"]], **e})
    return samples[:: max(1, len(samples) // limit)][:limit]


def evaluate(eval_dir: Path, dicts: Dictionaries, nlp: Any, only: list[str] | None = None,
             n_process: int = 1) -> list[SetResult]:
    """Score every evaluation set present under eval_dir (or the named ones)."""
    results = []
    for name, path in available_sets(eval_dir).items():
        if only and name not in only:
            continue
        gold = read_set(name, path)
        events, tokens = code_gold(gold, dicts, nlp, n_process)
        if name == "cameo":
            results.append(SetResult(name, len(gold), score_cameo(gold, events)))
        elif name == "plover":
            results.append(SetResult(name, len(gold), score_plover(gold, events)))
        elif name == "petr2":
            results.append(SetResult(name, len(gold), score_petr2(gold, events)))
        elif name == "news":
            results.append(SetResult(name, len(gold), score_rated_news(gold, events)))
        else:
            sentences = tokens.select("article_id", "sentence_index").unique().height
            results.append(SetResult(name, len(gold), score_voa(gold, events, sentences), voa_samples(gold, events)))
    return results


def history_row(day: dt.date, coder_version: str, dictionary_version: str, results: list[SetResult]) -> list[str]:
    by = {r.name: r for r in results}

    def value(set_name: str, score: str, scale: float = 100.0) -> str:
        found = by[set_name].get(score) if set_name in by else None
        return "" if found is None else f"{found * scale:.1f}" if scale > 1 else f"{found:.2f}"

    return [day.isoformat(), coder_version, dictionary_version, value("cameo", "right root code"),
            value("cameo", "right base code"), value("cameo", "right full code"),
            value("plover", "source country"), value("plover", "target country"),
            value("petr2", "F1 (root)", 1.0), value("petr2", "F1 (full)", 1.0),
            value("voa", "events per 100 sentences", 1.0), value("geo", "country of action right"),
            value("geo", "city within 50 km"), value("news", "event where raters saw one"),
            value("news", "event where raters saw none")]


def geo_result(report: dict[str, Any]) -> SetResult:
    """The geolocation gold check (openevents.geo.evaluation) as a result of the harness."""
    cities, items = report["cities"], report["items"]
    country, city, kind = (report[k] or 0.0 for k in ("country_accuracy", "city_within_50km", "type_accuracy"))
    return SetResult("geo", items, [Score("country of action right", country, round(country * items), items),
                                    Score("city within 50 km", city, round(city * cities), cities),
                                    Score("place type right", kind, round(kind * items), items)])
