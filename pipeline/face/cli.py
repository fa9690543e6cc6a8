"""The `ntm` command line: one command per user task."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from pipeline.model import MAIN_FACT_KINDS

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="ntm: Vietnamese NTM directives and reports, made answerable.")


@app.callback()
def root() -> None:
    """ntm: Vietnamese NTM directives and reports, made answerable."""


@app.command()
def extract(file: Path = typer.Argument(..., help="A TXT, DOCX or PDF file."),
            as_json: bool = typer.Option(False, "--json", help="Print the extraction record as JSON.")):
    """Extract everything from one file, without touching the database."""
    from flows.stages import extract_record
    from pipeline.read import ReadError

    try:
        record = extract_record(file)
    except ReadError as e:
        typer.echo(f"{file}: {e.stage}: {e}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=1) + "\n")
        return
    info = record["document"]
    typer.echo(f"{record['file']}  [{record['format']}]")
    for key in ("number", "type", "issuer", "place", "date", "title", "signer", "signer_title"):
        if info.get(key):
            typer.echo(f"  {key:<13} {info[key]}")
    for name in MAIN_FACT_KINDS:
        typer.echo(f"  {name:<13} {len(record[name])}")


DbOption = typer.Option(None, "--db", help="Database file (default $NTM_DB or outputs/ntm.db).")


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


def _done_with(rows, as_json: bool, empty: str) -> bool:
    """Print the rows as JSON, or say there are none; True when nothing is left to print."""
    if as_json:
        _print_json(rows)
        return True
    if not rows:
        typer.echo(empty)
        return True
    return False


class _Progress:
    """A rich progress bar on a terminal; silent otherwise (CI logs, pipes)."""

    def __init__(self):
        from rich.progress import Progress
        self.bar = Progress(transient=True) if sys.stderr.isatty() else None
        self.task = None

    def start(self, total: int, done: int) -> None:
        if self.bar and total > 1:
            self.bar.start()
            self.task = self.bar.add_task("ingest", total=total, completed=done)

    def advance(self, path: str) -> None:
        if self.task is not None:
            self.bar.update(self.task, advance=1, description=Path(path).name[:40])

    def stop(self) -> None:
        if self.task is not None:
            self.bar.stop()


@app.command()
def ingest(paths: list[Path] = typer.Argument(..., help="Files and folders to ingest."),
           db: Path = DbOption,
           workers: int = typer.Option(None, "--workers", "-w", help="Worker processes for reading and "
                                       "extraction (default: the number of cores)."),
           dask: str = typer.Option(None, "--dask", help="Run reading and extraction on an existing "
                                    "Dask cluster, e.g. tcp://10.0.0.5:8786; SQLite is written here."),
           as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON.")):
    """Ingest files and folders: unchanged files are skipped, failures recorded, the rest loaded."""
    import os

    from flows import workers as local_workers

    if not dask and (workers or os.cpu_count() or 1) > 1:
        local_workers.start(workers or os.cpu_count())    # warm up while Prefect is imported below
    from flows.ingest import ingest as ingest_flow

    progress = _Progress()
    try:
        summary = ingest_flow([str(p) for p in paths], db_path=str(db) if db else None,
                              workers=workers, dask_address=dask, progress=progress)
    finally:
        progress.stop()
    if as_json:
        _print_json({"ingested": summary.ingested, "unchanged": summary.unchanged,
                     "failed": [{"path": p, "stage": s, "message": m} for p, s, m in summary.failed]})
    else:
        typer.echo(f"ingested {len(summary.ingested)}, unchanged {len(summary.unchanged)}, "
                   f"failed {len(summary.failed)}")
        for path, stage, message in summary.failed:
            typer.echo(f"  FAILED {path}: {stage}: {message}", err=True)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def search(query: str = typer.Argument(..., help="Words to find, with or without diacritics."),
           db: Path = DbOption, limit: int = typer.Option(20, "--limit", "-n"),
           as_json: bool = typer.Option(False, "--json", help="Print a JSON array of hits.")):
    """Full-text search over every ingested document, accent-insensitive."""
    from pipeline import store
    from pipeline.store import queries

    hits = queries.search(store.open_db(db), query, limit)
    if _done_with(hits, as_json, "no match"):
        return
    for h in hits:
        page = f" p.{h['page']}" if h["page"] else ""
        typer.echo(f"[{h['doc_id']}] {h['number'] or '(no number)'} · {h['type'] or '?'} · "
                   f"{h['date'] or '?'} · {h['issuer'] or '?'}{page}")
        typer.echo(f"    {h['snippet']}")


@app.command()
def show(doc: str = typer.Argument(..., help="Document id, number (1052/UBND-NNTN) or file name."),
         db: Path = DbOption, as_json: bool = typer.Option(False, "--json"),
         html: Path = typer.Option(None, "--html", help="Write the text with its facts highlighted "
                                   "(displaCy) to this HTML file.")):
    """One document: metadata, references out and in (who cites it), facts, errors."""
    from pipeline import store
    from pipeline.store import queries

    database = store.open_db(db)
    row = queries.find_document(database, doc)
    if row is None:
        typer.echo(f"no document {doc!r}", err=True)
        raise typer.Exit(1)
    view = queries.document_view(database, row)
    if html:
        from pipeline.face.highlight import document_page

        html.write_text(document_page(row, queries.document_facts(database, row["id"])), encoding="utf-8")
        typer.echo(f"written {html}")
        return
    if as_json:
        _print_json(view)
        return
    for key in ("id", "file_name", "format", "pages", "number", "type", "issuer", "place", "date",
                "title", "signing_mark", "signer_title", "signer"):
        if view.get(key) is not None:
            typer.echo(f"{key:<13} {view[key]}")
    if view["recipients"]:
        typer.echo("recipients    " + "; ".join(view["recipients"]))
    typer.echo("facts         " + ", ".join(f"{k} {v}" for k, v in view["facts"].items()))
    typer.echo(f"references ({len(view['references_out'])}):")
    for r in view["references_out"]:
        linked = f"  → [{r['cited_doc_id']}]" if r["cited_doc_id"] else ""
        typer.echo(f"  {r['number']:<22} {r['type'] or '':<12} {r['date'] or '':<10}{linked}")
    typer.echo(f"cited by ({len(view['cited_by'])}):")
    for r in view["cited_by"]:
        typer.echo(f"  [{r['doc_id']}] {r['number'] or '(no number)'} {r['type'] or ''} {r['date'] or ''}")
    for e in view["errors"]:
        typer.echo(f"error: {e['stage']}: {e['message']}")


@app.command("list")
def list_documents(db: Path = DbOption, as_json: bool = typer.Option(False, "--json")):
    """Every ingested document with its number, type, date and how many facts it gave."""
    from pipeline import store
    from pipeline.store import queries

    rows = queries.documents(store.open_db(db))
    if as_json:
        _print_json(rows)
        return
    for r in rows:
        typer.echo(f"[{r['id']}] {r['number'] or '(no number)':<18} {r['type'] or '?':<10} "
                   f"{r['date'] or '?':<10} {r['file_name']}")
        typer.echo(f"     {r['issuer'] or '?'} · refs {r['references']} · places {r['places']} · "
                   f"targets {r['targets']} · achievements {r['achievements']} · budgets {r['budgets']} · "
                   f"tasks {r['assignments']} · checks {r['consistency']}")
    failed = len(queries.errors(store.open_db(db)))
    typer.echo(f"{len(rows)} documents" + (f", {failed} failed files (ntm errors)" if failed else ""))


@app.command()
def errors(db: Path = DbOption, as_json: bool = typer.Option(False, "--json")):
    """Files that failed to ingest, with the stage and the reason."""
    from pipeline import store
    from pipeline.store import queries

    rows = queries.errors(store.open_db(db))
    if _done_with(rows, as_json, "no errors"):
        return
    for r in rows:
        typer.echo(f"{r['path']}\n    {r['stage']}: {r['message']}  ({r['time']})")


@app.command()
def tasks(assignee: str = typer.Option(None, "--assignee", "-a", help="Agency, with or without diacritics."),
          place: str = typer.Option(None, "--place", "-p", help="A place named in the task."),
          due_before: str = typer.Option(None, "--due-before", help="ISO date: deadlines on or before."),
          doc: str = typer.Option(None, "--doc", help="Only the tasks of this document."),
          db: Path = DbOption, as_json: bool = typer.Option(False, "--json")):
    """Who was assigned what, by when, and where the document says so."""
    from pipeline import store
    from pipeline.store import queries

    rows = queries.tasks(store.open_db(db), assignee, place, due_before, doc)
    if _done_with(rows, as_json, "no task found"):
        return
    for r in rows:
        page = f" p.{r['page']}" if r["page"] else ""
        typer.echo(f"{r['assignee']} [{r['role']}] due {r['deadline'] or '-'}  "
                   f"← {r['number'] or r['file_name']} ({r['date'] or '?'}){page}")
        typer.echo(f"    {r['task'] or r['quote']}")


@app.command()
def places(name: str = typer.Argument(None, help="Place name, with or without diacritics."),
           level: str = typer.Option(None, "--level", help="province, district, commune or village."),
           db: Path = DbOption, as_json: bool = typer.Option(False, "--json")):
    """A place with every document and fact that mentions it."""
    from pipeline import store
    from pipeline.store import queries

    rows = queries.places(store.open_db(db), name, level)
    if _done_with(rows, as_json, "no place found"):
        return
    for p in rows:
        parent = f", {p['parent']}" if p["parent"] else ""
        code = f" [{p['code']}]" if p["code"] else ""
        typer.echo(f"{p['level']}: {p['name']}{parent}{code}"
                   + (f"  (also: {', '.join(p['variants'])})" if p["variants"] else ""))
        for d in p["documents"]:
            typer.echo(f"    {d['number'] or d['file']} {d['type'] or ''} {d['date'] or ''}: {d['quote']}")
            for f in d["facts"][:5]:
                typer.echo(f"        {f['kind']}: {f['quote']}")


@app.command()
def serve(db: Path = DbOption,
          port: int = typer.Option(8001, "--port", help="Port to listen on."),
          host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; 127.0.0.1 keeps it local.")):
    """Browse and search the database in a web browser (Datasette, read-only)."""
    from pipeline import store
    from pipeline.face import web

    web.serve(store.db_path(db), host=host, port=port)


@app.command()
def check(db: Path = DbOption,
          today: str = typer.Option(None, "--today", help="ISO date deadlines are judged against (default: today)."),
          as_json: bool = typer.Option(False, "--json", help="Print consistency and commitment findings as JSON.")):
    """Cross-check: each commitment's status (met, partly met, missed, pending, no evidence,
    contradicted) with its evidence, and the within-document consistency checks."""
    from pipeline import crosscheck, store

    data = crosscheck.check_json(store.open_db(db), today)
    if as_json:
        _print_json(data)
        return
    for f in data["commitments"]:
        c = f["commitment"]
        frac = f" {f['fraction']}" if f["fraction"] else ""
        typer.echo(f"[{f['status_label']}{frac}] {c['label']}  ← {c['source']['number'] or c['source']['file_name']}")
        if f["note"]:
            typer.echo(f"    {f['note']}")
        for e in f["evidence"]:
            page = f" p.{e['page']}" if e["page"] else ""
            typer.echo(f"    {e['role']}: {e['number'] or e['file_name']} ({e['date'] or '?'}){page}: {e['quote'][:120]}")
    bad = [r for r in data["consistency"] if not r["consistent"]]
    typer.echo(f"{len(data['commitments'])} commitments; consistency: {len(data['consistency'])} checks, "
               f"{len(bad)} inconsistent")


@app.command()
def report(db: Path = DbOption,
           out: Path = typer.Option(Path("outputs/report.html"), "--out", "-o", help="The HTML report to write."),
           today: str = typer.Option(None, "--today", help="ISO date deadlines are judged against."),
           datasette: str = typer.Option(None, "--datasette", help="Base URL of `ntm serve`, to link facts there too.")):
    """Write the self-contained HTML report and, next to it, tasks.xlsx; print their paths."""
    import datetime as dt

    from flows.crosscheck import crosscheck as crosscheck_flow

    summary = crosscheck_flow(str(db) if db else None, str(out),
                              dt.date.fromisoformat(today) if today else None, datasette)
    typer.echo(f"report: {summary.report}")
    typer.echo(f"tasks:  {summary.tasks_xlsx}")


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
    import signal

    from flows import watch as flows_watch

    signal.signal(signal.SIGTERM, signal.default_int_handler)   # a service stop ends runs as Ctrl-C does
    inbox.mkdir(parents=True, exist_ok=True)
    try:
        flows_watch.serve_watch(
            inbox, str(db) if db else None, str(out), interval, report_every, workers,
            on_start=lambda: typer.echo(f"đang theo dõi {inbox} (xem mỗi {interval:g} giây; báo cáo mỗi "
                                        f"{report_every:g} giây); Ctrl-C để dừng"),
            on_trigger=lambda n: typer.echo(f"thư mục nhận đã thay đổi ({n} tệp): bắt đầu nạp"))
    except flows_watch.NoPrefectServer:
        typer.echo("ntm watch cần một máy chủ Prefect đang chạy. Khởi động một lần:\n"
                   "    .venv/bin/prefect server start &\n"
                   "    export PREFECT_API_URL=http://127.0.0.1:4200/api\n"
                   "rồi chạy lại lệnh này.", err=True)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        pass


def main() -> None:
    from pipeline.read import lifetime

    lifetime.guard_process()     # children and temporary folders end with this command, however it ends
    app()


if __name__ == "__main__":
    main()
