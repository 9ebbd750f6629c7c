"""`openevents eval`: run the harness, print the scores, write the report and the history line."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from rich.console import Console
from rich.table import Table

from openevents import CODER_VERSION
from openevents.config import PROJECT_ROOT, SPACY_MODEL
from openevents.evaluation.sets import SETS, available_sets

DOCS = PROJECT_ROOT / "docs" / "eval"
SAMPLES = PROJECT_ROOT / "data" / "eval"


def default_eval_dir() -> Path:
    return Path(os.environ.get("OPENEVENTS_EVAL_DIR") or PROJECT_ROOT.parent / "shared" / "eval")


def run_evaluation(console: Console, eval_dir: Path | None, only: list[str] | None, dictionary_dir: Path,
                   history: bool, n_process: int = 1) -> None:
    from openevents.evaluation.harness import evaluate
    from openevents.evaluation.report import render_samples, write_report
    from openevents.nlp.parse import load_model
    from openevents.pipeline import load_coder_dictionaries

    from openevents.evaluation.harness import SetResult, geo_result
    from openevents.geo.evaluation import print_geolocation_report

    geo = geo_result(print_geolocation_report(console))  # the geolocation gold check needs no external set
    folder = eval_dir or default_eval_dir()
    present = available_sets(folder)
    missing = [name for name in SETS if name not in present and (not only or name in only)]
    if not present:
        console.print(f"No evaluation sets under {folder}: nothing to score (skipped).")
        return
    dicts = load_coder_dictionaries(dictionary_dir)
    results = evaluate(folder, dicts, load_model(SPACY_MODEL), only, n_process) + [geo]
    for result in results[:-1]:
        table = Table("measure", "value", "count", title=f"{result.name} ({result.items} items)")
        for s in result.scores:
            value = f"{s.value:.2f}" if s.name.startswith(("F1", "events per")) else s.percent
            table.add_row(s.name, value, f"{s.numerator} / {s.denominator}")
        console.print(table)
    day = dt.datetime.now(dt.timezone.utc).date()
    if history:
        report, log = write_report(DOCS, day, CODER_VERSION, dicts.version, results, missing)
        console.print(f"report: {report}\nhistory: {log}")
    samples = render_samples(results)
    if samples:
        SAMPLES.mkdir(parents=True, exist_ok=True)
        path = SAMPLES / f"{day}-{dicts.version}-samples.md"
        path.write_text(samples, encoding="utf-8")
        console.print(f"coded sample sentences (not committed: evaluation text): {path}")
    if missing:
        console.print("not present (skipped): " + ", ".join(missing))
