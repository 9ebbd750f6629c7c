"""The `release` flow: build a versioned release from the lake (verified before it is moved into place) and, when
a destination is given, publish it there and regenerate the release index.

flows/serve.py deploys it weekly next to the nightly run, with a calendar version (the run date: 2026.11.27) and
the destination from $OPENEVENTS_PUBLISH_TO.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from openevents.config import DEFAULT_RELEASES, lake_path
from openevents.release.build import ReleaseRequest, build_release
from openevents.release.layout import calendar_version
from openevents.release.publish import publish_release

TASK = {"cache_policy": NO_CACHE, "persist_result": False}


@task(**TASK)
def build_task(request: ReleaseRequest) -> dict:
    folder, report = build_release(request)
    return {"version": report.version, "folder": str(folder), "rows": report.rows, "files": report.files}


@task(**TASK)
def publish_task(folder: str, dest: str, base_url: str | None) -> dict:
    return dataclasses.asdict(publish_release(Path(folder), dest, base_url=base_url))


@flow(name="release", log_prints=True)
def release(version: str | None = None, lake: str | None = None, releases: str | None = None,
            publish_to: str | None = None, base_url: str | None = None, force: bool = False,
            run_date: str | None = None) -> dict:
    """Build release `version` (default: the run date as 2026.11.27) and publish it to `publish_to` if given."""
    created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    day = dt.date.fromisoformat(run_date) if run_date else created.date()
    request = ReleaseRequest(version=version or calendar_version(day), lake=lake_path(lake),
                             releases=Path(releases or DEFAULT_RELEASES).resolve(), created=created, force=force)
    built = build_task(request)
    get_run_logger().info("release %s built in %s: %s", built["version"], built["folder"], built["rows"])
    if publish_to:
        built["published"] = publish_task(built["folder"], publish_to, base_url)
        get_run_logger().info("published to %s; index %s", built["published"]["target"], built["published"]["index"])
    return built
