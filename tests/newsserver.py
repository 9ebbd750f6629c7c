"""A small news web site on 127.0.0.1 for the ingestion tests: routes are functions of the request, every request
is logged (path, headers, arrival time) and the number of requests in flight is tracked."""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

Response = tuple[int, dict[str, str], bytes]


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class NewsServer:
    routes: dict[str, Callable[[Request], Response]] = field(default_factory=dict)
    log: list[Request] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                request = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
                with server.lock:
                    server.log.append(request)
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    route = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
                    status, headers, body = route(request) if route else (404, {}, b"not found")
                    self.send_response(status)
                    headers = {"Content-Length": str(len(body)), **headers}
                    for name, value in headers.items():
                        if value is not None:
                            self.send_header(name, value)
                    self.end_headers()
                    try:
                        self.wfile.write(body)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                finally:
                    with server.lock:
                        server.in_flight -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def requests_to(self, path: str) -> list[Request]:
        return [r for r in self.log if r.path == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # routes -------------------------------------------------------------------------------------------------
    def page(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8",
             etag: str | None = None, last_modified: str | None = None, delay: float = 0.0) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body

        def route(request: Request) -> Response:
            if delay:
                time.sleep(delay)
            if etag and request.headers.get("if-none-match") == etag:
                return 304, {"ETag": etag, "Content-Length": "0"}, b""
            if last_modified and request.headers.get("if-modified-since") == last_modified:
                return 304, {"Last-Modified": last_modified, "Content-Length": "0"}, b""
            return 200, {"Content-Type": content_type, "ETag": etag, "Last-Modified": last_modified}, data

        self.routes[path] = route

    def status(self, path: str, code: int, headers: dict[str, str] | None = None) -> None:
        self.routes[path] = lambda request: (code, headers or {}, f"status {code}".encode())

    def flaky(self, path: str, failures: int, body: str, code: int = 503) -> None:
        """`failures` answers with `code`, then the page."""
        count = {"n": 0}

        def route(request: Request) -> Response:
            count["n"] += 1
            if count["n"] <= failures:
                return code, {}, b"try later"
            return 200, {"Content-Type": "text/html; charset=utf-8"}, body.encode("utf-8")

        self.routes[path] = route

    def redirect(self, path: str, location: str, code: int = 302) -> None:
        self.routes[path] = lambda request: (code, {"Location": location}, b"")

    def gzipped(self, path: str, body: str, truncate: bool = False) -> None:
        data = gzip.compress(body.encode("utf-8"))
        if truncate:
            data = data[: len(data) // 2]
        self.routes[path] = lambda request: (200, {"Content-Type": "text/html; charset=utf-8",
                                                   "Content-Encoding": "gzip"}, data)


def http_date(seconds: float) -> str:
    import datetime as dt

    return format_datetime(dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc), usegmt=True)


def article_html(title: str, paragraphs: list[str], canonical: str | None = None, published: str | None = None,
                 author: str | None = None, charset: str = "utf-8") -> str:
    head = [f'<meta charset="{charset}">', f"<title>{title}</title>"]
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    if author:
        head.append(f'<meta name="author" content="{author}">')
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang='en'><head>{''.join(head)}</head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Copyright</footer></body></html>")


def rss(items: list[dict[str, str]], title: str = "World news") -> str:
    entries = "".join(
        "<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in item.items()) + "</item>" for item in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.org/</link><description>news</description>{entries}</channel></rss>")
