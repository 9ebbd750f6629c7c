"""Golden tests: the project dictionaries on sentences we wrote, with the events they must yield
(tests/golden/coder/*.tsv, format in the README there)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden" / "coder"
pytestmark = pytest.mark.slow


def read_golden() -> list[tuple[str, dt.date, str, set[tuple[str, str, str | None]]]]:
    cases = []
    for path in sorted(GOLDEN.glob("*.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()[1:], start=2):
            if not line.strip() or line.startswith("#"):
                continue
            day, sentence, expected = line.split("\t")
            events = set()
            for item in expected.split(";"):
                if item.strip() != "-":
                    code, source, target = item.split()
                    events.add((code, source, None if target == "-" else target))
            cases.append((f"{path.stem}:{number}", dt.date.fromisoformat(day), sentence, events))
    return cases


CASES = read_golden()


@pytest.fixture(scope="module")
def coded():
    from openevents.coder.api import code_texts
    from openevents.config import DICTIONARY_DIR, SPACY_MODEL
    from openevents.nlp.parse import load_model
    from openevents.pipeline import load_coder_dictionaries

    items = [(case_id, sentence, day) for case_id, day, sentence, _ in CASES]
    return code_texts(items, load_coder_dictionaries(DICTIONARY_DIR), load_model(SPACY_MODEL))


def test_golden_files_are_well_formed():
    assert len(CASES) >= 10 and len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case_id, day, sentence, expected", CASES, ids=[c[0] for c in CASES])
def test_golden_sentence(coded, case_id, day, sentence, expected):
    got = {(e["event_code"], e["source_actor_code"], e["target_actor_code"]) for e in coded[case_id]}
    assert got == expected, sentence
