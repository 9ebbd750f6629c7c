"""manifest.json and SHA256SUMS: what a release holds, where it came from, and how to check it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import polars as pl

from openevents.coder.dictionaries import dictionary_version
from openevents.errors import ReleaseError
from openevents.ids import make_id
from openevents.release.layout import ROW_GROUP_ROWS, date_column
from openevents.schema import TableSchema

SUMS_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")
PROVENANCE_COLUMNS = ("coder_version", "dictionary_version")


@dataclass(frozen=True)
class FileEntry:
    """One Parquet file of a release."""

    path: str
    table: str
    month: str
    rows: int
    bytes: int
    sha256: str
    first: dt.date | None
    last: dt.date | None

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "month": self.month, "rows": self.rows, "bytes": self.bytes, "sha256": self.sha256}


def sha256_stream(handle: IO[bytes], chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    while block := handle.read(chunk):
        digest.update(block)
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return sha256_stream(handle)


def render_sums(sums: dict[str, str]) -> str:
    """The `sha256sum` format (`<hex>  <path>` per line, sorted): `sha256sum -c SHA256SUMS` checks a download."""
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(sums.items()))


def parse_sums(text: str) -> dict[str, str]:
    sums: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = SUMS_LINE.match(line)
        if not match:
            raise ReleaseError(f"SHA256SUMS:{number}: not a `<sha256>  <path>` line: {line[:80]!r}")
        sums[match.group(2)] = match.group(1)
    return sums


def schema_columns(schema: TableSchema) -> list[dict[str, Any]]:
    """The released columns of a table, as recorded in the manifest (and checked by `verify`)."""
    return [{"name": c.name, "type": c.type, "nullable": c.nullable} for c in schema.columns if c.release]


def schema_version(columns: dict[str, list[dict[str, Any]]]) -> str:
    """First 12 hex digits of the SHA-256 of the released tables' columns (names, types, nullability)."""
    return make_id(columns, 12)


def value_counts(frame: pl.DataFrame, column: str) -> Counter:
    if column not in frame.columns or frame.is_empty():
        return Counter()
    return Counter(dict(frame.group_by(column).len().iter_rows()))


def count_entries(path: Path) -> int | None:
    """Data lines of a dictionary file (not blank, not comments, not the TSV header); None for documentation."""
    if path.suffix not in (".tsv", ".txt"):
        return None
    lines = [s for s in path.read_text(encoding="utf-8").splitlines() if s.strip() and not s.lstrip().startswith("#")]
    return max(len(lines) - (1 if path.suffix == ".tsv" else 0), 0)


def dictionary_snapshot(directory: Path) -> dict[str, Any]:
    """The dictionary version and every file's checksum and entry count (the next CHANGELOG diffs these)."""
    files = [{"path": str(p.relative_to(directory)), "sha256": sha256_file(p), "entries": count_entries(p)}
             for p in sorted(q for q in directory.rglob("*") if q.is_file())]
    return {"version": dictionary_version(directory), "files": files}


def git_state(root: Path) -> dict[str, Any]:
    """The project's commit and whether tracked files differ from it (None outside a git checkout)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True,
                              timeout=30).stdout.strip()
    try:
        return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}


def _range(first: list[dt.date | None], last: list[dt.date | None]) -> dict[str, str | None]:
    starts, ends = [d for d in first if d], [d for d in last if d]
    return {"start": min(starts).isoformat() if starts else None, "end": max(ends).isoformat() if ends else None}


def table_entry(schema: TableSchema, files: list[FileEntry], versions: dict[str, Counter]) -> dict[str, Any]:
    """A table's part of the manifest: rows in all and per month, date range, files, columns, provenance."""
    return {
        "rows": sum(f.rows for f in files),
        "date_column": date_column(schema),
        "primary_key": list(schema.primary_key),
        "date_range": _range([f.first for f in files], [f.last for f in files]),
        "months": [{"month": f.month, "rows": f.rows} for f in files],
        "files": [f.as_dict() for f in files],
        "columns": schema_columns(schema),
        "versions": {name: [{"version": v, "rows": n} for v, n in sorted(counts.items())]
                     for name, counts in versions.items() if counts},
    }


def build_manifest(version: str, created: dt.datetime, tables: dict[str, dict[str, Any]],
                   provenance: dict[str, Any], previous: str | None) -> dict[str, Any]:
    """The manifest document. `provenance` holds coder_version, dictionaries (a snapshot) and git (a state)."""
    in_data = {name: sorted({v["version"] for t in tables.values() for v in t["versions"].get(name, [])})
               for name in PROVENANCE_COLUMNS}
    return {
        "name": "openevents",
        "version": version,
        "created": created.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z"),
        "previous_version": previous,
        "date_range": _range([dt.date.fromisoformat(t["date_range"]["start"]) for t in tables.values()
                              if t["date_range"]["start"]],
                             [dt.date.fromisoformat(t["date_range"]["end"]) for t in tables.values()
                              if t["date_range"]["end"]]),
        "rows": {name: t["rows"] for name, t in tables.items()},
        "schema_version": schema_version({name: t["columns"] for name, t in tables.items()}),
        "coder": {"version": provenance["coder_version"], "in_data": in_data["coder_version"]},
        "dictionaries": {**provenance["dictionaries"], "in_data": in_data["dictionary_version"]},
        "git": provenance["git"],
        "layout": {"partitioning": "hive", "key": "month", "compression": "zstd", "row_group_rows": ROW_GROUP_ROWS},
        "tables": tables,
    }


def dump_json(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"
