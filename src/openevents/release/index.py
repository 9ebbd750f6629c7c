"""The release index: releases.json (every release with size, dates, row counts, checksums and download links) and
a static index.html drawn from it, with the latest release's figures inline. Pure: documents in, text out."""

from __future__ import annotations

from html import escape
from typing import Any

from openevents.release import layout
from openevents.release.figures import country_table, daily_chart, dyad_chart

DOCUMENTS = {"manifest": layout.MANIFEST, "sha256sums": layout.SUMS, "datapackage": layout.DATAPACKAGE,
             "codebook": layout.CODEBOOK, "changelog": layout.CHANGELOG, "citation": layout.CITATION,
             "cameo_codes": layout.CAMEO_CSV, "stats": layout.STATS}
STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1000px;padding:0 20px;
color:#222}h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:left}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}code,pre{font-family:ui-monospace,Menlo,monospace}
pre{background:#f6f8fa;padding:10px;overflow-x:auto;font-size:13px}.figure{max-width:100%;height:auto}
.tick{font-size:11px;fill:#555}.label{font-size:12px;fill:#222;font-family:ui-monospace,monospace}
.grid{stroke:#e5e5e5}.empty{fill:#777;color:#777;font-style:italic}.sha{font-size:11px;color:#555}
caption{text-align:left;color:#555;font-size:13px}"""


def human_bytes(size: int) -> str:
    value = float(size)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{size} B"


def link(base: str | None, version: str, path: str) -> str:
    """Download link of a release file: absolute under base_url when given, else relative to the index."""
    relative = f"{version}/{path}"
    return f"{base.rstrip('/')}/{relative}" if base else relative


def release_entry(manifest: dict[str, Any], sums: dict[str, str], sizes: dict[str, int],
                  base: str | None) -> dict[str, Any]:
    """One release as listed in releases.json."""
    version = manifest["version"]
    return {
        "version": version, "created": manifest["created"], "previous_version": manifest.get("previous_version"),
        "date_range": manifest["date_range"], "rows": manifest["rows"],
        "months": {t: info["months"] for t, info in manifest["tables"].items()},
        "bytes": sum(sizes.values()), "schema_version": manifest["schema_version"],
        "dictionary_version": manifest["dictionaries"]["version"], "coder_version": manifest["coder"]["version"],
        "url": link(base, version, ""),
        "documents": {name: link(base, version, path) for name, path in DOCUMENTS.items() if path in sizes},
        "files": [{"path": p, "url": link(base, version, p), "bytes": sizes.get(p), "sha256": sums[p]}
                  for p in sorted(sums)],
    }


def releases_document(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """releases.json: newest first (entries come oldest first)."""
    ordered = list(reversed(layout.order_versions([(e["version"], e["created"]) for e in entries])))
    by_version = {e["version"]: e for e in entries}
    return {"name": "openevents", "latest": ordered[0] if ordered else None,
            "updated": by_version[ordered[0]]["created"] if ordered else None,
            "releases": [by_version[v] for v in ordered]}


def query_snippet(base: str, latest: dict[str, Any]) -> str:
    root = f"{base.rstrip('/')}/{latest['version']}/"
    return "\n".join([
        "-- DuckDB (1.1 or later) with the httpfs extension; HTTP has no directory listing, so take the file",
        "-- list from the manifest (on S3 or on disk, a glob works: read_parquet('…/events/**/*.parquet', …)).",
        "LOAD httpfs;",
        f"SET VARIABLE release = '{root}';",
        "SET VARIABLE events = (SELECT list(getvariable('release') || f.path)",
        "    FROM (SELECT unnest(tables.events.files) AS f FROM read_json(getvariable('release') || 'manifest.json')));",
        "SELECT event_root_code, count(*) AS events",
        "FROM read_parquet(getvariable('events'), hive_partitioning = true)",
        f"WHERE event_date BETWEEN DATE '{latest['date_range']['start']}' AND DATE '{latest['date_range']['end']}'",
        "GROUP BY ALL ORDER BY events DESC;",
    ])


def _figures(latest: dict[str, Any], stats: dict[str, Any] | None) -> str:
    stats = stats or {"events_per_day": [], "dyads": {"top": [], "total": 0}, "countries": {"top": [], "total": 0}}
    rows = ", ".join(f"{n:,} {t}" for t, n in latest["rows"].items())
    dates = (latest["date_range"]["start"], latest["date_range"]["end"])
    return "".join([
        f'<section id="latest"><h2>Release {escape(latest["version"])} at a glance</h2>',
        f'<p>{escape(latest["date_range"]["start"] or "–")} to {escape(latest["date_range"]["end"] or "–")}: '
        f'{escape(rows)}.</p>',
        "<h3>Events per day by quad class</h3>", daily_chart(stats["events_per_day"], *dates),
        f"<h3>Top dyads</h3><p>Source → target actor codes with the most events (of {stats['dyads']['total']} "
        "dyads).</p>", dyad_chart(stats["dyads"]["top"]),
        "<h3>Events by country</h3><p>Events whose source or target actor belongs to the country.</p>",
        country_table(stats["countries"]["top"], stats["countries"]["total"]), "</section>",
    ])


def _release_row(entry: dict[str, Any]) -> str:
    rows = "".join(f'<td class="num">{entry["rows"].get(t, 0):,}</td>' for t in ("events", "mentions", "articles"))
    dates = f'{entry["date_range"]["start"] or "–"} – {entry["date_range"]["end"] or "–"}'
    return (f'<tr><td><a href="#release-{escape(entry["version"])}">{escape(entry["version"])}</a></td>'
            f'<td>{escape(entry["created"][:10])}</td><td>{escape(dates)}</td>{rows}'
            f'<td class="num">{human_bytes(entry["bytes"])}</td></tr>')


def _release_details(entry: dict[str, Any]) -> str:
    docs = " · ".join(f'<a href="{escape(url)}">{escape(layout_name)}</a>'
                      for layout_name, url in ((DOCUMENTS[k], u) for k, u in entry["documents"].items()))
    files = "".join(f'<tr><td><a href="{escape(f["url"])}">{escape(f["path"])}</a></td>'
                    f'<td class="num">{human_bytes(f["bytes"] or 0)}</td><td class="sha">{f["sha256"]}</td></tr>'
                    for f in entry["files"])
    return (f'<article id="release-{escape(entry["version"])}"><h3>{escape(entry["version"])}</h3>'
            f'<p>Built {escape(entry["created"])}; schema <code>{escape(entry["schema_version"])}</code>, '
            f'dictionaries <code>{escape(entry["dictionary_version"])}</code>, coder '
            f'<code>{escape(entry["coder_version"])}</code>.</p><p>{docs}</p>'
            f'<details><summary>{len(entry["files"])} files with SHA-256 checksums</summary>'
            f'<table class="files"><thead><tr><th>file</th><th class="num">size</th><th>sha256</th></tr></thead>'
            f'<tbody>{files}</tbody></table></details></article>')


def render_index(document: dict[str, Any], latest_stats: dict[str, Any] | None, query_base: str) -> str:
    """index.html: the latest release's figures, how to query it in place, then every release."""
    releases = document["releases"]
    latest = releases[0] if releases else None
    body = ['<header><h1>OpenEvents releases</h1><p>Political events coded from news in CAMEO, as Parquet you can '
            'download or query where it lies. Every release has a codebook, a changelog, a citation file and '
            'SHA-256 checksums. Machine-readable list: <a href="releases.json">releases.json</a>.</p></header>']
    if latest:
        body.append(_figures(latest, latest_stats))
        body.append(f'<section id="query"><h2>Query in place</h2><pre>{escape(query_snippet(query_base, latest))}'
                    "</pre></section>")
    table_head = ("<thead><tr><th>version</th><th>built</th><th>dates</th><th class=\"num\">events</th>"
                  "<th class=\"num\">mentions</th><th class=\"num\">articles</th><th class=\"num\">size</th></tr></thead>")
    body.append(f'<section id="releases"><h2>All releases</h2><table class="releases">{table_head}<tbody>'
                + "".join(map(_release_row, releases)) + "</tbody></table>"
                + "".join(map(_release_details, releases)) + "</section>")
    return ('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><title>OpenEvents releases</title>'
            f"<style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n")
