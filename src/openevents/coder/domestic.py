"""Targets named by their role alone take the source's country: acts on people of unnamed country and place are
mostly domestic (`Kenyan police arrested protesters` is KENCOP → KENCVL)."""

from __future__ import annotations

import dataclasses

from openevents.coder.actors import Actor
from openevents.coder.sentence import Sentence

FOREIGN = frozenset({"foreign", "international", "overseas", "western", "outside", "expatriate", "alien",
                     "peacekeeping", "multinational"})  # `a peacekeeping force` is nobody's own; `regional governments` are


def with_source_country(sent: Sentence, target: Actor, sources: list[Actor]) -> Actor:
    """A target named by its role alone and not placed (`civilians in Odesa` is UKR by its place) takes the source's
    country when the sources share one — unless the target is said to be foreign (`expelled foreign journalists`)."""
    countries = {s.country for s in sources if s.country}
    foreign = any(sent.lemma(m) in FOREIGN for m in sent.kids(target.head, "amod", "compound"))
    if target.known_country or len(countries) != 1 or foreign:
        return target
    return dataclasses.replace(target, code=countries.pop() + target.code[3:])
