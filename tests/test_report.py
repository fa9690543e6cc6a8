"""The HTML report and the Excel task register, written by the real flows (ingest, then crosscheck)
into a real SQLite file from the invented inspection fixtures plus seed 1052/UBND-NNTN in its three
renditions (TXT, DOCX and a PDF: the paged one, so its commitments and tasks are cited by page), a
byte-identical copy of one report under another name and a folder README. The report is opened in
a real headless browser (Chromium through Selenium)."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
INSPECTION = ROOT / "tests" / "fixtures" / "inspection"
SEED_1052 = "2024-03-29_cong-van-1052-UBND-NNTN"
COPY = "ban-sao_r10_thong-bao-ket-luan.txt"     # byte for byte r10, under another name
TODAY = dt.date(2026, 12, 1)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
PAGE = re.compile(r"\b(?:trang|đoạn) \d+")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from flows.crosscheck import crosscheck
    from flows.ingest import ingest

    root = tmp_path_factory.mktemp("report")
    docs = root / "docs"
    docs.mkdir()
    for f in INSPECTION.glob("*.txt"):
        shutil.copy(f, docs / f.name)
    shutil.copy(INSPECTION / "r10_thong_bao_ket_luan_kon_tum_2025-04.txt", docs / COPY)
    for suffix in (".txt", ".docx", ".pdf"):
        shutil.copy(ROOT / "corpus" / (SEED_1052 + suffix), docs / (SEED_1052 + suffix))
    shutil.copy(INSPECTION / "README.md", docs / "README.md")
    db = root / "ntm.db"
    summary = ingest([str(docs)], db_path=str(db), workers=1)
    assert not summary.failed
    assert [Path(p).name for p, _ in summary.skipped] == ["README.md"]
    result = crosscheck(str(db), str(root / "out" / "report.html"), TODAY)
    return db, Path(result.report), Path(result.tasks_xlsx)


def _findings(db: Path, kind: str) -> list[dict]:
    return list(sqlite_utils.Database(db).query("select * from findings_reviewed where kind = ? order by id", [kind]))


def test_report_is_self_contained(built):
    _, report, _ = built
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html), "external resource"
    assert "@media print" in html and 'name="viewport"' in html
    assert "<svg" in html and 'lang="vi"' in html


def test_every_evidence_link_has_its_passage_and_page(built):
    _, report, _ = built
    html = report.read_text(encoding="utf-8")
    targets = set(re.findall(r'href="#(p-\d+-\d+-\d+)"', html))
    ids = set(re.findall(r'id="(p-\d+-\d+-\d+)"', html))
    assert targets and targets <= ids
    assert "ký tự" not in html                     # never a character offset
    cites = re.findall(r'<a class="cite" href="#p-[^"]+">([^<]*)</a>', html)
    assert cites and all(PAGE.search(c) for c in cites), [c for c in cites if not PAGE.search(c)][:5]
    assert any(c.startswith("1052/UBND-NNTN, trang ") for c in cites)   # the PDF rendition gives the page


def test_one_section_per_district_and_labels_in_vietnamese(built):
    db, report, _ = built
    html = report.read_text(encoding="utf-8")
    districts = {r["district"] for r in _findings(db, "commitment")}
    headings = set(re.findall(r'<section class="district" id="d-\d+"><h2>([^<]*)</h2>', html))
    assert headings == {d.replace("'", "&#x27;") for d in districts}
    for label in ("Đạt", "Đạt muộn", "Đạt một phần", "Không đạt", "Chưa đến hạn", "Chưa có báo cáo", "Mâu thuẫn"):
        assert f">{label}</span>" in html


def test_a_copy_is_one_document_with_two_names(built):
    db, _, _ = built
    database = sqlite_utils.Database(db)
    rows = list(database.query("select file_name, copy_of, rendition_of from documents where sha256 = ("
                               "select sha256 from documents where file_name = ?)", [COPY]))
    assert len(rows) == 2 and sum(r["rendition_of"] is None for r in rows) == 1
    assert sum(r["copy_of"] is not None for r in rows) == 1
    keys = [r["commitment_key"] for r in _findings(db, "commitment")] + [r["commitment_key"] for r in _findings(db, "task")]
    assert len(keys) == len(set(keys))             # nothing counted twice
    assert "README.md" not in {r["file_name"] for r in database.query("select file_name from documents")}


def test_tasks_xlsx_is_an_office_register_with_pages_and_the_stored_status(built):
    from openpyxl import load_workbook

    db, _, xlsx = built
    ws = load_workbook(xlsx).active
    header = [c.value for c in ws[1]]
    assert header[:8] == ["Cơ quan", "Nhiệm vụ", "Vai trò", "Hạn", "Văn bản", "Ngày văn bản", "Trang", "Tình trạng"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    assert ws.column_dimensions["B"].width >= 50
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    stored = _findings(db, "task")
    assert rows and len(rows) == len(stored)
    assert all(r[6] and PAGE.fullmatch(r[6]) for r in rows), "an empty Trang cell"
    assert any(r[4] == "1052/UBND-NNTN" and r[6].startswith("trang ") for r in rows)
    assert Counter(r[7] for r in rows) == Counter(r["status_label"] for r in stored)
    deadlines = [r[3] for r in rows if r[3] is not None]
    assert deadlines and all(isinstance(d, dt.datetime) for d in deadlines)


def test_a_reviewers_verdict_sits_beside_the_machines_status(built, tmp_path):
    from typer.testing import CliRunner

    from pipeline.face.cli import app
    from pipeline.face.report import write_report

    db, _, _ = built
    target = next(r for r in _findings(db, "commitment") if r["status"] == "no_evidence")
    result = CliRunner().invoke(app, ["review", target["commitment_key"], "--status", "missed", "--note",
                                      "Đoàn kiểm tra xác nhận chưa đạt", "--by", "Thanh tra tỉnh", "--db", str(db)])
    assert result.exit_code == 0, result.output
    html_path, xlsx = write_report(sqlite_utils.Database(db), tmp_path / "report.html", TODAY)
    html = html_path.read_text(encoding="utf-8")
    card = html[html.index(f'id="{target["commitment_key"]}"'):]
    card = card[:card.index("</div>\n") if "</div>\n" in card else len(card)]
    assert "Chưa có báo cáo" in card and "Thẩm định" in card and "Đoàn kiểm tra xác nhận chưa đạt" in card


# ---------------------------------------------------------------- in a real browser

def _browser(width: int = 1200, height: int = 900):
    if not Path(CHROMIUM).exists() or not Path(CHROMEDRIVER).exists():
        pytest.skip(f"no Chromium/chromedriver at {CHROMIUM} / {CHROMEDRIVER} "
                    "(apt-get install -y chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


@pytest.fixture(scope="module")
def browser():
    driver = _browser()
    yield driver
    driver.quit()


def test_report_renders_and_chart_counts_equal_the_database(built, browser):
    from selenium.webdriver.common.by import By

    db, report, _ = built
    browser.get(report.as_uri())
    assert "nông thôn mới" in browser.title
    segments = browser.find_elements(By.CSS_SELECTOR, "#status-chart rect.seg")
    assert segments and all(s.is_displayed() for s in segments)
    drawn = Counter()
    for s in segments:
        drawn[s.get_attribute("data-status")] += int(s.get_attribute("data-count"))
    stored = Counter(r["status"] for r in _findings(db, "commitment"))
    assert drawn == stored
    cards = browser.find_elements(By.CSS_SELECTOR, "section.district .card")
    assert len(cards) == sum(stored.values())


def test_every_evidence_item_shows_its_page_in_the_browser(built, browser):
    from selenium.webdriver.common.by import By

    db, report, _ = built
    browser.get(report.as_uri())
    items = browser.find_elements(By.CSS_SELECTOR, "section.district li.evidence")
    stored = sqlite_utils.Database(db).execute(
        "select count(*) from finding_evidence e join findings f on f.id = e.finding_id where f.kind = 'commitment'"
    ).fetchone()[0]
    assert items and len(items) == stored
    missing = []
    for item in items:
        cite = item.find_element(By.CSS_SELECTOR, "a.cite").get_attribute("textContent")
        if not PAGE.search(cite):
            missing.append(cite)
    assert not missing, missing[:5]


def test_a_link_reaches_its_passage(built, browser):
    from selenium.webdriver.common.by import By

    _, report, _ = built
    browser.get(report.as_uri())
    link = browser.find_element(By.CSS_SELECTOR, '.card[data-status="contradicted"] li.evidence a[href^="#p-"]')
    target = link.get_attribute("href").split("#", 1)[1]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
    link.click()
    assert browser.execute_script("return location.hash") == f"#{target}"
    passage = browser.find_element(By.ID, target)
    assert passage.is_displayed()
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", passage)
    assert -1 <= top < browser.execute_script("return window.innerHeight")   # sub-pixel scrolling
    assert passage.find_element(By.TAG_NAME, "mark").text
    assert PAGE.search(passage.text)


def test_report_fits_a_phone_screen(built):
    _, report, _ = built
    driver = _browser(390, 844)
    try:
        driver.get(report.as_uri())
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1
    finally:
        driver.quit()
