"""Place mentions in text: entity spans of the tokens table (GPE, LOC, FAC) with what surrounds them, and the
article's dateline ("SRINAGAR, India, June 10 (Harbor Times) — …")."""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

PLACE_LABELS = ("GPE", "LOC", "FAC")
LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "along", "around", "throughout", "within",
                      "off", "into", "onto", "on", "nearby"})
PLACE_NOUNS = frozenset({"city", "town", "village", "port", "capital", "province", "region", "state", "district",
                         "area", "outskirts", "suburb", "suburbs", "island", "islands", "county", "oblast",
                         "governorate", "prefecture", "territory", "border", "streets", "centre", "center", "heart"})
ADMIN_WORDS = frozenset({"state", "province", "region", "oblast", "governorate", "prefecture", "county",
                         "territory", "district"})
SKIPPED = frozenset({"the", "a", "an"})
MONTHS = frozenset({"jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul",
                    "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec",
                    "december"})
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .'’\-]{1,40}?)\s*(?:,\s*(?P<qualifier>[A-Z][A-Za-z .'’\-]{1,40}?))?"
    r"\s*(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2})?\s*(?:\([^)]{1,60}\))?\s*(?:—|–|--|-|(?<=[A-Za-z)]):)\s")


@dataclass(frozen=True)
class PlaceSpan:
    """One place mention: where it is, how it is written and the words around it."""

    article_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    locative: bool            # after a locative preposition: "in Kyiv", "the city of Kharkiv"
    after_from: bool          # "arrived from Kenya": an origin, never the place of the act
    admin_hint: bool          # followed by "state", "province" …: "Rakhine state"
    qualifier: "PlaceSpan | None" = None  # "Paris, Texas": the span after the comma
    entity: bool = True       # a GPE/LOC/FAC entity (else proper nouns after a locative word the NER missed)


def _entity_groups(toks: list[dict]) -> list[list[int]]:
    groups: list[list[int]] = []
    for n, tok in enumerate(toks):
        if tok["ent_type"] in PLACE_LABELS and tok["pos"] != "DET":
            if groups and groups[-1][-1] == n - 1 and toks[n - 1]["ent_type"] == tok["ent_type"]:
                groups[-1].append(n)
            else:
                groups.append([n])
    return groups


def _proper_noun_groups(toks: list[dict], taken: set[int]) -> list[list[int]]:
    """Runs of proper nouns right after a locative word that the NER left out or called an organisation
    ("a rally in Hyderabad" tagged ORG, "near Kharkiv" untagged)."""
    groups: list[list[int]] = []
    for n, tok in enumerate(toks):
        usable = tok["pos"] == "PROPN" and n not in taken and tok["ent_type"] in ("", "ORG")
        if usable and groups and groups[-1][-1] == n - 1:
            groups[-1].append(n)
        elif usable and _word(toks, n - 1) in LOCATIVE:
            groups.append([n])
    return groups


def _sentence_spans(article_id: str, index: int, toks: list[dict], text: str) -> list[PlaceSpan]:
    groups = _entity_groups(toks)
    extra = _proper_noun_groups(toks, {n for g in groups for n in g})
    spans = [_span(article_id, index, toks, text, g) for g in groups]
    spans += [PlaceSpan(**{**_span(article_id, index, toks, text, g).__dict__, "entity": False}) for g in extra]
    return _attach_qualifiers(sorted(spans, key=lambda s: s.start), toks)


def _word(toks: list[dict], n: int) -> str:
    return toks[n]["text"].lower() if 0 <= n < len(toks) else ""


def _span(article_id: str, index: int, toks: list[dict], text: str, group: list[int]) -> PlaceSpan:
    first, last = group[0], group[-1]
    before = first - 1
    while before >= 0 and (_word(toks, before) in SKIPPED or toks[before]["pos"] == "ADJ"):
        before -= 1
    prev = _word(toks, before)
    locative = prev in LOCATIVE or (prev == "of" and _word(toks, before - 1) in PLACE_NOUNS)
    start, end = toks[first]["token_start"], toks[last]["token_end"]
    return PlaceSpan(article_id, index, start, end, text[start:end], locative, prev == "from",
                     _word(toks, last + 1) in ADMIN_WORDS)


def _attach_qualifiers(spans: list[PlaceSpan], toks: list[dict]) -> list[PlaceSpan]:
    """`Paris, Texas`: a span right after `<span>,` qualifies it and is not a place mention of its own."""
    starts = {t["token_start"]: n for n, t in enumerate(toks)}
    out: list[PlaceSpan] = []
    skip: set[int] = set()
    for n, span in enumerate(spans):
        if n in skip:
            continue
        nxt = spans[n + 1] if n + 1 < len(spans) else None
        comma = next((i for i, t in enumerate(toks) if t["token_start"] >= span.end), None)
        if nxt and comma is not None and toks[comma]["text"] == "," and starts.get(nxt.start) == comma + 1:
            out.append(PlaceSpan(**{**span.__dict__, "qualifier": nxt}))
            skip.add(n + 1)
        else:
            out.append(span)
    return out


def place_spans(tokens: pl.DataFrame, texts: dict[str, str]) -> dict[tuple[str, int], list[PlaceSpan]]:
    """Place spans of every sentence, keyed by (article_id, sentence_index), in text order."""
    columns = ["article_id", "sentence_index", "token_index", "token_start", "token_end", "text", "pos", "ent_type"]
    found: dict[tuple[str, int], list[PlaceSpan]] = {}
    keyed = tokens.select(columns).sort("article_id", "sentence_index", "token_index")
    for (article_id, index), group in keyed.group_by(["article_id", "sentence_index"], maintain_order=True):
        toks = group.to_dicts()
        if any(t["ent_type"] in PLACE_LABELS or t["pos"] == "PROPN" for t in toks):
            found[(str(article_id), int(index))] = _sentence_spans(str(article_id), int(index), toks,
                                                                   texts.get(str(article_id), ""))
    return found


def dateline(text: str) -> tuple[str, str | None, int] | None:
    """The place (and its qualifier) of a dateline at the start of the text, and where the dateline ends:
    `SRINAGAR, India, June 10 (…) — ` → ("SRINAGAR", "India", 38); None when the text does not start with one."""
    match = DATELINE.match(text[:160])
    if not match:
        return None
    place = match.group("place").strip()
    if not place.replace(" ", "").replace("-", "").isupper() or len(place) < 3:
        return None
    qualifier = match.group("qualifier")
    if qualifier and qualifier.strip().split(" ")[0].rstrip(".").lower() in MONTHS:
        qualifier = None  # "SEOUL, June 10": a month, not a place
    return place, qualifier.strip() if qualifier else None, match.end()
