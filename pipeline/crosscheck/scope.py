"""Where a clause is about: the document's own unit (the province or district that issues it, or the
one its title names: "trên địa bàn tỉnh Kon Tum (cũ)"), and the places a clause names with their
level word ("xã Đăk Kan", "huyện Ngọc Hồi", "thành phố Kon Tum", "thôn 6 (xã Đăk Pxi)", "tỉnh Kon
Tum (cũ)") or in a list after "các xã:" / "Các huyện:". After the 2025 merger (documents dated from
1/7/2025) "toàn tỉnh" is the new province, another scope than the old one of the same name."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

from pipeline.crosscheck.places import PlaceRef, doc_scope, resolve_name, unit_ref
from pipeline.crosscheck.vocabulary import has_cue
from pipeline.model import gazetteer as gaz
from pipeline.model.normalize import fold
from pipeline.store.corpus import Corpus

MERGER = dt.date(2025, 7, 1)
NAME = r"[\p{Lu}\d][\p{L}\d'’]*(?:[ \-](?:[\p{Lu}][\p{L}'’]*|\d+))*"
LEVEL_WORDS = {"tỉnh": "province", "thành phố": "district", "huyện": "district", "thị xã": "district",
               "xã": "commune", "thị trấn": "commune", "phường": "commune", "thôn": "village", "làng": "village",
               "bản": "village"}
# "bản Xiềng": the village of the northern mountains; "văn bản", "cơ bản" are no place
_LEVEL = r"(?i:tỉnh|thành phố|huyện|thị xã|xã|thị trấn|phường|thôn|làng|(?<!(?i:văn|cơ|phiên)\s)bản)"
PLACE = regex.compile(r"(?<![\p{L}])(?P<lv>" + _LEVEL + r")\s+(?P<name>" + NAME + r")(?P<old>\s*\(?cũ\)?)?")
LIST = regex.compile(r"(?<![\p{L}])(?i:các)\s+(?P<lv>(?i:xã|huyện|thôn|làng|thị trấn))\s*:\s*")
LIST_STOP = regex.compile(r"\s+(?:đạt|phải|cần|phấn đấu|hoàn thành|tăng cường|được|có|là|chưa|không|thực hiện|"
                          r"hoàn thiện|tập trung|đăng ký|đề nghị|gửi|xây dựng)\b")


# "Ban Thường vụ Huyện ủy Hướng Hóa" speaks for huyện Hướng Hóa, "Tỉnh ủy Kon Tum" for the province.
PARTY_COMMITTEE = regex.compile(r"(?i)\b(tỉnh|huyện|thành|thị)\s+(?:ủy|uỷ)\s+")
PARTY_LEVEL = {"tinh": "tỉnh", "huyen": "huyện", "thanh": "thành phố", "thi": "thị xã"}


@dataclass
class PlaceHit:
    ref: PlaceRef
    start: int                        # offsets in the clause
    end: int
    in_list: bool = False


def _province_ref(code: str, new: bool) -> PlaceRef:
    u = gaz.unit("province", code)
    ref = unit_ref(u) if u else PlaceRef("province", code, f"p:{code}", province=code)
    # the province formed on 1/7/2025: another territory than the old one of that name; a name that no 2025
    # province kept ("tỉnh Long An" in a 2026 report, Long An now in Tây Ninh) can only mean the old one
    if new and gaz.successor_province(code) == code:
        return PlaceRef("province", ref.name + " (mới)", ref.key + ":moi", province=code + ":moi")
    return ref


def doc_unit(corpus: Corpus, doc_id: int) -> PlaceRef | None:
    """The unit a document speaks for: the place its title names, else its issuer's."""
    cache = corpus.memo.setdefault("_units", {})
    if doc_id in cache:
        return cache[doc_id]
    doc = corpus.documents[doc_id]
    _, province = doc_scope(corpus, doc_id)
    date = doc_date(corpus, doc_id)
    after = bool(date and date >= MERGER)
    ref = None
    issuer = PARTY_COMMITTEE.sub(lambda m: PARTY_LEVEL[fold(m.group(1))] + " ", doc.get("issuer") or "")
    found = []
    for is_issuer, text in ((False, doc.get("title") or ""), (True, issuer)):
        hits = [h for h in places_in(text, province, None, after) if h.ref.level in ("province", "district")]
        if hits:
            # the issuer's narrowest unit ("UBND huyện X, tỉnh Y" is X); the title's widest
            rank = ("district", "province").index
            found.append(min(hits, key=lambda h: rank(h.ref.level) if is_issuer else -rank(h.ref.level)).ref)
    # "Kế hoạch học tập kinh nghiệm … tỉnh Ninh Bình" of UBND tỉnh Thái Nguyên: a title naming another province
    # (not a merger partner of the issuer's) does not make the plan that province's
    ref = found[0] if found and (len(found) == 1 or _same_province(found[0], found[1])) else found[-1] if found else None
    if ref is None and province:
        ref = _province_ref(province, after)
    cache[doc_id] = ref
    return ref


def _same_province(a: PlaceRef, b: PlaceRef) -> bool:
    pa, pb = (a.province or "").split(":")[0], (b.province or "").split(":")[0]
    return not pa or not pb or pa == pb or pa in gaz.merged_provinces(pb) or pb in gaz.merged_provinces(pa)


def doc_date(corpus: Corpus, doc_id: int) -> dt.date | None:
    """The document's date; for an undated article, the date of the plan it reports on."""
    doc = corpus.documents[doc_id]
    value = doc.get("date")
    if not value:
        refs = [r.get("date") for r in corpus.of("references", doc_id) if r.get("date")]
        value = refs[0] if refs else None
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value and len(str(value)) >= 10 else (
            dt.date(int(str(value)[:4]), 12, 31) if value else None)
    except ValueError:
        return None


def doc_qualified(corpus: Corpus, doc_id: int) -> bool:
    """Is the whole document about part of its unit (the border communes)?"""
    return has_cue(fold(corpus.documents[doc_id].get("title") or ""), "scope", "other")


def _resolve(level: str, name: str, district: str | None, province: str | None, new: bool) -> PlaceRef | None:
    if level == "province":
        units = gaz.resolve_place(name, "province")
        return _province_ref(units[0].code, new) if len(units) == 1 else None
    if level == "district":
        ref = resolve_name(name, "district", None, province)
    elif level == "commune":
        ref = resolve_name(name, "commune", district, province)
        ref = ref or (resolve_name(name, "commune", None, province) if district else None)
    else:
        return None
    if ref is None and new and province and len(merged := gaz.merged_provinces(province)) > 1:
        # a Bắc Ninh report of 2026 on "huyện Lục Nam (cũ)": a unit of Bắc Giang, merged into it
        ref = resolve_name(name, level, None, merged)
    return ref


def village_ref(name: str, commune: PlaceRef | None) -> PlaceRef:
    code = commune.commune if commune else None
    return PlaceRef("village", name, f"v:{code or '?'}:{name}", commune=code,
                    district=commune.district if commune else None,
                    province=commune.province if commune else None,
                    district_name=commune.district_name if commune else None)


def _paren_district(text: str, end: int, province: str | None) -> tuple[PlaceRef | None, int]:
    """"Đăk Kan (huyện Ngọc Hồi)", "thôn 6 (xã Đăk Pxi)": the enclosing unit in brackets after a name."""
    m = regex.match(r"\s*\((" + _LEVEL + r")\s+(" + NAME + r")(?:\s*cũ)?\)", text[end:])
    if not m:
        return None, end
    level = LEVEL_WORDS[m.group(1).lower()]
    return _resolve(level, m.group(2), None, province, False), end + m.end()


def places_in(text: str, province: str | None, district: str | None, new: bool = False) -> list[PlaceHit]:
    """The places a clause names, resolved inside the document's province (and district)."""
    out: list[PlaceHit] = []
    taken: list[tuple[int, int]] = []
    for m in LIST.finditer(text):
        level = LEVEL_WORDS[m.group("lv").lower()]
        stop = LIST_STOP.search(text, m.end())
        end = stop.start() if stop else len(text)
        pos = m.end()
        for item in regex.finditer(r"[^,]+", text[m.end():end]):
            for part in regex.split(r"\s+và\s+", item.group(0)):
                pstart = text.find(part.strip(), pos)
                if pstart < 0:
                    continue
                pos = pstart + len(part.strip())
                own = PLACE.match(text, pstart)
                if own and own.end() <= pos + 1:
                    lv, name = LEVEL_WORDS[own.group("lv").lower()], own.group("name")
                else:
                    nm = regex.match(NAME, text[pstart:])
                    if not nm:
                        continue
                    lv, name = level, nm.group(0)
                name_end = pstart + (own.end() if own and own.end() <= pos + 1 else 0) - (pstart if own and own.end() <= pos + 1 else 0)
                name_end = own.end() if own and own.end() <= pos + 1 else pstart + len(name)
                parent, after = _paren_district(text, name_end, province)
                ref = _hit_ref(lv, name, parent, province, district, new)
                if ref:
                    out.append(PlaceHit(ref, pstart, max(after, name_end), True))
        taken.append((m.start(), end))
    for m in PLACE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        level = LEVEL_WORDS[m.group("lv").lower()]
        name = m.group("name")
        parent, after = _paren_district(text, m.end(), province)
        if level == "village" and parent is None:
            # "Thôn 4 (Kon Buru), xã Tân Lập": the commune after the village's own name in brackets
            nxt = regex.match(r"(?:\s*\((?:[^()]|\([^()]*\))*\))?,?\s*(?:xã|thị trấn|phường)\s+(" + NAME + ")",
                              text[m.end():])
            if nxt:
                parent = _resolve("commune", nxt.group(1), district, province, False)
                after = m.end() + nxt.end()
        ref = _hit_ref(level, name, parent, province, district, new and not m.group("old"))
        if ref:
            out.append(PlaceHit(ref, m.start(), max(after, m.end())))
            if level == "village":
                taken.append((m.end(), after))
    out.sort(key=lambda h: h.start)
    dedup = []
    for h in out:
        if dedup and h.start < dedup[-1].end and h.start >= dedup[-1].start and not h.in_list:
            continue
        dedup.append(h)
    return dedup


def _hit_ref(level: str, name: str, parent: PlaceRef | None, province: str | None, district: str | None,
             new: bool) -> PlaceRef | None:
    if level == "village":
        if not regex.match(r"\d+|[\p{Lu}]", name):
            return None
        commune = parent if parent and parent.level == "commune" else None
        return village_ref(("Thôn " + name) if name[0].isdigit() else name, commune)
    if parent and parent.level == "district":
        return _resolve(level, name, parent.district, province, new)
    return _resolve(level, name, district, province, new)
