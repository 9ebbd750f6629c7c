"""Headless Chromium for the index page tests: dump a page's DOM, take a screenshot, and read the screenshot's
pixels (a small PNG decoder, so no imaging library is needed)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--force-color-profile=srgb",
         "--hide-scrollbars"]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(url: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    binary = chromium()
    assert binary, "Chromium is not installed"
    return subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *args, url], capture_output=True,
                          text=True, timeout=120)


def dump_dom(url: str, profile: Path) -> str:
    done = run_chromium(url, profile, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def screenshot(url: str, profile: Path, target: Path, size: str = "1100,2400") -> Path:
    done = run_chromium(url, profile, f"--screenshot={target}", f"--window-size={size}")
    assert done.returncode == 0 and target.exists(), done.stderr[-2000:]
    return target


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def _unfilter(kind: int, line: np.ndarray, previous: np.ndarray, bpp: int) -> np.ndarray:
    """One scanline with its PNG filter undone (None, Up and Sub in numpy; Average and Paeth byte by byte)."""
    if kind == 0:
        return line
    if kind == 2:
        return (line + previous).astype(np.uint8)
    if kind == 1:
        return (np.cumsum(line.reshape(-1, bpp).astype(np.int64), axis=0) % 256).astype(np.uint8).reshape(-1)
    out, prev = bytearray(line.tobytes()), previous.tobytes()
    for i in range(len(out)):
        a = out[i - bpp] if i >= bpp else 0
        c = prev[i - bpp] if i >= bpp else 0
        out[i] = (out[i] + ((a + prev[i]) // 2 if kind == 3 else _paeth(a, prev[i], c))) & 0xFF
    return np.frombuffer(bytes(out), dtype=np.uint8)


def pixel_colours(png: Path) -> Counter:
    """How many pixels of each '#rrggbb' colour an 8-bit RGB or RGBA, non-interlaced PNG holds."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        header = body if kind == b"IHDR" else header
        chunks += [body] if kind == b"IDAT" else []
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, "unsupported PNG"
    bpp, stride = (3 if colour == 2 else 4), width * (3 if colour == 2 else 4)
    raw = np.frombuffer(zlib.decompress(b"".join(chunks)), dtype=np.uint8).reshape(height, stride + 1)
    rows, previous = [], np.zeros(stride, dtype=np.uint8)
    for row in raw:
        previous = _unfilter(int(row[0]), row[1:], previous, bpp)
        rows.append(previous)
    pixels = np.stack(rows).reshape(height, width, bpp)[:, :, :3].astype(np.uint32)
    packed = (pixels[:, :, 0] << 16) | (pixels[:, :, 1] << 8) | pixels[:, :, 2]
    values, counts = np.unique(packed, return_counts=True)
    return Counter({f"#{int(v):06x}": int(n) for v, n in zip(values, counts)})
