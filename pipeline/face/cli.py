"""The `ntm` command line: one command per user task, speaking Vietnamese.

What the commands share (one-line errors with exit code 2, `--db` checks, dates as people write
them, `--json`/`--csv`/`--table`) is in cli_support.py.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import typer

from pipeline.face import labels
from pipeline.face.cli_support import (
    DateOption,
    DbOption,
    NtmGroup,
    NtmTyper,
    Output,
    UserError,
    prints_rows,
    read_db,
    read_db_path,
    write_db_path,
)
from pipeline.face.cli_support import _print_json as _print_json  # noqa: F401 - check/report use it
from pipeline.model import MAIN_FACT_KINDS
from pipeline.model.normalize import fold

app = NtmTyper(cls=NtmGroup, add_completion=False, no_args_is_help=True, options_metavar="[TÙY CHỌN]",
                  subcommand_metavar="LỆNH [THAM SỐ]...",
                  help="ntm: văn bản chương trình xây dựng nông thôn mới — nạp, tìm, tra cứu, đối chiếu.")


@app.callback()
def root() -> None:
    """ntm: văn bản chương trình xây dựng nông thôn mới — nạp, tìm, tra cứu, đối chiếu."""


def _no_number(value) -> str:
    return value or "(không số)"


@app.command()
def extract(file: Path = typer.Argument(..., metavar="TỆP", help="Một tệp TXT, DOCX, PDF, trang web HTML hoặc MHT (hoặc DOC, RTF, ODT)."),
            as_json: bool = typer.Option(False, "--json", help="In bản trích xuất dạng JSON.")):
    """Trích xuất mọi dữ kiện của một tệp, không ghi vào cơ sở dữ liệu."""
    from flows.stages import extract_record
    from pipeline.read import ReadError

    if not file.exists():
        raise UserError(f"không có tệp {file}")
    if file.is_dir():
        raise UserError(f"{file} là thư mục; ntm extract đọc một tệp (để nạp cả thư mục: ntm ingest {file})")
    try:
        record = extract_record(file)
    except ReadError as e:
        raise UserError(f"{file}: {labels.value('stage', e.stage)}: {e}") from None
    if as_json:
        _print_json(record)
        return
    info = record["document"]
    typer.echo(f"{record['file']}  [{record['format']}]")
    for key in ("number", "type", "issuer", "place", "date", "title", "signer", "signer_title"):
        if info.get(key):
            typer.echo(f"  {labels.column(key):<18} {info[key]}")
    for name in MAIN_FACT_KINDS:
        typer.echo(f"  {labels.value('fact_kind', name):<18} {len(record[name])}")


class _Progress:
    """A rich progress bar on a terminal; silent otherwise (CI logs, pipes)."""

    def __init__(self):
        from rich.progress import Progress
        self.bar = Progress(transient=True) if sys.stderr.isatty() else None
        self.task = None

    def start(self, total: int, done: int) -> None:
        if self.bar and total > 1:
            self.bar.start()
            self.task = self.bar.add_task("nạp", total=total, completed=done)

    def advance(self, path: str) -> None:
        if self.task is not None:
            self.bar.update(self.task, advance=1, description=Path(path).name[:40])

    def stop(self) -> None:
        if self.task is not None:
            self.bar.stop()


def _documents_to_ingest(paths: list[Path]) -> list[Path]:
    """The files ingest will read; a missing path or nothing readable is the user's to fix."""
    from flows.stages import discover
    from pipeline.read import SUPPORTED_SUFFIXES

    for p in paths:
        if not p.exists():
            raise UserError(f"không có tệp hay thư mục «{p}»")
    skipped: list[tuple[str, str]] = []
    files = discover(paths, skipped)
    readable = [f for f in files if f.suffix.lower() in SUPPORTED_SUFFIXES]
    if not readable:
        where = ", ".join(str(p) for p in paths)
        files = files + [Path(p) for p, _ in skipped]           # what the folders hold that is no document
        others = sorted({f.suffix.lower() or "(không đuôi)" for f in files})
        found = f"chỉ có {len(files)} tệp loại khác ({', '.join(others)})" if files else "thư mục trống"
        raise UserError(f"không có văn bản nào để nạp trong {where}: {found}; "
                        f"ntm đọc các tệp {' '.join(SUPPORTED_SUFFIXES)}")
    return files


@app.command()
def ingest(paths: list[Path] = typer.Argument(..., metavar="ĐƯỜNG_DẪN...", help="Các tệp và thư mục cần nạp."),
           db: Path = DbOption,
           workers: int = typer.Option(None, "--workers", "-w", metavar="SỐ", min=1,
                                       help="Số tiến trình đọc và trích xuất (mặc định: số lõi CPU)."),
           dask: str = typer.Option(None, "--dask", metavar="ĐỊA_CHỈ", help="Đọc và trích xuất trên một cụm Dask "
                                    "có sẵn, ví dụ tcp://10.0.0.5:8786; SQLite vẫn ghi ở máy này."),
           as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON.")):
    """Nạp tệp và thư mục: tệp không đổi được bỏ qua, tệp lỗi được ghi lại, còn lại nạp vào cơ sở dữ liệu."""
    import os

    from flows import workers as local_workers

    if not dask and (workers or os.cpu_count() or 1) > 1:
        local_workers.start(workers or os.cpu_count())    # warm up while Prefect is imported below
    _documents_to_ingest(paths)
    db_file = write_db_path(db)
    from flows.ingest import ingest as ingest_flow

    progress = _Progress()
    try:
        summary = ingest_flow([str(p) for p in paths], db_path=str(db_file), workers=workers, dask_address=dask,
                              progress=progress)
    finally:
        progress.stop()
    if as_json:
        _print_json({"ingested": summary.ingested, "unchanged": summary.unchanged,
                     "failed": [{"path": p, "stage": s, "message": m} for p, s, m in summary.failed],
                     "skipped": [{"path": p, "reason": r} for p, r in summary.skipped]})
    else:
        typer.echo(f"đã nạp {len(summary.ingested)}, không đổi {len(summary.unchanged)}, lỗi {len(summary.failed)}")
        if summary.skipped:
            typer.echo(f"bỏ qua {len(summary.skipped)} tệp không phải văn bản: "
                       + ", ".join(f"{Path(p).name} ({r})" for p, r in summary.skipped[:10])
                       + (" …" if len(summary.skipped) > 10 else ""))
        for path, stage, message in summary.failed:
            typer.echo(f"  LỖI {path}: {labels.value('stage', stage)}: {message}", err=True)
        if summary.failed:
            typer.echo("  (xem lại: ntm errors)", err=True)
    if summary.failed:
        raise typer.Exit(1)


SEARCH_COLUMNS = {"doc_id": "Mã", "number": "Số, ký hiệu", "type": "Loại", "date": "Ngày", "issuer": "Cơ quan ban hành",
                  "page": "Trang", "snippet": "Đoạn trích", "file": "Tệp"}


@app.command()
@prints_rows
def search(query: str = typer.Argument(..., metavar="CÂU_TÌM",
                                       help='Các từ cần tìm, có dấu hay không dấu; đặt cụm trong ngoặc kép để tìm '
                                            'đúng cụm: \'"sở nông nghiệp" kon tum\'.'),
           db: Path = DbOption,
           limit: int = typer.Option(20, "--limit", "-n", metavar="SỐ", min=1, max=200, help="Số kết quả tối đa."),
           doc_type: str = typer.Option(None, "--type", metavar="LOẠI", help="Loại văn bản: Công văn, Kế hoạch, Báo cáo…"),
           issuer: str = typer.Option(None, "--issuer", metavar="CƠ_QUAN", help="Cơ quan ban hành (một phần tên)."),
           year: int = typer.Option(None, "--year", metavar="NĂM", min=1900, max=2100, help="Năm ban hành."),
           district: str = typer.Option(None, "--district", metavar="ĐỊA_BÀN",
                                        help="Huyện (hoặc tỉnh, xã): văn bản của địa bàn đó hoặc nhắc đến nó."),
           sort: str = typer.Option("relevance", "--sort", metavar="relevance|date",
                                    help="relevance: khớp nhất trước; date: mới nhất trước."),
           out: Output = None):
    """Tìm trong toàn văn mọi văn bản đã nạp, không phân biệt dấu; mỗi văn bản một kết quả."""
    from pipeline.store import queries

    try:
        hits = queries.search(read_db(db), query, limit, type=doc_type, issuer=issuer, year=year,
                              district=district, sort=sort)
    except queries.SearchError as e:
        raise UserError(str(e)) from None

    def text(h):
        page = f" · trang {h['page']}" if h["page"] else ""
        if h["page"] and h["page_file"] != h["file"]:
            page += f" ({h['page_file']})"
        copies = f" · bản khác: {', '.join(h['copies'])}" if h["copies"] else ""
        loose = " · (có đủ các từ, không liền nhau)" if h["match"] == "words" else ""
        yield (f"[{h['doc_id']}] {_no_number(h['number'])} · {h['type'] or '?'} · {h['date'] or '?'} · "
               f"{h['issuer'] or '?'}{page}{copies}{loose}")
        yield f"    {h['snippet']}"
    out.rows(hits, SEARCH_COLUMNS, text, empty="Không tìm thấy văn bản nào.")


def _document(database, key: str) -> dict:
    from pipeline.store import queries

    row = queries.find_document(database, key)
    if row is None:
        raise UserError(f"không có văn bản «{key}» (theo mã, số văn bản hay tên tệp); xem danh sách: ntm list")
    return row


SHOW_FIELDS = {k: labels.column(k) for k in ("id", "file_name", "format", "pages", "number", "type", "issuer", "place",
                                             "date", "title", "signing_mark", "signer_title", "signer")}
SHOW_FIELDS["place"] = "Nơi ban hành"


@app.command()
@prints_rows
def show(doc: str = typer.Argument(..., metavar="VĂN_BẢN", help="Mã, số văn bản (1052/UBND-NNTN) hoặc tên tệp."),
         db: Path = DbOption,
         html: Path = typer.Option(None, "--html", metavar="TỆP", help="Ghi toàn văn với các dữ kiện được tô màu "
                                   "(displaCy) ra tệp HTML này."),
         out: Output = None):
    """Một văn bản: thông tin, văn bản viện dẫn và được viện dẫn, số dữ kiện, lỗi."""
    from pipeline.store import queries

    database = read_db(db)
    row = _document(database, doc)
    if html:
        from pipeline.face.highlight import document_page

        page = document_page(row, queries.document_facts(database, row["id"]))
        try:
            html.write_text(page, encoding="utf-8")
        except OSError as e:
            raise UserError(f"không ghi được {html}: {e.strerror or e}") from None
        typer.echo(f"đã ghi {html}")
        return
    view = queries.document_view(database, row)

    def text(v):
        width = max(map(len, SHOW_FIELDS.values()))
        for key, label in SHOW_FIELDS.items():
            if v.get(key) is not None:
                yield f"{label:<{width}}  {v[key]}"
        if v["recipients"]:
            yield f"{'Nơi nhận':<{width}}  " + "; ".join(v["recipients"])
        for field, c in v.get("candidates", {}).items():     # a handwritten field: what OCR read, to confirm
            label = SHOW_FIELDS.get(field, field)
            reads = ", ".join(r for r in c.get("reads", []) if r) or c.get("value")
            if c.get("source") == "file_name":
                ocr = f"; OCR đọc được: {c['ocr']}" if c.get("ocr") else ""
                yield f"{label:<{width}}  viết tay, lấy theo tên tệp {c['file']}{ocr}: cần người xác nhận"
            elif c.get("taken"):
                yield f"{label:<{width}}  viết tay, đọc lại bằng {c['engine']} ({reads}): cần người xác nhận"
            else:
                yield f"{label:<{width}}  viết tay, chưa đọc chắc; OCR đọc được: {c.get('value')} (độ tin cậy {str(c.get('confidence')).replace('.', ',')})"
        yield f"{'Dữ kiện':<{width}}  " + ", ".join(f"{labels.value('fact_kind', k)} {n}" for k, n in v["facts"].items())
        yield f"Văn bản được viện dẫn ({len(v['references_out'])}):"
        for r in v["references_out"]:
            linked = f"  → [{r['cited_doc_id']}]" if r["cited_doc_id"] else ""
            yield f"  {r['number']:<22} {r['type'] or '':<12} {r['date'] or '':<10}{linked}"
        yield f"Được viện dẫn bởi ({len(v['cited_by'])}):"
        for r in v["cited_by"]:
            yield f"  [{r['doc_id']}] {_no_number(r['number'])} {r['type'] or ''} {r['date'] or ''}"
        for e in v["errors"]:
            yield f"Lỗi: {labels.value('stage', e['stage'])}: {e['message']}"
    out.record(view, SHOW_FIELDS, text)


LIST_COLUMNS = {"id": "Mã", "number": "Số, ký hiệu", "type": "Loại", "date": "Ngày", "issuer": "Cơ quan ban hành",
                "file_name": "Tệp", "references": "Viện dẫn", "places": "Địa danh", "targets": "Chỉ tiêu",
                "achievements": "Kết quả", "budgets": "Kinh phí", "assignments": "Nhiệm vụ", "consistency": "Kiểm tra"}


@app.command("list")
@prints_rows
def list_documents(db: Path = DbOption, out: Output = None):
    """Mọi văn bản đã nạp với số, loại, ngày và số dữ kiện trích được."""
    from pipeline.store import queries

    database = read_db(db)
    rows = queries.documents(database)

    def text(r):
        copy = f" (bản khác của [{r['rendition_of']}])" if r["rendition_of"] else ""
        yield (f"[{r['id']}] {_no_number(r['number']):<18} {r['type'] or '?':<10} {r['date'] or '?':<10} "
               f"{r['file_name']}{copy}")
        yield (f"     {r['issuer'] or '?'} · viện dẫn {r['references']} · địa danh {r['places']} · "
               f"chỉ tiêu {r['targets']} · kết quả {r['achievements']} · kinh phí {r['budgets']} · "
               f"nhiệm vụ {r['assignments']} · kiểm tra {r['consistency']}")
    out.rows(rows, LIST_COLUMNS, text, empty="Chưa có văn bản nào; nạp bằng: ntm ingest THƯ_MỤC")
    if out.fmt == "text" and rows:
        failed = len(queries.errors(database))
        typer.echo(f"{len(rows)} văn bản" + (f", {failed} tệp lỗi (xem: ntm errors)" if failed else ""))


ERROR_COLUMNS = {"path": "Tệp", "stage": "Bước", "message": "Lý do", "time": "Thời điểm", "state": "Tình trạng"}


@app.command()
@prints_rows
def errors(db: Path = DbOption,
           history: bool = typer.Option(False, "--all", help="Cả các lỗi trước đây (đã khắc phục, tệp không còn)."),
           out: Output = None):
    """Các tệp đang lỗi khi nạp, ở bước nào và vì sao (--all: cả lịch sử)."""
    from pipeline.store import queries

    rows = queries.errors(read_db(db), history=history)

    def text(r):
        state = f"  [{labels.value('error_state', r['state'])}]" if history else ""
        yield f"{r['path']}{state}"
        yield f"    {labels.value('stage', r['stage'])}: {r['message']}  ({r['time']})"
    out.rows(rows, ERROR_COLUMNS, text, empty="Không có tệp nào đang lỗi.")


TASK_COLUMNS = {"assignee": "Đơn vị được giao", "role": "Vai trò", "task": "Nhiệm vụ", "deadline": "Thời hạn",
                "due": "Ngày cuối", "status_label": "Tình trạng", "number": "Văn bản", "date": "Ngày văn bản",
                "page": "Trang", "quote": "Trích dẫn"}


@app.command()
@prints_rows
def tasks(assignee: str = typer.Option(None, "--assignee", "-a", metavar="CƠ_QUAN", help="Cơ quan được giao, có dấu "
                                       "hay không dấu (so nong nghiep)."),
          place: str = typer.Option(None, "--place", "-p", metavar="ĐỊA_BÀN", help="Tỉnh, huyện hoặc xã, có dấu hay "
                                    "không dấu: gồm cả các đơn vị trực thuộc và văn bản của chính địa bàn đó."),
          due_before: dt.date = DateOption("--due-before", help="Hạn đến hết ngày này (31/12/2024, 12/2024, "
                                           "quý IV/2024, 2024…)."),
          due_after: dt.date = DateOption("--due-after", edge="start", help="Hạn từ ngày này trở đi."),
          doc: str = typer.Option(None, "--doc", metavar="VĂN_BẢN", help="Chỉ nhiệm vụ của văn bản này."),
          db: Path = DbOption, out: Output = None):
    """Ai được giao việc gì, hạn khi nào, văn bản nào giao và ở trang nào."""
    from pipeline.store import queries

    database = read_db(db)
    if doc:
        _document(database, doc)
    area = queries.resolve_area(database, place) if place else None
    if place and area is None:
        typer.echo(f"ntm tasks: «{place}» không có trong danh mục hành chính; tìm theo chữ trong nhiệm vụ", err=True)
    rows = queries.tasks(database, assignee, area or place, due_before and due_before.isoformat(), doc,
                         due_after=due_after and due_after.isoformat())
    rows = [{**r, "role": labels.value("role", r["role"])} for r in rows] if out.fmt != "json" else rows
    if area and out.fmt == "text":
        typer.echo(f"Địa bàn: {area.label} và các đơn vị trực thuộc")

    def text(r):
        page = f" tr. {r['page']}" if r["page"] else ""
        state = f"  [{r['status_label']}]" if r.get("status_label") else ""     # the stored cross-check status
        yield (f"{r['assignee']} [{r['role']}] hạn {r['deadline'] or '-'}{state}  "
               f"← {r['number'] or r['file_name']} ({r['date'] or '?'}){page}")
        yield f"    {r['task'] or r['quote']}"
    out.rows(rows, TASK_COLUMNS, text, empty="Không có nhiệm vụ nào khớp.")


LEVEL_CHOICES = {"province": "province", "district": "district", "commune": "commune", "village": "village",
                 "tinh": "province", "huyen": "district", "xa": "commune", "thon": "village", "lang": "village"}
PLACE_COLUMNS = {"level": "Cấp", "name": "Tên", "parent": "Thuộc", "code": "Mã hành chính", "variants": "Cách viết khác"}


@app.command()
@prints_rows
def places(name: str = typer.Argument(None, metavar="TÊN", help="Tên địa danh, có dấu hay không dấu."),
           level: str = typer.Option(None, "--level", metavar="CẤP", help="tỉnh, huyện, xã hoặc thôn."),
           db: Path = DbOption, out: Output = None):
    """Một địa danh (và các đơn vị trực thuộc) với mọi văn bản và dữ kiện nhắc đến nó."""
    from pipeline.model.normalize import fold
    from pipeline.store import queries

    wanted = None
    if level:
        wanted = LEVEL_CHOICES.get(fold(level).strip().split(" ")[0])
        if wanted is None:
            raise UserError(f"không có cấp «{level}»: chọn tỉnh, huyện, xã hoặc thôn")
    rows = queries.places(read_db(db), name, wanted)

    def text(p):
        parent = f", {p['parent']}" if p["parent"] else ""
        code = f" [{p['code']}]" if p["code"] else ""
        yield (f"{labels.value('level', p['level'])}: {p['name']}{parent}{code}"
               + (f"  (cách viết khác: {', '.join(p['variants'])})" if p["variants"] else ""))
        for d in p["documents"]:
            yield f"    {d['number'] or d['file']} {d['type'] or ''} {d['date'] or ''}: {d['quote']}"
            for f in d["facts"][:5]:
                yield f"        {labels.value('fact_kind', f['kind'])}: {f['quote']}"
    out.rows(rows, PLACE_COLUMNS, text, empty="Không có địa danh nào khớp.")


@app.command()
def serve(db: Path = DbOption,
          port: int = typer.Option(8001, "--port", metavar="CỔNG", min=1, max=65535, help="Cổng lắng nghe."),
          host: str = typer.Option("127.0.0.1", "--host", metavar="ĐỊA_CHỈ",
                                   help="Địa chỉ lắng nghe; 127.0.0.1 chỉ cho máy này truy cập.")):
    """Xem và tìm trong trình duyệt web (Datasette, chỉ đọc)."""
    from pipeline.face import web

    db_file = read_db_path(db)
    read_db(db_file).close()
    try:
        web.password_hash()          # set but empty or not a hash: refused, never served without a login
    except web.WebConfigError as e:
        raise UserError(str(e)) from None
    web.serve(db_file, host=host, port=port)


@app.command()
def check(db: Path = DbOption,
          today: dt.date = DateOption("--today", help="Ngày đối chiếu (mặc định hôm nay; 01/12/2026, 2026-12-01…): "
                                      "hạn đã qua hay chưa, và chỉ văn bản ban hành đến ngày này được tính."),
          as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON.")):
    """Đối chiếu: tình trạng từng cam kết (Đạt, Đạt muộn, Đạt một phần, Không đạt, Chưa đến hạn, Chưa có
    báo cáo, Mâu thuẫn) kèm lý do, bằng chứng (văn bản, trang), ý kiến thẩm định; nhiệm vụ; kiểm tra số liệu.
    Kết quả được lưu vào cơ sở dữ liệu (bảng findings) để báo cáo, sổ nhiệm vụ và web dùng chung."""
    from pipeline.crosscheck.records import check_json

    data = check_json(read_db(db), today)
    if as_json:
        _print_json(data)
        return
    for f in data["commitments"]:
        c = f["commitment"]
        frac = f" {f['fraction']}" if f["fraction"] else ""
        src = c["source"]
        page = f", {src['page_unit']} {src['page']}" if src["page"] else ""
        typer.echo(f"[{f['status_label']}{frac}] {c['label']}  ← {src['number'] or src['file_name']}{page}  ({c['key']})")
        typer.echo(f"    {f['reason']}")
        if f["review"]:
            r = f["review"]
            typer.echo(f"    Thẩm định: {r['status_label']} — {r['note'] or ''} ({r['by'] or '?'}, {(r['at'] or '')[:10]})")
        for e in f["evidence"]:
            epage = f", {e['page_unit']} {e['page']}" if e["page"] else ""
            typer.echo(f"    • {e['number'] or e['file_name']} ({e['date'] or '?'}{epage}): {e['quote'][:110]}")
    bad = [r for r in data["consistency"] if not r["consistent"]]
    typer.echo(f"{len(data['commitments'])} cam kết, {len(data['tasks'])} nhiệm vụ; kiểm tra số liệu: "
               f"{len(data['consistency'])}, {len(bad)} không khớp")
    typer.echo(f"Theo huyện: ntm due --today {data['today']} [--district HUYỆN]; trên web (ntm serve): «Theo địa bàn»")


DUE_JSON_KEYS = ("due_state", "days_left", "kind", "commitment_key", "what", "assignee", "place", "area_label",
                 "area_key", "district", "deadline", "deadline_end", "status", "status_label", "reason",
                 "review_status", "review_note", "doc_id", "number", "date", "file_name", "page", "page_unit",
                 "page_label", "quote", "checked_on")


@app.command()
@prints_rows
def due(within: int = typer.Option(30, "--within", metavar="SỐ_NGÀY", min=0, max=3660,
                                   help="Sắp đến hạn: hạn rơi vào từ hôm nay đến chừng này ngày sau."),
        district: str = typer.Option(None, "--district", metavar="ĐỊA_BÀN", help="Huyện hoặc tỉnh, có dấu hay "
                                     "không dấu (kon ray): chỉ việc của địa bàn đó và các đơn vị trực thuộc."),
        today: dt.date = DateOption("--today", help="Tính đến ngày này (mặc định hôm nay; 15/05/2025…)."),
        db: Path = DbOption, out: Output = None):
    """Việc quá hạn và sắp đến hạn: cam kết và nhiệm vụ, theo huyện, hạn, tình trạng và trang văn bản,
    đọc từ kết quả `ntm check` đã lưu."""
    from pipeline.face.districts import DUE_COLUMNS, labelled
    from pipeline.store import districts, queries

    columns = {c.key: c.heading for c in DUE_COLUMNS}        # the web's CSV and Excel columns

    database = read_db(db)
    checked = districts.checked_on(database)
    if not checked:
        raise UserError(f"chưa có kết quả đối chiếu trong {db or 'cơ sở dữ liệu'}; chạy trước: ntm check")
    day = today or dt.date.today()
    area = queries.resolve_area(database, district) if district else None
    if district and area is None and not any(
            fold(district) in fold(s["label"]) for s in districts.summary(database, day, within)):
        raise UserError(f"không có địa bàn «{district}» trong danh mục hành chính hay trong kết quả đối chiếu")
    rows = [labelled(r) for r in districts.due(database, day, within, area, None if area else district)]
    if checked != day.isoformat():
        typer.echo(f"ntm due: tình trạng theo lần đối chiếu ngày {checked}; để cập nhật: "
                   f"ntm check --today {day.isoformat()}", err=True)
    if out.fmt == "json":
        out.rows([{k: r.get(k) for k in DUE_JSON_KEYS} | {"checked_on": r["today"]} for r in rows], columns)
        return

    def text(r):
        yield (f"[{r['status_label']}] {r['days_text']} · hạn {r['deadline_day']} · {r['kind_label']} · "
               f"{r['area_label']}  ← {r['document']}{', ' + r['page_label'] if r['page_label'] else ''}"
               f"  ({r['commitment_key']})")
        yield f"    {(r['who'] + ': ') if r['who'] and r['kind'] == 'task' else ''}{r['what']}"
    if out.fmt != "text":       # a terminal table leaves out the long columns the CSV keeps
        out.rows(rows, columns if out.fmt == "csv" else {k: columns[k] for k in (
            "days_text", "deadline_end", "kind_label", "what", "area_label", "status_label", "document", "page_label")})
        return
    where = f" · {area.label}" if area else (f" · «{district}»" if district else "")
    overdue = [r for r in rows if r["due_state"] == "overdue"]
    soon = [r for r in rows if r["due_state"] == "due"]
    typer.echo(f"Tính đến {day.strftime('%d/%m/%Y')}{where}: quá hạn {len(overdue)}, "
               f"sắp đến hạn trong {within} ngày {len(soon)}")
    if not rows:
        typer.echo("Không có việc nào quá hạn hay sắp đến hạn.")
    for heading, group in (("QUÁ HẠN", overdue), (f"SẮP ĐẾN HẠN (trong {within} ngày)", soon)):
        if group:
            typer.echo(heading)
            out.rows(group, columns, text)


@app.command()
def review(commitment: str = typer.Argument(..., metavar="MÃ", help="Mã cam kết hoặc nhiệm vụ (ck-…, tk-…) hoặc "
                                             "số thứ tự mà `ntm check` in ra."),
           status: str = typer.Option(..., "--status", metavar="TÌNH_TRẠNG", help="met, met_late, partly_met, "
                                      "missed, pending, no_evidence hoặc contradicted."),
           note: str = typer.Option(None, "--note", metavar="GHI_CHÚ", help="Ghi chú, căn cứ của người thẩm định."),
           by: str = typer.Option(None, "--by", metavar="NGƯỜI", help="Người thẩm định."),
           db: Path = DbOption, as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON.")):
    """Ghi ý kiến thẩm định của một người cho một cam kết; giữ nguyên sau khi nạp lại và đối chiếu lại."""
    from pipeline.crosscheck.vocabulary import STATUS_LABELS
    from pipeline.store.findings import find_finding, save_review

    if status not in STATUS_LABELS:
        raise UserError(f"tình trạng «{status}» không hợp lệ; dùng một trong: {', '.join(STATUS_LABELS)}")
    database = read_db(db)
    finding = find_finding(database, commitment)
    if finding is None:
        raise UserError(f"không có cam kết hay nhiệm vụ «{commitment}»; chạy ntm check để xem các mã")
    row = save_review(database, finding, status, note, by)
    if as_json:
        _print_json(row)
        return
    from pipeline.store.districts import area_of

    typer.echo(f"Đã ghi: {finding['label']} ({area_of(finding).label}) — máy: {finding['status_label']}, "
               f"thẩm định: {STATUS_LABELS[status]}")


@app.command()
def report(db: Path = DbOption,
           out: Path = typer.Option(Path("outputs/report.html"), "--out", "-o", metavar="TỆP", help="Tệp HTML báo cáo."),
           today: dt.date = DateOption("--today", help="Ngày đối chiếu (mặc định hôm nay)."),
           datasette: str = typer.Option(None, "--datasette", metavar="ĐỊA_CHỈ",
                                         help="Địa chỉ của `ntm serve`, để dẫn tới văn bản.")):
    """Đối chiếu, lưu kết quả và viết báo cáo HTML cùng sổ nhiệm vụ tasks.xlsx; in đường dẫn hai tệp."""
    from flows.crosscheck import crosscheck as crosscheck_flow

    summary = crosscheck_flow(str(read_db_path(db)), str(out), today, datasette)
    typer.echo(f"báo cáo: {summary.report}")
    typer.echo(f"nhiệm vụ: {summary.tasks_xlsx}")


@app.command()
def watch(inbox: Path = typer.Argument(..., help="Thư mục nhận: tệp được bỏ vào đây sẽ được nạp."),
          db: Path = DbOption,
          out: Path = typer.Option(Path("outputs/report.html"), "--out", "-o", help="Báo cáo HTML cần cập nhật."),
          interval: float = typer.Option(5, "--interval", help="Số giây giữa hai lần xem thư mục nhận."),
          report_every: float = typer.Option(3600, "--report-every", help="Số giây giữa hai lần đối chiếu "
                                             "và viết lại báo cáo theo lịch."),
          workers: int = typer.Option(None, "--workers", "-w", help="Số tiến trình đọc và trích xuất.")):
    """Nạp các tệp được bỏ vào INBOX và cập nhật báo cáo, như các deployment Prefect (cần máy chủ
    Prefect: xem README, mục Prefect), cho đến khi dừng (Ctrl-C)."""
    import os
    import signal

    from flows import watch as flows_watch

    if not os.environ.get("PREFECT_API_URL"):
        raise UserError("ntm watch cần một máy chủ Prefect đang chạy: khởi động một lần "
                        "«.venv/bin/prefect server start &» rồi «export PREFECT_API_URL=http://127.0.0.1:4200/api» "
                        "(README, mục Prefect)")
    db_file = write_db_path(db)
    signal.signal(signal.SIGTERM, signal.default_int_handler)   # a service stop ends runs as Ctrl-C does
    inbox.mkdir(parents=True, exist_ok=True)
    try:
        flows_watch.serve_watch(
            inbox, str(db_file), str(out), interval, report_every, workers,
            on_start=lambda: typer.echo(f"đang theo dõi {inbox} (xem mỗi {interval:g} giây; báo cáo mỗi "
                                        f"{report_every:g} giây); Ctrl-C để dừng"),
            on_trigger=lambda n: typer.echo(f"thư mục nhận đã thay đổi ({n} tệp): bắt đầu nạp"))
    except KeyboardInterrupt:
        pass


def main() -> None:
    from pipeline.read import lifetime

    lifetime.guard_process()     # children and temporary folders end with this command, however it ends
    app()


if __name__ == "__main__":
    main()
