"""Run the checks with great-expectations over polars frames (as pandas), keep Data Docs, return failing rows."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from openevents.errors import ValidationFailed
from openevents.validate.checks import Check



@dataclass
class TableResult:
    table: str
    rows: int
    success: bool
    failures: dict[int, list[str]] = field(default_factory=dict)
    table_failures: list[str] = field(default_factory=list)
    statistics: dict[str, Any] = field(default_factory=dict)


class Validator:
    """A file-backed GX context under `directory` (suites, results and Data Docs accumulate across runs)."""

    def __init__(self, directory: Path):
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        self.gx = gx
        directory.mkdir(parents=True, exist_ok=True)
        self.context = gx.get_context(mode="file", project_root_dir=str(directory))
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.source = self.context.data_sources.add_or_update_pandas("openevents")

    def _batch_definition(self, table: str) -> Any:
        names = [a.name for a in self.source.assets]
        asset = self.source.get_asset(table) if table in names else self.source.add_dataframe_asset(table)
        existing = {b.name: b for b in asset.batch_definitions}
        return existing.get("whole") or asset.add_batch_definition_whole_dataframe("whole")

    def _suite(self, table: str, checks: list[Check]) -> Any:
        import great_expectations.expectations as gxe

        suite = self.context.suites.add_or_update(self.gx.ExpectationSuite(name=f"{table}_suite"))
        suite.expectations = []
        for check in checks:
            suite.add_expectation(getattr(gxe, check.expectation)(**check.kwargs))
        suite.save()
        return suite

    def validate(self, table: str, frame: pl.DataFrame, checks: list[Check], run_name: str) -> TableResult:
        """Validate one frame; failing row positions map to the labels of the checks they failed."""
        gx = self.gx
        suite = self._suite(table, checks)
        definition = self.context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=f"{table}_validation", data=self._batch_definition(table), suite=suite))
        checkpoint = self.context.checkpoints.add_or_update(gx.Checkpoint(
            name=f"{table}_checkpoint", validation_definitions=[definition],
            actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs")],
            result_format={"result_format": "COMPLETE"}))
        try:
            outcome = checkpoint.run(batch_parameters={"dataframe": frame.to_pandas()},
                                     run_id=gx.core.run_identifier.RunIdentifier(run_name=run_name))
        except Exception as exc:  # GX wraps many errors; none of them is a row failure
            raise ValidationFailed(f"great-expectations could not validate {table}: {exc}") from exc
        return _collect(table, frame.height, outcome)

    def docs_index(self) -> Path | None:
        urls = self.context.get_docs_sites_urls()
        return Path(urls[0]["site_url"].removeprefix("file://")) if urls else None


def _label(config: Any) -> str:
    kwargs = config.kwargs
    cols = [str(kwargs[k]) for k in ("column", "column_A", "column_B") if kwargs.get(k)]
    if not cols and kwargs.get("column_list") and config.type != "expect_table_columns_to_match_ordered_list":
        cols = [",".join(kwargs["column_list"])]
    return f"{config.type}({', '.join(cols)})"


def _collect(table: str, rows: int, outcome: Any) -> TableResult:
    result = TableResult(table, rows, bool(outcome.success))
    for validation in outcome.run_results.values():
        result.statistics = dict(validation.statistics)
        for res in validation.results:
            if res.success:
                continue
            label = _label(res.expectation_config)
            indexes = (res.result or {}).get("unexpected_index_list")
            if indexes:
                for i in indexes:
                    result.failures.setdefault(int(i), []).append(label)
            else:
                result.table_failures.append(label)
    return result


def write_report(path: Path, run_date: dt.date, results: list[TableResult], docs: Path | None) -> Path:
    report = {
        "run_date": run_date.isoformat(),
        "data_docs": str(docs) if docs else None,
        "tables": [{"table": r.table, "rows": r.rows, "success": r.success, "failed_rows": len(r.failures),
                    "table_failures": r.table_failures,
                    "failures": {str(k): v for k, v in sorted(r.failures.items())[:1000]}} for r in results],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return path
