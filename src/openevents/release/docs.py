"""The human-readable files of a release: CODEBOOK.md, CITATION.cff and the CAMEO code table (CSV)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from openevents.codebook import render_codebook
from openevents.coder.dictionaries import CameoCode, load_cameo_codes
from openevents.errors import ReleaseError
from openevents.release.datapackage import DATA_LICENSE

QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
TITLE = "OpenEvents: political events coded from news (CAMEO)"


def read_cameo_codes(dictionary_dir: Path) -> dict[str, CameoCode]:
    """The CAMEO code table through the coder's loader; a malformed table stops the release."""
    problems: list[str] = []
    codes = load_cameo_codes(dictionary_dir, problems)
    if problems:
        raise ReleaseError("the CAMEO code table is malformed:\n" + "\n".join(problems[:20]))
    return codes


def cameo_frame(codes: dict[str, CameoCode]) -> pl.DataFrame:
    rows = [(c.code, c.name, c.goldstein, c.quad_class, c.description) for c in codes.values()]
    schema = {"code": pl.String, "name": pl.String, "goldstein": pl.Float64, "quad_class": pl.Int8,
              "description": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row").sort("code")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_cameo_table(codes: dict[str, CameoCode]) -> str:
    lines = ["| code | name | quad class | Goldstein | description |", "| --- | --- | --- | --- | --- |"]
    for code in sorted(codes):
        c = codes[code]
        name = f"**{_cell(c.name)}**" if len(code) == 2 else _cell(c.name)
        lines.append(f"| `{code}` | {name} | {c.quad_class} | {c.goldstein:+.1f} | {_cell(c.description)} |")
    return "\n".join(lines) + "\n"


def render_release_codebook(manifest: dict[str, Any], codes: dict[str, CameoCode]) -> str:
    """The codebook of a release: layout, the released columns of every table (from schemas/), the CAMEO codes."""
    tables = list(manifest["tables"])
    date_cols = ", ".join(f"`{t}` by `{manifest['tables'][t]['date_column']}`" for t in tables)
    quads = "; ".join(f"{n} {name}" for n, name in QUAD_CLASSES.items())
    return "\n".join([
        f"# OpenEvents {manifest['version']}: codebook", "",
        f"Generated from `schemas/` (schema version `{manifest['schema_version']}`) and the CAMEO code table "
        f"(dictionary version `{manifest['dictionaries']['version']}`) when the release was built on "
        f"{manifest['created'][:10]}. Dates run from {manifest['date_range']['start']} to "
        f"{manifest['date_range']['end']}.", "",
        "## Files", "",
        "Every table is a folder of Parquet files, one per month (`<table>/month=YYYY-MM/part-0.parquet`, zstd). "
        f"The month comes from the table's date column ({date_cols}), which stays inside the files; `month` "
        "itself is only in the path, so readers with hive partitioning (DuckDB, pyarrow, polars, Spark) add it "
        "as a text column. Filter on the date column (`event_date BETWEEN …`): DuckDB 1.5.5 fails on `min()` and "
        "`max()` of a hive partition column.", "",
        "```sql",
        "SELECT event_root_code, count(*) FROM read_parquet('events/**/*.parquet', hive_partitioning = true)",
        "WHERE event_date BETWEEN DATE '2024-06-01' AND DATE '2024-06-30' GROUP BY ALL ORDER BY 1;",
        "```", "",
        "`mentions.event_id` joins `events.event_id`; `mentions.article_id` joins `articles.article_id`. "
        "Article text and sentence text are not part of releases (they stay in the pipeline's lake).", "",
        "## Tables", "",
        render_codebook(release=True, tables=tables),
        "## CAMEO event codes", "",
        f"CAMEO 1.1b3 (also in `cameo_codes.csv`). Quad classes: {quads}. Goldstein values run from −10 (most "
        "conflictual) to +10 (most cooperative). Root codes are in bold.", "",
        render_cameo_table(codes),
    ])


def render_citation(manifest: dict[str, Any]) -> str:
    """CITATION.cff (Citation File Format 1.2.0) for this release."""
    document: dict[str, Any] = {
        "cff-version": "1.2.0",
        "message": "If you use this dataset, please cite it as below.",
        "type": "dataset",
        "title": TITLE,
        "version": manifest["version"],
        "date-released": dt.date.fromisoformat(manifest["created"][:10]),
        "authors": [{"name": "The OpenEvents contributors"}],
        "license": DATA_LICENSE["name"],
        "abstract": (f"CAMEO-coded political event records ({manifest['rows'].get('events', 0)} events, "
                     f"{manifest['rows'].get('mentions', 0)} mentions from {manifest['rows'].get('articles', 0)} "
                     f"articles) dated {manifest['date_range']['start']} to {manifest['date_range']['end']}, "
                     f"coded by {manifest['coder']['version']} with dictionaries {manifest['dictionaries']['version']}."),
        "keywords": ["political events", "CAMEO", "event data", "news"],
    }
    if manifest["git"].get("commit"):
        document["commit"] = manifest["git"]["commit"]
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
