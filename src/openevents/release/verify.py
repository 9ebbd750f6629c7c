"""Check a release where it lies (a folder, or an object store through fsspec): every file against SHA256SUMS,
no file missing or unlisted, the manifest's row counts against the Parquet footers, every file's columns against
the manifest's schema, no lake-only column, every row in the month its path names."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem

from openevents.errors import ReleaseError
from openevents.release.layout import MANIFEST, MONTH_KEY, SUMS
from openevents.release.manifest import parse_sums, sha256_stream
from openevents.schema import load_schemas

UTC_NAMES = {"UTC", "+00:00", "Etc/UTC", "Z"}


@dataclass
class VerifyReport:
    """What was checked and every problem found (an empty list means the release is sound)."""

    root: str
    version: str | None = None
    files: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def local_fs(path: Path) -> tuple[AbstractFileSystem, str]:
    return fsspec.filesystem("file"), str(Path(path).resolve())


def arrow_type_name(dtype: pa.DataType) -> str:
    """The schemas/ type name of a Parquet column's Arrow type ('?<type>' when it has none)."""
    if pa.types.is_string(dtype) or pa.types.is_large_string(dtype) or pa.types.is_string_view(dtype):
        return "string"
    if pa.types.is_timestamp(dtype):
        return "datetime" if dtype.unit == "us" and dtype.tz in UTC_NAMES else f"?{dtype}"
    if pa.types.is_list(dtype) or pa.types.is_large_list(dtype) or pa.types.is_list_view(dtype):
        return "list[string]" if arrow_type_name(dtype.value_type) == "string" else f"?{dtype}"
    simple = {pa.int8(): "int8", pa.int16(): "int16", pa.int32(): "int32", pa.int64(): "int64",
              pa.float64(): "float64", pa.bool_(): "bool", pa.date32(): "date"}
    return simple.get(dtype, f"?{dtype}")


def list_files(fs: AbstractFileSystem, root: str) -> set[str]:
    prefix = root.rstrip("/") + "/"
    return {p[len(prefix):] for p in fs.find(root) if p.startswith(prefix)}


def check_sums(fs: AbstractFileSystem, root: str, report: VerifyReport) -> dict[str, str]:
    """Every file hashed against SHA256SUMS; missing and unlisted files are problems. Returns the checksums of
    the listed files that are present."""
    present = list_files(fs, root)
    if SUMS not in present:
        report.problems.append(f"{SUMS} is missing")
        return {}
    sums = parse_sums(fs.cat_file(f"{root}/{SUMS}").decode("utf-8"))
    report.problems += [f"{p}: listed in {SUMS} but missing" for p in sorted(set(sums) - present)]
    report.problems += [f"{p}: present but not listed in {SUMS}" for p in sorted(present - set(sums) - {SUMS})]
    for path in sorted(set(sums) & present):
        with fs.open(f"{root}/{path}", "rb") as handle:
            if sha256_stream(handle) != sums[path]:
                report.problems.append(f"{path}: checksum does not match {SUMS}")
    report.files = len(present)
    return {p: d for p, d in sums.items() if p in present}


def _date_bounds(meta: pq.FileMetaData, handle: Any, column: str) -> tuple[Any, Any] | None:
    """Smallest and largest value of a column from the row-group statistics (read the column if they lack any)."""
    index = meta.schema.to_arrow_schema().get_field_index(column)
    stats = [meta.row_group(g).column(index).statistics for g in range(meta.num_row_groups)]
    if all(s is not None and s.has_min_max for s in stats):
        return (min(s.min for s in stats), max(s.max for s in stats)) if stats else None
    values = pq.read_table(handle, columns=[column]).column(0).drop_null()
    return (pc.min(values).as_py(), pc.max(values).as_py()) if len(values) else None


def _null_columns(meta: pq.FileMetaData, names: list[str]) -> list[str]:
    """Columns (of `names`) whose statistics count nulls."""
    arrow = meta.schema.to_arrow_schema()
    found = []
    for name in names:
        index = arrow.get_field_index(name)
        if index >= 0 and any((s := meta.row_group(g).column(index).statistics) is not None and s.null_count
                              for g in range(meta.num_row_groups)):
            found.append(name)
    return found


def check_file(fs: AbstractFileSystem, root: str, table: str, info: dict[str, Any], entry: dict[str, Any],
               report: VerifyReport) -> None:
    """One Parquet file against its manifest entry and the table's columns."""
    path, want = entry["path"], [(c["name"], c["type"]) for c in info["columns"]]
    lake_only = {c.name for c in load_schemas()[table].columns if not c.release} if table in load_schemas() else set()
    with fs.open(f"{root}/{path}", "rb") as handle:
        parquet = pq.ParquetFile(handle)
        meta, arrow = parquet.metadata, parquet.schema_arrow
        got = [(f.name, arrow_type_name(f.type)) for f in arrow]
        if meta.num_rows != entry["rows"]:
            report.problems.append(f"{path}: {meta.num_rows} rows, the manifest says {entry['rows']}")
        if got != want:
            report.problems.append(f"{path}: columns {got} differ from the manifest's {want}")
        for name in sorted(({n for n, _ in got} & lake_only) | ({MONTH_KEY} & {n for n, _ in got})):
            report.problems.append(f"{path}: column {name!r} must not be in a release file")
        required = [c["name"] for c in info["columns"] if not c["nullable"]]
        report.problems += [f"{path}: required column {n!r} has nulls" for n in _null_columns(meta, required)]
        if meta.num_rows and info["date_column"] in arrow.names:
            bounds = _date_bounds(meta, handle, info["date_column"])
            months = {f"{d:%Y-%m}" for d in bounds or () if isinstance(d, dt.date)}
            if months != {entry["month"]}:
                report.problems.append(f"{path}: {info['date_column']} runs {bounds}, outside month {entry['month']}")
    if posixpath.dirname(path) != f"{table}/{MONTH_KEY}={entry['month']}":
        report.problems.append(f"{path}: path does not name its month {entry['month']}")


def check_table(fs: AbstractFileSystem, root: str, table: str, info: dict[str, Any], sums: dict[str, str],
                report: VerifyReport) -> None:
    """A table's files, row counts per file, per month and in all."""
    listed = {e["path"] for e in info["files"]}
    on_disk = {p for p in sums if p.startswith(f"{table}/") and p.endswith(".parquet")}
    report.problems += [f"{p}: Parquet file not in the manifest" for p in sorted(on_disk - listed)]
    for entry in info["files"]:
        if entry["path"] not in sums:
            report.problems.append(f"{entry['path']}: in the manifest but not in the release (or not in {SUMS})")
            continue
        if sums[entry["path"]] != entry["sha256"]:
            report.problems.append(f"{entry['path']}: manifest checksum differs from {SUMS}")
        try:
            check_file(fs, root, table, info, entry, report)
        except (OSError, pa.ArrowException) as exc:
            report.problems.append(f"{entry['path']}: cannot read it as Parquet: {exc}")
    if sum(e["rows"] for e in info["files"]) != info["rows"]:
        report.problems.append(f"{table}: files hold {sum(e['rows'] for e in info['files'])} rows, "
                               f"the manifest says {info['rows']}")
    if {m["month"]: m["rows"] for m in info["months"]} != {e["month"]: e["rows"] for e in info["files"]}:
        report.problems.append(f"{table}: the manifest's monthly counts differ from its files")
    report.rows[table], report.months[table] = info["rows"], len(info["months"])


def read_manifest(fs: AbstractFileSystem, root: str) -> dict[str, Any]:
    try:
        return json.loads(fs.cat_file(f"{root}/{MANIFEST}"))
    except (OSError, ValueError) as exc:
        raise ReleaseError(f"cannot read {root}/{MANIFEST}: {exc}") from exc


def verify_release(fs: AbstractFileSystem, root: str) -> VerifyReport:
    """Every check; problems are collected, not raised (a release that is not there at all raises)."""
    root = root.rstrip("/")
    if not fs.isdir(root):
        raise ReleaseError(f"no release at {root}")
    report = VerifyReport(root=root)
    sums = check_sums(fs, root, report)
    if MANIFEST not in sums:
        report.problems.append(f"{MANIFEST} is missing or not listed in {SUMS}")
        return report
    manifest = read_manifest(fs, root)
    report.version = manifest.get("version")
    for table, info in manifest.get("tables", {}).items():
        check_table(fs, root, table, info, sums, report)
    if manifest.get("rows") != report.rows:
        report.problems.append(f"manifest rows {manifest.get('rows')} differ from its tables' {report.rows}")
    return report
