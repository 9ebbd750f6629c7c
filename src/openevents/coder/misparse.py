"""Parser errors of the small English model that the coder reads around: gerunds split from the nationality before
them, bare participles adjoined to a clause, `by` agents and object predicates hung on the wrong word, objects read
as predicates and predicate participles read as clauses on the object."""

from __future__ import annotations

from openevents.coder.sentence import Sentence

GERUND_PREPS = frozenset({"in", "by", "from", "amid", "after", "during"})


def misparsed_gerund(sent: Sentence, v: int) -> bool:
    """`farmers were killed in Russian shelling`: the small model reads `in Russian` as a phrase and `shelling` as a
    verb of its own (or `by Russian shelling` as a gerund with an adjective); the nationality right before the
    gerund is the one who shelled."""
    tok, prev = sent.toks[v], sent.toks[v - 1] if v > 0 else None
    if tok.tag == "VBG" and tok.dep == "pcomp" and sent.lemma(tok.head) in GERUND_PREPS and prev is not None:
        return prev.dep == "amod" and prev.head == v and prev.ent == "NORP"  # `by Russian shelling`, read as a verb
    if tok.tag != "VBG" or prev is None or prev.dep != "pobj" or prev.pos not in ("PROPN", "ADJ", "NOUN"):
        return False  # also `in Israeli tank shelling`: `Israeli tank` is the phrase before the gerund
    if sent.kids(v, "dobj"):  # `rallied in Tel Aviv demanding a deal`: a participle with an object of its own
        return False
    prep = sent.toks[prev.head]
    return sent.lemma(prev.head) in GERUND_PREPS and prep.head == tok.head and prep.head != v


def reduced_passive(sent: Sentence, v: int) -> bool:
    """A bare past participle adjoined to a clause (`…, killed in the raid`) is passive: the clause's subject
    underwent the act."""
    tok = sent.toks[v]
    return tok.dep == "advcl" and tok.tag == "VBN" and not sent.kids(v, "aux", "auxpass", "nsubj", "mark")


CHARGE_PREPS = frozenset({"of", "with", "for", "over", "to"})  # accused of, charged with, jailed for, sentenced to


def stray_by_agents(sent: Sentence, v: int) -> list[int]:
    """`was accused of corruption by prosecutors`: the parser hangs the `by` agent on the noun of the charge."""
    return [o for p in sent.kids(v, "prep") if sent.lemma(p) in CHARGE_PREPS for n in sent.kids(p, "pobj")
            if sent.toks[n].pos == "NOUN" for b in sent.kids(n, "prep") if sent.lemma(b) == "by"
            for o in sent.kids(b, "pobj")]


def misdative_objects(sent: Sentence, v: int) -> list[int]:
    """`designated the Houthis a terrorist organization`, parsed with the object as a dative and the predicate as
    its apposition: the dative is the object (and its apposition is read as an `as` phrase)."""
    return [d for d in sent.kids(v, "dative") if sent.toks[d].pos != "ADP" and sent.kids(d, "appos")][:1]


def predicate_object(sent: Sentence, objects: list[int]) -> int | None:
    """`designated the Anti-Corruption Foundation an extremist organisation`, parsed with two direct objects: the
    second, with `a`/`an`, is the predicate (read as an `as` phrase, as `misdative_objects` reads an apposition)."""
    if len(objects) == 2 and all(sent.toks[o].dep == "dobj" for o in objects) and sent.has_det(objects[1], "a", "an"):
        return objects[1]
    return None


def free_relative_objects(sent: Sentence, v: int) -> list[int]:
    """`condemned what it called Israel's violations`, `denounced what it described as US interference`: the
    parser makes `what` the object of the naming verb; the object is what that verb names (its predicate); so
    with `struck what it said were Israeli spy bases`, where `what` is the subject of the copula."""
    named = [n for c in sent.kids(v, "ccomp") if any(sent.toks[w].tag == "WP" for w in sent.kids(c, "dobj"))
             for n in sent.kids(c, "oprd") + [o for p in sent.kids(c, "prep") if sent.lemma(p) == "as"
                                               for o in sent.kids(p, "pobj")]]
    said = [a for c in sent.kids(v, "ccomp") for b in sent.kids(c, "ccomp") if sent.lemma(b) == "be"
            and any(sent.toks[w].tag == "WP" for w in sent.kids(b, "nsubj")) for a in sent.kids(b, "attr")]
    return (named + said)[:1]


def predicate_led_objects(sent: Sentence, v: int) -> list[int]:
    """`called Israel's offensive in Gaza a genocide`, parsed with both nouns as object predicates and no object:
    the first is the object."""
    predicates = sent.kids(v, "oprd")
    return predicates[:1] if len(predicates) >= 2 and not sent.kids(v, "dobj") else []


def shifted_objects(sent: Sentence, v: int) -> list[int]:
    """`denounced as an outrage Russia's detention of its consul`: the object put after the `as` phrase, parsed as
    that phrase's second object; with no direct object, the last object of the verb's `as` phrase is the object."""
    if sent.kids(v, "dobj"):
        return []
    return [objs[-1] for p in sent.kids(v, "prep") if sent.lemma(p) == "as"
            for objs in [sent.kids(p, "pobj")] if len(objs) >= 2][:1]


def stray_predicates(sent: Sentence, v: int, objects: list[int]) -> list[int]:
    """`called the election rigged`, parsed with `rigged` a bare clause on the object, and `held Kyiv responsible
    for …`, parsed with `responsible` an adverbial clause of the verb: the participle or adjective right after the
    object, with nothing before it of its own, is the object's predicate (read as an `as` phrase)."""
    bare = [a for o in objects for a in sent.kids(o, "acl") if sent.toks[a].tag == "VBN" and not sent.kids(a)
            and a == max(sent.kids(o) + [o]) and a > o]
    return bare + [a for a in sent.kids(v, "advcl") if sent.toks[a].pos == "ADJ" and a - 1 in objects
                   and not any(k < a for k in sent.kids(a))]
