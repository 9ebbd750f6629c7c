"""The `openevents` command line. Every OpenEventsError becomes `Error: …` on stderr and exit code 1."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Any, Callable, Optional

import typer
from rich.console import Console
from rich.table import Table

from openevents.config import DICTIONARY_DIR, SPACY_MODEL, lake_path, set_quiet_prefect_defaults
from openevents.errors import ConfigError, OpenEventsError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="OpenEvents: news in, CAMEO events out.")
dictionaries_app = typer.Typer(no_args_is_help=True, help="Inspect the coder dictionaries.")
app.add_typer(dictionaries_app, name="dictionaries")
console = Console(width=None if sys.stdout.isatty() else 110, emoji=False)  # piped: 110 wide; `:a:` is no emoji
err = Console(stderr=True, width=None if sys.stderr.isatty() else 110, emoji=False)

LakeOption = typer.Option(None, "--lake", help="Lake folder (default: $OPENEVENTS_LAKE or data/lake).")
DictOption = typer.Option(None, "--dictionaries", help="Dictionary folder (default: data/dictionaries).")


def fail_nicely(func: Callable[[], Any]) -> Any:
    try:
        return func()
    except OpenEventsError as exc:
        err.print(f"[red]Error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


def parse_day(value: Optional[str]) -> dt.date:
    if not value:
        return dt.datetime.now(dt.timezone.utc).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--date {value!r} is not a date (YYYY-MM-DD)") from None


@app.command()
def run(
    input: list[Path] = typer.Option(None, "--input", "-i", help="Files, folders or globs (default: data/samples)."),
    lake: Optional[Path] = LakeOption,
    date: Optional[str] = typer.Option(None, "--date", help="Run date YYYY-MM-DD (default: today, UTC)."),
    dictionaries: Optional[Path] = DictOption,
    processes: int = typer.Option(1, "--processes", help="spaCy processes."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", envvar="OPENEVENTS_SOURCES",
                                          help="Sources config TOML (feeds, web pages, WARC, local files); "
                                               "see examples/sources.toml (default: $OPENEVENTS_SOURCES)."),
    full_refresh: bool = typer.Option(False, "--full-refresh",
                                      help="Ignore what earlier runs ingested: read everything again, rebuild the "
                                           "ingest state."),
) -> None:
    """Run the nightly pipeline once and print its summary."""

    def go() -> None:
        day = parse_day(date)
        if config:
            from openevents.ingest.sources_config import load_sources_config

            load_sources_config(config)  # a bad config fails here, before Prefect starts
        set_quiet_prefect_defaults()
        from flows.nightly import nightly
        from openevents.report import print_summary

        summary = nightly(inputs=[str(p) for p in input] if input else None, lake=str(lake) if lake else None,
                          run_date=day.isoformat(), dictionaries=str(dictionaries) if dictionaries else None,
                          n_process=processes, config=str(config.resolve()) if config else None,
                          full_refresh=full_refresh)
        print_summary(console, summary)

    fail_nicely(go)


@app.command()
def query(
    sql: str = typer.Argument(..., help="SQL over the views events, mentions, articles, quarantine."),
    lake: Optional[Path] = LakeOption,
    format: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
) -> None:
    """Ad-hoc SQL over the dataset through the DuckDB catalog."""

    def go() -> None:
        from openevents.store.catalog import run_query

        if format not in ("table", "csv", "json"):
            raise ConfigError(f"--format must be table, csv or json, not {format!r}")
        names, rows = run_query(lake_path(lake), sql)
        sys.stdout.write(render_rows(names, rows, format))

    fail_nicely(go)


def render_rows(names: list[str], rows: list[tuple], format: str) -> str:
    if format == "json":
        return "\n".join(json.dumps(dict(zip(names, r)), default=str, ensure_ascii=False) for r in rows) + "\n"
    if format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return buffer.getvalue()
    table = Table(*names)
    for r in rows:
        table.add_row(*["" if v is None else str(v) for v in r])
    out = Console(file=io.StringIO(), width=200, emoji=False)
    out.print(table)
    return out.file.getvalue() + f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


@app.command("code")
def code_command(
    text: Optional[str] = typer.Argument(None, help="A sentence or article to code."),
    date: Optional[str] = typer.Option(None, "--date", help="Date of the text YYYY-MM-DD (dates the actors)."),
    input: Optional[Path] = typer.Option(None, "--input", help='JSON Lines of {"id","text","date"}.'),
    output: Optional[Path] = typer.Option(None, "--output", help='Write {"id","events":[...]} lines here.'),
    dictionaries: Optional[Path] = DictOption,
    processes: int = typer.Option(1, "--processes", help="spaCy processes."),
    explain: bool = typer.Option(False, "--explain", help="Also say why each candidate word was or was not coded."),
) -> None:
    """Code text into CAMEO events and print them (or code a JSON Lines file)."""

    def go() -> None:
        from openevents.coder.api import code_texts
        from openevents.nlp.parse import load_model
        from openevents.pipeline import load_coder_dictionaries
        from openevents.report import print_events, read_code_input

        if (text is None) == (input is None):
            raise ConfigError("give either a TEXT argument or --input FILE")
        items = read_code_input(input) if input else [("text", text, parse_day(date))]
        dicts = load_coder_dictionaries(dictionaries or DICTIONARY_DIR)
        results = code_texts(items, dicts, load_model(SPACY_MODEL), processes)
        if input is None:
            print_events(console, results["text"])
            if explain:
                from openevents.coder.api import explain_text

                for line in explain_text(text, items[0][2], dicts, load_model(SPACY_MODEL)):
                    console.print(line, highlight=False, markup=False)
            return
        lines = "".join(json.dumps({"id": i, "events": results[i]}, ensure_ascii=False) + "\n" for i, _, _ in items)
        (output.write_text(lines, encoding="utf-8") if output else sys.stdout.write(lines))

    fail_nicely(go)


@app.command()
def validate(lake: Optional[Path] = LakeOption) -> None:
    """Validate the stored tables again and print the report (exit 1 if any row fails)."""

    def go() -> None:
        from openevents.report import validate_lake

        ok = validate_lake(console, lake_path(lake))
        if not ok:
            raise typer.Exit(1)

    fail_nicely(go)


@app.command("eval")
def eval_command(
    eval_dir: Optional[Path] = typer.Option(None, "--eval-dir", help="Evaluation sets (default: ../shared/eval)."),
    sets: list[str] = typer.Option(None, "--set", help="Only these sets: cameo, plover, petr2, voa, news."),
    dictionaries: Optional[Path] = DictOption,
    history: bool = typer.Option(True, "--history/--no-history", help="Append to docs/eval/history.tsv."),
    processes: int = typer.Option(1, "--processes", help="spaCy processes."),
) -> None:
    """Score the coder against the external evaluation sets that are present (skips cleanly when absent)."""

    def go() -> None:
        from openevents.evaluation.cli import run_evaluation

        run_evaluation(console, eval_dir, sets or None, dictionaries or DICTIONARY_DIR, history, processes)

    fail_nicely(go)


@app.command()
def codebook(readme: bool = typer.Option(False, "--readme", help="Rewrite the codebook section of README.md.")) -> None:
    """Print the codebook (every table's columns, from schemas/) as Markdown."""
    from openevents.codebook import render_codebook, sync_readme
    from openevents.config import PROJECT_ROOT

    if not readme:
        sys.stdout.write(render_codebook())
        return
    path = PROJECT_ROOT / "README.md"
    fail_nicely(lambda: path.write_text(sync_readme(path.read_text(encoding="utf-8")), encoding="utf-8"))


@dictionaries_app.command("check")
def dictionaries_check(dictionaries: Optional[Path] = DictOption) -> None:
    """Load and check every dictionary file; list malformed entries as file:line."""

    def go() -> None:
        from openevents.report import print_dictionary_stats

        print_dictionary_stats(console, dictionaries or DICTIONARY_DIR)

    fail_nicely(go)


from openevents.release.commands import register as register_release_commands  # noqa: E402

register_release_commands(app)


from openevents.geo.cli import register as register_geo_commands  # noqa: E402

register_geo_commands(app)

if __name__ == "__main__":
    app()
