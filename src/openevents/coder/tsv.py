"""Reading the dictionaries' tab-separated files with file:line error reporting."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    """One data line of a TSV file: its fields by column name and where it came from."""

    fields: dict[str, str]
    where: str

    def __getitem__(self, key: str) -> str:
        return self.fields.get(key, "")


def read_tsv(path: Path, columns: list[str], problems: list[str], root: Path | None = None) -> list[Row]:
    """Rows of a TSV file whose header must be exactly `columns` (trailing optional fields may be left out)."""
    name = str(path.relative_to(root)) if root else path.name
    if not path.is_file():
        problems.append(f"{name}:0: file missing")
        return []
    rows: list[Row] = []
    header_seen = False
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in raw.split("\t")]
        where = f"{name}:{number}"
        if not header_seen:
            header_seen = True
            if parts != columns:
                problems.append(f"{where}: header must be {' '.join(columns)!r} (tab-separated), found {parts!r}")
                return []
            continue
        if len(parts) > len(columns):
            problems.append(f"{where}: {len(parts)} fields, at most {len(columns)} expected ({', '.join(columns)})")
            continue
        parts += [""] * (len(columns) - len(parts))
        rows.append(Row(dict(zip(columns, parts)), where))
    if not header_seen:
        problems.append(f"{name}:1: empty file (a header line {' '.join(columns)!r} is required)")
    return rows


def parse_date(value: str, where: str, column: str, problems: list[str]) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: {column} {value!r} is not a date (YYYY-MM-DD)")
        return None


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-", "‐": "-"})


def fold_text(text: str) -> str:
    """Accent-free text with straight apostrophes and plain hyphens (case kept)."""
    text = text.translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1 << 17)  # the coder asks for the same few thousand words over and over
def phrase_key(text: str) -> str:
    """Matching key of a phrase: lower-case letters and digits only, accents folded.

    Keys ignore spaces, hyphens, apostrophes and dots, so `Kim Jong-un`, `Kim Jong Un` and `KIM JONG UN` share one
    key whatever the tokenizer does with the hyphen, and `U.S.` matches `US`.
    """
    return "".join(ch for ch in fold_text(text).lower() if ch.isalnum())


def is_acronym(phrase: str) -> bool:
    """An all-capitals phrase of at most 5 letters (`US`, `U.S.`, `UN`, `IS`): matched case-sensitively."""
    letters = [ch for ch in phrase if ch.isalpha()]
    return 0 < len(letters) <= 5 and all(ch.isupper() for ch in letters)
