"""Sources of raw records. A Source yields RawRecords; adding a source type never touches the flow."""

from __future__ import annotations

import datetime as dt
import glob
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Protocol

from openevents.errors import IngestError

LOCAL_SUFFIXES = (".jsonl", ".ndjson", ".json", ".txt")


@dataclass(frozen=True)
class RawRecord:
    """One unit of input as read: a JSON line, a text file, an HTML page, or an already-parsed record."""

    input_ref: str
    kind: str  # "json" | "txt" | "html" | "record" | "error"
    payload: str
    source_name: str
    meta: dict[str, Any] = field(default_factory=dict)


class Source(Protocol):
    """Anything that yields raw records for a run date."""

    name: str

    def read(self, run_date: dt.date) -> Iterator[RawRecord]: ...


def expand_paths(patterns: list[str | Path]) -> list[Path]:
    """Files named by paths, directories (all supported files below) and globs, sorted; nothing found is an error."""
    found: set[Path] = set()
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found |= {p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in LOCAL_SUFFIXES}
        elif path.is_file():
            found.add(path)
        else:
            found |= {Path(p) for p in glob.glob(str(pattern), recursive=True) if Path(p).is_file()}
    if not found:
        raise IngestError(f"no input files found in {', '.join(map(str, patterns))}")
    return sorted(p.resolve() for p in found)


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


@dataclass
class LocalFileSource:
    """JSON Lines and plain-text files from paths, directories or globs."""

    paths: list[str | Path]
    name: str = "local"
    root: Path | None = None

    def _ref(self, path: Path) -> str:
        if self.root:
            try:
                return str(path.relative_to(self.root))
            except ValueError:
                pass
        return path.name

    def read(self, run_date: dt.date) -> Iterator[RawRecord]:
        for path in expand_paths(self.paths):
            ref = self._ref(path)
            source = path.stem
            if path.suffix.lower() == ".txt":
                yield RawRecord(ref, "txt", _decode(path.read_bytes()), source)
                continue
            for number, line in enumerate(path.read_bytes().splitlines(), start=1):
                if line.strip():
                    yield RawRecord(f"{ref}:{number}", "json", _decode(line), source)
