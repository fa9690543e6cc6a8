"""Tasks: procedural duties with an assignee ("báo cáo UBND tỉnh trước ngày 31/12/2024", "hoàn thiện
hồ sơ … trình … trước ngày 30/9/2024"), one per agency, from the assignments the extractors found in
plans. Their status: pending before the deadline, none without a deadline; after it, what a later
document says of the task ("Phòng Nông nghiệp … đã hoàn thiện hồ sơ …, trình … ngày 28/10/2024": met, or
met_late after the deadline; "Việc phân bổ … chưa hoàn thành" written after the deadline: missed), else
no report ("Chưa có báo cáo"). A reviewer can record what happened.

A task belongs to the district it is assigned to ("UBND huyện Kon Rẫy tập trung …"), else to the
district whose body issued the plan, else to the whole province of the plan ("Toàn tỉnh Kon Tum"):
a provincial plan's tasks are not a district's because the plan names that district most."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import regex

from pipeline.crosscheck.mentions import Source, make_source
from pipeline.crosscheck.passages import passages_of
from pipeline.crosscheck.periods import end_of, first_day_in
from pipeline.crosscheck.places import doc_scope, resolve_name
from pipeline.crosscheck.reading import is_plan
from pipeline.crosscheck.scope import doc_date
from pipeline.crosscheck.tracing import Evidence
from pipeline.crosscheck.vocabulary import cue_at, has_cue, split_at_cues
from pipeline.model import gazetteer as gaz
from pipeline.model.normalize import fold
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
    evidence: list[Evidence] = field(default_factory=list)


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


MATCH_SHARE = 0.6          # of the task's own word pairs a report's clause must repeat to speak of it
MATCH_MIN = 4


def _pairs(folded: str) -> set[tuple[str, str]]:
    """The task's own word pairs: generic words (who leads, the deadline, the body reported to) dropped."""
    words = [w for part in split_at_cues(folded, "task_reports", "generic") for w in regex.findall(r"[\w/]+", part)]
    return set(zip(words, words[1:]))


def _done_or_not(corpus: Corpus) -> list[tuple]:
    """Every clause of every dated document that says something was done or not, read once:
    (doc id, date, stance, the date it names, passage, its word pairs)."""
    if "_done_or_not" not in corpus.memo:
        out = []
        for doc_id in corpus.documents:
            date = doc_date(corpus, doc_id)
            if date is None:
                continue
            for p in passages_of(corpus, doc_id):
                if p.kind != "clause":
                    continue
                if has_cue(p.folded, "task_reports", "not_done"):
                    out.append((doc_id, date, "not_done", None, p, _pairs(p.folded)))
                elif cue_at(p.folded, "task_reports", "done"):
                    out.append((doc_id, date, "done", first_day_in(p.folded), p, _pairs(p.folded)))
        corpus.memo["_done_or_not"] = out
    return corpus.memo["_done_or_not"]


def _speaks_for(clause: str, who: str) -> bool:
    """"Sở Nông nghiệp … đã rà soát …" settles the Sở Nông nghiệp's task, not the Sở Tài chính's given the
    same task; a clause without a body as its subject ("Việc phân bổ … chưa hoàn thành") speaks for all."""
    return not has_cue(clause, "task_reports", "agency_subject") or bool(who) and who in clause


def _reported(corpus: Corpus, row: dict, deadline: str | None, end: dt.date | None, today: dt.date
              ) -> tuple[str, str, list[Evidence]] | None:
    """What the latest later document saying the task was done or not makes of it, with its clause.
    A task given without a deadline is met when done; said not done, it is not missed (no deadline
    passed), only without evidence."""
    made = doc_date(corpus, row["doc_id"])
    want = _pairs(fold(row.get("task") or ""))
    if len(want) < MATCH_MIN:
        return None
    who = fold(row.get("agency") or row.get("assignee") or "")
    said = [(date, stance, when, p) for doc_id, date, stance, when, p, pairs in _done_or_not(corpus)
            if doc_id != row["doc_id"] and (made is None or date > made) and date <= today
            and len(want & pairs) >= max(MATCH_MIN, MATCH_SHARE * len(want)) and _speaks_for(p.folded, who)]
    if not said:
        return None
    date, stance, when, p = max(said, key=lambda s: s[0])
    src = make_source(corpus, p.doc_id, p.start, p.end)
    ev = [Evidence("outcome", src, (when or date).isoformat(), stance="positive" if stance == "done" else "negative")]
    doc = src.number or src.file_name
    if end is None:
        if stance == "done":
            return "met", f"Đạt: {doc} ghi đã thực hiện ngày {(when or date):%d/%m/%Y}; văn bản giao không ghi thời hạn.", ev
        return "no_evidence", f"Văn bản không ghi thời hạn; {doc} ({date:%d/%m/%Y}) ghi chưa hoàn thành.", ev
    if stance == "done" and (when or date) <= end:
        return "met", f"Đạt: {doc} ghi đã thực hiện ngày {(when or date):%d/%m/%Y}, trong hạn {deadline}.", ev
    if stance == "done" and when:
        return "met_late", f"Đạt muộn: {doc} ghi đã thực hiện ngày {when:%d/%m/%Y}, sau hạn {deadline}.", ev
    if stance == "done":
        return "no_evidence", (f"Đã quá hạn {deadline}; {doc} ({date:%d/%m/%Y}) ghi đã thực hiện nhưng không ghi ngày, "
                               "không rõ có trong hạn không."), ev
    if date > end:
        return "missed", f"Không đạt: {doc} ({date:%d/%m/%Y}) ghi chưa hoàn thành, sau hạn {deadline}.", ev
    return "no_evidence", (f"Đã quá hạn {deadline}; chỉ có báo cáo giữa kỳ {doc} ({date:%d/%m/%Y}) ghi chưa hoàn thành, "
                           "chưa có báo cáo sau hạn."), ev


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
            status, reason = "no_evidence", "Văn bản không ghi thời hạn; chưa có văn bản nào báo cáo việc thực hiện."
        elif end > today:
            status, reason = "pending", f"Chưa đến hạn {deadline}."
        else:
            status, reason = "no_evidence", f"Đã quá hạn {deadline}; chưa có văn bản nào báo cáo việc thực hiện."
        evidence = []
        if (end is None or end <= today) and (reported := _reported(corpus, row, deadline, end, today)):
            status, reason, evidence = reported
        key = "tk-" + hashlib.sha256("|".join((doc.get("sha256") or "", " ".join((src.quote or "").split()), who,
                                              deadline or "")).encode("utf-8")).hexdigest()[:12]
        district, district_code, province_code = task_area(corpus, doc, who, row.get("task") or "")
        out.append(Task(key, who, row.get("role"), row.get("task") or row.get("quote") or "", deadline, src,
                        status, reason, district, row.get("id"), district_code, province_code, evidence))
    return out
