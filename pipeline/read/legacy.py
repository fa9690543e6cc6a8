"""Vietnamese text typed in pre-Unicode fonts: detect it and convert it to Unicode (NFC).

Two legacy font encodings survive in provincial archives, and both reach us as Latin-1 looking
characters (the font drew Vietnamese glyphs at the Windows-1252 code points):

- TCVN3 / ABC (.VnTime, .VnArial …): one character per letter, "Uû ban nh©n d©n" = "Uỷ ban nhân
  dân". The soft hyphen U+00AD is the letter ư, so nothing may strip it before decoding. The
  toned capitals have no code: ".VnTimeH"-style fonts draw the lowercase codes as capitals, so a
  run in such a font is converted with `upper=True`.
- VNI-Windows (VNI-Times …): a base letter followed by mark characters, "UÛY BAN NHAÂN DAÂN".

Windows-1258 is a real code page, not a font trick: Python's cp1258 codec plus NFC decodes it.

The tables are data (pipeline/data/tcvn3.json, vni.json), keyed by Unicode letter; decoding uses
their inverse with longest-match-first, in one left-to-right scan so output is never re-read.
"""
from __future__ import annotations

import functools
import json
import unicodedata
from functools import lru_cache
from pathlib import Path

import regex

DATA = Path(__file__).with_name("data")
ENCODINGS = ("tcvn3", "vni")

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# Letters only Unicode (or cp1258 after NFC) can hold: neither legacy font encoding produces any
# character beyond Latin-1, so many of these mean the text is already Unicode Vietnamese.
MODERN_VIETNAMESE = regex.compile(r"[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9\u0300\u0301\u0303\u0309\u0323]")

# A Vietnamese syllable once tone marks are removed: onset, vowel group, final consonant.
SYLLABLE = regex.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(?:a|ă|â|e|ê|i|o|ô|ơ|u|ư|y|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|"
    r"uơ|uy|ưa|ưi|ưu|iê|yê|uô|ươ|iêu|yêu|oai|oao|oay|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu)"
    r"(?:c|ch|m|n|ng|nh|p|t)?"
)


@lru_cache(maxsize=None)
def _table(encoding: str) -> dict:
    with open(DATA / f"{encoding}.json", encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=None)
def encode_table(encoding: str) -> dict[str, str]:
    """Unicode letter → legacy sequence (used by tests to build legacy text, and by `detect`)."""
    t = _table(encoding)
    if encoding == "tcvn3":
        return {**t["lowercase"], **t["uppercase"]}
    if encoding == "vni":
        return dict(t["letters"])
    raise ValueError(f"unknown legacy encoding {encoding!r}; known: {', '.join(ENCODINGS)}")


@lru_cache(maxsize=None)
def _decode_table(encoding: str) -> tuple[dict[str, str], int]:
    """Legacy sequence → Unicode letter, and the longest sequence length."""
    table = {seq: letter for letter, seq in encode_table(encoding).items()}
    if encoding == "vni":
        aliases = {k: v for k, v in _table("vni")["decode_aliases"].items() if k != "about"}
        table.update(aliases)
        # Typists mix cases ("Aù" for Á): a mark of the other case still marks the base letter,
        # and the base letter decides the case.
        for seq, letter in list(table.items()):
            if len(seq) == 2:
                table.setdefault(seq[0] + seq[1].swapcase(), letter)
    return table, max(map(len, table))


@lru_cache(maxsize=None)
def _legacy_chars(encoding: str) -> frozenset[str]:
    return frozenset("".join(_decode_table(encoding)[0]))


def _restore_pdf_glyphs(text: str) -> str:
    """PDF text layers of .VnTime documents show ư as U+2212 and ã as U+2219: undo it next to letters."""
    aliases = {k: v for k, v in _table("tcvn3")["pdf_glyph_aliases"].items() if k != "about"}
    if not any(c in text for c in aliases):
        return text
    out = list(text)
    for i, c in enumerate(text):
        if c in aliases:
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if before.isalpha() or after.isalpha():   # a minus between digits stays a minus
                out[i] = aliases[c]
    return "".join(out)


FOOTNOTE_CONTEXT = "0123456789⁽⁾⁰¹²³⁴⁵⁶⁷⁸⁹"


def _is_footnote_one(text: str, i: int) -> bool:
    """TCVN3 "¹" is ạ, but after a digit or inside ⁽ ⁾ it is the footnote marker ¹."""
    return (i > 0 and text[i - 1] in FOOTNOTE_CONTEXT) or (i + 1 < len(text) and text[i + 1] == "⁾")


def convert(text: str, encoding: str, upper: bool = False) -> str:
    """Legacy-encoded `text` → Unicode NFC. `upper`: the run was set in an all-capitals font (.VnTimeH)."""
    table, longest = _decode_table(encoding)
    if encoding == "tcvn3":
        text = _restore_pdf_glyphs(text)
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if encoding == "tcvn3" and text[i] == "¹" and _is_footnote_one(text, i):
            out.append("¹")
            i += 1
            continue
        for size in range(min(longest, n - i), 0, -1):
            letter = table.get(text[i:i + size])
            if letter is not None:
                out.append(letter)
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    result = unicodedata.normalize("NFC", "".join(out))
    return result.upper() if upper else result


def is_vietnamese_syllable(word: str) -> bool:
    """Could `word` be one Vietnamese syllable (at most one tone mark, a valid onset/vowel/final)?"""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(t) for t in TONE_MARKS) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return SYLLABLE.fullmatch(bare) is not None


# Letters plus the Latin-1 symbols the legacy tables use as letters (©, ®, ¬, soft hyphen …).
WORD = regex.compile(r"[\p{L}\u00a1-\u00b1\u00b4-\u00bf\u00d7\u00f7\u2212\u2219]+")


# Latin-1 letters that are also Vietnamese letters: a word made only of these and ASCII may be
# Unicode Vietnamese ("nhân", "có"), so it proves nothing about a legacy encoding. "Ð" (U+00D0)
# is the usual look-alike typed for Đ in Unicode text ("Ðăk Tô"), so it proves nothing either.
VIETNAMESE_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝÐ")


@lru_cache(maxsize=None)
def _distinctive_chars(encoding: str) -> frozenset[str]:
    return frozenset(c for c in _legacy_chars(encoding) if not c.isascii() and c not in VIETNAMESE_LATIN1)


@lru_cache(maxsize=None)
def _any_distinctive() -> regex.Pattern:
    return regex.compile("[" + "".join(regex.escape(c) for c in sorted(set().union(
        *(_distinctive_chars(e) for e in ENCODINGS)))) + "]")


def _evidence(text: str, encoding: str) -> tuple[int, int]:
    """(words the conversion turns into Vietnamese syllables, words it turns into garbage).

    Only words holding a character no Unicode Vietnamese word has (©, ®, ø, ñ …) count.
    """
    distinctive = _distinctive_chars(encoding)
    good = bad = 0
    for m in WORD.finditer(text):
        word = m.group()
        if not any(c in distinctive for c in word) or word.strip("¹") == "":
            continue   # "¹" on its own is a footnote marker far more often than TCVN3 "ạ"
        converted = convert(word, encoding)
        if is_vietnamese_syllable(converted):
            good += 1
        else:
            bad += 1
    return good, bad


def detect_legacy(text: str) -> str | None:
    """"tcvn3" or "vni" when `text` reads as Vietnamese once converted from that encoding, else None.

    Conservative by design: converting good text would corrupt it. Unicode Vietnamese holds many
    letters no legacy font produces (ư, ơ, đ, ạ, ế …); English has too few legacy characters.
    """
    sample = text[:20000]
    if not _any_distinctive().search(sample):
        return None     # no character only a legacy font produces: the usual case, decided at C speed
    words = WORD.findall(sample)
    if not words:
        return None
    modern = len(MODERN_VIETNAMESE.findall(unicodedata.normalize("NFC", sample)))
    best, best_good, best_bad = None, 0, 0
    for encoding in ENCODINGS:
        good, bad = _evidence(sample, encoding)
        if good > best_good:
            best, best_good, best_bad = encoding, good, bad
    if best is None:
        return None
    # Thresholds: a few converted words at least, converted words mostly valid syllables, a
    # visible share of the text, and far more legacy evidence than genuine Unicode letters.
    if best_good < 2 or best_good < 3 * best_bad or best_good < 0.1 * len(words):
        return None
    if modern * 4 > best_good:
        return None
    return best


def fix_legacy_text(text: str) -> str:
    """`text` converted when it is TCVN3/VNI mojibake, unchanged otherwise."""
    encoding = detect_legacy(text)
    return convert(text, encoding) if encoding else text


def _cp1252_over_latin1() -> dict[int, str]:
    """Windows-1252 for 0x80–0x9F ("…", "“", "–"); Latin-1 for the five bytes it leaves undefined."""
    table = {}
    for b in range(0x80, 0xA0):
        try:
            table[b] = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    return table


_CP1252_OVER_LATIN1 = _cp1252_over_latin1()


def decode_legacy_bytes(data: bytes) -> str | None:
    """Non-UTF-8 bytes of a Vietnamese .txt file → Unicode, or None when they are not Vietnamese.

    Tried in order: TCVN3/VNI bytes (read as Windows-1252, the code page the legacy fonts were
    typed in, so quotes and dashes come out right), then Windows-1258 (decoded, then NFC).
    """
    western = data.decode("latin-1").translate(_CP1252_OVER_LATIN1)
    encoding = detect_legacy(western)
    if encoding:
        return convert(western, encoding)
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    words = [w for w in WORD.findall(text) if not w.isascii()]
    modern = len(MODERN_VIETNAMESE.findall(text))
    syllables = sum(1 for w in words if is_vietnamese_syllable(w))
    # Windows-1252 text (French, German …) also decodes as cp1258: accept only Vietnamese.
    if modern >= 2 and syllables >= 0.8 * len(words):
        return text
    return None


# Font names: PDF subset tag ("ABCDEF+"), then style suffixes a PDF or DOCX may append.
SUBSET_TAG = regex.compile(r"^[A-Z]{6}\+")
STYLE_SUFFIX = regex.compile(r"[-,](?:bold|italic|oblique|bolditalic|bold ?italic|regular|b|i|bi)$", regex.I)


@functools.lru_cache(maxsize=1024)     # asked once per character of a PDF page; a file has a few fonts
def font_encoding(font_name: str | None) -> tuple[str | None, bool]:
    """(legacy encoding, all-capitals font) that a font name implies; (None, False) for Unicode fonts.

    ".VnTime", ".VnArial", "VnTimeH" (PDF names lose the dot) → tcvn3; the trailing H marks the
    capitals-only variant. "VNI-Times", "VNI-Helve" … → vni.
    """
    if not font_name:
        return None, False
    name = SUBSET_TAG.sub("", font_name.strip())
    name = STYLE_SUFFIX.sub("", name).strip()
    low = name.lower()
    if low.startswith("vni"):
        return "vni", False
    if low.startswith(".vn") or low.startswith("vn"):
        return "tcvn3", low.endswith("h")
    return None, False


def convert_run(text: str, font_name: str | None) -> str:
    """One DOCX/PDF text run in font `font_name` → Unicode. Runs in Unicode fonts come back unchanged."""
    encoding, upper = font_encoding(font_name)
    if encoding is None:
        return text
    return convert(text, encoding, upper=upper)
