"""Building releases: layout, manifest, checksums, Frictionless descriptor, codebook, citation, immutability."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import duckdb
import frictionless
import polars as pl
import pyarrow.parquet as pq
import pytest
import yaml

from openevents.config import PROJECT_ROOT
from openevents.errors import ReleaseError
from openevents.release import build as buildmod
from openevents.release import layout
from openevents.release.build import ReleaseRequest, build_release
from openevents.release.verify import local_fs, verify_release
from openevents.schema import get_schema

from conftest import FIXTURES
from release_lake import ARTICLE_TEXT, DAYS, SENTENCE_TEXT, make_tables, write_lake

CREATED = dt.datetime(2026, 11, 27, 4, 0, tzinfo=dt.timezone.utc)
TABLES = ["articles", "events", "mentions"]


def request(lake, releases, version="0.1.0", **kwargs) -> ReleaseRequest:
    return ReleaseRequest(version=version, lake=lake, releases=releases, created=CREATED,
                          dictionary_dir=FIXTURES / "dictionaries", **kwargs)


@pytest.fixture(scope="module")
def source():
    return make_tables(n_events=30)


@pytest.fixture(scope="module")
def release(tmp_path_factory, source):
    lake = write_lake(tmp_path_factory.mktemp("lake"), source)
    folder, report = build_release(request(lake, tmp_path_factory.mktemp("releases")))
    return folder, report, lake


def test_layout_is_one_file_per_table_and_month(release):
    folder, report, _ = release
    parquet = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.parquet"))
    assert parquet == [layout.file_path(t, m) for t in TABLES for m in ("2024-05", "2024-06")]
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert names == sorted([layout.MANIFEST, layout.SUMS, layout.DATAPACKAGE, layout.CODEBOOK, layout.CHANGELOG,
                            layout.CITATION, layout.CAMEO_CSV, layout.STATS])
    assert report.ok and report.version == "0.1.0"
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("table", TABLES)
def test_files_hold_released_columns_without_the_month_key(release, source, table):
    folder, _, _ = release
    for path in (folder / table).rglob("*.parquet"):
        meta = pq.ParquetFile(path)
        assert meta.schema_arrow.names == list(get_schema(table).polars_schema(release=True))
        assert "month" not in meta.schema_arrow.names
        assert {meta.metadata.row_group(0).column(i).compression for i in range(meta.metadata.num_columns)} == {"ZSTD"}
    back = pl.read_parquet(folder / table / "**" / "*.parquet", hive_partitioning=False)
    assert back.height == source[table].height
    assert not [c for c in back.columns if back.schema[c] == pl.String
                and back.get_column(c).is_in([ARTICLE_TEXT, SENTENCE_TEXT]).any()]


def test_lake_only_columns_are_not_released(release):
    folder, _, _ = release
    events = pl.read_parquet(folder / "mentions" / "**" / "*.parquet")
    articles = pl.read_parquet(folder / "articles" / "**" / "*.parquet")
    assert "sentence_text" not in events.columns and "text" not in articles.columns


def test_manifest_counts_per_table_and_month(release, source):
    folder, _, _ = release
    manifest = json.loads((folder / layout.MANIFEST).read_text())
    for table in TABLES:
        frame = source[table]
        date = manifest["tables"][table]["date_column"]
        by_month = frame.group_by(pl.col(date).dt.strftime("%Y-%m").alias("m")).len().sort("m")
        assert manifest["tables"][table]["months"] == [{"month": m, "rows": n} for m, n in by_month.iter_rows()]
        assert manifest["rows"][table] == frame.height
    assert manifest["date_range"] == {"start": "2024-05-30", "end": "2024-06-19"}
    assert manifest["created"] == "2026-11-27T04:00:00Z" and manifest["previous_version"] is None
    assert manifest["dictionaries"]["in_data"] == ["abcdef012345"]
    assert manifest["coder"]["in_data"] == ["openevents-coder/0.1.0"]
    head = subprocess.run(["git", "-C", str(PROJECT_ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
    assert manifest["git"]["commit"] == (head.stdout.strip() or None)
    assert len(manifest["schema_version"]) == 12


def test_sha256sums_checks_with_coreutils(release):
    folder, _, _ = release
    done = subprocess.run(["sha256sum", "--check", "--strict", layout.SUMS], cwd=folder, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    listed = {line.split("  ", 1)[1] for line in (folder / layout.SUMS).read_text().splitlines()}
    assert listed == {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} - {layout.SUMS}


def test_datapackage_is_a_valid_frictionless_package(release):
    folder, _, _ = release
    report = frictionless.validate(folder / layout.DATAPACKAGE)
    assert report.valid, report.flatten(["type", "note"])[:5]
    package = json.loads((folder / layout.DATAPACKAGE).read_text())
    assert len(package["resources"]) == 7  # 3 tables × 2 months + the CAMEO codes
    events = next(r for r in package["resources"] if r["name"] == "events-2024-06")
    assert events["schema"]["primaryKey"] == ["event_id"]
    assert {f["name"] for f in events["schema"]["fields"]} == set(get_schema("events").polars_schema(release=True))


def test_datapackage_validation_catches_a_code_outside_cameo(release, tmp_path):
    folder, _, _ = release
    copy = shutil.copytree(folder, tmp_path / "copy")
    path = copy / layout.file_path("events", "2024-06")
    path.chmod(0o644)
    frame = pl.read_parquet(path).with_columns(pl.lit("999").alias("event_code"))
    frame.write_parquet(path)
    report = frictionless.validate(copy / layout.DATAPACKAGE)
    assert not report.valid
    assert "foreign-key" in {e[0] for e in report.flatten(["type"])}


def test_codebook_lists_released_columns_and_cameo_codes(release):
    folder, _, _ = release
    text = (folder / layout.CODEBOOK).read_text()
    for table in TABLES:
        for column in get_schema(table).columns:
            assert (f"| `{column.name}` |" in text) == column.release, (table, column.name)
    codes = pl.read_csv(folder / layout.CAMEO_CSV, schema_overrides={"code": pl.String})
    assert codes.height > 0 and all(f"| `{c}` |" in text for c in codes.get_column("code"))


def test_citation_is_cff_1_2(release):
    folder, _, _ = release
    citation = yaml.safe_load((folder / layout.CITATION).read_text())
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "dataset"
    assert citation["version"] == "0.1.0" and citation["date-released"] == dt.date(2026, 11, 27)
    assert citation["authors"] and citation["message"] and citation["title"]


def test_hive_reads_with_pyarrow_and_duckdb(release, source):
    folder, _, _ = release
    table = pq.read_table(folder / "events", partitioning="hive")
    assert table.num_rows == source["events"].height and "month" in table.column_names
    with duckdb.connect() as con:
        rows = con.execute(f"SELECT month, count(*), min(event_date), max(event_date) FROM read_parquet("
                           f"'{folder}/events/**/*.parquet', hive_partitioning = true) GROUP BY 1 ORDER BY 1").fetchall()
    assert rows == [("2024-05", 16, DAYS[0], DAYS[1]), ("2024-06", 14, DAYS[2], DAYS[3])]


def test_row_groups_follow_the_configured_size(tmp_path, monkeypatch):
    monkeypatch.setattr(layout, "ROW_GROUP_ROWS", 10)
    lake = write_lake(tmp_path / "lake", make_tables(n_events=50, days=[dt.date(2024, 6, 1)]))
    folder, _ = build_release(request(lake, tmp_path / "releases"))
    meta = pq.ParquetFile(folder / layout.file_path("events", "2024-06")).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [10] * 5
    assert meta.row_group(0).column(1).statistics.has_min_max  # event_date, for pruning


def test_existing_version_is_immutable_unless_forced(release, tmp_path):
    folder, _, lake = release
    releases = shutil.copytree(folder.parent, tmp_path / "releases")
    before = (releases / "0.1.0" / layout.SUMS).read_text()
    with pytest.raises(ReleaseError, match="already exists"):
        build_release(request(lake, releases))
    assert (releases / "0.1.0" / layout.SUMS).read_text() == before
    later = dt.datetime(2026, 11, 28, tzinfo=dt.timezone.utc)
    build_release(ReleaseRequest(version="0.1.0", lake=lake, releases=releases, created=later, force=True,
                                 dictionary_dir=FIXTURES / "dictionaries"))
    assert json.loads((releases / "0.1.0" / layout.MANIFEST).read_text())["created"] == "2026-11-28T00:00:00Z"
    assert sorted(p.name for p in releases.iterdir()) == ["0.1.0"]


def test_a_failed_build_leaves_nothing_behind(release, tmp_path, monkeypatch):
    _, _, lake = release

    def broken(*args, **kwargs):
        raise ReleaseError("disk full")

    monkeypatch.setattr(buildmod, "write_sums", broken)
    with pytest.raises(ReleaseError, match="disk full"):
        build_release(request(lake, tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_a_release_without_events_still_has_every_table(tmp_path):
    tables = make_tables(n_events=0)
    lake = write_lake(tmp_path / "lake", tables)
    folder, report = build_release(request(lake, tmp_path / "releases"))
    assert report.ok and report.rows == {"articles": 8, "events": 0, "mentions": 0}
    with duckdb.connect() as con:
        assert con.execute(f"SELECT count(*) FROM read_parquet('{folder}/events/**/*.parquet', "
                           "hive_partitioning = true)").fetchone() == (0,)
    stats = json.loads((folder / layout.STATS).read_text())
    assert stats["events"] == 0 and stats["events_per_day"] == []
    assert frictionless.validate(folder / layout.DATAPACKAGE).valid


def test_an_empty_lake_is_not_released(tmp_path):
    with pytest.raises(ReleaseError, match="nothing to release"):
        build_release(request(tmp_path / "lake", tmp_path / "releases"))
    assert not (tmp_path / "releases" / "0.1.0").exists()


@pytest.mark.parametrize("version", ["", "../up", "a/b", ".hidden", "x" * 65, "2026 11 27"])
def test_bad_versions_are_refused(tmp_path, version):
    with pytest.raises(ReleaseError, match="version"):
        build_release(request(tmp_path, tmp_path, version=version))


def test_verify_after_build_reports_rows(release, source):
    folder, _, _ = release
    report = verify_release(*local_fs(folder))
    assert report.ok and report.rows == {t: source[t].height for t in TABLES}
    assert report.months == {t: 2 for t in TABLES}


def test_a_release_that_appears_during_the_build_is_not_replaced(release, tmp_path, monkeypatch):
    _, _, lake = release
    real = buildmod.write_sums

    def meanwhile(folder):
        real(folder)
        (tmp_path / "0.1.0").mkdir()
        (tmp_path / "0.1.0" / "theirs.txt").write_text("another build got here first")

    monkeypatch.setattr(buildmod, "write_sums", meanwhile)
    with pytest.raises(ReleaseError, match="appeared"):
        build_release(request(lake, tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == ["0.1.0"]
    assert [p.name for p in (tmp_path / "0.1.0").iterdir()] == ["theirs.txt"]
