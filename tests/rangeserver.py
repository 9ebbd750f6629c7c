"""A static file server on 127.0.0.1 that answers HTTP Range requests (as S3, nginx and GitHub Pages do) and logs
every request, so tests can see which bytes a reader such as DuckDB fetched."""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlparse

RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a `Range: bytes=a-b` header (suffix and open ranges too); None for the whole file."""
    match = RANGE.match(header or "")
    if not match or not (match.group(1) or match.group(2)):
        return None
    if not match.group(1):
        return max(size - int(match.group(2)), 0), size - 1
    first = int(match.group(1))
    last = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
    return first, last


def make_handler(root: Path, log: list[tuple[str, str, int]]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def answer(self, body: bool) -> None:
            path = (root / unquote(urlparse(self.path).path).lstrip("/")).resolve()
            if not path.is_file() or root not in path.parents:
                log.append((self.command, self.path, 404))
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = path.read_bytes()
            span = byte_range(self.headers.get("Range"), len(data))
            status = 206 if span else 200
            chunk = data[span[0]:span[1] + 1] if span else data
            log.append((self.command, self.path, status))
            self.send_response(status)
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Length", str(len(chunk)))
            if span:
                self.send_header("Content-Range", f"bytes {span[0]}-{span[1]}/{len(data)}")
            self.end_headers()
            if body:
                self.wfile.write(chunk)

        def do_HEAD(self) -> None:  # noqa: N802
            self.answer(body=False)

        def do_GET(self) -> None:  # noqa: N802
            self.answer(body=True)

    return Handler


@contextmanager
def serve_folder(root: Path) -> Iterator[tuple[str, list[tuple[str, str, int]]]]:
    """Serve a folder at http://127.0.0.1:<free port>; yields the base URL and the request log."""
    log: list[tuple[str, str, int]] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(root.resolve(), log))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()
