"""WARC archives (e.g. Common Crawl News): HTML `response` records become pages, read record by record from the
file stream (a multi-gigabyte archive is never loaded into memory). A truncated or corrupt record ends that file
with a recorded reason; the records before it are kept."""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from openevents.ingest.extract import decode_html, is_html_type
from openevents.ingest.sources import RawRecord, SourceContext, error_record, found_paths, known_record
from openevents.ingest.urls import canonical_url

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
CHUNK = 64
# how warcio meets a record that is cut short (AttributeError: a header block without its URI line)
BROKEN = (EOFError, OSError, zlib.error, ValueError, AttributeError, TypeError, IndexError)


def _response(record: object, ref: str, name: str, max_bytes: int) -> RawRecord | None:
    """An html (or error) record for an HTML response; None for anything that is not a web page."""
    http = record.http_headers  # type: ignore[attr-defined]
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""  # type: ignore[attr-defined]
    if http is None or not is_html_type(http.get_header("Content-Type")) or not canonical_url(uri):
        return None
    key, status = canonical_url(uri), int(http.get_statuscode() or 0)
    if not 200 <= status < 300:
        return error_record(ref, name, f"HTTP {status} in the archive", False, key, url=uri, http_status=status)
    body = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
    if len(body) > max_bytes:
        return error_record(ref, name, f"response too large: more than {max_bytes} bytes", False, key, url=uri)
    if getattr(record.raw_stream, "limit", 0):  # type: ignore[attr-defined]
        return error_record(ref, name, "truncated WARC record: the content ends before its Content-Length", False,
                            key, url=uri)
    page, encoding = decode_html(body, http.get_header("Content-Type"))
    fetched = record.rec_headers.get_header("WARC-Date")  # type: ignore[attr-defined]
    return RawRecord(ref, "html", page, name, {"url": uri, "key": key, "fetched_at": fetched, "http_status": status,
                                                "encoding": encoding})


def read_warc(path: Path, name: str, max_bytes: int) -> Iterator[RawRecord]:
    """Pages of one archive in file order; a broken record yields an error record and ends the file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    size = path.stat().st_size
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                if record.rec_type is None:
                    raise ValueError("unreadable record header")
                if record.rec_type != "response":
                    continue
                made = _response(record, f"{path.name}@{records.offset}", name, max_bytes)
                if made is not None:
                    yield made
        except (ArchiveLoadFailed, *BROKEN) as exc:
            detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            yield error_record(f"{path.name}@{records.offset}", name,
                               f"truncated or corrupt WARC record: {detail}", False, None, file=path.name)
            return
        if records.offset < size:  # warcio stops quietly at a record cut short inside its header
            yield error_record(f"{path.name}@{records.offset}", name, f"truncated or corrupt WARC record: the last "
                               f"{size - records.offset} bytes hold no complete record", False, None, file=path.name)


@dataclass
class WarcSource:
    """WARC files (paths, folders or globs; gzip or not). Pages ingested by an earlier run are skipped."""

    name: str
    paths: list[str | Path]
    ctx: SourceContext
    max_bytes: int = 5_000_000
    required: bool = True

    def read(self, run_date: dt.date) -> Iterator[RawRecord]:
        for path in found_paths(self.paths, WARC_SUFFIXES, self.required, self.name):
            batch: list[RawRecord] = []
            for record in read_warc(path, self.name, self.max_bytes):
                batch.append(record)
                if len(batch) >= CHUNK:
                    yield from self.only_new(batch)
                    batch = []
            yield from self.only_new(batch)

    def only_new(self, batch: list[RawRecord]) -> Iterator[RawRecord]:
        keyed = [r for r in batch if r.meta.get("key")]
        verdicts = dict(zip((id(r) for r in keyed), self.ctx.split_new(r.meta["key"] for r in keyed)))
        for record in batch:
            why = verdicts.get(id(record))
            yield record if why is None else known_record(record.input_ref, self.name, record.meta["key"], why)
