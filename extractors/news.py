"""How a news item about the programme is laid out, for the extractors that read one: its headline,
its dateline, the provinces it names without a level word, and the headline figures that round a
figure of the body. Rules in data/news.json.

A news item has no document type; its headline is its first line after a web page's breadcrumb and
time stamp (or, when the reflow joined them, what stands before the dateline). Handled: a headline's
lead name ("Đắk Lắk: …") and an all-caps dateline ("HÀ TĨNH – Sáng 14/11, …") as the item's place;
"tại Hà Nội", "ở Thành phố Hồ Chí Minh"; lists of bare province names ("Hà Nội, Hải Phòng, Hưng Yên
và Đồng Nai"); "Gần 79% số xã …" in the headline over the body's 78,8%; lines linking other articles
("Xem thêm: …", "» …"); a bare name opening a sentence ("Phú Thọ tiếp tục dẫn đầu …") or right before
its figure ("Nghĩa Hưng 41 sản phẩm") when it is one district of the item's province or one province.
Not handled: a bare name elsewhere in a sentence, which may be a person's or a product's name; the
outlet's name ("(Báo Nghệ An) –") is never a place."""
from __future__ import annotations

import functools
from typing import Callable, Sequence, TypeVar

import regex

from extractors.common import load_rules
from pipeline.model import DocumentInfo
from pipeline.model.text import alternation

F = TypeVar("F")
NAME = r"\p{Lu}[\p{Ll}'’]*(?:[ ]\p{Lu}[\p{Ll}'’]*){0,4}"


@functools.cache
def _rules():
    rules = load_rules("news.json")
    datelines = [regex.compile(p, regex.M) for p in rules["datelines"]]
    location = regex.compile(r"(?<!\p{L})(?:" + alternation(rules["location_before"]) + r")\s+(?=\p{Lu})")
    rounding = regex.compile(r"(?<!\p{L})(?i:" + alternation(rules["rounding_words"]) + r")\s*$")
    return rules, datelines, location, rounding


@functools.cache
def _line_rules():
    rules = _rules()[0]
    return (regex.compile(r"^[ \t]*(?:" + alternation(rules["link_lines"]) + r")", regex.M | regex.I),
            regex.compile("|".join(f"(?:{p})" for p in rules["preamble_lines"]), regex.I),
            regex.compile(r"^[ \t]*(?:" + alternation(rules["tail_lines"]) + r")(?!\p{L})", regex.M | regex.I))


def link_lines(text: str) -> list[tuple[int, int]]:
    """Lines that link to other articles ("Xem thêm: …", "Tin liên quan: …", ">> …"): their facts are not
    this item's; under a bare heading ("TIN LIÊN QUAN"), the bulleted titles listed after it too."""
    opener = _line_rules()[0]
    out = []
    for m in opener.finditer(text):
        end = (text.find("\n", m.end()) + 1 or len(text) + 1) - 1
        if not regex.search(r"[\p{L}\p{N}]", text[m.end():end]):
            while item := LINK_ITEM.match(text, end):
                end = item.end()
        out.append((m.start(), end))
    tail = _line_rules()[2].search(text)   # "Ý KIẾN BẠN ĐỌC", "Từ khóa: …": the article has ended
    return out + ([(tail.start(), len(text))] if tail else [])


# a title listed under a bare "TIN LIÊN QUAN" heading: a bulleted line ("- Hải Lăng: …", "• …", "» …"), or
# a plain title line under it, short and with no full stop ("Mường Ảng về đích sớm …"; a paragraph ends on one)
LINK_ITEM = regex.compile(r"\n(?:[ \t]*\n)?[ \t]*[-–•+*»>][^\n]*|\n(?![ \t]*\n)(?=[^\n]*[\p{L}\p{N}])[^\n]{1,120}(?<![.!?…:;\s])(?=\n|$)")


# where the body starts when the reflow joined the headline to it: "(Báo Nghệ An) –", "NGHỆ AN –", "Baonghean.vn -"
BODY_START = regex.compile(r"\s(?:\([^()\n]{2,40}\)|\p{Lu}[\p{Lu}'’]+(?:[ ]\p{Lu}[\p{Lu}'’]*){0,3}|[\p{L}.]+\.vn)\s*[-–—]\s")


def preamble_end(text: str) -> int:
    """Where a web page's preamble (breadcrumb, time stamp) above the headline ends; 0 without one."""
    rx = _line_rules()[1]
    pos = 0
    for line in regex.finditer(r"[^\n]*\n", text[:600]):
        if not line.group().strip():
            pos = line.end()
            continue
        if not rx.search(line.group()):
            break
        pos = line.end()
    return pos


def headline_span(text: str, info: DocumentInfo) -> tuple[int, int] | None:
    """A news item's headline: the first line of a text with no document type, short, without a full
    stop; or, when the reflow joined it to the first paragraph, what comes before the dateline."""
    if info.type:
        return None
    start = preamble_end(text)
    m = regex.compile(r"\s*([^\n]{10,200})\n").match(text, start)
    if m and m.group(1).rstrip()[-1:] not in ".:;":
        return m.span(1)
    line = regex.compile(r"\s*([^\n]{10,})").match(text, start)
    joined = BODY_START.search(text, line.start(1) + 10, min(line.end(1), line.start(1) + 200)) if line else None
    if joined and not regex.search(r"[.;](?:\s|$)", text[line.start(1):joined.start()]):   # "Vĩnh Long: …" may have a colon
        return line.start(1), joined.start()
    return None


def headline_endings(text: str, info: DocumentInfo) -> list[list[tuple[int, int]]]:
    """Per capitalised run of a news item's headline, the spans of its last 2 to 4 words, shortest
    first: a province may close the headline's noun phrase ("Ngành Công Thương Vĩnh Long góp sức …",
    "… hộ nghèo vùng cao Yên Bái"); the caller keeps the first that is one. Not a body's or a person's
    name ("Báo Vĩnh Long", "Ông Nguyễn Thái Bình"), nor a place of another kind ("Huyện Quảng Ninh", "Sông Hậu")."""
    span = headline_span(text, info)
    if not span:
        return []
    rules = _rules()[0]
    body = regex.compile(r"(?<!\p{L})(?:" + alternation(rules["headline_name_not_after"]) + r")\s*$", regex.I)
    out = []
    before = set(rules["person_heads"]) | set(rules["place_heads"])
    kind = regex.compile(r"(?<!\p{L})(?:" + alternation(rules["place_heads"]) + r")\s*$", regex.I)   # "Đảng bộ xã Hòa Bình"
    for m in regex.finditer(NAME, text, pos=span[0], endpos=span[1]):
        words = [w.group(0) for w in regex.finditer(r"\S+", m.group(0))]
        starts = [m.start() + w.start() for w in regex.finditer(r"\S+", m.group(0))]
        if body.search(text, span[0], m.start()) or kind.search(text, span[0], m.start()):
            continue
        out.append([(starts[-k], m.end()) for k in (2, 3, 4) if len(words) >= k
                    and words[-k] not in before and (len(words) == k or words[-k - 1] not in before)])
    return out


def dateline_names(text: str, news: bool = True) -> list[tuple[int, int]]:
    """Spans of the names a news item's dateline gives: the headline's lead name ("Đắk Lắk: …") and,
    in a `news` item (no document type), an all-caps name opening one of its first paragraphs ("HÀ
    TĨNH – Sáng 14/11, …")."""
    rules, datelines, _, _ = _rules()
    base = preamble_end(text) if news else 0   # the headline after a web page's breadcrumb and time stamp
    starts = [base] + [m.end() for m in regex.finditer(r"\n\s*(?=\S)", text, pos=base)]
    opening = text[base:starts[rules["dateline_paragraphs"]]] if len(starts) > rules["dateline_paragraphs"] else text[base:]
    out = []
    for rx in datelines[:None if news else 1]:
        for m in rx.finditer(opening):
            out.append((base + m.start("name"), base + m.end("name")))
            # "NÔNG THÔN MỚI QUẢNG BÌNH: …": an all-caps run may hold the name at its end
            words = list(regex.finditer(r"\S+", m.group("name")))
            if m.group("name").isupper():
                out += [(base + m.start("name") + w.start(), base + m.end("name")) for w in words[1:-1]]
    return sorted(set(out))


def item_head_names(text: str) -> list[tuple[int, int]]:
    """Spans of the places heading a bulletin's items ("* Bố Trạch: Hoàn thành …"), outside lines
    linking other articles; the caller resolves them in the item's province first."""
    links = link_lines(text)
    return [m.span("name") for m in ITEM_HEAD.finditer(text) if not any(a <= m.start() < b for a, b in links)]


# a bulletin item's head: a bulleted line opening on a name and a colon ("* Lệ Thủy: Xã Sen Thủy đạt chuẩn …")
ITEM_HEAD = regex.compile(r"^[ \t]*[*•+–-][ \t]*(?P<name>" + NAME + r")[ \t]*:[ \t]*\p{Lu}", regex.M)


def located_names(text: str) -> list[tuple[int, int]]:
    """Spans of bare capitalised names after a preposition of place ("tại Hà Nội", "ở Thành phố Hồ Chí
    Minh"); the caller keeps those that name a province."""
    _, _, location, _ = _rules()
    return [(m.end(), m.end() + n.end()) for m in location.finditer(text)
            if (n := regex.match(NAME, text[m.end():]))]


def subject_names(text: str) -> list[tuple[int, int]]:
    """Spans of bare names of two words or more that open a sentence before a lowercase word ("Phú Thọ
    tiếp tục dẫn đầu …") or stand right before a figure ("tiếp đến là Giao Thủy 48 sản phẩm, Nghĩa Hưng
    41 sản phẩm"); the caller keeps those that are one district of the item's province or one province."""
    links = link_lines(text)   # "TIN LIÊN QUAN / Mường Ảng về đích sớm …" names another article's place
    return [m.span("name") for rx in _subject_rules() for m in rx.finditer(text)
            if not any(a <= m.start() < b for a, b in links)]


@functools.cache
def _subject_rules():
    return [regex.compile(p.replace("{NAME}", "(?P<name>" + NAME + ")"), regex.M) for p in _rules()[0]["subject_names"]]


def listed_names(text: str) -> list[list[tuple[int, int]]]:
    """Runs of bare capitalised names separated by commas, the last often after "và" ("Hà Nội, Hải Phòng,
    Hưng Yên, Nam Định và Đồng Nai", "như Nam Định, Hà Nam, Thái Bình, Hưng Yên"), at least
    `province_list_min` long; the caller keeps a run only when every name in it is a province."""
    rules = _rules()[0]
    item = r"(?<![\p{L}\d])" + NAME + r"(?![\p{L}\d])"
    run = regex.compile(item + r"(?:,[ ]" + item + r")*(?:,?[ ]và[ ]" + item + r")?")
    out = []
    for m in run.finditer(text):
        names = [(m.start() + n.start(), m.start() + n.end())
                 for n in regex.finditer(NAME, m.group(0)) if n.group(0) != "và"]
        if len(names) >= rules["province_list_min"]:
            out.append(names)
    return out


def drop_headline_repeats(text: str, info: DocumentInfo, facts: Sequence[F],
                          key: Callable[[F], tuple]) -> list[int]:
    """Indexes of the facts to keep: a fact quoted from the headline whose figure a body fact gives
    again (same `key`: (value, unit, denominator)) is dropped, the body's sentence being the fact;
    so is a rounded headline figure ("Gần 79% số xã …", "gần 1.200 tỷ đồng") within rounding of a
    body figure of the same unit (78,8%; 1.186,5 tỷ đồng)."""
    items = _item_repeats(text, facts, key)
    head = headline_span(text, info)
    if not head:
        return [i for i in range(len(facts)) if i not in items]
    rules, _, _, rounding = _rules()
    body = [key(f) for f in facts if _figure_start(text, f) >= head[1]]

    def repeated(f) -> bool:
        value, unit, den = key(f)
        if _figure_start(text, f) >= head[1]:   # its figure, not its quote: a reflow may join headline and body
            return False
        if any(value == v and _same_unit(unit, u) and den in (d, None) for v, u, d in body):
            return True   # "8 đơn vị cấp huyện về đích" in the headline is the body's "8/12 đơn vị cấp huyện"
        if not isinstance(value, (int, float)) or den is not None:
            return False
        # a share printed whole, a round count or amount ("1.200 tỷ"), or a rounding word ("gần", "hơn") rounds
        whole = float(value) == round(value)
        rounded = rounding.search(text, max(0, f.span[0] - 12), _figure_start(text, f)) or (
            whole and (unit or "").startswith("%")) or (whole and value >= 100 and value % 10 == 0)
        close = (lambda b: abs(b - value) < rules["headline_percent_points"]) if unit and unit.startswith("%") else \
            (lambda b: abs(b - value) <= rules["headline_relative"] * abs(value))
        return bool(rounded) and any(_same_unit(u, unit) and d is None and isinstance(v, (int, float)) and v != value and close(v)
                                     for v, u, d in body)
    return [i for i, f in enumerate(facts) if not repeated(f) and i not in items]


def _same_unit(a: str | None, b: str | None) -> bool:
    """"giải ngân … đạt gần 72%" in a headline and "đạt 71,8% kế hoạch vốn" in the body: one share."""
    return a == b or (a or "").startswith("%") and (b or "").startswith("%")


def _item_repeats(text: str, facts: Sequence[F], key: Callable[[F], tuple]) -> set[int]:
    """Indexes of facts quoted from a bulletin item's head line ("* Bố Trạch: Hoàn thành 21 tuyến đường …")
    whose figure the item's body gives again: the body's sentence is the fact."""
    heads = [(m.start(), text.find("\n", m.start()) % (len(text) + 1) or len(text)) for m in ITEM_HEAD.finditer(text)]
    out = set()
    for n, (hs, he) in enumerate(heads):
        body_end = heads[n + 1][0] if n + 1 < len(heads) else len(text)
        body = [key(f) for f in facts if he <= _figure_start(text, f) < body_end]
        out |= {i for i, f in enumerate(facts) if hs <= _figure_start(text, f) < he and key(f) in body}
    return out


def _figure_start(text: str, fact) -> int:
    """Where the fact's figure starts in its quote (the first digit)."""
    m = regex.search(r"\d", text[fact.span[0]:fact.span[1]])
    return fact.span[0] + m.start() if m else fact.span[0]
