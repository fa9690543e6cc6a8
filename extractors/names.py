"""Organisation names and titles: the rule files of the document block, and writing names out in
canonical case ("UBND TỈNH KON TUM" → "Ủy ban nhân dân tỉnh Kon Tum"). Shared by the header, the
signature block and the issuer (extractors/header.py, signature.py, metadata.py)."""
from __future__ import annotations

import functools
import unicodedata

import regex

from extractors.common import load_rules
from pipeline.model.normalize import fold
from pipeline.model.signing import signature_rules


def rules():
    """(organisations, document types, signatures): the three rule files, validated once (the signatures'
    are the model's: the OCR reader looks for the signature block with them too)."""
    return _validated("organisations.json"), _validated("document_types.json"), signature_rules()


REQUIRED_KEYS = {
    "organisations.json": ("abbreviations", "phrases", "unit_words", "party_committees", "collective_bodies",
                           "mottos", "issuer_codes", "self_action_verbs", "parent_bodies", "central_issuers",
                           "issuer_expansions"),
    "document_types.json": ("state_codes", "party_codes", "names", "reference_only_names", "letter_type"),
}


@functools.cache
def _validated(name: str):
    data = load_rules(name)
    missing = [k for k in REQUIRED_KEYS[name] if k not in data]
    if "_doc" not in data or missing:
        raise ValueError(f"extractors/data/{name}: missing {', '.join(missing) or '_doc'}")
    return data


NOT_WORD = regex.compile(r"[^\w&]")


@functools.lru_cache(maxsize=1 << 16)      # the same few thousand words, asked for thousands of times a document
def key(token: str) -> str:
    return NOT_WORD.sub("", fold(token))


def _exact(token: str) -> str:
    return NOT_WORD.sub("", unicodedata.normalize("NFC", token).lower())


def _one_word_ok(tokens: list[str], phrase: str) -> bool:
    """A one-word phrase matches with its diacritics ("QUẢN" is not "quận", "BỔ" is not "Bộ");
    longer phrases match letter-folded, which tolerates a misread mark."""
    return len(tokens) != 1 or _exact(tokens[0]) == _exact(phrase)


@functools.lru_cache(maxsize=1 << 16)
def phrase_key(text: str) -> tuple[str, ...]:
    return tuple(k for k in (key(t) for t in text.split()) if k)


ABBREVIATED: set[str] = set()      # folded keys of abbreviations (ASCII: nothing to misread)


@functools.cache
def _phrase_table() -> tuple[dict[tuple[str, ...], str], int]:
    orgs, _, sign = rules()
    table: dict[tuple[str, ...], str] = {}
    for phrase in orgs["phrases"] + orgs["unit_words"] + sign["titles"]:
        table.setdefault(phrase_key(phrase), phrase)
    for abbr, full in orgs["abbreviations"].items():
        table[phrase_key(abbr)] = full
        ABBREVIATED.update(phrase_key(abbr)[:1])
    return table, max(len(k) for k in table)


def canonical(text: str, upper_source: bool | None = None) -> str:
    """Organisation names written out in canonical case: "UBND TỈNH KON TUM" → "Ủy ban nhân dân
    tỉnh Kon Tum", "Sở NN&PTNT tỉnh" → "Sở Nông nghiệp và Phát triển nông thôn tỉnh". Words not
    in the tables (place names) get title case when the source is in capitals, else stay as written."""
    if upper_source is None:
        upper_source = is_upper(text)
    table, longest = _phrase_table()
    tokens = text.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(longest + 2, len(tokens) - i), 0, -1):
            k = phrase_key(" ".join(tokens[i:i + n]))
            words = sum(1 for t in tokens[i:i + n] if phrase_key(t))      # a dash ("Kinh tế - Hạ tầng") is no word
            if k and len(k) == words and phrase_key(tokens[i]) and phrase_key(tokens[i + n - 1]) and k in table and (_one_word_ok(tokens[i:i + n], table[k]) or k[0] in ABBREVIATED):
                out.append(table[k])
                i += n
                break
        else:
            tok = tokens[i]
            out.append(tok[:1].upper() + tok[1:].lower() if upper_source and not _abbreviation(tok) else tok)
            i += 1
    result = " ".join(out)
    return result[:1].upper() + result[1:]


VOWELS = regex.compile(r"[aăâeêioôơuưy]")


def _abbreviation(token: str) -> bool:
    """An abbreviation not in the tables keeps its capitals: no vowel, so no Vietnamese word ("LHPN")."""
    letters = regex.sub(r"\P{L}", "", token)
    return len(letters) >= 2 and letters.isupper() and not VOWELS.search(fold(letters))


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def has_phrase(text: str, phrases: list[str]) -> str | None:
    f = " " + " ".join(phrase_key(text)) + " "
    exact = " " + " ".join(_exact(t) for t in text.split()) + " "
    for p in sorted(phrases, key=len, reverse=True):
        k = phrase_key(p)
        if " " + " ".join(k) + " " in f and (len(k) > 1 or " " + _exact(p) + " " in exact or p.isupper()):
            return p
    return None


def _fold_char(c: str) -> str:
    base = unicodedata.normalize("NFD", c)[0]
    return "d" if base in "đĐÐ" else base.lower() if len(base.lower()) == 1 else c


# Latin letters with marks (U+00C0–U+024F, U+1E00–U+1EFF) and capitals, one for one: a C-speed translate.
FOLD_TABLE = {cp: _fold_char(chr(cp)) for cp in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]}


def fold_chars(text: str) -> str:
    """`fold` one character for one character ("Độc lập" → "doc lap"), so offsets stay the same."""
    return text.translate(FOLD_TABLE)


def code_lookup(codes: dict[str, str], code: str) -> str | None:
    for k, v in codes.items():
        if fold(k) == fold(code) and (k == code or k.upper() == code.upper()):
            return v
    return None
