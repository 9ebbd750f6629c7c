"""What the CLI prints: run summaries, coded events, validation results, dictionary statistics."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from openevents.errors import ConfigError

EXAMPLE_QUERY = "SELECT event_root_code, count(*) AS events FROM events GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5"


def print_summary(console: Console, summary: dict[str, Any]) -> None:
    """The run summary: counts that add up, events by root code, where the outputs are, an example query."""
    from openevents.store.catalog import run_query

    console.print(f"[bold]OpenEvents nightly run {summary['run_date']}[/bold]")
    console.print(f"dictionary version {summary['dictionary_version']}")
    verdict = "counts add up" if summary["balanced"] else "[red]COUNTS DO NOT ADD UP[/red]"
    console.print(f"articles read {summary['read']} = coded {summary['coded']} + duplicate {summary['duplicate']}"
                  f" + non-English {summary['non_english']} + quarantined {summary['quarantined']}"
                  f" + already seen {summary.get('known', 0)} ({verdict})")
    feeds = summary.get("feeds") or {}
    if feeds.get("polled"):
        console.print(f"feeds polled {feeds['polled']}: not modified {feeds['not_modified']}, "
                      f"failed {feeds['failed']} (see quarantine)")
    console.print(f"event mentions {summary['mentions']} (quarantined {summary['mentions_quarantined']}); "
                  f"events {summary['events_written']}")
    table = Table("root", "name", "events", title="Events by CAMEO root code", title_justify="left")
    names = summary.get("root_names", {})
    for root, count in summary["events_by_root"].items():
        table.add_row(root, names.get(root, ""), str(count))
    console.print(table)
    lake = Path(summary["lake"])
    console.print(f"lake:              {lake}")
    console.print(f"catalog:           {lake / 'catalog.duckdb'}")
    console.print(f"validation report: {summary['validation_report']}")
    console.print(f"data docs:         {summary['data_docs']}")
    console.print(f"example query:     openevents query \"{EXAMPLE_QUERY}\"")
    names_, rows = run_query(lake, EXAMPLE_QUERY)
    result = Table(*names_)
    for row in rows:
        result.add_row(*map(str, row))
    console.print(result)


def print_events(console: Console, events: list[dict[str, Any]]) -> None:
    if not events:
        console.print("no events")
        return
    table = Table("code", "source", "target", "action", "rule")
    for e in events:
        table.add_row(e["event_code"], f"{e['source_actor_code']} ({e['source_actor_text']})",
                      f"{e['target_actor_code']} ({e['target_actor_text']})" if e["target_actor_code"] else "—",
                      e["action_text"], e["rule_id"])
    console.print(table)


def read_code_input(path: Path) -> list[tuple[str, str, dt.date]]:
    """Lines of {"id","text","date"}; a bad line is a ConfigError naming file:line."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            items.append((str(record["id"]), str(record["text"]), dt.date.fromisoformat(str(record["date"])[:10])))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{path}:{number}: expected {{\"id\", \"text\", \"date\"}} ({exc})") from None
    return items


def validate_lake(console: Console, lake: Path) -> bool:
    from openevents.config import DICTIONARY_DIR
    from openevents.pipeline import load_coder_dictionaries
    from openevents.schema import get_schema
    from openevents.store.lake import read_table
    from openevents.validate.checks import checks_for
    from openevents.validate.runner import Validator, write_report

    dicts = load_coder_dictionaries(DICTIONARY_DIR)
    validator = Validator(lake / "_validation")
    results = []
    stamp = dt.datetime.now(dt.timezone.utc)
    for table in ("articles", "mentions", "events"):
        frame = read_table(lake, table)
        results.append(validator.validate(table, frame, checks_for(get_schema(table), dicts), f"check-{table}"))
    report = write_report(lake / "_validation" / "reports" / f"check-{stamp:%Y%m%dT%H%M%S}.json", stamp.date(),
                          results, validator.docs_index())
    view = Table("table", "rows", "failed rows", "table-level failures")
    for r in results:
        view.add_row(r.table, str(r.rows), str(len(r.failures)), "; ".join(r.table_failures) or "—")
    console.print(view)
    console.print(f"report: {report}\ndata docs: {validator.docs_index()}")
    return all(r.success for r in results)


def print_dictionary_stats(console: Console, directory: Path) -> None:
    from openevents.coder.dictionaries import load_dictionaries

    d = load_dictionaries(directory)
    people = {e.person for entries in d.actors.values() for e in entries if e.person}
    covered = {p.code for group in (*d.verb_patterns.values(), *d.noun_patterns.values()) for p in group} - {"000"}
    console.print(f"dictionary version {d.version}: {len(d.cameo)} CAMEO codes, {d.pattern_count} patterns "
                  f"covering {len(covered)} codes, {len(d.actors)} actor names ({len(people)} people), "
                  f"{len(d.agents)} agents, {len(d.classes)} noun classes — OK")
