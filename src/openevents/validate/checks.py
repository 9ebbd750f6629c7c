"""Which expectations each table must meet, derived from its schema and the CAMEO code table. Pure: no GX here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openevents.coder.dictionaries import Dictionaries
from openevents.schema import TableSchema


@dataclass(frozen=True)
class Check:
    """One expectation: the GX class name and its arguments."""

    expectation: str
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        cols = [str(v) for k, v in self.kwargs.items() if k.startswith("column")]
        return f"{self.expectation}({', '.join(cols)})"


def code_sets(dicts: Dictionaries) -> dict[str, list[str]]:
    codes = sorted(dicts.cameo)
    return {
        "cameo_codes": [c for c in codes if len(c) >= 3],
        "cameo_base_codes": sorted({c[:3] for c in codes if len(c) >= 3}),
        "cameo_root_codes": sorted({c[:2] for c in codes}),
    }


def column_checks(schema: TableSchema, sets: dict[str, list[str]]) -> list[Check]:
    checks: list[Check] = [Check("ExpectTableColumnsToMatchOrderedList", {"column_list": schema.names})]
    for col in schema.columns:
        if not col.nullable:
            checks.append(Check("ExpectColumnValuesToNotBeNull", {"column": col.name}))
        if isinstance(col.allowed, str):
            checks.append(Check("ExpectColumnValuesToBeInSet", {"column": col.name, "value_set": sets[col.allowed]}))
        elif col.allowed:
            checks.append(Check("ExpectColumnValuesToBeInSet", {"column": col.name, "value_set": list(col.allowed)}))
        if col.min is not None or col.max is not None:
            checks.append(Check("ExpectColumnValuesToBeBetween",
                                {"column": col.name, "min_value": col.min, "max_value": col.max}))
        if col.pattern:
            checks.append(Check("ExpectColumnValuesToMatchRegex", {"column": col.name, "regex": col.pattern}))
    if len(schema.primary_key) == 1:
        checks.append(Check("ExpectColumnValuesToBeUnique", {"column": schema.primary_key[0]}))
    elif schema.primary_key:
        checks.append(Check("ExpectCompoundColumnsToBeUnique", {"column_list": list(schema.primary_key)}))
    return checks


def consistency_checks(schema: TableSchema, dicts: Dictionaries) -> list[Check]:
    """Cross-column rules of coded tables: quad class follows the root code, Goldstein follows the event code."""
    if "event_code" not in schema.names:
        return []
    roots = sorted({(c[:2], dicts.cameo[c].quad_class) for c in dicts.cameo})
    goldstein = sorted((c, dicts.cameo[c].goldstein) for c in dicts.cameo if len(c) >= 3)
    return [
        Check("ExpectColumnPairValuesToBeInSet",
              {"column_A": "event_root_code", "column_B": "quad_class", "value_pairs_set": roots}),
        Check("ExpectColumnPairValuesToBeInSet",
              {"column_A": "event_code", "column_B": "goldstein", "value_pairs_set": goldstein}),
    ]


def checks_for(schema: TableSchema, dicts: Dictionaries) -> list[Check]:
    return column_checks(schema, code_sets(dicts)) + consistency_checks(schema, dicts)
