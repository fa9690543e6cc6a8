"""The cross-check never crashes: hypothesis builds random corpora (any mix of plans, reports, news
and decisions; dates missing, year-only or impossible; places missing, unknown or ambiguous; the same
figure stated twice, or differently; tables, footnotes, deferrals, negations) and the whole check —
commitments, claims, tracing at a random `today`, tasks, timelines, the stored rows — must return.
The `trace()` guard that turns an exception into a "no evidence" finding must never be needed here.
At least 200 corpora per run (more with NTM_FUZZ_EXAMPLES)."""
from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.crosscheck.claims import Claim, claims
from pipeline.crosscheck.commitments import Commitment, commitments
from pipeline.crosscheck.mentions import Source
from pipeline.crosscheck.periods import end_of
from pipeline.crosscheck.places import PlaceRef
from pipeline.crosscheck.records import finding_rows
from pipeline.crosscheck.tasks import tasks
from pipeline.crosscheck.timelines import timelines
from pipeline.crosscheck.tracing import trace
from pipeline.crosscheck.vocabulary import STATUS_LABELS, STATUSES, vocabulary
from pipeline.store.corpus import Corpus

# The strategies draw nothing from the global `random`; Prefect's in-process server, started by the
# flow tests of the same session, does in its background loops (prefect.utilities.math), and
# hypothesis then warns that the state changed while it generated.
pytestmark = pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies")

EXAMPLES = max(200, int(os.environ.get("NTM_FUZZ_EXAMPLES", "200")))
CORPORA = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("NTM_FUZZ_EXAMPLES"),
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

PLACES = ["xã Đăk Kan", "xã Ngọk Réo", "xã Đăk Long", "xã Sa Bình (huyện Sa Thầy)", "huyện Ngọc Hồi",
          "huyện Đăk Hà", "thành phố Kon Tum", "tỉnh Kon Tum", "tỉnh Kon Tum (cũ)", "tỉnh Quảng Nam",
          "xã Tiên Lãnh, huyện Tiên Phước", "thôn 6, xã Đăk Pxi", "Thôn 9 (Kon Nhên), xã Đăk Ruồng",
          "xã Không Có Thật", "huyện Hư Cấu", "thị trấn Đăk Rve", "huyện Kon Rẫy", "xã Đăk Pék"]
INDICATORS = ["đạt chuẩn nông thôn mới", "đạt chuẩn nông thôn mới nâng cao", "đạt chuẩn nông thôn mới kiểu mẫu",
              "thôn (làng) đạt chuẩn nông thôn mới", "tiêu chí", "tiêu chí/xã", "căn nhà tạm", "huyện nông thôn mới"]
UNITS = ["xã", "thôn", "huyện", "tiêu chí", "căn", "%", "đơn vị cấp huyện", "khu dân cư", ""]
TYPES = ["Kế hoạch", "Báo cáo", "Chỉ thị", "Công văn", "Quyết định", "Thông báo", None]

years = st.integers(2019, 2031)
numbers = st.one_of(st.integers(0, 600).map(lambda n: f"{n:02d}"), st.integers(0, 100).map(lambda n: f"{n},{n % 10}"),
                    st.integers(1000, 3000).map(lambda n: f"{n // 1000}.{n % 1000:03d}"))
day_dates = st.tuples(st.integers(1, 32), st.integers(1, 13), years).map(lambda t: f"{t[0]}/{t[1]}/{t[2]}")
when_words = st.one_of(years.map(lambda y: f"năm {y}"), years.map(lambda y: f"đến năm {y}"),
                       years.map(lambda y: f"cuối năm {y}"), day_dates.map(lambda d: f"trước ngày {d}"),
                       day_dates.map(lambda d: f"đến ngày {d}"), years.map(lambda y: f"quý II/{y}"), st.just(""))
figure = st.tuples(numbers, st.one_of(st.just(""), numbers.map(lambda n: f"/{n}")), st.sampled_from(UNITS)).map(
    lambda t: f"{t[0]}{t[1]} {t[2]}".strip())


@st.composite
def sentences(draw) -> str:
    place, ind, fig, when = (draw(st.sampled_from(PLACES)), draw(st.sampled_from(INDICATORS)), draw(figure),
                             draw(when_words))
    forms = [
        f"Phấn đấu {when}, {place} có {fig} {ind}",
        f"Phấn đấu các xã: {place}, {draw(st.sampled_from(PLACES))} và {draw(st.sampled_from(PLACES))} {ind} {when}",
        f"Đến nay, {place} có {fig} {ind}",
        f"Tính {when}, {place} có {fig} {ind}; bình quân đạt {draw(numbers)} tiêu chí/xã",
        f"Quyết định số {draw(numbers)}/QĐ-UBND ngày {draw(day_dates)} công nhận {place} {ind}",
        f"{place} chưa đạt chuẩn, còn {draw(numbers)} tiêu chí chưa đạt (Tiêu chí số {draw(numbers)}, số {draw(numbers)})",
        f"{place} đề nghị chuyển sang năm {draw(years)}; đăng ký lại {when}",
        f"Tỷ lệ giải ngân {when} đạt {draw(numbers)}% kế hoạch vốn năm {draw(years)}",
        f"Giao Ủy ban nhân dân {place} chủ trì, báo cáo {when}",
        f"khu vực biên giới có {fig} {ind}",
        f"{place} đã hoàn thành thêm {draw(numbers)} tiêu chí (Tiêu chí số {draw(numbers)})",
        f"xã nông thôn mới nâng cao ({draw(st.sampled_from(PLACES))}, {draw(st.sampled_from(PLACES))})",
        f"có thêm từ {draw(numbers)} đến {fig} {ind}, trong đó có {draw(numbers)} {ind}",
        draw(st.text(alphabet="aăâđeêioôơuưy ;,.:()-/%0123456789\n", max_size=60)),
    ]
    return draw(st.sampled_from(forms))


@st.composite
def documents(draw, doc_id: int) -> dict:
    lines = []
    for _ in range(draw(st.integers(0, 7))):
        kind = draw(st.sampled_from(["sentence", "heading", "row", "footnote", "blank"]))
        if kind == "heading":
            lines.append(draw(st.sampled_from(["I. KẾT QUẢ THỰC HIỆN", "II. MỤC TIÊU NĂM 2025", "1. Mục tiêu cụ thể",
                                               "III. TỔ CHỨC THỰC HIỆN", "a) Năm 2023", "PHƯƠNG HƯỚNG, NHIỆM VỤ"])))
        elif kind == "row":
            cells = draw(st.lists(st.one_of(st.sampled_from(PLACES), numbers, st.just("Đạt chuẩn NTM"),
                                            st.just("Chưa đạt"), st.just("")), min_size=1, max_size=5))
            lines.append("| " + " | ".join(cells) + " |")
        elif kind == "footnote":
            lines.append(f"⁽{draw(st.integers(1, 9))}⁾ " + draw(sentences()))
        elif kind == "blank":
            lines.append("")
        else:
            lines.append(draw(sentences()) + draw(st.sampled_from([".", "", ";"])))
    text = "\n".join(lines)
    date = draw(st.one_of(st.none(), st.just(""), years.map(str),
                          st.dates(dt.date(2019, 1, 1), dt.date(2031, 12, 31)).map(dt.date.isoformat),
                          st.just("2024-02-30")))
    return {"id": doc_id, "path": f"/x/{doc_id}.txt", "file_name": f"{doc_id}.txt", "number": draw(
                st.one_of(st.none(), numbers.map(lambda n: f"{n}/KH-UBND"))),
            "type": draw(st.sampled_from(TYPES)), "issuer": draw(st.one_of(st.none(), st.sampled_from(
                ["Ủy ban nhân dân tỉnh Kon Tum", "Ủy ban nhân dân huyện Đăk Hà", "Ban Thường vụ Huyện ủy Kon Rẫy",
                 "Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi"]))),
            "place": None, "date": date, "title": draw(st.one_of(st.none(), st.sampled_from(
                ["Kết quả xây dựng nông thôn mới năm 2024", "Xây dựng nông thôn mới trên địa bàn huyện Kon Rẫy",
                 "về xã biên giới", "trên địa bàn tỉnh Kon Tum (cũ)"]))),
            "text": text, "footnotes": draw(st.sampled_from(["[]", None, "not json", json.dumps(
                [{"marker": "1", "citations": [[0, 1]]}])])), "sha256": f"{doc_id:064x}"}


@st.composite
def corpora(draw) -> Corpus:
    docs = {i: draw(documents(i)) for i in range(1, draw(st.integers(1, 6)) + 1)}
    if draw(st.booleans()) and docs:            # the same text twice (a copy not recognised as one)
        first = docs[1]
        docs[len(docs) + 1] = {**first, "id": len(docs) + 1, "file_name": "copy.txt"}
    ids = list(docs)
    facts: dict[str, list[dict]] = {"places": [], "references": [], "assignments": [], "targets": [],
                                    "achievements": [], "consistency": []}
    for n in range(draw(st.integers(0, 8))):
        doc = draw(st.sampled_from(ids))
        facts["places"].append({"id": n, "doc_id": doc, "level": draw(st.sampled_from(
            ["village", "commune", "district", "province", None])), "name": draw(st.sampled_from(
                ["Đăk Kan", "Thôn 6", "Ngọc Hồi", "Kon Tum", "", None])), "code": draw(st.sampled_from(
                    [None, "23425", "611", "62", "bogus"])), "parent": draw(st.sampled_from([None, "Đăk Pxi", "?"])),
            "span_start": draw(st.one_of(st.none(), st.integers(0, 400))), "span_end": None, "page": None})
        facts["references"].append({"id": n, "doc_id": doc, "number": draw(st.sampled_from(
            [None, "1052/UBND-NNTN", "12/QĐ-UBND"])), "date": draw(st.sampled_from([None, "2023-06-12", "2024"])),
            "span_start": draw(st.integers(0, 400)), "span_end": None})
        facts["assignments"].append({"id": n, "doc_id": doc, "agency": draw(st.sampled_from([None, "Sở Nông nghiệp"])),
                                     "assignee": draw(st.sampled_from([None, "", "UBND huyện Đăk Hà"])),
                                     "role": draw(st.sampled_from([None, "lead"])), "task": draw(st.sampled_from(
                                         [None, "báo cáo kết quả"])), "deadline": draw(st.sampled_from(
                                             [None, "2024", "2024-12-31", "2024-13", "quý II/2025", "2030-06"])),
                                     "span_start": draw(st.one_of(st.none(), st.integers(0, 400))),
                                     "span_end": draw(st.one_of(st.none(), st.integers(0, 400))),
                                     "page": None, "quote": draw(st.sampled_from([None, "báo cáo trước ngày 31/12"]))})
    pages = {}
    for doc in ids:
        if draw(st.booleans()):
            text = docs[doc]["text"]
            half = len(text) // 2
            pages[doc] = [(1, text[:half]), (2, text[half:])] if draw(st.booleans()) else [(1, text)]
    return Corpus(docs, facts, pages, {d: [docs[d]["file_name"]] for d in ids})


@CORPORA
@given(corpora(), st.dates(dt.date(2020, 1, 1), dt.date(2032, 12, 31)))
def test_check_returns_on_any_corpus(corpus, today):
    found = trace(commitments(corpus), claims(corpus), today)
    for f in found:
        assert "Lỗi khi đối chiếu" not in f.reason, f.reason       # the guard was never needed
        assert f.status in STATUSES and f.status_label == STATUS_LABELS[f.status] and f.reason
        if f.status in ("met", "met_late"):
            assert f.evidence, f"{f.status} without evidence: {f.commitment.label}"
        for e in f.evidence:
            assert e.source.doc_id != f.commitment.source.doc_id and e.source.page
        assert f.commitment.source.page
    task_list = tasks(corpus, today)
    rows, evidence, timeline = finding_rows(found, task_list, today, timelines(corpus))
    assert len(rows) == len(found) + len(task_list)
    assert all(r["page"] for r in rows)


# ---------------------------------------------------------------- facts straight into the tracing

REFS = [PlaceRef("province", "Kon Tum", "p:62", province="62"),
        PlaceRef("province", "Kon Tum (mới)", "p:62:moi", province="62:moi"),
        PlaceRef("district", "Đăk Hà", "d:615", district="615", province="62", district_name="Đăk Hà"),
        PlaceRef("district", "Ngọc Hồi", "d:611", district="611", province="62", district_name="Ngọc Hồi"),
        PlaceRef("commune", "Ngọk Réo", "c:23530", commune="23530", district="615", province="62"),
        PlaceRef("commune", "Đăk Kan", "c:23389", commune="23389", district="611", province="62"),
        PlaceRef("village", "Thôn 6", "v:23506:Thôn 6", commune="23506", district="615", province="62"),
        PlaceRef("village", "Thôn 9", "v:?:Thôn 9")]
IDS = [ind["id"] for ind in vocabulary()["indicators"]] + ["khong_co"]
dates = st.dates(dt.date(2021, 1, 1), dt.date(2028, 12, 31))
maybe_number = st.one_of(st.none(), st.floats(0, 600, allow_nan=False), st.sampled_from([0.0, 1.0, 53.0, 100.0]))


def _source(doc_id: int, date: dt.date | None) -> Source:
    return Source(doc_id, f"{doc_id}/BC-UBND", "Báo cáo", date.isoformat() if date else None, None, doc_id,
                  (0, 10), "trích dẫn", f"{doc_id}.txt", page_unit="đoạn")


@st.composite
def claim_facts(draw) -> Claim:
    doc = draw(st.integers(1, 6))
    doc_date = draw(st.one_of(st.none(), dates))
    return Claim(draw(st.sampled_from(["figure", "status", "criteria"])), draw(st.sampled_from(IDS + [None])),
                 draw(st.one_of(st.none(), st.sampled_from(REFS))), draw(dates), _source(doc, doc_date), doc_date,
                 draw(maybe_number), draw(st.one_of(st.none(), st.sampled_from([0.0, 19.0, 85.0]))),
                 draw(st.sampled_from([None, "%", "xã", "thôn", "tiêu chí"])),
                 draw(st.sampled_from(["positive", "negative"])), draw(st.booleans()),
                 draw(st.lists(st.integers(1, 19), max_size=3)), draw(st.lists(st.integers(1, 19), max_size=3)),
                 draw(st.one_of(st.none(), st.floats(0, 5, allow_nan=False))), None,
                 draw(st.one_of(st.none(), st.integers(2023, 2026))), draw(st.booleans()))


@st.composite
def commitment_facts(draw) -> Commitment:
    made = draw(st.one_of(st.none(), dates))
    deadline = draw(st.one_of(st.integers(2022, 2031).map(str), dates.map(dt.date.isoformat),
                              st.sampled_from(["", "2025-13-01", "quý II"])))
    return Commitment(f"ck-{draw(st.integers(0, 10**6))}", draw(st.sampled_from(IDS)), draw(st.sampled_from(REFS)),
                      deadline, _source(draw(st.integers(1, 6)), made), value=draw(maybe_number),
                      denominator=draw(st.one_of(st.none(), st.sampled_from([0.0, 85.0]))),
                      unit=draw(st.sampled_from([None, "%", "xã", "tiêu chí"])),
                      comparator=draw(st.sampled_from([None, ">=", "<=", "<", "~"])), increment=draw(st.booleans()),
                      criteria=draw(st.lists(st.integers(1, 19), max_size=3)),
                      made=made.isoformat() if made else None,
                      fund_year=draw(st.one_of(st.none(), st.integers(2023, 2026))))


@CORPORA
@given(st.lists(commitment_facts(), min_size=1, max_size=6), st.lists(claim_facts(), max_size=25), dates)
def test_tracing_is_total_over_any_facts(promised, reported, today):
    """Duplicate, contradicting, undated, placeless and unit-less facts: every commitment gets a status,
    met only with evidence, pending only before the deadline, never its own document as evidence."""
    found = trace(promised, reported, today)
    made_later = [c for c in promised if c.made and dt.date.fromisoformat(c.made) > today]
    assert len(found) == len(promised) - len(made_later)
    for f in found:
        assert "Lỗi khi đối chiếu" not in f.reason, f.reason
        assert f.status in STATUSES and f.reason
        if f.status in ("met", "met_late"):
            assert f.evidence
        end = end_of(f.commitment.deadline)
        if f.status == "pending":
            assert end is not None and end > today
        if f.status in ("missed", "partly_met", "met_late", "no_evidence") and end is not None:
            assert end <= today or f.status == "no_evidence"
        for e in f.evidence:
            assert e.source.doc_id != f.commitment.source.doc_id
            assert e.source.date is None or dt.date.fromisoformat(e.source.date) <= today
