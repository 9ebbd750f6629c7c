"""Sources of raw records. A Source yields RawRecords; adding a source type never touches the flow."""

from __future__ import annotations

import datetime as dt
import glob
import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Protocol

from openevents.errors import IngestError
from openevents.ingest.state import DONE, FAILED, IngestState

LOCAL_SUFFIXES = (".jsonl", ".ndjson", ".json", ".txt", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class RawRecord:
    """One unit of input as read: a JSON line, a text file, an HTML page, or an already-parsed record."""

    input_ref: str
    kind: str  # "json" | "txt" | "html" | "record" | "error" | "feed" | "known"
    payload: str
    source_name: str
    meta: dict[str, Any] = field(default_factory=dict)


def error_record(input_ref: str, source_name: str, reason: str, retryable: bool, key: str | None = None,
                 **details: Any) -> RawRecord:
    """An input that failed before it could be read (HTTP error, robots.txt, broken archive record …)."""
    payload = json.dumps({"input": input_ref, **details}, default=str, sort_keys=True)
    return RawRecord(input_ref, "error", payload, source_name,
                     {"reason": reason, "retryable": retryable, "key": key, **details})


def known_record(input_ref: str, source_name: str, key: str, why: str) -> RawRecord:
    """An input met before (ingested or given up in an earlier run, or met earlier in this run): not read again."""
    return RawRecord(input_ref, "known", "", source_name, {"key": key, "why": why})


@dataclass
class SourceContext:
    """What the source factory hands every source of a run: the fetcher, the state of earlier runs, the folder
    relative paths resolve against, and the keys already met in this run (shared by all sources)."""

    state: IngestState
    base_dir: Path = Path(".")
    fetcher: Any = None  # openevents.ingest.http.Fetcher, created lazily by the factory
    claimed: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def split_new(self, keys: Iterable[str]) -> list[str | None]:
        """For each key, in order: None if it is new (and now claimed), else why it is not read again."""
        keys = list(keys)
        rows = self.state.lookup(keys)
        verdicts: list[str | None] = []
        with self.lock:
            for key in keys:
                row = rows.get(key)
                if key in self.claimed:
                    verdicts.append("met earlier in this run")
                elif row is not None and row["status"] == DONE:
                    verdicts.append(f"ingested on {row['first_seen']}")
                elif row is not None and row["status"] == FAILED:
                    verdicts.append(f"given up after {row['attempts']} attempts")
                else:
                    verdicts.append(None)
                self.claimed.add(key)
        return verdicts


class Source(Protocol):
    """Anything that yields raw records for a run date."""

    name: str

    def read(self, run_date: dt.date) -> Iterator[RawRecord]: ...


def expand_paths(patterns: list[str | Path], suffixes: tuple[str, ...] = LOCAL_SUFFIXES) -> list[Path]:
    """Files named by paths, directories (all files below with a supported suffix) and globs, sorted; nothing found
    is an error."""
    found: set[Path] = set()
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found |= {p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(suffixes)}
        elif path.is_file():
            found.add(path)
        else:
            found |= {Path(p) for p in glob.glob(str(pattern), recursive=True) if Path(p).is_file()}
    if not found:
        raise IngestError(f"no input files found in {', '.join(map(str, patterns))}")
    return sorted(p.resolve() for p in found)


def found_paths(patterns: list[str | Path], suffixes: tuple[str, ...], required: bool, name: str) -> list[Path]:
    """The files of a source; when they are optional, none is logged and the run goes on with the other sources."""
    try:
        return expand_paths(patterns, suffixes)
    except IngestError as exc:
        if required:
            raise
        logging.getLogger("openevents.ingest").warning("source %s: %s", name, exc)
        return []


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def html_file_record(path: Path, ref: str, source: str) -> RawRecord:
    """A saved web page: decoded by its declared charset; its file time stands in for the fetch time."""
    from openevents.ingest.extract import decode_html

    page, encoding = decode_html(path.read_bytes())
    fetched = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc).isoformat()
    return RawRecord(ref, "html", page, source, {"fetched_at": fetched, "encoding": encoding})


@dataclass
class LocalFileSource:
    """JSON Lines, plain-text and HTML files from paths, directories or globs."""

    paths: list[str | Path]
    name: str = "local"
    root: Path | None = None
    required: bool = True  # False (configured sources): an empty folder is a warning, not the end of the run

    def _ref(self, path: Path) -> str:
        if self.root:
            try:
                return str(path.relative_to(self.root))
            except ValueError:
                pass
        return path.name

    def read(self, run_date: dt.date) -> Iterator[RawRecord]:
        for path in found_paths(self.paths, LOCAL_SUFFIXES, self.required, self.name):
            ref = self._ref(path)
            source = path.stem
            if path.suffix.lower() == ".txt":
                yield RawRecord(ref, "txt", _decode(path.read_bytes()), source)
                continue
            if path.suffix.lower() in HTML_SUFFIXES:
                yield html_file_record(path, ref, source)
                continue
            for number, line in enumerate(path.read_bytes().splitlines(), start=1):
                if line.strip():
                    yield RawRecord(f"{ref}:{number}", "json", _decode(line), source)
