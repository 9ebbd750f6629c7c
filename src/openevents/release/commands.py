"""The `release`, `verify` and `publish` commands (registered on the main CLI by `register`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.console import Console
from rich.table import Table

from openevents.config import DEFAULT_RELEASES, lake_path
from openevents.errors import ConfigError, ReleaseError

if TYPE_CHECKING:
    from openevents.release.verify import VerifyReport

console = Console()


def _fail_nicely(func) -> None:
    from openevents.cli import fail_nicely

    fail_nicely(func)


def print_report(report: VerifyReport) -> None:
    console.print(f"release {report.version} at {report.root}", highlight=False, soft_wrap=True)
    table = Table("table", "rows", "months")
    for name, rows in report.rows.items():
        table.add_row(name, str(rows), str(report.months.get(name, 0)))
    console.print(table)
    if report.ok:
        console.print(f"verified: {report.files} files match SHA256SUMS; row counts, schema and months match the "
                      "manifest")


def parse_options(options: list[str] | None) -> dict[str, str]:
    parsed = {}
    for item in options or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ConfigError(f"--option {item!r} must be KEY=VALUE (e.g. endpoint_url=http://127.0.0.1:9000)")
        parsed[key] = value
    return parsed


def release_command(
    version: str = typer.Argument(..., help="Release version, e.g. 0.1.0 or 2026.11.27."),
    lake: Optional[Path] = typer.Option(None, "--lake", help="Lake folder (default: $OPENEVENTS_LAKE or data/lake)."),
    releases: Path = typer.Option(DEFAULT_RELEASES, "--releases", help="Folder of releases."),
    force: bool = typer.Option(False, "--force", help="Rebuild an existing version (releases are immutable)."),
    previous: Optional[Path] = typer.Option(None, "--previous", help="Release to compare with in CHANGELOG.md "
                                            "(default: the one before VERSION in the releases folder)."),
) -> None:
    """Build a versioned release from the lake into RELEASES/VERSION, verified before it is moved into place."""

    def go() -> None:
        from openevents.release.build import ReleaseRequest, build_release

        created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        folder, report = build_release(ReleaseRequest(version=version, lake=lake_path(lake),
                                                      releases=releases.resolve(), created=created, force=force,
                                                      previous=previous))
        print_report(report)
        console.print(f"release {version}: {folder}")
        console.print(f"changes: {folder / 'CHANGELOG.md'}")

    _fail_nicely(go)


def verify_command(
    release: str = typer.Argument(..., help="Release folder or URL (s3://…/VERSION)."),
    option: Optional[list[str]] = typer.Option(None, "--option", help="fsspec option KEY=VALUE for a URL."),
) -> None:
    """Check a release: checksums, the manifest's row counts, every file's schema and months."""

    def go() -> None:
        from openevents.release.publish import open_destination
        from openevents.release.verify import verify_release

        report = verify_release(*open_destination(release, parse_options(option)))
        report.root = release
        print_report(report)
        if not report.ok:
            raise ReleaseError(f"{release} fails verification ({len(report.problems)} problems):\n"
                               + "\n".join(report.problems[:50]))

    _fail_nicely(go)


def publish_command(
    release: Path = typer.Argument(..., help="Release folder to publish."),
    dest: str = typer.Argument(..., help="Folder or URL (s3://bucket/prefix, gs://…) holding every release."),
    force: bool = typer.Option(False, "--force", help="Replace a different release of the same version at DEST."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="Public URL of DEST for absolute links."),
    option: Optional[list[str]] = typer.Option(None, "--option", help="fsspec option KEY=VALUE (repeatable)."),
) -> None:
    """Copy a verified release to DEST, verify the copy, regenerate DEST's index.html and releases.json."""

    def go() -> None:
        from openevents.release.publish import publish_release

        result = publish_release(release, dest, parse_options(option), force, base_url)
        console.print(f"release {result.version} → {result.target}: {result.status}"
                      f"{f' ({result.files} files)' if result.files else ''}; verified there")
        console.print(f"index of {result.releases} release{'s' if result.releases != 1 else ''}: {result.index}")

    _fail_nicely(go)


def register(app: typer.Typer) -> None:
    app.command("release")(release_command)
    app.command("verify")(verify_command)
    app.command("publish")(publish_command)
