"""Who a commitment and a task belong to, read through the real flow into a real SQLite file from an
invented plan (tests/fixtures/assignees/, see its README): an item's own body wins over its heading's
collective one, places that reach a standard are commitments and no task, and a body of listed places
("Ủy ban nhân dân các huyện: A, B …") gives one task per place, filed under that place's district."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlite_utils
from conftest import ingested

from pipeline.crosscheck.commitments import commitments
from pipeline.crosscheck.tasks import tasks
from pipeline.model.normalize import fold
from pipeline.store.corpus import read_corpus

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assignees"
TODAY = dt.date(2026, 12, 1)

# (indicator, place, the commitment's assignee: None = no body named by the item or its heading)
COMMITMENTS = [
    ("xa_ntm_nang_cao", "Ngọk Réo", "Ủy ban nhân dân các huyện, thành phố"),   # a place strives: the heading's bodies
    ("huyen_ntm", "Kon Rẫy", "UBND huyện Kon Rẫy"),                            # "c) UBND huyện Kon Rẫy phấn đấu …"
    ("tieu_chi", "Sa Thầy", "Ủy ban nhân dân huyện Sa Thầy"),                  # "d) Ủy ban nhân dân huyện Sa Thầy …"
    ("huyen_ntm", "Ngọc Hồi", None),                                           # "Các huyện: …": places, no body
    ("huyen_ntm", "Đăk Hà", None),
]

# (words of the task's quote, [(assignee, district the task is filed under)]); [] = no task there
TASKS = [
    ("Tập trung nguồn lực cho các xã", [("Ủy ban nhân dân các huyện, thành phố", "Toàn tỉnh Kon Tum")]),
    ("Xã Ngọk Réo (huyện Đăk Hà) phấn đấu", []),
    ("UBND huyện Kon Rẫy phấn đấu", [("Ủy ban nhân dân huyện Kon Rẫy", "Kon Rẫy")]),
    ("Ủy ban nhân dân huyện Sa Thầy tập trung", [("Ủy ban nhân dân huyện Sa Thầy", "Sa Thầy")]),
    ("Các huyện: Ngọc Hồi, Đăk Hà", []),
    ("hoàn thiện hồ sơ đề nghị xét công nhận", [("Ủy ban nhân dân huyện Đắk Tô", "Đắk Tô"),
                                               ("Ủy ban nhân dân huyện Tu Mơ Rông", "Tu Mơ Rông")]),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return read_corpus(sqlite_utils.Database(ingested(FIXTURES.glob("*.txt"), tmp_path_factory.mktemp("assignees"))))


@pytest.mark.parametrize("indicator, place, assignee", COMMITMENTS, ids=lambda x: str(x))
def test_commitment_takes_the_item_s_own_body(corpus, indicator, place, assignee):
    found = [c for c in commitments(corpus) if c.indicator == indicator and c.place.name == place]
    assert len(found) == 1, [(c.indicator, c.place.name) for c in commitments(corpus)]
    if assignee is None:
        assert found[0].assignee is None or place not in found[0].assignee, found[0].assignee
    else:
        assert found[0].assignee == assignee


@pytest.mark.parametrize("words, expected", TASKS, ids=lambda x: str(x)[:40])
def test_task_assignees_and_districts(corpus, words, expected):
    got = sorted((t.assignee, t.district) for t in tasks(corpus, TODAY) if fold(words) in fold(t.source.quote or ""))
    assert got == sorted(expected)
