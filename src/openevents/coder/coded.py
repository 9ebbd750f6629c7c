"""One coded event mention, before it becomes a row of the coded table."""

from __future__ import annotations

from dataclasses import dataclass

from openevents.coder.actors import Actor


@dataclass(frozen=True)
class CodedEvent:
    code: str
    source: Actor
    target: Actor | None
    action_text: str
    action_start: int
    action_end: int
    rule_id: str
