"""Publishing: to a folder and to a local S3 server (moto), the release index, and querying a release in place
with DuckDB — from disk, over HTTP (httpfs) and from S3."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import duckdb_extension_httpfs
import pytest
from typer.testing import CliRunner

from openevents.cli import app
from openevents.errors import ReleaseError
from openevents.release import layout
from openevents.release.manifest import parse_sums
from openevents.release.publish import open_destination, publish_release

from rangeserver import serve_folder
from release_servers import releases, s3  # noqa: F401 (fixtures)

runner = CliRunner()
HTTPFS = next(Path(duckdb_extension_httpfs.__file__).parent.rglob("httpfs.duckdb_extension"))
EVENTS_BY_MONTH = "SELECT month, count(*), min(event_date) FROM read_parquet({files}, hive_partitioning = true) " \
                  "GROUP BY ALL ORDER BY 1"


def test_publish_to_a_folder_writes_the_index(releases, tmp_path):
    dest = tmp_path / "site"
    first = publish_release(releases / "0.1.0", str(dest))
    second = publish_release(releases / "0.2.0", str(dest))
    assert (first.status, second.status, second.releases) == ("uploaded", "uploaded", 2)
    document = json.loads((dest / "releases.json").read_text())
    assert document["latest"] == "0.2.0" and [r["version"] for r in document["releases"]] == ["0.2.0", "0.1.0"]
    for entry in document["releases"]:
        folder = dest / entry["version"]
        assert {f["path"]: f["sha256"] for f in entry["files"]} == parse_sums((folder / layout.SUMS).read_text())
        assert entry["bytes"] == sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        assert all((dest / f["url"]).is_file() for f in entry["files"]) and (dest / entry["documents"]["changelog"]).is_file()
    assert document["releases"][0]["rows"]["events"] == 26 and document["releases"][1]["rows"]["events"] == 20
    html = (dest / "index.html").read_text()
    assert 'href="0.2.0/CHANGELOG.md"' in html and 'id="release-0.1.0"' in html


def test_publishing_again_is_idempotent_and_versions_are_immutable(releases, tmp_path):
    dest = tmp_path / "site"
    publish_release(releases / "0.1.0", str(dest))
    assert publish_release(releases / "0.1.0", str(dest)).status == "already published"
    impostor = shutil.copytree(releases / "0.2.0", tmp_path / "impostor" / "0.1.0")
    manifest = json.loads((impostor / layout.MANIFEST).read_text())
    (impostor / layout.MANIFEST).chmod(0o644)
    (impostor / layout.MANIFEST).write_text(json.dumps(manifest | {"version": "0.1.0"}))
    (impostor / layout.SUMS).chmod(0o644)
    sums = parse_sums((impostor / layout.SUMS).read_text())
    from openevents.release.manifest import render_sums, sha256_file

    (impostor / layout.SUMS).write_text(render_sums(sums | {layout.MANIFEST: sha256_file(impostor / layout.MANIFEST)}))
    with pytest.raises(ReleaseError, match="already holds a different release"):
        publish_release(impostor, str(dest))
    assert publish_release(impostor, str(dest), force=True).status == "uploaded"


def test_a_damaged_release_is_not_published(releases, tmp_path):
    copy = shutil.copytree(releases / "0.1.0", tmp_path / "0.1.0")
    (copy / "extra.txt").write_text("not listed")
    with pytest.raises(ReleaseError, match="fails verification"):
        publish_release(copy, str(tmp_path / "site"))
    assert not (tmp_path / "site").exists()


def test_publish_in_place_only_writes_the_index(releases, tmp_path):
    root = shutil.copytree(releases, tmp_path / "releases")
    result = publish_release(root / "0.2.0", str(root), base_url="https://data.example.org/openevents")
    assert result.status == "in place" and result.releases == 2
    document = json.loads((root / "releases.json").read_text())
    assert document["releases"][0]["url"] == "https://data.example.org/openevents/0.2.0/"


def test_an_interrupted_upload_is_replaced(releases, tmp_path):
    dest = tmp_path / "site"
    (dest / "0.1.0" / "events").mkdir(parents=True)
    (dest / "0.1.0" / "events" / "half.parquet").write_bytes(b"PAR1")
    assert publish_release(releases / "0.1.0", str(dest)).status == "uploaded"
    assert not (dest / "0.1.0" / "events" / "half.parquet").exists()


def httpfs_connection() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    con.execute(f"LOAD '{HTTPFS}'")
    return con


def test_duckdb_queries_a_release_over_http(releases):
    local = duckdb.connect().execute(EVENTS_BY_MONTH.format(files=f"'{releases}/0.2.0/events/**/*.parquet'")).fetchall()
    with serve_folder(releases) as (base, log), httpfs_connection() as con:
        con.execute(f"SET VARIABLE release = '{base}/0.2.0/'")
        con.execute("SET VARIABLE events = (SELECT list(getvariable('release') || f.path) FROM (SELECT "
                    "unnest(tables.events.files) AS f FROM read_json(getvariable('release') || 'manifest.json')))")
        remote = con.execute(EVENTS_BY_MONTH.format(files="getvariable('events')")).fetchall()
    assert remote == local and sum(r[1] for r in remote) == 26
    parquet = [entry for entry in log if entry[1].endswith(".parquet")]
    assert parquet and all(status in (200, 206) for _, _, status in parquet)
    assert any(status == 206 for _, _, status in parquet)  # ranges: the footer and the column chunks, not everything


def test_cli_publish_to_s3_then_verify_there(releases, s3):
    option = ["--option", f"endpoint_url={s3}"]
    for version in ("0.1.0", "0.2.0"):
        result = runner.invoke(app, ["publish", str(releases / version), "s3://openevents/releases", *option])
        assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "release 0.2.0 → s3://openevents/releases/0.2.0: uploaded (14 files); verified there" in output
    assert "index of 2 releases: s3://openevents/releases/index.html" in output
    verified = runner.invoke(app, ["verify", "s3://openevents/releases/0.1.0", *option])
    assert verified.exit_code == 0 and "verified: 14 files match SHA256SUMS" in " ".join(verified.output.split())
    fs, _ = open_destination("s3://openevents", {"endpoint_url": s3})
    document = json.loads(fs.cat_file("openevents/releases/releases.json"))
    assert [r["version"] for r in document["releases"]] == ["0.2.0", "0.1.0"]
    assert fs.info("openevents/releases/index.html")["ContentType"] == "text/html"


def test_duckdb_globs_a_release_on_s3(releases, s3):
    publish_release(releases / "0.2.0", "s3://globbing/releases", {"endpoint_url": s3})
    local = duckdb.connect().execute(EVENTS_BY_MONTH.format(files=f"'{releases}/0.2.0/events/**/*.parquet'")).fetchall()
    with httpfs_connection() as con:
        con.execute(f"CREATE SECRET (TYPE s3, KEY_ID 'testing', SECRET 'testing', REGION 'us-east-1', "
                    f"ENDPOINT '{s3.removeprefix('http://')}', URL_STYLE 'path', USE_SSL false)")
        remote = con.execute(EVENTS_BY_MONTH.format(files="'s3://globbing/releases/0.2.0/events/**/*.parquet'"))
        assert remote.fetchall() == local
