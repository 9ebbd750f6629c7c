"""datapackage.json: the release as a Frictionless Data Package (https://datapackage.org), one tabular resource per
Parquet file plus the CAMEO code table the event codes refer to."""

from __future__ import annotations

from typing import Any

from openevents.release.layout import CAMEO_CSV
from openevents.schema import Column, TableSchema

FIELD_TYPES = {
    "string": "string", "int8": "integer", "int16": "integer", "int32": "integer", "int64": "integer",
    "float64": "number", "bool": "boolean", "date": "date", "datetime": "datetime", "list[string]": "array",
}
DATA_LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/"}
PARQUET = "application/vnd.apache.parquet"
CAMEO_RESOURCE = "cameo-codes"
CODE_COLUMNS = ("event_code", "event_base_code", "event_root_code")
# Readers that go through pandas (frictionless among them) see a null number as NaN and a null date as NaT; for
# nullable columns of those types these spellings mean "missing" too.
PANDAS_MISSING = {"integer": ["", "nan", "NaN"], "number": ["", "nan", "NaN"], "date": ["", "NaT"],
                  "datetime": ["", "NaT"]}


def field_descriptor(column: Column) -> dict[str, Any]:
    constraints: dict[str, Any] = {}
    if not column.nullable:
        constraints["required"] = True
    if isinstance(column.allowed, tuple):
        constraints["enum"] = list(column.allowed)
    if column.min is not None:
        constraints["minimum"] = column.min
    if column.max is not None:
        constraints["maximum"] = column.max
    if column.pattern:
        constraints["pattern"] = column.pattern.removeprefix("^").removesuffix("$")
    field: dict[str, Any] = {"name": column.name, "type": FIELD_TYPES[column.type], "description": column.description}
    if column.nullable and field["type"] in PANDAS_MISSING:
        field["missingValues"] = PANDAS_MISSING[field["type"]]
    return field | ({"constraints": constraints} if constraints else {})


def table_schema_descriptor(schema: TableSchema) -> dict[str, Any]:
    fields = [field_descriptor(c) for c in schema.columns if c.release]
    names = {f["name"] for f in fields}
    descriptor: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if schema.primary_key:
        descriptor["primaryKey"] = list(schema.primary_key)
    foreign = [{"fields": c, "reference": {"resource": CAMEO_RESOURCE, "fields": "code"}}
               for c in CODE_COLUMNS if c in names]
    return descriptor | ({"foreignKeys": foreign} if foreign else {})


def cameo_resource(sha256: str, size: int) -> dict[str, Any]:
    return {
        "name": CAMEO_RESOURCE, "path": CAMEO_CSV, "type": "table", "format": "csv", "mediatype": "text/csv",
        "encoding": "utf-8", "bytes": size, "hash": f"sha256:{sha256}",
        "description": "CAMEO 1.1b3 event codes with names, Goldstein scale values and quad classes.",
        "schema": {"fields": [
            {"name": "code", "type": "string", "constraints": {"required": True, "unique": True}},
            {"name": "name", "type": "string"},
            {"name": "goldstein", "type": "number", "constraints": {"minimum": -10, "maximum": 10}},
            {"name": "quad_class", "type": "integer", "constraints": {"minimum": 1, "maximum": 4}},
            {"name": "description", "type": "string"}], "primaryKey": ["code"]},
    }


def file_resource(schema: TableSchema, entry: dict[str, Any]) -> dict[str, Any]:
    """A Parquet file as a resource. Its size and checksum are in SHA256SUMS and the manifest, not here:
    frictionless reads Parquet through pyarrow, not as a byte stream, and so reports `bytes`/`hash` as mismatches."""
    return {
        "name": f"{schema.table}-{entry['month']}", "path": entry["path"], "type": "table", "format": "parquet",
        "mediatype": PARQUET,
        "title": f"{schema.table}, {entry['month']}",
        "description": f"{schema.description} Rows of {entry['month']} ({entry['rows']} rows).",
        "schema": table_schema_descriptor(schema),
    }


def build_datapackage(manifest: dict[str, Any], schemas: dict[str, TableSchema],
                      cameo: tuple[str, int]) -> dict[str, Any]:
    """The descriptor: package metadata from the manifest, one resource per Parquet file (schema from schemas/,
    keyed and constrained), and the CAMEO code table (`cameo`: its sha256 and size) that event codes reference."""
    resources = [file_resource(schemas[table], entry)
                 for table, info in manifest["tables"].items() for entry in info["files"]]
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "openevents",
        "title": f"OpenEvents {manifest['version']}: political events coded from news (CAMEO)",
        "version": manifest["version"],
        "created": manifest["created"],
        "description": ("Who did what to whom, when: CAMEO event records coded from news articles, with the mentions "
                        "they come from and the articles' metadata (never their text). Tables are split into one "
                        f"Parquet file per month; dates {manifest['date_range']['start']} to "
                        f"{manifest['date_range']['end']}."),
        "keywords": ["political events", "CAMEO", "event data", "conflict", "cooperation"],
        "licenses": [DATA_LICENSE],
        "resources": [*resources, cameo_resource(*cameo)],
    }
