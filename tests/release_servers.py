"""Fixtures shared by the publishing and index tests: two releases of a growing synthetic lake, and a moto S3
server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from openevents.release.build import ReleaseRequest, build_release

from conftest import FIXTURES
from release_lake import make_tables, write_lake


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> Path:
    """Two releases of a growing lake: 0.1.0 (20 events) and 0.2.0 (26)."""
    lake = write_lake(tmp_path_factory.mktemp("lake"), make_tables(n_events=20))
    root = tmp_path_factory.mktemp("releases")
    for version, day, extra in (("0.1.0", 20, 0), ("0.2.0", 27, 6)):
        if extra:
            write_lake(lake, {"events": make_tables(n_events=extra, salt=version)["events"]})
        build_release(ReleaseRequest(version=version, lake=lake, releases=root, created=dt.datetime(
            2026, 11, day, 4, tzinfo=dt.timezone.utc), dictionary_dir=FIXTURES / "dictionaries"))
    return root


CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="module")
def s3():
    """A moto S3 server on 127.0.0.1 (a free port) with throw-away credentials; yields its endpoint URL."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log
    with pytest.MonkeyPatch.context() as patch:
        for key, value in CREDENTIALS.items():
            patch.setenv(key, value)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            yield f"http://{host}:{port}"
        finally:
            server.stop()
