"""The issue's "done" scenario: `openevents run --config <sources TOML>` against a news site on 127.0.0.1 ingests,
dedups and codes articles end to end; the next night ingests only what is new; --full-refresh reads all again.

The coder runs on the test dictionaries (tests/fixtures): this is about ingestion, not coding quality."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import duckdb
import pytest

from openevents.cli import app
from openevents.config import SAMPLE_DIR

from conftest import FIXTURES
from newsserver import NewsServer, article_html, rss

pytestmark = pytest.mark.slow
PICK = {"ow-20240619-putin-kim-treaty": "/world/putin-kim-treaty",
        "mer-20240619-ramaphosa-inauguration": "/africa/ramaphosa",
        "hb-20240620-seoul-washington-react": "/asia/seoul-washington",
        "ow-20240620-putin-hanoi-warning": "/asia/putin-hanoi"}


def sample_articles() -> dict[str, dict]:
    found = {}
    for line in (SAMPLE_DIR / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if record.get("id") in PICK:
            found[record["id"]] = record
    assert set(found) == set(PICK)
    return found


def serve(site: NewsServer, record: dict, path: str, copy: bool = False) -> dict[str, str]:
    paragraphs = record["text"].split("\n\n")
    if copy:  # a partner outlet runs the wire story with its own dateline line and a closing credit
        paragraphs = ["(Partner Daily) —"] + paragraphs + ["Reporting by the wire service; edited by Partner Daily."]
    site.page(path, article_html(record["title"], paragraphs, canonical=path, author="Desk"))
    return {"title": record["title"], "link": site.url(path), "pubDate": _rfc2822(record["published_at"], copy)}


def _rfc2822(iso: str, later: bool = False) -> str:
    import datetime as dt
    from email.utils import format_datetime

    when = dt.datetime.fromisoformat(iso.replace("Z", "+00:00")) + dt.timedelta(hours=2 if later else 0)
    return format_datetime(when, usegmt=True)


@pytest.fixture(scope="module")
def harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="module")
def nights(harness, tmp_path_factory):
    """Night 1: two articles, a syndicated copy, a page that is down and a page robots.txt forbids. Night 2: two
    new entries, the page that was down is back."""
    tmp = tmp_path_factory.mktemp("nights")
    site = NewsServer()
    records = sample_articles()
    ids = list(PICK)
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    items = [serve(site, records[ids[0]], PICK[ids[0]]), serve(site, records[ids[1]], PICK[ids[1]]),
             serve(site, records[ids[0]], "/partner/putin-kim", copy=True),
             {"title": "Down", "link": site.url("/world/down"), "pubDate": "Thu, 20 Jun 2024 06:00:00 GMT"},
             {"title": "Private", "link": site.url("/private/memo"), "pubDate": "Thu, 20 Jun 2024 06:00:00 GMT"}]
    site.status("/world/down", 503)
    site.page("/feed.xml", rss(items), content_type="application/rss+xml", etag='"1"')
    config = tmp / "sources.toml"
    config.write_text(f"""
[http]
user_agent = "OpenEventsTest/1.0"
timeout = 5.0
per_host_delay = 0.0
retries = 0
backoff = 0.01

[[sources]]
type = "feed"
name = "local-wire"
url = "{site.url('/feed.xml')}"
""", encoding="utf-8")
    lake = tmp / "lake"
    out = {}

    def run(name: str, date: str, *extra: str) -> None:
        before = len(site.log)
        code, output = invoke(["run", "--config", str(config), "--lake", str(lake), "--date", date,
                               "--dictionaries", str(FIXTURES / "dictionaries"), *extra])
        assert code == 0, output
        out[name] = (output, [r.path for r in site.log[before:]], _counts(lake))

    run("night1", "2024-06-20")
    items = [serve(site, records[ids[2]], PICK[ids[2]]), serve(site, records[ids[3]], PICK[ids[3]]), *items]
    site.page("/world/down", article_html("Back up", records[ids[1]]["text"].split("\n\n")[:1] + [
        "Officials in Pretoria said on Thursday that the new cabinet would be announced within days."],
        canonical="/world/down"))
    site.page("/feed.xml", rss(items), content_type="application/rss+xml", etag='"2"')
    run("night2", "2024-06-21")
    site.close()
    return out


def invoke(args: list[str]) -> tuple[int, str]:
    """The CLI in this process with its standard output captured. (Not typer's CliRunner: it swaps the process's
    streams, and Prefect's log handlers, set up during the first run, would keep writing to a closed one.)"""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = app(args, standalone_mode=False)
    return code or 0, buffer.getvalue()


def _counts(lake: Path) -> dict[str, object]:
    with duckdb.connect(str(lake / "catalog.duckdb"), read_only=True) as con:
        def one(sql: str) -> object:
            return con.execute(sql).fetchone()[0]

        return {"articles": one("SELECT count(*) FROM articles"),
                "sentences": one("SELECT sum(num_sentences) FROM articles WHERE status = 'coded'"),
                "duplicate_of": [r[0] for r in con.execute(
                    "SELECT o.url FROM articles d JOIN articles o ON d.duplicate_of = o.article_id").fetchall()],
                "statuses": dict(con.execute("SELECT status, count(*) FROM articles GROUP BY 1").fetchall()),
                "events": one("SELECT count(*) FROM events"),
                "state": dict(con.execute("SELECT status, count(*) FROM ingest_state GROUP BY 1").fetchall()),
                "quarantine": sorted(r[0] for r in con.execute("SELECT reason FROM quarantine").fetchall())}


def flat(text: str) -> str:
    return " ".join(text.split())


def test_first_night_ingests_dedups_and_codes(nights):
    output, paths, counts = nights["night1"]
    assert "articles read 5 = coded 2 + duplicate 1 + non-English 0 + quarantined 2 + already seen 0 (counts add up)" \
        in flat(output)
    assert "feeds polled 1: not modified 0, failed 0" in flat(output)
    assert counts["statuses"] == {"coded": 2, "duplicate": 1} and counts["sentences"] > 10
    (original,) = counts["duplicate_of"]  # the syndicated copy points at the wire story
    assert original.endswith(PICK["ow-20240619-putin-kim-treaty"])
    assert counts["quarantine"] == ["HTTP 503 (attempt 1 of 3; a later run tries again)", "disallowed by robots.txt"]
    assert counts["state"] == {"done": 4, "failed": 1, "retry": 1}  # 3 articles + the feed; robots; the 503
    assert "/private/memo" not in paths


def test_second_night_reads_only_what_is_new(nights):
    output, paths, counts = nights["night2"]
    assert "articles read 7 = coded 3 + duplicate 0 + non-English 0 + quarantined 0 + already seen 4 (counts add up)" \
        in flat(output)
    fetched = sorted(p for p in paths if p not in ("/robots.txt", "/feed.xml"))
    assert fetched == sorted([PICK["hb-20240620-seoul-washington-react"], PICK["ow-20240620-putin-hanoi-warning"],
                              "/world/down"])
    assert counts["statuses"] == {"coded": 5, "duplicate": 1} and counts["events"] > 0
    assert counts["state"] == {"done": 7, "failed": 1}  # the page that was down is now ingested
