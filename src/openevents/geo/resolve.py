"""Which place a name means. Rules, in order:

1. Region, sea and demonym names ("Western Europe", "European") are never places; a compass word before a country
   ("eastern Ukraine") means the country.
2. A qualifier narrows the choice: "Paris, Texas" is the Paris in Texas.
3. "Rakhine state", "Kharkiv region": subdivisions first.
4. Places in the context countries (the actors' countries, the dateline's, unambiguous places of the article) win,
   unless the place is a town and a same-named place elsewhere is 20 times as populous or more (a Paris in Texas
   does not beat the French capital because an American spoke there).
5. Then by kind: a country, then a city of 100,000 people or more, then a subdivision, then a smaller town; then a
   place whose own name it is before one that has it as an alternate name ("New Delhi" is not Delhi); then by
   population.
"""

from __future__ import annotations

from openevents.geo.gazetteer import Gazetteer, Place
from openevents.geo.names import admin_stripped, compass_stripped, name_key

BLOCKING = frozenset({"region", "sea", "demonym"})
BIG_CITY = 100_000
DWARF_RATIO = 20


def _type_rank(place: Place) -> int:
    if place.place_type == "country":
        return 3
    if place.place_type == "city":
        return 2 if place.population >= BIG_CITY else 0
    return 1


def candidates(gaz: Gazetteer, text: str) -> tuple[Place, ...] | None:
    """Places the name may mean; None when it names a region, sea or people (never a place)."""
    key = name_key(text)
    found = gaz.lookup(key)
    if not found and admin_stripped(key):
        found = tuple(p for p in gaz.lookup(admin_stripped(key) or "") if p.place_type != "city")
    if not found:
        stripped = compass_stripped(key)
        if stripped:
            inner = gaz.lookup(stripped)
            if any(p.place_type in BLOCKING for p in inner):
                return None
            found = tuple(p for p in inner if p.place_type in ("country", "admin1"))
    if any(p.place_type in BLOCKING for p in found):
        return None
    return tuple(p for p in found if p.locatable)


def within(place: Place, qualifier: Place) -> bool:
    """The place lies in the qualifier (for towns whose subdivision is unknown: in the qualifier's country)."""
    if place.country_code != qualifier.country_code or place.place_key == qualifier.place_key:
        return False
    return qualifier.place_type == "country" or place.admin1_code in (qualifier.admin1_code, None)


def choose(options: tuple[Place, ...], context: frozenset[str], qualifier: Place | None = None,
           admin_hint: bool = False, prefer_city: bool = False, primary: frozenset[str] = frozenset()) -> Place | None:
    """The most likely place among same-named options (rules 2–5 above)."""
    if not options:
        return None
    if qualifier is not None and any(within(p, qualifier) for p in options):
        options = tuple(p for p in options if within(p, qualifier))
    preferred = "admin1" if admin_hint else "city" if prefer_city else None
    if preferred and any(p.place_type == preferred for p in options):
        options = tuple(p for p in options if p.place_type == preferred)
    biggest = max(p.population for p in options if p.place_type in ("city", "country")) if any(
        p.place_type in ("city", "country") for p in options) else 0

    def rank(p: Place) -> tuple:
        dwarfed = p.place_type == "city" and biggest >= DWARF_RATIO * max(p.population, 1)
        in_context = p.country_code in context and not dwarfed
        return in_context, _type_rank(p), p.place_key in primary, p.population, p.place_key

    return max(options, key=rank)


def resolve_name(gaz: Gazetteer, text: str, context: frozenset[str], qualifier_text: str | None = None,
                 admin_hint: bool = False, prefer_city: bool = False) -> Place | None:
    """The place a name means in this context, or None (unknown name, or a region)."""
    options = candidates(gaz, text)
    if not options:
        return None
    qualifier = None
    if qualifier_text:
        qualifier = choose(candidates(gaz, qualifier_text) or (), context)
    primary = frozenset(p.place_key for p in options if gaz.is_primary(text, p))
    return choose(options, context, qualifier, admin_hint, prefer_city, primary)
