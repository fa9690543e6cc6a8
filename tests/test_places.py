"""Places: gazetteer resolution in scope, variant folding, lists, villages (domain.md §6, cases 19-20)."""

import pytest

from extractors.places import extract_places
from pipeline.model import DocumentInfo
from pipeline.model.gazetteer import place_key, resolve_place, village_key
from pipeline.model.normalize import normalize_pages


def places(text, **info):
    doc = normalize_pages([text], fmt="txt")
    return extract_places(doc, DocumentInfo(**info))


def by_level(ps, level):
    return {p.name: p for p in ps if p.level == level}


def named(ps, level, name):
    return next((p for p in ps if p.level == level and place_key(p.name) == place_key(name)), None)


@pytest.mark.parametrize("a, b", [
    ("Đăk Tô Lung", "Đăk Tơ Lung"), ("Đắk Tờ Re", "Đăk Tô Re"), ("Đăk Ruông", "Đăk Ruồng"), ("Đăk Pnê", "Đăk Pne"),
    ("Ia Toi", "Ia Tơi"), ("Ia H'Drai", "Ia H’Drai"), ("Ia HDrai", "Ia H'Drai"), ("Kon Plong", "Kon Plông"),
    ("Bờ Y", "Pờ Y"), ("Tân lập", "Tân Lập"), ("\u00d0ăk Hà", "Đăk Hà"), ("Đắc Hà", "Đăk Hà"), ("Đăk Ngọc", "Đăk Ngọk"),
    ("xã Đăk Kôi", "Đăk Kôi"), ("Dak Glei", "Đắk Glei"),
])
def test_variants_share_a_key(a, b):
    assert place_key(a) == place_key(b)


@pytest.mark.parametrize("a, b", [("Đăk Tô", "Đăk Tô Re"), ("Đăk Hà", "Đăk Long"), ("Kon Tum", "Kon Rẫy")])
def test_distinct_names_stay_apart(a, b):
    assert place_key(a) != place_key(b)


def test_resolution_is_scoped_and_never_a_prefix_match():
    kon_ray = resolve_place("Kon Rẫy", "district")[0]
    assert [u.code for u in resolve_place("Ðăk Tô Lung", "commune", kon_ray.code)] == ["23485"]
    assert resolve_place("Đăk Tô Lung", "district") == []          # never huyện Đắk Tô
    assert {u.code for u in resolve_place("Đăk Long", "commune", province_code="62")} == {"23368", "23504"}
    assert {u.type for u in resolve_place("Đăk Hà", "commune", province_code="62")} == {"Xã", "Thị trấn"}
    assert [p.code for p in places("Kon Tum, ngày 1/3/2024\nxã Đăk Hà và thị trấn Sa Thầy") if p.level == "commune"][:1] == ["23425"]


def test_gazetteer_covers_other_provinces():
    assert resolve_place("Bắc Trà My", "district")[0].province == resolve_place("Quảng Nam", "province")[0].code


CASES = [
    # (text, info, level, name, parent, code)
    ("Thôn 5 (Kon Băp Ju (Kon BRăp Ju)), xã Tân lập, huyện Kon Rẫy.", {}, "commune", "Tân Lập", "Kon Rẫy", "23497"),
    ("Kon Rẫy, ngày 10 tháng 11 năm 2023\nTổ chức ra quân tại xã Ðăk Tô Lung.", {}, "commune", "Đăk Tơ Lung", "Kon Rẫy", "23485"),
    ("Kon Rẫy, ngày 10 tháng 11 năm 2023\nTổ chức ra quân tại xã Ðăk Tô Lung.", {}, "district", "Kon Rẫy", "Kon Tum", "614"),
    ("UBND tỉnh Kon Tum giao các huyện: Đăk Hà, Kon Rẫy, Ia H'Drai và thành phố Kon Tum.", {}, "district",
     "Thành phố Kon Tum", "Kon Tum", "608"),
    ("UBND tỉnh Kon Tum giao các huyện: Đăk Hà, Kon Rẫy, Ia H'Drai và thành phố Kon Tum.", {}, "district",
     "Ia H'Drai", "Kon Tum", "618"),
    ("Công nhận xã Trà Giang, huyện Bắc Trà My, tỉnh Quảng Nam đạt chuẩn.", {}, "commune", "Trà Giang", "Bắc Trà My", None),
    ("Công nhận xã Trà Giang, huyện Bắc Trà My, tỉnh Quảng Nam đạt chuẩn.", {}, "province", "Quảng Nam", None, None),
    ("TỈNH ỦY KON TUM\nvề xây dựng nông thôn mới", {}, "province", "Kon Tum", None, "62"),
    ("Kết quả trên địa bàn tỉnh Gia Lai: 04 xã (Ia Kha; Ia Sao, Ia Hrung) của huyện Ia Grai đạt chuẩn.", {}, "commune",
     "Ia Sao", None, None),
]


@pytest.mark.parametrize("text, info, level, name, parent, code", CASES)
def test_admin_units(text, info, level, name, parent, code):
    ps = places(text, **info)
    got = named(ps, level, name)
    assert got, ps
    assert place_key(got.parent or "") == place_key(parent or "")
    if code:
        assert got.code == code


def test_ambiguous_commune_is_not_guessed():
    ps = places("Kon Tum, ngày 29 tháng 3 năm 2024\n⁽²⁾ Xã nông thôn mới (Ia Toi, Hơ Moong, Đăk Long, Măng Bút).")
    communes = by_level(ps, "commune")
    assert communes["Đăk Long"].code is None and set(communes["Đăk Long"].ambiguous) == {"23368", "23504"}
    assert communes["Ia Toi"].code == "23538" and communes["Ia Toi"].parent is None
    assert communes["Hơ Moong"].successor.startswith("Xã")


def test_gazetteer_spelling_added_as_variant():
    ps = places("Kon Tum, ngày 29 tháng 3 năm 2024\nxã nông thôn mới nâng cao (Đăk Ngọc, Ia Dom và Pờ Y).")
    ngoc = by_level(ps, "commune")["Đăk Ngọc"]
    assert "Đăk Ngọk" in ngoc.variants and ngoc.latitude


@pytest.mark.parametrize("text", [
    "Đài Phát thanh - Truyền hình tỉnh và Báo Kon Tum xây dựng chuyên mục.",
    "gắn với phong trào thi đua “Kon Tum chung sức xây dựng nông thôn mới”.",
    "trồng cây dọc đường quốc lộ 24 và Quốc lộ 14.",
    "1.5. Xây dựng Huyện Nông thôn mới: huyện đã đạt 03/09 tiêu chí.",
    "Bộ tiêu chí Thôn nông thôn mới; các thôn (làng) vùng đồng bào; văn bản 12 của tỉnh.",
])
def test_not_places(text):
    assert places(text) == []


VILLAGE_TEXT = """Kon Rẫy, ngày 10 tháng 11 năm 2023
- Ban hành quyết định công nhận 01 thôn nông thôn mới kiểu mẫu tại thôn 8 (làng Kon Nhên), xã Đăk Ruông⁽³⁾.
⁽³⁾ Thôn 9, xã Đăk Ruông.
Gồm: Thôn 2 (Kon Gol 1), xã Đăk Pnê; Thôn 4 (Kon Bư), xã Tân Lập; Thôn 8 (Kon Nhén), xã Đăk Ruồng; Thôn Đak Jri, xã Đăk Tờ Re.
Phấn đấu: Thôn 3, thị trấn Đăk Rve; Thôn 5 (Kon Băp Ju (Kon BRăp Ju)), xã Tân lập; Thôn 6 (Kon Rá) và Thôn 7 (Kon Lung), xã Đăk Tờ Lung; thôn 3, xã Tân Lập.
Riêng thôn 5 (Kon BRăp Ju), xã Tân Lập hiện đạt 10/10 tiêu chí; Thôn 4 (Kon Buru) đạt chuẩn.
"""


def test_villages():
    vs = [p for p in places(VILLAGE_TEXT) if p.level == "village"]
    got = {(v.name, place_key(v.parent or "")) for v in vs}
    got = {(n, next((q for q in ("Đăk Ruồng", "Đăk Pnê", "Đăk Tơ Lung", "Đăk Rve", "Tân Lập") if place_key(q) == k), k))
           for n, k in got}
    assert ("Thôn 8 (làng Kon Nhên)", "Đăk Ruồng") in got                     # case 20: thôn 8 and thôn 9 both kept
    assert ("Thôn 9", "Đăk Ruồng") in got
    assert ("Thôn 2 (Kon Gol 1)", "Đăk Pnê") in got
    assert ("Thôn 6 (Kon Rá)", "Đăk Tơ Lung") in got and ("Thôn 7 (Kon Lung)", "Đăk Tơ Lung") in got
    assert ("Thôn 3", "Đăk Rve") in got and ("Thôn 3", "Tân Lập") in got    # same number, different communes
    five = next(v for v in vs if v.name.startswith("Thôn 5"))                  # case 19: nested alias, merged spelling
    assert five.name == "Thôn 5 (Kon Băp Ju (Kon BRăp Ju))" and five.parent == "Tân Lập"
    assert "Thôn 5 (Kon BRăp Ju)" in five.variants
    four = next(v for v in vs if v.name.startswith("Thôn 4"))                  # no commune: joins the one Thôn 4
    assert "Thôn 4 (Kon Buru)" in four.variants
    nhen = next(v for v in vs if v.name.startswith("Thôn 8"))
    assert "Thôn 8 (Kon Nhén)" in nhen.variants
    assert len(vs) == 10


def test_village_without_commune_keeps_null_parent():
    vs = [p for p in places("Tổ chức lễ ra quân tại bản Pác Ngòi và buôn Ea Sar.") if p.level == "village"]
    assert {(v.name, v.parent) for v in vs} == {("Pác Ngòi", None), ("Ea Sar", None)}   # a proper name, without its word
    assert {v.variants[0] for v in vs} == {"Bản Pác Ngòi", "Buôn Ea Sar"}


def test_town_names_are_not_villages():
    ps = places("Kon Tum, ngày 1 tháng 3 năm 2024\nHọp tại thị trấn Plei Kần, huyện Ngọc Hồi.")
    assert [p.level for p in ps if p.name == "Plei Kần"] == ["commune"]
    assert not [p for p in ps if p.level == "village"]


def test_village_key():
    assert village_key("23491", "Thôn 2 (Kon Gol 1)") == "23491:2"
    assert village_key("23494", "Thôn Đak Jri") == village_key("23494", "thôn Đăk Jri")


# ---------------------------------------------------------------- lists without a level word on each name

LIST_CASES = [
    # (text, level, name, parent or None, code or None)
    # "gồm:" after a count, a bracketed district is the parent of the names before it
    ("Đắk Lắk, ngày 2 tháng 5 năm 2023\nCòn 04 xã chưa đạt chuẩn, gồm: Ea Kly, Krông Búk (huyện Krông Pắc) và Ea Tân "
     "(huyện Krông Năng).", "commune", "Krông Búk", "Krông Pắc", None),
    ("Đắk Lắk, ngày 2 tháng 5 năm 2023\nCòn 04 xã chưa đạt chuẩn, gồm: Ea Kly, Krông Búk (huyện Krông Pắc) và Ea Tân "
     "(huyện Krông Năng).", "commune", "Ea Tân", "Krông Năng", None),
    # footnote body cited after a count of communes, groups separated by ";"
    ("Nghệ An, ngày 3 tháng 4 năm 2023\nCó thêm 05 xã đạt chuẩn nông thôn mới kiểu mẫu⁽³⁾.\n"
     "⁽³⁾ Nghi Thạch (huyện Nghi Lộc); Diễn Thọ và Diễn Hoa (huyện Diễn Châu); Quỳnh Lương (huyện Quỳnh Lưu).",
     "commune", "Diễn Hoa", "Diễn Châu", None),
    ("Nghệ An, ngày 3 tháng 4 năm 2023\nCó thêm 05 xã đạt chuẩn nông thôn mới kiểu mẫu⁽³⁾.\n"
     "⁽³⁾ Nghi Thạch (huyện Nghi Lộc); Diễn Thọ và Diễn Hoa (huyện Diễn Châu); Quỳnh Lương (huyện Quỳnh Lưu).",
     "commune", "Quỳnh Lương", "Quỳnh Lưu", None),
    # names continuing a prefixed commune, the last one after "và"
    ("Quảng Trị, ngày 3 tháng 4 năm 2023\nHỗ trợ xã Tân Liên, Hướng Lộc và Thuận hoàn thiện hồ sơ.", "commune", "Thuận",
     None, "19471"),
    ("Quảng Trị, ngày 3 tháng 4 năm 2023\nHỗ trợ xã Tân Liên, Hướng Lộc và Thuận hoàn thiện hồ sơ.", "commune",
     "Hướng Lộc", None, "19474"),
    # names in brackets after a count; the list's level noun picks the xã over the town of the same name
    ("Đồng Tháp, ngày 3 tháng 4 năm 2023\nHuyện Tháp Mười có 03 xã đạt chuẩn nông thôn mới nâng cao (Mỹ An, Mỹ Hòa, "
     "Trường Xuân…).", "commune", "Trường Xuân", None, "30046"),
    ("Đồng Tháp, ngày 3 tháng 4 năm 2023\nHuyện Tháp Mười có 03 xã đạt chuẩn nông thôn mới nâng cao (Mỹ An, Mỹ Hòa, "
     "Trường Xuân…).", "commune", "Mỹ An", None, "30064"),
    ("Đồng Tháp, ngày 3 tháng 4 năm 2023\nHọp tại thị trấn Mỹ An.", "commune", "Mỹ An", None, "30037"),
    # the gazetteer's "Kỳ Anh (Huyện)" / "Kỳ Anh (Thị xã)" are the plain name "Kỳ Anh"; the list noun picks the huyện
    ("Hà Tĩnh, ngày 12 tháng 8 năm 2021\nMột số xã của các huyện Hương Khê, Vũ Quang và Kỳ Anh còn khó khăn.",
     "district", "Kỳ Anh", "Hà Tĩnh", "447"),
    ("Hà Tĩnh, ngày 12 tháng 8 năm 2021\nCông nhận thị xã Kỳ Anh hoàn thành nhiệm vụ.", "district", "Kỳ Anh", "Hà Tĩnh", "449"),
]


@pytest.mark.parametrize("text, level, name, parent, code", LIST_CASES)
def test_bare_names_in_lists(text, level, name, parent, code):
    got = named(places(text), level, name)
    assert got, places(text)
    if parent:
        assert place_key(got.parent or "") == place_key(parent)
    if code:
        assert got.code == code


@pytest.mark.parametrize("text, level, name", [
    # "xã Ea Tân, Krông Năng": the district written bare after a commune is not the town Krông Năng
    ("Đắk Lắk, ngày 2 tháng 5 năm 2023\nHỗ trợ xã Ea Tân, Krông Năng hoàn thiện hồ sơ.", "commune", "Krông Năng"),
    # "huyện có 04 xã (…)": the names are communes, never districts
    ("Kon Tum, ngày 1 tháng 3 năm 2024\nToàn huyện có 04 xã (Tân lập; Đăk Ruông, Đăk Tô Lung; Đăk Tô Re) đạt chuẩn.",
     "district", "Đăk Tô"),
    # a footnote cited after a count lists documents, not places
    ("Gia Lai, ngày 5 tháng 7 năm 2024\nCó 08 xã đạt chuẩn⁽²⁾.\n⁽²⁾ Quyết định số 112/QĐ-UBND ngày 22/01/2024.",
     "commune", "Quyết định"),
])
def test_list_rules_keep_precision(text, level, name):
    assert not named(places(text), level, name)


def _cases(name):
    import json
    from pathlib import Path
    path = Path(__file__).parent / "data" / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", _cases("places.jsonl"), ids=lambda c: c["id"])
def test_places_as_real_offices_write_them(case):
    """tests/data/places.jsonl: sentences of several provinces and both eras (before and after July
    2025) with the places expected ([level, name, parent]) and those that must not be found."""
    ps = places(case["text"], **case.get("info", {}))
    for level, name, parent in case["expect"]:
        got = named(ps, level, name) or next((p for p in ps if p.level == level and place_key(name) in
                                              {place_key(v) for v in p.variants}), None)
        assert got, (name, [(p.level, p.name) for p in ps])
        if parent is not None or level != "commune":
            assert place_key(got.parent or "") == place_key(parent or ""), (name, got.parent)
    for level, name in case.get("absent", []):
        assert not named(ps, level, name), (name, [(p.level, p.name, p.text) for p in ps])
    for level, name in case.get("one", []):
        assert len([p for p in ps if p.level == level and place_key(p.name) == place_key(name)]) == 1
