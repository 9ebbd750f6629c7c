"""Parse and code throughput on real news: the VOA stories of ../shared/eval/voa-news-ngec2025 (skipped when
absent). Reports spaCy words/s with one and two processes, the coder's sentences/s on the parsed table (the coder
alone, without spaCy), events per 100 sentences, and peak memory."""

from __future__ import annotations

import datetime as dt
import json
import resource
import time

from benchmarks import Measurement, Skip, eval_dir
from openevents.coder.engine import code_tokens
from openevents.config import DICTIONARY_DIR, SPACY_MODEL
from openevents.nlp.parse import load_model, parse_texts
from openevents.pipeline import load_coder_dictionaries


def load_articles() -> list[tuple[str, str, dt.date]]:
    path = eval_dir() / "voa-news-ngec2025" / "voa_stories.jsonl"
    if not path.is_file():
        raise Skip(f"{path} is absent")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(str(r["id"]), r["text"], dt.date.fromisoformat(str(r["published"])[:10])) for r in rows]


def run() -> list[Measurement]:
    articles = load_articles()
    nlp = load_model(SPACY_MODEL)
    dicts = load_coder_dictionaries(DICTIONARY_DIR)
    words = sum(len(text.split()) for _, text, _ in articles)
    results = []
    for processes in (1, 2):
        started = time.perf_counter()
        tokens = parse_texts(nlp, ((i, t) for i, t, _ in articles), n_process=processes)
        seconds = time.perf_counter() - started
        results.append(Measurement(f"parse, {processes} process{'es' if processes > 1 else ''}", words / seconds,
                                   "words/s", f"{len(articles)} articles, {words:,} words"))
    sentences = tokens.select("article_id", "sentence_index").unique().height
    started = time.perf_counter()
    coded = code_tokens(tokens, {i: d for i, _, d in articles}, dicts)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results + [
        Measurement("code (coder only)", sentences / seconds, "sentences/s", f"{sentences:,} sentences"),
        Measurement("events per 100 sentences", 100 * coded.height / sentences, "events", ""),
        Measurement("peak memory", peak, "MiB", "parse + code in one process"),
    ]
