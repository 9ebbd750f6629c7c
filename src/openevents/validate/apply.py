"""Split a validated frame into passing rows and quarantine rows. Pure."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl

from openevents.ingest.articles import quarantine_row
from openevents.schema import get_schema
from openevents.validate.runner import TableResult


def split_failures(table: str, frame: pl.DataFrame, result: TableResult, run_date: dt.date,
                   key: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows that passed, and one quarantine row per failing row naming every expectation it failed."""
    record_type = {"articles": "article", "mentions": "mention", "events": "event"}[table]
    bad = sorted(result.failures)
    rows = []
    for position in bad:
        record = frame.row(position, named=True)
        reason = "validation failed: " + "; ".join(result.failures[position])
        payload = json.dumps({k: v for k, v in record.items() if k not in ("text", "sentence_text")}, default=str)
        rows.append(quarantine_row("validate", record_type, f"{table}:{record[key]}", reason, payload, run_date,
                                   record.get("article_id")))
    keep = frame.with_row_index("_pos").filter(~pl.col("_pos").is_in(bad)).drop("_pos")
    return keep, pl.DataFrame(rows, schema=get_schema("quarantine").polars_schema())
