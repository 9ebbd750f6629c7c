"""The event pattern language of data/dictionaries/verbs/*.txt (see the README there)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

PREPOSITIONS = frozenset(
    "about above across after against along alongside amid amidst among amongst around as at before behind below "
    "beneath beside besides between beyond by despite down during except for from in inside into like near of off "
    "on onto out outside over past per regarding since than through throughout till to toward towards under "
    "underneath until unto up upon via with within without".split()
)
PARTICLES = frozenset("up down out off back away over in on aside forward through together apart ahead around along "
                      "dead".split())  # `dead`: `shot dead`
LINK_WORDS = PREPOSITIONS | PARTICLES
INFINITIVE_LINKS = frozenset({"to"})  # `agree to +provide`: any complement; `with +*`, `of +attack`: a gerund
ADJECTIVE_PREFIX = "a:"  # `a:critical of @T`: the head is a predicate adjective
# Spelling variants of prepositions, read as one (in patterns and in sentences).
PREPOSITION_VARIANTS = {"upon": "on", "amongst": "among", "towards": "toward", "amidst": "amid", "onto": "on",
                        "unto": "to"}
_LEMMA_RE = re.compile(r"^[a-z][a-z'-]*$")
_CLASS_RE = re.compile(r"^\[([A-Z][A-Z0-9_]*)\]$")
_SUBJECT_RE = re.compile(r"^\[([A-Z][A-Z0-9_]*)\]:$")
_OWNED_RE = re.compile(r"^(\[[A-Z][A-Z0-9_]*\]|[a-z][a-z'-]*)(@[TS])$")
RECIPROCAL = "<->"
NEGATED = "not"
INTRANSITIVE = "_"
_CODE_RE = re.compile(r"^((0[1-9]|1[0-9]|20)[0-9]{1,2}|000)$")
NON_EVENT = "000"


class PatternSyntaxError(ValueError):
    """A pattern line does not follow the pattern language."""


@dataclass(frozen=True)
class Slot:
    """An object position: the direct object (prep None) or the object of a preposition or particle."""

    prep: str | None
    role: str | None = None  # "target" | "source"
    noun_class: str | None = None
    noun: str | None = None

NAMED_PLACE = "NAMED_PLACE"  # the built-in noun class of proper names of places (`192	seize [NAMED_PLACE]@T`)

def slot_weight(slot: Slot) -> int:
    """How much a slot constrains: its preposition, its noun or class, its actor (at least 1)."""
    return max(1, (slot.prep is not None) + (slot.noun is not None or slot.noun_class is not None)
               + (slot.role is not None))


@dataclass(frozen=True)
class Frame:
    """What a head needs around it: particles, object slots and an optional complement verb."""

    head: str
    particles: tuple[str, ...] = ()
    slots: tuple[Slot, ...] = ()
    complement: Frame | None = None
    intransitive: bool = False
    gerund: bool = False  # `charge @T with +*`: the complement hangs on a preposition, never a that-clause

    def size(self) -> int:
        inner = self.complement.size() if self.complement else 0
        own = len(self.particles) + sum(slot_weight(s) for s in self.slots) + self.intransitive
        return own + inner + (self.complement is not None)

    def roles(self) -> list[str]:
        found = [s.role for s in self.slots if s.role]
        return found + (self.complement.roles() if self.complement else [])

    def classes(self) -> list[str]:
        found = [s.noun_class for s in self.slots if s.noun_class]
        head = _CLASS_RE.match(self.head)
        return found + ([head.group(1)] if head else []) + (self.complement.classes() if self.complement else [])


@dataclass(frozen=True)
class Pattern:
    """One dictionary line: a CAMEO code and the frame that expresses it."""

    code: str
    text: str
    is_noun: bool
    frame: Frame
    order: int
    where: str
    negated: bool = False
    reciprocal: bool = False
    subject_class: str | None = None

    @property
    def rule_id(self) -> str:
        return f"{self.code}:{self.text}"

    @property
    def specificity(self) -> int:
        """How much the pattern asks for; a class head (`n:[DRONE_STRIKE]`) counts one more than a word head."""
        return self.frame.size() + (self.head_class is not None) + (self.subject_class is not None)

    @property
    def head_class(self) -> str | None:
        match = _CLASS_RE.match(self.frame.head)
        return match.group(1) if match else None

    @property
    def wildcard(self) -> bool:
        """`urge @T to +*`: the complement act is any act, coded through its own pattern."""
        return self.frame.complement is not None and self.frame.complement.head == "*"

    @property
    def has_target(self) -> bool:
        return "target" in self.frame.roles()

    @property
    def has_source(self) -> bool:
        return "source" in self.frame.roles()


def _is_object(token: str) -> bool:
    return token in ("@T", "@S") or bool(_CLASS_RE.match(token) or _OWNED_RE.match(token)) or (
        bool(_LEMMA_RE.match(token)) and token not in LINK_WORDS
    )


def _slot(token: str, prep: str | None) -> Slot:
    """@T, @S, [CLASS], a noun lemma, or a class/noun whose owner is the actor: `[ACCUSATION]@T`, `apology@S`."""
    if token in ("@T", "@S"):
        return Slot(prep, role="target" if token == "@T" else "source")
    owned = _OWNED_RE.match(token)
    role = None
    if owned:
        token, role = owned.group(1), "target" if owned.group(2) == "@T" else "source"
    match = _CLASS_RE.match(token)
    if match:
        return Slot(prep, role=role, noun_class=match.group(1))
    return Slot(prep, role=role, noun=token)


def parse_frame(head: str, tokens: list[str]) -> Frame:
    """Build the frame of `head` from the pattern words that follow it."""
    if head != "*" and not _LEMMA_RE.match(head):
        raise PatternSyntaxError(f"head {head!r} must be a lower-case lemma")
    particles: list[str] = []
    slots: list[Slot] = []
    pending: str | None = None
    intransitive = bool(tokens) and tokens[0] == INTRANSITIVE
    i = 1 if intransitive else 0
    while i < len(tokens):
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.startswith("+"):
            if pending:
                raise PatternSyntaxError(f"{pending!r} has no object before {token!r}")
            complement = parse_frame(token[1:], tokens[i + 1 :])
            gerund = i > 0 and tokens[i - 1] in PREPOSITIONS and tokens[i - 1] not in INFINITIVE_LINKS
            complement = dataclasses.replace(complement, gerund=gerund)
            return Frame(head, tuple(particles), tuple(slots), complement, intransitive)
        if token in LINK_WORDS and following and following.startswith("+"):
            i += 1  # `to +provide`, `of +attack`: the word before a complement verb is there for reading
            continue
        if token in LINK_WORDS:
            if pending:
                particles.append(pending)
            word = PREPOSITION_VARIANTS.get(token, token)
            pending = word if following is not None and _is_object(following) else None
            if pending is None:
                particles.append(word)
        elif _is_object(token):
            slots.append(_slot(token, pending))
            pending = None
        else:
            raise PatternSyntaxError(f"cannot read {token!r} (expected a lemma, preposition, @T, @S, [CLASS] or +verb)")
        i += 1
    if intransitive and any(slot.prep is None for slot in slots):
        raise PatternSyntaxError(f"{INTRANSITIVE} (no direct object) cannot go with a direct-object slot")
    return Frame(head, tuple(particles), tuple(slots), None, intransitive)


def parse_pattern(code: str, text: str, order: int = 0, where: str = "") -> Pattern:
    """Parse one `CODE<TAB>PATTERN` entry; raises PatternSyntaxError with a readable message."""
    if not _CODE_RE.match(code):
        raise PatternSyntaxError(f"{code!r} is not a 3- or 4-digit CAMEO event code (or 000, no event)")
    tokens = text.split()
    reciprocal = bool(tokens) and tokens[-1] == RECIPROCAL
    negated = bool(tokens) and tokens[0] == NEGATED
    body = tokens[1 if negated else 0 : -1 if reciprocal else None]
    subject = _SUBJECT_RE.match(body[0]) if body else None
    body = body[1:] if subject else body
    if not body:
        raise PatternSyntaxError("empty pattern")
    head = body[0]
    is_noun = head.startswith("n:")
    head = head[2:] if is_noun else head
    if head == "*":
        raise PatternSyntaxError("the head of a pattern cannot be '*'")
    class_head = _CLASS_RE.match(head)
    if class_head and not is_noun:
        raise PatternSyntaxError("only event nouns can have a class as head (n:[CLASS])")
    adjective = not is_noun and head.startswith(ADJECTIVE_PREFIX)  # `a:critical of @T`: a predicate adjective
    frame = parse_frame("x" if class_head else head.removeprefix(ADJECTIVE_PREFIX) if adjective else head, body[1:])
    if class_head or adjective:
        frame = Frame(head, frame.particles, frame.slots, frame.complement, frame.intransitive)
    roles = frame.roles()
    if roles.count("target") > 1 or roles.count("source") > 1:
        raise PatternSyntaxError("@T and @S may each appear once")
    if "target" in roles and "source" in roles:
        raise PatternSyntaxError("a pattern has @T or @S, not both (with @S the subject is the target)")
    if reciprocal and roles:
        raise PatternSyntaxError(f"{RECIPROCAL} marks patterns without @T/@S (the actors act on each other)")
    return Pattern(code, " ".join(tokens), is_noun, frame, order, where, negated, reciprocal,
                   subject.group(1) if subject else None)
