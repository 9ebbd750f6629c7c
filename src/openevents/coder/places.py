"""Where an act happened and who it was done to: places of a clause, role-only actors placed by them (or by the
dateline), place targets, and the tests on actors those rules need (a state, people at large, a country's own)."""

from __future__ import annotations

import dataclasses

from openevents.coder.actors import Actor, find_matches, np_tokens, place_country, resolve_actors, span_text
from openevents.coder.clauses import is_passive, verb_clause
from openevents.coder.matcher import Context, noun_keys, owner_actors
from openevents.coder.names import CROWDS, first_place_country, town_country
from openevents.coder.sentence import Sentence, phrase_objects, purpose_nouns
from openevents.coder.tsv import phrase_key

VIOLENT_ROOTS = frozenset({"18", "19", "20"})  # assault, fight, mass violence
PLACE_PREPS = frozenset({"in", "at", "across", "through", "throughout", "outside", "inside", "near", "around"})
STATE_ROLES = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})  # the state's own bodies
NON_STATE_ROLES = frozenset({"REB", "INS", "UAF", "CRM", "CVL", "OPP"})  # armed groups, criminals, people


def act_places(sent: Sentence, clause, objects: bool = False, object_places: bool = False) -> list[int]:
    """Where the act happened: its clause's places, then those of the clause it hangs on (`dropped bombs on Kharkiv,
    wounding eight people`: Kharkiv) and, with `objects` (acts of violence), its objects (`shelled Kharkiv, …`);
    with `object_places` (protests), the places of its objects (`barricaded streets in Lagos`)."""
    own = clause_places(clause)
    if object_places:
        own += phrase_objects(sent, clause.objects, PLACE_PREPS)
    if objects:  # `Israel's offensive in Rafah has killed dozens of civilians`: where the subject acted
        own += phrase_objects(sent, clause.subjects, PLACE_PREPS)
        hit = phrase_objects(sent, clause.subjects, ("on", "against"))  # what it hit, and where that is: `a missile
        own += hit + phrase_objects(sent, hit, PLACE_PREPS)  # strike on a shopping centre in Kharkiv killed 16 people`
        gerunds = sent.kids(clause.head, "advcl") + [g for a in sent.kids(clause.head, "agent")
                                                     for g in sent.kids(a, "pcomp")]
        own += [o for c in gerunds if sent.toks[c].tag == "VBG" and not sent.kids(c, "mark")
                for p, o in verb_clause(sent, c).preps if p in PLACE_PREPS]  # `… by Russian shelling in Kharkiv`
        own += [o for p, n in clause.preps if p in ("in", "during") for q in sent.kids(n, "prep")
                if sent.lemma(q) in ("of", "on") for o in sent.kids(q, "pobj")]  # `during Russian shelling of Kharkiv`
    tok = sent.toks[clause.head]
    for _ in range(3):  # up a chain of participles: `…, damaging buildings and wounding eight people`
        if tok.dep not in ("advcl", "conj") or tok.head == tok.i:
            break
        head = verb_clause(sent, tok.head)
        own = own + clause_places(head) + [o for p, o in head.preps if p == "on"] + (head.objects if objects else [])
        tok = sent.toks[tok.head]
    return own


def clause_places(clause) -> list[int]:
    return [o for p, o in clause.preps if p in PLACE_PREPS]


def located(ctx: Context, actors: list[Actor], places: list[int], home: bool = True) -> list[Actor]:
    """Actors named by their role alone (`protesters`, `police`, `thousands`) take the country of the place where
    the act happened (`… rallied in Tel Aviv`), else (with `home`) the country of the article's dateline. Weapons
    (class UNPLACED: `drones hit Moscow`) are not the place's, nor are plural government roles (`ministers`). An
    attack (class FORCE_ATTACK) is no place: where it hit is (`killed in Russian shelling of Kharkiv` → UKR)."""
    if all(a.known_country for a in actors):
        return actors
    attacks = ctx.dicts.classes.get("FORCE_ATTACK", frozenset())  # `in Russian shelling`: Russia is no place
    direct = [p for p in places if not noun_keys(ctx.sent, p) & attacks]
    place = (first_place_country(ctx.sent, direct, ctx.dicts, ctx.day)
             or first_place_country(ctx.sent, _attack_places(ctx, places), ctx.dicts, ctx.day))
    home_country = ctx.home if home else None
    unplaced = ctx.dicts.classes.get("UNPLACED", frozenset())
    placed = []
    for a in actors:
        # `governments continued climate talks in Madrid`, `ministers met in Brussels`: many states' envoys
        # meet abroad, so a plural government role is not placed by where it acted (the dateline still counts)
        country = home_country if _many_states(ctx, a) else place or home_country
        keep = a.known_country or not country or _unplaced(ctx, a, unplaced)
        placed.append(a if keep else dataclasses.replace(a, code=country + a.code[3:]))
    return placed


ATTACK_PLACE_PREPS = frozenset({"on", "of", "in", "at", "near"})  # `in Russian shelling of Kharkiv`


def _attack_places(ctx: Context, places: list[int]) -> list[int]:
    """Where an attack named as the act's place hit (`killed five people in an assault on a market in Katsina
    state`, `in Russian shelling of Kharkiv`): the places in the phrases on, of, in, at or near of a noun of class
    FORCE_ATTACK, two levels deep."""
    sent, attacks = ctx.sent, ctx.dicts.classes.get("FORCE_ATTACK", frozenset())
    found, level = [], [p for p in places if noun_keys(sent, p) & attacks]
    for _ in range(2):
        level = [o for h in level for p in sent.kids(h, "prep") if sent.lemma(p) in ATTACK_PLACE_PREPS
                 for o in sent.kids(p, "pobj")]
        found += level
    return found


def _unplaced(ctx: Context, actor: Actor, unplaced: frozenset[str]) -> bool:
    """Weapons and envoys are not the place's; a suicide bomber (class SUICIDE_ATTACKER) is a person, not a plane."""
    if phrase_key(ctx.sent.lemma(actor.head)) not in unplaced:
        return False
    return not noun_keys(ctx.sent, actor.head) & ctx.dicts.classes.get("SUICIDE_ATTACKER", frozenset())


def _many_states(ctx: Context, actor: Actor) -> bool:
    """Envoys of several states, plural (class MANY_STATES: `governments`, `ministers`, `leaders`, `diplomats`)."""
    many = ctx.dicts.classes.get("MANY_STATES", frozenset())
    return (actor.code[3:] == "GOV" and ctx.sent.toks[actor.head].tag == "NNS"
            and phrase_key(ctx.sent.lemma(actor.head)) in many)  # not `opposition leaders` (GOVOPP)


def town_hit(ctx: Context, sources: list[Actor], targets: list[Actor]) -> list[Actor]:
    """Armed groups, criminals and people named by their role alone that act by force on a town the gazetteer
    places take its country (`Rebels took control of Goma` → CODREB); not the state's forces (`troops shelled
    Kharkiv` may be anyone's), and not after a country or capital named as such (`militants fired at Israel`)."""
    if all(a.known_country for a in sources):
        return sources
    towns = [t for t in targets if len(t.code) == 3 and (not any(
        m.kind == "actor" for m in find_matches(ctx.sent, np_tokens(ctx.sent, t.head), ctx.dicts, ctx.day))
        or town_country(ctx.sent, t.head, ctx.dicts, ctx.day) == t.code)]  # `the Syrian city of Homs`
    if not towns:
        return sources
    return _of_country(sources, towns[0].code, NON_STATE_ROLES)


def citizens_protesting(ctx: Context, sources: list[Actor], targets: list[Actor]) -> list[Actor]:
    """People and groups named by their role alone who protest against a state's own bodies are its citizens
    (`activists went on hunger strike to press for the release of President Saied's critics` → TUNOPP); not
    against a country named as such (`protesters denounced the United States` may be anywhere) or its missions
    abroad (`rallied outside the US embassy`)."""
    return _of_target_state(ctx, sources, targets, NON_STATE_ROLES | {"LAB", "EDU", "REL", "NGO"})


def acting_at_home(ctx: Context, sources: list[Actor], targets: list[Actor]) -> list[Actor]:
    """An opposition, a judge or a legislature named by the role alone acts on its own state: `the opposition
    demanded the resignation of Prime Minister Sharif` → PAKOPP; `Judge X opened investigations against Peruvian
    officials` → PERJUD; a legislature (singular) acting on a named official: `Parliament is asking President Ruto
    to help Sudan` → KENLEG (`lawmakers` acting on a government or its leader are often foreign ones)."""
    found = _of_target_state(ctx, sources, targets, frozenset({"OPP", "JUD"}), STATE_ROLES | {"ELI", "OPP"})
    if any(ctx.sent.toks[s.head].tag in ("NNS", "NNPS") for s in found if s.code[3:6] == "LEG"):
        return found
    return _of_target_state(ctx, found, [t for t in targets if t.person], frozenset({"LEG"}), STATE_ROLES | {"ELI"})


def gunmen_at_home(ctx: Context, sources: list[Actor], targets: list[Actor]) -> list[Actor]:
    """Unidentified gunmen, insurgents and rebels (UAF, INS, REB, named by the role alone) who use violence on a
    state's own bodies or officials act in that state: `Gunmen assassinated the Haitian president` → HTIUAF,
    `militants attacked their checkpoint` (Pakistani soldiers') → PAKINS; not on its missions abroad."""
    return _of_target_state(ctx, sources, targets, frozenset({"UAF", "INS", "REB"}))


def forces_at_home(ctx: Context, sources: list[Actor], targets: list[Actor]) -> list[Actor]:
    """Police and soldiers named by their role alone who coerce (root 17) a state's own officials or bodies, or its
    former leaders, act in that state: `Police arrested the mayor of Istanbul` → TURCOP, `Soldiers detained the
    president of Niger` → NERMIL (not its people or activists: `soldiers detained Palestinians` may be anyone's)."""
    return _of_target_state(ctx, sources, targets, frozenset({"COP", "MIL"}), STATE_ROLES | {"ELI"})


def _of_target_state(ctx: Context, sources: list[Actor], targets: list[Actor], roles: frozenset[str],
                     bodies: frozenset[str] = STATE_ROLES) -> list[Actor]:
    """The sources named by one of `roles` alone take the country of the one state whose bodies (or its officials
    and politicians: `bodies`) are the targets (not its missions abroad: class FOREIGN_SEATS)."""
    seats = ctx.dicts.classes.get("FOREIGN_SEATS", frozenset())
    countries = {t.country for t in targets if t.known_country and t.code[3:6] in bodies
                 and phrase_key(ctx.sent.lemma(t.head)) not in seats}
    if len(countries) != 1 or all(a.known_country for a in sources):
        return sources
    return _of_country(sources, countries.pop(), roles)


def implied_sources(ctx: Context, head: int, code: str, noun: bool, targets: list[Actor],
                    places: list[int]) -> list[Actor]:
    """Who did an act whose clause names no one: a court or the police (`was sentenced`, `the arrest of X`),
    unidentified armed people (`a roadside bomb killed …`), the people of a place (`protests spread across Iran`)."""
    found = implied_court(ctx, head, targets, places)
    if not found and noun and code[:3] in UNATTRIBUTED_BOMBINGS:
        found = [unknown_bombers(ctx, head)]
    agentless = noun or agentless_passive(ctx.sent, head)
    if not found and agentless and code[:3] in UNATTRIBUTED_ABDUCTIONS:
        found = [unknown_bombers(ctx, head)]  # `two French journalists were kidnapped in Syria`
    if not found and noun and code[:2] == PROTEST_ROOT:
        found = crowd_at(ctx, head)
    if not found and not noun and agentless:
        found = fired_from(ctx, head) or forces_sent(ctx, head) or attackers_in(ctx, head, code)
    return found


def attackers_in(ctx: Context, verb: int, code: str) -> list[Actor]:
    """People hurt in the passive with no agent, `in` or `during` an attack (class FORCE_ATTACK) whose owner is named,
    were hurt by that owner: `Five Syrian soldiers were killed in an attack by Islamic State fighters` → IMGMOSISI.
    An attack on a named target is coded as the noun's own event (`in Russian missile strikes on Ukrainian cities`)."""
    sent, attacks = ctx.sent, ctx.dicts.classes.get("FORCE_ATTACK", frozenset())
    if code[:2] not in VIOLENT_ROOTS:
        return []
    nouns = [o for p in sent.kids(verb, "prep") if sent.lemma(p) in ("in", "during") for o in sent.kids(p, "pobj")]
    aimed = {o for o in nouns for p in sent.kids(o, "prep") if sent.lemma(p) in ("on", "against", "into")}
    return next((found for o in nouns if noun_keys(sent, o) & attacks and o not in aimed  # the noun's own event
                 for found in [owner_actors(ctx, o, frozenset({"by"}))] if found), [])



def forces_sent(ctx: Context, verb: int) -> list[Actor]:
    """Forces sent or deployed (class SENDING_ACTS) in the passive with no agent were sent by their own state:
    `North Korean troops were deployed to Russia` → PRKMIL."""
    sent = ctx.sent
    if phrase_key(sent.lemma(verb)) not in ctx.dicts.classes.get("SENDING_ACTS", frozenset()):
        return []
    forces = [a for s in sent.kids(verb, "nsubjpass")
              for a in resolve_actors(sent, s, ctx.dicts, ctx.day, memory=ctx.memory)]
    return [a for a in forces if a.known_country and a.code[3:6] in ("MIL", "COP")]


def agentless_passive(sent: Sentence, verb: int) -> bool:
    """A passive verb with no `by` agent: `was sentenced`, `were kidnapped in Syria`."""
    return is_passive(sent, verb) and not sent.kids(verb, "agent")


def fired_from(ctx: Context, verb: int) -> list[Actor]:
    """Rockets or missiles fired or launched (class FIRED_FROM_ACTS) in the passive with no agent came from the
    country of their `from` place: `rockets were fired from Gaza at Israel` → PSE. People deported or expelled
    (class EXPELLED_FROM_ACTS) were so by the government of their `from` place: `were deported from Niger` → NERGOV."""
    sent, role = ctx.sent, _class_role(ctx, verb, FROM_PLACE_ACTS)
    if role is None:
        return []
    for p in sent.kids(verb, "prep"):
        for o in sent.kids(p, "pobj") if sent.lemma(p) == "from" else []:
            country = place_country(sent, o, ctx.dicts, ctx.day)
            if country:
                first = min(i for i in np_tokens(sent, o) if i <= o and sent.toks[i].dep != "det")
                return [Actor(country + role, span_text(sent, first, o), sent.toks[first].start, sent.toks[o].end, o)]
    return []


FROM_PLACE_ACTS = (("FIRED_FROM_ACTS", ""), ("EXPELLED_FROM_ACTS", "GOV"))  # the `from` place acted, in this role


def _class_role(ctx: Context, head: int, table: tuple[tuple[str, str], ...]) -> str | None:
    """The role `table` gives the first class (of actor classes) the head's lemma is in, else None."""
    key = phrase_key(ctx.sent.lemma(head))
    return next((role for name, role in table if key in ctx.dicts.classes.get(name, frozenset())), None)


PROTEST_ROOT = "14"  # protests reach further: the owner of what their purpose clause is about
UNATTRIBUTED_BOMBINGS = frozenset({"183"})  # suicide, vehicle and roadside bombings: irregular by their means
UNATTRIBUTED_ABDUCTIONS = frozenset({"181"})  # abductions and hostage-taking, also as agentless passives


def unknown_bombers(ctx: Context, noun: int) -> Actor:
    """A suicide, car or roadside bombing, or an abduction, nobody is named for was done by unidentified armed
    people (---UAF), who take the country of the place where it happened or of the dateline (`located`), else name
    no one."""
    tok = ctx.sent.toks[noun]
    return Actor("---UAF", tok.text, tok.start, tok.end, noun)


def crowd_at(ctx: Context, noun: int) -> list[Actor]:
    """A protest named as a noun with no one named for it (`protests erupted across Kenya`, `demonstrations
    against the new law continued in Tbilisi`) is made by people (CVL) of the place it names or of the place of
    the verb it is the subject of, else of the dateline's country."""
    sent, tok = ctx.sent, ctx.sent.toks[noun]
    places = phrase_objects(sent, [noun], PLACE_PREPS)
    if tok.dep in ("nsubj", "nsubjpass") and tok.head != noun:
        places += clause_places(verb_clause(sent, tok.head))
    return known(located(ctx, [Actor("---CVL", tok.text, tok.start, tok.end, noun)], places))


def _of_country(actors: list[Actor], country: str, roles: frozenset[str]) -> list[Actor]:
    """The actors named by one of `roles` alone, given `country`; the others as they are."""
    return [dataclasses.replace(a, code=country + a.code[3:]) if not a.known_country and a.code[3:6] in roles else a
            for a in actors]


def implied_court(ctx: Context, head: int, targets: list[Actor], places: list[int]) -> list[Actor]:
    """`Vietnam's former health minister was sentenced to 18 years`: a passive act of a court (class COURT_ACTS) or of
    the police (class POLICE_ACTS: `was detained on suspicion of espionage`) with no `by` agent, or its noun with
    no `by` phrase (`the arrest of X`), was done by the courts (JUD) or the police (COP) of the place where it
    happened, else of the dateline's country, else (verbs only) of the country of the officials or politicians it
    was done to (tried at home; a foreigner may not be: `an American was sentenced` names no court)."""
    sent, role = ctx.sent, _class_role(ctx, head, IMPLIED_AGENTS)
    if sent.toks[head].pos == "NOUN":  # `the arrest of opposition leader Ousmane Sonko`, with no `by` phrase
        agentless = not any(sent.lemma(p) == "by" for p in sent.kids(head, "prep"))
    else:
        agentless = agentless_passive(sent, head)
    if role is None or not agentless or _relative_of_thing(sent, head):
        return []
    tok = sent.toks[head]
    court = located(ctx, [Actor("---" + role, tok.text, tok.start, tok.end, head)], places)
    if not court[0].known_country and sent.toks[head].pos != "NOUN":  # not `the arrest of a Palestinian activist`
        homes = {t.country for t in targets if t.known_country and t.code[3:6] in STATE_ROLES | {"ELI", "OPP"}}
        court = [dataclasses.replace(court[0], code=homes.pop() + role)] if len(homes) == 1 else []
    return court


IMPLIED_AGENTS = (("COURT_ACTS", "JUD"), ("POLICE_ACTS", "COP"),  # the state body a passive act names by itself
                  ("GOVERNMENT_ACTS", "GOV"))


def _relative_of_thing(sent: Sentence, verb: int) -> bool:
    """`the charges on which they are tried`: a relative clause whose relative word follows a preposition
    describes the thing (the crimes), and reports no act of a court."""
    if sent.toks[verb].dep != "relcl":
        return False
    return any(sent.toks[o].tag in ("WDT", "WP") for p in sent.kids(verb, "prep") for o in sent.kids(p, "pobj"))


AIMED_PREPS = frozenset({"to", "against", "on", "at", "with", "for"})
FORCE_PLACE_PREPS = frozenset({"in", "inside", "into"})  # the place a threatened attack would hit
MILITARY_THREAT = "138"  # threats of military force: a threatened attack aims at its place too
AIMED_DEPS = ("xcomp", "dobj", "prep", "pobj", "pcomp")  # the act's own phrase, not clauses adjoined to it


def aimed_targets(ctx: Context, act: int, sources: list[Actor], force: bool = False) -> list[Actor]:
    """Who an intended, refused or threatened act that no pattern targets is aimed at: the act's own direct object
    (`refused to allow UN planes to land`), else the nearest actor after `to`, `against`, `on`, `at`, `with` or
    `for` in the act's phrase (`has threatened to inflict heavy blows on Israel`, `refusing
    to lift a curfew on Palestinians in Hebron`), with `force` (threats of military force) also `in` (`threatened
    to carry out attacks in Israel`); never the sources' own country."""
    sent = ctx.sent
    preps = AIMED_PREPS | FORCE_PLACE_PREPS if force else AIMED_PREPS
    for i in purpose_nouns(sent, act, pos=("NOUN", "PROPN"), deps=AIMED_DEPS):
        # `refused to allow UN helicopters to land`: the direct object of the act, else a prepositional phrase
        direct = sent.toks[i].dep == "dobj" and sent.toks[sent.toks[i].head].pos == "VERB"
        if not direct and (sent.toks[i].dep != "pobj" or sent.lemma(sent.toks[i].head) not in preps):
            continue
        found = others_at(ctx, i, sources)
        if found:
            return found
    return []


def others_at(ctx: Context, head: int, sources: list[Actor]) -> list[Actor]:
    """The known actors of the phrase at `head` that are neither a source nor of a source's country."""
    own = {s.code for s in sources} | {s.country for s in sources}
    return [a for a in resolve_actors(ctx.sent, head, ctx.dicts, ctx.day, memory=ctx.memory)
            if a.known_country and a.code not in own and a.country not in own]


def own_country(target: Actor, sources: list[Actor]) -> bool:
    """A bare country as the target of one of its own bodies (`Russia's foreign ministry warned that Moscow would
    respond`, `Italy's prime minister hosted the summit in Apulia`): no target at all — except for violence, where
    the place hit is the target (`the Assad regime bombed Idlib` → SYRGOV → SYR)."""
    return len(target.code) == 3 and any(s.code == target.code + "GOV" for s in sources)


def people(ctx: Context, actor: Actor) -> bool:
    """An actor that is people at large: civilians, refugees, or a plural demonym (`Somalis`, also `Georgians`
    when the tagger reads it as a singular name)."""
    role, tok = actor.code[3:6], ctx.sent.toks[actor.head]
    plural_demonym = tok.tag == "NNP" and tok.ent == "NORP" and tok.text.endswith("s")
    return role in ("CVL", "REF") or (not role and (tok.tag in ("NNPS", "NNS") or plural_demonym))


def state(ctx: Context, actor: Actor) -> bool:
    """A state or its government named as such (`China`, `Beijing`, `the Foreign Ministry`, `Putin`): its protests
    are official complaints (114), not demonstrations (`Israelis protested` stays 14x)."""
    sent, tok = ctx.sent, ctx.sent.toks[actor.head]
    counted = tok.dep == "pobj" and sent.lemma(tok.head) == "of" and (  # `thousands of Georgians` are people
        sent.lemma(sent.toks[tok.head].head).lower() in CROWDS or sent.toks[sent.toks[tok.head].head].pos == "NUM")
    return actor.code[3:] in ("", "GOV") and tok.tag in ("NNP", "NN") and not counted


def place_targets(ctx: Context, places: list[int], sources: list[Actor], own_ok: bool,
                  population: bool = False) -> list[Actor]:
    """The country of the first place of the act: acts done to a place (protests, curfews, force, violence with no
    one named) are coded against the country where they happen — its own country too for people who are not the
    state (`Iraqi Kurds demonstrated in Kirkuk` → IRQ) and for concessions (`lifted the curfew in Darfur`), but a
    state's force or protest in its own land names no target (`own_ok` False) — unless it restricts the people
    there (`population`: `imposed a curfew in Nuh` → INDCVL)."""
    own = {s.code for s in sources} | (set() if own_ok else {s.country for s in sources})  # never itself
    for p in places:
        country = place_country(ctx.sent, p, ctx.dicts, ctx.day)
        if country and (country not in own or (population and country + "CVL" not in own)):
            first = min(i for i in np_tokens(ctx.sent, p) if i <= p and ctx.sent.toks[i].dep != "det")  # `Tel Aviv`
            code = country if country not in own else country + "CVL"
            text = span_text(ctx.sent, first, p)
            return [Actor(code, text, ctx.sent.toks[first].start, ctx.sent.toks[p].end, p)]
    return []


def unplaced_ngos(actors: list[Actor]) -> list[Actor]:
    """Non-governmental organisations named by their role alone that nothing places in a country act as the generic
    NGO (`Human rights groups urged Egypt to release …` → NGO), as an unnamed international body is IGO."""
    return [dataclasses.replace(a, code="NGO" + a.code[6:]) for a in actors if a.code[:6] == "---NGO"]


def known(actors: list[Actor]) -> list[Actor]:
    """Actors whose country or organisation is known: a role alone (`---MIL`, `the police`) is not enough to code."""
    return [a for a in actors if a.known_country]
