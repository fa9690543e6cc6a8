"""Legacy Vietnamese encodings: tables complete, every letter round-trips, detection is safe."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipeline.read import decode_text, read_file
from pipeline.read.legacy import (
    convert,
    convert_run,
    decode_legacy_bytes,
    detect_legacy,
    encode_table,
    font_encoding,
    is_vietnamese_syllable,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))

TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
LOWER = [c for c in (unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES) if not c.isascii()] + ["đ"]
LETTERS = LOWER + [c.upper() for c in LOWER]
TCVN3_CAPITALS = set("ĂÂÊÔƠƯĐ")          # the only capitals TCVN3 has a code for


def encode(text: str, encoding: str) -> str:
    """Unicode → legacy text through the table's own direction (the inverse of `convert`)."""
    table = encode_table(encoding)
    return "".join(table.get(c, c) for c in unicodedata.normalize("NFC", text))


def test_all_134_letters_are_covered():
    assert len(LETTERS) == 134
    assert set(encode_table("vni")) == set(LETTERS)
    assert set(encode_table("tcvn3")) == set(LOWER) | TCVN3_CAPITALS


def test_tcvn3_codes_are_single_latin1_characters_and_distinct():
    table = encode_table("tcvn3")
    assert all(len(code) == 1 and 0xA1 <= ord(code) <= 0xFE for code in table.values())
    assert len(set(table.values())) == len(table)


def test_vni_table_follows_the_composition_rule():
    """Derive every VNI sequence from its marks independently of the table and compare."""
    tone = dict(zip(TONES[1:], "ùøûõï"))
    circumflex_tone = dict(zip(TONES, "âáàåãä"))
    breve_tone = dict(zip(TONES, "êéèúüë"))
    i_row = dict(zip(TONES[1:], "íìæóò"))
    expected = {"đ": "ñ"}
    for v in VOWELS:
        for t in TONES:
            u = unicodedata.normalize("NFC", v + t)
            if u.isascii():
                continue
            if v in "âêô":
                seq = unicodedata.normalize("NFD", v)[0] + circumflex_tone[t]
            elif v == "ă":
                seq = "a" + breve_tone[t]
            elif v == "i":
                seq = i_row[t]
            elif v == "y" and t == "\u0323":
                seq = "î"
            elif v in "ơư":
                seq = {"ơ": "ô", "ư": "ö"}[v] + tone.get(t, "")
            else:
                seq = v + tone[t]
            expected[u] = seq
    expected.update({k.upper(): v.upper() for k, v in list(expected.items())})
    assert encode_table("vni") == expected


@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_round_trips_vni(letter):
    legacy = encode(letter, "vni")
    assert convert(legacy, "vni") == letter
    # inside a word, between ASCII letters, too
    assert convert(encode(f"th{letter}ng", "vni"), "vni") == f"th{letter}ng"


@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_round_trips_tcvn3(letter):
    if letter.islower() or letter in TCVN3_CAPITALS:
        assert convert(encode(letter, "tcvn3"), "tcvn3") == letter
    # An all-capitals font (.VnTimeH) draws the lowercase codes as capitals.
    assert convert(encode(letter.lower(), "tcvn3"), "tcvn3", upper=True) == letter.upper()


def test_examples_from_the_spec():
    assert convert("Uû ban nh©n d©n", "tcvn3") == "Uỷ ban nhân dân"
    assert convert("UÛY BAN NHAÂN DAÂN", "vni") == "ỦY BAN NHÂN DÂN"
    assert convert("c\u00adêng", "tcvn3") == "cường"          # soft hyphen is ư
    assert convert("ñöôïc", "vni") == "được"
    assert convert("Aùp duïng", "vni") == "Áp dụng"            # mixed-case marks still decode
    assert convert("uû ban nh©n d©n", "tcvn3", upper=True) == "UỶ BAN NHÂN DÂN"


def test_pdf_glyph_substitutes_are_decoded_next_to_letters_only():
    assert convert("nhµ n\u2212íc", "tcvn3") == "nhà nước"
    assert convert("5 \u2212 3", "tcvn3") == "5 \u2212 3"


def seed_texts():
    return [(p.name, unicodedata.normalize("NFC", p.read_text(encoding="utf-8"))) for p in SEEDS]


@pytest.mark.parametrize("name,text", seed_texts())
def test_seeds_are_not_legacy_and_round_trip(name, text):
    assert detect_legacy(text) is None, name
    vni = encode(text, "vni")
    assert detect_legacy(vni) == "vni"
    assert convert(vni, "vni") == text
    lower = text.lower()            # TCVN3 (.VnTime) has no toned capitals
    tcvn3 = encode(lower, "tcvn3")
    assert detect_legacy(tcvn3) == "tcvn3"
    assert convert(tcvn3, "tcvn3") == lower


@pytest.mark.parametrize("text", [
    "", "Hello world", "Copyright © 2024 ACME® Inc. — naïve café, déjà vu, Straße, año 2023¹",
    "Số: 1052 /UBND-NNTN", "Kon Tum, ngày 29 tháng 3 năm 2024", "Uỷ ban nhân dân tỉnh Kon Tum",
    "tiêu chí¹ đạt 93,86%", "¹²³ ⁽¹⁾ 2023¹",
])
def test_plain_text_is_not_legacy(text):
    assert detect_legacy(text) is None


def test_readme_is_not_legacy():
    assert detect_legacy((ROOT / "README.md").read_text(encoding="utf-8")) is None


def test_syllable_check():
    for word in ("nghiêng", "khuyến", "được", "quý", "Uỷ", "gì", "thuở", "oà"):
        assert is_vietnamese_syllable(word), word
    for word in ("café", "aủo", "seủor", "ñ", "bb"):
        assert not is_vietnamese_syllable(word), word


def to_cp1258(text: str) -> bytes:
    """Windows-1258 keeps â ê ô ơ ư ă đ precomposed and the tone as a separate combining mark."""
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        try:
            out += c.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", c)
            tones = "".join(m for m in parts if m in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in tones))
            out += (base + tones).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("name,text", seed_texts())
def test_bytes_in_every_encoding_decode(name, text):
    try:
        cp1258 = to_cp1258(text)
    except UnicodeEncodeError:
        pytest.skip(f"{name} has characters outside Windows-1258")
    assert decode_legacy_bytes(cp1258) == text
    assert decode_text(cp1258) == text
    vni_bytes = encode(text, "vni").encode("cp1252")
    assert decode_text(vni_bytes) == text
    tcvn3_bytes = encode(text.lower(), "tcvn3").encode("cp1252")
    assert decode_text(tcvn3_bytes) == text.lower()


def test_western_european_bytes_are_not_vietnamese():
    assert decode_legacy_bytes("Café crème brûlée, déjà vu à la française".encode("cp1252")) is None


def test_utf8_file_with_tcvn3_mojibake_is_converted(tmp_path):
    f = tmp_path / "kh.txt"
    f.write_text("Uû ban nh©n d©n tØnh Kon Tum\nKÕ ho¹ch x©y dùng n«ng th«n míi n¨m 2024\n", encoding="utf-8")
    doc = read_file(f)
    assert "Uỷ ban nhân dân tỉnh Kon Tum" in doc.text or "Ủy ban nhân dân tỉnh Kon Tum" in doc.text
    assert "xây dựng nông thôn mới năm 2024" in doc.text


@pytest.mark.parametrize("font,expected", [
    (".VnTime", ("tcvn3", False)), (".VnTimeH", ("tcvn3", True)), (".VnArial NarrowH", ("tcvn3", True)),
    ("ABCDEF+VnTimeH,Bold", ("tcvn3", True)), (".VnTime-Bold", ("tcvn3", False)),
    ("VNI-Times", ("vni", False)), ("VNI-Helve-Condense", ("vni", False)),
    ("Times New Roman", (None, False)), (None, (None, False)), ("", (None, False)),
])
def test_font_encoding(font, expected):
    assert font_encoding(font) == expected


def test_convert_run():
    assert convert_run("Uû ban nh©n d©n", ".VnTime") == "Uỷ ban nhân dân"
    assert convert_run("uû ban nh©n d©n", ".VnTimeH") == "UỶ BAN NHÂN DÂN"
    assert convert_run("UÛY BAN NHAÂN DAÂN", "VNI-Times") == "ỦY BAN NHÂN DÂN"
    assert convert_run("Ủy ban © 2024", "Times New Roman") == "Ủy ban © 2024"
