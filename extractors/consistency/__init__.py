"""Consistency: sums, ratios and counts re-derived inside one document.

- sum: parts listed in brackets against the stated total ("30.433 triệu đồng (…: 24.314 …; …)",
  "42,525 Km (tuyến ĐH.21 dài 19,5 Km; …)", "Còn 07 tiêu chí chưa đạt (xã A còn 03 …; xã B còn 04 …)"),
  and total − met = unmet ("03/09 tiêu chí" … "Còn 06 tiêu chí chưa đạt");
- ratio: X/Y against a stated percentage or average ("62,4% (với 53/85 xã)", "14.108 triệu đồng/
  30.433 triệu đồng, đạt 46,35 kế hoạch", "bình quân đạt 17,83 tiêu chí/xã");
- count: a stated count (≥ 2) against the items of the list that follows it: in brackets, after
  ":", as enumerated "(i) …; (ii) …", or in the footnote its marker cites.

Agreement is within one unit of the last printed digit. A check is emitted only when both sides
were parsed; where the pairing itself is inferred (across sentences, derived counts) only an
agreement is reported, never an alarm.
"""
from __future__ import annotations

from extractors.consistency.arith import rounding_note
from extractors.consistency.counts import (
    count_checks,
    criteria_total_checks,
    plan_balance_checks,
    ratio_checks,
    running_total_checks,
    sum_checks,
    unmet_checks,
)
from extractors.consistency.money import money_checks, per_unit_checks, plan_share_checks
from extractors.figures import locate_figures
from pipeline.model import ConsistencyCheck, Document, Extraction

__all__ = ["check_consistency", "rounding_note"]


def check_consistency(doc: Document, extraction: Extraction) -> list[ConsistencyCheck]:
    located = [loc for loc in locate_figures(doc) if not loc.fig.generic]   # counts of listed units only
    checks: list[ConsistencyCheck] = []
    checks += money_checks(doc, extraction)
    checks += per_unit_checks(doc, extraction, located)
    checks += plan_share_checks(doc, extraction)
    checks += ratio_checks(doc, located)
    checks += sum_checks(doc, located)
    checks += count_checks(doc, located)
    checks += unmet_checks(doc, located, checks)
    checks += criteria_total_checks(doc, located)
    checks += plan_balance_checks(doc, located)
    checks += running_total_checks(doc, located)
    # One check per passage and verdict.
    out: list[ConsistencyCheck] = []
    for c in sorted(checks, key=lambda c: c.span):
        if any(o.span == c.span and o.kind == c.kind for o in out):
            continue
        out.append(c)
    return out

