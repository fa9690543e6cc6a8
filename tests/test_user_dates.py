"""The one parser of dates as people write them (pipeline.model.dates): cases as data in
tests/data/user_dates.jsonl, and properties over any day."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.model.dates import DateError, date_end, parse_date

CASES = [json.loads(line) for line in (Path(__file__).parent / "data" / "user_dates.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("case", CASES, ids=[c["text"] or "(empty)" for c in CASES])
def test_user_date(case):
    if "error" in case:
        with pytest.raises(DateError, match=case["error"]):
            parse_date(case["text"])
        return
    span = parse_date(case["text"])
    assert (span.start.isoformat(), span.end.isoformat(), span.iso) == (case["start"], case["end"], case["iso"])


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_any_day_in_any_spelling_is_that_day(day):
    for text in (day.isoformat(), f"{day.day}/{day.month}/{day.year}", f"{day.day:02d}-{day.month:02d}-{day.year}"):
        span = parse_date(text)
        assert span.start == span.end == day


@given(st.text(max_size=40))
def test_anything_else_parses_or_says_why(text):
    try:
        span = parse_date(text)
    except DateError as e:
        assert str(e)
    else:
        assert span.start <= span.end


def test_stored_deadlines_end_on_their_last_day():
    assert date_end("2024-Q2") == "2024-06-30" and date_end("2025") == "2025-12-31"
    assert date_end("2024-02") == "2024-02-29" and date_end("2021/2025") == "2025-12-31"
    assert date_end("sớm") is None and date_end(None) is None
