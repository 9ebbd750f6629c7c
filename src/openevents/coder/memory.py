"""What a later mention in the same article can refer to: pronouns (`he`, `it`), a person's bare surname, a
definite group noun (`the group`, `the militant group`) standing for the last named non-state group, and `the two
sides` standing for the two actors of the last event between two countries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from openevents.coder.dictionaries import Dictionaries
from openevents.coder.names import Actor, Match, find_matches, np_tokens
from openevents.coder.sentence import Sentence
from openevents.coder.tsv import phrase_key

ARMED_ROLES = frozenset({"REB", "INS", "UAF", "RAD", "SEP"})  # one kind for `the militant group` and `the rebels`


@dataclass
class Antecedents:
    """What pronouns can refer to: the last person and the last other actor that were subjects in earlier
    sentences of the article, and the last person that was an object; the last named non-state group."""

    person: Actor | None = None
    thing: Actor | None = None
    object_person: Actor | None = None
    group: Actor | None = None
    igo: Actor | None = None  # the last named organisation of states, for `the bloc`, `the alliance`
    names: dict[str, Actor] = field(default_factory=dict)
    pair: tuple[Actor, Actor] | None = None

    def note_pair(self, events: list) -> None:
        """The source and target of the sentence's first event between actors of two different countries."""
        for e in events:
            if e.target is not None and e.source.known_country and e.target.known_country and \
                    e.source.code[:3] != e.target.code[:3] and e.source.code[:3] not in ("IGO", "NGO", "IMG"):
                self.pair = (e.source, e.target)
                return

    def note_name(self, sent: Sentence, match: Match, actor: Actor) -> None:
        """After `Kim Jong Un` or `Vladimir Putin`, a bare `Kim` or `Putin` in the same article is that person."""
        if match.last > match.first:
            for i in (match.first, match.last):
                self.names[phrase_key(sent.toks[i].text)] = actor

    def remember(self, actor: Actor, subject: bool = True, plural: bool = False) -> None:
        """`plural`: the actor was named by a plural noun (`American analysts`), which no `he` or `she` refers to."""
        if named_group(actor):
            self.group = actor
        elif actor.code.startswith("IGO") and len(actor.code) > 3 and not actor.person:
            self.igo = actor
        if actor.person:
            if subject:
                self.person = actor
            else:
                self.object_person = actor
        elif actor.known_country and subject:
            self.thing = actor
            if len(actor.code) > 3 and not plural and (self.person is None or not self.person.person):
                self.person = actor  # an office holder named by a role can be "he" or "she" later

    def forget(self, person: bool) -> None:
        """The sentence's main subject is no actor we know: pronouns of its kind must not reach past it."""
        if person:
            self.person = self.object_person = None
        else:
            self.thing = None

    def recall(self, kind: str) -> Actor | None:
        return {"person": self.person, "object": self.object_person, "thing": self.thing, "plural": self.thing,
                "country": self.thing}[kind]


def named_group(actor: Actor) -> bool:
    """A non-state group known by its own name: an armed group or party with a group code (`PAKREBBLA`), an NGO or
    a transnational group (`NGOAMN`, `IMGMOSISI`); not a state, its bodies or an intergovernmental organisation."""
    if actor.person or actor.code.startswith(("---", "IGO")):
        return False
    return actor.code[:3] in ("NGO", "IMG") and len(actor.code) >= 6 or len(actor.code) >= 9


def named_before(sent: Sentence, head: int, memory: Antecedents | None) -> Actor | None:
    """A lone proper name (`Kim`) that is part of a person's full name given earlier in the article."""
    tok = sent.toks[head]
    if memory is None or tok.pos != "PROPN":
        return None
    found = memory.names.get(phrase_key(tok.text))
    return Actor(found.code, tok.text, tok.start, tok.end, head, True) if found else None


def group_before(sent: Sentence, head: int, code: str | None, dicts: Dictionaries,
                 memory: Antecedents | None) -> Actor | None:
    """`the group`, `the militant group` (a singular noun of class GROUP_ANAPHORS after `the`, named by no country
    or name of its own) is the last non-state group the article named, and `the rebels` (a plural noun of class
    MEMBER_ANAPHORS) its members, when the role, if any, fits (`the rights group` is no armed group); `the bloc`
    (class IGO_ANAPHORS, a generic IGO) is the last organisation of states named."""
    tok = sent.toks[head]
    if memory is not None and memory.igo is not None and code == "IGO" and sent.has_det(head, "the") and \
            phrase_key(sent.lemma(head)) in dicts.classes.get("IGO_ANAPHORS", frozenset()):
        return Actor(memory.igo.code, tok.text, tok.start, tok.end, head, False)  # `the bloc` after the EU
    if memory is None or memory.group is None or (code is not None and not code.startswith("---")):
        return None
    key, plural = phrase_key(sent.lemma(head)), tok.tag in ("NNS", "NNPS")
    if key not in dicts.classes.get("MEMBER_ANAPHORS" if plural else "GROUP_ANAPHORS", frozenset()):
        return None
    if not sent.has_det(head, "the"):
        return None
    role, group = (code or "---")[3:6], memory.group
    fits = not role or role == group.code[3:6] or (role in ARMED_ROLES and group.code[3:6] in ARMED_ROLES)
    return Actor(group.code, tok.text, tok.start, tok.end, head, False) if fits else None


PAIR_DETS = frozenset({"both"})
PAIR_WITH_THE = frozenset({"side", "leader"})  # `the sides`, `the leaders` with no number
PAIR_STATES = frozenset({"country", "nation"})
PAIR_ROLES = {"leader": "GOV", "government": "GOV", "capital": "GOV"}


def pair_before(sent: Sentence, head: int, dicts: Dictionaries, day: dt.date,
                memory: Antecedents | None) -> list[Actor]:
    """`the two sides`, `both countries`, `the leaders` (a plural noun of class PAIR_ANAPHORS whose phrase names no
    actor of its own, role nouns aside) are the two actors of the article's last event between two countries;
    `countries` and `nations` are their states."""
    tok = sent.toks[head]
    if memory is None or memory.pair is None or tok.tag != "NNS":
        return []
    if not (tok.dep in ("nsubj", "nsubjpass") or tok.dep == "pobj" and sent.lemma(tok.head) == "between"):
        return []  # `he met Xi and the two leaders pledged …`, parsed as two objects of `met`
    key = phrase_key(sent.lemma(head))
    if key not in dicts.classes.get("PAIR_ANAPHORS", frozenset()):
        return []
    if any(m.kind != "agent" for m in find_matches(sent, np_tokens(sent, head), dicts, day)):
        return []
    two = any(sent.lemma(n) in ("two", "2") for n in sent.kids(head, "nummod"))
    both = any(sent.lemma(d) in PAIR_DETS for d in sent.kids(head, "det", "predet", "preconj"))
    if not (two and sent.has_det(head, "the") or both or key in PAIR_WITH_THE and sent.has_det(head, "the")):
        return []
    codes = [a.code[:3] if key in PAIR_STATES else a.code + PAIR_ROLES.get(key, "") if len(a.code) == 3 else a.code
             for a in memory.pair]  # `the two countries` are states, `the two leaders` their governments
    return [Actor(c, tok.text, tok.start, tok.end, head, a.person) for c, a in zip(codes, memory.pair)]
