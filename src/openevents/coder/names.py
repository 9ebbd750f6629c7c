"""Names in a sentence: dictionary matches (names, people, role nouns) over noun-phrase tokens, the places they
name, and the Actor and Match records the coder passes around."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from openevents.coder.dictionaries import ActorEntry, Dictionaries
from openevents.coder.sentence import Sentence, of_objects
from openevents.coder.tsv import phrase_key


# Dependents that belong to the noun phrase of their head (conjuncts are separate actors).
NP_DEPS = frozenset({"compound", "amod", "poss", "case", "det", "nummod", "quantmod", "nmod", "flat", "appos", "nn",
                     "punct", "prep", "pobj", "npadvmod", "predet"})
NP_PREPS = frozenset({"of", "from"})
LOCATION_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "along", "throughout", "around",
                            "within"})
MAX_SPAN = 10
CROWDS = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "million", "millions",
                    "score", "scores", "ten", "tens"})
FORMER = frozenset({"former", "ex", "ex-", "onetime", "erstwhile", "retired", "late",  # out of office:
                    "oust", "ousted", "depose", "deposed", "topple", "toppled", "overthrow", "overthrown"})
IGO_DROPPED_ROLES = frozenset({"GOV", "IGO"})
MAX_ROLES = 2
COUNTRY_PREFIXES = frozenset({"IGO", "NGO", "IMG", "MNC", "---"})


@dataclass(frozen=True)
class Actor:
    """A resolved actor: its code, the words that named it and their character span in the article."""

    code: str
    text: str
    start: int
    end: int
    head: int
    person: bool = False

    @property
    def country(self) -> str | None:
        prefix = self.code[:3]
        return None if prefix in COUNTRY_PREFIXES else prefix

    @property
    def known_country(self) -> bool:
        return not self.code.startswith("---")


@dataclass(frozen=True)
class Match:
    first: int
    last: int
    kind: str  # "person" | "person_out" | "actor" | "expired" (a name out of its dates) | "agent"
    code: str


def each_other(actors: list[Actor]) -> list[tuple[Actor, Actor]]:
    """Every ordered pair of different actors: several sources acting with each other (`X and Y met`)."""
    return [(s, t) for s in actors for t in actors if s.code != t.code]


def conjuncts(sent: Sentence, i: int) -> list[int]:
    """Token i and the heads of the phrases coordinated with it (`Russia and China` → both), also when the parser
    hangs the coordination on an apposition (`President Vladimir Putin and Kim Jong Un`)."""
    found, stack = [i], [i] + sent.kids(i, "appos")
    while stack:
        for c in sent.kids(stack.pop(), "conj"):
            if c not in found:
                found.append(c)
                stack.append(c)
    return found


def np_tokens(sent: Sentence, head: int, extra_preps: frozenset[str] = frozenset()) -> list[int]:
    """Tokens of the noun phrase headed at `head`: its modifiers, appositions and of/from phrases."""
    keep, stack = {head}, [head]
    preps = NP_PREPS | extra_preps
    while stack:
        j = stack.pop()
        for c in sent.children[j]:
            tok = sent.toks[c]
            if c in keep or tok.dep not in NP_DEPS or (tok.dep == "prep" and tok.lemma.lower() not in preps):
                continue
            keep.add(c)
            stack.append(c)
    return sorted(keep)


def origin_tokens(sent: Sentence, word: int) -> list[int]:
    """The tokens of the `from` phrases on a word (`Members of parliament from Ghana's ruling party`)."""
    return [i for p in sent.kids(word, "prep") if sent.lemma(p) == "from" for o in sent.kids(p, "pobj")
            for i in np_tokens(sent, o)]


def _runs(tokens: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in tokens:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _case_ok(entry: ActorEntry, words: list[str]) -> bool:
    """Names need a capital (`Chad` the country, not `chad`), acronyms all capitals; a description written in lower
    case in the dictionary (`blue helmets`, `international aid agency`) matches as written."""
    if entry.phrase == entry.phrase.lower():
        return True
    if entry.acronym:
        letters = [ch for w in words for ch in w if ch.isalpha()]
        return all(ch.isupper() for ch in letters)
    return any(w[:1].isupper() for w in words)


def _actor_code(entries: tuple[ActorEntry, ...], words: list[str], day: dt.date) -> tuple[str, str] | None:
    usable = [e for e in entries if _case_ok(e, words)]
    people = [e for e in usable if e.person]
    if people:
        current = [e for e in people if e.valid_on(day)]
        return ("person", current[0].code) if current else ("person_out", f"{people[0].home}ELI")
    if not usable:
        return None
    current = [e for e in usable if e.valid_on(day)]
    return ("actor", current[0].code) if current else ("expired", "---")  # a name out of its dates names nobody


def find_matches(sent: Sentence, tokens: list[int], dicts: Dictionaries, day: dt.date) -> list[Match]:
    """Longest-first, non-overlapping dictionary matches (names, people, role nouns) inside the given tokens."""
    matches: list[Match] = []
    for run in _runs(tokens):
        pos, covered = 0, -1
        while pos < len(run):
            best = (_longest_at(sent, run[pos : pos + MAX_SPAN], dicts, day)
                    or _titled_surname(sent, run, pos, matches, dicts, day))
            if best:
                after_name = pos > 0 and covered < run[pos - 1]  # the word before matched nothing
                if _ethnic(sent, best):
                    matches.append(Match(best.first, best.last, "agent", "CVL"))  # people, placed by the clause
                elif not (_stance_prefixed(sent, best.first) or _sponsor_of(sent, best.last)
                          or (after_name and _other_bearer(sent, run, pos, best)) or _bracketed_acronym(sent, best)):
                    matches.append(best)
                covered = best.last
                pos += best.last - best.first + 1
            else:
                pos += 1
    return matches


def _bracketed_acronym(sent: Sentence, match: Match) -> bool:
    """A person's alias in brackets right after a name is that name's acronym: `Montenegro Municipality
    Association (AKK)` names no Annegret Kramp-Karrenbauer."""
    words = [i for i in range(match.first, match.last + 1) if sent.toks[i].text not in ("(", ")")]
    if match.kind not in ("person", "person_out") or not words or words[0] < 2 or words[-1] + 1 >= len(sent.toks):
        return False
    toks, first, last = sent.toks, words[0], words[-1]
    return toks[first - 1].text == "(" and toks[last + 1].text == ")" and toks[first - 2].pos == "PROPN"


def _titled_surname(sent: Sentence, run: list[int], pos: int, matches: list[Match], dicts: Dictionaries,
                    day: dt.date) -> Match | None:
    """`Prime Minister Abe`, `President Macron`: a lone capitalised word right after a title (a role noun just
    matched) that is the surname of exactly one person holding an office on the day."""
    i = run[pos]
    tok = sent.toks[i]
    titled = matches and matches[-1].kind == "agent" and matches[-1].last == i - 1
    following = sent.toks[run[pos + 1]] if pos + 1 < len(run) else None
    led = following is not None and following.lemma.lower() in LED_BODIES and (pos == 0 or sent.toks[
        run[pos - 1]].pos != "PROPN")  # `the Bush administration`, `the Sharif government`
    if not (titled or led) or tok.pos != "PROPN" or not tok.text[:1].isupper() or (
            following is not None and following.pos == "PROPN"):
        return None
    current = [e for e in dicts.surnames.get(phrase_key(tok.text), ()) if e.valid_on(day)]
    codes = {e.code for e in current}
    if len(codes) > 1 and titled:  # `Prime Minister Sharif`: the one whose office is that title
        title = " ".join(sent.toks[t].text for t in range(matches[-1].first, i) if sent.toks[t].ent not in PLACE_ENTS)
        codes = {e.code for e in current if _holds_title(e, title)}
    return Match(i, i, "person", codes.pop()) if len(codes) == 1 else None


def _holds_title(entry: ActorEntry, title: str) -> bool:
    """The people file describes the entry's office with the title: `Prime Minister of Pakistan` for `Prime
    Minister`, not `Deputy Prime Minister` or `Vice-President` for `President`."""
    words = re.escape(title.lower().strip())
    return bool(re.search(rf"(?<![\w-])(?<!deputy )(?<!vice )(?<!former ){words}\b", entry.title.lower()))


LED_BODIES = frozenset({"administration", "government", "regime", "cabinet", "junta"})  # named for their leader
PLACE_ENTS = frozenset({"NORP", "GPE"})  # `Pakistani Prime Minister Sharif`: the title without its country
MIDDLE_INITIAL = re.compile(r"^[A-Z]\.$")
STANCE_PREFIXES = frozenset({"pro", "anti", "non"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "sheikh", "sheik", "emir",
                        "king", "queen", "prince", "princess", "gen", "general", "col", "rev", "imam", "ayatollah",
                        "sen", "senator", "rep", "gov", "president", "premier", "chancellor", "minister", "mullah"})


def _other_bearer(sent: Sentence, run: list[int], pos: int, match: Match) -> bool:
    """`Hunter Biden`, `Bandar Abbas`: a person's one-word name right after a capitalised name word that matched
    nothing (the caller checks) belongs to someone or something else; titles (`Mr. Abbas`) do not count."""
    if match.kind not in ("person", "person_out") or match.last != match.first or pos == 0:
        return False
    before = sent.toks[run[pos - 1]]
    word = before.text.lower().rstrip(".")
    return before.pos == "PROPN" and before.text[:1].isupper() and word not in HONORIFICS


SPONSORING = frozenset({"backed", "funded", "sponsored", "supported", "ruled", "controlled", "held", "linked",
                        "allied", "aligned", "affiliated", "based", "inspired", "dominated", "occupied", "annexed"})


def _sponsor_of(sent: Sentence, last: int) -> bool:
    """`Iran-backed militias`, `rebel-held territory`, `military-ruled Myanmar`, `London-based group`: the name says
    who backs, holds or hosts them, not who they are (`Saudi-led coalition`, `Hamas-run ministry` are theirs)."""
    toks = sent.toks
    if toks[last].text != "-":  # the match may or may not have taken the hyphen along (it adds nothing to a key)
        last += 1
    return last + 1 < len(toks) and toks[last].text == "-" and toks[last + 1].text.lower() in SPONSORING


def _ethnic(sent: Sentence, match: Match) -> bool:
    """`ethnic Albanians in Serbia`, `ethnic Russians in Ukraine`, `the Hungarians of southern Slovakia`: an ethnic
    group, not the country of its name: its people (CVL), whose country comes from where they live or act."""
    if match.kind != "actor":
        return False
    if match.first > 0 and sent.toks[match.first - 1].text.lower() == "ethnic":
        return True
    tok = sent.toks[match.last]  # `the Hungarians of southern Slovakia`: a people named by where they belong
    return tok.tag in ("NNPS", "NNS") and any(sent.toks[p].text == "of" and any(
        sent.toks[o].pos == "PROPN" for o in sent.kids(p, "pobj")) for p in sent.kids(match.last, "prep"))


def _stance_prefixed(sent: Sentence, i: int) -> bool:
    """`pro-Russian separatists`, `anti-government protesters`: the name says what they stand for, not who they are."""
    if sent.toks[i].text != "-":
        i -= 1
    if i < 1 or sent.toks[i].text != "-":
        return i >= 0 and sent.toks[i].text.lower().rstrip("-") in STANCE_PREFIXES and sent.toks[i].text.endswith("-")
    return sent.toks[i - 1].text.lower() in STANCE_PREFIXES


def _longest_at(sent: Sentence, run: list[int], dicts: Dictionaries, day: dt.date) -> Match | None:
    key, bare, best = "", "", None  # `bare`: the key without middle initials (`Vladimir V. Putin`)
    for n, i in enumerate(run):
        tok = sent.toks[i]
        lemma_key = key + phrase_key(tok.lemma)
        key += phrase_key(tok.text)
        bare += "" if n and MIDDLE_INITIAL.match(tok.text) else phrase_key(tok.text)
        if not key or not phrase_key(tok.text):  # a name never ends on punctuation: `Egypt,` is `Egypt`
            continue
        words = [sent.toks[j].text for j in run[: n + 1]]
        entries = dicts.actors.get(key) or (dicts.actors.get(bare) if bare != key else None)
        resolved = _actor_code(entries, words, day) if entries else None
        if resolved:
            best = Match(run[0], i, resolved[0], resolved[1])
            continue
        agent = dicts.agents.get(key) or dicts.agents.get(lemma_key)
        word = next(j for j in run[: n + 1] if phrase_key(sent.toks[j].text)) if agent else 0  # `Port-au-Prince`
        if agent and not (sent.hyphen_joined(word) and sent.toks[word].ent in ("GPE", "LOC", "FAC")):
            former = any(sent.toks[j].lemma.lower() in FORMER for j in sent.kids(i, "amod", "advmod"))
            best = Match(run[0], i, "agent", "ELI" if former else agent.role)
    return best


NOT_PLACES = frozenset({"NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})  # the small model often calls towns
# PERSON or ORG (`Kharkiv`, `Mariupol`), so only these entity types keep a name from being looked up as a place


TOWNS = "towns"  # `locations=TOWNS`: a proper name acted on may itself be a town (acts of force on places)
PLACE_SLOT = "place"  # `locations=PLACE_SLOT`: the object of a pattern's `in @T` is the place acted on itself
BORDER_WORDS = frozenset({"border", "frontier", "boundary"})
LOCATIVE_PREPS = frozenset({"in", "near", "inside", "across", "throughout", "around", "outside", "within"})


def _named_target_place(sent: Sentence, head: int, dicts: Dictionaries, placed: bool = False) -> bool:
    """`shelled Kharkiv`, `a strike on Kharkiv`: a proper name acted on may itself be the place; `in Peshawar` says
    where, and leaves the target to the rest of the clause (`near a police station in Peshawar`); a word of a
    known person's name (`thanked Kim`) is no place."""
    tok = sent.toks[head]
    misread = tok.ent == "NORP" and tok.tag == "NNP"  # a singular name is no group: `attacked Aleppo` (NORP)
    if tok.pos != "PROPN" or (tok.ent in NOT_PLACES and not misread) or phrase_key(tok.text) in dicts.person_words:
        return False
    return placed or not (tok.dep == "pobj" and sent.lemma(tok.head) in LOCATIVE_PREPS)


def foreign_seat(sent: Sentence, head: int, dicts: Dictionaries) -> bool:
    """A state's mission abroad (class FOREIGN_SEATS: embassy, consulate …), which no place makes the host's."""
    return phrase_key(sent.lemma(head)) in dicts.classes.get("FOREIGN_SEATS", frozenset())


def place_in(sent: Sentence, head: int, dicts: Dictionaries, day: dt.date, towns: bool = False,
             placed: bool = False) -> Match | None:
    """A country named in a location phrase of the noun phrase (`a hospital in Kyiv` → UKR), as a country code;
    else a place the gazetteer knows (`civilians in Odesa` → UKR, or with `towns` the proper name itself: `shelled
    Kharkiv`), when the dictionaries carry one."""
    if foreign_seat(sent, head, dicts):
        return None  # `the embassy in Dhaka` is no Bangladeshi body
    lines = {i for p in sent.kids(head, "prep") for o in sent.kids(p, "pobj") if sent.lemma(o) in BORDER_WORDS
             for i in [p, *np_tokens(sent, o)]}  # `troops along the Afghan border` may be on either side
    lines |= {i for p in sent.kids(head, "prep") for o in sent.kids(p, "pobj") if foreign_seat(sent, o, dicts)
              for i in np_tokens(sent, o)}  # `protesters outside the US embassy` are not American
    wider = [i for i in np_tokens(sent, head, LOCATION_PREPS) if i not in lines]
    matches = find_matches(sent, wider, dicts, day)
    for m in matches:
        if m.kind == "actor" and m.code[:3] not in COUNTRY_PREFIXES:
            return Match(m.first, m.last, "actor", m.code[:3])
    origin = set(origin_tokens(sent, head))  # `a priest from Manila` is Filipino
    own = set(np_tokens(sent, head)) - origin
    places = dicts.classes.get("TERRITORY", frozenset())  # `areas of Aleppo`, `the outskirts of Kharkiv`
    places |= dicts.classes.get("STRIKE_TARGET", frozenset())  # `the Jenin refugee camp`, `a Kharkiv hospital`
    person = any(m.kind == "agent" and m.first <= head <= m.last for m in matches)  # not `Iran-backed militias`
    territory = not person and (phrase_key(sent.lemma(head)) in places or phrase_key(sent.toks[head].text) in places)
    named_place = (towns and _named_target_place(sent, head, dicts, placed)) or territory
    office = {i for o in of_objects(sent, head) if sent.toks[o].tag.startswith("NNP") or sent.kids(o, "compound")
              for i in [o, *sent.kids(o, "compound")]} if person else set()  # `governor of Kano (province)`
    return _gazetteer_place(sent, [i for i in wider if i not in own or named_place or i in office], matches, dicts)


def first_place_country(sent: Sentence, heads: list[int], dicts: Dictionaries, day: dt.date) -> str | None:
    """The country of the first phrase among `heads` that names a place (place_country), if any."""
    return next((c for c in (place_country(sent, h, dicts, day) for h in heads) if c), None)


def place_country(sent: Sentence, head: int, dicts: Dictionaries, day: dt.date) -> str | None:
    """The country of the place named by the phrase at `head` (`in Tel Aviv`, `across Kenya`), if it is one; of
    several, the last is where (`outside the Israeli embassy in London`, `in the Israeli-occupied West Bank`)."""
    if foreign_seat(sent, head, dicts):
        return None  # `outside the Israeli embassy`: a state's mission abroad says nothing of where it is
    if phrase_key(sent.lemma(head)) in dicts.classes.get("NOT_PLACE_HEADS", frozenset()):
        return None  # `in defiance of a police ban`: how, not where
    matches = find_matches(sent, np_tokens(sent, head), dicts, day)
    for m in reversed(matches):
        if m.kind == "actor" and m.code[:3] not in COUNTRY_PREFIXES:
            return m.code[:3]
    place = _gazetteer_place(sent, np_tokens(sent, head), matches, dicts)
    return place.code if place else None


def town_country(sent: Sentence, head: int, dicts: Dictionaries, day: dt.date) -> str | None:
    """The country of a town the gazetteer places in the phrase at `head`, outside any dictionary name: Homs in
    `a district of the Syrian city of Homs` (SYR); None for `Israeli positions` or `Israel`."""
    tokens = np_tokens(sent, head)
    matches = find_matches(sent, tokens, dicts, day)
    named = {i for m in matches for i in range(m.first, m.last + 1)}
    place = _gazetteer_place(sent, [i for i in tokens if i not in named], matches, dicts)
    return place.code if place else None


def _gazetteer_place(sent: Sentence, tokens: list[int], matches: list[Match], dicts: Dictionaries) -> Match | None:
    """The first run of proper nouns among `tokens` the gazetteer places, as a country match; not inside a name
    the dictionaries block with `---` (`the Sea of Japan` is no place in Japan)."""
    if dicts.place_country is None:
        return None
    # a name out of its dates may still be a place (`Lagos`, capital of Nigeria until 1991, is a Nigerian city)
    blocked = {i for m in matches if m.code == "---" and m.kind == "actor" for i in range(m.first, m.last + 1)}
    blocked |= {i for i in tokens if sent.toks[i].ent in TIME_ENTS}  # `in August`, `on Easter Monday`
    for run in _runs([i for i in tokens if _proper(sent.toks[i]) and i not in blocked]):
        country = dicts.place_country(span_text(sent, run[0], run[-1]))
        if not country and len(run) > 1 and sent.toks[run[-1]].text.lower() in ADMIN_WORDS:
            country = dicts.place_country(span_text(sent, run[0], run[-2]))  # `West Darfur State`
        if country:
            return Match(run[0], run[-1], "actor", country)
    return None


TIME_ENTS = frozenset({"DATE", "TIME"})


def _proper(tok) -> bool:
    """A proper noun, or a capitalised word of a place name the tagger took for another part of speech (`in Sagaing
    region`, tagged as a verb)."""
    return tok.pos == "PROPN" or (tok.ent in ("GPE", "LOC") and tok.text[:1].isupper() and tok.pos != "DET")
ADMIN_WORDS = frozenset({"state", "province", "region", "district", "governorate", "county", "oblast", "prefecture",
                         "department", "territory"})


def span_text(sent: Sentence, first: int, last: int) -> str:
    """Tokens first..last as written, with a space wherever the article had one."""
    parts = [sent.toks[first].text]
    for i in range(first + 1, last + 1):
        if sent.toks[i].start > sent.toks[i - 1].end:
            parts.append(" ")
        parts.append(sent.toks[i].text)
    return "".join(parts)


OPERATING_PREPS = frozenset({"in", "on", "from", "inside", "across", "near", "along"})


def operating_country(sent: Sentence, head: int, dicts: Dictionaries, day: dt.date) -> str:
    """Armed groups and criminals named by the role alone are of the country a participle or adjective places them
    in (`militants based in Afghanistan`, `rebels operating from Congolese territory`, `militants present on
    Afghan soil` → AFG), else `---`; not the state's forces (`troops stationed in Poland` may be anyone's)."""
    for m in sent.kids(head, "acl", "amod"):
        for o in [o for p in sent.kids(m, "prep") if sent.lemma(p) in OPERATING_PREPS for o in sent.kids(p, "pobj")]:
            if sent.lemma(o) not in BORDER_WORDS:
                country = place_country(sent, o, dicts, day)
                if country:
                    return country
    return "---"
