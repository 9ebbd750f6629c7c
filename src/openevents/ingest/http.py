"""Polite HTTP for ingestion: conditional requests, per-host delay, a concurrency cap, timeouts, retries with
backoff on 5xx and timeouts only, a size cap on every response, http/https only (every redirect hop is checked),
a clear User-Agent and robots.txt.

`Fetcher` is the interface the sources use; `HttpFetcher` is the real one (httpx) and `MappingFetcher` the fixture
one (canned responses, no network). A fetch never raises: failures come back as a `FetchResult` with a reason and
whether the next run should try again.
"""

from __future__ import annotations

import threading
import time
import zlib
from dataclasses import dataclass, field
from typing import Callable, Protocol
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from openevents import __version__

DEFAULT_USER_AGENT = (f"OpenEventsBot/{__version__} (+https://github.com/openevents/openevents; "
                      "open political event data for research)")
ROBOTS_MAX_BYTES = 512_000
MAX_CRAWL_DELAY = 30.0


@dataclass(frozen=True)
class HttpSettings:
    """How the fetcher behaves; the `[http]` table of the sources config."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    per_host_delay: float = 1.0
    concurrency: int = 4
    retries: int = 2
    backoff: float = 1.0
    max_redirects: int = 5
    respect_robots: bool = True


@dataclass(frozen=True)
class FetchResult:
    """What one fetch gave: a body (2xx), not-modified (304) or an error with a reason."""

    url: str
    final_url: str
    status: int | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    retryable: bool = False
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == 304


class Fetcher(Protocol):
    """GET a URL, optionally conditionally; never raises."""

    settings: HttpSettings

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult: ...

    def close(self) -> None: ...


def is_fetchable(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def failure(url: str, reason: str, retryable: bool, status: int | None = None, final_url: str | None = None,
            attempts: int = 1) -> FetchResult:
    return FetchResult(url, final_url or url, status, error=reason, retryable=retryable, attempts=attempts)


class HostThrottle:
    """At least `delay` seconds between the starts of two requests to one host (raised by robots.txt
    Crawl-delay); requests to different hosts do not wait for each other."""

    def __init__(self, delay: float, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic):
        self.delay, self.sleep, self.clock = delay, sleep, clock
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, delay: float) -> None:
        with self._guard:
            self._delays[host] = max(self.delay, min(delay, MAX_CRAWL_DELAY))

    def wait(self, host: str) -> None:
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            pause = self._next.get(host, 0.0) - self.clock()
            if pause > 0:
                self.sleep(pause)
            self._next[host] = self.clock() + self._delays.get(host, self.delay)


LOCATION = "x-openevents-location"


class KeepLocation(httpx.BaseTransport):
    """Moves a redirect's Location header aside, so that httpx does not parse it (it raises on a `javascript:`
    location before we can say why it is refused); `HttpFetcher.follow` checks and follows it."""

    def __init__(self, inner: httpx.BaseTransport):
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if "location" in response.headers:
            response.headers[LOCATION] = response.headers["location"]
            del response.headers["location"]
        return response

    def close(self) -> None:
        self.inner.close()


class HttpFetcher:
    """The real fetcher: one httpx client shared by the sources of a run (thread-safe)."""

    def __init__(self, settings: HttpSettings, sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None):
        self.settings = settings
        self.sleep = sleep
        self.throttle = HostThrottle(settings.per_host_delay, sleep)
        inner = transport or httpx.HTTPTransport(limits=httpx.Limits(max_connections=max(1, settings.concurrency) + 2))
        self.client = httpx.Client(
            follow_redirects=False, timeout=httpx.Timeout(settings.timeout), transport=KeepLocation(inner),
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"})
        self.robots = RobotsCache(self)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        if not is_fetchable(url):
            return failure(url, f"not an http(s) URL: {url[:200]}", retryable=False)
        if self.settings.respect_robots:
            refusal = self.robots.refusal(url)
            if refusal is not None:
                return refusal
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self.follow(url, headers, self.settings.max_bytes)

    def follow(self, url: str, headers: dict[str, str], max_bytes: int) -> FetchResult:
        """GET with redirects followed by hand, so that every hop's scheme is checked."""
        current, attempts = url, 0
        for _ in range(self.settings.max_redirects + 1):
            result = self.with_retries(current, headers, max_bytes)
            attempts += result.attempts
            location = result.headers.get(LOCATION)
            if result.error or result.status not in (301, 302, 303, 307, 308) or not location:
                return _restamp(result, url, attempts)
            current = urljoin(current, location)
            if not is_fetchable(current):
                return failure(url, f"redirect to a non-http(s) URL: {current[:200]}", False, result.status, current,
                               attempts)
        return failure(url, f"more than {self.settings.max_redirects} redirects", False, None, current, attempts)

    def with_retries(self, url: str, headers: dict[str, str], max_bytes: int) -> FetchResult:
        """One request, repeated with exponential backoff on 5xx and timeouts only."""
        for attempt in range(self.settings.retries + 1):
            result = self.once(url, headers, max_bytes)
            in_run_retry = result.status is not None and result.status >= 500 or "timed out" in (result.error or "")
            if not in_run_retry or attempt == self.settings.retries:
                return _restamp(result, url, attempt + 1)
            self.sleep(self.settings.backoff * 2 ** attempt)
        raise AssertionError("unreachable")

    def once(self, url: str, headers: dict[str, str], max_bytes: int) -> FetchResult:
        self.throttle.wait(host_of(url))
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                return read_response(url, response, max_bytes)
        except httpx.TimeoutException as exc:
            return failure(url, f"timed out ({type(exc).__name__})", retryable=True)
        except (httpx.DecodingError, zlib.error) as exc:
            return failure(url, f"corrupt or truncated compressed body: {exc}", retryable=True)
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            return failure(url, f"connection broken or body truncated: {exc}", retryable=True)
        except httpx.TransportError as exc:
            return failure(url, f"connection failed: {type(exc).__name__}: {exc}", retryable=True)
        except httpx.InvalidURL as exc:
            return failure(url, f"invalid URL: {exc}", retryable=False)


def _restamp(result: FetchResult, url: str, attempts: int) -> FetchResult:
    return FetchResult(url, result.final_url, result.status, result.body, result.headers, result.error,
                       result.retryable, attempts)


def read_response(url: str, response: httpx.Response, max_bytes: int) -> FetchResult:
    """Status, headers and at most `max_bytes` of (decompressed) body; errors for 4xx/5xx and oversize bodies."""
    headers = {k.lower(): v for k, v in response.headers.items()}
    final = str(response.url)
    status = response.status_code
    if status >= 400:
        retryable = status >= 500 or status in (408, 429)
        return FetchResult(url, final, status, headers=headers, error=f"HTTP {status}", retryable=retryable)
    if status in (301, 302, 303, 304, 307, 308):
        return FetchResult(url, final, status, headers=headers)
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        return FetchResult(url, final, status, headers=headers, error=f"response too large: {declared} bytes "
                           f"declared, the limit is {max_bytes}")
    try:
        body = read_body(response, headers.get("content-encoding", "").strip().lower(), max_bytes)
    except BodyTooLarge:
        return FetchResult(url, final, status, headers=headers,
                           error=f"response too large: more than {max_bytes} bytes")
    return FetchResult(url, final, status, body, headers)


class BodyTooLarge(Exception):
    pass


def read_body(response: httpx.Response, encoding: str, max_bytes: int) -> bytes:
    """The body, decompressed here (not by httpx, which accepts a truncated gzip stream without complaint), never
    more than `max_bytes` of it."""
    chunks, size = [], 0
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 32) if encoding in ("gzip", "x-gzip", "deflate") else None
    for raw in response.iter_raw():
        chunk = inflate.decompress(raw, max_bytes + 1 - size) if inflate else raw
        if inflate and inflate.unconsumed_tail:
            raise BodyTooLarge
        size += len(chunk)
        if size > max_bytes:
            raise BodyTooLarge
        chunks.append(chunk)
    if inflate is not None and not inflate.eof:
        raise httpx.DecodingError("compressed body ends before its end marker (truncated)")
    return b"".join(chunks)


class RobotsCache:
    """robots.txt per host, fetched once per run (RFC 9309: a 4xx means no rules, a 5xx or no answer means keep
    out for now). Crawl-delay raises the host's politeness delay."""

    def __init__(self, fetcher: HttpFetcher):
        self.fetcher = fetcher
        self._lock = threading.Lock()
        self._rules: dict[str, RobotFileParser | FetchResult | None] = {}

    def refusal(self, url: str) -> FetchResult | None:
        """None when the URL may be fetched, else the failure to report."""
        host = host_of(url)
        with self._lock:
            if host not in self._rules:
                self._rules[host] = self._load(host)
            rules = self._rules[host]
        if isinstance(rules, FetchResult):
            return failure(url, f"robots.txt unavailable ({rules.error}); not fetched", retryable=True)
        if rules is not None and not rules.can_fetch(self.fetcher.settings.user_agent, url):
            return failure(url, "disallowed by robots.txt", retryable=False)
        return None

    def _load(self, host: str) -> RobotFileParser | FetchResult | None:
        result = self.fetcher.follow(f"{host}/robots.txt", {}, ROBOTS_MAX_BYTES)
        if result.status is not None and 400 <= result.status < 500:
            return None
        if not result.ok:
            return result
        parser = RobotFileParser()
        parser.parse(result.body.decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(self.fetcher.settings.user_agent)
        if delay:
            self.fetcher.throttle.set_delay(host, float(delay))
        return parser


@dataclass
class MappingFetcher:
    """Fixture fetcher: canned results by URL (anything else is an HTTP 404); records what was asked."""

    responses: dict[str, FetchResult]
    settings: HttpSettings = field(default_factory=HttpSettings)
    requests: list[tuple[str, str | None, str | None]] = field(default_factory=list)

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        self.requests.append((url, etag, last_modified))
        return self.responses.get(url) or failure(url, "HTTP 404", retryable=False, status=404)

    def close(self) -> None:
        pass
