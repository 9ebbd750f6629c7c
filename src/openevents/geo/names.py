"""Name keys: how place names are compared (case, accents, full stops and a leading "the" do not matter)."""

from __future__ import annotations

import re
import unicodedata

LATIN_RANGES = ((0x0000, 0x024F), (0x1E00, 0x1EFF), (0x2018, 0x2019))
SUBDIVISION_SUFFIXES = (
    " autonomous region", " autonomous republic", " autonomous okrug", " oblast'", " oblast", " region", " province",
    " state", " governorate", " prefecture", " district", " department", " territory", " krai", " kray",
    " respublika", "-gwangyeoksi", "-teukbyeolsi", "-teukbyeoljachido", "-teukbyeoljachisi", "-do", " city",
)
SUBDIVISION_PREFIXES = ("respublika ", "republic of ", "city of ", "state of ", "province of ")
COMPASS = ("north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "northeast",
           "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern", "southwestern",
           "north-east", "north-west", "south-east", "south-west", "north-eastern", "north-western",
           "south-eastern", "south-western", "upper", "lower")


def strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def name_key(text: str) -> str:
    """The comparison key of a place name: `The U.S.` → `us`, `Riāsi` → `riasi`, `Côte d’Ivoire` → `cote d'ivoire`."""
    folded = strip_accents(text).casefold().replace("’", "'").replace("‘", "'").replace(".", "")
    folded = re.sub(r"\s+", " ", folded).strip(" ,;:-")
    return folded[4:] if folded.startswith("the ") else folded


def is_latin(text: str) -> bool:
    """True when every character is from the Latin script (or punctuation): the names English news uses."""
    return all(any(lo <= ord(ch) <= hi for lo, hi in LATIN_RANGES) for ch in text)


def usable_alternate(name: str) -> bool:
    """Alternate names worth indexing: Latin script, no digits, not an all-capitals code such as an airport's."""
    if len(name) < 3 or not is_latin(name) or any(ch.isdigit() for ch in name):
        return False
    return not (name.isupper() and len(name) <= 4)


def subdivision_keys(name: str) -> set[str]:
    """Keys of an ISO 3166-2 subdivision name and its short forms: `Gyeonggi-do` → gyeonggi-do, gyeonggi;
    `Kharkivska oblast` → kharkivska oblast, kharkivska, kharkiv, kharkivsk; `Wales [Cymru GB-CYM]` → wales."""
    base = name_key(re.sub(r"\s*[\[(].*?[\])]", "", name))
    keys = {base}
    for prefix in SUBDIVISION_PREFIXES:
        if base.startswith(prefix):
            keys.add(base[len(prefix):])
    for key in list(keys):
        for suffix in SUBDIVISION_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 2:
                keys.add(key[: -len(suffix)])
    for suffix, endings in ((" oblast", ("ska", "zka", "cka")), (" oblast'", ("skaya", "tskaya", "zkaya"))):
        if base.endswith(suffix):  # adjectival forms: Donetska → Donetsk, Khersonska → Kherson, Kurskaya → Kursk
            stem = base[: -len(suffix)]
            if stem.endswith(endings):
                tail = len(endings[0])
                keys |= {stem[: -(tail - 2)], stem[:-tail]}
    return {k for k in keys if len(k) >= 3}


def admin_stripped(key: str) -> str | None:
    """`rakhine state` → `rakhine`; None when the key does not end with a subdivision word."""
    for suffix in (" state", " province", " region", " oblast", " governorate", " prefecture", " district",
                   " county", " territory"):
        if key.endswith(suffix) and len(key) > len(suffix) + 2:
            return key[: -len(suffix)]
    return None


def compass_stripped(key: str) -> str | None:
    """`eastern ukraine` → `ukraine`; None when the key does not start with a compass word."""
    first, _, rest = key.partition(" ")
    return rest if first in COMPASS and rest else None
