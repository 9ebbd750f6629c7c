"""Feeds, web pages, WARC archives and saved pages: parsing and extraction (pure), and the sources against a
news site on 127.0.0.1 and WARC files written here."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import polars as pl
import pytest

from openevents.ingest.extract import candidate_from_html, decode_html, find_canonical, parse_tree
from openevents.ingest.http import HttpFetcher, HttpSettings
from openevents.ingest.records import RecordRejected
from openevents.ingest.run import ingest_sources
from openevents.ingest.sources import LocalFileSource, SourceContext
from openevents.ingest.state import IngestState
from openevents.ingest.warc import WarcSource, read_warc
from openevents.ingest.web import FeedSource, WebSource, parse_feed

from newsserver import NewsServer, article_html, rss

RUN = dt.date(2024, 6, 20)
SETTINGS = HttpSettings(user_agent="OpenEventsTest/1.0", timeout=2.0, max_bytes=200_000, per_host_delay=0.0,
                        retries=1, backoff=0.01, respect_robots=True)
TREATY = ["Russia and North Korea signed a comprehensive strategic partnership treaty in Pyongyang on Wednesday.",
          "The agreement commits both countries to mutual military assistance if either is attacked, officials said."]
POLICE = ["Kenyan police officers arrived in Port-au-Prince on Tuesday to lead a multinational security mission.",
          "Haiti's transitional council welcomed the deployment and asked for more support from the United Nations."]


@pytest.fixture
def site():
    server = NewsServer()
    yield server
    server.close()


# --- parsing and extraction (pure) -------------------------------------------------------------------------------

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>Treaty</title><link href="/world/treaty"/><id>tag:1</id><updated>2024-06-19T08:00:00Z</updated>
<author><name>Jane Doe</name></author><content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>"""


@pytest.mark.parametrize(
    "body, links, problem",
    [
        (rss([{"title": "A", "link": "https://n.example/a", "pubDate": "Wed, 19 Jun 2024 08:00:00 GMT"},
              {"title": "B", "link": "/b"}]), ["https://n.example/a", "http://feeds.example/b"], None),
        (ATOM, ["http://feeds.example/world/treaty"], None),
        ("<rss><channel><item><title>x</ti", [], "malformed feed"),
        ("<html><body><p>Not a feed at all</p></body></html>", [], "not an RSS or Atom feed"),
        ("", [], "not an RSS or Atom feed"),
    ],
)
def test_parse_feed(body, links, problem):
    entries, reason = parse_feed(body.encode("utf-8"), "http://feeds.example/rss.xml")
    assert [e.link for e in entries] == links
    assert (reason or "").startswith(problem or "")


def test_feed_entry_fields():
    (entry,), _ = parse_feed(ATOM.encode(), "http://feeds.example/atom.xml")
    assert (entry.title, entry.published, entry.author, entry.entry_id) == (
        "Treaty", "2024-06-19T08:00:00+00:00", "Jane Doe", "tag:1")
    assert "<p>Body</p>" in entry.content


@pytest.mark.parametrize(
    "body, content_type, text, encoding",
    [
        ("Curaçao".encode("utf-8"), "text/html; charset=utf-8", "Curaçao", "utf-8"),
        ("Curaçao".encode("latin-1"), "text/html; charset=ISO-8859-1", "Curaçao", "cp1252"),
        ('<meta charset="windows-1252"><p>Curaçao – ok</p>'.encode("cp1252"), None, "Curaçao – ok",
         "windows-1252"),
        ("Curaçao".encode("latin-1"), None, "Curaçao", "cp1252"),  # undeclared, not UTF-8
        (b"\xef\xbb\xbfCura\xc3\xa7ao", None, "Curaçao", "utf-8-sig"),
        ("Curaçao".encode("utf-8"), "text/html; charset=no-such-codec", "Curaçao", "utf-8"),
    ],
)
def test_decode_html(body, content_type, text, encoding):
    decoded, used = decode_html(body, content_type)
    assert text in decoded and used == encoding


@pytest.mark.parametrize(
    "head, base, expected",
    [
        ('<link rel="canonical" href="/world/x?utm_source=rss">', "https://n.example/amp/world/x",
         "https://n.example/world/x?utm_source=rss"),
        ('<link rel="Canonical" href="https://other.example/original">', "https://n.example/a",
         "https://other.example/original"),
        ('<meta property="og:url" content="https://n.example/og">', None, "https://n.example/og"),
        ('<link rel="canonical" href="javascript:void(0)">', "https://n.example/a", None),
        ("", "https://n.example/a", None),
    ],
)
def test_find_canonical(head, base, expected):
    tree = parse_tree(f"<html><head>{head}</head><body><p>x</p></body></html>")
    assert find_canonical(tree, base) == expected


@pytest.mark.parametrize(
    "meta, page_date, expected, source",
    [
        ({"feed_published": "2024-06-19T07:00:00+00:00", "fetched_at": "2024-06-20T01:00:00+00:00"},
         "2024-06-19T08:00:00Z", dt.datetime(2024, 6, 19, 7, tzinfo=dt.timezone.utc), "feed"),
        ({"fetched_at": "2024-06-20T01:00:00+00:00"}, "2024-06-19T08:00:00Z",
         dt.datetime(2024, 6, 19, 8, tzinfo=dt.timezone.utc), "page"),
        ({"fetched_at": "2024-06-20T01:00:00+00:00"}, None, dt.datetime(2024, 6, 20, 1, tzinfo=dt.timezone.utc),
         "fetch_time"),
        ({"feed_published": "garbage", "fetched_at": "2024-06-20T01:00:00+00:00"}, "2024-06-19T08:00:00Z",
         dt.datetime(2024, 6, 19, 8, tzinfo=dt.timezone.utc), "page"),
    ],
)
def test_publication_date_and_its_source(meta, page_date, expected, source):
    page = article_html("Treaty", TREATY, canonical="/world/treaty", published=page_date, author="Jane Doe")
    c = candidate_from_html(page, {"url": "https://n.example/amp/world/treaty?utm_source=x", **meta}, "r", "n", RUN)
    assert (c.published_at, c.date_source) == (expected, source)
    assert c.canonical_hint == "https://n.example/world/treaty" and c.author == "Jane Doe"
    assert c.title == "Treaty" and TREATY[1] in c.text and "Copyright" not in c.text


@pytest.mark.parametrize(
    "page, meta, reason",
    [
        ("<html><body><nav>Home</nav></body></html>", {"fetched_at": "2024-06-20T00:00:00Z"},
         r"no usable article text in the page: text too short"),
        ("<html><body></body></html>", {"fetched_at": "2024-06-20T00:00:00Z"}, "no extractable article text"),
        (article_html("T", TREATY), {}, "no publication date"),
        (article_html("T", TREATY, published="2031-01-01T00:00:00Z"), {}, "in the future"),
        (article_html("T", TREATY, published="1975-01-01T00:00:00Z"), {}, "before 1979"),
    ],
)
def test_unusable_pages_are_rejected(page, meta, reason):
    with pytest.raises(RecordRejected, match=reason):
        candidate_from_html(page, meta, "r", "n", RUN)


# --- sources against the local site ------------------------------------------------------------------------------

def context(state: IngestState | None = None, **http) -> SourceContext:
    import dataclasses

    return SourceContext(state=state or IngestState.of(), fetcher=HttpFetcher(dataclasses.replace(SETTINGS, **http)))


def news_site(site: NewsServer) -> str:
    """A feed with a good article, a syndicated near copy, a page that fails for good, one that fails for now,
    a page that is not HTML, a non-UTF-8 page and an entry whose link is not http."""
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.page("/world/treaty", article_html("Treaty signed", TREATY, canonical="/world/treaty",
                                            published="2024-06-19T08:00:00Z"))
    site.page("/partner/treaty", article_html("Treaty signed (wire)", TREATY + ["Reporting by the wire."],
                                              published="2024-06-19T09:00:00Z"))
    site.status("/world/gone", 404)
    site.status("/world/busy", 503)
    site.page("/world/report.pdf", b"%PDF-1.4", content_type="application/pdf")
    site.page("/world/haiti", article_html("Kenyan police in Haiti", POLICE, charset="iso-8859-1")
              .replace("Port-au-Prince", "Port-au-Prince (Haïti)").encode("latin-1"),
              content_type="text/html")
    site.page("/private/memo", article_html("Memo", POLICE))
    items = [{"title": "Treaty", "link": site.url("/world/treaty?utm_source=rss"),
              "pubDate": "Wed, 19 Jun 2024 08:00:00 GMT"},
             {"title": "Wire copy", "link": site.url("/partner/treaty")},
             {"title": "Gone", "link": site.url("/world/gone")},
             {"title": "Busy", "link": site.url("/world/busy")},
             {"title": "PDF", "link": site.url("/world/report.pdf")},
             {"title": "Haiti", "link": site.url("/world/haiti"), "pubDate": "Tue, 18 Jun 2024 10:00:00 GMT"},
             {"title": "Memo", "link": site.url("/private/memo")},
             {"title": "Mail", "link": "mailto:desk@n.example"}]
    site.page("/rss.xml", rss(items), content_type="application/rss+xml", etag='"feed-1"')
    return site.url("/rss.xml")


def test_feed_source_reads_new_entries(site):
    feed = news_site(site)
    ctx = context()
    result = ingest_sources([FeedSource("wire", feed, ctx)], RUN, ctx.state)
    ctx.fetcher.close()
    articles = result.articles.sort("published_at")
    assert articles.select("title", "status", "duplicate_by").rows() == [
        ("Haiti", "coded", None), ("Treaty", "coded", None), ("Wire copy", "duplicate", "near_text")]
    assert articles.row(2, named=True)["duplicate_of"] == articles.row(1, named=True)["article_id"]
    haiti = articles.row(0, named=True)
    assert "Port-au-Prince (Haïti)" in haiti["text"] and haiti["date_source"] == "feed"
    assert articles.row(1, named=True)["canonical_url"] == site.url("/world/treaty").replace("http://", "https://")
    reasons = dict(result.quarantine.select("input_ref", "reason").iter_rows())
    assert reasons[site.url("/world/gone")] == "HTTP 404"
    assert reasons[site.url("/world/busy")] == "HTTP 503 (attempt 1 of 3; a later run tries again)"
    assert reasons[site.url("/world/report.pdf")] == "not an HTML page (application/pdf)"
    assert reasons[site.url("/private/memo")] == "disallowed by robots.txt"
    assert any(r.startswith("feed entry link is not http(s): mailto:") for r in reasons.values())
    assert result.feeds == {"polled": 1, "not_modified": 0, "failed": 0}
    assert articles.height + result.quarantine.height + result.known == 8
    assert len(site.requests_to("/world/busy")) == 2  # one in-run retry


def night(site: NewsServer, feed: str, state: IngestState, day: dt.date):
    ctx = context(state)
    before = len(site.log)
    result = ingest_sources([FeedSource("wire", feed, ctx)], day, state)
    ctx.fetcher.close()
    return result, [r.path for r in site.log[before:]]


def test_next_night_fetches_only_what_is_new_and_retries(site):
    feed = news_site(site)
    first, _ = night(site, feed, IngestState.of(), RUN)
    state = IngestState.of(first.state)
    # night 2: the feed has one new entry (and a new ETag); the busy page works again
    site.page("/world/busy", article_html("Busy no more", POLICE, published="2024-06-20T06:00:00Z"))
    site.page("/world/new", article_html("New", ["Brazil and Argentina agreed on Thursday to resume talks on "
                                                 "their disputed trade quotas after a two-year pause."],
                                         published="2024-06-20T07:00:00Z"))
    old = site.routes["/rss.xml"]({"if-none-match": None} and type("R", (), {"headers": {}})())[2].decode()
    site.page("/rss.xml", old.replace("<item>", f"<item><title>New</title><link>{site.url('/world/new')}</link>"
                                      "</item><item>", 1), content_type="application/rss+xml", etag='"feed-2"')
    second, paths = night(site, feed, state, RUN + dt.timedelta(days=1))
    assert sorted(set(paths)) == ["/robots.txt", "/rss.xml", "/world/busy", "/world/new"]
    assert site.requests_to("/rss.xml")[-1].headers["if-none-match"] == '"feed-1"'
    assert sorted(second.articles.get_column("title").to_list()) == ["Busy", "New"]
    assert (second.known, second.quarantine.height) == (7, 0)  # 3 ingested, 4 given up: none fetched again
    # night 3: nothing new, the feed answers 304
    third, paths = night(site, feed, IngestState.of(pl.concat([first.state.filter(
        ~pl.col("key").is_in(second.state.get_column("key").implode())), second.state])), RUN + dt.timedelta(days=2))
    assert paths == ["/robots.txt", "/rss.xml"] and third.feeds["not_modified"] == 1
    assert third.articles.height == third.quarantine.height == third.known == 0


def test_retryable_failures_are_given_up_after_max_attempts(site):
    site.status("/busy", 503)
    site.page("/rss.xml", rss([{"title": "Busy", "link": site.url("/busy"),
                                "pubDate": "Wed, 19 Jun 2024 08:00:00 GMT"}]))
    state, reasons = IngestState.of(), []
    for n in range(4):
        result, _ = night(site, site.url("/rss.xml"), state, RUN + dt.timedelta(days=n))
        reasons += result.quarantine.get_column("reason").to_list()
        merged = pl.concat([state.rows.collect().filter(~pl.col("key").is_in(result.state.get_column("key").implode())),
                            result.state])
        state = IngestState.of(merged)
    assert reasons == ["HTTP 503 (attempt 1 of 3; a later run tries again)",
                       "HTTP 503 (attempt 2 of 3; a later run tries again)", "HTTP 503 (attempt 3 of 3; given up)"]
    row = state.lookup([state.rows.collect().filter(pl.col("kind") == "article").get_column("key")[0]])
    assert [(r["status"], r["attempts"]) for r in row.values()] == [("failed", 3)]


def test_malformed_and_failing_feeds_are_recorded(site):
    site.page("/bad.xml", "<rss><channel><item><title>broken", content_type="application/rss+xml")
    site.status("/down.xml", 500)
    ctx = context(retries=0)
    result = ingest_sources([FeedSource("bad", site.url("/bad.xml"), ctx), FeedSource("down", site.url("/down.xml"),
                                                                                     ctx)], RUN, ctx.state)
    ctx.fetcher.close()
    rows = result.quarantine.select("record_type", "input_ref", "reason").rows()
    assert rows[0][:2] == ("feed", f"feed:{site.url('/bad.xml')}") and rows[0][2].startswith("malformed feed")
    assert rows[1] == ("feed", f"feed:{site.url('/down.xml')}", "HTTP 500")
    assert result.feeds == {"polled": 2, "not_modified": 0, "failed": 2}
    assert result.state.filter(pl.col("kind") == "feed").get_column("status").to_list() == ["retry", "retry"]


def test_feed_with_inline_content(site):
    body = "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in TREATY)
    site.page("/full.xml", rss([{"title": "Treaty", "link": site.url("/never-fetched"),
                                 "pubDate": "Wed, 19 Jun 2024 08:00:00 GMT", "description": body}]))
    ctx = context()
    result = ingest_sources([FeedSource("full", site.url("/full.xml"), ctx, fetch_articles=False)], RUN, ctx.state)
    ctx.fetcher.close()
    assert result.articles.get_column("text").to_list() == ["\n".join(TREATY)]
    assert site.requests_to("/never-fetched") == []


def test_web_source_and_urls_met_twice_in_a_run(site):
    site.page("/a", article_html("A", TREATY, published="2024-06-19T08:00:00Z"))
    ctx = context(respect_robots=False)
    sources = [WebSource("list", [site.url("/a"), site.url("/a#comments")], ctx),
               WebSource("other", [site.url("/a")], ctx)]
    result = ingest_sources(sources, RUN, ctx.state)
    ctx.fetcher.close()
    assert result.articles.height == 1 and result.known == 2 and len(site.requests_to("/a")) == 1


# --- WARC archives and local pages -------------------------------------------------------------------------------

def write_warc(path: Path, pages: list[tuple[str, str, bytes, str]]) -> bytes:
    """(uri, status line, body, content type) responses, plus a request record, gzip per record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warc_record("https://n.example/", "request", payload=io.BytesIO(b"GET /")))
        for uri, status, body, content_type in pages:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-06-19T09:00:00Z"}))
    return path.read_bytes()


def warc_pages() -> list[tuple[str, str, bytes, str]]:
    return [("https://n.example/treaty", "200 OK", article_html("Treaty", TREATY).encode(), "text/html"),
            ("https://n.example/logo.png", "200 OK", b"\x89PNG....", "image/png"),
            ("https://n.example/missing", "404 Not Found", b"<p>no</p>", "text/html"),
            ("https://n.example/haiti", "200 OK", article_html("Haiti", POLICE, published="2024-06-18T10:00:00Z")
             .encode(), "text/html; charset=utf-8")]


def test_warc_source(tmp_path):
    write_warc(tmp_path / "news.warc.gz", warc_pages())
    ctx = SourceContext(state=IngestState.of())
    result = ingest_sources([WarcSource("cc", [tmp_path], ctx)], RUN, ctx.state)
    assert sorted(result.articles.select("url", "date_source").rows()) == [("https://n.example/haiti", "page"),
                                                                           ("https://n.example/treaty", "fetch_time")]
    assert result.quarantine.get_column("reason").to_list() == ["HTTP 404 in the archive"]
    again = ingest_sources([WarcSource("cc", [tmp_path], SourceContext(state=IngestState.of(result.state)))],
                           RUN, IngestState.of(result.state))
    assert (again.articles.height, again.quarantine.height, again.known) == (0, 0, 3)


def test_truncated_warc_keeps_what_came_before(tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    data = write_warc(tmp_path / "full.warc.gz", warc_pages())
    with (tmp_path / "full.warc.gz").open("rb") as stream:
        offsets = [records.offset for records in [ArchiveIterator(stream)] for _ in records]
    for cut in range(offsets[-1] + 10, len(data) - 20, 40):  # anywhere inside the last record
        (tmp_path / "cut.warc.gz").write_bytes(data[:cut])
        records = list(read_warc(tmp_path / "cut.warc.gz", "cc", 100_000))
        assert [r.kind for r in records] == ["html", "error", "error"], cut
        assert records[-1].meta["reason"].startswith("truncated")
        assert records[-1].input_ref == f"cut.warc.gz@{offsets[-1]}"


def test_warc_is_streamed_record_by_record(tmp_path):
    write_warc(tmp_path / "news.warc.gz", warc_pages())
    records = read_warc(tmp_path / "news.warc.gz", "cc", 100_000)
    first = next(records)  # the generator hands out the first page before reading the rest
    assert first.meta["url"] == "https://n.example/treaty"
    records.close()


def test_local_html_file(tmp_path):
    page = tmp_path / "saved.html"
    page.write_bytes(article_html("Haiti", POLICE, canonical="https://n.example/haiti?utm_medium=email",
                                  charset="iso-8859-1").replace("Haiti's", "Haïti's").encode("latin-1"))
    os.utime(page, (1718791200, 1718791200))  # 2024-06-19T10:00:00Z
    result = ingest_sources([LocalFileSource([tmp_path])], RUN)
    row = result.articles.row(0, named=True)
    assert (row["canonical_url"], row["date_source"]) == ("https://n.example/haiti", "fetch_time")
    assert row["published_at"] == dt.datetime(2024, 6, 19, 10, tzinfo=dt.timezone.utc) and "Haïti's" in row["text"]
