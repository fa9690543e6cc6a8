"""Villages (thôn, làng, bản, ấp, buôn, bon, plei, khu dân cư …) keyed by their commune: "thôn Kon Klor, xã
Đăk Pxi" is the village Kon Klor of that commune; "Thôn 4 (Kon Bư)" is Thôn 4 with its alias; one village
written two ways ("Kon Bư"/"Kon Buru", with or without its commune) is one place with variants; the names
listed after a plural village word ("các ấp Trường Lợi, Trường Hòa") are villages of that word. A village
with a proper name is that name ("bản Hua Ca" is Hua Ca); a number keeps its word ("Thôn 4").
Not villages: a city or town whose name starts with a village word ("Buôn Ma Thuột", "Plei Kần"), a people
("làng Jrai"), a village word after the words of place_variants.json's village_not_after. Called by
extractors.places with the mentions it found, whose name grammar (stopwords, body names, list
separators) it shares.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from extractors.common import make_fact
from extractors.places import BODY_NAME, NEXT_ITEM_SAME_SENTENCE, RULES, STOPWORDS, Mention
from pipeline.model import Document, Place
from pipeline.model.gazetteer import Unit, place_key, resolve_place, split_village_name
from pipeline.model.text import alternation

PLURAL_BEFORE = regex.compile(r"(?<![\p{L}])(?i:các|những|\d{1,3})\s+$")
VILLAGE_ITEM = regex.compile(r"[\p{Lu}][\p{L}'’]*(?:-[\p{L}'’]+)*(?:[ ][\p{Lu}][\p{L}'’]*(?:-[\p{L}'’]+)*|[ ]\d{1,3}(?![\p{L}\d])){0,3}(?![\p{L}\d])")
_vw = alternation(RULES["village_words"], flexible_spaces=False)
_not_after = "|".join(regex.escape(w) for w in RULES["village_not_after"])
_ethnic = alternation(RULES["ethnic_names"], flexible_spaces=False)
VILLAGE = regex.compile(
    r"(?<![\p{L}])(?<!(?i:" + _not_after + r")\s)(?i:(" + _vw + r"))[^\S\t]+(?:(?i:số)\s+)?"   # no tab: a cell ends
    r"(?!(?:" + _ethnic + r")(?![\p{L}'’])(?![ ]\p{Lu}))"   # "làng Jrai" names a people, "thôn Thái Học" a village
    r"(?P<des>\d{1,3}[A-Za-z]?(?![\p{L}0-9/.,]\d)|[\p{Lu}][\p{L}'’]*(?:-[\p{L}'’]+)*(?:[ ](?:[\p{Lu}][\p{L}'’]*(?:-[\p{L}'’]+)*|\d{1,3}\b))*)"
    # "Thôn 4 (Kon Bư)" gives an alias; "Khóm 3 (thị trấn Ngan Dừa)" names the commune, no alias
    r"(?P<alias>\s*(?P<par>\((?!\s*(?i:xã|thị\s+trấn|phường|huyện|thị\s+xã|thành\s+phố|tỉnh|quận)\s)(?:[^()\n]|(?&par)){1,60}\)))?")
COMMUNE_AFTER = regex.compile(r"\s*(?:⁽[⁰¹²³⁴-⁹]+⁾)?\s*,?\s*")


@dataclass
class Village:
    start: int
    end: int
    surface: str
    designator: str
    aliases: list[str]
    commune: Unit | None = None
    parent_surface: str | None = None
    variants: list[str] = field(default_factory=list)

    @property
    def number(self) -> str | None:
        return self.designator if self.designator[:1].isdigit() else None

    def alias_keys(self) -> set[str]:
        return {place_key(a) for a in self.aliases}

    def same(self, other: "Village") -> bool:
        """Same number, else a shared alias, else the same name."""
        if self.number and other.number:
            return self.number == other.number
        if self.number or other.number:
            return bool(self.alias_keys() & other.alias_keys())
        return place_key(self.designator) == place_key(other.designator)


def is_admin_name(surface: str) -> bool:
    """"Buôn Ma Thuột", "Plei Kần" are a city and a town, not villages."""
    return any(resolve_place(surface, level) for level in ("district", "commune"))


def extract_villages(doc: Document, mentions: list[Mention], admin: list[Place],
              skipped: list[tuple[int, int]] = ()) -> list[Place]:
    text = doc.text
    taken = [(m.start, m.end) for m in mentions] + list(skipped)
    found: list[Village] = []
    for vm in VILLAGE.finditer(text):
        des = vm.group("des")
        if any(s <= vm.start() < e for s, e in taken) or des.split()[0].lower() in STOPWORDS:
            continue
        surface = vm.group(0).strip()
        surface = surface[0].upper() + surface[1:]
        if not des[0].isdigit() and is_admin_name(surface):
            continue
        found.append(Village(vm.start(), vm.end(), surface, des, split_village_name(surface)[1]))
        if PLURAL_BEFORE.search(text, max(0, vm.start() - 10), vm.start()) and not vm.group("alias"):
            found += listed_villages(text, vm.end(), vm.group(1), taken)

    # the commune written after a village, or after a "A và B" run of villages
    communes = {m.start: m for m in mentions if m.level == "commune"}
    for i, v in enumerate(found):
        j = i
        while True:
            gap = COMMUNE_AFTER.match(text, found[j].end)
            c = communes.get(gap.end()) if gap else None
            if c:
                v.commune = c.units[0] if len(c.units) == 1 else None
                v.parent_surface = text[c.name_start:c.end]
                break
            if j + 1 < len(found) and regex.fullmatch(r"\s*(?:,|và)\s*", text[found[j].end:found[j + 1].start]):
                j += 1
                continue
            break

    # merge spellings of one village; a village without commune joins the one village it can be
    merged: list[Village] = []
    for v in sorted(found, key=lambda v: v.commune is None and v.parent_surface is None):
        if v.commune or v.parent_surface:
            home = next((w for w in merged if w.same(v) and w.commune == v.commune
                         and (v.commune or place_key(w.parent_surface or "") == place_key(v.parent_surface))), None)
        else:
            cands = [w for w in merged if w.same(v)]
            cands = [w for w in cands if w.alias_keys() & v.alias_keys()] or cands
            home = cands[0] if len(cands) == 1 else None
        if home is None:
            merged.append(v)
            continue
        if v.start < home.start:
            home.variants.append(home.surface)
            home.start, home.end, home.surface = v.start, v.end, v.surface
        else:
            home.variants.append(v.surface)
        home.aliases += [a for a in v.aliases if a not in home.aliases]

    names = {p.code: p.name for p in admin if p.code and p.level == "commune"}
    # a village with a proper name is that name ("bản Hua Ca" is Hua Ca); a number keeps its word ("Thôn 4")
    named = {id(v): v.surface if v.number else LEVEL_WORD.sub("", v.surface) for v in merged}
    return [make_fact(Place, doc, v.start, v.end, level="village", name=named[id(v)],
                      parent=(names.get(v.commune.code, v.commune.name) if v.commune else v.parent_surface),
                      variants=[s for s in dict.fromkeys(v.variants + [v.surface]) if s != named[id(v)]])
            for v in sorted(merged, key=lambda v: v.start)]


LEVEL_WORD = regex.compile(r"^(?i:" + _vw + r")\s+")


def listed_villages(text: str, pos: int, word: str, taken) -> list:
    """"các ấp Trường Lợi, Trường Hòa, Trường Thọ": the names listed after the first are villages of the
    same word; the list ends at a word in lower case ("…, xã A"), a body ("…, Ủy ban …") or the clause's end."""
    out = []
    while (nxt := NEXT_ITEM_SAME_SENTENCE.match(text, pos)) and (item := VILLAGE_ITEM.match(text, nxt.end())):
        name = item.group(0)
        surface = f"{word[0].upper()}{word[1:].lower()} {name}"
        if name.split()[0].lower() in STOPWORDS or BODY_NAME.match(text, item.start()) or is_admin_name(surface) \
                or any(s <= item.start() < e for s, e in taken):
            break
        out.append(Village(item.start(), item.end(), surface, name, split_village_name(surface)[1]))
        pos = item.end()
    return out
