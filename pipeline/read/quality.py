"""Is a PDF page's text layer Vietnamese, or a damaged one that should be OCRed instead?

A scan's text layer made by an OCR without Vietnamese, or shown through a broken font map, reads
"uY BAN NgAN nAN", "Ldm D6ng, ngdy" or "BØ CÔNG AN ... TÈNH LÂM ÒNG". Three signals, each measured
on the page's own text, say so:
- `foreign`: the share of letters outside Vietnamese orthography (Ø, È, Ñ, ¡, control characters);
- `not_syllables`: the share of lower- and mixed-case words that are not Vietnamese syllables
  (onset, vowel nucleus, coda; "ngdy", "l$p", "NgAN", "D6ng" are not);
- `clipped`: known header words with their first letter dropped ("ộc lập", "ài chính").
Acronyms in capitals ("UBND", "PCI") and numbers are left out of the word count. A page is
damaged when a signal passes its threshold on enough words; a good layer never is (thresholds sit
far above what real Vietnamese text gives: loanwords and typos stay under a few per cent).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import regex

VOWELS = "aăâeêioôơuưy"
TONED = {unicodedata.normalize("NFC", v + t) for v in VOWELS for t in ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")}
VIETNAMESE_LETTERS = set("abcdefghijklmnopqrstuvwxyzđ" + VOWELS) | TONED
VIETNAMESE_LETTERS |= {c.upper() for c in VIETNAMESE_LETTERS}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# A letter outside Vietnamese orthography, or a control character: one C-speed pass over the page.
FOREIGN = re.compile("[^" + "".join(sorted(VIETNAMESE_LETTERS)) + r"\W\d_]|[\x00-\x08\x0b\x0e-\x1f]")
SYLLABLE = regex.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?[aăâeêioôơuưy]{1,3}(?:ng|nh|ch|[cmnpt])?")
WORD = regex.compile(r"[^\s\"“”'‘’(),.;:!?…\[\]-]+")
# Header words a damaged layer drops a capital from: "ộc lập" for "Độc lập", "ài chính" for "Tài chính".
CLIPPED_WORDS = regex.compile(r"(?<![\p{L}])(?:ộc lập|ự do|ạnh phúc|ộng hòa|ủ nghĩa|ài chính|ội vụ|ông an|hủ tịch|iám đốc|ính gửi)(?![\p{L}])")

MIN_WORDS = 40             # fewer words say nothing either way
MAX_WORDS = 250            # enough to judge a page; the rest of a long page adds nothing
SAMPLE_CHARS = 2000        # the page's first characters, where those words are
FOREIGN_SHARE = 0.03
NOT_SYLLABLE_SHARE = 0.30
CLIPPED_MIN = 2


@dataclass
class LayerQuality:
    words: int
    foreign: float          # share of letters outside Vietnamese orthography
    not_syllables: float    # share of counted words that are not Vietnamese syllables
    clipped: int            # known words with a dropped first letter

    @property
    def damaged(self) -> bool:
        if self.words < MIN_WORDS:
            return False
        return self.foreign > FOREIGN_SHARE or self.not_syllables > NOT_SYLLABLE_SHARE or self.clipped >= CLIPPED_MIN

    def reason(self) -> str:
        """Why the layer was judged damaged, in the signals' own figures."""
        return (f"damaged text layer: {self.not_syllables:.0%} of words are not Vietnamese syllables, "
                f"{self.foreign:.1%} of letters outside Vietnamese orthography, {self.clipped} header words "
                f"missing a letter")


FIGURE_OR_CODE = regex.compile(r"[\d.,/%-]+[\p{L}]{0,3}|[\p{L}]{1,2}\.?\d[\d.,/-]*")


@functools.lru_cache(maxsize=50_000)
def _is_syllable(word: str) -> bool:
    lower = unicodedata.normalize("NFD", word.lower())
    lower = "".join(c for c in lower if c not in "\u0300\u0301\u0303\u0309\u0323")   # tones off, shapes kept
    return SYLLABLE.fullmatch(unicodedata.normalize("NFC", lower)) is not None


def layer_quality(text: str) -> LayerQuality:
    text = unicodedata.normalize("NFC", text[:SAMPLE_CHARS])
    letters = sum(1 for c in text if c.isalpha()) + len(CONTROL.findall(text))
    foreign = len(FOREIGN.findall(text))
    counted = bad = 0
    for m in WORD.finditer(text):
        if counted >= MAX_WORDS:
            break
        word = m.group()
        if not any(c.isalpha() for c in word) or word.isupper() or word.isdigit():
            continue        # numbers and acronyms in capitals ("UBND", "PAR")
        if FIGURE_OR_CODE.fullmatch(word):
            continue        # "2025", "15km", "Km78", "C04"
        counted += 1
        inner_upper = any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))
        if inner_upper or not _is_syllable(word):
            bad += 1
    return LayerQuality(words=counted, foreign=foreign / letters if letters else 0.0,
                        not_syllables=bad / counted if counted else 0.0, clipped=len(CLIPPED_WORDS.findall(text)))
