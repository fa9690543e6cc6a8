"""Vietnamese labels for stored values and columns (data/labels.json), shared by the CLI and the web."""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data") / "labels.json"


@functools.cache
def labels() -> dict[str, Any]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    values = data["values"]
    for table, columns in data["value_columns"].items():
        if table == "_doc":
            continue
        for column, kind in columns.items():
            if kind not in values:
                raise ValueError(f"{DATA.name}: {table}.{column} names value labels {kind!r}, which do not exist")
            if column not in data["columns"]:
                raise ValueError(f"{DATA.name}: column {column!r} has value labels but no label of its own")
    for heading, kind in data["query_value_columns"].items():
        if heading != "_doc" and kind not in values:
            raise ValueError(f"{DATA.name}: query column {heading!r} names value labels {kind!r}, which do not exist")
    return data


def value(kind: str, stored: Any) -> Any:
    """The Vietnamese for a stored value ("lead" → "chủ trì"); the value itself when unlabelled."""
    if stored is None:
        return None
    return labels()["values"].get(kind, {}).get(stored, stored)


def column(name: str) -> str:
    return labels()["columns"].get(name, name)


def value_kind(table: str | None, column_name: str) -> str | None:
    """Which value labels a column shows, if any."""
    return labels()["value_columns"].get(table or "", {}).get(column_name)


def hidden_columns() -> frozenset[str]:
    """Technical columns table pages do not show (JSON and CSV exports keep them)."""
    return frozenset(labels()["hidden_columns"])


def query_hidden_columns() -> frozenset[str]:
    """Columns canned queries carry for links and the map, not for reading."""
    return frozenset(labels()["query_hidden_columns"]) | hidden_columns()


def query_value_kind(heading: str) -> str | None:
    return labels()["query_value_columns"].get(heading) if heading != "_doc" else None


def query_param(name: str) -> str:
    return labels()["query_params"].get(name, name) if name != "_doc" else name


def filter_op(display: str) -> str:
    return labels()["filter_ops"].get(display, display) if display != "_doc" else display
