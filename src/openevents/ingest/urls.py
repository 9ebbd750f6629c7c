"""URL canonicalization for deduplication."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref", "ref_src",
                             "cmpid", "ocid", "smid", "smtyp", "cid", "s_cid", "_ga", "spm", "output", "amp",
                             "yclid", "twclid", "ttclid", "wt.mc_id", "wt_mc", "xtor", "ito", "ncid", "sr_share",
                             "taid", "mkt_tok", "_hsenc", "_hsmi", "oly_anon_id", "oly_enc_id", "vero_id", "rss",
                             "feedtype", "outputtype", "cmp", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname",
                             "ns_fee", "guccounter", "guce_referrer", "guce_referrer_sig"})
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "itm_", "mtm_")
UNRESERVED = re.compile(r"%([0-9A-Fa-f]{2})")
PATH_SAFE = "/:@!$&'()*+,;=-._~%"


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme and host (IDNA), no `www.`, no default port, no fragment, no tracking parameters, no AMP
    variant, normalized escapes and dot segments, no trailing slash, https for http.

    Returns None for anything that is not an absolute http(s) URL.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    try:
        host = parts.hostname.encode("idna").decode("ascii").lower()
        port = parts.port
    except (UnicodeError, ValueError):
        return None
    host = host.rstrip(".").removeprefix("www.").removeprefix("amp.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = _strip_amp(normalize_path(parts.path or "/"))
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    return urlunsplit(("https", host, path.rstrip("/") or "/", urlencode(sorted(query)), ""))


def normalize_path(path: str) -> str:
    """Percent-escapes in one form (upper-case hex, unreserved characters decoded, other characters escaped) and
    no `.` or `..` segments (RFC 3986 section 6.2.2)."""
    def unescape(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char.isascii() and (char.isalnum() or char in "-._~") else "%" + match.group(1).upper()

    path = quote(UNRESERVED.sub(unescape, path), safe=PATH_SAFE)
    segments: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if len(segments) > 1:
                segments.pop()
        elif segment != ".":
            segments.append(segment)
    if path.endswith(("/.", "/..")):
        segments.append("")
    return "/".join(segments) or "/"


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def _strip_amp(path: str) -> str:
    for suffix in ("/amp", "/amp/", ".amp", ".amp.html"):
        if path.endswith(suffix):
            return path[: -len(suffix)] + (".html" if suffix == ".amp.html" else "")
    return path.replace("/amp/", "/")


def is_http_url(url: str | None) -> bool:
    return canonical_url(url) is not None
