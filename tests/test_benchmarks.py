"""The benchmark runner: every bench_*.py module, a table, and a clean skip when the evaluation data is absent."""

from __future__ import annotations

import re

import benchmarks.__main__ as runner


def test_benchmarks_skip_cleanly_without_the_data(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OPENEVENTS_EVAL_DIR", str(tmp_path))
    assert "bench_ingest" in runner.modules([])
    assert runner.main(["ingest"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert re.search(r"bench_ingest │ skipped │ │ │ ", out) and "is absent" in out and "error" not in out
