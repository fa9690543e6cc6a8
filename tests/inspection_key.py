"""Checking and matching a hand-written inspection key (tests/fixtures/inspection*/expected.json) to what
`ntm check --json` found: one way for both keys."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipeline.face.cli import app
from pipeline.model.gazetteer import place_key
from pipeline.model.normalize import fold


def check(db: Path, today: str) -> dict:
    """`ntm check --json` on a database, as of `today`."""
    result = CliRunner().invoke(app, ["check", "--db", str(db), "--json", "--today", today])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def place_words(place: str) -> str:
    first = place.split(",")[0]
    return place_key(fold(first).replace("thanh pho ", "").replace("huyen ", "").replace("xa ", "").replace("tinh ", ""))


def texts_of(db: Path) -> dict[str, str]:
    """File name → stored text of every document in the database."""
    import sqlite_utils

    return {r["file_name"]: r["text"] for r in sqlite_utils.Database(db).query("select file_name, text from documents")}


def quote_span(text: str, quote: str) -> tuple[int, int] | None:
    i = text.find(quote)
    if i < 0:
        i = fold(text).find(fold(quote))
    return (i, i + len(quote)) if i >= 0 else None


def match(keyed: list[dict], data: dict, texts: dict[str, str]) -> dict[str, dict]:
    """Key id → the found commitment on the same plan, overlapping the key's quote, at the same place,
    with the same indicator (a key's "tieu_chi" stands for any criteria goal)."""
    found = {}
    for k in keyed:
        span = quote_span(texts.get(k["plan"], ""), k["quote"])
        want = place_words(k["place"])
        for f in data["commitments"]:
            c, src = f["commitment"], f["commitment"]["source"]
            if span is None or src["file_name"] != k["plan"] or src["span"][0] >= span[1] or src["span"][1] <= span[0]:
                continue
            got = place_key(c["place"] or "")
            if (got == want or got.endswith(want) or want.endswith(got)) and k["indicator"] in (c["indicator"], "tieu_chi"):
                found[k["id"]] = f
                break
    return found
