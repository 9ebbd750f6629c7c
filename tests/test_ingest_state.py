"""Incremental state, cross-run and near-duplicate detection, the sources config and its factory. Pure or local."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openevents.errors import ConfigError, IngestError
from openevents.ingest.dedup import (DedupSettings, decode_signature, encode_signature, mark_near_duplicates,
                                     shingles, signatures)
from openevents.ingest.run import ingest_records
from openevents.ingest.sources import RawRecord, SourceContext
from openevents.ingest.sources_config import (SOURCE_TYPES, build_sources, config_for_run, load_sources_config,
                                              parse_sources_config)
from openevents.ingest.state import IngestState, load_state, settle_state, write_state
from openevents.ingest.warc import WarcSource
from openevents.ingest.web import FeedSource, WebSource
from openevents.ingest.sources import LocalFileSource

ROOT = Path(__file__).resolve().parents[1]
RUN = dt.date(2024, 6, 20)
WIRE = ("Russia and North Korea signed a comprehensive strategic partnership treaty in Pyongyang on Wednesday, "
        "pledging mutual military assistance if either country is attacked. President Vladimir Putin and leader "
        "Kim Jong Un signed the agreement after talks that lasted several hours, state media in both countries "
        "reported. Officials in Seoul and Washington said they were studying the text and would respond together. "
        "The treaty replaces a 1961 alliance that lapsed after the Soviet Union collapsed, analysts said, and it "
        "commits both sides to cooperate on weapons technology, energy and trade. Mr. Putin called it a "
        "breakthrough document; Mr. Kim said relations had reached a new high. Japan's chief cabinet secretary said "
        "Tokyo was seriously concerned, and the South Korean presidential office called an emergency meeting of "
        "its national security council for Thursday morning to discuss the response.")
OTHER = ("Kenyan police officers arrived in Port-au-Prince on Tuesday to lead a multinational security mission "
         "against armed gangs. Haiti's transitional council welcomed the deployment and asked the United Nations "
         "for more support, while residents of the capital said they hoped the officers would restore order soon.")


def record(ref: str, text: str, url: str | None, published: str = "2024-06-19T08:00:00Z") -> RawRecord:
    body = {"id": ref, "text": text, "published_at": published, "source": "wire"}
    if url:
        body["url"] = url
    return RawRecord(ref, "json", json.dumps(body), "wire")


def run(records: list[RawRecord], state: IngestState, day: dt.date = RUN, **dedup):
    return ingest_records(records, day, state, DedupSettings(**dedup) if dedup else DedupSettings())


def merged(state: IngestState, rows: pl.DataFrame) -> IngestState:
    old = state.rows.collect()
    return IngestState.of(pl.concat([old.filter(~pl.col("key").is_in(rows.get_column("key").implode())), rows]))


# --- near duplicates ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "copy, is_copy",
    [
        ("(Partner Daily) " + WIRE + " Reporting by the wire; editing by Partner Daily.", True),  # syndicated
        (WIRE.replace("Wednesday", "Wednesday morning").replace("several hours", "about four hours"), True),
        (WIRE[: len(WIRE) // 2], False),  # half the story is a different text
        (OTHER, False),
    ],
)
def test_near_copies_in_one_run(copy, is_copy):
    result = run([record("a", WIRE, "https://wire.example/a"),
                  record("b", copy, "https://partner.example/b", "2024-06-19T09:00:00Z")], IngestState.of())
    rows = {r["source_record_id"]: r for r in result.articles.iter_rows(named=True)}
    assert rows["a"]["status"] == "coded"
    assert (rows["b"]["status"], rows["b"]["duplicate_of"], rows["b"]["duplicate_by"]) == (
        ("duplicate", rows["a"]["article_id"], "near_text") if is_copy else ("coded", None, None))


def test_the_earlier_publication_is_the_original():
    result = run([record("late", WIRE + " Updated.", "https://partner.example/b", "2024-06-19T12:00:00Z"),
                  record("early", WIRE, "https://wire.example/a", "2024-06-19T08:00:00Z")], IngestState.of())
    status = dict(result.articles.select("source_record_id", "status").iter_rows())
    assert status == {"early": "coded", "late": "duplicate"}


def test_copies_are_recognized_on_later_nights():
    night1 = run([record("a", WIRE, "https://wire.example/a")], IngestState.of())
    state = IngestState.of(night1.state)
    exact = record("exact", WIRE, "https://mirror.example/x", "2024-06-20T08:00:00Z")
    near = record("near", "SEOUL — " + WIRE + " More to follow.", "https://partner.example/y", "2024-06-20T08:00:00Z")
    night2 = run([exact, near, record("c", OTHER, "https://wire.example/c")], state, RUN + dt.timedelta(days=1))
    rows = {r["source_record_id"]: r for r in night2.articles.iter_rows(named=True)}
    original = night1.articles.get_column("article_id")[0]
    assert (rows["exact"]["status"], rows["exact"]["duplicate_of"], rows["exact"]["duplicate_by"]) == (
        "duplicate", original, "text")
    assert (rows["near"]["status"], rows["near"]["duplicate_of"], rows["near"]["duplicate_by"]) == (
        "duplicate", original, "near_text")
    assert rows["c"]["status"] == "coded"


def test_near_copies_outside_the_window_are_new():
    night1 = run([record("a", WIRE, "https://wire.example/a")], IngestState.of())
    later = run([record("near", "SEOUL — " + WIRE, "https://partner.example/y", "2024-07-20T08:00:00Z")],
                IngestState.of(night1.state), dt.date(2024, 7, 20), window_days=7)
    assert later.articles.get_column("status").to_list() == ["coded"]


def test_signatures_are_kept_only_for_originals():
    result = run([record("a", WIRE, "https://wire.example/a"), record("b", WIRE + " Ends.", "https://p.example/b")],
                 IngestState.of())
    by_url = dict(result.state.select("url", "minhash").iter_rows())
    assert by_url["https://wire.example/a"] is not None and by_url["https://p.example/b"] is None


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.characters(categories=("L", "Zs", "P")), min_size=0, max_size=400))
def test_signature_round_trip(text):
    (minhash,) = signatures([text])
    assert decode_signature(encode_signature(minhash)).jaccard(minhash) == 1.0


@pytest.mark.parametrize(
    "text, expected",
    [("One two three", [b"one two three"]), ("a b c d e f", [b"a b c d e", b"b c d e f"]), ("", [b""])],
)
def test_shingles(text, expected):
    assert shingles(text) == expected


def test_mark_near_duplicates_only_touches_coded_articles():
    result = run([record("a", WIRE, "https://wire.example/a")], IngestState.of())
    articles = pl.concat([result.articles, result.articles.with_columns(
        pl.lit("non_english").alias("status"), pl.lit("zzzzzzzzzzzzzzzz").alias("article_id"))])
    marked, kept = mark_near_duplicates(articles, pl.DataFrame(schema={"article_id": pl.String,
                                                                       "minhash": pl.String}), DedupSettings())
    assert marked.get_column("status").to_list() == ["coded", "non_english"] and kept.height == 1


# --- known inputs, retries, settling -----------------------------------------------------------------------------

def test_inputs_met_before_are_known_and_counted():
    batch = [record("a", WIRE, "https://wire.example/a"), record("n", OTHER, None), RawRecord("bad", "json", "{", "w")]
    first = run(batch, IngestState.of())
    again = run(batch, IngestState.of(first.state), RUN + dt.timedelta(days=1))
    assert (first.articles.height, first.quarantine.height, first.known) == (2, 1, 0)
    assert (again.articles.height, again.quarantine.height, again.known) == (0, 0, 3)
    keys = sorted(first.state.get_column("key").to_list())
    assert keys[0] == "https://wire.example/a" and keys[1].startswith("record:") and keys[2].startswith("sha256:")


def test_updated_text_at_a_known_url_is_not_recoded():
    first = run([record("a", WIRE, "https://wire.example/a")], IngestState.of())
    again = run([record("a", WIRE + " Updated at noon.", "https://wire.example/a?utm_source=x")],
                IngestState.of(first.state))
    assert (again.articles.height, again.known) == (0, 1)


def test_state_keeps_first_seen_and_counts_attempts():
    error = RawRecord("https://n.example/busy", "error", "{}", "wire",
                      {"reason": "HTTP 503", "retryable": True, "key": "https://n.example/busy", "http_status": 503})
    state = IngestState.of()
    seen = []
    for night in range(3):
        result = run([error], state, RUN + dt.timedelta(days=night))
        seen.append(result.state.select("status", "attempts", "first_seen", "last_seen").row(0))
        state = merged(state, result.state)
    day = RUN
    assert seen == [("retry", 1, day, day), ("retry", 2, day, day + dt.timedelta(days=1)),
                    ("failed", 3, day, day + dt.timedelta(days=2))]


def test_feed_validators_survive_not_modified():
    def feed(status: int, etag: str | None, ok: bool = True) -> RawRecord:
        return RawRecord("feed:u", "feed", "{}", "wire", {
            "key": "https://n.example/rss", "url": "https://n.example/rss", "ok": ok, "not_modified": status == 304,
            "http_status": status, "etag": etag, "reason": None if ok else "HTTP 500"})
    state = IngestState.of()
    etags = []
    for rec in (feed(200, '"a"'), feed(304, None), feed(500, None, ok=False), feed(200, '"b"')):
        result = run([rec], state)
        etags.append(result.state.select("etag", "status").row(0))
        state = merged(state, result.state)
    assert etags == [('"a"', "done"), ('"a"', "done"), ('"a"', "retry"), ('"b"', "done")]


def test_articles_that_fail_validation_are_remembered_as_failed():
    result = run([record("a", WIRE, "https://wire.example/a"), record("c", OTHER, "https://wire.example/c")],
                 IngestState.of())
    stored = result.articles.filter(pl.col("source_record_id") == "a")
    settled = settle_state(result.state, stored)
    assert dict(settled.select("url", "status").iter_rows()) == {"https://wire.example/a": "done",
                                                                 "https://wire.example/c": "failed"}


def test_state_round_trips_through_the_lake(tmp_path):
    first = run([record("a", WIRE, "https://wire.example/a"), record("n", OTHER, None)], IngestState.of())
    write_state(tmp_path, first.state)
    loaded = load_state(tmp_path)
    assert loaded.lookup(["https://wire.example/a"])["https://wire.example/a"]["status"] == "done"
    assert loaded.signatures(RUN).height == 2
    write_state(tmp_path, first.state.head(1), full_refresh=True)  # a full refresh replaces the table
    assert load_state(tmp_path).rows.collect().height == 1


# --- the sources config and the factory ----------------------------------------------------------------------------

def test_example_config_builds_every_source():
    config = load_sources_config(ROOT / "examples" / "sources.toml")
    assert config.http.respect_robots and config.max_attempts == 3 and config.dedup.threshold == 0.7
    ctx = SourceContext(state=IngestState.of(), base_dir=config.base_dir)
    sources = build_sources(config, ctx)
    assert [type(s) for s in sources] == [FeedSource, FeedSource, FeedSource, LocalFileSource]
    assert ctx.fetcher is not None and ctx.fetcher.settings.user_agent.startswith("OpenEventsBot/")
    ctx.fetcher.close()
    assert Path(sources[-1].paths[0]).resolve() == (ROOT / "data" / "samples").resolve()


def test_every_source_type_is_built_by_the_factory(tmp_path):
    raw = {"sources": [{"type": "feed", "name": "f", "url": "https://n.example/rss", "fetch_articles": False},
                       {"type": "web", "name": "w", "urls": ["https://n.example/a"]},
                       {"type": "warc", "name": "c", "paths": "*.warc.gz", "max_bytes": 1000},
                       {"type": "local", "name": "l", "paths": ["in"]}]}
    config = parse_sources_config(raw, tmp_path)
    ctx = SourceContext(state=IngestState.of(), base_dir=tmp_path)
    built = build_sources(config, ctx)
    ctx.fetcher.close()
    assert [type(s) for s in built] == [FeedSource, WebSource, WarcSource, LocalFileSource]
    assert set(SOURCE_TYPES) == {"feed", "web", "warc", "local"}
    assert built[0].fetch_articles is False and built[2].max_bytes == 1000
    assert built[2].paths == [tmp_path / "*.warc.gz"]


@pytest.mark.parametrize(
    "raw, message",
    [
        ({}, "missing sources"),
        ({"sources": []}, "at least one source"),
        ({"sources": [{"type": "rss", "name": "x"}]}, "type must be one of feed, local, warc, web"),
        ({"sources": [{"type": "feed", "url": "https://n.example/rss"}]}, "every source needs a name"),
        ({"sources": [{"type": "feed", "name": "x"}]}, "missing url"),
        ({"sources": [{"type": "feed", "name": "x", "url": "ftp://n.example/rss"}]}, "must be an http"),
        ({"sources": [{"type": "feed", "name": "x", "url": "https://n.example/rss", "ulr": 1}]}, "unknown key ulr"),
        ({"sources": [{"type": "web", "name": "x", "urls": []}]}, "non-empty list of http"),
        ({"sources": [{"type": "local", "name": "x", "paths": [1]}]}, "paths must be"),
        ({"sources": [{"type": "local", "name": "x", "paths": "a"}, {"type": "local", "name": "x", "paths": "b"}]},
         "names must be unique"),
        ({"sources": [{"type": "local", "name": "x", "paths": "a"}], "http": {"timeout": "fast"}},
         "timeout must be float"),
        ({"sources": [{"type": "local", "name": "x", "paths": "a"}], "http": {"concurency": 2}}, "unknown key"),
        ({"sources": [{"type": "local", "name": "x", "paths": "a"}], "http": {"concurrency": 0}}, "must be positive"),
        ({"sources": [{"type": "local", "name": "x", "paths": "a"}], "dedup": {"threshold": 1.5}}, "threshold"),
        ({"sources": [{"type": "local", "name": "x", "paths": "a"}], "state": {"max_attempts": 0}}, "max_attempts"),
        ({"sources": [{"type": "local", "name": "x", "paths": "a"}], "extra": {}}, "unknown key extra"),
    ],
)
def test_config_errors_say_what_is_wrong(raw, message, tmp_path):
    with pytest.raises(ConfigError, match=message):
        parse_sources_config(raw, tmp_path)


def test_unreadable_config_files(tmp_path):
    with pytest.raises(ConfigError, match="cannot read the sources config"):
        load_sources_config(tmp_path / "missing.toml")
    (tmp_path / "bad.toml").write_text("[[sources]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_sources_config(tmp_path / "bad.toml")


def test_run_config_defaults_to_the_sample(tmp_path):
    default = config_for_run(None, None, tmp_path)
    assert [(s.type, s.options["paths"]) for s in default.sources] == [("local", [str(tmp_path.resolve())])]
    both = config_for_run(ROOT / "examples" / "sources.toml", [str(tmp_path)], tmp_path)
    assert [s.type for s in both.sources] == ["feed", "feed", "feed", "local", "local"]
    assert dataclasses.asdict(both.http)["per_host_delay"] == 1.0


# --- the command line ------------------------------------------------------------------------------------------------

def test_run_passes_config_and_full_refresh_to_the_flow(monkeypatch, tmp_path):
    import flows.nightly
    import openevents.report
    from typer.testing import CliRunner

    from openevents.cli import app

    calls: dict = {}
    monkeypatch.setattr(flows.nightly, "nightly", lambda **kwargs: calls.update(kwargs) or {})
    monkeypatch.setattr(openevents.report, "print_summary", lambda console, summary: None)
    config = ROOT / "examples" / "sources.toml"
    result = CliRunner().invoke(app, ["run", "--config", str(config), "--full-refresh", "--lake", str(tmp_path),
                                      "--date", "2024-06-20"])
    assert result.exit_code == 0, result.output
    assert (calls["config"], calls["full_refresh"], calls["run_date"]) == (str(config.resolve()), True, "2024-06-20")


@pytest.mark.parametrize(
    "content, message",
    [(None, "cannot read the sources config"), ("[[sources]]\ntype = 'rss'\nname = 'x'\n", "type must be one of")],
)
def test_run_rejects_a_bad_config_in_one_line(tmp_path, content, message):
    from typer.testing import CliRunner

    from openevents.cli import app

    config = tmp_path / "sources.toml"
    if content is not None:
        config.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "--config", str(config), "--lake", str(tmp_path / "lake")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output and "Traceback" not in result.output


def test_configured_folders_without_files_do_not_stop_the_run(tmp_path, caplog):
    raw = {"sources": [{"type": "warc", "name": "cc", "paths": "warc/*.warc.gz"},
                       {"type": "local", "name": "inbox", "paths": ["inbox"]}]}
    config = parse_sources_config(raw, tmp_path)
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.jsonl").write_text(record("a", WIRE, "https://wire.example/a").payload + "\n")
    ctx = SourceContext(state=IngestState.of(), base_dir=tmp_path)
    from openevents.ingest.run import ingest_sources

    result = ingest_sources(build_sources(config, ctx), RUN)
    assert result.articles.height == 1
    assert "source cc: no input files found" in caplog.text
    raw["sources"][0]["required"] = True  # unless the config says they must be there
    with pytest.raises(IngestError, match="no input files found"):
        ingest_sources(build_sources(parse_sources_config(raw, tmp_path), ctx), RUN)
    with pytest.raises(IngestError, match="no input files found"):  # and --input files always must
        ingest_sources(build_sources(config_for_run(None, [str(tmp_path / "typo.jsonl")], tmp_path), ctx), RUN)


def test_sources_config_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENEVENTS_SOURCES", str(ROOT / "examples" / "sources.toml"))
    assert [s.type for s in config_for_run(None, None, tmp_path).sources] == ["feed", "feed", "feed", "local"]
