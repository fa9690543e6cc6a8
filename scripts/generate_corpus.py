"""A synthetic NTM corpus at scale: directives, plans, reports and letters with planted facts.

Each document has the structure of the seeds (../shared/seeds): a two-column header (issuer,
number, national motto or Party title, place and date), the type heading and title, a body of
numbered sections and "-" bullets carrying targets, achievements, budgets with components,
assignments, villages and references (some cited in footnotes), and the signature block with
"Nơi nhận". Numbers, dates, agencies, places and villages come from the gazetteer
(pipeline/model/data/gazetteer_legacy.json) and the lexicons of scripts/corpus_vocabulary.py, drawn
from a random generator seeded per document, so the same --seed gives the same documents whatever
the number of processes.

Renditions: TXT (the text layer, as the seeds are), DOCX and PDF through scripts/make_corpus.py's
write_docx / write_pdf (header and signature tables, real footnotes, Liberation Serif). A known
fraction of files is broken on purpose (truncated PDF, random bytes, empty file, a zip named
.docx). Every file's planted facts go to DIR/.manifest.jsonl (hidden, so `ntm ingest DIR` skips
it): the document block and the targets, achievements, budgets, assignments, places and
references with their values; scripts/score_planted.py scores ntm against it.

    python -m scripts.generate_corpus --n 10000 --out DIR --seed 1 [--mix 60,20,20] [--broken 0.02]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import time
import zipfile
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.corpus_vocabulary import (  # noqa: E402  (after the path set-up above)
    DISTRICT_AGENCIES,
    FILLER,
    NATIONAL_REFERENCES,
    PROVINCE_AGENCIES,
    TASKS,
    decimal,
    iso,
    pad,
    person,
    short_date,
    thousands,
    village_name,
    vn_date,
    vn_words,
)

MANIFEST = ".manifest.jsonl"
GAZETTEER = ROOT / "pipeline" / "model" / "data" / "gazetteer_legacy.json"
KON_TUM = "62"          # the seeds' province: a third of the documents are set there
BROKEN_KINDS = ("truncated_pdf", "random_bytes_pdf", "random_bytes_docx", "empty", "zip_as_docx")

# ---------------------------------------------------------------- helpers

@lru_cache(maxsize=1)
def gazetteer() -> dict:
    data = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    communes: dict[str, list[str]] = {}
    for w in data["wards"]:
        if w["type"] == "Xã" and "(" not in w["name"]:
            communes.setdefault(w["district"], []).append(w["name"])
    districts: dict[str, list[tuple[str, str]]] = {}
    for code, d in data["districts"].items():
        if d["type"] == "Huyện" and "(" not in d["name"] and len(communes.get(code, [])) >= 4:
            districts.setdefault(d["province"], []).append((code, d["name"]))
    provinces = {code: p for code, p in data["provinces"].items() if code in districts}
    return {"provinces": provinces, "districts": districts, "communes": communes}


# ---------------------------------------------------------------- one document

class Doc:
    """The parts of one generated document and the facts planted in it."""

    def __init__(self, index: int, seed: int):
        self.rng = random.Random(f"ntm-corpus:{seed}:{index}")
        self.index = index
        self.header_left: list[str] = []
        self.header_right: list[str] = []
        self.title: list[str] = []
        self.body: list[str] = []
        self.notes: dict[str, str] = {}
        self.sign_left: list[str] = []
        self.sign_right: list[str] = []
        self.facts: dict[str, list[dict]] = {k: [] for k in (
            "targets", "achievements", "budgets", "assignments", "places", "references")}
        self.document: dict = {}
        self._places: set[tuple[str, str, str | None]] = set()

    # facts ------------------------------------------------------------------------------------
    def place(self, level: str, name: str, parent: str | None = None) -> None:
        key = (level, name, parent)
        if key not in self._places:
            self._places.add(key)
            self.facts["places"].append({"level": level, "name": name, "parent": parent})

    def cite(self, number: str, type_: str, date: tuple[int, int, int] | str, rest: str,
             footnote: bool = False, short: bool = False) -> str:
        if isinstance(date, str):
            y, m, d = map(int, date.split("-"))
        else:
            y, m, d = date
        written = short_date(y, m, d) if short else vn_date(y, m, d)
        text = f"{type_} số {number} ngày {written} {rest}"
        self.facts["references"].append({"number": number, "type": type_, "date": iso(y, m, d)})
        if footnote:
            marker = str(len(self.notes) + 1)
            self.notes[marker] = text[0].upper() + text[1:] + "."
            return "⁽" + marker.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")) + "⁾"
        return text

    def earlier(self, days_min: int = 20, days_max: int = 600) -> tuple[int, int, int]:
        import datetime as dt
        d = dt.date(*self.date) - dt.timedelta(days=self.rng.randint(days_min, days_max))
        return d.year, d.month, d.day

    # the whole document -------------------------------------------------------------------------
    def build(self) -> None:
        rng, g = self.rng, gazetteer()
        if rng.random() < 0.35:
            self.province_code = KON_TUM
        else:
            self.province_code = rng.choice(sorted(g["provinces"]))
        prov = g["provinces"][self.province_code]
        self.province, self.province_type = prov["name"], prov["type"].lower()
        self.district_code, self.district = rng.choice(g["districts"][self.province_code])
        self.communes = rng.sample(g["communes"][self.district_code], k=min(6, len(g["communes"][self.district_code])))
        self.kon_tum = self.province_code == KON_TUM
        self.level = "district" if rng.random() < 0.6 else "province"
        self.system = "party" if rng.random() < 0.2 else "state"
        self.kind = rng.choices(["Kế hoạch", "Báo cáo", "Chỉ thị", "Công văn"], [35, 35, 15, 15])[0]
        if self.system == "party" and self.kind == "Công văn":
            self.kind = "Chỉ thị"
        self.year = rng.randint(2021, 2025)
        self.date = (self.year, rng.randint(1, 12), rng.randint(1, 28))
        self.area = "huyện" if self.level == "district" else self.province_type
        self.area_name = self.district if self.level == "district" else self.province
        # the province is planted where the text names it: a province's header, a cited provincial plan
        if self.level == "district":
            self.place("district", self.district, self.province)
        else:
            self.place("province", self.province)
        self.header()
        if self.system == "party":
            self.actor = "Ban Thường vụ " + ("Tỉnh ủy" if self.level == "province" else "Huyện ủy")
        else:
            self.actor = f"Ủy ban nhân dân {self.area}"
        {"Kế hoạch": self.plan_body, "Báo cáo": self.report_body,
         "Chỉ thị": self.directive_body, "Công văn": self.letter_body}[self.kind]()
        self.signature()

    def header(self) -> None:
        rng, y, m, d = self.rng, *self.date
        number = rng.randint(1, 150) if self.system == "party" else rng.randint(1, 2400 if self.level == "province" else 400)
        where = self.district if self.level == "district" else self.province
        place_date = f"{where}, {vn_date(y, m, d)}"
        area_upper = f"{self.area.upper()} {self.area_name.upper()}"
        if self.system == "party":
            issuer_short = "TU" if self.level == "province" else "HU"
            body_name = "Tỉnh ủy" if self.level == "province" else "Huyện ủy"
            if self.province_type == "thành phố" and self.level == "province":
                body_name = "Thành ủy"
            code = {"Kế hoạch": "KH", "Báo cáo": "BC", "Chỉ thị": "CT"}[self.kind]
            num = f"{pad(number)}-{code}/{issuer_short}"
            self.header_left = [f"{body_name.upper()} {self.area_name.upper()}", "*", f"Số {num}"]
            self.header_right = ["ĐẢNG CỘNG SẢN VIỆT NAM", place_date]
            # signed "T/M BAN THƯỜNG VỤ": the Standing Committee issues it (as seed 000)
            issuer = f"Ban Thường vụ {body_name} {self.area_name}"
            if self.kind == "Chỉ thị" and rng.random() < 0.5:
                self.title = ["CHỈ THỊ", f"CỦA BAN THƯỜNG VỤ {body_name.upper()}"]
        else:
            if self.kind == "Công văn":
                unit = rng.choice(["NNTN", "KTTH", "NN", "KT"])
                num = f"{pad(number)}/UBND-{unit}"
            else:
                code = {"Kế hoạch": "KH", "Báo cáo": "BC", "Chỉ thị": "CT"}[self.kind]
                num = f"{pad(number)}/{code}-UBND"
            self.header_left = ["ỦY BAN NHÂN DÂN", area_upper, f"Số: {num}"]
            self.header_right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", place_date]
            issuer = f"Ủy ban nhân dân {self.area} {self.area_name}"
        self.number = num
        subject = self.subject()
        if self.kind == "Công văn":
            self.header_left.append(f"V/v {subject}")
            title = subject
        else:
            if not self.title:
                self.title = [self.kind.upper()]
            self.title.append(subject[0].upper() + subject[1:] if self.kind != "Chỉ thị" else subject)
            title = self.title[-1]
        self.document = {"number": num, "type": self.kind, "issuer": issuer, "place": where,
                         "date": iso(y, m, d), "title": title, "system": self.system}

    def subject(self) -> str:
        y, where = self.year, f"trên địa bàn {self.area} {self.area_name}"
        return self.rng.choice({
            "Kế hoạch": [f"Triển khai thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm {y} {where}",
                         f"Xây dựng thôn (làng) nông thôn mới ở vùng đồng bào dân tộc thiểu số {where} đến năm 2025"],
            "Báo cáo": [f"Kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm {y}; phương hướng, nhiệm vụ năm {y + 1}",
                        f"Tình hình thực hiện Chương trình MTQG xây dựng nông thôn mới {where} năm {y}"],
            "Chỉ thị": [f"về tăng cường sự lãnh đạo, chỉ đạo đối với Chương trình mục tiêu quốc gia xây dựng nông thôn mới {where}",
                        f"về đẩy mạnh xây dựng thôn (làng) nông thôn mới ở vùng đồng bào dân tộc thiểu số {where}"],
            "Công văn": [f"triển khai thực hiện mục tiêu, nhiệm vụ xây dựng nông thôn mới năm {y}",
                         f"đôn đốc thực hiện các tiêu chí nông thôn mới năm {y}"],
        }[self.kind])

    # body parts -------------------------------------------------------------------------------
    def heading(self, n: int, text: str) -> None:
        self.body.append(f"{'I II III IV V VI VII'.split()[n]}. {text}")

    def fillers(self, k: int) -> None:
        for s in self.rng.sample(FILLER, k):
            self.body.append("- " + s)

    def intro_references(self, lead: str = "Căn cứ") -> str:
        """One or two cited documents: a national decision, the province's plan."""
        rng = self.rng
        parts = []
        if rng.random() < 0.7:
            n, t, date, rest = rng.choice(NATIONAL_REFERENCES)
            if date < iso(*self.date):
                parts.append(self.cite(n, t, date, rest, short=rng.random() < 0.5))
        ey, em, ed = self.earlier()
        local_num = f"{pad(rng.randint(1, 2400))}/KH-UBND"
        self.place("province", self.province)
        parts.append(self.cite(local_num, "Kế hoạch", (ey, em, ed),
                                              f"của Ủy ban nhân dân {self.province_type} {self.province} về triển khai Chương trình xây dựng nông thôn mới",
                                              short=rng.random() < 0.5))
        return f"{lead} " + "; ".join(parts)

    def target_sentences(self, k: int) -> list[str]:
        rng, out = self.rng, []
        deadline = max(self.year + 1, 2025) if rng.random() < 0.6 else self.year
        scope = "toàn huyện" if self.level == "district" else f"toàn {self.province_type}"
        total = rng.randint(8, 25) if self.level == "district" else rng.randint(40, 150)
        makers = [
            lambda: (lambda a: (f"Phấn đấu đến năm {deadline}, {scope} có {a}/{total} xã đạt chuẩn nông thôn mới",
                                {"value": a, "unit": "xã", "denominator": total, "deadline": str(deadline)}))(rng.randint(1, total)),
            lambda: (lambda n: (f"phấn đấu có thêm {pad(n)} thôn (làng) đạt chuẩn nông thôn mới",
                                {"value": n, "unit": "thôn", "deadline": str(deadline)}))(rng.randint(2, 60)),
            lambda: (lambda p: (f"Phấn đấu đến năm {deadline}, {scope} có từ {p}% trở lên số thôn (làng) vùng đồng bào dân tộc thiểu số đạt chuẩn thôn nông thôn mới",
                                {"value": p, "unit": "%", "comparator": ">=", "deadline": str(deadline)}))(rng.choice([30, 40, 50, 60])),
            lambda: (lambda x: (f"Tỷ lệ hộ nghèo giảm bình quân {decimal(x)}%/năm",
                                {"value": x, "unit": "%/năm"}))(round(rng.uniform(1.5, 4.5), 1)),
            lambda: (lambda n: (f"Dự kiến có thêm {pad(n)} xã đạt chuẩn xã nông thôn mới nâng cao trong năm {deadline}",
                                {"value": n, "unit": "xã", "deadline": str(deadline)}))(rng.randint(1, 9)),
            lambda: (lambda x: (f"Phấn đấu bình quân đạt {decimal(x)} tiêu chí/xã vào cuối năm {deadline}",
                                {"value": x, "unit": "tiêu chí/xã", "deadline": str(deadline)}))(round(rng.uniform(14, 19), 1)),
        ]
        for make in rng.sample(makers, k):
            text, fact = make()
            fact["text"] = text
            self.facts["targets"].append(fact)
            out.append(text[0].upper() + text[1:])
        return out

    def achievement_sentences(self, k: int) -> list[str]:
        rng, out = self.rng, []
        scope = "toàn huyện" if self.level == "district" else f"toàn {self.province_type}"

        def communes_reached():
            n = rng.randint(1, len(self.communes))
            names = self.communes[:n]
            for c in names:
                self.place("commune", c, self.district)
            listed = ", ".join(f"xã {c}" for c in names)
            return (f"Đến nay, {scope} có {pad(n)} xã đạt chuẩn nông thôn mới ({listed})",
                    {"value": n, "unit": "xã"})

        def villages_recognised():
            n = rng.randint(1, 3)
            vs = []
            for _ in range(n):
                c = rng.choice(self.communes)
                v = village_name(rng, self.kon_tum)
                self.place("commune", c, self.district)
                self.place("village", v, c)
                vs.append(f"{v}, xã {c}")
            return (f"Đã có {pad(n)} thôn (làng) được công nhận đạt chuẩn nông thôn mới, gồm: {'; '.join(vs)}",
                    {"value": n, "unit": "thôn"})

        makers = [
            communes_reached, villages_recognised,
            lambda: (lambda x: (f"Bình quân {scope} đạt {decimal(x, 2)} tiêu chí/xã", {"value": x, "unit": "tiêu chí/xã"}))(round(rng.uniform(12, 19), 2)),
            lambda: (lambda x: (f"Đã cứng hóa được {decimal(x, 2)} km đường giao thông nông thôn", {"value": x, "unit": "km"}))(round(rng.uniform(5, 90), 2)),
            lambda: (lambda n: (f"Đến nay đã có {pad(n)} thôn đạt chuẩn khu dân cư nông thôn mới kiểu mẫu", {"value": n, "unit": "thôn"}))(rng.randint(1, 12)),
        ]
        for make in rng.sample(makers, k):
            text, fact = make()
            fact["text"] = text
            self.facts["achievements"].append(fact)
            out.append(text)
        return out

    def budget_paragraphs(self, label: str, disbursed: bool = False) -> list[str]:
        rng = self.rng
        parts = {"Vốn ngân sách Trung ương": rng.randint(2000, 40000), "Vốn ngân sách tỉnh": rng.randint(500, 8000),
                 "Vốn ngân sách huyện": rng.randint(100, 4000), "Vốn huy động cộng đồng": rng.randint(50, 3000)}
        chosen = rng.sample(list(parts), rng.randint(2, 4))
        total = sum(parts[k] for k in chosen)
        vnd = total * 10 ** 6
        self.facts["budgets"].append({"amount_vnd": vnd, "label": label, "total": True})
        out = [f"{label}: {thousands(total)} triệu đồng ({vn_words(vnd)} đồng), trong đó:"]
        for k in chosen:
            self.facts["budgets"].append({"amount_vnd": parts[k] * 10 ** 6, "label": k})
            out.append(f"- {k}: {thousands(parts[k])} triệu đồng;")
        out[-1] = out[-1][:-1] + "."
        if disbursed:
            paid = int(total * rng.uniform(0.3, 0.95))
            share = int(paid / total * 10000) / 100         # the documents truncate, not round
            self.facts["budgets"].append({"amount_vnd": paid * 10 ** 6, "label": "giải ngân", "kind": "disbursed"})
            self.facts["achievements"].append({"value": share, "unit": "%", "text": f"đạt {decimal(share, 2)}% kế hoạch"})
            out.append(f"Đến nay đã giải ngân được {thousands(paid)} triệu đồng, đạt {decimal(share, 2)}% kế hoạch vốn.")
        return out

    def assignment_items(self, start: int, k: int) -> list[str]:
        """Numbered items under TỔ CHỨC THỰC HIỆN: a lead with supporters, or an agency heading
        with its tasks as bullets; some with a deadline."""
        rng = self.rng
        pool = PROVINCE_AGENCIES if self.level == "province" else DISTRICT_AGENCIES
        agencies = rng.sample(pool, k + 2)
        out, n = [], start
        for canonical, printed in agencies[:k]:
            written = rng.choice(printed)
            task = rng.choice(TASKS)
            deadline = None
            tail = ""
            if rng.random() < 0.4:
                y = self.year if self.date[1] < 11 else self.year + 1
                m, d = rng.randint(max(1, self.date[1]), 12) if y == self.year else rng.randint(1, 12), rng.choice([15, 20, 30])
                if m == 2:
                    d = 15
                deadline = iso(y, m, d)
                tail = f"; báo cáo kết quả thực hiện trước ngày {short_date(y, m, d)}"
            if rng.random() < 0.5:
                partners = rng.sample([a for a in agencies[k:]], rng.randint(1, 2))
                partner_text = ", ".join(rng.choice(p[1]) for p in partners)
                out.append(f"{n}. Giao {written} chủ trì, phối hợp với {partner_text} {task}{tail}.")
                self.facts["assignments"].append({"assignee": canonical, "role": "lead", "deadline": deadline})
                for p in partners:
                    self.facts["assignments"].append({"assignee": p[0], "role": "support", "deadline": deadline})
            else:
                out.append(f"{n}. {written}")
                out.append(f"- {task[0].upper() + task[1:]}{tail}.")
                other = rng.choice([t for t in TASKS if t != task])
                out.append(f"- {other[0].upper() + other[1:]}.")
                self.facts["assignments"].append({"assignee": canonical, "role": "responsible", "deadline": deadline})
            n += 1
        return out

    def village_plan_item(self) -> str:
        c = self.rng.choice(self.communes)
        v = village_name(self.rng, self.kon_tum)
        self.place("commune", c, self.district)
        self.place("village", v, c)
        return f"- Chọn {v}, xã {c} làm điểm xây dựng thôn nông thôn mới để rút kinh nghiệm, nhân rộng."

    def plan_body(self) -> None:
        rng = self.rng
        self.body.append(f"{self.intro_references()}, {self.actor} ban hành Kế hoạch thực hiện như sau:")
        self.heading(0, "MỤC ĐÍCH, YÊU CẦU")
        self.fillers(2)
        self.heading(1, "MỤC TIÊU")
        self.body.append("1. Mục tiêu chung")
        self.body.append(FILLER[rng.randrange(6)])
        self.body.append("2. Mục tiêu cụ thể")
        self.body += ["- " + s + ";" for s in self.target_sentences(rng.randint(2, 4))]
        self.heading(2, "NHIỆM VỤ, GIẢI PHÁP")
        self.fillers(2)
        if self.level == "district":
            self.body.append(self.village_plan_item())
        self.heading(3, "KINH PHÍ THỰC HIỆN")
        self.body += self.budget_paragraphs(f"Tổng kinh phí thực hiện Kế hoạch năm {self.year}")
        self.heading(4, "TỔ CHỨC THỰC HIỆN")
        self.body += self.assignment_items(1, rng.randint(2, 4))
        # the closing formula names no task (assignment_cues.json closing_task_words): no fact planted
        self.body.append("Trên đây là Kế hoạch triển khai thực hiện; đề nghị các đơn vị, địa phương nghiêm túc triển khai thực hiện./.")

    def report_body(self) -> None:
        rng = self.rng
        ey, em, ed = self.earlier(10, 120)
        ref = self.cite(f"{rng.randint(100, 2400)}/SNN-NTM", "Công văn", (ey, em, ed),
                        "của Sở Nông nghiệp và Phát triển nông thôn về việc báo cáo kết quả thực hiện Chương trình",
                        footnote=rng.random() < 0.5)
        if ref.startswith("⁽"):
            self.body.append(f"Thực hiện chỉ đạo của Sở Nông nghiệp và Phát triển nông thôn{ref}, {self.actor} báo cáo kết quả như sau:")
        else:
            self.body.append(f"Thực hiện {ref}, {self.actor} báo cáo kết quả như sau:")
        self.heading(0, "KẾT QUẢ THỰC HIỆN")
        self.body.append("1. Công tác chỉ đạo, điều hành")
        self.fillers(2)
        self.body.append("2. Kết quả thực hiện các tiêu chí")
        self.body += ["- " + s + "." for s in self.achievement_sentences(rng.randint(2, 4))]
        self.body.append("3. Kết quả huy động, giải ngân nguồn vốn")
        self.body += self.budget_paragraphs(f"Tổng kinh phí thực hiện Chương trình năm {self.year}", disbursed=True)
        self.heading(1, "KHÓ KHĂN, HẠN CHẾ")
        self.fillers(2)
        self.heading(2, f"PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {self.year + 1}")
        self.body += ["- " + s + "." for s in self.target_sentences(rng.randint(1, 3))]
        self.body += self.assignment_items(1, rng.randint(1, 3))
        self.body.append(f"Trên đây là báo cáo kết quả thực hiện Chương trình năm {self.year} của {self.actor}./.")

    def directive_body(self) -> None:
        rng = self.rng
        achievements = self.achievement_sentences(1)
        self.body.append("Trong những năm qua, cấp ủy, chính quyền các cấp đã lãnh đạo triển khai thực hiện tốt "
                         f"Chương trình mục tiêu quốc gia xây dựng nông thôn mới. {achievements[0]}.")
        self.body.append(FILLER[6 + rng.randrange(4)])
        target = self.target_sentences(1)[0]
        self.body.append(f"{self.intro_references('Để thực hiện thắng lợi')}, cần xác định mục tiêu: {target[0].lower() + target[1:]}. "
                         "Để thực hiện mục tiêu trên, yêu cầu:")
        self.body += self.assignment_items(1, rng.randint(2, 4))
        if self.system == "party":
            self.body.append("Chỉ thị này được phổ biến đến chi bộ và đảng viên./.")
        else:
            self.body.append("Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện Chỉ thị này./.")
            self.facts["assignments"].append({"assignee": "Các cơ quan, đơn vị", "role": "responsible", "deadline": None})

    def letter_body(self) -> None:
        rng = self.rng
        pool = PROVINCE_AGENCIES if self.level == "province" else DISTRICT_AGENCIES
        self.body.append("Kính gửi:")
        for _, printed in rng.sample(pool, 2):
            self.body.append(f"- {printed[0]};")
        self.body.append(f"{self.intro_references()}, {self.actor} có ý kiến như sau:")
        self.body += self.assignment_items(1, rng.randint(1, 3))
        if rng.random() < 0.5:
            self.body.append("- " + self.target_sentences(1)[0] + ".")
        self.body.append("Đề nghị các đơn vị khẩn trương triển khai thực hiện./.")
        self.facts["assignments"].append({"assignee": "Các đơn vị", "role": "responsible", "deadline": None})

    def signature(self) -> None:
        rng = self.rng
        name = person(rng)
        if self.system == "party":
            deputy = rng.random() < 0.4
            self.sign_right = ["T/M BAN THƯỜNG VỤ"] + (["K/T BÍ THƯ", "PHÓ BÍ THƯ"] if deputy else ["BÍ THƯ"]) + [name]
            self.document.update(signer=name, signer_title="Phó Bí thư" if deputy else "Bí thư")
            recipients = ["Các cơ quan tham mưu, giúp việc", "Các chi bộ, đảng bộ trực thuộc", "Lưu Văn phòng"]
        else:
            deputy = rng.random() < 0.6
            self.sign_right = ["TM. ỦY BAN NHÂN DÂN"] + (["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if deputy else ["CHỦ TỊCH"]) + [name]
            self.document.update(signer=name, signer_title="Phó Chủ tịch" if deputy else "Chủ tịch")
            recipients = ["Như trên", "Thường trực Huyện ủy" if self.level == "district" else "Thường trực Tỉnh ủy",
                          "Chủ tịch, các PCT UBND", "Lưu: VT, NN"]
        self.sign_left = ["Nơi nhận:"] + [f"- {r};" for r in recipients[:-1]] + [f"- {recipients[-1]}."]

    # renditions ---------------------------------------------------------------------------------
    def layout(self):
        from scripts.make_corpus import Layout
        return Layout(header_left=self.header_left, header_right=self.header_right, title=self.title,
                      body=self.body, notes=self.notes, sign_left=self.sign_left, sign_right=self.sign_right)

    def text(self) -> str:
        """The text layer as the seeds have it: header columns one after the other, footnotes
        after the body, blank lines between paragraphs."""
        notes = [f"⁽{m.translate(str.maketrans('0123456789', '⁰¹²³⁴⁵⁶⁷⁸⁹'))}⁾ {t}" for m, t in self.notes.items()]
        parts = self.header_left + self.header_right + self.title + self.body + notes + self.sign_left + self.sign_right
        return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------- files

def slug(kind: str) -> str:
    return {"Kế hoạch": "ke-hoach", "Báo cáo": "bao-cao", "Chỉ thị": "chi-thi", "Công văn": "cong-van"}[kind]


def choose_format(rng: random.Random, mix: tuple[float, float, float]) -> str:
    return rng.choices(["txt", "docx", "pdf"], mix)[0]


def write_broken(kind: str, path_stem: Path, rng: random.Random, good_pdf: bytes) -> Path:
    if kind == "truncated_pdf":
        path = path_stem.with_suffix(".pdf")
        path.write_bytes(good_pdf[: max(200, int(len(good_pdf) * rng.uniform(0.2, 0.6)))])
    elif kind == "random_bytes_pdf":
        path = path_stem.with_suffix(".pdf")
        path.write_bytes(rng.randbytes(rng.randint(500, 20000)))
    elif kind == "random_bytes_docx":
        path = path_stem.with_suffix(".docx")
        path.write_bytes(rng.randbytes(rng.randint(500, 20000)))
    elif kind == "empty":
        path = path_stem.with_suffix(rng.choice([".txt", ".pdf", ".docx"]))
        path.write_bytes(b"")
    elif kind == "zip_as_docx":
        path = path_stem.with_suffix(".docx")
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("readme.txt", "không phải tài liệu Word")
            z.writestr("data/bang.csv", "xa,tieu_chi\nA,19\n")
    else:
        raise ValueError(kind)
    return path


def generate_one(args: tuple[int, int, str, tuple[float, float, float], float]) -> dict:
    index, seed, out, mix, broken_share = args
    doc = Doc(index, seed)
    doc.build()
    rng = random.Random(f"ntm-files:{seed}:{index}")
    fmt = choose_format(rng, mix)
    broken = rng.choice(BROKEN_KINDS) if rng.random() < broken_share else None
    folder = Path(out) / f"{index // 1000:02d}"
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"{index:05d}_{slug(doc.kind)}_{doc.document['date']}"
    t = time.perf_counter()
    if broken:
        good = b""
        if broken == "truncated_pdf":
            from scripts.make_corpus import write_pdf
            tmp = stem.with_suffix(".tmp.pdf")
            write_pdf(doc.layout(), tmp)
            good = tmp.read_bytes()
            tmp.unlink()
        path = write_broken(broken, stem, rng, good)
        fmt = path.suffix[1:]
    elif fmt == "txt":
        path = stem.with_suffix(".txt")
        path.write_text(doc.text(), encoding="utf-8")
    elif fmt == "docx":
        from scripts.make_corpus import write_docx
        path = stem.with_suffix(".docx")
        write_docx(doc.layout(), path)
    else:
        from scripts.make_corpus import write_pdf
        path = stem.with_suffix(".pdf")
        write_pdf(doc.layout(), path)
    entry = {"file": str(path.relative_to(out)), "index": index, "format": fmt, "broken": broken,
             "seconds": round(time.perf_counter() - t, 4)}
    if not broken:
        entry["document"] = doc.document
        entry.update(doc.facts)
    return entry


_FONTS = False


def _init_worker() -> None:
    global _FONTS
    import reportlab.rl_config
    reportlab.rl_config.invariant = 1        # no creation date or random id: same seed, same bytes
    if not _FONTS:
        from scripts.make_corpus import register_fonts
        register_fonts()
        _FONTS = True


def generate(n: int, out: str | os.PathLike, seed: int = 1, mix=(0.6, 0.2, 0.2), broken: float = 0.02,
             processes: int | None = None, quiet: bool = True) -> dict:
    """Write n documents under out/ and out/.manifest.jsonl; return a summary with timings."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(i, seed, str(out), tuple(mix), broken) for i in range(n)]
    processes = processes or min(os.cpu_count() or 1, 8)
    t = time.perf_counter()
    if processes > 1 and n > 20:
        ctx = multiprocessing.get_context("forkserver")
        with ctx.Pool(processes, initializer=_init_worker) as pool:
            entries = []
            for k, e in enumerate(pool.imap_unordered(generate_one, jobs, chunksize=16)):
                entries.append(e)
                if not quiet and (k + 1) % 1000 == 0:
                    print(f"  {k + 1}/{n} files, {time.perf_counter() - t:.0f}s", file=sys.stderr)
    else:
        _init_worker()
        entries = [generate_one(j) for j in jobs]
    entries.sort(key=lambda e: e["index"])
    wall = time.perf_counter() - t
    with open(out / MANIFEST, "w", encoding="utf-8") as fh:
        for e in entries:
            fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    by_format: dict[str, dict[str, float]] = {}
    for e in entries:
        key = "broken" if e["broken"] else e["format"]
        b = by_format.setdefault(key, {"files": 0, "seconds": 0.0})
        b["files"] += 1
        b["seconds"] += e["seconds"]
    return {"files": n, "wall_s": wall, "processes": processes, "by_format": by_format,
            "manifest": str(out / MANIFEST)}


def read_manifest(folder: str | os.PathLike) -> list[dict]:
    with open(Path(folder) / MANIFEST, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="number of files")
    ap.add_argument("--out", required=True, help="folder to write (created)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mix", default="60,20,20", help="TXT,DOCX,PDF shares")
    ap.add_argument("--broken", type=float, default=0.02, help="share of deliberately broken files")
    ap.add_argument("--processes", type=int, default=None, help="default: the number of cores")
    args = ap.parse_args(argv)
    mix = tuple(float(x) for x in args.mix.split(","))
    summary = generate(args.n, args.out, args.seed, mix, args.broken, args.processes, quiet=False)
    per = ", ".join(f"{k} {v['files']} ({1000 * v['seconds'] / max(1, v['files']):.0f} ms/file)"
                    for k, v in sorted(summary["by_format"].items()))
    print(f"{summary['files']} files in {summary['wall_s']:.1f}s on {summary['processes']} processes: {per}; "
          f"manifest {summary['manifest']}")


if __name__ == "__main__":
    main()
