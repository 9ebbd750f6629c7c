"""The nightly pipeline's stages as plain functions. flows/nightly.py wires them as Prefect tasks; the CLI's
`code` command and the tests call them directly."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import polars as pl

from openevents import CODER_VERSION
from openevents.coder.dictionaries import Dictionaries, cached_dictionaries, dictionary_version
from openevents.coder.engine import code_tokens
from openevents.coder.tsv import phrase_key
from openevents.ingest.run import IngestResult, ingest_configured, ingest_sources
from openevents.ingest.sources import Source
from openevents.ingest.sources_config import SourcesConfig
from openevents.ingest.state import IngestState, write_state
from openevents.normalize.tables import aggregate_events, build_mentions, cameo_frame, count_events
from openevents.store import lake as lakeio


@dataclass
class RunSummary:
    """What one run did; the article counts add up: read = coded + duplicate + non_english + quarantined + known
    (inputs an earlier run already ingested or gave up on, not read again)."""

    run_date: dt.date
    lake: Path
    read: int = 0
    coded: int = 0
    duplicate: int = 0
    non_english: int = 0
    quarantined: int = 0
    known: int = 0
    feeds: dict[str, int] = field(default_factory=lambda: {"polled": 0, "not_modified": 0, "failed": 0})
    mentions: int = 0
    mentions_quarantined: int = 0
    events_written: int = 0
    events_by_root: dict[str, int] = field(default_factory=dict)
    root_names: dict[str, str] = field(default_factory=dict)
    partitions: dict[str, list[str]] = field(default_factory=dict)
    validation_report: str | None = None
    data_docs: str | None = None
    dictionary_version: str = ""

    def as_dict(self) -> dict:
        return {**self.__dict__, "lake": str(self.lake), "run_date": self.run_date.isoformat(),
                "balanced": self.balanced}

    @property
    def balanced(self) -> bool:
        return self.read == self.coded + self.duplicate + self.non_english + self.quarantined + self.known


def load_coder_dictionaries(directory: Path, places: bool = True) -> Dictionaries:
    """The dictionaries, with the gazetteer attached for the coder's location fallback (`places`)."""
    dicts = cached_dictionaries(str(directory), dictionary_version(directory))
    if not places:
        return dicts
    from openevents.geo.gazetteer import cached_gazetteer, country_resolver

    return dataclasses.replace(dicts, place_country=country_resolver(cached_gazetteer()))


def ingest(sources: Iterable[Source], run_date: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read every source without state: articles (status coded/duplicate/non_english) and quarantine rows."""
    result = ingest_sources(sources, run_date)
    return result.articles, result.quarantine


def ingest_from(config: SourcesConfig, state: IngestState, run_date: dt.date) -> IngestResult:
    """Read the configured sources against the state of earlier runs (see openevents.ingest.run)."""
    return ingest_configured(config, state, run_date)


def to_code(articles: pl.DataFrame) -> pl.DataFrame:
    return articles.filter(pl.col("status") == "coded")


def code(tokens: pl.DataFrame, articles: pl.DataFrame, dicts: Dictionaries) -> pl.DataFrame:
    """The coder over the tokens of the articles (their publication dates date the actors, their datelines give
    the country of actors named by their role alone)."""
    dates = dict(articles.select("article_id", "published_date").iter_rows())
    homes = {article_id: dateline_country(text, dicts) for article_id, text in articles.select("article_id", "text").iter_rows()}
    return code_tokens(tokens, dates, dicts, homes)


TITLED_DATELINE = re.compile(r"^\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?):\s")


def dateline_country(text: str, dicts: Dictionaries) -> str | None:
    """The country of the article's dateline place (`KYIV, June 10 (…) —` → UKR), when the gazetteer knows it."""
    from openevents.geo.spans import dateline

    found = dateline(text)
    if not found:
        titled = TITLED_DATELINE.match(text)  # `Guwahati: Former Assam chief minister …`, only a place the
        return dicts.place_country(titled.group(1)) if titled and dicts.place_country else None  # gazetteer knows
    named = [e.code[:3] for e in dicts.actors.get(phrase_key(found[0]), ()) if not e.person and e.code[:3] not in
             ("IGO", "NGO", "IMG", "MNC", "---")]
    if named:
        return named[0]  # a capital or country the actor dictionaries know (`WASHINGTON`, `MOSCOW`)
    if dicts.place_country is None:
        return None
    return dicts.place_country(f"{found[0]}, {found[1]}" if found[1] else found[0]) or dicts.place_country(found[0])


def count_sentences(articles: pl.DataFrame, tokens: pl.DataFrame) -> pl.DataFrame:
    counts = tokens.group_by("article_id").agg(pl.col("sentence_index").n_unique().cast(pl.Int32).alias("_n"))
    return articles.join(counts, on="article_id", how="left").with_columns(
        pl.col("_n").fill_null(0).alias("num_sentences")).drop("_n")


def normalize(coded: pl.DataFrame, articles: pl.DataFrame, dicts: Dictionaries, run_date: dt.date) -> pl.DataFrame:
    return build_mentions(coded, articles, cameo_frame(dicts), CODER_VERSION, dicts.version, run_date)


def finish_articles(articles: pl.DataFrame, tokens: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    return count_events(mentions, count_sentences(articles, tokens))


def drop_orphan_mentions(mentions: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Mentions whose article is still in the table (articles that failed validation take theirs along)."""
    return mentions.filter(pl.col("article_id").is_in(articles.get_column("article_id").implode()))


def merge_mentions(lake: Path, mentions: pl.DataFrame,
                   coded_articles: pl.DataFrame) -> tuple[pl.DataFrame, list[dt.date]]:
    """All mentions of the days touched by this run (the lake's, minus those of re-coded articles, plus the new
    ones) and the list of those days."""
    days = sorted(set(mentions.get_column("event_date").to_list())
                  | set(coded_articles.get_column("published_date").to_list()))
    old = lakeio.read_table(lake, "mentions", days)
    recoded = coded_articles.get_column("article_id").implode()
    kept = old.filter(~pl.col("article_id").is_in(recoded)).join(mentions.select("mention_id"), on="mention_id",
                                                                   how="anti")
    return pl.concat([kept, mentions]).sort("event_date", "mention_id"), days


def events_for(merged_mentions: pl.DataFrame, dicts: Dictionaries, run_date: dt.date) -> pl.DataFrame:
    return aggregate_events(merged_mentions, cameo_frame(dicts), run_date)


def store(lake: Path, articles: pl.DataFrame, merged_mentions: pl.DataFrame, events: pl.DataFrame,
          quarantine: pl.DataFrame, days: list[dt.date], ingest_state: pl.DataFrame | None = None,
          full_refresh: bool = False) -> dict[str, list[str]]:
    """Write every table: whole days for mentions and events (recomputed), upserts for articles and quarantine,
    and last the ingest state (so that nothing is remembered as ingested before it is stored)."""
    written = {
        "articles": lakeio.upsert(lake, "articles", articles),
        "quarantine": lakeio.upsert(lake, "quarantine", quarantine),
        "mentions": [], "events": [],
    }
    for day in days:
        lakeio.write_partition(lake, "mentions", day, merged_mentions.filter(pl.col("event_date") == day))
        lakeio.write_partition(lake, "events", day, events.filter(pl.col("event_date") == day))
        written["mentions"].append(day)
        written["events"].append(day)
    if ingest_state is not None:
        written["ingest_state"] = write_state(lake, ingest_state, full_refresh)
    return {table: [str(v) for v in values] for table, values in written.items()}


def summarize(run_date: dt.date, lake: Path, articles: pl.DataFrame, quarantine: pl.DataFrame,
              mentions: pl.DataFrame, events: pl.DataFrame, dicts: Dictionaries, known: int = 0,
              feeds: dict[str, int] | None = None) -> RunSummary:
    """Counts of this run: every input record is an article (coded, duplicate, non-English), quarantined or known
    from an earlier run."""
    status = dict(articles.group_by("status").len().iter_rows())
    quarantined = quarantine.filter(pl.col("record_type") == "article").height
    reported = events.filter(pl.col("event_id").is_in(mentions.get_column("event_id").implode()))
    roots = dict(reported.group_by("event_root_code").len().sort("event_root_code").iter_rows())
    return RunSummary(
        run_date=run_date, lake=lake, read=articles.height + quarantined + known, coded=status.get("coded", 0),
        duplicate=status.get("duplicate", 0), non_english=status.get("non_english", 0), quarantined=quarantined,
        known=known, feeds=dict(feeds or {"polled": 0, "not_modified": 0, "failed": 0}),
        mentions=mentions.height,
        mentions_quarantined=quarantine.filter(pl.col("record_type") == "mention").height,
        events_written=reported.height, events_by_root=roots, dictionary_version=dicts.version,
        root_names={code: entry.name for code, entry in dicts.cameo.items() if len(code) == 2},
    )
