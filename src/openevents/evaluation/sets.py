"""Readers for the external evaluation sets. They are read in place and never copied into the project."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

MOJIBAKE = {"‚Äô": "'", "‚Äò": "'", "‚Äú": '"', "‚Äù": '"', "‚Äî": "-", "‚Äì": "-", "¬†": " ", "√©": "e"}
# Legacy CAMEO country codes that differ from ISO 3166 alpha-3 (facts of the CAMEO actor codebook).
LEGACY_COUNTRY_CODES = {"JAP": "JPN", "VTN": "VNM", "ITL": "ITA"}


@dataclass(frozen=True)
class GoldEvent:
    code: str | None
    source: str | None
    target: str | None


@dataclass(frozen=True)
class GoldSentence:
    """One evaluation sentence with what the gold set says about it."""

    id: str
    text: str
    date: dt.date
    events: tuple[GoldEvent, ...] = ()
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)


def fix_mojibake(text: str) -> str:
    for bad, good in MOJIBAKE.items():
        text = text.replace(bad, good)
    return " ".join(text.split())


def read_cameo_examples(path: Path) -> list[GoldSentence]:
    """cameo-codes.csv: one CAMEO-manual example sentence per 3- and 4-digit code."""
    rows = csv.DictReader(path.read_text(encoding="cp1252", errors="replace").splitlines())
    found = []
    for row in rows:
        example, code = (row.get("example") or "").strip(), (row.get("code") or "").strip()
        example = re.split(r"\s+Note:", example)[0]  # the manual's coding notes are not part of the sentence
        if example and example != "NA" and len(code) >= 3:
            found.append(GoldSentence(f"cameo-{code}", fix_mojibake(example), dt.date(2000, 1, 1),
                                      (GoldEvent(code, None, None),)))
    return found


def _actor_codes(value: object) -> tuple[str, ...]:
    actors = value if isinstance(value, list) else []
    codes = []
    for actor in actors:
        if isinstance(actor, dict) and actor.get("code"):
            country = LEGACY_COUNTRY_CODES.get(actor["code"], actor["code"])
            sector = actor.get("sector") or ""
            codes.append(country + (sector if re.fullmatch(r"[A-Z]{3}", sector) else ""))
    return tuple(codes)


def read_plover(path: Path) -> list[GoldSentence]:
    """PLOVER_GSR_CAMEO.txt: CAMEO-manual sentences with source and target actor codes (country + sector)."""
    found = []
    for record in json.loads(path.read_text(encoding="utf-8")):
        if record.get("event") == "DOCUMENT" or not record.get("text"):
            continue
        found.append(GoldSentence(record["id"], " ".join(record["text"].split()),
                                  dt.date.fromisoformat(record.get("date", "2000-01-01")),
                                  sources=_actor_codes(record.get("source")), targets=_actor_codes(record.get("target")),
                                  extra={"event": record.get("event")}))
    return found


_SENTENCE = re.compile(r"<Sentence (?P<attrs>[^>]*?)/?>(?P<body>.*?)</Sentence>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_petr2_gsr(path: Path) -> list[GoldSentence]:
    """PETR2_GSR_validation.xml (not well-formed XML: read leniently): sentences with (source, target, code)."""
    found = []
    for match in _SENTENCE.finditer(path.read_text(encoding="utf-8", errors="replace")):
        attrs = dict(_ATTR.findall(match.group("attrs")))
        body = match.group("body")
        text = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if not text or attrs.get("evaluate", "true") != "true":
            continue
        events = tuple(GoldEvent(a.get("eventcode"), a.get("sourcecode"), a.get("targetcode"))
                       for a in (dict(_ATTR.findall(e)) for e in re.findall(r"<EventCoding ([^>]*)/?>", body))
                       if a.get("eventcode"))
        day = attrs.get("date") if re.fullmatch(r"\d{8}", attrs.get("date", "")) else "20000101"
        found.append(GoldSentence(attrs.get("id", ""), " ".join(text.group(1).split()),
                                  dt.date(int(day[:4]), int(day[4:6]), int(day[6:8])), events,
                                  extra={"category": attrs.get("category")}))
    return found


def read_voa(path: Path, limit: int | None = None) -> list[GoldSentence]:
    """voa_stories.jsonl: whole news articles without gold, for reading what the coder emits."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines()[:limit]:
        record = json.loads(line)
        day = dt.date.fromisoformat(str(record.get("published", "2025-01-01"))[:10])
        found.append(GoldSentence(str(record["id"]), record["text"], day, extra={"title": record.get("title")}))
    return found


NEWS_DATE = dt.date(2020, 1, 1)  # the rated news sentences carry no dates; the corpus runs up to 2020


def read_rated_news(path: Path) -> list[GoldSentence]:
    """CAMEO_ConfliBERT coder-training rounds (annotations/training_round_*/relevant_r*.csv): real news sentences
    that up to five raters marked as holding a political event (TRUE) or not (FALSE). A sentence is relevant when
    most raters who answered said TRUE, irrelevant when most said FALSE; ties and unanswered ones are left out, and
    a sentence rated in several rounds is read once (all its votes together). `path` is annotations/annotation_protocol."""
    votes: dict[str, list[str]] = {}
    for table in sorted(path.parent.glob("training_round_*/relevant_r*.csv")):
        if "_v" in table.stem:
            continue  # an earlier version of a round's table
        with table.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = " ".join((row.get("sentences") or "").split())
                answers = [v for k, v in row.items() if k and k.startswith("rater") and v in ("TRUE", "FALSE")]
                if text:
                    votes.setdefault(text, []).extend(answers)
    found = []
    for number, (text, answers) in enumerate(votes.items(), start=1):
        yes, no = answers.count("TRUE"), answers.count("FALSE")
        if yes != no:
            found.append(GoldSentence(f"news-{number}", text, NEWS_DATE, extra={"relevant": yes > no}))
    return found


SETS = {
    "cameo": ("cameo-codebook-examples-icews-pkg/cameo-codes.csv", read_cameo_examples),
    "plover": ("plover-gsr-cameo-manual/PLOVER_GSR_CAMEO.txt", read_plover),
    "petr2": ("universalpetrarch-PETR2-GSR/PETR2_GSR_validation.xml", read_petr2_gsr),
    "voa": ("voa-news-ngec2025/voa_stories.jsonl", read_voa),
    "news": ("cameo-conflibert-annotations/annotations/annotation_protocol", read_rated_news),
}


def available_sets(eval_dir: Path) -> dict[str, Path]:
    return {name: eval_dir / rel for name, (rel, _) in SETS.items() if (eval_dir / rel).is_file()}


def read_set(name: str, path: Path) -> list[GoldSentence]:
    """The set's sentences, with repeated ids made unique (`id#2`): one gold file repeats an id."""
    seen: dict[str, int] = {}
    unique = []
    for sentence in SETS[name][1](path):
        seen[sentence.id] = seen.get(sentence.id, 0) + 1
        if seen[sentence.id] > 1:
            sentence = dataclasses.replace(sentence, id=f"{sentence.id}#{seen[sentence.id]}")
        unique.append(sentence)
    return unique
