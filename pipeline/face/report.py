"""The cross-check report: one self-contained HTML file and the task register as Excel, both read
from the stored findings (`findings`, `finding_evidence`, `reviews`), the same rows `ntm check`,
`ntm tasks` and the web read.

The HTML has no script and no external resource: the chart is SVG written here, every evidence item
names its document and page ("trang 3", or "đoạn 12" for a file without pages) and links to the
passage quoted inside the same file; when a Datasette base URL is given, also to the document page.
One section per district and per province as a whole (the areas of store/districts.py, as on the
web's district pages): its commitments grouped by status, its tasks with their deadlines, its
communes and villages with their status timelines; a reviewer's verdict sits beside the machine's
status. It reads on a phone (one column under 40 rem) and prints (@media print).
"""
from __future__ import annotations

import datetime as dt
import html
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from pipeline.crosscheck.records import located_consistency
from pipeline.crosscheck.vocabulary import STATUS_LABELS, STATUSES
from pipeline.face import districts as face_districts
from pipeline.face.districts import ATTENTION_ORDER, STATUS_COLORS, labelled, page_label
from pipeline.face.exports import Column, Sheet
from pipeline.store.districts import AreaRef, all_timelines, area_of
from pipeline.store.findings import read_findings

CONTEXT_CHARS = 240

CSS = """
:root { --ink:#1b1b1b; --muted:#5f6368; --line:#d7dbe0; --bg:#fff; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink);
       background: var(--bg); margin: 0 auto; max-width: 64rem; padding: 1rem; }
h1 { font-size: 1.5rem; margin: .2rem 0; } h2 { font-size: 1.25rem; border-bottom: 2px solid var(--line);
     padding-bottom: .2rem; margin-top: 2rem; } h3 { font-size: 1.05rem; margin: .2rem 0; }
nav a { margin-right: 1rem; } .muted { color: var(--muted); font-size: .9rem; }
.badge { display: inline-block; color: #fff; border-radius: .3rem; padding: 0 .45rem; font-size: .85rem;
         font-weight: 600; white-space: nowrap; }
.card { border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: .4rem;
        padding: .6rem .8rem; margin: .7rem 0; break-inside: avoid; page-break-inside: avoid; }
.card ul { margin: .3rem 0; padding-left: 1.2rem; }
blockquote { margin: .3rem 0; padding: .2rem .6rem; border-left: 3px solid var(--line); color: #333; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .4rem; text-align: left; vertical-align: top; }
.table-wrap { overflow-x: auto; }
mark { background: #fff3a3; }
.passage { border: 1px dashed var(--line); padding: .5rem .7rem; margin: .6rem 0; break-inside: avoid; }
.passage:target { outline: 3px solid #1565c0; }
.review { margin: .3rem 0; } .reason { margin: .3rem 0; }
h3.status-group { margin-top: 1rem; } ol.timeline { margin: 0; padding-left: 1.1rem; font-size: .92rem; }
svg { max-width: 100%; height: auto; }
.legend span { margin-right: .8rem; white-space: nowrap; }
.legend i { display: inline-block; width: .8rem; height: .8rem; margin-right: .25rem; vertical-align: middle; }
@media (max-width: 40rem) { body { padding: .5rem; font-size: 15px; } th, td { padding: .25rem; }
  .hide-narrow { display: none; } }
@media print { nav, .no-print { display: none; } body { max-width: none; font-size: 11pt; }
  a { color: inherit; text-decoration: none; } a.ext::after { content: " (" attr(href) ")"; font-size: 8pt; }
  h2 { break-after: avoid; } .card, .passage, tr { break-inside: avoid; } }
"""


def esc(x: Any) -> str:
    return html.escape("" if x is None else str(x))


where = page_label          # "trang 3" for a paged original, "đoạn 12" for plain text


def passage_id(doc_id: int, start: int, end: int) -> str:
    return f"p-{doc_id}-{start}-{end}"


def status_chart(rows: list[dict[str, Any]]) -> str:
    """Stacked horizontal bars, one per district and deadline year; each segment is one status."""
    counts: dict[tuple[AreaRef, str], Counter] = defaultdict(Counter)
    for r in rows:
        counts[(area_of(r), (r["deadline"] or "?")[:4])][r["status"]] += 1
    keys = [(a.label, year) for a, year in sorted(counts, key=lambda k: (k[0].sort_key(), k[1]))]
    counts = {(a.label, year): c for (a, year), c in counts.items()}
    if not keys:
        return "<p>Không có cam kết nào.</p>"
    most = max(sum(c.values()) for c in counts.values())
    label_w, bar_w, row_h = 220, 300, 28
    parts = [f'<svg id="status-chart" role="img" aria-label="Tình trạng cam kết theo huyện và năm" '
             f'viewBox="0 0 {label_w + bar_w + 40} {row_h * len(keys) + 30}" xmlns="http://www.w3.org/2000/svg" '
             f'font-family="system-ui, sans-serif" font-size="14">']
    for i, key in enumerate(keys):
        y = 10 + i * row_h
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{esc(key[0])} · {esc(key[1])}</text>')
        x = label_w
        for status in STATUSES:
            n = counts[key].get(status, 0)
            if not n:
                continue
            w = bar_w * n / most
            parts.append(f'<rect class="seg" data-district="{esc(key[0])}" data-year="{esc(key[1])}" '
                         f'data-status="{status}" data-count="{n}" x="{x:.1f}" y="{y}" width="{w:.1f}" '
                         f'height="{row_h - 6}" fill="{STATUS_COLORS[status]}"><title>{esc(key[0])} {esc(key[1])}: '
                         f'{n} {STATUS_LABELS[status]}</title></rect>')
            x += w
    parts.append("</svg>")
    legend = "".join(f'<span><i style="background:{STATUS_COLORS[s]}"></i>{STATUS_LABELS[s]}</span>' for s in STATUSES)
    return "".join(parts) + f'<p class="legend">{legend}</p>'


class _Passages:
    """Every passage the report cites, quoted once at the end with its page and context."""

    def __init__(self, db, datasette_url: str | None):
        self.db, self.base, self.seen = db, (datasette_url or "").rstrip("/"), {}

    def link(self, r: dict[str, Any]) -> str:
        pid = passage_id(r["doc_id"], r["span_start"] or 0, r["span_end"] or 0)
        self.seen.setdefault(pid, r)
        name = r.get("number") or r.get("file_name") or f"văn bản {r['doc_id']}"
        page = where(r)
        out = f'<a class="cite" href="#{pid}">{esc(name)}{", " + esc(page) if page else ""}</a>'
        if self.base:
            out += f' <a class="ext no-print" href="{esc(self.base)}/ntm/documents/{r["doc_id"]}">[Datasette]</a>'
        return out

    def html(self) -> str:
        out = []
        texts: dict[int, dict] = {}
        for pid, r in sorted(self.seen.items(), key=lambda kv: (kv[1]["doc_id"], kv[1]["span_start"] or 0)):
            doc = texts.get(r["doc_id"])
            if doc is None:
                doc = texts[r["doc_id"]] = self.db["documents"].get(r["doc_id"])
            text = doc.get("text") or ""
            s, e = r["span_start"] or 0, r["span_end"] or 0
            head = " · ".join(esc(x) for x in (doc.get("number") or "(không số)", doc.get("type"), doc.get("date"),
                                                 doc.get("issuer"), doc.get("file_name"), where(r)) if x)
            out.append(f'<div class="passage" id="{pid}"><div class="muted">{head}</div>'
                       f'<p>…{esc(text[max(0, s - CONTEXT_CHARS):s])}<mark>{esc(text[s:e])}</mark>'
                       f'{esc(text[e:e + CONTEXT_CHARS])}…</p></div>')
        return "".join(out)


def _badge(status: str | None, label: str | None) -> str:
    color = STATUS_COLORS.get(status or "", "#9e9e9e")
    return f'<span class="badge" style="background:{color}">{esc(label or "")}</span>'


def _review_html(r: dict[str, Any]) -> str:
    if not r.get("review_status"):
        return '<div class="muted">Chưa có ý kiến thẩm định.</div>'
    return (f'<div class="review">Thẩm định: {_badge(r["review_status"], STATUS_LABELS.get(r["review_status"]))} '
            f'{esc(r.get("review_note") or "")} <span class="muted">— {esc(r.get("review_by") or "?")}, '
            f'{esc((r.get("review_at") or "")[:10])}</span></div>')


def _card(r: dict[str, Any], evidence: list[dict[str, Any]], passages: _Passages) -> str:
    frac = f" {esc(r['fraction'])}" if r.get("fraction") else ""
    ev = "".join(
        f'<li class="evidence">{passages.link(e)} ({esc(e.get("date") or "?")})'
        f'{" · " + esc(e["decision"]) if e.get("decision") else ""}'
        f'<blockquote>{esc((e.get("quote") or "")[:300])}</blockquote></li>' for e in evidence)
    who = f"<div>Cơ quan: <b>{esc(r['assignee'])}</b></div>" if r.get("assignee") else ""
    return (f'<div class="card" id="{esc(r["commitment_key"])}" data-status="{r["status"]}" '
            f'style="border-left-color:{STATUS_COLORS.get(r["status"], "#999")}">'
            f'<h3>{_badge(r["status"], r["status_label"])}{frac} {esc(r["label"])}</h3>'
            f'<div class="muted">Mã {esc(r["commitment_key"])} · hạn {esc(r["deadline"])} · {passages.link(r)}</div>'
            f'{who}<blockquote>{esc((r.get("quote") or "")[:400])}</blockquote>'
            f'<p class="reason">{esc(r.get("reason") or "")}</p>{_review_html(r)}'
            f'{("<div>Bằng chứng:<ul>" + ev + "</ul></div>") if ev else "<div class=muted>Không có bằng chứng.</div>"}'
            f'</div>')


def _consistency_html(rows: list[dict[str, Any]], passages: _Passages) -> str:
    if not rows:
        return "<p>Không có kiểm tra nào.</p>"
    body = []
    for r in rows:
        ok = r.get("consistent") in (1, True, "1", "true")
        link = passages.link(r)
        body.append(f"<tr><td>{'✓' if ok else '✗'}</td><td>{esc(r.get('kind'))}</td><td>{esc(r.get('stated'))}</td>"
                    f"<td>{esc(r.get('computed'))}</td><td class='hide-narrow'>{esc(r.get('note') or '')}</td>"
                    f"<td>{link}</td></tr>")
    return ("<div class='table-wrap'><table><tr><th></th><th>Loại</th><th>Ghi</th><th>Tính được</th>"
            "<th class='hide-narrow'>Ghi chú</th><th>Nguồn</th></tr>" + "".join(body) + "</table></div>")


def _task_evidence(r: dict[str, Any], evidence: list[dict[str, Any]], passages: _Passages) -> str:
    """Why a task has its status, when a report says it: the reason and the report's own words."""
    if not evidence:
        return ""
    quotes = "".join(f'<blockquote>{esc((e.get("quote") or "")[:300])} — {passages.link(e)}</blockquote>'
                     for e in evidence)
    return f"<div class='reason'>{esc(r.get('reason') or '')}</div>{quotes}"


def _tasks_html(rows: list[dict[str, Any]], evidence: dict[int, list[dict[str, Any]]], passages: _Passages) -> str:
    """An area's tasks, by deadline; a task a report settled shows that report's words."""
    if not rows:
        return ""
    body = "".join(
        f"<tr><td>{esc(r['deadline_day'] or 'không ghi hạn')}</td><td>{esc(r['assignee'])}</td>"
        f"<td>{esc((r['task'] or '')[:300])}</td><td>{_badge(r['status'], r['status_label'])}"
        f"{_task_evidence(r, evidence.get(r['id'], []), passages)}</td>"
        f"<td>{passages.link(r)}</td></tr>" for r in map(labelled, rows))
    return (f"<h3>Nhiệm vụ ({len(rows)})</h3><div class='table-wrap'><table class='tasks'><tr><th>Hạn</th>"
            f"<th>Cơ quan</th><th>Nhiệm vụ</th><th>Tình trạng</th><th>Nguồn</th></tr>{body}</table></div>")


def _places_html(places: list[dict[str, Any]], passages: _Passages) -> str:
    """An area's communes and villages, each with its status mentions oldest first."""
    if not places:
        return ""
    body = []
    for p in face_districts.places({"places": places}):
        steps = "".join(f"<li>{esc(e['when'] or '?')} · {esc(e['status_label'])}"
                        f"{' · ' + esc(e['indicator_text']) if e['indicator_text'] else ''}"
                        f"{' · ' + esc(e['decision']) if e.get('decision') else ''} — "
                        f"{passages.link(e)}</li>" for e in p["entries"])
        commune = f", xã {esc(p['commune'])}" if p.get("commune") else ""
        body.append(f"<tr><td><b>{esc(p['name'])}</b><div class='muted'>{esc(p['level_label'])}{commune}</div></td>"
                    f"<td><ol class='timeline'>{steps}</ol></td></tr>")
    return (f"<h3>Xã, thôn (làng): diễn biến ({len(places)})</h3><div class='table-wrap'><table class='places'>"
            f"<tr><th>Xã, thôn (làng)</th><th>Theo văn bản</th></tr>{''.join(body)}</table></div>")


def _area_section(i: int, area: AreaRef, rows: list[dict[str, Any]], places: list[dict[str, Any]],
                  evidence: dict[int, list[dict[str, Any]]], passages: _Passages) -> str:
    """One district, or a province as a whole: commitments by status, tasks, communes and villages."""
    group = [r for r in rows if r["kind"] == "commitment"]
    counts = Counter(r["status"] for r in group)
    line = " · ".join(f"{STATUS_LABELS[s]} {counts[s]}" for s in ATTENTION_ORDER if counts.get(s))
    cards = "".join(f'<h3 class="status-group">{_badge(s, STATUS_LABELS[s])} {counts[s]}</h3>'
                    + "".join(_card(r, evidence.get(r["id"], []), passages) for r in group if r["status"] == s)
                    for s in ATTENTION_ORDER if counts.get(s))
    web = (f' <a class="ext no-print" href="{esc(passages.base)}/-/dia-ban/{area.key}">[trang trên web]</a>'
           if passages.base else "")
    tasks = sorted((r for r in rows if r["kind"] == "task"), key=lambda r: (r["deadline_end"] or "9999", r["id"]))
    return (f'<section class="district" id="d-{i}" data-area="{area.key}"><h2>{esc(area.label)}{web}</h2>'
            f'<p class="muted">{len(group)} cam kết{": " + line if line else ""} · {len(tasks)} nhiệm vụ</p>'
            f'{cards}{_tasks_html(tasks, evidence, passages)}{_places_html(places, passages)}</section>')


def render_html(db, today: dt.date | None = None, datasette_url: str | None = None) -> str:
    rows, evidence = read_findings(db)
    commitments = [r for r in rows if r["kind"] == "commitment"]
    task_rows = [r for r in rows if r["kind"] == "task"]
    passages = _Passages(db, datasette_url)
    totals = Counter(r["status"] for r in commitments)
    summary = " · ".join(f"{STATUS_LABELS[s]}: <b>{totals.get(s, 0)}</b>" for s in STATUSES)
    by_area: dict[AreaRef, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_area[area_of(r)].append(r)
    timelines = all_timelines(db)
    areas = sorted(set(by_area) | set(timelines), key=AreaRef.sort_key)
    sections = [_area_section(i, a, by_area.get(a, []), timelines.get(a, []), evidence, passages)
                for i, a in enumerate(areas)]
    consistency = _consistency_html(located_consistency(db), passages)
    today = today or dt.date.today()
    ndocs = db.execute("select count(*) from documents where rendition_of is null").fetchone()[0]
    nav = "".join(f'<a href="#d-{i}">{esc(a.label)}</a>' for i, a in enumerate(areas))
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đối chiếu cam kết và kết quả xây dựng nông thôn mới</title>
<style>{CSS}</style></head>
<body>
<header><h1>Đối chiếu cam kết và kết quả xây dựng nông thôn mới</h1>
<p class="muted">{ndocs} văn bản · {len(commitments)} cam kết · {len(task_rows)} nhiệm vụ · tính đến
{today.strftime('%d/%m/%Y')} · lập lúc {dt.datetime.now().strftime('%d/%m/%Y %H:%M')}</p>
<nav class="no-print"><a href="#summary">Tổng hợp</a>{nav}
<a href="#consistency">Kiểm tra số liệu</a><a href="#passages">Trích dẫn</a></nav></header>
<section id="summary"><h2>Tổng hợp theo huyện và năm</h2><p>{summary}</p>{status_chart(commitments)}
<p class="muted">Nhiệm vụ của từng huyện (và của toàn tỉnh) ở cuối mục của huyện đó; sổ nhiệm vụ đầy đủ trong tasks.xlsx.</p></section>
{''.join(sections)}
<section id="consistency"><h2>Kiểm tra số liệu trong văn bản</h2>{consistency}</section>
<section id="passages"><h2>Trích dẫn nguồn</h2>{passages.html()}</section>
</body></html>
"""


TASK_COLUMNS = [Column("assignee", "Cơ quan", 34), Column("task", "Nhiệm vụ", 70), Column("role", "Vai trò", 12),
                Column("deadline_end", "Hạn", 12), Column("document", "Văn bản", 18), Column("date", "Ngày văn bản", 13),
                Column("page_label", "Trang", 9), Column("status_label", "Tình trạng", 18), Column("reason", "Lý do", 40),
                Column("review", "Thẩm định", 18), Column("review_note", "Ghi chú thẩm định", 40)]
ROLE_VI = {"lead": "chủ trì", "support": "phối hợp", "responsible": "chịu trách nhiệm",
           "coordinate": "phối hợp", "report": "báo cáo", "requested": "đề nghị"}


def write_tasks_xlsx(db, path: Path) -> Path:
    """The task register offices keep in Excel: one row per agency and task, with the stored status."""
    from pipeline.face.exports import workbook

    rows, _ = read_findings(db, "task")
    rows = sorted(rows, key=lambda r: (r["deadline_end"] is None, r["deadline_end"] or "", r["doc_id"], r["span_start"] or 0))
    register = [{**r, "role": ROLE_VI.get(r.get("role"), r.get("role")), "document": r["number"] or r["file_name"],
                 "page_label": where(r), "review": STATUS_LABELS.get(r.get("review_status"), "")} for r in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook([Sheet("Nhiệm vụ", TASK_COLUMNS, register)]).save(path)
    return path


def write_report(db, out: Path, today: dt.date | None = None, datasette_url: str | None = None) -> tuple[Path, Path]:
    """report.html and, next to it, tasks.xlsx, from the stored findings."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(db, today, datasette_url), encoding="utf-8")
    return out, write_tasks_xlsx(db, out.with_name("tasks.xlsx"))
