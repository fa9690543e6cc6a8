"""Data tables: budget appendices (phụ biểu) and task tables, read cell by cell.

A reader keeps every data table (more than two columns) as a `pipeline.model.Table` whose cells
know their span in the text. Column roles come from the header words in data/table_headers.json
(accent- and case-free): "STT", "Nội dung (nhiệm vụ)", "Kinh phí (triệu đồng)", "Thời gian hoàn
thành", "Đơn vị chủ trì", "Đơn vị phối hợp" … A header may take two or three rows ("Kinh phí"
over "Tổng | NSTW | NSĐP", or "Kế hoạch phấn đấu" over "2024 | 2025 | 2026"), and a row that only
numbers the columns ("1 | 2 | 3") is skipped. A column's class (target or achievement) comes from
its own lowest header cell, from the cell spanning above it only when that says nothing ("Kết quả
thực hiện năm 2024" over "Kế hoạch năm 2024 | Thực hiện đến 30/11/2024"). A table continued on the
next page under its repeated header is read as one table.

- a table with a money column and a known unit (in the header, "ĐVT: triệu đồng" in a header cell
  or just before the table) gives one Budget per amount cell: label from the content cell, kind
  from the column header; amounts of numbered rows are parts (`total_of`) of their group row
  (I, II, A …) or of the total row ("Tổng cộng");
- a table with a "chủ trì"/"thực hiện" column gives one Assignment per body: lead (or
  responsible) from that column, support from "phối hợp", the task from the content column and
  the deadline from the time column. Unnamed partners ("các đơn vị liên quan") are left out.

Every fact quotes its row from the label (or task) cell to its own cell and records the cell as
`table_row` (0 = the first header row) and `table_column`. Pure: Document in, facts out.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

import regex

from extractors.common import load_rules, make_fact
from pipeline.model import Assignment, Budget, ConsistencyCheck, Document, DocumentInfo, Quantity, Table, TableCell
from pipeline.model.normalize import fold

MAX_HEADER_ROWS = 3
CAPTION_WINDOW = 400          # characters before a table searched for its unit ("ĐVT: triệu đồng")
AMOUNT = regex.compile(r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")
YEAR_CELL = regex.compile(r"^(?i:năm\s+)?(?:19|20)\d\d$")
COLUMN_NUMBER = regex.compile(r"^\(?\d{1,2}\)?(?:\s*[=+\-*/x]\s*\(?\d{1,2}\)?)*$")


@dataclass
class TableFacts:
    budgets: list[Budget] = field(default_factory=list)      # total_of: index into this list
    assignments: list[Assignment] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)  # targets and achievements of result tables
    budget_spans: list[tuple[int, int]] = field(default_factory=list)      # tables read for budgets
    assignment_spans: list[tuple[int, int]] = field(default_factory=list)  # … and for assignments
    quantity_spans: list[tuple[int, int]] = field(default_factory=list)    # … and for results
    total_amounts: set[int] = field(default_factory=set)    # the amounts of the tables' total rows


class _TableRules(NamedTuple):
    roles: list[tuple[str, regex.Pattern]]
    units: list[tuple[regex.Pattern, int]]
    money_kinds: list[tuple[regex.Pattern, str]]
    totals: regex.Pattern
    group_numbers: regex.Pattern
    counted_after_money: regex.Pattern     # "tổng số" + "xã": a count, no money


@functools.cache
def _rules() -> _TableRules:
    r = load_rules("table_headers.json")

    def words(items):
        return regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(
            regex.escape(fold(w)).replace(r"\ ", r"\s+") for w in sorted(items, key=len, reverse=True))
            + r")(?![\p{L}\p{N}])")
    roles = [(name, words(items)) for name, items in r["roles"]]
    counted = regex.compile(r"\s*" + words(r["counted_after_money_words"]).pattern)
    units = [(words([u]), scale) for u, scale in r["units"]]
    kinds = [(regex.compile(p), kind) for p, kind in r["money_kinds"]]
    totals = regex.compile(r"^(?:" + "|".join(regex.escape(fold(t)) for t in r["total_labels"]) + r")(?![\p{L}])")
    return _TableRules(roles, units, kinds, totals, regex.compile(r["group_numbers"]), counted)


def _role(header: str) -> str | None:
    folded = fold(header)
    rules = _rules()
    for name, pattern in rules.roles:
        m = pattern.search(folded)
        if m and not (name == "money" and rules.counted_after_money.match(folded, m.end())):
            return name     # "tổng số xã" counts communes: no money column
    return None


def _unit(text: str) -> int | None:
    folded = fold(text)
    for pattern, scale in _rules().units:
        if pattern.search(folded):
            return scale
    return None


def _is_number_row(cells: list[TableCell]) -> bool:
    """A row that numbers the columns: "1 | 2 | 3 | 4=5+6", "(1) | (2) | (3)"."""
    texts = [c.text for c in cells if c.text]
    return len(texts) >= 3 and all(COLUMN_NUMBER.match(t.replace(" ", "")) for t in texts) \
        and len({t for t in texts}) == len(texts)


def _header_rows(table: Table) -> int:
    """How many of the table's first rows are header: the header row and rows under it that hold
    header words and no amounts (sub-headings such as "Tổng | NSTW | NSĐP"), or whose cells not
    carried down from the row above are years and words ("2024 | 2025 | 2026 | NTM nâng cao" under
    "Kế hoạch phấn đấu | Năm đạt chuẩn")."""
    count, above = 1, {c.column: c.text for c in table.header}
    for row in table.rows[:MAX_HEADER_ROWS - 1]:
        texts = [c.text for c in row if c.text]
        new = {c.column: c.text for c in row if c.text and c.text != above.get(c.column)}
        # the row's label cell carried down from above ("TT", "Xã"), years and words in the others
        years = any(YEAR_CELL.match(t) for t in new.values()) and min(c.column for c in row) not in new \
            and all(YEAR_CELL.match(t) or not regex.search(r"\d", t) for t in new.values())
        if not years and (not texts or any(AMOUNT.match(t) for t in texts) or not any(_role(t) for t in texts)):
            break
        count += 1
        above = {c.column: c.text for c in row}
    return count


@dataclass
class _Column:
    index: int
    role: str | None
    header: str                 # every header row's text over the column, top down
    bottom: str                 # the lowest header cell's text
    unit: int | None


def _columns(table: Table, header_rows: list[list[TableCell]], before: str) -> dict[int, _Column]:
    grid = sorted({c.column for row in [*header_rows, *table.rows] for c in row})
    table_unit = _unit(" ".join(c.text for row in header_rows for c in row if "đvt" in fold(c.text))) \
        or _unit(before)
    columns = {}
    for col in grid:
        texts = []
        for row in header_rows:
            # a header cell spanning several columns stands at its first: take the nearest on the left
            here = [c for c in row if c.column <= col and c.text]
            if here:
                cell = max(here, key=lambda c: c.column)
                if not texts or texts[-1] != cell.text:
                    texts.append(cell.text)
        bottom = next((c.text for row in reversed(header_rows) for c in row if c.column == col and c.text), "")
        role = _role(bottom) if bottom else None
        if role is None and texts:
            role = _role(" ".join(texts))
        header = " ".join(texts)
        if role is None and any(_unit(b) for b in regex.findall(r"\(([^()]{1,20})\)", header)):
            role = "money"      # "Kế hoạch (triệu đồng)": a column in a money unit, in brackets, holds money
        columns[col] = _Column(col, role, header, bottom, _unit(header) or table_unit)
    return columns


def _amount(text: str) -> Decimal | None:
    t = text.replace(" ", "").strip()
    if not AMOUNT.match(t):
        return None
    whole, _, frac = t.partition(",")
    try:
        return Decimal(whole.replace(".", "") + ("." + frac if frac else ""))
    except InvalidOperation:
        return None


def _quote(first: TableCell | None, cell: TableCell) -> tuple[int, int]:
    """From the row's label cell to `cell`, when both stand in the same row line; else the cell."""
    assert cell.span is not None
    if first is not None and first.span and first.span[0] < cell.span[0] and first.span[1] <= cell.span[0] \
            and first.row == cell.row:
        return first.span[0], cell.span[1]
    return cell.span


def _cell(row: list[TableCell], col: int | None) -> TableCell | None:
    if col is None:
        return None
    return next((c for c in row if c.column == col), None)


def _label_column(columns: dict[int, _Column], body: list[list[TableCell]]) -> int | None:
    """The column that names each row: the task column, else the first column of words ("Xã",
    "Nguồn vốn", "Đơn vị") left of the figures."""
    task = next((c.index for c in columns.values() if c.role == "task"), None)
    if task is not None:
        return task
    for col in sorted(columns):
        if columns[col].role == "number":
            continue
        texts = [c.text for row in body for c in row if c.column == col and c.text]
        if texts and sum(bool(regex.search(r"\p{L}{2}", t)) and not RESULT_CELL.match(t) for t in texts) * 2 > len(texts):
            return col
    return None


def _budgets(doc: Document, table: Table, columns: dict[int, _Column], body: list[list[TableCell]],
             out: TableFacts) -> bool:
    money = [c for c in columns.values() if c.role == "money" and c.unit]
    task = _label_column(columns, body)
    number = next((c.index for c in columns.values() if c.role == "number"), None)
    if not money or task is None:
        return False
    rules = _rules()
    kinds, totals, group_number = rules.money_kinds, rules.totals, rules.group_numbers
    made: list[tuple[Budget, str, int, int]] = []      # budget, row kind (total|group|item), column, row
    seen: set[tuple[int, int]] = set()                  # a cell merged over rows counts once
    for row in body:
        label_cell = _cell(row, task)
        label = label_cell.text if label_cell else ""
        num = (_cell(row, number).text if _cell(row, number) else "").strip()
        folded = fold(label)
        row_kind = "total" if (not num or not num[:1].isdigit()) and totals.match(folded) else \
            "group" if num and group_number.match(num) else "item"
        for column in money:
            cell = _cell(row, column.index)
            if cell is None or cell.span is None or cell.span in seen:
                continue
            seen.add(cell.span)
            value = _amount(cell.text)
            if not value:
                continue   # "0" (like "-") is an empty cell: nothing allocated, no money fact
            kind = next((k for p, k in kinds if p.search(fold(column.header))), None)
            name = label or num or None
            if len(money) > 1 and column.bottom and fold(column.bottom) not in ("tong", "tong so", "tong cong"):
                name = f"{name} ({column.bottom})" if name else column.bottom
            s, e = _quote(label_cell, cell)
            budget = make_fact(Budget, doc, s, e, amount_vnd=int(value * column.unit), label=name,
                               kind=kind or ("plan" if row_kind != "item" else "plan component"),
                               table_row=cell.row, table_column=cell.column)
            made.append((budget, row_kind, column.index, cell.row))
    if not made:
        return False
    base = len(out.budgets)
    # parts: an item belongs to the group row above it, else to the table's total row (same column)
    for i, (budget, kind, col, _) in enumerate(made):
        if kind == "total":
            continue
        parent = None
        if kind == "item":
            parent = next((j for j in range(i - 1, -1, -1) if made[j][1] == "group" and made[j][2] == col), None)
        if parent is None:
            parent = next((j for j, m in enumerate(made) if m[1] == "total" and m[2] == col), None)
        if parent is not None:
            budget.total_of = base + parent
        elif not any(m[1] == "total" for m in made) and kind == "item":
            budget.kind = budget.kind if budget.kind != "plan component" else "plan"
    out.budgets += [m[0] for m in made]
    out.total_amounts |= {m[0].amount_vnd for m in made if m[1] == "total"}
    return True


def _agencies(text: str) -> tuple[list[str], bool]:
    """The bodies one cell names, and whether the cell named several."""
    from extractors.agencies import agency_head_at, split_group, unnamed

    # "- A - B" (bullets run together in one cell) splits where an agency head follows the dash;
    # "Phòng Tài chính - Kế hoạch" stays whole.
    text = regex.sub(r"(?:^|\s+)[-–+•]\s+(?=\S)", lambda m: ";" if agency_head_at(text, m.end()) else m.group(), text)
    names: list[str] = []
    for part in regex.split(r"\s*[;\n]\s*", text):
        part = part.strip(" ,.;:-+")
        if not part:
            continue
        for name in split_group(part):
            name = name.strip(" ,.;:-")
            if name and not unnamed(name):
                names.append(name[:1].upper() + name[1:])
    return names, len(names) > 1


def _deadline(doc: Document, cell: TableCell | None, doc_date: str | None) -> str | None:
    from extractors.dates import deadline_value, find_dates

    if cell is None or cell.span is None:
        return None
    mentions = find_dates(doc, cell.span[0], cell.span[1], doc_date)
    return deadline_value(mentions[-1]) if mentions else None


def _assignments(doc: Document, info: DocumentInfo, columns: dict[int, _Column],
                 body: list[list[TableCell]], out: TableFacts) -> bool:
    from extractors.agencies import canonical_agency

    leads = [c for c in columns.values() if c.role == "lead"]
    if not leads:
        return False
    supports = [c for c in columns.values() if c.role == "support"]
    task = next((c.index for c in columns.values() if c.role == "task"), None)
    deadline_col = next((c.index for c in columns.values() if c.role == "deadline"), None)
    made = False
    for row in body:
        task_cell = _cell(row, task)
        task_text = task_cell.text if task_cell else ""
        if not task_text:
            continue
        deadline = _deadline(doc, _cell(row, deadline_col), info.date)
        for column in leads + supports:
            cell = _cell(row, column.index)
            if cell is None or cell.span is None or not cell.text:
                continue
            role = "support" if column.role == "support" else \
                "lead" if "chu tri" in fold(column.header) else "responsible"
            names, several = _agencies(cell.text)
            s, e = _quote(task_cell, cell)
            for name in names:
                out.assignments.append(make_fact(
                    Assignment, doc, s, e, assignee=name, role=role, task=task_text[:300], deadline=deadline,
                    assignee_group=cell.text if several else None, agency=canonical_agency(name),
                    table_row=row[0].row if row else None, table_column=cell.column))
                made = True
    return made


RESULT_CELL = regex.compile(r"^(?:(?P<cmp>[≥≤<>]=?)\s*)?(?P<num>\d{1,3}(?:\.\d{3})*(?:,\d+)?|\d+(?:,\d+)?)\s*(?:(?P<pct>%)|/\s*(?P<den>\d+(?:,\d+)?))?"
                           r"(?:\s*(?P<unit>\p{Ll}[\p{Ll} ]{0,24}))?$")     # "19 tiêu chí", "3 xã"
YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
UNIT_HEADERS = {"dvt", "don vi tinh", "don vi"}
COMPARATORS = {"≥": ">=", "≤": "<=", ">=": ">=", "<=": "<=", ">": ">", "<": "<"}


def _results(doc: Document, info: DocumentInfo, columns: dict[int, _Column], body: list[list[TableCell]],
             out: TableFacts, carried: tuple[str, str | None] | None = None) -> tuple[str, str | None] | None:
    """A table of results ("Tỉnh | PAR Index | SIPAS …" with "83,1/100 | 62/63 | 83,0%" cells, "STT | Nội
    dung | Lâm Đồng …" with "6,74 | 58"): one fact per figure cell, in a section of results (an
    achievement, as of the year its heading or the text before it names) or of targets. Each quotes
    the cell before it in the row, so that a bare rank keeps the score it ranks."""
    from extractors.common import as_int_if_whole, parse_number
    from extractors.sections import document_date, results_class

    def is_figure(c: TableCell) -> bool:
        return bool(c.text and RESULT_CELL.match(c.text.strip())) and columns.get(c.column) is not None \
            and columns[c.column].role != "number"

    # a row of figures (or one figure under a header that says what it is: "Số tiêu chí đã đạt"):
    # its money cells are budgets (read by _budgets), the others results
    # the sub-column's own header decides, the cell spanning above it only when it says nothing
    column_class = {col: _column_class(c.bottom) or _column_class(c.header) or _whole_class(c.bottom)
                    for col, c in columns.items()}
    # "Số xã đạt chuẩn đến 31/12/2024" in a plan of 2025: what was reached by that date
    dated = {col: d for col, c in columns.items() if column_class[col] is None
             and (d := _dated_before(c.header, document_date(doc, info)))}
    column_class.update({col: "achievement" for col in dated})
    for col in sorted(columns):   # "Ước thực hiện | Tỷ lệ (%)": a ratio column compares the column just before it
        if column_class[col] is None and _is_ratio(columns[col].header or ""):
            column_class[col] = column_class.get(max((c for c in columns if c < col), default=None))
    rows = [row for row in body if sum(map(is_figure, row)) >= 2
            or any(is_figure(c) and column_class.get(c.column) for c in row)]
    if len(rows) < 2 or any(columns[c.column].role == "lead" for row in rows for c in row
                            if is_figure(c) and c.column in columns):
        return None
    label_col = _label_column(columns, body)
    # "ĐVT" / "Đơn vị tính": each row's unit in a column of its own
    unit_col = next((c.index for c in columns.values() if fold(c.bottom).strip(" :()") in UNIT_HEADERS), None)
    made = False
    # rows of words above the first row of figures are sub-headings ("Điểm số | Thứ hạng")
    first = body.index(rows[0])
    sub = {c.column: c.text for row in body[:first] for c in row if c.text}
    cells = [c for row in rows for c in row if c.span]
    span = (min(c.span[0] for c in cells), max(c.span[1] for c in cells))
    cls, as_of = carried or results_class(doc, info, span[0])
    if cls is None and not any(column_class[c.column] for row in rows for c in row if is_figure(c)
                               and columns[c.column].role != "money"):
        return None
    for row in rows:
        row_unit = next((c.text.strip() for c in row if c.column == unit_col and c.text.strip()
                         and not RESULT_CELL.match(c.text.strip())), None)
        row = sorted((c for c in row if c.span and c.text.strip()), key=lambda c: c.span[0])
        label = next((c.text for c in row if not RESULT_CELL.match(c.text.strip())), "")
        label_cell = next((c for c in row if c.column == label_col), None) \
            or next((c for c in row if not RESULT_CELL.match(c.text.strip())), None)
        for i, cell in enumerate(row):
            m = RESULT_CELL.match(cell.text.strip())
            column = columns.get(cell.column)
            if not m or column is None or column.role in ("number", "money") or _is_base(column.bottom):
                continue
            if not parse_number(m.group("num")):
                continue   # "Ngọc Hiển | 6 | 4 | 0": a zero cell is an empty cell, nothing reached, no fact
            if YEAR_CELL.match(cell.text.strip()) and _is_year_column(column.header):
                continue   # "Năm phấn đấu đạt chuẩn | 2025": a date, no figure
            kind = column_class.get(cell.column) or cls
            if kind is None:
                continue
            # the quote runs from the row's label ("Trung Kênh | 15/19"), else from the cell before
            start = label_cell.span[0] if label_cell is not None and label_cell.span[0] < cell.span[0] else \
                row[i - 1].span[0] if i else cell.span[0]
            bottom = sub.get(cell.column) or column.bottom
            # a roadmap's column of a year ("Năm 2025") dates its cells and names no unit
            year = YEAR.findall(" ".join(x for x in (column.header, bottom) if x))
            header_unit = None if year else (bottom or column.header or "").strip().lower() or None
            counted = m.group("den") and OF_TOTAL.search(bottom or column.header or "")
            unit = "%" if m.group("pct") else m.group("unit") or \
                ("%" if _is_ratio(column.header) else row_unit or (counted.group(1).lower() if counted else header_unit))
            den = parse_number(m.group("den")) if m.group("den") else None
            q = make_fact(Quantity, doc, start, cell.span[1], kind=kind, value=as_int_if_whole(parse_number(m.group("num"))),
                          unit=unit, denominator=as_int_if_whole(den), comparator=COMPARATORS.get(m.group("cmp") or ""),
                          subject=" – ".join(x for x in (label, column.header if column.header != bottom else "",
                                                         bottom) if x) or None)
            date = dated.get(cell.column) or (year[-1] if year else as_of)
            if kind == "achievement":
                q.as_of = date
            else:
                q.deadline = date
            out.quantities.append(q)
            made = True
    return (cls, as_of) if made else None


OF_TOTAL = regex.compile(r"/\s*(?:tổng\s+)?số\s+(\p{L}+)\s*$", regex.I)    # "Xã đạt chuẩn/tổng số xã": x/y of communes


def _is_base(header: str) -> bool:
    """"Số xã", "Tổng số hộ": the column counts what there is, not what was reached."""
    return fold(header).strip(" :()") in {fold(w) for w in load_rules("table_headers.json")["base_columns"]}


def _is_year_column(header: str) -> bool:
    """"Năm phấn đấu đạt chuẩn", "Năm hoàn thành": a column of years (table_headers year_columns)."""
    words = load_rules("table_headers.json")["year_columns"]
    return not YEAR.search(header) and bool(regex.search(r"(?<![\p{L}])(?:" + "|".join(
        regex.escape(fold(w)) for w in words) + r")(?![\p{L}])", fold(header)))


def _is_ratio(header: str) -> bool:
    """"Tỷ lệ (%)", "So với kế hoạch": a column that compares the figures before it (table_headers ratio_columns)."""
    return bool(regex.search(r"(?<![\p{L}])(?:" + "|".join(regex.escape(fold(w)) for w in load_rules("table_headers.json")["ratio_columns"])
                             + r")(?![\p{L}])", fold(header)))


def _column_class(header: str) -> str | None:
    """"Số tiêu chí đã đạt": a column of achievements; "Chỉ tiêu phấn đấu": of targets, whatever
    the section (data/table_headers.json `result_columns`)."""
    folded = fold(header)
    # "Ước thực hiện năm 2024": the first words say (an estimate is a target, though "thực hiện năm" follows)
    found = [(m.start(), kind) for kind, pattern in _column_classes() if (m := pattern.search(folded))]
    return min(found)[1] if found else None


def _whole_class(header: str) -> str | None:
    """A criterion table's "Chỉ tiêu" column, the whole of its lowest header (`result_columns_whole`)."""
    folded = " ".join(fold(header).strip(" :()").split())
    return next((kind for kind, words in load_rules("table_headers.json")["result_columns_whole"].items()
                 if folded in {fold(w) for w in words}), None)


def _dated_before(header: str, doc_date: str | None) -> str | None:
    """The date of a header "… đến 31/12/2024" / "… đến hết năm 2024" when it is before the document's
    own (`dated_before_document`), in ISO form; else None."""
    if not doc_date:
        return None
    words = "|".join(regex.escape(fold(w)).replace(r"\ ", r"\s+") for w in sorted(
        load_rules("table_headers.json")["dated_before_document"], key=len, reverse=True))
    m = regex.search(r"(?<![\p{L}])(?:" + words + r")\s+(?:(?:ngay\s+)?(?P<d>\d{1,2})/(?P<m>\d{1,2})/|nam\s+)"
                     r"(?P<y>(?:19|20)\d\d)(?!\d)", fold(header))
    if not m:
        return None
    if m.group("d"):
        iso = f"{m.group('y')}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
        return iso if iso < doc_date[:10] and len(doc_date) >= 10 or m.group("y") < doc_date[:4] else None
    return m.group("y") if m.group("y") < doc_date[:4] else None


@functools.cache
def _column_classes() -> list[tuple[str, regex.Pattern]]:
    return [(kind, regex.compile(r"(?<![\p{L}])(?:" + "|".join(regex.escape(fold(w)) for w in words) + r")(?![\p{L}])"))
            for kind, words in load_rules("table_headers.json")["result_columns"].items()]


# where one body's name ends and the next begins in an OCR'd row: "… Sở Nông nghiệp và Môi trường Sở Tài chính"
NEXT_BODY = regex.compile(r"(?<=[\p{L}\p{N})])(?<!Văn\s+phòng|Chủ\s+tịch|Thường\s+trực|Lãnh\s+đạo)\s+(?<!\s(?:và|,)\s)(?=(?:Sở|Ban|Bộ|UBND|Ủy ban|Phòng|Trung tâm|Công an|Văn phòng|"
                          r"Thanh tra|Cục|Chi cục|Đài|Báo|Hội|Liên đoàn|Tỉnh đoàn|Bảo hiểm|Kho bạc|Ngân hàng|Quỹ|Các)\s)")


def _text_tables(doc: Document, info: DocumentInfo, out: TableFacts, written: list[tuple[int, int]]) -> None:
    """A task table the reader could not rebuild (an OCR'd page): a line naming the columns ("Nội
    dung | Thời gian hoàn thành | Đơn vị chủ trì | Đơn vị phối hợp") and the rows under it, read in
    the header's order: the row's text up to its deadline is the task, the first body named the lead,
    the bodies after it the partners."""
    from extractors.agencies import actor_at, agency_head_at, canonical_agency
    from extractors.dates import deadline_in

    text, pos = doc.text, 0
    covered = [t.span for t in doc.tables if t.span] + written   # tables already read cell by cell
    lines = []
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    i = 0
    while i < len(lines):
        hs, he = lines[i]
        header = fold(text[hs:he])
        i += 1
        if len(header) > 160 or regex.search(r"[.;,]", header):
            continue   # a header names columns; a sentence that uses the words is no header
        found = [(m.start(), m.end(), name) for name, pattern in _rules().roles for m in pattern.finditer(header)]
        roles = [(a, name) for a, _, name in found if name in ("task", "deadline", "lead", "support", "number")]
        names = {name for _, name in roles}
        covered_letters = sum(b - a for a, b, _ in found)
        if not {"lead", "task"} <= names or len(names) < 3 or any(a <= hs < b for a, b in covered) \
                or covered_letters < 0.5 * len(regex.sub(r"[\s|]", "", header)):
            continue
        lead_first = min(p for p, n in roles if n == "lead") < min((p for p, n in roles if n == "support"), default=10 ** 6)
        start = hs
        while i < len(lines):
            rs, re_ = lines[i]
            row = text[rs:re_]
            if (sep := "\t" if "\t" in text[hs:he] else "|" if "|" in text[hs:he] else None) and sep not in row:
                break   # a line without the header's cell separator is the text after the table
            bodies = [m for m in regex.finditer(r"(?:^|(?<=\|\s?)|(?<=\s))(?=\p{Lu})", row) if agency_head_at(text, rs + m.start())]
            if not bodies or not row.strip() or row.isupper() or regex.match(r"\s*[IVXLC]{1,6}\.\s", row):
                break   # the table ends at a line naming no body, or at the next section
            first = rs + bodies[0].start()
            region = text[first:re_]
            groups = [g for g in regex.split(r"\s*\|\s*|" + NEXT_BODY.pattern, region) if g and g.strip(" |")]
            task = text[rs:first].strip(" |")
            task = regex.sub(r"^\d{1,3}[.)]?\s+", "", task)
            deadline = deadline_in(doc, rs, first, info.date) or _plain_deadline(task)
            for k, group in enumerate(groups):
                role = ("lead" if lead_first else "support") if k == 0 else ("support" if lead_first else "lead")
                a = actor_at(group, 0, len(group))
                name = group[:a.end].strip(" ,;.|") if a else group.strip(" ,;.|")
                if not name or not task:
                    continue
                out.assignments.append(make_fact(Assignment, doc, rs, re_, assignee=name, role=role, task=task[:300],
                                                 deadline=deadline, agency=canonical_agency(name)))
            i += 1
        if i > 0 and lines[i - 1][1] > start:
            out.assignment_spans.append((start, lines[i - 1][1]))


def _plain_deadline(task: str) -> str | None:
    """"… Quý II/2025", "… Tháng 5/2024" at the end of a row's task cell."""
    m = regex.search(r"(?i:quý)\s+(I{1,3}|IV|[1-4])\s*/\s*((?:19|20)\d\d)\s*$", task)
    if m:
        q = {"I": 1, "II": 2, "III": 3, "IV": 4}.get(m.group(1).upper()) or int(m.group(1))
        return f"{m.group(2)}-{q * 3:02d}"
    m = regex.search(r"(?i:tháng)\s+(\d{1,2})\s*/\s*((?:19|20)\d\d)\s*$", task)
    return f"{m.group(2)}-{int(m.group(1)):02d}" if m else None


def _texts(row: list[TableCell]) -> list[str]:
    return [c.text for c in row]


def _joined_parts(tables: list[Table]) -> list[tuple[Table, list[tuple[int, int] | None]]]:
    """A table continued on the next page repeats its header rows there: its parts are one table
    (a part of one row, "1 | Đắk Sôr | 19" at a page's foot, is no table of its own). Each table
    with the spans of its parts."""
    out: list[Table] = []
    parts: list[list[tuple[int, int] | None]] = []
    for table in tables:
        last = out[-1] if out else None
        if last is not None and last.page is not None and table.page == last.page + 1 \
                and _texts(table.header) == _texts(last.header) and table.rows:
            repeated = 0
            while repeated < min(len(table.rows), len(last.rows)) \
                    and _texts(table.rows[repeated]) == _texts(last.rows[repeated]):
                repeated += 1
            out[-1] = Table(page=table.page, header=last.header, rows=[*last.rows, *table.rows[repeated:]])
            parts[-1].append(table.span)
        else:
            out.append(table)
            parts.append([table.span])
    return list(zip(out, parts))


def extract_tables(doc: Document, info: DocumentInfo) -> TableFacts:
    """Budgets, assignments and results from the document's data tables."""
    out = TableFacts()
    previous: tuple[tuple[str, ...], tuple[str, str | None]] | None = None   # a results table and its class
    from extractors.text_tables import text_tables

    written = text_tables(doc, lambda h: _role(h) is not None or _column_class(h) is not None)
    for table, parts in _joined_parts([*doc.tables, *written]):
        span = table.span
        if span is None:
            continue
        spans = [p for p in parts if p]     # what lies between a table's parts (a page's footnotes) is no table
        n = _header_rows(table)
        header_rows = [table.header, *table.rows[:n - 1]]
        body = [row for row in table.rows[n - 1:] if row and not _is_number_row(row)]
        before = doc.text[max(0, span[0] - CAPTION_WINDOW):span[0]]
        columns = _columns(table, header_rows, before)
        if _budgets(doc, table, columns, body, out):
            out.budget_spans += spans
        if _assignments(doc, info, columns, body, out):
            out.assignment_spans += spans
        else:
            header = tuple(c.text for c in table.header)
            # a table continued over a page repeats its header: it is read as the part before it was
            read = _results(doc, info, columns, body, out, previous[1] if previous and previous[0] == header else None)
            if read:
                out.quantity_spans += spans
                previous = (header, read)
    _text_tables(doc, info, out, [t.span for t in written if t.span])
    return out


def _money(amount: int, scale: int) -> str:
    return f"{amount / scale:,.3f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",").replace(" ", ".")


def sum_checks(doc: Document, budgets: list[Budget], table_budgets: list[Budget]) -> list[ConsistencyCheck]:
    """A table's total (or group) row against the sum of its parts, column by column."""
    out = []
    index = {id(b): i for i, b in enumerate(budgets)}
    for total in table_budgets:
        i = index.get(id(total))
        parts = [b for b in table_budgets if b.total_of == i]
        if i is None or len(parts) < 2:
            continue
        got = sum(b.amount_vnd for b in parts)
        scale = 10 ** 6 if all(b.amount_vnd % 10 ** 5 == 0 for b in [total, *parts]) else 1
        ok = abs(got - total.amount_vnd) <= max(scale // 1000, 1) * len(parts)
        start = min(b.span[0] for b in [total, *parts])
        end = max(b.span[1] for b in [total, *parts])
        unit = " triệu" if scale > 1 else ""
        out.append(make_fact(ConsistencyCheck, doc, start, end, kind="sum",
                             stated=_money(total.amount_vnd, scale) + unit,
                             computed=" + ".join(_money(b.amount_vnd, scale) for b in parts)
                             + f" = {_money(got, scale)}{unit}", consistent=ok,
                             note=f"table column {total.table_column}: {total.label}"))
    return out
