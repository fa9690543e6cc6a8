"""Cross-check claims against plans: commitments, outcomes, and the status of each commitment.

Commitments are what a document promises: a target with a deadline ("phấn đấu đến năm 2024 có
06 thôn …"), a named list of places planned to reach a status ("… gồm: Thôn 4 (Kon Bư), xã Tân
Lập; …"), a place that aims at a title ("Xã Đăk Ruồng phấn đấu đạt chuẩn xã NTM nâng cao năm
2024") and a task with a deadline. Outcomes are what a document claims: a figure with an as-of
date, a recognition ("được công nhận", a decision), or a "chưa đạt". Both are matched on the
indicator (extractors/data/indicators.json), on the place (resolved against the gazetteer and
rolled up village → commune → district → province) and on time.

Everything here is a pure function over rows read from the database (`read_corpus`); the only
writer is `store_findings`, which replaces the previous run's rows in one transaction.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

import regex

from pipeline.normalize import fold

DATA_FILE = Path(__file__).resolve().parent.parent / "extractors" / "data" / "indicators.json"

STATUSES = ("met", "partly_met", "missed", "pending", "no_evidence", "contradicted")
STATUS_LABELS = {"met": "met", "partly_met": "partly met", "missed": "missed", "pending": "pending",
                 "no_evidence": "no evidence", "contradicted": "contradicted"}
LEVELS = ("village", "commune", "district", "province")
POSITIVE = ("recognized", "achieved")          # a status mention that says the place made it
NEGATIVE = ("not_met",)


# ---------------------------------------------------------------- vocabulary

@functools.cache
def vocabulary() -> dict[str, Any]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@functools.cache
def _indicators() -> list[dict[str, Any]]:
    out = []
    for ind in vocabulary()["indicators"]:
        out.append({**ind, "rx": [regex.compile(c) for c in ind["cues"]]})
    return out


@functools.cache
def _status_cues() -> list[tuple[str, list[regex.Pattern]]]:
    cues = vocabulary()["status_cues"]
    return [(cls, [regex.compile(p) for p in cues[cls]]) for cls in cues["priority"]]


def indicator_label(indicator_id: str | None) -> str:
    for ind in vocabulary()["indicators"]:
        if ind["id"] == indicator_id:
            return ind["label"]
    return indicator_id or ""


def _unit(unit: str | None) -> str:
    return (unit or "").strip().lower()


def classify_indicator(text: str, unit: str | None = None, level: str | None = None,
                       denominator: float | None = None, kinds: tuple[str, ...] | None = None) -> str | None:
    """The first indicator whose unit, level, kind and cue fit `text` (any spelling)."""
    folded = fold(text)
    u = _unit(unit)
    for ind in _indicators():
        if u and u not in ind["units"]:
            continue
        if level and ind["level"] != level:
            continue
        if kinds and ind["kind"] not in kinds:
            continue
        if denominator and ind.get("denominators") and int(denominator) not in ind["denominators"]:
            continue
        if any(rx.search(folded) for rx in ind["rx"]):
            return ind["id"]
    return None


def classify_status(text: str) -> str | None:
    """The status class of a clause (domain.md §5), by the priority of the vocabulary."""
    folded = fold(text)
    for cls, patterns in _status_cues():
        if any(p.search(folded) for p in patterns):
            return cls
    return None


def indicator_level(indicator_id: str | None) -> str | None:
    for ind in vocabulary()["indicators"]:
        if ind["id"] == indicator_id:
            return ind["level"]
    return None


def indicator_summable(indicator_id: str | None) -> bool:
    return any(ind["id"] == indicator_id and ind.get("summable") for ind in vocabulary()["indicators"])


def indicator_kind(indicator_id: str | None) -> str | None:
    for ind in vocabulary()["indicators"]:
        if ind["id"] == indicator_id:
            return ind["kind"]
    return None


# ---------------------------------------------------------------- dates

@dataclass(frozen=True)
class Period:
    """A date as precise as the text: its first and last day and its precision."""
    start: dt.date
    end: dt.date
    precision: str                     # day | month | year

    @property
    def iso(self) -> str:
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.isoformat()[:7]
        return str(self.start.year)


def parse_period(value: str | None) -> Period | None:
    """ISO "2024-12-31", "2024-12", "2024" or a period "2021/2025" (its end year)."""
    if not value:
        return None
    value = str(value).strip()
    if "/" in value:
        value = value.split("/")[-1]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            d = dt.date.fromisoformat(value)
            return Period(d, d, "day")
        if re.fullmatch(r"\d{4}-\d{2}", value):
            y, m = map(int, value.split("-"))
            end = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
            return Period(dt.date(y, m, 1), end, "month")
        if re.fullmatch(r"\d{4}", value):
            y = int(value)
            return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    except ValueError:
        return None
    return None


def covers(evidence: Period, deadline: Period) -> bool:
    """Does evidence of this date speak for the state at the deadline? A year-end report (dated in
    December, or by the year alone) covers a deadline "năm 2024"; otherwise it must not be earlier."""
    if deadline.precision == "year":
        cover_from = dt.date(deadline.end.year, 12, 1)
    elif deadline.precision == "month":
        cover_from = deadline.start
    else:
        cover_from = deadline.end
    return evidence.end >= cover_from


def same_period(a: Period, b: Period) -> bool:
    """Two as-of dates that describe the same moment, at the coarser precision of the two."""
    if "year" in (a.precision, b.precision):
        return a.start.year == b.start.year
    return (a.start.year, a.start.month) == (b.start.year, b.start.month)


DAY_DATE = regex.compile(r"(?<!\d)(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*((?:19|20)\d\d)(?!\d)")
WORD_DATE = regex.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)", regex.I)
YEAR = regex.compile(r"(?<![\d/])((?:19|20)\d\d)(?![\d/])")


def dates_in(text: str) -> list[tuple[int, str]]:
    """(offset, ISO) of every day date and bare year in a clause, in text order."""
    out, taken = [], []
    for rx in (WORD_DATE, DAY_DATE):
        for m in rx.finditer(text):
            try:
                d = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                continue
            out.append((m.start(), d.isoformat()))
            taken.append(m.span())
    for m in YEAR.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            out.append((m.start(), m.group(1)))
    return sorted(out)


# ---------------------------------------------------------------- places

@dataclass(frozen=True)
class PlaceRef:
    """A resolved place: its level, display name and the codes that roll it up."""
    level: str                          # village | commune | district | province
    name: str
    key: str                            # identity across documents
    commune: str | None = None          # commune code (villages: their commune)
    district: str | None = None         # district code
    province: str | None = None         # province code
    district_name: str | None = None

    def ancestors(self) -> list[tuple[str, str]]:
        """(level, key) of every enclosing unit, nearest first."""
        out = []
        if self.level == "village" and self.commune:
            out.append(("commune", f"c:{self.commune}"))
        if self.level in ("village", "commune") and self.district:
            out.append(("district", f"d:{self.district}"))
        if self.level != "province" and self.province:
            out.append(("province", f"p:{self.province}"))
        return out


def _gaz():
    from extractors import places as gaz
    return gaz


def _unit_ref(u) -> PlaceRef:
    gaz = _gaz()
    if u.level == "province":
        return PlaceRef("province", u.name, f"p:{u.code}", province=u.code)
    if u.level == "district":
        return PlaceRef("district", u.name, f"d:{u.code}", district=u.code, province=u.province,
                        district_name=u.name)
    d = gaz.unit("district", u.district) if u.district else None
    return PlaceRef("commune", u.name, f"c:{u.code}", commune=u.code, district=u.district,
                    province=u.province, district_name=d.name if d else None)


def resolve_name(name: str | None, level: str | None = None, district: str | None = None,
                 province: str | None = "62") -> PlaceRef | None:
    """A place name ("Kon Rẫy", "xã Đăk Tô Lung", even "ủy Kon Tum") as a gazetteer unit. Kon Tum
    province is the default scope: the corpus is Kon Tum's, and unscoped commune names collide."""
    if not name:
        return None
    gaz = _gaz()
    levels = [level] if level else ["province", "district", "commune"]
    words = name.split()
    for i in range(len(words)):              # drop leading junk: "ủy Kon Tum" → "Kon Tum"
        candidate = " ".join(words[i:])
        for lv in levels:
            if lv == "village":
                continue
            units = gaz.resolve_place(candidate, lv, district if lv == "commune" else None, province)
            if len(units) == 1:
                return _unit_ref(units[0])
    return None


VILLAGE = regex.compile(r"^\s*(?:thôn|làng|bản|buôn|khu dân cư)\s*(?:số\s*)?(\d+[a-z]?)?\s*(.*)$", regex.I)


def village_parts(name: str) -> tuple[str | None, list[str]]:
    """"Thôn 5 (Kon Băp Ju (Kon BRăp Ju))" → ("5", ["konbapju", "konbrapju"]); "Thôn Đak Jri" →
    (None, ["dakjri"]). Aliases are folded keys without spaces."""
    m = VILLAGE.match(name)
    number, rest = (m.group(1), m.group(2)) if m else (None, name)
    aliases = []
    for part in regex.findall(r"[^()]+", rest or ""):
        key = regex.sub(r"[^a-z0-9]", "", regex.sub(r"^\s*(?:lang|thon)\s+", "", fold(part)))
        if key:
            aliases.append(key)
    return number, aliases


def same_village(a: str, b: str) -> bool:
    """Two spellings of one village of the same commune: the same number, or alias names that agree
    ("Kon Bư" / "Kon Buru": one is a prefix of the other, or they are close)."""
    na, aa = village_parts(a)
    nb, ab = village_parts(b)
    if na and nb:
        return na == nb
    for x in aa:
        for y in ab:
            if x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x))):
                return True
            if difflib.SequenceMatcher(None, x, y).ratio() >= 0.8:
                return True
    return False


# ---------------------------------------------------------------- corpus

@dataclass
class Corpus:
    """The rows cross-checking needs, read once from the database."""
    documents: dict[int, dict[str, Any]]
    facts: dict[str, list[dict[str, Any]]]            # table → rows
    pages: dict[int, list[tuple[int, str]]] = field(default_factory=dict)   # paged documents only
    _by_doc: dict[str, dict[int, list[dict[str, Any]]]] = field(default_factory=dict, repr=False)

    def of(self, table: str, doc_id: int) -> list[dict[str, Any]]:
        by_doc = self._by_doc.get(table)
        if by_doc is None:   # index once: a scan per document is quadratic at 10,000 documents
            by_doc = self._by_doc[table] = defaultdict(list)
            for r in self.facts.get(table, []):
                by_doc[r["doc_id"]].append(r)
        return by_doc.get(doc_id, [])


def read_corpus(db) -> Corpus:
    """Documents and the fact tables cross-checking reads, from an open sqlite_utils Database."""
    if isinstance(db, Corpus):
        return db
    # One file per document: other renditions of it (rendition_of) would count its facts twice.
    docs = {r["id"]: r for r in db.query(
        "select id, path, file_name, number, type, issuer, place, date, title, text from documents "
        "where rendition_of is null")}
    facts = {}
    for table in ("targets", "achievements", "places", "assignments", "references", "consistency"):
        facts[table] = [r for r in db.query(f"select * from [{table}] order by doc_id, span_start")
                        if r["doc_id"] in docs] if table in db.table_names() else []
    pages: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for r in db.query("select doc_id, page, text from pages where page is not null order by doc_id, page"):
        pages[r["doc_id"]].append((r["page"], r["text"] or ""))
    return Corpus(docs, facts, dict(pages))


@dataclass
class Source:
    """Where a commitment or an outcome is written: document, page, span and quote."""
    doc_id: int
    number: str | None
    type: str | None
    date: str | None
    issuer: str | None
    page: int | None
    span: tuple[int, int]
    quote: str
    file_name: str | None = None
    anchor: str | None = None        # the fact's anchor on the document page ("targets-3")


def _source(corpus: Corpus, doc_id: int, start: int, end: int, page: int | None = None,
            quote: str | None = None) -> Source:
    d = corpus.documents[doc_id]
    return Source(doc_id, d.get("number"), d.get("type"), d.get("date"), d.get("issuer"), page,
                  (start, end), quote if quote is not None else (d.get("text") or "")[start:end],
                  d.get("file_name"))


# ---------------------------------------------------------------- sentences and status mentions

SENTENCE_END = regex.compile(r"(?<=[.!?])\s+(?=[\p{Lu}\d⁽(-])|\n+")


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for m in SENTENCE_END.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def _clause(text: str, s_start: int, s_end: int, pos: int) -> tuple[int, int]:
    """The ';'-separated part of a sentence that holds `pos` (list items are separated by ';')."""
    start = text.rfind(";", s_start, pos)
    end = text.find(";", pos, s_end)
    return (start + 1 if start >= 0 else s_start), (end if end >= 0 else s_end)


@dataclass
class StatusMention:
    """One place named with a status in one document: the raw material of timelines."""
    place: PlaceRef
    name: str                        # as written
    status: str                      # target | expected | recognized | achieved | not_met | maintain …
    indicator: str | None
    when: str | None                 # as-of date (claims) or deadline (targets), ISO
    decision: str | None             # a decision number cited in the sentence
    source: Source
    sentence: tuple[int, int]
    position: int = 0                # where the place is named


def _doc_district(corpus: Corpus, doc_id: int) -> str | None:
    """The district a document is about: the district place it names most."""
    counts: dict[str, int] = defaultdict(int)
    for p in corpus.of("places", doc_id):
        if p.get("level") == "district" and p.get("code"):
            counts[p["code"]] += 1
    return max(counts, key=counts.get) if counts else None


def _commune_ref(corpus: Corpus, doc_id: int, name: str | None, code: str | None) -> PlaceRef | None:
    gaz = _gaz()
    if code:
        u = gaz.unit("commune", code)
        if u:
            return _unit_ref(u)
    return resolve_name(name, "commune", _doc_district(corpus, doc_id)) if name else None


@dataclass
class _Mention:
    """One occurrence of a place in a document's text (the places table keeps only the first)."""
    start: int
    end: int
    ref: PlaceRef
    surface: str
    anchor: str | None               # the places row's anchor when this is its own occurrence


PREFIX_WORDS = {"commune": "xã|thị trấn|phường", "district": "huyện|thành phố|thị xã"}


def _place_refs(corpus: Corpus, doc_id: int) -> list[tuple[dict[str, Any], PlaceRef]]:
    """Every place row of a document with its resolved reference; villages keyed by commune."""
    cache = corpus.__dict__.setdefault("_refs", {})
    if doc_id in cache:
        return cache[doc_id]
    rows = sorted(corpus.of("places", doc_id), key=lambda r: r["span_start"] or 0)
    gaz = _gaz()
    out = []
    for i, r in enumerate(rows):
        level, name = r.get("level"), r.get("name") or ""
        if level == "village":
            commune = _commune_ref(corpus, doc_id, r.get("parent"), None)
            if commune is None:      # no parent: the commune named right after it (", xã Tân Lập")
                nxt = next((q for q in rows[i + 1:] if q.get("level") == "commune"
                            and 0 <= (q["span_start"] or 0) - (r["span_end"] or 0) <= 3), None)
                commune = _commune_ref(corpus, doc_id, nxt.get("name"), nxt.get("code")) if nxt else None
            ref = PlaceRef("village", name, f"v:{commune.commune if commune else '?'}:{name}",
                           commune=commune.commune if commune else None,
                           district=commune.district if commune else None,
                           province=commune.province if commune else None,
                           district_name=commune.district_name if commune else None)
        elif level in ("commune", "district", "province") and r.get("code"):
            u = gaz.unit(level, r["code"])
            if u is None:
                continue
            ref = _unit_ref(u)
        else:
            continue
        out.append((r, ref))
    cache[doc_id] = out
    return out


def place_mentions(corpus: Corpus, doc_id: int) -> list[_Mention]:
    """Every occurrence of every village, commune and district the document names, in text order.
    Communes and districts count only with their level word ("xã Đăk Hà" ≠ "huyện Đăk Hà")."""
    text = corpus.documents[doc_id].get("text") or ""
    found: list[_Mention] = []
    for row, ref in _place_refs(corpus, doc_id):
        forms = {row.get("name") or "", *json.loads(row.get("variants") or "[]")}
        if ref.level == "village":
            forms.add(row.get("quote") or "")
            patterns = [regex.escape(f) for f in forms if f]
            rx = regex.compile(r"(?<![\p{L}\d])(?i:" + "|".join(sorted(patterns, key=len, reverse=True))
                               + r")(?![\p{L}\d])")
        elif ref.level in PREFIX_WORDS:
            words = PREFIX_WORDS[ref.level]
            forms.add(regex.sub(r"^(?i:" + words + r")\s+", "", row.get("quote") or ""))
            patterns = [regex.escape(f) for f in forms if f]
            rx = regex.compile(r"(?<![\p{L}\d])(?i:" + words + r")\s+(?:" +
                               "|".join(sorted(patterns, key=len, reverse=True)) + r")(?![\p{L}\d])")
        else:
            continue
        for m in rx.finditer(text):
            own = m.start() == row.get("span_start")
            found.append(_Mention(m.start(), m.end(), ref, m.group(0),
                                  f"places-{row['id']}" if own else None))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[_Mention] = []
    for m in found:                          # the longest reading of overlapping mentions wins
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _is_parent_of_village(mentions: list[_Mention], i: int) -> bool:
    """"Thôn 4 (Kon Bư), xã Tân Lập": the commune names the village's parent, not a claim of its own."""
    m = mentions[i]
    return m.ref.level == "commune" and i > 0 and mentions[i - 1].ref.level == "village" \
        and 0 <= m.start - mentions[i - 1].end <= 3


def _page_at(corpus: Corpus, doc_id: int, start: int, end: int) -> int | None:
    """The page of a passage: pages are stored as text, so find the page that holds it."""
    pages = corpus.pages.get(doc_id)
    if not pages:
        return None
    probe = (corpus.documents[doc_id].get("text") or "")[start:end].strip()[:60]
    return next((p for p, t in pages if probe and probe in t), pages[0][0])


def status_mentions(db) -> list[StatusMention]:
    """Every village, commune and district named with a status, across all documents."""
    corpus = read_corpus(db)
    cache = corpus.__dict__.setdefault("_mentions", None)
    if cache is not None:
        return cache
    out: list[StatusMention] = []
    for doc_id, doc in corpus.documents.items():
        text = doc.get("text") or ""
        mentions = place_mentions(corpus, doc_id)
        references = corpus.of("references", doc_id)
        for i, pm in enumerate(mentions):
            if _is_parent_of_village(mentions, i):
                continue
            pos = pm.start
            s_start, s_end = sentence_at(text, pos)
            c_start, c_end = _clause(text, s_start, s_end, pos)
            clause, head = text[c_start:c_end], text[s_start:pos]
            status = classify_status(clause) or classify_status(head)
            if not status:
                continue
            indicator = (classify_indicator(clause, level=pm.ref.level, kinds=("status",))
                         or classify_indicator(text[s_start:s_end], level=pm.ref.level, kinds=("status",)))
            if not indicator:
                continue
            # the date nearest after the place in its clause, else before it, else the sentence's
            after = [d for _, d in dates_in(text[pos:c_end])]
            before = [d for _, d in dates_in(text[c_start:pos])]
            sentence_dates = [d for _, d in dates_in(text[s_start:s_end])]
            when = (after or before[::-1] or sentence_dates or [None])[0]
            if status in POSITIVE + NEGATIVE and not when:
                when = doc.get("date")
            decision = next((f["number"] for f in references
                             if s_start <= (f["span_start"] or 0) < s_end and "QĐ" in (f.get("number") or "")), None)
            if decision is None:
                m = regex.search(r"Quyết định (?:số\s*)?(\d+/[\w/-]+)", text[s_start:s_end])
                decision = m.group(1) if m else None
            src = _source(corpus, doc_id, s_start, s_end, _page_at(corpus, doc_id, s_start, s_end))
            src.anchor = pm.anchor
            out.append(StatusMention(pm.ref, pm.surface, status, indicator, when, decision, src,
                                     (s_start, s_end), pos))
    corpus.__dict__["_mentions"] = out
    return out


# ---------------------------------------------------------------- commitments and outcomes

@dataclass
class Commitment:
    key: str                                  # stable across runs: kind:doc file:span
    kind: str                                 # target | place_list | place_status | assignment
    indicator: str | None
    place: PlaceRef | None
    deadline: str | None
    source: Source
    value: float | None = None
    unit: str | None = None
    denominator: float | None = None
    comparator: str | None = None
    increment: bool = False                   # "thêm": on top of the level when it was written
    items: list[PlaceRef] = field(default_factory=list)   # named places of a list
    assignee: str | None = None
    task: str | None = None
    supporters: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        what = indicator_label(self.indicator) or (self.task or "")[:80]
        where = self.place.name if self.place else (self.assignee or "?")
        if self.kind == "place_list":
            return f"{len(self.items)} named {what} in {where} by {self.deadline}"
        if self.kind in ("place_status", "assignment") and self.value is None:
            return f"{where}: {what} by {self.deadline}"
        num = f"{'+' if self.increment else ''}{_fmt(self.value)}" + (f"/{_fmt(self.denominator)}" if self.denominator else "")
        unit = "" if indicator_kind(self.indicator) == "status" and self.unit != "%" else (self.unit or "")
        return " ".join(f"{where}: {num} {unit} {what} by {self.deadline}".split())


@dataclass
class Outcome:
    kind: str                                 # figure | status
    indicator: str | None
    place: PlaceRef | None
    as_of: str | None
    source: Source
    value: float | None = None
    unit: str | None = None
    denominator: float | None = None
    stance: str = "count"                     # count | positive | negative
    status: str | None = None                 # status class of a status mention
    decision: str | None = None


def _fmt(x: float | None) -> str:
    if x is None:
        return "?"
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _fact_place(corpus: Corpus, row: dict[str, Any]) -> PlaceRef | None:
    """The place of a target or achievement row, resolved with the document's own places first."""
    name = row.get("place")
    if not name:
        return None
    gaz = _gaz()
    key = gaz.place_key(name)
    best = None
    for prow, ref in _place_refs(corpus, row["doc_id"]):
        names = [prow.get("name") or ""] + json.loads(prow.get("variants") or "[]")
        if ref.level != "village" and any(gaz.place_key(n) == key for n in names):
            # "Đăk Hà" is a district and a commune: the wider unit named in the document wins
            if best is None or LEVELS.index(ref.level) > LEVELS.index(best.level):
                best = ref
    return best or resolve_name(name, district=_doc_district(corpus, row["doc_id"]))


def _list_extent(text: str, start: int) -> tuple[int, int]:
    s_start, s_end = sentence_at(text, start)
    return start, s_end


def commitments(db) -> list[Commitment]:
    """Targets with a deadline, named lists, places aiming at a title, and tasks with a deadline."""
    corpus = read_corpus(db)
    out: list[Commitment] = []
    list_extents: dict[int, list[tuple[int, int, str | None]]] = defaultdict(list)
    for row in corpus.facts.get("targets", []):
        if not row.get("deadline"):
            continue
        doc_id = row["doc_id"]
        text = corpus.documents[doc_id].get("text") or ""
        quote = row.get("quote") or ""
        indicator = classify_indicator(f"{row.get('subject') or ''} {quote}", row.get("unit"),
                                       denominator=row.get("denominator"))
        level = indicator_level(indicator)
        start, end = _list_extent(text, row["span_start"] or 0)
        items: list[PlaceRef] = []
        if indicator_kind(indicator) == "status" and level in ("village", "commune"):
            # "… gồm: Thôn 4 (Kon Bư), xã Tân Lập; …": the places of the indicator's level that
            # follow the target in its sentence are the named list
            for pm in place_mentions(corpus, doc_id):
                if pm.ref.level == level and max(start, (row["span_end"] or 0) - 1) <= pm.start < end \
                        and not any(_same_place(pm.ref, x) for x in items):
                    items.append(pm.ref)
        list_extents[doc_id].append((row["span_start"] or 0, end, indicator))
        src = _source(corpus, doc_id, row["span_start"] or 0, row["span_end"] or 0, row.get("page"), quote)
        src.anchor = f"targets-{row['id']}"
        out.append(Commitment(
            key=f"target:{corpus.documents[doc_id].get('file_name')}:{row['span_start']}",
            kind="place_list" if items else "target", indicator=indicator, place=_fact_place(corpus, row),
            deadline=str(row["deadline"]), source=src, value=row.get("value"), unit=row.get("unit"),
            denominator=row.get("denominator"), comparator=row.get("comparator"),
            increment=bool(regex.search(r"\bthêm\b", quote, regex.I)), items=items))
    # one task is one commitment, whoever supports it: the lead (or responsible) agency owns it
    tasks: dict[tuple[int, int, int], list[dict[str, Any]]] = defaultdict(list)
    for row in corpus.facts.get("assignments", []):
        if row.get("deadline"):
            tasks[(row["doc_id"], row["span_start"] or 0, row["span_end"] or 0)].append(row)
    taken_spans = defaultdict(list)
    for (doc_id, start, end), rows in tasks.items():
        rows.sort(key=lambda r: {"lead": 0, "responsible": 1}.get(r.get("role"), 2))
        row = rows[0]
        task = row.get("task") or row.get("quote") or ""
        indicator = classify_indicator(task, kinds=("status",))
        place = None
        if indicator:
            level = indicator_level(indicator)
            place = next((pm.ref for pm in place_mentions(corpus, doc_id)
                          if pm.ref.level == level and start <= pm.start < end), None)
        src = _source(corpus, doc_id, start, end, row.get("page"), row.get("quote"))
        src.anchor = f"assignments-{row['id']}"
        out.append(Commitment(
            key=f"assignment:{corpus.documents[doc_id].get('file_name')}:{start}",
            kind="assignment", indicator=indicator if place else None, place=place,
            deadline=str(row["deadline"]), source=src,
            assignee=row.get("agency") or row.get("assignee"), task=task,
            supporters=[r.get("agency") or r.get("assignee") for r in rows[1:]]))
        taken_spans[doc_id].append((start, end))
    for m in status_mentions(corpus):
        if m.status != "target" or not m.when or m.place.level not in ("village", "commune", "district"):
            continue
        doc_id = m.source.doc_id
        if any(s <= m.position < e and (ind is None or indicator_level(ind) == m.place.level)
               for s, e, ind in list_extents[doc_id]):
            continue                         # one item of a named list: the list is the commitment
        if any(s <= m.position < e for s, e in taken_spans[doc_id]):
            continue                         # the task already says it, with its assignee
        out.append(Commitment(
            key=f"status:{corpus.documents[doc_id].get('file_name')}:{m.position}:{m.indicator}",
            kind="place_status", indicator=m.indicator, place=m.place, deadline=m.when, source=m.source))
    return out


def outcomes(db) -> list[Outcome]:
    """Figures claimed as reached (achievements) and places named as recognised, reached or not."""
    corpus = read_corpus(db)
    out: list[Outcome] = []
    for row in corpus.facts.get("achievements", []):
        quote = row.get("quote") or ""
        indicator = classify_indicator(f"{row.get('subject') or ''} {quote}", row.get("unit"),
                                       denominator=row.get("denominator"))
        if not indicator:
            continue
        if regex.search(r"\bthêm\b", quote, regex.I):
            continue                         # an increment is no level: it cannot meet a total
        src = _source(corpus, row["doc_id"], row["span_start"] or 0, row["span_end"] or 0,
                      row.get("page"), quote)
        src.anchor = f"achievements-{row['id']}"
        out.append(Outcome("figure", indicator, _fact_place(corpus, row),
                           str(row.get("as_of") or corpus.documents[row["doc_id"]].get("date") or ""), src,
                           value=row.get("value"), unit=row.get("unit"), denominator=row.get("denominator")))
    for m in status_mentions(corpus):
        if m.status in POSITIVE or m.status in NEGATIVE:
            out.append(Outcome("status", m.indicator, m.place, m.when, m.source,
                               stance="positive" if m.status in POSITIVE else "negative",
                               status=m.status, decision=m.decision))
    return out


# ---------------------------------------------------------------- trace

@dataclass
class Evidence:
    role: str                    # outcome | baseline | conflict | part (of a sum)
    source: Source
    as_of: str | None = None
    value: float | None = None
    place: str | None = None
    stance: str | None = None
    decision: str | None = None


@dataclass
class Finding:
    commitment: Commitment
    status: str
    evidence: list[Evidence] = field(default_factory=list)
    achieved: float | None = None
    required: float | None = None
    note: str = ""
    items: list[dict[str, Any]] = field(default_factory=list)   # per named place: name, state

    @property
    def fraction(self) -> str | None:
        if self.achieved is None or not self.required:
            return None
        return f"{_fmt(self.achieved)}/{_fmt(self.required)}"


def _evidence(o: Outcome, role: str = "outcome") -> Evidence:
    return Evidence(role, o.source, o.as_of, o.value, o.place.name if o.place else None, o.stance, o.decision)


def _units_compatible(a: str | None, b: str | None) -> bool:
    a, b = _unit(a), _unit(b)
    pct = lambda u: u.startswith("%")  # noqa: E731
    return a == b or (pct(a) and pct(b))


def _later_than(o: Outcome, c: Commitment) -> bool:
    """Evidence that can speak for a commitment: from another document, not dated before it."""
    if o.source.doc_id == c.source.doc_id:
        return False
    op, cp = parse_period(o.as_of), parse_period(c.source.date)
    return op is None or cp is None or op.end >= cp.start


def _children_key(place: PlaceRef) -> tuple[str, str] | None:
    return {"province": ("district", "province"), "district": ("commune", "district"),
            "commune": ("village", "commune")}.get(place.level)


def _decide(c: Commitment, achieved: float | None, required: float | None, newest: Period | None,
            today: dt.date) -> str:
    deadline = parse_period(c.deadline)
    if achieved is not None and required is not None:
        if c.comparator in ("<=", "<"):
            ok = achieved <= required if c.comparator == "<=" else achieved < required
        else:
            ok = achieved >= required
        if ok:
            return "met"
    if deadline is None or newest is None or not covers(newest, deadline) or deadline.end > today:
        return "pending"
    return "partly_met" if achieved else "missed"


def _latest(group: list[Outcome]) -> tuple[list[Outcome], bool]:
    """The outcomes of the newest moment, and whether documents disagree about it."""
    dated = [(parse_period(o.as_of), o) for o in group]
    dated = [(p, o) for p, o in dated if p]
    if not dated:
        return [], False
    newest = max(p.end for p, _ in dated)
    top = next(p for p, _ in dated if p.end == newest)
    same = [o for p, o in dated if same_period(p, top)]
    values = {(o.value) for o in same}
    docs = {o.source.doc_id for o in same}
    contradicted = len(values) > 1 and len(docs) > 1
    if not contradicted:
        same = [o for p, o in dated if p.end == newest]
    return same, contradicted


def _trace_figure(c: Commitment, pool: list[Outcome], today: dt.date) -> Finding:
    figures = [o for o in pool if o.kind == "figure" and o.indicator == c.indicator
               and _units_compatible(o.unit, c.unit) and o.place]
    here = [o for o in figures if c.place and o.place.key == c.place.key]
    later = [o for o in here if _later_than(o, c)]
    required = c.value
    note = []
    evidence: list[Evidence] = []
    if c.increment:
        base = [o for o in here if not _later_than(o, c)]
        base_latest, _ = _latest(base)
        if base_latest:
            required = (base_latest[0].value or 0) + (c.value or 0)
            evidence.append(_evidence(base_latest[0], "baseline"))
            note.append(f"'thêm {_fmt(c.value)}' on a baseline of {_fmt(base_latest[0].value)}")
        else:
            # a level reached says nothing about how much was added since the plan
            note.append(f"'thêm {_fmt(c.value)}' without a baseline to add it to")
            return Finding(c, "no_evidence", [], None, None, "; ".join(note))
    if later:
        same, contradicted = _latest(later)
        evidence += [_evidence(o, "conflict" if contradicted else "outcome") for o in same]
        newest = parse_period(same[0].as_of)
        if contradicted:
            vals = ", ".join(f"{_fmt(o.value)} ({o.source.number or o.source.file_name})" for o in same)
            return Finding(c, "contradicted", evidence, None, required,
                           "; ".join(note + [f"sources disagree: {vals}"]))
        achieved = same[0].value
        return Finding(c, _decide(c, achieved, required, newest, today), evidence, achieved, required,
                       "; ".join(note))
    # no figure for the place itself: the sum of its children, said so
    if c.place and _children_key(c.place) and indicator_summable(c.indicator) and not _unit(c.unit).startswith("%"):
        child_level, attr = _children_key(c.place)
        parent_code = getattr(c.place, attr)
        by_child: dict[str, list[Outcome]] = defaultdict(list)
        for o in figures:
            if o.place.level == child_level and getattr(o.place, attr) == parent_code and _later_than(o, c):
                by_child[o.place.key].append(o)
        if by_child:
            low = high = 0.0
            oldest, parts, conflicted = None, [], []
            for key, group in sorted(by_child.items()):
                same, contradicted = _latest(group)
                values = [o.value or 0 for o in same]
                low, high = low + min(values), high + max(values)
                name = same[0].place.name
                parts.append(f"{name} {'/'.join(_fmt(v) for v in sorted(set(values)))}")
                if contradicted:
                    conflicted.append(name)
                evidence += [_evidence(o, "conflict" if contradicted else "part") for o in same]
                p = parse_period(same[0].as_of)
                oldest = p if oldest is None or p.end < oldest.end else oldest
            total_children = _child_count(c.place, child_level)
            complete = total_children is not None and len(by_child) >= total_children
            level_name = {"district": "districts", "commune": "communes", "village": "villages"}[child_level]
            of = f" of {total_children}" if total_children else ""
            note.append(f"no {c.place.level}-wide figure: sum of {len(by_child)}{of} {level_name} "
                        f"({' + '.join(parts)} = {_fmt(low) if low == high else f'{_fmt(low)}–{_fmt(high)}'})")
            if conflicted:
                note.append("sources disagree on " + ", ".join(conflicted))
            # a partial sum is a lower bound: it can show a target met, never one missed
            if required is not None and low >= required and not c.comparator in ("<=", "<"):
                return Finding(c, "met", evidence, low, required, "; ".join(note))
            if conflicted and (required is None or high >= required):
                return Finding(c, "contradicted", evidence, None, required, "; ".join(note))
            if not complete:
                note.append(f"only {len(by_child)}{of} {level_name} report: a shortfall is not proven")
                return Finding(c, "pending", evidence, low, required, "; ".join(note))
            return Finding(c, _decide(c, low, required, oldest, today), evidence, low, required,
                           "; ".join(note))
    return Finding(c, "no_evidence", evidence, None, required, "; ".join(note))


def _child_count(place: PlaceRef, child_level: str) -> int | None:
    """How many districts a province has (communes a district has), from the gazetteer."""
    if child_level == "village":
        return None
    g = _gaz().gazetteer()
    attr = "province" if place.level == "province" else "district"
    code = getattr(place, attr)
    return sum(1 for (lv, _), u in g.units.items() if lv == child_level and getattr(u, attr) == code) or None


def _same_place(a: PlaceRef, b: PlaceRef) -> bool:
    if a.level != b.level:
        return False
    if a.level == "village":
        return a.commune is not None and a.commune == b.commune and same_village(a.name, b.name)
    return a.key == b.key


def _item_state(c: Commitment, item: PlaceRef, pool: list[Outcome]) -> tuple[str, list[Outcome]]:
    """met | not_met | contradicted | unknown, with the outcomes that say so."""
    found = [o for o in pool if o.kind == "status" and o.indicator == c.indicator and o.place
             and _same_place(o.place, item) and _later_than(o, c)]
    pos = [o for o in found if o.stance == "positive"]
    neg = [o for o in found if o.stance == "negative"]
    if pos and neg:
        # "chưa đạt" after a recognition, in another document, contradicts it; before it, it is history
        first_pos = min(parse_period(o.as_of).end for o in pos if parse_period(o.as_of)) if any(
            parse_period(o.as_of) for o in pos) else None
        late_neg = [o for o in neg if first_pos and parse_period(o.as_of) and parse_period(o.as_of).end >= first_pos
                    and all(o.source.doc_id != p.source.doc_id for p in pos)]
        if late_neg:
            return "contradicted", pos + late_neg
        return "met", pos
    if pos:
        return "met", pos
    if neg:
        return "not_met", neg
    return "unknown", []


def _trace_places(c: Commitment, pool: list[Outcome], today: dt.date) -> Finding:
    targets = c.items or ([c.place] if c.place else [])
    evidence, items, dates = [], [], []
    met = 0
    states = []
    for item in targets:
        state, used = _item_state(c, item, pool)
        states.append(state)
        met += state == "met"
        role = "conflict" if state == "contradicted" else "outcome"
        evidence += [_evidence(o, role) for o in used]
        dates += [parse_period(o.as_of) for o in used if parse_period(o.as_of)]
        items.append({"name": item.name, "commune": item.commune, "state": state,
                      "evidence": [o.source.number or o.source.file_name for o in used]})
    evidence = list({(e.role, e.source.doc_id, e.source.span): e for e in evidence}.values())
    required = len(targets)
    if c.kind == "place_list" and c.value and not c.increment and c.value != required:
        required = c.value
    if "contradicted" in states:
        return Finding(c, "contradicted", evidence, met, required,
                       "sources disagree on " + ", ".join(i["name"] for i in items if i["state"] == "contradicted"),
                       items)
    if not evidence:
        return Finding(c, "no_evidence", [], None, required, "", items)
    newest = max(dates, key=lambda p: p.end) if dates else None
    if met >= required:
        return Finding(c, "met", evidence, met, required, "", items)
    deadline = parse_period(c.deadline)
    all_known = all(s != "unknown" for s in states)
    if deadline and deadline.end <= today and (all_known or (newest and covers(newest, deadline))):
        status = "partly_met" if met else "missed"
    else:
        status = "pending"
    return Finding(c, status, evidence, met, required, "", items)


def trace(commitments: list[Commitment], outcomes: list[Outcome], today: dt.date | str | None = None
          ) -> list[Finding]:
    """The status of every commitment, with its evidence. `today` decides whether a deadline has
    passed; evidence older than the deadline leaves a commitment pending."""
    if today is None:
        today = dt.date.today()
    elif isinstance(today, str):
        today = dt.date.fromisoformat(today)
    findings = []
    for c in commitments:
        if c.indicator is None or c.place is None:
            findings.append(Finding(c, "no_evidence", [], note="no NTM indicator or place to match on"))
        elif c.kind in ("place_list", "place_status") or (c.kind == "assignment" and c.value is None):
            findings.append(_trace_places(c, outcomes, today))
        else:
            findings.append(_trace_figure(c, outcomes, today))
    return findings


# ---------------------------------------------------------------- timelines

@dataclass
class TimelineEntry:
    when: str | None
    status: str
    indicator: str | None
    decision: str | None
    source: Source
    name: str                        # as written in that document


@dataclass
class Timeline:
    level: str                        # village | commune
    name: str
    commune: str | None
    district: str | None
    variants: list[str]
    entries: list[TimelineEntry]


def timelines(db) -> list[Timeline]:
    """Per village and per commune: every status mention across documents, oldest first. Villages
    spelled differently (Kon Bư / Kon Buru) are one village when their commune and number agree."""
    corpus = read_corpus(db)
    groups: list[tuple[PlaceRef, list[StatusMention]]] = []
    for m in status_mentions(corpus):
        if m.place.level not in ("village", "commune"):
            continue
        for ref, members in groups:
            if _same_place(ref, m.place):
                members.append(m)
                break
        else:
            groups.append((m.place, [m]))
    out = []
    for ref, members in groups:
        entries = sorted((TimelineEntry(m.when, m.status, m.indicator, m.decision, m.source, m.place.name)
                          for m in members), key=lambda e: (e.when or "", e.source.date or ""))
        names = list(dict.fromkeys(m.place.name for m in members))
        district = ref.district_name
        commune_name = None
        if ref.level == "village" and ref.commune:
            u = _gaz().unit("commune", ref.commune)
            commune_name = u.name if u else ref.commune
        out.append(Timeline(ref.level, names[0], commune_name, district, names[1:], entries))
    return sorted(out, key=lambda t: (t.district or "", t.level != "commune", t.commune or "", t.name))


# ---------------------------------------------------------------- rows, JSON, storage

def district_of(place: PlaceRef | None) -> str:
    """The district a commitment belongs to in summaries; province-wide ones are 'Toàn tỉnh'."""
    if place is None:
        return "(không rõ)"
    if place.level == "province":
        return "Toàn tỉnh"
    return place.district_name or place.name


def commitment_dict(c: Commitment) -> dict[str, Any]:
    return {
        "key": c.key, "kind": c.kind, "label": c.label, "indicator": c.indicator,
        "indicator_label": indicator_label(c.indicator) if c.indicator else None,
        "place": c.place.name if c.place else None, "place_level": c.place.level if c.place else None,
        "district": district_of(c.place), "value": c.value, "unit": c.unit, "denominator": c.denominator,
        "comparator": c.comparator, "increment": c.increment, "deadline": c.deadline,
        "items": [i.name for i in c.items], "assignee": c.assignee, "supporters": c.supporters,
        "task": c.task,
        "source": asdict(c.source),
    }


def finding_dict(f: Finding) -> dict[str, Any]:
    return {"commitment": commitment_dict(f.commitment), "status": f.status,
            "status_label": STATUS_LABELS[f.status], "fraction": f.fraction, "achieved": f.achieved,
            "required": f.required, "note": f.note, "items": f.items,
            "evidence": [{**asdict(e.source), "role": e.role, "as_of": e.as_of, "value": e.value,
                          "place": e.place, "stance": e.stance, "decision": e.decision}
                         for e in f.evidence]}


def store_findings(db, findings: list[Finding], lines: Iterable[Timeline] = ()) -> None:
    """Replace the previous run's `commitment_status`, `evidence` and `status_timeline` rows, in one
    transaction, so the web UI never sees half a run."""
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    status_rows, evidence_rows, timeline_rows = [], [], []
    for i, f in enumerate(findings, start=1):
        c = f.commitment
        status_rows.append({
            "id": i, "commitment_key": c.key, "kind": c.kind, "label": c.label,
            "indicator": c.indicator, "indicator_label": indicator_label(c.indicator) if c.indicator else None,
            "place": c.place.name if c.place else None, "place_level": c.place.level if c.place else None,
            "district": district_of(c.place), "deadline": c.deadline,
            "deadline_year": int(c.deadline[:4]) if c.deadline and c.deadline[:4].isdigit() else None,
            "value": c.value, "unit": c.unit, "items": json.dumps([x.name for x in c.items], ensure_ascii=False),
            "assignee": c.assignee, "task": c.task,
            "doc_id": c.source.doc_id, "number": c.source.number, "date": c.source.date,
            "page": c.source.page, "span_start": c.source.span[0], "span_end": c.source.span[1],
            "quote": c.source.quote, "status": f.status, "fraction": f.fraction, "achieved": f.achieved,
            "required": f.required, "note": f.note,
            "item_states": json.dumps(f.items, ensure_ascii=False), "checked_at": now})
        for e in f.evidence:
            evidence_rows.append({
                "commitment_status_id": i, "role": e.role, "doc_id": e.source.doc_id,
                "number": e.source.number, "date": e.source.date, "page": e.source.page,
                "span_start": e.source.span[0], "span_end": e.source.span[1], "quote": e.source.quote,
                "as_of": e.as_of, "value": e.value, "place": e.place, "stance": e.stance,
                "decision": e.decision})
    for t in lines:
        for e in t.entries:
            timeline_rows.append({
                "level": t.level, "name": t.name, "commune": t.commune, "district": t.district,
                "variants": json.dumps(t.variants, ensure_ascii=False), "spelled": e.name,
                "when": e.when, "status": e.status, "indicator": e.indicator, "decision": e.decision,
                "doc_id": e.source.doc_id, "number": e.source.number, "date": e.source.date,
                "page": e.source.page, "span_start": e.source.span[0], "span_end": e.source.span[1],
                "quote": e.source.quote})
    schemas = {
        "commitment_status": {k: (int if k in ("id", "doc_id", "page", "span_start", "span_end", "deadline_year")
                                  else float if k in ("value", "achieved", "required") else str)
                              for k in (status_rows[0] if status_rows else {"id": 0})},
    }
    with db.atomic():
        for table in ("evidence", "status_timeline", "commitment_status"):
            if table in db.table_names():
                db.execute(f"delete from [{table}]")
        if "commitment_status" not in db.table_names():
            db["commitment_status"].create(schemas["commitment_status"], pk="id")
        if "evidence" not in db.table_names():
            db["evidence"].create({"id": int, "commitment_status_id": int, "role": str, "doc_id": int},
                                  pk="id", foreign_keys=[("commitment_status_id", "commitment_status", "id"),
                                                         ("doc_id", "documents", "id")])
            db["evidence"].create_index(["commitment_status_id"])
        if "status_timeline" not in db.table_names():
            db["status_timeline"].create({"id": int, "level": str, "name": str, "doc_id": int}, pk="id",
                                         foreign_keys=[("doc_id", "documents", "id")])
        if status_rows:
            db["commitment_status"].insert_all(status_rows, alter=True)
        if evidence_rows:
            db["evidence"].insert_all(evidence_rows, alter=True)
        if timeline_rows:
            db["status_timeline"].insert_all(timeline_rows, alter=True)


def consistency_rows(db) -> list[dict[str, Any]]:
    """The within-document checks (extractors/consistency.py), with their document."""
    if "consistency" not in db.table_names():
        return []
    return list(db.query("""select c.*, d.number, d.type, d.date, d.file_name from consistency c
                            join documents d on d.id = c.doc_id and d.rendition_of is null
                            order by c.doc_id, c.span_start"""))


def check_json(db, today: dt.date | str | None = None) -> dict[str, Any]:
    """What `ntm check --json` prints."""
    corpus = read_corpus(db)
    findings = trace(commitments(corpus), outcomes(corpus), today)
    cons = []
    for r in consistency_rows(db):
        cons.append({k: r.get(k) for k in ("doc_id", "number", "file_name", "page", "kind", "stated",
                                            "computed", "consistent", "note", "quote")}
                    | {"span": [r.get("span_start"), r.get("span_end")]})
    return {"consistency": cons, "commitments": [finding_dict(f) for f in findings]}
