"""`openevents verify`: a sound release passes; each kind of damage is found and named."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Callable

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from openevents.cli import app
from openevents.errors import ReleaseError
from openevents.release import layout
from openevents.release.build import ReleaseRequest, build_release
from openevents.release.manifest import parse_sums, render_sums, sha256_file
from openevents.release.verify import local_fs, verify_release

from conftest import FIXTURES
from release_lake import make_tables, write_lake

runner = CliRunner()
EVENTS_MAY = layout.file_path("events", "2024-05")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    lake = write_lake(tmp_path_factory.mktemp("lake"), make_tables(n_events=12))
    folder, _ = build_release(ReleaseRequest(version="1.0.0", lake=lake, releases=tmp_path_factory.mktemp("rel"),
                                             created=dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc),
                                             dictionary_dir=FIXTURES / "dictionaries"))
    return folder


@pytest.fixture
def copy(pristine, tmp_path) -> Path:
    folder = shutil.copytree(pristine, tmp_path / "1.0.0")
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return folder


def reseal(folder: Path, changed: str) -> None:
    """Record a changed file's checksum in the manifest and SHA256SUMS (as a careless editor would)."""
    manifest = json.loads((folder / layout.MANIFEST).read_text())
    for info in manifest["tables"].values():
        for entry in info["files"]:
            if entry["path"] == changed:
                entry["sha256"] = sha256_file(folder / changed)
    (folder / layout.MANIFEST).write_text(json.dumps(manifest))
    sums = parse_sums((folder / layout.SUMS).read_text())
    sums |= {changed: sha256_file(folder / changed), layout.MANIFEST: sha256_file(folder / layout.MANIFEST)}
    (folder / layout.SUMS).write_text(render_sums(sums))


def rewrite(change: Callable[[pl.DataFrame], pl.DataFrame], file: str = EVENTS_MAY) -> Callable[[Path], None]:
    """Damage: the file rewritten with a change, its checksums updated everywhere."""
    def damage(folder: Path) -> None:
        change(pl.read_parquet(folder / file)).write_parquet(folder / file)
        reseal(folder, file)
    return damage


def edit_manifest_rows(folder: Path) -> None:
    manifest = json.loads((folder / layout.MANIFEST).read_text())
    manifest["tables"]["events"]["files"][0]["rows"] += 1
    (folder / layout.MANIFEST).write_text(json.dumps(manifest))
    reseal(folder, layout.MANIFEST)


DAMAGE = [
    ("tampered", lambda f: (f / EVENTS_MAY).write_bytes((f / EVENTS_MAY).read_bytes() + b"x"),
     "events/month=2024-05/part-0.parquet: checksum does not match SHA256SUMS"),
    ("missing", lambda f: (f / layout.file_path("mentions", "2024-06")).unlink(),
     "mentions/month=2024-06/part-0.parquet: listed in SHA256SUMS but missing"),
    ("unlisted", lambda f: (f / "notes.txt").write_text("hello"), "notes.txt: present but not listed"),
    ("no sums", lambda f: (f / layout.SUMS).unlink(), "SHA256SUMS is missing"),
    ("manifest count", edit_manifest_rows, "rows, the manifest says"),
    ("lake-only column", rewrite(lambda d: d.with_columns(pl.lit("secret").alias("text")),
                                 layout.file_path("articles", "2024-05")),
     "column 'text' must not be in a release file"),
    ("month column", rewrite(lambda d: d.with_columns(pl.lit("2024-05").alias("month"))),
     "column 'month' must not be in a release file"),
    ("type", rewrite(lambda d: d.with_columns(pl.col("quad_class").cast(pl.Int64))),
     "differ from the manifest's"),
    ("wrong month", rewrite(lambda d: d.with_columns(pl.lit(dt.date(2024, 7, 1)).alias("event_date"))),
     "outside month 2024-05"),
    ("nulls", rewrite(lambda d: d.with_columns(pl.lit(None, pl.String).alias("source_actor_code"))),
     "required column 'source_actor_code' has nulls"),
]


def test_a_sound_release_passes(pristine):
    report = verify_release(*local_fs(pristine))
    assert report.ok and report.version == "1.0.0" and report.files == 14


@pytest.mark.parametrize("name, damage, problem", DAMAGE, ids=[d[0] for d in DAMAGE])
def test_damage_is_found(copy, name, damage, problem):
    damage(copy)
    report = verify_release(*local_fs(copy))
    assert not report.ok
    assert any(problem in p for p in report.problems), report.problems


def test_cli_verify_fails_with_the_problems(copy):
    (copy / "notes.txt").write_text("hello")
    result = runner.invoke(app, ["verify", str(copy)])
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "fails verification (1 problems)" in output and "notes.txt: present but not listed" in output


def test_cli_verify_passes(pristine):
    result = runner.invoke(app, ["verify", str(pristine)])
    assert result.exit_code == 0, result.output
    assert "verified: 14 files match SHA256SUMS" in " ".join(result.output.split())


def test_verify_of_nothing_is_an_error(tmp_path):
    with pytest.raises(ReleaseError, match="no release at"):
        verify_release(*local_fs(tmp_path / "absent"))


PATHS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                max_size=30).filter(lambda p: p == p.strip() and "\n" not in p and "\r" not in p)


@given(st.dictionaries(PATHS, st.text(alphabet="0123456789abcdef", min_size=64, max_size=64), max_size=8))
def test_sums_round_trip(sums):
    assert parse_sums(render_sums(sums)) == sums


@pytest.mark.parametrize("line", ["abc  file", "0" * 64 + "file", "0" * 63 + "  file", "g" * 64 + "  file"])
def test_malformed_sums_lines_are_errors(line):
    with pytest.raises(ReleaseError, match="SHA256SUMS:1"):
        parse_sums(line + "\n")
