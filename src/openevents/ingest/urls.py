"""URL canonicalization for deduplication."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref", "ref_src",
                             "cmpid", "ocid", "smid", "smtyp", "cid", "s_cid", "_ga", "spm", "output", "amp"})
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "itm_")


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme and host, no `www.`, no fragment, no tracking parameters, no AMP variant, no trailing slash.

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
    host = parts.hostname.lower().removeprefix("www.").removeprefix("amp.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = _strip_amp(parts.path or "/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    return urlunsplit(("https", host, path.rstrip("/") or "/", urlencode(sorted(query)), ""))


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
