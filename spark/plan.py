"""The Spark entry point's plan (`plan.json`, version 1): what `components/compute/sparkPlan.ts`
computes at deploy time from the product's contract, and its validation. A plan that is wrong in
any key is a PlanError naming that key, before Spark starts. Pure Python (stdlib only).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

PLAN_VERSION = 1


class PlanError(Exception):
    """The plan file is missing, unreadable or not a version 1 plan."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Spark's catalog string of the type (transform.type_string), e.g. `decimal(18,2)`, `array<struct<a:int>>`


@dataclass(frozen=True)
class Check:
    rule: str
    column: Optional[str]
    sql: str  # an aggregate over `candidate`: the number of rows breaking the rule
    message: str  # with `{rows}` where that number goes


@dataclass(frozen=True)
class Read:
    view: str
    table: str


@dataclass(frozen=True)
class Redacted:
    table: str
    columns: Tuple[str, ...]


@dataclass(frozen=True)
class RowCount:
    min: Optional[int] = None
    max: Optional[int] = None


@dataclass(frozen=True)
class Plan:
    version: int
    product: str
    sql: str
    staging: str
    catalog: str
    table: str
    reads: Tuple[Read, ...]
    columns: Tuple[Column, ...]
    checks: Tuple[Check, ...]
    row_count: RowCount
    empty_staging: str
    redacted: Optional[Redacted] = None
    # A REST catalog's tables are the transform's to create (Glue's are created by the deploy),
    # each at its location: the warehouse prefix the product's role may write.
    create_tables: bool = False
    locations: Tuple[Tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Failure:
    rule: str
    message: str
    column: Optional[str] = None


# ---- the plan ----------------------------------------------------------------------------------

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# `database.table`: exactly two parts, so the name is quoted unambiguously (table_ref).
_TABLE = re.compile(r"^[^.`\s]+\.[^.`\s]+$")


def _get(obj: Dict[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise PlanError(f'missing "{where}{key}"')
    return obj[key]


def _text(obj: Dict[str, Any], key: str, where: str = "") -> str:
    value = _get(obj, key, where)
    if not isinstance(value, str) or not value.strip():
        raise PlanError(f'"{where}{key}" must be a non-empty string, got {json.dumps(value)}')
    return value


def _matching(obj: Dict[str, Any], key: str, pattern: re.Pattern[str], shape: str, where: str = "") -> str:
    value = _text(obj, key, where)
    if not pattern.match(value):
        raise PlanError(f'"{where}{key}" must be {shape}, got {json.dumps(value)}')
    return value


def _object(value: Any, where: str) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise PlanError(f'"{where}" must be an object, got {json.dumps(value)}')
    return value


def _list(obj: Dict[str, Any], key: str) -> List[Any]:
    value = _get(obj, key, "")
    if not isinstance(value, list):
        raise PlanError(f'"{key}" must be a list, got {json.dumps(value)}')
    return value


def _count(obj: Dict[str, Any], key: str, where: str) -> Optional[int]:
    if key not in obj:
        return None
    value = obj[key]
    # bool is an int in Python; `true` is no row count.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PlanError(f'"{where}{key}" must be a non-negative integer, got {json.dumps(value)}')
    return value


def _flag(obj: Dict[str, Any], key: str) -> bool:
    value = obj.get(key, False)
    if not isinstance(value, bool):
        raise PlanError(f'"{key}" must be true or false, got {json.dumps(value)}')
    return value


_LOCATION = re.compile(r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/(\S+/)?$")


def _locations(obj: Dict[str, Any], create: bool, tables: Sequence[str]) -> Tuple[Tuple[str, str], ...]:
    """Where each written table is created ("locations": table -> s3://bucket/prefix/), required
    for every written table when the transform creates them."""
    if not create:
        return ()
    entry = _object(obj.get("locations"), "locations")
    found: List[Tuple[str, str]] = []
    for table in tables:
        location = entry.get(table)
        if not isinstance(location, str) or not _LOCATION.match(location):
            raise PlanError(f'"locations.{table}" must be "s3://bucket/prefix/", got {json.dumps(location)}')
        found.append((table, location))
    return tuple(found)


def _columns(obj: Dict[str, Any]) -> Tuple[Column, ...]:
    items = _list(obj, "columns")
    if not items:
        raise PlanError('"columns" must not be empty')
    columns: List[Column] = []
    for i, item in enumerate(items):
        where = f"columns[{i}]."
        entry = _object(item, where[:-1])
        columns.append(Column(_text(entry, "name", where), _text(entry, "type", where)))
    names = [c.name for c in columns]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise PlanError(f'"columns" repeats {", ".join(repeated)}')
    return tuple(columns)


def _checks(obj: Dict[str, Any]) -> Tuple[Check, ...]:
    checks: List[Check] = []
    for i, item in enumerate(_list(obj, "checks")):
        where = f"checks[{i}]."
        entry = _object(item, where[:-1])
        column = entry.get("column")
        if column is not None and (not isinstance(column, str) or not column):
            raise PlanError(f'"{where}column" must be a non-empty string, got {json.dumps(column)}')
        checks.append(
            Check(_text(entry, "rule", where), column, _text(entry, "sql", where), _text(entry, "message", where))
        )
    return tuple(checks)


def _reads(obj: Dict[str, Any]) -> Tuple[Read, ...]:
    reads: List[Read] = []
    for i, item in enumerate(_list(obj, "reads")):
        where = f"reads[{i}]."
        entry = _object(item, where[:-1])
        reads.append(
            Read(
                _matching(entry, "view", _IDENT, "an identifier", where),
                _matching(entry, "table", _TABLE, '"database.table"', where),
            )
        )
    views = [r.view for r in reads]
    repeated = sorted({v for v in views if views.count(v) > 1})
    if repeated:
        raise PlanError(f'"reads" repeats the view {", ".join(repeated)}')
    return tuple(reads)


def _row_count(obj: Dict[str, Any]) -> RowCount:
    bounds = _object(_get(obj, "rowCount", ""), "rowCount")
    low, high = _count(bounds, "min", "rowCount."), _count(bounds, "max", "rowCount.")
    if low is not None and high is not None and low > high:
        raise PlanError(f'"rowCount.min" ({low}) is above "rowCount.max" ({high})')
    return RowCount(low, high)


def _redacted(obj: Dict[str, Any], columns: Tuple[Column, ...]) -> Optional[Redacted]:
    if obj.get("redacted") is None:
        return None
    entry = _object(obj["redacted"], "redacted")
    table = _matching(entry, "table", _TABLE, '"database.table"', "redacted.")
    names = entry.get("columns")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
        raise PlanError(f'"redacted.columns" must be a non-empty list of column names, got {json.dumps(names)}')
    known = {c.name for c in columns}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise PlanError(f'"redacted.columns" names {", ".join(unknown)}, not in "columns"')
    return Redacted(table, tuple(names))


def parse_plan(data: Any) -> Plan:
    """A version 1 plan from its parsed JSON, or PlanError naming the first key that is wrong."""
    obj = _object(data, "the plan")
    version = _get(obj, "version", "")
    if version != PLAN_VERSION or isinstance(version, bool):
        raise PlanError(
            f'"version" {json.dumps(version)} is not supported: this runner reads version {PLAN_VERSION}'
        )
    columns = _columns(obj)
    table = _matching(obj, "table", _TABLE, '"database.table"')
    redacted = _redacted(obj, columns)
    create = _flag(obj, "createTables")
    return Plan(
        version=PLAN_VERSION,
        product=_text(obj, "product"),
        sql=_text(obj, "sql"),
        staging=_text(obj, "staging"),
        catalog=_matching(obj, "catalog", _IDENT, "an identifier"),
        table=table,
        reads=_reads(obj),
        columns=columns,
        checks=_checks(obj),
        row_count=_row_count(obj),
        empty_staging=_text(obj, "emptyStaging"),
        redacted=redacted,
        create_tables=create,
        locations=_locations(obj, create, [table, *([redacted.table] if redacted else [])]),
    )


def load_plan(path: str) -> Plan:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise PlanError(f"cannot read it: {e.strerror or e}") from None
    try:
        data = json.loads(text)
    except ValueError as e:
        raise PlanError(f"not JSON: {e}") from None
    return parse_plan(data)
