"""Downloads for offices: Excel workbooks (openpyxl) and CSV with a UTF-8 byte-order mark, so that
Excel shows the diacritics. One sheet layout for every workbook ntm writes (the task register
tasks.xlsx, a district page, the digest): a dark header row, wrapped cells, dates as Excel dates
(dd/mm/yyyy), the header frozen and filters on."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any, Iterable

BOM = "\ufeff"


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    width: int = 16


@dataclass
class Sheet:
    title: str                        # Excel allows 31 characters, no []:*?/\
    columns: list[Column]
    rows: list[dict[str, Any]]


def cell_value(value: Any) -> Any:
    """What a cell holds: ISO days become dates; lists and dicts JSON; the rest as is."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_sheet(ws, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.title = sheet.title[:31]
    ws.append([c.heading for c in sheet.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E78")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in sheet.rows:
        ws.append([cell_value(row.get(c.key)) for c in sheet.columns])
    for i, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(cell.value, (dt.date, dt.datetime)):
                cell.number_format = "DD/MM/YYYY"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{max(ws.max_row, 1)}"


def workbook(sheets: Iterable[Sheet]):
    from openpyxl import Workbook

    wb = Workbook()
    for i, sheet in enumerate(sheets):
        write_sheet(wb.active if i == 0 else wb.create_sheet(), sheet)
    return wb


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    out = io.BytesIO()
    workbook(sheets).save(out)
    return out.getvalue()


def csv_text(columns: list[Column], rows: Iterable[dict[str, Any]]) -> str:
    """CSV with Vietnamese headings, led by the UTF-8 byte-order mark Excel needs."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(c.heading for c in columns)
    for row in rows:
        writer.writerow("" if row.get(c.key) is None else _csv_cell(row.get(c.key)) for c in columns)
    return out.getvalue()


def _csv_cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value
