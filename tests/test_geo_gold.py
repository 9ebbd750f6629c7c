"""The geolocation gold check: hand-written sentences (tests/golden/geo_gold.jsonl) through spaCy and the real
gazetteer, scored by openevents.geo.evaluation."""

from __future__ import annotations

import pytest

from openevents.config import SPACY_MODEL
from openevents.geo.evaluation import GOLD_FILE, haversine_km, read_gold

pytestmark = pytest.mark.slow


def test_gold_file_is_large_and_covers_ambiguous_names():
    items = read_gold(GOLD_FILE)
    assert len(items) >= 60 and len({i.id for i in items}) == len(items)
    by_place: dict[str, set[str]] = {}
    for item in items:
        by_place.setdefault(item.place, set()).add(item.country)
    ambiguous = {place for place, countries in by_place.items() if len(countries) > 1}
    assert {"Paris", "Georgia", "Moscow", "London", "Tripoli"} <= ambiguous
    assert all(i.lat is not None for i in items if i.type == "city")


@pytest.mark.parametrize("a,b,km", [((48.857, 2.352), (51.507, -0.128), 344), ((0, 0), (0, 1), 111)])
def test_haversine(a, b, km):
    assert abs(haversine_km(*a, *b) - km) < 2


def test_geolocation_accuracy_on_the_gold_sentences():
    from openevents.geo.evaluation import evaluate_geolocation
    from openevents.geo.gazetteer import cached_gazetteer
    from openevents.nlp.parse import load_model

    report = evaluate_geolocation(load_model(SPACY_MODEL), cached_gazetteer())
    assert report["items"] >= 60
    assert report["country_accuracy"] >= 0.95, report["misses"]
    assert report["city_within_50km"] >= 0.9, report["misses"]
