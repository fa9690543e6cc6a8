"""Assignments: who must do what, with role and deadline (domain.md §7, gold README "assignments").

The text is read as a tree of items (Roman sections, "1." / "1.1." / "(1)" / "a)" items, "-" and
"+" bullets, plain paragraphs under the item above them); footnotes, the addressee block and "Nơi
nhận" are skipped. Patterns:
- an assigner's cue before the assignee: "UBND tỉnh giao X …", "Đề nghị X …", "Yêu cầu X …"; at a clause
  start also a report's own directives "Chỉ đạo X …", "Phân công X …";
- an agency opening a clause, then its verb: "X chủ trì, phối hợp với Y …", "X có trách nhiệm …",
  "Ủy ban nhân dân các huyện: A, B, C hoàn thiện …" (one assignment per listed place, one quote),
  "…, các địa phương cần …" (after a comma only with a strong verb); "X: task", "Đối với X: task";
- an item that only names bodies ("1. Nhà đầu tư của 02 dự án:", "b) Giao Sở Nội vụ:", "a) Trung tâm
  Phát triển quỹ đất tỉnh", "Giao Sở A, Ban B theo chức năng, nhiệm vụ chịu trách nhiệm:"): each item
  under it is one task of each body; sub-items of a task ("+ …") belong to that task;
- "yêu cầu X … như sau:" makes X the actor of the items under it that name nobody, and of items that
  open with X's own directive ("1. Chỉ đạo UBND các xã …");
- an item followed by its fields ("- Đơn vị chủ trì thực hiện: X / - Đơn vị phối hợp: Y / - Thời gian
  hoàn thành: …"): X leads, Y supports, the item is the task;
- a decision's executing clause ("Chánh Văn phòng …; Giám đốc các Sở: A, B; Chủ tịch … chịu trách nhiệm
  thi hành …") gives one assignment per office holder; an attached Quy định after the signature is read;
- a named partner after "(chủ trì,) phối hợp với" supports; the closing formula ("Đề nghị X quan tâm, chỉ
  đạo thực hiện./.") is not a task.
Not assignments: targets, decided by the verb: places that reach a standard ("Các huyện: A, B và
thành phố C đạt chuẩn huyện nông thôn mới", "b) Xã X (huyện Y) phấn đấu đạt chuẩn …" under a heading naming
bodies); unnamed partners ("… liên quan"), reported facts and plans ("X đã …", "X dự kiến …"),
what a body proposed ("Sở X đề xuất …"), a body's functions ("Hội đồng có chức năng …"), member and
attendee lists ("Thành phần", "Thành viên"); in a report only directives count outside the "nhiệm vụ,
giải pháp" sections; "MỤC ĐÍCH, YÊU CẦU" states requirements. Agency phrases: extractors/agencies.py.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from extractors.agencies import (
    ASSIGN,
    ASSIGN_BLOCKERS,
    ATTRIBUTIVE_CUE,
    CLAUSE_ASSIGN,
    CUES,
    FINISHED_PERIOD,
    FIRST_VERB,
    LEAD_IN,
    OPEN_DEADLINE,
    REPORTED_ASSIGNER,
    STRONG,
    SUPPORT,
    VERB,
    Actor,
    actor_at,
    agency_head_at,
    agency_key,
    alt_words,
    alt_words_ci,
    canonical_agency,
    enumerated_executors,
    executors,
    office_items,
    place_actor,
    split_group,
    states_target,
    unnamed,
)
from extractors.common import make_fact
from extractors.dates import dating, deadline_in
from extractors.news import headline_span
from extractors.outline import Item, outline, title_span
from pipeline.model import Assignment, Document, DocumentInfo
from pipeline.model.normalize import fold
from pipeline.model.text import sentences as split_sentences

__all__ = ["extract_assignments", "canonical_agency"]

_LEVELS = "thành phố|thị xã|thị trấn|huyện|quận|xã|phường"
DIRECTIVE = regex.compile(r"(?:" + alt_words_ci(CUES["directive_starts"]) + r")\s+")
BARE_LEVEL_ACTOR = regex.compile(r"^(?:UBND|Ủy ban nhân dân|Chủ tịch UBND|Chủ tịch Ủy ban nhân dân)\s+(" + _LEVELS + r")$", regex.I)
# after the signature block, an attached document ("QUY ĐỊNH", "(Kèm theo Quyết định số …)") starts the text again
ATTACHMENT = regex.compile(r"^\s*(?:(?:" + alt_words(CUES["attachment_titles"]) + r")(?![\p{Ll}])[^\p{Ll}]*$"
                           r"|\(?\s*(?:Ban hành\s+)?(?i:kèm theo)\s)")
FOOTNOTE_LINE = regex.compile(r"^\s*⁽[⁰¹²³⁴-⁹]+⁾")
INTRO_END = regex.compile(r"(?:" + alt_words(CUES["intro_endings"]) + r")?\s*(?:⁽[⁰¹²³⁴-⁹]+⁾)?\s*:\s*$", regex.I)
INTRO_WORDS = regex.compile(r"(?:" + alt_words(CUES["intro_endings"]) + r")")
# "Trưởng thôn Vàng Văn Sử chia sẻ: …": a person with a middle name (Văn, Thị) after a village post, no body
PERSON_BY_POST = regex.compile(r"^(?i:trưởng|phó)\s+(?:thôn|ấp|bản|khu phố|tổ dân phố|khóm)\s+\p{Lu}\p{L}*\s+(?:Văn|Thị)\s+\p{Lu}")
PARTNER = regex.compile(r"(?:chủ trì\s*,?\s*)?phối hợp (?:với|cùng)\s+")
GENERIC_PARTNER = regex.compile(r"(?i:các|những|mọi)\s(?![^,;:]{1,30}:\s*\p{Lu})(?!(?:" + alt_words(CUES["place_group_heads"].values()) + r")\s+\p{Lu})")
# the closing formula "Đề nghị X quan tâm, chỉ đạo thực hiện./." names no task
CLOSING_TASK = regex.compile(r"^(?:(?:" + alt_words(CUES["closing_task_words"]) + r")(?:\s*,\s*|\s+(?:và\s+)?|(?=[./\s]*$)))+"
                             r"(?:(?:" + alt_words(CUES["closing_task_objects"]) + r")\s*)?[./\s]*$", regex.I)
# "… thông báo để các cơ quan, đơn vị biết, thực hiện./.": a notice's closing line
NOTICE_CLOSING = regex.compile(r"(?:" + alt_words_ci(CUES["notice_closings"]) + r")\s[^.;\n]{0,120}?(?<![\p{L}])biết"
                            r"(?:\s*(?:,|và)\s*(?:" + alt_words(CUES["closing_task_words"]) + r")(?:\s+(?:" + alt_words(CUES["closing_task_words"]) + r"))*)*[./\s]*$", regex.I)
DATA_ROW = regex.compile(r"^(?:[^\t\n]*\t){2}|^(?:[^|\n]*\|){2}")
# what follows an agency in an item that only names it: "… chịu trách nhiệm:", "… thực hiện các nhiệm vụ sau:"
HEADING_PREDICATE = regex.compile(r"(?:" + alt_words(CUES["heading_predicates"]) + r")?\s*(?:⁽[⁰¹²³⁴-⁹]+⁾)?\s*:?\s*$", regex.I)
HEADING_CUE = regex.compile(r"(?:" + alt_words_ci(CUES["assign_cues"] + CUES["heading_cues"]) + r")\s+")
SKIP_HEADING = regex.compile(r"(?:" + alt_words_ci(CUES["skip_headings"]) + r")(?![\p{L}])\s*(?:[:.(]|$)"
                            r"|(?:" + alt_words_ci(CUES["skip_heading_openers"]) + r")(?![\p{L}])[^\n:;.]{0,150}:\s*$")
MEMBER_ROLE = regex.compile(r"\s*(?:" + alt_words_ci(CUES["member_roles"]) + r")(?![\p{L}])[\s.;,]*$")
# "Các Bộ: Công an, Quốc phòng, Ngoại giao": after the colon a list of names, no task
NAME_LIST = regex.compile(r"\s*\p{Lu}[^,;:]{0,80}(?:[,;]\s*(?:và\s+)?\p{Lu}[^,;:]{0,80})+[.;,]?\s*$")
# "Ngày 03/01/2025, Phó Chủ tịch UBND tỉnh chủ trì họp …": the meeting a conclusion reports on
REPORTED_PROPOSAL = regex.compile(r"(?<![\p{L}])(?:" + alt_words_ci(CUES["reported_proposals"]) + r")(?![\p{L}])")
CONTINUED = regex.compile(r"\W*(?i:đồng\s+thời|và|cùng\s+với\s+đó)(?![\p{L}])")
PROPOSAL_OPENER = regex.compile(r"\W*(?:" + alt_words_ci(CUES["proposal_openers"]) + r")(?![\p{L}])")
NARRATIVE = regex.compile(r"(?:" + alt_words_ci(CUES["narrative_starts"]) + r")(?(?<=[Nn]gày)\s+\d|(?![\p{L}]))")
# "Đồng chí X, Phó Chủ tịch UBND tỉnh chủ trì.": the chair of a meeting, no task
CHAIR_ONLY = regex.compile(r"(?i:chủ trì|đồng chủ trì)(?:\s+(?:hội nghị|cuộc họp|buổi làm việc))?[\s.;]*$")
ADDRESSEES = regex.compile(r"(?i:kính gửi|điện)\s*:\s*$|^(?i:kính gửi)\s*:")
BRACKETED_TASK = regex.compile(r"\(((?i:giao|đề nghị|yêu cầu)\s[^()]{3,200})\)")
KINDS_LISTED = regex.compile(r"(?i:các)\s+(\p{L}+(?:\s+\p{L}+)?)")
# "- Đơn vị chủ trì thực hiện: X", "- Đơn vị phối hợp: Y", "- Thời gian hoàn thành: …"
# "Chủ tịch UBND tỉnh yêu cầu: Sở A …; UBND các huyện …": a leader's requests listed after a colon (the cue in
# lower case after its speaker, not a "Mục đích, yêu cầu:" heading)
COLON_ASSIGN = regex.compile(r"(?<![\p{L}])(?:" + alt_words(CUES["assign_cues"]) + r")\s*:\s*(?=\p{Lu})")
# "UBND tỉnh chỉ đạo các địa phương rà soát …": a directing verb in lower case, not "Ban Chỉ đạo"
DIRECTING = regex.compile(r"(?<![\p{L}])(?<!(?i:ban)\s)(?:" + alt_words(CUES["directing_verbs"]) + r")\s+")
BODY_PROPOSES = regex.compile(r"(?:" + alt_words(CUES["body_proposals"]) + r")(?![\p{L}])")
FIELD = regex.compile(r"(?P<label>" + alt_words_ci(CUES["task_fields"]) + r")\s*:\s*(?P<value>.*)$")
CENTRAL = regex.compile("|".join(f"(?:{p})" for p in CUES["central_bodies"]))


def _superiors(issuer: str | None) -> list[regex.Pattern]:
    """The bodies above a district's or a commune's issuer (data: issuer_levels, superior_bodies)."""
    low = " ".join((issuer or "").lower().split())
    level = next((lv for lv, rx in CUES["issuer_levels"].items() if regex.search(rx, low)), None)
    return [regex.compile(rx) for rx in CUES["superior_bodies"][level]] if level else []


def _central(name: str | None) -> bool:
    """A ministry, the Government, the Party's central bodies, "… Trung ương" (data: central_bodies)."""
    return bool(name and CENTRAL.search(" ".join(name.lower().split())))

# ---------------------------------------------------------------- one sentence

@dataclass
class _Found:
    actor: str
    start: int          # quote start
    end: int            # quote end
    pred: int           # predicate start
    role: str
    cue: int | None = None   # where the assigner's cue ("đề nghị", "giao") stands


def _role(text: str, pred: int) -> str:
    if text[pred:pred + 7].lower() == "chủ trì":
        return "lead"
    return "support" if SUPPORT.match(text, pred) else "responsible"


SEMICOLON, COMMA = regex.compile(r";\s*"), regex.compile(r",\s*")


def _clause_starts(text: str, s: int, e: int) -> list[tuple[int, bool]]:
    """(offset, after_comma) where an agency may open a clause: sentence start, after ";", after ","."""
    starts = [(s, False)] + [(s + m.end(), False) for m in SEMICOLON.finditer(text[s:e])] \
        + [(s + m.end(), True) for m in COMMA.finditer(text[s:e])]
    out = []
    for pos, comma in starts:
        lead = LEAD_IN.match(text, pos)
        out.append((lead.end() if lead else pos, comma))
    return out


def _in_sentence(text: str, s: int, e: int, report_only_directives: bool, colon_ok: bool = False,
                 news: bool = False) -> list[_Found]:
    """Assignments opening inside one sentence; in a news item (`news`), a body that directs others ("UBND
    tỉnh chỉ đạo các địa phương …") is the assigner, the bodies it directs the assignees."""
    found: list[_Found] = []
    if PROPOSAL_OPENER.match(text, s):
        return found   # "Thẩm tra tờ trình, Ban Kinh tế - Ngân sách đề nghị UBND tỉnh …": a proposal, no task
    # "Sở đã đề nghị UBND tỉnh giao …; đồng thời đề nghị …": what a body has proposed is reported, not assigned
    reported = REPORTED_PROPOSAL.search(text, s, e)
    if CONTINUED.match(text, s) and REPORTED_PROPOSAL.search(text, text.rfind("\n", 0, s) + 1, s):
        return found
    # the account of a meeting ("Ngày 03/01/2025, Phó Chủ tịch … chủ trì họp") opens no task by its bodies,
    # but what the leader asks in it does ("Tại buổi lễ, lãnh đạo tỉnh đề nghị cấp ủy, chính quyền xã …")
    starts = [] if NARRATIVE.match(text, s) else _clause_starts(text, s, e)
    first = next((a for pos, _ in sorted(_clause_starts(text, s, e)) if (a := actor_at(text, pos, e, assigned=True))), None)
    if reported is None and first and first.stop == "verb":
        reported = BODY_PROPOSES.match(text, first.verb)   # "Sở … kiến nghị Trung ương …; đề nghị Bộ Tài chính …"
    for n, (pos, after_comma) in enumerate(starts):
        cue = CLAUSE_ASSIGN.match(text, pos) if not after_comma else None
        if reported and reported.start() < pos:
            continue
        if cue and pos > s and DIRECTING.match(text, pos) and any(f.pred < pos for f in found):
            continue   # "UBND tỉnh … có trách nhiệm …; chỉ đạo UBND thị xã …": the assignee's own duty, the directed unrecorded
        if cue:
            a = actor_at(text, cue.end(), e, assigned=True)
            if a and a.stop in ("verb", "glue"):
                found.append(_Found(text[a.start:a.end], s, e, a.verb, _role(text, a.verb), pos))
            continue
        if report_only_directives:
            continue
        a = actor_at(text, pos, e)
        if not a or a.stop not in ("verb", "glue", "colon"):
            continue
        if news and a.stop == "verb" and (d := DIRECTING.match(text, a.verb)) and actor_at(text, d.end(), e, assigned=True):
            continue   # "UBND tỉnh chỉ đạo các địa phương …": the body that directs, not the one directed
        if after_comma and not (a.stop == "verb" and STRONG.match(text, a.verb)):
            continue
        if after_comma:   # "Bên cạnh đó, các cấp, các ngành cần …": the subject began before the comma
            before = max((p for p, _ in starts if p < pos - 1), default=s)
            chunk = text[before:pos].rstrip(" ,")
            if len(chunk.split()) <= 4 and not VERB.search(chunk):
                a = Actor(before, a.end, a.verb, a.stop)
        if a.stop == "colon" and (not colon_ok or n != 0 or not text[a.verb:e].strip()
                                  or MEMBER_ROLE.match(text, a.verb, e)):
            continue
        if a.stop == "colon":   # "Các sở, ngành: Văn phòng UBND tỉnh, Sở Tư pháp chuẩn bị …": the bodies listed
            listed = actor_at(text, a.verb + len(text[a.verb:e]) - len(text[a.verb:e].lstrip()), e)
            if listed and listed.stop == "verb":
                a = listed
            elif NAME_LIST.fullmatch(text, a.verb, e):
                continue   # "Các Bộ: Công an, Quốc phòng, Ngoại giao": names, no task
            elif (kinds := KINDS_LISTED.fullmatch(text[a.start:a.end])) and (v := VERB.search(text, a.verb, e)):
                # "Các Bộ: Công Thương, Khoa học và Công nghệ, …, Y tế nghiên cứu …": Bộ Công Thương, …
                names = office_items("", kinds.group(1), text[a.verb:v.start()])
                if len(names) >= 2 and all(n[:1].isupper() for n in names):
                    for name in names:
                        found.append(_Found(name, s, e, v.start(), _role(text, v.start())))
                    continue
        if CHAIR_ONLY.match(text, a.verb, e):
            continue
        found.append(_Found(text[a.start:a.end], s, e, a.verb, _role(text, a.verb), a.start))
    for m in ASSIGN.finditer(text, s, e):
        if reported and reported.start() < m.start():
            continue
        if (ASSIGN_BLOCKERS.search(text, max(s, m.start() - 25), m.start()) and not (   # news: "Huyện đã giao Phòng …"
                REPORTED_ASSIGNER.search(text, max(s, m.start() - 25), m.start()) and (OPEN_DEADLINE.search(text, m.end(), e)
                                                                           or (news and not FINISHED_PERIOD.match(text, s))))) \
                or ATTRIBUTIVE_CUE.search(text, max(s, m.start() - 40), m.start()):
            continue
        a = actor_at(text, m.end(), e, assigned=True) or place_actor(text, m.end(), e)
        if a and a.stop in ("verb", "glue"):
            found.append(_Found(text[a.start:a.end], s, e, a.verb, _role(text, a.verb), m.start()))
    for m in DIRECTING.finditer(text, s, e) if news else ():
        if (reported and reported.start() < m.start()) or ASSIGN_BLOCKERS.search(text, max(s, m.start() - 25), m.start()) \
                or any(f.pred < m.start() for f in found):
            continue   # bodies an assignee directs in turn ("Ban Tuyên giáo … chỉ đạo Báo Kon Tum …") are not recorded
        a = actor_at(text, m.end(), e, assigned=True)
        if a and a.stop in ("verb", "glue") and not any(f.pred == a.verb for f in found):
            found.append(_Found(text[a.start:a.end], s, e, a.verb, _role(text, a.verb), m.start()))
    for m in COLON_ASSIGN.finditer(text, s, e):
        if (reported and reported.start() < m.start()) or not regex.search(r"\p{Ll}", text[s:m.start()]) \
                or ASSIGN_BLOCKERS.search(text, max(s, m.start() - 25), m.start()):
            continue
        a = actor_at(text, m.end(), e, assigned=True)
        if a and a.stop in ("verb", "glue") and not any(f.pred == a.verb for f in found):
            found.append(_Found(text[a.start:a.end], s, e, a.verb, _role(text, a.verb), m.start()))
    # partners named after "(chủ trì,) phối hợp với": "X chủ trì, phối hợp với Sở Y …", "giao X phối hợp với
    # Văn phòng Z hướng dẫn …"; generic partners ("các phòng, ban chuyên môn", "các xã") are not named
    for f in list(found):
        pm = PARTNER.match(text, f.pred)
        a = actor_at(text, pm.end(), e) if pm else None
        if a and a.stop == "verb" and not GENERIC_PARTNER.match(text, a.start):
            found.append(_Found(text[a.start:a.end], s, e, a.verb, "support"))
    return _cut_at_next_cue(text, sorted(found, key=lambda f: f.pred))


REQUEST_BREAK = regex.compile(r"[;,]")


def _cut_at_next_cue(text: str, found: list[_Found]) -> list[_Found]:
    """"đề nghị A tập trung …; giao B xây dựng … trong năm 2026": each request ends where the next one is
    asked, so A's task and quote do not take B's task and deadline."""
    cues = sorted(f.cue for f in found if f.cue is not None)
    for f in found:
        nxt = next((c for c in cues if c > f.pred), None)
        brk = max((m.start() for m in REQUEST_BREAK.finditer(text, f.pred, nxt)), default=None) if nxt else None
        if brk is not None:
            f.end = brk
        if f.cue is not None and any(c < f.cue for c in cues):
            f.start = f.cue
    return found


def _task(text: str, pred: int, end: int) -> str:
    m = regex.compile(r"[;.]\s|$").search(text, pred, end)
    return text[pred:m.start() if m else end].strip(" ,;:.")[:300]


def _heading_actor(text: str, node: Item) -> str | None:
    """The bodies an item only names ("1. Nhà đầu tư …:", "b) Giao Sở Nội vụ:", "a) Trung tâm Phát
    triển quỹ đất tỉnh", "Giao Sở A, Ban B theo chức năng, nhiệm vụ chịu trách nhiệm:")."""
    pos, end = node.body, node.end
    cue = HEADING_CUE.match(text, pos)
    a = actor_at(text, cue.end() if cue else pos, end, assigned=bool(cue))
    if not a or unnamed(text[a.start:a.end]):
        return None
    if a.stop == "end" and (node.kind == "text" or not text[a.start:a.end].strip()):
        return None   # a plain paragraph that is only a name is a signature or an address line
    if a.stop in ("colon", "end") and not text[a.verb:end].strip(" .;"):
        return text[a.start:a.end].strip(" ,;:")
    if a.stop == "verb" and HEADING_PREDICATE.fullmatch(text, a.verb, end) and text[end - 1:end] == ":":
        return text[a.start:a.end].strip(" ,;:")
    if a.stop == "verb" and node.children and node.kind != "text" and text[end - 1:end] not in ".;:" \
            and len(text[a.verb:end].split()) <= 12:
        return text[a.start:a.end].strip(" ,;:")   # "2. Ban cán sự đảng UBND tỉnh lãnh đạo UBND tỉnh" over bullets
    return None


def _heading_bodies(actor: str) -> list[str]:
    """The assignees of the tasks under a heading: each of a few named bodies ("Sở A, Sở B", "Công an
    tỉnh và các địa phương"), but a long enumeration of kinds of bodies ("Các cơ quan tham mưu …, các
    ban cán sự đảng, đảng đoàn, các huyện ủy …") is addressed as one."""
    pieces = split_group(actor)
    plural = sum(1 for p in pieces if regex.match(r"(?i:các|những)\s", p))
    # "Các cấp ủy, tổ chức đảng, chính quyền các cấp:": kinds of bodies in lower case, one heading (rule 1)
    kinds = regex.split(r"\s*,\s*|\s+và\s+", actor)[1:]
    if kinds and all(regex.match(r"(?!(?:các|những)\s)\p{Ll}", k) for k in kinds):
        return [actor]
    return pieces if len(pieces) > 1 and plural <= 1 else [actor]


# ---------------------------------------------------------------- the document

def extract_assignments(doc: Document, info: DocumentInfo) -> list[Assignment]:
    text = doc.text
    issuer_key = agency_key(info.issuer) if info.issuer else None
    upward_only = bool(info.issuer) and not _central(info.issuer)   # a body below the centre cannot task a ministry
    superiors = _superiors(info.issuer)
    head_lines = "\n".join(text.split("\n")[:8])
    # a submission (Tờ trình) reports and proposes like a report: "Các xã không nợ đọng xây dựng cơ bản." is no task
    report = (info.type or "").lower().startswith(("báo cáo", "tờ trình")) or bool(regex.search(r"^BÁO CÁO\s*$", head_lines, regex.M))
    out: list[Assignment] = []
    dated = replace(info, date=dating(doc, info.date))   # "trước ngày 31/3" in an undated article: its year
    news = not info.type and not report   # a news item: no document type of its own

    def emit(node: Item, actor: str, role: str, qs: int, qe: int, pred: int, split: str | bool = "sentence",
             deadline: str | None = None, listed: str | None = None) -> None:
        if unnamed(actor) or (issuer_key and f" {agency_key(actor)} " in f" {issuer_key} ") or PERSON_BY_POST.match(actor):
            return   # the issuer itself, also under its committee ("Hội LHPN tỉnh" in "Ban Thường vụ Hội LHPN tỉnh …")
        partner = role == "support" and not SUPPORT.match(text, pred)   # "phối hợp với Sở X", not "đề nghị X hỗ trợ"
        if not partner and upward_only and _central(actor):
            return   # "Kính đề nghị Bộ …" in a province's report: a request upward, no assignment
        if not partner and any(rx.search(" ".join(actor.lower().split())) for rx in superiors):
            return   # "Đề nghị UBND tỉnh xem xét bổ sung …" in a district's report: a request upward
        if CLOSING_TASK.match(text[pred:qe].strip()) or NOTICE_CLOSING.match(text[pred:qe].strip()):
            return
        bare = BARE_LEVEL_ACTOR.match(actor)
        if bare:   # "Riêng đối với huyện M'Đrắk: đề nghị UBND huyện …" → UBND huyện M'Đrắk
            named = regex.search(r"(?i:đối với|riêng)\s+(?:(?i:đối với)\s+)?" + regex.escape(bare.group(1))
                                 + r"\s+(\p{Lu}[\p{L}'’]*(?:\s\p{Lu}[\p{L}'’]*)*)", text[qs:pred])
            if named:
                actor = f"{actor} {named.group(1)}"
        group = (split_group(actor) if split == "sentence" else _heading_bodies(actor)) if split else [actor]
        for ss, se, sp, srole, sdeadline in _segments(doc, dated, qs, qe, pred, role):
            due = deadline or sdeadline or _inherited_deadline(node)
            for name in group:
                node.emitted.append(len(out))
                out.append(make_fact(Assignment, doc, ss, se, assignee=name[:1].upper() + name[1:], role=srole,
                                     task=_task(text, sp, se), deadline=due,
                                     assignee_group=listed or (actor if len(group) > 1 else None),
                                     agency=canonical_agency(name)))

    def _inherited_deadline(node: Item) -> str | None:
        """"I. NHỮNG VIỆC CẦN LÀM NGAY TRONG THÁNG 12/2025": the deadline of the items under it."""
        for a in node.ancestors():
            if a.heading or a.kind in ("roman", "num1"):
                d = deadline_in(doc, a.body, a.end, dated.date)
                if d:
                    return d
        return None

    nodes = outline(text)
    enumerated = enumerated_executors(text)   # "Điều 3. Các ông (bà): / 1. Chánh Văn phòng …; … / chịu trách nhiệm thi hành"
    for bs, be, pred, listed, names in enumerated:
        for name in names:
            emit(next(n for n in nodes if n.end > bs), name, "responsible", bs, be, pred, split=False, listed=listed)
    title = title_span(text, info.title)
    skip_section = in_addressees = in_tail = False
    task_section = not report
    skipped: set[int] = set()
    addressees: set[int] = set()
    prev: Item | None = None
    intro: Item | None = None   # a paragraph "yêu cầu X … như sau:" whose items follow
    for node in nodes:
        ls, le, body = node.start, node.end, node.body
        line = text[ls:le]
        if FOOTNOTE_LINE.match(line) or (title and title[0] <= ls < title[1]) or any(b[0] <= ls < b[1] for b in enumerated):
            continue
        low = fold(line).strip()
        if any(low.startswith(fold(m)) for m in CUES["end_markers"]):
            in_tail = True
            continue
        if in_tail:
            if ATTACHMENT.match(line):
                in_tail = skip_section = False
                task_section = not report
            continue
        if ADDRESSEES.search(line) and len(line) < 120:
            in_addressees = not ADDRESSEES.search(line).end() < len(line.rstrip())
            continue
        if in_addressees and node.kind in ("dash", "plus"):
            addressees.add(id(node))
            continue
        in_addressees = False
        if node.parent is not None and id(node.parent) in addressees:
            node.parent = None   # the text after "Kính gửi: - A; - B." is no sub-item of B
        if node.kind == "roman":
            intro = None
            skip_section = any(fold(c) in low for c in CUES["skip_sections"])
            task_section = not report or any(fold(c) in low for c in CUES["report_task_sections"])
            continue
        if skip_section:
            continue
        if node.parent and id(node.parent) in skipped or SKIP_HEADING.match(text, body, le):
            skipped.add(id(node))   # attendees, members, place and time of a meeting …
            for br in BRACKETED_TASK.finditer(text, body, le):   # … but "(giao Ban Dân tộc tỉnh thông báo)"
                for f in _in_sentence(text, br.start(1), br.end(1), False):
                    emit(node, f.actor, f.role, body, le, f.pred)
            if RESPONSIBILITY.search(text, body, le) and not SKIP_HEADING.match(text, body, le):
                _inline(node, doc, False, emit, news)    # … and "UBND các tỉnh chịu trách nhiệm kết nối …" among them
            continue
        if node.kind.startswith("num") and report and regex.search(
                r"(?i:nhiệm vụ|giải pháp|phương hướng|kiến nghị|đề xuất)", line[:120]):
            task_section = True

        # a field of the item above: "- Đơn vị chủ trì thực hiện: Sở X"
        fm = FIELD.match(text, body, le)
        if fm and node.parent:
            label = fold(fm.group("label"))
            kind = "deadline" if label.startswith("thoi") else "support" if "phoi hop" in label \
                else "lead" if "chu tri" in label else "responsible"
            node.parent.fields.setdefault(kind, []).append(fm.group("value"))
            node.parent.field_span = (node.parent.field_span or (fm.start("value"), fm.end("value")))[:1] + (le,)
            node.task = True
            continue

        heading = _heading_actor(text, node)
        if heading and (task_section or HEADING_CUE.match(text, body)):
            node.heading = heading
            prev = node
            continue

        if node.kind != "text" and intro is not None and intro.parent is not None and node.depth <= intro.parent.depth:
            intro = None   # the items "yêu cầu X … như sau:" introduced have ended
        context = next((a for a in node.ancestors() if a.heading or a.task or a.default), None)
        if context is None and node.kind != "text":
            context = intro
        if context is not None and context.task and not context.heading and not context.default:
            node.task = True   # "+ …" under a task: part of that task
            _inline(node, doc, report and not task_section, emit, news)
            prev = node
            continue

        if context is not None and context.default and not context.heading and node.kind != "text" \
                and task_section and DIRECTIVE.match(text, body):
            # "đề nghị X … nội dung sau:" then "1. Chỉ đạo UBND các xã …": X's own directive
            emit(node, context.default, "responsible", body, le, body)
            node.task, node.actor = True, context.default
            prev = node
            continue
        if context is not None and context.heading and node.kind != "text" and DIRECTIVE.match(text, body):
            # "1. Đảng ủy các xã:" then "- Chỉ đạo chi bộ thôn vận động …": the heading's own directive
            emit(node, context.heading, _role(text, body), body, le, body, split="heading")
            node.task, node.actor = True, context.heading
            prev = node
            continue
        if _inline(node, doc, report and not task_section, emit, news):
            if node.default and node.kind == "text":
                intro = node
            prev = node
            continue

        actor = context.heading or context.default if context is not None else None
        if DATA_ROW.search(line):
            actor = None   # a data table's row under "2. Các xã chưa đạt chuẩn …:" is no task of the heading's bodies
        if actor and states_target(text, body, le):
            prev = node   # "b) Xã Ngọk Réo … phấn đấu đạt chuẩn …" under "1. UBND các huyện": a target, no task
            continue
        if actor and task_section and node.kind != "text":
            emit(node, actor, _role(text, body), body, le, body, split="heading" if context.heading else False)
            node.task, node.actor = True, actor
        elif actor and task_section and node.kind == "text" and context is node.parent:
            emit(node, actor, _role(text, body), body, le, body, split="heading" if context.heading else False)
            node.task, node.actor = True, actor
        elif node.kind == "text" and prev is not None and prev.actor and prev.task and task_section \
                and FIRST_VERB.match(text, body) and prev.parent is node.parent:
            emit(node, prev.actor, "responsible", body, le, body)   # the next task of the same actor
            node.task, node.actor = True, prev.actor
        prev = node

    return _finish(doc, info, nodes, out)


SPEECH = regex.compile(r"[\"“][^\"“”\n]{10,}[\"”]\s*,\s*[^.\n]{0,60}?(?<!\p{L})(?:nói|nhấn\s+mạnh|chia\s+sẻ|cho\s+biết|"
                       r"khẳng\s+định|bày\s+tỏ|kể|tâm\s+sự|bộc\s+bạch)(?!\p{L})")
ASKING = regex.compile(r"(?<!\p{L})(?i:yêu\s+cầu|đề\s+nghị|giao|chỉ\s+đạo)(?!\p{L})")


def _in_speech(text: str, pos: int) -> bool:
    """pos lies inside direct speech a news item quotes and attributes ('"…", ông Minh nói.')."""
    para = text.rfind("\n", 0, pos) + 1
    return any(m.start() <= pos < m.end() for m in SPEECH.finditer(text, para, text.find("\n", pos) % (len(text) + 1) or len(text)))


def _inline(node: Item, doc: Document, report_only_directives: bool, emit, news: bool = False) -> bool:
    """Assignments stated inside the item's own sentences; True when it names an actor. An item
    that ends "… như sau:" only introduces the items under it (`default`)."""
    text, body, le = doc.text, node.body, node.end
    found_any = glued = False
    actor_here = None
    sentences = list(split_sentences(text, body, le, semicolons=False))
    for si, (s, e) in enumerate(sentences):
        ex = executors(text, s, e)   # also after "Quyết định này có hiệu lực kể từ ngày ký." in the same article
        if ex:
            group_text, names, pred = ex
            for name in names:
                emit(node, name, "responsible", s, e, pred, split=False, listed=group_text)
            found_any = True
            break
        found = _in_sentence(text, s, e, report_only_directives,
                             colon_ok=si == 0 and node.kind not in ("text", "roman"), news=news)
        if news and found:   # a speaker's own words ("…, bộ đội biên phòng đến giúp", ông Minh nói): asked only by a cue
            found = [f for f in found if not _in_speech(text, f.start) or ASKING.search(text, s, f.pred)]
        if INTRO_END.search(text, s, e) and INTRO_WORDS.search(text, s, e) and found:
            node.default = found[-1].actor   # "yêu cầu X … như sau:" introduces X's items
            return True
        if found and si == len(sentences) - 1 and text[e - 1:e] == ":" and node.kind != "text" \
                and node.children:
            node.default = found[-1].actor   # "3. Các đơn vị tham mưu … các mặt công tác, như:" over its items
            return True
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
                emit(node, f.actor, f.role if qs == f.start else _role(text, pred), qs, qe, pred)
            actor_here = f.actor
            found_any = True
        if glued:
            break
        if not found and actor_here and si > 0:
            # a second duty in another role ("Đồng thời có trách nhiệm phối hợp …"), or the next task of the
            # same body in one paragraph ("… (hoàn thành trước ngày 15/3/2026). Định kỳ 6 tháng … báo cáo …")
            lead = LEAD_IN.match(text, s)
            p = lead.end() if lead else s
            role = _role(text, p)
            closed = deadline_in(doc, sentences[si - 1][0], sentences[si - 1][1])
            if role != "responsible" or (closed and FIRST_VERB.match(text, p) and text[p].isupper()):
                emit(node, actor_here, role, s, e, p)   # a deadline closed the task before it
    if found_any:
        node.task, node.actor = True, actor_here
    return found_any


def _finish(doc: Document, info: DocumentInfo, nodes: list[Item], out: list[Assignment]) -> list[Assignment]:
    """Items with their fields ("Đơn vị chủ trì: …") give one assignment per named body, in place of
    what their context gave; an item whose sub-items were read as its tasks is their heading, not a
    task of its own."""
    text = doc.text
    drop: set[int] = set()
    extra: list[tuple[int, Assignment]] = []
    for node in nodes:
        if node.fields:
            drop.update(node.emitted)
            qs, qe = node.body, node.end
            deadline = next((d for v in node.fields.get("deadline", []) if (d := _month_or_date(v))), None)
            for role in ("lead", "responsible", "support"):
                for value in node.fields.get(role, []):
                    for part in regex.split(r"\s*;\s*", value.strip(" .;")):
                        if not part or unnamed(part):
                            continue
                        group = split_group(part) if agency_head_at(part, 0) else [part]
                        for name in group:
                            if unnamed(name):
                                continue
                            extra.append((node.start, make_fact(
                                Assignment, doc, qs, qe, assignee=name[:1].upper() + name[1:], role=role,
                                task=_task(text, qs, qe), deadline=deadline,
                                assignee_group=value.strip(" .;") if len(group) > 1 or ";" in value else None,
                                agency=canonical_agency(name))))
        elif node.emitted and not node.heading and any(
                c.parent is node and (c.emitted or c.fields) for c in nodes) and node.kind != "text" \
                and _is_intro(text, node):
            drop.update(node.emitted)
    kept, seen = [], []
    for i, a in enumerate(out):
        if i in drop:
            continue
        key = (agency_key(a.assignee), fold(a.task)[:80])
        if key in seen:
            continue   # a task stated twice for one body ("I. Việc cần làm ngay" and "II. Giải pháp")
        seen.append(key)
        kept.append(a)
    merged = sorted(kept + [a for _, a in extra], key=lambda a: a.span[0])
    head = headline_span(text, info)   # "HĐND tỉnh Thanh Hóa thông qua Nghị quyết …": a title reports, it assigns nothing
    return [a for a in merged if not (head and a.span[0] < head[1] and _named_in_headline(text, a, head[1]))]


def _named_in_headline(text: str, a: Assignment, head_end: int) -> bool:
    """The assignee is named in the headline and not after it (the reflow may join a headline to the body)."""
    name = fold(a.assignee)
    return a.span[1] <= head_end or (name in fold(text[a.span[0]:head_end]) and name not in fold(text[head_end:a.span[1]]))


def _is_intro(text: str, node: Item) -> bool:
    """An item that only names a topic ("1. Hoàn thiện hạ tầng công nghệ thông tin") heads the
    tasks under it; one that says what to do ("1. Tập trung chỉ đạo … như sau:") is a task too."""
    line = text[node.body:node.end].strip()
    return not regex.search(r"[.;,:]", line) and len(line.split()) <= 15


def _month_or_date(value: str) -> str | None:
    """A "Thời gian hoàn thành" field as a deadline: "Trong tháng 8/2025" → "2025-08", "trước ngày
    15/9/2025" → "2025-09-15", "Quý III/2025" → "2025-09"; "Thực hiện thường xuyên" → None."""
    m = regex.search(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d\d)", value)
    if m:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    m = regex.search(r"tháng\s+(\d{1,2})\s*(?:/|năm)\s*((?:19|20)\d\d)", value, regex.I)
    if m:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    m = regex.search(r"quý\s+(I{1,3}|IV|[1-4])\s*(?:/|năm)\s*((?:19|20)\d\d)", value, regex.I)
    if m:
        q = {"I": 1, "II": 2, "III": 3, "IV": 4}.get(m.group(1).upper()) or int(m.group(1))
        return f"{m.group(2)}-{q * 3:02d}"
    m = regex.search(r"năm\s+((?:19|20)\d\d)", value, regex.I)
    return m.group(1) if m else None


RESPONSIBILITY = regex.compile(r"(?i:chịu trách nhiệm|có trách nhiệm)")
CLAUSE_BREAK = regex.compile(r"(?<=[;.])\s+(?=\p{L})")


def _segments(doc: Document, info: DocumentInfo, qs: int, qe: int, pred: int, role: str):
    """A task item cut where it turns to another duty: a clause in another role ("…; chủ trì, phối hợp
    …", "Đồng thời chịu trách nhiệm …") or with a second deadline ("… trước ngày 28/4/2026; khẩn
    trương lập báo cáo … trước ngày 05/5/2026"). Yields (start, end, predicate, role, deadline)."""
    text = doc.text
    cuts, depth = [], 0
    for i in range(pred, qe):
        c = text[i]
        depth += (c == "(") - (c == ")")
        if depth == 0 and c in ";." and CLAUSE_BREAK.match(text, i + 1, qe):
            cuts.append(CLAUSE_BREAK.match(text, i + 1, qe).end())
    clauses = list(zip([pred] + cuts, [c for c in cuts] + [qe]))
    segments = []   # [start, end, pred, role, deadline]
    for i, (a, b) in enumerate(clauses):
        lead = LEAD_IN.match(text, a)
        p = lead.end() if lead else a
        crole = role if i == 0 else _role(text, p)
        due = deadline_in(doc, a, b, info.date)
        if crole == "responsible" and i and RESPONSIBILITY.match(text, p) and segments and segments[-1][3] != crole:
            crole = "responsible!"   # "…; đồng thời chịu trách nhiệm theo dõi …" after a lead duty
        cur = segments[-1] if segments else None
        if cur and (crole == cur[3] or crole == "responsible") and not (due and cur[4] and due != cur[4]):
            cur[1] = b
            cur[4] = cur[4] or due
            if due:
                cur[5] = b
            continue
        if cur and due and cur[4] and due != cur[4] and cur[5] and cur[5] < a:
            # the clauses after the one that carried the last deadline lead up to this one
            start = cur[5] + len(text[cur[5]:a]) - len(text[cur[5]:a].lstrip(" ;."))
            cur[1] = cur[5]
            segments.append([start, b, start, crole.rstrip("!"), due, b])
            continue
        segments.append([qs if i == 0 else a, b, p, crole.rstrip("!"), due, b if due else None])
    return [tuple(x[:5]) for x in segments]


def _glued_segments(text: str, start: int, end: int, pred: int) -> list[tuple[int, int, int]]:
    """Tasks of one actor merged into a paragraph: split at "; X" and ". X" (capital X)."""
    cuts = [m for m in regex.finditer(r"[;.]\s+(?=\p{Lu})", text[pred:end])]
    out, qs, p = [], start, pred
    for m in cuts:
        out.append((qs, pred + m.start(), p))
        qs = p = pred + m.end()
    out.append((qs, end, p))
    return [(a, b, c) for a, b, c in out if b > a]
