"""What a release looks like on disk, and how its Parquet files are written.

    <version>/
      events/month=2024-06/part-0.parquet      one file per table and month; the month key lives in the path
      mentions/month=2024-06/part-0.parquet    only (hive style), the date columns (event_date, published_date)
      articles/month=2024-06/part-0.parquet    stay inside the files
      manifest.json  SHA256SUMS  datapackage.json  CODEBOOK.md  CHANGELOG.md  CITATION.cff
      cameo_codes.csv  stats.json

Files are zstd-compressed, sorted by date then primary key and cut into row groups of ROW_GROUP_ROWS rows, so a
reader over HTTP fetches the footer and then only the row groups (and columns) whose statistics match its filter.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
from packaging.version import InvalidVersion, Version

from openevents.errors import ReleaseError
from openevents.schema import TableSchema, load_schemas

ROW_GROUP_ROWS = 122_880  # DuckDB's own row group size: a few MB of zstd per group for these tables
MONTH_KEY = "month"
PART_FILE = "part-0.parquet"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
DATAPACKAGE = "datapackage.json"
CODEBOOK = "CODEBOOK.md"
CHANGELOG = "CHANGELOG.md"
CITATION = "CITATION.cff"
CAMEO_CSV = "cameo_codes.csv"
STATS = "stats.json"
VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._+-]{0,63}$")


def release_tables() -> list[TableSchema]:
    """The tables a release holds: stored in the lake and marked `release: true` in schemas/."""
    return [s for s in load_schemas().values() if s.release and s.lake]


def date_column(schema: TableSchema) -> str:
    """The table's date column (its lake partition key), which decides the month of every row."""
    if not schema.partition_by or schema.column(schema.partition_by).type != "date":
        raise ReleaseError(f"table {schema.table} is not partitioned by a date column, so it cannot be released")
    return schema.partition_by


def check_version(version: str) -> str:
    """A version is a folder name: letters, digits and . _ + - (e.g. 0.1.0 or 2026.11.27)."""
    if not VERSION_RE.fullmatch(version or ""):
        raise ReleaseError(f"release version {version!r} must be letters, digits and . _ + - (e.g. 0.1.0)")
    return version


def month_of(day: dt.date) -> str:
    return f"{day:%Y-%m}"


def days_by_month(days: list[dt.date]) -> dict[str, list[dt.date]]:
    """Days grouped by their month, months in order."""
    months: dict[str, list[dt.date]] = {}
    for day in sorted(days):
        months.setdefault(month_of(day), []).append(day)
    return months


def file_path(table: str, month: str) -> str:
    """Path of a table's file for a month, relative to the release folder."""
    return f"{table}/{MONTH_KEY}={month}/{PART_FILE}"


def to_release_frame(frame: pl.DataFrame, schema: TableSchema) -> pl.DataFrame:
    """Only the released columns (never lake-only ones such as article text), typed, sorted by date and key."""
    columns = schema.polars_schema(release=True)
    order = [date_column(schema), *[k for k in schema.primary_key if k != date_column(schema)]]
    return frame.select([pl.col(name).cast(dtype) for name, dtype in columns.items()]).sort(order)


def write_release_file(path: Path, frame: pl.DataFrame) -> None:
    """One Parquet file: zstd, column statistics (for row-group pruning), ROW_GROUP_ROWS rows per group."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(path, compression="zstd", compression_level=9, statistics=True,
                        row_group_size=ROW_GROUP_ROWS)


def order_versions(releases: list[tuple[str, str]]) -> list[str]:
    """(version, created) pairs, oldest first: by PEP 440 order when every version is one (0.1.0 < 0.10.0,
    2026.11.27 < 2026.12.4), otherwise by creation time."""
    try:
        return [v for v, _ in sorted(releases, key=lambda r: Version(r[0]))]
    except InvalidVersion:
        return [v for v, _ in sorted(releases, key=lambda r: (r[1], r[0]))]


def previous_version(version: str, created: str, others: list[tuple[str, str]]) -> str | None:
    """The release that comes just before `version` among the others (None for the first release)."""
    ordered = order_versions([(version, created), *[o for o in others if o[0] != version]])
    position = ordered.index(version)
    return ordered[position - 1] if position > 0 else None


def calendar_version(day: dt.date) -> str:
    """The version of a scheduled release: its date, e.g. 2026.11.27."""
    return f"{day:%Y.%m.%d}"
