"""Numbers written in words, as a transcript of speech prints them: "hơn hai trăm mét vuông", "gần
ba nghìn ngày công", "một trăm hai mươi tỷ đồng", "mười lăm tỷ đồng". Rules in data/units.json
`spelled_numbers`. Read only with two words or more and a ten or a multiplier among them: a lone
digit word ("ba xã", "năm 2024") is too often something else, except after "thêm" ("có thêm ba xã đạt
chuẩn": `lone_after`), where only a count can follow. Not handled: "triệu" and "tỷ" inside
a count (money reads them as its scale), "rưỡi" (a half), fractions in words."""
from __future__ import annotations

import functools

from extractors.common import load_rules


@functools.cache
def _rules() -> dict:
    return load_rules("units.json")["spelled_numbers"]


@functools.cache
def spelled_pattern() -> str:
    """A regex (no groups) of a spelled number: number words in a row, one of them a ten or a multiplier."""
    r = _rules()
    word = "|".join(sorted([*r["digits"], r["ten"], r["tens"], *r["zero_tens"], *r["multipliers"]], key=len, reverse=True))
    magnitude = "|".join([r["ten"], r["tens"], *r["multipliers"]])
    any_word = r"(?:" + word + r")(?!\p{L})"
    digit = "|".join(sorted(r["digits"], key=len, reverse=True))
    lone = r"(?<=(?<!\p{L})(?:" + "|".join(r["lone_after"]) + r")\s)(?:" + digit + r")(?!\p{L})(?!\s+(?:\d|số(?!\p{L})))"
    return (r"(?=(?:" + any_word + r"\s+)*(?:" + magnitude + r")(?!\p{L}))(?:" + any_word + r")(?:\s+" + any_word + r")+|" + lone)


def spelled_value(words: str) -> int | None:
    """"một trăm hai mươi" → 120, "mười lăm" → 15, "ba nghìn" → 3000, "hai trăm linh năm" → 205."""
    r = _rules()
    total = group = digit = 0
    seen = False
    for w in words.lower().split():
        if w in r["digits"]:
            digit, seen = r["digits"][w], True
        elif w == r["ten"]:
            group, digit, seen = group + 10, 0, True
        elif w == r["tens"]:
            group, digit = group + (digit or 1) * 10, 0
        elif w in r["zero_tens"]:
            continue
        elif w in r["multipliers"]:
            factor = r["multipliers"][w]
            if factor >= 1000:
                total, group, digit = (total + group + digit or 1) * factor, 0, 0
            else:
                group, digit = (group + (digit or 1)) * factor, 0
        else:
            return None
    return (total + group + digit) if seen else None
