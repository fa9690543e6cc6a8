"""Villages listed after a plural village word ("các ấp Trường Lợi, Trường Hòa, Trường Thọ", "các bản A, B và
C"): the names after the first are villages of the same word. Read by extractors.places, whose helpers it uses."""
from __future__ import annotations

import regex

from pipeline.model.gazetteer import split_village_name

PLURAL_BEFORE = regex.compile(r"(?<![\p{L}])(?i:các|những|\d{1,3})\s+$")
VILLAGE_ITEM = regex.compile(r"[\p{Lu}][\p{L}'’]*(?:-[\p{L}'’]+)*(?:[ ][\p{Lu}][\p{L}'’]*(?:-[\p{L}'’]+)*|[ ]\d{1,3}(?![\p{L}\d])){0,3}(?![\p{L}\d])")


def listed_villages(text: str, pos: int, word: str, taken) -> list:
    """"các ấp Trường Lợi, Trường Hòa, Trường Thọ": the names listed after the first are villages of the
    same word; the list ends at a word in lower case ("…, xã A"), a body ("…, Ủy ban …") or the clause's end."""
    from extractors.places import BODY_NAME, NEXT_ITEM_SAME_SENTENCE, STOPWORDS, _is_admin_name, _Village

    out = []
    while (nxt := NEXT_ITEM_SAME_SENTENCE.match(text, pos)) and (item := VILLAGE_ITEM.match(text, nxt.end())):
        name = item.group(0)
        surface = f"{word[0].upper()}{word[1:].lower()} {name}"
        if name.split()[0].lower() in STOPWORDS or BODY_NAME.match(text, item.start()) or _is_admin_name(surface) \
                or any(s <= item.start() < e for s, e in taken):
            break
        out.append(_Village(item.start(), item.end(), surface, name, split_village_name(surface)[1]))
        pos = item.end()
    return out
