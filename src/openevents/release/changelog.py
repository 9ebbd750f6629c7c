"""CHANGELOG.md: what changed since the previous release — rows, months, schema, dictionaries, coder."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

IGNORED_COLUMNS = ("run_date",)  # when a row was last recomputed is not a change of the row


@dataclass(frozen=True)
class RowDiff:
    """Rows of a table compared by primary key with the previous release."""

    added: int = 0
    removed: int = 0
    changed: int = 0

    def __add__(self, other: RowDiff) -> RowDiff:
        return RowDiff(self.added + other.added, self.removed + other.removed, self.changed + other.changed)


def diff_rows(old: pl.DataFrame, new: pl.DataFrame, key: list[str]) -> RowDiff:
    """Added and removed keys, and kept keys whose values differ in a column both releases share with one type
    (ignoring IGNORED_COLUMNS)."""
    common = [c for c in new.columns if c in old.columns and c not in key and c not in IGNORED_COLUMNS
              and new.schema[c] == old.schema[c]]
    added = new.join(old.select(key), on=key, how="anti").height
    removed = old.join(new.select(key), on=key, how="anti").height
    if not common:
        return RowDiff(added, removed, 0)
    both = new.select(key + common).join(old.select(key + common), on=key, how="inner", suffix="__old")
    changed = both.filter(pl.any_horizontal([pl.col(c).ne_missing(pl.col(f"{c}__old")) for c in common])).height
    return RowDiff(added, removed, changed)


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)


def _rows_section(new: dict, old: dict | None, diffs: dict[str, RowDiff] | None) -> list[str]:
    if old is None:
        lines = ["| table | rows |", "| --- | --- |"]
        return lines + [f"| `{t}` | {info['rows']} |" for t, info in new["tables"].items()]
    lines = [f"| table | {old['version']} | {new['version']} | difference | added | removed | changed |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for table, info in new["tables"].items():
        before = old["tables"].get(table, {}).get("rows", 0)
        d = (diffs or {}).get(table)
        detail = f"{d.added} | {d.removed} | {d.changed}" if d else "? | ? | ?"
        lines.append(f"| `{table}` | {before} | {info['rows']} | {_signed(info['rows'] - before)} | {detail} |")
    if diffs is None or any(t not in diffs for t in new["tables"]):
        lines += ["", "(? : the previous release's files were not available to compare row by row.)"]
    return lines


def _months_section(new: dict, old: dict) -> list[str]:
    lines = []
    for table, info in new["tables"].items():
        now = {m["month"]: m["rows"] for m in info["months"]}
        before = {m["month"]: m["rows"] for m in old["tables"].get(table, {}).get("months", [])}
        for month in sorted(set(now) | set(before)):
            if now.get(month, 0) != before.get(month, 0):
                lines.append(f"| `{table}` | {month} | {before.get(month, 0)} | {now.get(month, 0)} | "
                             f"{_signed(now.get(month, 0) - before.get(month, 0))} |")
    if not lines:
        return ["No month changed its row count."]
    return ["| table | month | before | now | difference |", "| --- | --- | --- | --- | --- |", *lines]


def _kind(column: dict) -> str:
    return f"{column['type']}, {'nullable' if column['nullable'] else 'required'}"


def schema_changes(new: dict, old: dict) -> list[str]:
    """One line per table or column added, removed or redefined."""
    changes = []
    for table in sorted(set(new["tables"]) | set(old["tables"])):
        if table not in old["tables"] or table not in new["tables"]:
            changes.append(f"- table `{table}` {'added' if table in new['tables'] else 'removed'}")
            continue
        now = {c["name"]: c for c in new["tables"][table]["columns"]}
        before = {c["name"]: c for c in old["tables"][table]["columns"]}
        for name in [*now, *[n for n in before if n not in now]]:
            if name not in before:
                changes.append(f"- `{table}.{name}` added ({now[name]['type']}"
                               f"{', nullable' if now[name]['nullable'] else ''})")
            elif name not in now:
                changes.append(f"- `{table}.{name}` removed")
            elif now[name] != before[name]:
                changes.append(f"- `{table}.{name}` changed: {_kind(before[name])} → {_kind(now[name])}")
    return changes


def _entries(file: dict) -> str:
    return f" ({file['entries']} entries)" if file["entries"] is not None else ""


def dictionary_changes(new: dict, old: dict) -> list[str]:
    """One line per dictionary file added, removed or edited, with its entry counts."""
    now = {f["path"]: f for f in new["dictionaries"]["files"]}
    before = {f["path"]: f for f in old["dictionaries"]["files"]}
    changes = []
    for path in sorted(set(now) | set(before)):
        a, b = before.get(path), now.get(path)
        if a is None:
            changes.append(f"- `{path}` added{_entries(b)}")
        elif b is None:
            changes.append(f"- `{path}` removed{_entries(a)}")
        elif a["sha256"] != b["sha256"]:
            delta = (f": {a['entries']} → {b['entries']} entries ({_signed(b['entries'] - a['entries'])})"
                     if a["entries"] is not None and b["entries"] is not None else "")
            changes.append(f"- `{path}` edited{delta}")
    return changes


def _versions_section(new: dict, old: dict) -> list[str]:
    lines = []
    for label, a, b in [("schema version", old["schema_version"], new["schema_version"]),
                        ("dictionary version", old["dictionaries"]["version"], new["dictionaries"]["version"]),
                        ("coder", old["coder"]["version"], new["coder"]["version"])]:
        lines.append(f"- {label}: `{b}` (unchanged)" if a == b else f"- {label}: `{a}` → `{b}`")
    range_a, range_b = old["date_range"], new["date_range"]
    lines.append(f"- dates: {range_a['start']} – {range_a['end']} → {range_b['start']} – {range_b['end']}")
    return lines


def render_changelog(new: dict[str, Any], old: dict[str, Any] | None, diffs: dict[str, RowDiff] | None) -> str:
    """The changelog of `new` against the previous release's manifest `old` (None for a first release);
    `diffs` are the row-by-row comparisons where the previous release's files could be read."""
    head = [f"# OpenEvents {new['version']}: changes", ""]
    if old is None:
        return "\n".join(head + ["First release: there is no earlier release to compare with.", "",
                                 f"Dates {new['date_range']['start']} – {new['date_range']['end']}, schema version "
                                 f"`{new['schema_version']}`, dictionary version "
                                 f"`{new['dictionaries']['version']}`, coder `{new['coder']['version']}`.", "",
                                 "## Rows", "", *_rows_section(new, None, None), ""])
    schema = schema_changes(new, old) or ["No column was added, removed or redefined."]
    dictionaries = dictionary_changes(new, old) or ["No dictionary file changed."]
    return "\n".join(head + [
        f"Compared with release {old['version']} (built {old['created'][:10]}). Rows are compared by primary key; "
        "a row is *changed* when any released value differs (the `run_date` stamp aside).", "",
        *_versions_section(new, old), "",
        "## Rows", "", *_rows_section(new, old, diffs), "",
        "### Rows per month", "", *_months_section(new, old), "",
        "## Schema", "", *schema, "",
        "## Dictionaries", "", *dictionaries, "",
    ])
