"""Symbolic links in an ingested folder (issue 14, finding 4): never followed out of the folders
being ingested; loops and links to nothing are error rows, not silent skips."""
from __future__ import annotations

import json
import os
from pathlib import Path

import sqlite_utils
from typer.testing import CliRunner

from flows.stages import discover
from pipeline.face.cli import app


def _folder(tmp_path: Path, seeds_dir: Path) -> tuple[Path, Path]:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "bi-mat.txt"
    secret.write_text(next(seeds_dir.glob("003_*.txt")).read_text(encoding="utf-8"), encoding="utf-8")
    inbox = tmp_path / "inbox"
    (inbox / "con").mkdir(parents=True)
    good = inbox / "con" / "that.txt"
    good.write_text(next(seeds_dir.glob("000_*.txt")).read_text(encoding="utf-8"), encoding="utf-8")
    (inbox / "ra-ngoai.txt").symlink_to(secret)                  # a file elsewhere
    (inbox / "thu-muc-ngoai").symlink_to(outside)                # a folder elsewhere
    (inbox / "tuong-doi.txt").symlink_to(Path("..") / "outside" / "bi-mat.txt")
    (inbox / "ban-sao.txt").symlink_to(good)                     # inside: the same file once
    (inbox / "con" / "len-tren").symlink_to(inbox)               # a folder inside, and a loop to walk
    (inbox / "mat.txt").symlink_to(inbox / "khong-co.txt")       # to nothing
    (inbox / "vong.txt").symlink_to(inbox / "vong.txt")          # to itself
    return inbox, secret


def test_discover_keeps_to_the_ingested_folders(tmp_path, seeds_dir):
    inbox, _ = _folder(tmp_path, seeds_dir)
    refused = []
    files = discover([inbox], refused=refused)
    assert [f.resolve() for f in files] == [(inbox / "con" / "that.txt").resolve()]
    reasons = {Path(o.path).name: o.message for o in refused}
    assert set(reasons) == {"ra-ngoai.txt", "thu-muc-ngoai", "tuong-doi.txt", "mat.txt", "vong.txt"}
    assert "ngoài các thư mục đang nạp" in reasons["ra-ngoai.txt"] and "ngoài các thư mục đang nạp" in reasons["thu-muc-ngoai"]
    assert "không tồn tại" in reasons["mat.txt"] and "vòng lặp" in reasons["vong.txt"]
    assert all(o.status == "failed" and o.stage == "open" for o in refused)


def test_a_link_out_is_not_ingested_searchable_or_stored(tmp_path, seeds_dir):
    inbox, secret = _folder(tmp_path, seeds_dir)
    db = tmp_path / "ntm.db"
    result = CliRunner().invoke(app, ["ingest", str(inbox), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 1, result.output          # the refused links are failures to look at
    database = sqlite_utils.Database(db)
    assert [r["path"] for r in database.query("select path from documents")] == [
        str((inbox / "con" / "that.txt").resolve())]
    assert not any(str(secret.parent) in json.dumps(r, ensure_ascii=False) for r in database["documents"].rows)
    errors = {Path(r["path"]).name for r in database["ingest_errors"].rows}
    assert errors == {"ra-ngoai.txt", "thu-muc-ngoai", "tuong-doi.txt", "mat.txt", "vong.txt"}
    hits = json.loads(CliRunner().invoke(app, ["search", "1052/UBND-NNTN", "--db", str(db), "--json"]).stdout)
    assert hits == []                                    # the linked letter's text is nowhere


def test_a_folder_named_through_a_link_is_ingested(tmp_path, seeds_dir):
    inbox, _ = _folder(tmp_path, seeds_dir)
    alias = tmp_path / "loi-tat"
    os.symlink(inbox / "con", alias)
    assert [f.resolve() for f in discover([alias], refused=[])] == [(inbox / "con" / "that.txt").resolve()]
