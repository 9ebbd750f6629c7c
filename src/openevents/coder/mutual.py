"""Events of several sources with each other: target-less intentions (`Kenya and Ethiopia agreed to build …`) and
shows of force staged together (`Indian and French warships began joint drills`: military cooperation, 062)."""

from __future__ import annotations

import dataclasses

from openevents.coder.coded import CodedEvent
from openevents.coder.names import each_other

SHOW_OF_FORCE, JOINT_EXERCISE = "150", "062"


def with_each_other(events: list[CodedEvent]) -> list[CodedEvent]:
    """Target-less intentions of several sources are with each other (`Kenya and Ethiopia agreed to build …`)."""
    sources = list({e.source.code: e.source for e in events}.values())
    if len(sources) < 2 or any(e.target is not None for e in events):
        return events
    first = events[0]
    return [dataclasses.replace(first, source=s, target=t) for s, t in each_other(sources)]


def joint_show(events: list[CodedEvent]) -> list[CodedEvent]:
    """A show of force (150) that several countries stage together, at no one, is military cooperation with each
    other (062): `Indian and French warships began joint drills`."""
    if not events or any(e.code != SHOW_OF_FORCE or e.target is not None for e in events):
        return events
    if len({e.source.country for e in events}) < 2:
        return events
    joint = dataclasses.replace(events[0], code=JOINT_EXERCISE, rule_id=f"{JOINT_EXERCISE}:joint {events[0].rule_id}")
    return with_each_other([dataclasses.replace(joint, source=e.source) for e in events])
