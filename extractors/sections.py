"""Where in a document a figure stands: the document's date, kind (directive or report) and area, the
headings enclosing an offset and the class they give its figures (targets, achievements, or none:
"tồn tại, hạn chế" sections), and what a result table's figures are. Shared by the quantities and
the table readers; heading words live in data/quantity_cues.json.
"""
from __future__ import annotations

import bisect
import functools

import regex

from extractors.common import section_headings
from extractors.dates import find_dates
from extractors.figures import figure_regex, quantity_rules
from pipeline.model import Document, DocumentInfo, Place


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
    rules = quantity_rules()
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


NUMBERED_ITEM = regex.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?[ ]+\p{Lu}[^\t|\n]*$", regex.M)   # not a table's row


@functools.lru_cache(maxsize=8)
def _numbered_items(text: str) -> tuple[list[int], list[int]]:
    """Offsets and levels of the numbered items of a text ("3." is 1, "2.1." is 2), headings or not."""
    found = [(m.start(), m.group(1).count(".") + 1) for m in NUMBERED_ITEM.finditer(text)]
    return [o for o, _ in found], [lv for _, lv in found]


def heading_chain(doc: Document, offset: int, headings) -> list[str]:
    """Texts of the headings enclosing `offset`, innermost first (a footnote takes its citation's)."""
    for fn in doc.footnotes:
        if fn.span[0] <= offset < fn.span[1] and fn.citations:
            offset = fn.citations[0][0]
            break
    chain, level, seen = [], 99, offset + 1
    for h_off, number, text in reversed(headings):
        if h_off > offset:
            continue
        lv = 0 if regex.fullmatch(r"[IVXLC]+", number) else number.count(".") + 1
        # "3. Tổng kế hoạch vốn … 69% kế hoạch." then the long item "4. Tuy nhiên, …": a sibling item, though too
        # long to be a heading, ends the one before it
        offsets, levels = _numbered_items(doc.text)
        level = min([level, *levels[bisect.bisect_left(offsets, h_off + 1):bisect.bisect_left(offsets, seen)]])
        seen = h_off
        if lv < level:
            chain.append(text)
            level = lv
        if lv == 0:
            break
    return chain


# a second head word joined to the first part: "KẾT QUẢ … VÀ MỤC TIÊU …", "KẾT QUẢ …; PHƯƠNG HƯỚNG …"
BOTH_PARTS = regex.compile(r"(?i)(?:\svà|[;,])\s+$")


def section_class(chain: list[str]) -> str | None:
    """skip / target / achievement from the innermost heading that says; a heading about problems
    and their remedies at once ("III. CÁC VẤN ĐỀ TỒN TẠI, HẠN CHẾ … VÀ GIẢI PHÁP KHẮC PHỤC") says none,
    and so does one of results and goals side by side ("KẾT QUẢ NĂM 2024 VÀ MỤC TIÊU NĂM 2025")."""
    for text in chain:
        if (figure_regex("heading_target").search(text) or figure_regex("heading_plan_period").search(text)) and regex.search(
                "|".join(quantity_rules()["headings"]["skip"]), text, regex.I):
            return None
        if figure_regex("heading_skip").search(text):
            return "skip"
        # "KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU", "PHƯƠNG HƯỚNG … KẾT QUẢ": the heading's head word, the first, says
        found = sorted((m.start(), cls) for cls in ("target", "achievement") if (m := figure_regex("heading_" + cls).search(text)))
        if len(found) == 2 and BOTH_PARTS.search(text[found[0][0]:found[1][0]]):
            return None   # "KẾT QUẢ NĂM 2024 VÀ MỤC TIÊU NĂM 2025": a section of both, its sentences' cues decide
        if found:
            return found[0][1]
    return None


def section_headings_of(doc: Document):
    """The numbered headings of the document (offset, number, text), less bare numbers ("1.2")."""
    return [h for h in section_headings(doc) if not regex.match(r"\d{1,2}(?:\.\d)*$", h[2])]


def results_class(doc: Document, info: DocumentInfo, offset: int) -> tuple[str | None, str | None]:
    """What the figures of a table at `offset` are: achievements in a section of results (or in a
    report), as of the year its heading or the text before it names; targets in a section of targets
    (by that year); nothing elsewhere."""
    chain = heading_chain(doc, offset, section_headings_of(doc))
    section = section_class(chain)
    doc_date = document_date(doc, info)
    lead_in = doc.text[max(0, offset - 300):offset]
    cls = section if section in ("target", "achievement") else None
    if cls is None and section is None:   # the sentence that announces the table: "… kết quả … như sau:"
        # the cue nearest the table decides: a list line above it ("Giải ngân …: 58,3% kế hoạch") is no lead-in
        cues = [(m.end(), kind) for kind in ("target", "achievement")
                for m in figure_regex(f"heading_{kind}").finditer(lead_in)]
        cls = max(cues)[1] if cues else "achievement" if document_kind(doc, info) == "report" else None
    years = [y for text in chain for y in regex.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text)]
    before = regex.findall(r"(?<![\d/])(?:19|20)\d\d(?![\d/])", doc.text[max(0, offset - 400):offset])
    year = (years[:1] or before[-1:] or [doc_date[:4] if doc_date else None])[0]
    return cls, year
