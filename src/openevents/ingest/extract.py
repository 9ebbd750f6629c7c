"""HTML pages → candidate articles: bytes to text (declared or sniffed charset), main text and metadata with
trafilatura, the page's <link rel=canonical>, and the publication date from the feed, the page or the fetch time.
Pure: no I/O, no clock (the fetch time comes with the record)."""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from typing import Any
from urllib.parse import urljoin

from lxml import html as lxml_html

from openevents.ingest.records import Candidate, RecordRejected, check_date, clean_text, parse_datetime
from openevents.ingest.urls import canonical_url

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

HTML_TYPES = ("text/html", "application/xhtml+xml")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
PAGE_DATE_XPATHS = (
    '//meta[@property="article:published_time"]/@content',
    '//meta[@name="article:published_time"]/@content',
    '//meta[@itemprop="datePublished"]/@content',
    '//meta[@name="pubdate"]/@content',
    '//meta[@name="publishdate"]/@content',
    '//meta[@name="parsely-pub-date"]/@content',
    '//meta[@name="dc.date.issued"]/@content',
    '//meta[@name="DC.date.issued"]/@content',
    '//time[@itemprop="datePublished"]/@datetime',
    '//time[@pubdate]/@datetime',
)


def is_html_type(content_type: str | None) -> bool:
    """True for HTML content types (and for none at all: the bytes will tell)."""
    if not content_type:
        return True
    return content_type.split(";")[0].strip().lower() in HTML_TYPES


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """The page as text and the encoding used: a byte-order mark, the Content-Type charset, the <meta> charset,
    UTF-8, and windows-1252 (replacing undecodable bytes) as the last resort."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(name, errors="replace"), name
    declared = [m.group(1) for m in [_HEADER_CHARSET.search(content_type or "")] if m]
    declared += [m.group(1).decode("ascii", "replace") for m in [_META_CHARSET.search(body[:4096])] if m]
    for name in [*declared, "utf-8"]:
        try:
            return body.decode(_python_codec(name)), _python_codec(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1252", errors="replace"), "cp1252"


def _python_codec(name: str) -> str:
    name = name.strip().lower()
    return "cp1252" if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii") else name


def find_canonical(tree: Any, base_url: str | None) -> str | None:
    """The absolute http(s) URL of <link rel=canonical> (or og:url), resolved against the page URL."""
    for href in (*tree.xpath('//link[contains(concat(" ", normalize-space(translate(@rel, "CANOIL", "canoil")), " "),'
                             ' " canonical ")]/@href'), *tree.xpath('//meta[@property="og:url"]/@content')):
        url = urljoin(base_url or "", str(href).strip())
        if canonical_url(url):
            return url
    return None


def find_page_date(tree: Any) -> str | None:
    for xpath in PAGE_DATE_XPATHS:
        for value in tree.xpath(xpath):
            if str(value).strip():
                return str(value).strip()
    return None


def pick_date(choices: list[tuple[Any, str]]) -> tuple[dt.datetime, str]:
    """The first readable date of (value, source) pairs, in order of preference."""
    for value, source in choices:
        if value in (None, ""):
            continue
        try:
            return parse_datetime(value), source
        except RecordRejected:
            continue
    raise RecordRejected("no publication date in the feed, the page or the fetch time")


def parse_tree(page: str) -> Any:
    try:
        tree = lxml_html.document_fromstring(page)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        raise RecordRejected(f"not parseable as HTML: {exc}") from None
    if tree is None:
        raise RecordRejected("not parseable as HTML")
    return tree


def candidate_from_html(page: str, meta: dict[str, Any], input_ref: str, default_source: str,
                        run_date: dt.date) -> Candidate:
    """A fetched, archived or local HTML page. `meta` may hold `url` (where the page was found), `feed_title`,
    `feed_published`, `feed_author` (from its feed entry) and `fetched_at` (ISO time of fetch or archiving)."""
    import trafilatura

    tree = parse_tree(page)
    url = meta.get("url")
    canonical = find_canonical(tree, url)
    page_date = find_page_date(tree)
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None or not (doc.text or "").strip():
        raise RecordRejected("no extractable article text in the page")
    try:
        text = clean_text(doc.text)
    except RecordRejected as exc:
        raise RecordRejected(f"no usable article text in the page: {exc}") from None
    published, date_source = pick_date([(meta.get("feed_published"), "feed"), (page_date, "page"),
                                        (doc.date, "page"), (meta.get("fetched_at"), "fetch_time")])
    check_date(published, run_date)
    return Candidate(
        input_ref=input_ref, source_record_id=meta.get("entry_id"), url=url or canonical,
        title=(meta.get("feed_title") or doc.title or None), text=text, published_at=published,
        date_source=date_source, source_name=default_source, language=None,
        author=(meta.get("feed_author") or doc.author or None), canonical_hint=canonical,
    )
