"""Document metadata and people: header, type, issuer, place and date, signature, recipients."""
from __future__ import annotations

import pytest

from extractors.metadata import canonical, extract_document_info, extract_people
from pipeline.model.normalize import normalize_pages


def info_of(text: str):
    return extract_document_info(normalize_pages([text], fmt="txt"))


PARTY_DIRECTIVE = """TỈNH ỦY KON TUM
*
Số 12-CT/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Kon Tum, ngày 18 tháng 02 năm 2022
CHỈ THỊ
CỦA BAN THƯỜNG VỤ TỈNH ỦY
về tăng cường sự lãnh đạo của cấp ủy các cấp đối với việc xây dựng thôn (làng) nông thôn mới
-----
Trong những năm qua, cấp ủy, chính quyền các cấp đã lãnh đạo và triển khai thực hiện tốt các chủ trương.
Chỉ thị này được phổ biến đến chi bộ.
Nơi nhận:
- Các huyện ủy, thành ủy,
- Lưu Văn phòng Tỉnh ủy.
T/M BAN THƯỜNG VỤ
BÍ THƯ
Dương Văn Trang
"""

STATE_LETTER = """Số: 1052 /UBND-NNTN
Kon Tum, ngày 29 tháng 3 năm 2024
Về việc triển khai thực hiện mục tiêu, nhiệm vụ Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm 2024
Kính gửi:
- Các sở, ban ngành thuộc tỉnh;
- Ủy ban nhân dân các huyện, thành phố.
Nhằm triển khai thực hiện Chương trình, Ủy ban nhân dân tỉnh yêu cầu các đơn vị, địa phương triển khai các nội dung như sau:
1. Giao Sở Nông nghiệp và Phát triển nông thôn chủ trì, tổng hợp tham mưu Ủy ban nhân dân tỉnh.
Nơi nhận:
- Như trên;
- Bộ Nông nghiệp và PTNT (B/c);
- Lưu: VT, NNTN.NLTA.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Hữu Tháp
"""

DRAFT_REPORT = """Số: /BC-UBND
Kon Rẫy, ngày tháng năm 2023
BÁO CÁO
Kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới năm 2023
Kính gửi: HĐND huyện khóa XV, kỳ họp thứ 7.
Thực hiện Thông báo số 22/TB-HĐND ngày 30/10/2023 của HĐND huyện; UBND huyện báo cáo kết quả thực hiện như sau:
Trên đây là báo cáo của UBND huyện.
Nơi nhận:
- Như trên (b/c);
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Thủy
"""

HEADERLESS_PLAN = """KẾ HOẠCH
Thực hiện Chỉ thị 63-CT/TU ngày 27/12/2024 của Ban Thường vụ Tỉnh ủy về việc tập trung xây dựng nông thôn mới
-----
Thực hiện Chỉ thị số 63-CT/TU ngày 27/12/2024 của Ban Thường vụ Tỉnh ủy. Ban Thường vụ Huyện ủy xây dựng kế hoạch triển khai thực hiện như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức của các cấp ủy.
Nơi nhận:
- Thường trực Tỉnh ủy (B/c),
- Đ/c Trần Minh Nam- TVTU, Trưởng BTGTU,
- Lưu Văn phòng huyện ủy.
T/M BAN THƯỜNG VỤ
BÍ THƯ
Nguyễn Hữu Tuấn
"""

NEWS = """Với quan điểm có an cư mới lạc nghiệp, UBND tỉnh Kon Tum đã ban hành Kế hoạch số 1754/KH-UBND ngày 12/6/2023 về xây dựng thôn (làng) nông thôn mới ở vùng đồng bào dân tộc thiểu số.
Theo đó, phấn đấu đến năm 2025, toàn tỉnh có từ 50% trở lên số thôn (làng) đạt chuẩn.
"""

QUANG_NAM_DECISION = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NAM
Số: 2428/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Nam, ngày 15 tháng 8 năm 2022
QUYẾT ĐỊNH
Về việc ban hành Bộ tiêu chí xã nông thôn mới tỉnh Quảng Nam giai đoạn 2021-2025
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Bộ tiêu chí xã nông thôn mới.
Nơi nhận:
- Như Điều 3;
- Lưu: VT, KTN.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Tân
"""

PARTY_DISTRICT_PLAN = """ĐẢNG BỘ TỈNH QUẢNG NAM
HUYỆN ỦY BẮC TRÀ MY
*
Số 45-KH/HU
ĐẢNG CỘNG SẢN VIỆT NAM
Bắc Trà My, ngày 05 tháng 4 năm 2023
KẾ HOẠCH
thực hiện Kết luận số 54-KL/TW của Bộ Chính trị
-----
Thực hiện Kết luận số 54-KL/TW ngày 07/8/2019 của Bộ Chính trị, Ban Thường vụ Huyện ủy ban hành kế hoạch như sau:
Nơi nhận:
- Ban Thường vụ Tỉnh ủy (b/c),
- Lưu Văn phòng Huyện ủy.
T/M BAN THƯỜNG VỤ
K/T BÍ THƯ
PHÓ BÍ THƯ THƯỜNG TRỰC
Hồ Quang Bửu
"""

DEPARTMENT_LETTER = """UBND TỈNH GIA LAI
SỞ NÔNG NGHIỆP VÀ PTNT
Số: 735/SNN-NTM
V/v tham mưu triển khai thực hiện Chương trình MTQG xây dựng nông thôn mới năm 2024
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Gia Lai, ngày 04 tháng 3 năm 2024
Kính gửi: Ủy ban nhân dân tỉnh Gia Lai.
Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Sở Nông nghiệp và PTNT kính đề nghị như sau.
Nơi nhận:
- Như trên;
- Lưu: VT, NTM.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Lê Văn Hòa
"""

# A PDF rendition: both header columns on one line each.
MERGED_COLUMNS = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN BẮC TRÀ MY Độc lập - Tự do - Hạnh phúc
Số: 120/TTr-UBND Bắc Trà My, ngày 10 tháng 11 năm 2023
TỜ TRÌNH
Về việc đề nghị công nhận xã đạt chuẩn nông thôn mới năm 2023
Kính gửi: Ủy ban nhân dân tỉnh Quảng Nam.
Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ, Ủy ban nhân dân huyện kính trình như sau.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn Minh
"""

# A DOCX rendition: right column first, the signer column after the distribution list.
RIGHT_COLUMN_FIRST = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Đắk Hà, ngày 20 tháng 6 năm 2023
ỦY BAN NHÂN DÂN
HUYỆN ĐẮK HÀ
Số: 310/TB-UBND
THÔNG BÁO
Kết luận của đồng chí Nguyễn Văn A, Phó Chủ tịch UBND huyện tại cuộc họp Ban Chỉ đạo
Ngày 15/6/2023, đồng chí Nguyễn Văn A, Phó Chủ tịch UBND huyện chủ trì cuộc họp.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
(Đã ký)
Nơi nhận:
- Các thành viên BCĐ;
- Lưu: VT.
Trần Thị Bình
"""

PARTY_BOARD = """TỈNH ỦY GIA LAI
BAN TUYÊN GIÁO
*
Số 123-HD/BTGTU
ĐẢNG CỘNG SẢN VIỆT NAM
Gia Lai, ngày 03 tháng 01 năm 2024
HƯỚNG DẪN
tuyên truyền xây dựng nông thôn mới năm 2024
-----
Thực hiện Chương trình công tác năm 2024, Ban Tuyên giáo Tỉnh ủy hướng dẫn như sau:
K/T TRƯỞNG BAN
PHÓ TRƯỞNG BAN
Y Thị Hoa
"""

COUNCIL_RESOLUTION = """HỘI ĐỒNG NHÂN DÂN
TỈNH KON TUM
Số: 25/2023/NQ-HĐND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Kon Tum, ngày … tháng 12 năm 2023
NGHỊ QUYẾT
Quy định mức hỗ trợ xây dựng nông thôn mới trên địa bàn tỉnh Kon Tum
HỘI ĐỒNG NHÂN DÂN TỈNH KON TUM
KHÓA XII KỲ HỌP THỨ 6
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Nơi nhận:
- Ủy ban Thường vụ Quốc hội;
- Lưu: VT.
CHỦ TỊCH
Dương Văn Trang
"""

CASES = [
    # domain.md cases 5, 8 (with case 1 style number and case 2 letter)
    (PARTY_DIRECTIVE, dict(number="12-CT/TU", number_symbol="CT/TU", type="Chỉ thị", issuer="Ban Thường vụ Tỉnh ủy Kon Tum",
                           issuer_inferred=False, place="Kon Tum", date="2022-02-18", signer="Dương Văn Trang",
                           signer_title="Bí thư", signing_mark="T/M Ban Thường vụ", system="party")),
    (STATE_LETTER, dict(number="1052/UBND-NNTN", number_symbol="UBND-NNTN", type="Công văn",
                        issuer="Ủy ban nhân dân tỉnh Kon Tum", issuer_inferred=True, place="Kon Tum", date="2024-03-29",
                        signer="Nguyễn Hữu Tháp", signer_title="Phó Chủ tịch", signing_mark="KT. Chủ tịch", system="state")),
    # domain.md case 7: blank number, draft date
    (DRAFT_REPORT, dict(number=None, number_symbol="BC-UBND", type="Báo cáo", issuer="Ủy ban nhân dân huyện Kon Rẫy",
                        place="Kon Rẫy", date="2023", signer="Nguyễn Văn Thủy", signer_title="Phó Chủ tịch")),
    (HEADERLESS_PLAN, dict(number=None, type="Kế hoạch", issuer="Ban Thường vụ Huyện ủy", issuer_inferred=True, place=None,
                           date=None, signer="Nguyễn Hữu Tuấn", signer_title="Bí thư", system="party")),
    (NEWS, dict(number=None, number_symbol=None, type=None, issuer=None, place=None, date=None, signer=None,
                signer_title=None, system=None)),
    (QUANG_NAM_DECISION, dict(number="2428/QĐ-UBND", type="Quyết định", issuer="Ủy ban nhân dân tỉnh Quảng Nam",
                              issuer_inferred=False, place="Quảng Nam", date="2022-08-15",
                              title="Về việc ban hành Bộ tiêu chí xã nông thôn mới tỉnh Quảng Nam giai đoạn 2021-2025",
                              signer="Trần Văn Tân", signer_title="Phó Chủ tịch", signing_mark="KT. Chủ tịch")),
    (PARTY_DISTRICT_PLAN, dict(number="45-KH/HU", type="Kế hoạch", issuer="Ban Thường vụ Huyện ủy Bắc Trà My",
                               place="Bắc Trà My", date="2023-04-05", signer="Hồ Quang Bửu",
                               signer_title="Phó Bí thư Thường trực", signing_mark="K/T Bí thư", system="party")),
    (DEPARTMENT_LETTER, dict(number="735/SNN-NTM", type="Công văn",
                             issuer="Sở Nông nghiệp và Phát triển nông thôn tỉnh Gia Lai", place="Gia Lai",
                             date="2024-03-04", signer="Lê Văn Hòa", signer_title="Phó Giám đốc", signing_mark="KT. Giám đốc",
                             recipients=["Ủy ban nhân dân tỉnh Gia Lai", "Như trên"])),
    (MERGED_COLUMNS, dict(number="120/TTr-UBND", type="Tờ trình", issuer="Ủy ban nhân dân huyện Bắc Trà My",
                          place="Bắc Trà My", date="2023-11-10", signer="Nguyễn Văn Minh", signer_title="Chủ tịch",
                          signing_mark="TM. Ủy ban nhân dân")),
    (RIGHT_COLUMN_FIRST, dict(number="310/TB-UBND", type="Thông báo", issuer="Ủy ban nhân dân huyện Đắk Hà",
                              place="Đắk Hà", date="2023-06-20", signer="Trần Thị Bình", signer_title="Chánh Văn phòng",
                              signing_mark="TL. Chủ tịch")),
    (PARTY_BOARD, dict(number="123-HD/BTGTU", type="Hướng dẫn", issuer="Ban Tuyên giáo Tỉnh ủy Gia Lai",
                       place="Gia Lai", date="2024-01-03", signer="Y Thị Hoa", signer_title="Phó Trưởng ban")),
    (COUNCIL_RESOLUTION, dict(number="25/2023/NQ-HĐND", number_symbol="NQ-HĐND", type="Nghị quyết",
                              issuer="Hội đồng nhân dân tỉnh Kon Tum", date="2023-12", signer="Dương Văn Trang",
                              signer_title="Chủ tịch", signing_mark=None)),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_document_info(text, expected):
    info = info_of(text)
    for key, value in expected.items():
        assert getattr(info, key) == value, f"{key}: {getattr(info, key)!r} != {value!r}"


def test_recipients_cleaned():
    info = info_of(STATE_LETTER)
    assert info.recipients == ["Các sở, ban ngành thuộc tỉnh", "Ủy ban nhân dân các huyện, thành phố",
                               "Như trên", "Bộ Nông nghiệp và PTNT"]


def test_title_after_heading():
    assert info_of(PARTY_DIRECTIVE).title.startswith("về tăng cường sự lãnh đạo")
    assert info_of(DRAFT_REPORT).title.startswith("Kết quả thực hiện Chương trình MTQG")
    assert info_of(DEPARTMENT_LETTER).title.startswith("Về việc tham mưu triển khai")


@pytest.mark.parametrize("raw,expected", [
    ("UBND TỈNH KON TUM", "Ủy ban nhân dân tỉnh Kon Tum"),
    ("TỈNH ỦY KON TUM", "Tỉnh ủy Kon Tum"),
    ("SỞ NÔNG NGHIỆP VÀ PTNT TỈNH GIA LAI", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Gia Lai"),
    ("HUYỆN ỦY BẮC TRÀ MY", "Huyện ủy Bắc Trà My"),
    ("UBND huyện", "Ủy ban nhân dân huyện"),
])
def test_canonical(raw, expected):
    assert canonical(raw) == expected


def test_people():
    doc = normalize_pages([HEADERLESS_PLAN], fmt="txt")
    people = extract_people(doc, extract_document_info(doc))
    assert [(p.name, p.position) for p in people] == [
        ("Nguyễn Hữu Tuấn", "Bí thư"), ("Trần Minh Nam", "TVTU, Trưởng BTGTU")]
    for p in people:
        assert doc.printed[p.span[0]:p.span[1]] == p.text


def test_people_in_prose():
    doc = normalize_pages([RIGHT_COLUMN_FIRST], fmt="txt")
    people = {p.name: p.position for p in extract_people(doc, extract_document_info(doc))}
    assert people == {"Trần Thị Bình": "Chánh Văn phòng", "Nguyễn Văn A": "Phó Chủ tịch UBND huyện"}


@pytest.mark.parametrize("text, expected", [
    ("Tham dự có ông Nguyễn Văn Phú, Phó Chủ tịch UBND huyện Kon Rẫy và bà Y Kim Loan, Trưởng phòng "
     "Nông nghiệp và PTNT huyện.",
     [("Nguyễn Văn Phú", "Phó Chủ tịch UBND huyện Kon Rẫy"), ("Y Kim Loan", "Trưởng phòng Nông nghiệp và PTNT huyện")]),
    ("Buổi làm việc do ông Hồ Quang Bửu, Phó Chủ tịch UBND tỉnh Quảng Nam chủ trì.",
     [("Hồ Quang Bửu", "Phó Chủ tịch UBND tỉnh Quảng Nam")]),
    ("Ông bà ta có câu: có an cư mới lạc nghiệp.", []),
])
def test_people_named_after_an_honorific(text, expected):
    doc = normalize_pages([text], fmt="txt")
    found = [(p.name, p.position) for p in extract_people(doc, extract_document_info(doc))]
    assert found == expected


# signature columns as conversions and narrow columns lay them out: the footer lines after the body,
# and the signer's title as the gold would record it
FOOTERS = [
    # a .doc round trip glued the signature column to the filing line
    ("- Lưu: VT.GIÁM ĐỐC\nTrần Văn Bình", "Giám đốc"),
    ("- Lưu: VT, NV.KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Thị Mai", "Phó Chủ tịch"),
    # the filing line's own codes stay where they are
    ("- Lưu: VT, VPĐP.\nCHÁNH VĂN PHÒNG\nHà Văn Tùng", "Chánh Văn phòng"),
    # a title wrapped by a narrow column
    ("- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH THƯỜNG\nTRỰC\nĐinh Văn Sơn", "Phó Chủ tịch Thường trực"),
    ("- Lưu: VT.\nKT. BÍ THƯ\nPHÓ BÍ THƯ\nTHƯỜNG TRỰC\nLò Văn Nam", "Phó Bí thư Thường trực"),
    # two title lines that make no title together stay apart: the last is the signer's
    ("- Lưu: VT.\nKT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\nVi Thị Hạnh", "Phó Trưởng ban"),
]


@pytest.mark.parametrize("footer, title", FOOTERS)
def test_signer_title_of_a_glued_or_wrapped_footer(footer, title):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nSố: 17/BC-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nSơn La, ngày 02 tháng 3 năm 2025\nBÁO CÁO\nKết quả thực hiện\n"
            "Năm 2024, tỉnh có thêm 05 xã đạt chuẩn nông thôn mới./.\nNơi nhận:\n- Như trên;\n" + footer + "\n")
    info = info_of(text)
    assert (info.signer_title, info.signer) == (title, footer.rsplit("\n", 1)[1])
