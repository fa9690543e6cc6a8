"""The invented office files (tests/fixtures/files: DOCX laid out as offices do, LibreOffice's PDF
and .doc of it, a scan of the PDF) through the real extraction (`flows.stages.extract_record`, what
`ntm extract` prints): each rendition gives its document block as the hand-written gold says, so a
reader that loses the header table, the footnotes or the scan's column order fails here."""
import json
import shutil
from pathlib import Path

import pytest

from flows.stages import extract_record

FILES = Path(__file__).parent / "fixtures" / "files"
FIELDS = ["number", "type", "issuer", "place", "date", "signer", "signer_title"]
RENDITIONS = sorted(p.name for p in (FILES / "docs").iterdir())


def _needs(name: str) -> None:
    if name.endswith(".doc") and not shutil.which("soffice"):
        pytest.skip("needs LibreOffice (libreoffice-writer-nogui) for .doc")
    if "_scan." in name:
        from pipeline.read.ocr import tesseract_available
        if not tesseract_available():
            pytest.skip("needs tesseract-ocr and tesseract-ocr-vie")


@pytest.mark.parametrize("name", RENDITIONS)
def test_document_block_of_each_rendition(name):
    _needs(name)
    gold = json.loads((FILES / "gold" / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
    record = extract_record(FILES / "docs" / name)
    assert {f: record["document"].get(f) for f in FIELDS} == {f: gold["document"][f] for f in FIELDS}
    assert {r["number"] for r in record["references"]} >= {r["number"] for r in gold["references"]}
