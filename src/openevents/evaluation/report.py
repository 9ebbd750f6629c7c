"""The evaluation report (Markdown under docs/eval/) and the committed score history (docs/eval/history.tsv)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openevents.evaluation.harness import HISTORY_COLUMNS, SetResult, history_row

TITLES = {
    "cameo": "CAMEO manual examples (one example sentence per code)",
    "plover": "PLOVER gold records (source and target actors)",
    "petr2": "PETRARCH-2 gold (source, target, code)",
    "voa": "VOA news articles (no gold: read what the coder emits)",
    "news": "Rated news sentences (CAMEO_ConfliBERT raters: does the sentence hold a political event?)",
    "geo": "Geolocation gold (hand-written sentences in tests/golden/geo_gold.jsonl)",
}


def render_markdown(day: dt.date, coder_version: str, dictionary_version: str, results: list[SetResult],
                    missing: list[str]) -> str:
    lines = [f"# Coder evaluation {day}", "", f"Coder `{coder_version}`, dictionaries `{dictionary_version}`.", ""]
    for result in results:
        lines += [f"## {TITLES.get(result.name, result.name)}", "", f"{result.items} items.", "",
                  "| measure | value | count |", "| --- | --- | --- |"]
        for score in result.scores:
            value = f"{score.value:.2f}" if score.name.startswith(("F1", "events per")) else score.percent
            lines.append(f"| {score.name} | {value} | {score.numerator} / {score.denominator} |")
        lines.append("")
    if missing:
        lines += ["Not present (skipped): " + ", ".join(missing), ""]
    return "\n".join(lines)


def render_samples(results: list[SetResult]) -> str:
    """Coded sentences of the gold-less sets, for reading. Contains evaluation text: never committed."""
    lines = []
    for result in results:
        if not result.samples:
            continue
        lines += [f"## {TITLES.get(result.name, result.name)}", "", "| sentence | code | source | target | rule |",
                  "| --- | --- | --- | --- | --- |"]
        for s in result.samples:
            sentence = s["sentence"].replace("|", "/")[:240]
            lines.append(f"| {sentence} | {s['event_code']} | {s['source_actor_code']} ({s['source_actor_text']}) "
                         f"| {s['target_actor_code'] or '—'} | `{s['rule_id']}` |")
        lines.append("")
    return "\n".join(lines)


def upgrade_history(history: Path) -> None:
    """Create the history with its header, or bring an older one to the current columns (new columns left empty
    on earlier lines)."""
    if not history.exists():
        history.write_text("\t".join(HISTORY_COLUMNS) + "\n", encoding="utf-8")
        return
    lines = history.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t") if lines else []
    if header == HISTORY_COLUMNS:
        return
    if header != HISTORY_COLUMNS[: len(header)]:
        raise ValueError(f"{history}: unknown columns {header!r}")
    pad = [""] * (len(HISTORY_COLUMNS) - len(header))
    rows = ["\t".join(line.split("\t") + pad) for line in lines[1:]]
    history.write_text("\n".join(["\t".join(HISTORY_COLUMNS), *rows]) + "\n", encoding="utf-8")


def write_report(directory: Path, day: dt.date, coder_version: str, dictionary_version: str,
                 results: list[SetResult], missing: list[str]) -> tuple[Path, Path]:
    """Write docs/eval/<date>-<dictionary>.md and append a line to docs/eval/history.tsv."""
    directory.mkdir(parents=True, exist_ok=True)
    report = directory / f"{day}-{dictionary_version}.md"
    report.write_text(render_markdown(day, coder_version, dictionary_version, results, missing), encoding="utf-8")
    history = directory / "history.tsv"
    upgrade_history(history)
    with history.open("a", encoding="utf-8") as out:
        out.write("\t".join(history_row(day, coder_version, dictionary_version, results)) + "\n")
    return report, history
