"""Claims: what a document says was reached, or not, about a place at a moment. Read from the
clauses and table rows of every document (a plan's own results section included, its goals not).

- a figure: "Đến ngày 31/12/2024, toàn tỉnh có 51/85 xã đạt chuẩn nông thôn mới", "bình quân đạt 16,4
  tiêu chí/xã", "giải ngân … đạt 93,5% kế hoạch", a district's row of a table;
- a status: a place recognised ("Quyết định số 1342/QĐ-UBND ngày 20/11/2024 công nhận xã Ngọk Réo đạt
  chuẩn nông thôn mới") or not reached ("xã Sa Bình chưa đạt chuẩn …", "chuyển sang năm 2025");
- criteria: "đạt thêm 01 tiêu chí (Tiêu chí số 5)", "còn 02 tiêu chí chưa đạt (Tiêu chí số 2, số 6)".

A figure about part of a place ("khu vực biên giới có 07/16 xã") or another place ("cả nước") is no
claim about the place. The moment is the date the clause gives, else its section's ("số liệu đến …"),
else the end of the period an annual report covers when it is dated just after it, else its date.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import regex

from pipeline.crosscheck.mentions import Source, make_source
from pipeline.crosscheck.numbers import figures_in
from pipeline.crosscheck.passages import Passage, passages_of
from pipeline.crosscheck.periods import AS_OF, as_of_in, first_day_in, fund_year_in
from pipeline.crosscheck.places import PlaceRef, unit_ref
from pipeline.crosscheck.reading import (
    CRITERIA_LEVEL,
    bracketed,
    criteria_named,
    criteria_set,
    criteria_unit,
    figure_indicator,
    is_plan,
    items_of,
    lead_in,
    lead_indicator,
)
from pipeline.crosscheck.scope import MERGER, doc_date, doc_qualified, doc_unit, places_in
from pipeline.crosscheck.vocabulary import (
    classify_indicator,
    cue_at,
    cue_matches,
    has_cue,
    indicator_kind,
    indicator_level,
    is_annual,
    section_role,
)
from pipeline.model import gazetteer as gaz
from pipeline.model.normalize import fold
from pipeline.store.corpus import Corpus

DECISION = regex.compile(r"(?:Quyết định|QĐ)\s*(?:số\s*)?(\d+/[\w/Đđ-]+)")
POSITIVE = regex.compile(r"cong nhan|dat chuan (?:xa |huyen |thon |lang |\(lang\) )*(?:nong thon moi|ntm)|"
                         r"hoan thanh nhiem vu xay dung")
COUNTED = regex.compile(r"\d+\s*(?:/\s*\d+\s*)?(?:xa|thon|lang|ban|huyen|don vi|can|nha|khu dan cu)\b")
# "…, nâng tổng số lên 333/411 xã": the running total of the measure the clause counts
TOTAL_OF = {"xa": "commune", "thon": "village", "ban": "village", "huyen": "district"}   # "Tổng số xã" column
# "Trong năm 2025, toàn tỉnh có 04 xã được công nhận": the period's new units, unless a level is said
IN_PERIOD = regex.compile(r"\btrong (?:nam|ky)\b")
LEVEL_WORDS = regex.compile(r"den nay|tinh den|luy ke|den ngay|den het|nang tong so")
RUNNING_TOTAL = regex.compile(r"^\W*nang tong so\b")
# what makes a clause a result although its sentence opened with a target ("Mục tiêu … ; kết quả đạt …")
RESULT_WORDS = regex.compile(r"ket qua|\bda\b|duoc cong nhan|dat duoc|thuc hien duoc|hien co|den nay")
SHARE = regex.compile(r"\s*(?:chiem|tuong duong|bang)\s+(?:ty le\s+)?(\d{1,3}(?:,\d+)?)\s*%\s*(?:tong )?so\b")
NOTE_COLUMN = regex.compile(r"ghi chu|danh gia|nguyen nhan|ly do")   # a last column often left blank
SHARE_OF_PLAN = "% kế hoạch"   # a claim's unit: the figure is a share of the plan, not an amount
PERIOD_TITLE = regex.compile(r"(?:nam|giai doan \d{4}\s*-\s*)\s*(\d{4})\b(?!.*\bnam \d{4})")


@dataclass
class Claim:
    kind: str                                 # figure | status | criteria
    indicator: str | None
    place: PlaceRef | None
    as_of: dt.date
    source: Source
    doc_date: dt.date | None = None
    value: float | None = None
    denominator: float | None = None
    unit: str | None = None
    stance: str = "positive"                  # positive | negative
    deferral: bool = False                    # "chuyển sang năm 2025", "đăng ký lại"
    revoked: bool = False                     # "thu hồi Quyết định công nhận", "chưa duy trì được chuẩn"
    replaces: tuple[str, ...] = ()            # folded numbers of the documents whose figure this one replaces
    added: list[int] = field(default_factory=list)      # criteria: added ("đạt thêm … Tiêu chí số 5")
    missing: list[int] = field(default_factory=list)    # criteria still not met
    added_count: float | None = None
    decision: str | None = None
    fund_year: int | None = None
    dated: bool = False                       # the moment is written in the text (not the document's date)
    period_year: int | None = None            # added: the year whose new units are counted ("trong năm 2024")
    planned: float | None = None              # a count beside the plan's figure, neither level nor increment said


def _added_year(folded: str, when: dt.date, dated: bool) -> int | None:
    """The whole year an increment counts: "trong năm 2024", or the year an annual report closes;
    none for part of a year ("6 tháng đầu năm 2025", "quý I")."""
    if regex.search(r"\bthang\b|\bquy\b", folded):
        return None
    years = {int(y) for y in regex.findall(r"(?<!den )(?<!von )\bnam (\d{4})\b", folded)}
    if len(years) == 1:
        return years.pop()
    if not years and not dated and (when.month, when.day) == (12, 31):
        return when.year
    return None


def _inferred_as_of(corpus: Corpus, doc_id: int) -> dt.date | None:
    """An annual report dated early the next year speaks of the year's end ("Báo cáo … năm 2024",
    8/01/2025 → 31/12/2024); otherwise the document's date."""
    date = doc_date(corpus, doc_id)
    title = fold(corpus.documents[doc_id].get("title") or "")
    m = PERIOD_TITLE.search(title)
    if date and m and "6 thang" not in title and "thang dau" not in title:
        end = dt.date(int(m.group(1)), 12, 31)
        if end < date <= end + dt.timedelta(days=75):
            return end
    return date


def _moment(p: Passage, folded: str, fallback: dt.date | None, before: str = "", after: str = ""
            ) -> tuple[dt.date | None, bool]:
    """The clause's own as-of date, else the one its sentence opened with ("Tính đến ngày 30/6/2025, …;
    bình quân đạt 16,7 tiêu chí/xã"), else a completion date later in the sentence ("Đã hoàn thành
    xóa 1.214/1.214 căn …; … bàn giao trước ngày 26/8/2025"), else its section's, else `fallback`."""
    d = as_of_in(folded)
    if d:
        return d, True
    opened = [m for m in AS_OF.finditer(before)]
    if opened and (d := as_of_in(before[opened[-1].start():])):
        return d, True
    if regex.search(r"hoan thanh", folded) and (d := as_of_in(after)):
        return d, True
    if p.heading_as_of:
        return p.heading_as_of, True
    return fallback, False


def _figure_claims(corpus, doc_id, p: Passage, hits, unit, qualified, when, dated, date, before: str = "") -> list[Claim]:
    out = []
    clause = p.folded
    # "…, toàn tỉnh đạt 94,8%; riêng huyện Thạnh Trị (cũ) đạt 96,2%": the part's rate is the same measure
    inherited = None
    if before.strip() and has_cue(clause, "scope", "same_measure"):
        inherited = next((ind for f in reversed(figures_in(before)) if f.unit == "%"
                          and (ind := figure_indicator(before, f, before))), None)
    if has_cue(clause, "stance", "target") and not has_cue(clause, "stance", "achieved") or has_cue(
            clause, "stance", "expected") or regex.search(r"so voi (?:muc tieu|chi tieu)|con thieu", clause):
        return out
    items = items_of(p)
    # "1. Số xã đạt chuẩn nông thôn mới nâng cao:" names what "- Năm 2024: 13 xã." counts (not a target's lead)
    lead = lead_in(corpus.documents[doc_id].get("text") or "", p.start)
    if has_cue(lead, "stance", "target") or has_cue(lead, "stance", "expected"):
        lead = ""
    led_year = regex.match(r"\W*nam (20\d\d)\b", clause)
    # "Số xã đạt chuẩn … nâng cao: năm 2023 có 30 xã, năm 2024 có 41 xã": the words before the colon, the same way
    colon = clause.find(": ")
    inline = clause[:colon] if colon > 0 and not regex.search(r"\d", clause[:colon].lstrip("0123456789.) ")) else ""
    if has_cue(inline, "stance", "target") or has_cue(inline, "stance", "expected"):
        inline = ""
    values: dict[str, float] = {}
    replaces = tuple(m.group(1) for m in cue_matches(clause, "stance", "replaces"))
    inside = bracketed(clause)
    counted: tuple[Claim, int] | None = None       # the last count of units read, and where its item starts
    for a, b in items:
        item = clause[a:b]
        share = SHARE.match(item)
        if share and counted and not regex.search(r"\b(?:thieu(?! so)|dang ky|du kien)\b", item):
            # "có 74 xã đạt chuẩn NTM nâng cao, chiếm 40,9% tổng số xã": the count's share of its place
            last, start = counted
            out.append(replace(last, value=float(share.group(1).replace(",", ".")), denominator=None, unit="%",
                               source=make_source(corpus, doc_id, p.start + start, p.start + b)))
        counted = None
        if regex.search(r"\b(?:thieu(?! so)|dang ky|du kien)\b", item) or regex.match(r"\s*(?:chiem|tuong duong)", item):
            continue
        unbracketed = "".join(" " if inside[i] else ch for i, ch in enumerate(clause[:b]))
        if (aim := cue_at(unbracketed, "stance", "aim")) and not RESULT_WORDS.search(clause, aim.end(), b):
            continue                           # "phấn đấu có thêm 05 bản … và 02 xã đạt chuẩn": both are aims
        figures = figures_in(item)
        out += _share_of_plan(corpus, doc_id, p, a, b, figures, hits, unit, qualified, when, date, before)
        for f in figures:
            if inside[a + f.start] and any(g.unit == f.unit and not inside[a + g.start] for g in figures):
                continue                       # "22 xã … (do chưa tổng hợp 02 xã …)": an aside, not the measure
            if has_cue(item[max(0, f.start - 40):f.start], "stance", "planned_figure"):
                continue                       # "Kế hoạch huy động 1.200 tỷ đồng, …": the plan's figure restated
            ind = figure_indicator(item, f, clause) or (inherited if f.unit == "%" else None)
            led = not ind and bool(ind := lead_indicator(lead, item, f) or (
                lead_indicator(inline, item, f) if a > colon else None))
            running = bool(RUNNING_TOTAL.search(item))
            if ind is None and running and f.unit and f.unit != "%":
                ind = figure_indicator(clause, f, clause) or classify_indicator(clause, f.unit)
            if not ind or ind == "tieu_chi":
                continue
            if regex.search(r"\bthem\s*$", item[max(0, f.start - 12):f.start]) or (
                    "duoc cong nhan" in item[f.start:] and IN_PERIOD.search(before + " " + clause[:a + f.start])
                    and not LEVEL_WORDS.search(before + " " + clause[:a + f.start])):
                # an increment is no level; "trong năm 2024 có thêm 06 xã được công nhận" counts the year's new units
                year = _added_year(before + " " + clause, when, dated)
                place = next((h.ref for h in reversed(hits) if h.start < a + f.start), unit)
                if year and place is not None and not qualified and not has_cue(clause[:a + f.start], "scope", "other") \
                        and regex.search(r"dat chuan|cong nhan", item) and indicator_kind(ind) == "status":
                    out.append(Claim("added", ind, place, min(when, dt.date(year, 12, 31)), make_source(
                        corpus, doc_id, p.start + a, p.start + b), date, f.value, None, f.unit, dated=dated,
                        added_count=f.value, period_year=year))
                continue
            if indicator_kind(ind) == "status" and not running and not regex.search(
                    r"dat chuan|cong nhan|hoan thanh|\bco\b", f"{lead} {item}" if led else item):
                continue
            level = indicator_level(ind) if indicator_kind(ind) == "status" else None
            order = ("village", "commune", "district", "province")
            named = [h for h in hits if h.start < a + f.start
                     and (level is None or order.index(h.ref.level) > order.index(level))]
            if named:
                place = named[-1].ref
            elif has_cue(clause[:a + f.start], "scope", "other") or qualified or (
                    regex.search(r"mot so|cac xa|cac huyen", clause[:a + f.start])):
                continue
            else:
                place = unit
            if place is None or has_cue(clause[:a + f.start], "scope", "other"):
                continue
            value = f.value
            if ind == "xa_ntm" and not regex.search(r"trong do", clause[:a]):
                # "08 xã đạt chuẩn NTM và 02 xã đạt chuẩn NTM nâng cao": disjoint sets, NTM counts both
                for a2, b2 in items:
                    if a2 > a and "trong do" not in clause[a:a2] and clause[a2:a2 + 3] == "va ":
                        extra = [g for g in figures_in(clause[a2:b2]) if g.unit == "xã"]
                        if extra and regex.search(r"nang cao|kieu mau", clause[a2:b2]):
                            value += extra[0].value
            if f.unit == "%" and ind != "ty_le_giai_ngan":
                value_pct = f.value
            else:
                value_pct = None
            src = make_source(corpus, doc_id, p.start + a, p.start + b)
            at, at_dated = when, dated
            year_of = led_year or (regex.match(r"(?:den (?:het )?)?nam (20\d\d)\b", item) if a > colon >= 0 else None)
            if led and year_of and not dated:
                if dt.date(int(year_of.group(1)), 12, 31) > (date or when):
                    continue            # "năm 2025: 14 xã" in a report of February 2025: that year's plan, no result
                at, at_dated = dt.date(int(year_of.group(1)), 12, 31), True    # "- Năm 2023: 11 xã."
            elif is_annual(ind) and not dated and (year := _added_year(before + " " + clause, when, dated)):
                at, at_dated = min(when, dt.date(year, 12, 31)), True     # "Năm 2024, thu nhập … đạt 56 triệu"
            out.append(Claim("figure", ind, place, at, src, date, value_pct if value_pct is not None else value,
                             f.denominator, f.unit, dated=at_dated,
                             fund_year=fund_year_in(clause) or (fund_year_in(before) if inherited else None),
                             replaces=replaces))
            values[ind] = value
            if indicator_kind(ind) == "status" and f.unit not in ("%", None) and f.denominator is None:
                counted = (out[-1], a)
    if regex.search(r"chua co (?:don vi cap huyen|huyen)", clause) and unit:
        src = make_source(corpus, doc_id, p.start, p.end)
        place = next((h.ref for h in hits if h.ref.level == "province"), unit)
        if place.level == "province":
            out.append(Claim("figure", "huyen_ntm", place, when, src, date, 0.0, None, "huyện", dated=dated))
    return out


PLAN_UNITS = ("tỷ đồng", "triệu đồng/người")   # measures whose plan amount a share of it can be read against


def _share_of_plan(corpus, doc_id, p: Passage, a: int, b: int, figures, hits, unit, qualified, when, date,
                   before: str) -> list[Claim]:
    """"Tổng nguồn lực huy động … năm 2024 đạt 87,5% kế hoạch": no amount, a share of the year's plan (unit
    SHARE_OF_PLAN, `period_year` the year); tracing reads it against a goal of that year and measure only."""
    item, clause = p.folded[a:b], p.folded
    out = []
    for f in figures:
        if f.unit != "%" or not has_cue(item[f.end:f.end + 30], "stance", "share_of_plan") or "giai ngan" in clause:
            continue
        ind = next((i for u in PLAN_UNITS if (i := classify_indicator(item[:f.start], u))), None)
        year = _added_year(before + " " + clause, when, False)
        named = [h for h in hits if h.start < a + f.start]
        place = named[-1].ref if named else (None if qualified else unit)
        if ind is None or year is None or place is None or has_cue(clause[:a + f.start], "scope", "other"):
            continue
        out.append(Claim("figure", ind, place, min(when, dt.date(year, 12, 31)), make_source(
            corpus, doc_id, p.start + a, p.start + b), date, f.value, None, SHARE_OF_PLAN, dated=True, period_year=year))
    return out


def _status_claims(corpus, doc_id, p: Passage, hits, when, dated, date, sentence: str, unit=None) -> list[Claim]:
    clause = p.folded
    neg = cue_at(clause, "stance", "negative")
    deferral = has_cue(clause, "stance", "deferral") or has_cue(sentence, "stance", "deferral")
    revoked = cue_at(clause, "stance", "revoked")
    # "… thu hồi Quyết định công nhận xã Tam Tiến đạt chuẩn …": names a recognition, says it is withdrawn
    positive = None if revoked else POSITIVE.search(clause)
    # "Xã Hòa Tú 1 đạt 18/19 tiêu chí": fewer than all criteria, the standard is not reached
    short = cue_at(clause, "stance", "short_of_criteria")
    short = short if short and int(short.group(1)) < int(short.group(2)) and not positive else None
    neg = neg or short or revoked
    if not (neg or deferral or positive or regex.search(r"them \d+ tieu chi", clause)):
        return []
    if not neg and not deferral and (has_cue(clause, "stance", "target") or has_cue(clause, "stance", "expected")
                                     or regex.search(r"\bse\b|de nghi|ho so|tham dinh|dang", clause)):
        return []
    out = []
    if not hits and unit and regex.search(r"tieu chi", clause) and regex.match(r"\W*(?:[\w/,]+ ){0,6}(?:huyen|xa)\b", clause):
        from pipeline.crosscheck.scope import PlaceHit
        hits = [PlaceHit(unit, 0, 0)]        # "huyện đã hoàn thành thêm 02 tiêu chí": the document's own unit
    moment = first_day_in(clause) if positive and not neg or revoked else None
    decision = DECISION.search(p.text)
    for i, h in enumerate(hits):
        level = h.ref.level
        if level == "province" or (i and hits[i - 1].ref.level in ("village", "commune") and level != "village"
                                   and 0 <= h.start - hits[i - 1].end <= 3):
            continue                        # "xã Ngọc Tem, huyện Kon Plông": the enclosing unit, no subject
        scope_text = clause[h.start:]
        ind = (classify_indicator(scope_text, level=level, kinds=("status",))
               or classify_indicator(clause, level=level, kinds=("status",)))
        if level == "commune" and ind is None and short:
            # "xã Ngọk Réo đạt 16/19 tiêu chí" after "… đạt 19/19 tiêu chí NTM nâng cao;": the sentence's set
            ind = classify_indicator(sentence, level=level, kinds=("status",))
        if level == "commune" and ind is None and (regex.search(r"dat chuan|cong nhan|ve dich", clause) or short):
            ind = "xa_ntm"
        if level == "district" and ind is None and short:
            ind = "huyen_ntm"
        if level == "district" and regex.search(r"hoan thanh nhiem vu xay dung nong thon moi|dat chuan nong thon moi",
                                                clause):
            ind = "huyen_ntm"
        if not (neg or deferral or positive) or (has_cue(clause, "stance", "relisted") and ind != "xa_ntm"):
            ind = None
        cue = regex.search(r"dat chuan|cong nhan|chua dat|khong dat|hoan thanh", clause[h.end:])
        if cue and COUNTED.search(clause[h.end:h.end + cue.start()]):
            ind = None                      # "huyện Kon Rẫy có 08 thôn (làng) đạt chuẩn": the villages, not the district
        src = make_source(corpus, doc_id, p.start, p.end)
        at = moment or when
        if ind:
            out.append(Claim("status", ind, h.ref, at, src, date, stance="negative" if (neg or deferral) else "positive",
                             deferral=deferral, decision=decision.group(1) if decision else None,
                             dated=dated or bool(moment), revoked=bool(revoked)))
        if regex.search(r"tieu chi", clause) and level in ("commune", "district"):
            missing = criteria_named(clause) if neg else []
            added = criteria_named(clause[:neg.start()] if neg else clause) if "them" in clause else []
            m = regex.search(r"them (\d+) tieu chi", clause)
            if missing or added or m:
                out.append(Claim("criteria", "tieu_chi", h.ref, at, src, date, missing=missing, added=added,
                                 added_count=float(m.group(1)) if m else None, dated=dated))
    return out


def _criteria_levels(corpus, doc_id, p: Passage, hits, when, dated, date, sentence: str) -> list[Claim]:
    """"xã Hà Mòn đạt 19/19 tiêu chí NTM nâng cao": the level of criteria each commune or district
    has reached (the first after its name, before the next place's), in the set its clause or
    sentence names; a level to reach ("phấn đấu đạt 19 tiêu chí") is none."""
    clause = p.folded
    if has_cue(clause, "stance", "target") or has_cue(clause, "stance", "expected"):
        return []
    out = []
    for i, h in enumerate(hits):
        if h.ref.level not in ("commune", "district"):
            continue
        upto = hits[i + 1].start if i + 1 < len(hits) and hits[i + 1].start > h.end else len(clause)
        if level := CRITERIA_LEVEL.search(clause, h.end, upto):
            out.append(Claim("figure", "tieu_chi", h.ref, when, make_source(corpus, doc_id, p.start, p.end), date,
                             float(level.group(1)), float(level.group(2)) if level.group(2) else None,
                             criteria_unit(clause if criteria_set(clause) else sentence), dated=dated))
    return out


def _row_claims(corpus, doc_id, p: Passage, unit, when, dated, date, province, district) -> list[Claim]:
    """A table row: a place in its first cells, figures under headers that name an indicator, or a
    status in a note ("Đạt chuẩn NTM", "Chưa đạt …"); a caption "… chưa đạt chuẩn:" makes every row
    a place not reached."""
    out = []
    cells = p.cells
    header = [fold(h) for h in p.header]
    caption = fold(p.caption)
    place = None
    merged = bool(date and date >= MERGER)
    for i, (_s, _e, cell) in enumerate(cells[:3]):
        hits = places_in(cell, province, district, merged)
        if hits and hits[0].ref.level == "village" and hits[0].ref.commune is None and i + 1 < len(cells):
            commune = places_in("xã " + cells[i + 1][2], province, None)    # "| Thôn 9 | Đăk Ui | Đăk Hà |"
            from pipeline.crosscheck.scope import village_ref
            place = village_ref(hits[0].ref.name, commune[0].ref if commune else None)
            break
        if hits:
            place = hits[0].ref
            break
        folded = fold(cell)
        if folded in ("tong cong", "toan tinh", "tong so", "cong") and unit:
            place = unit
            break
        named = cell and not regex.fullmatch(r"[\d\s.]*", cell)
        if named and i < len(header) and regex.match(r"(?:ten )?(?:huyen|don vi cap huyen|thi xa)\b", header[i]):
            found = places_in("huyện " + cell, province, None, merged)   # "| Huyện (cũ) | …": a bare district name
            place = found[0].ref if found and found[0].ref.level == "district" else None
            break
        if named and i >= 1:
            lvl = "village" if "thon" in " ".join(header) and regex.match(r"(?i:thôn|làng)", cell) else "commune"
            if lvl == "village":
                commune = next((places_in("xã " + c[2], province, district) for c in cells[i + 1:i + 2]), [])
                from pipeline.crosscheck.scope import village_ref
                place = village_ref(cell, commune[0].ref if commune else None)
            else:
                found = places_in("xã " + cell, province, district, merged)
                place = found[0].ref if found else None
            break
    if place is None:
        named = {h.ref.key: h.ref for h in places_in(p.caption, province, district, merged)}
        if len(named) > 1:
            return out                   # a table of several places' measures: whose is each row is not said
        return _measure_row_claims(corpus, doc_id, p, header, next(iter(named.values()), unit), when, dated, date)
    src = make_source(corpus, doc_id, p.start, p.end)
    totals = {TOTAL_OF[m.group(1)]: float(cell) for (_s, _e, cell), head in zip(cells, header)
              if (m := regex.match(r"tong so (xa|thon|ban|huyen)\b", head)) and regex.fullmatch(r"\d+", cell.strip())}
    # a row shorter than its header lost a blank cell ("Vĩnh Hưng | 9 | | 0" written "Vĩnh Hưng | 9 | 0"):
    # which column each of its several figures is under is not known
    figures = sum(bool(regex.fullmatch(r"\d+(?:[.,]\d+)?", c[2].strip())) for c in cells)
    aligned = len(cells) >= len(header) or figures < 2 or all(NOTE_COLUMN.search(h) for h in header[len(cells):])
    for (_s, _e, cell), head in zip(cells, header) if aligned else ():
        if not regex.fullmatch(r"\d+(?:[.,]\d+)?", cell.strip()) or "stt" in head or "tong so" in head:
            continue
        ind = classify_indicator(head, kinds=("status",))
        if ind and indicator_level(ind) != place.level and place.level != "village":
            # "| Con Cuông | 12 | 09 |" under "Tổng số xã | Số xã đạt chuẩn NTM": 09 of 12 communes
            out.append(Claim("figure", ind, place, when, src, date, float(cell.replace(",", ".")),
                             totals.get(indicator_level(ind)), None, dated=dated))
    notes = fold(" ".join(c[2] for c in cells[2:]))
    level = place.level
    if level in ("commune", "village"):
        neg = "chua dat" in notes or "chua dat chuan" in caption
        pos = regex.search(r"dat chuan|cong nhan", notes) and not neg
        if neg or pos:
            ind = classify_indicator(notes, level=level, kinds=("status",)) or (
                "xa_ntm" if level == "commune" else "thon_ntm")
            decided = first_day_in(notes) if pos else None       # "Công nhận … (QĐ số 1398/QĐ-UBND ngày 22/12/2023)"
            out.append(Claim("status", ind, place, decided or when, src, date, stance="negative" if neg else "positive",
                             dated=dated or bool(decided)))
        elif p.role != "goal" and not is_plan(corpus.documents[doc_id]) and not has_cue(caption, "stance", "roadmap"):
            out += _year_reached(p, header, caption, place, src, when, dated, date)
    return out


def _year_reached(p: Passage, header: list[str], caption: str, place, src, when, dated, date) -> list[Claim]:
    """"| 1 | Tiên Lương | 19 | 2024 |" under "Xã | Số tiêu chí đạt | Đạt chuẩn năm" in a report: reached in
    that year (by the report's moment if earlier); an empty cell says nothing, a planned year is no result."""
    for (_s, _e, cell), head in zip(p.cells, header):
        if not (regex.fullmatch(r"20\d\d", cell.strip()) and has_cue(head, "table_columns", "year_reached")):
            continue
        if has_cue(head, "table_columns", "not_result") or int(cell) > when.year:
            return []
        ind = classify_indicator(f"{caption} {head}", level=place.level, kinds=("status",)) or (
            "xa_ntm" if place.level == "commune" else "thon_ntm")
        at = min(when, dt.date(int(cell), 12, 31))
        return [Claim("status", ind, place, at, src, date, dated=dated or at != when)]
    return []


def _measure_row_claims(corpus, doc_id, p: Passage, header: list[str], unit, when, dated, date) -> list[Claim]:
    """A row of a plan-versus-result table, one measure a row, for the report's own unit: "| 1 | Thu nhập
    bình quân … | triệu đồng/người/năm | 45 | 46,2 | 102,7 |" under "TT | Chỉ tiêu | ĐVT | Kế hoạch 2024 |
    Thực hiện 2024 | Tỷ lệ % so với KH" is 46,2 at the end of 2024. A count of places only as a level
    ("(lũy kế)"); an estimate, a plan or a share column is no result."""
    cols = {name: next((i for i, h in enumerate(header) if has_cue(h, "table_columns", name)
                        and (name != "result" or not has_cue(h, "table_columns", "not_result"))), None)
            for name in ("label", "unit", "result")}
    if cols["label"] is None or cols["result"] is None or unit is None or p.role == "goal" or len(p.cells) != len(header):
        return []
    label = fold(p.cells[cols["label"]][2])
    measured = fold(p.cells[cols["unit"]][2]) if cols["unit"] is not None else ""
    cell = fold(p.cells[cols["result"]][2]).strip()
    if not regex.fullmatch(r"\d{1,3}(?:\.\d{3})*(?:,\d+)?|\d+", cell) or has_cue(label, "scope", "other"):
        return []
    text = f"{label} dat {cell} {measured}"
    figure = next(iter(figures_in(text)), None)
    ind = figure_indicator(text, figure, text) if figure else None
    planned = None
    if ind is not None and indicator_kind(ind) == "status" and not has_cue(label, "table_columns", "cumulative"):
        # "Số xã đạt chuẩn … nâng cao | xã | 6 | 6": a level or the year's new ones, the row does not say; beside
        # the plan's figure it answers only a goal of that figure (tracing.py)
        planned = _planned_cell(p, header)
    if ind is None or ind == "tieu_chi" or (indicator_kind(ind) == "status" and (
            figure.unit == "%" or (planned is None and not has_cue(label, "table_columns", "cumulative")))):
        return []
    head = header[cols["result"]]
    year = None if regex.search(r"\bthang\b|\bquy\b", head) else next(iter(regex.findall(r"\b(20\d\d)\b", head)), None)
    caption = fold(p.caption)
    if year is None and len(years := set(regex.findall(r"\bnam (20\d\d)\b", caption))) == 1 \
            and not regex.search(r"\bthang\b|\bquy\b|giai doan", caption):
        year = years.pop()           # "Kết quả thực hiện các chỉ tiêu năm 2024:" over "Kế hoạch | Thực hiện"
    at, at_dated = (min(when, dt.date(int(year), 12, 31)), True) if year else (when, dated)
    return [Claim("figure", ind, unit, at, make_source(corpus, doc_id, p.start, p.end), date, figure.value,
                  figure.denominator, figure.unit, dated=at_dated, planned=planned)]


def _planned_cell(p: Passage, header: list[str]) -> float | None:
    """The figure under the row's plan column ("Kế hoạch", "Kế hoạch 2024"; not a share "Tỷ lệ % so với KH")."""
    col = next((i for i, h in enumerate(header) if has_cue(h, "table_columns", "planned")), None)
    cell = fold(p.cells[col][2]).strip() if col is not None and col < len(p.cells) else ""
    return float(cell) if regex.fullmatch(r"\d{1,4}", cell) else None


REVISED_TO = regex.compile(r"\b(?:xuong|len|thanh|con)\s+(?:con\s+)?(?=\d)")


def _revision(corpus, doc_id, p: Passage, hits, unit, when, date) -> list[Claim]:
    """"điều chỉnh chỉ tiêu xã … kiểu mẫu năm 2025 từ 30 xã xuống 20 xã": the plan's figure for that year
    changed to 20 (a note on the goal, never a result)."""
    to = REVISED_TO.search(p.folded, cue_at(p.folded, "stance", "revised").end())
    fig = next((f for f in figures_in(p.folded) if to and f.start == to.end() and f.unit), None)
    ind = figure_indicator(p.folded, fig, p.folded) if fig else None
    year = regex.search(r"\bnam (20\d\d)\b", p.folded)
    place = next((h.ref for h in reversed(hits) if h.start < fig.start), unit) if ind else None
    if not (ind and year and place):
        return []
    return [Claim("revised", ind, place, when, make_source(corpus, doc_id, p.start, p.end), date, fig.value, None,
                  fig.unit, period_year=int(year.group(1)))]


def restates_target(p: Passage, before: str) -> bool:
    """A report's "Mục tiêu" / "Phương hướng" section, or a clause going on from a target ("Kế hoạch … đặt
    mục tiêu … có thêm 05 bản … và 02 xã đạt chuẩn"): figures to reach, not reached."""
    if p.role == "goal" and not any(section_role(h) == "result" for h in p.headings):
        return True                     # "I. KẾT QUẢ … / 1. Các chỉ tiêu chủ yếu" still tells results
    return bool(before) and has_cue(before, "stance", "aim") and not RESULT_WORDS.search(p.folded)


def claims_of(corpus: Corpus, doc_id: int) -> list[Claim]:
    doc = corpus.documents[doc_id]
    unit = doc_unit(corpus, doc_id)
    province = unit.province.split(":")[0] if unit and unit.province else None
    district = unit.district if unit else None
    date = doc_date(corpus, doc_id)
    inferred = _inferred_as_of(corpus, doc_id)
    qualified = doc_qualified(corpus, doc_id)
    plan = is_plan(doc)
    text = doc.get("text") or ""
    out: list[Claim] = []
    previous = last = (0, 0)              # this clause's sentence, and the one before it
    for p in passages_of(corpus, doc_id):
        if p.kind == "clause" and p.sentence != previous and p.index == 0:
            previous, last = p.sentence, previous
        if plan and p.role in ("goal", "task"):
            continue
        before = fold(text[p.sentence[0]:p.start]) if p.kind == "clause" else ""
        if p.kind == "clause" and p.index == 0 and last[1] and has_cue(p.folded, "scope", "same_measure"):
            # "Đến hết ngày 31/01/2025, … vốn năm 2024 … đạt 87,5%. Trong đó, huyện Anh Sơn đạt 100%.": the
            # part's figure is of the previous sentence's moment and funds
            before = fold(text[last[0]:last[1]]) + " "
        after = fold(text[p.end:p.sentence[1]]) if p.kind == "clause" else ""
        when, dated = _moment(p, p.folded, inferred, before, after)
        if when is None:
            continue
        if when == p.heading_as_of and date and when > date:
            when, dated = date, False          # "Kết quả năm 2024:" in a report of 15/12/2024: as of that day
        if p.kind == "row":
            out += _row_claims(corpus, doc_id, p, unit, when, dated, date, province, district)
            continue
        if not plan and has_cue(p.folded, "stance", "revised"):
            out += _revision(corpus, doc_id, p, places_in(p.text, province, district), unit, when, date)
            continue
        if plan and (has_cue(p.folded, "stance", "target") and not has_cue(p.folded, "stance", "not_goal")):
            continue
        if plan and not (p.role == "result" or has_cue(regex.sub(r"\([^()]*\)", " ", p.folded), "stance", "not_goal")
                         or (dated and date and when <= date)):
            continue            # a plan tells a fact only as one: "Đến nay …", "Đến ngày 31/12/2024, …"
        hits = places_in(p.text, province, district, bool(date and date >= MERGER))
        sentence = fold(text[p.sentence[0]:p.sentence[1]])
        if not restates_target(p, before):
            out += _figure_claims(corpus, doc_id, p, hits, unit, qualified, when, dated, date, before)
        out += _status_claims(corpus, doc_id, p, hits, when, dated, date, sentence, unit)
        out += _criteria_levels(corpus, doc_id, p, hits, when, dated, date, sentence)
    return _shared_totals(corpus, doc_id, [_same_territory(o) for o in out])


def _shared_totals(corpus: Corpus, doc_id: int, out: list[Claim]) -> list[Claim]:
    """"… có 101/128 xã đạt chuẩn NTM; 46 xã đạt chuẩn NTM nâng cao": the same sentence's total of communes
    of the same place at the same moment is the later count's denominator too (46 of 128, for a share goal)."""
    sentence_of = {(p.start, p.end): p.sentence for p in passages_of(corpus, doc_id)}
    def sentence(o: Claim):
        return next((sen for (a, b), sen in sentence_of.items() if a <= o.source.span[0] < b), None)
    totals = {}
    for o in out:
        if o.kind == "figure" and o.denominator and o.place and indicator_kind(o.indicator) == "status":
            totals.setdefault((sentence(o), o.place.key, o.as_of, indicator_level(o.indicator), o.unit), o.denominator)
    if not totals:
        return out
    return [replace(o, denominator=totals.get((sentence(o), o.place.key, o.as_of, indicator_level(o.indicator), o.unit)))
            if o.kind == "figure" and o.denominator is None and o.place and o.unit not in (None, "%")
            and indicator_kind(o.indicator) == "status" else o for o in out]


def _same_territory(o: Claim) -> Claim:
    """"Đến ngày 30/6/2025, toàn tỉnh …" in a 2026 report of a province no other joined (Nghệ An, Thanh
    Hóa): before the merger the new province is the old one; after it, its communes are new units."""
    if o.place is None or not o.place.key.endswith(":moi") or o.as_of >= MERGER:
        return o
    code = (o.place.province or "").split(":")[0]
    if gaz.merged_provinces(code) != {code}:
        return o
    u = gaz.unit("province", code)
    return replace(o, place=unit_ref(u)) if u else o


def claims(corpus: Corpus) -> list[Claim]:
    out: list[Claim] = []
    for doc_id in corpus.documents:
        out += claims_of(corpus, doc_id)
    return out
