import datetime as dt
import json

import polars as pl
import pytest
from typer.testing import CliRunner

from openevents.cli import app
from openevents.schema import get_schema
from openevents.store import lake as lakeio

from conftest import FIXTURES

runner = CliRunner()


@pytest.fixture
def lake(tmp_path):
    schema = get_schema("quarantine").polars_schema()
    rows = [{"quarantine_id": c * 64, "run_date": dt.date(2024, 6, 19), "stage": "ingest", "record_type": "article",
             "input_ref": f"f:{n}", "article_id": None, "reason": "empty text", "payload": "{}"}
            for n, c in enumerate("ab")]
    lakeio.upsert(tmp_path, "quarantine", pl.DataFrame(rows, schema=schema))
    return tmp_path


@pytest.mark.parametrize(
    "fmt, expected",
    [
        ("csv", "reason,n\nempty text,2\n"),
        ("json", '{"reason": "empty text", "n": 2}\n'),
    ],
)
def test_query_formats(lake, fmt, expected):
    result = runner.invoke(app, ["query", "SELECT reason, count(*) AS n FROM quarantine GROUP BY 1", "--lake",
                                 str(lake), "--format", fmt])
    assert result.exit_code == 0 and result.output == expected


def test_query_table_format(lake):
    result = runner.invoke(app, ["query", "SELECT count(*) AS n FROM quarantine", "--lake", str(lake)])
    assert result.exit_code == 0 and "│ 2 │" in result.output and "(1 row)" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["query", "SELECT * FROM nowhere"], "Error: Catalog Error"),
        (["query", "SELECT 1", "--format", "xml"], "Error: --format must be table, csv or json"),
        (["code", "--date", "yesterday", "Russia attacked Ukraine."], "Error: --date 'yesterday' is not a date"),
        (["code"], "Error: give either a TEXT argument or --input FILE"),
    ],
)
def test_errors_are_one_line_and_exit_1(lake, args, message):
    result = runner.invoke(app, [*args, "--lake", str(lake)] if args[0] == "query" else args)
    assert result.exit_code == 1 and message in result.output


def test_dictionary_errors_name_file_and_line(tmp_path):
    (tmp_path / "agents.tsv").write_text("bad header\n", encoding="utf-8")
    result = runner.invoke(app, ["dictionaries", "check", "--dictionaries", str(tmp_path)])
    assert result.exit_code == 1 and "agents.tsv:1: header must be" in result.output


def test_dictionaries_check_reports_counts():
    result = runner.invoke(app, ["dictionaries", "check", "--dictionaries", str(FIXTURES / "dictionaries")])
    assert result.exit_code == 0 and "patterns" in result.output and "OK" in result.output


def test_codebook_lists_every_column():
    result = runner.invoke(app, ["codebook"])
    assert result.exit_code == 0
    for name in get_schema("events").names:
        assert f"`{name}`" in result.output


@pytest.mark.slow
def test_code_file_contract(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "s1", "text": "Russia and China condemned the United States.",
                                  "date": "2024-06-19"}) + "\n" +
                      json.dumps({"id": "s2", "text": "It rained in Paris.", "date": "2024-06-19"}) + "\n")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["code", "--input", str(source), "--output", str(out), "--dictionaries",
                                 str(FIXTURES / "dictionaries")])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["s1", "s2"] and lines[1]["events"] == []
    codes = {(e["event_code"], e["source_actor_code"], e["target_actor_code"]) for e in lines[0]["events"]}
    assert codes == {("111", "RUS", "USA"), ("111", "CHN", "USA")}
    assert all(e["rule_id"] == "111:condemn @T" and e["quad_class"] == 3 for e in lines[0]["events"])


@pytest.mark.slow
def test_code_prints_events():
    result = runner.invoke(app, ["code", "Ukrainian troops attacked Russian forces.", "--date", "2024-06-19",
                                 "--dictionaries", str(FIXTURES / "dictionaries")])
    assert result.exit_code == 0 and "UKRMIL" in result.output and "RUSMIL" in result.output


def test_readme_codebook_is_generated_from_the_schemas():
    from openevents.codebook import sync_readme
    from openevents.config import PROJECT_ROOT

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert sync_readme(readme) == readme, "run `openevents codebook --readme`"
