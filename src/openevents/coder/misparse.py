"""Parser errors of the small English model that the coder reads around: gerunds split from the nationality before
them, bare participles adjoined to a clause."""

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
