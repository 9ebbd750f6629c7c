"""Incremental ingestion state: the `ingest_state` lake table (schemas/ingest_state.yaml).

`IngestState` is the read-only view a run gets of what earlier runs remembered — over the lake's Parquet files
(`load_state`) or over an in-memory frame (`IngestState.of`, for tests). `state_rows` (pure) turns what this run
did into the rows to upsert; `write_state` stores them after the articles (so a crash never remembers an article
that was not stored).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Iterable

import polars as pl

from openevents.schema import get_schema
from openevents.store import lake as lakeio

TABLE = "ingest_state"
DONE, RETRY, FAILED = "done", "retry", "failed"
LOOKUP_COLUMNS = ["key", "kind", "source_name", "url", "status", "attempts", "etag", "last_modified", "article_id",
                  "content_hash", "duplicate_of", "first_seen"]


def state_schema() -> dict[str, pl.DataType]:
    return get_schema(TABLE).polars_schema()


class IngestState:
    """What earlier runs remembered, queried by key; nothing is loaded that a run does not ask for."""

    def __init__(self, rows: pl.LazyFrame):
        self.rows = rows

    @classmethod
    def of(cls, frame: pl.DataFrame | None = None) -> IngestState:
        """A state over an in-memory frame (empty when none)."""
        frame = pl.DataFrame(schema=state_schema()) if frame is None else frame
        return cls(frame.select(list(state_schema())).lazy())

    def lookup(self, keys: Iterable[str]) -> dict[str, dict]:
        """Rows (without signatures) by key, for the keys that have one."""
        wanted = sorted(set(keys))
        if not wanted:
            return {}
        found = self.rows.select(LOOKUP_COLUMNS).filter(pl.col("key").is_in(wanted)).collect()
        return {row["key"]: row for row in found.iter_rows(named=True)}

    def content_roots(self, hashes: Iterable[str]) -> pl.DataFrame:
        """For ingested articles with these content hashes: `content_hash` → `root_id` (the coded original)."""
        wanted = sorted(set(hashes))
        return (self.rows.filter((pl.col("kind") == "article") & (pl.col("status") == DONE)
                                 & pl.col("content_hash").is_in(wanted))
                .select("content_hash", pl.coalesce("duplicate_of", "article_id").alias("root_id"),
                        "first_seen", "key")
                .collect().sort("first_seen", "key").unique("content_hash", keep="first", maintain_order=True)
                .select("content_hash", "root_id"))

    def feed(self, key: str) -> dict | None:
        return self.lookup([key]).get(key)

    def pending(self, source_name: str) -> list[str]:
        """Article URLs of this source whose last attempt failed for a passing reason."""
        rows = self.rows.filter((pl.col("source_name") == source_name) & (pl.col("kind") == "article")
                                & (pl.col("status") == RETRY) & pl.col("url").is_not_null())
        return rows.select("url").collect().get_column("url").sort().to_list()

    def signatures(self, since: dt.date) -> pl.DataFrame:
        """`article_id`, `minhash` of the coded articles first seen on or after `since`."""
        return (self.rows.filter((pl.col("first_seen") >= since) & pl.col("minhash").is_not_null())
                .select("article_id", "minhash").collect())


def state_files(lake: Path) -> list[Path]:
    schema = get_schema(TABLE)
    return [lakeio.partition_dir(lake, schema, value) / lakeio.PART_FILE for value in lakeio.partitions(lake, TABLE)]


def load_state(lake: Path) -> IngestState:
    """The state kept in the lake (an empty one before the first run)."""
    files = state_files(lake)
    if not files:
        return IngestState.of()
    return IngestState(pl.scan_parquet(files, schema=state_schema(), missing_columns="insert",
                                       extra_columns="ignore"))


def write_state(lake: Path, rows: pl.DataFrame, full_refresh: bool = False) -> list[object]:
    """Upsert this run's rows (after a full refresh: replace the whole table)."""
    if full_refresh:
        shutil.rmtree(lake / TABLE, ignore_errors=True)
    return lakeio.upsert(lake, TABLE, rows.select(list(state_schema())))


def article_key() -> pl.Expr:
    """What identifies an article across runs: its canonical URL, else its content hash."""
    return pl.coalesce("canonical_url", pl.concat_str(pl.lit("sha256:"), "content_hash")).alias("key")


def _stamp(rows: pl.DataFrame, previous: dict[str, dict], run_date: dt.date) -> pl.DataFrame:
    first = {k: v["first_seen"] for k, v in previous.items()}
    return rows.with_columns(
        pl.col("key").replace_strict(first, default=run_date, return_dtype=pl.Date).alias("first_seen"),
        pl.lit(run_date).alias("last_seen"))


def article_state(articles: pl.DataFrame, outcomes: pl.DataFrame, signatures: pl.DataFrame) -> pl.DataFrame:
    """One `done` row per article key, plus one per request key that differs (a feed link whose page names
    another canonical URL), so that neither is fetched again."""
    base = articles.select(
        article_key(), pl.lit("article").alias("kind"), "source_name", "url", pl.lit(DONE).alias("status"),
        pl.lit(0, pl.Int32).alias("attempts"), "article_id", "content_hash", "duplicate_of", "published_date",
        "input_ref").join(signatures, on="article_id", how="left")
    aliases = (outcomes.filter(pl.col("ok") & pl.col("key").is_not_null()).select("input_ref", "key")
               .join(base.drop("key", "minhash"), on="input_ref", how="inner")
               .with_columns(pl.lit(None, pl.String).alias("minhash")))
    return pl.concat([base, aliases.select(base.columns)]).drop("input_ref")


def failure_state(outcomes: pl.DataFrame, previous: dict[str, dict], max_attempts: int) -> pl.DataFrame:
    """Rows for failed inputs: `retry` while passing failures stay under `max_attempts`, else `failed`."""
    failed = outcomes.filter(~pl.col("ok") & (pl.col("kind") != "feed"))
    before = {k: v["attempts"] for k, v in previous.items()}
    attempts = pl.col("key").replace_strict(before, default=0, return_dtype=pl.Int32) + 1
    return failed.select(
        "key", pl.when(pl.col("key").str.starts_with("record:")).then(pl.lit("record")).otherwise(pl.lit("article"))
        .alias("kind"), "source_name", "url",
        pl.when(pl.col("retryable") & (attempts < max_attempts)).then(pl.lit(RETRY)).otherwise(pl.lit(FAILED))
        .alias("status"), attempts.alias("attempts"), "reason", "http_status")


def feed_state(outcomes: pl.DataFrame, previous: dict[str, dict]) -> pl.DataFrame:
    """Feed rows: validators of the last full response (kept over a 304 or a failure), failures counted."""
    feeds = outcomes.filter(pl.col("kind") == "feed")
    old_etag = {k: v["etag"] for k, v in previous.items() if v["etag"]}
    old_modified = {k: v["last_modified"] for k, v in previous.items() if v["last_modified"]}
    before = {k: v["attempts"] for k, v in previous.items()}
    keep = pl.col("ok") & (pl.col("http_status") != 304)
    return feeds.select(
        "key", pl.lit("feed").alias("kind"), "source_name", "url",
        pl.when(pl.col("ok")).then(pl.lit(DONE)).otherwise(pl.lit(RETRY)).alias("status"),
        pl.when(pl.col("ok")).then(pl.lit(0, pl.Int32)).otherwise(
            pl.col("key").replace_strict(before, default=0, return_dtype=pl.Int32) + 1).alias("attempts"),
        "reason", "http_status",
        pl.when(keep).then("etag").otherwise(pl.col("key").replace_strict(old_etag, default=None,
                                                                          return_dtype=pl.String)).alias("etag"),
        pl.when(keep).then("last_modified").otherwise(pl.col("key").replace_strict(
            old_modified, default=None, return_dtype=pl.String)).alias("last_modified"))


def state_rows(articles: pl.DataFrame, outcomes: pl.DataFrame, signatures: pl.DataFrame, previous: dict[str, dict],
               run_date: dt.date, max_attempts: int) -> pl.DataFrame:
    """Everything this run learned, one row per key (an ingested article wins over a failure of the same key)."""
    schema = state_schema()
    parts = [article_state(articles, outcomes, signatures), failure_state(outcomes, previous, max_attempts),
             feed_state(outcomes, previous)]
    rows = pl.concat([p.with_columns([pl.lit(None, dtype).alias(name) for name, dtype in schema.items()
                                      if name not in p.columns]).select(list(schema)).cast(schema) for p in parts])
    rows = rows.unique("key", keep="first", maintain_order=True)
    return _stamp(rows, previous, run_date).select(list(schema))


def settle_state(rows: pl.DataFrame, stored: pl.DataFrame) -> pl.DataFrame:
    """Articles that failed validation were quarantined, not stored: remember them as `failed` (a later run would
    fail them the same way), not as ingested."""
    lost = (pl.col("kind") == "article") & (pl.col("status") == DONE) & ~pl.col("article_id").is_in(
        stored.get_column("article_id").implode())
    return rows.with_columns(
        pl.when(lost).then(pl.lit(FAILED)).otherwise("status").alias("status"),
        pl.when(lost).then(pl.lit("article failed validation (see quarantine)")).otherwise("reason").alias("reason"),
        pl.when(lost).then(pl.lit(None, pl.String)).otherwise("minhash").alias("minhash"))
