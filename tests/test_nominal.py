"""Noun patterns derived from verb patterns (coder/nominal.py, data/dictionaries/nominalizations.tsv)."""

from pathlib import Path

import pytest

from openevents.coder.nominal import load_nominalizations, nominal_text
from openevents.coder.patterns import parse_pattern


@pytest.mark.parametrize(
    "verb_pattern, noun, expected",
    [
        ("suspend [RELATION] with @T", "suspension", "n:suspension of [RELATION] with @T"),
        ("expel @T", "expulsion", "n:expulsion of @T"),
        ("withdraw from @T", "withdrawal", "n:withdrawal from @T"),
        ("sign [AGREEMENT] <->", "signing", "n:signing of [AGREEMENT] <->"),
        ("pull out [TROOPS] from @T", "pullout", None),  # a particle has no noun form
        ("not release @T", "release", None),  # negated
        ("[FORCES_ONLY]: cross [BORDER]", "crossing", None),  # subject class
        ("agree to +provide [AID]", "agreement", None),  # complement verb
        ("surrender _", "surrender", None),  # bare intransitive
        ("step down", "resignation", None),  # no slot
    ],
)
def test_nominal_text(verb_pattern, noun, expected):
    assert nominal_text(parse_pattern("042", verb_pattern), noun) == expected


def test_derived_patterns_come_after_written_ones_and_skip_duplicates(tmp_path: Path):
    (tmp_path / "nominalizations.tsv").write_text("noun\tverb\tnote\nexpulsion\texpel\t\nfoo\tnosuchverb\t\n")
    written = [parse_pattern("174", "expel [DIPLOMAT]@T", 0, "verbs/17.txt:1"),
               parse_pattern("174", "expel @T", 1, "verbs/17.txt:2"),
               parse_pattern("174", "n:expulsion of @T", 2, "verbs/17.txt:3")]
    problems: list[str] = []
    derived = load_nominalizations(tmp_path, written, problems)
    assert [p.text for p in derived] == ["n:expulsion of [DIPLOMAT]@T"]
    assert derived[0].order > 2 and derived[0].is_noun and "verbs/17.txt:1" in derived[0].where
    assert problems == ["nominalizations.tsv:3: needs a noun and a verb that has patterns"]
