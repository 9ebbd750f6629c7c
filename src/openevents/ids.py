"""Deterministic identifiers: SHA-256 of canonical JSON (never Python's hash())."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any


def _default(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot put {type(value).__name__} in an id")


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no white space and UTF-8 text: equal values give equal strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default)


def make_id(value: Any, length: int = 64) -> str:
    """The first `length` hex digits of the SHA-256 of the canonical JSON of `value`."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()[:length]


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
