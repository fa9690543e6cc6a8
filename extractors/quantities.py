"""Quantities: targets (forward-looking) and achievements (claimed results).

The figures of the document (extractors/figures.py: a number with a unit noun, never a label, a
date, a time, a chainage or money) are classed by the cue nearest before each in its sentence
(brackets closed before it and "so với …" bases do not cue), a recognition after it ("29 xã … có
Quyết định công nhận"), the headings above it, cues after it in its clause ("70/139 kiến nghị đã được
trả lời"), the paragraph, else the kind of document. A count of a noun outside the unit list ("137
quyết định", "05 TTHC") is a fact only where a cue or a heading says which. Not facts: conditions of
an index ("trường hợp dưới 95% thì …"), frequency norms ("mỗi năm ít nhất 1 buổi"), counts of
problems ("139 doanh nghiệp gặp khó khăn", status), the named items a letter is about ("02 dự án
cao tốc Tân Phú – Bảo Lộc …"). A quote runs from the subject of the figure (not a source lead-in
"Theo báo cáo của …,") to the end of what it counts. Result tables are read cell by cell in
extractors/tables.py; the document's kind, date and headings come from extractors/sections.py.
Cue words and headings live in data/quantity_cues.json.
"""
from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher

import regex

from extractors.common import as_int_if_whole, example_spans, make_fact
from extractors.dates import deadline_value, doc_year, find_dates, present_year
from extractors.figures import (
    FOOTNOTE,
    GROUP_UNITS,
    Figure,
    Located,
    blank_names,
    bracket_after,
    cue_text,
    figure_regex,
    in_quoted_name,
    locate_figures,
    next_free,
    qualifies,
    quantity_rules,
    unit_rules,
)
from extractors.news import drop_headline_repeats, headline_span
from extractors.sections import (
    document_area,
    document_date,
    document_kind,
    heading_chain,
    section_class,
    section_headings_of,
)
from pipeline.model import DateMention, Document, DocumentInfo, Place, Quantity
from pipeline.model.text import sentence_at

# ---------------------------------------------------------------- classification

def _date_key(d: str | None) -> str | None:
    """"31/12/2022" → "2022-12-31"; ISO strings pass through."""
    if not d:
        return None
    m = regex.fullmatch(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", d.strip())
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else d


def _last_cue(rx, text: str, s: int, e: int, doc_yr: int | None, kind: str, doc_date: str | None = None,
              doc_kind: str | None = None, section: str | None = None, latest: int | None = None):
    """End offset of the last cue of `rx` in text[s:e]. Dated cues count only where the date makes sense:
    a target's year is not before the document's; an achievement's as-of date is not after the document
    date ("phấn đấu đến ngày 31/12/2022" in an October 2022 letter is a deadline); an achievement's year
    ("Đến cuối năm 2021", "Năm 2022, …") is before the document's, or, as the lead-in of a sentence, the
    document's own year in a report outside a forward-looking section."""
    best = None
    for m in rx.finditer(text, s, e, overlapped=False):
        groups = m.groupdict()
        year = groups.get("year") if kind == "target" else None
        if year and doc_yr and int(year) < doc_yr:
            continue
        if year and doc_kind is None and latest and int(year) < latest and \
                not regex.search(r"[\p{L}\p{N}]", text[s:m.start()]):
            continue   # an undated news item's "Đến cuối năm 2023, …" before the years it looks to: an as-of date
        if kind == "achievement":
            if groups.get("date") and doc_date and len(doc_date) == 10 and _date_key(groups["date"]) > doc_date:
                continue
            if groups.get("past") and (not doc_yr or int(groups["past"]) >= doc_yr):
                continue
            if groups.get("lead"):
                if regex.search(r"[\p{L}\p{N}]", regex.sub(FOOTNOTE, "", text[s:m.start()])):
                    continue   # only a sentence's lead-in dates the sentence
                y = int(groups["lead"])
                if not doc_yr or y > doc_yr or (y == doc_yr and (doc_kind != "report" or section == "target")):
                    continue
        best = m.end()
    return best


def _by_cues(text: str, s: int, e: int, doc_yr, ctx, carried: bool = False, weak_alone: list | None = None) -> str | None:
    """The class given by the last cue in text[s:e]; a weak target verb ("nâng cấp", "lựa chọn") does not
    override an achievement cue before it ("Năm 2023, Nhân dân … góp công nâng cấp 2,4 km"). `carried`:
    cues of earlier sentences, where an estimate ("ước đạt 62 triệu đồng") no longer counts."""
    text, s, e = cue_text(text, s, e), 0, e - s
    if carried:
        text = figure_regex("sentence_only").sub(lambda m: " " * len(m.group()), text)
    t = _last_cue(figure_regex("target"), text, s, e, doc_yr, "target", doc_kind=ctx.get("doc_kind"),
                  latest=ctx.get("latest"))
    if ctx.get("doc_kind") is None and not carried:
        # a news item: what a leader or a letter requires is still to be done (in the sentence that asks)
        asked = _last_cue(figure_regex("news_target"), text, s, e, doc_yr, "target")
        t = asked if asked is not None and (t is None or asked > t) else t
    w = _last_cue(figure_regex("weak_target"), text, s, e, doc_yr, "target")
    a = _last_cue(figure_regex("achievement"), text, s, e, doc_yr, "achievement", **ctx)
    if t is None and w is None and a is None:
        return None
    if weak_alone is not None and t is None and a is None:
        weak_alone.append(True)   # only a task verb with no tense ("xây dựng mới, cải tạo 47,5 km") decided
    if a is not None and (t or -1) < a:
        return "achievement"
    return "target" if max(t or -1, w or -1) > (a or -1) else "achievement"


def _group_only(text: str, fig: Figure, s: int) -> bool:
    """"Đối với 03 huyện miền núi cao", "cho 03 huyện Bắc Trà My, …", "của 12 xã": a count of
    administrative units after a preposition names the group a statement is about, not a result."""
    if fig.denominator:
        return False
    m = figure_regex("group_before").search(text, max(s, fig.start - 20), fig.start)
    if not m:
        return False
    if fig.unit.split("/")[0] not in GROUP_UNITS and m.group(0).split()[0].lower() not in ("của", "đối", "thuộc", "tại", "liên", "có"):
        return False   # other counts only after "của", "đối với", "thuộc", "tại": "Nhà đầu tư của 02 dự án"
    if m.group(0).split()[0].lower() in ("đối", "riêng"):
        # a topic ("Đối với 03 huyện miền núi cao: …"), not an object ("tổ chức lễ … đối với 05 thôn")
        return not regex.search(r"[\p{L}\p{N}]", regex.sub(r".*[,:;(]", "", text[s:m.start()]))
    return True


# "có hơn 9.200 hộ", "có 32 thôn, hơn 4.100 hộ": what a place has, one count after another
HAS = regex.compile(r"(?<!\p{L})(?:có|gồm|với)(?:\s+[\d.,]+(?:\s+[^\d.;:,]{1,20}?\s*,)+)*(?:\s+(?:hơn|gần|trên|khoảng))?\s*$", regex.I)
HAS_LIST = regex.compile(r"(?<!\p{L})(?:có|gồm)\s+\d[^.;:\d]{0,40},\s*$", regex.I)   # "có 6 thôn, 812 hộ"
TOPIC = regex.compile(r"\s*(?:[-–+•]\s*|\d{1,2}(?:\.\d{1,2})*\.?\s+|[a-zđ]\)\s*)?(?i:đối\s+với|về)\s+[^.;:]*$")
# "để tháo gỡ khó khăn, vướng mắc" solves problems, it does not count them
SOLVING = regex.compile(r"(?i:tháo\s+gỡ|giải\s+quyết|khắc\s+phục|xử\s+lý|hỗ\s+trợ)(?!\p{L})[^.;()]*$")


BREAKDOWN_NEXT = regex.compile(r"\s*,\s*(?i:trong\s+đó|trong\s+số\s+đó)(?!\p{L})")
ONE_OF = regex.compile(r"(?<!\p{L}|\d)(?i:1|một)\s+trong(?:\s+(?:số|tổng\s+số))?\s*$")
RESULT_VERB = regex.compile(r"(?<!\p{L})đạt(?!\s+(?:chuẩn|dưới))(?!\p{L})", regex.I)   # "… còn khó khăn là X mới đạt 61,2%"
SENTENCE_END = regex.compile(r"[.!?…](?=\s)")


def _full_sentence_start(text: str, para_start: int, s: int) -> int:
    """Where the full sentence holding offset s starts: its clauses after ';' share its opener."""
    ends = [m.end() for m in SENTENCE_END.finditer(text, para_start, s)]
    return ends[-1] if ends else para_start


def classify(text: str, sent: tuple[int, int], fig: Figure, para_start: int, doc_yr, section: str | None,
             doc_kind: str | None, previous: str | None = None, doc_date: str | None = None,
             clause_end: int | None = None, repeats: int = 1, latest: int | None = None) -> str | None:
    """'target', 'achievement', 'status' or None (not a fact). `previous`: the class of the last
    figure earlier in the same paragraph (outside brackets). Order: cues before the figure, a
    recognition after it, the section, cues after it in its clause, the paragraph, the document."""
    clause_end = sent[1] if clause_end is None else clause_end
    s, _ = sent
    if figure_regex("status_before").search(text[max(s, fig.start - 20):fig.start]) or \
            figure_regex("status_after").search(text[fig.end:fig.end + 100]):
        return "status"
    rules = quantity_rules()
    if regex.match(rules["lagging_after"], text[fig.end:clause_end], regex.I) and not regex.search(
            rules["lagging_task_before"], text[max(s, fig.start - 30):fig.start], regex.I):
        return "status"   # "có 03 công trình … chậm tiến độ": what lags, unless a task is to finish it
    if section == "skip":
        return None   # difficulties, causes, proposals: figures there are not claims
    if regex.match(rules["scope_lead_in"], cue_text(text, s, fig.start), regex.I) and fig.unit in NAMED_UNIT_LEVELS and \
            regex.match(r"[^.;()]{0,40}\(", text[fig.end:clause_end]):
        return None   # "Tại 02 xã điểm của tỉnh (xã A, xã B), 100% chi hội …": where, not how many
    if in_quoted_name(text, para_start, fig):
        return None   # "tiêu chí \"3 sạch\"", "cuộc vận động \"5 không, 3 sạch\"": part of a name
    if fig.unit in MEASURES and figure_regex("distance_before").search(text, max(s, fig.start - 50), fig.start):
        return None   # "nhiều bản cách trung tâm xã trên 20 km": how far a place lies
    if figure_regex("description_before").search(text, max(s, fig.start - 80), fig.start) or \
            figure_regex("description_after").match(text, fig.end) or fig.unit in quantity_rules()["member_units"]:
        return None   # "rộng 60 m2", "dân số gần 39.000 người", "mỗi xã có ít nhất 1 …", "3 xã cũ": a description
    excess = figure_regex("excess_before").search(text, max(s, fig.start - 25), fig.start)
    if excess and excess.end() - excess.start() > 6 and regex.match(rules["recalled_target_after"], text[fig.end:clause_end]):
        return "recalled"   # "vượt mục tiêu 95% của Nghị quyết": the target recalled, a target
    if excess:
        return None   # "vượt 1 xã so với mục tiêu Nghị quyết": the margin over a target, no fact
    if figure_regex("baseline_opener").match(text, s) or figure_regex("baseline_opener").match(
            text, _full_sentence_start(text, para_start, s)):
        return None   # "Khi đó, bình quân mỗi xã mới đạt 5,2 tiêu chí; …": where the programme started
    if figure_regex("no_fact_opener").match(text, _full_sentence_start(text, para_start, s)):
        return None   # "Dự hội nghị có … trưởng 6 ấp", "Ví dụ, một xã có 1.200 hộ …": guests, a worked example
    if doc_kind is None and figure_regex("norm_cue").search(text, s, fig.start) and \
            not regex.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", text[s:sent[1]]):
        return None   # a news item explaining a criterion: "tỷ lệ này phải đạt từ 95% trở lên" is its norm, no goal
    if fig.generic and _in_brackets(text, s, fig.start):
        return None   # "14 nhà tạm (Thôn 1: 3 nhà; …)": the parts of a count stated before them
    before, after = figure_regex("baseline")
    if before.search(text, max(s, fig.start - 12), fig.start) and after.match(text, fig.end):
        return None   # "tỷ lệ hộ nghèo giảm từ 18,5% xuống còn 4,2%": where the change started
    if fig.unit in quantity_rules()["award_units"] and figure_regex("award_before").search(text, s, fig.start):
        return None   # "đã khen thưởng 25 tập thể, 40 cá nhân": an award, not a result of the programme
    before_rate, cost = figure_regex("support_rate_before")
    if fig.unit == "%" and before_rate.search(text, s, fig.start) and cost.match(text, fig.end):
        return None   # "Hỗ trợ 100% xi măng để làm đường": a support rate of a policy, not a target
    if fig.unit == "tiêu chí" and not fig.denominator and fig.value in CRITERIA_SET_SIZES and regex.search(
            quantity_rules()["reviewed_set_before"], text[max(s, fig.start - 80):fig.start], regex.I):
        return None   # "Rà soát, đánh giá hiện trạng 19 tiêu chí": the set reviewed, no count
    if fig.unit == "%" and _funding_share(text, s, fig):
        return None   # "tỷ lệ đối ứng ngân sách huyện tối thiểu 30%": a financing rule, not a target
    if figure_regex("conditional_before").search(text, s, fig.start):
        return None   # "trường hợp dưới 95% thì …": a rule of the index, not a figure of the document
    if any(not SOLVING.search(text, max(s, m.start() - 30), m.start())
           and not (m.end() <= fig.start and figure_regex("contrast").search(text, m.end(), fig.start))
           and not (m.end() <= fig.start and RESULT_VERB.search(text, m.end(), fig.start))
           for m in figure_regex("problem").finditer(text, s, clause_end)):
        return "status"   # "139 doanh nghiệp gặp khó khăn", "gần 50% số quyết định công bố trễ hạn"
    if fig.value <= 2 and fig.unit.split("/")[0] in quantity_rules()["norm_units"] and (
            fig.per or "/" in text[fig.end:fig.end + 2] or regex.search(r"(?i:mỗi)\s", text[s:fig.start])):
        return None   # "mỗi năm tại mỗi trường tổ chức ít nhất 1 buổi", "1 buổi/cơ sở": a norm of frequency
    unit = fig.unit.split("/")[0]
    if (unit in GROUP_UNITS or (unit in quantity_rules()["structure_units"] and (HAS.search(text, s, fig.start) or HAS_LIST.search(
            text, s, fig.start)))) and \
            not fig.denominator and figure_regex("structure_markers").search(text, s, sent[1]) and \
            not figure_regex("structure_predicates").match(text, fig.end, clause_end):
        return None   # "sau sắp xếp, tỉnh có 85 xã, 14 phường và 3 đặc khu", "… với hơn 9.200 hộ dân": the structure
    size_before, size_after = figure_regex("place_size")
    if unit in quantity_rules()["place_size"]["units"] and not fig.denominator and \
            size_before.search(text, max(s, fig.start - 60), fig.start) and size_after.match(text, fig.end):
        return None   # "Làng có 186 hộ thì trước đây …": the size of a place, no result
    if unit in GROUP_UNITS and not fig.denominator and HAS.search(text, s, fig.start) and \
            BREAKDOWN_NEXT.match(text, fig.end) and not figure_regex("structure_predicates").match(text, fig.end, clause_end):
        return None   # "Xã Bản Phố có 11 thôn, trong đó thôn … đã đạt chuẩn": the units it has, the parts follow
    status_after = figure_regex("achieved_after").match(text, fig.end, clause_end)
    if _group_only(text, fig, s) and not status_after:
        return None
    ctx = dict(doc_date=doc_date, doc_kind=doc_kind, section=section, latest=latest)
    if regex.search(quantity_rules()["result_after_plan"], text[max(para_start, s - 160):fig.start], regex.I):
        return "achievement"   # "kế hoạch 40 xã; thực hiện 33 xã": the result set against the plan
    label = regex.match(quantity_rules()["target_label"], text[para_start:fig.start], regex.I)
    if label and not regex.search(quantity_rules()["past_markers"], text[para_start + label.end():fig.start], regex.I):
        return "target"   # "2. Mục tiêu: đến hết năm 2025, … 100% hộ dân được dùng nước sạch": a line of goals
    weak: list = []
    if cls := _by_cues(text, s, fig.start, doc_yr, ctx, weak_alone=weak):
        if weak and doc_kind is None and section is None and previous != "target":
            # a news item reports what was done: a bare task verb after results of its paragraph is one more result
            return _by_cues(text, para_start, s, doc_yr, ctx, carried=True) or previous or cls
        if weak and previous == "achievement" and text[:s].rstrip().endswith(";"):
            return previous   # "Năm 2023, … đã vận động 68.450 hộ …; xây dựng mới 24 mô hình": one more result
        return cls
    if TOPIC.match(text, s, fig.start) and regex.search(r":\s*$|^[^.;]*$", text[fig.end:sent[1]]):
        return None   # "2. Đối với việc lập hồ sơ điều chỉnh 02 dự án:": a topic, not a figure of it
    if doc_kind == "directive" and ((repeats >= 3 and not regex.search(rules["period_label_before"], text[max(s - 30, 0):fig.start], regex.I)) or (
            fig.unit in quantity_rules()["person_units"] and fig.value <= 5 and not fig.denominator)):
        return None   # "02 dự án" said again and again names them; "cử 01 cán bộ đi cùng" is logistics
    if status_after:   # "29 xã … có Quyết định công nhận …": units already recognised, unless a plan says so
        return previous if previous in ("target", "achievement") else "achievement"
    if doc_kind == "directive" and figure_regex("reference_after").match(text, fig.end, clause_end):
        return None   # "02 tuyến cao tốc Tân Phú – Bảo Lộc và …": the items the letter is about, named
    if section in ("target", "achievement"):
        return section
    after = figure_regex("cue_after").match(text, fig.end, clause_end)
    if after:   # "70/139 kiến nghị đã được trả lời", "02 bộ sẽ hoàn thiện"
        return "target" if after.group("t") else "achievement"
    if fig.generic:
        return None   # a noun outside the unit list counts only where a cue or a section says what it is
    if fig.unit == "thứ hạng":
        return "achievement"   # a rank is measured, not planned, unless a cue says so
    if previous in ("target", "achievement"):
        return previous
    # Cues earlier in the paragraph carry over ("phấn đấu đến năm 2025 … Toàn tỉnh có 249/498 …").
    if cls := _by_cues(text, para_start, s, doc_yr, ctx, carried=True):
        return cls
    if figure_regex("weak_achievement").search(text, s, fig.start):
        return "achievement"
    if doc_kind == "directive":
        return "target"
    if doc_kind == "report":
        return "achievement"
    if doc_kind is None and _last_cue(figure_regex("target"), figure_regex("plan_base").sub(
            lambda m: " " * len(m.group()), blank_names(text, s, sent[1], text[s:sent[1]])),
            0, sent[1] - s, doc_yr, "target", doc_kind=None,
            latest=latest) is None:
        # a news article's present-state figure ("100% hộ dân sử dụng điện an toàn"); a year it leads in
        # with before the years it looks to ("Đến cuối năm 2024, cả nước có 78% …") dates it, sets no deadline
        return "achievement"
    return None


def _funding_share(text: str, s: int, fig: Figure) -> bool:
    """A share a budget pays ("đối ứng tối thiểu 30%"), or the next share listed after one in its clause
    ("…, 10% đối với các huyện còn lại")."""
    share = figure_regex("funding_share_before")
    if share.search(text, max(s, fig.start - 80), fig.start):
        return True
    listed = regex.search(r"(\d+(?:,\d+)?)\s*%[^;.:%]{0,120},\s*$", text[s:fig.start])
    return bool(listed) and bool(share.search(text, max(s, s + listed.start() - 80), s + listed.start()))


SHARE_OF_COUNT = regex.compile(r"[^,;.()\d]{0,30}?,?\s*(?i:chiếm|bằng)(?:\s+(?i:tỷ\s+lệ|khoảng|gần|hơn|trên))*\s*")


def _breaks_down_status(text: str, loc: Located, before: list[tuple[int, str | None]]) -> bool:
    """The figure stands in a breakdown ("trong đó …", to the end of its clause) of a status count
    earlier in its sentence, or restates one in brackets ("còn 12,7% (112/882 hộ)"): status too."""
    if before and before[-1][1] == "status" and regex.fullmatch(r"\s*\(\s*", text[before[-1][0]:loc.fig.start]):
        return True
    if before and before[-1][1] == "status" and loc.fig.unit == "%" and text[before[-1][0] - 1:before[-1][0]] == "%" \
            and regex.fullmatch(r"\s*,[^,;.()]{0,40}", text[before[-1][0]:loc.fig.start]) \
            and not figure_regex("achievement").search(text, before[-1][0], loc.fig.start) \
            and not figure_regex("target").search(text, before[-1][0], loc.fig.start):
        return True   # "còn 19,65%, có những xã trên 50%": the list of a status rate goes on, not a goal set beside it
    if before and before[-1][1] == "status" and loc.fig.unit == "%" and SHARE_OF_COUNT.fullmatch(text, before[-1][0], loc.fig.start):
        return True   # "còn 21 hộ nghèo, chiếm 0,9%": the share of a status count is status
    marks = [m for m in figure_regex("breakdown").finditer(text, loc.sent[0], loc.fig.start)
             if not regex.search(r"[;.]", text[m.end():loc.fig.start])]
    if not marks:
        return False
    counted = [cls for end, cls in before if end <= marks[-1].start()]
    return bool(counted) and counted[-1] == "status"


def _in_brackets(text: str, s: int, pos: int) -> bool:
    """pos stands inside a bracket opened after s (or on the line before, when a line break cut it)."""
    depth = 0
    for i in range(pos - 1, max(0, min(s, pos - 300)) - 1, -1):
        c = text[i]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                return True
            depth -= 1
        elif c == "\n" and i < s and text[i - 1:i] in (".", ""):
            break
    return False


def _citing_sentence(doc: Document, pos: int) -> tuple[int, int] | None:
    """For a figure in a footnote body, the sentence that cites the footnote (up to the marker)."""
    for fn in doc.footnotes:
        if fn.span[0] <= pos < fn.span[1] and fn.citations:
            c = fn.citations[0][0]
            start, _ = sentence_at(doc.text, c)
            return start, c
    return None


# ---------------------------------------------------------------- dates of a figure

def _usable(m: DateMention) -> bool:
    return m.precision != "day" or m.role == "deadline"


def deadline_for(doc: Document, sent, para_start: int, fig: Figure, chain: list[str],
                 doc_date: str | None, section: str | None) -> str | None:
    """Deadline: a date in the sentence (nearest before the figure, else after), else earlier in the
    paragraph, else the year of an enclosing heading, else (an estimate in a results section) the
    document year."""
    mentions = [m for m in find_dates(doc, sent[0], sent[1], doc_date) if _usable(m)]
    before = [m for m in mentions if m.span[1] <= fig.start]
    after = [m for m in mentions if m.span[0] >= fig.end]
    pick = before[-1] if before else None
    if pick is None and para_start < sent[0]:
        earlier = [m for m in find_dates(doc, para_start, sent[0], doc_date) if _usable(m)]
        # A lead-in ("Giai đoạn 2022 - 2023: …") governs its whole paragraph.
        lead = [m for m in earlier if m.span[0] - para_start < 15 and doc.text[m.span[1]:m.span[1] + 2].strip().startswith(":")]
        pick = lead[0] if lead else (earlier[-1] if earlier else None)
    if pick is not None:
        return deadline_value(pick)
    for text in chain:
        if y := regex.search(r"(?:19|20)\d\d", text):
            return y.group(0)
    if after:
        return deadline_value(after[0])
    if section == "achievement" and doc_date:
        return doc_date[:4]
    return None


def as_of_for(doc: Document, sent, fig: Figure, doc_date: str | None) -> tuple[str | None, bool]:
    mentions = find_dates(doc, sent[0], sent[1], doc_date)
    for m in mentions:
        if m.role == "as_of" and m.span[1] <= fig.start and m.precision in ("day", "month"):
            return m.value, False
    if doc_date:
        return doc_date, True
    years = [m for m in mentions if m.precision in ("year", "period", "month")]
    if years:
        v = years[-1].value
        return (v.split("/")[1] if "/" in v else v), False
    return None, False


# ---------------------------------------------------------------- places and subjects

def place_for(text: str, s: int, e: int, places: list[Place], default: str | None) -> str | None:
    """The place named in text[s:e] nearest its end, else `default`."""
    best, best_pos = None, -1
    for p in places:
        if p.level == "village":
            continue
        for name in [p.name] + list(p.variants or []):
            if len(name) < 3:
                continue
            for m in regex.finditer(r"(?<!\p{L})" + regex.escape(name) + r"(?!\p{L})", text[s:e], regex.I):
                if m.start() > best_pos:
                    best, best_pos = p.name, m.start()
    return best or default


def subject_of(text: str, fig: Figure, clause: tuple[int, int]) -> str:
    after = text[fig.end:clause[1]]
    after = regex.sub(FOOTNOTE, "", after)
    after = regex.sub(r"^\s*(?:trở\s+lên|trở\s+xuống)?\s*(?:số\s+)?", "", after)
    words = after.split()[:14]
    unit = fig.unit.split("/")[0]
    if unit.startswith("%"):
        before = regex.sub(FOOTNOTE, "", text[clause[0]:fig.start]).split()
        head = " ".join(before[-10:])
        return regex.sub(r"\s*(?:đạt|là|chiếm|bằng|với|có|từ|trên)\s*$", "", head) + (" " + " ".join(words) if words else "")
    return (unit + " " + " ".join(words)).strip()


def _same_sentence(a: Quantity, b: Quantity, located: list[Located]) -> bool:
    """Two facts in one sentence are never repetitions of each other."""
    return any(loc.sent[0] <= a.span[0] < loc.sent[1] and loc.sent[0] <= b.span[0] < loc.sent[1] for loc in located)


def _similar(a: str, b: str, threshold: float = 0.85) -> bool:
    a, b = a.lower(), b.lower()
    return a in b or b in a or SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold


MEASURES = {"km", "m", "m2", "m3", "ha", "tấn"}


def component_of(text: str, located: list[Located], i: int) -> Located | None:
    """The figure whose bracketed list of parts holds figure i ("42,525 Km (… 19,5 Km; …)"), if any."""
    fig = located[i].fig
    for j in range(i - 1, -1, -1):
        other = located[j]
        if other.sent != located[i].sent:
            break
        if other.fig.unit == fig.unit:
            bracket = bracket_after(other.fig.end, located[i].sent[1], text)
            if bracket and bracket[0] < fig.start < bracket[1]:
                return other
    return None




# ---------------------------------------------------------------- quotes

LINKING = regex.compile(r"^\s*(?:(?i:chiếm|đạt|bằng|là|tăng|giảm|với|còn)(?:\s+(?i:tỷ\s+lệ|khoảng|gần|hơn|trên))?\s*)?$")
CLAUSE_OPENERS = regex.compile(r"\s*(?i:trong\s+đó|đạt|chiếm|tăng|giảm|bằng|với|so\s+với|đồng\s+thời|còn|nhưng|tuy\s+nhiên|"
                               r"riêng|hiện|đã|đến|tính\s+đến|cụ\s+thể|gồm|bao\s+gồm)(?![\p{L}])")
YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
LEAD_IN_CLAUSE = regex.compile(r"(?i:theo|căn\s+cứ|thực\s+hiện|qua|trên\s+cơ\s+sở|tính\s+đến|tính\s+từ|từ\s+ngày)"
                               r"(?![\p{L}])[^,;:()]{0,150},\s*")
DEADLINE_CLAUSE = regex.compile(r"\s*(?:(?i:hoàn\s+thành|thực\s+hiện|xong)\s+)?(?i:trước|trong|vào|đến\s+hết|chậm\s+nhất)\s+"
                                r"(?i:ngày|tháng|quý|năm)?\s*[\d/\.IVX\s]+(?:năm\s+\d{4})?\s*$")


CRITERIA_SET_SIZES = set(unit_rules()["criteria_set_sizes"].values())
RESTATED = regex.compile("|".join(quantity_rules()["restated_after"]), regex.I)
NAMED_UNIT_LEVELS = set(quantity_rules()["named_units_levels"])
NAMED_UNITS = regex.compile(r"[ ]*\((?:(?i:" + "|".join(map(regex.escape, sorted(NAMED_UNIT_LEVELS, key=len, reverse=True)))
                            + r")\s+)?\p{Lu}[^()\n]{0,150}\)")


def quote_span(text: str, loc: Located, limit: int) -> tuple[int, int]:
    """The quote of a figure: its subject with it ("tổ chức cho 100% cấp xã, thôn, xóm, bản, làng",
    "tổ chức 01 cuộc đối thoại, hoàn thành trong tháng 12/2025"), not the lead-in before the last
    clause break. A bare "chiếm 50%" takes the clause before it, which names what is counted."""
    qs, qe = loc.quote
    fig = loc.fig
    while qe < limit and text[qe:qe + 1] == ",":
        nxt = regex.search(r"[,;:.()]", text[qe + 1:limit])
        chunk = text[qe + 1:qe + 1 + nxt.start()] if nxt else text[qe + 1:limit]
        words = chunk.split()
        if not words or CLAUSE_OPENERS.match(chunk):
            break
        if (not regex.search(r"\d", YEAR.sub("", chunk)) and qe - qs < 200) or DEADLINE_CLAUSE.fullmatch(chunk):
            qe = qe + 1 + len(chunk.rstrip())
            continue
        break
    if fig.unit in NAMED_UNIT_LEVELS and (named := NAMED_UNITS.match(text, qe, limit)):
        qe = named.end()   # "02 xã (xã Quý Hòa, xã Tự Do)": the bracket names what is counted
    if (lead := LEAD_IN_CLAUSE.match(text, qs, fig.start)) and regex.search(r"\p{L}", text[lead.end():fig.start]):
        qs = lead.end()   # "Theo báo cáo của Sở …, đến nay toàn tỉnh đã có 125/216 xã": the subject, not the source
    if LINKING.match(text[qs:fig.start]) and qs > loc.sent[0]:
        head = text[loc.sent[0]:qs].rstrip(" ,;:")
        prev = max((m.end() for m in regex.finditer(r"[,;:](?!\d)\s*", head)), default=0)   # not "412,7"
        qs = loc.sent[0] + prev
    return qs, qe


# ---------------------------------------------------------------- the extractor

def extract_quantities(doc: Document, info: DocumentInfo,
                       places: list[Place]) -> tuple[list[Quantity], list[Quantity]]:
    text = doc.text
    doc_date = document_date(doc, info)
    doc_yr = doc_year(doc_date) or present_year(doc)
    kind = document_kind(doc, info)
    area = document_area(info, places)
    headings = section_headings_of(doc)
    targets: list[Quantity] = []
    achievements: list[Quantity] = []
    located = locate_figures(doc)
    head = headline_span(text, info) or (0, 0)
    # the latest year an undated item speaks of: a year before it, as a sentence's lead-in, is in the past
    latest = max((int(y) for y in YEAR.findall(text)), default=None) if kind is None else None
    repeats = Counter((loc.fig.value, loc.fig.unit) for loc in located)
    previous: dict[int, str | None] = {}       # paragraph start → class of its last figure
    examples = example_spans(text)   # "Ví dụ: xã A (đạt 19/19 tiêu chí) thì ghi …": how to write, not a result
    classes: dict[tuple[int, int], list[tuple[int, str | None]]] = {}   # sentence → (end, class) of its figures
    for i, loc in enumerate(located):
        fig = loc.fig
        if any(a <= fig.start < b for a, b in examples):
            continue
        if fig.unit in MEASURES and component_of(text, located, i):
            continue   # "42,525 Km (tuyến ĐH.21 dài 19,5 Km; …)": the parts of a stated total
        if fig.unit.split("/")[0] in ("tuyến",) or fig.unit == "tuyến":
            # "03 tuyến đường, với tổng chiều dài 42,525 Km": the length is the fact, the count describes it.
            nxt = located[i + 1] if i + 1 < len(located) else None
            if nxt and nxt.sent == loc.sent and figure_regex("total_words").search(text, fig.end, nxt.fig.start):
                continue
        if i and located[i - 1].sent == loc.sent and qualifies(text, located[i - 1].fig, fig):
            continue   # "24 tỉnh, thành phố có 100% số xã đạt chuẩn": the share says what the units have
        chain = heading_chain(doc, fig.start, headings)
        section = section_class(chain)
        same = [o.fig for o in located if o.sent == loc.sent]
        limit = next_free(text, same, same.index(fig), loc.sent[1])
        qs, qe = quote_span(text, loc, limit)
        cls = classify(text, loc.sent, fig, loc.para_start, doc_yr, section, kind, previous.get(loc.para_start),
                       doc_date, max(qe, loc.clause[1]), repeats[(fig.value, fig.unit)], latest)
        recalled, cls = cls == "recalled", "target" if cls == "recalled" else cls   # it carries no class to the next figure
        cited = _citing_sentence(doc, fig.start) if cls in ("target", "achievement") else None
        ctx = dict(doc_date=doc_date, doc_kind=kind, section=section, latest=latest)
        if cited and fig.start >= cited[1] and not _by_cues(text, loc.sent[0], fig.start, doc_yr, ctx):
            # a footnote's figure ("⁽²⁾ Khảo sát 50 hộ gia đình tại mỗi xã") takes the class its citation's cues give
            cls = _by_cues(text, cited[0], cited[1], doc_yr, ctx) or cls
        if cls == "achievement" and (figure_regex("status_subjects").search(text, max(loc.sent[0], fig.start - 60), fig.start)
                                     or figure_regex("remaining_after").match(text[fig.end:loc.sent[1]])):
            cls = "status"   # "tỷ lệ hộ nghèo dưới 0,5%", "2 tiêu chí còn lại là …": a problem's level, what remains
        if cls in ("target", "achievement") and _breaks_down_status(text, loc, classes.get(loc.sent, [])):
            cls = "status"   # "còn 39 xã chưa đạt chuẩn, trong đó 11 xã mới đạt dưới 12 tiêu chí"
        classes.setdefault(loc.sent, []).append((fig.end, cls))
        if cls in ("target", "achievement") and RESTATED.match(text, fig.end, loc.sent[1]) and any(
                o.value == as_int_if_whole(fig.value) and o.unit == fig.unit for o in targets + achievements):
            cls = None   # "với tỷ lệ 61,5% như báo cáo": the figure given earlier, restated
        if cls in ("target", "achievement"):
            if not _in_brackets(text, loc.sent[0], fig.start) and not recalled:
                previous[loc.para_start] = cls
        else:
            continue
        comparator = fig.comparator
        for rx, op in figure_regex("cmp_after"):
            m = rx.search(text, fig.end, loc.clause[1])
            if m and not regex.search(r"\d", text[fig.end:m.start()]):   # "412 sản phẩm … từ 3 sao trở lên": the 3's
                comparator = op
        q = make_fact(Quantity, doc, qs, qe, kind=cls, value=as_int_if_whole(fig.value), unit=fig.unit,
                      denominator=as_int_if_whole(fig.denominator), comparator=comparator,
                      value_max=as_int_if_whole(fig.value_max), subject=subject_of(text, fig, loc.clause),
                      place=place_for(text, loc.sent[0], fig.start, places, area))
        if cls == "target":
            # "trước ngày 31/12" in an undated article: the article's year completes the day
            q.deadline = deadline_for(doc, loc.sent, loc.para_start, fig, chain, doc_date or (str(doc_yr) if doc_yr else None),
                                      section)
            bucket = targets
        else:
            q.as_of, q.as_of_inferred = as_of_for(doc, loc.sent, fig, doc_date)
            bucket = achievements
        if any(o.value == q.value and o.denominator == q.denominator and not _same_sentence(o, q, located)
               and not o.span[0] < head[1] <= q.span[0]   # the body's sentence, not the headline's, is kept
               and o.unit == q.unit and o.place == q.place and o.comparator == q.comparator
               and o.deadline == q.deadline and (_similar(o.text, q.text, 0.6) or _similar(o.subject or "", q.subject or "", 0.6))
               for o in bucket):
            continue   # the same figure repeated with the same meaning
        if ONE_OF.search(text, max(loc.sent[0], fig.start - 20), fig.start) and any(
                o.value == q.value and o.unit == q.unit and o.denominator == q.denominator for o in bucket):
            continue   # "Bản Hua Ca … là 1 trong 6 bản vừa được công nhận": one of a count the item gave before
        bucket.append(q)
    # "nâng tổng số lên 68 xã" and "68/82 xã": one count, kept where its denominator is given
    achievements = [q for q in achievements if q.denominator is not None or not any(
        o.denominator is not None and o.value == q.value and o.unit == q.unit and o.place == q.place
        and _similar(o.subject or "", q.subject or "", 0.6) for o in achievements)]
    # "Quảng Ngãi: Giải ngân … mới đạt 48,6% kế hoạch": the headline says again what the body gives
    key = lambda q: (q.value, q.unit, q.denominator)  # noqa: E731
    both = targets + achievements
    kept = [both[i] for i in drop_headline_repeats(text, info, both, key)]
    return [q for q in kept if q.kind == "target"], [q for q in kept if q.kind == "achievement"]
