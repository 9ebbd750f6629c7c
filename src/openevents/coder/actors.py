"""Actor resolution: a noun phrase → CAMEO actor codes from names, people, role nouns and pronouns (names.py)."""

from __future__ import annotations

import datetime as dt

from openevents.coder.dictionaries import Dictionaries
from openevents.coder.names import (COUNTRY_PREFIXES, CROWDS, FORMER, PLACE_SLOT, TOWNS, Actor, Match, conjuncts,
                                    each_other, find_matches, np_tokens, operating_country, origin_tokens,
                                    place_country, place_in, span_text)
from openevents.coder.memory import ARMED_ROLES, Antecedents, group_before, named_before, named_group, pair_before
from openevents.coder.roles import (beside_state, compose_code, coordinated_modifiers, counted_head, envoy_owner,
                                    fled_country, leads_group, names_others, represented_matches)
from openevents.coder.sentence import Sentence
from openevents.coder.tsv import phrase_key

__all__ = ["Actor", "Antecedents", "Match", "compose_code", "conjuncts", "each_other", "find_matches", "np_tokens",
           "place_country", "resolve_actor", "resolve_actors", "span_text"]


PERSON_PRONOUNS = frozenset({"he", "she", "his"})
PLURAL_PRONOUNS = frozenset({"they", "their"})
OBJECT_PRONOUNS = frozenset({"him", "her"})
THING_PRONOUNS = frozenset({"it", "its"})
FIRST_PRONOUNS = frozenset({"we", "our", "us", "i", "my", "me"})  # the speaker's, in a quote: no memory
REFERRING_DEPS = frozenset({"ccomp", "xcomp", "conj", "advcl"})


def _pronoun_kind(sent: Sentence, head: int) -> str | None:
    tok = sent.toks[head]
    if tok.pos != "PRON":
        return None
    word = tok.text.lower()
    if word in OBJECT_PRONOUNS:
        return "object"
    if word in PLURAL_PRONOUNS:
        return "plural"
    if word in FIRST_PRONOUNS and tok.text != "US":
        return "first"  # `"We will not negotiate," the prime minister said`: the speaker
    return "person" if word in PERSON_PRONOUNS else "thing" if word in THING_PRONOUNS else None


def _fits(actor: Actor, kind: str) -> bool:
    """Whether a pronoun of this kind can refer to the actor: he/she to a person or an office holder named by a role
    (`Bangladesh's prime minister said she …`), it to a country or organisation, they to either (not the media)."""
    if kind in ("country", "first"):
        return True
    if kind == "plural":
        return actor.person or actor.code[3:6] != "MED"  # `they` is not the news agency that quoted them
    if kind == "thing":
        return not actor.person
    return actor.person or len(actor.code) > 3


def _antecedent_in_sentence(sent: Sentence, head: int, kind: str, dicts: Dictionaries,
                            day: dt.date, memory: Antecedents | None = None) -> Actor | None | bool:
    """`Russia said it would …`: the subject of a governing verb, when it is of the pronoun's kind; False when
    that subject is a person we do not know (`Lydia Rosasi … where she assists`): the pronoun is hers."""
    verb = sent.toks[head].head
    parallel = _parallel_object(sent, head, kind, dicts, day)
    if parallel is not None:
        return parallel
    for _ in range(4 if sent.toks[head].dep in ("poss", "pobj") else 0):  # `its forces struck …`, `was fired at it`,
        if sent.toks[verb].pos in ("VERB", "AUX") or sent.toks[verb].head == verb:  # `killed one of its commanders`:
            break  # from the verb of the phrase
        verb = sent.toks[verb].head
    own = _own_subject(sent, head, verb, kind, dicts, day) if sent.toks[head].dep == "poss" else None
    if own is not None:
        return own
    while sent.toks[verb].dep in REFERRING_DEPS | {"relcl", "acl", "pcomp"} and sent.toks[verb].head != verb:
        verb = sent.toks[verb].head
        for _ in range(4):  # `was quoted as saying he …`, `lifted the barriers that it placed`: up to the verb
            if sent.toks[verb].pos in ("VERB", "AUX") or sent.toks[verb].head == verb:
                break
            verb = sent.toks[verb].head
        for subject in sent.kids(verb, "nsubj", "nsubjpass"):
            if sent.toks[verb].dep == "relcl" and sent.toks[subject].tag in ("WP", "WDT"):
                subject = sent.toks[verb].head  # `Maimane, who headed the party until he resigned`: Maimane
            if (kind in ("person", "thing") and sent.toks[subject].tag == "NNS") or (
                    kind == "plural" and sent.toks[subject].ent == "GPE" and sent.toks[subject].text.istitle()
                    and sent.toks[subject].text[-1:] != "s"):  # not `the United States`, `the US`
                continue  # `analysts … after he left office`; `Russia recognized the Taliban since they …`
            if _pronoun_kind(sent, subject) is None:
                actor = resolve_actor(sent, subject, dicts, day, memory=memory)  # memory: `the group`
                if actor and _fits(actor, kind):
                    return actor
                if actor is None and kind in ("person", "object") and sent.toks[subject].ent == "PERSON":
                    return False
                if actor is None and kind == "thing" and sent.toks[subject].pos == "PROPN":
                    return False  # `Europe retaliated with its own tariffs`: Europe's, not the last country named
                if actor is None and kind in ("plural", "country") and sent.toks[subject].tag in ("NNS", "NNPS"):
                    return False  # `Organisers said they would …`: theirs, not the article's last actor
        if kind in ("plural", "country"):  # `recognized the Taliban since they seized Kabul`: the group just named
            for obj in sent.kids(verb, "dobj"):
                actor = resolve_actor(sent, obj, dicts, day) if _pronoun_kind(sent, obj) is None else None
                if actor and _fits(actor, kind):
                    return actor
    if kind == "plural" and any(t.dep in ("nsubj", "nsubjpass") and t.tag == "NNS" and t.i < head and resolve_actor(
            sent, t.i, dicts, day) is None for t in sent.toks):  # `When animals are hunted, they kill people`
        return False
    return None


def _own_subject(sent: Sentence, head: int, verb: int, kind: str, dicts: Dictionaries, day: dt.date) -> Actor | None:
    """`Paris condemned the expulsion of its ambassador`: a possessive in a main clause's object is its subject's."""
    if (kind == "first" or sent.toks[verb].pos not in ("VERB", "AUX")  # `our`: the speaker's, as
            or sent.toks[verb].dep in REFERRING_DEPS | {"relcl", "acl", "pcomp"}):  # `Ukraine said Russia attacked
        return None  # its grid`: the speaker's, found below
    tok = sent.toks[head]
    while tok.head not in (verb, tok.i):
        tok = sent.toks[tok.head]
    if tok.dep in ("nsubj", "nsubjpass"):
        return None  # `its army attacked …`
    for subject in sent.kids(verb, "nsubj"):
        actor = resolve_actor(sent, subject, dicts, day) if _pronoun_kind(sent, subject) is None else None
        if actor and _fits(actor, kind) and not (kind == "thing" and sent.toks[subject].tag == "NNS"):
            return actor
    return None


def _parallel_object(sent: Sentence, head: int, kind: str, dicts: Dictionaries, day: dt.date) -> Actor | None:
    """`Kenya blamed Somalia, accusing it of …`: an object pronoun of a participle or coordinated verb refers to
    the object of the verb it hangs on."""
    verb = sent.toks[head].head
    if sent.toks[head].dep != "dobj" or sent.toks[verb].dep not in ("advcl", "conj") or sent.toks[verb].head == verb:
        return None
    for obj in sent.kids(sent.toks[verb].head, "dobj"):
        actor = resolve_actor(sent, obj, dicts, day) if _pronoun_kind(sent, obj) is None else None
        if actor and actor.known_country and _fits(actor, kind):  # not `fighting an insurgency, accusing it`
            return actor
    return None


def _resolve_pronoun(sent: Sentence, head: int, kind: str, dicts: Dictionaries, day: dt.date,
                     memory: Antecedents | None) -> Actor | None:
    found = _antecedent_in_sentence(sent, head, kind, dicts, day, memory) if kind != "object" else None
    if found is None and memory is not None and kind != "first":
        found = memory.recall(kind)
        found = found if found is not None and _fits(found, kind) else None
    if not found:
        return None
    tok = sent.toks[head]
    return Actor(found.code, tok.text, tok.start, tok.end, head, found.person)


def resolve_actor(sent: Sentence, head: int, dicts: Dictionaries, day: dt.date, locations: bool | str = False,
                  memory: Antecedents | None = None) -> Actor | None:
    """The actor named by the noun phrase at `head` (without its conjuncts), or None when nothing resolves.

    A pronoun (he, she, it) takes the actor it refers to: the subject of a governing verb in the same sentence,
    else the last subject of its kind in the article's earlier sentences (`memory`)."""
    kind = _pronoun_kind(sent, head)
    if kind:
        return _resolve_pronoun(sent, head, kind, dicts, day, memory)
    counted = counted_head(sent, head, dicts)
    if counted == head and phrase_key(sent.lemma(head)) in CROWDS:
        tok = sent.toks[head]  # `Thousands rallied in Tel Aviv`: people, located by the clause's place
        return Actor("---CVL", tok.text, tok.start, tok.end, head)
    head, origin = counted, (origin_tokens(sent, head) if counted != head else [])  # `Members of X from Kenya`
    tokens = sorted(set(np_tokens(sent, head) + origin))
    matches = envoy_owner(sent, head, find_matches(sent, tokens, dicts, day), dicts)
    matches = represented_matches(sent, head, tokens, matches, dicts, day)  # `a spokesman for the ministry`
    if not any(m.first <= head <= m.last for m in matches):  # `Lai, a businessman, …` after `Jimmy Lai`: Lai
        known = named_before(sent, head, memory)
        if known is not None:
            return known
    rival = names_others(sent, head, matches, dicts)  # `Chinese rivals`, `Israel's militia ally`
    can_act = _head_can_act(sent, head, matches, dicts)
    institution = phrase_key(sent.lemma(head)) in dicts.classes.get("INSTITUTIONS", frozenset())
    code = compose_code(matches, head, institution) if not rival and (locations or can_act) else None
    if code and code.startswith("---") and not can_act:
        code = None  # `concern about military cooperation`: a thing, even in a slot where places act
    out = [m for m in matches if m.kind == "person_out" and m.first <= head <= m.last]
    if out and any(sent.lemma(i).lower() in FORMER for i in tokens if i < out[0].first):
        code = out[0].code  # `former UN Secretary-General Ban Ki-moon`: an elite, not the UN
    if code is None and phrase_key(sent.lemma(head)) in dicts.classes.get("OWNED_INSTRUMENTS", frozenset()):
        code = _owner_code(sent, head, "---", dicts, day, memory).strip("-") or None  # `its jets struck …`
    if code is not None and code.startswith("---"):
        code = _owner_code(sent, head, code, dicts, day, memory)  # `its forces`: the owner's
    if code is not None and code.startswith("---"):
        code = _affiliation_code(sent, head, code, dicts, day, memory)  # `fighters loyal to Haftar`
    if code is not None and code.startswith("---") and code[3:6] in OPERATING_ROLES:
        code = operating_country(sent, head, dicts, day) + code[3:]  # `militants based in Afghanistan`
    if code is not None and code.startswith("---"):
        code = (fled_country(sent, head, dicts, day) or "---") + code[3:]  # `refugees fleeing Sudan`
    group = group_before(sent, head, code, dicts, memory)  # `the insurgents in Doha`: the group, wherever it is
    if (code is None and locations and not rival) or (code is not None and code.startswith("---") and not group):
        place = place_in(sent, head, dicts, day, towns=locations in (TOWNS, PLACE_SLOT), placed=locations == PLACE_SLOT)
        if place:
            code, matches = place.code + (code[3:] if code else ""), matches + [place]
    group = group or _country_before(sent, head, matches, dicts, day, memory)
    if group is not None:
        return group  # `the group` after `the PKK claimed …`; `the country` after `Iranian state media said`
    if code is None:
        return named_before(sent, head, memory) if not matches else None
    used = [i for m in matches for i in range(m.first, m.last + 1)] + [head]
    first, last = min(used), max(used)
    people = [m for m in matches if m.kind in ("person", "person_out")]
    named = any(m.kind == "actor" and m.first <= head <= m.last for m in matches)  # `the Houthis` tagged PERSON
    person = bool(people) or (sent.toks[head].ent == "PERSON" and len(code) > 3 and not named)
    actor = Actor(code, span_text(sent, first, last), sent.toks[first].start, sent.toks[last].end, head, person)
    if memory is not None and people and people[0].first <= head <= people[0].last:  # not `Kim Il Sung Square`
        memory.note_name(sent, people[0], actor)
    return actor


def _country_before(sent: Sentence, head: int, matches: list[Match], dicts: Dictionaries, day: dt.date,
                   memory: Antecedents | None) -> Actor | None:
    """`the country` (a noun of class COUNTRY_ANAPHORS after `the`, with no name or modifier of its own) is the
    country `it` would refer to: `Iranian state media said the country had launched drones at Israel` → IRN."""
    tok = sent.toks[head]
    if matches or phrase_key(sent.lemma(head)) not in dicts.classes.get("COUNTRY_ANAPHORS", frozenset()):
        return None
    if [m for m in sent.kids(head, "amod", "compound") if sent.lemma(m) != "own"]:
        return None
    if not sent.has_det(head, "the"):  # `Pashinyan said his country would leave …`: the referent's country
        country = _owner_code(sent, head, "---", dicts, day, memory).strip("-")[:3]
        return Actor(country, tok.text, tok.start, tok.end, head) if len(country) == 3 else None
    found = _resolve_pronoun(sent, head, "country", dicts, day, memory)  # `Iranian media said` counts too
    if found is None or not found.known_country or found.code[:3] in COUNTRY_PREFIXES:
        return None
    return Actor(found.code[:3], tok.text, tok.start, tok.end, head)


def _owner_code(sent: Sentence, head: int, code: str, dicts: Dictionaries, day: dt.date,
                memory: Antecedents | None) -> str:
    """The role-only `code` placed in the country of a possessive pronoun's referent (`Russia said its forces …` →
    RUSMIL) or its organisation (`the International Criminal Court, whose prosecutor …` → IGOICC); a named group's
    own members are the group (`Hezbollah … one of its commanders` → LBNINSHEZ). Else `code`."""
    for p in sent.kids(head, "poss"):
        kind = _pronoun_kind(sent, p)
        owner = _resolve_pronoun(sent, p, kind, dicts, day, memory) if kind else None
        if kind is None and phrase_key(sent.lemma(p)) in dicts.classes.get("COUNTRY_ANAPHORS", frozenset()):
            owner = resolve_actor(sent, p, dicts, day, memory=memory)  # `the country's police`
        if owner is None and sent.toks[p].tag == "WP$":  # `whose`: the noun its relative clause belongs to
            clause = sent.toks[sent.toks[head].head]
            owner = resolve_actor(sent, clause.head, dicts, day, memory=memory) if clause.dep == "relcl" else None
        if owner is not None and (named_group(owner) or leads_group(owner, code)):
            return owner.code
        if owner is not None and owner.country:
            return owner.country + code[3:]
        if owner is not None and owner.known_country and not owner.person:
            return owner.code + code[3:]  # an organisation's: `NATO said its troops …` → IGOWSTNAT
    return code


AFFILIATED = frozenset({"loyal", "affiliate", "affiliated", "link", "linked", "ally", "allied", "belong",
                        "tie", "tied", "align", "aligned"})
ALLIED = frozenset({"ally", "allied", "align", "aligned"})  # a group of its own, beside the one it is allied with


def _affiliation_code(sent: Sentence, head: int, code: str, dicts: Dictionaries, day: dt.date,
                      memory: Antecedents | None) -> str:
    """A role-only group loyal, linked or allied to an actor (`fighters loyal to Khalifa Haftar` → LBY, `workers
    affiliated with the Nigeria Union of Teachers` → NGA) is of that actor's country; members of a named non-state
    group (`fighters belonging to the Islamic State`, `gunmen linked to al-Shabab`) are that group, unless only
    allied with it. Not who backs them. A weapon or envoy (class UNPLACED) is that of whoever sent, launched or
    flew it (`a drone launched by the Houthis` → YEMREBHUT, `an envoy sent by Moscow` → RUSGOV). Else `code`."""
    unplaced = phrase_key(sent.lemma(head)) in dicts.classes.get("UNPLACED", frozenset())
    relative = [a for r in sent.kids(head, "relcl") for a in ([r] + sent.kids(r, "acomp"))]  # `who are loyal to`
    for m in sent.kids(head, "amod", "acl") + relative:
        if unplaced and sent.toks[m].tag == "VBN":
            objects = [o for a in sent.kids(m, "agent") for o in sent.kids(a, "pobj")]
        elif sent.lemma(m).lower() in AFFILIATED:
            objects = [o for p in sent.kids(m, "prep") if sent.lemma(p) in ("to", "with") for o in sent.kids(p, "pobj")]
        else:
            continue
        for o in objects:
            actor = resolve_actor(sent, o, dicts, day, memory=memory)
            if actor is not None and named_group(actor) and sent.lemma(m).lower() not in ALLIED:
                return actor.code
            if actor is not None and actor.country:
                return actor.country + code[3:]
    return code


OPERATING_ROLES = ARMED_ROLES | {"CRM"}  # placed where they operate: `militants based in Afghanistan`


def _head_can_act(sent: Sentence, head: int, matches: list[Match], dicts: Dictionaries) -> bool:
    """A noun that names a thing rather than people or their instruments does not act through its modifier:
    `Ukrainian grain`, `US sanctions`, `the Chinese economy` (class NOT_ACTOR). `Israeli jets`, `the Russian side`,
    `UN investigators` act for their modifier."""
    tok = sent.toks[head]
    if tok.pos != "NOUN" or any(m.first <= head <= m.last for m in matches):
        return True
    return phrase_key(sent.lemma(head)) not in dicts.classes.get("NOT_ACTOR", frozenset())


def resolve_actors(sent: Sentence, head: int, dicts: Dictionaries, day: dt.date, locations: bool | str = False,
                   memory: Antecedents | None = None) -> list[Actor]:
    """Actors of the phrase at `head` and of every phrase coordinated with it."""
    found: list[Actor] = []
    for h in conjuncts(sent, head):
        group = _plural_antecedents(sent, h, dicts, day) or pair_before(sent, h, dicts, day, memory)
        if group:
            found.extend(group)
            continue
        actor = resolve_actor(sent, h, dicts, day, locations, memory)
        if actor is not None:
            found.extend(coordinated_modifiers(sent, h, actor, dicts, day) or [actor])
            found.extend(_listed_appositions(sent, h, actor, dicts, day))
    return beside_state(found)


def _plural_antecedents(sent: Sentence, head: int, dicts: Dictionaries, day: dt.date) -> list[Actor]:
    """`Biden and Xi said they will meet`: `they` is every actor of the coordinated subject of a governing verb;
    `each other` every actor of its own verb's (`Armenia and Azerbaijan accused each other of …`)."""
    verb = sent.toks[head].head
    words = {sent.lemma(head).lower()} | {sent.lemma(d).lower() for d in sent.kids(head, "det", "amod", "nummod")}
    if words >= {"each", "other"} or words >= {"one", "another"}:
        verb = sent.toks[verb].head if sent.toks[verb].pos == "ADP" else verb  # `talks with each other`
        found = [resolve_actor(sent, h, dicts, day) for s in sent.kids(verb, "nsubj") for h in conjuncts(sent, s)]
        return [a for a in found if a is not None and a.known_country]
    if _pronoun_kind(sent, head) != "plural":
        return []
    while sent.toks[verb].dep in REFERRING_DEPS and sent.toks[verb].head != verb:
        verb = sent.toks[verb].head
        for subject in sent.kids(verb, "nsubj"):
            heads = conjuncts(sent, subject)
            if len(heads) < 2 or _pronoun_kind(sent, subject):
                continue
            actors = [a for a in (resolve_actor(sent, h, dicts, day) for h in heads) if a is not None]
            tok = sent.toks[head]
            return [Actor(a.code, tok.text, tok.start, tok.end, head, a.person) for a in actors if a.known_country]
    return []


def _listed_appositions(sent: Sentence, head: int, actor: Actor, dicts: Dictionaries, day: dt.date) -> list[Actor]:
    """`France, Germany and Poland met`: the parser may hang a list item on the first as an apposition; an
    apposition naming another country or organisation is another actor (`Kim Jong Un, North Korea's leader`
    names the same one)."""
    extra = []
    for appos in sent.kids(head, "appos"):
        other = resolve_actor(sent, appos, dicts, day)
        if other is not None and other.code[:3] != actor.code[:3] and sent.toks[appos].pos == "PROPN":
            extra.append(other)
    return extra
