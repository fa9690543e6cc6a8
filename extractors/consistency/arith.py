"""The arithmetic every consistency check shares: agreement within one unit of the last printed
digit, a comparator's direction, the note on a truncated or rounded-up figure, the check as a fact."""
from __future__ import annotations

from extractors.common import make_fact
from pipeline.model import ConsistencyCheck


def fmt(x: float) -> str:
    return f"{x:.3f}".rstrip("0").rstrip(".")


def tolerance(*decimals: int) -> float:
    return 10.0 ** -max(decimals) + 1e-9


def agree(stated: float, computed: float, tol: float, comparator: str | None = None) -> bool:
    if comparator in (">=", ">"):
        return computed >= stated - tol
    if comparator in ("<=", "<"):
        return computed <= stated + tol
    return abs(stated - computed) <= tol


def rounding_note(stated: float, computed: float, decimals: int) -> str | None:
    if abs(stated - computed) < 1e-9:
        return None
    if abs(round(computed, decimals) - stated) > 1e-9 and abs(stated - computed) <= tolerance(decimals):
        return "số ghi bị cắt bớt, không làm tròn" if computed > stated else "số ghi được làm tròn lên"
    return None


def check_fact(doc, s, e, kind, stated, computed, ok, note=None) -> ConsistencyCheck:
    return make_fact(ConsistencyCheck, doc, s, e, kind=kind, stated=stated, computed=computed,
                     consistent=ok, note=note)

