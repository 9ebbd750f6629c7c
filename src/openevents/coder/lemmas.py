"""Lemma repairs the coder applies before looking words up (Sentence.correct_lemmas): hyphenated verbs the
lemmatizer cut inside their ending, and corrections that a doubled consonant in the text rules out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Container

if TYPE_CHECKING:
    from openevents.coder.sentence import Tok


def undoubled(lemma: str, tok: Tok) -> str:
    """`rapped` → `rap`, not `rape` (the lemma lemmas.tsv gives `rap`, the lemmatizer's reading of `raped`): a
    consonant doubled before -ed or -ing ends a stem that has no final e."""
    word = tok.text.lower()
    for ending in ("ed", "ing"):
        stem = word[: -len(ending) - 1]
        if (tok.pos == "VERB" and word.endswith(ending) and len(stem) > 1 and word[len(stem)] == stem[-1]
                and stem[-1] not in "aeiouylsw" and lemma == stem + "e"):
            return stem
    return lemma


def hyphen_stem(lemma: str, pos: str, fixes: dict[tuple[str, str], str], verbs: Container[str]) -> str:
    """The stem of a hyphenated verb whose lemma the lemmatizer left with a piece of its ending (`re-opened` →
    `re-opene`, `re-admitted` → `re-admitte`, `re-supplied` → `re-supplie`), when the dictionaries know it (with or
    without the hyphen); any other lemma as it is."""
    if pos != "VERB" or "-" not in lemma or (lemma, pos) in fixes or lemma in verbs:
        return lemma
    stems = [lemma[:-1]] if lemma.endswith("e") else []
    stems += [lemma[:-2]] if lemma.endswith("e") and len(lemma) > 3 and lemma[-2] == lemma[-3] else []
    stems += [lemma[:-2] + "y"] if lemma.endswith("ie") else []
    for stem in stems:
        if (stem, pos) in fixes or stem in verbs:
            return stem
        if stem.replace("-", "") in verbs:
            return stem.replace("-", "")
    return lemma
