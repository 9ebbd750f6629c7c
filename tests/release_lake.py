"""A small synthetic lake for the release tests: articles, mentions and events over a few days of two months,
built from the schemas (so columns added later are filled too) with realistic codes where they matter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl

from openevents.coder.dictionaries import quad_class_of
from openevents.ids import make_id
from openevents.schema import Column, get_schema
from openevents.store import lake as lakeio

DAYS = [dt.date(2024, 5, 30), dt.date(2024, 5, 31), dt.date(2024, 6, 1), dt.date(2024, 6, 19)]
ARTICLE_TEXT = "LAKE-ONLY ARTICLE BODY"
SENTENCE_TEXT = "LAKE-ONLY SENTENCE"
ACTORS = [("RUSGOV", "RUS"), ("UKRMIL", "UKR"), ("USAGOV", "USA"), ("IGOUNO", None), ("KENPOL", "KEN")]
CODES = {"042": ("Make a visit", 1.9), "190": ("Use conventional military force", -10.0),
         "057": ("Sign formal agreement", 8.0), "111": ("Criticize or denounce", -2.0),
         "033": ("Express intent to provide material aid", 5.2)}  # all in tests/fixtures/dictionaries


def default_value(kind: str, day: dt.date, i: int, name: str) -> Any:
    """A value of any schemas/ type (columns this helper does not know get one of these)."""
    return {"string": f"{name}-{i}", "int8": 1, "int16": 1, "int32": 1, "int64": 1, "float64": 0.0, "bool": False,
            "date": day, "datetime": dt.datetime.combine(day, dt.time(12), dt.timezone.utc),
            "list[string]": []}[kind]


def fill(column: Column, day: dt.date, i: int) -> Any:
    """A value for a column this helper does not know: null where allowed, else one that meets its constraints."""
    if column.nullable:
        return None
    if isinstance(column.allowed, tuple):
        return column.allowed[0]
    if column.min is not None and column.type in ("int8", "int16", "int32", "int64", "float64"):
        return type(default_value(column.type, day, i, column.name))(column.min)
    return default_value(column.type, day, i, column.name)


def rows_for(table: str, known: list[dict[str, Any]], day_of: list[dt.date]) -> pl.DataFrame:
    schema = get_schema(table)
    rows = [{c.name: row[c.name] if c.name in row else fill(c, day_of[i], i) for c in schema.columns}
            for i, row in enumerate(known)]
    return pl.DataFrame(rows, schema=schema.polars_schema(), orient="row")


def article(i: int, day: dt.date, run: dt.date) -> dict[str, Any]:
    return {"article_id": make_id(("article", i), 16), "published_date": day, "text": ARTICLE_TEXT,
            "published_at": dt.datetime.combine(day, dt.time(9), dt.timezone.utc), "status": "coded",
            "date_source": "input", "language": "en", "source_name": f"outlet{i % 3}", "run_date": run,
            "content_hash": make_id(("text", i)), "duplicate_of": None, "url": f"https://news.example/{i}"}


def event(i: int, day: dt.date, run: dt.date, salt: str = "") -> dict[str, Any]:
    code = sorted(CODES)[i % len(CODES)]
    (source, source_country), (target, target_country) = ACTORS[i % 5], ACTORS[(i + 1 + i // 5) % 5]
    return {"event_id": make_id(("event", i, salt)), "event_date": day, "source_actor_code": source,
            "source_actor_text": source, "source_country_code": source_country,
            "target_actor_code": None if i % 7 == 6 else target, "target_actor_text": None if i % 7 == 6 else target,
            "target_country_code": None if i % 7 == 6 else target_country, "event_code": code,
            "event_base_code": code[:3], "event_root_code": code[:2], "event_name": CODES[code][0],
            "quad_class": quad_class_of(code), "goldstein": CODES[code][1], "num_mentions": 1, "num_articles": 1,
            "num_sources": 1, "first_mention_id": make_id(("mention", i, salt)), "rule_id": f"{code}:rule",
            "coder_version": "openevents-coder/0.1.0", "dictionary_version": "abcdef012345", "run_date": run}


def mention(i: int, ev: dict[str, Any], art: dict[str, Any]) -> dict[str, Any]:
    shared = {k: ev[k] for k in ev if k in get_schema("mentions").names and k not in ("run_date",)}
    return {**shared, "mention_id": ev["first_mention_id"], "article_id": art["article_id"],
            "sentence_text": SENTENCE_TEXT, "sentence_index": 0, "sentence_start": 0, "sentence_end": 10,
            "published_at": art["published_at"], "source_name": art["source_name"], "url": art["url"],
            "run_date": ev["run_date"], "event_date": ev["event_date"]}


def make_tables(n_events: int, n_articles: int = 8, run: dt.date = dt.date(2024, 6, 20), salt: str = "",
                days: list[dt.date] = DAYS) -> dict[str, pl.DataFrame]:
    """Articles over the days; events spread over the same days, each reported by one mention of an article of
    its day."""
    arts = [article(i, days[i % len(days)], run) for i in range(n_articles)]
    evs = [event(i, days[i % len(days)], run, salt) for i in range(n_events)]
    by_day = {a["published_date"]: a for a in arts}
    ments = [mention(i, e, by_day[e["event_date"]]) for i, e in enumerate(evs)]
    return {"articles": rows_for("articles", arts, [a["published_date"] for a in arts]),
            "events": rows_for("events", evs, [e["event_date"] for e in evs]),
            "mentions": rows_for("mentions", ments, [m["event_date"] for m in ments])}


def write_lake(lake: Path, tables: dict[str, pl.DataFrame]) -> Path:
    for table, frame in tables.items():
        if frame.height:
            lakeio.upsert(lake, table, frame)
    return lake
