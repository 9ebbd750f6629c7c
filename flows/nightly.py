"""The `nightly` flow: ingest → parse → code → normalize → tone → geolocate → duplicate reports → validate →
store → catalog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from openevents import enrich, pipeline
from openevents.config import DICTIONARY_DIR, SAMPLE_DIR, SPACY_MODEL, lake_path
from openevents.ingest.run import IngestResult
from openevents.ingest.sources_config import SourcesConfig, config_for_run
from openevents.ingest.state import IngestState, load_state, settle_state
from openevents.geo.gazetteer import cached_gazetteer
from openevents.nlp.parse import load_model, parse_articles
from openevents.schema import get_schema
from openevents.store.catalog import build_catalog
from openevents.tone import load_analyzer
from openevents.validate.apply import split_failures
from openevents.validate.checks import checks_for
from openevents.validate.runner import TableResult, Validator, write_report

TASK = {"cache_policy": NO_CACHE, "persist_result": False}


@task(**TASK)
def ingest_task(config: SourcesConfig, state: IngestState, run_date: dt.date) -> IngestResult:
    return pipeline.ingest_from(config, state, run_date)


@task(**TASK)
def parse_task(articles: pl.DataFrame, model: str, n_process: int) -> pl.DataFrame:
    return parse_articles(load_model(model), pipeline.to_code(articles), n_process=n_process)


@task(**TASK)
def code_task(tokens: pl.DataFrame, articles: pl.DataFrame, dictionary_dir: Path, run_date: dt.date) -> pl.DataFrame:
    dicts = pipeline.load_coder_dictionaries(dictionary_dir)
    coded = pipeline.code(tokens, pipeline.to_code(articles), dicts)
    return pipeline.normalize(coded, articles, dicts, run_date)


@task(**TASK)
def tone_task(articles: pl.DataFrame, tokens: pl.DataFrame, mentions: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    return enrich.tone(articles, tokens, mentions, load_analyzer())


@task(**TASK)
def geo_task(mentions: pl.DataFrame, tokens: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    return enrich.geolocate(mentions, tokens, articles, cached_gazetteer())


@task(**TASK)
def duplicate_reports_task(lake: Path, articles: pl.DataFrame,
                           mentions: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    return enrich.add_duplicate_reports(lake, articles, mentions)


@task(**TASK)
def validate_task(validator: Validator, table: str, frame: pl.DataFrame, dictionary_dir: Path,
                  run_date: dt.date) -> tuple[pl.DataFrame, pl.DataFrame, TableResult]:
    dicts = pipeline.load_coder_dictionaries(dictionary_dir)
    result = validator.validate(table, frame, checks_for(get_schema(table), dicts), f"{run_date}-{table}")
    return *split_failures(table, frame, result, run_date, get_schema(table).primary_key[0]), result


@task(**TASK)
def store_task(lake: Path, articles: pl.DataFrame, mentions: pl.DataFrame, events: pl.DataFrame,
               quarantine: pl.DataFrame, days: list[dt.date], ingest_state: pl.DataFrame | None = None,
               full_refresh: bool = False) -> dict[str, list[str]]:
    written = pipeline.store(lake, articles, mentions, events, quarantine, days, ingest_state, full_refresh)
    build_catalog(lake)
    return written


@flow(name="nightly", log_prints=True)
def nightly(inputs: list[str] | None = None, lake: str | None = None, run_date: str | None = None,
            dictionaries: str | None = None, n_process: int = 1, config: str | None = None,
            full_refresh: bool = False) -> dict:
    """One nightly run over the sources of `config` (a sources TOML) and the `inputs` (default, with neither:
    the embedded sample); returns the run summary as a dict. Inputs ingested by earlier runs are skipped unless
    `full_refresh`."""
    day = dt.date.fromisoformat(run_date) if run_date else dt.datetime.now(dt.timezone.utc).date()
    lake_dir, dict_dir = lake_path(lake), Path(dictionaries or DICTIONARY_DIR)
    sources = config_for_run(config, inputs, SAMPLE_DIR)
    ingested = ingest_task(sources, IngestState.of() if full_refresh else load_state(lake_dir), day)
    articles, quarantine = ingested.articles, ingested.quarantine
    tokens = parse_task(articles, SPACY_MODEL, n_process)
    mentions = code_task(tokens, articles, dict_dir, day)
    articles, mentions = tone_task(articles, tokens, mentions)
    mentions = geo_task(mentions, tokens, articles)
    articles, mentions = duplicate_reports_task(lake_dir, articles, mentions)
    articles = pipeline.finish_articles(articles, tokens, mentions)
    validator = Validator(lake_dir / "_validation")
    articles, bad_articles, checked_articles = validate_task(validator, "articles", articles, dict_dir, day)
    mentions = pipeline.drop_orphan_mentions(mentions, articles)
    mentions, bad_mentions, checked_mentions = validate_task(validator, "mentions", mentions, dict_dir, day)
    merged, days = pipeline.merge_mentions(lake_dir, mentions, enrich.reported(articles))
    events = pipeline.events_for(merged, pipeline.load_coder_dictionaries(dict_dir), day)
    events, bad_events, checked_events = validate_task(validator, "events", events, dict_dir, day)
    quarantine = pl.concat([quarantine, bad_articles, bad_mentions, bad_events])
    written = store_task(lake_dir, articles, merged, events, quarantine, days,
                         settle_state(ingested.state, articles), full_refresh)
    report = write_report(lake_dir / "_validation" / "reports" / f"{day}.json", day,
                          [checked_articles, checked_mentions, checked_events], validator.docs_index())
    summary = pipeline.summarize(day, lake_dir, articles, quarantine, mentions, events,
                                 pipeline.load_coder_dictionaries(dict_dir), ingested.known, ingested.feeds)
    summary.partitions, summary.validation_report = written, str(report)
    summary.data_docs = str(validator.docs_index() or "")
    get_run_logger().info("read %s: coded %s, duplicate %s, non-English %s, quarantined %s, known %s", summary.read,
                          summary.coded, summary.duplicate, summary.non_english, summary.quarantined, summary.known)
    return summary.as_dict()
