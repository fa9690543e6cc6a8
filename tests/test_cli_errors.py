"""Every `ntm` command, given wrong arguments, says so in one Vietnamese line on stderr and exits
with code 2: never a traceback, never a database created by a read-only command."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import SEEDS
from typer.testing import CliRunner

from pipeline.face import cli_support
from pipeline.face.cli import app

runner = CliRunner()


def ntm(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> dict[str, Path]:
    """A real database with two seeds, a non-SQLite file, a foreign SQLite file, an empty folder,
    a folder with no document, a read-only folder."""
    root = tmp_path_factory.mktemp("cli")
    docs = root / "docs"
    docs.mkdir()
    for name in ("003_3b8164272555d3eb.txt", "004_567781b357fe535e.txt"):
        shutil.copy(SEEDS / name, docs / name)
    db = root / "ntm.db"
    result = ntm("ingest", str(docs), "--db", str(db), "-w", "1")
    assert result.exit_code == 0, result.output
    (root / "notes.txt").write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    foreign = root / "other.db"
    con = sqlite3.connect(foreign)
    con.execute("create table t (x)")
    con.commit()
    con.close()
    (root / "empty").mkdir()
    (root / "pictures").mkdir()
    (root / "pictures" / "bieu-tuong.svg").write_text("<svg/>", encoding="utf-8")
    locked = root / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    return {"root": root, "db": db, "docs": docs, "notes": root / "notes.txt", "foreign": foreign,
            "empty": root / "empty", "pictures": root / "pictures", "locked": locked}


def _files(root: Path) -> set[Path]:
    # SQLite's own -wal/-shm files of the real database come and go with readers
    return {p for p in root.rglob("*") if not p.name.endswith(("-wal", "-shm"))}


# (name, arguments with {placeholders} from `work`) — every command, every kind of mistake.
MISTAKES = [
    ("tasks bad date", "tasks --due-before 2024-13-45 --db {db}"),
    ("tasks day 31/02", "tasks --due-before 31/02/2024 --db {db}"),
    ("tasks not a date", "tasks --due-before notadate --db {db}"),
    ("tasks due-after not a date", "tasks --due-after quý V/2024 --db {db}"),
    ("tasks missing value", "tasks --due-before"),
    ("tasks unknown document", "tasks --doc 9999/XX-YY --db {db}"),
    ("tasks unknown option", "tasks --bogus --db {db}"),
    ("list missing db", "list --db {root}/nothere.db"),
    ("list directory as db", "list --db {root}"),
    ("list text file as db", "list --db {notes}"),
    ("list foreign sqlite", "list --db {foreign}"),
    ("list two formats", "list --json --csv --db {db}"),
    ("errors missing db", "errors --db {root}/nothere.db"),
    ("search missing db", "search nong --db {root}/nothere.db"),
    ("search missing query", "search --db {db}"),
    ("search limit not a number", "search nong -n abc --db {db}"),
    ("search limit zero", "search nong -n 0 --db {db}"),
    ("search year not a year", "search nong --year hai --db {db}"),
    ("search unknown district", "search nong --district Khongcodau --db {db}"),
    ("search bad sort", "search nong --sort newest --db {db}"),
    ("search too long", "search " + "a" * 250 + " --db {db}"),
    ("search too many words", "search " + " ".join(["xa"] * 20) + " --db {db}"),
    ("show unknown document", "show 9999/XX-YY --db {db}"),
    ("show missing db", "show 1 --db {root}/nothere.db"),
    ("show html unwritable", "show 1 --db {db} --html {locked}/out/doc.html"),
    ("places bad level", "places Kon --level quận_xyz --db {db}"),
    ("places extra argument", "places Kon Tum --db {db}"),
    ("ingest empty folder", "ingest {empty} --db {root}/new.db"),
    ("ingest folder without documents", "ingest {pictures} --db {root}/new.db"),
    ("ingest missing path", "ingest {root}/nothing-here --db {root}/new.db"),
    ("ingest db in missing folder", "ingest {docs} --db {root}/no/such/folder/ntm.db"),
    ("ingest db is a directory", "ingest {docs} --db {root}"),
    ("ingest db not sqlite", "ingest {docs} --db {notes}"),
    ("ingest db foreign sqlite", "ingest {docs} --db {foreign}"),
    ("ingest unwritable folder", "ingest {docs} --db {locked}/ntm.db"),
    ("ingest db under a file", "ingest {docs} --db {notes}/ntm.db"),
    ("show html under a file", "show 1 --db {db} --html {notes}/doc.html"),
    ("ingest workers zero", "ingest {docs} -w 0 --db {root}/new.db"),
    ("extract missing file", "extract {root}/nothing.txt"),
    ("extract a folder", "extract {docs}"),
    ("serve missing db", "serve --db {root}/nothere.db"),
    ("serve port out of range", "serve --port 70000 --db {db}"),
    ("unknown command", "serch nong"),
    ("due bad date", "due --today 2024-13-45 --db {db}"),
    ("due within not a number", "due --within abc --db {db}"),
    ("due within negative", "due --within -5 --db {db}"),
    ("due missing db", "due --db {root}/nothere.db"),
    ("due before any check", "due --db {db}"),
]


@pytest.mark.parametrize("name,command", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_mistake_is_one_vietnamese_line_and_exit_2(work, name, command):
    if "locked" in command and os.geteuid() == 0:
        pytest.skip("root writes into a read-only folder anyway")
    args = [a.format(**work) for a in command.split(" ")]
    before = _files(work["root"])
    result = ntm(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.output + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ntm") and ": lỗi: " in lines[0], lines[0]
    # Vietnamese, not Typer's English
    assert not any(w in lines[0] for w in ("Invalid value", "No such", "Missing", "Usage", "Error:")), lines[0]
    assert _files(work["root"]) == before, "a mistaken command created files"


def test_dates_as_people_write_them_mean_the_same_day(work):
    def due(value):
        result = ntm("tasks", "--due-before", value, "--db", str(work["db"]), "--json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)
    iso = due("2024-12-31")
    assert due("31/12/2024") == iso == due("31-12-2024") == due("12/2024") == due("quý IV/2024") == due("2024")
    # the end of the day given: a deadline "2024-12" is due by 31/12/2024, not by 30/12/2024
    assert all(t["due"] <= "2024-12-31" for t in iso)
    assert len(due("30/12/2024")) <= len(iso)


def test_read_only_commands_never_create_a_database(work):
    missing = work["root"] / "typo.db"
    for command in (["list"], ["errors"], ["search", "nong"], ["tasks"], ["places"], ["show", "1"], ["due"]):
        result = ntm(*command, "--db", str(missing))
        assert result.exit_code == 2
        assert str(missing) in result.stderr       # it says which path it tried
    assert not missing.exists()


def test_help_is_vietnamese():
    result = ntm("tasks", "--help")
    assert result.exit_code == 0
    for vietnamese in ("Cách dùng:", "Tùy chọn", "Hiện hướng dẫn này rồi thoát.", "Ai được giao việc gì"):
        assert vietnamese in result.stdout
    for english in ("Usage:", "Options", "Show this message"):
        assert english not in result.stdout


COMMANDS = ("ingest", "errors", "list", "extract", "search", "show", "tasks", "places", "check", "review",
            "report", "serve", "due")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_no_english_type_tokens(command):
    # Typer writes "<bool>", "<str>", "<path>" and "[1<=x<=200]"; ntm names values in Vietnamese
    result = ntm(command, "--help")
    assert result.exit_code == 0
    for token in ("<bool>", "<str>", "<path>", "<int>", "<=x", "x>=", "Usage", "[default", "[required"):
        assert token not in result.stdout, (command, token)


def test_every_error_rule_translates_what_typer_says():
    # Each rule of data/cli_messages.json against a message Typer really produces.
    produced = {
        "No such option: --bogus": "không có tùy chọn --bogus",
        "Missing argument 'CÂU_TÌM'.": "thiếu tham số CÂU_TÌM",
        "Got unexpected extra argument(s) (b)": "thừa tham số: b",
        "Invalid value for '--limit' / '-n': Input should be greater than or equal to 1": "phải từ 1 trở lên",
    }
    for english, vietnamese in produced.items():
        assert vietnamese in cli_support.translate_error(english)
    assert cli_support.catalog()["errors"]


def test_ingest_of_an_empty_folder_says_so(work):
    result = ntm("ingest", str(work["empty"]), "--db", str(work["root"] / "x.db"))
    assert result.exit_code == 2 and "không có văn bản nào" in result.stderr and "thư mục trống" in result.stderr


def test_errors_shows_the_current_state_and_all_shows_history(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    good = SEEDS / "003_3b8164272555d3eb.txt"
    broken, gone = folder / "letter.txt", folder / "gone.txt"
    broken.write_bytes(b"")                    # an empty file fails
    gone.write_bytes(b"")
    db = tmp_path / "ntm.db"
    assert ntm("ingest", str(folder), "--db", str(db), "-w", "1").exit_code == 1
    now = json.loads(ntm("errors", "--db", str(db), "--json").stdout)
    assert sorted(Path(e["path"]).name for e in now) == ["gone.txt", "letter.txt"]
    broken.write_bytes(good.read_bytes())      # fixed, and ingested again
    gone.unlink()                              # deleted
    assert ntm("ingest", str(folder), "--db", str(db), "-w", "1").exit_code == 0
    assert json.loads(ntm("errors", "--db", str(db), "--json").stdout) == []
    history = json.loads(ntm("errors", "--all", "--db", str(db), "--json").stdout)
    assert {(Path(e["path"]).name, e["state"]) for e in history} == {("letter.txt", "fixed"), ("gone.txt", "gone")}
    assert "Không có tệp nào đang lỗi" in ntm("errors", "--db", str(db)).stdout
