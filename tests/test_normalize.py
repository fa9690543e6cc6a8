"""Normalisation: characters, tone placement, reflow, footnotes, folding."""
from __future__ import annotations

import unicodedata

import pytest

from pipeline.model.normalize import fix_characters, fold, normalize_pages


def norm(text: str) -> str:
    return normalize_pages([text], fmt="txt").text


@pytest.mark.parametrize("raw, expected", [
    ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ("hoá, khoá, thuỷ lợi, xoá", "hóa, khóa, thủy lợi, xóa"),
    ("quý II/2024, Quý Mão", "quý II/2024, Quý Mão"),                 # never "qúy"
    ("\u00d0ăk Pnê", "Đăk Pnê"),                                       # U+00D0 looks like Đ
    (unicodedata.normalize("NFD", "Sở Nông nghiệp"), "Sở Nông nghiệp"),
    ("a\u0301\u0306", "ắ"),                                            # tone typed before the breve
    ("**30.433 triệu đồng**", "30.433 triệu đồng"),
    ("(*Tân lập; Đăk Ruông*)", "(Tân lập; Đăk Ruông)"),
    ("Kon  Tum,\u00a0ngày", "Kon Tum, ngày"),
    ("Ủy ban nh&acirc;n d&acirc;n t&#7881;nh Kon&nbsp;Tum", "Ủy ban nhân dân tỉnh Kon Tum"),   # scraped entities
    ("Sở NN&PTNT; R&D; AT&T", "Sở NN&PTNT; R&D; AT&T"),                # not entities: kept
])
def test_characters(raw, expected):
    assert norm(raw) == expected


def test_printed_keeps_the_tone_placement_at_the_same_offsets():
    doc = normalize_pages(["Huyện uỷ và UBND huyện hoà giải"], fmt="txt")
    assert doc.text == "Huyện ủy và UBND huyện hòa giải"
    assert doc.printed == "Huyện uỷ và UBND huyện hoà giải"


@pytest.mark.parametrize("raw, expected", [
    # hard wraps with a blank line after every line, as in PDF-to-text renderings
    ("Trong những năm qua, cấp ủy đã lãnh đạo và triển khai \n\nthực hiện tốt các chủ trương của Trung ương.",
     "Trong những năm qua, cấp ủy đã lãnh đạo và triển khai thực hiện tốt các chủ trương của Trung ương."),
    # "- xã hội" continues a line; "- Thường xuyên" is a bullet
    ("Kết cấu hạ tầng kinh tế \n\n- xã hội còn khó khăn.\n- Thường xuyên kiểm tra.",
     "Kết cấu hạ tầng kinh tế - xã hội còn khó khăn.\n- Thường xuyên kiểm tra."),
    # numbered items and lettered items stay on their own lines
    ("1. Sở Xây dựng\na) Hướng dẫn các địa phương\nb) Kiểm tra\n2. Sở Tài chính",
     "1. Sở Xây dựng\na) Hướng dẫn các địa phương\nb) Kiểm tra\n2. Sở Tài chính"),
    # header lines stay apart
    ("Số: 1052 /UBND-NNTN\nKon Tum, ngày 29 tháng 3 năm 2024\nV/v triển khai",
     "Số: 1052 /UBND-NNTN\nKon Tum, ngày 29 tháng 3 năm 2024\nV/v triển khai"),
    # a title under a type heading wraps onto lower-case lines only
    ("BÁO CÁO\nKết quả xây dựng nông thôn mới năm 2024\nĐến nay, huyện có 09 thôn đạt chuẩn.",
     "BÁO CÁO\nKết quả xây dựng nông thôn mới năm 2024\nĐến nay, huyện có 09 thôn đạt chuẩn."),
    ("CHỈ THỊ\nvề tăng cường sự lãnh đạo của cấp ủy các cấp đối với việc xây dựng\nthôn (làng) nông thôn mới",
     "CHỈ THỊ\nvề tăng cường sự lãnh đạo của cấp ủy các cấp đối với việc xây dựng thôn (làng) nông thôn mới"),
    # the sentence after a tab-separated table row is no cell of it
    ("4\tThu gom rác thải\tPhòng Văn hóa - Xã hội\tQuý III/2026\nBan Nhân dân các ấp vận động Nhân dân.",
     "4\tThu gom rác thải\tPhòng Văn hóa - Xã hội\tQuý III/2026\nBan Nhân dân các ấp vận động Nhân dân."),
    # signature block
    ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Hữu Tháp",
     "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Hữu Tháp"),
])
def test_reflow(raw, expected):
    assert norm(raw) == expected


def test_footnote_in_mid_sentence_moves_after_its_paragraph_and_is_linked():
    raw = ("- Trao quyết định đối với 05 thôn (làng) vùng đồng bào\n\n"
           "⁽¹⁾ Các Kế hoạch: Số 01/KH-UBND ngày 03/01/2023.\n\n"
           "dân tộc thiểu số⁽²⁾ và 01 thôn kiểu mẫu.\n\n⁽²⁾ Thôn 2 (Kon Gol 1), xã Đăk Pnê.")
    doc = normalize_pages([raw], fmt="txt")
    first = doc.text.split("\n")[0]
    assert first == "- Trao quyết định đối với 05 thôn (làng) vùng đồng bào dân tộc thiểu số⁽²⁾ và 01 thôn kiểu mẫu."
    notes = {f.marker: f for f in doc.footnotes}
    assert notes["2"].text.startswith("⁽²⁾ Thôn 2 (Kon Gol 1)")
    assert [doc.text[s:e] for s, e in notes["2"].citations] == ["⁽²⁾"]


def test_sup_tags_become_markers():
    doc = normalize_pages(["như sau<sup>1</sup>:\n\n<sup>1</sup> Theo đề nghị của Sở."], fmt="txt")
    assert "như sau⁽¹⁾:" in doc.text
    assert doc.footnotes[0].citations


def test_pages_and_runs():
    doc = normalize_pages(["Trang một kết thúc.", "Trang hai bắt đầu."], fmt="pdf", paged=True)
    assert doc.page_of(doc.text.index("Trang hai")) == 2
    assert doc.page_text(1).strip() == "Trang một kết thúc."


@pytest.mark.parametrize("raw, folded", [
    ("Sở Nông nghiệp", "so nong nghiep"),
    ("Đăk Pnê", "dak pne"),
    ("\u00d0ăk", "dak"),
    ("Uỷ ban", "uy ban"),
])
def test_fold(raw, folded):
    assert fold(raw) == folded
    assert len(fold(fix_characters(raw))) == len(fix_characters(raw))
