"""Tasks: procedural duties with an assignee ("báo cáo UBND tỉnh trước ngày 31/12/2024", "hoàn thiện
hồ sơ … trình … trước ngày 30/9/2024"), one per agency, from the assignments the extractors found in
plans. Their status says only what a date can say: pending before the deadline, no report after it
("Chưa có báo cáo"), none without a deadline; a reviewer can record what happened.

A task belongs to the district it is assigned to ("UBND huyện Kon Rẫy tập trung …"), else to the
district whose body issued the plan, else to the whole province of the plan ("Toàn tỉnh Kon Tum"):
a provincial plan's tasks are not a district's because the plan names that district most."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import regex

from pipeline.crosscheck.mentions import Source, make_source
from pipeline.crosscheck.periods import end_of
from pipeline.crosscheck.places import doc_scope, resolve_name
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
    district_code: str | None = None
    province_code: str | None = None


# "Ủy ban nhân dân huyện Kon Rẫy", "UBND thành phố Kon Tum": a district-level body and its name
DISTRICT_BODY = regex.compile(r"(?:[Hh]uyện|[Tt]hị xã|[Tt]hành phố)\s+(\p{Lu}[\p{L}\p{M}'’]*(?:[\s-]+\p{Lu}[\p{L}\p{M}'’]*)*)")
DISTRICT_WORD = regex.compile(r"(?i)\bhuyện")          # "Ban Thường vụ Huyện ủy": a district body, unnamed


SUBJECT_WITHIN = 20       # "Ủy ban nhân dân huyện Kon Rẫy tập trung …": the body opens the task's sentence


def _named_district(text: str, province: str | None, within: int | None = None) -> tuple[str, str] | None:
    """(code, name) of the one district a body's name names, inside the province given; with
    `within`, only a body named in the text's first characters (the sentence's subject)."""
    for m in DISTRICT_BODY.finditer(text or ""):
        if within is not None and m.start() > within:
            break
        ref = resolve_name(m.group(1), "district", province=province)
        if ref is not None:
            return ref.district, ref.name
    return None


def task_area(corpus: Corpus, doc: dict, assignee: str, task: str = "") -> tuple[str, str | None, str | None]:
    """(district label, district code, province code) of a task: the district it is assigned to
    (named in the assignee, or as the subject of the task under a collective heading such as "Ủy
    ban nhân dân các huyện, thành phố"), else the district body that issued it, else the plan's
    province as a whole."""
    district, province = doc_scope(corpus, doc["id"])
    named = (_named_district(assignee, province) or _named_district(task, province, SUBJECT_WITHIN)
             or _named_district(doc.get("issuer") or "", province))
    if named is None and district and DISTRICT_WORD.search(doc.get("issuer") or ""):
        u = gaz.unit("district", district)
        named = (district, u.name) if u else None
    if named is not None:
        u = gaz.unit("district", named[0])
        return named[1], named[0], u.province if u else province
    p = gaz.unit("province", province) if province else None
    return (f"Toàn tỉnh {p.name}" if p else "(không rõ)"), None, province


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
        district, district_code, province_code = task_area(corpus, doc, who, row.get("task") or "")
        out.append(Task(key, who, row.get("role"), row.get("task") or row.get("quote") or "", deadline, src,
                        status, reason, district, row.get("id"), district_code, province_code))
    return out
