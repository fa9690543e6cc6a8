"""Levels of criteria one commune is to reach (a plan's roadmap table) traced to the levels reports
give it, through the real flow and a real SQLite file (tests/fixtures/roadmap/README.md says why
each status is right); and the readers' rules as table-driven cases."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ingested
from inspection_key import check

from pipeline.crosscheck.passages import _cells, is_row
from pipeline.crosscheck.reading import CRITERIA_LEVEL, criteria_set, set_of_unit
from pipeline.model.normalize import fold

ROADMAP = Path(__file__).resolve().parent / "fixtures" / "roadmap"

EXPECTED = {   # (plan, commune, deadline) → status, as of the day
    "2026-12-01": {("k1", "Hà Mòn", "2024"): "met", ("k1", "Hà Mòn", "2025"): "met",
                   ("k1", "Ngọk Réo", "2024"): "met_late", ("k1", "Ngọk Réo", "2025"): "partly_met",
                   ("k1", "Đăk La", "2024"): "no_evidence", ("k1", "Đăk La", "2025"): "no_evidence",
                   ("k2", "Hà Mòn", "2025"): "met", ("k2", "Ngọk Réo", "2025"): "partly_met"},
    "2025-06-30": {("k1", "Hà Mòn", "2024"): "met", ("k1", "Hà Mòn", "2025"): "pending",
                   ("k1", "Ngọk Réo", "2024"): "partly_met", ("k1", "Ngọk Réo", "2025"): "pending",
                   ("k1", "Đăk La", "2024"): "no_evidence", ("k1", "Đăk La", "2025"): "pending",
                   ("k2", "Hà Mòn", "2025"): "pending", ("k2", "Ngọk Réo", "2025"): "pending"},
}
REQUIRED = {"2024": {"Hà Mòn": 17, "Ngọk Réo": 16, "Đăk La": 15}, "2025": {"Hà Mòn": 19, "Ngọk Réo": 19, "Đăk La": 18}}


@pytest.fixture(scope="module")
def roadmap_db(tmp_path_factory) -> Path:
    return ingested(ROADMAP.glob("*.txt"), tmp_path_factory.mktemp("roadmap"))


def levels(db: Path, today: str) -> dict[tuple[str, str, str], dict]:
    """The goals of a level of criteria (not "thêm N tiêu chí"), by plan, place and deadline."""
    return {(f["commitment"]["source"]["file_name"][:2], f["commitment"]["place"], f["commitment"]["deadline"]): f
            for f in check(db, today)["commitments"]
            if f["commitment"]["indicator"] == "tieu_chi" and not f["commitment"]["increment"]}


@pytest.mark.parametrize("today", sorted(EXPECTED))
def test_each_commune_goal_has_its_status(roadmap_db, today):
    got = levels(roadmap_db, today)
    assert {k: f["status"] for k, f in got.items()} == EXPECTED[today]
    for (_plan, place, deadline), f in got.items():
        c = f["commitment"]
        assert c["value"] == REQUIRED[deadline][place] and c["unit"] == "tiêu chí (NTM nâng cao)"
        assert fold(place) in fold(c["source"]["quote"])          # the row or sentence of that commune is quoted
        for e in f["evidence"]:       # every piece of evidence is a quote of a report
            assert e["quote"] and e["file_name"].startswith("r")


def test_a_level_in_another_set_is_named_in_the_reason(roadmap_db):
    """Đắk La's 19/19 is in the NTM set: no evidence for its nâng cao goal, and the reason says why."""
    f = levels(roadmap_db, "2026-12-01")[("k1", "Đăk La", "2024")]
    assert f["status"] == "no_evidence"
    assert "theo bộ NTM (402/BC-UBND), không theo bộ NTM nâng cao" in f["reason"]


def test_what_is_no_level_goal(roadmap_db):
    """The present-level column, a floor for "các xã còn lại" and "nâng tổng số … lên 18/19" after
    "thêm 03 tiêu chí" (the increment is the goal) give none."""
    got = levels(roadmap_db, "2026-12-01")
    assert sorted(f["commitment"]["value"] for k, f in got.items() if k[0] == "k1") == [15, 16, 17, 18, 19, 19]
    assert sorted(k[1] for k in got if k[0] == "k2") == ["Hà Mòn", "Ngọk Réo"]


LEVELS = [   # folded text → the level stated, or None
    ("xa ha mon dat 19/19 tieu chi nong thon moi nang cao", (19, 19)),
    ("nang tong so tieu chi dat chuan len 12/19 tieu chi", (12, 19)),
    ("xa dak la dat 15 tieu chi", (15, None)),
    ("xa dak la chua dat 18 tieu chi nang cao", None),
    ("khong dat 19 tieu chi", None),
    ("dat them 02 tieu chi", None),
]


@pytest.mark.parametrize("text,level", LEVELS, ids=[t for t, _ in LEVELS])
def test_criteria_level(text, level):
    m = CRITERIA_LEVEL.search(text)
    assert (None if m is None else (int(m.group(1)), int(m.group(2)) if m.group(2) else None)) == level


SETS = [
    ("Bộ tiêu chí xã nông thôn mới kiểu mẫu", "NTM kiểu mẫu"),
    ("đạt 19/19 tiêu chí xã NTM nâng cao", "NTM nâng cao"),
    ("đạt 19/19 tiêu chí nông thôn mới", "NTM"),
    ("đạt 19/19 tiêu chí NTM", "NTM"),
    ("đạt 18/19 tiêu chí", None),
    ("duy trì và nâng cao chất lượng các tiêu chí nông thôn mới", "NTM"),
    ("nâng cao chất lượng các tiêu chí, đạt 19/19 tiêu chí", None),
]


@pytest.mark.parametrize("text,named", SETS, ids=[t for t, _ in SETS])
def test_criteria_set(text, named):
    assert criteria_set(fold(text)) == named
    assert set_of_unit(f"tiêu chí ({named})" if named else "tiêu chí") == named


ROWS = [   # a line → its cells, or not a row
    ("| 1 | Xã Hà Mòn | 19 |", ["1", "Xã Hà Mòn", "19"]),
    ("1 | Xã Hà Mòn | 17 tiêu chí | 19 tiêu chí", ["1", "Xã Hà Mòn", "17 tiêu chí", "19 tiêu chí"]),
    ("1\tXã Hà Mòn\t19", ["1", "Xã Hà Mòn", "19"]),
    ("ỦY BAN NHÂN DÂN TỈNH KON TUM | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", None),
    ("Xã Hà Mòn đạt 19/19 tiêu chí.", None),
]


@pytest.mark.parametrize("line,cells", ROWS, ids=[line for line, _ in ROWS])
def test_table_rows_with_and_without_a_leading_bar(line, cells):
    if cells is None:
        assert not is_row(line)
        return
    assert is_row(line)
    got = _cells(line, 100)
    assert [c for _, _, c in got] == cells
    assert all(line[s - 100:e - 100] == c for s, e, c in got)     # spans are offsets of the text
