"""Places: provinces, districts and communes resolved against the gazetteer of every province, in
the era of the document (the legacy units until 30 June 2025, the communes of the 34 provinces since),
and villages keyed by commune.

Resolution is scoped, never province-wide prefix matching: a commune is looked up inside the district
its address chain names ("xã X, huyện Y"), else inside the district the document is about, else
inside the document's province (its issuer's, else the one it names most; after July 2025 with the
provinces merged into it); a name with several candidates there is `ambiguous`, never guessed. The
longest run of words that names a unit wins ("xã Đam Rông 4" is the 2025 commune, not the legacy
Đam Rông). Bare names (list items such as "04 xã (Tân lập; Đăk Ruông …)", "các xã Ea Tul, Cư Dliê
M’nông (huyện Cư M’gar)") count only when they resolve inside the document's province. A district or
province name one typing slip away from a unit ("thành phố Plieku") resolves to it; "thành phố Quảng
Ngãi" also names the province. Not places: a place inside a body's name ("Quỹ … tỉnh Đắk Nông"), the
examples of a guidance text ("Ví dụ: …"), an OCR'd incoming-mail stamp, "CỘNG HÒA XÃ HỘI". Not handled:
a list cut by a page break inside a footnote. The gazetteer and the place keys are the model's
(pipeline/model/gazetteer.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from extractors.common import example_spans, load_rules, make_fact
from extractors.news import dateline_names, headline_endings, item_head_names, listed_names, located_names, subject_names
from pipeline.model import Document, DocumentInfo, Place
from pipeline.model.gazetteer import (
    Unit,
    merged_provinces,
    name_rules,
    place_key,
    resolve_near,
    resolve_place,
    strict_key,
    unit,
)
from pipeline.model.normalize import fold
from pipeline.model.text import alternation

# Mention grammar here, name grammar (level prefixes, village words) in the model.
RULES = {**name_rules(), **load_rules("place_variants.json")}
LEVEL_RANK = {"village": 0, "commune": 1, "district": 2, "province": 3}


# ---------------------------------------------------------------- mentions

NAME_TOKEN = r"[\p{L}0-9][\p{L}0-9'’]*(?:-[\p{L}0-9'’]+)*"   # "Ea-Tul" is "Ea Tul"
# a name may run over a lost line break ("huyện Vũ\nQuang"); resolution keeps only a run that resolves
TOKENS = regex.compile(NAME_TOKEN + r"(?:(?:[ ]|[ ]?\n[ ]?|[ ][-–][ ])" + NAME_TOKEN + r")*")
_prefix_alt = alternation(RULES["level_prefixes"], flexible_spaces=False)
_committee = "|".join(RULES["party_committee_suffix"])
# a tab parts the cells of a table row: "thôn<TAB>Phòng Kinh tế" is no village
_qualifier = alternation(RULES["level_qualifiers"], flexible_spaces=False)   # "xã NTM kiểu mẫu Thanh An"
PREFIXED = regex.compile(r"(?<![\p{L}0-9])(?i:(" + _prefix_alt + r"))(?:\s+(?i:" + _committee + r"))?(?:[ ]+(?:" + _qualifier
                         + r")(?=[ ]+\p{Lu}))?[^\S\t]*(?=[\p{Lu}0-9])")
# "xã hội" (society, "tổ chức chính trị - xã hội:") is never the level noun "xã"
_LV = r"xã(?!\s+(?i:hội)(?!\p{L}))|huyện|thị trấn|phường|thị xã|quận|tỉnh|thành phố|đặc khu"
_list_intro = alternation(RULES["list_intro_words"], flexible_spaces=False)
_FILLER = r"\s+(?!(?i:" + _LV + r")(?![\p{L}]))[\p{Ll}\d/]+"   # words between the level noun and the list
# "các huyện: A, B", "04 xã (A; B)", "các xã, thị trấn: A, B", "06 xã chưa hoàn thiện hồ sơ, gồm: A, B"
LIST_START = regex.compile(
    r"(?<![\p{L}])(?i:(?:(?P<plural>các|những|cả|\d{1,3}|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+)?(?P<level>" + _LV + r")(?:\s*(?:,|và)\s*(?:" + _LV + r"))*)"
    r"(?:(?:" + _FILLER + r"){0,10}\s*,?\s*(?i:" + _list_intro + r")\s*:?"
    r"|(?:" + _FILLER + r"){0,10}(?:\s*:|[ \t]*\()|(?(plural)\s*:?|(?!)))\s*")
ITEM_END = regex.compile(r"\s*(?:⁽[⁰¹²³⁴-⁹]+⁾)?\s*(?:[,;()\n:…]|\.\.\.|\s(?:và|hoặc)\s|$)")
NEXT_ITEM = regex.compile(r"\s*(?:⁽[⁰¹²³⁴-⁹]+⁾)?\s*(?:[,;]\s*(?:và\s+)?|\s*(?:và|hoặc)\s+)")
NEXT_ITEM_SAME_SENTENCE = regex.compile(r"\s*(?:⁽[⁰¹²³⁴-⁹]+⁾)?\s*(?:,\s*(?:và\s+)?|\s*và\s+)")
BRACKET = regex.compile(r"\s*(?:⁽[⁰¹²³⁴-⁹]+⁾)?\s*\(([^()\n]{0,80})\)")
CITED_COUNT = regex.compile(r"(?<![\p{L}])(?:\d{1,3}|các|những)\s+(?i:(" + _LV + r"))(?![\p{L}])")
FOOTNOTE_BODY = regex.compile(r"^⁽([⁰¹²³⁴-⁹]+)⁾\s*", regex.M)
PLACE_OF_ISSUE = regex.compile(r"^([\p{Lu}][\p{L}'’ ]{1,40}),\s*ngày\b", regex.M)
CHAIN_GAP = regex.compile(r"[\p{L}0-9'’ ]+(?:-[\p{L}0-9'’ ]+)*\s*(?:⁽[⁰¹²³⁴-⁹]+⁾)?\s*[,\-–]\s*")
STOPWORDS = {w.lower() for w in RULES["name_stopwords"]}   # as written: "Báo" is a stopword, "Bảo" a name
# a body's name runs from its head word to the place without a break: "Quỹ Bảo vệ môi trường tỉnh X"
BODY_NAME = regex.compile(r"(?<![\p{L}])(?:" + alternation(RULES["body_heads"], flexible_spaces=False)
                          + r")(?:\s+(?!(?:" + alternation(RULES["body_name_breaks"], flexible_spaces=False)
                          + r")(?![\p{L}]))[\p{L}&\-–]+){0,10}\s+$")
HEADER_DATE = regex.compile(r"ngày[\s.…]*(?:\d{1,2})?[\s.…]*tháng[\s.…]*(\d{1,2})[\s.…]*năm\s+((?:19|20)\d\d)", regex.I)
ERA_2025 = regex.compile("|".join(RULES["era_2025_markers"]), regex.I)
STAMP_MARK = regex.compile(r"^\W{0,3}(?:" + "|".join(RULES["stamp_marks"]) + r")", regex.M)
# "Đắk Lắk: 105/151 xã đạt chuẩn …": the headline may go on with a figure
ISSUE_ANYWHERE = regex.compile(r"(?<![\p{L}])(\p{Lu}[\p{L}'’]*(?:[ ]\p{Lu}[\p{L}'’]*){0,3}),\s*ngày(?!\p{L})")


@dataclass
class Mention:
    level: str                  # province | district | commune | city (either) | issue (place of issue)
    prefix: str | None          # "xã", "thị trấn" … as written; None for bare names
    start: int                  # prefix included
    name_start: int
    tokens: list[tuple[int, int]]   # candidate name tokens; resolution keeps the longest run that resolves
    bare: bool = False
    end: int = 0
    units: list[Unit] = field(default_factory=list)
    chain_parent: "Mention | None" = None
    scope: "Mention | None" = None      # list items: the commune heading the list ("xã A, B và C")
    type_hint: str | None = None        # list items: the level noun of the list ("xã", "thị trấn")
    strict: bool = False                # the hint must hold ("xã A, B": B is a xã, not the town B)
    in_body: bool = False               # inside a body's name ("Quỹ Phát triển rừng tỉnh Đắk Nông")


def _tokens_at(text: str, pos: int, limit: int) -> list[tuple[int, int]]:
    m = TOKENS.match(text, pos)
    return [(pos + t.start(), pos + t.end()) for t in regex.finditer(NAME_TOKEN, m.group(0))][:limit] if m else []


def _is_name_start(text: str, span: tuple[int, int], prefixed: bool = False) -> bool:
    """A capitalised word that is no stopword; after a level word ("huyện Kế Sách", "huyện Nông Cống") a
    stopword in title case may start a name when a capitalised word follows it ("Kế hoạch" is no name)."""
    word = text[span[0]:span[1]]
    if not (word[0].isupper() or word[0].isdigit()):
        return False
    if word.lower() not in STOPWORDS:
        return True
    return prefixed and not word.isupper() and bool(regex.match(r"[ ]\p{Lu}\p{Ll}", text[span[1]:span[1] + 3]))


def _type_ok(mention: Mention, u: Unit) -> bool:
    """Prefix and gazetteer type agree ("thị trấn Đăk Tô" is the town, "huyện Đăk Tô" the district)."""
    if not (mention.prefix or mention.type_hint):
        return True
    p, t = fold(mention.prefix or mention.type_hint).rstrip("."), fold(u.type)
    return p == t or (p == "tp" and t == "thanh pho") or (p == "tt" and t == "thi tran")


def _resolve(text: str, m: Mention, level: str, district: str | None, province,
             eras: tuple[str, ...] = ("legacy",)) -> bool:
    """Longest run of the mention's tokens naming a unit of `level` in scope; sets units, end, level.
    Communes are looked up in each era of `eras` ("Đam Rông 4" is a 2025 commune, "Đam Rông" a legacy
    one); the longest run wins, the first era on a tie."""
    best: tuple[int, list[Unit]] | None = None
    for era in eras:
        if era == "2025" and (district or level != "commune"):
            continue
        for n in range(len(m.tokens), 0, -1):
            if best and n <= best[0]:
                break
            units = resolve_place(text[m.tokens[0][0]:m.tokens[n - 1][1]], level, district, province, era)
            typed = [u for u in units if _type_ok(m, u)]
            if units and (typed or not m.strict):
                best = (n, typed or units)
                break
    if best:
        m.units, m.end, m.level = best[1], m.tokens[best[0] - 1][1], level
        return True
    return False


def _resolve_near(text: str, m: Mention, scope) -> bool:
    """A district or province name with one typing slip ("thành phố Plieku"): the one unit it can be,
    in the document's province, else nationwide."""
    caps = [t for t in m.tokens if text[t[0]].isupper()]
    caps = m.tokens[:len(caps)] if caps == m.tokens[:len(caps)] else []
    for n in range(len(caps), 0, -1):
        name = text[caps[0][0]:caps[n - 1][1]]
        for level in (("district", "province") if m.level == "city" else (m.level,)):
            units = [u for u in resolve_near(name, level, scope) if _type_ok(m, u) or m.level == "city"] \
                or [u for u in resolve_near(name, level) if _type_ok(m, u) or m.level == "city"]
            if len(units) == 1:
                m.units, m.end, m.level = units, caps[n - 1][1], level
                return True
    return False


NUMBERED_LEVELS = {"quan", "phuong"}   # "Quận 1", "Phường 3": the only units named by a number


def _scan_prefixed(text: str) -> list[Mention]:
    out = []
    for pm in PREFIXED.finditer(text):
        toks = _tokens_at(text, pm.end(), RULES["max_name_syllables"])
        if toks and text[toks[0][0]].isdigit() and fold(pm.group(1)) not in NUMBERED_LEVELS:
            continue   # "ngân sách huyện 1.530 triệu đồng": only wards and urban districts are numbered
        if toks and _is_name_start(text, toks[0], prefixed=True):
            level = RULES["level_prefixes"][regex.sub(r"\s+", " ", pm.group(1).lower())]
            ls = max(text.rfind("\n", 0, pm.start()) + 1, pm.start() - 120)
            out.append(Mention(level, pm.group(1), pm.start(), toks[0][0], toks, end=toks[0][1],
                               in_body=bool(BODY_NAME.search(text, ls, pm.start()))))
    ordered = sorted(out, key=lambda m: m.start)
    for a, b in zip(ordered, ordered[1:]):   # "xã X, huyện Y, tỉnh Z"
        if CHAIN_GAP.fullmatch(text, a.name_start, b.start) and LEVEL_RANK.get(b.level, 2) > LEVEL_RANK.get(a.level, 2):
            a.chain_parent = b
    return out


def _not_a_place(text: str, m: Mention) -> bool:
    """"CỘNG HÒA XÃ HỘI CHỦ NGHĨA": "xã hội" in capitals is a word, not the commune Hội."""
    first = text[m.tokens[0][0]:m.tokens[0][1]]
    return fold(m.prefix or "") == "xa" and fold(first) == "hoi" and (first.isupper() or len(m.tokens) == 1)


def _stamp_lines(doc: Document) -> list[tuple[int, int]]:
    """Lines of an incoming-mail stamp read by OCR under the header ("UBND TỈNH LÂM ĐỒNG / Số: … /
    ĐẾN Ngày: … / Chuyển: …"): the receiving body is no place of the document."""
    text, out = doc.text, []
    starts = [0] + [m.end() for m in regex.finditer(r"\n", text[:2500])]
    lines = [(a, (text.find("\n", a) if text.find("\n", a) != -1 else len(text))) for a in starts][:20]
    for i, (a, b) in enumerate(lines):
        if doc.page_of(a) in doc.ocr_pages and STAMP_MARK.match(text, a, b):
            for c, d in lines[max(0, i - 3):i]:
                line = text[c:d]
                if line.isupper() and not regex.search(r"(?i:độc lập|cộng hòa|cộng hoà)", line):
                    out.append((c, d))
    return out


def _list_items(text: str, pos: int, level: str, named: dict[int, Mention], next_item=NEXT_ITEM,
                scope: Mention | None = None, hint: str | None = None) -> list[Mention]:
    """Bare names from `pos` on, separated by "," ";" "và"; a bracketed district after items
    ("A, B (huyện X); C (huyện Y)") is the parent of the items before it."""
    out: list[Mention] = []
    group: list[Mention] = []
    while pos < len(text) and not PREFIXED.match(text, pos):
        toks = _tokens_at(text, pos, RULES["max_name_syllables"])
        if not toks or not _is_name_start(text, toks[0]) or text[toks[0][0]].isdigit():
            break   # a bare number ("(1) Xây dựng …") is no name
        end = ITEM_END.search(text, toks[0][1])
        toks = [t for t in toks if t[1] <= end.start()]
        if toks[0][0] not in named:
            m = Mention(level, None, toks[0][0], toks[0][0], toks, bare=True, end=toks[0][1], scope=scope,
                        type_hint=hint, strict=scope is not None)
            out.append(m)
            group.append(m)
        stop = end.start()
        br = BRACKET.match(text, stop)
        if br:
            parent = named.get(br.start(1))
            if parent and LEVEL_RANK.get(parent.level, 2) > LEVEL_RANK.get(level, 2):
                for g in group:
                    g.chain_parent = parent
            group = []
            stop = br.end()
        nxt = next_item.match(text, stop)
        if not nxt:
            break
        pos = nxt.end()
    return out


def _scan_lists(text: str, prefixed: list[Mention]) -> list[Mention]:
    """Bare names listed after a level noun: "các huyện: A, B và thành phố C", "04 xã (A; B, C)",
    "Xã nông thôn mới (A, B, …)", "06 xã …, gồm: A, B (huyện X)"; in a footnote cited after a count
    ("12 xã đạt chuẩn⁽²⁾" … "⁽²⁾ A, B và C"); after a prefixed commune or district ("xã A, B và C",
    "huyện Ba Vì, Mỹ Đức, Ứng Hòa").
    Items are kept later only if they resolve in the document's province (or the district in scope)."""
    named = {m.start: m for m in prefixed} | {m.name_start: m for m in prefixed}
    out = []
    for lm in LIST_START.finditer(text):
        words = regex.findall(_LV, lm.group(0).lower())
        hint = words[0] if len(set(words)) == 1 else None    # "các xã, thị trấn:" names both kinds
        out += _list_items(text, lm.end(), RULES["level_prefixes"][lm.group("level").lower()], named, hint=hint)
    for fm in FOOTNOTE_BODY.finditer(text):
        marker = text[fm.start():fm.start() + len(fm.group(1)) + 2]
        for cite in regex.finditer(regex.escape(marker), text):
            if cite.start() == fm.start() or text[cite.start() - 1:cite.start()] in ("", "\n"):
                continue
            ls = text.rfind("\n", 0, cite.start()) + 1
            counts = list(CITED_COUNT.finditer(text, max(ls, cite.start() - 100), cite.start()))
            if counts:
                word = counts[-1].group(1).lower()
                out += _list_items(text, fm.end(), RULES["level_prefixes"][word], named, hint=word)
            break
    for m in prefixed:   # "xã A, B và C"; "huyện Ba Vì, Mỹ Đức, Ứng Hòa" (looked up in the document's province)
        if m.level not in ("commune", "district") or m.bare or (m.level == "district" and (m.prefix or "").lower() != "huyện"):
            continue
        end = ITEM_END.search(text, m.tokens[0][1])
        if not all(text[a].isupper() for a, b in m.tokens if b <= end.start()):
            continue   # "xã A đạt 13/19 tiêu chí, …": the separator does not follow the name
        nxt = NEXT_ITEM_SAME_SENTENCE.match(text, end.start())
        if nxt:
            out += _list_items(text, nxt.end(), m.level, named, NEXT_ITEM_SAME_SENTENCE,
                               scope=m if m.level == "commune" else None, hint=m.prefix.lower())
    seen, uniq = set(), []
    for m in out:
        if m.start not in seen:
            seen.add(m.start)
            uniq.append(m)
    return uniq


def _table_columns(doc: Document, named: set[int]) -> list[Mention]:
    """Names in a table's "Tỉnh, thành phố" / "Huyện" / "Xã" column, provinces and districts first: a
    commune is looked up in its row's district."""
    from extractors.text_tables import level_cells

    districts, communes = [], []
    for row in level_cells(doc, RULES["table_level_headers"]):
        parent = None
        for level in ("province", "district", "commune"):
            pos = row.get(level)
            toks = _tokens_at(doc.text, pos, RULES["max_name_syllables"]) if pos is not None else []
            if not toks or pos in named or not doc.text[pos].isupper():
                continue    # a whole cell is the name: "Nông Cống" is no stopword here
            m = Mention(level, None, pos, pos, toks, bare=True, end=toks[0][1], chain_parent=parent)
            (communes if level == "commune" else districts).append(m)
            parent = m
    return districts + communes


def _scope_district(m: Mention) -> str | None:
    """The district a list item is looked up in: its bracketed district, else that of the commune
    heading its list."""
    p = m.chain_parent
    if p and p.level in ("district", "city") and len(p.units) == 1 and p.units[0].level == "district":
        return p.units[0].code
    h = m.scope
    if h and len(h.units) == 1 and h.units[0].level == "commune":
        return h.units[0].district
    return None


def _bare(text: str, span: tuple[int, int], level: str) -> Mention | None:
    """A bare name at `span` (a dateline, "tại Hà Nội", an item of a list of provinces)."""
    toks = [t for t in _tokens_at(text, span[0], RULES["max_name_syllables"]) if t[1] <= span[1]]
    return Mention(level, None, span[0], span[0], toks, bare=True, end=span[1]) if toks else None


def _news_provinces(text: str) -> list[Mention]:
    """Bare names of provinces in a news item: "tại Hà Nội", and lists of them ("Hà Nội, Hải Phòng,
    Hưng Yên và Đồng Nai": kept only when every item is a province)."""
    out = [m for span in located_names(text) if (m := _bare(text, span, "province"))
           and _resolve(text, m, "province", None, None) and len(m.units) == 1]
    for run in listed_names(text):
        items = [_bare(text, span, "province") for span in run]
        if all(m and _resolve(text, m, "province", None, None) and len(m.units) == 1 and m.end == span[1]
               for m, span in zip(items, run)):
            out += items
    return out


def _headline_provinces(text: str, info: DocumentInfo) -> list[Mention]:
    """A province closing a capitalised run of a news item's headline ("Ngành Công Thương Vĩnh Long …")."""
    out = []
    for endings in headline_endings(text, info):
        for span in endings:
            if (m := _bare(text, span, "province")) and m.end == span[1] and \
                    _resolve(text, m, "province", None, None) and len(m.units) == 1:
                out.append(m)
                break
    return out


def _bracketed_provinces(text: str, prefixed: list[Mention]) -> list[Mention]:
    """A news item's province in brackets after a district or commune ("UBND huyện Krông Pắc (Đắk
    Lắk)", "xã Ea Tul (Cư M’gar, Đắk Lắk)"): a bare name that is a province, made the parent."""
    out = []
    for m in prefixed:
        if m.level not in ("district", "city", "commune"):
            continue
        for _, end in m.tokens:
            br = BRACKET.match(text, end)
            if not br:
                continue
            last = regex.search(r"(?:^|,\s*)(\p{Lu}[\p{L}'’ ]{1,30})\s*$", br.group(1))
            if last and resolve_place(last.group(1), "province"):
                toks = _tokens_at(text, br.start(1) + last.start(1), RULES["max_name_syllables"])
                parent = Mention("province", None, toks[0][0], toks[0][0], toks, bare=True, end=toks[0][1])
                m.chain_parent = m.chain_parent or parent
                out.append(parent)
            break
    return out


def _place_of_issue(doc: Document) -> Mention | None:
    """"Kon Tum, ngày …" opening a header line; else (a flattened or OCR'd header: "Số: … /KH-UBND Hà
    Nội, ngày …") the last capitalised words before ", ngày" that name a province or district."""
    m = PLACE_OF_ISSUE.search(doc.text[:800])
    if m:
        toks = [t for t in _tokens_at(doc.text, m.start(1), RULES["max_name_syllables"]) if t[1] <= m.end(1)]
        return Mention("issue", None, m.start(1), m.start(1), toks, bare=True, end=m.end(1)) if toks else None
    m = ISSUE_ANYWHERE.search(doc.text[:800])
    if not m:
        return None
    words = [(w.start(), w.end()) for w in regex.finditer(NAME_TOKEN, doc.text[:m.end(1)], pos=m.start(1))]
    for i in range(len(words)):
        name = doc.text[words[i][0]:m.end(1)]
        if resolve_place(name, "province") or resolve_place(name, "district"):
            return Mention("issue", None, words[i][0], words[i][0], words[i:], bare=True, end=m.end(1))
    return None


# ---------------------------------------------------------------- resolution in scope

def _vote(votes: dict[str, int], m: Mention, weight: int) -> None:
    if m.units and len({u.province for u in m.units}) == 1:
        votes[m.units[0].province] = votes.get(m.units[0].province, 0) + weight


def _doc_era(doc: Document, info: DocumentInfo) -> str:
    """"2025" for a document dated from July 2025 on, or that speaks of the two-level local
    government ("đặc khu", "chính quyền địa phương 02 cấp"): its communes are the 2025 ones, directly
    under the province; else "legacy"."""
    date = info.date or ""
    if not date:
        m = HEADER_DATE.search(doc.text[:1500])
        date = f"{m.group(2)}-{int(m.group(1)):02d}" if m else ""
    if date[:7] >= "2025-07":
        return "2025"
    if len(date) < 7 and ERA_2025.search(doc.text):
        return "2025"
    return "legacy" if len(date) >= 7 else "undated"


def _issuer_province(info: DocumentInfo) -> str | None:
    """The province the issuer belongs to ("Ủy ban nhân dân tỉnh Lâm Đồng", "Sở Nội vụ tỉnh Lâm Đồng")."""
    for said in (info.issuer, info.place):
        if not said:
            continue
        m = regex.search(r"(?i:tỉnh|thành phố)\s+(\p{Lu}[\p{L}'’ -]*)$", said)
        for name in ([m.group(1)] if m else []) + [said]:
            hits = resolve_place(name, "province")
            if len(hits) == 1:
                return hits[0].code
    return None


def extract_places(doc: Document, info: DocumentInfo) -> list[Place]:
    text = doc.text
    era = _doc_era(doc, info)
    prefixed = [m for m in _scan_prefixed(text) if not _not_a_place(text, m)]
    lists = _scan_lists(text, prefixed)
    issue = _place_of_issue(doc)
    datelines = [m for span in dateline_names(text, news=not info.type) if (m := _bare(text, span, "province"))]
    news_provinces = (_news_provinces(text) + _headline_provinces(text, info)) if not info.type else []
    stamp = _stamp_lines(doc)
    skipped = stamp + example_spans(text)
    prefixed = [m for m in prefixed if not any(s <= m.start < e for s, e in skipped)]
    lists = [m for m in lists if not any(s <= m.start < e for s, e in skipped)]
    bracketed = _bracketed_provinces(text, prefixed)
    lists += _table_columns(doc, {m.name_start for m in prefixed + lists})

    # 1. provinces and districts named outright; the document's province is the issuer's, else the
    # one most named (the place of issue and the provinces weigh more than districts)
    votes: dict[str, int] = {}
    for m in prefixed:
        if m.level == "province" and _resolve(text, m, "province", None, None):
            _vote(votes, m, 1 if m.in_body else 2)
    if issue and _resolve(text, issue, "province", None, None):
        _vote(votes, issue, 2)
    for m in datelines:
        if _resolve(text, m, "province", None, None):
            _vote(votes, m, 2)
    for m in bracketed:
        if _resolve(text, m, "province", None, None):
            _vote(votes, m, 2)
    for m in prefixed:
        if m.level == "district":
            chain_p = m.chain_parent.units[0].province if m.chain_parent and m.chain_parent.units else None
            if _resolve(text, m, "district", None, chain_p):
                _vote(votes, m, 1)
    main_province = _issuer_province(info)
    if main_province:
        votes[main_province] = votes.get(main_province, 0) + 100
    main_province = max(votes, key=votes.get) if votes else None
    # after July 2025 a province holds the legacy provinces merged into it: "huyện Cư Jút (trước sắp
    # xếp)" in a Lâm Đồng report is in Đắk Nông
    scope = (merged_provinces(main_province) if era == "2025" else {main_province}) if main_province else None
    commune_eras = {"2025": ("2025", "legacy"), "legacy": ("legacy",), "undated": ("legacy", "2025")}[era]
    for m in prefixed:
        if m.level == "district" and len(m.units) > 1 and scope:
            _resolve(text, m, "district", None, scope)
        elif m.level == "city":   # a city of the province, else a province-level city
            chain_p = m.chain_parent.units[0].province if m.chain_parent and m.chain_parent.units else None
            _resolve(text, m, "district", None, chain_p or scope) or _resolve(text, m, "province", None, None)
    if issue and not issue.units and not _resolve(text, issue, "district", None, scope):
        issue = None
    for m in prefixed:
        if m.level in ("district", "city", "province") and not m.units:
            _resolve_near(text, m, scope)
    for m in datelines:   # "Xín Mần: Vượt khó …": a district of the item's province
        if not m.units and scope:
            _resolve(text, m, "district", None, scope)
    # a sentence's bare subject ("Phú Thọ tiếp tục dẫn đầu …", "…, Nghĩa Hưng 41 sản phẩm"): one district of the province, else one province
    subjects = [m for span in (subject_names(text) if not info.type else []) if (m := _bare(text, span, "district"))
                and len(m.tokens) >= 2 and ((_resolve(text, m, "province", None, None) and scope and m.units[0].province in scope)
                                            or (scope and _resolve(text, m, "district", None, scope))
                                            or _resolve(text, m, "province", None, None)) and len(m.units) == 1 and m.end == span[1]]
    # a bulletin item's head ("* Quảng Ninh: …" in a Quảng Bình bulletin): a district of the province first
    heads = [m for span in (item_head_names(text) if not info.type else []) if (m := _bare(text, span, "district"))
             and ((scope and _resolve(text, m, "district", None, scope)) or _resolve(text, m, "province", None, None))]

    # 2. the district the document is about (none after July 2025): its place of issue, its issuer,
    # else the only district named twice
    doc_district = issue.units[0].code if issue and issue.level == "district" and len(issue.units) == 1 else None
    if not doc_district and info.issuer:
        im = regex.search(r"(?i:huyện|quận|thị xã)\s+(.+)$", info.issuer)
        hits = resolve_place(im.group(1), "district", None, scope) if im else []
        doc_district = hits[0].code if len(hits) == 1 else None
    if not doc_district:
        named = [m.units[0].code for m in prefixed if m.level == "district" and len(m.units) == 1]
        if len(set(named)) == 1 and len(named) >= 2:
            doc_district = named[0]
    if era == "2025":
        doc_district = None

    # 3. communes: chain district, chain province, document district, document province, nationwide
    for m in prefixed:
        if m.level != "commune":
            continue
        p = m.chain_parent
        chain_d = p.units[0].code if p and p.level == "district" and len(p.units) == 1 else None
        chain_p = p.units[0].province if p and p.units else None
        (chain_d and _resolve(text, m, "commune", chain_d, None)) \
            or (doc_district and not chain_p and _resolve(text, m, "commune", doc_district, None)) \
            or _resolve(text, m, "commune", None, chain_p or scope, commune_eras)
    for m in lists:   # "các tỉnh miền núi như Hà Giang, Cao Bằng": provinces need no province of the document
        if m.level == "province":
            _resolve(text, m, "province", None, None)
        elif scope:
            if m.level == "commune":
                scope_d = _scope_district(m)
                (scope_d and _resolve(text, m, "commune", scope_d, None)) \
                    or (doc_district and _resolve(text, m, "commune", doc_district, None)) \
                    or _resolve(text, m, "commune", None, scope, commune_eras)
            elif m.level in ("district", "city"):
                _resolve(text, m, "district", None, scope)

    mentions = [m for m in prefixed + lists + bracketed + ([issue] if issue else []) + datelines + heads + news_provinces + subjects
                if m.units]
    admin = _group_admin(doc, mentions, doc_district)
    from extractors.villages import extract_villages  # it reads this module's name grammar
    return admin + extract_villages(doc, mentions, admin, skipped)


# ---------------------------------------------------------------- admin places

def _display_name(u: Unit) -> str:
    """The city is written "Thành phố Kon Tum" where its short name is the province's."""
    if u.level == "district" and u.type in ("Thành phố", "Thị xã"):
        prov = unit("province", u.province)
        if prov and place_key(prov.name) == place_key(u.name):
            return f"{u.type} {u.name}"
    return u.name


def _surface(text: str, m: Mention) -> str:
    """The name as written, a lost line break inside it read as a space."""
    return " ".join(text[m.name_start:m.end].split())


def _group_admin(doc: Document, mentions: list[Mention], doc_district: str | None) -> list[Place]:
    """One place per unit (or per ambiguous name), named as the gazetteer names it when the text has
    that spelling, else as first written; other spellings become variants."""
    text = doc.text
    groups: dict[tuple, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        codes = tuple(sorted(u.code for u in m.units))
        key = (m.units[0].level, codes) + (() if len(codes) == 1 else (place_key(_surface(text, m)),))
        groups.setdefault(key, []).append(m)
    places = []
    for (level, codes, *_), ms in groups.items():
        if all(m.in_body for m in ms):
            continue   # named only inside a body's name ("Quỹ Phát triển rừng tỉnh Đắk Nông")
        surfaces = list(dict.fromkeys(_surface(text, m) for m in ms if not _surface(text, m).isupper()))
        u = ms[0].units[0] if len(codes) == 1 else None
        if u and (_display_name(u) != u.name or u.name.lower() in map(str.lower, surfaces) or not surfaces):
            name, variants = _display_name(u), [s for s in surfaces if s != u.name]
        else:
            name = surfaces[0] if surfaces else _surface(text, ms[0])
            variants = surfaces[1:] + ([u.name] if u and strict_key(u.name) != strict_key(name) else [])
        parent = None
        if u and level == "district":
            parent = unit("province", u.province).name
        elif u and u.era == "2025":   # communes since July 2025 lie directly in their province
            parent = unit("province", u.province).name
        elif u and level == "commune":
            stated = [m.chain_parent.units[0] for m in ms if m.chain_parent and len(m.chain_parent.units) == 1]
            if any(p.code == u.district for p in stated) or u.district == doc_district:
                parent = _display_name(unit("district", u.district))
        places.append(make_fact(
            Place, doc, ms[0].start, ms[0].end, level=level, name=name, parent=parent,
            code=u.code if u else None, variants=variants, ambiguous=[] if u else list(codes),
            successor=u.successor if u else None, latitude=u.lat if u else None, longitude=u.lon if u else None))
    # "thành phố Quảng Ngãi" also names the province Quảng Ngãi
    named = {p.code for p in places if p.level == "province"}
    for (level, codes, *_), ms in groups.items():
        u = ms[0].units[0] if len(codes) == 1 and level == "district" else None
        prov = unit("province", u.province) if u and u.type == "Thành phố" else None
        if prov and prov.code not in named and place_key(prov.name) == place_key(u.name) \
                and not all(m.in_body for m in ms):
            named.add(prov.code)
            places.append(make_fact(Place, doc, ms[0].start, ms[0].end, level="province", name=prov.name,
                                    code=prov.code, variants=[], ambiguous=[], successor=prov.successor,
                                    latitude=prov.lat, longitude=prov.lon))
    return places
