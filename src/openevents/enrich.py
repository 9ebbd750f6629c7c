"""The stages between coding and validation: tone, geolocation (which completes the event key) and the extra
reports that duplicate articles make. flows/nightly.py wires each as a task; the tests call them directly."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from openevents.geo.gazetteer import Gazetteer
from openevents.geo.locate import locate_mentions
from openevents.normalize.duplicates import copy_duplicate_mentions, fill_duplicate_tone, originals_needed
from openevents.normalize.tables import with_event_ids
from openevents.schema import conform
from openevents.store import lake as lakeio
from openevents.store.lake import PART_FILE
from openevents.tone import Analyzer, add_tone


def tone(articles: pl.DataFrame, tokens: pl.DataFrame, mentions: pl.DataFrame,
         analyzer: Analyzer) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Articles with their document tone, mentions with document and sentence tone."""
    scored, toned = add_tone(articles, tokens, mentions, analyzer)
    return scored, conform(toned, "mentions")


def geolocate(mentions: pl.DataFrame, tokens: pl.DataFrame, articles: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """Mentions with action, source and target locations, and event ids that include the action location."""
    return conform(with_event_ids(locate_mentions(mentions, tokens, articles, gaz)), "mentions")


def reported(articles: pl.DataFrame) -> pl.DataFrame:
    """Articles whose mentions this run (re)writes: the coded ones and the duplicates."""
    return articles.filter(pl.col("status").is_in(["coded", "duplicate"]))


def lake_originals(lake: Path, article_ids: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(articles: article_id, published_date, tone; their coded mentions) of originals stored by earlier runs."""
    empty = (pl.DataFrame(schema={"article_id": pl.String, "published_date": pl.Date, "tone": pl.Float64}),
             lakeio.read_table(lake, "mentions", []))
    files = sorted((lake / "articles").glob(f"published_date=*/{PART_FILE}"))
    if not article_ids or not files:
        return empty
    schema = {"article_id": pl.String, "published_date": pl.Date, "tone": pl.Float64}
    found = (pl.scan_parquet(files, schema=schema, missing_columns="insert", extra_columns="ignore")
             .filter(pl.col("article_id").is_in(article_ids)).collect())
    days = sorted(set(found.get_column("published_date").to_list()))
    mentions = lakeio.read_table(lake, "mentions", days).filter(pl.col("article_id").is_in(article_ids))
    return found, mentions


def add_duplicate_reports(lake: Path, articles: pl.DataFrame,
                          mentions: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Articles (duplicates with their original's tone) and mentions plus one copy per (duplicate article,
    original mention), for originals of this run and of earlier runs (read back from the lake)."""
    older, older_mentions = lake_originals(lake, originals_needed(articles, mentions))
    originals = pl.concat([mentions, older_mentions]) if older_mentions.height else mentions
    copies = copy_duplicate_mentions(originals, articles)
    return fill_duplicate_tone(articles, older.select("article_id", "tone")), pl.concat([mentions, copies])
