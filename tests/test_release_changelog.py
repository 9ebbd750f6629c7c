"""CHANGELOG.md: rows added, removed and changed; months; schema and dictionary changes; which release is previous."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from openevents.release import layout
from openevents.release.build import ReleaseRequest, build_release
from openevents.release.changelog import RowDiff, diff_rows, dictionary_changes, render_changelog, schema_changes
from openevents.store import lake as lakeio

from conftest import FIXTURES
from release_lake import make_tables, write_lake

GOLDEN = Path(__file__).parent / "golden"


def manifest(version: str, rows: dict[str, int], months: dict[str, list[tuple[str, int]]], columns: list[dict],
             dictionary_files: list[dict], created: str = "2026-11-20T04:00:00Z") -> dict:
    """A hand-made manifest with just what the changelog reads."""
    return {
        "version": version, "created": created, "date_range": {"start": "2024-06-01", "end": "2024-06-30"},
        "schema_version": f"schema-{len(columns)}", "coder": {"version": "openevents-coder/0.1.0"},
        "dictionaries": {"version": f"dict-{len(dictionary_files)}", "files": dictionary_files},
        "tables": {t: {"rows": n, "months": [{"month": m, "rows": r} for m, r in months[t]],
                       "columns": columns} for t, n in rows.items()},
    }


COLUMNS = [{"name": "event_id", "type": "string", "nullable": False}, {"name": "goldstein", "type": "float64",
                                                                        "nullable": False}]
FILES = [{"path": "cameo_codes.tsv", "sha256": "a" * 64, "entries": 300},
         {"path": "verbs/07.txt", "sha256": "b" * 64, "entries": 40}]


def test_changelog_golden():
    old = manifest("0.1.0", {"events": 10}, {"events": [("2024-06", 10)]}, COLUMNS, FILES)
    new_columns = [COLUMNS[0] | {"nullable": True}, {"name": "avg_tone", "type": "float64", "nullable": True}]
    new_files = [FILES[0], FILES[1] | {"sha256": "c" * 64, "entries": 52},
                 {"path": "verbs/19.txt", "sha256": "d" * 64, "entries": 7}]
    new = manifest("0.2.0", {"events": 25}, {"events": [("2024-06", 12), ("2024-07", 13)]}, new_columns, new_files,
                   created="2026-11-27T04:00:00Z")
    text = render_changelog(new, old, {"events": RowDiff(added=16, removed=1, changed=3)})
    assert text == (GOLDEN / "release_changelog.md").read_text()


def test_first_release_changelog_says_so():
    new = manifest("0.1.0", {"events": 10}, {"events": [("2024-06", 10)]}, COLUMNS, FILES)
    text = render_changelog(new, None, None)
    assert "First release" in text and "| `events` | 10 |" in text


@pytest.mark.parametrize(
    "old_cols, new_cols, expected",
    [
        (COLUMNS, COLUMNS, []),
        (COLUMNS, COLUMNS[:1], ["- `events.goldstein` removed"]),
        (COLUMNS, [*COLUMNS, {"name": "x", "type": "int32", "nullable": True}], ["- `events.x` added (int32, nullable)"]),
        (COLUMNS, [COLUMNS[0], COLUMNS[1] | {"type": "int32"}], ["- `events.goldstein` changed: float64, required → int32, required"]),
    ],
)
def test_schema_changes(old_cols, new_cols, expected):
    old = manifest("1", {"events": 1}, {"events": []}, old_cols, FILES)
    new = manifest("2", {"events": 1}, {"events": []}, new_cols, FILES)
    assert schema_changes(new, old) == expected


def test_schema_changes_name_added_and_removed_tables():
    old = manifest("1", {"events": 1, "gone": 1}, {"events": [], "gone": []}, COLUMNS, FILES)
    new = manifest("2", {"events": 1, "fresh": 1}, {"events": [], "fresh": []}, COLUMNS, FILES)
    assert schema_changes(new, old) == ["- table `fresh` added", "- table `gone` removed"]


def test_dictionary_changes():
    old = manifest("1", {}, {}, COLUMNS, FILES)
    new = manifest("2", {}, {}, COLUMNS, [FILES[0] | {"sha256": "e" * 64, "entries": 290}])
    assert dictionary_changes(new, old) == ["- `cameo_codes.tsv` edited: 300 → 290 entries (-10)",
                                            "- `verbs/07.txt` removed (40 entries)"]


def frame(rows: list[tuple[str, int]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"id": pl.String, "v": pl.Int64}, orient="row")


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ([], [("a", 1)], RowDiff(1, 0, 0)),
        ([("a", 1)], [], RowDiff(0, 1, 0)),
        ([("a", 1), ("b", 2)], [("a", 1), ("b", 3)], RowDiff(0, 0, 1)),
        ([("a", 1), ("b", 2)], [("b", 2), ("c", 1)], RowDiff(1, 1, 0)),
        ([("a", None)], [("a", None)], RowDiff(0, 0, 0)),
        ([("a", None)], [("a", 1)], RowDiff(0, 0, 1)),
    ],
)
def test_diff_rows(old, new, expected):
    assert diff_rows(frame(old), frame(new), ["id"]) == expected


KEYED = st.dictionaries(st.text(max_size=3), st.one_of(st.none(), st.integers(0, 3)), max_size=12)


@given(KEYED, KEYED)
def test_diff_rows_counts_keys(old, new):
    diff = diff_rows(frame(list(old.items())), frame(list(new.items())), ["id"])
    assert diff.added == len(new.keys() - old.keys()) and diff.removed == len(old.keys() - new.keys())
    assert diff.changed == sum(old[k] != new[k] for k in old.keys() & new.keys())


@pytest.mark.parametrize(
    "version, others, expected",
    [
        ("0.2.0", [("0.1.0", "2026-01-01"), ("0.10.0", "2026-01-02")], "0.1.0"),
        ("0.11.0", [("0.1.0", "2026-01-01"), ("0.10.0", "2026-01-02")], "0.10.0"),
        ("0.1.0", [("0.2.0", "2026-01-01")], None),
        ("2026.12.4", [("2026.11.27", "2026-11-27"), ("2026.11.20", "2026-11-20")], "2026.11.27"),
        ("spring", [("winter", "2026-01-01"), ("autumn", "2025-10-01")], "winter"),
        ("0.1.0", [], None),
    ],
)
def test_previous_version(version, others, expected):
    assert layout.previous_version(version, "2026-06-01", others) == expected


def rebuild(lake: Path, releases: Path, version: str, dictionaries: Path, day: int) -> Path:
    folder, _ = build_release(ReleaseRequest(version=version, lake=lake, releases=releases,
                                             created=dt.datetime(2026, 11, day, tzinfo=dt.timezone.utc),
                                             dictionary_dir=dictionaries))
    return folder


def test_second_release_changelog_shows_the_difference(tmp_path):
    lake = write_lake(tmp_path / "lake", make_tables(n_events=20))
    dictionaries = shutil.copytree(FIXTURES / "dictionaries", tmp_path / "dictionaries")
    rebuild(lake, tmp_path / "releases", "0.1.0", dictionaries, 20)
    events = lakeio.read_table(lake, "events")
    lakeio.write_partition(lake, "events", dt.date(2024, 5, 30), pl.DataFrame())  # 5 events gone
    lakeio.upsert(lake, "events", events.filter(pl.col("event_date") == dt.date(2024, 6, 19))
                  .with_columns(pl.col("num_mentions") + 1))  # 5 changed
    july = make_tables(n_events=3, salt="july", days=[dt.date(2024, 7, 2)])
    write_lake(lake, {"events": july["events"]})  # 3 added
    with (dictionaries / "agents.tsv").open("a") as handle:
        handle.write("minister of magic\tGOV\tnew entry\n")
    folder = rebuild(lake, tmp_path / "releases", "0.2.0", dictionaries, 27)
    text = (folder / layout.CHANGELOG).read_text()
    assert json.loads((folder / layout.MANIFEST).read_text())["previous_version"] == "0.1.0"
    assert "Compared with release 0.1.0" in text
    assert "| `events` | 20 | 18 | -2 | 3 | 5 | 5 |" in text
    assert "| `events` | 2024-05 | 10 | 5 | -5 |" in text and "| `events` | 2024-07 | 0 | 3 | +3 |" in text
    assert "| `articles` | 8 | 8 | 0 | 0 | 0 | 0 |" in text
    assert "(+1)" in text and "`agents.tsv` edited" in text
    assert "No column was added, removed or redefined." in text
