import datetime as dt
import os

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openevents.schema import get_schema
from openevents.store import lake as lakeio
from openevents.store.catalog import build_catalog, connect, run_query

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
BY_TYPE = {
    "string": TEXT,
    "int8": st.integers(-128, 127),
    "int32": st.integers(-(2**31), 2**31 - 1),
    "int64": st.integers(-(2**63), 2**63 - 1),
    "float64": st.floats(allow_nan=False, allow_infinity=False, width=64),
    "bool": st.booleans(),
    "date": st.dates(dt.date(1979, 1, 1), dt.date(2030, 12, 31)),
    "datetime": st.datetimes(dt.datetime(1979, 1, 1), dt.datetime(2030, 12, 31), timezones=st.just(dt.timezone.utc)),
}


def rows_of(table: str, max_rows: int = 12):
    """Rows for any lake table, generated from its schema (unique primary keys, few partitions)."""
    schema = get_schema(table)

    def column(c):
        if c.name == schema.partition_by:
            return st.sampled_from([dt.date(2024, 6, 18), dt.date(2024, 6, 19), dt.date(2024, 6, 20)])
        value = BY_TYPE[c.type]
        return st.one_of(st.none(), value) if c.nullable else value

    row = st.fixed_dictionaries({c.name: column(c) for c in schema.columns})
    return st.lists(row, max_size=max_rows, unique_by=lambda r: tuple(r[k] for k in schema.primary_key))


def frame_of(table: str, rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=get_schema(table).polars_schema(), orient="row")


def sort_all(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    return frame.sort(list(get_schema(table).primary_key))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows_of("events"))
def test_events_round_trip_through_parquet_and_duckdb(tmp_path_factory, rows):
    lake = tmp_path_factory.mktemp("lake")
    frame = frame_of("events", rows)
    lakeio.upsert(lake, "events", frame)
    assert sort_all(lakeio.read_table(lake, "events"), "events").equals(sort_all(frame, "events"))
    build_catalog(lake)
    with connect(lake) as con:
        back = con.execute("SELECT * FROM events").pl()
    assert sort_all(back.cast(get_schema("events").polars_schema()), "events").equals(sort_all(frame, "events"))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows_of("quarantine"))
def test_upsert_twice_changes_nothing(tmp_path_factory, rows):
    lake = tmp_path_factory.mktemp("lake")
    frame = frame_of("quarantine", rows)
    lakeio.upsert(lake, "quarantine", frame)
    once = sort_all(lakeio.read_table(lake, "quarantine"), "quarantine")
    lakeio.upsert(lake, "quarantine", frame)
    assert sort_all(lakeio.read_table(lake, "quarantine"), "quarantine").equals(once)
    assert once.height == frame.height


def test_upsert_replaces_rows_by_key_and_keeps_others(tmp_path):
    day = dt.date(2024, 6, 19)
    schema = get_schema("quarantine").polars_schema()
    row = {"quarantine_id": "a" * 64, "run_date": day, "stage": "ingest", "record_type": "article", "input_ref": "x",
           "article_id": None, "reason": "old", "payload": "{}"}
    other = row | {"quarantine_id": "b" * 64}
    lakeio.upsert(tmp_path, "quarantine", pl.DataFrame([row, other], schema=schema))
    lakeio.upsert(tmp_path, "quarantine", pl.DataFrame([row | {"reason": "new"}], schema=schema))
    got = lakeio.read_table(tmp_path, "quarantine").sort("quarantine_id")
    assert got.get_column("reason").to_list() == ["new", "old"]


def test_writes_leave_no_staging_files_and_files_are_complete(tmp_path):
    day = dt.date(2024, 6, 19)
    schema = get_schema("quarantine").polars_schema()
    row = {"quarantine_id": "a" * 64, "run_date": day, "stage": "ingest", "record_type": "article", "input_ref": "x",
           "article_id": None, "reason": "r", "payload": "{}"}
    path = lakeio.write_partition(tmp_path, "quarantine", day, pl.DataFrame([row], schema=schema))
    assert path == tmp_path / "quarantine" / "run_date=2024-06-19" / "part-0.parquet"
    assert pl.read_parquet(path).get_column("run_date").to_list() == [day]
    assert list((tmp_path / "_staging").iterdir()) == []


def test_empty_lake_views_exist_with_schema_columns(tmp_path):
    names, rows = run_query(tmp_path, "SELECT * FROM events")
    assert names == get_schema("events").names and rows == []


def test_catalog_answers_from_another_working_directory(tmp_path, monkeypatch):
    day = dt.date(2024, 6, 19)
    schema = get_schema("quarantine").polars_schema()
    row = {"quarantine_id": "a" * 64, "run_date": day, "stage": "ingest", "record_type": "article", "input_ref": "x",
           "article_id": None, "reason": "r", "payload": "{}"}
    lakeio.upsert(tmp_path / "lake", "quarantine", pl.DataFrame([row], schema=schema))
    build_catalog(tmp_path / "lake")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with duckdb.connect(str(tmp_path / "lake" / "catalog.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*), min(run_date) FROM quarantine").fetchone() == (1, day)


def test_moved_lake_is_re_rooted(tmp_path):
    day = dt.date(2024, 6, 19)
    schema = get_schema("quarantine").polars_schema()
    row = {"quarantine_id": "a" * 64, "run_date": day, "stage": "ingest", "record_type": "article", "input_ref": "x",
           "article_id": None, "reason": "r", "payload": "{}"}
    lakeio.upsert(tmp_path / "old", "quarantine", pl.DataFrame([row], schema=schema))
    build_catalog(tmp_path / "old")
    os.rename(tmp_path / "old", tmp_path / "new")
    assert run_query(tmp_path / "new", "SELECT count(*) FROM quarantine")[1] == [(1,)]
