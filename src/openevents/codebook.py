"""The codebook: every table's columns as Markdown, generated from schemas/ (never written by hand)."""

from __future__ import annotations

from openevents.schema import TableSchema, load_schemas


def _constraints(column) -> str:
    parts = []
    if isinstance(column.allowed, str):
        parts.append(f"one of {column.allowed}")
    elif column.allowed:
        parts.append("one of " + ", ".join(f"`{v}`" for v in column.allowed))
    if column.min is not None or column.max is not None:
        parts.append(f"{column.min if column.min is not None else '−∞'} … {column.max if column.max is not None else '∞'}")
    if column.pattern:
        parts.append(f"matches `{column.pattern}`")
    return "; ".join(parts)


def render_table(schema: TableSchema, release: bool = False) -> str:
    lines = [f"### `{schema.table}`", "", schema.description, ""]
    if schema.partition_by:
        lines += [f"Partitioned by `{schema.partition_by}`; primary key `{', '.join(schema.primary_key)}`.", ""]
    lines += ["| column | type | null | description | values |", "| --- | --- | --- | --- | --- |"]
    for c in schema.columns:
        if release and not c.release:
            continue
        note = "" if c.release or release else " *(lake only)*"
        lines.append(f"| `{c.name}` | {c.type} | {'yes' if c.nullable else 'no'} | {c.description}{note} | "
                     f"{_constraints(c)} |")
    return "\n".join(lines) + "\n"


def render_codebook(release: bool = False, tables: list[str] | None = None) -> str:
    schemas = load_schemas()
    chosen = tables or [t for t, s in schemas.items() if s.lake and (s.release or not release)]
    return "\n".join(render_table(schemas[t], release) for t in chosen)
