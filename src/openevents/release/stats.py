"""The numbers behind the index page's figures, computed from the events table month by month.

Each month gives partial counts (`month_stats`); the release sums them (`merge_stats`) and keeps a JSON document
(`stats_document`) in stats.json, so the index can be drawn without reading any Parquet again.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

TOP_DYADS = 20
TOP_COUNTRIES = 60


@dataclass(frozen=True)
class EventStats:
    """Counts of events: per day and quad class, per (source, target) actor pair, per country."""

    daily: pl.DataFrame
    dyads: pl.DataFrame
    countries: pl.DataFrame


def empty_stats() -> EventStats:
    return EventStats(
        daily=pl.DataFrame(schema={"event_date": pl.Date, "quad_class": pl.Int8, "events": pl.Int64}),
        dyads=pl.DataFrame(schema={"source": pl.String, "target": pl.String, "events": pl.Int64}),
        countries=pl.DataFrame(schema={"country": pl.String, "as_source": pl.Int64, "as_target": pl.Int64,
                                       "events": pl.Int64}),
    )


def _country_counts(events: pl.DataFrame) -> pl.DataFrame:
    """Events involving each country (as source, as target, either: an event within one country counts once)."""
    involved = (events.select(pl.concat_list("source_country_code", "target_country_code").list.drop_nulls()
                              .list.unique().alias("country")).explode("country").drop_nulls()
                .group_by("country").len("events"))
    source = events.drop_nulls("source_country_code").group_by(pl.col("source_country_code").alias("country")).len(
        "as_source")
    target = events.drop_nulls("target_country_code").group_by(pl.col("target_country_code").alias("country")).len(
        "as_target")
    return (involved.join(source, on="country", how="left").join(target, on="country", how="left")
            .select("country", *[pl.col(c).fill_null(0).cast(pl.Int64) for c in ("as_source", "as_target", "events")]))


def month_stats(events: pl.DataFrame) -> EventStats:
    """Counts over one slice of the events table."""
    if events.is_empty():
        return empty_stats()
    return EventStats(
        daily=events.group_by("event_date", "quad_class").len("events").with_columns(pl.col("events").cast(pl.Int64)),
        dyads=(events.drop_nulls("target_actor_code")
               .group_by(pl.col("source_actor_code").alias("source"), pl.col("target_actor_code").alias("target"))
               .len("events").with_columns(pl.col("events").cast(pl.Int64))),
        countries=_country_counts(events),
    )


def merge_stats(parts: list[EventStats]) -> EventStats:
    """Sum of the counts of disjoint slices (months never share an event)."""
    base = empty_stats()
    daily = pl.concat([base.daily, *[p.daily.cast(base.daily.schema) for p in parts]])
    dyads = pl.concat([base.dyads, *[p.dyads.cast(base.dyads.schema) for p in parts]])
    countries = pl.concat([base.countries, *[p.countries.cast(base.countries.schema) for p in parts]])
    return EventStats(
        daily=daily.group_by("event_date", "quad_class").agg(pl.col("events").sum()).sort("event_date", "quad_class"),
        dyads=dyads.group_by("source", "target").agg(pl.col("events").sum()).sort(
            ["events", "source", "target"], descending=[True, False, False]),
        countries=countries.group_by("country").agg(pl.col("as_source", "as_target", "events").sum()).sort(
            ["events", "country"], descending=[True, False]),
    )


def stats_document(stats: EventStats) -> dict:
    """JSON-ready: every day's counts by quad class, the top dyads, the top countries (and how many in all)."""
    daily = stats.daily.pivot(on="quad_class", index="event_date", values="events") if stats.daily.height else None
    days = []
    if daily is not None:
        for row in daily.sort("event_date").iter_rows(named=True):
            days.append({"date": row["event_date"].isoformat(),
                         **{f"q{q}": int(row.get(str(q)) or 0) for q in (1, 2, 3, 4)}})
    return {
        "events": int(stats.daily.get_column("events").sum() or 0),
        "events_per_day": days,
        "dyads": {"total": stats.dyads.height, "top": stats.dyads.head(TOP_DYADS).to_dicts()},
        "countries": {"total": stats.countries.height, "top": stats.countries.head(TOP_COUNTRIES).to_dicts()},
    }
