"""Documents attached to the first one in the same file: a draft decision sent with a letter, the
charter a decision approves, a report's annexes (Phụ lục), a list of recipients, a second letter.

The document block is the first document's; each attachment is recorded with where it starts,
its heading, its own number when it has one, and the reference it makes to the first document
("Kèm theo Quyết định số 779 /QĐ-UBND ngày 23 / 3 /2022"). Facts found after an attachment's
start are marked with its index (`Fact.attachment`).

An attachment starts at:
- a "Kèm theo …" / "Ban hành kèm theo …" line after the first document's signature block, with
  the capitalised heading lines just above it;
- a "PHỤ LỤC" heading at a line start after the body;
- a second national motto (a second letter in the file) after the first document's body; when an
  attachment's heading follows it closely, the motto and the issuer lines above it open that
  attachment (a plan issued with its decision and printed with its own header).
Does not handle: an annex without a heading or a "Kèm theo" line.
"""
from __future__ import annotations

import regex

from extractors.header import MOTTOS, doc_lines, parse_number
from extractors.names import fold_chars, is_upper
from pipeline.model import Attachment, Document, Extraction

ATTACHED_LINE = regex.compile(
    r"^\(?\s*(?:\(?Ban\s+hành\s+)?[Kk]èm\s+theo\s+(?P<type>[\p{L} ]{2,30}?)\s+(?:s[ốôo]\s*:?\s*)?"
    r"(?P<ref>\d[\d\s]*/\s*(?:(?:19|20)\d\d\s*/\s*)?[A-ZĐ][\p{L}\d&\-\s…]*?|[./…\s]*/\s*[A-ZĐ][\p{L}\d&\-…]*)?"
    r"\s*,?\s*(?:ngày\s*(?P<date>[^)\n]{0,40}?))?\s*(?:của\s+[^)\n]*)?\)?\s*$", regex.I)
ANNEX = regex.compile(r"^(?:PHỤ\s+LỤC|Phụ\s+lục\s+(?:[IVX\d]+|số))\b")
HEADER_TO_HEADING = 300     # at most this far from an attachment's motto to its heading
DATE_WORDS = regex.compile(r"(\d{1,2})\s*(?:/|tháng)\s*(\d{1,2})\s*(?:/|năm)\s*((?:19|20)\d\d)")


def find_attachments(doc: Document, body_start: int) -> list[Attachment]:
    """The attachments of a file, in text order, after the first document's header."""
    lines = doc_lines(doc)
    found: list[Attachment] = []
    folded = fold_chars(doc.text)
    second_header = [m.start() for m in MOTTOS.finditer(folded, body_start) if m.group("state") or m.group("party")]
    min_start = body_start + 200          # an attachment follows some body text
    for i, (start, _end, line) in enumerate(lines):
        text = line.strip()
        if start < min_start or not text:
            continue
        m = ATTACHED_LINE.match(text)
        if m and m.group("type") and _is_document_type(m.group("type")):
            head = i
            # The heading above: capitalised lines ("ĐIỀU LỆ" / "QUỸ …"), and a subtitle between the
            # heading and this line ("DANH SÁCH" / "Danh sách các đơn vị …").
            if i >= 2 and len(lines[i - 1][2]) < 100 and not is_upper(lines[i - 1][2].strip()) \
                    and is_upper(lines[i - 2][2].strip()):
                head = i - 1
            while head > 0 and i - head < 3 and lines[head - 1][0] >= min_start and is_upper(lines[head - 1][2].strip()):
                head -= 1
            heading = " ".join(lines[k][2].strip() for k in range(head, i)) or None
            if found and found[-1].kind == "annex" and 0 <= lines[head][0] - found[-1].start < 400:
                extra = _attachment(doc, found[-1].start, "annex", found[-1].heading, m)   # "Phụ lục I" / its "Kèm theo"
                found[-1] = extra
                continue
            found.append(_attachment(doc, lines[head][0], "annex", heading, m))
        elif ANNEX.match(text) and (not found or start > found[-1].start + 200):
            found.append(_attachment(doc, start, "annex", text[:200], None))
    annexes = [a.start for a in found]
    for at in second_header:
        line_start = doc.text.rfind("\n", 0, at) + 1
        if line_start < min_start or any(a <= line_start for a in annexes):
            continue            # a form inside an annex is part of the annex, not a document
        # The new letter's header starts at the issuer lines above its motto.
        k = next(j for j, (s, _e, _t) in enumerate(lines) if s == line_start)
        while k > 0 and line_start - lines[k - 1][0] < 200 and is_upper(lines[k - 1][2].strip()):
            k -= 1
        headed = next((a for a in found if 0 <= a.start - line_start < HEADER_TO_HEADING), None)
        if headed is not None:     # the plan a decision issues, with its own header: one attachment
            headed.start, headed.page = lines[k][0], doc.page_of(lines[k][0])
            continue
        number = None
        for _s, _e, t in lines[k:k + 8]:
            if (num := parse_number(t.strip())) is not None:
                number = num["number"]
                break
        found.append(Attachment(start=lines[k][0], page=doc.page_of(lines[k][0]), kind="document",
                                heading=lines[k][2].strip()[:200], number=number))
    found.sort(key=lambda a: a.start)
    return found


def _is_document_type(word: str) -> bool:
    from extractors.names import rules

    _, types, _ = rules()
    folded = fold_chars(word.strip().lower())
    return any(folded == fold_chars(n.lower()) for n in types["names"]) or folded in ("cong van", "van ban")


def _attachment(doc: Document, start: int, kind: str, heading: str | None, m: regex.Match | None) -> Attachment:
    ref = regex.sub(r"\s+", "", m.group("ref")) if m and m.group("ref") else None
    date = None
    if m and m.group("date"):
        d = DATE_WORDS.search(m.group("date"))
        if d:
            date = f"{int(d.group(3)):04d}-{int(d.group(2)):02d}-{int(d.group(1)):02d}"
    return Attachment(start=start, page=doc.page_of(start), kind=kind, heading=heading,
                      attached_to=ref if ref and "/" in ref else None,
                      attached_to_type=m.group("type").strip() if m else None, attached_to_date=date)


def mark_attachments(result: Extraction, attachments: list[Attachment]) -> None:
    """Mark every fact that stands in an attachment with the attachment's index."""
    if not attachments:
        return
    starts = [a.start for a in attachments]
    from pipeline.model import FACT_KINDS

    for kind in FACT_KINDS:
        for fact in getattr(result, kind):
            index = max((k for k, s in enumerate(starts) if s <= fact.span[0]), default=None)
            fact.attachment = index
