"""Raw records → the articles table and quarantine rows: ids, hashes, language, within-batch duplicates."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Iterable

import polars as pl

from openevents.ids import make_id, sha256_text
from openevents.ingest.records import (Candidate, RecordRejected, candidate_from_dict, candidate_from_json_line,
                                       candidate_from_txt)
from openevents.ingest.extract import candidate_from_html
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
    if record.kind == "html":
        return candidate_from_html(record.payload, record.meta, record.input_ref, record.source_name, run_date)
    if record.kind == "error":
        raise RecordRejected(str(record.meta.get("reason") or record.payload))
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
    canonical = canonical_url(c.canonical_hint) or canonical_url(c.url)
    content_hash = sha256_text(normalized_text(c.text))
    return {
        "article_id": make_id([canonical, content_hash], 16), "source_record_id": c.source_record_id, "url": c.url,
        "canonical_url": canonical, "title": c.title, "author": c.author, "text": c.text,
        "published_at": c.published_at,
        "published_date": c.published_at.date(), "date_source": c.date_source, "source_name": c.source_name,
        "language": c.language or detect_language(c.text), "content_hash": content_hash, "status": "coded",
        "duplicate_of": None, "duplicate_by": None, "input_ref": c.input_ref, "num_sentences": 0, "num_events": 0,
        "run_date": run_date,
    }


OUTCOME_SCHEMA = {"input_ref": pl.String, "key": pl.String, "kind": pl.String, "source_name": pl.String,
                  "url": pl.String, "ok": pl.Boolean, "reason": pl.String, "retryable": pl.Boolean,
                  "http_status": pl.Int32, "etag": pl.String, "last_modified": pl.String}


@dataclass
class Batch:
    """What a run's records became: articles, quarantine rows, one outcome per fetched, polled or rejected input
    (for the ingest state), inputs met before, and feed poll counts."""

    articles: pl.DataFrame
    quarantine: pl.DataFrame
    outcomes: pl.DataFrame
    known: int = 0
    feeds: dict[str, int] = field(default_factory=lambda: {"polled": 0, "not_modified": 0, "failed": 0})


def record_key(record: RawRecord) -> str:
    """How the state remembers an input: its URL key, else the hash of the raw record."""
    raw = f"{record.source_name}|{record.input_ref}|{record.payload}"
    return record.meta.get("key") or "record:" + sha256_text(raw)


def outcome(record: RawRecord, key: str | None, kind: str, ok: bool, reason: str | None = None) -> dict[str, Any]:
    meta = record.meta
    return {"input_ref": record.input_ref, "key": key, "kind": kind, "source_name": record.source_name,
            "url": meta.get("url"), "ok": ok, "reason": reason, "retryable": bool(meta.get("retryable")),
            "http_status": meta.get("http_status"), "etag": meta.get("etag"),
            "last_modified": meta.get("last_modified")}


def read_feed_record(record: RawRecord, batch: dict[str, list], feeds: dict[str, int], run_date: dt.date) -> None:
    feeds["polled"] += 1
    feeds["not_modified"] += bool(record.meta.get("not_modified"))
    batch["outcomes"].append(outcome(record, record_key(record), "feed", bool(record.meta.get("ok")),
                                     record.meta.get("reason")))
    if not record.meta.get("ok"):
        feeds["failed"] += 1
        batch["quarantine"].append(quarantine_row("ingest", "feed", record.input_ref, str(record.meta.get("reason")),
                                                  record.payload, run_date))


def read_batch(records: Iterable[RawRecord], run_date: dt.date) -> Batch:
    """Every record becomes an article, a quarantine row (with its reason), a feed poll or a known input."""
    lists: dict[str, list] = {"articles": [], "quarantine": [], "outcomes": []}
    feeds = {"polled": 0, "not_modified": 0, "failed": 0}
    known = 0
    for record in records:
        if record.kind == "known":
            known += 1
        elif record.kind == "feed":
            read_feed_record(record, lists, feeds, run_date)
        else:
            try:
                lists["articles"].append(article_row(to_candidate(record, run_date), run_date))
                lists["outcomes"].append(outcome(record, record.meta.get("key"), "article", True))
            except RecordRejected as exc:
                lists["quarantine"].append(quarantine_row("ingest", "article", record.input_ref, str(exc),
                                                          record.payload, run_date))
                lists["outcomes"].append(outcome(record, record_key(record), "article", False, str(exc)))
    return Batch(pl.DataFrame(lists["articles"], schema=get_schema("articles").polars_schema()),
                 pl.DataFrame(lists["quarantine"], schema=get_schema("quarantine").polars_schema()),
                 pl.DataFrame(lists["outcomes"], schema=OUTCOME_SCHEMA), known, feeds)


def read_records(records: Iterable[RawRecord], run_date: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Articles (status `coded` for now) and quarantine rows; every record lands in exactly one of them."""
    batch = read_batch(records, run_date)
    return batch.articles, batch.quarantine


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
    same_url = pl.col("_url_first").is_not_null() & (pl.col("_url_first") != pl.col("_order"))
    return marked.with_columns(
        pl.when(is_dup).then(pl.lit("duplicate")).otherwise(pl.col("status")).alias("status"),
        pl.when(is_dup).then(pl.col("_root_id")).otherwise(pl.col("duplicate_of")).alias("duplicate_of"),
        pl.when(is_dup).then(pl.when(same_url).then(pl.lit("url")).otherwise(pl.lit("text")))
        .otherwise(pl.col("duplicate_by")).alias("duplicate_by"),
        pl.when(is_dup & (pl.col("article_id") == pl.col("_root_id"))).then(own_id)
        .otherwise(pl.col("article_id")).alias("article_id"),
    ).sort("_order").select(articles.columns)


def mark_languages(articles: pl.DataFrame, coded_languages: tuple[str, ...] = ("en",)) -> pl.DataFrame:
    """Articles not in a coded language are kept with status `non_english` (not coded)."""
    return articles.with_columns(
        pl.when((pl.col("status") == "coded") & ~pl.col("language").is_in(coded_languages))
        .then(pl.lit("non_english")).otherwise(pl.col("status")).alias("status"))
