"""Run every benchmarks/bench_*.py module (or those named on the command line) and print one table."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback

from rich.console import Console
from rich.table import Table

import benchmarks
from benchmarks import Skip


def modules(wanted: list[str]) -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    return [n for n in names if not wanted or n in wanted or n.removeprefix("bench_") in wanted]


def main(argv: list[str]) -> int:
    console = Console(width=max(140, Console().width))
    table = Table("benchmark", "metric", "value", "unit", "note", title="OpenEvents benchmarks", title_justify="left")
    failed = False
    for name in modules(argv):
        started = time.perf_counter()
        try:
            results = importlib.import_module(f"benchmarks.{name}").run()
        except Skip as exc:
            table.add_row(name, "skipped", "", "", str(exc))
            continue
        except Exception:  # noqa: BLE001 - a broken benchmark is reported, the others still run
            failed = True
            table.add_row(name, "error", "", "", traceback.format_exc().strip().splitlines()[-1])
            continue
        for m in results:
            table.add_row(name, m.metric, f"{m.value:,.2f}", m.unit, m.note)
        table.add_row(name, "wall time", f"{time.perf_counter() - started:,.1f}", "s", "")
    console.print(table)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
