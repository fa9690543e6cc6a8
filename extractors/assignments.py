"""Assignments: who must do what, with role and deadline (domain.md §7, gold README "assignments").

Patterns, read paragraph by paragraph (footnotes, the addressee block and "Nơi nhận" skipped):
- an assigner's cue before the assignee: "UBND tỉnh giao X …", "Đề nghị X …", "Yêu cầu X …"; at a clause
  start also a report's own directives "Chỉ đạo X …", "Phân công X …";
- an agency opening a clause, then its verb: "X chủ trì, phối hợp với Y …", "X có trách nhiệm …",
  "…, các địa phương cần …" (after a comma only with a strong verb);
- "- X: task" bullets, and a numbered heading naming agencies whose "-" bullets are its tasks;
- "yêu cầu X … như sau:" makes X the actor of the numbered items that name nobody, and of items that open
  with X's own directive ("1. Chỉ đạo UBND các xã …");
- a decision's executing clause ("Chánh Văn phòng …; Giám đốc các Sở: A, B; Chủ tịch … chịu trách nhiệm
  thi hành …") gives one assignment per office holder; an attached Quy định after the signature is read;
- a named partner after "(chủ trì,) phối hợp với" supports; the closing formula ("Đề nghị X quan tâm, chỉ
  đạo thực hiện./.") is not a task.
The agency phrase runs from a head word (lexicon) to the first verb cue. A list of bodies is split one
per body, fixed collective phrases ("các đơn vị, địa phương") are not. Unnamed partners ("… liên quan")
and reported facts ("X đã …") are not assignments; in a report only directives count outside the
"nhiệm vụ, giải pháp" sections; "MỤC ĐÍCH, YÊU CẦU" states requirements, not assignments.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from extractors.common import load_rules, make_fact
from extractors.dates import deadline_in
from pipeline.model import Assignment, Document, DocumentInfo
from pipeline.model.normalize import fold
from pipeline.model.text import alternation
from pipeline.model.text import sentences as split_sentences

CUES = load_rules("assignment_cues.json")
AGENCIES = load_rules("agencies.json")


def _alt(words) -> str:
    return alternation(words, flexible_spaces=False)


def _ci_first(words) -> str:
    """Alternation matching each word in lower case or with a capital first letter."""
    return _alt({w for x in words for w in (x, x[:1].upper() + x[1:])})


NB = r"(?![\p{L}\p{N}])"
STANDALONE = regex.compile(r"(?i:" + _alt(CUES["standalone_heads"]) + r")" + NB)
NAMED = regex.compile(r"(?i:" + _alt(CUES["named_heads"]) + r")\s+(?=\p{Lu}|(?:" + _alt(CUES["name_followers"]) + r")" + NB + ")")
VERB = regex.compile(r"(?:" + _alt(CUES["verbs"]) + r")" + NB)
FIRST_VERB = regex.compile(r"(?:" + _ci_first(CUES["verbs"]) + r")" + NB)
_agency_names = [n for c, aliases in AGENCIES["agencies"].items() for n in [c, *aliases]]
NOUNS = regex.compile(r"(?i:" + _alt(CUES["noun_phrases"] + _agency_names) + r")" + NB)
SCAN_STOP = regex.compile(r"(?:" + _alt(CUES["reported_markers"]) + r")" + NB)
ASSIGN = regex.compile(r"(?<![\p{L}])(?:" + _ci_first(CUES["assign_cues"]) + r")\s+")
ASSIGN_WORD = regex.compile(r"(?:" + _alt(CUES["assign_cues"]) + r")" + NB)
CLAUSE_ASSIGN = regex.compile(r"(?:" + _ci_first(CUES["clause_start_cues"]) + r")\s+")
ASSIGN_BLOCKERS = regex.compile(r"(?:được|đã được|theo|của|có|đã|cấp có thẩm quyền)\s+$", regex.I)
STRONG = regex.compile(r"(?:" + _alt(CUES["strong_verbs"]) + r")" + NB)
LEAD_IN = regex.compile(r"(?:" + _ci_first(CUES["lead_ins"]) + r")\s*,?\s*")
SUPPORT = regex.compile(r"(?:" + _ci_first(CUES["support_starts"]) + r")")
UNNAMED = regex.compile(r"(?i:" + _alt(CUES["unnamed"]) + r")" + NB)
COLLECTIVE = regex.compile(r"(?i:" + _alt(CUES["collective_phrases"] + [n for n in _agency_names if "," in n]) + r")" + NB)
PLACE_GROUP = regex.compile(r"(?i:(" + _alt(CUES["place_group_heads"]) + r"))\s*:?\s*")
_LEVELS = "thành phố|thị xã|thị trấn|huyện|quận|xã|phường"
# "UBND các huyện Bắc Trà My, Nam Trà My và Tây Giang": a head, a plural level noun, then capitalised names
NAMED_PLACE_GROUP = regex.compile(r"^(?P<head>(?:" + _ci_first(CUES["place_body_heads"]) + r")\s+)(?i:các|những)\s+"
                                  r"(?P<level>" + _LEVELS + r")\s+(?=\p{Lu})")
LEVEL_WORD = regex.compile(r"^(?i:thành phố|thị xã|huyện|quận|xã|phường|thị trấn)\s+")
TOKEN = regex.compile(r"[\p{L}\p{N}&'’/]+|[^\s\p{L}\p{N}]")
GLUE = regex.compile(r"(?<=\p{Ll})(?=\p{Lu}\p{Ll})")
NUMBERED = regex.compile(r"^(?:Điều\s+)?(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+")
DIRECTIVE = regex.compile(r"(?:" + _ci_first(CUES["directive_starts"]) + r")\s+")
BARE_LEVEL_ACTOR = regex.compile(r"^(?:UBND|Ủy ban nhân dân|Chủ tịch UBND|Chủ tịch Ủy ban nhân dân)\s+(" + _LEVELS + r")$", regex.I)
ARTICLE = regex.compile(r"^Điều\s+\d")
# after the signature block, an attached document ("QUY ĐỊNH", "(Kèm theo Quyết định số …)") starts the text again
ATTACHMENT = regex.compile(r"^\s*(?:(?:" + _alt(CUES["attachment_titles"]) + r")(?![\p{Ll}])[^\p{Ll}]*$"
                           r"|\(?\s*(?:Ban hành\s+)?(?i:kèm theo)\s)")
ROMAN = regex.compile(r"^[IVXLC]{1,6}\.\s+")
BULLET = regex.compile(r"^(?:[-–—+•]|[a-zđ]\)(?=\s))\s*")
FOOTNOTE_LINE = regex.compile(r"^\s*⁽[⁰¹²³⁴-⁹]+⁾")
INTRO_END = regex.compile(r"(?:" + _alt(CUES["intro_endings"]) + r")?\s*(?:⁽[⁰¹²³⁴-⁹]+⁾)?\s*:\s*$", regex.I)
PARTNER = regex.compile(r"(?:chủ trì\s*,?\s*)?phối hợp (?:với|cùng)\s+")
GENERIC_PARTNER = regex.compile(r"(?i:các|những|mọi)\s(?![^,;:]{1,30}:\s*\p{Lu})(?!(?:" + _alt(CUES["place_group_heads"].values()) + r")\s+\p{Lu})")
# the closing formula "Đề nghị X quan tâm, chỉ đạo thực hiện./." names no task
CLOSING_TASK = regex.compile(r"^(?:(?:" + _alt(CUES["closing_task_words"]) + r")(?:\s*,\s*|\s+(?:và\s+)?|(?=[./\s]*$)))+"
                             r"(?:(?:" + _alt(CUES["closing_task_objects"]) + r")\s*)?[./\s]*$", regex.I)
# "Chánh Văn phòng UBND tỉnh; Giám đốc các Sở: A, B; Chủ tịch UBND các huyện … chịu trách nhiệm thi hành Quyết định này"
EXECUTORS = regex.compile(r"(?P<subj>[^.]+?)\s+(?:" + _alt(CUES["executor_verbs"]) + r")" + NB)
OFFICE_LIST = regex.compile(r"^(?P<title>" + _ci_first(CUES["office_titles"]) + r")\s+(?i:các)\s+(?P<body>\p{L}+)\s*:\s*(?P<list>.+)$")
# "… và các tổ chức, cá nhân có liên quan", "… và Thủ trưởng các cơ quan, đơn vị có liên quan": unnamed, dropped
UNNAMED_TAIL = regex.compile(r"^\s*(?:và\s+)?(?:(?i:thủ trưởng|người đứng đầu|lãnh đạo)\s+)?(?i:các|những|mọi)\s[^;\p{Lu}]*liên quan\s*$")
MAX_ACTOR_WORDS = 30


# ---------------------------------------------------------------- agency names

@functools.cache
def _abbreviations():
    return [(regex.compile(r"(?<![\p{L}\p{N}&])" + regex.escape(a) + r"(?![\p{L}\p{N}&])"), full)
            for a, full in sorted(AGENCIES["abbreviations"].items(), key=lambda kv: -len(kv[0]))]


def _expand(name: str) -> str:
    for rx, full in _abbreviations():
        name = rx.sub(full, name)
    return " ".join(name.split())


def _key(name: str) -> str:
    return regex.sub(r"[^a-z0-9]+", " ", fold(_expand(name))).strip()


@functools.cache
def _canonical_index() -> dict[str, str]:
    return {_key(n): canon for canon, aliases in AGENCIES["agencies"].items() for n in [canon, *aliases]}


def canonical_agency(name: str) -> str:
    """Canonical agency name: "Sở NN&PTNT" → "Sở Nông nghiệp và Phát triển nông thôn",
    "UBND các xã" → "Ủy ban nhân dân các xã"; else the name with abbreviations expanded."""
    name = regex.sub(r"^(?i:các)\s+(?=(?i:đảng ủy|đảng đoàn|ban)\s)", "", " ".join(name.split()).strip(" ,;:"))
    expanded = _expand(name)
    canon = _canonical_index().get(_key(name))
    out = canon or expanded
    return out[:1].upper() + out[1:]


# ---------------------------------------------------------------- agency phrases

def agency_head_at(text: str, pos: int):
    return STANDALONE.match(text, pos) or NAMED.match(text, pos)


@dataclass
class Actor:
    start: int
    end: int            # end of the agency phrase
    verb: int | None    # start of the predicate (a verb cue, a glued capital, or after ":")
    stop: str           # verb | glue | colon | assigner


def _actor(text: str, pos: int, end: int) -> Actor | None:
    """The agency phrase opening at `pos`: from a head word to the first verb cue."""
    head = agency_head_at(text, pos)
    if not head:
        return None
    place_group = PLACE_GROUP.match(text, pos)
    i, words, last = head.end(), 0, head.end()
    if place_group:
        i = last = place_group.end()
    while i < end and words < MAX_ACTOR_WORDS:
        if text[i].isspace():
            i += 1
            continue
        nm = NOUNS.match(text, i)
        if nm:
            i = last = nm.end()
            continue
        if ASSIGN_WORD.match(text, i):   # "UBND tỉnh giao X": the assigner, not the assignee
            return Actor(pos, last, i, "assigner")
        if SCAN_STOP.match(text, i):
            return None
        if VERB.match(text, i):
            return Actor(pos, last, i, "verb")
        tok = TOKEN.match(text, i)
        glue = GLUE.search(text, i, tok.end())
        if glue:
            return Actor(pos, glue.start(), glue.start(), "glue")
        if tok.group() == ":":
            return Actor(pos, last, tok.end(), "colon")
        if tok.group() in ".;(“\"" or tok.group()[0].isdigit():
            return None
        i = last = tok.end()
        words += 1
    return None


def unnamed(actor: str) -> bool:
    return bool(UNNAMED.search(actor))


def split_group(actor: str) -> list[str]:
    """One assignee per body: "Các Đảng ủy Quân sự tỉnh, Công an tỉnh, …" → "Đảng ủy Quân sự tỉnh",
    "Đảng ủy Công an tỉnh", …; "các huyện: Đăk Hà, … và thành phố Kon Tum" → "UBND huyện Đăk Hà", …"""
    named = NAMED_PLACE_GROUP.match(actor)
    if named:   # "UBND các huyện A, B và C", "UBND các xã A và B": one body per named place
        names = [n for n in regex.split(r"\s*,\s*(?:và\s+)?|\s+và\s+", actor[named.end():]) if n.strip()]
        if len(names) >= 2 and all(regex.match(r"(?:(?i:" + _LEVELS + r")\s+)?\p{Lu}", n) for n in names):
            head, level = named.group("head").strip(), named.group("level")
            return [" ".join(x for x in (head, "" if LEVEL_WORD.match(n) else level, n.strip()) if x) for n in names]
    place_group = PLACE_GROUP.match(actor)
    protected = COLLECTIVE.sub(lambda m: m.group().replace(",", "\x00"), actor)
    pieces = []
    for part in regex.split(r"\s*,\s*", protected):
        part = part.replace("\x00", ",").strip()
        # "và" joins two bodies only when a head follows ("Mặt trận và các tổ chức …"), not inside
        # a name ("Sở Kế hoạch và Đầu tư")
        cuts = [m for m in regex.finditer(r"(?:^|\s+)và\s+", part) if place_group or agency_head_at(part, m.end())]
        bounds = [0] + [x for m in cuts for x in (m.start(), m.end())] + [len(part)]
        pieces += [part[a:b].strip() for a, b in zip(bounds[::2], bounds[1::2]) if part[a:b].strip()]
    if len(pieces) < 2:
        return [actor]
    group = PLACE_GROUP.match(pieces[0])
    if group:
        level = CUES["place_group_heads"][group.group(1).lower()]
        pieces[0] = pieces[0][group.end():]
        return [f"UBND {p}" if LEVEL_WORD.match(p) else f"UBND {level} {p}" for p in pieces]
    if not all(agency_head_at(p, 0) for p in pieces):
        return [actor]
    dist = regex.match(r"(?i:các)\s+(" + _alt(CUES["distribute_heads"]) + r")\s", pieces[0], regex.I)
    if dist:
        head = dist.group(1)
        pieces[0] = pieces[0][dist.start(1):]
        pieces = [pieces[0]] + [p if fold(p).startswith(fold(head)) else f"{head} {p}" for p in pieces[1:]]
    level = regex.search(r"\s(tỉnh|huyện|xã)$", pieces[-1])
    if level and not any(regex.search(r"\s(tỉnh|huyện|xã|thành phố)$", p) for p in pieces[:-1]):
        pieces = [f"{p} {level.group(1)}" for p in pieces[:-1]] + [pieces[-1]]
    return [p[:1].upper() + p[1:] for p in pieces]


def _known_tails(body: str) -> list[str]:
    """Names the lexicon knows after `body` ("Sở") : "Kế hoạch và Đầu tư", "Văn hóa, Thể thao và Du lịch" …"""
    out = set()
    for n in _agency_names:
        m = regex.match(regex.escape(body) + r"\s+(.+)$", n, regex.I)
        if m:
            out.add(m.group(1))
    return sorted(out, key=len, reverse=True)


def _office_items(title: str, body: str, listed: str) -> list[str]:
    """"Giám đốc các Sở: Nông nghiệp và PTNT, Tài chính, Kế hoạch và Đầu tư" → "Giám đốc Sở Nông nghiệp và PTNT", …
    A "và" joins two items unless the lexicon knows the name with it ("Kế hoạch và Đầu tư")."""
    body = body[:1].upper() + body[1:]
    tails = [fold(t) for t in _known_tails(body)]
    items, pos, listed = [], 0, listed.strip(" ,;.")
    while pos < len(listed):
        sep = regex.match(r"\s*(?:,|và\s)\s*", listed[pos:])
        if sep and sep.end():
            pos += sep.end()
            continue
        rest = listed[pos:]
        known = next((len(t) for t in tails if fold(rest[:len(t)]) == t
                      and (len(rest) == len(t) or regex.match(r"\s*(?:,|và\s|$)", rest[len(t):]))), None)
        if known:
            items.append(rest[:known])
            pos += known
            continue
        nxt = regex.search(r"\s*,\s*|\s+và\s+", rest)
        items.append(rest[:nxt.start()] if nxt else rest)
        pos += nxt.start() if nxt else len(rest)
    return [f"{title} {body} {i.strip()}" for i in items if i.strip()]


def _executors(text: str, s: int, e: int):
    """The executing clause of a decision: (list as written, one name per office holder, predicate start)."""
    m = EXECUTORS.match(text, s, e)
    if not m or not (";" in m.group("subj") or "," in m.group("subj")) or not (
            agency_head_at(text, s) or regex.match(r"(?:" + _ci_first(CUES["office_titles"]) + r")\s", text[s:e])):
        return None
    subj = m.group("subj")
    for sep in regex.finditer(r"\s*[,;]\s*|\s+và\s+", subj):   # drop "… và các tổ chức, cá nhân có liên quan"
        if UNNAMED_TAIL.match(subj[sep.end():]) or UNNAMED_TAIL.match(subj[sep.start():].lstrip(" ,;")):
            subj = subj[:sep.start()]
            break
    names = []
    for part in [p.strip() for p in subj.split(";") if p.strip()]:
        office = OFFICE_LIST.match(part)
        if office:
            names += _office_items(office.group("title"), office.group("body"), office.group("list"))
        elif not unnamed(part):
            names += split_group(part)
    return (subj, names, m.end("subj") + 1) if len(names) >= 2 else None


# ---------------------------------------------------------------- reading the document

@dataclass
class _Found:
    actor: str
    start: int          # quote start
    end: int            # quote end
    pred: int           # predicate start
    role: str


def _role(text: str, pred: int) -> str:
    if text.startswith("chủ trì", pred):
        return "lead"
    return "support" if SUPPORT.match(text, pred) else "responsible"


def _clause_starts(text: str, s: int, e: int) -> list[tuple[int, bool]]:
    """(offset, after_comma) where an agency may open a clause: sentence start, after ";", after ","."""
    starts = [(s, False)] + [(s + m.end(), False) for m in regex.finditer(r";\s*", text[s:e])] \
        + [(s + m.end(), True) for m in regex.finditer(r",\s*", text[s:e])]
    out = []
    for pos, comma in starts:
        lead = LEAD_IN.match(text, pos)
        out.append((lead.end() if lead else pos, comma))
    return out


def _in_sentence(text: str, s: int, e: int, report_only_directives: bool, colon_ok: bool = False) -> list[_Found]:
    """Assignments opening inside one sentence."""
    found: list[_Found] = []
    for pos, after_comma in _clause_starts(text, s, e):
        cue = CLAUSE_ASSIGN.match(text, pos) if not after_comma else None
        if cue:
            a = _actor(text, cue.end(), e)
            if a and a.stop in ("verb", "glue"):
                found.append(_Found(text[a.start:a.end], s, e, a.verb, _role(text, a.verb)))
            continue
        if report_only_directives:
            continue
        a = _actor(text, pos, e)
        if not a or a.stop not in ("verb", "glue", "colon"):
            continue
        if after_comma and not (a.stop == "verb" and STRONG.match(text, a.verb)):
            continue
        if a.stop == "colon" and (not colon_ok or pos != s or not text[a.verb:e].strip()):
            continue
        found.append(_Found(text[a.start:a.end], s, e, a.verb, _role(text, a.verb)))
    for m in ASSIGN.finditer(text, s, e):
        if ASSIGN_BLOCKERS.search(text, max(s, m.start() - 25), m.start()):
            continue
        a = _actor(text, m.end(), e)
        if a and a.stop in ("verb", "glue"):
            found.append(_Found(text[a.start:a.end], s, e, a.verb, _role(text, a.verb)))
    # partners named after "(chủ trì,) phối hợp với": "X chủ trì, phối hợp với Sở Y …", "giao X phối hợp với
    # Văn phòng Z hướng dẫn …"; generic partners ("các phòng, ban chuyên môn", "các xã") are not named
    for f in list(found):
        pm = PARTNER.match(text, f.pred)
        a = _actor(text, pm.end(), e) if pm else None
        if a and a.stop == "verb" and not GENERIC_PARTNER.match(text, a.start):
            found.append(_Found(text[a.start:a.end], s, e, a.verb, "support"))
    return sorted(found, key=lambda f: f.pred)


def _task(text: str, pred: int, end: int) -> str:
    m = regex.compile(r"[;.]\s|$").search(text, pred, end)
    return text[pred:m.start() if m else end].strip(" ,;:.")[:300]


def extract_assignments(doc: Document, info: DocumentInfo) -> list[Assignment]:
    text = doc.text
    issuer_key = _key(info.issuer) if info.issuer else None
    head_lines = "\n".join(text.split("\n")[:8])
    report = (info.type or "").lower().startswith("báo cáo") or bool(regex.search(r"^BÁO CÁO\s*$", head_lines, regex.M))
    out: list[Assignment] = []

    def emit(actor: str, role: str, qs: int, qe: int, pred: int, split: bool = True):
        if unnamed(actor) or (issuer_key and issuer_key.startswith(_key(actor))):
            return
        if CLOSING_TASK.match(text[pred:qe].strip()):
            return
        bare = BARE_LEVEL_ACTOR.match(actor)
        if bare:   # "Riêng đối với huyện M'Đrắk: đề nghị UBND huyện …" → UBND huyện M'Đrắk
            named = regex.search(r"(?i:đối với|riêng)\s+(?:(?i:đối với)\s+)?" + regex.escape(bare.group(1))
                                 + r"\s+(\p{Lu}[\p{L}'’]*(?:\s\p{Lu}[\p{L}'’]*)*)", text[qs:pred])
            if named:
                actor = f"{actor} {named.group(1)}"
        group = split_group(actor) if split else [actor]
        deadline = deadline_in(doc, qs, qe, info.date)
        for name in group:
            out.append(make_fact(Assignment, doc, qs, qe, assignee=name[:1].upper() + name[1:], role=role,
                                 task=_task(text, pred, qe), deadline=deadline,
                                 assignee_group=actor if len(group) > 1 else None, agency=canonical_agency(name)))

    lines = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw)))
        pos += len(raw) + 1

    heading_actor = default_actor = prev_actor = None
    skip_section = in_addressees = in_tail = False
    task_section = not report
    for idx, (ls, le) in enumerate(lines):
        line = text[ls:le]
        if not line.strip() or FOOTNOTE_LINE.match(line):
            continue
        low = fold(line).strip()
        if any(low.startswith(fold(m)) for m in CUES["end_markers"]):
            in_tail = True
            continue
        if in_tail:
            if ATTACHMENT.match(line):
                in_tail = skip_section = False
                task_section = not report
                heading_actor = default_actor = prev_actor = None
            continue
        if low.startswith("kinh gui"):
            in_addressees = True
            continue
        if in_addressees and BULLET.match(line):
            continue
        in_addressees = False
        if ROMAN.match(line):
            skip_section = any(fold(c) in low for c in CUES["skip_sections"])
            task_section = not report or any(fold(c) in low for c in CUES["report_task_sections"])
            heading_actor = default_actor = prev_actor = None
            continue
        if skip_section:
            continue
        numbered, bullet = NUMBERED.match(line), BULLET.match(line)
        body = ls + (numbered.end() if numbered else bullet.end() if bullet else 0)
        if numbered:
            heading_actor = None
            if report and regex.search(r"(?i:nhiệm vụ|giải pháp|phương hướng|kiến nghị|đề xuất)", line[:120]):
                task_section = True

        # a numbered heading naming agencies, followed by "-" bullets: the bullets are its tasks
        nxt = next((text[s:e] for s, e in lines[idx + 1:] if text[s:e].strip() and not FOOTNOTE_LINE.match(text[s:e])), "")
        if numbered and BULLET.match(nxt) and agency_head_at(text, body):
            a = _actor(text, body, le)
            if not line.rstrip().endswith((".", ":")):
                heading_actor = text[body:a.end] if a and a.stop == "verb" else text[body:le].strip()
                continue
            if a and a.stop == "colon" and not text[a.verb:le].strip():   # "5. UBND các huyện, thị xã:"
                heading_actor = text[body:a.end].strip()
                continue
        if bullet and heading_actor:
            if task_section:
                emit(heading_actor, _role(text, body), body, le, body, split=False)
            continue

        # "đề nghị X … thực hiện một số nội dung sau:" then "1. Chỉ đạo UBND các xã …": X's own directive
        if (numbered or bullet) and default_actor and task_section and DIRECTIVE.match(text, body):
            emit(default_actor, "responsible", body, le, body)
            prev_actor = None
            continue

        found_any = False
        sentences = list(split_sentences(text, body, le, semicolons=False))
        actor_here = None
        glued = False
        for si, (s, e) in enumerate(sentences):
            ex = _executors(text, s, e) if si == 0 else None
            if ex:
                group_text, names, pred = ex
                for name in names:
                    out.append(make_fact(Assignment, doc, s, e, assignee=name, role="responsible",
                                         task=_task(text, pred, e), deadline=deadline_in(doc, s, e, info.date),
                                         assignee_group=group_text, agency=canonical_agency(name)))
                found_any = True
                break
            found = _in_sentence(text, s, e, report and not task_section, colon_ok=si == 0 and bool(numbered or bullet))
            intro = INTRO_END.search(text[s:e]) and regex.search(r"(?:" + _alt(CUES["intro_endings"]) + r")", text[s:e])
            if intro and found and not numbered:
                default_actor = found[-1].actor   # "yêu cầu X … như sau:" introduces X's items
                found_any = True
                continue
            for f in found:
                segments = [(f.start, f.end, f.pred)]
                if glued or (text[f.pred - 1].islower() and text[f.pred].isupper()):
                    glued = True   # a lost line break: the rest of the paragraph lists this actor's tasks
                    segments = _glued_segments(text, f.start, le, f.pred)
                for qs, qe, pred in segments:
                    if qs != f.start:
                        inner = _in_sentence(text, qs, qe, False)
                        if inner and not unnamed(inner[0].actor):
                            continue
                    emit(f.actor, f.role if qs == f.start else _role(text, pred), qs, qe, pred)
                actor_here = f.actor
                found_any = True
            if glued:
                break
            if not found and actor_here and si > 0:   # a second duty in another role: "Đồng thời có trách nhiệm phối hợp …"
                lead = LEAD_IN.match(text, s)
                p = lead.end() if lead else s
                role = _role(text, p) if text[p:p + 7].lower() != "chủ trì" else "lead"
                if role != "responsible":
                    emit(actor_here, role, s, e, p)
        if found_any:
            prev_actor = actor_here
            continue
        if (numbered or bullet) and default_actor and task_section:
            emit(default_actor, _role(text, body), body, le, body)
            prev_actor = None
            continue
        if not numbered and not bullet and prev_actor and FIRST_VERB.match(text, body) and task_section:
            emit(prev_actor, "responsible", body, le, body)
            continue
        prev_actor = None
    return out


def _glued_segments(text: str, start: int, end: int, pred: int) -> list[tuple[int, int, int]]:
    """Tasks of one actor merged into a paragraph: split at "; X" and ". X" (capital X)."""
    cuts = [m for m in regex.finditer(r"[;.]\s+(?=\p{Lu})", text[pred:end])]
    out, qs, p = [], start, pred
    for m in cuts:
        out.append((qs, pred + m.start(), p))
        qs = p = pred + m.end()
    out.append((qs, end, p))
    return [(a, b, c) for a, b, c in out if b > a]
