"""Role nouns and the codes they compose. One phrase's matches make one code (compose_code: a person wins, else an
actor plus role nouns, else roles alone). Whose a role noun is: an envoy belongs to the first actor before it, a
spokesman or lawyer to the one they speak for (`a spokesman for the Russian foreign ministry`); rivals and partners
are not who names them; people who flee a place are of its country; coordinated modifiers name one actor each; a
state body named after another country's name is that country's, and a group's leaders lead that group."""

from __future__ import annotations

import dataclasses
import datetime as dt

from openevents.coder.dictionaries import Dictionaries
from openevents.coder.names import (COUNTRY_PREFIXES, IGO_DROPPED_ROLES, MAX_ROLES, Actor, Match, conjuncts,
                                    find_matches, first_place_country, np_tokens, span_text)
from openevents.coder.sentence import Sentence, of_objects
from openevents.coder.tsv import phrase_key

SPEAKS_FOR_PREPS = frozenset({"for", "to"})
INSTITUTION_ROLES = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
PEOPLE_ROLES = frozenset({"CVL", "REF"})  # people at large, whose leaders are their state's


def envoy_owner(sent: Sentence, head: int, matches: list[Match], dicts: Dictionaries) -> list[Match]:
    """An envoy belongs to the first actor named before it; the next names the posting: `Russia's UN envoy`
    (RUSGOV), `the UN Syria envoy` (IGOUNO), not the nearest name as for other role nouns; so does an envoy's title
    before a name (`British U.N. Ambassador Barbara Woodward`: GBRGOV)."""
    diplomats = dicts.classes.get("DIPLOMAT_ALL", frozenset())
    envoy = next((i for i in [head, *sent.kids(head, "compound")] if phrase_key(sent.lemma(i)) in diplomats), None)
    if envoy is None:
        return matches
    named = [m for m in matches if m.kind == "actor" and m.code != "---" and m.last < envoy]
    if len(named) < 2:
        return matches
    return [m for m in matches if m.kind != "actor" or m is named[0] or m.last >= envoy]


def represented_matches(sent: Sentence, head: int, tokens: list[int], matches: list[Match], dicts: Dictionaries,
                        day: dt.date) -> list[Match]:
    """A role noun of class REPRESENTATIVE that names no actor of its own belongs to the one its `for` or `to` phrase
    names, as it would to an `of` phrase: `a spokesman for the Russian foreign ministry` (RUSGOV), `lawyers for
    Alexei Navalny` (RUSOPP), `an adviser to the Ukrainian president` (UKRGOV)."""
    if phrase_key(sent.lemma(head)) not in dicts.classes.get("REPRESENTATIVE", frozenset()):
        return matches
    if any(m.kind != "agent" for m in matches):
        return matches  # `the Kremlin's spokesman for Asia`: the Kremlin's
    phrase = [i for p in sent.kids(head, "prep") if sent.lemma(p) in SPEAKS_FOR_PREPS for o in sent.kids(p, "pobj")
              for i in np_tokens(sent, o)]
    return find_matches(sent, sorted(set(tokens + phrase)), dicts, day) if phrase else matches


def names_others(sent: Sentence, head: int, matches: list[Match], dicts: Dictionaries) -> bool:
    """A noun of class RIVAL (`Chinese rivals`) names others than the country before it; so does one of class
    PARTNERS (`Israel's militia ally`, `Russia's neighbours`) unless an organisation owns it (`NATO allies`)."""
    key = phrase_key(sent.lemma(head))
    if key in dicts.classes.get("RIVAL", frozenset()):
        return True
    return key in dicts.classes.get("PARTNERS", frozenset()) and not any(
        m.kind == "actor" and m.code[:3] in ("IGO", "NGO") for m in matches)


def fled_country(sent: Sentence, head: int, dicts: Dictionaries, day: dt.date) -> str | None:
    """People named by their role alone who flee a place are of its country: `refugees fleeing Sudan`, `migrants
    fleeing the war in Sudan`, `civilians escaping from Rafah` (the fled place, its `in` phrase, or a `from` phrase)."""
    for v in sent.kids(head, "acl", "relcl"):
        if sent.lemma(v) not in dicts.classes.get("FLEEING_ACTS", frozenset()):
            continue
        fled = sent.kids(v, "dobj") + [o for p in sent.kids(v, "prep") if sent.lemma(p) == "from"
                                       for o in sent.kids(p, "pobj")]
        # the fled place's `in` phrase, also when parsed on the verb (`fleeing the war in Syria`)
        fled += [o for f in [*fled, v] for p in sent.kids(f, "prep") if sent.lemma(p) == "in"
                 for o in sent.kids(p, "pobj")]
        country = first_place_country(sent, fled, dicts, day)
        if country:
            return country
    return None


def coordinated_modifiers(sent: Sentence, head: int, actor: Actor, dicts: Dictionaries, day: dt.date) -> list[Actor]:
    """`Indian and Pakistani troops`, `US and British activists`, `Israeli and Hezbollah forces`, `the foreign
    ministers of India and China`: one actor per coordinated modifier — a country with the role of the phrase's
    head, an organisation as itself — the phrase's own actor first; [] when no modifier is coordinated."""
    if not actor.country:
        return []
    role = next((m.code for m in find_matches(sent, [head], dicts, day) if m.kind == "agent"), actor.code[3:6])
    modifiers = sent.kids(head, "amod", "compound", "nmod", "poss")
    groups = [conjuncts(sent, m) for m in modifiers]
    groups += [conjuncts(sent, o) for p in sent.kids(head, "prep") if sent.lemma(p) in ("of", "from")  # `the
               for o in sent.kids(p, "pobj")]  # foreign ministers of India and China`, `officials from Iran and …`
    if any(sent.kids(m, "cc") for m in modifiers[:-1]):  # `Israeli and Hezbollah forces`: `and` hangs on Israeli
        groups.append(modifiers)
    for others in (g for g in groups if len(g) >= 2):
        found = []
        for other in others:
            own = [other] + sent.kids(other, "compound", "amod")  # `Japanese and South Korean leaders`
            named = [m for m in find_matches(sent, sorted(own), dicts, day)
                     if m.kind == "actor" and m.code[:3] not in COUNTRY_PREFIXES]
            if named:
                code = named[0].code if len(named[0].code) > 3 else named[0].code + role
                first, last = (min(other, max(others)), head) if other < head else (head, other)
                found.append(Actor(code, span_text(sent, first, last), sent.toks[first].start, sent.toks[last].end,
                                   head))
        if len(found) >= 2:
            return found
    return []


def counted_head(sent: Sentence, head: int, dicts: Dictionaries) -> int:
    """`Thousands of Kenyan protesters`, `six of their fighters`: the counted noun names the actor (class QUANTITY
    or a number)."""
    tag, quantities = sent.toks[head].tag, dicts.classes.get("QUANTITY", frozenset())
    if tag in ("NNP", "NNPS") or (tag != "CD" and phrase_key(sent.lemma(head)) not in quantities):
        return head  # `the Group of Seven` is a name
    return next(iter(of_objects(sent, head)), head)


def national_body(actors: list[Match], body: Match) -> str:
    """A state body named right after another country's name (`the German Foreign Office`, `Germany's Foreign
    Office`) is that country's body of the same role."""
    before = [m for m in actors if len(m.code) == 3 and m.code not in COUNTRY_PREFIXES
              and 0 < body.first - m.last <= 2]
    return before[-1].code + body.code[3:] if before else body.code


def leads_group(owner: Actor, code: str) -> bool:
    """`Venezuela's opposition said police detained one of its leaders`: the leaders (GOV by their noun) of a
    group that is no state body lead that group (VENOPP), as `the leader of the opposition party` does; a people's
    leaders and government are their state's (`Kenyans urged their government to …`)."""
    return code[3:] == "GOV" and len(owner.code) == 6 and owner.code[3:] not in INSTITUTION_ROLES | PEOPLE_ROLES


STATE_SIDES = frozenset({"GOV", "LEG", "JUD"})  # a state's government, parliament or courts


def beside_state(actors: list[Actor]) -> list[Actor]:
    """A group named by its role alone and coordinated with one state's government, parliament or courts is of that
    state (`dialogue between Venezuela's government and the opposition` → VENOPP)."""
    states = {a.code[:3] for a in actors if a.known_country and a.code[3:6] in STATE_SIDES and a.country}
    if len(states) != 1 or not any(a.code.startswith("---") for a in actors):
        return actors
    country = states.pop()
    return [dataclasses.replace(a, code=country + a.code[3:]) if a.code.startswith("---") else a for a in actors]


def compose_code(matches: list[Match], head: int, institution: bool = False) -> str | None:
    """Combine the matches of one noun phrase: a person wins, else an actor plus role nouns, else roles alone.
    Actor entries with the code `---` only block a shorter name inside a longer one (`South America`). An
    `institution` head (a ministry, department …) keeps its own role whatever its `of` phrase names."""
    matches = [m for m in matches if m.code != "---"]
    if not matches:
        return None
    roles: list[str] = list(dict.fromkeys(m.code for m in matches if m.kind == "agent"))
    heads = {m.code for m in matches if m.kind == "agent" and m.first <= head <= m.last}
    if heads & INSTITUTION_ROLES and "CVL" not in heads:
        roles = [r for r in roles if r != "CVL"]  # `a civilian government` is a government, not civilians
    if heads and "CRM" not in heads:
        roles = [r for r in roles if r != "CRM"]  # `suspected militants` are militants, not criminals
    if institution and heads:
        roles = [r for r in roles if r in heads]  # `the Department of Migrant Workers`: GOV, not GOVREF
    elif heads == {"GOV"} and any(m.kind == "agent" and m.first > head and m.code != "GOV" for m in matches):
        roles = [r for r in roles if r != "GOV"]  # `the leader of the opposition party` leads the opposition
    people = [m for m in matches if m.kind in ("person", "person_out")]
    if people:
        person = _nearest(people, head)
        titles = [r for r in roles if r != "ELI"]
        if person.kind == "person_out" and titles and "ELI" not in roles:  # out of office by our dates, but the
            orgs = [m for m in matches if m.kind == "actor" and m.code[:3] in ("IGO", "NGO")]  # text gives the title
            return _nearest(orgs, head).code if orgs else person.code[:3] + titles[0]  # (`Arab League Secretary-…`)
        return person.code
    actors = [m for m in matches if m.kind == "actor"]
    body = _nearest(_organisations_first(actors, head), head) if actors else None
    base = body.code if body else "---"
    countries = {m.code for m in actors if len(m.code) == 3 and m.code not in COUNTRY_PREFIXES}
    if len(base) == 9 and base[3:6] in ("GOV", "OPP") and len(countries) == 1 and base[:3] not in countries:
        base = countries.pop()  # `Kenya's Liberal Democratic Party`: parties are national, not Japan's LDP
    elif body and len(base) == 6 and base[3:] in INSTITUTION_ROLES and base[:3] not in COUNTRY_PREFIXES:
        base = national_body(actors, body)  # `the German Foreign Office` is Germany's, not Britain's
    if base[:3] in ("IGO", "NGO"):
        if "ELI" in roles:
            return None  # `a former NATO secretary general` no longer acts for NATO
        roles = [r for r in roles if r not in IGO_DROPPED_ROLES]
    elif "ELI" in roles and len(base) > 3 and base[:3] not in COUNTRY_PREFIXES:
        return base[:3] + "ELI"  # `a former Foreign Office minister` is an elite, no longer the government
    if "IGO" in roles:  # `the world body`, `nuclear inspectors`: an organisation of states, never one country's
        return "IGO" if base == "---" else base
    if institution and len(base) > 3:
        return base  # `the Royal Canadian Mounted Police`: the named body, CANCOP
    extra = [r for r in roles if r not in _parts(base)][: max(0, MAX_ROLES - (len(_parts(base)) - 1))]
    if base == "---" and not roles:
        return None
    if len(base) > 3 and roles and not _head_is_agent(matches, head):
        extra = []
    return base + "".join(extra)


def _organisations_first(actors: list[Match], head: int) -> list[Match]:
    """`UNHCR Kenya`, `Oxfam Canada`: an organisation named before a country that heads the phrase is the actor."""
    orgs = [m for m in actors if m.code[:3] in ("IGO", "NGO", "IMG", "MNC") and m.last < head]
    heads = [m for m in actors if m.first <= head <= m.last and m.code[:3] not in COUNTRY_PREFIXES]
    return orgs if orgs and heads and orgs[-1].last == heads[0].first - 1 else actors


def _parts(code: str) -> list[str]:
    return [code[k : k + 3] for k in range(0, len(code), 3)]


def _head_is_agent(matches: list[Match], head: int) -> bool:
    return any(m.kind == "agent" and m.first <= head <= m.last for m in matches)


def _nearest(matches: list[Match], head: int) -> Match:
    containing = [m for m in matches if m.first <= head <= m.last]
    return containing[0] if containing else min(matches, key=lambda m: (abs(head - m.last), -m.last))
