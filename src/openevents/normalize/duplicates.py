"""Duplicate and syndicated articles are extra reports of their original's events: their mentions are copies of
the original's mentions, linked to them. Pure: frames in, frames out."""

from __future__ import annotations

import polars as pl

from openevents.ids import make_id
from openevents.schema import conform

COPIED_FROM_ARTICLE = ["source_name", "url", "published_at", "run_date"]


def copy_mention_id() -> pl.Expr:
    """Deterministic id of a copy: the duplicate article and the mention it copies."""
    return pl.struct("article_id", "duplicate_of_mention_id").map_elements(
        lambda row: make_id(["copy", row["article_id"], row["duplicate_of_mention_id"]]), return_dtype=pl.String)


def copy_duplicate_mentions(originals: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """One mention per (duplicate article, mention of its original): the original's event, sentence, offsets, codes,
    locations and tone, with the duplicate's article id, outlet, URL and publication time. `originals` are mentions
    the coder found (of this run, or read back from the lake for originals of earlier runs)."""
    dups = articles.filter((pl.col("status") == "duplicate") & pl.col("duplicate_of").is_not_null()).select(
        pl.col("article_id").alias("_dup_id"), pl.col("duplicate_of").alias("article_id"),
        *[pl.col(c).alias(f"_dup_{c}") for c in COPIED_FROM_ARTICLE])
    coded = originals.filter(pl.col("duplicate_of_mention_id").is_null())
    copies = coded.join(dups, on="article_id", how="inner").with_columns(
        pl.col("mention_id").alias("duplicate_of_mention_id"),
        pl.col("_dup_id").alias("article_id"),
        *[pl.col(f"_dup_{c}").alias(c) for c in COPIED_FROM_ARTICLE],
    ).with_columns(copy_mention_id().alias("mention_id"))
    return conform(copies.sort("article_id", "mention_id"), "mentions")


def originals_needed(articles: pl.DataFrame, mentions: pl.DataFrame) -> list[str]:
    """Article ids of originals of duplicates in `articles` that are not in this batch (coded on an earlier run)."""
    dups = articles.filter((pl.col("status") == "duplicate") & pl.col("duplicate_of").is_not_null())
    here = set(articles.filter(pl.col("status") == "coded").get_column("article_id").to_list())
    return sorted(set(dups.get_column("duplicate_of").to_list()) - here)


def fill_duplicate_tone(articles: pl.DataFrame, original_tones: pl.DataFrame) -> pl.DataFrame:
    """Duplicates whose original came from an earlier run take its tone (`original_tones`: article_id, tone)."""
    known = original_tones.select(pl.col("article_id").alias("duplicate_of"), pl.col("tone").alias("_lake_tone"))
    return articles.join(known, on="duplicate_of", how="left").with_columns(
        pl.when(pl.col("status") == "duplicate").then(pl.coalesce("tone", "_lake_tone")).otherwise(pl.col("tone"))
        .alias("tone")).select(articles.columns)
