"""Agency phrases: where the name of a body (or of a list of bodies) starts and ends in a sentence, one
name per body, and the canonical name of each. Shared by the assignment extractor and the task
tables; the lexicon is data (data/agencies.json: names and abbreviations; data/assignment_cues.json:
head words, verbs that end a name, collective phrases).

A phrase runs from a head word ("Sở", "Ủy ban nhân dân", "Nhà đầu tư", "Các đồng chí") to the first
verb cue, a colon, the end of the line or a glued capital (a lost line break); qualifiers in between
("theo chức năng, nhiệm vụ", a bracketed unit) and a list of places after "các huyện:" are stepped over.
A target predicate ("đạt chuẩn", "hoàn thành nhiệm vụ xây dựng nông thôn mới") ends it too, and makes
the clause a target of places rather than a task. Not handled: a name that holds one
of the verb cues and is not listed among the noun phrases.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from extractors.common import load_rules
from pipeline.model.normalize import fold
from pipeline.model.text import alternation

CUES = load_rules("assignment_cues.json")
AGENCIES = load_rules("agencies.json")


def alt_words(words) -> str:
    return alternation(words, flexible_spaces=False)


def alt_words_ci(words) -> str:
    """Alternation matching each word in lower case or with a capital first letter."""
    return alt_words({w for x in words for w in (x, x[:1].upper() + x[1:])})


NB = r"(?![\p{L}\p{N}])"
STANDALONE = regex.compile(r"(?i:" + alt_words(CUES["standalone_heads"]) + r")" + NB)
NAMED = regex.compile(r"(?i:" + alt_words(CUES["named_heads"]) + r")\s+(?=\p{Lu}|(?:" + alt_words(CUES["name_followers"]) + r")" + NB + ")")
VERB = regex.compile(r"(?:" + alt_words(CUES["verbs"]) + r")" + NB)
FIRST_VERB = regex.compile(r"(?:" + alt_words_ci(CUES["verbs"]) + r")" + NB)
_agency_names = [n for c, aliases in AGENCIES["agencies"].items() for n in [c, *aliases]]
NOUNS = regex.compile(r"(?i:" + alt_words(CUES["noun_phrases"] + _agency_names) + r")" + NB)
SCAN_STOP = regex.compile(r"(?:" + alt_words(CUES["reported_markers"]) + r")" + NB)
PROPOSAL = regex.compile(r"(?:" + alt_words(CUES["proposal_verbs"] + CUES["function_markers"] + CUES["statement_verbs"]) + r")" + NB)
QUALIFIER = regex.compile(r"(?:" + alt_words(CUES["actor_qualifiers"]) + r")" + NB)
ASSIGN = regex.compile(r"(?<![\p{L}])(?:" + alt_words_ci(CUES["assign_cues"]) + r")\s+")
ASSIGN_WORD = regex.compile(r"(?:" + alt_words(CUES["assign_cues"]) + r")" + NB)
CLAUSE_ASSIGN = regex.compile(r"(?:" + alt_words_ci(CUES["clause_start_cues"]) + r")\s+")
ASSIGN_BLOCKERS = regex.compile(r"(?:được|đã được|theo|của|có|đã|cấp có thẩm quyền)\s+$", regex.I)
# "UBND tỉnh đã giao X chủ trì …, trình UBND tỉnh trong quý II": a reported assignment whose task still has a deadline
OPEN_DEADLINE = regex.compile(r"(?i:" + alt_words(CUES["open_task_deadlines"]) + r")" + NB)
REPORTED_ASSIGNER = regex.compile(r"(?i:đã)\s+$")
# "hồ sơ 2 sản phẩm đề nghị Hội đồng Trung ương đánh giá": a cue word naming what is proposed, no request
# "Năm qua, UBND tỉnh đã giao Sở … thẩm định …": a reported assignment of a period that has ended, done
FINISHED_PERIOD = regex.compile(r"\W*(?:" + "|".join(CUES["finished_period_openers"]) + r")(?!\p{L})", regex.I)
ATTRIBUTIVE_CUE = regex.compile(r"(?<!\p{L})(?:" + "|".join(CUES["attributive_before"]) + r")\s+$")   # lower case: "Lưu Văn Bản yêu cầu" is a name
FACT_VERB = regex.compile(r"(?:" + alt_words(CUES["fact_verbs"]) + r")" + NB)
STRONG = regex.compile(r"(?:" + alt_words(CUES["strong_verbs"]) + r")" + NB)
LEAD_IN = regex.compile(r"(?:" + alt_words_ci(CUES["lead_ins"]) + r")\s*,?\s*")
SUPPORT = regex.compile(r"(?:" + alt_words_ci(CUES["support_starts"]) + r")")
UNNAMED = regex.compile(r"(?i:" + alt_words(CUES["unnamed"]) + r")" + NB)
COLLECTIVE = regex.compile(r"(?i:" + alt_words(CUES["collective_phrases"] + [n for n in _agency_names if "," in n]) + r")" + NB)
JOINT_OFFICE = regex.compile(r"(?i:" + alt_words(CUES["joint_office_heads"]) + r")$")
PLACE_GROUP = regex.compile(r"(?i:(" + alt_words(CUES["place_group_heads"]) + r"))\s*:?\s*")
_LEVELS = "thành phố|thị xã|thị trấn|huyện|quận|xã|phường"
_VILLAGE_LEVELS = "thôn|ấp|bản|làng|buôn|khóm|tổ dân phố|khu phố"
# "UBND các huyện Bắc Trà My, Nam Trà My và Tây Giang": a head, a plural level noun, then capitalised names
# (also "Ban Nhân dân các ấp A, B, C": the village's body and the village words)
NAMED_PLACE_GROUP = regex.compile(r"^(?P<head>(?:" + alt_words_ci(CUES["place_body_heads"]) + r")\s+)(?i:các|những)\s+"
                                  r"(?P<level>" + _LEVELS + "|" + _VILLAGE_LEVELS + r")(?:\s*:\s*|\s+)(?=\p{Lu})")
# "UBND huyện A và thị xã B": a head, then places each with its own level word
NAMED_PLACES = regex.compile(r"^(?P<head>" + alt_words_ci(CUES["place_body_heads"]) + r")\s+(?=(?i:" + _LEVELS + r")\s+\p{Lu})")
ONE_LEVEL_PLACES = regex.compile(r"^(?P<head>" + alt_words_ci(CUES["place_body_heads"]) + r")\s+(?P<level>" + _LEVELS + "|"
                              + _VILLAGE_LEVELS + r")\s+(?=\p{Lu}|\d)")
LEVEL_WORD = regex.compile(r"^(?i:thành phố|thị xã|huyện|quận|xã|phường|thị trấn)\s+")
# a result a place reaches ("đạt chuẩn", "hoàn thành nhiệm vụ xây dựng nông thôn mới"): a target, no task
TARGET = regex.compile(r"(?:" + alt_words(CUES["target_predicates"]) + r")" + NB)
ASPIRE = regex.compile(r"(?:" + alt_words(CUES["aspiration_verbs"]) + r")" + NB)
# "Ngọc Hồi, Đăk Hà, Sa Thầy và thành phố Kon Tum", "Đăk Nên (huyện Kon Plông)": capitalised place names
_NAME_WORD = r"\p{Lu}[\p{L}\p{M}'’-]*"
_PLACE_NAME = (r"(?:(?i:" + _LEVELS + r")\s+)?" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r")*(?:\s*\([^()]{1,60}\))?")
_PLACE_LIST = _PLACE_NAME + r"(?:\s*,\s*(?:và\s+)?" + _PLACE_NAME + r"|\s+và\s+" + _PLACE_NAME + r")"
# "Ủy ban nhân dân các huyện: Ngọc Hồi, Đăk Hà, Sa Thầy hoàn thiện …": a body of two or more listed places
BODY_PLACE_LIST = regex.compile(r"(?:" + alt_words_ci(CUES["place_body_heads"]) + r")\s+(?i:các|những)\s+(?i:" + _LEVELS
                                + r")\s*:\s*" + _PLACE_LIST + r"+(?=\s+\p{Ll})")
# "Xã Ngọk Réo (huyện Đăk Hà) …", "Các huyện: Ngọc Hồi, Đăk Hà …", "Huyện Kon Plông …": places as the subject
PLACE_SUBJECT = regex.compile(r"(?:(?i:các|những)\s+)?(?i:" + alt_words(CUES["place_levels"]) + r")\s*:?\s*"
                              + _PLACE_NAME + r"(?:\s*,\s*(?:và\s+)?" + _PLACE_NAME + r"|\s+và\s+" + _PLACE_NAME + r")*\s+")
TOKEN = regex.compile(r"[\p{L}\p{N}&'’/]+|[^\s\p{L}\p{N}]")
GLUE = regex.compile(r"(?<=\p{Ll})(?=\p{Lu}\p{Ll})")
# "Chánh Văn phòng UBND tỉnh; Giám đốc các Sở: A, B; Chủ tịch UBND các huyện … chịu trách nhiệm thi hành Quyết định này"
EXECUTORS = regex.compile(r"(?P<subj>[^.]+?)\s+(?:" + alt_words(CUES["executor_verbs"]) + r")" + NB)
OFFICE_LIST = regex.compile(r"^(?P<title>" + alt_words_ci(CUES["office_titles"]) + r")\s+(?i:các)\s+(?P<body>\p{L}+)\s*:\s*(?P<list>.+)$")
# "… và các tổ chức, cá nhân có liên quan", "… và Thủ trưởng các cơ quan, đơn vị có liên quan": unnamed, dropped
UNNAMED_TAIL = regex.compile(r"^\s*(?:và\s+)?(?:(?i:thủ trưởng|người đứng đầu|lãnh đạo)\s+)?(?i:các|những|mọi)\s[^;\p{Lu}]*liên quan\s*$")
OFFICE_START = r"(?:" + alt_words_ci(CUES["office_titles"]) + r")\s"
MAX_ACTOR_WORDS = 45
# lower-case words that names are made of: "Sở Tài chính tỉnh", "UBND các huyện và thành phố"
NAME_GLUE = regex.compile(r"(?:và|các|của|cấp|tỉnh|huyện|xã|phường|thị trấn|thị xã|thành phố|trực thuộc|thuộc|số)(?![\p{L}])")


# ---------------------------------------------------------------- agency names

@functools.cache
def _abbreviations():
    return [(regex.compile(r"(?<![\p{L}\p{N}&])" + regex.escape(a) + r"(?![\p{L}\p{N}&])"), full)
            for a, full in sorted(AGENCIES["abbreviations"].items(), key=lambda kv: -len(kv[0]))]


def _expand(name: str) -> str:
    for rx, full in _abbreviations():
        name = rx.sub(full, name)
    return " ".join(name.split())


NOT_ASCII_WORD = regex.compile(r"[^a-z0-9]+")


def agency_key(name: str) -> str:
    return NOT_ASCII_WORD.sub(" ", fold(_expand(name))).strip()


@functools.cache
def _canonical_index() -> dict[str, str]:
    return {agency_key(n): canon for canon, aliases in AGENCIES["agencies"].items() for n in [canon, *aliases]}


def canonical_agency(name: str) -> str:
    """Canonical agency name: "Sở NN&PTNT" → "Sở Nông nghiệp và Phát triển nông thôn",
    "UBND các xã" → "Ủy ban nhân dân các xã"; else the name with abbreviations expanded."""
    name = regex.sub(r"^(?i:các)\s+(?=(?i:đảng ủy|đảng đoàn|ban)\s)", "", " ".join(name.split()).strip(" ,;:"))
    expanded = _expand(name)
    canon = _canonical_index().get(agency_key(name))
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
    stop: str           # verb | glue | colon | assigner | target (a result places reach: no task)


def actor_at(text: str, pos: int, end: int, assigned: bool = False) -> Actor | None:
    """The agency phrase opening at `pos`: from a head word to the first verb cue, a colon, a glued
    capital or the end of the line (`end`). `assigned`: an assigner's cue comes before it ("Giao X
    đề xuất …"), so a proposal verb is its task, not a report of what X proposed."""
    head = agency_head_at(text, pos)
    if not head:
        return None
    place_group = PLACE_GROUP.match(text, pos)
    listed = BODY_PLACE_LIST.match(text, pos, end)
    i, words, last = head.end(), 0, head.end()
    qualified = False
    plain: list[int] = []   # lower-case words taken as part of the name: where a verb may hide
    if place_group or listed:
        i = last = (listed or place_group).end()
    while i < end and words < MAX_ACTOR_WORDS:
        if text[i].isspace():
            i += 1
            continue
        nm = NOUNS.match(text, i)
        if nm:
            i = last = nm.end()
            continue
        q = QUALIFIER.match(text, i)
        if q:   # "theo chức năng, nhiệm vụ (được giao)": ends the name; the predicate follows
            i = q.end()
            qualified = True
            continue
        if ASSIGN_WORD.match(text, i):   # "UBND tỉnh giao X": the assigner, not the assignee
            return Actor(pos, last, i, "assigner")
        if assigned and (rel := _relative_clause(text, pos, i, end)):
            return Actor(pos, rel, rel, "verb")   # "đề nghị các xã đã đạt chuẩn tiếp tục nâng chất …"
        if SCAN_STOP.match(text, i) or (not assigned and PROPOSAL.match(text, i)):
            return None
        if TARGET.match(text, i) or (place_group and ASPIRE.match(text, i)):
            return Actor(pos, last, i, "target")   # "Các huyện: A, B đạt chuẩn …": what places reach
        if VERB.match(text, i):
            return _verb_inside(text, pos, last, plain) or Actor(pos, last, i, "verb")
        tok = TOKEN.match(text, i)
        glue = GLUE.search(text, i, tok.end())
        if glue:
            return Actor(pos, glue.start(), glue.start(), "glue")
        if tok.group() == ":":
            return _verb_inside(text, pos, last, plain) or Actor(pos, last, tok.end(), "colon")
        if tok.group() == "(":   # "Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công):" names the office
            close = text.find(")", i, end)
            if close == -1 or close - i > 120:
                return None
            i = close + 1
            continue
        if tok.group() in ".;“\"" or (tok.group()[0].isdigit() and not regex.fullmatch(r"\d{1,3}", tok.group())):
            return None
        if tok.group()[:1].islower():
            plain.append(i)
        i = tok.end()
        if not qualified:
            last = i
        words += 1
    if i >= end and words < MAX_ACTOR_WORDS:
        # a heading that only names the body: "a) Sở Tài chính"
        return _verb_inside(text, pos, last, plain) or Actor(pos, last, end, "end")
    return None


RELATIVE = regex.compile(r"(?i:các|những)\s")
RELATIVE_MARK = regex.compile(r"(?:đã|vừa|mới)(?:\s+được)?\s|được\s")


def _relative_clause(text: str, pos: int, i: int, end: int) -> int | None:
    """After an assigner's cue, a group qualified by what it has done or had done ("đề nghị các xã đã đạt
    chuẩn tiếp tục nâng chất …", "các địa phương vừa được công nhận tiếp tục duy trì …"): where its task
    verb starts."""
    mark = RELATIVE_MARK.match(text, i) if RELATIVE.match(text, pos) else None
    if not mark:
        return None
    verb = VERB.search(text, mark.end(), min(end, i + 80))
    if not verb or regex.search(r"[,;:.()]", text[i:verb.start()]):
        return None
    return pos + len(text[pos:verb.start()].rstrip())


def states_target(text: str, pos: int, end: int) -> bool:
    """The clause at `pos` states a result places reach, no task: "Xã Ngọk Réo (huyện Đăk Hà) phấn đấu
    đạt chuẩn …", "Huyện Kon Plông phấn đấu đến năm 2027 có …", "Các huyện: A, B đạt chuẩn …"."""
    subject = PLACE_SUBJECT.match(text, pos, end)
    if subject and (TARGET.match(text, subject.end(), end) or ASPIRE.match(text, subject.end(), end)):
        return True
    actor = actor_at(text, pos, end)
    return actor is not None and actor.stop == "target"


def _verb_inside(text: str, pos: int, last: int, plain: list[int]) -> Actor | None:
    """A verb the cue list does not know, inside what was read as a name ("UBND tỉnh ghi nhận và đánh
    giá cao sự chủ động của …"): underthesea tags the phrase, only when it is long, lists no bodies
    and holds two or more lower-case content words (names seldom do outside the lexicon's noun
    phrases), and the name ends before the first verb."""
    phrase = text[pos:last]
    content = [p for p in plain if not NAME_GLUE.match(text, p)]
    if len(content) < 2 or len(phrase.split()) < 6 or "," in phrase:
        return None   # short names and lists of bodies are read by the lexicon alone
    offsets = {p - pos for p in plain}
    for start, tag in _tagged(phrase):
        if tag == "V" and start in offsets and start > 0 and regex.search(r"\p{L}", phrase[:start]):
            cut = pos + len(phrase[:start].rstrip(" ,"))
            # "Các xã vùng cao có tỷ lệ giải ngân thấp: …": what the bodies have or are is a fact, no task
            return Actor(pos, cut, pos + start, "fact" if FACT_VERB.match(phrase, start) else "verb")
    return None


def place_actor(text: str, pos: int, end: int) -> Actor | None:
    """A place named right after an assigner's cue, then a verb: "đề nghị huyện Nghi Lộc tiếp tục nâng cao …"
    asks that place's government; a result it reaches ("… huyện X đạt chuẩn") is no task."""
    subject = PLACE_SUBJECT.match(text, pos, end)
    if not subject or TARGET.match(text, subject.end(), end) or not VERB.match(text, subject.end(), end):
        return None
    return Actor(pos, pos + len(text[pos:subject.end()].rstrip(" ,:")), subject.end(), "verb")


@functools.cache
def _tagger():
    """underthesea's part-of-speech tagger, loaded once per process (0.3 s; see README)."""
    from underthesea import pos_tag

    pos_tag("Sở Tài chính")
    return pos_tag


# loaded with the module, so that a process forked after warming up (flows/stages.py) shares it
_tagger()


@functools.lru_cache(maxsize=4096)
def _tagged(phrase: str) -> tuple[tuple[int, str], ...]:
    """(offset, POS tag) of each word of `phrase` (underthesea's tagger; offsets found in order)."""
    out, at = [], 0
    pos_tag = _tagger()
    for word, tag in pos_tag(phrase):
        found = phrase.find(word, at)
        if found == -1:
            continue
        out.append((found, tag))
        at = found + len(word)
    return tuple(out)


def unnamed(actor: str) -> bool:
    return bool(UNNAMED.search(actor))


def split_group(actor: str) -> list[str]:
    """One assignee per body: "Các Đảng ủy Quân sự tỉnh, Công an tỉnh, …" → "Đảng ủy Quân sự tỉnh",
    "Đảng ủy Công an tỉnh", …; "các huyện: Đăk Hà, … và thành phố Kon Tum" → "UBND huyện Đăk Hà", …"""
    named = NAMED_PLACE_GROUP.match(actor)
    if named:   # "UBND các huyện A, B và C", "UBND các xã A và B": one body per named place
        names = [n for n in regex.split(r"\s*,\s*(?:và\s+)?|\s+và\s+", actor[named.end():]) if n.strip()]
        if len(names) >= 2 and all(regex.match(r"(?:(?:(?i:" + _LEVELS + ")|" + _VILLAGE_LEVELS + r")\s+)?\p{Lu}", n) for n in names):
            head, level = named.group("head").strip(), named.group("level")
            # "Trưởng các thôn A, B, tổ dân phố C": a name with its own level word keeps it
            own = regex.compile(r"(?:(?i:" + _LEVELS + ")|" + _VILLAGE_LEVELS + r")\s+")   # "Làng Nhì" is a name
            return [" ".join(x for x in (head, "" if own.match(n) else level, n.strip()) if x) for n in names]
    one_level = ONE_LEVEL_PLACES.match(actor)
    if one_level:   # "Chủ tịch UBND xã Phú Thịnh, Điềm Mặc": one level word before several names
        names = [n.strip() for n in regex.split(r"\s*,\s*(?:và\s+)?|\s+và\s+", actor[one_level.end():]) if n.strip()]
        # "Trưởng thôn A, B và Trưởng khu phố C": the last place with its own head and level word
        if len(names) >= 2 and all(regex.fullmatch(r"\p{Lu}[\p{L}'’-]*(?:\s\p{Lu}[\p{L}'’-]*|\s\d{1,2}){0,3}", n)
                                   and not agency_head_at(n, 0) or ONE_LEVEL_PLACES.match(n) for n in names):
            return [n if ONE_LEVEL_PLACES.match(n) else f"{one_level.group('head')} {one_level.group('level')} {n}"
                    for n in names]
    each = NAMED_PLACES.match(actor)
    if each:   # "UBND huyện Trần Đề và thị xã Vĩnh Châu": the head stands for the body of each named place
        names = [n.strip() for n in regex.split(r"\s*,\s*(?:và\s+)?|\s+và\s+", actor[each.end():]) if n.strip()]
        if len(names) >= 2 and all(LEVEL_WORD.match(n) and regex.match(r"\p{Lu}", n[LEVEL_WORD.match(n).end():])
                                   for n in names):
            return [f"{each.group('head')} {n}" for n in names]
    place_group = PLACE_GROUP.match(actor)
    protected = COLLECTIVE.sub(lambda m: m.group().replace(",", "\x00"), actor)
    pieces = []
    for part in regex.split(r"\s*,\s*", protected):
        part = part.replace("\x00", ",").strip()
        # "và" joins two bodies only when a head follows ("Mặt trận và các tổ chức …"), not inside
        # a name ("Sở Kế hoạch và Đầu tư")
        cuts = [m for m in regex.finditer(r"(?:^|\s+)và\s+", part) if (place_group or agency_head_at(part, m.end()))
                and not JOINT_OFFICE.search(part, 0, m.start())]   # "Văn phòng HĐND và UBND xã" is one office
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
    dist = regex.match(r"(?i:các)\s+(" + alt_words(CUES["distribute_heads"]) + r")\s", pieces[0], regex.I)
    if dist:
        head = dist.group(1)
        pieces[0] = pieces[0][dist.start(1):]
        pieces = [pieces[0]] + [p if fold(p).startswith(fold(head)) else f"{head} {p}" for p in pieces[1:]]
    # "Ban Tuyên giáo, Ban Dân vận huyện": the level word ends the last body and names every body's level;
    # not "…, UBND các huyện" (the plural names its own bodies only)
    level = regex.search(r"(?<!(?i:các|những))\s(tỉnh|huyện|xã)$", pieces[-1])
    if level and not any(regex.search(r"\s(tỉnh|huyện|xã|thành phố)$", p) for p in pieces[:-1]):
        pieces = [f"{p} {level.group(1)}" for p in pieces[:-1]] + [pieces[-1]]
    return [p[:1].upper() + p[1:] for p in pieces]


def _known_tails(body: str) -> list[str]:
    """Names the lexicon knows after `body` ("Sở") : "Kế hoạch và Đầu tư", "Văn hóa, Thể thao và Du lịch" …"""
    out = set(AGENCIES["department_names"])
    for n in _agency_names:
        m = regex.match(regex.escape(body) + r"\s+(.+)$", n, regex.I)
        if m:
            out.add(m.group(1))
    return sorted(out, key=len, reverse=True)


def office_items(title: str, body: str, listed: str) -> list[str]:
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
    return [f"{title} {body} {i.strip()}".strip() for i in items if i.strip()]


def executors(text: str, s: int, e: int):
    """The executing clause of a decision: (list as written, one name per office holder, predicate start)."""
    m = EXECUTORS.match(text, s, e)
    if not m or not (";" in m.group("subj") or "," in m.group("subj")) or not (
            agency_head_at(text, s) or regex.match(r"(?:" + alt_words_ci(CUES["office_titles"]) + r")\s", text[s:e])):
        return None
    subj, names = _office_names(m.group("subj"))
    return (subj, names, m.end("subj") + 1) if len(names) >= 2 else None


# "Điều 3. Các ông (bà):" / "1. Chánh Văn phòng …;" … / "chịu trách nhiệm thi hành Quyết định này.", and the
# same list after "… chịu trách nhiệm thi hành Quyết định này:": the executing clause enumerated, one line an office
_ENUM_ITEMS = r"(?P<items2>(?:[ \t]*(?:\d{1,2}[.)]|[-–+•])[ \t]*[^\n]{1,160}\n)+)"   # "- Giám đốc Sở …;": short lines
ENUM_EXECUTORS = regex.compile(
    r"(?m)^[ \t]*(?:Điều\s+\d+\.\s*)?(?i:các|những)\s+ông\s*(?:\(\s*bà\s*\)|,\s*bà|/\s*bà)\s*:?[ \t]*\n"
    + r"(?P<items>(?:[ \t]*(?:\d{1,2}[.)]|[-–+•])[ \t]*[^\n]+\n)*?(?:[ \t]*(?:\d{1,2}[.)]|[-–+•])[^\n]*?)?)"
    + r"[ \t]*(?P<verb>" + alt_words(CUES["executor_verbs"]) + r")" + NB
    + r"|^[ \t]*(?:Điều\s+\d+\.\s*)?[^\n:]{0,120}?(?P<verb2>" + alt_words([v for v in CUES["executor_verbs"] if "thi hành" in v])
    + r")" + NB
    + r"[^\n:]{0,60}:[ \t]*\n" + _ENUM_ITEMS)


def enumerated_executors(text: str):
    """Each executing clause written one office holder a line: (start, end, predicate start, list as
    written, names)."""
    out = []
    for m in ENUM_EXECUTORS.finditer(text):
        items = m.group("items") if m.group("items") is not None else m.group("items2")
        lines = [regex.sub(r"^\s*(?:\d{1,2}[.)]|[-–+•])\s*", "", ln).strip(" \t;.,") for ln in items.splitlines()]
        subj, names = _office_names("; ".join(ln for ln in lines if ln))
        if len(names) < 2:
            continue
        verb = "verb" if m.group("verb") is not None else "verb2"
        end = text.find("\n", m.end())
        out.append((m.start(), m.end() if verb == "verb2" else (len(text) if end < 0 else end),
                    m.start(verb), subj, names))
    return out


def _office_names(subj: str) -> tuple[str, list[str]]:
    """"Chánh Văn phòng …; Giám đốc các Sở: A, B; Chủ tịch UBND các xã …" → (the list without its unnamed
    tail, one name per office holder)."""
    for sep in regex.finditer(r"\s*[,;]\s*|\s+và\s+", subj):   # drop "… và các tổ chức, cá nhân có liên quan"
        if UNNAMED_TAIL.match(subj[sep.end():]) or UNNAMED_TAIL.match(subj[sep.start():].lstrip(" ,;")):
            subj = subj[:sep.start()]
            break
    names = []
    # "Chánh Văn phòng …, Giám đốc các Sở: A, B, Chủ tịch UBND các xã": one part per office holder
    parts = regex.split(r"\s*;\s*|\s*,\s*(?=" + OFFICE_START + r")|\s+và\s+(?=" + OFFICE_START + r")", subj)
    for part in [p.strip() for p in parts if p.strip()]:
        office = OFFICE_LIST.match(part)
        if office:
            names += office_items(office.group("title"), office.group("body"), office.group("list"))
        elif not unnamed(part):
            names += split_group(part)
    return subj, names


