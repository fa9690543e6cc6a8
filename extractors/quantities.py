"""Quantities: targets (forward-looking) and achievements (claimed results).

A figure is a number with a unit noun after it ("05 thôn", "107/114 tiêu chí", "62,4%", "đạt 46,35
kế hoạch", "07-10 tiêu chí", "17,83 tiêu chí/xã"). Numbers that are labels (Thôn 3, Tiêu chí số 9,
năm 2023, 1754/KH-UBND, ĐH.21), dates and money are not figures. Each figure is then classed by
the cue nearest before it in its sentence, else by the headings above it, else by the cues of the
paragraph, else by the kind of document. Cue words, units and headings live in data/*.json.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

import regex

from extractors.common import as_int_if_whole, load_rules, make_fact, parse_number
from extractors.dates import doc_year, find_dates
from pipeline.model import DateMention, Document, DocumentInfo, Place, Quantity

NUM = r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"
NUMBER_AT = regex.compile(r"(?<![\p{L}\p{N}.,/\-–])(" + NUM + r")(?![\p{N}]|[.,]\d)")
DENOMINATOR = regex.compile(r"\s*/\s*(" + NUM + r")(?![\p{N}]|[.,]\d|\s*/\s*\d)")
RANGE_MAX = regex.compile(r"\s*(?:[-–]|(?<=\s)(?:đến|tới)(?=\s))\s*(" + NUM + r")(?![\p{N}/]|[.,]\d)")
PERCENT = regex.compile(r"\s*%(?:\s*(?:so\s+với\s+)?kế\s+hoạch)?")
PLAN_SHARE = regex.compile(r"\s+kế\s+hoạch(?!\p{L})")
FOOTNOTE = r"(?:⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)"
# Between an "X/Y" count and the percentage that restates it: "…, đạt ", " (chiếm ".
PERCENT_OF_COUNT = regex.compile(r"[^;:()\d]{0,80}?(?:,\s*|\(\s*|\s)(?:chiếm|đạt|bằng)(?:\s+tỷ\s+lệ)?\s*|\s*\(\s*")


def _rules():
    return load_rules("quantity_cues.json")


def _units():
    return load_rules("units.json")


def _alternation(words) -> str:
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_compiled: dict[str, object] = {}


def _rx(name: str):
    """Regexes built once from the rule files."""
    if name not in _compiled:
        r, u = _rules(), _units()
        if name == "unit":
            canon = {w.lower(): c for w, c in u["units"]}
            _compiled["unit_canon"] = canon
            _compiled[name] = regex.compile(r"\s*(" + _alternation(canon) + r")(?![\p{L}\p{N}])", regex.I)
        elif name == "rate":
            _compiled[name] = regex.compile(r"\s*/\s*(" + _alternation(u["rate_denominators"]) + r")(?!\p{L})", regex.I)
        elif name == "label_word":
            _compiled[name] = regex.compile(r"(?<!\p{L})(?:" + _alternation(r["not_before_number"]) + r")\s*[.:]?\s*$", regex.I)
        elif name in ("target", "achievement", "weak_achievement", "weak_target"):
            _compiled[name] = regex.compile("|".join(f"(?:{p})" for p in r[name]), regex.I)
        elif name == "label_exception":   # "nâng cấp 2,4 km" is a verb and its object, not "cấp 2"
            _compiled[name] = regex.compile(r"(?<!\p{L})(?:" + "|".join(r["label_exceptions"]) + r")\s*$", regex.I)
        elif name == "group_before":
            _compiled[name] = regex.compile(r"(?<!\p{L})(?:" + "|".join(r["group_before"]) + r")\s*$", regex.I)
        elif name == "status_before":
            _compiled[name] = regex.compile("|".join(r["status_before"]), regex.I)
        elif name == "status_after":
            _compiled[name] = regex.compile("|".join(r["status_after"]), regex.I)
        elif name == "total_words":
            _compiled[name] = regex.compile(r["total_words"], regex.I)
        elif name.startswith("heading_"):
            _compiled[name] = regex.compile("|".join(r["headings"][name[8:]]), regex.I)
        elif name == "cmp_before":
            _compiled[name] = [(regex.compile(r"(?<!\p{L})" + regex.escape(w).replace(r"\ ", r"\s+") + r"\s*$", regex.I), op)
                               for w, op in sorted(r["comparators_before"], key=lambda x: -len(x[0]))]
        elif name == "cmp_after":
            _compiled[name] = [(regex.compile(regex.escape(w).replace(r"\ ", r"\s+"), regex.I), op) for w, op in r["comparators_after"]]
    return _compiled[name]


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


def decimals_of(raw: str) -> int:
    return len(raw.split(",", 1)[1]) if "," in raw else 0


def find_figures(text: str, start: int, end: int) -> list[Figure]:
    """Every figure (number + unit) in text[start:end]."""
    unit_rx, rate_rx, label_rx = _rx("unit"), _rx("rate"), _rx("label_word")
    canon = _compiled["unit_canon"]
    out = []
    for m in NUMBER_AT.finditer(text, start, end):
        raw, pos = m.group(1), m.end()
        if out and m.start() < out[-1].end:
            continue   # the upper bound of a range ("40 - 45 thôn", "từ 05 đến 06 đơn vị")
        before = text[max(0, m.start() - 25):m.start()]
        if (label_rx.search(before) and not _rx("label_exception").search(before)) or \
                regex.search(r"[A-ZĐ](?:\.|\s*)$", before):   # "ĐH.21", "QL 24", not "OCOP. 100%"
            continue
        value = parse_number(raw)
        den = vmax = None
        if d := DENOMINATOR.match(text, pos, end):
            den, pos = parse_number(d.group(1)), d.end()
        elif (r := RANGE_MAX.match(text, pos, end)) and (r.group(0).lstrip()[:1] in "-–" or regex.search(
                r"(?<!\p{L})từ\s*$", text[max(0, m.start() - 8):m.start()], regex.I)):
            vmax, pos = parse_number(r.group(1)), r.end()   # "07-10 tiêu chí", "từ 05 đến 06 đơn vị"
        if p := PERCENT.match(text, pos, end):
            unit = "% kế hoạch" if "hoạch" in p.group(0) else "%"
            pos = p.end()
        elif (p := PLAN_SHARE.match(text, pos, end)) and regex.search(r"(?:đạt|bằng)\s*$", text[max(0, m.start() - 12):m.start()]):
            unit, pos = "% kế hoạch", p.end()
        elif u := unit_rx.match(text, pos, end):
            unit, pos = canon[regex.sub(r"\s+", " ", u.group(1).lower())], u.end()
        else:
            continue
        if value is None or (regex.fullmatch(r"(?:19|20)\d\d", raw) and den is None and unit != "%"):
            continue   # a year, never a count ("2.000 hộ" prints its thousands dot)
        fig = Figure(m.start(), pos, value, unit, raw, den, vmax, decimals=decimals_of(raw))
        if rt := rate_rx.match(text, pos, end):
            fig.per, fig.unit, fig.end = rt.group(1).lower(), f"{unit}/{rt.group(1).lower()}", rt.end()
        elif pu := regex.search(r"(?<!\p{L})mỗi\s+(\p{L}+)(?:\s*,\s*\p{L}+(?:\s+\p{L}+)?)?(?:\s+\p{L}+){0,3}\s*$", text[max(start, m.start() - 40):m.start()], regex.I):
            fig.per = pu.group(1).lower()
            fig.unit = f"{unit}/{fig.per}"
        for rx, op in _rx("cmp_before"):
            if rx.search(text, max(start, m.start() - 15), m.start()):
                if not (op == ">=" and vmax is not None):   # "từ 07-10" is a range, not "at least"
                    fig.comparator = op
                break
        out.append(fig)
    return out


# ---------------------------------------------------------------- text units

def sentences(text: str, start: int = 0, end: int | None = None):
    """(start, end) of sentences within lines: split after . ! ? and ; outside brackets."""
    end = len(text) if end is None else end
    pos = start
    for line in text[start:end].split("\n"):
        ls, le = pos, pos + len(line)
        pos = le + 1
        depth, cur = 0, ls
        for i in range(ls, le):
            c = text[i]
            if c == "(":
                depth += 1
            elif c == ")":
                depth = max(0, depth - 1)
            elif depth == 0 and c in ".!?;" and i + 1 < le and text[i + 1] == " ":
                nxt = text[i + 2:i + 3]
                if c == ";" or nxt.isupper() or nxt.isdigit() or nxt in "\"“(-":
                    if c == "." and regex.search(r"(?:^|\s)\d{1,2}(?:\.\d{1,2})*\.$", text[cur:i + 1]) and i + 1 - cur < 8:
                        continue   # "1.3. Xây dựng …": a section number, not a sentence end
                    yield cur, i + 1
                    cur = i + 2
        if cur < le:
            yield cur, le


def clause_end(text: str, pos: int, limit: int, lists: bool = True) -> int:
    """End of the clause that a figure ending at `pos` belongs to: the next , ; . : or unmatched ")",
    stepping over short or continuing parentheticals ("thôn (làng) vùng …", "04 xã (A; B) đạt …")."""
    i, continued = pos, False
    while i < limit:
        c = text[i]
        if c == "(":
            close = _matching(text, i, limit)
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


def _matching(text: str, i: int, limit: int) -> int | None:
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


# ---------------------------------------------------------------- document context

def document_date(doc: Document, info: DocumentInfo) -> str | None:
    """The document date, else the date on the header's "…, ngày … tháng … năm …" line."""
    if info.date:
        return info.date
    head = doc.text[:600]
    m = regex.search(r"^[^\n]{0,60},\s*ngày[^\n]{0,30}năm\s+((?:19|20)\d\d)", head, regex.M)
    if m:
        dates = find_dates(doc, m.start(), m.end())
        return dates[0].value if dates and dates[0].precision in ("day", "year") else m.group(1)
    return None


def document_kind(doc: Document, info: DocumentInfo) -> str | None:
    """'directive' or 'report', from the type in `info`, else from a type name heading the text."""
    rules = _rules()
    kind_of = {t: "directive" for t in rules["directive_types"]} | {t: "report" for t in rules["report_types"]}
    if info.type:
        return kind_of.get(info.type.lower())
    for line in doc.text[:800].split("\n")[:12]:
        name = line.strip().lower()
        if name in kind_of:
            return kind_of[name]
    if regex.search(r"^(?:V/v|Về việc)\b|^Kính gửi", doc.text[:1500], regex.M):
        return "directive"
    return None


def document_area(info: DocumentInfo, places: list[Place]) -> str | None:
    """The area the document speaks for: the issuer's unit, else the place of issue, else its province."""
    if info.issuer:
        # Lower-case unit words only: "Tỉnh ủy Kon Tum" names a Party committee, not "tỉnh ủy Kon Tum".
        m = regex.search(r"(?:huyện|tỉnh|thành phố|thị xã|xã|thị trấn)\s+(\p{Lu}.*)$", info.issuer)
        if m:
            return m.group(1).strip()
    if info.place:
        return info.place
    provinces = [p.name for p in places if p.level == "province"]
    return provinces[0] if provinces else None


def heading_chain(doc: Document, offset: int, headings) -> list[str]:
    """Texts of the headings enclosing `offset`, innermost first (a footnote takes its citation's)."""
    for fn in doc.footnotes:
        if fn.span[0] <= offset < fn.span[1] and fn.citations:
            offset = fn.citations[0][0]
            break
    chain, level = [], 99
    for h_off, number, text in reversed(headings):
        if h_off > offset:
            continue
        lv = 0 if regex.fullmatch(r"[IVXLC]+", number) else number.count(".") + 1
        if lv < level:
            chain.append(text)
            level = lv
        if lv == 0:
            break
    return chain


def section_class(chain: list[str]) -> str | None:
    for text in chain:
        for cls in ("skip", "target", "achievement"):
            if _rx("heading_" + cls).search(text):
                return cls
    return None


def _headings(doc: Document):
    from extractors.common import section_headings
    return [h for h in section_headings(doc) if not regex.match(r"\d{1,2}(?:\.\d)*$", h[2])]


# ---------------------------------------------------------------- classification

def _date_key(d: str | None) -> str | None:
    """"31/12/2022" → "2022-12-31"; ISO strings pass through."""
    if not d:
        return None
    m = regex.fullmatch(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", d.strip())
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else d


def _last_cue(rx, text: str, s: int, e: int, doc_yr: int | None, kind: str, doc_date: str | None = None,
              doc_kind: str | None = None, section: str | None = None):
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


def _by_cues(text: str, s: int, e: int, doc_yr, ctx) -> str | None:
    """The class given by the last cue in text[s:e]; a weak target verb ("nâng cấp", "lựa chọn") does not
    override an achievement cue before it ("Năm 2023, Nhân dân … góp công nâng cấp 2,4 km")."""
    t = _last_cue(_rx("target"), text, s, e, doc_yr, "target")
    w = _last_cue(_rx("weak_target"), text, s, e, doc_yr, "target")
    a = _last_cue(_rx("achievement"), text, s, e, doc_yr, "achievement", **ctx)
    if t is None and w is None and a is None:
        return None
    if a is not None and (t or -1) < a:
        return "achievement"
    return "target" if max(t or -1, w or -1) > (a or -1) else "achievement"


def _group_only(text: str, fig: Figure, s: int) -> bool:
    """"Đối với 03 huyện miền núi cao", "cho 03 huyện Bắc Trà My, …", "của 12 xã": a count of
    administrative units after a preposition names the group a statement is about, not a result."""
    if fig.denominator or fig.unit.split("/")[0] not in GROUP_UNITS:
        return False
    m = _rx("group_before").search(text, max(s, fig.start - 20), fig.start)
    if not m:
        return False
    if m.group(0).split()[0].lower() in ("đối", "riêng"):
        # a topic ("Đối với 03 huyện miền núi cao: …"), not an object ("tổ chức lễ … đối với 05 thôn")
        return not regex.search(r"[\p{L}\p{N}]", regex.sub(r".*[,:;(]", "", text[s:m.start()]))
    return True


GROUP_UNITS = {"huyện", "xã", "thôn", "tỉnh", "phường", "thị trấn", "thị xã"}


def classify(text: str, sent: tuple[int, int], fig: Figure, para_start: int, doc_yr, section: str | None,
             doc_kind: str | None, previous: str | None = None, doc_date: str | None = None) -> str | None:
    """'target', 'achievement', 'status' or None (not a fact). `previous`: the class of the last
    figure earlier in the same paragraph."""
    s, _ = sent
    if _rx("status_before").search(text[max(s, fig.start - 20):fig.start]) or \
            _rx("status_after").search(text[fig.end:fig.end + 40]):
        return "status"
    if section == "skip":
        return None   # difficulties, causes, proposals: figures there are not claims
    if _group_only(text, fig, s):
        return None
    ctx = dict(doc_date=doc_date, doc_kind=doc_kind, section=section)
    if cls := _by_cues(text, s, fig.start, doc_yr, ctx):
        return cls
    if section in ("target", "achievement"):
        return section
    if previous in ("target", "achievement"):
        return previous
    # Cues earlier in the paragraph carry over ("phấn đấu đến năm 2025 … Toàn tỉnh có 249/498 …").
    if cls := _by_cues(text, para_start, s, doc_yr, ctx):
        return cls
    if _rx("weak_achievement").search(text, s, fig.start):
        return "achievement"
    if doc_kind == "directive":
        return "target"
    if doc_kind == "report":
        return "achievement"
    if doc_kind is None and not _rx("target").search(text, s, sent[1]):
        return "achievement"   # a news article's present-state figure ("100% hộ dân sử dụng điện an toàn")
    return None


# ---------------------------------------------------------------- dates of a figure

def _usable(m: DateMention) -> bool:
    return m.precision != "day" or m.role == "deadline"


def deadline_for(doc: Document, sent, para_start: int, fig: Figure, chain: list[str], headings_dates,
                 doc_date: str | None, section: str | None, kind_text: str) -> str | None:
    """Deadline: a date in the sentence (nearest before the figure, else after), else earlier in the
    paragraph, else the year of an enclosing heading, else (an estimate in a results section) the
    document year."""
    from extractors.dates import deadline_value
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


def component_of(located: list[Located], i: int) -> Located | None:
    """The figure whose bracketed list of parts holds figure i ("42,525 Km (… 19,5 Km; …)"), if any."""
    fig = located[i].fig
    for j in range(i - 1, -1, -1):
        other = located[j]
        if other.sent != located[i].sent:
            break
        if other.fig.unit == fig.unit:
            bracket = bracket_after(other.fig.end, located[i].sent[1], other_text := _TEXT[0])
            if bracket and bracket[0] < fig.start < bracket[1]:
                return other
    return None


_TEXT = [""]


def bracket_after(pos: int, limit: int, text: str) -> tuple[int, int] | None:
    """The bracket opening right after a figure (footnote markers and a few words allowed between)."""
    m = regex.compile(r"(?:\s*" + FOOTNOTE + r")?[^(),;:.]{0,40}?\s*\(").match(text, pos, limit)
    if not m:
        return None
    close = _matching(text, m.end() - 1, limit)
    return (m.end() - 1, close) if close else None


# ---------------------------------------------------------------- the extractor

@dataclass
class Located:
    """A figure with the sentence, paragraph and quote it stands in."""
    fig: Figure
    sent: tuple[int, int]
    para_start: int
    quote: tuple[int, int]
    clause: tuple[int, int]


def locate_figures(doc: Document) -> list[Located]:
    """Every figure in the document with its quote: from the end of the previous figure's quote (or
    the sentence start) to the end of its clause."""
    text, out = doc.text, []
    para_start = 0
    for s, e in sentences(text):
        if s == 0 or text[s - 1] == "\n":
            para_start = s
        figs = find_figures(text, s, e)
        left, prev = s, None
        for i, fig in enumerate(figs):
            limit = figs[i + 1].start if i + 1 < len(figs) else e
            cend = clause_end(text, fig.end, limit)
            qs = left
            if prev is not None:
                brk = clause_end(text, prev.fig.end, fig.start, lists=False)
                if brk >= fig.start or _rx("total_words").search(text, prev.fig.end, fig.start):
                    # "107/114 tiêu chí đạt 93,86%", "03 tuyến đường, với tổng chiều dài 42,525 Km":
                    # one clause, two figures
                    qs = prev.clause[0]
                else:
                    while (nb := clause_end(text, brk + 1, fig.start, lists=False)) < fig.start:
                        brk = nb   # the last clause break before the figure starts its quote
                    qs = brk
            if fig.start - qs > 150:
                cut = max((m.end() for m in regex.finditer(r"[,;:(]", text[qs:fig.start])), default=0)
                qs += cut
            qs, qe = trim(text, qs, cend)
            if prev is not None and fig.unit.startswith("%") and prev.fig.denominator and PERCENT_OF_COUNT.fullmatch(
                    regex.sub(FOOTNOTE, "", text[prev.fig.end:fig.start])):
                qs = min(qs, prev.fig.start)   # "195/228 tiêu chí, đạt 85,5%": the percentage quotes its count too
            out.append(Located(fig, (s, e), para_start, (qs, qe), (qs, cend)))
            prev = out[-1]
    return out


def extract_quantities(doc: Document, info: DocumentInfo,
                       places: list[Place]) -> tuple[list[Quantity], list[Quantity]]:
    text = doc.text
    _TEXT[0] = text
    doc_date = document_date(doc, info)
    doc_yr = doc_year(doc_date)
    kind = document_kind(doc, info)
    area = document_area(info, places)
    headings = _headings(doc)
    targets: list[Quantity] = []
    achievements: list[Quantity] = []
    located = locate_figures(doc)
    previous: dict[int, str | None] = {}       # paragraph start → class of its last figure
    for i, loc in enumerate(located):
        fig = loc.fig
        if fig.unit in MEASURES and component_of(located, i):
            continue   # "42,525 Km (tuyến ĐH.21 dài 19,5 Km; …)": the parts of a stated total
        if fig.unit.split("/")[0] in ("tuyến",) or fig.unit == "tuyến":
            # "03 tuyến đường, với tổng chiều dài 42,525 Km": the length is the fact, the count describes it.
            nxt = located[i + 1] if i + 1 < len(located) else None
            if nxt and nxt.sent == loc.sent and _rx("total_words").search(text, fig.end, nxt.fig.start):
                continue
        chain = heading_chain(doc, fig.start, headings)
        section = section_class(chain)
        cls = classify(text, loc.sent, fig, loc.para_start, doc_yr, section, kind, previous.get(loc.para_start), doc_date)
        if cls in ("target", "achievement"):
            previous[loc.para_start] = cls
        else:
            continue
        comparator = fig.comparator
        for rx, op in _rx("cmp_after"):
            if rx.search(text, fig.end, loc.clause[1]):
                comparator = op
        q = make_fact(Quantity, doc, *loc.quote, kind=cls, value=as_int_if_whole(fig.value), unit=fig.unit,
                      denominator=as_int_if_whole(fig.denominator), comparator=comparator,
                      value_max=as_int_if_whole(fig.value_max), subject=subject_of(text, fig, loc.clause),
                      place=place_for(text, loc.sent[0], fig.start, places, area))
        if cls == "target":
            q.deadline = deadline_for(doc, loc.sent, loc.para_start, fig, chain, None, doc_date, section, q.text)
            bucket = targets
        else:
            q.as_of, q.as_of_inferred = as_of_for(doc, loc.sent, fig, doc_date)
            bucket = achievements
        if any(o.value == q.value and o.denominator == q.denominator and not _same_sentence(o, q, located) and o.unit == q.unit and o.deadline == q.deadline
               and o.place == q.place and (_similar(o.text, q.text) or _similar(o.subject or "", q.subject or "", 0.75))
               for o in bucket):
            continue   # the same figure repeated with the same meaning
        bucket.append(q)
    return targets, achievements
