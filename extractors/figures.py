"""Figures: numbers with what they count, the raw material of targets, achievements, money and
the consistency checks. Shared by those extractors, so it lives here, public, in one place.

A figure is a number with a unit noun after it ("05 thôn", "107/114 tiêu chí", "62,4%", "đạt 46,35
kế hoạch", "07-10 tiêu chí", "17,83 tiêu chí/xã"). Numbers that are labels (Thôn 3, Tiêu chí số 9,
năm 2023, 1754/KH-UBND, ĐH.21) and years are not figures. Money amounts ("30.433 triệu đồng") have
their own patterns (`amount_patterns`). Units, labels and cue words live in data/*.json.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

import regex

from extractors.common import load_rules, parse_number
from extractors.spelled import spelled_pattern
from pipeline.model import Document
from pipeline.model.text import alternation, sentences

NUM = r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"
# a number in figures, or in words as speech says it ("hơn hai trăm mét vuông": extractors/spelled.py)
NUMBER_AT = regex.compile(r"(?<![\p{L}\p{N}.,/\-–+])(" + NUM + r"|(?i:" + spelled_pattern() + r"))(?![\p{N}]|[.,]\d)")
RANGE_MAX = regex.compile(r"\s*(?:[-–]|(?<=\s)(?:đến|tới)(?=\s))\s*(" + NUM + r")(?![\p{N}/]|[.,]\d)")
PERCENT = regex.compile(r"\s*%(?:\s*(?:so\s+với\s+)?kế\s+hoạch)?")
PLAN_SHARE = regex.compile(r"\s+kế\s+hoạch(?!\p{L})")
FOOTNOTE = r"(?:⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)"
# Between an "X/Y" count and the percentage that restates it: "…, đạt ", " (chiếm ".
PERCENT_OF_COUNT = regex.compile(r"[^;:()\d]{0,80}?(?:,\s*|\(\s*|\s)(?:chiếm|đạt|bằng)(?:\s+tỷ\s+lệ)?\s*|\s*\(\s*")


def quantity_rules():
    return load_rules("quantity_cues.json")


def unit_rules():
    return load_rules("units.json")


# "17/19", and as speech says it, "17 trên 19" (units.json fraction_words)
DENOMINATOR = regex.compile(r"(?:\s*/|\s+(?:" + "|".join(unit_rules()["fraction_words"]) + r")\s)\s*(" + NUM
                            + r")(?![\p{N}]|[.,]\d|\s*/\s*\d)")


_compiled: dict[str, object] = {}


def figure_regex(name: str):
    """Regexes built once from the rule files."""
    if name not in _compiled:
        r, u = quantity_rules(), unit_rules()
        if name == "unit":
            canon = {w.lower(): c for w, c in u["units"]}
            _compiled["unit_canon"] = canon
            _compiled[name] = regex.compile(r"\s*(" + alternation(canon) + r")(?![\p{L}\p{N}])", regex.I)
        elif name == "generic_unit":
            # any noun after a number when it is no label, time or function word ("137 quyết định", "05 TTHC")
            stop = alternation(u["not_units"])
            _compiled[name] = regex.compile(
                r"\s*(?!(?i:" + stop + r")(?![\p{L}\p{N}]))((?:\p{Ll}[\p{Ll}]*|\p{Lu}{2,6}|\p{Lu}\p{Ll}+(?=\s+\p{Ll}+\s+\p{Ll}))"
                r"(?:\s+\p{Ll}+)?)(?![\p{L}\p{N}])")
            _compiled["unit_compounds"] = {w.lower() for w in u["unit_compounds"]}
        elif name == "rank_before":   # "xếp hạng 11/34", "đứng thứ 19/63": a rank, though "hạng 2" is a label
            _compiled[name] = regex.compile(r"(?<!\p{L})(?:xếp\s+hạng|xếp\s+thứ|đứng\s+thứ|đứng\s+vị\s+trí|xếp\s+vị\s+trí)\s*(?:thứ\s*)?$", regex.I)
        elif name == "rate":
            _compiled[name] = regex.compile(r"\s*/\s*(" + alternation(u["rate_denominators"]) + r")(?!\p{L})", regex.I)
        elif name == "label_word":
            _compiled[name] = regex.compile(r"(?<!\p{L})(?:" + alternation(r["not_before_number"]) + r")\s*[.:]?\s*$", regex.I)
        elif name in ("target", "achievement", "weak_achievement", "weak_target", "news_target"):
            _compiled[name] = regex.compile("|".join(f"(?:{p})" for p in r[name]), regex.I)
        elif name == "count_label":   # a label word that counts when a unit follows the number ("kế hoạch 40 xã")
            _compiled[name] = regex.compile(r"(?<!\p{L})(?:" + "|".join(r["count_labels"]) + r")\s*[.:]?\s*$", regex.I)
        elif name == "label_exception":   # "nâng cấp 2,4 km" is a verb and its object, not "cấp 2"
            _compiled[name] = regex.compile(r"(?<!\p{L})(?:" + "|".join(r["label_exceptions"]) + r")\s*$", regex.I)
        elif name == "group_before":
            _compiled[name] = regex.compile(r"(?<!\p{L})(?:" + "|".join(r["group_before"]) + r")\s*$", regex.I)
        elif name == "problem":
            _compiled[name] = regex.compile(r"(?<!\p{L})(?:" + "|".join(r["problem_words"]) + r")(?!\p{L})", regex.I)
        elif name == "conditional_before":
            _compiled[name] = regex.compile(r"(?<!\p{L})(?:" + "|".join(r["conditional_before"]) + r")(?!\p{L})[^,;:.()]*$", regex.I)
        elif name == "support_rate_before":   # "hỗ trợ 100% xi măng": the share of a cost a policy pays
            _compiled[name] = (regex.compile(r"(?<!\p{L})(?:" + "|".join(r["support_rate_before"]) + r")\s*$", regex.I),
                               regex.compile(r"\s*(?:" + alternation(r["support_rate_objects"]) + r")(?!\p{L})", regex.I))
        elif name == "funding_share_before":   # "ngân sách tỉnh đối ứng tối thiểu 20%": who pays what share
            _compiled[name] = regex.compile(r["funding_share_before"], regex.I)
        elif name == "award_before":   # within the sentence: "tặng Bằng khen cho 12 tập thể và 8 cá nhân"
            _compiled[name] = regex.compile(r"(?<!\p{L})(?:" + "|".join(r["award_before"]) + r")(?!\p{L})[^.;]*$", regex.I)
        elif name == "baseline":   # "giảm từ 18,5% (năm 2020) xuống còn 4,2%": the figure after "từ" and before "xuống"
            _compiled[name] = (regex.compile(r"(?<!\p{L})(?:" + alternation(r["baseline_before"]) + r")\s*$", regex.I),
                               regex.compile(r["baseline_year"] + r"\s*(?:" + alternation(r["baseline_after"]) + r")(?!\p{L})", regex.I))
        elif name == "baseline_opener":   # "Khi đó, bình quân mỗi xã mới đạt 5,2 tiêu chí": the starting point
            _compiled[name] = regex.compile(r"\s*(?:" + "|".join(r["baseline_openers"]) + r")(?!\p{L})", regex.I)
        elif name == "excess_before":   # "vượt 1 xã so với mục tiêu": by how much a result beat its target
            _compiled[name] = regex.compile(r["excess_before"], regex.I)
        elif name == "description_before":   # "rộng 60 m2", "dân số gần 39.000 người": a description, no fact
            _compiled[name] = regex.compile(r"(?:" + "|".join(r[name]) + r")\s*$", regex.I)
        elif name == "description_after":   # "3 xã cũ": the units a merger dissolved
            _compiled[name] = regex.compile(r"(?:" + "|".join(r[name]) + r")", regex.I)
        elif name == "place_size":   # "Làng có 186 hộ thì …": the households a place has
            _compiled[name] = (regex.compile(r[name]["before"], regex.I), regex.compile(r[name]["after"], regex.I))
        elif name == "distance_before":   # "cách trung tâm xã trên 20 km": how far, no fact
            _compiled[name] = regex.compile(r["distance_before"], regex.I)
        elif name == "no_fact_opener":   # "Dự hội nghị có …", "Ví dụ, …": guests, a worked example
            _compiled[name] = regex.compile(r"\s*(?:" + "|".join(r["no_fact_openers"]) + r")(?!\p{L})", regex.I)
        elif name == "norm_cue":   # "tỷ lệ này phải đạt từ 95% trở lên": what a criterion requires
            _compiled[name] = regex.compile(r"(?<!\p{L})(?:" + "|".join(r["norm_cues"]) + r")(?!\p{L})[^.;]*$", regex.I)
        elif name == "proper_name":   # "tiếp đến là Giao Thủy 48 sản phẩm": a cue word inside a place's name
            _compiled[name] = regex.compile(r["proper_name"])
        elif name == "plan_base":   # "bằng 85% kế hoạch năm": the plan a share is of
            _compiled[name] = regex.compile(r["plan_base"], regex.I)
        elif name == "contrast":
            _compiled[name] = regex.compile(r"(?<!\p{L})(?:" + alternation(r["contrast_words"]) + r")(?!\p{L})", regex.I)
        elif name == "breakdown":   # "…, trong đó 11 xã …": the parts of the count before it
            _compiled[name] = regex.compile(r"(?<!\p{L})(?:" + "|".join(r["breakdown_before"]) + r")(?!\p{L})", regex.I)
        elif name == "reference_after":
            _compiled[name] = regex.compile(r"(?:\s+\p{Ll}+){0,3}\s+\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*)*\s*[-–]\s*\p{Lu}")
        elif name == "remaining_after":
            _compiled[name] = regex.compile("|".join(r[name]), regex.I)
        elif name == "status_subjects":
            _compiled[name] = regex.compile("|".join(r[name]), regex.I)
        elif name in ("sentence_only", "structure_markers"):
            _compiled[name] = regex.compile(r"(?<!\p{L})(?:" + "|".join(r[name]) + r")(?!\p{L})", regex.I)
        elif name == "structure_predicates":
            # "03 xã Cam Thành, Cam Chính, Cam Nghĩa đều đã đạt chuẩn": the units named before their predicate
            _compiled[name] = regex.compile(r"(?:[^,;:.()]*?,(?=\s*\p{Lu}))*[^,;:.()]*?(?<!\p{L})(?:" + "|".join(r[name])
                                            + r")(?!\p{L})", regex.I)
        elif name == "status_before":
            _compiled[name] = regex.compile("|".join(r["status_before"]), regex.I)
        elif name == "status_after":
            _compiled[name] = regex.compile("|".join(r["status_after"]), regex.I)
        elif name == "total_words":
            _compiled[name] = regex.compile(r["total_words"], regex.I)
        elif name == "heading_skip":   # the heading is about difficulties ("III. KHÓ KHĂN, VƯỚNG MẮC"), not mentions them
            _compiled[name] = regex.compile(r"^\s*(?:(?:những|một\s+số|về|các|\d+\.)\s+)*(?:" + "|".join(r["headings"]["skip"]) + ")", regex.I)
        elif name.startswith("heading_"):
            _compiled[name] = regex.compile("|".join(r["headings"][name[8:]]), regex.I)
        elif name == "achieved_after":
            _compiled[name] = regex.compile(r"[^;:.()]{0,80}?(?:" + "|".join(r["achieved_after"]) + ")", regex.I)
        elif name == "cue_after":
            _compiled[name] = regex.compile(r"[^,;:.()]{0,50}?(?<![\p{L}])(?:(?P<t>" + "|".join(r["target_after"]) + ")|(?:"
                                            + "|".join(r["achievement_after"]) + r"))(?![\p{L}])", regex.I)
        elif name == "cmp_before":
            _compiled[name] = [(regex.compile(r"(?<!\p{L})" + regex.escape(w).replace(r"\ ", r"\s+") + r"\s*$", regex.I), op)
                               for w, op in sorted(r["comparators_before"], key=lambda x: -len(x[0]))]
        elif name == "cmp_after":
            _compiled[name] = [(regex.compile(regex.escape(w).replace(r"\ ", r"\s+"), regex.I), op) for w, op in r["comparators_after"]]
    return _compiled[name]


def unit_names() -> dict[str, str]:
    """Unit as written (lower case) → its canonical name ("Km" → "km", "thôn (làng)" → "thôn")."""
    figure_regex("unit")
    return _compiled["unit_canon"]


@dataclass
class Figure:
    """A number with its unit as printed: the raw material of quantities and of consistency checks."""
    start: int
    end: int                      # end of the unit (or of the rate "/xã")
    value: float
    unit: str
    raw: str                      # the number as printed ("03", "42,525")
    denominator: float | None = None
    value_max: float | None = None
    per: str | None = None        # "xã" for "tiêu chí/xã" or "mỗi xã"
    comparator: str | None = None
    decimals: int = 0
    generic: bool = False         # its unit is a noun outside units.json: a fact only where a cue says so


def decimals_of(raw: str) -> int:
    return len(raw.split(",", 1)[1]) if "," in raw else 0


CELL_END = regex.compile(r"[ ]*\t")
ORDINAL = regex.compile(r"(?<!\p{L})(" + "|".join(unit_rules()["ordinal_units"]) + r")\s+thứ\s*$", regex.I)
ORDINAL_AFTER = regex.compile(r"\s+(?:của|trong|trên)\s[^.;:\n]{0,40}?(?<!\p{L})(?:đạt\s+chuẩn|hoàn\s+thành|được\s+công\s+nhận)")   # a tab parts the cells of a table row written in text


COORDINATED = regex.compile(r"\s+(?:và|hoặc)\s+" + NUM + r"(?![\p{N}/%]|[.,]\d)")


def find_figures(text: str, start: int, end: int) -> list[Figure]:
    """Every figure (number + unit) in text[start:end]."""
    unit_rx, rate_rx, label_rx = figure_regex("unit"), figure_regex("rate"), figure_regex("label_word")
    canon = unit_names()
    out = []
    for m in NUMBER_AT.finditer(text, start, end):
        raw, pos = m.group(1), m.end()
        if out and m.start() < out[-1].end:
            continue   # the upper bound of a range ("40 - 45 thôn", "từ 05 đến 06 đơn vị")
        before = text[max(0, m.start() - 25):m.start()]
        if (o := ORDINAL.search(before)) and ORDINAL_AFTER.match(text, pos, end):
            # "Sen Thủy là xã thứ 9 của huyện đạt chuẩn …": the 9th unit to reach it, so 9 units have
            out.append(Figure(m.start(), pos, parse_number(raw), o.group(1).lower(), raw))
            continue
        rank = figure_regex("rank_before").search(before) and DENOMINATOR.match(text, pos, end)
        labelled = label_rx.search(before) and not figure_regex("label_exception").search(before)
        if labelled and figure_regex("count_label").search(before) and unit_rx.match(text, pos, end):
            labelled = False   # "kế hoạch 40 xã; thực hiện 33 xã": the plan's count, not Kế hoạch (số) 40
        if not rank and (labelled or regex.search(r"[A-ZĐ](?:\.|\s*)$", before)):   # "ĐH.21", "QL 24", not "OCOP. 100%"
            continue
        value = parse_number(raw)
        den = vmax = None
        generic = False
        if d := DENOMINATOR.match(text, pos, end):
            den, pos = parse_number(d.group(1)), d.end()
        elif (r := RANGE_MAX.match(text, pos, end)) and (r.group(0).lstrip()[:1] in "-–" or regex.search(
                r"(?<!\p{L})từ\s*$", text[max(0, m.start() - 8):m.start()], regex.I)):
            vmax, pos = parse_number(r.group(1)), r.end()   # "07-10 tiêu chí", "từ 05 đến 06 đơn vị"
        if CELL_END.match(text, pos, end):
            continue   # "4<TAB>Xây dựng mô hình …": a tab ends the cell, the number has no unit in it
        if p := PERCENT.match(text, pos, end):
            unit = "% kế hoạch" if "hoạch" in p.group(0) else "%"
            pos = p.end()
        elif (p := PLAN_SHARE.match(text, pos, end)) and regex.search(r"(?:đạt|bằng)\s*$", text[max(0, m.start() - 12):m.start()]):
            unit, pos = "% kế hoạch", p.end()
        elif u := unit_rx.match(text, pos, end):
            unit, pos = canon[regex.sub(r"\s+", " ", u.group(1).lower())], u.end()
        elif rank:
            unit = "thứ hạng"
        elif den is not None and regex.match(r"\s*(?:[.;,)]|$)", text[pos:pos + 3]) \
                and not TIME_BEFORE.search(text, max(start, m.start() - 10), m.start()) \
                and (named := _unit_before(text, max(start, m.start() - 80), m.start())):
            unit = named   # "số xã đạt chuẩn là 24/28": the unit named before the fraction
        elif (c := COORDINATED.match(text, pos, end)) and (u := unit_rx.match(text, c.end(), end)):
            unit = canon[regex.sub(r"\s+", " ", u.group(1).lower())]   # "đạt 13 và 14 tiêu chí": the unit they share
        elif g := figure_regex("generic_unit").match(text, pos, end):
            words = g.group(1).split()
            pair = " ".join(words[:2])
            word = pair if len(words) > 1 and pair.lower() in _compiled["unit_compounds"] else words[0]
            unit, pos, generic = (word if word.isupper() else word.lower()), g.start(1) + len(word), True
        else:
            continue
        if value is None or (regex.fullmatch(r"(?:19|20)\d\d", raw) and den is None and unit != "%"):
            continue   # a year, never a count ("2.000 hộ" prints its thousands dot)
        fig = Figure(m.start(), pos, value, unit, raw, den, vmax, decimals=decimals_of(raw), generic=generic)
        if rt := rate_rx.match(text, pos, end):
            fig.per, fig.unit, fig.end = rt.group(1).lower(), f"{unit}/{rt.group(1).lower()}", rt.end()
        elif pu := regex.search(r"(?<!\p{L})mỗi\s+(\p{L}+)(?:\s*,\s*\p{L}+(?:\s+\p{L}+)?)?(?:\s+\p{L}+){0,3}\s*$", text[max(start, m.start() - 40):m.start()], regex.I):
            fig.per = pu.group(1).lower()
            fig.unit = f"{unit}/{fig.per}"
        for rx, op in figure_regex("cmp_before"):
            if rx.search(text, max(start, m.start() - 15), m.start()):
                if not (op == ">=" and vmax is not None):   # "từ 07-10" is a range, not "at least"
                    fig.comparator = op
                break
        out.append(fig)
    return out



_UNIT_NOUNS = r"(?:huyện|xã|thôn|tỉnh|phường|thị trấn|thị xã)(?!\p{L})"
QUALIFIER_GAP = regex.compile(r"(?:\s*(?:số\s+)?" + _UNIT_NOUNS + r")?\s+(?:(?:có|với)(?P<min>\s+(?:ít\s+nhất|tối\s+thiểu|từ))?|"
                               r"đạt(?P<min>\s+(?:ít\s+nhất|tối\s+thiểu|từ)))\s*")


FULL_SET_GAP = regex.compile(r"[^.;:(),\d]{0,40}?(?<!\p{L})đạt(?:\s+(?:lại|đủ|chuẩn|cả))*\s*", regex.I)
CLAUSE_MARK = regex.compile(r"[.;:()\n]|\s[-–—]\s")
# "Sáng 6/12", "đến 5/11": a day and month, no fraction
TIME_BEFORE = regex.compile(r"(?<!\p{L})(?i:sáng|chiều|tối|trưa|đêm|hôm|ngày|đến|tới|trước|sau|từ|tháng)\s*$")


def _unit_before(text: str, s: int, pos: int) -> str | None:
    """The last unit noun before `pos` in its clause that a bare fraction may count ("… đơn vị cấp huyện
    đạt chuẩn lên 5/11"), if it is one of units.json's fraction_units_before."""
    cuts = [m.end() for m in CLAUSE_MARK.finditer(text, s, pos)]
    s = cuts[-1] if cuts else s
    found = [m for m in figure_regex("unit").finditer(text, s, pos)
             if not regex.match(r"\p{L}", text[m.start(1) - 1:m.start(1)])]
    unit = _compiled["unit_canon"].get(regex.sub(r"\s+", " ", found[-1].group(1).lower())) if found else None
    return unit if unit in unit_rules()["fraction_units_before"] else None


def qualifies(text: str, units: Figure, other: Figure) -> bool:
    """"24 tỉnh, thành phố có 100% số xã đạt chuẩn", "100% xã có ít nhất 1 sản phẩm OCOP", "100% xã đạt từ 15
    tiêu chí trở lên": a share, or a
    threshold, right after a count (or share) of units and "có" says what the units have, it is no figure
    of its own ("02 huyện … có 03 xã đạt chuẩn" is a count of its own)."""
    counted = units.unit.split("/")[0] in GROUP_UNITS or (
        units.unit == "%" and regex.match(r"\s*(?:số\s+)?" + _UNIT_NOUNS, text[units.end:]))
    gap = QUALIFIER_GAP.fullmatch(text[units.end:other.start])
    # "4 xã … đạt lại đủ 19/19 tiêu chí": the whole set of criteria each counted unit reaches
    full_set = other.unit == "tiêu chí" and other.value in unit_rules()["criteria_set_sizes"].values() and \
        other.denominator in (None, other.value) and FULL_SET_GAP.fullmatch(text[units.end:other.start])
    return bool(counted and not units.denominator and ((gap and (other.unit.startswith("%") or gap.group("min"))) or full_set))


def next_free(text: str, figs: list[Figure], i: int, end: int) -> int:
    """Where figure i's clause may run to: the next figure, stepping over those that belong to it (a
    restatement in a bracket right after it, "6.130/7.669 xã (79,9%) đạt chuẩn …"; a share that
    qualifies it, "24 tỉnh, thành phố có 100% số xã …")."""
    bracket = bracket_after(figs[i].end, end, text)
    for nxt in figs[i + 1:]:
        if not ((bracket and bracket[0] < nxt.start < bracket[1]) or qualifies(text, figs[i], nxt)):
            return nxt.start
    return end


GROUP_UNITS = {"huyện", "xã", "thôn", "tỉnh", "phường", "thị trấn", "thị xã"}


def clause_end(text: str, pos: int, limit: int, lists: bool = True) -> int:
    """End of the clause that a figure ending at `pos` belongs to: the next , ; . : or unmatched ")",
    stepping over short or continuing parentheticals ("thôn (làng) vùng …", "04 xã (A; B) đạt …")."""
    i, continued = pos, False
    while i < limit:
        c = text[i]
        if c == "(":
            close = matching_paren(text, i, limit)
            if close is None:
                return i
            inner = text[i + 1:close]
            after = text[close + 1:limit].lstrip()
            after = regex.sub("^" + FOOTNOTE, "", after).lstrip()
            if len(inner.split()) <= 2 and not regex.search(r"\d", inner) or (after[:1].islower() and after[:1].isalpha()):
                i = close + 1
                continue
            return i
        if text.startswith(" và ", i) and not lists:
            return i
        if c == "," and lists and not regex.search(r"\p{L}", regex.sub(FOOTNOTE, "", text[pos:i])) and not continued:
            continued = True   # "2.803 lượt cán bộ, Nhân dân tham gia …": a list of nouns, not a clause end
            i += 1
            continue
        if c in ",;:)" or (c == "." and (i + 1 >= limit or text[i + 1] in " \n")):
            return i
        i += 1
    return limit


def matching_paren(text: str, i: int, limit: int) -> int | None:
    depth = 0
    for j in range(i, limit):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j
    return None


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop leading/trailing punctuation and dangling conjunctions from a quote."""
    while s < e and (text[s] in " ,;:)(-–" or text[s].isspace()):
        s += 1
    if m := regex.match(r"(?:" + FOOTNOTE + r"|\d{1,2}(?:\.\d{1,2})*\.|[IVX]+\.|[a-zđ]\)|-|và|hoặc)\s+", text[s:e]):
        s += m.end()   # a footnote marker, section number or bullet opening the line
    while True:
        m = regex.search(r"(?:\s+(?:và|với|đạt|là|có|chiếm|bằng|,|;|:|\(|–|-))+\s*$|\s+$", text[s:e])
        if not m or m.start() == 0:
            break
        e = s + m.start()
    return s, e



def bracket_after(pos: int, limit: int, text: str) -> tuple[int, int] | None:
    """The bracket opening right after a figure (footnote markers and a few words allowed between)."""
    m = regex.compile(r"(?:\s*" + FOOTNOTE + r")?[^(),;:.]{0,40}?\s*\(").match(text, pos, limit)
    if not m:
        return None
    close = matching_paren(text, m.end() - 1, limit)
    return (m.end() - 1, close) if close else None



@dataclass
class Located:
    """A figure with the sentence, paragraph and quote it stands in."""
    fig: Figure
    sent: tuple[int, int]
    para_start: int
    quote: tuple[int, int]
    clause: tuple[int, int]


_located: dict[int, tuple[str, list[Located]]] = {}


def locate_figures(doc: Document) -> list[Located]:
    """Every figure in the document with its quote: from the end of the previous figure's quote (or
    the sentence start) to the end of its clause. Quantities and consistency both read them: the
    last document's are kept (keyed by the document and its text)."""
    key = id(doc)
    if key in _located and _located[key][0] is doc.text:
        return list(_located[key][1])
    out = _locate(doc)
    _located.clear()
    _located[key] = (doc.text, out)
    return list(out)


def _locate(doc: Document) -> list[Located]:
    text, out = doc.text, []
    para_start = 0
    for s, e in sentences(text):
        if s == 0 or text[s - 1] == "\n":
            para_start = s
        figs = find_figures(text, s, e)
        left, prev = s, None
        for i, fig in enumerate(figs):
            limit = next_free(text, figs, i, e)
            cend = clause_end(text, fig.end, limit)
            qs = left
            if prev is not None:
                brk = clause_end(text, prev.fig.end, fig.start, lists=False)
                if brk >= fig.start or figure_regex("total_words").search(text, prev.fig.end, fig.start):
                    # "107/114 tiêu chí đạt 93,86%", "03 tuyến đường, với tổng chiều dài 42,525 Km":
                    # one clause, two figures
                    qs = prev.clause[0]
                else:
                    while (nb := clause_end(text, brk + 1, fig.start, lists=False)) < fig.start:
                        brk = nb   # the last clause break before the figure starts its quote
                    qs = brk
            if fig.start - qs > 150:
                # a decimal comma ("412,7 tỷ đồng") is no clause break
                cut = max((m.end() for m in regex.finditer(r"[,;:](?!\d)|\(", text[qs:fig.start])), default=0)
                qs += cut
            qs, qe = trim(text, qs, cend)
            if prev is not None and fig.unit.startswith("%") and prev.fig.denominator and PERCENT_OF_COUNT.fullmatch(
                    regex.sub(FOOTNOTE, "", text[prev.fig.end:fig.start])):
                qs = min(qs, prev.fig.start)   # "195/228 tiêu chí, đạt 85,5%": the percentage quotes its count too
            out.append(Located(fig, (s, e), para_start, (qs, qe), (qs, cend)))
            prev = out[-1]
    return out


# ---------------------------------------------------------------- money

@functools.cache
def amount_patterns():
    """(amount regex, scale words → factor, qualifier regex, kind cues, per-unit cues before and after),
    from data/money.json: "30.433 triệu đồng", "2.733 tỷ", "khoảng 15 tỷ", "500.000 đồng/người"."""
    r = load_rules("money.json")

    alt = alternation
    scale = {w.lower(): v for w, v in r["scales"]}
    amount = regex.compile(
        r"(?<![\p{L}\p{N}.,])(?P<num>" + NUM + r"|(?i:" + spelled_pattern() + r"))\s*"
        r"(?:(?P<scale>" + alt(scale) + r")(?!\s*(?:" + alt(r["not_after_scale"]) + r")(?!\p{L}))(?!\p{L})\s*"
        r"(?P<cur>" + alt(r["currency"]) + r")?|(?P<cur2>" + alt(r["currency"]) + r"))(?![\p{L}\p{N}])", regex.I)
    qualifier = regex.compile(r"(?<!\p{L})(" + alt(r["qualifiers"]) + r")\s*$", regex.I)
    kinds = [(regex.compile(p, regex.I), k) for p, k in r["kinds"]]
    return (amount, scale, qualifier, kinds, regex.compile(r["per_unit_before"], regex.I),
            regex.compile(r["per_unit_after"], regex.I))


def amount_vnd(num: str, scale: str | None, scales: dict) -> int:
    whole, _, frac = num.partition(",")
    value = Decimal(int(parse_number(num) or 0)) if regex.search(r"\p{L}", num) else \
        Decimal(whole.replace(".", "") + ("." + frac if frac else ""))   # "mười lăm tỷ đồng"
    return int(value * (scales.get(regex.sub(r"\s+", " ", scale.lower()), 1) if scale else 1))


# The text before a figure as its cues are read (extractors/quantities.py).
def cue_text(text: str, s: int, e: int) -> str:
    """text[s:e] with what cannot cue a figure after it blanked out (same length): brackets closed
    before it ("đạt 97,28% (chỉ tiêu đề ra là 98%), trong đó … chỉ đạt 94%") and comparison bases
    ("tăng 20% so với kế hoạch Trung ương giao")."""
    part = text[s:e]
    part = regex.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), part)
    part = blank_names(text, s, e, part)
    return COMPARISON.sub(lambda m: " " * len(m.group()), part)


def blank_names(text: str, s: int, e: int, part: str) -> str:
    """part (text[s:e], maybe already blanked) with the place and body names in it blanked: a cue word
    inside a name ("Hải Hậu có 62 sản phẩm; Giao Thủy 48 sản phẩm") cues nothing."""
    for m in figure_regex("proper_name").finditer(text, max(0, s - 4), e):
        a, b = max(m.start(), s) - s, min(m.end(), e) - s
        if b > a:
            part = part[:a] + " " * (b - a) + part[b:]
    return part


def in_quoted_name(text: str, para_start: int, fig: Figure) -> bool:
    """The figure stands inside quotation marks opened before it in its paragraph and closed soon after."""
    before = text[para_start:fig.start]
    opened = before.count('"') % 2 == 1 or before.rfind("“") > before.rfind("”")
    # a name is short: opened just before the figure (quoted_name), not a speaker's long words
    return opened and bool(regex.search(quantity_rules()["quoted_name"], before)) and \
        bool(regex.match(r'[^"“”\n]{0,40}["”]', text[fig.end:fig.end + 42]))


COMPARISON = regex.compile(r"(?i:so\s+với)[^,;:.()]*")
