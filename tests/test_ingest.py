import datetime as dt
import json

import polars as pl
import pytest

from openevents.ingest.articles import mark_duplicates, mark_languages, read_records
from openevents.ingest.records import RecordRejected, candidate_from_json_line, candidate_from_txt, parse_datetime
from openevents.ingest.sources import LocalFileSource, RawRecord
from openevents.ingest.urls import canonical_url

RUN = dt.date(2024, 6, 20)
TEXT = "Russia and North Korea signed a comprehensive strategic partnership treaty in Pyongyang on Wednesday."


def line(**fields):
    record = {"id": "x", "url": "https://a.example/x", "title": "T", "text": TEXT,
              "published_at": "2024-06-19T08:00:00Z", "source": "Wire"}
    record.update(fields)
    return json.dumps({k: v for k, v in record.items() if v is not ...})


@pytest.mark.parametrize(
    "raw, reason",
    [
        ('{"id": "1", "text": ', "malformed JSON"),
        ("[1, 2]", "not an object"),
        (line(text=""), "empty text"),
        (line(text="   \n "), "empty text"),
        (line(text="\u0000\u0001binary\u0000" * 10), "binary"),
        (line(text="\u0002\u0003\u0004 data " * 10), "control characters"),
        (line(text="Too short."), "too short"),
        (line(published_at=...), "missing publication date"),
        (line(published_at="yesterday-ish"), "unreadable publication date"),
        (line(published_at="2031-01-01T00:00:00Z"), "in the future"),
        (line(published_at="1975-05-01"), "before 1979"),
    ],
)
def test_bad_records_are_rejected_with_a_reason(raw, reason):
    with pytest.raises(RecordRejected, match=reason):
        candidate_from_json_line(raw, "f.jsonl:1", "f", RUN)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-06-19", dt.datetime(2024, 6, 19, tzinfo=dt.timezone.utc)),
        ("2024-06-19T08:30:00Z", dt.datetime(2024, 6, 19, 8, 30, tzinfo=dt.timezone.utc)),
        ("2024-06-19T10:30:00+02:00", dt.datetime(2024, 6, 19, 8, 30, tzinfo=dt.timezone.utc)),
        ("Wed, 19 Jun 2024 08:30:00 GMT", dt.datetime(2024, 6, 19, 8, 30, tzinfo=dt.timezone.utc)),
    ],
)
def test_dates_become_utc(value, expected):
    assert parse_datetime(value) == expected


def test_txt_headers_and_body():
    content = f"Title: Treaty signed\nDate: 2024-06-19T09:00:00Z\nSource: Harbor Times\nURL: https://h.example/t\n\n{TEXT}"
    c = candidate_from_txt(content, "t.txt", "t", RUN)
    assert (c.title, c.source_name, c.url, c.text) == ("Treaty signed", "Harbor Times", "https://h.example/t", TEXT)


def test_txt_without_date_is_rejected():
    with pytest.raises(RecordRejected, match="missing publication date"):
        candidate_from_txt(f"Title: x\n\n{TEXT}", "t.txt", "t", RUN)


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.Example.com/a/b/?utm_source=x&id=3#frag", "https://example.com/a/b?id=3"),
        ("http://example.com/story/amp", "https://example.com/story"),
        ("https://amp.example.com/story.amp.html", "https://example.com/story.html"),
        ("https://example.com/?fbclid=1&b=2&a=1", "https://example.com/?a=1&b=2"),
        ("https://EXAMPLE.com/a/./b/../c?x=1", "https://example.com/a/c?x=1"),
        ("https://example.com/%7euser/%2fx%c3%a9", "https://example.com/~user/%2Fx%C3%A9"),
        ("https://bücher.example/Straße", "https://xn--bcher-kva.example/Stra%C3%9Fe"),
        ("http://example.com:80/a", "https://example.com/a"),
        ("https://example.com:8443/a/", "https://example.com:8443/a"),
        ("https://www.example.com./story?WT.mc_id=x&xtor=RSS-1&id=3", "https://example.com/story?id=3"),
        ("http://[::1", None),
        ("ftp://example.com/file", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def records(*lines):
    return [RawRecord(f"f.jsonl:{n}", "json", text, "f") for n, text in enumerate(lines, start=1)]


def test_every_record_is_an_article_or_quarantined():
    articles, quarantine = read_records(records(line(), '{"broken', line(text="")), RUN)
    assert articles.height == 1 and quarantine.height == 2
    assert set(quarantine.get_column("input_ref")) == {"f.jsonl:2", "f.jsonl:3"}


def test_duplicates_by_url_and_by_text():
    batch = records(
        line(id="a"),
        line(id="b", url="https://a.example/x?utm_medium=rss", text=TEXT + " Updated."),  # same URL
        line(id="c", url="https://b.example/y", text=TEXT.upper()),  # same text, other outlet
        line(id="d", url="https://c.example/z", text="Kenyan police arrested protesters in Nairobi on Tuesday, witnesses said."),
    )
    articles, _ = read_records(batch, RUN)
    marked = mark_duplicates(articles).sort("input_ref")
    assert marked.get_column("status").to_list() == ["coded", "duplicate", "duplicate", "coded"]
    first = marked.row(0, named=True)["article_id"]
    assert marked.get_column("duplicate_of").to_list() == [None, first, first, None]


def test_exact_resend_gets_its_own_id():
    articles, _ = read_records(records(line(id="a"), line(id="b")), RUN)
    marked = mark_duplicates(articles)
    assert marked.get_column("article_id").n_unique() == 2
    assert sorted(marked.get_column("status").to_list()) == ["coded", "duplicate"]


def test_language_detection_marks_non_english():
    french = "La Russie et la Corée du Nord ont signé mercredi un traité de partenariat stratégique global à Pyongyang."
    articles, _ = read_records(records(line(), line(id="f", url="https://f.example/1", text=french)), RUN)
    marked = mark_languages(mark_duplicates(articles)).sort("input_ref")
    assert marked.get_column("language").to_list() == ["en", "fr"]
    assert marked.get_column("status").to_list() == ["coded", "non_english"]


def test_local_source_reads_jsonl_and_txt(tmp_path):
    (tmp_path / "a.jsonl").write_text(line() + "\n\n" + line(id="2") + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Date: 2024-06-19\n\n{TEXT}", encoding="utf-8")
    (tmp_path / "ignored.csv").write_text("x", encoding="utf-8")
    got = list(LocalFileSource([tmp_path]).read(RUN))
    assert [(r.input_ref, r.kind) for r in got] == [("a.jsonl:1", "json"), ("a.jsonl:3", "json"), ("b.txt", "txt")]


def test_ids_are_stable_across_runs():
    first, _ = read_records(records(line()), RUN)
    second, _ = read_records(records(line()), RUN)
    assert first.get_column("article_id").to_list() == second.get_column("article_id").to_list()
    assert pl.Series(first.get_column("article_id")).str.len_chars().to_list() == [16]
