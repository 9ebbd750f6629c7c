"""Raw input records → candidate articles (or quarantine reasons). Pure: no I/O, no clock."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from dataclasses import dataclass
from typing import Any

EARLIEST_DATE = dt.date(1979, 1, 1)
MAX_FUTURE = dt.timedelta(days=1)
MIN_TEXT_CHARS = 40
MAX_TEXT_CHARS = 200_000
TXT_HEADERS = ("title", "date", "published_at", "source", "url", "id", "language")


class RecordRejected(ValueError):
    """The record cannot become an article; the message is the quarantine reason."""


@dataclass(frozen=True)
class Candidate:
    """A readable article before ids, dedup and language: the fields as the source gave them."""

    input_ref: str
    source_record_id: str | None
    url: str | None
    title: str | None
    text: str
    published_at: dt.datetime
    date_source: str
    source_name: str
    language: str | None
    author: str | None = None
    canonical_hint: str | None = None  # <link rel=canonical> of a page: preferred over `url` for the canonical URL


def parse_datetime(value: Any) -> dt.datetime:
    """ISO 8601 or RFC 2822 → aware UTC datetime; a date alone means midnight UTC."""
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        parsed = dt.datetime.fromtimestamp(value, tz=dt.timezone.utc)
    elif isinstance(value, str) and value.strip():
        parsed = _parse_text_datetime(value.strip())
    else:
        raise RecordRejected("missing publication date")
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)).astimezone(dt.timezone.utc)


def _parse_text_datetime(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        raise RecordRejected(f"unreadable publication date {text[:40]!r}") from None


def check_date(published: dt.datetime, run_date: dt.date) -> None:
    if published.date() < EARLIEST_DATE:
        raise RecordRejected(f"publication date {published.date()} is before {EARLIEST_DATE}")
    if published.date() > run_date + MAX_FUTURE:
        raise RecordRejected(f"publication date {published.date()} is in the future (run date {run_date})")


def clean_text(text: Any) -> str:
    """Text with normalized line ends; rejects empty, binary or undecodable text and absurd lengths."""
    if not isinstance(text, str) or not text.strip():
        raise RecordRejected("empty text")
    if "\x00" in text or text.count("\ufffd") > max(3, len(text) // 100):
        raise RecordRejected("binary or undecodable text")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if controls > len(text) // 100:
        raise RecordRejected("binary text (control characters)")
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) < MIN_TEXT_CHARS:
        raise RecordRejected(f"text too short ({len(text)} characters, at least {MIN_TEXT_CHARS})")
    if len(text) > MAX_TEXT_CHARS:
        raise RecordRejected(f"text too long ({len(text)} characters, at most {MAX_TEXT_CHARS})")
    return text


def _optional(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return str(value).strip() if value not in (None, "") else None


def candidate_from_dict(record: dict[str, Any], input_ref: str, default_source: str, run_date: dt.date) -> Candidate:
    """A JSON Lines record (`id`, `url`, `title`, `text`, `published_at`, `source`, optional `language`)."""
    text = clean_text(record.get("text"))
    published = parse_datetime(record.get("published_at") or record.get("date"))
    check_date(published, run_date)
    return Candidate(
        input_ref=input_ref,
        source_record_id=_optional(record, "id"),
        url=_optional(record, "url"),
        title=_optional(record, "title"),
        text=text,
        published_at=published,
        date_source=str(record.get("date_source") or "input"),
        source_name=_optional(record, "source") or default_source,
        language=(_optional(record, "language") or "").lower() or None,
        author=_optional(record, "author"),
    )


def candidate_from_json_line(line: str, input_ref: str, default_source: str, run_date: dt.date) -> Candidate:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordRejected(f"malformed JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(record, dict):
        raise RecordRejected(f"JSON line is a {type(record).__name__}, not an object")
    return candidate_from_dict(record, input_ref, default_source, run_date)


_HEADER_RE = re.compile(r"^([A-Za-z_]+):\s*(.*)$")


def candidate_from_txt(content: str, input_ref: str, default_source: str, run_date: dt.date) -> Candidate:
    """A plain-text article: optional `Key: value` header lines (Title, Date, Source, URL, Id, Language), a blank
    line, then the body. Without a Date header the article is quarantined (no date is guessed)."""
    record: dict[str, Any] = {}
    lines = content.replace("\r\n", "\n").split("\n")
    body_start = 0
    for n, line in enumerate(lines):
        match = _HEADER_RE.match(line)
        if match and match.group(1).lower() in TXT_HEADERS:
            record[match.group(1).lower()] = match.group(2).strip()
            body_start = n + 1
        else:
            break
    record["text"] = "\n".join(lines[body_start:])
    record.setdefault("published_at", record.pop("date", None))
    return candidate_from_dict(record, input_ref, default_source, run_date)
