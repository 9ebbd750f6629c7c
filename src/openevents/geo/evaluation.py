"""Geolocation accuracy on a gold file: hand-written sentences with the expected action place.

Gold lines (JSON): {"id", "text", "action" (the action word as written), "actors" (CAMEO codes of the source and
target, as the coder would give them), "place", "country" (ISO alpha-3), "type" (country|admin1|city), "lat",
"lon"}. Each text is parsed with spaCy and run through the real geolocation stage, with one mention per item whose
actors are the gold actors and whose action is the gold action word (so the score measures geolocation alone, not
the coder). Scores: the country of the action location is right; for items whose place is a city, the predicted
point is within 50 km of it; the place type is right.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from openevents.config import PROJECT_ROOT
from openevents.errors import ConfigError
from openevents.geo.gazetteer import Gazetteer
from openevents.geo.locate import locate_mentions

GOLD_FILE = PROJECT_ROOT / "tests" / "golden" / "geo_gold.jsonl"
CITY_KM = 50.0
DAY = dt.date(2024, 6, 19)


@dataclass(frozen=True)
class GoldItem:
    id: str
    text: str
    action: str
    actors: tuple[str, ...]
    place: str
    country: str
    type: str
    lat: float | None = None
    lon: float | None = None


@dataclass
class GeoScore:
    items: int = 0
    country_right: int = 0
    cities: int = 0
    cities_within: int = 0
    type_right: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        ratio = lambda a, b: round(a / b, 4) if b else None  # noqa: E731
        return {"items": self.items, "country_accuracy": ratio(self.country_right, self.items),
                "city_within_50km": ratio(self.cities_within, self.cities), "cities": self.cities,
                "type_accuracy": ratio(self.type_right, self.items), "misses": self.misses}


def read_gold(path: Path = GOLD_FILE) -> list[GoldItem]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            items.append(GoldItem(raw["id"], raw["text"], raw["action"], tuple(raw.get("actors", [])), raw["place"],
                                  raw["country"], raw["type"], raw.get("lat"), raw.get("lon")))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}:{number}: not a geolocation gold line ({exc})") from None
    return items


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def gold_mentions(items: list[GoldItem], tokens: pl.DataFrame) -> pl.DataFrame:
    """One mention per item: its actors and action word, in the sentence that holds the action."""
    sentences = tokens.select("article_id", "sentence_index", "sentence_start", "sentence_end").unique()
    rows = []
    for item in items:
        start = item.text.find(item.action)
        if start < 0:
            raise ConfigError(f"gold item {item.id}: action {item.action!r} is not in its text")
        sent = sentences.filter((pl.col("article_id") == item.id) & (pl.col("sentence_start") <= start)
                                & (pl.col("sentence_end") > start)).row(0, named=True)
        actors = list(item.actors) + [None, None]
        rows.append({"article_id": item.id, "sentence_index": sent["sentence_index"],
                     "source_actor_code": actors[0], "target_actor_code": actors[1],
                     "source_start": None, "source_end": None, "target_start": None, "target_end": None,
                     "action_start": start, "action_end": start + len(item.action)})
    schema = {"article_id": pl.String, "sentence_index": pl.Int32, "source_actor_code": pl.String,
              "target_actor_code": pl.String, "source_start": pl.Int32, "source_end": pl.Int32,
              "target_start": pl.Int32, "target_end": pl.Int32, "action_start": pl.Int32, "action_end": pl.Int32}
    return pl.DataFrame(rows, schema=schema)


def score_predictions(items: list[GoldItem], located: pl.DataFrame) -> GeoScore:
    score = GeoScore()
    for item, row in zip(items, located.iter_rows(named=True)):
        score.items += 1
        country_ok = row["action_geo_country_code"] == item.country
        type_ok = row["action_geo_type"] == item.type
        score.country_right += country_ok
        score.type_right += type_ok
        city_ok = True
        if item.type == "city" and item.lat is not None and item.lon is not None:
            score.cities += 1
            lat, lon = row["action_geo_latitude"], row["action_geo_longitude"]
            city_ok = lat is not None and lon is not None and haversine_km(item.lat, item.lon, lat, lon) <= CITY_KM
            score.cities_within += city_ok
        if not (country_ok and type_ok and city_ok):
            score.misses.append({"id": item.id, "expected": f"{item.place} ({item.type}, {item.country})",
                                 "got": f"{row['action_geo_name']} ({row['action_geo_type']}, "
                                        f"{row['action_geo_country_code']}) via {row['action_geo_method']}"})
    return score


def evaluate_geolocation(nlp: Any, gaz: Gazetteer, path: Path = GOLD_FILE) -> dict[str, Any]:
    """Parse the gold texts, geolocate one mention per item and score it (see the module docstring)."""
    from openevents.nlp.parse import parse_texts

    items = read_gold(path)
    tokens = parse_texts(nlp, [(item.id, item.text) for item in items])
    articles = pl.DataFrame({"article_id": [i.id for i in items], "text": [i.text for i in items]})
    located = locate_mentions(gold_mentions(items, tokens), tokens, articles, gaz)
    return {"gold": str(path), **score_predictions(items, located).as_dict()}


def print_geolocation_report(console: Any, path: Path = GOLD_FILE) -> dict[str, Any]:
    """Score the gold file and print the accuracy table (what `openevents eval` shows first)."""
    from rich.table import Table

    from openevents.config import SPACY_MODEL
    from openevents.geo.gazetteer import cached_gazetteer
    from openevents.nlp.parse import load_model

    report = evaluate_geolocation(load_model(SPACY_MODEL), cached_gazetteer(), path)
    table = Table("measure", "value", title=f"Geolocation gold ({report['items']} hand-written sentences)")
    table.add_row("country of action right", f"{report['country_accuracy']:.1%}")
    table.add_row(f"city within 50 km ({report['cities']} cities)", f"{report['city_within_50km']:.1%}")
    table.add_row("place type right", f"{report['type_accuracy']:.1%}")
    console.print(table)
    for miss in report["misses"]:
        console.print(f"  miss {miss['id']}: expected {miss['expected']}, got {miss['got']}")
    return report
