"""Table schemas read from schemas/*.yaml: polars dtypes, column metadata, code sets and the codebook."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from openevents.config import SCHEMA_DIR
from openevents.errors import SchemaError

DTYPES: dict[str, Any] = {
    "string": pl.String,
    "int8": pl.Int8,
    "int16": pl.Int16,
    "int32": pl.Int32,
    "int64": pl.Int64,
    "float64": pl.Float64,
    "bool": pl.Boolean,
    "date": pl.Date,
    "datetime": pl.Datetime("us", "UTC"),
    "list[string]": pl.List(pl.String),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    description: str
    allowed: tuple[str, ...] | str | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    release: bool = True

    @property
    def dtype(self) -> Any:
        return DTYPES[self.type]


@dataclass(frozen=True)
class TableSchema:
    table: str
    description: str
    partition_by: str | None
    primary_key: tuple[str, ...]
    release: bool
    lake: bool
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def polars_schema(self, release: bool = False) -> dict[str, Any]:
        return {c.name: c.dtype for c in self.columns if c.release or not release}

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise SchemaError(f"table {self.table} has no column {name!r}")


def _column(table: str, raw: dict[str, Any]) -> Column:
    missing = {"name", "type", "nullable", "description"} - raw.keys()
    if missing or raw.get("type") not in DTYPES:
        raise SchemaError(f"schemas/{table}.yaml: column {raw.get('name')!r} needs name, a known type, nullable, description")
    allowed = raw.get("allowed")
    return Column(
        name=raw["name"], type=raw["type"], nullable=bool(raw["nullable"]), description=str(raw["description"]).strip(),
        allowed=tuple(allowed) if isinstance(allowed, list) else allowed, min=raw.get("min"), max=raw.get("max"),
        pattern=raw.get("pattern"), release=bool(raw.get("release", True)),
    )


def read_schema(path: Path) -> TableSchema:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: {exc}") from exc
    table = raw.get("table") or path.stem
    return TableSchema(
        table=table, description=" ".join(str(raw.get("description", "")).split()),
        partition_by=raw.get("partition_by"), primary_key=tuple(raw.get("primary_key", [])),
        release=bool(raw.get("release", True)), lake=bool(raw.get("lake", True)),
        columns=tuple(_column(table, c) for c in raw.get("columns", [])),
    )


@lru_cache(maxsize=None)
def load_schemas(directory: Path = SCHEMA_DIR) -> dict[str, TableSchema]:
    return {s.table: s for s in map(read_schema, sorted(directory.glob("*.yaml")))}


def get_schema(table: str) -> TableSchema:
    schemas = load_schemas()
    if table not in schemas:
        raise SchemaError(f"no schema for table {table!r} in {SCHEMA_DIR}")
    return schemas[table]


def empty_frame(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=get_schema(table).polars_schema())


def conform(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """Columns of the schema, in its order, cast to its types; a missing column is a SchemaError."""
    schema = get_schema(table)
    missing = [n for n in schema.names if n not in frame.columns]
    if missing:
        raise SchemaError(f"{table}: frame lacks columns {missing}")
    return frame.select([pl.col(c.name).cast(c.dtype) for c in schema.columns])
