"""The ingest stage of one run: sources → articles, quarantine rows and the state rows to remember.

`ingest_records` is pure given the state view (records in, frames out): inputs met before are counted as known,
copies (same URL or text in this run, same text as an earlier run's article, or a near copy by MinHash) are marked
`duplicate`, other languages `non_english`, and failures get their attempt count. `ingest_sources` adds the I/O:
it builds the configured sources and closes the fetcher afterwards.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

import polars as pl

from openevents.ids import make_id
from openevents.ingest.articles import Batch, mark_duplicates, mark_languages, read_batch
from openevents.ingest.dedup import DedupSettings, mark_near_duplicates
from openevents.ingest.sources import RawRecord, Source, SourceContext
from openevents.ingest.state import DONE, FAILED, IngestState, article_key, state_rows

if TYPE_CHECKING:
    from openevents.ingest.sources_config import SourcesConfig


@dataclass
class IngestResult:
    """What the ingest stage hands on: articles to code, quarantine rows, state rows, and counts."""

    articles: pl.DataFrame
    quarantine: pl.DataFrame
    state: pl.DataFrame
    known: int = 0
    feeds: dict[str, int] = field(default_factory=lambda: {"polled": 0, "not_modified": 0, "failed": 0})


def split_known(batch: Batch, state: IngestState) -> tuple[Batch, int]:
    """Drop articles whose URL (or text, without URL) an earlier run ingested, and rejects an earlier run gave up
    on; return the rest and how many were dropped."""
    keys = batch.articles.select(article_key()).get_column("key").to_list()
    rejected = batch.outcomes.filter(~pl.col("ok") & (pl.col("kind") == "article"))
    rows = state.lookup([*keys, *rejected.get_column("key").to_list()])
    done = [k for k, row in rows.items() if row["status"] == DONE]
    given_up = [k for k, row in rows.items() if row["status"] == FAILED]
    articles = batch.articles.with_columns(article_key()).filter(~pl.col("key").is_in(done)).drop("key")
    dropped_refs = rejected.filter(pl.col("key").is_in(given_up)).get_column("input_ref").implode()
    dropped = (pl.col("record_type") == "article") & pl.col("input_ref").is_in(dropped_refs)
    quarantine = batch.quarantine.filter(~dropped)
    outcomes = batch.outcomes.filter(~(~pl.col("ok") & pl.col("input_ref").is_in(dropped_refs)))
    known = batch.articles.height - articles.height + batch.quarantine.height - quarantine.height
    return Batch(articles, quarantine, outcomes, batch.known, batch.feeds), known


def mark_earlier_copies(articles: pl.DataFrame, roots: pl.DataFrame) -> pl.DataFrame:
    """Coded articles with the same text as an article of an earlier run become duplicates of its original."""
    joined = articles.join(roots, on="content_hash", how="left")
    copy = (pl.col("status") == "coded") & pl.col("root_id").is_not_null() & (pl.col("root_id") != pl.col("article_id"))
    return joined.with_columns(
        pl.when(copy).then(pl.lit("duplicate")).otherwise(pl.col("status")).alias("status"),
        pl.when(copy).then(pl.col("root_id")).otherwise(pl.col("duplicate_of")).alias("duplicate_of"),
        pl.when(copy).then(pl.lit("text")).otherwise(pl.col("duplicate_by")).alias("duplicate_by"),
    ).select(articles.columns)


def annotate_retries(quarantine: pl.DataFrame, outcomes: pl.DataFrame, rows: pl.DataFrame,
                     max_attempts: int) -> pl.DataFrame:
    """Passing failures say whether a later run tries again (attempt n of max) or this was the last attempt."""
    retried = (outcomes.filter(~pl.col("ok") & pl.col("retryable") & (pl.col("kind") != "feed"))
               .join(rows.select("key", "status", "attempts"), on="key", how="inner"))
    notes = {ref: (f" (attempt {n} of {max_attempts}; a later run tries again)" if status == "retry"
                   else f" (attempt {n} of {max_attempts}; given up)")
             for ref, status, n in retried.select("input_ref", "status", "attempts").iter_rows()}
    if not notes:
        return quarantine
    note = pl.col("input_ref").replace_strict(notes, default="", return_dtype=pl.String)
    annotated = quarantine.with_columns(
        pl.when(pl.col("record_type") == "article").then(pl.col("reason") + note).otherwise("reason").alias("reason"))
    return annotated.with_columns(
        pl.struct("stage", "input_ref", "reason", "payload").map_elements(
            lambda r: make_id([r["stage"], r["input_ref"], r["reason"], r["payload"]]), return_dtype=pl.String)
        .alias("quarantine_id"))


def ingest_records(records: Iterable[RawRecord], run_date: dt.date, state: IngestState,
                   dedup: DedupSettings = DedupSettings(), max_attempts: int = 3) -> IngestResult:
    """Every record ends as an article (coded, duplicate or non-English), a quarantine row or a known input."""
    batch, known = split_known(read_batch(records, run_date), state)
    articles = mark_duplicates(batch.articles)
    articles = mark_earlier_copies(articles, state.content_roots(articles.get_column("content_hash").to_list()))
    since = run_date - dt.timedelta(days=dedup.window_days)
    articles, signatures = mark_near_duplicates(articles, state.signatures(since), dedup)
    articles = mark_languages(articles)
    keys = [*batch.outcomes.get_column("key").drop_nulls().to_list(),
            *articles.select(article_key()).get_column("key").to_list()]
    rows = state_rows(articles, batch.outcomes, signatures, state.lookup(keys), run_date, max_attempts)
    quarantine = annotate_retries(batch.quarantine, batch.outcomes, rows, max_attempts)
    return IngestResult(articles, quarantine, rows, batch.known + known, batch.feeds)


def ingest_sources(sources: Iterable[Source], run_date: dt.date, state: IngestState | None = None,
                   dedup: DedupSettings = DedupSettings(), max_attempts: int = 3) -> IngestResult:
    """Read every source (in order) and ingest what they yield."""
    records = itertools.chain.from_iterable(source.read(run_date) for source in sources)
    return ingest_records(records, run_date, state or IngestState.of(), dedup, max_attempts)


def ingest_configured(config: SourcesConfig, state: IngestState, run_date: dt.date) -> IngestResult:
    """Build the configured sources over a shared context, ingest them, close the fetcher."""
    from openevents.ingest.sources_config import build_sources

    ctx = SourceContext(state=state, base_dir=config.base_dir)
    try:
        sources = build_sources(config, ctx)
        return ingest_sources(sources, run_date, state, config.dedup, config.max_attempts)
    finally:
        if ctx.fetcher is not None:
            ctx.fetcher.close()
