"""Near-duplicate detection: MinHash signatures over word shingles and an LSH index (datasketch).

A wire story that many outlets run with small edits is coded once: the first copy (by publication time, then
input) stays `coded`, later copies become `duplicate` with `duplicate_of` pointing at it — within a run and
against the coded articles of recent runs (their signatures are kept in the ingest state). Pure functions.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import numpy as np
import polars as pl
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 5
SEED = 1
SCHEME = "affine32"


@dataclass(frozen=True)
class DedupSettings:
    """The `[dedup]` table of the sources config."""

    threshold: float = 0.7  # estimated Jaccard similarity of shingle sets at or above which a text is a copy
    window_days: int = 7  # compare with coded articles first seen this many days before the run


def shingles(text: str, size: int = SHINGLE_WORDS) -> list[bytes]:
    """Overlapping runs of `size` lower-cased words (a shorter text is one shingle)."""
    words = text.lower().split()
    if len(words) <= size:
        return [" ".join(words).encode("utf-8")]
    return sorted({" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)})


def signatures(texts: list[str]) -> list[MinHash]:
    return MinHash.bulk([shingles(t) for t in texts], num_perm=NUM_PERM, seed=SEED) if texts else []


def encode_signature(minhash: MinHash) -> str:
    return base64.b64encode(np.asarray(minhash.hashvalues, dtype="<u4").tobytes()).decode("ascii")


def decode_signature(text: str) -> MinHash | None:
    """The signature, or None for a value of another size (written with other settings)."""
    values = np.frombuffer(base64.b64decode(text), dtype="<u4")
    if values.size != NUM_PERM:
        return None
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=values.astype(np.uint64), scheme=SCHEME)


class CopyIndex:
    """Coded texts seen so far; `best_match` finds the most similar one at or above the threshold."""

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.members: dict[str, MinHash] = {}

    def add(self, article_id: str, minhash: MinHash) -> None:
        if article_id not in self.members:
            self.lsh.insert(article_id, minhash)
            self.members[article_id] = minhash

    def best_match(self, minhash: MinHash) -> tuple[str, float] | None:
        scored = [(self.members[k].jaccard(minhash), k) for k in self.lsh.query(minhash)]
        scored = [(score, k) for score, k in scored if score >= self.threshold]
        if not scored:
            return None
        score, key = max(scored, key=lambda item: (item[0], item[1]))
        return key, score


def index_of(earlier: pl.DataFrame, threshold: float) -> CopyIndex:
    """An index over earlier coded articles (`article_id`, `minhash` columns)."""
    index = CopyIndex(threshold)
    for article_id, text in earlier.select("article_id", "minhash").drop_nulls().iter_rows():
        minhash = decode_signature(text)
        if minhash is not None:
            index.add(article_id, minhash)
    return index


def mark_near_duplicates(articles: pl.DataFrame, earlier: pl.DataFrame,
                         settings: DedupSettings) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Coded articles whose text is a near copy of an earlier coded one (this run's, in publication order, or a
    recent run's) become `duplicate` of it (`duplicate_by` = `near_text`).

    Returns the articles and the signatures (`article_id`, `minhash`) of the articles still coded.
    """
    index = index_of(earlier, settings.threshold)
    order = articles.with_row_index("_pos").sort(["published_at", "input_ref"])
    coded = order.filter(pl.col("status") == "coded")
    found: dict[int, str] = {}
    kept: list[tuple[str, str]] = []
    for (pos, article_id), minhash in zip(coded.select("_pos", "article_id").iter_rows(),
                                          signatures(coded.get_column("text").to_list())):
        match = index.best_match(minhash)
        if match is not None:
            found[pos] = match[0]
            continue
        index.add(article_id, minhash)
        kept.append((article_id, encode_signature(minhash)))
    copies = pl.DataFrame({"_pos": list(found), "_of": list(found.values())},
                          schema={"_pos": pl.UInt32, "_of": pl.String})
    marked = articles.with_row_index("_pos").join(copies, on="_pos", how="left").with_columns(
        pl.when(pl.col("_of").is_not_null()).then(pl.lit("duplicate")).otherwise(pl.col("status")).alias("status"),
        pl.coalesce("_of", "duplicate_of").alias("duplicate_of"),
        pl.when(pl.col("_of").is_not_null()).then(pl.lit("near_text")).otherwise(pl.col("duplicate_by"))
        .alias("duplicate_by"),
    ).drop("_pos", "_of")
    return marked, pl.DataFrame(kept, schema={"article_id": pl.String, "minhash": pl.String}, orient="row")
