"""Ingestion throughput (articles/s) on the VOA stories of ../shared/eval/voa-news-ngec2025, served as a news site
(RSS feed + article pages + robots.txt) from a server on 127.0.0.1 and, separately, read from a WARC file written
to a temporary folder. Measures the whole ingest stage: polling, fetching, extraction, canonical URLs, language,
exact and near-duplicate detection, state rows. Skips when the data is absent."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io
import json
import resource
import tempfile
import threading
import time
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchmarks import Measurement, Skip, eval_dir
from openevents.ingest.http import HttpSettings
from openevents.ingest.sources_config import SourceSpec, SourcesConfig
from openevents.ingest.run import ingest_configured
from openevents.ingest.state import IngestState

DATASET = "voa-news-ngec2025"
ROUNDS = 2


def load_stories() -> list[dict]:
    path = eval_dir() / DATASET / "voa_stories.jsonl"
    if not path.is_file():
        raise Skip(f"{path} is absent")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def published(story: dict) -> dt.datetime:
    return dt.datetime.fromisoformat(story["published"].replace("Z", "+00:00").replace(" ", "T"))


def page(story: dict) -> bytes:
    """An article page like a news site's: metadata, navigation, the story in paragraphs of three sentences."""
    sentences = story["text"].replace(". ", ".\n").splitlines()
    paragraphs = ["".join(f"<p>{html.escape(' '.join(sentences[i:i + 3]))}</p>") for i in range(0, len(sentences), 3)]
    head = (f"<meta charset='utf-8'><title>{html.escape(story['title'])} | VOA</title>"
            f"<link rel='canonical' href='{html.escape(story['url'])}'>"
            f"<meta property='article:published_time' content='{published(story).isoformat()}'>"
            f"<meta name='author' content='{html.escape(story.get('author') or '')}'>")
    body = (f"<header><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></header><main><article>"
            f"<h1>{html.escape(story['title'])}</h1>{''.join(paragraphs)}</article></main>"
            f"<aside>Related stories</aside><footer>Voice of America</footer>")
    return f"<!DOCTYPE html><html lang='en'><head>{head}</head><body>{body}</body></html>".encode("utf-8")


def feed(stories: list[dict], base: str) -> bytes:
    items = "".join(
        f"<item><title>{html.escape(s['title'])}</title><link>{base}/a/{s['id']}.html</link>"
        f"<pubDate>{format_datetime(published(s), usegmt=True)}</pubDate></item>" for s in stories)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>VOA</title>"
            f"<link>{base}/</link><description>bench</description>{items}</channel></rss>").encode("utf-8")


class Site:
    """The stories as a web site on 127.0.0.1 (threads, keep-alive)."""

    def __init__(self, stories: list[dict]):
        routes: dict[str, tuple[str, bytes]] = {f"/a/{s['id']}.html": ("text/html; charset=utf-8", page(s))
                                                for s in stories}
        routes["/robots.txt"] = ("text/plain", b"User-agent: *\nAllow: /\n")

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                content_type, body = routes.get(self.path, ("text/plain", b""))
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        routes["/feed.xml"] = ("application/rss+xml", feed(stories, self.base))
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def write_warc(stories: list[dict], path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for story in stories:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(story["url"], "response", payload=io.BytesIO(page(story)),
                                                          http_headers=headers))


def timed(config: SourcesConfig, run_date: dt.date, state: IngestState | None = None) -> tuple[float, object]:
    started = time.perf_counter()
    result = ingest_configured(config, state or IngestState.of(), run_date)
    return time.perf_counter() - started, result


def run() -> list[Measurement]:
    stories = load_stories()
    run_date = max(published(s) for s in stories).date() + dt.timedelta(days=1)
    http = dataclasses.replace(HttpSettings(), per_host_delay=0.0, concurrency=4, user_agent="OpenEventsBench/1.0")
    site = Site(stories)
    try:
        config = SourcesConfig((SourceSpec("feed", "voa", {"url": f"{site.base}/feed.xml"}),), http)
        timed(config, run_date)  # warm-up: imports, first connections
        best, result = min((timed(config, run_date) for _ in range(ROUNDS)), key=lambda pair: pair[0])
        again, second = timed(config, run_date + dt.timedelta(days=1), IngestState.of(result.state))
    finally:
        site.close()
    read = result.articles.height + result.quarantine.height + result.known
    status = dict(result.articles.group_by("status").len().iter_rows())
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "voa.warc.gz"
        write_warc(stories, archive)
        warc_config = SourcesConfig((SourceSpec("warc", "voa-warc", {"paths": [str(archive)]}),), http)
        warc_time, warc = min((timed(warc_config, run_date) for _ in range(ROUNDS)), key=lambda pair: pair[0])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    note = (f"{len(stories)} stories: coded {status.get('coded', 0)}, duplicate {status.get('duplicate', 0)}, "
            f"quarantined {result.quarantine.height}")
    return [
        Measurement("feed + fetch + extract", result.articles.height / best, "articles/s",
                    f"{note}; best of {ROUNDS}, {best:.2f} s, concurrency {http.concurrency}"),
        Measurement("WARC read + extract", warc.articles.height / warc_time, "articles/s",
                    f"{warc.articles.height} records, best of {ROUNDS}, {warc_time:.2f} s"),
        Measurement("next night, nothing new", again * 1000, "ms",
                    f"{second.known} of {read} entries known, {second.articles.height} fetched"),
        Measurement("peak memory (process)", peak, "MiB", "max RSS of the benchmark process"),
    ]
