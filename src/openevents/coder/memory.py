"""What a later mention in the same article can refer to: pronouns (`he`, `it`), a person's bare surname, and a
definite group noun (`the group`, `the militant group`) standing for the last named non-state group."""

from __future__ import annotations

from dataclasses import dataclass, field

from openevents.coder.dictionaries import Dictionaries
from openevents.coder.names import Actor, Match
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
    names: dict[str, Actor] = field(default_factory=dict)

    def note_name(self, sent: Sentence, match: Match, actor: Actor) -> None:
        """After `Kim Jong Un` or `Vladimir Putin`, a bare `Kim` or `Putin` in the same article is that person."""
        if match.last > match.first:
            for i in (match.first, match.last):
                self.names[phrase_key(sent.toks[i].text)] = actor

    def remember(self, actor: Actor, subject: bool = True, plural: bool = False) -> None:
        """`plural`: the actor was named by a plural noun (`American analysts`), which no `he` or `she` refers to."""
        if named_group(actor):
            self.group = actor
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
    if actor.person or actor.code.startswith("---"):
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
    MEMBER_ANAPHORS) its members, when the role, if any, fits (`the rights group` is no armed group)."""
    tok = sent.toks[head]
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
