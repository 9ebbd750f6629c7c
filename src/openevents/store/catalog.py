"""The DuckDB catalog: a small database file holding one view per lake table over its Parquet files."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import duckdb

from openevents.config import CATALOG_NAME
from openevents.errors import QueryError, StoreError
from openevents.schema import TableSchema, load_schemas
from openevents.store.lake import PART_FILE, partitions
from openevents.store.views import catalog_views

DUCKDB_TYPES = {
    "string": "VARCHAR", "int8": "TINYINT", "int16": "SMALLINT", "int32": "INTEGER", "int64": "BIGINT",
    "float64": "DOUBLE", "bool": "BOOLEAN", "date": "DATE", "datetime": "TIMESTAMPTZ", "list[string]": "VARCHAR[]",
}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def view_sql(con: duckdb.DuckDBPyConnection, lake: Path, schema: TableSchema) -> str:
    """CREATE VIEW over the table's files by absolute path (columns missing from older files read as NULL);
    over an empty typed relation when there are no files."""
    if not partitions(lake, schema.table):
        cols = ", ".join(f"CAST(NULL AS {DUCKDB_TYPES[c.type]}) AS {c.name}" for c in schema.columns)
        return f"CREATE OR REPLACE VIEW {schema.table} AS SELECT {cols} WHERE false"
    pattern = (lake / schema.table / f"{schema.partition_by}=*" / PART_FILE).resolve()
    source = f"read_parquet({_quote(str(pattern))}, hive_partitioning = false, union_by_name = true)"
    present = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    cols = ", ".join(f"CAST({c.name if c.name in present else 'NULL'} AS {DUCKDB_TYPES[c.type]}) AS {c.name}"
                     for c in schema.columns)
    return f"CREATE OR REPLACE VIEW {schema.table} AS SELECT {cols} FROM {source}"


def build_catalog(lake: Path, extra_sql: list[str] | None = None) -> Path:
    """Write lake/catalog.duckdb afresh (atomically) with a view per lake table, the researchers' views of
    openevents.store.views (dyads_daily) and any `extra_sql`."""
    lake.mkdir(parents=True, exist_ok=True)
    target = lake / CATALOG_NAME
    temp = lake / f".catalog-{uuid.uuid4().hex}.duckdb"
    try:
        with duckdb.connect(str(temp)) as con:
            for schema in load_schemas().values():
                if schema.lake:
                    con.execute(view_sql(con, lake, schema))
            for sql in catalog_views() + (extra_sql or []):
                con.execute(sql)
            con.execute("CREATE TABLE _catalog (key VARCHAR, value VARCHAR)")
            con.execute("INSERT INTO _catalog VALUES ('lake', ?)", [str(lake.resolve())])
        os.replace(temp, target)
    except (duckdb.Error, OSError) as exc:
        temp.unlink(missing_ok=True)
        raise StoreError(f"cannot build the catalog {target}: {exc}") from exc
    return target


def connect(lake: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the catalog, rebuilt first if it is missing or the lake has moved."""
    target = lake / CATALOG_NAME
    if not target.exists() or _catalog_root(target) != str(lake.resolve()):
        build_catalog(lake)
    try:
        return duckdb.connect(str(target), read_only=True)
    except duckdb.Error as exc:
        raise StoreError(f"cannot open the catalog {target}: {exc}") from exc


def _catalog_root(path: Path) -> str | None:
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            row = con.execute("SELECT value FROM _catalog WHERE key = 'lake'").fetchone()
            return row[0] if row else None
    except duckdb.Error:
        return None


def run_query(lake: Path, sql: str) -> tuple[list[str], list[tuple]]:
    """Column names and rows of an ad-hoc query against the catalog."""
    with connect(lake) as con:
        try:
            cursor = con.execute(sql)
        except duckdb.Error as exc:
            raise QueryError(str(exc).splitlines()[0]) from exc
        names = [d[0] for d in cursor.description or []]
        return names, cursor.fetchall()
