"""One event per happening: tone, duplicate reports, the location in the event key, later nights updating earlier
days, and the dyads_daily view."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openevents import enrich, pipeline
from openevents.coder.engine import code_tokens
from openevents.ingest.articles import mark_duplicates, read_records
from openevents.ingest.sources import RawRecord
from openevents.normalize.tables import aggregate_events, build_mentions, cameo_frame
from openevents.store import lake as lakeio
from openevents.store.catalog import build_catalog
from openevents.tone import load_analyzer, text_tone

from conftest import parse_table
from test_geo import PLACES, gazetteer_from_rows

RUN = dt.date(2024, 6, 20)
SENTENCE = ("Russia/Russia/PROPN/nsubj/3/GPE and/and/CCONJ/cc/0 China/China/PROPN/conj/0/GPE "
            "condemned/condemn/VERB/ROOT/3 the/the/DET/det/6 United/United/PROPN/compound/6/GPE "
            "States/States/PROPN/dobj/3/GPE in/in/ADP/prep/3 {place}/{place}/PROPN/pobj/7/GPE")
GAZ = gazetteer_from_rows(PLACES + [
    {"place_key": "country:CHN", "name": "China", "place_type": "country", "country_code": "CHN",
     "admin1_code": None, "latitude": 35.0, "longitude": 105.0, "geoname_id": 1814991, "population": 1_400_000_000}],
    [("United States", "country:USA")])


def articles_for(*specs):
    """Articles (outlet, time, place of the event, optional URL) with the same story."""
    records = []
    for n, spec in enumerate(specs):
        outlet, when, place = spec[:3]
        url = spec[3] if len(spec) > 3 else f"https://{outlet}.example/{n}"
        text = " ".join(w.split("/")[0] for w in SENTENCE.format(place=place).split())
        records.append(RawRecord(f"f:{n}", "json", f'{{"id":"{n}","url":"{url}","text":"{text}",'
                                 f'"published_at":"{when}","source":"{outlet}","language":"en"}}', "f"))
    return mark_duplicates(read_records(records, RUN)[0])


def reports_for(articles, fixture_dicts, lake=None, run=RUN):
    """Coded, toned, geolocated mentions of the articles, with their duplicates' copies."""
    coded_articles = articles.filter(pl.col("status") == "coded")
    tokens = pl.concat([parse_table(a, [SENTENCE.format(place=t.split()[-1])])
                        for a, t in coded_articles.select("article_id", "text").iter_rows()])
    dates = dict(articles.select("article_id", "published_date").iter_rows())
    coded = code_tokens(tokens, dates, fixture_dicts)
    mentions = build_mentions(coded, articles, cameo_frame(fixture_dicts), "test", fixture_dicts.version, run)
    articles, mentions = enrich.tone(articles, tokens, mentions, load_analyzer())
    mentions = enrich.geolocate(mentions, tokens, articles, GAZ)
    return enrich.add_duplicate_reports(lake or Path(tempfile.mkdtemp()), articles, mentions)


@pytest.mark.parametrize("text,sign", [
    ("Leaders welcomed the historic peace agreement and praised the generous aid.", 1),
    ("Gunmen killed nine pilgrims in a brutal attack, and officials condemned the massacre.", -1),
    ("The committee met on Tuesday.", 0),
])
def test_tone_sign(text, sign):
    tone = text_tone(load_analyzer(), text)
    assert (tone > 5) if sign > 0 else (tone < -5) if sign < 0 else (tone == 0)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_tone_stays_on_the_scale(text):
    assert -100 <= text_tone(load_analyzer(), text) <= 100


def test_reports_of_one_happening_are_one_event_and_places_split_events(fixture_dicts):
    articles = articles_for(("wire", "2024-06-19T08:00:00Z", "Paris"), ("desk", "2024-06-19T09:00:00Z", "Paris"),
                            ("wire", "2024-06-19T10:00:00Z", "Kyiv"))
    _, mentions = reports_for(articles, fixture_dicts)
    events = aggregate_events(mentions, cameo_frame(fixture_dicts), RUN)
    counts = sorted(events.select("action_geo_name", "source_actor_code", "num_mentions", "num_articles",
                                  "num_sources").rows())
    assert counts == [("Kyiv", "CHN", 1, 1, 1), ("Kyiv", "RUS", 1, 1, 1),
                      ("Paris", "CHN", 2, 2, 2), ("Paris", "RUS", 2, 2, 2)]
    paris = events.filter(pl.col("action_geo_name") == "Paris").row(0, named=True)
    assert paris["action_geo_country_code"] == "FRA" and paris["source_url"] == "https://wire.example/0"
    assert paris["target_geo_name"] == "United States" and paris["avg_tone"] is not None


def test_duplicates_are_extra_reports_linked_to_their_original(fixture_dicts):
    articles = articles_for(("wire", "2024-06-19T08:00:00Z", "Paris", "https://wire.example/story"),
                            ("wire", "2024-06-19T08:30:00Z", "Paris", "https://wire.example/story"),
                            ("desk", "2024-06-19T11:00:00Z", "Paris", "https://desk.example/syndicated"))
    articles, mentions = reports_for(articles, fixture_dicts)
    copies = mentions.filter(pl.col("duplicate_of_mention_id").is_not_null())
    originals = mentions.filter(pl.col("duplicate_of_mention_id").is_null())
    assert originals.height == 2 and copies.height == 4
    linked = copies.join(originals, left_on="duplicate_of_mention_id", right_on="mention_id", suffix="_o")
    assert (linked["event_id"] == linked["event_id_o"]).all() and (linked["article_id"] != linked["article_id_o"]).all()
    assert set(copies.get_column("source_name")) == {"wire", "desk"}
    dup_tones = articles.filter(pl.col("status") == "duplicate").get_column("tone").to_list()
    assert dup_tones == [articles.filter(pl.col("status") == "coded").get_column("tone")[0]] * 2
    events = aggregate_events(mentions, cameo_frame(fixture_dicts), RUN)
    assert events.select("num_mentions", "num_articles", "num_sources").rows() == [(3, 3, 2), (3, 3, 2)]
    again = reports_for(articles_for(("wire", "2024-06-19T08:00:00Z", "Paris", "https://wire.example/story"),
                                     ("wire", "2024-06-19T08:30:00Z", "Paris", "https://wire.example/story"),
                                     ("desk", "2024-06-19T11:00:00Z", "Paris", "https://desk.example/syndicated")),
                        fixture_dicts)[1]
    assert sorted(again.get_column("mention_id")) == sorted(mentions.get_column("mention_id"))


def store_night(lake, articles, mentions, fixture_dicts, run):
    merged, days = pipeline.merge_mentions(lake, mentions, enrich.reported(articles))
    events = pipeline.events_for(merged, fixture_dicts, run)
    lakeio.upsert(lake, "articles", articles)
    for day in days:
        lakeio.write_partition(lake, "mentions", day, merged.filter(pl.col("event_date") == day))
        lakeio.write_partition(lake, "events", day, events.filter(pl.col("event_date") == day))
    return events


def test_a_later_night_updates_an_earlier_days_event(tmp_path, fixture_dicts):
    first = articles_for(("wire", "2024-06-19T08:00:00Z", "Paris", "https://wire.example/a"))
    store_night(tmp_path, *reports_for(first, fixture_dicts, tmp_path), fixture_dicts, RUN)
    before = lakeio.read_table(tmp_path, "events").sort("event_id")
    late = articles_for(("desk", "2024-06-19T22:00:00Z", "Paris", "https://desk.example/b"),
                        ("blog", "2024-06-21T09:00:00Z", "Paris", "https://blog.example/copy"))
    late = late.with_columns(pl.when(pl.col("source_name") == "blog").then(pl.lit("duplicate"))
                             .otherwise(pl.col("status")).alias("status"),
                             pl.when(pl.col("source_name") == "blog").then(pl.lit(first["article_id"][0]))
                             .otherwise(pl.col("duplicate_of")).alias("duplicate_of"))
    later = RUN + dt.timedelta(days=2)
    store_night(tmp_path, *reports_for(late, fixture_dicts, tmp_path, later), fixture_dicts, later)
    after = lakeio.read_table(tmp_path, "events").sort("event_id")
    assert after.get_column("event_id").to_list() == before.get_column("event_id").to_list()
    assert after.select("num_mentions", "num_articles", "num_sources").rows() == [(3, 3, 3), (3, 3, 3)]
    assert set(after.get_column("run_date")) == {later}
    store_night(tmp_path, *reports_for(late, fixture_dicts, tmp_path, later), fixture_dicts, later)
    assert lakeio.read_table(tmp_path, "events").sort("event_id").equals(after)  # re-running a night: same rows
    assert lakeio.read_table(tmp_path, "mentions").height == 6


def test_dyads_daily_view(tmp_path, fixture_dicts):
    articles = articles_for(("wire", "2024-06-19T08:00:00Z", "Paris"), ("desk", "2024-06-19T09:00:00Z", "Kyiv"))
    store_night(tmp_path, *reports_for(articles, fixture_dicts, tmp_path), fixture_dicts, RUN)
    with duckdb.connect(str(build_catalog(tmp_path)), read_only=True) as con:
        rows = con.execute("SELECT source_country_code, target_country_code, quad_class, num_events, num_mentions, "
                           "mean_goldstein FROM dyads_daily ORDER BY 1").fetchall()
    assert rows == [("CHN", "USA", 3, 2, 2, -2.0), ("RUS", "USA", 3, 2, 2, -2.0)]
