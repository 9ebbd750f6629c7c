"""Event nouns read through their verb (data/dictionaries/nominalizations.tsv): `the suspension of rail links with
Belarus` is coded by the pattern `suspend [RELATION] with @T` of `suspend`, its direct object becoming the `of`
phrase of the noun. Only plain frames are carried over — no negation, subject class, particle, complement verb or
bare intransitive — and a noun pattern written by hand with the same words wins (it comes first in file order)."""

from __future__ import annotations

from pathlib import Path

from openevents.coder.patterns import LINK_WORDS, Pattern, PatternSyntaxError, parse_pattern
from openevents.coder.tsv import read_tsv

NOMINAL_COLUMNS = ["noun", "verb", "note"]
NOMINAL_FILE = "nominalizations.tsv"
# Particles that are never prepositions: `pull out [TROOPS]` has no noun form `pullout out …`.
PARTICLES_ONLY = frozenset("up down out off back away aside forward together apart ahead".split())


def nominal_text(pattern: Pattern, noun: str) -> str | None:
    """The noun form of a verb pattern's words (`suspend [RELATION] with @T` → `n:suspension of [RELATION] with
    @T`), or None when the pattern does not carry over."""
    frame = pattern.frame
    plain = not (pattern.negated or pattern.subject_class or pattern.is_noun or pattern.head_class)
    if not plain or frame.particles or frame.complement or frame.intransitive or not frame.slots:
        return None
    words = pattern.text.split()[1:]
    if words and words[0] in PARTICLES_ONLY:
        return None
    if any(slot.prep is None for slot in frame.slots):
        if any(slot.prep == "of" for slot in frame.slots) or not words or words[0] in LINK_WORDS:
            return None
        words = ["of", *words]
    return " ".join([f"n:{noun}", *words])


def load_nominalizations(directory: Path, patterns: list[Pattern], problems: list[str]) -> list[Pattern]:
    """Noun patterns derived from the verb patterns of each noun's verb, after all written patterns."""
    path = directory / NOMINAL_FILE
    if not path.exists():
        return []
    by_verb: dict[str, list[Pattern]] = {}
    for p in patterns:
        if not p.is_noun:
            by_verb.setdefault(p.frame.head, []).append(p)
    seen = {p.text for p in patterns}
    derived: list[Pattern] = []
    for row in read_tsv(path, NOMINAL_COLUMNS, problems, directory):
        if not row["noun"] or row["verb"] not in by_verb:
            problems.append(f"{row.where}: needs a noun and a verb that has patterns")
            continue
        for verb_pattern in by_verb[row["verb"]]:
            text = nominal_text(verb_pattern, row["noun"])
            if text is None or text in seen:
                continue
            try:
                pattern = parse_pattern(verb_pattern.code, text, len(patterns) + len(derived),
                                        f"{row.where} from {verb_pattern.where}")
            except PatternSyntaxError as exc:
                problems.append(f"{row.where}: {exc}")
                continue
            seen.add(text)
            derived.append(pattern)
    return derived
