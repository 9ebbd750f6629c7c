"""What surrounds an event head in the parse: its source candidates, objects, prepositions, complements and
whether it is asserted at all (negation, modality, conditionals, irrealis governors)."""

from __future__ import annotations

from dataclasses import dataclass, field

from openevents.coder.dictionaries import Dictionaries
from openevents.coder.misparse import (free_relative_objects, misdative_objects, misparsed_gerund,
                                       predicate_led_objects, predicate_object, reduced_passive, shifted_objects,
                                       stray_by_agents, stray_predicates)
from openevents.coder.patterns import PARTICLES
from openevents.coder.sentence import (REPORTING_VERBS, Sentence, of_objects, prep_objects, present_passive,
                                       second_level_preps, up_to_object)
from openevents.coder.tsv import phrase_key

HYPOTHETICAL_MODALS = frozenset({"could", "might", "may", "would", "should", "must", "can", "ought"})
FUTURE_MODALS, WILLING_ADJECTIVES = frozenset({"will", "shall", "'ll"}), frozenset({"ready", "willing", "prepared"})
NON_COMPLEMENT_MARKS = frozenset({"whether", "if", "because", "as", "while", "when", "although", "since", "after",
                                  "before", "until", "unless", "though", "once"})
CONDITIONAL_MARKS, QUOTING = frozenset({"if", "unless", "whether", "lest"}), frozenset({"quote", "cite"})
FUTURE_TIME_MARKS = frozenset({"until", "till", "before", "once", "when", "after"})  # with a present-tense verb
NEGATION_DETS, RARELY = frozenset({"no", "neither"}), frozenset({"seldom", "rarely", "hardly", "scarcely"})
REQUESTS = frozenset({"request", "behest", "order", "instruction", "urging"})  # lemmas
# OBJECT_CONTROL: verbs whose object is the understood subject of their complement ("urged Iran to stop")
OBJECT_CONTROL = frozenset({"urge", "ask", "call", "order", "force", "press", "encourage", "invite", "allow", "tell",
                            "request", "appeal", "pressure", "persuade", "help", "authorize", "authorise", "warn",
                            "compel", "instruct", "direct", "permit", "enable", "push", "challenge", "implore"})
REALIS_NOUN_PREPS = frozenset({"in", "after", "during", "following", "follow", "amid", "since", "despite"})
DEFAULT_EFFECT = {"xcomp": "skip", "ccomp": "code", "nobj": "skip"}


@dataclass
class Clause:
    """The dependents of an event head that patterns can ask for."""

    head: int
    subjects: list[int] = field(default_factory=list)
    objects: list[int] = field(default_factory=list)
    preps: list[tuple[str, int]] = field(default_factory=list)
    particles: set[str] = field(default_factory=set)
    complements: list[int] = field(default_factory=list)
    passive: bool = False


# Participles that describe a state of their subject, not an act done to it: `Israel is opposed to …`, `Serb forces
# were engaged in …` (with no `by` agent the subject is the actor; for FEELINGS also with one: `alarmed by`).
STATIVE_PARTICIPLES = frozenset({"oppose", "commit", "determine", "prepare", "engage", "involve", "concern", "worry",
                                 "alarm", "disappoint", "dismay", "anger", "outrage", "shock", "please", "satisfy",
                                 "interest", "convince", "dedicate", "devote", "entitle", "resolve", "poise", "set"})
FEELINGS = frozenset({"concern", "worry", "alarm", "disappoint", "dismay", "anger", "outrage", "shock"})  # even `by`


def is_passive(sent: Sentence, v: int) -> bool:
    if not sent.kids(v, "nsubjpass", "auxpass", "csubjpass"):
        return False
    return not (sent.lemma(v) in STATIVE_PARTICIPLES and (sent.lemma(v) in FEELINGS or not sent.kids(v, "agent")))


def _stative_subjects(sent: Sentence, v: int) -> list[int]:
    return sent.kids(v, "nsubjpass") if sent.lemma(v) in STATIVE_PARTICIPLES else []


def subjects_of(sent: Sentence, v: int, depth: int = 0) -> list[int]:
    """Heads of the phrases that did the act of verb v (the `by` agent in the passive, inherited when elided)."""
    if depth > 6:
        return []
    tok = sent.toks[v]
    if is_passive(sent, v):
        return _agents(sent, v)
    own = sent.kids(v, "nsubj", "csubj") or _stative_subjects(sent, v)
    own = own or [s for a in sent.kids(v, "aux") for s in sent.kids(a, "nsubj")]  # `X are mediating`, X on `are`
    own = [next(iter(sent.kids(s, "nsubj")), s) if sent.toks[s].tag == "VBG" else s for s in own]  # `The Red Cross
    # operating in Iraq said`, parsed with the participle as subject and `Red Cross` as its subject
    if own:
        if tok.dep == "relcl" and _relative(sent, own[0]):
            return [tok.head]
        return own
    if tok.head == v:
        return []
    if misparsed_gerund(sent, v):  # `killed in Israeli shelling` parsed as `in Israeli` + a verb `shelling`
        return [v - 1]
    if reduced_passive(sent, v):  # `X is dead, killed in an airstrike by Y`: Y did it
        return _by_agents(sent, v)
    if tok.dep == "xcomp" and sent.kids(tok.head, "nsubjpass"):  # `Ruto is scheduled to attend`, `was forced to`
        return sent.kids(tok.head, "nsubjpass")
    if tok.dep == "xcomp" and sent.lemma(tok.head) in OBJECT_CONTROL:
        controllers = sent.kids(tok.head, "dobj") + [p for a in sent.kids(tok.head, "prep") for p in sent.kids(a, "pobj")]
        if controllers:
            return controllers[:1]
    if tok.dep == "conj" and tok.tag != "VBN" and is_passive(sent, tok.head):  # `X was indicted by Y and will resign`
        return sent.kids(tok.head, "nsubjpass")
    if tok.dep in ("acomp", "xcomp") and tok.tag == "VBN" and sent.lemma(tok.head) in LINKING:
        return _by_agents(sent, v)  # `Lai stands accused of collusion`: Lai is accused, by someone unnamed
    if tok.dep in ("xcomp", "conj", "advcl", "acomp", "attr"):  # `X said it was ready to meet Y`
        return subjects_of(sent, tok.head, depth + 1)
    if tok.dep == "pcomp" and sent.lemma(tok.head) == "to" and sent.lemma(sent.toks[tok.head].head) in RESORTING:
        return subjects_of(sent, sent.toks[tok.head].head, depth + 1)  # `youths resorted to throwing stones`
    if tok.dep == "acl" and tok.tag in ("VBG", "VBD"):  # `Scholz, speaking after talks, said …`
        noun = sent.toks[tok.head]  # `issued a declaration demanding …`: the declaration's issuer
        named = [o for o in of_objects(sent, noun.i) if sent.toks[o].pos == "PROPN"]  # `footage of X praising …`
        verb = _noun_verb(sent, noun.i) if noun.pos != "PROPN" and not named else None  # `adopted a resolution
        verb = None if verb is not None and sent.lemma(verb) in OPPOSING else verb  # (not `vetoed` one)
        owner = subjects_of(sent, verb, depth + 1) if verb is not None else []  # urging …`: the voters'; a name
        return [tok.head, *named, *owner]  # acts itself
    if tok.dep == "pcomp" and sent.toks[tok.head].head != tok.head:  # `violated the truce by shelling …`
        return subjects_of(sent, sent.toks[tok.head].head, depth + 1)
    if tok.dep == "acl" and tok.tag == "VBN":
        return _by_agents(sent, v)
    return []


def _noun_verb(sent: Sentence, n: int) -> int | None:
    """The verb a noun is the object of, directly (`issued a declaration`) or through a preposition (`voted on a
    resolution`), else None."""
    tok = sent.toks[n]
    if tok.dep in ("dobj", "obj") and tok.head != n:
        return tok.head
    prep = sent.toks[tok.head]
    if tok.dep == "pobj" and prep.dep == "prep" and prep.head != prep.i and sent.toks[prep.head].pos == "VERB":
        return prep.head
    return None


def _agents(sent: Sentence, v: int) -> list[int]:
    """The `by` agents of a passive verb, or those of the participle coordinated with it that shares its subject
    (`were arrested and charged by police`)."""
    shared = [c for c in sent.kids(v, "conj") if sent.toks[c].tag == "VBN" and not sent.kids(c, "nsubjpass", "nsubj")]
    return _by_agents(sent, v) or [p for c in shared for p in _by_agents(sent, c)]


def _by_agents(sent: Sentence, v: int) -> list[int]:
    """The `by` agents, else who asked or ordered the act (`was dissolved at the request of Thailand's election
    commission`, `were arrested on the orders of the governor`, `at Russia's request`)."""
    found = [p for a in sent.kids(v, "agent") for p in sent.kids(a, "pobj")] or [
        g - 1 for a in sent.kids(v, "agent") for g in sent.kids(a, "pcomp") if misparsed_gerund(sent, g)]
    found = found or stray_by_agents(sent, v)
    if found or sent.toks[v].tag != "VBN":
        return found
    asks = [o for p in sent.kids(v, "prep") if sent.lemma(p) in ("at", "on", "upon") for o in sent.kids(p, "pobj")]
    return [x for o in asks if sent.lemma(o) in REQUESTS for x in sent.kids(o, "poss") + of_objects(sent, o)]


RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})


def _relative(sent: Sentence, i: int) -> bool:
    return sent.toks[i].tag in ("WP", "WDT") or sent.lemma(i) in RELATIVE_PRONOUNS


def objects_of(sent: Sentence, v: int) -> list[int]:
    tok = sent.toks[v]
    if is_passive(sent, v):
        if sent.kids(v, "dobj"):  # `were denied visas`: the retained object; the subject is its recipient
            return sent.kids(v, "dobj")
        objects = sent.kids(v, "nsubjpass")
        if not objects and tok.dep == "conj" and tok.head != v:  # `protesters gathered and were arrested by police`
            objects = sent.kids(tok.head, "nsubjpass", "nsubj")  # share the first verb's subject
        if tok.dep == "relcl" and objects and _relative(sent, objects[0]):
            return [tok.head]  # `the detainees, who were freed by Israel`
        return objects
    if tok.dep == "acl" and tok.tag == "VBN":
        return [tok.head] + sent.kids(v, "dobj")
    if reduced_passive(sent, v):  # the head's grammatical subject: `journalists were found dead, shot by …`
        return sent.kids(tok.head, "nsubj", "nsubjpass") or subjects_of(sent, tok.head)
    objects = (sent.kids(v, "dobj", "obj") or misdative_objects(sent, v) or free_relative_objects(sent, v)
               or predicate_led_objects(sent, v) or shifted_objects(sent, v))
    if tok.dep == "relcl" and objects and _relative(sent, objects[0]) and tok.head != v:
        return [tok.head]  # `the airstrike, which Israel carried out overnight`
    return objects


def verb_clause(sent: Sentence, v: int) -> Clause:
    objects = objects_of(sent, v)
    up_to = None if is_passive(sent, v) else up_to_object(sent, v)
    objects = [up_to[1]] if up_to else objects
    preps: list[tuple[str, int]] = []
    listed = [c for o in objects for c in sent.kids(o, "conj")]  # `fired water cannon, pepper spray and live rounds
    listed += [c for o in listed for c in sent.kids(o, "conj")]  # at supporters`: on the last conjunct
    for holder in [v, *objects, *listed]:
        for p in sent.kids(holder, "prep", "agent"):
            if holder == v and sent.toks[p].dep == "agent" and is_passive(sent, v):
                continue
            if up_to and p == up_to[0] + 1:
                continue
            preps.extend((sent.lemma(p), o) for o in prep_objects(sent, p) if o not in objects)
    preps.extend(("to", d) for d in sent.kids(v, "dative") if sent.toks[d].pos != "ADP" and d not in objects)
    preps.extend(("as", a) for o in objects if sent.toks[o].dep == "dative" for a in sent.kids(o, "appos"))
    preps.extend(("to", r) for r in sent.kids(v, "nsubjpass") if sent.kids(v, "dobj"))  # `were granted asylum`
    preps.extend(("as", o) for o in sent.kids(v, "oprd") + stray_predicates(sent, v, objects)
                 if o not in objects)  # `called the sanctions illegal` reads `… as illegal`, so `… the vote rigged`
    predicate = predicate_object(sent, objects)  # `designated the Foundation an extremist group`
    if predicate is not None:
        objects.remove(predicate)
        preps.append(("as", predicate))
    for d in sent.kids(v, "dative"):
        if sent.toks[d].pos == "ADP":
            preps.extend((sent.lemma(d), o) for o in prep_objects(sent, d))
    preps.extend(second_level_preps(sent, preps))
    for particle in sent.kids(v, "prt", "advmod", "prep"):
        if not sent.kids(particle, "pobj") and not (up_to and particle == up_to[0]):  # `walked out of the talks`
            preps.extend((sent.lemma(p), o) for p in sent.kids(particle, "prep") for o in sent.kids(p, "pobj"))
    particles = {sent.lemma(p) for p in sent.kids(v, "prt") if not up_to or p != up_to[0]}
    particles |= {sent.lemma(p) for p in sent.kids(v, "prep", "advmod", "acomp")
                  if not sent.kids(p, "pobj") and sent.lemma(p) in PARTICLES}
    particles |= {sent.lemma(p) for p in sent.kids(v, "prep") if sent.kids(p, "pcomp")}  # `banned women from working`
    complements = [c for c in sent.kids(v, "xcomp", "ccomp", "advcl") if is_infinitive_complement(sent, c)
                   or (sent.toks[c].tag == "VBG" and sent.lemma(c) in DEMANDING and not sent.kids(c, "mark"))]
    complements += [c for o in objects for c in sent.kids(o, "xcomp", "acl", "relcl")
                    if is_infinitive_complement(sent, c)]
    complements += [c for h in (v, *objects) for p in sent.kids(h, "prep") for c in sent.kids(p, "pcomp")]
    return Clause(v, subjects_of(sent, v), objects, preps, particles, complements, is_passive(sent, v))


def is_infinitive_complement(sent: Sentence, c: int) -> bool:
    """A complement a `+verb` element may match: an xcomp, a to-infinitive clause, or a that-clause
    (`demanded that Iran release …`); not a `whether`/`if` question or an adverbial clause of time or reason."""
    if any(sent.lemma(m) in NON_COMPLEMENT_MARKS for m in sent.kids(c, "mark")):
        return False
    dep = sent.toks[c].dep
    if dep in ("xcomp", "ccomp"):
        return True
    return any(sent.toks[a].tag == "TO" or sent.lemma(a) == "to" for a in sent.kids(c, "aux"))


def noun_clause(sent: Sentence, n: int, dicts: Dictionaries | None = None) -> Clause:
    """An event noun: its possessor, adjective and compound modifiers and `by` phrase are source candidates.
    Object nouns of class AGENT_ACT keep their own `by` phrase (`protests against abuses by the police`)."""
    acts = dicts.classes.get("AGENT_ACT", frozenset()) if dicts else frozenset()
    subjects = sent.kids(n, "poss") + sent.kids(n, "amod", "compound", "nmod")
    preps: list[tuple[str, int]] = []
    for p in sent.kids(n, "prep"):
        objs = prep_objects(sent, p)
        if sent.lemma(p) == "by":
            subjects = objs + subjects
        else:
            preps.extend((sent.lemma(p), o) for o in objs)
            # `an attack on an army patrol by Hezbollah fighters`: the parser hangs the noun's `by` on its object
            subjects = [a for o in objs if phrase_key(sent.lemma(o)) not in acts for q in sent.kids(o, "prep")
                        if sent.lemma(q) == "by" for a in sent.kids(q, "pobj")] + subjects
    preps += [(sent.lemma(q), o) for lemma, obj in list(preps) if lemma == "of"  # `suspension of links with Serbia`
              for q in sent.kids(obj, "prep") if sent.lemma(q) not in ("of", "by") for o in sent.kids(q, "pobj")]
    tok = sent.toks[n]
    others = dicts is not None and dicts.complements.get((sent.lemma(tok.head), "nobj")) == "other"
    if tok.dep in ("dobj", "obj") and tok.head != n and not others:
        subjects = subjects + subjects_of(sent, tok.head)  # not `… sparked protests`, `… condemned the arrest`
    elif tok.dep == "pobj" and _shared_event(sent, n):
        verb = sent.toks[tok.head].head  # `two soldiers were killed in a clash with X`: the soldiers took part
        first = sent.toks[verb].head if sent.toks[verb].dep == "conj" else verb  # `… were killed and three
        heads = subjects_of(sent, verb) or sent.kids(verb, "nsubjpass")  # others wounded in a clash`: the killed too
        subjects = subjects + heads + sent.kids(first, "nsubjpass")
    if dicts and phrase_key(sent.lemma(n)) in dicts.classes.get("OF_AGENT_ACTS", frozenset()):
        subjects = subjects + of_objects(sent, n)  # `the visit of the Chinese foreign minister to Moscow`
    return Clause(n, subjects, [], preps, set(), sent.kids(n, "acl"), False)


def modality(sent: Sentence, v: int) -> str | None:
    """`future` for will/shall (and `would` reporting an intention: `said it would`), `hypothetical` for the other
    modals, else None."""
    modals = {sent.toks[a].text.lower() for a in sent.kids(v, "aux")} | {sent.lemma(a) for a in sent.kids(v, "aux")}
    if modals & FUTURE_MODALS:
        return "future"
    tok = sent.toks[v]
    reported = tok.dep == "ccomp" and sent.lemma(tok.head) in REPORTING_VERBS
    if reported and "would" in modals:
        return "future"
    if "would" in modals and any(sent.lemma(a) in WILLING_ADJECTIVES for a in sent.kids(v, "acomp")):
        return "future"  # `Jordan would be ready to host talks`: an offer, not a hypothesis
    if reported and "must" in modals:  # `X said Iran must release …`: a demand by X
        return "demand"
    if reported and modals & {"should", "ought"}:  # `X said Iran should release …`: an appeal by X
        return "appeal"
    if modals & HYPOTHETICAL_MODALS:
        return "hypothetical"
    return None


def _shared_event(sent: Sentence, n: int) -> bool:
    """`In a phone call with Biden, Netanyahu said …`: the clause's subject took part in an event noun that names a
    partner with `with`; not in `police arrested protesters during the demonstration`."""
    prep = sent.toks[n].head
    verb = sent.toks[prep].head
    return verb != prep and sent.toks[verb].pos == "VERB" and any(sent.lemma(p) == "with" for p in sent.kids(n, "prep"))


def blocked_reason(sent: Sentence, v: int, dicts: Dictionaries, depth: int = 0) -> str | None:
    """Why the act of head v is not asserted as it stands: negated, future (an intention or threat: its code is
    mapped), appeal, demand or refuse (asked for or refused by the governor's subject: coder/appeals.py),
    hypothetical, conditional, question, irrealis governor; or None. A governor that is not asserted takes its
    complements along (`did not agree to provide`, `hoped they will start talks`)."""
    if any(sent.lemma(m) in CONDITIONAL_MARKS for m in sent.kids(v, "mark")):
        return "conditional"
    if sent.toks[v].tag in ("VBP", "VBZ") and any(sent.lemma(m) in FUTURE_TIME_MARKS for m in sent.kids(v, "mark")):
        return "future time clause"  # `will fight until they gain control`, `before he leaves office`
    conditioned = any(sent.lemma(m) in CONDITIONAL_MARKS for c in sent.kids(v, "advcl") for m in sent.kids(c, "mark"))
    if conditioned and (modality(sent, v) not in (None, "future") or present_passive(sent, v)):
        return "conditional"  # `Iran could attack if …`, `if appeals fail, the person is deported` (a rule); a
    # stated future with a condition is a conditional offer or threat, coded as stated (`will withdraw unless`)
    if sent.is_question():
        return "question"
    inherited = _governor_reason(sent, v, dicts, depth)
    if inherited not in ASKED_EFFECTS:
        return inherited
    if sent.kids(v, "neg") or any(sent.lemma(d) in NEGATION_DETS for d in sent.kids(v, "det")):
        return "negated"
    if any(sent.lemma(w).lower() in RARELY for a in sent.kids(v, "advmod") for w in (a, *sent.kids(a, "advmod"))):
        return "rarely"  # `Malaysia seldom criticized China`: a habit denied, no act
    return modality(sent, v) or inherited


LINKING = frozenset({"stand", "remain", "become", "get", "seem", "appear"})  # `stands accused`: a passive
RESORTING = frozenset({"resort", "turn"})
DEMANDING = frozenset({"demand", "call"})  # `rallied in Tbilisi demanding the resignation of …`: as `to demand`
OPPOSING = frozenset({"veto", "reject", "block", "oppose", "condemn", "denounce", "defy", "ignore", "dismiss"})
PERCEIVING = frozenset({"see", "receive", "find", "know", "hear", "get", "read", "notice", "confirm"})
ASKED_EFFECTS = frozenset({None, "future", "appeal", "demand", "refuse"})


def _governor_reason(sent: Sentence, v: int, dicts: Dictionaries, depth: int) -> str | None:
    """What the governor of v says about v: a block (a string not in ASKED_EFFECTS), an effect, or None."""
    tok = sent.toks[v]
    if tok.head == v or depth > 6:
        return None
    governor = sent.lemma(tok.head)
    if tok.dep == "ccomp" and governor == "be":  # `it is unlikely that Iran will attack`: the adjective governs
        governor = next((sent.lemma(a) for a in sent.kids(tok.head, "acomp") if sent.toks[a].pos == "ADJ"), governor)
    if tok.dep in ("xcomp", "ccomp", "advcl") and (tok.dep != "advcl" or is_infinitive_complement(sent, v)):
        above = blocked_reason(sent, tok.head, dicts, depth + 1)
        if above not in ASKED_EFFECTS:
            return above if above != "negated" else f"complement of negated {governor!r}"
        kind = "ccomp" if tok.dep == "ccomp" else "xcomp"
        effect = dicts.complements.get((governor, kind), DEFAULT_EFFECT[kind])
        if effect == "skip":
            return f"complement of {governor!r}"
        return effect if effect in ASKED_EFFECTS else above
    above = sent.lemma(sent.toks[tok.head].head)
    if tok.dep == "pcomp" and (governor == "by" or (governor == "to" and above in RESORTING)  # `resorted to throwing`
                               or (governor == "as" and above in QUOTING)):  # `was quoted as saying`: he said it
        return blocked_reason(sent, sent.toks[tok.head].head, dicts, depth + 1)
    if tok.dep in ("pcomp", "csubj", "amod", "compound"):
        return f"{tok.dep} of {governor!r}"
    if tok.dep == "acl" and is_infinitive_complement(sent, v) and sent.kids(v, "aux"):
        return f"infinitive of {governor!r}"  # `the decision to withdraw`, `allowed the envoy to meet`
    if tok.dep in ("acl", "ccomp", "relcl") and sent.toks[tok.head].pos in ("NOUN", "PROPN"):
        return _noun_clause_reason(sent, tok.head, dicts, v)
    if tok.dep in ("conj", "advcl", "acomp"):  # `might be willing to make concessions`: the copula's modality
        above = blocked_reason(sent, tok.head, dicts, depth + 1)  # not `rarely` for a coordinated verb:
        return None if above == "rarely" and tok.dep == "conj" else above  # `seldom criticized X and instead …`
    return None

def _noun_clause_reason(sent: Sentence, noun: int, dicts: Dictionaries, clause: int | None = None) -> str | None:
    """A clause on a noun: `had no evidence that Russia sabotaged …` (negated), `had not seen a note sent to …`
    (the object of a negated verb), `allegations that troops attacked …`, `its demand that Russia withdraw …`
    (complements.tsv: the noun as a ccomp governor with effect skip, appeal or demand)."""
    if any(sent.lemma(d) in NEGATION_DETS for d in sent.kids(noun, "det")):
        return "negated"
    tok = sent.toks[noun]
    if tok.dep == "dobj" and sent.lemma(tok.head) in PERCEIVING and sent.kids(tok.head, "neg"):
        # `had not seen a note sent to the ministry`; `did not condemn the attack launched by Israel` still holds it
        return f"object of negated {sent.lemma(tok.head)!r}"
    effect = dicts.complements.get((sent.lemma(noun), "ccomp"), "code")
    if effect == "skip" or (effect in ("appeal", "demand") and clause is not None and sent.kids(clause, "nsubj")):
        return f"clause of {sent.lemma(noun)!r}"  # also `its demand that Russia withdraw`: asked for, not done
    return None


def noun_blocked_reason(sent: Sentence, n: int, dicts: Dictionaries) -> str | None:
    """Event nouns are coded only where the text asserts the event took place."""
    tok = sent.toks[n]
    if any(sent.lemma(d) in NEGATION_DETS for d in sent.kids(n, "det")):
        return "negated"
    if tok.dep == "nsubj" and dicts.complements.get((sent.lemma(tok.head), "nsubj")) == "skip":  # a statistic
        return f"subject of {sent.lemma(tok.head)!r}"
    if tok.dep in ("nsubj", "nsubjpass", "ROOT", "appos"):
        governor = tok.head
    elif tok.dep == "dobj":
        lemma = sent.lemma(tok.head)
        if dicts.complements.get((lemma, "nobj"), DEFAULT_EFFECT["nobj"]) not in ("code", "other"):
            return f"object of {lemma!r}"
        governor = tok.head
    elif tok.dep == "pobj" and (sent.lemma(tok.head) in REALIS_NOUN_PREPS or sent.toks[tok.head].dep == "agent" or (
            sent.lemma(tok.head) == "from" and sent.toks[sent.toks[tok.head].head].pos == "NOUN")):  # `toll from`
        governor = sent.toks[tok.head].head  # `killed in an airstrike`, `wounded by Syrian gunfire`
    else:
        return f"{tok.dep} noun"
    if governor == n:
        return "question" if sent.is_question() else None
    return blocked_reason(sent, governor, dicts)
