"""The cross-check report: one self-contained HTML file and the task register as Excel.

The HTML has no script and no external resource: the chart is SVG written here, every evidence
link points to a passage quoted inside the same file (with its page), and, when a Datasette base
URL is given, also to the fact on the document page. It reads on a phone (one column under
40 rem) and prints (@media print: no navigation, cards kept whole, link targets written out).
"""
from __future__ import annotations

import datetime as dt
import html
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from pipeline import crosscheck as cc
from pipeline.store.corpus import Corpus, read_corpus
from pipeline.store.queries import consistency_rows

STATUS_COLORS = {"met": "#2e7d32", "partly_met": "#9e9d24", "missed": "#c62828", "pending": "#1565c0",
                 "no_evidence": "#9e9e9e", "contradicted": "#6a1b9a"}
STATUS_VI = {"met": "Đạt", "partly_met": "Đạt một phần", "missed": "Không đạt", "pending": "Chưa đến hạn",
             "no_evidence": "Chưa có bằng chứng", "contradicted": "Mâu thuẫn"}
MENTION_VI = {"target": "mục tiêu", "expected": "dự kiến", "recognized": "được công nhận",
              "achieved": "đạt", "not_met": "chưa đạt", "maintain": "duy trì", "not_assessable": "chưa đánh giá"}
CONTEXT_CHARS = 240                     # text shown either side of a quoted passage

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


def passage_id(doc_id: int, span: tuple[int, int] | list[int]) -> str:
    return f"p-{doc_id}-{span[0]}-{span[1]}"


# ---------------------------------------------------------------- chart

def chart_counts(findings: list[cc.Finding]) -> dict[tuple[str, str], Counter]:
    """(district, deadline year) → status counts: what the chart draws."""
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for f in findings:
        year = (f.commitment.deadline or "?")[:4]
        counts[(cc.district_of(f.commitment.place), year)][f.status] += 1
    return counts


def status_chart(findings: list[cc.Finding]) -> str:
    """Stacked horizontal bars, one per district and year; each segment is one status."""
    counts = chart_counts(findings)
    rows = sorted(counts, key=lambda k: (k[0] != "Toàn tỉnh", k[0], k[1]))
    if not rows:
        return "<p>Không có cam kết nào.</p>"
    most = max(sum(c.values()) for c in counts.values())
    label_w, bar_w, row_h = 170, 300, 28
    height = row_h * len(rows) + 30
    parts = [f'<svg id="status-chart" role="img" aria-label="Commitment statuses by district and year" '
             f'viewBox="0 0 {label_w + bar_w + 40} {height}" xmlns="http://www.w3.org/2000/svg" '
             f'font-family="system-ui, sans-serif" font-size="14">']
    for i, key in enumerate(rows):
        district, year = key
        y = 10 + i * row_h
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{esc(district)} · {esc(year)}</text>')
        x = label_w
        for status in cc.STATUSES:
            n = counts[key].get(status, 0)
            if not n:
                continue
            w = bar_w * n / most
            parts.append(f'<rect class="seg" data-district="{esc(district)}" data-year="{esc(year)}" '
                         f'data-status="{status}" data-count="{n}" x="{x:.1f}" y="{y}" width="{w:.1f}" '
                         f'height="{row_h - 6}" fill="{STATUS_COLORS[status]}"><title>{esc(district)} {esc(year)}: '
                         f'{n} {STATUS_VI[status]}</title></rect>')
            if w > 14:
                parts.append(f'<text x="{x + w / 2:.1f}" y="{y + 15}" text-anchor="middle" fill="#fff">{n}</text>')
            x += w
    parts.append("</svg>")
    legend = "".join(f'<span><i style="background:{STATUS_COLORS[s]}"></i>{STATUS_VI[s]} ({cc.STATUS_LABELS[s]})</span>'
                     for s in cc.STATUSES)
    return "".join(parts) + f'<p class="legend">{legend}</p>'


# ---------------------------------------------------------------- sections

class _Passages:
    """Every passage the report cites, quoted once at the end with its page and context."""

    def __init__(self, corpus: Corpus, datasette_url: str | None):
        self.corpus, self.base, self.seen = corpus, (datasette_url or "").rstrip("/"), {}

    def link(self, src: cc.Source, text: str | None = None) -> str:
        pid = passage_id(src.doc_id, src.span)
        self.seen.setdefault(pid, src)
        where = f"{src.number or src.file_name or 'văn bản ' + str(src.doc_id)}"
        page = f", tr. {src.page}" if src.page else ""
        out = f'<a href="#{pid}">{esc(text or where)}{esc(page)}</a>'
        if self.base:
            anchor = f"#{src.anchor}" if src.anchor else ""
            out += (f' <a class="ext no-print" href="{esc(self.base)}/ntm/documents/{src.doc_id}{anchor}">'
                    f'[Datasette]</a>')
        return out

    def html(self) -> str:
        out = []
        for pid, src in sorted(self.seen.items(), key=lambda kv: (kv[1].doc_id, kv[1].span[0])):
            text = self.corpus.documents.get(src.doc_id, {}).get("text") or ""
            s, e = src.span
            before = text[max(0, s - CONTEXT_CHARS):s]
            after = text[e:e + CONTEXT_CHARS]
            doc = self.corpus.documents.get(src.doc_id, {})
            head = " · ".join(esc(x) for x in (doc.get("number") or "(không số)", doc.get("type"), doc.get("date"),
                                                 doc.get("issuer"), doc.get("file_name")) if x)
            page = f" · trang {src.page}" if src.page else ""
            out.append(f'<div class="passage" id="{pid}"><div class="muted">{head}{esc(page)} · ký tự {s}–{e}</div>'
                       f'<p>…{esc(before)}<mark>{esc(text[s:e])}</mark>{esc(after)}…</p></div>')
        return "".join(out)


def _finding_html(i: int, f: cc.Finding, passages: _Passages) -> str:
    c = f.commitment
    color = STATUS_COLORS[f.status]
    frac = f" {esc(f.fraction)}" if f.fraction else ""
    who = f"<div>Cơ quan: <b>{esc(c.assignee)}</b>{(' (phối hợp: ' + esc(', '.join(c.supporters)) + ')') if c.supporters else ''}</div>" if c.assignee else ""
    items = ""
    if f.items and c.kind == "place_list":
        items = "<ul>" + "".join(f"<li>{esc(it['name'])}: {esc(it['state'])}</li>" for it in f.items) + "</ul>"
    ev = "".join(
        f"<li><b>{esc(e.role)}</b> {passages.link(e.source)} ({esc(e.source.date or '?')})"
        f"{' · QĐ ' + esc(e.decision) if e.decision else ''}{' · ' + esc(e.place) if e.place else ''}"
        f"{' · ' + esc(cc.fmt_number(e.value)) if e.value is not None else ''}"
        f"<blockquote>{esc(e.source.quote[:300])}</blockquote></li>" for e in f.evidence)
    return (f'<div class="card" id="c-{i}" data-status="{f.status}" style="border-left-color:{color}">'
            f'<h3><span class="badge" style="background:{color}">{STATUS_VI[f.status]}{frac}</span> {esc(c.label)}</h3>'
            f'<div class="muted">{esc(c.kind)} · hạn {esc(c.deadline)} · {passages.link(c.source)} '
            f'{esc(" · ".join(x for x in (c.source.type, c.source.date) if x))}</div>{who}'
            f'<blockquote>{esc(c.source.quote[:400])}</blockquote>{items}'
            f'{("<p>" + esc(f.note) + "</p>") if f.note else ""}'
            f'{("<div>Bằng chứng:<ul>" + ev + "</ul></div>") if ev else "<div class=muted>Không có bằng chứng.</div>"}'
            f'</div>')


def _timelines_html(lines: list[cc.Timeline], passages: _Passages) -> str:
    out = []
    for t in lines:
        where = f"{t.name}" + (f", xã {t.commune}" if t.commune else "") + (f", huyện {t.district}" if t.district else "")
        also = f" <span class='muted'>(cũng viết: {esc(', '.join(t.variants))})</span>" if t.variants else ""
        rows = "".join(
            f"<tr><td>{esc(e.when or '?')}</td><td>{esc(MENTION_VI.get(e.status, e.status))}</td>"
            f"<td>{esc(cc.indicator_label(e.indicator))}</td><td>{esc(e.decision or '')}</td>"
            f"<td>{passages.link(e.source)}</td></tr>" for e in t.entries)
        out.append(f'<div class="card"><h3>{esc("Thôn" if t.level == "village" else "Xã")}: {esc(where)}{also}</h3>'
                   f'<div class="table-wrap"><table><tr><th>Thời điểm</th><th>Tình trạng</th><th>Chỉ tiêu</th>'
                   f'<th>Quyết định</th><th>Nguồn</th></tr>{rows}</table></div></div>')
    return "".join(out) or "<p>Không có.</p>"


def _consistency_html(rows: list[dict[str, Any]], passages: _Passages) -> str:
    if not rows:
        return "<p>Không có kiểm tra nào.</p>"
    body = []
    for r in rows:
        src = cc.Source(r["doc_id"], r.get("number"), r.get("type"), r.get("date"), None, r.get("page"),
                        (r.get("span_start") or 0, r.get("span_end") or 0), r.get("quote") or "",
                        r.get("file_name"), f"consistency-{r['id']}")
        ok = r.get("consistent") in (1, True, "1", "true")
        body.append(f"<tr><td>{'✓' if ok else '✗'}</td><td>{esc(r.get('kind'))}</td><td>{esc(r.get('stated'))}</td>"
                    f"<td>{esc(r.get('computed'))}</td><td class='hide-narrow'>{esc(r.get('note') or '')}</td>"
                    f"<td>{passages.link(src)}</td></tr>")
    return ("<div class='table-wrap'><table><tr><th></th><th>Loại</th><th>Ghi</th><th>Tính được</th>"
            "<th class='hide-narrow'>Ghi chú</th><th>Nguồn</th></tr>" + "".join(body) + "</table></div>")


def render_html(db, findings: list[cc.Finding], lines: list[cc.Timeline], today: dt.date | None = None,
                datasette_url: str | None = None) -> str:
    corpus = read_corpus(db)
    passages = _Passages(corpus, datasette_url)
    totals = Counter(f.status for f in findings)
    summary = " · ".join(f"{STATUS_VI[s]}: <b>{totals.get(s, 0)}</b>" for s in cc.STATUSES)
    cards = "".join(_finding_html(i, f, passages) for i, f in enumerate(findings, start=1))
    timeline = _timelines_html(lines, passages)
    consistency = _consistency_html(consistency_rows(db), passages)
    today = today or dt.date.today()
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đối chiếu cam kết và kết quả xây dựng nông thôn mới</title>
<style>{CSS}</style></head>
<body>
<header><h1>Đối chiếu cam kết và kết quả xây dựng nông thôn mới</h1>
<p class="muted">Cross-check of commitments against outcomes · {len(corpus.documents)} văn bản ·
{len(findings)} cam kết · tính đến {today.isoformat()} · lập lúc {dt.datetime.now().isoformat(timespec='minutes')}</p>
<nav class="no-print"><a href="#summary">Tổng hợp</a><a href="#commitments">Cam kết</a>
<a href="#timelines">Diễn biến thôn, xã</a><a href="#consistency">Kiểm tra số liệu</a><a href="#passages">Trích dẫn</a></nav></header>
<section id="summary"><h2>Tổng hợp theo huyện và năm</h2><p>{summary}</p>{status_chart(findings)}</section>
<section id="commitments"><h2>Cam kết và bằng chứng</h2>{cards}</section>
<section id="timelines"><h2>Diễn biến theo thôn, xã</h2>{timeline}</section>
<section id="consistency"><h2>Kiểm tra số liệu trong văn bản</h2>{consistency}</section>
<section id="passages"><h2>Trích dẫn nguồn</h2>{passages.html()}</section>
</body></html>
"""


# ---------------------------------------------------------------- Excel task register

TASK_COLUMNS = [("Cơ quan", 34), ("Nhiệm vụ", 70), ("Vai trò", 12), ("Hạn", 12), ("Văn bản", 18),
                ("Ngày văn bản", 13), ("Trang", 7), ("Tình trạng", 18), ("Ghi chú", 40)]
ROLE_VI = {"lead": "chủ trì", "support": "phối hợp", "responsible": "chịu trách nhiệm",
           "coordinate": "phối hợp", "report": "báo cáo"}


def _as_date(value: str | None) -> dt.date | str | None:
    """An ISO date as a date; a month or a year as its last day (the deadline), kept as a date."""
    p = cc.parse_period(value)
    return p.end if p else (value or None)


def write_tasks_xlsx(db, findings: list[cc.Finding], path: Path) -> Path:
    """The task register offices keep in Excel: one row per agency and task."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    status_of = {f.commitment.key: f for f in findings if f.commitment.kind == "assignment"}
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    ws.append([name for name, _ in TASK_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E78")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    rows = db.query("""select a.*, d.number, d.date as doc_date, d.file_name from assignments a
                       join documents d on d.id = a.doc_id and d.rendition_of is null
                       order by a.deadline is null, a.deadline, a.doc_id, a.span_start""") \
        if "assignments" in db.table_names() else []
    for r in rows:
        f = status_of.get(f"assignment:{r['file_name']}:{r['span_start']}")
        ws.append([r.get("agency") or r.get("assignee"), r.get("task") or r.get("quote"),
                   ROLE_VI.get(r.get("role"), r.get("role")), _as_date(r.get("deadline")),
                   r.get("number") or r.get("file_name"), _as_date(r.get("doc_date")), r.get("page"),
                   STATUS_VI[f.status] if f else "", f.note if f else ""])
    for i, (_, width) in enumerate(TASK_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(TASK_COLUMNS))}{max(ws.max_row, 1)}"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_report(db, findings: list[cc.Finding], lines: list[cc.Timeline], out: Path,
                 today: dt.date | None = None, datasette_url: str | None = None) -> tuple[Path, Path]:
    """report.html and, next to it, tasks.xlsx."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(db, findings, lines, today, datasette_url), encoding="utf-8")
    xlsx = write_tasks_xlsx(db, findings, out.with_name("tasks.xlsx"))
    return out, xlsx
