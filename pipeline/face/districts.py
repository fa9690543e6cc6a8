"""District pages and the digest as people read them: the stored findings of an area
(pipeline/store/districts.py) with Vietnamese labels, grouped and ordered, and the same rows as
downloads (Excel, CSV). Shared by the web (/-/dia-ban, /-/den-han), `ntm due` and the report."""
from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.crosscheck.vocabulary import STATUS_LABELS, indicator_label
from pipeline.face import labels
from pipeline.face.exports import Column, Sheet, csv_text, xlsx_bytes

STATUS_COLORS = {"met": "#2e7d32", "met_late": "#558b2f", "partly_met": "#9e9d24", "missed": "#c62828",
                 "pending": "#1565c0", "no_evidence": "#757575", "contradicted": "#6a1b9a"}
# What needs a reader's attention first: disagreement, failure, silence, then the rest.
ATTENTION_ORDER = ("contradicted", "missed", "no_evidence", "partly_met", "pending", "met_late", "met")


def page_label(row: dict[str, Any]) -> str:
    """"trang 3" for a paged original, "đoạn 12" for plain text; never a character offset."""
    return f"{row.get('page_unit') or 'trang'} {row['page']}" if row.get("page") else ""


def day(iso: str | None) -> str:
    """"31/05/2025" from "2025-05-31"; anything else as it is."""
    try:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso and len(iso) == 10 else (iso or "")
    except ValueError:
        return iso


def days_text(row: dict[str, Any]) -> str:
    """"quá 15 ngày", "hôm nay", "còn 16 ngày"."""
    n = row.get("days_left")
    if n is None:
        return ""
    return f"quá {-n} ngày" if n < 0 else "hôm nay" if n == 0 else f"còn {n} ngày"


def review_label(row: dict[str, Any]) -> str:
    if not row.get("review_status"):
        return ""
    note = f" — {row['review_note']}" if row.get("review_note") else ""
    return f"{STATUS_LABELS.get(row['review_status'], row['review_status'])}{note}"


def labelled(row: dict[str, Any]) -> dict[str, Any]:
    """A finding with what its columns say in Vietnamese (keys ending in _label, page, days)."""
    return {**row, "kind_label": labels.value("finding_kind", row["kind"]),
            "what": row.get("task") if row["kind"] == "task" else row.get("label"),
            "who": row.get("assignee") if row["kind"] == "task" else (row.get("place") or row.get("assignee")),
            "role_label": labels.value("role", row.get("role")),
            "indicator_text": indicator_label(row["indicator"]) if row.get("indicator") else "",
            "status_label": row.get("status_label") or STATUS_LABELS.get(row.get("status") or "", ""),
            "status_color": STATUS_COLORS.get(row.get("status") or "", "#9e9e9e"),
            "review_label": review_label(row), "page_label": page_label(row),
            "document": row.get("number") or row.get("file_name"),
            "due_label": labels.value("due_state", row.get("due_state")) or "",
            "days_text": days_text(row), "deadline_day": day(row.get("deadline_end"))}


def status_groups(commitments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Commitments by status, in ATTENTION_ORDER, each group with its label and colour."""
    out = []
    for status in ATTENTION_ORDER:
        rows = [labelled(r) for r in commitments if r["status"] == status]
        if rows:
            out.append({"status": status, "label": STATUS_LABELS[status], "color": STATUS_COLORS[status],
                        "rows": rows})
    return out


def timeline_entries(place: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**e, "status_label": labels.value("mention_status", e["status"]),
             "indicator_text": indicator_label(e["indicator"]) if e.get("indicator") else "",
             "page_label": page_label(e), "document": e.get("document") or f"văn bản {e['doc_id']}"}
            for e in place["entries"]]


def places(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The area's communes and villages, each with its labelled timeline and latest status."""
    out = []
    for p in view["places"]:
        entries = timeline_entries(p)
        out.append({**p, "level_label": labels.value("level", p["level"]), "entries": entries,
                    "latest": entries[-1]})
    return out


# ---------------------------------------------------------------- downloads

DUE_COLUMNS = [Column("due_label", "Hạn", 13), Column("days_text", "Số ngày", 12), Column("deadline_end", "Ngày cuối", 12),
               Column("deadline", "Thời hạn (như văn bản ghi)", 14), Column("kind_label", "Loại", 10),
               Column("what", "Nội dung", 60), Column("who", "Cơ quan / địa bàn", 30),
               Column("area_label", "Huyện, tỉnh", 22), Column("status_label", "Tình trạng", 16),
               Column("reason", "Lý do", 50), Column("review_label", "Thẩm định", 24),
               Column("document", "Văn bản", 18), Column("date", "Ngày văn bản", 12),
               Column("page_label", "Trang", 9), Column("quote", "Trích dẫn", 60),
               Column("commitment_key", "Mã", 16)]
COMMITMENT_COLUMNS = [Column("status_label", "Tình trạng", 16), Column("fraction", "Tỷ lệ", 10),
                      Column("label", "Cam kết", 50), Column("indicator_text", "Chỉ tiêu", 24),
                      Column("place", "Địa bàn", 20), Column("deadline", "Thời hạn", 12),
                      Column("deadline_end", "Ngày cuối", 12), Column("reason", "Lý do", 50),
                      Column("review_label", "Thẩm định", 24), Column("evidence_text", "Bằng chứng", 50),
                      Column("document", "Văn bản", 18), Column("date", "Ngày văn bản", 12),
                      Column("page_label", "Trang", 9), Column("quote", "Trích dẫn", 60),
                      Column("commitment_key", "Mã", 16)]
TASK_COLUMNS = [Column("deadline_end", "Ngày cuối", 12), Column("deadline", "Thời hạn", 12),
                Column("assignee", "Cơ quan", 32), Column("role_label", "Vai trò", 12),
                Column("task", "Nhiệm vụ", 60), Column("status_label", "Tình trạng", 16),
                Column("reason", "Lý do", 40), Column("review_label", "Thẩm định", 24),
                Column("evidence_text", "Bằng chứng", 50),
                Column("document", "Văn bản", 18), Column("date", "Ngày văn bản", 12),
                Column("page_label", "Trang", 9), Column("commitment_key", "Mã", 16)]
PLACE_COLUMNS = [Column("level_label", "Cấp", 10), Column("name", "Tên", 28), Column("commune", "Thuộc xã", 18),
                 Column("when", "Thời điểm", 12), Column("status_label", "Trạng thái", 16),
                 Column("indicator_text", "Chỉ tiêu", 24), Column("decision", "Quyết định", 24),
                 Column("document", "Văn bản", 18), Column("date", "Ngày văn bản", 12),
                 Column("page_label", "Trang", 9), Column("quote", "Trích dẫn", 60)]


def _evidence_text(row: dict[str, Any]) -> str:
    return "; ".join(f"{e.get('number') or e.get('file_name')}"
                     f"{', ' + page_label(e) if e.get('page') else ''} ({e.get('date') or '?'})"
                     for e in row.get("evidence", []))


def area_sheets(view: dict[str, Any]) -> list[Sheet]:
    """A district page as three sheets: commitments (attention order), tasks, communes and villages."""
    commitments = [{**r, "evidence_text": _evidence_text(r)} for g in status_groups(view["commitments"])
                   for r in g["rows"]]
    timeline = [{**e, "level_label": p["level_label"], "name": p["name"], "commune": p["commune"]}
                for p in places(view) for e in p["entries"]]
    return [Sheet("Cam kết", COMMITMENT_COLUMNS, commitments),
            Sheet("Nhiệm vụ", TASK_COLUMNS, [{**labelled(r), "evidence_text": _evidence_text(r)} for r in view["tasks"]]),
            Sheet("Xã, thôn", PLACE_COLUMNS, timeline)]


def area_xlsx(view: dict[str, Any]) -> bytes:
    return xlsx_bytes(area_sheets(view))


def area_csv(view: dict[str, Any]) -> str:
    """The commitments and tasks of an area in one CSV (one sheet's worth: Excel opens one table)."""
    rows = [labelled(r) for g in status_groups(view["commitments"]) for r in g["rows"]]
    rows += [labelled(r) for r in view["tasks"]]
    return csv_text(DUE_COLUMNS[2:], rows)


def due_xlsx(rows: list[dict[str, Any]]) -> bytes:
    return xlsx_bytes([Sheet("Đến hạn", DUE_COLUMNS, [labelled(r) for r in rows])])


def due_csv(rows: list[dict[str, Any]]) -> str:
    return csv_text(DUE_COLUMNS, [labelled(r) for r in rows])
