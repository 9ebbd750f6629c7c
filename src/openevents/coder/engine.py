"""The coder: a tokens table (parsed sentences) in, one row per coded event mention out."""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl

from openevents.coder.actors import Actor, Antecedents, each_other, resolve_actor, resolve_actors, span_text
from openevents.coder.clauses import blocked_reason, modality, noun_blocked_reason, noun_clause, verb_clause
from openevents.coder.dictionaries import Dictionaries
from openevents.coder.appeals import APPEAL, DEMAND, REFUSE, mutual_intent
from openevents.coder.asking import (VERB_POS, asked, generic_intent, governor_of, intent_wildcard, reported_ask,
                                     wildcard_asked)
from openevents.coder.claims import claimed_events
from openevents.coder.coded import CodedEvent
from openevents.coder.matcher import (COERCE_ROOT, TOWN_ROOTS, Binding, Context, noun_keys, owner_actors,
                                      ranked_matches)
from openevents.coder.mutual import joint_show, with_each_other
from openevents.coder.patterns import ADJECTIVE_PREFIX, NON_EVENT, Pattern
from openevents.coder.places import (PLACE_PREPS, PROTEST_ROOT, UNATTRIBUTED_BOMBINGS, act_places, acting_at_home,
                                     citizens_protesting, clause_places, forces_at_home, gunmen_at_home,
                                     implied_sources, known, located, people, state, town_hit, unplaced_ngos)
from openevents.coder.targets import (VIOLENT_ROOTS, counterpart, final_targets, protest_purposes,
                                      protesting_nationals)
from openevents.coder.sentence import Sentence, iter_sentences, phrase_objects
from openevents.coder.tsv import phrase_key
from openevents.coder.victims import HIT_DEPS, clash_parties, victim_places, victims_of

OFFICIAL_PROTEST = "114"  # a state's protest
CLAIM = "015"  # claims of responsibility
CITIZEN_ROOTS = frozenset({PROTEST_ROOT, "10"})  # people named by their role protesting or demanding at home
VISIT_CODES = frozenset({"042", "043", "036"})  # visits made, hosted, planned
NOUN_POS = frozenset({"NOUN", "PROPN"})
CODED_SCHEMA = {
    "article_id": pl.String, "sentence_index": pl.Int32, "sentence_start": pl.Int32, "sentence_end": pl.Int32,
    "event_code": pl.String, "source_actor_code": pl.String, "source_actor_text": pl.String,
    "source_start": pl.Int32, "source_end": pl.Int32, "target_actor_code": pl.String,
    "target_actor_text": pl.String, "target_start": pl.Int32, "target_end": pl.Int32, "action_text": pl.String,
    "action_start": pl.Int32, "action_end": pl.Int32, "rule_id": pl.String,
}


def code_sentence(sent: Sentence, dicts: Dictionaries, day: dt.date, memory: Antecedents | None = None,
                  home: str | None = None) -> list[CodedEvent]:
    """Every event the sentence asserts, verbs first, then event nouns the verbs did not already use."""
    sent.correct_lemmas(dicts)
    ctx = Context(sent, dicts, day, memory, home)
    events: list[CodedEvent] = []
    used: set[int] = set()
    for tok in sent.toks:
        patterns = _head_patterns(sent, tok, dicts)
        if tok.i in used:
            continue
        if tok.pos in VERB_POS:
            events.extend(claimed_events(ctx, tok.i))  # `Israel claimed that Hamas fired the rockets`
        if not patterns:
            events.extend(reported_ask(ctx, tok.i))
            continue
        reason = blocked_reason(sent, tok.i, dicts)
        if reason == "negated" and modality(sent, tok.i) == "future":  # `said it would not release …`
            found = asked(ctx, tok.i, tok.i, REFUSE)
            if found:
                events.extend(found)
                used.add(tok.i)
                continue
        if reason in (APPEAL, DEMAND, REFUSE):
            found = asked(ctx, tok.i, governor_of(sent, tok.i), reason) or reported_ask(ctx, tok.i)
            events.extend(found)
            used |= {tok.i} if found else set()
            continue
        if reason not in (None, "negated", "future"):
            continue
        events.extend(_verb_events(ctx, tok.i, patterns, reason, used))
    events.extend(_noun_events(ctx, used))
    return _unique(events)


def _verb_events(ctx: Context, head: int, patterns: tuple[Pattern, ...], reason: str | None,
                 used: set[int]) -> list[CodedEvent]:
    """The events of the best pattern of a verb (or predicate adjective) that yields any; marks the tokens used."""
    sent = ctx.sent
    usable = tuple(p for p in patterns if p.negated == (reason == "negated"))
    clause = verb_clause(sent, head)
    for binding in ranked_matches(ctx, usable, clause, verb_negated=reason == "negated"):
        if binding.pattern.code == NON_EVENT:
            used |= binding.used | {head}
            return []
        found = wildcard_asked(ctx, binding, head) if reason is None else []
        generic = not found and intent_wildcard(binding)
        if generic and not generic_intent(ctx, binding, head):
            continue
        composed = bool(found)
        found = found or _events_from(ctx, binding, clause.subjects, future=reason == "future",
                                      places=act_places(sent, clause, binding.pattern.code[:2] in VIOLENT_ROOTS,
                                                        binding.pattern.code[:2] == PROTEST_ROOT))
        if binding.pattern.wildcard and not composed and found and all(_one_civilian(ctx, e.source) for e in found):
            continue  # `she refused to board the bus`: a private person's unknown act is no political event
        found = with_each_other(found) if generic and mutual_intent(ctx, head) else found
        found = joint_show(found)
        found = _light_verb_targets(ctx, binding, head, found)
        if found:  # the purposes of a protest are used by it (`went on strike to demand …`)
            used |= binding.used - _judged_acts(ctx, binding, head) | protest_purposes(ctx, head, found)
            return found
        if _people_travelling(ctx, binding, clause):  # no other reading of `Kenyans will welcome the Pope`
            used.add(head)
            return []
    if reason == "negated" and modality(sent, head) == "future":  # `Germany will not send troops to Ukraine`
        refused = asked(ctx, head, head, REFUSE)
        used |= {head} if refused else set()
        return refused
    return []


JUDGING_ROOTS = frozenset({"05", "09", "11"})  # praise, welcome; document; criticise, condemn


def _judged_acts(ctx: Context, binding: Binding, head: int) -> set[int]:
    """The acts a verb of judgement takes as its object, which took place (`Britain condemned the arrest of the
    journalist by Russian police`): left to the event nouns when complements.tsv codes the verb's noun objects as
    someone else's acts (effect `other`)."""
    if binding.pattern.code[:2] not in JUDGING_ROOTS:
        return set()
    if ctx.dicts.complements.get((ctx.sent.lemma(head), "nobj")) != "other":
        return set()
    return {t for t in binding.used if ctx.sent.toks[t].dep == "dobj" and ctx.sent.toks[t].head == head}


def _people_travelling(ctx: Context, binding: Binding, clause) -> bool:
    """A visit made or hosted by people at large, which is no event at all (see _events_from)."""
    code = binding.pattern.code
    if code not in VISIT_CODES and ctx.dicts.future_code(code) not in VISIT_CODES:
        return False
    sources = known(_source_actors(ctx, clause.subjects, False))
    return bool(sources) and all(people(ctx, a) for a in sources)


def _one_civilian(ctx: Context, actor: Actor) -> bool:
    tok = ctx.sent.toks[actor.head]  # `a woman`, `she`: one private person
    return actor.code[3:6] == "CVL" and (tok.tag in ("NN", "NNP") or tok.text.lower() in ("he", "she"))


def _noun_events(ctx: Context, used: set[int]) -> list[CodedEvent]:
    """Events of the event nouns no verb already used (`the Russian airstrike on Kharkiv`)."""
    sent, events = ctx.sent, []
    for tok in sent.toks:
        patterns = noun_patterns_for(sent, tok.i, ctx.dicts) if tok.pos in NOUN_POS else None
        if not patterns or tok.i in used or noun_blocked_reason(sent, tok.i, ctx.dicts):
            continue
        clause = noun_clause(sent, tok.i, ctx.dicts)
        unreal = _unrealised(ctx, tok.i)
        for binding in ranked_matches(ctx, tuple(p for p in patterns if not p.negated), clause):
            if binding.pattern.code == NON_EVENT:
                break
            if unreal and binding.pattern.code[:2] not in INTENT_ROOTS:
                continue  # `the proposed annexation of the West Bank`: not (yet) done
            violent = binding.pattern.code[:2] in VIOLENT_ROOTS
            places = _noun_places(ctx, clause, tok.i) if violent else None
            found = _events_from(ctx, binding, clause.subjects, noun=True, places=places)
            if not found and violent and not clause.subjects and binding.pattern.reciprocal:
                parties, where = clash_parties(ctx, tok.i)  # `two soldiers and five militants were killed in clashes`
                found = _events_from(ctx, binding, parties, noun=True, places=where) if parties else []
            unattributed = not found and binding.pattern.code[:3] in UNATTRIBUTED_BOMBINGS
            owned = found or unattributed or clause.subjects  # `rebel gunfire in Goma`: placed with its victims
            if owned and binding.pattern.code[:2] in VIOLENT_ROOTS and _placeless(found):
                found = _with_victims(ctx, binding, clause, tok.i) or found
            if found:
                events.extend(found)
                break
    return events


INTENT_ROOTS = frozenset({"03", "13"})  # intentions and threats


def _unrealised(ctx: Context, noun: int) -> bool:
    """An event noun put in the future or the merely possible by an adjective of class UNREALISED (`the proposed
    annexation`, `a possible attack`)."""
    unreal = ctx.dicts.classes.get("UNREALISED", frozenset())
    return any(ctx.sent.toks[a].text.lower() in unreal for a in ctx.sent.kids(noun, "amod", "compound"))


def _noun_places(ctx: Context, clause, noun: int) -> list[int]:
    """Where a violent event noun happened: its own places (`killed in a clash with rebels in Chhattisgarh`), then
    those of the verb it hangs on (`a police officer was shot dead in a clash with gunmen in Balochistan`) and those of
    the parties it names (`two soldiers died in a gunfight with militants in Kashmir`)."""
    own = clause_places(clause)
    parties = phrase_objects(ctx.sent, phrase_objects(ctx.sent, [noun], ("with", "between")), PLACE_PREPS)
    return own + [p for p in victim_places(ctx, noun) + parties if p not in own]


def _head_patterns(sent: Sentence, tok, dicts: Dictionaries) -> tuple[Pattern, ...] | None:
    """A verb's patterns, or a predicate adjective's (`a:critical of @T`: `Russia has been critical of NATO`)."""
    if tok.pos in VERB_POS:
        found = dicts.verb_patterns.get(sent.lemma(tok.i))
        return found or (dicts.verb_patterns.get(ADJECTIVE_PREFIX + tok.text.lower()) if tok.tag == "VBN" else None)
    if tok.pos == "ADJ" and tok.dep == "acomp":
        return dicts.verb_patterns.get(ADJECTIVE_PREFIX + sent.lemma(tok.i))
    return None


def _placeless(found: list[CodedEvent]) -> bool:
    """No target, only a place's country (`the bombardment of Kharkiv`: UKR), or one of the source's own country
    (`an attack on an army patrol by Hezbollah`: a role-only patrol that the verb's victims may name better)."""
    return all(e.target is None or len(e.target.code) == 3 or e.target.code[:3] == e.source.code[:3] for e in found)


def _with_victims(ctx: Context, binding: Binding, clause, noun: int) -> list[CodedEvent]:
    """The noun's events recoded with the victims of its verb (`the bombardment of Kharkiv killed 18 civilians`:
    the civilians, placed by Kharkiv), or [] when the verb names none."""
    victims, places = victims_of(ctx, noun)
    if not victims:
        return []
    binding.targets[:] = victims
    return _events_from(ctx, binding, clause.subjects, noun=True, places=places, domestic=False)


def noun_patterns_for(sent: Sentence, i: int, dicts: Dictionaries) -> tuple[Pattern, ...]:
    """Patterns headed by the noun's lemma and by every class the noun (with its modifiers) belongs to
    (`n:[DRONE_STRIKE]` for `a US drone strike`)."""
    found = dicts.noun_patterns.get(sent.lemma(i), ())
    if dicts.noun_class_heads:
        keys = noun_keys(sent, i)
        for name, patterns in dicts.noun_class_heads.items():
            if keys & dicts.classes[name]:
                found = found + patterns
    return found


def _light_verb_targets(ctx: Context, binding: Binding, head: int, found: list[CodedEvent]) -> list[CodedEvent]:
    """`Israel mounted its invasion of South Lebanon`: when the verb's pattern names no target, the event noun it
    takes as object (or, for a claim of responsibility, in a phrase) may, through the noun's own patterns
    (`n:invasion of @T`, `n:bombing of @T`)."""
    if not found or binding.pattern.has_target or any(e.target is not None for e in found):
        return found
    sent, claim = ctx.sent, binding.pattern.code == CLAIM  # `took credit for the bombing of a police station`
    for obj in sorted(binding.used):
        direct = sent.toks[obj].head == head and sent.toks[obj].dep in HIT_DEPS
        if not (direct or claim and sent.toks[obj].dep == "pobj") or sent.toks[obj].pos != "NOUN":
            continue
        patterns = tuple(p for p in noun_patterns_for(sent, obj, ctx.dicts) if p.has_target and not p.negated)
        for noun_binding in ranked_matches(ctx, patterns, noun_clause(sent, obj, ctx.dicts)):
            targets = [t for t in noun_binding.targets if t.known_country]
            aimed = [dataclasses.replace(e, target=t) for e in found for t in targets if t.code != e.source.code]
            if aimed and noun_binding.pattern.code != NON_EVENT:  # not the source itself (`calls for his
                return aimed  # resignation` that he brushed aside)
    return found


def _source_actors(ctx: Context, heads: list[int], noun: bool) -> list[Actor]:
    """Actors of the first subject candidate that names any (candidates come in order of preference); a decision,
    statement or act of someone acts for its owner (class OWNER_ACTS: `Israel's decision drew criticism`)."""
    for h in heads:
        found = resolve_actors(ctx.sent, h, ctx.dicts, ctx.day, memory=ctx.memory)
        if not found and phrase_key(ctx.sent.lemma(h)) in ctx.dicts.classes.get("OWNER_ACTS", frozenset()):
            found = _with_role(ctx, h, owner_actors(ctx, h))  # `Israel's decision drew criticism`: for its owner
        if found:
            return found
    return []


def _with_role(ctx: Context, noun: int, owners: list[Actor]) -> list[Actor]:
    """Owners named by their country alone take the role a compound before the noun names (`a Pakistani military
    operation` → PAKMIL)."""
    roles = [a.code[3:] for c in ctx.sent.kids(noun, "compound")
             for a in resolve_actors(ctx.sent, c, ctx.dicts, ctx.day) if a.code.startswith("---") and len(a.code) > 3]
    if len(roles) != 1:
        return owners
    return [dataclasses.replace(a, code=a.code + roles[0]) if len(a.code) == 3 else a for a in owners]


def _events_from(ctx: Context, binding: Binding, subject_heads: list[int], noun: bool = False,
                 future: bool = False, places: list[int] | None = None, domestic: bool = True) -> list[CodedEvent]:
    pattern = binding.pattern
    code = ctx.dicts.future_code(pattern.code) if future else pattern.code
    if code is None:
        return []
    subjects = _source_actors(ctx, subject_heads, noun)
    if not subjects and not pattern.has_source:
        subjects = implied_sources(ctx, binding.action[0], code, noun, binding.targets, places or [])
    if pattern.has_source:  # `received a phone call from his Turkish counterpart`: the counterpart holds an office
        sources, targets = [counterpart(ctx, s, known(subjects)) for s in binding.sources], subjects
    else:
        sources, targets = subjects, binding.targets
    # `fired rockets at Israel`: where they were fired to, not from (`fought in Juba` is both)
    hit = {t.head for t in binding.targets if ctx.sent.lemma(ctx.sent.toks[t.head].head) == "at"}
    sources = located(ctx, sources, [p for p in places or [] if p not in hit])
    placed = town_hit(ctx, sources, targets) if code[:2] in TOWN_ROOTS else sources
    sources = protesting_nationals(ctx, code, known(placed))  # `Thousands of Kenyans protested` → KENCVL
    if code in VISIT_CODES and sources and all(people(ctx, a) for a in sources):
        return []  # `a new wave of Sudanese refugees arrived in Chad`: people travelling make no visit
    rule = pattern.rule_id
    if code[:2] == PROTEST_ROOT and sources and all(state(ctx, a) for a in sources):
        code, rule = OFFICIAL_PROTEST, f"{OFFICIAL_PROTEST}:state protest of {rule}"  # `China protested the sale`
    elif code[:2] == PROTEST_ROOT and sources and not noun and ctx.sent.kids(binding.action[0], "ccomp"):
        code, rule = OFFICIAL_PROTEST, f"{OFFICIAL_PROTEST}:worded protest of {rule}"  # `protested that …`: said
    targets = final_targets(ctx, binding, code, sources, targets, places or [], domestic, noun)
    if not sources and code[:2] in CITIZEN_ROOTS:  # `activists went on hunger strike to demand …`,
        sources = known(citizens_protesting(ctx, placed, targets))  # `protesters demanded the resignation of …`
    if not sources:
        sources = known(acting_at_home(ctx, placed, targets))
    if not sources and code[:2] in VIOLENT_ROOTS:  # `Gunmen assassinated the Haitian president`
        sources = known(gunmen_at_home(ctx, placed, targets))
    if not sources and code[:2] == COERCE_ROOT and not noun:  # `Police arrested the mayor of Istanbul`
        sources = known(forces_at_home(ctx, placed, targets))
    sources = sources or unplaced_ngos(placed)  # `Human rights groups urged Egypt …`
    if not sources and noun and len(targets) >= 2 and _between(pattern):
        sources = targets  # `talks between Iran and the IAEA`
    if pattern.reciprocal and not targets and len(sources) == 1 and people(ctx, sources[0]):
        return []  # `many Rwandans have moved on`: people at large do nothing with each other alone
    pairs = [(s, t) for s, t in _pairs(pattern, sources, targets, noun) if not _interview(pattern, s, t)]
    first, last = min(binding.action), max(binding.action)
    text = span_text(ctx.sent, first, last)
    start, end = ctx.sent.toks[first].start, ctx.sent.toks[last].end
    return [CodedEvent(code, s, t, text, start, end, rule) for s, t in pairs]


def _interview(pattern: Pattern, source: Actor, target: Actor | None) -> bool:
    """Speaking with the news media (`told Reuters`, `VOA spoke with experts`) is an interview, no consultation."""
    return (pattern.code[:2] == "04" and pattern.frame.head in INTERVIEW_HEADS
            and any(a is not None and a.code[3:6] == "MED" for a in (source, target)))


INTERVIEW_HEADS = frozenset({"speak", "talk", "tell", "interview", "say"})


def _pairs(pattern: Pattern, sources: list[Actor], targets: list[Actor],
           noun: bool) -> list[tuple[Actor, Actor | None]]:
    """(source, target) pairs: every source with every other target; several sources of a reciprocal pattern or an
    event noun with each other; a lone source only where the pattern asks for no actor at a slot."""
    if targets:
        return [(s, t) for s in sources for t in targets if s.code != t.code]
    if len(sources) >= 2 and (pattern.reciprocal or noun):
        return each_other(sources)
    if pattern.reciprocal and not pattern.frame.slots:
        return []  # a bare reciprocal verb (`X and Y met`) needs two actors: `Iran met its target` is no event
    if pattern.has_target or pattern.has_source:
        return []
    return [(s, None) for s in sources]


def _between(pattern: Pattern) -> bool:
    return pattern.reciprocal or any(slot.prep in ("between", "among") for slot in pattern.frame.slots)


def _unique(events: list[CodedEvent]) -> list[CodedEvent]:
    keyed: dict[tuple[str, str, str | None], CodedEvent] = {}
    for e in events:  # the first of each (code, source, target), in order
        keyed.setdefault((e.code, e.source.code, e.target.code if e.target else None), e)
    aimed = {(code, source) for code, source, target in keyed if target is not None}
    return [e for (code, source, target), e in keyed.items() if target is not None or (code, source) not in aimed]


def _row(sent: Sentence, e: CodedEvent) -> tuple:
    t = e.target
    return (sent.article_id, sent.index, sent.start, sent.end, e.code, e.source.code, e.source.text, e.source.start,
            e.source.end, t.code if t else None, t.text if t else None, t.start if t else None, t.end if t else None,
            e.action_text, e.action_start, e.action_end, e.rule_id)


def remember_subjects(sent: Sentence, dicts: Dictionaries, day: dt.date, memory: Antecedents) -> None:
    """Update the article's antecedents with the actors that are subjects in this sentence, left to right; a main
    subject that names no actor (`the animals`, `Lydia Rosasi`) clears what `it`, `they`, `he` or `she` may refer
    to, so that they never jump back over it."""
    anaphors = dicts.classes.get("GROUP_ANAPHORS", frozenset())
    for tok in sent.toks:
        if phrase_key(tok.lemma) in anaphors and sent.has_det(tok.i, "a", "an", "another"):
            memory.group = None  # `a group of Israeli settlers`: a new group that `the group` may mean next
        if tok.dep in ("nsubj", "nsubjpass", "dobj", "pobj") and tok.pos != "PRON":
            actor = resolve_actor(sent, tok.i, dicts, day, memory=memory)
            if actor:
                memory.remember(actor, subject=tok.dep.startswith("nsubj"), plural=tok.tag in ("NNS", "NNPS"))
            elif tok.dep.startswith("nsubj") and sent.toks[tok.head].dep == "ROOT":
                memory.forget(person=tok.ent == "PERSON" or tok.pos == "PROPN")


def code_tokens(tokens: pl.DataFrame, article_dates: dict[str, dt.date], dicts: Dictionaries,
                homes: dict[str, str | None] | None = None) -> pl.DataFrame:
    """Code every sentence of a tokens table; `article_dates` gives each article's date (for dated actor codes),
    `homes` its country where known (its dateline's: for actors named by their role alone).

    Sentences of one article are coded in order, so pronouns can refer to actors of earlier sentences."""
    rows = []
    memory, article = Antecedents(), None
    for sent in iter_sentences(tokens):
        if sent.article_id != article:
            memory, article = Antecedents(), sent.article_id
        day = article_dates[sent.article_id]
        home = homes.get(sent.article_id) if homes else None
        events = code_sentence(sent, dicts, day, memory, home)
        rows.extend(_row(sent, e) for e in events)
        memory.note_pair(events)
        remember_subjects(sent, dicts, day, memory)
    return pl.DataFrame(rows, schema=CODED_SCHEMA, orient="row")
