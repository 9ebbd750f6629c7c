"""Benchmarks: `make bench` (python -m benchmarks) runs every benchmarks/bench_*.py module and prints a table.

A module defines `run() -> list[Measurement]`; it raises `Skip` when it cannot run here (typically because the
external evaluation data under ../shared/eval is absent). Benchmarks measure; they never fail on a number.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from openevents.config import PROJECT_ROOT


@dataclass(frozen=True)
class Measurement:
    metric: str
    value: float
    unit: str
    note: str = ""


class Skip(Exception):
    """The benchmark cannot run on this machine; the message says why."""


def eval_dir() -> Path:
    """External evaluation data: $OPENEVENTS_EVAL_DIR, else ../shared/eval beside the project."""
    return Path(os.environ.get("OPENEVENTS_EVAL_DIR") or PROJECT_ROOT.parent / "shared" / "eval")
