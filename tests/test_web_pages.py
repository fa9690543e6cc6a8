"""Web pages saved to disk (pipeline/read/html.py): a page reads as its text, blocks as lines,
without what a browser does not show or what surrounds the article; a Word document saved as a
web page gives the facts its DOCX gives; the charset, the single-file MHT packing and a wrong file
name do not change what is read; saved pages go through the ingest flow into SQLite."""
from __future__ import annotations

import email.charset
import email.mime.multipart
import email.mime.text
import json
from pathlib import Path

import pytest
import sqlite_utils
from test_legacy_encodings import to_cp1258

from extractors import extract
from flows.ingest import ingest
from flows.stages import discover
from pipeline.read import ReadError, read_file

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "tests" / "fixtures" / "web"
NEWS = WEB / "tin-tuc-dak-ha.html"
LETTER = "2024-03-29_cong-van-1052-UBND-NNTN"

NEWS_LINES = [
    "Đăk Hà: thêm 2 xã đạt chuẩn nông thôn mới nâng cao",
    "Thứ Ba, 18/11/2025 - 09:15",
    "(Báo Kon Tum) - Sáng 18/11, UBND huyện Đăk Hà tổ chức hội nghị sơ kết công tác xây dựng nông thôn "
    "mới năm 2025.",
    "Ảnh: Quang cảnh hội nghị",
    "Đến nay, huyện có 9/9 xã đạt chuẩn nông thôn mới; xã Hà Mòn và xã Đăk Mar đạt chuẩn nông thôn mới "
    "nâng cao.",
    "Xã | Số tiêu chí đạt",
    "Năm 2024 | Năm 2025",
    "Hà Mòn | 17 | 19",
    "Đăk Mar | 18 | 19",
    "Năm 2026, huyện phấn đấu có thêm 01 xã đạt chuẩn nông thôn mới kiểu mẫu⁽¹⁾.",
    "Diện tích nhà văn hóa thôn bình quân 120 m2.",
    "⁽¹⁾ Theo Kế hoạch số 45/KH-UBND ngày 10/3/2025 của UBND huyện Đăk Hà.",
    "Minh Anh",
]


def test_a_news_page_reads_as_the_article_a_browser_shows():
    doc = read_file(NEWS)
    assert doc.text.split("\n") == NEWS_LINES          # no menu, search box, script, hidden text, aside, footer
    assert doc.format == "html"
    note, = doc.footnotes                              # "[1]" linked to its note at the foot of the article
    assert note.marker == "1" and doc.text[note.citations[0][0]:note.citations[0][1]] == "⁽¹⁾"


def test_a_data_table_keeps_its_row_and_column_spans():
    table, = read_file(NEWS).tables
    assert [c.text for c in table.header] == ["Xã", "Số tiêu chí đạt"]
    grid = [[(c.column, c.text) for c in row] for row in table.rows]
    assert grid == [[(0, "Xã"), (1, "Năm 2024"), (2, "Năm 2025")],       # "Xã" spans two header rows
                    [(0, "Hà Mòn"), (1, "17"), (2, "19")],
                    [(0, "Đăk Mar"), (1, "18"), (2, "19")]]
    doc = read_file(NEWS)
    assert all(doc.text[c.span[0]:c.span[1]] == c.text for row in table.rows for c in row)


def test_a_legal_site_page_without_article_markup_reads_as_the_document():
    # Menus of links, a "Tải văn bản | In | Lưu" bar, "Văn bản liên quan" and the site's footer go;
    # the document's div, whose class carries a furniture word ("social-enabled"), stays.
    doc = read_file(WEB / "van-ban-quyet-dinh-ha-tinh.html")
    lines = doc.text.split("\n")
    assert lines[:4] == ["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH", "-------", "Số: 1234/QĐ-UBND"]
    assert lines[-4:] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình"]
    assert "1 | Huyện Cẩm Xuyên | 18.000 | 4.500" in lines
    block = extract(doc).document
    assert (block.number, block.type, block.issuer, block.date, block.signer, block.signer_title) == (
        "1234/QĐ-UBND", "Quyết định", "Ủy ban nhân dân tỉnh Hà Tĩnh", "2025-06-12", "Trần Văn Bình", "Phó Chủ tịch")


@pytest.mark.parametrize("change,message", [
    ({"chrome_names": []}, "chrome_names must be a non-empty list"),
    ({"block_tags": ["P"]}, "block_tags must be a non-empty list of lowercase names"),
    ({"link_list_share": 1.5}, "link_list_share must be in"),
])
def test_the_page_rules_are_checked_when_loaded(tmp_path, change, message):
    from pipeline.read import html
    rules = json.loads((ROOT / "pipeline" / "read" / "data" / "web_pages.json").read_text(encoding="utf-8"))
    path = tmp_path / "web_pages.json"
    path.write_text(json.dumps({**rules, **change}), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        html._load_rules(path)


def test_a_word_web_page_keeps_list_numbers_and_links_its_footnotes():
    # Word's own "Save as Web Page": conditional comments, <o:p>, list numbers inside
    # <![if !supportLists]>, footnotes as links to a footnote list, Windows-1252 with entities.
    doc = read_file(WEB / "word-save-as-web-page.html")
    assert doc.text == "ỦY BAN NHÂN DÂN\n1. Giao Sở Tài chính chủ trì⁽¹⁾.\n⁽¹⁾ Theo Công văn số 12/SNN."
    note, = doc.footnotes
    assert note.citations == [(doc.text.index("⁽¹⁾"), doc.text.index("⁽¹⁾") + 3)]


def _facts(doc) -> dict:
    record = extract(doc)
    lists = {kind: sorted(getattr(f, "quote", "") or "" for f in getattr(record, kind))
             for kind in ("references", "places", "targets", "achievements", "budgets", "assignments")}
    return {"document": record.document, **lists}


def test_a_word_document_saved_as_a_web_page_gives_the_facts_of_its_docx():
    # LibreOffice's "Save as HTML" of corpus/<LETTER>.docx: header table, footnotes as links.
    page = read_file(WEB / f"{LETTER}.html")
    docx = read_file(ROOT / "corpus" / f"{LETTER}.docx")
    assert _facts(page) == _facts(docx)
    assert len(page.footnotes) == len(docx.footnotes) == 2


CP1258_PAGE = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"></head>'
               "<body><p>Ủy ban nhân dân huyện Đăk Hà</p><p>Số: 45/KH-UBND</p></body></html>")


@pytest.mark.parametrize("name,data", [
    ("utf8.html", "<html><body><p>Ủy ban nhân dân huyện Đăk Hà</p><p>Số: 45/KH-UBND</p></body></html>".encode()),
    ("bom.html", "\ufeff<!DOCTYPE html><p>Ủy ban nhân dân huyện Đăk Hà</p><p>Số: 45/KH-UBND</p>".encode()),
    ("cp1258.html", to_cp1258(CP1258_PAGE)),
    ("trang.htm", "<p>Ủy ban nhân dân huyện Đăk Hà<br>Số: 45/KH-UBND</p>".encode()),
    ("luu-nham.txt", "<!DOCTYPE html><p>Ủy ban nhân dân huyện Đăk Hà</p><p>Số: 45/KH-UBND</p>".encode()),
    ("word-web.doc", "<html><body><p>Ủy ban nhân dân huyện Đăk Hà</p><p>Số: 45/KH-UBND</p></body></html>".encode()),
], ids=["utf-8", "bom", "windows-1258", "htm-fragment", "page-named-txt", "page-named-doc"])
def test_a_page_reads_the_same_whatever_its_charset_and_name(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert read_file(path).text == "Ủy ban nhân dân huyện Đăk Hà\nSố: 45/KH-UBND"


STYLED_PAGE = """<html><head><style>
/* bản in */ .print-only, #popup-dang-nhap { display: none }
div.an {visibility:hidden} .box .note {display:none} a:hover {display: none}
@media print { .man-hinh { display: none } }
</style></head><body>
<p>Số: 45/KH-UBND</p>
<p class="print-only tieu-de">In trang</p><div id="popup-dang-nhap">Đăng nhập</div><div class="an">Ẩn</div>
<p class="an">Đoạn p.an vẫn hiện</p><div class="box"><p class="note">Ghi chú trong hộp</p></div>
<p class="man-hinh">Chỉ ẩn khi in</p></body></html>"""


def test_the_page_own_style_rules_hide_what_a_browser_hides(tmp_path):
    """One-class, one-id and tag.class rules hide; rules inside @media and selectors with
    combinators are not applied (what they hide is read, never a line lost wrongly)."""
    path = tmp_path / "trang.html"
    path.write_text(STYLED_PAGE, encoding="utf-8")
    assert read_file(path).text.split("\n") == [
        "Số: 45/KH-UBND", "Đoạn p.an vẫn hiện", "Ghi chú trong hộp", "Chỉ ẩn khi in"]


def mht(page: bytes) -> bytes:
    """The page packed as a browser's single-file web page: MIME multipart, quoted-printable."""
    quoted = email.charset.Charset("utf-8")
    quoted.body_encoding = email.charset.QP
    message = email.mime.multipart.MIMEMultipart("related")
    message.attach(email.mime.text.MIMEText(page.decode("utf-8"), "html", quoted))
    return message.as_bytes()


@pytest.mark.parametrize("name", ["trang.mht", "trang.mhtml", "trang-word.doc"])
def test_a_single_file_web_page_reads_as_its_page(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(mht(NEWS.read_bytes()))
    assert read_file(path).text.split("\n") == NEWS_LINES


@pytest.mark.parametrize("name,data,message", [
    ("trong.html", b"<html><body><script>x()</script><nav>Trang ch\xe1\xbb\xa7</nav></body></html>",
     "trang web không có chữ nào"),
    ("tai-ve.pdf", b"<!DOCTYPE html><html><body>404 Not Found</body></html>",
     "tệp mang đuôi .pdf nhưng nội dung là HTML"),
    ("trang.mht", b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=x\n\n--x\n"
                  b"Content-Type: image/png\n\nabc\n--x--\n", "không có phần HTML"),
], ids=["nothing-shown", "error-page-saved-as-pdf", "mht-without-page"])
def test_pages_without_text_are_clear_errors(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError, match=message):
        read_file(path)


def test_saved_pages_are_ingested_and_their_files_folder_is_not(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "tin-tuc_files").mkdir(parents=True)
    (inbox / "tin-tuc.html").write_bytes(NEWS.read_bytes())
    (inbox / "tin-tuc_files" / "quang-cao.html").write_text("<p>Quảng cáo</p>", encoding="utf-8")
    (inbox / "cong-van.mht").write_bytes(mht((WEB / f"{LETTER}.html").read_bytes()))
    skipped: list[tuple[str, str]] = []
    assert [p.name for p in discover([inbox], skipped)] == ["cong-van.mht", "tin-tuc.html"]
    assert [Path(p).name for p, _ in skipped] == ["quang-cao.html"]
    summary = ingest([str(inbox)], db_path=str(tmp_path / "ntm.db"), workers=1)
    assert not summary.failed
    db = sqlite_utils.Database(tmp_path / "ntm.db")
    rows = list(db.query("select file_name, format, number from documents order by file_name"))
    assert rows == [{"file_name": "cong-van.mht", "format": "html", "number": "1052/UBND-NNTN"},
                    {"file_name": "tin-tuc.html", "format": "html", "number": None}]
