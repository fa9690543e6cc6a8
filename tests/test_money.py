"""Money: input text → budgets (amount in đồng, label, kind, qualifier, per-unit, components)."""
import pytest

from extractors.money import extract_budgets
from pipeline.model import DocumentInfo
from pipeline.model.normalize import normalize_pages


def run(text):
    return extract_budgets(normalize_pages([text], fmt="txt"), DocumentInfo())


CASES = [
    ("Tổng kinh phí 81,3 tỉ đồng.", [(81_300_000_000, "Tổng", "plan", None, False)]),
    ("Mỗi huyện 20,5 tỉ để thực hiện.", [(20_500_000_000, None, None, None, True)]),
    ("Hỗ trợ 500 nghìn đồng/hộ.", [(500_000, "Hỗ trợ", None, None, True)]),
    ("Huy động được khoảng 15 tỷ đồng từ Nhân dân.", [(15_000_000_000, "Huy động được", "mobilised", "khoảng", False)]),
    ("Vốn sự nghiệp năm 2023: 2.562 triệu đồng.", [(2_562_000_000, "Vốn sự nghiệp năm 2023", "plan", None, False)]),
    ("Tỷ lệ hộ nghèo giảm 2,5%; thu nhập bình quân đạt 45 triệu đồng/người/năm.",
     [(45_000_000, "thu nhập bình quân", None, None, True)]),
    ("Đạt 62,4% tỷ lệ xã đạt chuẩn.", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_amounts(text, expected):
    got = [(b.amount_vnd, b.label, b.kind, b.qualifier, b.per_unit) for b in run(text)]
    assert got == expected


def test_total_components_and_repeats():
    # domain.md test 9 and 10
    text = ("- Tổng kế hoạch vốn Trung ương năm 2023 là: 30.433 triệu đồng (Vốn đầu tư phát triển năm 2023: 24.314 "
            "triệu đồng; Vốn sự nghiệp năm 2023: 2.562 triệu đồng; Vốn đầu tư năm 2022 kéo dài sang năm 2023: 2.371 triệu "
            "đồng; Vốn sự nghiệp năm 2022 kéo dài sang năm 2023: 1.186 triệu đồng); Nguồn huy động ngoài ngân sách: "
            "1.512 triệu đồng.\n- Tiến độ giải ngân (đến 31/10/2023): 14.108 triệu đồng/30.433 triệu đồng, đạt 46,35 "
            "kế hoạch; Ước giải ngân đến hết niên độ: 30.433 triệu đồng/30.433 triệu đồng, đạt 100 kế hoạch.")
    budgets = run(text)
    assert [(b.amount_vnd // 10**6, b.kind, b.total_of) for b in budgets] == [
        (30433, "plan", None), (24314, "plan component", 0), (2562, "plan component", 0),
        (2371, "plan component", 0), (1186, "plan component", 0), (1512, "mobilised", None),
        (14108, "disbursed", None), (30433, "estimate", None)]
    assert budgets[6].label == "Tiến độ giải ngân (đến 31/10/2023)"
    assert budgets[0].text.endswith("30.433 triệu đồng")


def test_parts_listed_after_gom():
    budgets = run("Tổng kinh phí năm 2024 là 52,4 tỉ đồng, gồm: vốn đầu tư phát triển 40,1 tỉ đồng; vốn sự nghiệp 12,3 tỉ đồng.")
    assert [(b.amount_vnd // 10**8, b.label, b.total_of) for b in budgets] == [
        (524, "Tổng kinh phí năm 2024", None), (401, "vốn đầu tư phát triển", 0), (123, "vốn sự nghiệp", 0)]


def _cases(name):
    import json
    from pathlib import Path
    path = Path(__file__).parent / "data" / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", _cases("money.jsonl"), ids=lambda c: c["id"])
def test_money_as_news_writes_it(case):
    """tests/data/money.jsonl: the amounts (đồng) expected, in order: a headline's amount the body gives
    exactly or rounds ("gần 1.200 tỷ đồng" over 1.186,5 tỷ) is one budget, the body's; a range is one budget, its
    lower end with `amount_max`; an increase ("tăng 12,5 triệu đồng so với năm 2020") is none."""
    got = run(case["text"])
    assert [b.amount_vnd for b in got] == case["amounts"]
    if "amount_max" in case:   # a range "từ 1,5 đến 2 tỷ đồng": its upper end
        assert [b.amount_max for b in got] == case["amount_max"]
