"""Data tables: task tables and budget appendices in DOCX and PDF, read as tables, their rows turned
into assignments and budgets with cell provenance (scripts/make_test_documents.py makes the files)."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors import extract
from extractors.tables import extract_tables
from pipeline.model import DocumentInfo
from pipeline.model.normalize import normalize_pages
from pipeline.read import read_file
from pipeline.read.tables import attach_tables
from scripts import make_test_documents as M

ROOT = Path(__file__).resolve().parent.parent




@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tables")
    out = {}
    for suffix, make in (("docx", M.tables_docx), ("pdf", M.tables_pdf)):
        doc = read_file(make(folder / f"ke-hoach.{suffix}"))
        out[suffix] = (doc, extract(doc))
    return out


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_tables_are_read_with_cell_spans(plans, suffix):
    doc, _ = plans[suffix]
    assert len(doc.tables) == 2
    tasks, budget = doc.tables
    assert [c.text for c in tasks.header] == M.TASK_HEADER
    assert [[c.text for c in row] for row in tasks.rows] == M.TASKS
    assert [c.text for c in budget.rows[0]][2:] == ["Tổng", "NSTW", "NSĐP"]   # second header row
    for table in doc.tables:
        for row in [table.header, *table.rows]:
            for cell in row:
                if cell.text:
                    assert cell.span and doc.text[cell.span[0]:cell.span[1]] == cell.text
    # rows are lines of the text, "cell | cell"
    assert "\n1 | Rà soát, đánh giá thực trạng các tiêu chí nông thôn mới tại các xã | Tháng 5/2024 |" in doc.text
    if suffix == "pdf":
        assert (tasks.page, budget.page) == (1, 2)


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_budget_appendix_gives_budgets_with_parts_and_sums(plans, suffix):
    doc, result = plans[suffix]
    table_budgets = [b for b in result.budgets if b.table_row is not None]
    assert {b.label: b.amount_vnd for b in table_budgets} == M.EXPECTED_BUDGETS
    assert len(table_budgets) == len(M.EXPECTED_BUDGETS)
    total = next(b for b in table_budgets if b.label == "Tổng cộng")
    assert (total.kind, total.table_row, total.table_column) == ("plan", 2, 2)
    road = next(b for b in table_budgets if b.label == "Xây dựng đường giao thông nông thôn")
    assert result.budgets[road.total_of] is total and road.kind == "plan component"
    assert road.text.endswith("| 2.500") and doc.text[road.span[0]:road.span[1]] == road.text
    assert road.page == (2 if suffix == "pdf" else None)
    sums = [c for c in result.consistency if c.kind == "sum" and (c.note or "").startswith("table")]
    assert len(sums) == 3 and all(c.consistent for c in sums)
    assert sums[0].computed == "2.500 + 1.250,5 + 800 = 4.550,5 triệu"


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_task_table_gives_assignments_with_cells(plans, suffix):
    doc, result = plans[suffix]
    table = [a for a in result.assignments if a.table_row is not None]
    assert [(a.assignee, a.role, a.deadline, a.table_row) for a in table] == M.EXPECTED_ASSIGNMENTS
    first = table[0]
    assert first.task == M.TASKS[0][1] and first.table_column == 3
    assert first.agency == "Phòng Nông nghiệp và Phát triển nông thôn"
    assert doc.text[first.span[0]:first.span[1]] == first.text
    assert first.text.startswith("Rà soát") and first.text.endswith("Phòng Nông nghiệp và PTNT")
    assert first.page == (1 if suffix == "pdf" else None)
    # "Các đơn vị liên quan" names nobody; the text extractor adds nothing inside the table
    assert not any("liên quan" in a.assignee for a in result.assignments)
    inside = [a for a in result.assignments if a.table_row is None and "|" in a.text]
    assert inside == []


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_document_block_around_tables(plans, suffix):
    _, result = plans[suffix]
    info = result.document
    assert (info.number, info.date, info.signer) == ("45/KH-UBND", "2024-04-10", "Nguyễn Văn Hùng")


def _doc_with_table(lines: list[str], rows: list[list[str]], before: str = ""):
    text = "\n".join([before, *lines] if before else lines)
    doc = normalize_pages([text], fmt="docx")
    attach_tables(doc, [(None, [[(c, t, False) for c, t in enumerate(row)] for row in rows])])
    return doc


def test_groups_units_and_responsible_role():
    rows = [["TT", "Danh mục", "Vốn (tỷ đồng)", "Đơn vị thực hiện"],
            ["1", "2", "3", "4"],                                   # column numbers: skipped
            ["I", "Giao thông", "3", ""],
            ["1", "Đường trục xã", "1,5", "UBND xã Đăk Mar"],
            ["2", "Đường nội đồng", "1,5", "UBND xã Hà Mòn"]]
    doc = _doc_with_table([" | ".join(r) for r in rows], rows)
    facts = extract_tables(doc, DocumentInfo())
    assert [(b.label, b.amount_vnd, b.total_of) for b in facts.budgets] == [
        ("Giao thông", 3_000_000_000, None), ("Đường trục xã", 1_500_000_000, 0),
        ("Đường nội đồng", 1_500_000_000, 0)]
    assert [(a.assignee, a.role, a.table_row, a.table_column) for a in facts.assignments] == [
        ("UBND xã Đăk Mar", "responsible", 3, 3), ("UBND xã Hà Mòn", "responsible", 4, 3)]


def test_unit_from_caption_and_no_unit_no_budget():
    rows = [["STT", "Nội dung", "Kinh phí"], ["1", "Tập huấn", "120"]]
    with_unit = _doc_with_table([" | ".join(r) for r in rows], rows, before="ĐVT: triệu đồng")
    assert [b.amount_vnd for b in extract_tables(with_unit, DocumentInfo()).budgets] == [120_000_000]
    without = _doc_with_table([" | ".join(r) for r in rows], rows)
    assert extract_tables(without, DocumentInfo()).budgets == []     # never a guessed unit


def test_pages_without_ruling_lines_skip_the_table_finder(monkeypatch):
    import pipeline.read.pdf as pdf_reader
    calls = []
    monkeypatch.setattr(pdf_reader, "find_tables", lambda *a: calls.append(a) or {})
    doc = read_file(ROOT / "corpus" / "2023_bao-cao-kon-ray-ntm.pdf")
    assert calls == [] and doc.tables == []


# --- tables written in plain text, and a roadmap's columns of years -------------------------------

ROADMAP_PLAN = """ỦY BAN NHÂN DÂN
HUYỆN ĐẮK HÀ
Số: 45/KH-UBND
Đắk Hà, ngày 10 tháng 3 năm 2024

KẾ HOẠCH
Xây dựng xã nông thôn mới nâng cao giai đoạn 2024 - 2025

I. MỤC TIÊU
Phấn đấu đến năm 2025 có 4 xã đạt chuẩn nông thôn mới nâng cao.

Lộ trình cụ thể:
{table}

II. NHIỆM VỤ
Giao Phòng Nông nghiệp và Phát triển nông thôn chủ trì, theo dõi, báo cáo trước ngày 15/12/2024.
"""
ROADMAP_ROWS = [["STT", "Xã", "Năm 2024", "Năm 2025"],
                ["1", "Xã Hà Mòn", "17 tiêu chí", "19 tiêu chí"],
                ["2", "Xã Đăk La", "16 tiêu chí", "19 tiêu chí"],
                ["", "Tổng số xã đạt chuẩn", "1", "4"]]


@pytest.mark.parametrize("style", ["markdown", "bare"])
def test_plain_text_table_rows_stay_lines(tmp_path, style):
    lines = ["| " + " | ".join(r) + " |" for r in ROADMAP_ROWS] if style == "markdown" \
        else [" | ".join(r) for r in ROADMAP_ROWS]
    path = tmp_path / "ke-hoach.txt"
    path.write_text(ROADMAP_PLAN.format(table="\n".join(lines)), encoding="utf-8")
    text_lines = [" ".join(line.split()) for line in read_file(path).text.split("\n")]
    for line in lines:
        assert " ".join(line.split()) in text_lines         # each row a line of its own


@pytest.mark.parametrize("suffix", ["txt", "docx"])
def test_roadmap_columns_of_years_give_one_target_per_cell(tmp_path, suffix):
    if suffix == "txt":
        path = tmp_path / "ke-hoach.txt"
        path.write_text(ROADMAP_PLAN.format(table="\n".join("| " + " | ".join(r) + " |" for r in ROADMAP_ROWS)),
                        encoding="utf-8")
    else:
        import docx
        document = docx.Document()
        before, after = ROADMAP_PLAN.split("{table}")
        for line in before.strip().split("\n"):
            document.add_paragraph(line)
        grid = document.add_table(rows=len(ROADMAP_ROWS), cols=4)
        for r, row in enumerate(ROADMAP_ROWS):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
        for line in after.strip().split("\n"):
            document.add_paragraph(line)
        path = tmp_path / "ke-hoach.docx"
        document.save(path)
    result = extract(read_file(path))
    got = {(t.value, t.unit, t.deadline, t.place) for t in result.targets}
    assert got == {(4, "xã", "2025", "Đắk Hà"),                # the sentence; the total row repeats it
                   (17, "tiêu chí", "2024", "Hà Mòn"), (19, "tiêu chí", "2025", "Hà Mòn"),
                   (16, "tiêu chí", "2024", "Đăk La"), (19, "tiêu chí", "2025", "Đăk La"),
                   (1, None, "2024", "Đắk Hà")}
    row_quote = next(t.text for t in result.targets if (t.value, t.place) == (19, "Hà Mòn"))
    assert row_quote.startswith("Xã Hà Mòn") and row_quote.endswith("19 tiêu chí")


# the first header cell also stands, as a whole word, in a line above the table: the table starts
# where the row's next cell follows it, so the text between stays text with its own facts
FIRST_CELL_EARLIER = [
    ("TT. Huyện ủy (b/c);", ["TT", "Xã", "Số tiêu chí đạt"]),
    ("Chỉ đạo của STT Ban Chỉ đạo; Xã hội hóa nguồn lực", ["STT", "Xã", "Kết quả"]),
    ("Căn cứ Quyết định số 05/QĐ-TTg; Nội dung khác", ["TT", "Nội dung", "Kinh phí"]),
]


@pytest.mark.parametrize("earlier, header", FIRST_CELL_EARLIER)
def test_a_table_starts_where_its_first_row_stands(earlier, header):
    rows = [header, ["1", "Tân Lập", "17"]]
    lines = [earlier, "Đến nay, toàn huyện có 12 xã đạt chuẩn nông thôn mới.", *(" | ".join(r) for r in rows)]
    doc = _doc_with_table(lines, rows)
    (table,) = doc.tables
    assert table.span[0] == doc.text.index(" | ".join(header))
