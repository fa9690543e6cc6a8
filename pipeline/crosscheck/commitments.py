"""Commitments: results a plan promises by a deadline, one per place and per goal, read from the
clauses of plans, directives, decisions assigning targets and letters (never from reports).

A commitment is a figure to reach ("Toàn tỉnh có 60 xã đạt chuẩn nông thôn mới … đến năm 2025"), a
place to reach a standard ("Các xã: Đăk Kan (huyện Ngọc Hồi), … đạt chuẩn nông thôn mới trong năm
2023" gives one per commune), criteria to add or complete ("đạt thêm 02 tiêu chí", "hoàn thành
Tiêu chí số 2 và Tiêu chí số 6 … trước ngày 31/5/2025"), a level of criteria for one named place in
a named set ("xã Ngọk Réo đạt 19/19 tiêu chí NTM nâng cao", a roadmap's "17 tiêu chí" under "Năm
2024"), a rate (giải ngân 100% trước ngày …) or a
count (xóa 1.214 căn nhà tạm), or a cell of a plan's target table ("| Huyện Kế Sách | 11 | 05 | 02 |" under
"Số xã đạt chuẩn NTM đến 2025 | …"; a roadmap's year under "Năm đạt chuẩn NTM"). Not commitments: results stated as facts ("Đến nay … có 44 xã"),
sections of results, definitions of criteria, national or regional targets, and procedural duties
(filing, reporting, advising: those are tasks, tasks.py).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import regex

from pipeline.crosscheck.mentions import Source, make_source
from pipeline.crosscheck.numbers import Figure, figures_in
from pipeline.crosscheck.passages import Passage, is_row, passages_of
from pipeline.crosscheck.periods import deadline_in, fund_year_in, later_deadline
from pipeline.crosscheck.places import PlaceRef, resolve_name
from pipeline.crosscheck.reading import (
    criteria_named,
    criteria_unit,
    figure_indicator,
    is_plan,
    items_of,
    lead_in,
    lead_indicator,
)
from pipeline.crosscheck.scope import MERGER, doc_date, doc_unit, places_in
from pipeline.crosscheck.vocabulary import (
    classify_indicator,
    has_cue,
    indicator_kind,
    indicator_label,
    indicator_level,
    section_role,
)
from pipeline.model.gazetteer import merged_provinces, place_key
from pipeline.model.normalize import fold
from pipeline.store.corpus import Corpus

STATUS_PHRASE = regex.compile(r"dat chuan|cong nhan|hoan thanh (?:nhiem vu|muc tieu)|muc tieu (?:xa|huyen|thon)|"
                              r"tro thanh (?:xa|huyen|thon)")
# "Các huyện: A, B … cần …" lists bodies; "Các huyện: A, B phấn đấu đạt chuẩn …" lists places reaching a goal
LISTED_BODIES = regex.compile(r"^(?:Đồng thời,?\s+)?((?i:các)\s+(?:huyện|xã|thị xã|thành phố|đơn vị)[^:]{0,20}:[^;]{3,160}?)"
                              r"\s+(?:cần|phải|tập trung|chủ động|có trách nhiệm|chịu trách nhiệm)\b")
# "d) ", "2. ", "(3) ", "- ": an item's marker, before the body it names
ITEM_MARKER = regex.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|\(\d{1,2}\)|[-–•+])\s*")
AGENCY = regex.compile(r"^(?:Giao\s+)?((?:Ủy ban nhân dân|UBND|Sở|Phòng|Văn phòng|Ban)\b[^,:;]{0,80}?)\s+"
                       r"(?:tập trung|phấn đấu|chủ trì|chịu trách nhiệm|có trách nhiệm|phải|cần|hoàn thành|thực hiện)")


@dataclass
class Commitment:
    key: str                                  # stable across runs: document content, quote, place, goal
    indicator: str
    place: PlaceRef
    deadline: str                             # as written: "2025", "2024-11-30", a quarter's last day
    source: Source
    value: float | None = None                # None: the place itself reaches the standard
    denominator: float | None = None
    unit: str | None = None
    comparator: str | None = None
    increment: bool = False                   # "thêm 02 tiêu chí": on top of the level when written
    criteria: list[int] = field(default_factory=list)   # "Tiêu chí số 2 … và Tiêu chí số 6"
    made: str | None = None                   # the plan's date
    assignee: str | None = None
    fund_year: int | None = None              # "kế hoạch vốn năm 2024"
    kind: str = "commitment"

    @property
    def binary(self) -> bool:
        return self.value is None

    @property
    def label(self) -> str:
        """"tỉnh Kon Tum: 53/85 xã NTM, hạn 2024", "Ngọk Réo: xã NTM, hạn 2024-11-30"."""
        what = indicator_label(self.indicator)
        where = f"tỉnh {self.place.name}" if self.place.level == "province" else self.place.name
        if self.binary:
            return f"{where}: {what}, hạn {self.deadline}"
        if self.indicator == "tieu_chi" and not self.increment and not self.criteria:
            return f"{where}: đạt {fmt_number(self.value)} {self.unit or 'tiêu chí'}, hạn {self.deadline}"
        num = ("thêm " if self.increment else "") + fmt_number(self.value)
        if self.denominator:
            num += f"/{fmt_number(self.denominator)}"
        unit = "%" if self.unit == "%" else (self.unit or "")
        if unit and unit != "%" and what.startswith(unit.split()[0]):
            unit = ""                                # "53/85 xã NTM", not "53/85 xã xã NTM"
        crit = f" (tiêu chí số {', '.join(map(str, self.criteria))})" if self.criteria else ""
        text = f"{where}: {num}{'' if unit == '%' else ' '}{unit} {what}{crit}, hạn {self.deadline}"
        return " ".join(text.split())


def fmt_number(x: float | None) -> str:
    """2.0 → "2", 16.7 → "16,7" (Vietnamese decimal comma), None → "?"."""
    if x is None:
        return "?"
    return str(int(x)) if float(x).is_integer() else f"{x:g}".replace(".", ",")


def commitment_key(sha: str | None, quote: str, place: PlaceRef, indicator: str, deadline: str) -> str:
    """A key that survives re-ingest and re-check: it depends on the text, never on row ids."""
    raw = "|".join((sha or "", " ".join(quote.split()), place.key, indicator, deadline))
    return "ck-" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]


def _place_for(hits, fig_start: int | None, level: str | None, unit: PlaceRef | None, folded: str) -> PlaceRef | None:
    """The place a figure is about: a named unit above the indicator's level before the figure,
    "toàn tỉnh" / "trên địa bàn huyện" (the document's own unit), else the document's unit."""
    order = ("village", "commune", "district", "province")
    above = [h for h in hits if (fig_start is None or h.start < fig_start)
             and (level is None or order.index(h.ref.level) > order.index(level))]
    if above:
        return above[-1].ref
    return unit


def _goal(doc_id, corpus, p: Passage, start: int, end: int, indicator: str, place: PlaceRef, deadline: str,
          **kw) -> Commitment:
    src = make_source(corpus, doc_id, p.start + start, p.start + end)
    doc = corpus.documents[doc_id]
    made = doc_date(corpus, doc_id)
    return Commitment(commitment_key(doc.get("sha256"), src.quote, place, indicator, deadline), indicator, place,
                      deadline, src, made=made.isoformat() if made else None, **kw)


def _assigned(corpus: Corpus, doc_id: int, p: Passage) -> list[dict]:
    """The assignments the extractor found over the passage, the leading roles first (a partner named
    after "phối hợp với" is not who the goal is given to)."""
    rows = [r for r in corpus.of("assignments", doc_id)
            if (r.get("span_start") or 0) < p.end and (r.get("span_end") or 0) > p.start and r.get("assignee")]
    leading = [r for r in rows if r.get("role") != "support"]
    return leading or rows


def _assignee(p: Passage, rows: list[dict]) -> str | None:
    """The body a clause gives its goal to: the item's own body as the extractor read it ("d) UBND
    huyện Kon Rẫy phấn đấu …" under "1. Ủy ban nhân dân các huyện, thành phố"), a list of bodies as
    written, else the agency opening the clause, the bodies it lists, or the body its heading names."""
    names = list(dict.fromkeys(r["assignee"] for r in rows))
    if len(names) == 1:
        return names[0]
    if names:
        return rows[0].get("assignee_group") or ", ".join(names)
    own = ITEM_MARKER.sub("", p.text, count=1)
    m = AGENCY.match(own)
    if m:
        return m.group(1).strip()
    # "Đồng thời các huyện: Đăk Hà, Kon Rẫy, Ia H'Drai và thành phố Kon Tum cần …": the bodies listed
    m = LISTED_BODIES.match(own)
    if m:
        return m.group(1).strip(" ,")
    for h in reversed(p.headings):
        hm = regex.match(r"^\s*(?:\d+|[a-z])[.)]\s*((?:Ủy ban nhân dân|UBND|Sở|Phòng|Văn phòng)\b.*)$", h)
        if hm:
            return hm.group(1).strip(" :")
    return None


def _body_of(rows: list[dict], place: PlaceRef) -> str | None:
    """Of several bodies given one goal, the one named after the goal's place ("Ủy ban nhân dân huyện
    Đăk Hà" for Đăk Hà's goal)."""
    if len({r["assignee"] for r in rows}) < 2:
        return None
    name = fold(place.name)
    own = [r["assignee"] for r in rows if regex.search(r"(?<![\p{L}])" + regex.escape(name) + r"(?![\p{L}])",
                                                         fold(r["assignee"]))]
    return own[0] if len(set(own)) == 1 else None


def commitments_of(corpus: Corpus, doc_id: int) -> list[Commitment]:
    doc = corpus.documents[doc_id]
    if not is_plan(doc):
        return []
    if not doc.get("type") and not has_cue(fold(doc.get("text") or ""), "stance", "reported_plan"):
        return []          # a news item promises only what a plan it reports does, not what a speaker hopes
    unit = doc_unit(corpus, doc_id)
    province = unit.province.split(":")[0] if unit and unit.province else None
    district = unit.district if unit else None
    out: list[Commitment] = []
    all_passages = passages_of(corpus, doc_id)
    by_sentence = {}
    for p in all_passages:
        by_sentence.setdefault(p.sentence, []).append(p)
    text = doc.get("text") or ""
    made = doc_date(corpus, doc_id)
    title = (doc.get("title") or "").strip()
    ts = text.find(title) if len(title) > 15 else -1
    for p in all_passages:
        if p.kind == "row" and p.role != "result":
            out += _row_goals(corpus, doc_id, p, province, district, made)
        if p.kind != "clause" or p.role == "result":
            continue
        if ts >= 0 and ts <= p.start < ts + len(title):
            continue              # the subject line names the plan's theme, not a goal of its own
        clause = p.folded
        sentence = fold(text[p.sentence[0]:p.sentence[1]])
        citing = fold(text[p.footnote_of[0]:p.footnote_of[1]]) if p.footnote_of else ""
        if has_cue(clause, "stance", "negative") or has_cue(clause, "stance", "not_goal"):
            continue
        if has_cue(clause, "scope", "other") or has_cue(clause, "stance", "procedural"):
            continue
        targeted = (p.role == "goal" or has_cue(clause, "stance", "target") or has_cue(sentence, "stance", "target")
                    or has_cue(citing, "stance", "target"))
        if not targeted:
            continue
        found = deadline_in(clause) or (deadline_in(sentence) if p.index == 0 or not deadline_in(
            fold(text[p.sentence[0]:p.start])) else None)
        if not found and p.index:
            earlier = [q for q in by_sentence[p.sentence] if q.index < p.index]
            found = next((d for d in (deadline_in(q.folded) for q in reversed(earlier)) if d), None)
        found = found or (deadline_in(citing) if citing else None) or p.heading_deadline
        if not found:
            continue
        deadline = found[0]
        if made and found[1] and found[1].end < made:
            # "Đến hết năm 2020, toàn tỉnh có 173/181 xã" in 2021: a result, not a promise; but in "năm 2023 có
            # 80 xã, năm 2025 có 100 xã" a later year of the same clause is still one
            found = later_deadline(clause, made)
            if found is None:
                continue
        hits = places_in(p.text, province, district)
        fund = fund_year_in(clause) or fund_year_in(sentence)
        rows = _assigned(corpus, doc_id, p)
        assignee = _assignee(p, rows)
        goals = _figure_goals(corpus, doc_id, p, hits, unit, deadline, fund, assignee, by_sentence, province)
        if not goals:
            opening = places_in(text[p.sentence[0]:p.start], province, district) if p.index else []
            subject = opening[0].ref if len(opening) == 1 else None     # the sentence's one named place
            goals = _status_goals(corpus, doc_id, p, hits, deadline, assignee, province, subject,
                                  text[p.footnote_of[0]:p.footnote_of[1]] if p.footnote_of else "")
        for g in goals:   # "UBND các huyện: A, B …": each place's goal is its own body's
            g.assignee = _body_of(rows, g.place) or g.assignee
        out += goals
    # "Tỉnh Tiền Giang đề ra mục tiêu …" in Long An's plan: another province's goal, not this plan's promise
    # (after the 2025 merger the partners' territory is the plan's own)
    own = (merged_provinces(province) if made and made >= MERGER else {province}) if province else None
    out = [c for c in out if own is None or not c.place.province or c.place.province.split(":")[0] in own]
    seen, unique = set(), []
    for c in sorted(out, key=lambda c: (c.denominator is None, c.unit == "%")):
        k = (c.indicator, c.place.key, c.deadline)
        if k not in seen:
            seen.add(k)
            unique.append(c)
    return sorted(unique, key=lambda c: c.source.span)


YEAR_ITEM = regex.compile(r"(?:den (?:het )?)?nam 20\d\d\b")     # an item opening with its own year


def _figure_goals(corpus, doc_id, p: Passage, hits, unit, deadline, fund, assignee, by_sentence,
                  province=None) -> list[Commitment]:
    clause = p.folded
    doc_text = corpus.documents[doc_id].get("text") or ""
    out: list[Commitment] = []
    named = criteria_named(clause)
    prev_indicator = None
    if p.index:
        earlier = [q for q in by_sentence[p.sentence] if q.index < p.index]
        for q in reversed(earlier):
            for f in figures_in(q.folded):
                prev_indicator = prev_indicator or figure_indicator(q.folded, f, q.folded)
    if named and "hoan thanh" in clause and not regex.search(r"dat chuan|cong nhan", clause):
        place = _place_for(hits, None, None, unit, clause)
        if place:
            return [_goal(doc_id, corpus, p, 0, len(p.text), "tieu_chi", place, deadline, value=float(len(named)),
                          unit="tiêu chí", criteria=named, assignee=assignee)]
    carry = False      # "có thêm 06 xã … nâng cao và 02 xã … kiểu mẫu": the second is an increment too
    lead = lead_in(doc_text, p.start)   # "2.1. Số xã đạt chuẩn nông thôn mới:" names what "- Năm 2024: 150 xã." counts
    # "a) Số xã đạt chuẩn … nâng cao: năm 2024 có 40 xã, năm 2025 có 55 xã": the words before the colon, the same way
    colon = clause.find(": ")
    inline = clause[:colon] if colon > 0 and not regex.search(r"\d", ITEM_MARKER.sub("", clause[:colon], count=1)) else ""
    if p.index and not inline and YEAR_ITEM.match(clause):
        # "…: năm 2024 có 40 xã; năm 2025 có 55 xã": the first clause's lead goes on after a semicolon
        first = next((q.folded for q in by_sentence[p.sentence] if q.index == 0), "")
        head = first[:first.find(": ")] if ": " in first else ""
        inline, colon = (head, -1) if head and not regex.search(r"\d", ITEM_MARKER.sub("", head, count=1)) else ("", colon)
    made = doc_date(corpus, doc_id)
    cuts = items_of(p)
    for n, (a, b) in enumerate(cuts):
        item = clause[a:b]
        own = deadline_in(item) if YEAR_ITEM.match(item) else None
        if own and made and own[1] and own[1].end < made:
            continue                  # "năm 2023 có 80 xã" in a plan of 2024: the item is a baseline
        due = own[0] if own and inline and a > colon else deadline   # each year's own item
        # "có thêm 15 thôn, bản đạt chuẩn thôn nông thôn mới": the words after a comma still say what is counted
        tail = next((cuts[k][0] for k in range(n + 1, len(cuts)) if regex.search(r"\d", clause[cuts[k][0]:cuts[k][1]])),
                    len(clause))
        if regex.match(r"\s*(?:nang tong|chiem|tuong duong|bang)", item):
            continue
        carry = carry and bool(regex.match(r"\s*(?:va\s+)?(?:co\s+)?\d", item))
        figs = [f for f in figures_in(item) if f.unit]
        chosen: dict[str, tuple[Figure, str]] = {}
        ends: dict[str, int] = {}
        for f in figs:
            ind = figure_indicator(item, f, clause) or (prev_indicator if f.unit == "%" and p.index else None)
            if not ind and (ind := figure_indicator(clause[a:tail], f, clause)):
                ends[ind] = tail
            ind = ind or lead_indicator(lead, item, f) or (lead_indicator(inline, item, f) if a > colon else None)
            if not ind:
                continue
            increment = carry or bool(regex.search(r"\bthem\s*(?:tu\s*|it nhat\s*|khoang\s*)?$",
                                                   item[max(0, f.start - 20):f.start]))
            if ind in chosen:
                old, _ = chosen[ind]
                if old.denominator is not None or (old.unit != "%" and f.unit == "%") or increment:
                    continue
            chosen[ind] = (f, "increment" if increment else "")
        carry = any(inc for _, inc in chosen.values())
        for ind, (f, inc) in chosen.items():
            level = indicator_level(ind) if indicator_kind(ind) == "status" else None
            place = _place_for(hits, a + f.start, level, unit, clause)
            if place is None:
                continue
            if ind == "tieu_chi" and not inc and (f.denominator or not named):
                # "nâng tổng số … lên 13/19": the same goal's total; "các xã còn lại đạt từ 12 tiêu chí trở
                # lên": a floor for each of an unnamed set of communes, which no report can settle. But
                # "xã Ngọk Réo đạt 19/19 tiêu chí NTM nâng cao": a level for the one place it names
                if any(h.ref.key == place.key for h in hits) and place.level in ("commune", "district") \
                        and "them" not in clause and regex.search(r"\bdat\s*$", item[max(0, f.start - 12):f.start]):
                    out.append(_goal(doc_id, corpus, p, a, ends.get(ind, b), ind, place, deadline, value=f.value,
                                     unit=criteria_unit(clause), assignee=assignee))
                continue
            if indicator_kind(ind) == "status" and f.unit != "%" and not f.denominator:
                # "có thêm 04 xã đạt chuẩn nông thôn mới (xã Tân Lập, Tân Liên, Hướng Lộc và Thuận)": each one too
                named = regex.search(r"\(([^()]{3,300})\)", p.text[a:ends.get(ind, b)])
                refs = _named_places(named.group(1), level, province) if named else []
                # "có thêm 03 thôn (làng) … đạt chuẩn, gồm: Thôn 4 (Kon Bư), xã Tân Lập; Thôn 6 (Kon Rá), …"
                listed = regex.search(r"\b(?:bao gồm|gồm)\s*:\s*", doc_text[p.start + a:p.sentence[1]])
                if listed and not refs:
                    names = doc_text[p.start + a + listed.end():p.sentence[1]]
                    refs = ([h.ref for h in places_in(names, province, None) if h.ref.level == "village" and h.ref.commune]
                            if level == "village" else _named_places(names, level, province))
                # "có thêm 02 xã đạt chuẩn … là xã Tài Văn (huyện Trần Đề) và xã An Thạnh Nam (huyện Cù Lao Dung)"
                members = regex.search(r"\s(?i:là)\s+(?=(?i:các\s+)?" + LEVEL_WORD.get(level, "@") + r"\s)",
                                       doc_text[p.start + a:p.sentence[1]]) if not refs else None
                if members:
                    refs = _named_places(doc_text[p.start + a + members.end():p.sentence[1]], level, province)
                    listed = listed or (members if refs else None)
                upto = p.sentence[1] - p.start if listed and refs else ends.get(ind, b)
                for ref in refs:
                    if ref.key != place.key:
                        out.append(_goal(doc_id, corpus, p, a, upto, ind, ref, deadline, assignee=assignee))
                if members and refs and len(refs) == f.value:
                    continue          # the count is its named members, each one a goal: no total to check apart
            out.append(_goal(doc_id, corpus, p, a, ends.get(ind, b), ind, place, due, value=f.value,
                             denominator=f.denominator, unit=f.unit, comparator=f.comparator,
                             increment=bool(inc), criteria=named if ind == "tieu_chi" else [],
                             fund_year=fund if ind == "ty_le_giai_ngan" else None, assignee=assignee))
    return out


def _lead_in(text: str, pos: int) -> str:
    """The three lines of text before the table a row belongs to (its title, its "(Kèm theo …)" line)."""
    lines = [ln for ln in text[:pos].split("\n") if ln.strip()]
    while lines and is_row(lines[-1]):
        lines.pop()
    return " ".join(lines[-3:])


def _row_place(p: Passage, header: list[str], province, district) -> PlaceRef | None:
    """The place a row is about: the name under a "Xã" column, in the district under a "Huyện" column
    ("| Viên An | Huyện Trần Đề |"), else the first place named in its first cells ("Huyện Kế Sách")."""
    cell_of = {h: c[2] for h, c in zip(header, p.cells) if c[2]}
    name = next((v for h, v in cell_of.items() if regex.fullmatch(r"(?:ten )?xa(?: \(cu\))?", h)), None)
    if name:
        parent = next((resolve_name(v, "district", None, province) for h, v in cell_of.items()
                       if regex.fullmatch(r"(?:ten )?(?:huyen|thi xa|thanh pho)(?: \(cu\))?", h)), None)
        ref = resolve_name(name, "commune", parent.district if parent else district, province)
        return ref if ref and ref.level == "commune" else None
    return next((hits[0].ref for _s, _e, cell in p.cells[:3] if (hits := places_in(cell, province, district))), None)


def _row_goals(corpus, doc_id, p: Passage, province, district, made) -> list[Commitment]:
    """A row of a target table: a count under a header naming a status indicator ("| 1 | Huyện Kế Sách |
    11 | 05 | 02 |" under "Số xã đạt chuẩn NTM đến 2025 | Xã NTM nâng cao | …"), or a year under "Năm đạt
    chuẩn NTM" in a roadmap ("| 1 | Viên An | Trần Đề | 2025 | |"): one goal per cell, for the row's place.
    Tables that set results beside the targets, or carry no target cue and no deadline, are not read:
    their goals are the text's ("Kết quả đến 31/12/2024 | Chỉ tiêu giao năm 2025")."""
    header = [fold(h) for h in p.header]
    caption = fold(p.caption + " " + _lead_in(corpus.documents[doc_id].get("text") or "", p.start))
    if any(section_role(h) == "result" for h in header) or section_role(fold(p.caption)) == "result":
        return []
    if not (p.role == "goal" or has_cue(caption, "stance", "target") or has_cue(caption, "stance", "roadmap")
            or any(section_role(h) == "goal" for h in header)):
        return []
    shared = next((d for d in map(deadline_in, header) if d), None) or deadline_in(caption) or p.heading_deadline
    place = _row_place(p, header, province, district)
    if place is None:
        return _year_column_goals(corpus, doc_id, p, header, made)
    order = ("village", "commune", "district", "province")
    out = []
    for (_s, _e, cell), head in zip(p.cells, header):
        criteria = _criteria_cell(cell, head, place)
        if criteria is not None:
            found = deadline_in(head) or shared
            if found and not (made and found[1] and found[1].end < made):
                title = fold(corpus.documents[doc_id].get("title") or "")
                out.append(_goal(doc_id, corpus, p, 0, len(p.text), "tieu_chi", place, found[0], value=criteria,
                                 unit=criteria_unit(" ".join((head, caption, title)))))
            continue
        ind = classify_indicator(head, kinds=("status",))
        if not ind and YEAR_OF_STANDARD.fullmatch(head):   # "Năm đạt chuẩn" under "Danh sách xã … đạt chuẩn NTM"
            ind = classify_indicator(caption, level=place.level, kinds=("status",))
        if not ind or "stt" in head or "tong so" in head:
            continue
        level = indicator_level(ind)
        if regex.fullmatch(r"20\d\d", cell) and regex.search(r"\bnam\b", head) and level == place.level:
            found = deadline_in(f"nam {cell}")                 # a roadmap: the year the place reaches it
            value = None
        elif regex.fullmatch(r"\d{1,4}(?:,\d+)?", cell) and order.index(level) < order.index(place.level):
            found = deadline_in(head) or shared
            value = float(cell.replace(",", "."))
        else:
            continue
        if not found or (made and found[1] and found[1].end < made):
            continue
        out.append(_goal(doc_id, corpus, p, 0, len(p.text), ind, place, found[0], value=value,
                         unit=LEVEL_WORD.get(level) if value is not None else None))
    return out


YEAR_OF_STANDARD = regex.compile(r"(?:du kien )?nam (?:dat chuan|hoan thanh|de nghi cong nhan)")
MONEY_LABEL = regex.compile(r"\b(trieu|ty) dong\b")
YEAR_COLUMN = regex.compile(r"(?:(?:den|den het|ke hoach|chi tieu|muc tieu)\s+)?(?:nam\s+)?(20\d\d)")


def _year_column_goals(corpus, doc_id, p: Passage, header: list[str], made) -> list[Commitment]:
    """A row naming the measure, one column per year, for the plan's own unit: "| 1 | Số xã đạt chuẩn
    NTM nâng cao | 70 | 85 |" under "STT | Chỉ tiêu | Năm 2024 | Năm 2025" is 70 by 2024 and 85 by 2025."""
    years = {i: m.group(1) for i, h in enumerate(header) if (m := YEAR_COLUMN.fullmatch(h.strip()))}
    label = next((c[2] for i, c in enumerate(p.cells[:3]) if i not in years
                  and not regex.fullmatch(r"[\d\s.,%]*", c[2])), None)
    place = doc_unit(corpus, doc_id)
    if not years or label is None or place is None:
        return []
    named = fold(" ".join(c[2] for i, c in enumerate(p.cells[:4]) if i not in years))
    rate = bool(regex.search(r"%|\bty le\b", named))
    money = MONEY_LABEL.search(named)         # "Thu nhập bình quân (triệu đồng/người/năm)"
    unit = ("triệu đồng/người" if regex.search(r"nguoi|thu nhap", named) else "tỷ đồng") if money else None
    ind = (classify_indicator(named, unit=unit) if money else
           classify_indicator(label, unit="%" if rate else None, kinds=("status",)))
    if ind is None or (not rate and not money and indicator_level(ind) == place.level):
        return []
    scale = 1e-3 if unit == "tỷ đồng" and money.group(1) == "trieu" else 1.0
    out = []
    for i, year in years.items():
        cell = fold(p.cells[i][2]).strip() if i < len(p.cells) else ""
        figure = regex.fullmatch(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*(?:%|xa|thon|ban|ap|xom|huyen)?", cell)
        found = deadline_in(f"nam {year}")
        if not figure or not found or (made and found[1] and found[1].end < made):
            continue
        value = float(figure.group(1).replace(".", "") + "." + (figure.group(2) or "0")) * scale
        out.append(_goal(doc_id, corpus, p, 0, len(p.text), ind, place, found[0], value=value,
                         unit=unit or ("%" if rate else LEVEL_WORD.get(indicator_level(ind)))))
    return out


CRITERIA_CELL = regex.compile(r"(\d{1,2})(?:\s*tieu chi)?")
NOT_A_GOAL_COLUMN = regex.compile(r"hien trang|da dat|hien nay|ket qua|uoc (?:dat|thuc hien)")


def _criteria_cell(cell: str, head: str, place: PlaceRef) -> float | None:
    """The number of criteria one commune or district is to reach, from a roadmap cell: "19 tiêu
    chí" under "Năm 2025", or "17" under "Số tiêu chí đạt năm 2024". Not a column of the present
    level ("Hiện trạng", "Đã đạt")."""
    folded = fold(cell).strip()
    m = CRITERIA_CELL.fullmatch(folded)
    if not m or place.level not in ("commune", "district") or NOT_A_GOAL_COLUMN.search(head):
        return None
    if "tieu chi" not in folded and "tieu chi" not in head:
        return None
    value = int(m.group(1))
    return float(value) if 0 < value <= 19 else None


FOOTNOTE_MARK = regex.compile(r"^\s*(?:⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾|<sup>\(?\d+\)?</sup>)\s*")
LEVEL_WORD = {"commune": "xã", "district": "huyện", "village": "thôn"}


def _named_places(text: str, level: str, province: str | None) -> list[PlaceRef]:
    """The places of one level a list names: "Gồm các xã: Trà Giang, Trà Đốc (huyện Bắc Trà My); Trà Mai
    (huyện Nam Trà My)", "xã Tân Lập, Tân Liên, Hướng Lộc và Thuận"; a bracketed district after a group
    of names places all of them. Names that stay unknown or ambiguous are left out."""
    word = LEVEL_WORD.get(level)
    if word is None:
        return []
    body = regex.sub(r"^\W*(?i:gồm(?: có)?\s*)?(?i:các\s+)?(?:" + word + r"\s*)?:?\s*", "", text.strip())
    out: list[PlaceRef] = []
    for chunk in regex.split(r"\s*;\s*", body):
        parent = regex.search(r"\((?i:huyện|thành phố|thị xã)\s+([^()]+)\)\s*\W*$", chunk)
        district = resolve_name(parent.group(1), "district", None, province) if parent else None
        names = chunk[:parent.start()] if parent else chunk
        for name in regex.split(r"\s*,\s*|\s+và\s+", names):
            name = regex.sub(r"^(?i:" + word + r")\s+", "", name.strip(" .:"))
            own = regex.search(r"\s*\((?i:huyện|thành phố|thị xã)\s+([^()]+)\)$", name)   # "Tài Văn (huyện Trần Đề)"
            where = (resolve_name(own.group(1), "district", None, province) if own else None) or district
            name = name[:own.start()] if own else name
            if not regex.match(r"[\p{Lu}\d]", name) or len(name) > 40:
                continue
            if level == "village":
                found = [h.ref for h in places_in(f"{word} {name}", province, None) if h.ref.level == level]
                ref = found[0] if len(found) == 1 else None
            else:
                ref = resolve_name(name, level, where.district if where else None, province)
            if ref and ref.level == level and all(r.key != ref.key for r in out):
                out.append(ref)
    return out


def _status_goals(corpus, doc_id, p: Passage, hits, deadline, assignee, province, subject=None,
                  citing: str = "") -> list[Commitment]:
    clause = p.folded
    out: list[Commitment] = []
    groups = list(regex.finditer(r"([^()]{3,60}?)\s*\(([^()]+)\)", p.text)) if p.footnote_of else []
    if groups:   # "xã nông thôn mới nâng cao (Đăk Ngọc, Ia Dom và Pờ Y), huyện nông thôn mới (huyện Ngọc Hồi)"
        for g in groups:
            ind = classify_indicator(g.group(1), kinds=("status",))
            if not ind:
                continue
            level = indicator_level(ind)
            for name in regex.split(r",\s*|\s+và\s+", g.group(2)):
                lv = {"commune": "xã", "district": "huyện", "village": "thôn"}.get(level, "")
                found = places_in(name if name.lower().startswith(lv) else f"{lv} {name}", province, None)
                if len(found) == 1 and found[0].ref.level == level:
                    out.append(_goal(doc_id, corpus, p, g.start(), g.end(), ind, found[0].ref, deadline,
                                     assignee=assignee))
        if out:
            return out
    if p.footnote_of and citing:
        # "có thêm 12 xã đạt chuẩn nông thôn mới⁽²⁾" … "⁽²⁾ Gồm các xã: Trà Giang, Trà Đốc (huyện Bắc Trà My); …"
        ind = classify_indicator(citing, kinds=("status",))
        level = indicator_level(ind) if ind else None
        body = FOOTNOTE_MARK.sub("", p.text)
        for ref in _named_places(body, level, province) if level else []:
            out.append(_goal(doc_id, corpus, p, 0, len(p.text), ind, ref, deadline, assignee=assignee))
        return out
    if not STATUS_PHRASE.search(clause):
        return out
    # "(huyện Đắk Glei) đạt chuẩn nông thôn mới": bracketed enclosing units say nothing of the title
    ind = classify_indicator(regex.sub(r"\([^()]*\)", " ", p.text), kinds=("status",))
    if not ind:
        return out
    level = indicator_level(ind)
    for h in hits:
        if h.ref.level == level and not any(c.place.key == h.ref.key for c in out):
            out.append(_goal(doc_id, corpus, p, 0, len(p.text), ind, h.ref, deadline, assignee=assignee))
    if not out and p.index and subject is not None and subject.level == level:
        # "huyện Tháp Mười phấn đấu …; đến năm 2030 trở thành huyện nông thôn mới nâng cao"
        out.append(_goal(doc_id, corpus, p, 0, len(p.text), ind, subject, deadline, assignee=assignee))
    return out


def commitments(corpus: Corpus) -> list[Commitment]:
    """Every commitment of every plan in the corpus, one per place and goal."""
    out: list[Commitment] = []
    for doc_id in corpus.documents:
        out += commitments_of(corpus, doc_id)
    return out


def same_goal_place(a: PlaceRef, b: PlaceRef) -> bool:
    if a.level != b.level:
        return False
    if a.level == "village":
        from pipeline.model.gazetteer import same_village
        return a.commune is not None and a.commune == b.commune and same_village(a.name, b.name)
    return a.key == b.key or (a.level == b.level and place_key(a.name) == place_key(b.name) and a.key.endswith(":moi") == b.key.endswith(":moi") and a.province == b.province)
