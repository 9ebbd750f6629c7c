import datetime as dt

import polars as pl
import pytest

from openevents.schema import get_schema
from openevents.validate.apply import split_failures
from openevents.validate.checks import checks_for

from test_normalize import articles_for, mentions_for

RUN = dt.date(2024, 6, 20)


def test_checks_follow_the_schema(fixture_dicts):
    checks = checks_for(get_schema("mentions"), fixture_dicts)
    kinds = {(c.expectation, c.kwargs.get("column")) for c in checks}
    assert ("ExpectColumnValuesToNotBeNull", "mention_id") in kinds
    assert ("ExpectColumnValuesToBeInSet", "event_code") in kinds
    assert ("ExpectColumnValuesToBeBetween", "quad_class") in kinds
    assert ("ExpectColumnValuesToBeUnique", "mention_id") in kinds
    assert ("ExpectColumnValuesToNotBeNull", "target_actor_code") not in kinds
    pairs = [c for c in checks if c.expectation == "ExpectColumnPairValuesToBeInSet"]
    assert {c.kwargs["column_A"] for c in pairs} == {"event_root_code", "event_code"}


@pytest.fixture(scope="module")
def validator(tmp_path_factory):
    from openevents.validate.runner import Validator

    return Validator(tmp_path_factory.mktemp("gx"))


def test_failing_rows_are_quarantined_with_the_expectation(validator, fixture_dicts):
    mentions = mentions_for(articles_for(("wire", "2024-06-19T08:00:00Z")), fixture_dicts)
    assert mentions.height == 2
    broken = pl.concat([
        mentions.slice(0, 1),
        mentions.slice(1, 1).with_columns(pl.lit(-7.0).alias("goldstein"), pl.lit("999").alias("event_code")),
    ])
    result = validator.validate("mentions", broken, checks_for(get_schema("mentions"), fixture_dicts), "test")
    assert not result.success and list(result.failures) == [1]
    reasons = " ".join(result.failures[1])
    assert "expect_column_values_to_be_in_set(event_code)" in reasons
    assert "expect_column_pair_values_to_be_in_set(event_code, goldstein)" in reasons
    good, bad = split_failures("mentions", broken, result, RUN, "mention_id")
    assert good.height == 1 and bad.height == 1
    assert bad.row(0, named=True)["stage"] == "validate" and "event_code" in bad.row(0, named=True)["reason"]
    assert validator.docs_index().is_file()


def test_clean_rows_pass(validator, fixture_dicts):
    mentions = mentions_for(articles_for(("wire", "2024-06-19T08:00:00Z")), fixture_dicts)
    result = validator.validate("mentions", mentions, checks_for(get_schema("mentions"), fixture_dicts), "test")
    assert result.success and not result.failures and not result.table_failures
