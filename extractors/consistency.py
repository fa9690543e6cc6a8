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

import regex

from extractors.common import load_rules, make_fact
from extractors.figures import (
    FOOTNOTE,
    Located,
    amount_patterns,
    amount_vnd,
    clause_end,
    figure_regex,
    locate_figures,
    matching_paren,
)
from pipeline.model import ConsistencyCheck, Document, Extraction

PARTIAL = regex.compile(r"^\s*(?:trong\s+đó|riêng|như|chủ\s+yếu|nhất\s+là|ví\s+dụ|tiêu\s+biểu)", regex.I)
ENUMERATOR = regex.compile(r"(?<![\p{L}\p{N}])\((i{1,3}|iv|v|vi{1,3}|ix|x)\)|(?<=^|[\s:;])([a-h])\)(?=\s)")


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


def _check(doc, s, e, kind, stated, computed, ok, note=None) -> ConsistencyCheck:
    return make_fact(ConsistencyCheck, doc, s, e, kind=kind, stated=stated, computed=computed,
                     consistent=ok, note=note)


def bracket_of(text: str, loc: Located) -> tuple[int, int] | None:
    """The bracket that lists what a figure is made of: right after the unit, or closing its clause."""
    for at in (loc.fig.end, loc.clause[1]):
        m = regex.compile(r"(?:\s*" + FOOTNOTE + r")?\s*\(").match(text, at)
        if m:
            close = matching_paren(text, m.end() - 1, len(text))
            if close:
                inner = text[m.end():close]
                if len(inner.split()) > 1 or regex.search(r"[;,]", inner):
                    return m.end() - 1, close
    return None


def top_level(text: str, s: int, e: int, pos: int) -> bool:
    """Is `pos` at bracket depth 0 within text[s:e]?"""
    depth = 0
    for c in text[s:pos]:
        depth += (c == "(") - (c == ")")
    return depth == 0


# ---------------------------------------------------------------- list items

def count_items(text: str, s: int, e: int, unit: str) -> tuple[int, str] | None:
    """Number of items listed in text[s:e] for a unit, and how they were counted; None if unsure."""
    units = load_rules("units.json")
    inner = text[s:e]
    # "gồm: …", "Gồm các xã: …", "cụ thể là: …" (never the "là" of "làng")
    inner = regex.sub(r"^\s*(?:gồm|bao\s+gồm|cụ\s+thể(?:\s+là)?|là)(?!\p{L})(?:\s+(?:các|có)\s+(?:\p{L}+\s+){0,2}?\p{L}+\s*(?=:))?"
                      r"\s*:?\s*", "", inner, flags=regex.I)
    base = unit.split("/")[0]
    if base == "tiêu chí":
        enum = ENUMERATOR.findall(inner)
        if len(enum) >= 2:
            return len(enum), "enumerated"
        numbers: list[str] = []
        for m in regex.finditer(r"tiêu\s+chí\s+(?:số\s+)?(\d+(?:\s*(?:,|và)\s*\d+(?![.\d]))*)", inner, regex.I):
            numbers += regex.findall(r"\d+", m.group(1))
        numbers += regex.findall(r"chỉ\s+tiêu\s+(\d+\.\d+)", inner, regex.I)
        return (len(dict.fromkeys(numbers)), "criteria " + ", ".join(dict.fromkeys(numbers))) if numbers else None
    if base == "tuyến":
        codes = regex.findall(units["road_code"], inner)
        return (len(codes), "roads " + ", ".join(c.replace(" ", "") for c in codes)) if codes else None
    heads = units["head_words"].get(base)
    if heads:
        depth, n = 0, 0
        for m in regex.finditer(r"[()]|(?:^|(?<=[;,:(]\s*)|(?<=\svà\s))(?i:" + heads + r")(?=\s+[\p{Lu}\p{N}])", inner):
            if m.group(0) == "(":
                depth += 1
            elif m.group(0) == ")":
                depth -= 1
            elif depth == 0:
                n += 1
        if n:
            return n, "by name"
    if base in ("xã", "huyện", "thôn"):
        items = [x.strip() for x in regex.split(r"[;,]|\svà\s", _flatten(inner)) if x.strip()]
        if len(items) >= 2 and all(len(x.split()) <= 4 and x[:1].isupper() for x in items):
            return len(items), "names"
    return None


def _flatten(s: str) -> str:
    """Drop nested brackets (aliases) from a list."""
    prev = None
    while prev != s:
        prev, s = s, regex.sub(r"\([^()]*\)", "", s)
    return s


# ---------------------------------------------------------------- the checks

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
            out.append(_check(doc, start, close + 1, "sum", f"{total.amount_vnd:,}".replace(",", "."),
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
        out.append(_check(doc, m.start(), end, "ratio", p + "%", f"{m.group('num')}/{m.group('b_num')} = {fmt(computed)}%",
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
            out.append(_check(doc, start, b.span[1], "sum", f"{_money(total)} ({total.label or ''})".strip(),
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
                out.append(_check(doc, counts[0].sent[0], t.span[1], "sum", _money(t),
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
            out.append(_check(doc, start, m.end(), "ratio", p + "%", f"{_money(b)}/{_money(plans[-1])} = {fmt(computed)}%",
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


def ratio_checks(doc: Document, located: list[Located]) -> list[ConsistencyCheck]:
    text, out = doc.text, []
    set_sizes = load_rules("units.json")["criteria_set_sizes"]
    for i, loc in enumerate(located):
        fig = loc.fig
        if fig.unit.startswith("%"):
            frac, text_span = None, None
            br = bracket_of(text, loc)
            inside = [o for o in located if br and br[0] < o.fig.start < br[1] and o.fig.denominator]
            if inside:                      # "62,4% (với 53/85 xã đạt chuẩn)"
                frac, text_span = inside[0], (loc.quote[0], br[1] + 1)
            elif i > 0 and located[i - 1].sent == loc.sent and located[i - 1].fig.denominator and (
                    clause_end(text, located[i - 1].fig.end, fig.start, lists=False) >= fig.start or
                    regex.fullmatch(r"[^,;:()]*(?:,|\()\s*(?:chiếm|đạt|bằng)(?:\s+tỷ\s+lệ)?\s*|[^,;:()]*\(\s*",
                                    regex.sub(FOOTNOTE, "", text[located[i - 1].fig.end:fig.start]))):
                frac = located[i - 1]       # "107/114 tiêu chí đạt 93,86%"
                text_span = (frac.fig.start, loc.clause[1] if loc.clause[1] - fig.end < 15 else fig.end)
            if frac and frac.fig.denominator:
                computed = 100 * frac.fig.value / frac.fig.denominator
                ok = agree(fig.value, computed, tolerance(fig.decimals), fig.comparator)
                out.append(_check(doc, *text_span, "ratio", fig.raw + "%",
                                  f"{frac.fig.raw}/{fmt(frac.fig.denominator)} = {fmt(computed)}%", ok,
                                  rounding_note(fig.value, computed, fig.decimals)))
            else:
                # A percentage target and its count in a nearby sentence ("từ 50% trở lên" … "249/498
                # thôn"): the pairing is inferred, so only an agreement is reported.
                for o in located[i + 1:i + 4]:
                    if o.para_start != loc.para_start or not o.fig.denominator:
                        continue
                    computed = 100 * o.fig.value / o.fig.denominator
                    if o.fig.unit.split("/")[0] in text[fig.end:loc.clause[1]] and \
                            agree(fig.value, computed, tolerance(fig.decimals), fig.comparator):
                        out.append(_check(doc, *o.quote, "ratio", f"{fig.raw}%; {o.fig.raw}/{fmt(o.fig.denominator)}",
                                          f"{o.fig.raw}/{fmt(o.fig.denominator)} = {fmt(computed)}%", True))
                    break
        elif fig.per and fig.decimals and regex.search(r"(?:bình\s+quân|trung\s+bình)\s+(?:đạt\s+|là\s+)?$",
                                                       text[max(0, fig.start - 20):fig.start], regex.I):
            # "107/114 tiêu chí …, bình quân đạt 17,83 tiêu chí/xã": units = 114 / 19 criteria per xã
            base = fig.unit.split("/")[0]
            prev = [o for o in located[:i] if o.para_start == loc.para_start and o.fig.denominator and o.fig.unit == base
                    and not regex.search(r"\.\s", text[o.fig.end:fig.start])]   # same sentence, or ";"-joined clauses
            size = set_sizes.get(fig.per)
            if prev and size and prev[-1].fig.denominator % size == 0:
                n = prev[-1].fig.denominator // size
                computed = prev[-1].fig.value / n
                if agree(fig.value, computed, tolerance(fig.decimals)):
                    out.append(_check(doc, *loc.quote, "ratio", f"{fig.raw} {fig.unit}",
                                      f"{prev[-1].fig.raw} / {fmt(n)} {fig.per} = {fmt(computed)} "
                                      f"({fmt(n)} = {fmt(prev[-1].fig.denominator)}/{size})", True,
                                      "unit count derived from the criteria total"))
    return out


def sum_checks(doc: Document, located: list[Located]) -> list[ConsistencyCheck]:
    text, out = doc.text, []
    for loc in located:
        br = bracket_of(text, loc)
        if not br or loc.fig.denominator or loc.fig.unit.startswith("%"):
            continue
        parts = [o for o in located if br[0] < o.fig.start < br[1] and o.fig.unit == loc.fig.unit
                 and top_level(text, br[0] + 1, br[1], o.fig.start)]
        if len(parts) < 2:
            continue
        got = sum(o.fig.value for o in parts)
        decimals = [o.fig.decimals for o in parts]
        # Parts printed coarser than the total limit the precision of their sum; integers must add up.
        tol = 1e-9 if not any(decimals) and not loc.fig.decimals else tolerance(min(loc.fig.decimals, max(decimals)))
        ok = agree(loc.fig.value, got, tol)
        if not ok and PARTIAL.match(text[br[0] + 1:br[1]]):
            continue   # "(trong đó …)" lists a part of the total, not all of it
        note = None
        if ok and abs(got - loc.fig.value) > 1e-9:
            note = "các phần đã làm tròn: khớp trong độ chính xác của các phần"
        start = _status_start(text, loc)
        out.append(_check(doc, start, br[1] + 1, "sum", f"{loc.fig.raw} {loc.fig.unit}",
                          " + ".join(o.fig.raw for o in parts) + f" = {fmt(got)}", ok, note))
    return out


def _status_start(text: str, loc: Located) -> int:
    m = regex.search(r"(?<!\p{L})còn\s*$", text[max(0, loc.fig.start - 6):loc.fig.start], regex.I)
    return loc.fig.start - (len(m.group(0)) if m else 0)


COUNTABLE = {"thôn", "xã", "huyện", "tiêu chí", "tuyến", "thị trấn", "phường"}


def count_checks(doc: Document, located: list[Located]) -> list[ConsistencyCheck]:
    text, out = doc.text, []
    for i, loc in enumerate(located):
        fig = loc.fig
        base = fig.unit.split("/")[0]
        n = fig.value
        if base not in COUNTABLE or fig.per or fig.value_max or n < 2 or n != int(n) or n > 60:
            continue
        listing, span = None, None
        line_end = text.find("\n", fig.end)
        line_end = len(text) if line_end < 0 else line_end
        nxt = next((o.fig.start for o in located[i + 1:] if o.fig.unit.split("/")[0] == base), len(text))
        br = bracket_of(text, loc)
        after = located[i + 1] if i + 1 < len(located) else None
        if not br and after and after.sent == loc.sent and after.fig.unit.split("/")[0] != base and \
                figure_regex("total_words").search(text, fig.end, after.fig.start):
            br = bracket_of(text, after)   # "03 tuyến đường, với tổng chiều dài 42,525 Km (tuyến ĐH.21 …)"
            if br and not any(br[0] < o.fig.start < br[1] and o.fig.unit.split("/")[0] == base for o in located):
                listing = count_items(text, br[0] + 1, br[1], base)
                if listing and listing[1] != "names":
                    out.append(_check(doc, *loc.quote, "count", f"{fig.raw} {base}",
                                      f"{listing[0]} listed ({listing[1]})", listing[0] == n))
            continue
        colon = regex.compile(r"\s*:\s*").match(text, fig.end)
        # "còn 06 xã chưa hoàn thiện hồ sơ, gồm: A, B (huyện X), …": the list introduced at the clause's end
        intro = LIST_INTRO.match(text, loc.clause[1]) if not colon else None
        cited = _cited_footnote(doc, fig.end, loc.clause[1] + 6)
        far = False
        if cited is None:
            # "05 đơn vị cấp huyện được công nhận đạt chuẩn, hoàn thành nhiệm vụ …⁽¹⁾": the marker closes the
            # statement a clause on; the pairing is looser, so only an agreement is reported.
            nfig = min((o.fig.start for o in located if o.fig.start > fig.end
                        and not (fig.denominator and o.fig.unit.startswith("%"))), default=len(text))
            cited = _cited_footnote(doc, fig.end, min(nfig, loc.sent[1] + 6))
            far = cited is not None
        if br and not any(br[0] < o.fig.start < br[1] and o.fig.unit.split("/")[0] == base for o in located):
            listing = count_items(text, br[0] + 1, br[1], base)
            span = (loc.quote[0], br[1] + 1)
        elif colon:                                   # "còn 03 tiêu chí: Tiêu chí số 9, 10, 11;"
            end = min(list_end(text, colon.end(), line_end), nxt)
            listing = count_items(text, colon.end(), end, base)
            span = (loc.quote[0], end)
        elif intro and not ENUMERATOR.match(text, intro.end()):
            # The list may go on past a ";" ("gồm: xã A (huyện X); xã B …"), so only an agreement is reported.
            end = min(list_end(text, intro.end(), line_end, semicolon=False), nxt)
            got = count_items(text, intro.end(), end, base)
            if got and got[0] == n and not any(intro.end() <= o.fig.start < end and o.fig.unit.split("/")[0] == base
                                               for o in located):
                out.append(_check(doc, loc.quote[0], end, "count", f"{fig.raw} {base}", f"{got[0]} listed ({got[1]})", True))
            continue
        elif cited is not None:                       # "05 thôn (làng) …⁽²⁾" with footnote 2 listing them
            body = text[cited.span[0]:cited.span[1]]
            if not any(cited.span[0] <= o.fig.start < cited.span[1] and o.fig.unit.split("/")[0] == base for o in located):
                body_start = cited.span[0] + len(regex.match(r"\s*" + FOOTNOTE + r"\s*", body).group(0))
                listing = count_items(text, body_start, cited.span[1], base)
                span = loc.quote
                if far and listing and listing[0] != n:
                    continue
        elif (late := later_bracket(text, loc, located, base)) is not None:
            # "04 đơn vị cấp huyện đạt chuẩn, hoàn thành nhiệm vụ … (huyện A, thị xã B, …)": the list closes
            # the statement a few words on; only a count by unit word is trusted, and only as an agreement.
            got = count_items(text, late[0] + 1, late[1], base)
            if got and got[1] == "by name" and got[0] == n:
                out.append(_check(doc, loc.quote[0], late[1] + 1, "count", f"{fig.raw} {base}",
                                  f"{got[0]} listed ({got[1]})", True))
            continue
        else:                                         # "… cụ thể: (i) …; (ii) …" later in the line
            enum = list(ENUMERATOR.finditer(text, loc.clause[1], min(line_end, nxt)))
            if len(enum) >= 2 and base == "tiêu chí":
                listing = (len(enum), "enumerated")
                span = (enum[0].start(), min(line_end, nxt))
        if not listing or listing[0] < 2 and n >= 2 and listing[1] == "names":
            continue
        ok = listing[0] == n
        if not ok and listing[1] == "names":
            continue   # splitting names is the weakest count: report agreement only
        out.append(_check(doc, *span, "count", f"{fig.raw} {base}", f"{listing[0]} listed ({listing[1]})", ok))
    return out


LIST_INTRO = regex.compile(r"\s*,?\s*(?:gồm|bao\s+gồm|cụ\s+thể(?:\s+là)?|trong\s+đó\s+gồm)(?:\s+(?:các|có)\s+\p{L}+(?:\s+\p{L}+)?)?\s*:\s*", regex.I)


def list_end(text: str, start: int, limit: int, semicolon: bool = True) -> int:
    """End of a list that starts at `start`: a ";" or "." ending the sentence at bracket depth 0, an unmatched
    ")", or `limit`. Brackets inside the list ("Hoà Tiến (huyện Krông Pắc), …") are stepped over."""
    depth = 0
    for i in range(start, limit):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and (c == ";" and semicolon or c == "." and (i + 1 >= limit or text[i + 1] in " \n")):
            return i
    return limit


def later_bracket(text: str, loc: Located, located: list[Located], base: str) -> tuple[int, int] | None:
    """A bracket a few clauses after a count, still in its sentence and before any other figure."""
    nxt = min((o.fig.start for o in located if o.fig.start > loc.fig.end), default=len(text))
    limit = min(loc.sent[1], nxt, loc.fig.end + 200)
    for i in range(loc.clause[1], limit):
        c = text[i]
        if c == ";" or c == "." and i + 1 < len(text) and text[i + 1] in " \n":
            return None
        if c == "(":
            if ENUMERATOR.match(text, i):
                return None
            close = matching_paren(text, i, limit)
            return (i, close) if close else None
    return None


def _cited_footnote(doc: Document, s: int, e: int):
    for fn in doc.footnotes:
        if any(s <= c0 < e for c0, _ in fn.citations):
            return fn
    return None


def unmet_checks(doc: Document, located: list[Located], done: list[ConsistencyCheck]) -> list[ConsistencyCheck]:
    """total − met = unmet: "đạt 03/09 tiêu chí … Còn 06 tiêu chí chưa đạt", also via a cited footnote."""
    text, out = doc.text, []
    for i, loc in enumerate(located):
        fig = loc.fig
        if not fig.denominator or fig.unit.startswith("%"):
            continue
        fn = _cited_footnote(doc, fig.end, fig.end + 6)
        for o in located[i + 1:]:
            in_note = fn is not None and fn.span[0] <= o.fig.start < fn.span[1]
            near = fn is None and o.para_start == loc.para_start
            if not (in_note or near):
                if fn is None and o.fig.start > loc.sent[1] + 600:
                    break
                continue
            if o.fig.unit != fig.unit or not regex.search(r"(?<!\p{L})còn\s*$", text[max(0, o.fig.start - 6):o.fig.start], regex.I):
                continue
            if not regex.search(r"^\s*(?:\p{L}+\s+){0,3}?chưa\s+(?:đạt|hoàn\s+thành)", text[o.fig.end:o.fig.end + 40], regex.I):
                continue
            computed = fig.denominator - fig.value
            ok = abs(computed - o.fig.value) < 1e-9
            if in_note:
                # The footnote's own sentence carries the claim; merge with a parts sum over the same text.
                s = _status_start(text, o)
                e = clause_end(text, o.fig.end, o.sent[1], lists=False)
                br = bracket_of(text, o)
                e = br[1] + 1 if br else (text.find(":", o.fig.end) if 0 < text.find(":", o.fig.end) < o.sent[1] else o.sent[1])
                same = [c for c in done if c.span[0] == s and c.kind == "sum"]
                computed_text = f"{fmt(fig.denominator)} - {fig.raw} = {fmt(computed)}"
                if same:
                    same[0].computed = computed_text + "; " + same[0].computed
                    same[0].consistent = same[0].consistent and ok
                    break
                out.append(_check(doc, s, e, "sum", f"{o.fig.raw} {o.fig.unit} chưa đạt", computed_text, ok))
            elif ok:
                out.append(_check(doc, *loc.quote, "sum", f"{fig.raw}/{fmt(fig.denominator)} đạt, còn {o.fig.raw} chưa đạt",
                                  f"{fig.raw} + {o.fig.raw} = {fmt(fig.value + o.fig.value)}", True))
            break
    return out


def criteria_total_checks(doc: Document, located: list[Located]) -> list[ConsistencyCheck]:
    """"04 xã đạt chuẩn … 107/114 tiêu chí⁽⁹⁾" with footnote 9 "xã A còn 03 tiêu chí; xã B còn 04 …":
    114 = 6 xã × 19 and 107 = 4 × 19 + (19 − 3) + (19 − 4). Derived, so only an agreement is reported."""
    text, out = doc.text, []
    set_sizes = load_rules("units.json")["criteria_set_sizes"]
    for i, loc in enumerate(located):
        fig = loc.fig
        fn = _cited_footnote(doc, fig.end, fig.end + 6)
        if fig.unit != "tiêu chí" or not fig.denominator or fn is None:
            continue
        for per, size in set_sizes.items():
            if fig.denominator % size:
                continue
            n = fig.denominator // size
            short = [o for o in located if fn.span[0] <= o.fig.start < fn.span[1] and o.fig.unit == "tiêu chí"
                     and regex.search(r"(?<!\p{L})" + per + r"\s+[^;:()]{2,40}?còn\s*$", text[max(fn.span[0], o.fig.start - 50):o.fig.start], regex.I)]
            full = [o for o in located[:i] if o.para_start == loc.para_start and o.fig.unit == per and not o.fig.denominator]
            if not short or not full:
                continue
            met = full[-1].fig.value
            derived = met * size + sum(size - o.fig.value for o in short)
            if met + len(short) == n and abs(derived - fig.value) < 1e-9:
                out.append(_check(doc, *loc.quote, "sum", f"{fig.raw}/{fmt(fig.denominator)}",
                                  f"{fmt(met)} {per} × {size} + " + " + ".join(f"({size} - {o.fig.raw})" for o in short)
                                  + f" = {fmt(derived)}; {fmt(n)} {per} × {size} = {fmt(fig.denominator)}", True,
                                  "unit counts derived from the criteria set size"))
    return out


def plan_balance_checks(doc: Document, located: list[Located]) -> list[ConsistencyCheck]:
    """plan = done + remaining: "phấn đấu có thêm 09 xã … Đến nay mới có 03 xã được công nhận … còn 06 xã chưa
    hoàn thiện hồ sơ" (one paragraph, one unit). The three figures are paired by their cues, so only an agreement
    is reported."""
    text, out = doc.text, []
    target_rx, achieved_rx = figure_regex("target"), figure_regex("achievement")
    for i, rem in enumerate(located):
        if rem.fig.denominator or rem.fig.unit.startswith("%") or not regex.search(
                r"(?<!\p{L})còn(?:\s+lại)?\s*$", text[max(0, rem.fig.start - 10):rem.fig.start], regex.I):
            continue
        same = [o for o in located[:i] if o.para_start == rem.para_start and o.fig.unit == rem.fig.unit
                and not o.fig.denominator and not o.fig.value_max]
        for k, done in enumerate(same):
            if not achieved_rx.search(text, done.sent[0], done.fig.start):
                continue
            plan = next((p for p in reversed(same[:k]) if target_rx.search(text, p.sent[0], p.fig.start)
                         and abs(p.fig.value - done.fig.value - rem.fig.value) < 1e-9), None)
            if plan:
                out.append(_check(doc, *rem.quote, "sum", f"{plan.fig.raw} {plan.fig.unit} (kế hoạch)",
                                  f"{done.fig.raw} + {rem.fig.raw} = {fmt(done.fig.value + rem.fig.value)}", True))
                break
    return out


RAISED_TO = regex.compile(r"(?:nâng|đưa)\s+(?:tổng\s+)?(?:số\s+)?(?:[^,;:.()\d]{0,40}?\s)?(?:lên|thành)(?:\s+(?:tổng\s+số|là))?\s*$", regex.I)


def running_total_checks(doc: Document, located: list[Located]) -> list[ConsistencyCheck]:
    """"có thêm 12 xã đạt chuẩn …, nâng tổng số xã đạt chuẩn lên 133/193 xã" against the last earlier figure
    of that unit out of the same whole ("121/193 xã"): 121 + 12 = 133. Inferred, so only an agreement is
    reported."""
    text, out = doc.text, []
    for i, new in enumerate(located):
        if not new.fig.denominator or not RAISED_TO.search(text, max(new.sent[0], new.fig.start - 80), new.fig.start):
            continue
        added = next((o for o in reversed(located[:i]) if o.sent == new.sent and o.fig.unit == new.fig.unit
                      and not o.fig.denominator and regex.search(r"(?<!\p{L})thêm\s*$", text[max(0, o.fig.start - 8):o.fig.start])), None)
        if added is None:
            continue
        before = [o for o in located[:i] if o.fig.start < added.fig.start and o.fig.unit == new.fig.unit
                  and o.fig.denominator == new.fig.denominator]
        if before and abs(before[-1].fig.value + added.fig.value - new.fig.value) < 1e-9:
            start = added.fig.start - len(regex.search(r"(?:có\s+)?thêm\s*$", text[max(0, added.fig.start - 12):added.fig.start]).group(0))
            out.append(_check(doc, start, new.fig.end, "sum", f"{new.fig.raw}/{fmt(new.fig.denominator)} {new.fig.unit}",
                              f"{before[-1].fig.raw} + {added.fig.raw} = {fmt(before[-1].fig.value + added.fig.value)}", True))
    return out
