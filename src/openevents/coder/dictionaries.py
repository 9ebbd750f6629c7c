"""Load and validate the coder dictionaries of data/dictionaries/ (format: the README there)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable
from pathlib import Path

from openevents.coder.nominal import load_nominalizations
from openevents.coder.patterns import NAMED_PLACE, NON_EVENT, Pattern, PatternSyntaxError, parse_pattern
from openevents.coder.tsv import Row, is_acronym, parse_date, phrase_key, read_tsv
from openevents.errors import DictionaryError

ACTOR_COLUMNS = ["phrase", "code", "start", "end", "note"]
PEOPLE_COLUMNS = ["names", "code", "start", "end", "home", "title"]
AGENT_COLUMNS = ["phrase", "role", "note"]
CLASS_COLUMNS = ["class", "phrase"]
CAMEO_COLUMNS = ["code", "name", "goldstein", "quad_class", "description"]
COMPLEMENT_COLUMNS = ["lemma", "complement", "effect", "note"]
LEMMA_COLUMNS = ["lemma", "pos", "corrected", "note"]
FUTURE_COLUMNS = ["code", "future_code", "note"]
COMPLEMENT_EFFECTS = ("code", "other", "skip", "future", "appeal", "demand", "refuse")
SAME_CODE = "="
ACTOR_CODE_RE = re.compile(r"^[A-Z-]{3}([A-Z]{3})*$")
ROLE_RE = re.compile(r"^[A-Z]{3}$")
CLASS_NAME_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    description: str


@dataclass(frozen=True)
class ActorEntry:
    """One spelling of an actor, valid between start and end (inclusive) when given."""

    phrase: str
    code: str
    start: dt.date | None
    end: dt.date | None
    acronym: bool
    where: str
    person: str | None = None
    home: str | None = None
    title: str = ""  # the office as the people file describes it (`Prime Minister of Pakistan`)

    def valid_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@dataclass(frozen=True)
class AgentEntry:
    phrase: str
    role: str
    where: str


@dataclass(frozen=True)
class Dictionaries:
    """Everything the coder knows, keyed for matching."""

    version: str
    cameo: dict[str, CameoCode]
    actors: dict[str, tuple[ActorEntry, ...]]
    agents: dict[str, AgentEntry]
    classes: dict[str, frozenset[str]]
    verb_patterns: dict[str, tuple[Pattern, ...]]
    noun_patterns: dict[str, tuple[Pattern, ...]]
    complements: dict[tuple[str, str], str] = field(default_factory=dict)
    future: dict[str, str] = field(default_factory=dict)
    lemma_fixes: dict[tuple[str, str], str] = field(default_factory=dict)
    noun_class_heads: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)  # n:[CLASS] patterns by class
    problems: tuple[str, ...] = ()
    place_country: Callable[[str], str | None] | None = None  # a gazetteer's name → ISO3, attached by callers

    @functools.cached_property
    def person_words(self) -> frozenset[str]:
        """Every word of a person's name in the people files (`kim`, `abbas`): a lone one is no place name."""
        return frozenset(phrase_key(w) for entries in self.actors.values() for e in entries if e.person
                         for w in e.phrase.replace("-", " ").split() if len(phrase_key(w)) > 1)

    @functools.cached_property
    def surnames(self) -> dict[str, tuple[ActorEntry, ...]]:
        """People by the last and the first word of their names (`abe` → Shinzo Abe, `xi` → Xi Jinping, family
        names come first in some languages), for `Prime Minister Abe`, `President Xi`."""
        found: dict[str, set[ActorEntry]] = {}
        for entries in self.actors.values():
            for e in entries:
                words = [w for w in e.phrase.replace(".", " ").split() if w.lower() not in NAME_SUFFIXES]
                if e.person and len(words) > 1:
                    for word in {words[0], words[-1]}:
                        found.setdefault(phrase_key(word), set()).add(e)
        return {k: tuple(v) for k, v in found.items()}

    def future_code(self, code: str) -> str | None:
        """The code of an act stated in the future tense (longest matching prefix), None when it is not coded."""
        for width in range(len(code), 1, -1):
            if code[:width] in self.future:
                found = self.future[code[:width]]
                return code if found == SAME_CODE else found
        return None

    @property
    def pattern_count(self) -> int:
        groups = (*self.verb_patterns.values(), *self.noun_patterns.values(), *self.noun_class_heads.values())
        return sum(map(len, groups))


def dictionary_version(directory: Path) -> str:
    """First 12 hex digits of the SHA-256 over every file's relative path and bytes, in path order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(directory)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def load_cameo_codes(directory: Path, problems: list[str]) -> dict[str, CameoCode]:
    codes: dict[str, CameoCode] = {}
    for row in read_tsv(directory / "cameo_codes.tsv", CAMEO_COLUMNS, problems, directory):
        code = row["code"]
        try:
            goldstein, quad = float(row["goldstein"]), int(row["quad_class"])
        except ValueError:
            problems.append(f"{row.where}: goldstein and quad_class must be numbers")
            continue
        if not re.fullmatch(r"(0[1-9]|1[0-9]|20)([0-9]{1,2})?", code):
            problems.append(f"{row.where}: {code!r} is not a CAMEO event code")
        elif code in codes:
            problems.append(f"{row.where}: code {code} repeated")
        elif not -10 <= goldstein <= 10 or quad != quad_class_of(code):
            problems.append(f"{row.where}: goldstein must be in -10..10 and quad_class {quad_class_of(code)} for {code}")
        else:
            codes[code] = CameoCode(code, row["name"], goldstein, quad, row["description"])
    return codes


def quad_class_of(code: str) -> int:
    """CAMEO quad class from the root code: 01–05 → 1, 06–09 → 2, 10–14 → 3, 15–20 → 4."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def _actor_entry(row: Row, phrase: str, problems: list[str], **extra: str) -> ActorEntry | None:
    code = row["code"]
    if not ACTOR_CODE_RE.match(code):
        problems.append(f"{row.where}: actor code {code!r} must be 3 letters (or ---) followed by 3-letter parts")
        return None
    start = parse_date(row["start"], row.where, "start", problems)
    end = parse_date(row["end"], row.where, "end", problems)
    if start and end and end < start:
        problems.append(f"{row.where}: end {end} is before start {start}")
        return None
    if not phrase_key(phrase):
        problems.append(f"{row.where}: empty phrase")
        return None
    return ActorEntry(phrase, code, start, end, is_acronym(phrase), row.where, **extra)


def load_actor_files(directory: Path, problems: list[str]) -> list[ActorEntry]:
    entries: list[ActorEntry] = []
    for path in sorted((directory / "actors").glob("*.tsv")):
        for row in read_tsv(path, ACTOR_COLUMNS, problems, directory):
            entry = _actor_entry(row, row["phrase"], problems)
            if entry:
                entries.append(entry)
    return entries


def load_people(directory: Path, problems: list[str]) -> list[ActorEntry]:
    entries: list[ActorEntry] = []
    for path in sorted((directory / "people").glob("*.tsv")):
        for row in read_tsv(path, PEOPLE_COLUMNS, problems, directory):
            names = [n.strip() for n in row["names"].split("|") if n.strip()]
            home = row["home"]
            if not names or not re.fullmatch(r"[A-Z]{3}", home):
                problems.append(f"{row.where}: needs names and a 3-letter home country code (found {home!r})")
                continue
            for name in names:
                entry = _actor_entry(row, name, problems, person=names[0], home=home, title=row["title"])
                if entry is None:
                    break
                entries.append(entry)
    return entries


def index_actors(entries: list[ActorEntry], problems: list[str]) -> dict[str, tuple[ActorEntry, ...]]:
    """Entries by matching key; a key that names two different people, or two codes at once, is a problem."""
    by_key: dict[str, list[ActorEntry]] = defaultdict(list)
    for entry in entries:
        by_key[phrase_key(entry.phrase)].append(entry)
    for key, group in by_key.items():
        people = {e.person for e in group if e.person}
        if len(people) > 1:
            problems.append(f"{group[-1].where}: {group[-1].phrase!r} names {len(people)} people: {sorted(people)}")
        elif not people:
            _check_overlaps(group, problems)
    return {key: tuple(group) for key, group in by_key.items()}


def _check_overlaps(group: list[ActorEntry], problems: list[str]) -> None:
    for i, first in enumerate(group):
        for second in group[i + 1 :]:
            if first.code == second.code or first.acronym != second.acronym:
                continue
            if (first.end is None or second.start is None or second.start <= first.end) and (
                second.end is None or first.start is None or first.start <= second.end
            ):
                problems.append(
                    f"{second.where}: {second.phrase!r} is {second.code} here but {first.code} at {first.where}"
                )


def load_agents(directory: Path, problems: list[str]) -> dict[str, AgentEntry]:
    agents: dict[str, AgentEntry] = {}
    for row in read_tsv(directory / "agents.tsv", AGENT_COLUMNS, problems, directory):
        phrase, role, key = row["phrase"], row["role"], phrase_key(row["phrase"])
        if not ROLE_RE.match(role) or not key:
            problems.append(f"{row.where}: needs a phrase and a 3-letter role code (found {role!r})")
        elif key in agents and agents[key].role != role:
            problems.append(f"{row.where}: {phrase!r} is {role} here but {agents[key].role} at {agents[key].where}")
        else:
            agents[key] = AgentEntry(phrase, role, row.where)
    return agents


def load_classes(directory: Path, problems: list[str]) -> dict[str, frozenset[str]]:
    members: dict[str, set[str]] = defaultdict(set)
    includes: dict[str, set[str]] = defaultdict(set)
    rows = [r for path in sorted((directory / "classes").glob("*.tsv")) for r in read_tsv(path, CLASS_COLUMNS, problems, directory)]
    for row in rows:
        name, phrase = row["class"], row["phrase"]
        if not CLASS_NAME_RE.match(name) or not phrase:
            problems.append(f"{row.where}: class names are upper case and need a phrase")
        elif phrase.startswith("["):
            includes[name].add(phrase.strip("[]"))
        else:
            members[name].add(phrase_key(phrase))
    for name, included in includes.items():
        for other in included - members.keys() - includes.keys():
            problems.append(f"classes/: class {name} includes unknown class [{other}]")
    return {name: frozenset(_expand_class(name, members, includes, set())) for name in members.keys() | includes.keys()}


def _expand_class(name: str, members: dict[str, set[str]], includes: dict[str, set[str]], seen: set[str]) -> set[str]:
    if name in seen:
        return set()
    seen.add(name)
    found = set(members.get(name, ()))
    for other in includes.get(name, ()):
        found |= _expand_class(other, members, includes, seen)
    return found


def load_patterns(
    directory: Path, cameo: dict[str, CameoCode], classes: dict[str, frozenset[str]], problems: list[str]
) -> list[Pattern]:
    patterns: list[Pattern] = []
    seen: dict[str, str] = {}
    for path in sorted((directory / "verbs").glob("*.txt")):
        root = path.name[:2]
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            where = f"verbs/{path.name}:{number}"
            code, _, text = raw.partition("\t")
            try:
                pattern = parse_pattern(code.strip(), text.split("#")[0].strip(), len(patterns), where)
            except PatternSyntaxError as exc:
                problems.append(f"{where}: {exc}")
                continue
            wanted = pattern.frame.classes() + ([pattern.subject_class] if pattern.subject_class else [])
            in_slot = NAMED_PLACE not in (pattern.subject_class, pattern.head_class)  # only a slot's class is built in
            unknown = [c for c in wanted if c not in classes and not (c == NAMED_PLACE and in_slot)]
            if pattern.code == NON_EVENT and root != "00":
                problems.append(f"{where}: code 000 (no event) belongs in verbs/00_*.txt")
            elif pattern.code != NON_EVENT and (pattern.code not in cameo or not pattern.code.startswith(root)):
                problems.append(f"{where}: code {pattern.code} is not a CAMEO code of root {root}")
            elif unknown:
                problems.append(f"{where}: unknown noun class {', '.join(unknown)}")
            elif pattern.text in seen:
                problems.append(f"{where}: pattern {pattern.text!r} already given at {seen[pattern.text]}")
            else:
                seen[pattern.text] = f"{where} ({pattern.code})"
                patterns.append(pattern)
    return patterns


def load_complements(directory: Path, problems: list[str]) -> dict[tuple[str, str], str]:
    path = directory / "complements.tsv"
    table: dict[tuple[str, str], str] = {}
    for row in read_tsv(path, COMPLEMENT_COLUMNS, problems, directory) if path.exists() else []:
        if row["complement"] not in ("xcomp", "ccomp", "nobj", "nsubj") or row["effect"] not in COMPLEMENT_EFFECTS:
            problems.append(f"{row.where}: complement must be xcomp, ccomp, nobj or nsubj and effect one of "
                            f"{', '.join(COMPLEMENT_EFFECTS)}")
        else:
            table[(row["lemma"], row["complement"])] = row["effect"]
    return table


def load_future(directory: Path, cameo: dict[str, CameoCode], problems: list[str]) -> dict[str, str]:
    path = directory / "future.tsv"
    table: dict[str, str] = {}
    for row in read_tsv(path, FUTURE_COLUMNS, problems, directory) if path.exists() else []:
        if row["future_code"] == SAME_CODE and row["code"] in cameo:
            table[row["code"]] = SAME_CODE
        elif row["code"] not in cameo or row["future_code"] not in cameo or row["future_code"][:2] not in ("03", "13"):
            problems.append(f"{row.where}: needs a CAMEO code and a 03x/13x future code (or = for the same code)")
        else:
            table[row["code"]] = row["future_code"]
    return table


def load_lemma_fixes(directory: Path, problems: list[str]) -> dict[tuple[str, str], str]:
    """lemmas.tsv (the lemmatizer's errors) and same_as.tsv (words coded as another: `reimpose` as `impose`)."""
    table: dict[tuple[str, str], str] = {}
    paths = [p for p in (directory / "lemmas.tsv", directory / "same_as.tsv") if p.exists()]
    for row in (row for path in paths for row in read_tsv(path, LEMMA_COLUMNS, problems, directory)):
        if not row["lemma"] or not row["corrected"] or row["pos"] not in ("VERB", "NOUN", "ADJ", "PROPN"):
            problems.append(f"{row.where}: needs a lemma, a part of speech (VERB, NOUN, ADJ, PROPN) and a correction")
        else:
            table[(row["lemma"], row["pos"])] = row["corrected"]
    return table


def load_dictionaries(directory: Path, strict: bool = True) -> Dictionaries:
    """Read and check every dictionary file; raises DictionaryError listing each malformed entry as file:line.

    With strict=False the well-formed entries are loaded anyway and the problems are kept in `.problems`
    (for authoring tools only; the pipeline always loads strictly)."""
    if not directory.is_dir():
        raise DictionaryError([f"{directory}: no dictionary folder"])
    problems: list[str] = []
    cameo = load_cameo_codes(directory, problems)
    actors = index_actors(load_actor_files(directory, problems) + load_people(directory, problems), problems)
    agents = load_agents(directory, problems)
    classes = load_classes(directory, problems)
    patterns = load_patterns(directory, cameo, classes, problems)
    patterns = patterns + load_nominalizations(directory, patterns, problems)
    complements = load_complements(directory, problems)
    future = load_future(directory, cameo, problems)
    lemma_fixes = load_lemma_fixes(directory, problems)
    if problems and strict:
        raise DictionaryError(problems)
    verbs: dict[str, list[Pattern]] = defaultdict(list)
    nouns: dict[str, list[Pattern]] = defaultdict(list)
    class_heads: dict[str, list[Pattern]] = defaultdict(list)
    for pattern in patterns:
        if pattern.head_class:
            class_heads[pattern.head_class].append(pattern)
        else:
            (nouns if pattern.is_noun else verbs)[pattern.frame.head].append(pattern)
    return Dictionaries(
        version=dictionary_version(directory),
        cameo=cameo,
        actors=actors,
        agents=agents,
        classes=classes,
        verb_patterns={k: tuple(v) for k, v in verbs.items()},
        noun_patterns={k: tuple(v) for k, v in nouns.items()},
        complements=complements,
        future=future,
        lemma_fixes=lemma_fixes,
        noun_class_heads={k: tuple(v) for k, v in class_heads.items()},
        problems=tuple(problems),
    )


@lru_cache(maxsize=4)
def cached_dictionaries(directory: str, version: str) -> Dictionaries:
    """Load once per process per (folder, version); callers pass dictionary_version() so edits are seen."""
    return load_dictionaries(Path(directory))
