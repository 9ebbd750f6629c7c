"""`openevents release VERSION`: build a release from the lake, month by month, in a temporary folder next to its
destination; verify it (checksums re-read, row counts re-counted from the files); only then move it into place.

Releases are immutable: an existing version is rebuilt only when asked (`force`), and then swapped in whole.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from openevents import CODER_VERSION
from openevents.config import DICTIONARY_DIR, PROJECT_ROOT
from openevents.errors import ReleaseError
from openevents.release import layout
from openevents.release.changelog import RowDiff, diff_rows, render_changelog
from openevents.release.datapackage import build_datapackage
from openevents.release.docs import cameo_frame, read_cameo_codes, render_citation, render_release_codebook
from openevents.release.manifest import (PROVENANCE_COLUMNS, FileEntry, build_manifest, dictionary_snapshot,
                                         dump_json, git_state, render_sums, sha256_file, table_entry, value_counts)
from openevents.release.stats import EventStats, merge_stats, month_stats, stats_document
from openevents.release.verify import VerifyReport, local_fs, verify_release
from openevents.schema import TableSchema, load_schemas
from openevents.store import lake as lakeio


@dataclass(frozen=True)
class ReleaseRequest:
    """Everything a build needs; `created` is the build time (passed in: no clock inside)."""

    version: str
    lake: Path
    releases: Path
    created: dt.datetime
    force: bool = False
    previous: Path | None = None
    dictionary_dir: Path = DICTIONARY_DIR
    project_root: Path = PROJECT_ROOT


@dataclass
class TableResult:
    files: list[FileEntry] = field(default_factory=list)
    stats: list[EventStats] = field(default_factory=list)
    versions: dict[str, Counter] = field(default_factory=dict)
    diff: RowDiff | None = None


@dataclass(frozen=True)
class Previous:
    """The release before this one: its manifest, and its folder when the files are there to compare with."""

    manifest: dict[str, Any]
    folder: Path | None


def read_manifest_file(folder: Path) -> dict[str, Any] | None:
    try:
        return json.loads((folder / layout.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def find_previous(request: ReleaseRequest) -> Previous | None:
    """The explicit previous release, else the one before this version among the releases folder's others."""
    if request.previous is not None:
        manifest = read_manifest_file(request.previous)
        if manifest is None:
            raise ReleaseError(f"--previous {request.previous}: no readable {layout.MANIFEST} there")
        return Previous(manifest, request.previous)
    others = {}
    if request.releases.is_dir():
        for folder in sorted(request.releases.iterdir()):
            manifest = read_manifest_file(folder) if not folder.name.startswith(".") else None
            if manifest and manifest.get("version") != request.version:
                others[manifest["version"]] = (manifest, folder)
    chosen = layout.previous_version(request.version, request.created.isoformat(),
                                     [(v, m["created"]) for v, (m, _) in others.items()])
    return Previous(*others[chosen]) if chosen else None


def lake_months(lake: Path) -> dict[str, dict[str, list[dt.date]]]:
    """For each released table, the lake's days grouped by month."""
    return {s.table: layout.days_by_month(lakeio.partitions(lake, s.table)) for s in layout.release_tables()}


def read_previous_month(previous: Previous | None, table: str, month: str) -> pl.DataFrame | None:
    """The previous release's rows of a table for a month (empty when it had none; None when its files are gone)."""
    if previous is None or previous.folder is None:
        return None
    entries = [e for e in previous.manifest["tables"].get(table, {}).get("files", []) if e["month"] == month]
    paths = [previous.folder / e["path"] for e in entries]
    if not all(p.is_file() for p in paths):
        return None
    frames = [pl.read_parquet(p) for p in paths]
    return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()


def compare_month(old: pl.DataFrame, new: pl.DataFrame, key: list[str]) -> RowDiff:
    return RowDiff(added=new.height) if old.is_empty() else diff_rows(old, new, key)


def write_month(lake: Path, folder: Path, schema: TableSchema, month: str, days: list[dt.date]) -> tuple[
        pl.DataFrame, FileEntry]:
    """One month of a table: read from the lake, written as the release's Parquet file."""
    frame = layout.to_release_frame(lakeio.read_table(lake, schema.table, days), schema)
    relative = layout.file_path(schema.table, month)
    layout.write_release_file(folder / relative, frame)
    dates = frame.get_column(layout.date_column(schema))
    entry = FileEntry(path=relative, table=schema.table, month=month, rows=frame.height,
                      bytes=(folder / relative).stat().st_size, sha256=sha256_file(folder / relative),
                      first=dates.min(), last=dates.max())
    return frame, entry


def write_table(lake: Path, folder: Path, schema: TableSchema, months: dict[str, list[dt.date]],
                previous: Previous | None) -> TableResult:
    """Every month of a table, with its statistics, provenance counts and comparison with the previous release."""
    result = TableResult(versions={c: Counter() for c in PROVENANCE_COLUMNS})
    diff, comparable = RowDiff(), previous is not None
    for month, days in months.items():
        frame, entry = write_month(lake, folder, schema, month, days)
        result.files.append(entry)
        if schema.table == "events":
            result.stats.append(month_stats(frame))
        for column in PROVENANCE_COLUMNS:
            result.versions[column] += value_counts(frame, column)
        old = read_previous_month(previous, schema.table, month) if comparable else None
        comparable = old is not None
        diff = diff + compare_month(old, frame, list(schema.primary_key)) if comparable else diff
    if comparable and previous is not None:
        gone = [e["rows"] for e in previous.manifest["tables"].get(schema.table, {}).get("files", [])
                if e["month"] not in months]
        result.diff = diff + RowDiff(removed=sum(gone))
    return result


def write_tables(request: ReleaseRequest, folder: Path, previous: Previous | None) -> dict[str, TableResult]:
    """Every released table; a table without rows still gets one empty file (so its schema is there to read)."""
    months = lake_months(request.lake)
    present = sorted(m for table in months.values() for m in table)
    if not present:
        raise ReleaseError(f"nothing to release: the lake at {request.lake} has no rows in "
                           f"{', '.join(months)}")
    return {s.table: write_table(request.lake, folder, s, months[s.table] or {present[0]: []}, previous)
            for s in layout.release_tables()}


def write_text(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def write_documents(request: ReleaseRequest, folder: Path, results: dict[str, TableResult],
                    previous: Previous | None) -> dict[str, Any]:
    """manifest.json, stats.json, datapackage.json, CODEBOOK.md, CHANGELOG.md, CITATION.cff, cameo_codes.csv."""
    schemas = load_schemas()
    codes = read_cameo_codes(request.dictionary_dir)
    cameo_frame(codes).write_csv(folder / layout.CAMEO_CSV)
    tables = {t: table_entry(schemas[t], r.files, r.versions) for t, r in results.items()}
    provenance = {"coder_version": CODER_VERSION, "dictionaries": dictionary_snapshot(request.dictionary_dir),
                  "git": git_state(request.project_root)}
    manifest = build_manifest(request.version, request.created, tables, provenance,
                              previous.manifest["version"] if previous else None)
    stats = merge_stats([s for r in results.values() for s in r.stats])
    cameo = (sha256_file(folder / layout.CAMEO_CSV), (folder / layout.CAMEO_CSV).stat().st_size)
    diffs = {t: r.diff for t, r in results.items() if r.diff is not None} if previous else None
    write_text(folder, layout.MANIFEST, dump_json(manifest))
    write_text(folder, layout.STATS, dump_json({"version": request.version, "date_range": manifest["date_range"],
                                                **stats_document(stats)}))
    write_text(folder, layout.DATAPACKAGE, dump_json(build_datapackage(manifest, schemas, cameo)))
    write_text(folder, layout.CODEBOOK, render_release_codebook(manifest, codes))
    write_text(folder, layout.CHANGELOG, render_changelog(manifest, previous.manifest if previous else None, diffs))
    write_text(folder, layout.CITATION, render_citation(manifest))
    return manifest


def write_sums(folder: Path) -> None:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != layout.SUMS)
    write_text(folder, layout.SUMS, render_sums({p.relative_to(folder).as_posix(): sha256_file(p) for p in files}))


def freeze(folder: Path) -> None:
    """Read-only files: a release is not edited in place."""
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def move_into_place(temp: Path, target: Path, force: bool) -> None:
    """Rename the finished folder into place; an existing one (under --force) is swapped out, then deleted."""
    if target.exists() and not force:
        raise ReleaseError(f"release {target.name} appeared at {target} while this one was being built")
    retired = target.with_name(f".replaced-{target.name}-{uuid.uuid4().hex}") if target.exists() else None
    try:
        if retired:
            os.replace(target, retired)
        os.replace(temp, target)
    except OSError as exc:
        raise ReleaseError(f"cannot move the release into {target}: {exc}") from exc
    if retired:
        shutil.rmtree(retired)


def check_built(report: VerifyReport, manifest: dict[str, Any], results: dict[str, TableResult]) -> None:
    """The finished folder passes `verify`, and the files hold exactly the rows read from the lake."""
    problems = list(report.problems)
    read = {t: sum(f.rows for f in r.files) for t, r in results.items()}
    if report.rows != read or manifest["rows"] != read:
        problems.append(f"rows read from the lake {read} differ from the rows counted in the files {report.rows}")
    if problems:
        raise ReleaseError("the release failed its checks:\n" + "\n".join(problems[:30]))


def build_release(request: ReleaseRequest) -> tuple[Path, VerifyReport]:
    """Build, verify and move into place; returns the release folder and its verification report."""
    layout.check_version(request.version)
    target = request.releases / request.version
    if target.exists() and not request.force:
        raise ReleaseError(f"release {request.version} already exists at {target}; releases are immutable "
                           "(--force rebuilds it)")
    previous = find_previous(request)
    request.releases.mkdir(parents=True, exist_ok=True)
    temp = request.releases / f".building-{request.version}-{uuid.uuid4().hex}"
    try:
        results = write_tables(request, temp, previous)
        manifest = write_documents(request, temp, results, previous)
        write_sums(temp)
        report = verify_release(*local_fs(temp))
        check_built(report, manifest, results)
        freeze(temp)
        move_into_place(temp, target, request.force)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    report.root = str(target)
    return target, report
