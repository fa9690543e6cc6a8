"""Tasks: procedural duties with an assignee ("báo cáo UBND tỉnh trước ngày 31/12/2024", "hoàn thiện
hồ sơ … trình … trước ngày 30/9/2024"), one per agency, from the assignments the extractors found in
plans. Their status says only what a date can say: pending before the deadline, no report after it
("Chưa có báo cáo"), none without a deadline; a reviewer can record what happened."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from pipeline.crosscheck.mentions import Source, make_source
from pipeline.crosscheck.periods import end_of
from pipeline.crosscheck.places import doc_district
from pipeline.crosscheck.reading import is_plan
from pipeline.model import gazetteer as gaz
from pipeline.store.corpus import Corpus


@dataclass
class Task:
    key: str
    assignee: str
    role: str | None
    task: str
    deadline: str | None
    source: Source
    status: str | None
    reason: str
    district: str
    fact_id: int | None = None


def tasks(corpus: Corpus, today: dt.date) -> list[Task]:
    out: list[Task] = []
    seen = set()
    for row in corpus.facts.get("assignments", []):
        doc = corpus.documents.get(row["doc_id"])
        if doc is None or not is_plan(doc):
            continue
        who = row.get("agency") or row.get("assignee") or ""
        span = (row.get("span_start") or 0, row.get("span_end") or 0)
        k = (row["doc_id"], span, who)
        if not who or k in seen:
            continue
        seen.add(k)
        src = make_source(corpus, row["doc_id"], span[0], span[1], row.get("page"), row.get("quote"))
        src.anchor = f"assignments-{row['id']}"
        deadline = str(row["deadline"]) if row.get("deadline") else None
        end = end_of(deadline)
        if end is None:
            status, reason = None, "Văn bản không ghi thời hạn."
        elif end > today:
            status, reason = "pending", f"Chưa đến hạn {deadline}."
        else:
            status, reason = "no_evidence", f"Đã quá hạn {deadline}; chưa có văn bản nào báo cáo việc thực hiện."
        key = "tk-" + hashlib.sha256("|".join((doc.get("sha256") or "", " ".join((src.quote or "").split()), who,
                                              deadline or "")).encode("utf-8")).hexdigest()[:12]
        code = doc_district(corpus, row["doc_id"])
        u = gaz.unit("district", code) if code else None
        out.append(Task(key, who, row.get("role"), row.get("task") or row.get("quote") or "", deadline, src,
                        status, reason, u.name if u else "Toàn tỉnh", row.get("id")))
    return out
