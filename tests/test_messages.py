"""What ntm stores for a failed file (`ingest_errors.message`: shown by `ntm errors`, the ingest
summary and the web) and the notes of the consistency checks are Vietnamese. Read from the source:
every literal handed to ReadError, LimitExceeded or a failed Outcome(message=…), so that a message
added later in English fails here before a user sees it."""
from __future__ import annotations

import ast

import pytest
import regex
from conftest import ROOT

from extractors.consistency import rounding_note
from pipeline.read.errors import os_reason

SOURCES = sorted((ROOT / "pipeline" / "read").glob("*.py")) + [ROOT / "flows" / "stages.py", ROOT / "flows" / "ingest.py"]
MESSAGE_CALLS = {"ReadError", "_error", "LimitExceeded", "refuse"}
VIETNAMESE = regex.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", regex.I)
ENGLISH = regex.compile(r"\b(?:the|cannot|can't|file|files|not|is|of|and|damaged|truncated|took|longer|than|limit|"
                        r"needs?|needed|failed|error|unsupported|empty|pages?|stopped|killed|installed|missing|too|"
                        r"large|while|processing|open|no|has|contains|text|binary|found|invalid|save|split|out|"
                        r"memory|link|folder|followed|loop|exist)\b", regex.I)


def _literal(node: ast.AST) -> str | None:
    """The text a message expression writes itself (f-string parts, concatenations), or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else " " for v in node.values)
    if isinstance(node, ast.BinOp):
        parts = [_literal(node.left), _literal(node.right)]
        return " ".join(p for p in parts if p) or None
    if isinstance(node, ast.IfExp):
        parts = [_literal(node.body), _literal(node.orelse)]
        return " ".join(p for p in parts if p) or None
    return None


def messages() -> list[tuple[str, int, str]]:
    out = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            args = list(node.args[:1]) if name in MESSAGE_CALLS else []
            args += [k.value for k in node.keywords if k.arg == "message"]
            for arg in args:
                text = _literal(arg)
                if text and text.strip(" ():;,."):
                    out.append((path.name, node.lineno, text))
    return out


MESSAGES = messages()


def test_the_messages_are_found():
    assert len(MESSAGES) >= 40, MESSAGES          # every reader's refusals, the bounds, the stages


@pytest.mark.parametrize("where,line,text", MESSAGES, ids=[f"{m[0]}:{m[1]}" for m in MESSAGES])
def test_a_stored_message_is_vietnamese(where, line, text):
    # names of formats and programs (PDF, DOCX, LibreOffice, Tesseract, apt-get) stay as they are
    bare = regex.sub(r"apt-get install|word/document\.xml|content\.xml|WordDocument|\{\\rtf|%PDF-", " ", text)
    assert VIETNAMESE.search(bare), f"{where}:{line}: {text!r}"
    assert not ENGLISH.search(bare), f"{where}:{line}: English in {text!r}"


def test_consistency_notes_and_system_errors_are_vietnamese():
    assert rounding_note(46.35, 46.357, 2) == "số ghi bị cắt bớt, không làm tròn"
    assert rounding_note(46.36, 46.357, 2) is None               # rounded as printed: nothing to say
    assert os_reason(PermissionError(13, "Permission denied")) == "không có quyền đọc"
    assert os_reason(FileNotFoundError(2, "No such file or directory")) == "tệp không còn ở đó"
