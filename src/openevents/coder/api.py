"""Coding free text: the contract of `openevents code` and of the evaluation harness.

Input items are (id, text, date); the output for each id is a list of event dicts with stable keys.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

import polars as pl

from openevents.coder.dictionaries import Dictionaries
from openevents.coder.engine import code_tokens

EVENT_KEYS = ["sentence_index", "event_code", "event_root_code", "quad_class", "goldstein", "source_actor_code",
              "source_actor_text", "target_actor_code", "target_actor_text", "action_text", "rule_id",
              "source_start", "source_end", "target_start", "target_end", "action_start", "action_end"]


def code_texts(items: Iterable[tuple[str, str, dt.date]], dicts: Dictionaries, nlp: Any,
               n_process: int = 1) -> dict[str, list[dict[str, Any]]]:
    """Events of every text, keyed by id (an id with no events maps to an empty list), coded as the pipeline codes
    (a dateline in the text gives the country of actors named by their role alone)."""
    from openevents.nlp.parse import parse_texts
    from openevents.pipeline import dateline_country

    rows = list(items)
    keys = [f"t{n}" for n in range(len(rows))]
    tokens = parse_texts(nlp, zip(keys, (text for _, text, _ in rows)), n_process=n_process)
    homes = {k: dateline_country(text, dicts) for k, (_, text, _) in zip(keys, rows)}
    coded = code_tokens(tokens, {k: day for k, (_, _, day) in zip(keys, rows)}, dicts, homes)
    coded = coded.with_columns(
        pl.col("event_code").str.slice(0, 2).alias("event_root_code"),
        pl.col("event_code").replace_strict({c: v.quad_class for c, v in dicts.cameo.items()}, default=None,
                                            return_dtype=pl.Int8).alias("quad_class"),
        pl.col("event_code").replace_strict({c: v.goldstein for c, v in dicts.cameo.items()}, default=None,
                                            return_dtype=pl.Float64).alias("goldstein"),
    )
    out: dict[str, list[dict[str, Any]]] = {item_id: [] for item_id, _, _ in rows}
    by_key = dict(zip(keys, (item_id for item_id, _, _ in rows)))
    for record in coded.iter_rows(named=True):
        out[by_key[record["article_id"]]].append({k: record[k] for k in EVENT_KEYS})
    return out


def explain_text(text: str, day: dt.date, dicts: Dictionaries, nlp: Any) -> list[str]:
    """For each sentence of the text, why each word that heads patterns was or was not coded."""
    from openevents.coder.actors import Antecedents
    from openevents.coder.engine import remember_subjects
    from openevents.coder.explain import explain_sentence
    from openevents.coder.sentence import iter_sentences
    from openevents.nlp.parse import parse_texts

    lines: list[str] = []
    memory = Antecedents()
    for sent in iter_sentences(parse_texts(nlp, [("text", text)])):
        lines.append(f"sentence {sent.index}: {text[sent.start:sent.end]}")
        lines.extend(f"  {line}" for line in explain_sentence(sent, dicts, day, memory))
        remember_subjects(sent, dicts, day, memory)
    return lines
