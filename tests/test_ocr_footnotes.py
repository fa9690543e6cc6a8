"""A footnote at the foot of a scanned page: OCR reads its superscript number as a plain "1", which
the extractors would take for a figure ("1 Quyết định … công nhận xã đạt chuẩn"). The reader writes
it as printed, "¹", when the note stands as a footnote stands: the page's last lines, under a wide
gap, in the lowest quarter, each note opening with a bare number and a capitalised word. Cases as
data: lines of a page (top in pixels, words), and the words that must come out as superscripts."""
import pytest

from pipeline.read.ocr import OcrPage, OcrWord, footnote_marks, masked_page_text

HEIGHT = 3500
BODY = [(400 + 66 * i, "Năm 2024 toàn xã có thêm 02 thôn đạt chuẩn nông thôn mới kiểu mẫu") for i in range(30)]
CASES = [
    ("one note under the body", BODY + [(3150, "1 Quyết định số 12/QĐ-UBND ngày 03/5/2024 của Ủy ban nhân dân huyện"),
                                        (3205, "về việc công nhận thôn đạt chuẩn.")], ["1"]),
    ("two notes", BODY + [(3100, "2 Báo cáo số 45/BC-UBND ngày 10/6/2024."), (3155, "3 Kế hoạch số 7/KH-UBND.")], ["2", "3"]),
    # a numbered item at the end of the body: no gap above it
    ("a list item closing the body", BODY + [(400 + 66 * 30, "4 Ủy ban nhân dân xã tổ chức thực hiện.")], []),
    # a table row after a gap but in the middle of the page
    ("a row halfway down", BODY[:15] + [(1600, "4 Lao động Tỷ lệ lao động 82,5")], []),
    # the last run opens with words: a signature, not notes
    ("a signature at the foot", BODY + [(3100, "CHỦ TỊCH"), (3160, "2 Nguyễn Văn An")], []),
    ("a lower-case word after the number", BODY + [(3150, "1 xã đạt chuẩn nông thôn mới")], []),
]


def _page(lines):
    words, parts, pos = [], [], 0
    for i, (top, line) in enumerate(lines):
        if i:
            parts.append("\n")
            pos += 1
        x = 300
        for j, w in enumerate(line.split()):
            if j:
                parts.append(" ")
                pos += 1
            words.append(OcrWord(w, 95.0, pos, pos + len(w), (x, top, 20 * len(w), 40)))
            parts.append(w)
            pos += len(w)
            x += 20 * len(w) + 15
    return OcrPage(text="".join(parts), confidence=95.0, words=words, height=HEIGHT)


@pytest.mark.parametrize("name, lines, marks", CASES, ids=[c[0] for c in CASES])
def test_footnote_numbers_at_the_page_foot(name, lines, marks):
    page = _page(lines)
    assert [page.words[k].text for k in sorted(footnote_marks(page))] == marks
    text = masked_page_text(page, 80.0)
    assert len(text) == len(page.text)
    for mark in marks:
        assert "\n" + mark.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")) + " " in text


def test_no_page_height_no_marks():
    page = _page(CASES[0][1])
    page.height = 0
    assert footnote_marks(page) == set()
