"""Sources on the web: RSS/Atom feeds (each new entry's page is fetched, or its inline content used) and lists of
article pages. Pages already ingested by an earlier run are not fetched again; pages whose last fetch failed for a
passing reason are tried again."""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Iterator
from urllib.parse import urljoin

from openevents.ingest.extract import decode_html, is_html_type
from openevents.ingest.http import FetchResult, Fetcher, is_fetchable
from openevents.ingest.sources import RawRecord, SourceContext, error_record, known_record
from openevents.ingest.urls import canonical_url


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, as the feed describes it."""

    link: str
    title: str | None = None
    published: str | None = None  # ISO 8601, UTC
    author: str | None = None
    entry_id: str | None = None
    content: str | None = None  # inline HTML (content:encoded / atom content, else the summary)

    def meta(self) -> dict[str, Any]:
        return {"feed_title": self.title, "feed_published": self.published, "feed_author": self.author,
                "entry_id": self.entry_id}


def _struct_time_iso(value: Any) -> str | None:
    if not value:
        return None
    return dt.datetime(*value[:6], tzinfo=dt.timezone.utc).isoformat()


def _entry_content(entry: Any) -> str | None:
    for item in entry.get("content") or []:
        if item.get("value"):
            return str(item["value"])
    return entry.get("summary") or None


def parse_feed(body: bytes, feed_url: str, content_type: str | None = None) -> tuple[list[FeedEntry], str | None]:
    """Entries of an RSS/Atom document (links resolved against the feed URL), or a reason it is unusable. A feed
    with recoverable errors still gives its entries. Pure (feedparser is given bytes, never a URL)."""
    import feedparser

    headers = {"content-location": feed_url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False)
    if parsed.get("bozo") and not any(entry.get("link") for entry in parsed.entries):
        return [], f"malformed feed: {parsed.get('bozo_exception')}"
    if not parsed.entries and not parsed.get("version"):
        return [], "not an RSS or Atom feed"
    entries = []
    for entry in parsed.entries:
        link = str(entry.get("link") or "").strip()
        entries.append(FeedEntry(
            link=urljoin(feed_url, link) if link else "", title=entry.get("title") or None,
            published=_struct_time_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
            author=entry.get("author") or None, entry_id=entry.get("id") or None, content=_entry_content(entry)))
    return entries, None


def page_record(result: FetchResult, source_name: str, entry_meta: dict[str, Any], fetched_at: str) -> RawRecord:
    """A fetched page as an `html` record, or an `error` record saying why not."""
    key = canonical_url(result.url)
    details = {"url": result.url, "final_url": result.final_url, "http_status": result.status}
    if result.error:
        return error_record(result.url, source_name, result.error, result.retryable, key, **details)
    content_type = result.headers.get("content-type")
    if not is_html_type(content_type):
        return error_record(result.url, source_name, f"not an HTML page ({content_type})", False, key, **details)
    page, encoding = decode_html(result.body, content_type)
    meta = {**entry_meta, "url": result.final_url, "key": key, "fetched_at": fetched_at,
            "http_status": result.status, "encoding": encoding}
    return RawRecord(result.url, "html", page, source_name, meta)


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


def fetch_pages(fetcher: Fetcher, entries: list[FeedEntry], source_name: str) -> Iterator[RawRecord]:
    """Fetch the entries' pages, at most `concurrency` at a time, yielding records in entry order."""

    def one(entry: FeedEntry) -> RawRecord:
        result = fetcher.fetch(entry.link)
        return page_record(result, source_name, entry.meta(), now_iso())

    workers = max(1, fetcher.settings.concurrency)
    chunk = workers * 8  # pages held in memory at once are bounded, however long the feed
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="openevents-fetch") as pool:
        for start in range(0, len(entries), chunk):
            yield from pool.map(one, entries[start:start + chunk])


def split_entries(ctx: SourceContext, entries: list[FeedEntry], source_name: str,
                  ref: str) -> tuple[list[FeedEntry], list[RawRecord]]:
    """Entries to read now, and records for the others (unusable links, entries met before)."""
    usable, records = [], []
    for entry in entries:
        if is_fetchable(entry.link) and canonical_url(entry.link):
            usable.append(entry)
        else:
            reason = (f"feed entry link is not http(s): {entry.link[:200]}" if entry.link
                      else "feed entry without a link")
            records.append(error_record(f"{ref}#{entry.entry_id or entry.link or entry.title}", source_name, reason,
                                        False, None, feed=ref, link=entry.link, title=entry.title))
    verdicts = ctx.split_new(canonical_url(e.link) or e.link for e in usable)
    fresh = []
    for entry, why in zip(usable, verdicts):
        if why is None:
            fresh.append(entry)
        else:
            records.append(known_record(entry.link, source_name, canonical_url(entry.link) or entry.link, why))
    return fresh, records


@dataclass
class FeedSource:
    """An RSS or Atom feed polled with a conditional request; new entries' pages are fetched and extracted."""

    name: str
    url: str
    ctx: SourceContext
    fetch_articles: bool = True

    def feed_record(self, result: FetchResult, entries: int, reason: str | None) -> RawRecord:
        meta = {"key": canonical_url(self.url) or self.url, "url": self.url, "ok": reason is None,
                "not_modified": result.not_modified, "reason": reason, "retryable": result.retryable,
                "http_status": result.status, "etag": result.headers.get("etag"),
                "last_modified": result.headers.get("last-modified"), "entries": entries}
        payload = json.dumps({k: meta[k] for k in ("url", "http_status", "reason", "entries")}, sort_keys=True)
        return RawRecord(f"feed:{self.url}", "feed", payload, self.name, meta)

    def poll(self) -> tuple[list[FeedEntry], RawRecord]:
        previous = self.ctx.state.feed(canonical_url(self.url) or self.url) or {}
        result = self.ctx.fetcher.fetch(self.url, previous.get("etag"), previous.get("last_modified"))
        if result.not_modified:
            return [], self.feed_record(result, 0, None)
        if not result.ok:
            return [], self.feed_record(result, 0, result.error or f"HTTP {result.status}")
        entries, problem = parse_feed(result.body, result.final_url, result.headers.get("content-type"))
        return entries, self.feed_record(result, len(entries), problem)

    def read(self, run_date: dt.date) -> Iterator[RawRecord]:
        entries, record = self.poll()
        yield record
        listed = {canonical_url(e.link) for e in entries}
        retries = [FeedEntry(link=url) for url in self.ctx.state.pending(self.name) if canonical_url(url) not in listed]
        fresh, others = split_entries(self.ctx, [*entries, *retries], self.name, f"feed:{self.url}")
        yield from others
        if self.fetch_articles:
            yield from fetch_pages(self.ctx.fetcher, fresh, self.name)
            return
        for entry in fresh:
            meta = {**entry.meta(), "url": entry.link, "key": canonical_url(entry.link), "fetched_at": now_iso()}
            yield RawRecord(entry.link, "html", f"<html><body><article>{entry.content or ''}</article></body></html>",
                            self.name, meta)


@dataclass
class WebSource:
    """A fixed list of article pages (fetched once: a page already ingested is not fetched again)."""

    name: str
    urls: list[str]
    ctx: SourceContext

    def read(self, run_date: dt.date) -> Iterator[RawRecord]:
        fresh, others = split_entries(self.ctx, [FeedEntry(link=u) for u in self.urls], self.name, f"web:{self.name}")
        yield from others
        yield from fetch_pages(self.ctx.fetcher, fresh, self.name)
