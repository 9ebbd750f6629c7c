"""Parquet tables under the lake, one file per partition (`<table>/<key>=<value>/part-0.parquet`).

Writes go to a staging file first and are moved into place with os.replace, so a reader sees the old partition
or the new one, never half of one. Upserts replace rows by primary key, so re-running a day changes nothing.

Files keep their partition column (so a file alone is a complete table slice, and the catalog reads them without
hive partitioning: DuckDB 1.5.5 fails on min()/max() of a hive partition column).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path
from typing import Iterable

import polars as pl

from openevents.errors import StoreError
from openevents.schema import TableSchema, get_schema

PART_FILE = "part-0.parquet"
STAGING = "_staging"


def partition_dir(lake: Path, schema: TableSchema, value: object) -> Path:
    text = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
    return lake / schema.table / f"{schema.partition_by}={text}"


def _parse_value(schema: TableSchema, text: str) -> object:
    dtype = schema.column(schema.partition_by).type
    return dt.date.fromisoformat(text) if dtype == "date" else text


def partitions(lake: Path, table: str) -> list[object]:
    """Partition values present for the table, sorted."""
    schema = get_schema(table)
    root = lake / table
    if not root.is_dir():
        return []
    prefix = f"{schema.partition_by}="
    return sorted(_parse_value(schema, d.name[len(prefix):]) for d in root.iterdir()
                  if d.is_dir() and d.name.startswith(prefix) and (d / PART_FILE).exists())


def read_partition(lake: Path, table: str, value: object) -> pl.DataFrame:
    """Rows of one partition with the key column restored and every schema column present (null if absent)."""
    schema = get_schema(table)
    path = partition_dir(lake, schema, value) / PART_FILE
    if not path.exists():
        return pl.DataFrame(schema=schema.polars_schema())
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # polars raises several error types for damaged files
        raise StoreError(f"cannot read {path}: {exc}") from exc
    if schema.partition_by not in frame.columns:
        frame = frame.with_columns(pl.lit(value).alias(schema.partition_by))
    missing = [pl.lit(None).alias(c.name) for c in schema.columns if c.name not in frame.columns]
    return frame.with_columns(missing).select([pl.col(c.name).cast(c.dtype) for c in schema.columns])


def read_table(lake: Path, table: str, values: Iterable[object] | None = None) -> pl.DataFrame:
    """All rows of the table (or of the given partitions)."""
    chosen = partitions(lake, table) if values is None else list(values)
    frames = [read_partition(lake, table, v) for v in chosen]
    schema = get_schema(table)
    return pl.concat(frames) if frames else pl.DataFrame(schema=schema.polars_schema())


def write_partition(lake: Path, table: str, value: object, rows: pl.DataFrame) -> Path:
    """Replace one partition atomically (an empty frame removes it). Rows are sorted by primary key."""
    schema = get_schema(table)
    target = partition_dir(lake, schema, value) / PART_FILE
    if rows.is_empty():
        if target.exists():
            target.unlink()
            target.parent.rmdir()
        return target
    staging = lake / STAGING
    staging.mkdir(parents=True, exist_ok=True)
    temp = staging / f"{table}-{uuid.uuid4().hex}.parquet"
    body = rows.select(schema.names).sort(list(schema.primary_key))
    try:
        body.write_parquet(temp, compression="zstd", statistics=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise StoreError(f"cannot write {target}: {exc}") from exc
    return target


def upsert(lake: Path, table: str, rows: pl.DataFrame, replace: pl.Expr | None = None,
           extra_partitions: Iterable[object] = ()) -> list[object]:
    """Merge rows into their partitions: existing rows with the same primary key (or matching `replace`) go.

    Returns the partition values written.
    """
    schema = get_schema(table)
    values = set(rows.get_column(schema.partition_by).unique().to_list()) | set(extra_partitions)
    keys = rows.select(schema.primary_key)
    for value in sorted(values):
        old = read_partition(lake, table, value)
        if replace is not None:
            old = old.filter(~replace)
        old = old.join(keys, on=list(schema.primary_key), how="anti")
        new = rows.filter(pl.col(schema.partition_by) == value)
        write_partition(lake, table, value, pl.concat([old, new.select(old.columns)]))
    return sorted(values)
