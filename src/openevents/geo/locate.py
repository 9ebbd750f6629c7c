"""The geolocation stage: mentions + tokens + articles + gazetteer → the mentions with location columns. Pure.

The action location (where the act happened) comes from, in order:
  `sentence`  a place after a locative word in the mention's sentence ("in Pyongyang", "the city of Kharkiv"),
              nearest to the action, not an actor's own name;
  `dateline`  the article's dateline ("PYONGYANG, June 19 (…) —"), if its country is one of the actors'
              countries (or the actors have none);
  `article`   the place the article puts events at most often, on the same condition;
  `actor`     the source actor's country, else the target actor's.
Source and target locations are the places named in or right after the actor's phrase ("police in Nairobi",
"Russia"), and only where the text states them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import polars as pl

from openevents.geo.gazetteer import Gazetteer, Place
from openevents.geo.resolve import resolve_name
from openevents.geo.spans import PlaceSpan, dateline, place_spans

GEO_FIELDS = {"name": pl.String, "type": pl.String, "country_code": pl.String, "admin1_code": pl.String,
              "latitude": pl.Float64, "longitude": pl.Float64, "geoname_id": pl.Int64}
ROLES = ("action", "source", "target")
METHODS = ("sentence", "dateline", "article", "actor")
ATTACHED = re.compile(r"^\s*(?:'s\s+)?(?:in|from|of|at|near)\s+(?:the\s+)?$", re.IGNORECASE)
NON_COUNTRY = frozenset({"IGO", "NGO", "IMG", "MNC", "---"})
INSTITUTION_DATELINES = {"united nations": "New York City", "vatican city": "Vatican City", "the hague": "The Hague"}


def geo_schema() -> dict[str, Any]:
    """Columns the stage adds: <role>_geo_<field> for action, source and target, and action_geo_method."""
    schema: dict[str, Any] = {}
    for role in ROLES:
        schema |= {f"{role}_geo_{name}": dtype for name, dtype in GEO_FIELDS.items()}
    return schema | {"action_geo_method": pl.String}


@dataclass(frozen=True)
class ArticleContext:
    """What an article tells about places: its dateline place, its countries, its most frequent locative places."""

    dateline: Place | None
    countries: frozenset[str]
    frequent: tuple[Place, ...]
    body_start: int = 0  # where the text after the dateline starts (places before it are the dateline's)


def actor_country(code: str | None) -> str | None:
    return None if not code or code[:3] in NON_COUNTRY else code[:3]


def _resolve_span(gaz: Gazetteer, span: PlaceSpan, context: frozenset[str]) -> Place | None:
    """The span's place; proper nouns the NER did not call a place count only under a place's own name."""
    place = resolve_name(gaz, span.text, context, span.qualifier.text if span.qualifier else None, span.admin_hint)
    if place is not None and not span.entity and not gaz.is_primary(span.text, place):
        return None
    return place


def article_context(gaz: Gazetteer, text: str, spans: list[PlaceSpan], actor_countries: frozenset[str]) -> ArticleContext:
    found = dateline(text)
    name = INSTITUTION_DATELINES.get(found[0].lower(), found[0]) if found else ""
    line = resolve_name(gaz, name, actor_countries, found[1], prefer_city=True) if found else None
    body = found[2] if found else 0
    countries = set(actor_countries) | ({line.country_code} if line else set())
    places = [p for p in (_resolve_span(gaz, s, frozenset(countries)) for s in spans if s.locative and s.start >= body)
              if p]
    counts = Counter(p.place_key for p in places)
    order = {key: n for n, key in reversed(list(enumerate(p.place_key for p in places)))}
    frequent = tuple(sorted({p.place_key: p for p in places}.values(),
                            key=lambda p: (-counts[p.place_key], order[p.place_key])))
    return ArticleContext(line, frozenset(countries | {p.country_code for p in places if p.country_code}), frequent,
                          body)


def _attached(span: PlaceSpan, start: int | None, end: int | None, text: str) -> bool:
    """The span is part of the actor's phrase or follows it with in/from/of/at ("police in Nairobi")."""
    if start is None or end is None:
        return False
    if span.start < end and span.end > start:
        return True
    return span.start >= end and span.start - end <= 12 and bool(ATTACHED.match(text[end:span.start]))


def _fallback(ctx: ArticleContext, gaz: Gazetteer, actors: list[str]) -> tuple[Place | None, str | None]:
    options = ([(ctx.dateline, "dateline")] if ctx.dateline else []) + [(p, "article") for p in ctx.frequent]
    for place, method in options:
        if not actors or place.country_code in actors:
            return place, method
    for code in actors:
        country = gaz.country(code)
        if country:
            return country, "actor"
    return options[0] if options else (None, None)


def locate_mention(m: dict[str, Any], spans: list[PlaceSpan], ctx: ArticleContext, gaz: Gazetteer,
                   text: str) -> dict[str, tuple[Place | None, str | None]]:
    """Action, source and target places of one mention (and how the action place was found)."""
    actors = [c for c in (actor_country(m["source_actor_code"]), actor_country(m["target_actor_code"])) if c]
    context = frozenset(actors) | ctx.countries
    found: dict[str, list[tuple[PlaceSpan, Place]]] = {"source": [], "target": [], "free": [], "actor_loc": []}
    for span in spans:
        if span.after_from or span.start < ctx.body_start:
            continue
        place = _resolve_span(gaz, span, context)
        if place is None:
            continue
        roles = [r for r in ("source", "target") if _attached(span, m[f"{r}_start"], m[f"{r}_end"], text)]
        for role in roles:
            found[role].append((span, place))
        if span.locative:
            found["actor_loc" if roles else "free"].append((span, place))
    action = m["action_start"]
    nearest = lambda pairs: min(pairs, key=lambda sp: (abs(sp[0].start - action), sp[0].start))[1]  # noqa: E731
    located = {role: ((found[role][0][1], None) if found[role] else (None, None)) for role in ("source", "target")}
    if found["free"] or found["actor_loc"]:
        located["action"] = (nearest(found["free"] or found["actor_loc"]), "sentence")
    else:
        located["action"] = _fallback(ctx, gaz, actors)
    return located


def _columns(role: str, place: Place | None) -> dict[str, Any]:
    values = (place.name, place.place_type, place.country_code, place.admin1_code, place.latitude, place.longitude,
              place.geoname_id) if place else (None,) * len(GEO_FIELDS)
    return {f"{role}_geo_{name}": value for name, value in zip(GEO_FIELDS, values)}


def _actor_countries(mentions: pl.DataFrame) -> dict[str, frozenset[str]]:
    pairs = mentions.select("article_id", pl.concat_list("source_actor_code", "target_actor_code").alias("codes"))
    found: dict[str, set[str]] = {}
    for article_id, codes in pairs.iter_rows():
        found.setdefault(article_id, set()).update(c for c in map(actor_country, codes) if c)
    return {a: frozenset(c) for a, c in found.items()}


def locate_mentions(mentions: pl.DataFrame, tokens: pl.DataFrame, articles: pl.DataFrame,
                    gaz: Gazetteer) -> pl.DataFrame:
    """The mentions with the location columns of geo_schema() set (replacing any they had)."""
    texts = dict(articles.select("article_id", "text").iter_rows())
    spans = place_spans(tokens.filter(pl.col("article_id").is_in(mentions.get_column("article_id").implode())), texts)
    by_article: dict[str, list[PlaceSpan]] = {}
    for (article_id, _), found in sorted(spans.items()):
        by_article.setdefault(article_id, []).extend(found)
    actors = _actor_countries(mentions)
    contexts = {a: article_context(gaz, texts.get(a, ""), by_article.get(a, []), actors[a]) for a in actors}
    rows = []
    for m in mentions.iter_rows(named=True):
        article_id = m["article_id"]
        located = locate_mention(m, spans.get((article_id, m["sentence_index"]), []), contexts[article_id], gaz,
                                 texts.get(article_id, ""))
        row = {"action_geo_method": located["action"][1]}
        for role in ROLES:
            row |= _columns(role, located[role][0])
        rows.append(row)
    geo = pl.DataFrame(rows, schema=geo_schema(), orient="row") if rows else pl.DataFrame(schema=geo_schema())
    return pl.concat([mentions.drop([c for c in geo.columns if c in mentions.columns]), geo], how="horizontal")
