import datetime as dt

import polars as pl

from openevents.coder.engine import code_tokens
from openevents.ingest.articles import read_records
from openevents.ingest.sources import RawRecord
from openevents.normalize.tables import aggregate_events, build_mentions, cameo_frame, count_events

from conftest import parse_table

RUN = dt.date(2024, 6, 20)
SENTENCE = ("Russia/Russia/PROPN/nsubj/3 and/and/CCONJ/cc/0 China/China/PROPN/conj/0 condemned/condemn/VERB/ROOT/3 "
            "the/the/DET/det/6 United/United/PROPN/compound/6 States/States/PROPN/dobj/3")
TEXT = "Russia and China condemned the United States"


def articles_for(*specs):
    records = [RawRecord(f"f:{n}", "json",
                         f'{{"id":"{n}","url":"https://{outlet}.example/{n}","text":"{TEXT}. More words follow here.",'
                         f'"published_at":"{when}","source":"{outlet}","language":"en"}}', "f")
               for n, (outlet, when) in enumerate(specs)]
    return read_records(records, RUN)[0]


def mentions_for(articles, fixture_dicts):
    tokens = pl.concat([parse_table(a, [SENTENCE]) for a in articles.get_column("article_id")])
    dates = dict(articles.select("article_id", "published_date").iter_rows())
    coded = code_tokens(tokens, dates, fixture_dicts)
    return build_mentions(coded, articles, cameo_frame(fixture_dicts), "test-coder", fixture_dicts.version, RUN)


def test_mentions_carry_codes_versions_and_sentence(fixture_dicts):
    articles = articles_for(("wire", "2024-06-19T08:00:00Z"))
    mentions = mentions_for(articles, fixture_dicts)
    row = mentions.row(0, named=True)
    assert (row["event_code"], row["event_base_code"], row["event_root_code"], row["quad_class"], row["goldstein"]) == (
        "111", "111", "11", 3, -2.0)
    assert row["sentence_text"] == TEXT and row["dictionary_version"] == fixture_dicts.version
    assert row["coder_version"] == "test-coder" and row["event_date"] == dt.date(2024, 6, 19)


def test_reports_of_one_happening_make_one_event(fixture_dicts):
    articles = articles_for(("wire", "2024-06-19T08:00:00Z"), ("desk", "2024-06-19T09:00:00Z"),
                            ("wire", "2024-06-19T10:00:00Z"))
    mentions = mentions_for(articles, fixture_dicts)
    events = aggregate_events(mentions, cameo_frame(fixture_dicts), RUN).sort("source_actor_code")
    assert events.height == 2
    assert events.select("num_mentions", "num_articles", "num_sources").rows() == [(3, 3, 2), (3, 3, 2)]
    first = articles.sort("published_at").row(0, named=True)["url"]
    assert set(events.get_column("source_url")) == {first}
    assert events.get_column("source_country_code").to_list() == ["CHN", "RUS"]


def test_ids_are_deterministic(fixture_dicts):
    articles = articles_for(("wire", "2024-06-19T08:00:00Z"))
    one, two = mentions_for(articles, fixture_dicts), mentions_for(articles, fixture_dicts)
    assert one.get_column("mention_id").to_list() == two.get_column("mention_id").to_list()
    assert one.get_column("event_id").to_list() == two.get_column("event_id").to_list()


def test_article_event_counts(fixture_dicts):
    articles = articles_for(("wire", "2024-06-19T08:00:00Z"))
    counted = count_events(mentions_for(articles, fixture_dicts), articles)
    assert counted.get_column("num_events").to_list() == [2]
