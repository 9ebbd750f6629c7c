"""The `release` Prefect flow (under prefect_test_harness) and its weekly deployment next to the nightly one."""

from __future__ import annotations

import json

import pytest

from openevents.release import layout

from release_lake import make_tables, write_lake


def test_weekly_release_is_deployed_next_to_the_nightly_run(monkeypatch):
    from flows.serve import NIGHTLY_CRON, WEEKLY_RELEASE_CRON, deployments

    monkeypatch.setenv("OPENEVENTS_PUBLISH_TO", "s3://bucket/openevents")
    found = {d.name: d for d in deployments()}
    assert set(found) == {"nightly", "weekly-release"}
    assert [s.schedule.cron for s in found["nightly"].schedules] == [NIGHTLY_CRON]
    assert [s.schedule.cron for s in found["weekly-release"].schedules] == [WEEKLY_RELEASE_CRON] == ["0 4 * * 1"]
    assert found["weekly-release"].parameters == {"publish_to": "s3://bucket/openevents"}
    assert found["weekly-release"].flow_name == "release"


@pytest.mark.slow
def test_release_flow_builds_and_publishes(tmp_path):
    from prefect.testing.utilities import prefect_test_harness

    from flows.release import release

    lake = write_lake(tmp_path / "lake", make_tables(n_events=6))
    with prefect_test_harness(server_startup_timeout=120):
        result = release(lake=str(lake), releases=str(tmp_path / "releases"), publish_to=str(tmp_path / "site"),
                         run_date="2026-11-30")
    assert result["version"] == "2026.11.30" and result["rows"]["events"] == 6
    assert result["published"]["status"] == "uploaded"
    document = json.loads((tmp_path / "site" / "releases.json").read_text())
    assert document["latest"] == "2026.11.30"
    assert (tmp_path / "releases" / "2026.11.30" / layout.MANIFEST).is_file()
