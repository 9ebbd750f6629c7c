"""Tone: VADER sentiment on the scale of GDELT's AvgTone (−100 most negative … +100 most positive).

A sentence's tone is VADER's compound score × 100; an article's tone is the mean over its sentences (VADER is made
for sentences: on a whole article its compound score saturates at ±1). Pure functions; the analyzer is passed in.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Protocol

import polars as pl

SCALE = 100.0


class Analyzer(Protocol):
    def polarity_scores(self, text: str) -> dict[str, float]: ...


@lru_cache(maxsize=1)
def load_analyzer() -> Any:
    """VADER's analyzer (its lexicon ships with the vaderSentiment package)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def text_tone(analyzer: Analyzer, text: str) -> float:
    return round(analyzer.polarity_scores(text)["compound"] * SCALE, 4)


def sentence_tones(tokens: pl.DataFrame, texts: dict[str, str], analyzer: Analyzer) -> pl.DataFrame:
    """article_id, sentence_index, sentence_tone for every sentence of the tokens table."""
    sentences = tokens.select("article_id", "sentence_index", "sentence_start", "sentence_end").unique(
        ["article_id", "sentence_index"]).sort("article_id", "sentence_index")
    tones = [text_tone(analyzer, texts.get(a, "")[start:end])
             for a, _, start, end in sentences.iter_rows()]
    return sentences.select("article_id", "sentence_index").with_columns(
        pl.Series("sentence_tone", tones, dtype=pl.Float64))


def article_tones(articles: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """Articles with `tone`: the mean of their sentences' tones; duplicates get their original's, others null."""
    columns = articles.columns if "tone" in articles.columns else [*articles.columns, "tone"]
    means = sentences.group_by("article_id").agg(pl.col("sentence_tone").mean().round(4).alias("_tone"))
    originals = means.rename({"article_id": "duplicate_of", "_tone": "_original_tone"})
    return (articles.drop("tone", strict=False).join(means, on="article_id", how="left")
            .join(originals, on="duplicate_of", how="left")
            .with_columns(pl.when(pl.col("status") == "duplicate").then(pl.col("_original_tone"))
                          .otherwise(pl.col("_tone")).cast(pl.Float64).alias("tone"))
            .select(columns))


def mention_tones(mentions: pl.DataFrame, articles: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """Mentions with `doc_tone` (their article's tone) and `sentence_tone` (their sentence's)."""
    doc = articles.select("article_id", pl.col("tone").alias("doc_tone"))
    return (mentions.drop(["doc_tone", "sentence_tone"], strict=False)
            .join(doc, on="article_id", how="left")
            .join(sentences, on=["article_id", "sentence_index"], how="left"))


def add_tone(articles: pl.DataFrame, tokens: pl.DataFrame, mentions: pl.DataFrame,
             analyzer: Analyzer) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Articles with `tone` and mentions with `doc_tone` and `sentence_tone` (columns in their schema order)."""
    texts = dict(articles.select("article_id", "text").iter_rows())
    sentences = sentence_tones(tokens, texts, analyzer)
    scored = article_tones(articles, sentences)
    toned = mention_tones(mentions, scored, sentences)
    order = mentions.columns + [c for c in ("doc_tone", "sentence_tone") if c not in mentions.columns]
    return scored, toned.select(order)
