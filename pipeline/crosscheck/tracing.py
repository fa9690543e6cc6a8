"""Tracing: each commitment's status from the claims of later documents, with the evidence and the
reason in Vietnamese. Conservative by construction:

- evidence counts only if it is about the same indicator (or one that implies it: a kiểu mẫu commune
  is an NTM commune, never the reverse), the same place (or the units under it, counted), and comes
  from another document dated after the plan and not after `today`;
- met: reached by the deadline; met_late: reached after it; partly_met: a count, rate, average or
  criteria goal below target at the deadline (with the fraction); missed: the deadline passed and the
  evidence says it was not reached ("chưa đạt", "không đạt", "chuyển sang năm sau"); pending: the
  deadline has not passed; no_evidence: it has, and nothing settles it (interim figures never do);
  contradicted: two documents disagree about the same moment.

Total over any corpus: no claim, date or place is assumed present.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

import regex

from pipeline.crosscheck.claims import SHARE_OF_PLAN, Claim
from pipeline.crosscheck.commitments import Commitment, fmt_number, same_goal_place
from pipeline.crosscheck.mentions import Source
from pipeline.crosscheck.periods import covers, parse_period
from pipeline.crosscheck.reading import set_of_unit
from pipeline.crosscheck.vocabulary import STATUS_LABELS, implies, indicator_kind
from pipeline.model.normalize import fold


@dataclass
class Evidence:
    role: str                    # outcome | conflict | part (of a count of units)
    source: Source
    as_of: str | None = None
    value: float | None = None
    place: str | None = None
    stance: str | None = None
    decision: str | None = None


@dataclass
class Finding:
    commitment: Commitment
    status: str
    evidence: list[Evidence] = field(default_factory=list)
    achieved: float | None = None
    required: float | None = None
    reason: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def fraction(self) -> str | None:
        if self.achieved is None or not self.required or self.commitment.binary:
            return None
        return f"{fmt_number(self.achieved)}/{fmt_number(self.required)}"


def _d(x: dt.date | None) -> str:
    return x.strftime("%d/%m/%Y") if x else "?"


def _doc(src: Source) -> str:
    return src.number or src.file_name or f"văn bản {src.doc_id}"


def _ev(o: Claim, role: str = "outcome") -> Evidence:
    return Evidence(role, o.source, o.as_of.isoformat() if o.as_of else None, o.value,
                    o.place.name if o.place else None, o.stance, o.decision)


def _usable(o: Claim, c: Commitment, today: dt.date) -> bool:
    """From another document, dated after the plan and not after today."""
    if o.source.doc_id == c.source.doc_id or o.place is None or o.as_of is None:
        return False
    made = dt.date.fromisoformat(c.made) if c.made else None
    when = o.doc_date or o.as_of
    return (made is None or when > made) and when <= today


def _pct(o: Claim) -> float | None:
    if o.unit == "%" or o.indicator == "ty_le_giai_ngan":
        return o.value
    if o.denominator and o.value is not None:
        return round(o.value / o.denominator * 100, 1)
    return None


def _value_for(o: Claim, c: Commitment) -> float | None:
    """The claim's figure in the commitment's terms: a share for a percent goal, a count otherwise."""
    if o.unit == SHARE_OF_PLAN:      # "đạt 87,5% kế hoạch" of that year: the goal's amount times the share
        fits = c.value and c.unit != "%" and not c.increment and o.period_year == int(c.deadline[:4])
        return round(c.value * o.value / 100, 4) if fits else None
    if c.unit == "%":
        return _pct(o)
    if o.unit == "%" and o.indicator != "ty_le_giai_ngan":
        return None
    return o.value


def _same_criteria_set(o: Claim, c: Commitment) -> bool:
    """A level of criteria counts only in the goal's set ("19 tiêu chí (NTM nâng cao)"): a level in
    another set, or in none named against a goal of nâng cao / kiểu mẫu, says nothing of it."""
    if c.indicator != "tieu_chi":
        return True
    wanted, said = set_of_unit(c.unit), set_of_unit(o.unit)
    return said == wanted or (said is None and wanted in (None, "NTM"))


def _ok(value: float, c: Commitment, required: float) -> bool:
    if c.comparator in ("<=", "<"):
        return value <= required if c.comparator == "<=" else value < required
    return value >= required - 1e-9


def _settles(o: Claim, deadline) -> bool:
    """Does a claim speak for the state at the deadline? Its moment covers the deadline, or it is a
    figure as of a day before the deadline reported only after it ("đến ngày 30/6/2025", in 2026)."""
    when = parse_period(o.as_of.isoformat())
    return covers(when, deadline) or bool(o.doc_date and o.doc_date > deadline.end and o.as_of <= deadline.end)


def trace_one(c: Commitment, pool: list[Claim], today: dt.date) -> Finding:
    deadline = parse_period(c.deadline)
    if deadline is None:
        return Finding(c, "no_evidence", reason="Không đọc được thời hạn của cam kết.")
    if c.binary:
        return _trace_binary(c, pool, today, deadline)
    if c.indicator == "tieu_chi" and (c.criteria or c.increment):
        return _trace_criteria(c, pool, today, deadline)
    if c.increment:
        return _trace_increment(c, pool, today, deadline)
    return _trace_figure(c, pool, today, deadline)


def _trace_increment(c: Commitment, pool, today, deadline) -> Finding:
    """"có thêm 03 thôn … đạt chuẩn": a level is no answer without the level the plan started from.
    With a starting level (stated in the plan, or reported as of a day up to the plan's date) the goal
    is that level plus the increment; without one, only the units under the place recognised after
    the plan can be counted."""
    added = c.value or 0.0
    made = dt.date.fromisoformat(c.made) if c.made else None
    base = [o for o in pool if o.kind == "figure" and o.indicator == c.indicator and o.place is not None
            and o.place.key == c.place.key and o.as_of is not None and made and o.as_of <= made
            and _value_for(o, c) is not None and (o.doc_date or o.as_of) <= made and o.planned is None]
    if base:
        start = max(base, key=lambda o: (o.as_of, o.dated))
        level = _value_for(start, c)
        # "năm 2024 có thêm 08 xã": judged at the deadline; units added later belong to later goals
        f = _trace_figure(replace(c, value=level + added, increment=False), pool, today, deadline, late=False)
        got = None if f.achieved is None else max(0.0, f.achieved - level)
        if f.status == "no_evidence" and (counted := _trace_added(c, pool, today, deadline)):
            return counted
        return Finding(c, f.status, [_ev(start, "baseline")] + f.evidence, got, added,
                       f"Mức ban đầu {fmt_number(level)} tính đến {_d(start.as_of)} ({_doc(start.source)}), "
                       f"cần đạt {fmt_number(level + added)}. {f.reason}")
    counted = [(d, o) for d, o in _child_counts(c, pool, today) if made is None or d > made]
    if not counted and (said := _trace_added(c, pool, today, deadline)):
        return said
    if not counted:
        if deadline.end > today:
            return Finding(c, "pending", [], None, added, f"Chưa đến hạn {c.deadline}.")
        return Finding(c, "no_evidence", [], None, added, (
            f"Đã quá hạn {c.deadline}; không rõ mức ban đầu để tính phần tăng thêm và không có văn bản nào "
            f"ghi đơn vị nào của {c.place.name} được công nhận sau ngày {c.made or '?'}."))
    in_time = [(d, o) for d, o in counted if d <= deadline.end]
    parts = [_ev(o, "part") for _, o in counted]
    if len(in_time) >= added:
        return Finding(c, "met", parts[:int(added)], float(len(in_time)), added,
                       f"Đạt: đếm được {len(in_time)} đơn vị được công nhận sau ngày lập kế hoạch, trong hạn "
                       f"{c.deadline} (cần thêm {fmt_number(added)}).")
    if deadline.end > today:
        return Finding(c, "pending", parts, float(len(in_time)), added,
                       f"Chưa đến hạn {c.deadline}; mới đếm được {len(in_time)}/{fmt_number(added)} đơn vị được công nhận.")
    if len(counted) >= added:
        when = counted[int(added) - 1][0]
        return Finding(c, "met_late", parts, added, added,
                       f"Đạt muộn: đủ {fmt_number(added)} đơn vị được công nhận ngày {_d(when)}, sau hạn {c.deadline}.")
    if in_time:
        return Finding(c, "partly_met", parts, float(len(in_time)), added,
                       f"Đạt một phần: đếm được {len(in_time)}/{fmt_number(added)} đơn vị được công nhận trong hạn "
                       f"{c.deadline}.")
    return Finding(c, "no_evidence", parts, None, added,
                   f"Đã quá hạn {c.deadline}; không có đơn vị nào được công nhận trong hạn.")


def _trace_added(c: Commitment, pool, today, deadline) -> Finding | None:
    """"Năm 2024 có thêm 08 xã" against "trong năm 2024 có thêm 06 xã được công nhận": the year's new
    units as a report counts them, for a goal of one calendar year (made in it, or "năm 2024")."""
    year = deadline.end.year
    made = dt.date.fromisoformat(c.made) if c.made else None
    if deadline.precision != "year" or not (made and made.year == year or regex.search(
            rf"(?<!den )\bnam {year}\b", fold(c.source.quote or ""))):
        return None
    claims = [o for o in pool if o.kind == "added" and o.indicator == c.indicator and o.period_year == year
              and _usable(o, c, today) and o.place.key == c.place.key]
    required = c.value or 0.0
    reached = sorted((o for o in claims if o.value >= required), key=lambda o: o.as_of)
    if reached:
        o = reached[0]
        return Finding(c, "met", [_ev(o)], o.value, required, f"Đạt: có thêm {fmt_number(o.value)} trong năm {year} "
                       f"tính đến {_d(o.as_of)} ({_doc(o.source)}), cần thêm {fmt_number(required)}.")
    settling = sorted((o for o in claims if _settles(o, deadline)), key=lambda o: (o.as_of, o.doc_date or o.as_of))
    if not settling or deadline.end > today:
        return None
    o = settling[-1]
    status = "partly_met" if o.value > 0 else "missed"
    return Finding(c, status, [_ev(o)], o.value, required, f"{STATUS_LABELS[status]}: có thêm {fmt_number(o.value)}/"
                   f"{fmt_number(required)} trong năm {year} tính đến {_d(o.as_of)} ({_doc(o.source)}).")


def _trace_binary(c: Commitment, pool, today, deadline) -> Finding:
    claims = [o for o in pool if o.kind == "status" and _usable(o, c, today) and same_goal_place(o.place, c.place)]
    pos = sorted((o for o in claims if o.stance == "positive" and implies(o.indicator, c.indicator)),
                 key=lambda o: o.as_of)
    neg = sorted((o for o in claims if o.stance == "negative" and implies(c.indicator, o.indicator)),
                 key=lambda o: o.as_of)
    withdrawn = max((o for o in neg if o.revoked and pos and o.as_of >= pos[0].as_of), key=lambda o: o.as_of, default=None)
    if withdrawn:
        # the latest word governs: a recognition withdrawn counts only if it is granted again after
        again = [o for o in pos if o.as_of > withdrawn.as_of]
        if not again:
            return _withdrawn(c, pos[0], withdrawn, today, deadline)
        pos = again
    if pos:
        first = pos[0]
        late_neg = [o for o in neg if o.as_of >= first.as_of and all(o.source.doc_id != p.source.doc_id for p in pos)]
        if late_neg:
            ev = [_ev(o, "conflict") for o in pos[:2] + late_neg[:2]]
            return Finding(c, "contradicted", ev, reason=(
                f"Mâu thuẫn: {_doc(first.source)} ghi được công nhận/đạt ngày {_d(first.as_of)}, nhưng "
                f"{_doc(late_neg[0].source)} ghi chưa đạt tính đến {_d(late_neg[0].as_of)}."))
        what = f"quyết định {first.decision}" if first.decision else _doc(first.source)
        if first.as_of <= deadline.end:
            return Finding(c, "met", [_ev(o) for o in pos[:3]], 1, 1,
                           f"Đạt: {c.place.name} đạt chuẩn ngày {_d(first.as_of)} ({what}), trong hạn {c.deadline}.")
        if deadline.end > today:
            return Finding(c, "met", [_ev(o) for o in pos[:3]], 1, 1,
                           f"Đạt trước hạn: đạt chuẩn ngày {_d(first.as_of)} ({what}).")
        return Finding(c, "met_late", [_ev(o) for o in pos[:3]] + [_ev(o) for o in neg[:1]], 1, 1,
                       f"Đạt muộn: hạn {c.deadline}, đạt chuẩn ngày {_d(first.as_of)} ({what}).")
    if deadline.end > today:
        return Finding(c, "pending", [_ev(o) for o in neg[-2:]], reason=f"Chưa đến hạn {c.deadline}.")
    settling = [o for o in neg if o.deferral or _settles(o, deadline)]
    if settling:
        o = settling[-1]
        why = "đề nghị chuyển sang năm sau / đăng ký lại" if o.deferral else "ghi chưa đạt"
        return Finding(c, "missed", [_ev(x) for x in settling[-3:]], 0, 1,
                       f"Không đạt: {_doc(o.source)} ({_d(o.doc_date)}) {why} tính đến {_d(o.as_of)}; hạn {c.deadline}.")
    if neg:
        return Finding(c, "no_evidence", [_ev(o) for o in neg[-2:]], reason=(
            f"Đã quá hạn {c.deadline}; chỉ có báo cáo giữa kỳ ({_doc(neg[-1].source)}, {_d(neg[-1].as_of)}) "
            "ghi chưa đạt, chưa có báo cáo sau hạn."))
    return Finding(c, "no_evidence", reason=(
        f"Đã quá hạn {c.deadline}; không có văn bản nào sau ngày {c.made or '?'} báo cáo về {c.place.name}."))


def _withdrawn(c: Commitment, granted: Claim, withdrawn: Claim, today, deadline) -> Finding:
    ev = [_ev(granted, "conflict"), _ev(withdrawn)]
    said = (f"{c.place.name} được công nhận ngày {_d(granted.as_of)} ({_doc(granted.source)}), nhưng "
            f"{_doc(withdrawn.source)} ({_d(withdrawn.doc_date)}) ghi đã thu hồi công nhận / không duy trì được chuẩn "
            f"tính đến {_d(withdrawn.as_of)}; văn bản sau cùng được tính")
    if deadline.end > today:
        return Finding(c, "pending", ev, reason=f"Chưa đến hạn {c.deadline}; {said}.")
    return Finding(c, "missed", ev, 0, 1, f"Không đạt: {said}; hạn {c.deadline}.")


def _child_counts(c: Commitment, pool, today) -> list[tuple[dt.date, Claim]]:
    """"01 huyện đạt chuẩn" of a province: the units under it recognised, in order (an explicit sum)."""
    if indicator_kind(c.indicator) != "status" or c.unit == "%" or c.place.level not in ("province", "district"):
        return []
    attr = "province" if c.place.level == "province" else "district"
    code = getattr(c.place, attr)
    first: dict[str, Claim] = {}
    for o in pool:
        if (o.kind == "status" and o.stance == "positive" and implies(o.indicator, c.indicator) and _usable(o, c, today)
                and o.place.level != c.place.level and getattr(o.place, attr, None) == code):
            if o.place.key not in first or o.as_of < first[o.place.key].as_of:
                first[o.place.key] = o
    return sorted(((o.as_of, o) for o in first.values()), key=lambda x: x[0])


def _trace_figure(c: Commitment, pool, today, deadline, late: bool = True) -> Finding:
    """A count, rate or average at the deadline; with `late`, a level reached only after it is met_late."""
    required = c.value or 0.0
    claims = [o for o in pool if o.kind == "figure" and o.indicator == c.indicator and _usable(o, c, today)
              and o.place.key == c.place.key and _value_for(o, c) is not None
              and not (c.fund_year and o.fund_year and c.fund_year != o.fund_year) and _same_criteria_set(o, c)
              and (o.planned is None or (o.planned == c.value and o.indicator == c.indicator and not c.increment))]
    if any(o.unit != SHARE_OF_PLAN for o in claims):
        claims = [o for o in claims if o.unit != SHARE_OF_PLAN]     # an amount says more than a share of the plan
    children = _child_counts(c, pool, today)
    if deadline.end > today:
        reached = [o for o in claims if _ok(_value_for(o, c), c, required)]
        if reached:
            o = min(reached, key=lambda o: o.as_of)
            return Finding(c, "met", [_ev(o)], _value_for(o, c), required,
                           f"Đạt trước hạn: {fmt_number(_value_for(o, c))} tính đến {_d(o.as_of)} ({_doc(o.source)}).")
        last = max(claims, key=lambda o: o.as_of, default=None)
        note = f"; mới đạt {fmt_number(_value_for(last, c))} tính đến {_d(last.as_of)}" if last else ""
        return Finding(c, "pending", [_ev(last)] if last else [], _value_for(last, c) if last else None, required,
                       f"Chưa đến hạn {c.deadline}{note}.")
    at = [o for o in claims if _settles(o, deadline) and o.as_of <= max(deadline.end, o.as_of)]
    before = [o for o in at if o.as_of <= deadline.end]
    after = sorted((o for o in at if o.as_of > deadline.end), key=lambda o: o.as_of)
    if before:
        moment = max(o.as_of for o in before)
        same = [o for o in before if (o.as_of.year, o.as_of.month) == (moment.year, moment.month)]
        same, note = _without_replaced(same)
        values = {round(_value_for(o, c), 2) for o in same}
        if len(values) > 1 and len({o.source.doc_id for o in same}) > 1:
            vals = "; ".join(dict.fromkeys(f"{fmt_number(_value_for(o, c))} ({_doc(o.source)})" for o in same))
            return Finding(c, "contradicted", [_ev(o, "conflict") for o in same], None, required,
                           f"Mâu thuẫn: các văn bản ghi khác nhau tính đến {_d(moment)}: {vals}.")
        o = max(same, key=lambda o: (o.dated, o.doc_date or o.as_of))
        value = _value_for(o, c)
        if o.unit == SHARE_OF_PLAN:
            note += f" (báo cáo chỉ ghi {fmt_number(o.value)}% kế hoạch, không ghi số tuyệt đối)"
        if _ok(value, c, required):
            return Finding(c, "met", [_ev(x) for x in same], value, required,
                           f"Đạt: {fmt_number(value)}/{fmt_number(required)} tính đến {_d(o.as_of)} ({_doc(o.source)})"
                           f"{note}.")
        later = [x for x in after if _ok(_value_for(x, c), c, required)] if late else []
        child_late = _count_reached(children, required) if late else None
        if later or child_late:
            when, src = (later[0].as_of, later[0]) if later else child_late
            return Finding(c, "met_late", [_ev(o), _ev(src)], required, required,
                           f"Đạt muộn: tính đến hạn mới có {fmt_number(value)}; đạt {fmt_number(required)} "
                           f"ngày {_d(when)} ({_doc(src.source)}).")
        status = "partly_met" if value > 0 else "missed"
        return Finding(c, status, [_ev(x) for x in same], value, required,
                       f"{'Đạt một phần' if value > 0 else 'Không đạt'}: {fmt_number(value)}/{fmt_number(required)} "
                       f"tính đến {_d(o.as_of)} ({_doc(o.source)}){note}; hạn {c.deadline}.")
    reached = _count_reached(children, required)
    if reached and (late or reached[0] <= deadline.end):
        when, src = reached
        n = sum(1 for d, _ in children if d <= when)
        status = "met" if when <= deadline.end else "met_late"
        return Finding(c, status, [_ev(o, "part") for d, o in children if d <= when], n, required,
                       f"{'Đạt' if status == 'met' else 'Đạt muộn'}: đếm các đơn vị được công nhận, "
                       f"đủ {fmt_number(required)} ngày {_d(when)} ({_doc(src.source)}).")
    if after:
        o = after[0]
        value = _value_for(o, c)
        if _ok(value, c, required):
            # reached by a later day, but nothing says whether it was reached by the deadline: neither
            # met nor late can be shown (a count "as of" the deadline, or a recognition date, would)
            return Finding(c, "no_evidence", [_ev(o)], None, required, (
                f"Đã quá hạn {c.deadline}; chưa có số liệu tại hạn. Số liệu sau hạn: {fmt_number(value)} tính đến "
                f"{_d(o.as_of)} ({_doc(o.source)}), đã đạt mức {fmt_number(required)} nhưng không rõ từ khi nào."))
        status = "partly_met" if value > 0 else "missed"
        return Finding(c, status, [_ev(o)], value, required,
                       f"{STATUS_LABELS[status]}: {fmt_number(value)}/{fmt_number(required)} tính đến {_d(o.as_of)} "
                       f"({_doc(o.source)}), sau hạn {c.deadline}: chưa đạt cả sau hạn.")
    interim = max(claims, key=lambda o: o.as_of, default=None)
    if interim:
        return Finding(c, "no_evidence", [_ev(interim)], None, required, (
            f"Đã quá hạn {c.deadline}; chỉ có số liệu giữa kỳ {fmt_number(_value_for(interim, c))} tính đến "
            f"{_d(interim.as_of)} ({_doc(interim.source)}), chưa có số liệu tại hạn."))
    other_set = next((o for o in pool if o.kind == "figure" and o.indicator == c.indicator == "tieu_chi"
                      and _usable(o, c, today) and o.place.key == c.place.key and not _same_criteria_set(o, c)), None)
    if other_set:     # say what the reports do give, and why it does not count
        return Finding(c, "no_evidence", [_ev(other_set)], None, required, (
            f"Đã quá hạn {c.deadline}; báo cáo chỉ ghi số tiêu chí của {c.place.name} theo bộ "
            f"{set_of_unit(other_set.unit) or 'không ghi rõ'} ({_doc(other_set.source)}), "
            f"không theo bộ {set_of_unit(c.unit)} của cam kết."))
    return Finding(c, "no_evidence", [], None, required,
                   f"Đã quá hạn {c.deadline}; không có văn bản nào sau ngày {c.made or '?'} báo cáo số liệu này "
                   f"cho {c.place.name}.")


def _without_replaced(same: list[Claim]) -> tuple[list[Claim], str]:
    """Figures for one moment less those a later document says it replaces ("số liệu này thay thế số
    liệu tại Báo cáo số 12/BC-SNN"), and the words that say which replaced which."""
    replaced = {n for o in same for n in o.replaces}
    kept = [o for o in same if fold(o.source.number or "") not in replaced]
    if not kept or len(kept) == len(same):
        return same, ""
    gone = ", ".join(dict.fromkeys(_doc(o.source) for o in same if o not in kept))
    by = ", ".join(dict.fromkeys(_doc(o.source) for o in kept if o.replaces))
    return kept, f"; {by} ghi rõ thay thế số liệu của {gone}, văn bản sau được tính"


def _count_reached(children, required) -> tuple[dt.date, Claim] | None:
    if required and len(children) >= required:
        return children[int(required) - 1]
    return None


def _trace_criteria(c: Commitment, pool, today, deadline) -> Finding:
    claims = sorted((o for o in pool if o.kind == "criteria" and _usable(o, c, today)
                     and same_goal_place(o.place, c.place)), key=lambda o: o.as_of)
    required = c.value or float(len(c.criteria)) or 0.0
    if deadline.end > today:
        return Finding(c, "pending", [_ev(o) for o in claims[-2:]], None, required, f"Chưa đến hạn {c.deadline}.")
    settling = [o for o in claims if _settles(o, deadline)]
    if not settling:
        return Finding(c, "no_evidence", [_ev(o) for o in claims[-1:]], None, required, (
            f"Đã quá hạn {c.deadline}; không có báo cáo tại hạn về các tiêu chí của {c.place.name}."))
    named = set(c.criteria)
    if named:
        added = set().union(*(set(o.added) for o in settling)) & named
        missing_claims = [o for o in settling if o.missing]
        if missing_claims:
            missing = set(missing_claims[0].missing) & named
            reached = (named - missing) | added if not added & missing else named - missing
            used = missing_claims[:1] + [o for o in settling if o.added][:1]
        else:
            reached, used = added, [o for o in settling if o.added][:1]
        if not used:
            return Finding(c, "no_evidence", [_ev(o) for o in settling[-1:]], None, required,
                           f"Đã quá hạn {c.deadline}; báo cáo không nói rõ các tiêu chí số {sorted(named)}.")
        value = float(len(reached))
    else:
        counts = [o for o in settling if o.added_count is not None]
        if not counts:
            return Finding(c, "no_evidence", [], None, required, f"Đã quá hạn {c.deadline}; không có số tiêu chí tăng thêm.")
        used = counts[-1:]
        value = counts[-1].added_count
    o = used[0]
    status = "met" if value >= required else ("partly_met" if value > 0 else "missed")
    return Finding(c, status, [_ev(x) for x in used], value, required,
                   f"{STATUS_LABELS[status]}: {fmt_number(value)}/{fmt_number(required)} tiêu chí tính đến "
                   f"{_d(o.as_of)} ({_doc(o.source)}).")


def _revised(f: Finding, pool: list[Claim], today: dt.date) -> Finding:
    """A later word that the goal's figure was changed: said in the reason, the status kept on the plan's figure."""
    c = f.commitment
    said = [o for o in pool if o.kind == "revised" and o.indicator == c.indicator and _usable(o, c, today)
            and o.place.key == c.place.key and o.period_year == int(c.deadline[:4]) and not c.binary
            and o.value != c.value and o.unit == c.unit]
    if not said:
        return f
    o = max(said, key=lambda o: o.as_of)
    return replace(f, evidence=f.evidence + [_ev(o, "revision")], reason=(
        f"{f.reason} {_doc(o.source)} ghi chỉ tiêu đã điều chỉnh thành {fmt_number(o.value)}; trạng thái vẫn tính "
        f"theo chỉ tiêu {fmt_number(c.value)} của kế hoạch."))


def trace(commitments: list[Commitment], claims: list[Claim], today: dt.date | str | None = None) -> list[Finding]:
    """The status of every commitment, with its evidence and reason, as of `today` (documents dated
    after it do not exist yet)."""
    if today is None:
        today = dt.date.today()
    elif isinstance(today, str):
        today = dt.date.fromisoformat(today)
    by_indicator: dict[str | None, list[Claim]] = defaultdict(list)
    for o in claims:
        by_indicator[o.indicator].append(o)
    findings = []
    for c in commitments:
        made = dt.date.fromisoformat(c.made) if c.made else None
        if made and made > today:
            continue                                    # the plan itself is not written yet
        pool = [o for ind, group in by_indicator.items() for o in group
                if ind == c.indicator or implies(ind, c.indicator) or implies(c.indicator, ind)]
        try:
            findings.append(_revised(trace_one(c, pool, today), pool, today))
        except Exception as e:  # a corpus must never stop the check: say so on this commitment
            findings.append(Finding(c, "no_evidence", reason=f"Lỗi khi đối chiếu ({type(e).__name__}); cần xem lại."))
    return findings
