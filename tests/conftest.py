"""Shared fixtures: the hand-made test dictionaries, hand-written parse tables, temporary lakes."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import polars as pl
import pytest

from openevents.coder.dictionaries import Dictionaries, load_dictionaries
from openevents.schema import get_schema

FIXTURES = Path(__file__).parent / "fixtures"
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def fixture_dicts() -> Dictionaries:
    return load_dictionaries(FIXTURES / "dictionaries")


def parse_table(article_id: str, sentences: list[str], start: int = 0) -> pl.DataFrame:
    """A tokens table from hand-written sentences: one `text/lemma/POS/dep/head[/ENT]` item per token.

    Character offsets are computed as if tokens were separated by single spaces; `head` is the token index of the
    head (the root names itself).
    """
    rows = []
    offset = start
    for s_index, sentence in enumerate(sentences):
        items = [item.split("/") for item in sentence.split()]
        sent_start = offset
        positions = []
        for parts in items:
            positions.append((offset, offset + len(parts[0])))
            offset += len(parts[0]) + 1
        sent_end = offset - 1
        for t_index, parts in enumerate(items):
            text, lemma, pos, dep, head = parts[:5]
            ent = parts[5] if len(parts) > 5 else ""
            tag = {"VERB": "VBD", "NOUN": "NN", "PROPN": "NNP", "ADJ": "JJ", "ADP": "IN", "AUX": "VBD"}.get(pos, pos)
            rows.append((article_id, s_index, sent_start, sent_end, t_index, positions[t_index][0],
                         positions[t_index][1], text, lemma, pos, tag, dep, int(head), ent))
    return pl.DataFrame(rows, schema=get_schema("tokens").polars_schema(), orient="row")


@pytest.fixture
def day() -> dt.date:
    return dt.date(2024, 6, 19)
