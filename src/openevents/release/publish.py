"""`openevents publish RELEASE_DIR DEST`: copy a verified release to a folder or an object store (any fsspec URL:
s3://, gs://, file://, a plain path), verify the copy there, then regenerate the index (releases.json, index.html)
from every release found at DEST.

A release's files go up data first and manifest.json and SHA256SUMS last, so a reader that finds the manifest
finds a complete release; a folder without one is an interrupted upload and is replaced.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fsspec
from fsspec import AbstractFileSystem
from fsspec.implementations.local import LocalFileSystem

from openevents.errors import ReleaseError
from openevents.release import layout
from openevents.release.index import release_entry, releases_document, render_index
from openevents.release.manifest import dump_json, parse_sums
from openevents.release.verify import VerifyReport, local_fs, verify_release

LAST = (layout.MANIFEST, layout.SUMS)


@dataclass(frozen=True)
class PublishResult:
    version: str
    target: str
    status: str  # "uploaded", "already published" or "in place"
    files: int
    index: str
    releases: int


def open_destination(dest: str, options: dict[str, str] | None = None) -> tuple[AbstractFileSystem, str]:
    """The filesystem and root path of DEST (credentials and endpoints come from the environment or options)."""
    try:
        fs, root = fsspec.core.url_to_fs(dest, **(options or {}))
    except (ImportError, ValueError, TypeError) as exc:
        raise ReleaseError(f"cannot open {dest}: {exc}") from exc
    return fs, root.rstrip("/") or "/"


def upload_order(files: list[str]) -> list[str]:
    """Data and documents first, the manifest and the checksums last."""
    return sorted(f for f in files if f not in LAST) + [f for f in LAST if f in files]


def is_same_folder(fs: AbstractFileSystem, target: str, release_dir: Path) -> bool:
    return isinstance(fs, LocalFileSystem) and Path(target).resolve() == release_dir.resolve()


def clear_target(fs: AbstractFileSystem, target: str, local_sums: str, force: bool) -> bool:
    """Make room at the target; False when the same release is already there (nothing to upload)."""
    if fs.exists(f"{target}/{layout.SUMS}") and fs.exists(f"{target}/{layout.MANIFEST}"):
        if fs.cat_file(f"{target}/{layout.SUMS}").decode("utf-8") == local_sums:
            return False
        if not force:
            raise ReleaseError(f"{target} already holds a different release with this version; releases are "
                               "immutable (--force replaces it)")
    if fs.exists(target):
        fs.rm(target, recursive=True)
    return True


def upload_release(fs: AbstractFileSystem, release_dir: Path, target: str, force: bool) -> tuple[str, int]:
    """Copy the release's files to the target; returns the status and the number of files copied."""
    if is_same_folder(fs, target, release_dir):
        return "in place", 0
    local_sums = (release_dir / layout.SUMS).read_text(encoding="utf-8")
    if not clear_target(fs, target, local_sums, force):
        return "already published", 0
    files = upload_order(list(parse_sums(local_sums)) + [layout.SUMS])
    for relative in files:
        remote = f"{target}/{relative}"
        fs.makedirs(remote.rsplit("/", 1)[0], exist_ok=True)
        fs.put_file(str(release_dir / relative), remote)
    return "uploaded", len(files)


def read_release_listing(fs: AbstractFileSystem, folder: str) -> tuple[dict, dict[str, str], dict[str, int],
                                                                        dict | None]:
    """A published release's manifest, checksums, file sizes and figure statistics."""
    manifest = json.loads(fs.cat_file(f"{folder}/{layout.MANIFEST}"))
    sums = parse_sums(fs.cat_file(f"{folder}/{layout.SUMS}").decode("utf-8"))
    prefix = folder.rstrip("/") + "/"
    sizes = {p[len(prefix):]: int(info.get("size") or 0) for p, info in fs.find(folder, detail=True).items()}
    stats = json.loads(fs.cat_file(f"{folder}/{layout.STATS}")) if layout.STATS in sizes else None
    return manifest, sums, sizes, stats


def collect_releases(fs: AbstractFileSystem, root: str, base_url: str | None) -> tuple[list[dict], dict[str, Any]]:
    """releases.json entries of every complete release under root, and each one's statistics by version."""
    entries, stats = [], {}
    for info in fs.ls(root, detail=True):
        folder = info["name"].rstrip("/")
        hidden = folder.rsplit("/", 1)[-1].startswith(".")  # a build in progress, a replaced release
        if hidden or info.get("type") != "directory" or not fs.exists(f"{folder}/{layout.MANIFEST}"):
            continue
        manifest, sums, sizes, figures = read_release_listing(fs, folder)
        entries.append(release_entry(manifest, sums, sizes, base_url))
        stats[manifest["version"]] = figures
    return entries, stats


def write_index(fs: AbstractFileSystem, root: str, dest: str, base_url: str | None) -> tuple[str, int]:
    """Regenerate releases.json and index.html at root; returns the index's location and the release count."""
    entries, stats = collect_releases(fs, root, base_url)
    document = releases_document(entries)
    html = render_index(document, stats.get(document["latest"]), base_url or dest)
    with tempfile.TemporaryDirectory() as scratch:
        for name, text in (("releases.json", dump_json(document)), ("index.html", html)):
            (Path(scratch) / name).write_text(text, encoding="utf-8")
            fs.put_file(str(Path(scratch) / name), f"{root}/{name}")
    return f"{dest.rstrip('/')}/index.html", len(entries)


def check_report(report: VerifyReport, where: str) -> None:
    if not report.ok:
        raise ReleaseError(f"{where} fails verification:\n" + "\n".join(report.problems[:30]))


def publish_release(release_dir: Path, dest: str, options: dict[str, str] | None = None, force: bool = False,
                    base_url: str | None = None) -> PublishResult:
    """Verify, copy, verify the copy, regenerate the index."""
    report = verify_release(*local_fs(release_dir))
    check_report(report, str(release_dir))
    fs, root = open_destination(dest, options)
    fs.makedirs(root, exist_ok=True)
    target = f"{root}/{report.version}"
    status, copied = upload_release(fs, Path(release_dir), target, force)
    check_report(verify_release(fs, target), target)
    index, count = write_index(fs, root, dest, base_url)
    return PublishResult(version=str(report.version), target=f"{dest.rstrip('/')}/{report.version}",
                         status=status, files=copied, index=index, releases=count)
