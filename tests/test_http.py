"""The polite HTTP fetcher against real servers on 127.0.0.1."""

from __future__ import annotations

import dataclasses

import pytest

from openevents.ingest.http import HostThrottle, HttpFetcher, HttpSettings
from openevents.ingest.web import FeedEntry, fetch_pages

from newsserver import NewsServer

FAST = HttpSettings(user_agent="OpenEventsTest/1.0 (+tests)", timeout=2.0, max_bytes=100_000, per_host_delay=0.0,
                    concurrency=4, retries=2, backoff=0.01, respect_robots=False)


@pytest.fixture
def site():
    server = NewsServer()
    yield server
    server.close()


def fetcher(**changes) -> HttpFetcher:
    return HttpFetcher(dataclasses.replace(FAST, **changes))


def test_page_user_agent_and_gzip(site):
    site.page("/a", "<html><body>hello</body></html>")
    site.gzipped("/z", "<html><body>zipped</body></html>")
    with fetcher() as f:
        plain, zipped = f.fetch(site.url("/a")), f.fetch(site.url("/z"))
    assert plain.ok and plain.body == b"<html><body>hello</body></html>"
    assert zipped.ok and b"zipped" in zipped.body
    assert site.requests_to("/a")[0].headers["user-agent"] == "OpenEventsTest/1.0 (+tests)"


def test_conditional_requests_get_304(site):
    site.page("/feed", "<rss/>", etag='"v1"', last_modified="Wed, 19 Jun 2024 08:00:00 GMT")
    with fetcher() as f:
        first = f.fetch(site.url("/feed"))
        again = f.fetch(site.url("/feed"), etag=first.headers["etag"], last_modified=first.headers["last-modified"])
    assert first.ok and first.headers["etag"] == '"v1"'
    assert again.not_modified and again.body == b"" and not again.error
    assert site.requests_to("/feed")[1].headers["if-none-match"] == '"v1"'
    assert site.requests_to("/feed")[1].headers["if-modified-since"] == "Wed, 19 Jun 2024 08:00:00 GMT"


@pytest.mark.parametrize(
    "setup, expect_error, retryable, requests",
    [
        (lambda s: s.flaky("/p", 2, "<p>ok</p>"), None, False, 3),  # 5xx twice, then fine
        (lambda s: s.flaky("/p", 5, "<p>ok</p>"), "HTTP 503", True, 3),  # still failing: next run retries
        (lambda s: s.status("/p", 404), "HTTP 404", False, 1),  # 4xx: never retried
        (lambda s: s.status("/p", 410), "HTTP 410", False, 1),
        (lambda s: s.status("/p", 429), "HTTP 429", True, 1),  # too many requests: not now, a later run
        (lambda s: s.page("/p", "<p>slow</p>", delay=0.6), "timed out", True, 3),  # timeouts are retried
    ],
)
def test_retries_only_on_5xx_and_timeouts(site, setup, expect_error, retryable, requests):
    setup(site)
    with fetcher(timeout=0.3) as f:
        result = f.fetch(site.url("/p"))
    assert result.error is None if expect_error is None else result.error.startswith(expect_error)
    assert result.retryable == retryable
    assert len(site.requests_to("/p")) == requests == result.attempts


def test_backoff_doubles(site):
    site.flaky("/p", 5, "x")
    pauses: list[float] = []
    with HttpFetcher(dataclasses.replace(FAST, backoff=0.5, retries=3), sleep=pauses.append) as f:
        f.fetch(site.url("/p"))
    assert pauses == [0.5, 1.0, 2.0]


@pytest.mark.parametrize(
    "location, reason",
    [
        ("ftp://files.example/story", "redirect to a non-http(s) URL: ftp://files.example/story"),
        ("javascript:alert(1)", "redirect to a non-http(s) URL: javascript:alert(1)"),
        ("file:///etc/passwd", "redirect to a non-http(s) URL: file:///etc/passwd"),
    ],
)
def test_redirects_to_other_schemes_are_refused(site, location, reason):
    site.redirect("/r", location)
    with fetcher() as f:
        result = f.fetch(site.url("/r"))
    assert result.error == reason and not result.retryable


def test_redirects_are_followed_and_limited(site):
    site.redirect("/old", "/hop")
    site.redirect("/hop", "/new", 301)
    site.page("/new", "<p>moved</p>")
    site.redirect("/loop", "/loop")
    with fetcher(max_redirects=3) as f:
        moved, loop = f.fetch(site.url("/old")), f.fetch(site.url("/loop"))
    assert moved.ok and moved.final_url == site.url("/new") and moved.url == site.url("/old")
    assert loop.error == "more than 3 redirects" and len(site.requests_to("/loop")) == 4


def test_non_http_urls_are_refused_without_a_request(site):
    with fetcher() as f:
        result = f.fetch("ftp://127.0.0.1/x")
    assert result.error.startswith("not an http(s) URL") and site.log == []


def test_size_cap_declared_and_streamed(site):
    big = b"x" * 200_000
    site.page("/declared", big)
    site.routes["/streamed"] = lambda r: (200, {"Content-Type": "text/html", "Content-Length": None,
                                                "Connection": "close"}, big)
    with fetcher() as f:
        declared, streamed = f.fetch(site.url("/declared")), f.fetch(site.url("/streamed"))
    assert declared.error == "response too large: 200000 bytes declared, the limit is 100000"
    assert streamed.error == "response too large: more than 100000 bytes"
    assert not declared.retryable and declared.body == b"" == streamed.body


def test_truncated_gzip_is_a_retryable_failure(site):
    site.gzipped("/t", "<p>" + "story text " * 2000 + "</p>", truncate=True)
    with fetcher() as f:
        result = f.fetch(site.url("/t"))
    assert result.error and ("truncated" in result.error or "broken" in result.error) and result.retryable


def test_short_body_is_a_retryable_failure(site):
    site.routes["/short"] = lambda r: (200, {"Content-Type": "text/html", "Content-Length": "5000",
                                             "Connection": "close"}, b"<p>only part</p>")
    with fetcher() as f:
        result = f.fetch(site.url("/short"))
    assert result.error and result.retryable


def test_connection_refused_is_retryable():
    server = NewsServer()
    url = server.url("/gone")
    server.close()
    with fetcher() as f:
        result = f.fetch(url)
    assert result.error.startswith("connection failed") and result.retryable and result.attempts == 1


@pytest.mark.parametrize(
    "robots, path, allowed",
    [
        ("User-agent: *\nDisallow: /private/\n", "/private/a", False),
        ("User-agent: *\nDisallow: /private/\n", "/public/a", True),
        ("User-agent: OpenEventsTest\nDisallow: /\n\nUser-agent: *\nAllow: /\n", "/public/a", False),
        ("User-agent: SomeoneElse\nDisallow: /\n", "/public/a", True),
    ],
)
def test_robots_txt_is_honoured(site, robots, path, allowed):
    site.page("/robots.txt", robots, content_type="text/plain")
    site.page(path, "<p>page</p>")
    with fetcher(respect_robots=True) as f:
        result = f.fetch(site.url(path))
    assert result.ok == allowed
    assert len(site.requests_to(path)) == int(allowed)
    if not allowed:
        assert result.error == "disallowed by robots.txt" and not result.retryable


def test_robots_txt_missing_allows_and_failing_defers(site):
    site.page("/a", "<p>a</p>")
    with fetcher(respect_robots=True) as f:
        assert f.fetch(site.url("/a")).ok and f.fetch(site.url("/a")).ok
    assert len(site.requests_to("/robots.txt")) == 1  # once per host and run
    site.status("/robots.txt", 503)
    with fetcher(respect_robots=True, retries=0) as f:
        result = f.fetch(site.url("/a"))
    assert result.error.startswith("robots.txt unavailable (HTTP 503)") and result.retryable


def test_robots_can_be_switched_off(site):
    site.page("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
    site.page("/a", "<p>a</p>")
    with fetcher(respect_robots=False) as f:
        assert f.fetch(site.url("/a")).ok
    assert site.requests_to("/robots.txt") == []


def test_crawl_delay_raises_the_host_delay(site):
    site.page("/robots.txt", "User-agent: *\nCrawl-delay: 7\n", content_type="text/plain")
    site.page("/a", "<p>a</p>")
    pauses: list[float] = []
    with HttpFetcher(dataclasses.replace(FAST, respect_robots=True), sleep=pauses.append) as f:
        f.fetch(site.url("/a"))
        f.fetch(site.url("/a"))
    assert pauses and 6.5 < pauses[-1] <= 7.0


def test_per_host_delay_spaces_requests(site):
    site.page("/a", "<p>a</p>")
    with fetcher(per_host_delay=0.2) as f:
        for _ in range(3):
            f.fetch(site.url("/a"))
    times = [r.at for r in site.requests_to("/a")]
    assert len(times) == 3 and all(later - earlier >= 0.1 for earlier, later in zip(times, times[1:]))


def test_throttle_keeps_hosts_apart():
    now = {"t": 0.0}
    pauses: list[tuple[str, float]] = []
    throttle = HostThrottle(1.0, sleep=lambda s: pauses.append(("sleep", s)), clock=lambda: now["t"])
    throttle.wait("http://a")
    throttle.wait("http://b")
    throttle.wait("http://a")
    assert pauses == [("sleep", 1.0)]


def test_concurrency_is_capped(site):
    for n in range(8):
        site.page(f"/slow{n}", "<p>slow</p>", delay=0.15)
    with fetcher(concurrency=3) as f:
        records = list(fetch_pages(f, [FeedEntry(site.url(f"/slow{n}")) for n in range(8)], "s"))
    assert [r.kind for r in records] == ["html"] * 8
    assert [r.input_ref for r in records] == [site.url(f"/slow{n}") for n in range(8)]  # in entry order
    assert site.max_in_flight == 3
