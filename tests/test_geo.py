"""Geolocation on a hand-made gazetteer: name keys, ambiguous names, regions, datelines and the location stage."""

from __future__ import annotations

import polars as pl
import pytest

from openevents.geo.build import RawSources, build_tables
from openevents.geo.gazetteer import Gazetteer, country_resolver, gazetteer_from_rows
from openevents.geo.locate import locate_mentions
from openevents.geo.names import name_key, subdivision_keys
from openevents.geo.resolve import resolve_name
from openevents.geo.spans import dateline

from conftest import parse_table


def place(key, name, kind, country, admin1=None, lat=None, lon=None, gid=None, pop=0):
    return {"place_key": key, "name": name, "place_type": kind, "country_code": country, "admin1_code": admin1,
            "latitude": lat, "longitude": lon, "geoname_id": gid, "population": pop}


PLACES = [
    place("country:FRA", "France", "country", "FRA", None, 46.6, 2.4, 3017382, 66_000_000),
    place("country:USA", "United States", "country", "USA", None, 39.4, -97.0, 6252001, 327_000_000),
    place("country:GEO", "Georgia", "country", "GEO", None, 42.0, 43.5, 614540, 3_700_000),
    place("country:UKR", "Ukraine", "country", "UKR", None, 49.0, 31.0, 690791, 44_000_000),
    place("country:PRK", "North Korea", "country", "PRK", None, 40.0, 127.0, 1873107, 25_000_000),
    place("country:RUS", "Russia", "country", "RUS", None, 55.0, 40.0, 2017370, 144_000_000),
    place("admin1:US-GA", "Georgia", "admin1", "USA", "US-GA", 33.6, -83.6, 4197000, 4_200_000),
    place("admin1:US-TX", "Texas", "admin1", "USA", "US-TX", 30.7, -97.4, 4736286, 20_000_000),
    place("admin1:US-WA", "Washington", "admin1", "USA", "US-WA", 47.4, -120.5, 5815135, 6_000_000),
    place("city:2988507", "Paris", "city", "FRA", None, 48.853, 2.349, 2988507, 2_138_551),
    place("city:4717560", "Paris", "city", "USA", "US-TX", 33.661, -95.556, 4717560, 24_782),
    place("city:4140963", "Washington", "city", "USA", "US-DC", 38.895, -77.036, 4140963, 689_545),
    place("city:611717", "Tbilisi", "city", "GEO", None, 41.694, 44.834, 611717, 1_049_498),
    place("city:4180439", "Atlanta", "city", "USA", "US-GA", 33.749, -84.388, 4180439, 463_878),
    place("city:2171137", "Pyongyang", "city", "PRK", None, 39.034, 125.755, 1871859, 3_222_000),
    place("city:703448", "Kyiv", "city", "UKR", None, 50.454, 30.524, 703448, 2_952_301),
    place("region:western europe", "Western Europe", "region", None),
    place("region:europe", "Europe", "region", None),
    place("demonym:european", "European", "demonym", None),
]
NAMES = [("U.S.", "country:USA"), ("Kiev", "city:703448"), ("Paris", "city:9999999")]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer_from_rows(PLACES, NAMES)


@pytest.mark.parametrize("text,key", [
    ("The U.S.", "us"), ("Riāsi", "riasi"), ("Côte d’Ivoire", "cote d'ivoire"), ("  New   York ", "new york"),
])
def test_name_keys(text, key):
    assert name_key(text) == key


@pytest.mark.parametrize("name,expected", [
    ("Gyeonggi-do", {"gyeonggi"}), ("Kharkivska oblast", {"kharkiv"}), ("Wales [Cymru GB-CYM]", {"wales"}),
    ("Kurskaya oblast'", {"kursk"}), ("Donetska oblast", {"donetsk"}),
])
def test_subdivision_short_forms(name, expected):
    assert expected <= subdivision_keys(name)


@pytest.mark.parametrize("text,context,qualifier,admin,expected", [
    ("Paris", set(), None, False, "city:2988507"),                       # the capital, by population
    ("Paris", {"USA"}, None, False, "city:2988507"),                     # an American in Paris is still in France
    ("Paris", set(), "Texas", False, "city:4717560"),                    # "Paris, Texas"
    ("Georgia", set(), None, False, "country:GEO"),                      # the country by default
    ("Georgia", {"USA"}, None, False, "admin1:US-GA"),                   # the US state among American actors
    ("Georgia", {"GEO"}, None, False, "country:GEO"),
    ("Washington", {"USA"}, None, False, "city:4140963"),                # the capital, not the state
    ("Texas", set(), None, False, "admin1:US-TX"),
    ("Kiev", set(), None, False, "city:703448"),                         # an alternate name
    ("eastern Ukraine", set(), None, False, "country:UKR"),              # compass word + country
    ("Western Europe", set(), None, False, None),                        # a region is never a town
    ("western Europe", set(), None, False, None),
    ("European", set(), None, False, None),                              # nor is a demonym
    ("Atlantis", set(), None, False, None),
])
def test_resolve_name(gaz, text, context, qualifier, admin, expected):
    found = resolve_name(gaz, text, frozenset(context), qualifier, admin)
    assert (found.place_key if found else None) == expected


@pytest.mark.parametrize("text,expected", [
    ("SEOUL, June 10 (Global Desk) — Kim Yo Jong warned", ("SEOUL", None)),
    ("SRINAGAR, India, June 10 (Harbor Times) — Suspected militants", ("SRINAGAR", "India")),
    ("YANGON (Continental Post) — Fighting", ("YANGON", None)),
    ("PORT-AU-PRINCE, June 25 (The Meridian) — About 400", ("PORT-AU-PRINCE", None)),
    ("Russia and North Korea signed a treaty on Wednesday.", None),
    ("U.S. officials said — again — that", None),
    ("PESHAWAR: A drone strike killed three men", ("PESHAWAR", None)),
    ("GAZA CITY, Palestinian Territories: Four people were killed", ("GAZA CITY", "Palestinian Territories")),
    ("NAIROBI, Kenya: Police fired tear gas", ("NAIROBI", "Kenya")),
    ("Note: the figures are provisional", None),
])
def test_dateline(text, expected):
    found = dateline(text)
    assert (found[:2] if found else None) == expected


def mention(article_id, source, target, action_start, source_span=(None, None), target_span=(None, None)):
    return {"article_id": article_id, "sentence_index": 0, "source_actor_code": source, "target_actor_code": target,
            "source_start": source_span[0], "source_end": source_span[1], "target_start": target_span[0],
            "target_end": target_span[1], "action_start": action_start, "action_end": action_start + 1}


MENTION_SCHEMA = {"article_id": pl.String, "sentence_index": pl.Int32, "source_actor_code": pl.String,
                  "target_actor_code": pl.String, "source_start": pl.Int32, "source_end": pl.Int32,
                  "target_start": pl.Int32, "target_end": pl.Int32, "action_start": pl.Int32, "action_end": pl.Int32}
SIGNED = ("Russia/Russia/PROPN/nsubj/1/GPE signed/sign/VERB/ROOT/1 a/a/DET/det/3 treaty/treaty/NOUN/dobj/1 "
          "in/in/ADP/prep/1 Pyongyang/Pyongyang/PROPN/pobj/4/GPE ./././punct/1")
DATELINED = ("KYIV/KYIV/PROPN/ROOT/0/GPE —/—/PUNCT/punct/0 Russia/Russia/PROPN/nsubj/3/GPE "
             "attacked/attack/VERB/ROOT/3 Ukraine/Ukraine/PROPN/dobj/3/GPE ./././punct/3")
REGION = ("Russia/Russia/PROPN/nsubj/1/GPE warned/warn/VERB/ROOT/1 France/France/PROPN/dobj/1/GPE "
          "in/in/ADP/prep/1 Western/Western/PROPN/compound/5/LOC Europe/Europe/PROPN/pobj/3/LOC ./././punct/1")


def run_stage(gaz, sentence, mentions):
    tokens = parse_table("a1", [sentence])
    text = " ".join(item.split("/")[0] for item in sentence.split())
    articles = pl.DataFrame({"article_id": ["a1"], "text": [text]})
    return locate_mentions(pl.DataFrame(mentions, schema=MENTION_SCHEMA), tokens, articles, gaz).row(0, named=True)


def test_sentence_place_is_the_action_location_and_the_actor_its_own(gaz):
    row = run_stage(gaz, SIGNED, [mention("a1", "RUS", None, 7, (0, 6))])
    assert (row["action_geo_name"], row["action_geo_country_code"], row["action_geo_type"]) == (
        "Pyongyang", "PRK", "city")
    assert row["action_geo_method"] == "sentence" and row["action_geo_geoname_id"] == 1871859
    assert row["source_geo_name"] == "Russia" and row["source_geo_type"] == "country"
    assert row["target_geo_name"] is None


def test_dateline_is_used_when_the_sentence_names_no_place_of_action(gaz):
    row = run_stage(gaz, DATELINED, [mention("a1", "RUS", "UKR", 14, (7, 13), (23, 30))])
    assert (row["action_geo_name"], row["action_geo_method"]) == ("Kyiv", "dateline")
    assert row["target_geo_name"] == "Ukraine"


def test_region_falls_back_to_the_actor_country(gaz):
    row = run_stage(gaz, REGION, [mention("a1", "RUS", "FRA", 7, (0, 6), (14, 20))])
    assert (row["action_geo_name"], row["action_geo_type"], row["action_geo_method"]) == ("Russia", "country", "actor")


def test_build_tables_links_subdivisions_and_places_countries_at_their_towns():
    raw = RawSources(
        countries={"US": {"iso3": "USA", "name": "United States", "geonameid": 6252001, "population": 10}},
        cities={"1": {"geonameid": 1, "name": "Paris", "latitude": 33.0, "longitude": -95.0, "countrycode": "US",
                      "population": 25000, "admin1code": "TX", "alternatenames": ["París", "ПАРИЖ", "PRX"]},
                "2": {"geonameid": 2, "name": "Austin", "latitude": 31.0, "longitude": -97.0, "countrycode": "US",
                      "population": 900000, "admin1code": "TX", "alternatenames": []},
                "3": {"geonameid": 3, "name": "Albany", "latitude": 43.0, "longitude": -74.0, "countrycode": "US",
                      "population": 100000, "admin1code": "NY", "alternatenames": []}},
        us_states={"TX": {"code": "TX", "name": "Texas", "geonameid": 4736286}},
        subdivisions=[{"code": "US-TX", "country_code": "US", "name": "Texas", "parent_code": None},
                      {"code": "US-NY", "country_code": "US", "name": "New York", "parent_code": None}],
        extra_names=[("U.S.", "USA")], regions=[("Europe", "region")])
    places, names = build_tables(raw)
    by_key = {r["place_key"]: r for r in places.iter_rows(named=True)}
    assert by_key["country:USA"]["latitude"] == 33.0 and by_key["country:USA"]["longitude"] == -95.0
    assert by_key["admin1:US-TX"]["population"] == 925000 and by_key["admin1:US-TX"]["geoname_id"] == 4736286
    assert by_key["city:1"]["admin1_code"] == "US-TX" and by_key["city:3"]["admin1_code"] == "US-NY"
    keys = set(names.filter(pl.col("place_key") == "city:1").get_column("name_key"))
    assert keys == {"paris"}  # "París" folds to paris; Cyrillic and all-capitals codes are not indexed
    assert names.filter(pl.col("name_key") == "us").get_column("place_key").to_list() == ["country:USA"]


def test_united_nations_dateline_is_new_york():
    gaz = gazetteer_from_rows(PLACES + [place("city:5128581", "New York City", "city", "USA", "US-NY", 40.714,
                                              -74.006, 5128581, 8_804_190)], [])
    sentence = ("UNITED/UNITED/PROPN/compound/1/ORG NATIONS/NATIONS/PROPN/ROOT/1/ORG —/—/PUNCT/punct/1 "
                "The/the/DET/det/4 Council/Council/PROPN/nsubj/5/ORG demanded/demand/VERB/ROOT/5 "
                "a/a/DET/det/7 ceasefire/ceasefire/NOUN/dobj/5")
    row = run_stage(gaz, sentence, [mention("a1", "IGOUNO", None, 29, (20, 27))])
    assert (row["action_geo_name"], row["action_geo_country_code"], row["action_geo_method"]) == (
        "New York City", "USA", "dateline")


def test_country_resolver_ignores_names_that_are_also_seas_and_regions():
    gaz = gazetteer_from_rows(PLACES + [place("sea:red sea", "Red Sea", "sea", None),
                                        place("admin1:SD-RS", "Red Sea", "admin1", "SDN", "SD-RS", 20.0, 36.0, 1, 0)],
                              [])
    country_of = country_resolver(gaz)
    assert country_of("Red Sea") is None  # the sea, not Sudan's Red Sea state
    assert country_of("Tbilisi") == "GEO"
    assert country_of("European") is None


@pytest.mark.parametrize("rows, expected", [
    # a province and a city of the name in one country outweigh a village of another: the largest against the
    # largest of any other country, not the two largest
    ([("admin1:AF-KDZ", "AFG", 284_691), ("city:1", "AFG", 161_902), ("city:2", "TUR", 6_231)], "AFG"),
    ([("city:1", "PSE", 126_305), ("city:2", "EGY", 44_215)], None),  # comparable towns: no country
    ([("city:1", "USA", 2_000), ("city:2", "FRA", 2_100_000)], "FRA"),
])
def test_country_resolver_weighs_the_largest_place_against_other_countries(rows, expected):
    gaz = gazetteer_from_rows([place(key, "Samename", key.split(":")[0], country, None, 0.0, 0.0, n, population)
                               for n, (key, country, population) in enumerate(rows)], [])
    assert country_resolver(gaz)("Samename") == expected


@pytest.mark.parametrize("own, alternate, expected", [
    # a province's own name against a village that only has it as an alternate name: the province's country
    ([("admin1:IQ-AN", "IRQ", 0)], [("city:1", "TUR", 5_063)], "IRQ"),
    # a province and a city of the name in one country against a bigger foreign city known by it as an alternate
    ([("admin1:SY-HI", "SYR", 0), ("city:1", "SYR", 775_404)], [("city:2", "LBY", 201_943)], "SYR"),
    # own names in two countries: the population rule decides (here: comparable, no country)
    ([("admin1:UA-51", "UKR", 0), ("city:1", "USA", 114_428)], [("city:2", "UKR", 1_010_537)], None),
])
def test_country_resolver_prefers_a_subdivision_named_by_its_own_name(own, alternate, expected):
    rows = [place(key, "Samename", key.split(":")[0], country, None, 0.0, 0.0, n, population)
            for n, (key, country, population) in enumerate(own)]
    rows += [place(key, "Othername", key.split(":")[0], country, None, 0.0, 0.0, 10 + n, population)
             for n, (key, country, population) in enumerate(alternate)]
    gaz = gazetteer_from_rows(rows, [("Samename", key) for key, _, _ in alternate])
    assert country_resolver(gaz)("Samename") == expected


@pytest.mark.parametrize("name", ["East", "north", "Coast", "Eastern", "Lakes", "August", "March", "Friday", "Ramadan"])
def test_country_resolver_ignores_direction_landscape_and_date_words(name):
    # Cameroon's East region, Kenya's Coast, South Sudan's Lakes: the bare word never names the place in news text;
    # nor does a month, weekday or feast (`in August` is no town of that name)
    rows = [place("admin1:XX-1", name, "admin1", "CMR", "XX-1", 0.0, 0.0, 1, 0),
            place("admin1:XX-2", "Adamawa", "admin1", "CMR", "XX-2", 0.0, 0.0, 2, 0)]
    country_of = country_resolver(gazetteer_from_rows(rows, []))
    assert country_of(name) is None
    assert country_of("Adamawa") == "CMR"  # a subdivision's own name that is no common word still resolves
