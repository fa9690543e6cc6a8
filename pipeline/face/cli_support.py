"""What every `ntm` command shares: Vietnamese messages, one-line errors, `--db` checks, date
options and one output option with one renderer.

- `NtmGroup`: the command group; a user mistake (a bad option, a bad date, a missing database,
  an unknown document) ends as ONE line on stderr and exit code 2, never a traceback; anything
  else as one line and exit 1 (NTM_DEBUG=1 shows the traceback). Click's and Typer's own
  messages are Vietnamese (data/cli_messages.json).
- `UserError`: raise it from a command to say what the user should fix.
- `DateOption(...)`: a date as people write it (31/12/2024, 12/2024, quý IV/2024, 2024, ISO),
  parsed by pipeline.model.dates into the first or last day it allows.
- `read_db(path)` / `write_db(path)`: the database a command reads (must exist and be ntm's;
  never created) or writes (its folder must exist, except the default outputs/).
- `@prints_rows`: adds `--json`, `--csv` and `--table` to a command and hands it an `Output`
  that prints rows (or one record) in the chosen form; as sqlite-utils' `output_options`.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import inspect
import json
import os
import sqlite3
import sys
import traceback
from pathlib import Path
from typing import Any, Callable, Iterable

import regex
import typer

# Typer 0.29 carries its own copy of Click: its exceptions and context are these.
from typer._click import exceptions as click_exceptions
from typer._click import globals as click_globals
from typer.core import TyperCommand, TyperGroup

from pipeline.model.dates import parse_date

MESSAGES = Path(__file__).with_name("data") / "cli_messages.json"
SQLITE_HEADER = b"SQLite format 3\x00"


# ---------------------------------------------------------------- Vietnamese for Typer

@functools.cache
def catalog() -> dict[str, Any]:
    """data/cli_messages.json, checked: each error pattern compiles and its template names only
    the pattern's groups."""
    import string

    data = json.loads(MESSAGES.read_text(encoding="utf-8"))
    errors = []
    for rule in data["errors"]:
        pattern = regex.compile(rule["english"])
        fields = {f for _, f, _, _ in string.Formatter().parse(rule["vietnamese"]) if f}
        if not fields <= set(pattern.groupindex):
            raise ValueError(f"{MESSAGES.name}: {rule['vietnamese']!r} names groups {fields - set(pattern.groupindex)} "
                             f"that {rule['english']!r} does not have")
        errors.append((pattern, rule["vietnamese"]))
    return {"help": data["help"], "errors": errors}


def translate_error(message: str) -> str:
    """A usage error of Typer in Vietnamese (the message itself when no rule knows it)."""
    message = " ".join(message.split())
    for pattern, template in catalog()["errors"]:
        m = pattern.fullmatch(message)
        if m:
            return template.format(**{k: v or "" for k, v in m.groupdict().items()})
    return message


def help_text(english: str) -> str:
    return catalog()["help"].get(english, english)


def install_vietnamese_help() -> None:
    """Typer's help headings in Vietnamese (Typer computes them once, at import: set them again)."""
    import typer.rich_utils as rich_utils

    for name, english in (("ARGUMENTS_PANEL_TITLE", "Arguments"), ("OPTIONS_PANEL_TITLE", "Options"),
                          ("COMMANDS_PANEL_TITLE", "Commands"), ("ERRORS_PANEL_TITLE", "Error"),
                          ("ABORTED_TEXT", "Aborted."), ("DEFAULT_STRING", "[default: {}]"),
                          ("REQUIRED_LONG_STRING", "[required]"), ("ENVVAR_STRING", "[env var: {}]"),
                          ("DEPRECATED_STRING", "(deprecated) "),
                          ("RICH_HELP", "Try [blue]'{command_path} {help_option}'[/] for help.")):
        setattr(rich_utils, name, help_text(english))


class _VietnameseHelp:
    """Usage line and --help text in Vietnamese, for the group and each command."""

    def get_usage(self, ctx) -> str:
        return super().get_usage(ctx).replace("Usage: ", help_text("Usage: "), 1)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = help_text("Show this message and exit.")
        return option


class NtmCommand(_VietnameseHelp, TyperCommand):
    pass


class NtmTyper(typer.Typer):
    """typer.Typer whose commands, whoever writes them, get Vietnamese help (NtmCommand)."""

    def command(self, *args, cls=None, **kwargs):
        return super().command(*args, cls=cls or NtmCommand, **kwargs)


# ---------------------------------------------------------------- errors

class UserError(Exception):
    """A mistake the user can fix; the message (Vietnamese) says what and how."""
    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        ctx = click_globals.get_current_context(silent=True)
        self.command_path = ctx.command_path if ctx else "ntm"

    def format_message(self) -> str:
        return str(self)


def _say(command_path: str, message: str) -> None:
    # The program is "ntm" whatever name it was started under (python -m, a test runner).
    prefix = " ".join(["ntm", *command_path.split()[1:]])
    line = " ".join(str(message).replace("\n", " ").replace("\t", " ").split())
    typer.echo(f"{prefix}: lỗi: {line}", err=True)


class NtmGroup(_VietnameseHelp, TyperGroup):
    """The `ntm` group: Vietnamese help, and every failure as one line (see the module doc)."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        install_vietnamese_help()
        code = 0
        try:
            rv = super().main(args=args, prog_name=prog_name or "ntm", complete_var=complete_var,
                              standalone_mode=False, **extra)
            code = rv if isinstance(rv, int) and not isinstance(rv, bool) else 0
        except UserError as e:
            _say(e.command_path, e.format_message())
            code = 2
        except click_exceptions.UsageError as e:
            _say(e.ctx.command_path if e.ctx else "ntm", translate_error(e.format_message()))
            code = 2
        except click_exceptions.ClickException as e:
            _say("ntm", translate_error(e.format_message()))
            code = e.exit_code or 2
        except typer.Exit as e:
            code = e.exit_code
        except SystemExit as e:            # Typer's own exits (a closed pipe, say)
            code = e.code if isinstance(e.code, int) else 1
        except (typer.Abort, KeyboardInterrupt):
            typer.echo("ntm: đã dừng.", err=True)
            code = 130
        except Exception as e:  # noqa: BLE001 - the last line of defence: no traceback for users
            if os.environ.get("NTM_DEBUG"):
                traceback.print_exc()
            _say("ntm", f"lỗi ngoài dự kiến ({type(e).__name__}: {e}); chạy lại với NTM_DEBUG=1 để xem chi tiết")
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code


# ---------------------------------------------------------------- dates

def _date_parser(edge: str) -> Callable[[str], dt.date]:
    def parse(value):
        if isinstance(value, dt.date):
            return value
        span = parse_date(str(value))         # DateError (a ValueError) says why in Vietnamese
        return span.end if edge == "end" else span.start
    return parse


def DateOption(*names: str, help: str, edge: str = "end", default=None):  # noqa: N802, A002 - used like typer.Option
    """A date as people write it; its last day (edge="end": "--due-before 2024" is 2024-12-31)
    or its first (edge="start")."""
    return typer.Option(default, *names, help=help, parser=_date_parser(edge), metavar="NGÀY")


# ---------------------------------------------------------------- the database

DbOption = typer.Option(None, "--db", metavar="TỆP", show_default=False,
                        help="Tệp cơ sở dữ liệu (mặc định: biến môi trường NTM_DB, nếu không có thì outputs/ntm.db).")


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise UserError(f"{path} là một thư mục, không phải tệp cơ sở dữ liệu; --db cần một tệp, ví dụ {path / 'ntm.db'}")
    if not os.access(path, os.R_OK):
        raise UserError(f"không có quyền đọc {path}")
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise UserError(f"{path} không phải cơ sở dữ liệu SQLite (có thể nhầm tệp ở --db)")


def _tables(path: Path) -> set[str]:
    try:
        con = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
        try:
            return {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
        finally:
            con.close()
    except sqlite3.DatabaseError as e:
        raise UserError(f"không đọc được cơ sở dữ liệu {path}: {e}") from None


def read_db_path(path: str | os.PathLike | None) -> Path:
    """The database a read-only command uses: it must exist and be ntm's; nothing is created."""
    from pipeline import store

    p = store.db_path(path)
    if not p.exists():
        raise UserError(f"không có cơ sở dữ liệu ở {p} (đường dẫn đầy đủ {p.resolve()}); "
                        f"hãy nạp văn bản trước: ntm ingest THƯ_MỤC --db {p}")
    _check_sqlite_file(p)
    if "documents" not in _tables(p):
        raise UserError(f"{p} là SQLite nhưng không phải cơ sở dữ liệu của ntm (không có bảng documents)")
    return p


def read_db(path: str | os.PathLike | None):
    """Open the database a read-only command uses (an older schema is brought up to date)."""
    from pipeline import store

    p = read_db_path(path)
    try:
        return store.open_db(p)
    except sqlite3.OperationalError as e:
        raise UserError(f"không mở được {p}: {e}") from None


def write_db_path(path: str | os.PathLike | None) -> Path:
    """The database `ingest` writes: a new file only in an existing folder (the default
    outputs/ is made); an existing file must be SQLite, ntm's or empty, and writable."""
    from pipeline import store

    explicit = path or os.environ.get("NTM_DB")
    p = store.db_path(path)
    if p.exists():
        _check_sqlite_file(p)
        tables = _tables(p)
        if tables and "documents" not in tables:
            raise UserError(f"{p} là một cơ sở dữ liệu SQLite khác, không phải của ntm: chọn tệp khác ở --db")
        if not os.access(p, os.W_OK):
            raise UserError(f"không có quyền ghi vào {p}")
        return p
    folder = p.parent
    if not folder.exists():
        if explicit:
            raise UserError(f"không có thư mục {folder} để tạo {p.name}; kiểm tra lại --db hoặc tạo thư mục trước")
        folder.mkdir(parents=True, exist_ok=True)
    if not folder.is_dir():
        raise UserError(f"{folder} không phải là thư mục")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"không có quyền ghi vào thư mục {folder}")
    return p


# ---------------------------------------------------------------- output

class Output:
    """Prints rows or one record as text (the command's own layout), a table, JSON or CSV."""

    def __init__(self, fmt: str = "text"):
        self.fmt = fmt

    def rows(self, rows: list[dict[str, Any]], columns: dict[str, str],
             text: Callable[[dict[str, Any]], Iterable[str]] | None = None, empty: str = "Không có kết quả.") -> None:
        """`columns`: key → Vietnamese heading, for the table and CSV; JSON keeps every key."""
        if self.fmt == "json":
            _print_json(rows)
        elif self.fmt == "csv":
            _print_csv(rows, columns)
        elif not rows:
            typer.echo(empty)
        elif self.fmt == "table" or text is None:
            _print_table(rows, columns)
        else:
            for row in rows:
                for line in text(row):
                    typer.echo(line)

    def record(self, data: dict[str, Any], fields: dict[str, str],
               text: Callable[[dict[str, Any]], Iterable[str]] | None = None) -> None:
        if self.fmt == "json":
            _print_json(data)
        elif self.fmt == "csv":
            _print_csv([data], fields)
        elif self.fmt == "table" or text is None:
            width = max(map(len, fields.values()))
            for key, label in fields.items():
                if data.get(key) not in (None, "", [], {}):
                    typer.echo(f"{label:<{width}}  {_cell(data[key])}")
        else:
            for line in text(data):
                typer.echo(line)


def _cell(value: Any) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


def _print_csv(rows: list[dict[str, Any]], columns: dict[str, str]) -> None:
    # A UTF-8 byte-order mark, so that Excel shows the diacritics.
    sys.stdout.write("\ufeff")
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns.values())
    for row in rows:
        writer.writerow(_cell(row.get(k)) for k in columns)


def _print_table(rows: list[dict[str, Any]], columns: dict[str, str]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns.values(), show_lines=False, header_style="bold")
    for row in rows:
        table.add_row(*(_cell(row.get(k)) for k in columns))
    Console(file=sys.stdout, width=max(120, Console().width), highlight=False).print(table)


def prints_rows(command: Callable) -> Callable:
    """Give a command `--json`, `--csv` and `--table`; it receives `out: Output`."""
    signature = inspect.signature(command, eval_str=True)
    kept = [p for name, p in signature.parameters.items() if name != "out"]
    added = [
        inspect.Parameter("as_json", inspect.Parameter.KEYWORD_ONLY, annotation=bool,
                          default=typer.Option(False, "--json", help="In ra JSON (cho máy đọc).")),
        inspect.Parameter("as_csv", inspect.Parameter.KEYWORD_ONLY, annotation=bool,
                          default=typer.Option(False, "--csv", help="In ra CSV (UTF-8 có BOM, mở được bằng Excel).")),
        inspect.Parameter("as_table", inspect.Parameter.KEYWORD_ONLY, annotation=bool,
                          default=typer.Option(False, "--table", help="In ra dạng bảng.")),
    ]

    @functools.wraps(command)
    def wrapper(*args, as_json: bool = False, as_csv: bool = False, as_table: bool = False, **kwargs):
        if as_json + as_csv + as_table > 1:
            raise UserError("chỉ chọn một trong --json, --csv, --table")
        fmt = "json" if as_json else "csv" if as_csv else "table" if as_table else "text"
        return command(*args, out=Output(fmt), **kwargs)

    wrapper.__signature__ = signature.replace(parameters=kept + added)
    wrapper.__annotations__ = {p.name: p.annotation for p in kept + added}
    return wrapper
