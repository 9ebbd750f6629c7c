"""End to end: the nightly flow on the embedded sample, under prefect_test_harness."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from openevents.config import SAMPLE_DIR

pytestmark = pytest.mark.slow
RUN_DATE = "2024-06-26"


@pytest.fixture(scope="module")
def harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def lake_digest(lake: Path) -> dict[str, str]:
    """Content hash of every Parquet file of the lake tables, by relative path."""
    return {str(p.relative_to(lake)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(lake.rglob("*.parquet")) if "_staging" not in p.parts}


@pytest.fixture(scope="module")
def first_run(harness, tmp_path_factory):
    from flows.nightly import nightly

    lake = tmp_path_factory.mktemp("lake")
    summary = nightly(inputs=[str(SAMPLE_DIR)], lake=str(lake), run_date=RUN_DATE)
    return lake, summary, lake_digest(lake)


def test_counts_add_up(first_run):
    _, summary, _ = first_run
    assert summary["balanced"]
    assert summary["read"] == summary["coded"] + summary["duplicate"] + summary["non_english"] + summary["quarantined"]
    assert summary["quarantined"] >= 5 and summary["duplicate"] >= 2 and summary["non_english"] >= 1


def test_every_input_record_is_accounted_for(first_run):
    lake, summary, _ = first_run
    lines = sum(1 for p in SAMPLE_DIR.glob("*.jsonl") for line in p.read_text().splitlines() if line.strip())
    files = len(list(SAMPLE_DIR.glob("*.txt")))
    assert summary["read"] == lines + files
    with duckdb.connect(str(lake / "catalog.duckdb"), read_only=True) as con:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        bad = con.execute("SELECT count(*) FROM quarantine WHERE record_type = 'article'").fetchone()[0]
    assert articles + bad == summary["read"]


def test_events_and_mentions_are_consistent(first_run):
    lake, summary, _ = first_run
    with duckdb.connect(str(lake / "catalog.duckdb"), read_only=True) as con:
        orphans = con.execute("SELECT count(*) FROM mentions m LEFT JOIN events e USING (event_id) "
                              "WHERE e.event_id IS NULL").fetchone()[0]
        counts = con.execute("SELECT sum(num_mentions), count(*) FROM events").fetchone()
        mentions = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    assert orphans == 0 and counts[0] == mentions and counts[1] == summary["events_written"]


def test_second_run_changes_nothing(first_run):
    """Re-running a day from scratch (--full-refresh: nothing skipped as already ingested) rewrites the same lake."""
    from flows.nightly import nightly

    lake, summary, digest = first_run
    again = nightly(inputs=[str(SAMPLE_DIR)], lake=str(lake), run_date=RUN_DATE, full_refresh=True)
    assert lake_digest(lake) == digest
    assert {k: again[k] for k in ("read", "coded", "events_written", "known")} == {
        k: summary[k] for k in ("read", "coded", "events_written", "known")}


def test_catalog_answers_from_another_directory(first_run, tmp_path, monkeypatch):
    lake, summary, _ = first_run
    monkeypatch.chdir(tmp_path)
    with duckdb.connect(str(lake / "catalog.duckdb"), read_only=True) as con:
        total = con.execute("SELECT count(*) FROM events").fetchone()[0]
    assert total == summary["events_written"]


def test_validation_report_and_data_docs_are_written(first_run):
    _, summary, _ = first_run
    assert Path(summary["validation_report"]).is_file()
    assert Path(summary["data_docs"]).is_file()


def test_partitions_are_days(first_run):
    lake, _, _ = first_run
    days = sorted(d.name for d in (lake / "articles").iterdir())
    assert days and all(d.startswith("published_date=2024-06-") for d in days)
    one = pl.read_parquet(lake / "articles" / days[0] / "part-0.parquet")
    assert one.get_column("published_date").n_unique() == 1


def test_every_event_has_a_country_of_action_dyads_and_tone(first_run):
    lake, _, _ = first_run
    with duckdb.connect(str(lake / "catalog.duckdb"), read_only=True) as con:
        missing = con.execute("SELECT count(*) FROM events WHERE action_geo_country_code IS NULL").fetchone()[0]
        dyads = con.execute("SELECT coalesce(sum(num_events), 0) FROM dyads_daily").fetchone()[0]
        both = con.execute("SELECT count(*) FROM events WHERE source_country_code IS NOT NULL "
                           "AND target_country_code IS NOT NULL").fetchone()[0]
        untoned = con.execute("SELECT count(*) FROM articles WHERE status <> 'non_english' AND tone IS NULL"
                              ).fetchone()[0]
    assert missing == 0
    assert dyads == both and untoned == 0


def test_the_summit_signing_is_one_event_with_several_mentions(first_run):
    lake, _, _ = first_run
    with duckdb.connect(str(lake / "catalog.duckdb"), read_only=True) as con:
        summit = con.execute(
            "SELECT max(num_mentions), max(num_sources) FROM events WHERE event_date = DATE '2024-06-19' "
            "AND event_base_code = '057' AND source_actor_code LIKE 'RUS%' AND target_actor_code LIKE 'PRK%' "
            "AND action_geo_name = 'Pyongyang'").fetchone()
    assert summit[0] >= 2 and summit[1] >= 2  # the treaty signing, reported by OpenWire and Global Desk
