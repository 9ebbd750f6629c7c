"""Raw records → the articles table and quarantine rows: ids, hashes, language, within-batch duplicates."""

from __future__ import annotations

import datetime as dt
import json
from typing import Iterable

import polars as pl

from openevents.ids import make_id, sha256_text
from openevents.ingest.records import (Candidate, RecordRejected, candidate_from_dict, candidate_from_json_line,
                                       candidate_from_txt)
from openevents.ingest.sources import RawRecord
from openevents.ingest.urls import canonical_url
from openevents.schema import get_schema

PAYLOAD_LIMIT = 2000


def normalized_text(text: str) -> str:
    return " ".join(text.lower().split())


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid on the first 2,000 characters)."""
    import py3langid

    lang, _ = py3langid.classify(text[:2000])
    return str(lang)


def to_candidate(record: RawRecord, run_date: dt.date) -> Candidate:
    if record.kind == "json":
        return candidate_from_json_line(record.payload, record.input_ref, record.source_name, run_date)
    if record.kind == "txt":
        return candidate_from_txt(record.payload, record.input_ref, record.source_name, run_date)
    if record.kind == "record":
        return candidate_from_dict(json.loads(record.payload), record.input_ref, record.source_name, run_date)
    if record.kind == "error":
        raise RecordRejected(record.payload)
    raise RecordRejected(f"unsupported record kind {record.kind!r}")


def quarantine_row(stage: str, record_type: str, input_ref: str, reason: str, payload: str,
                   run_date: dt.date, article_id: str | None = None) -> dict:
    payload = payload[:PAYLOAD_LIMIT]
    return {
        "quarantine_id": make_id([stage, input_ref, reason, payload]),
        "run_date": run_date, "stage": stage, "record_type": record_type, "input_ref": input_ref,
        "article_id": article_id, "reason": reason, "payload": payload,
    }


def article_row(c: Candidate, run_date: dt.date) -> dict:
    canonical = canonical_url(c.url)
    content_hash = sha256_text(normalized_text(c.text))
    return {
        "article_id": make_id([canonical, content_hash], 16), "source_record_id": c.source_record_id, "url": c.url,
        "canonical_url": canonical, "title": c.title, "text": c.text, "published_at": c.published_at,
        "published_date": c.published_at.date(), "date_source": c.date_source, "source_name": c.source_name,
        "language": c.language or detect_language(c.text), "content_hash": content_hash, "status": "coded",
        "duplicate_of": None, "input_ref": c.input_ref, "num_sentences": 0, "num_events": 0, "run_date": run_date,
    }


def read_records(records: Iterable[RawRecord], run_date: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Articles (status `coded` for now) and quarantine rows; every record lands in exactly one of them."""
    articles, quarantined = [], []
    for record in records:
        try:
            articles.append(article_row(to_candidate(record, run_date), run_date))
        except RecordRejected as exc:
            quarantined.append(quarantine_row("ingest", "article", record.input_ref, str(exc), record.payload, run_date))
    return (pl.DataFrame(articles, schema=get_schema("articles").polars_schema()),
            pl.DataFrame(quarantined, schema=get_schema("quarantine").polars_schema()))


def mark_duplicates(articles: pl.DataFrame) -> pl.DataFrame:
    """Within the batch, the first article (by publication time, then input) with a canonical URL or a text is
    coded; later ones with the same URL or the same text become `duplicate` of it, with ids of their own."""
    ordered = articles.sort(["published_at", "input_ref"]).with_row_index("_order")
    first_url = ordered.filter(pl.col("canonical_url").is_not_null()).group_by("canonical_url").agg(
        pl.col("_order").min().alias("_url_first"))
    first_text = ordered.group_by("content_hash").agg(pl.col("_order").min().alias("_text_first"))
    marked = (ordered.join(first_url, on="canonical_url", how="left")
              .join(first_text, on="content_hash", how="left")
              .with_columns(pl.min_horizontal(pl.col("_url_first").fill_null(pl.col("_order")), "_text_first")
                            .alias("_first")))
    for _ in range(3):  # follow chains: a copy of a copy points at the original
        hop = marked.select(pl.col("_order").alias("_first"), pl.col("_first").alias("_next"))
        marked = marked.join(hop, on="_first", how="left").with_columns(pl.col("_next").alias("_first")).drop("_next")
    roots = marked.select(pl.col("_order").alias("_first"), pl.col("article_id").alias("_root_id"))
    marked = marked.join(roots, on="_first", how="left")
    is_dup = pl.col("_first") != pl.col("_order")
    own_id = pl.concat_str([pl.col("article_id"), pl.lit("|"), pl.col("input_ref")]).map_elements(
        lambda s: make_id(s, 16), return_dtype=pl.String)
    return marked.with_columns(
        pl.when(is_dup).then(pl.lit("duplicate")).otherwise(pl.col("status")).alias("status"),
        pl.when(is_dup).then(pl.col("_root_id")).otherwise(pl.col("duplicate_of")).alias("duplicate_of"),
        pl.when(is_dup & (pl.col("article_id") == pl.col("_root_id"))).then(own_id)
        .otherwise(pl.col("article_id")).alias("article_id"),
    ).sort("_order").select(articles.columns)


def mark_languages(articles: pl.DataFrame, coded_languages: tuple[str, ...] = ("en",)) -> pl.DataFrame:
    """Articles not in a coded language are kept with status `non_english` (not coded)."""
    return articles.with_columns(
        pl.when((pl.col("status") == "coded") & ~pl.col("language").is_in(coded_languages))
        .then(pl.lit("non_english")).otherwise(pl.col("status")).alias("status"))
