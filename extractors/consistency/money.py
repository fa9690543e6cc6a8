"""Consistency of money: budget components against their total, "X đồng/Y đồng, đạt P" ratios,
amounts per unit against a rate, shares of a plan's capital. Part of extractors.consistency."""
from __future__ import annotations

import regex

from extractors.common import load_rules
from extractors.consistency.arith import agree, check_fact, fmt, rounding_note, tolerance
from extractors.figures import (
    FOOTNOTE,
    Located,
    amount_patterns,
    amount_vnd,
    matching_paren,
)
from pipeline.model import ConsistencyCheck, Document, Extraction


def money_checks(doc: Document, extraction: Extraction) -> list[ConsistencyCheck]:
    """Budget components against their total; "X đồng/Y đồng, đạt P (%|kế hoạch)" ratios."""
    text, out = doc.text, []
    budgets = extraction.budgets
    for i, total in enumerate(budgets):
        parts = [b for b in budgets if b.total_of == i]
        if len(parts) >= 2:
            opening = regex.compile(r"[\s*]*(?:" + FOOTNOTE + r")?\s*\(").match(text, total.span[1])
            if opening:
                close = matching_paren(text, opening.end() - 1, len(text))
                if close is None:
                    continue
                certain = True
            else:   # "81,3 tỉ đồng, gồm: vốn đầu tư phát triển 61,5 tỉ đồng; vốn sự nghiệp 19,8 tỉ đồng."
                close = parts[-1].span[1] - 1
                certain = _every_item_priced(text, total.span[1], parts)
            got = sum(b.amount_vnd for b in parts)
            scale = _unit_of_last_digit([total] + parts)
            ok = abs(got - total.amount_vnd) <= scale
            if not ok and not certain:
                continue
            start = total.span[1] - len(regex.match(r".*?(\d[\d.,]*\s*\D*)$", total.text).group(1))
            shown = 10 ** 6 if all(b.amount_vnd % 10 ** 6 == 0 for b in [total] + parts) else 1
            out.append(check_fact(doc, start, close + 1, "sum", f"{total.amount_vnd:,}".replace(",", "."),
                              " + ".join(f"{b.amount_vnd / shown:,.3f}".rstrip("0").rstrip(".").replace(",", "_")
                                         .replace(".", ",").replace("_", ".") for b in parts)
                              + f" = {got / shown:,.3f}".rstrip("0").rstrip(".").replace(",", "_").replace(".", ",")
                              .replace("_", ".") + (" triệu" if shown > 1 else ""), ok))
    amount_rx, scales, *_ = amount_patterns()
    pair = regex.compile(r"(?P<a>" + amount_rx.pattern + r")\s*/\s*(?P<b>" + amount_rx.pattern.replace("?P<", "?P<b_")
                         + r")\s*,?\s*(?:đạt|bằng|là)\s+(?P<p>\d+(?:,\d+)?)\s*(?:%|(?=\s*kế\s+hoạch))", regex.I)
    for m in pair.finditer(text):
        a = amount_vnd(m.group("num"), m.group("scale"), scales)
        b = amount_vnd(m.group("b_num"), m.group("b_scale"), scales)
        if not b:
            continue
        p = m.group("p")
        stated, dec = float(p.replace(",", ".")), len(p.partition(",")[2])
        computed = 100 * a / b
        ok = agree(stated, computed, tolerance(dec))
        end = m.end("p") + len(regex.match(r"\s*(?:%\s*)?(?:kế\s+hoạch)?", text[m.end("p"):]).group(0))
        out.append(check_fact(doc, m.start(), end, "ratio", p + "%", f"{m.group('num')}/{m.group('b_num')} = {fmt(computed)}%",
                          ok, rounding_note(stated, computed, dec)))
    return out


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, (len(text) if e < 0 else e)


def per_unit_checks(doc: Document, extraction: Extraction, located: list[Located]) -> list[ConsistencyCheck]:
    """Per-unit amounts against a stated total. Both are inferred pairings, so only agreements are reported:
    - "phân bổ cho 03 huyện A, B và C, mỗi huyện 20,5 tỉ đồng" against "61,5 tỉ đồng" in the paragraph;
    - award rates ("Xã đạt chuẩn …: thưởng 1,5 tỷ đồng/xã") times the counts of a sentence ("12 xã đạt chuẩn …,
      08 xã … và 65 khu dân cư …") against the total that closes it ("tổng kinh phí … khoảng 47 tỷ đồng")."""
    text, out = doc.text, []
    budgets = extraction.budgets
    canon = _units_canon()
    for b in budgets:
        m = regex.search(r"(?<!\p{L})mỗi\s+(\p{L}+(?:\s+\p{L}+)?)\s*(?:được\s+)?(?:hỗ\s+trợ\s+|khoảng\s+|là\s+)?[\d.,]+\s*(?:\p{L}+\.?\s*){0,2}$",
                         text[max(0, b.span[1] - 60):b.span[1]], regex.I)
        if not b.per_unit or not m:
            continue
        noun = next((canon[w] for w in (m.group(1).lower(), m.group(1).split()[0].lower()) if w in canon), None)
        counts = [o for o in located if o.sent[0] <= b.span[1] <= o.sent[1] and o.fig.end <= b.span[1] - len(m.group(0))
                  and o.fig.unit == noun and not o.fig.denominator and not o.fig.value_max]
        if not noun or not counts:
            continue
        n = counts[-1].fig.value
        product = n * b.amount_vnd
        ps, _ = _paragraph(text, b.span[0])
        tol = _unit_of_last_digit([b])
        total = next((o for o in budgets if o is not b and ps <= o.span[0] < b.span[0] and not o.per_unit
                      and abs(o.amount_vnd - product) <= tol * n), None)
        if total:
            start = min(b.span[0], counts[-1].quote[0])
            out.append(check_fact(doc, start, b.span[1], "sum", f"{_money(total)} ({total.label or ''})".strip(),
                              f"{counts[-1].fig.raw} × {_money(b)} = {_money(product)}", True))
    # award rates × counts
    rates = [b for b in budgets if b.per_unit and regex.search(r"/\s*\p{L}", text[b.span[1]:b.span[1] + 4])]
    for t in budgets:
        if t.per_unit or not rates or not regex.search(r"(?<!\p{L})tổng", t.text, regex.I):
            continue
        para = _paragraph(text, t.span[0])
        counts = [o for o in located if para[0] <= o.fig.start < t.span[0] and not o.fig.denominator
                  and not o.fig.unit.startswith("%") and not o.fig.value_max]
        if len(counts) < 2:
            continue
        total, terms = 0.0, []
        for o in counts:
            rate = _best_rate(text, o, rates, canon)
            if rate is None:
                break
            total += o.fig.value * rate.amount_vnd
            terms.append(f"{o.fig.raw} × {_money(rate)}")
        else:
            if abs(total - t.amount_vnd) <= _unit_of_last_digit([t]):
                out.append(check_fact(doc, counts[0].sent[0], t.span[1], "sum", _money(t),
                                  " + ".join(terms) + f" = {_money(total)}", True,
                                  "rates per unit from elsewhere in the document"))
    return out


def _best_rate(text: str, o: Located, rates, canon):
    """The per-unit rate whose label names what figure `o` counts ("12 xã đạt chuẩn … nâng cao" ↔
    "Xã đạt chuẩn … nâng cao: thưởng 1,5 tỷ đồng/xã"); None unless one rate is clearly best."""
    from difflib import SequenceMatcher
    subject = (o.fig.unit + " " + text[o.fig.end:o.clause[1]]).lower()
    scored = []
    for r in rates:
        per = regex.match(r"\s*/\s*(\p{L}+(?:\s+\p{L}+){0,2})", text[r.span[1]:r.span[1] + 30])
        per_unit = canon.get(per.group(1).lower()) or canon.get(per.group(1).split()[0].lower()) if per else None
        if per_unit != o.fig.unit:
            continue
        label = regex.sub(r"^\s*\d+\.\s*", "", (r.label or "")).lower()
        scored.append((SequenceMatcher(None, subject, label, autojunk=False).ratio(), r))
    scored.sort(key=lambda x: -x[0])
    if not scored or scored[0][0] < 0.6 or len(scored) > 1 and scored[0][0] - scored[1][0] < 0.05:
        return None
    return scored[0][1]


def _units_canon() -> dict[str, str]:
    return {w.lower(): c for w, c in load_rules("units.json")["units"]}


def _money(x) -> str:
    v = x.amount_vnd if hasattr(x, "amount_vnd") else x
    for scale, word in ((10 ** 9, "tỷ"), (10 ** 6, "triệu")):
        if v >= scale:
            return f"{v / scale:,.3f}".rstrip("0").rstrip(".").replace(",", "_").replace(".", ",").replace("_", ".") + " " + word
    return f"{int(v):,}".replace(",", ".") + " đồng"


def plan_share_checks(doc: Document, extraction: Extraction) -> list[ConsistencyCheck]:
    """"đã giải ngân 23.886 triệu đồng, đạt 52,3% kế hoạch" against the plan total stated just before
    ("Tổng vốn … được giao là 45.672 triệu đồng"): inferred, so only an agreement is reported."""
    text, out = doc.text, []
    budgets = extraction.budgets
    for i, b in enumerate(budgets):
        m = regex.compile(r"\s*,?\s*(?:đạt|bằng)\s+(\d+(?:,\d+)?)\s*%?\s*(?:so\s+với\s+)?(?:kế\s+hoạch|KH)(?!\p{L})", regex.I
                          ).match(text, b.span[1])
        if not m or regex.search(r"/\s*$", text[max(0, b.span[0] - 3):b.span[0]]):
            continue
        if regex.match(r"\s*/", text[b.span[1]:b.span[1] + 3]):
            continue   # "X đồng/Y đồng, đạt P" is checked by money_checks
        para = _paragraph(text, b.span[0])
        prev_para = _paragraph(text, max(0, para[0] - 2)) if para[0] > 0 else para
        plans = [o for o in budgets[:i] if prev_para[0] <= o.span[0] and o.total_of is None and not o.per_unit
                 and o.kind in ("plan", None) and regex.search(r"(?<!\p{L})(?:tổng|kế\s+hoạch|được\s+giao|dự\s+toán)", o.text, regex.I)]
        if not plans:
            continue
        p = m.group(1)
        stated, dec = float(p.replace(",", ".")), len(p.partition(",")[2])
        computed = 100 * b.amount_vnd / plans[-1].amount_vnd
        if agree(stated, computed, tolerance(dec)):
            start = b.span[1] - len(regex.match(r".*?((?:(?:đã\s+)?(?:giải\s+ngân|huy\s+động|thực\s+hiện)\s+(?:được\s+)?)?\d[\d.,]*\s*\D*)$",
                                                   b.text, regex.I).group(1))
            out.append(check_fact(doc, start, m.end(), "ratio", p + "%", f"{_money(b)}/{_money(plans[-1])} = {fmt(computed)}%",
                              True, rounding_note(stated, computed, dec)))
    return out


def _every_item_priced(text: str, after_total: int, parts) -> bool:
    """Does every ";"-separated item of the list after a total carry exactly one of the parts, up to the
    sentence end? Only then is a mismatch certain."""
    end = parts[-1].span[1]
    rest = text[end:end + 3]
    if not regex.match(r"\s*(?:\.|$|\n)", rest):
        return False
    colon = text.find(":", after_total, parts[0].span[0] + 1)
    if colon < 0:
        return False
    items = [x for x in text[colon + 1:end].split(";") if x.strip()]
    return len(items) == len(parts)


def _unit_of_last_digit(budgets) -> int:
    """One unit of the last printed digit of the coarsest amount ("81,3 tỉ" → 100 triệu; "30.433 triệu" → 1 triệu)."""
    unit = 1
    for b in budgets:
        ms = list(regex.finditer(r"(\d[\d.]*)(?:,(\d+))?\s*(nghìn\s+tỷ|nghìn\s+tỉ|tỷ|tỉ|triệu|trđ|tr\.đ|nghìn|ngàn)?", b.text, regex.I))
        if not ms:
            continue
        m = ms[-1]
        scale = {"tỷ": 10 ** 9, "tỉ": 10 ** 9, "triệu": 10 ** 6, "trđ": 10 ** 6, "tr.đ": 10 ** 6, "nghìn": 10 ** 3,
                 "ngàn": 10 ** 3}.get((m.group(3) or "").lower().split()[-1] if m.group(3) else "", 1)
        if m.group(3) and m.group(3).lower().startswith(("nghìn t", "ngàn t")):
            scale = 10 ** 12
        unit = max(unit, scale // 10 ** len(m.group(2) or ""))
    return unit


