"""References: cited document numbers with type, date and issuer."""
from __future__ import annotations

import pytest

from extractors.references import extract_references
from pipeline.model.normalize import normalize_pages


def refs_of(text: str):
    doc = normalize_pages([text], fmt="txt")
    refs = extract_references(doc)
    for r in refs:
        assert doc.printed[r.span[0]:r.span[1]] == r.text
    return refs


def one(text: str):
    refs = refs_of(text)
    assert len(refs) == 1, [r.number for r in refs]
    return refs[0]


CASES = [
    # domain.md case 3
    ("Triển khai thực hiện Thông báo số 1397/TB-BNN-VPĐP ngày 29 tháng 02 năm 2024 của Bộ Nông nghiệp và Phát triển nông thôn về dự kiến mục tiêu.",
     dict(number="1397/TB-BNN-VPĐP", type="Thông báo", date="2024-02-29", issuer="Bộ Nông nghiệp và Phát triển nông thôn",
          text="Thông báo số 1397/TB-BNN-VPĐP ngày 29 tháng 02 năm 2024")),
    # domain.md case 4: legal normative number
    ("theo Quyết định số 53/2023/QĐ-UBND ngày 25/9/2023 của UBND tỉnh Ban hành danh mục loại dự án.",
     dict(number="53/2023/QĐ-UBND", type="Quyết định", date="2023-09-25", issuer="UBND tỉnh")),
    # domain.md case 6: Party number, comma before the date
    ("hoàn thành các mục tiêu theo Nghị quyết số 07-NQ/HU, ngày 22/7/2021 của Ban chấp hành Đảng bộ huyện khóa XII về nâng cao chất lượng.",
     dict(number="07-NQ/HU", type="Nghị quyết", date="2021-07-22", issuer="Ban chấp hành Đảng bộ huyện",
          text="Nghị quyết số 07-NQ/HU, ngày 22/7/2021")),
    # domain.md case 1 in running text, without "số"
    ("Các sở, ngành triển khai Kế hoạch 1754/KH-UBND của UBND tỉnh Quảng Nam.",
     dict(number="1754/KH-UBND", type="Kế hoạch", date=None, issuer="UBND tỉnh Quảng Nam")),
    # stray space before the slash
    ("đã được giao tại Chỉ thị số 05 /CT-UBND ngày 22 tháng 01 năm 2024 về việc tăng cường vai trò.",
     dict(number="05/CT-UBND", type="Chỉ thị", date="2024-01-22")),
    # no type word: the type code names it; a công văn has no type code
    ("Theo đề nghị của Sở Nông nghiệp và PTNT tỉnh Gia Lai tại văn bản số 735/SNN-NTM ngày 04/3/2024.",
     dict(number="735/SNN-NTM", type="Công văn", date="2024-03-04")),
    ("Thực hiện số 12/HD-SNN ngày 02/01/2024 hướng dẫn thực hiện tiêu chí.",
     dict(number="12/HD-SNN", type="Hướng dẫn", date="2024-01-02")),
    # issuer stated before: "X đã ban hành Kế hoạch số …"
    ("Với quan điểm có an cư mới lạc nghiệp, UBND tỉnh Kon Tum đã ban hành Kế hoạch số 1754/KH-UBND ngày 12/6/2023 về xây dựng thôn.",
     dict(number="1754/KH-UBND", issuer="UBND tỉnh Kon Tum", date="2023-06-12")),
    # symbols with digits, lower-case letters, &
    ("Căn cứ Nghị quyết số 1677/NQ-UBTVQH15 ngày 24/6/2025 của Ủy ban Thường vụ Quốc hội.",
     dict(number="1677/NQ-UBTVQH15", type="Nghị quyết", date="2025-06-24", issuer="Ủy ban Thường vụ Quốc hội")),
    ("Căn cứ Quyết định số 263/QĐ-TTg ngày 22/02/2022 của Thủ tướng Chính phủ phê duyệt Chương trình.",
     dict(number="263/QĐ-TTg", type="Quyết định", date="2022-02-22", issuer="Thủ tướng Chính phủ")),
    ("Căn cứ Nghị định số 27/2022/NĐ-CP ngày 19/4/2022 của Chính phủ.",
     dict(number="27/2022/NĐ-CP", type="Nghị định", date="2022-04-19", issuer="Chính phủ")),
    ("Căn cứ Thông tư số 05/2022/TT-BNNPTNT ngày 25/7/2022 của Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn.",
     dict(number="05/2022/TT-BNNPTNT", type="Thông tư", date="2022-07-25")),
    ("Thực hiện Kết luận số 54-KL/TW ngày 07/8/2019 của Bộ Chính trị.",
     dict(number="54-KL/TW", type="Kết luận", date="2019-08-07", issuer="Bộ Chính trị")),
    ("Căn cứ Công văn số 816/STP-XD&KTVBQPPL ngày 03/5/2017 của Sở Tư pháp.",
     dict(number="816/STP-XD&KTVBQPPL", type="Công văn", date="2017-05-03", issuer="Sở Tư pháp")),
    ("Căn cứ Luật số 55/2014/QH13 ngày 23/11/2014.", dict(number="55/2014/QH13", type="Luật", date="2014-11-23")),
    ("Thực hiện Tờ trình số 45/TTr-SNN ngày 01/02/2024 của Sở Nông nghiệp và PTNT.",
     dict(number="45/TTr-SNN", type="Tờ trình", date="2024-02-01", issuer="Sở Nông nghiệp và PTNT")),
    ("Thực hiện Chỉ thị 63-CT/TU ngày 27/12/2024 của Ban Thường vụ Tỉnh ủy về việc tập trung.",
     dict(number="63-CT/TU", type="Chỉ thị", date="2024-12-27", issuer="Ban Thường vụ Tỉnh ủy",
          text="Chỉ thị 63-CT/TU ngày 27/12/2024")),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[1]["number"] for c in CASES])
def test_reference(text, expected):
    ref = one(text)
    for key, value in expected.items():
        assert getattr(ref, key) == value, f"{key}: {getattr(ref, key)!r} != {value!r}"


@pytest.mark.parametrize("text", [
    "đến nay có 53/85 xã đạt chuẩn, 03/09 tiêu chí huyện đã đạt",
    "Kế hoạch số 1754/KH-UBND ngày 12/6/2023",          # the date is not a reference
    "tuyến ĐH.21 dài 19,5 Km; giải ngân 14.108 triệu đồng/30.433 triệu đồng",
    "Xây dựng kế hoạch/Đề án về kiểm kê; huyện nông thôn mới/thị xã",
    "bình quân đạt 17,83 tiêu chí/xã; 107/114 tiêu chí",
    "Km 5/QL14 và thôn 2/Kon Gol",
])
def test_not_references(text):
    numbers = [r.number for r in refs_of(text)]
    assert numbers in ([], ["1754/KH-UBND"])


def test_list_shares_date_and_year_from_document():
    doc = """UBND HUYỆN ĐẮK HÀ
Số: 88/BC-UBND
Đắk Hà, ngày 20 tháng 6 năm 2023
BÁO CÁO
Kết quả xây dựng nông thôn mới
Huyện đã ban hành Quyết định số 365/QĐ-UBND và 366/QĐ-UBND ngày 13/5 về công nhận thôn đạt chuẩn.
"""
    refs = refs_of(doc)
    assert [(r.number, r.type, r.date) for r in refs] == [
        ("365/QĐ-UBND", "Quyết định", "2023-05-13"), ("366/QĐ-UBND", "Quyết định", "2023-05-13")]


def test_year_less_date_without_document_date():
    refs = refs_of("Huyện đã ban hành Quyết định số 365/QĐ-UBND và 366/QĐ-UBND ngày 13/5 về công nhận thôn.")
    assert [(r.number, r.date) for r in refs] == [("365/QĐ-UBND", None), ("366/QĐ-UBND", None)]


def test_enumerated_plans_in_footnote():
    text = ("- UBND huyện đã xây dựng kế hoạch triển khai chương trình⁽¹⁾, làm cơ sở tổ chức thực hiện.\n"
            "⁽¹⁾ Các Kế hoạch: Số 01/KH-UBND ngày 03/01/2023 về Ra quân đầu xuân Quý Mão năm 2023; "
            "số 04/KH-UBND ngày 10/01/2023 về Thẩm tra; số 19/KH-UBND ngày 31/01/2023 về triển khai.")
    refs = refs_of(text)
    assert [(r.number, r.type, r.date) for r in refs] == [
        ("01/KH-UBND", "Kế hoạch", "2023-01-03"), ("04/KH-UBND", "Kế hoạch", "2023-01-10"),
        ("19/KH-UBND", "Kế hoạch", "2023-01-31")]
    assert refs[1].text == "số 04/KH-UBND ngày 10/01/2023"


def test_one_entry_per_number_and_own_number_excluded():
    doc = """TỈNH ỦY KON TUM
*
Số 12-CT/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Kon Tum, ngày 18 tháng 02 năm 2022
CHỈ THỊ
về xây dựng nông thôn mới
-----
Các cấp ủy quán triệt Chỉ thị số 63-CT/TU và Nghị quyết số 16-NQ/TU; thực hiện Chỉ thị số 63-CT/TU ngày 27/12/2021 của Ban Thường vụ Tỉnh ủy.
Chỉ thị số 12-CT/TU này được phổ biến đến chi bộ.
"""
    refs = refs_of(doc)
    assert [(r.number, r.date) for r in refs] == [("63-CT/TU", "2021-12-27"), ("16-NQ/TU", None)]
    assert refs[0].text == "Chỉ thị số 63-CT/TU"


def test_footnote_from_sup_tag():
    text = ("Ủy ban nhân dân tỉnh yêu cầu các đơn vị triển khai các nội dung như sau<sup>1</sup>:\n"
            "<sup>1</sup> Theo đề nghị của Sở Nông nghiệp và Phát triển nông thôn tại Công văn số 735/SNN-NTM "
            "ngày 04 tháng 3 năm 2024 về việc tham mưu.")
    ref = one(text)
    assert (ref.number, ref.type, ref.date) == ("735/SNN-NTM", "Công văn", "2024-03-04")


def test_a_legal_sites_list_of_related_documents_is_not_cited():
    """After the text, a legal-document site lists related documents under its own headings
    ("Văn bản liên quan", "Văn bản được căn cứ"): those numbers are the site's, not references."""
    text = ("ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 88/KH-UBND | Quảng Bình, ngày 02 tháng 2 năm 2024\nKẾ HOẠCH\nXây dựng nông thôn mới năm 2024\n"
            "Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ;\n"
            "1. Các sở, ngành triển khai kế hoạch.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nĐoàn Ngọc Lâm\n"
            "Văn bản liên quan\nQuyết định 318/QĐ-TTg năm 2022 ban hành bộ tiêu chí\n"
            "Văn bản được căn cứ\nThông tư 53/2022/TT-BTC quy định quản lý kinh phí\nNghị định 27/2022/NĐ-CP")
    assert [r.number for r in refs_of(text)] == ["318/QĐ-TTg"]
