"""Build the `mentions` and `events` tables from the coder's output. Pure functions: frames in, frames out."""

from __future__ import annotations

import datetime as dt

import polars as pl

from openevents.coder.dictionaries import Dictionaries
from openevents.ids import make_id
from openevents.geo.locate import geo_schema
from openevents.schema import conform

EVENT_KEY = ["event_date", "_source_key", "_target_key", "event_code", "action_geo_type",
             "action_geo_country_code", "action_geo_admin1_code", "action_geo_geoname_id", "action_geo_name"]
ORGANISATION_PREFIXES = ["IGO", "NGO", "IMG", "MNC"]
LATER_COLUMNS = {**geo_schema(), "doc_tone": pl.Float64, "sentence_tone": pl.Float64,
                 "duplicate_of_mention_id": pl.String}

NON_COUNTRY_PREFIXES = ["IGO", "NGO", "IMG", "MNC", "---"]


def cameo_frame(dicts: Dictionaries) -> pl.DataFrame:
    """The CAMEO code table as a frame: event_code, event_name, goldstein, quad_class."""
    codes = list(dicts.cameo.values())
    return pl.DataFrame({
        "event_code": [c.code for c in codes], "event_name": [c.name for c in codes],
        "goldstein": [c.goldstein for c in codes], "quad_class": [c.quad_class for c in codes],
    }, schema={"event_code": pl.String, "event_name": pl.String, "goldstein": pl.Float64, "quad_class": pl.Int8})


def _id_of(columns: list[str], length: int = 64) -> pl.Expr:
    return pl.struct(columns).map_elements(
        lambda row: make_id([row[c] for c in columns], length), return_dtype=pl.String)


def country_of(column: str) -> pl.Expr:
    prefix = pl.col(column).str.slice(0, 3)
    return pl.when(prefix.is_in(NON_COUNTRY_PREFIXES) | pl.col(column).is_null()).then(None).otherwise(prefix)


def actor_key(column: str) -> pl.Expr:
    """The part of an actor code that identifies who acted for the event key: the country (`RUSGOV`, `RUSMIL` and
    `RUS` are all Russia) or the organisation (`IGOUNO`); so reports that name Putin and reports that name Russia
    signing the same treaty the same day are one event."""
    code = pl.col(column)
    return pl.when(code.str.slice(0, 3).is_in(ORGANISATION_PREFIXES)).then(code.str.slice(0, 6)).otherwise(
        code.str.slice(0, 3))


def with_event_ids(mentions: pl.DataFrame) -> pl.DataFrame:
    """`event_id` from the event key: date, source and target (country or organisation), event code and action
    location (run after geolocation)."""
    keyed = mentions.with_columns(actor_key("source_actor_code").alias("_source_key"),
                                  actor_key("target_actor_code").alias("_target_key"))
    return keyed.with_columns(_id_of(EVENT_KEY).alias("event_id")).drop("_source_key", "_target_key")


def build_mentions(coded: pl.DataFrame, articles: pl.DataFrame, cameo: pl.DataFrame, coder_version: str,
                   dictionary_version: str, run_date: dt.date) -> pl.DataFrame:
    """One row per coded event mention, joined with its article (date, outlet, URL) and the CAMEO table.
    Location and tone columns are null until the geo and tone stages fill them (then with_event_ids again)."""
    meta = articles.select("article_id", "text", "published_at", "published_date", "source_name", "url")
    frame = (
        coded.join(meta, on="article_id", how="left")
        .join(cameo.select("event_code", "goldstein", "quad_class"), on="event_code", how="left")
        .with_columns(
            pl.col("published_date").alias("event_date"),
            pl.col("text").str.slice(pl.col("sentence_start"), pl.col("sentence_end") - pl.col("sentence_start"))
            .alias("sentence_text"),
            pl.col("event_code").str.slice(0, 3).alias("event_base_code"),
            pl.col("event_code").str.slice(0, 2).alias("event_root_code"),
            pl.lit(coder_version).alias("coder_version"),
            pl.lit(dictionary_version).alias("dictionary_version"),
            pl.lit(run_date).alias("run_date"),
            *[pl.lit(None, dtype=dtype).alias(name) for name, dtype in LATER_COLUMNS.items()],
        )
        .with_columns(
            _id_of(["article_id", "sentence_index", "action_start", "action_end", "source_actor_code",
                    "target_actor_code", "event_code"]).alias("mention_id"),
        )
    )
    return conform(with_event_ids(frame), "mentions")


def _stated(role: str) -> list[pl.Expr]:
    """The <role>_geo_* columns of the first mention that states a <role> location."""
    stated = pl.col(f"{role}_geo_name").is_not_null()
    return [pl.col(c).filter(stated).first() for c in geo_schema() if c.startswith(f"{role}_geo_")]


def representative_first(mentions: pl.DataFrame) -> pl.DataFrame:
    """Mentions ordered so that each event's first row is its representative: the (source, target) coding most
    reports agree on, then the most specific (`RUSGOV` over `RUS`), then the earliest report."""
    pair = ["event_id", "source_actor_code", "target_actor_code"]
    votes = mentions.group_by(pair).agg(pl.len().alias("_votes"))
    specific = pl.col("source_actor_code").str.len_chars() + pl.col("target_actor_code").fill_null("").str.len_chars()
    return (mentions.join(votes, on=pair, how="left", nulls_equal=True)
            .with_columns(specific.alias("_specific"))
            .sort(["_votes", "_specific", "published_at", "mention_id"], descending=[True, True, False, False])
            .drop("_votes", "_specific"))


def aggregate_events(mentions: pl.DataFrame, cameo: pl.DataFrame, run_date: dt.date) -> pl.DataFrame:
    """One row per event id: the representative mention's coding (see representative_first), the action location
    (the same for all, it is part of the key), source and target locations where a mention states them, the first
    report (by publication time), report counts and the mean document tone."""
    first = mentions.sort(["published_at", "mention_id"])
    action = [c for c in geo_schema() if c.startswith("action_geo_")]
    coding = representative_first(mentions).group_by("event_id", maintain_order=True).agg(
        pl.col("source_actor_code", "source_actor_text", "target_actor_code", "target_actor_text", "rule_id",
               "coder_version", "dictionary_version").first())
    grouped = first.group_by("event_id", maintain_order=True).agg(
        pl.col("event_date", "event_code", "event_base_code", "event_root_code", "quad_class", "goldstein",
               *action).first(),
        *_stated("source"), *_stated("target"),
        pl.col("mention_id").first().alias("first_mention_id"),
        pl.col("url").first().alias("source_url"),
        pl.len().cast(pl.Int32).alias("num_mentions"),
        pl.col("article_id").n_unique().cast(pl.Int32).alias("num_articles"),
        pl.col("source_name").n_unique().cast(pl.Int32).alias("num_sources"),
        pl.col("doc_tone").mean().round(4).alias("avg_tone"),
    )
    events = grouped.join(coding, on="event_id", how="left").join(
        cameo.select("event_code", "event_name"), on="event_code", how="left").with_columns(
        country_of("source_actor_code").alias("source_country_code"),
        country_of("target_actor_code").alias("target_country_code"),
        pl.lit(run_date).alias("run_date"),
    )
    return conform(events.sort("event_date", "event_id"), "events")


def count_events(mentions: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Articles with num_events set from the mentions of each article."""
    counts = mentions.group_by("article_id").agg(pl.len().cast(pl.Int32).alias("_n"))
    return articles.join(counts, on="article_id", how="left").with_columns(
        pl.col("_n").fill_null(0).alias("num_events")).drop("_n")
