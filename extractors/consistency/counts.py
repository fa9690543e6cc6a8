"""Consistency of figures and counts: X/Y against a percentage or average, parts in brackets
against a total, a stated count against the items listed, total − met = unmet, running totals.
Part of extractors.consistency."""
from __future__ import annotations

import regex

from extractors.common import load_rules
from extractors.consistency.arith import agree, check_fact, fmt, rounding_note, tolerance
from extractors.figures import (
    FOOTNOTE,
    Located,
    clause_end,
    figure_regex,
    matching_paren,
)
from pipeline.model import ConsistencyCheck, Document

PARTIAL = regex.compile(r"^\s*(?:trong\s+đó|riêng|như|chủ\s+yếu|nhất\s+là|ví\s+dụ|tiêu\s+biểu)", regex.I)
ENUMERATOR = regex.compile(r"(?<![\p{L}\p{N}])\((i{1,3}|iv|v|vi{1,3}|ix|x)\)|(?<=^|[\s:;])([a-h])\)(?=\s)")


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
                out.append(check_fact(doc, *text_span, "ratio", fig.raw + "%",
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
                        out.append(check_fact(doc, *o.quote, "ratio", f"{fig.raw}%; {o.fig.raw}/{fmt(o.fig.denominator)}",
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
                    out.append(check_fact(doc, *loc.quote, "ratio", f"{fig.raw} {fig.unit}",
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
        out.append(check_fact(doc, start, br[1] + 1, "sum", f"{loc.fig.raw} {loc.fig.unit}",
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
                    out.append(check_fact(doc, *loc.quote, "count", f"{fig.raw} {base}",
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
                out.append(check_fact(doc, loc.quote[0], end, "count", f"{fig.raw} {base}", f"{got[0]} listed ({got[1]})", True))
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
                out.append(check_fact(doc, loc.quote[0], late[1] + 1, "count", f"{fig.raw} {base}",
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
        out.append(check_fact(doc, *span, "count", f"{fig.raw} {base}", f"{listing[0]} listed ({listing[1]})", ok))
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
                out.append(check_fact(doc, s, e, "sum", f"{o.fig.raw} {o.fig.unit} chưa đạt", computed_text, ok))
            elif ok:
                out.append(check_fact(doc, *loc.quote, "sum", f"{fig.raw}/{fmt(fig.denominator)} đạt, còn {o.fig.raw} chưa đạt",
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
                out.append(check_fact(doc, *loc.quote, "sum", f"{fig.raw}/{fmt(fig.denominator)}",
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
                out.append(check_fact(doc, *rem.quote, "sum", f"{plan.fig.raw} {plan.fig.unit} (kế hoạch)",
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
            out.append(check_fact(doc, start, new.fig.end, "sum", f"{new.fig.raw}/{fmt(new.fig.denominator)} {new.fig.unit}",
                              f"{before[-1].fig.raw} + {added.fig.raw} = {fmt(before[-1].fig.value + added.fig.value)}", True))
    return out

