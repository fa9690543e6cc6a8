"""District pages, the digest of what falls due, and their downloads: corpus/ and the invented
inspection fixtures (tests/fixtures/inspection/, see its README) ingested and checked by the real
CLI with a fixed --today, then `ntm due`, `ntm serve` as a subprocess and Chromium.

Chromium runs through Debian's /usr/bin/chromium and /usr/bin/chromedriver (Selenium); the browser
tests skip, saying so, where those are missing. Screenshots go to docs/ (the README shows them).
"""
from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import sqlite_utils
from conftest import CORPUS, ROOT
from hypothesis import given
from hypothesis import strategies as st
from serving import fetch, served
from typer.testing import CliRunner

from pipeline.face.cli import app
from pipeline.store import districts

INSPECTION = ROOT / "tests" / "fixtures" / "inspection"
DOCS = ROOT / "docs"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
TODAY = "15/05/2025"                      # between the plans' deadlines: some overdue, some due in May
TODAY_ISO = "2025-05-15"
BOM = "\ufeff".encode("utf-8")
runner = CliRunner()


def ntm(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def db_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    for f in CORPUS.iterdir():
        shutil.copy(f, folder / f.name)
    for f in INSPECTION.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    db = tmp_path_factory.mktemp("db") / "ntm.db"
    result = ntm("ingest", str(folder), "--db", str(db), "-w", "2")
    assert result.exit_code == 0, result.output
    result = ntm("check", "--db", str(db), "--today", TODAY)
    assert result.exit_code == 0, result.output
    return db


def due_json(db_file, *args) -> list[dict]:
    result = ntm("due", "--db", str(db_file), "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def expected_keys(db_file, today: str, within: int, state: str) -> set[str]:
    """What the digest must list, straight from the stored findings in SQL."""
    db = sqlite_utils.Database(db_file)
    if state == "due":
        sql = "select commitment_key from findings where deadline_end between ? and date(?, '+' || ? || ' days')"
        args = [today, today, within]
    else:
        sql = ("select commitment_key from findings_reviewed where deadline_end < ? and status not in "
               "('met', 'met_late') and coalesce(review_status, '') not in ('met', 'met_late')")
        args = [today]
    return {r[0] for r in db.execute(sql, args)}


# ---------------------------------------------------------------- the digest in the CLI

def test_due_within_30_days_lists_what_falls_due_with_district_deadline_status_and_page(db_file):
    rows = due_json(db_file, "--within", "30", "--today", TODAY)
    soon = [r for r in rows if r["due_state"] == "due"]
    assert {r["commitment_key"] for r in soon} == expected_keys(db_file, TODAY_ISO, 30, "due")
    assert {r["commitment_key"] for r in rows if r["due_state"] == "overdue"} == \
        expected_keys(db_file, TODAY_ISO, 30, "overdue")
    for r in rows:
        assert r["area_label"] and r["deadline"] and r["deadline_end"] and r["status_label"]
        assert r["page"] and r["page_label"] in (f"trang {r['page']}", f"đoạn {r['page']}")
        assert r["checked_on"] == TODAY_ISO
    # the two commitments due on 31/05/2025 (invented plans p3 and p4), each under its own area
    kon_ray = [r for r in soon if r["kind"] == "commitment" and r["number"] == "03/CT-UBND"]
    assert [(r["area_label"], r["deadline_end"], r["status_label"], r["days_left"]) for r in kon_ray] == \
        [("Huyện Kon Rẫy", "2025-05-31", "Chưa đến hạn", 16)]
    assert any(r["area_label"] == "Toàn tỉnh Quảng Nam" and r["number"] == "112/QĐ-UBND" for r in soon)
    # overdue first, the longest overdue first; then by deadline
    order = [(r["due_state"] != "overdue", r["deadline_end"]) for r in rows]
    assert order == sorted(order)


def test_due_for_a_district_with_or_without_diacritics(db_file):
    plain = due_json(db_file, "--today", TODAY, "--district", "kon ray")
    accented = due_json(db_file, "--today", TODAY, "--district", "Kon Rẫy")
    assert plain == accented and plain
    assert {r["area_label"] for r in plain} == {"Huyện Kon Rẫy"}
    # the task the provincial directive gives "Ủy ban nhân dân huyện Kon Rẫy" is the district's
    assert any(r["kind"] == "task" and "Kon Rẫy tập trung" in r["quote"] for r in plain)
    province = due_json(db_file, "--today", TODAY, "--district", "Kon Tum")
    assert {r["area_label"] for r in plain} < {r["area_label"] for r in province}
    assert "Toàn tỉnh Quảng Nam" not in {r["area_label"] for r in province}


def test_due_dates_as_people_write_them(db_file):
    assert due_json(db_file, "--today", TODAY) == due_json(db_file, "--today", TODAY_ISO) \
        == due_json(db_file, "--today", "15-05-2025")
    # a month means its last day, as everywhere a date is taken
    assert due_json(db_file, "--today", "05/2025") == due_json(db_file, "--today", "31/05/2025")


def test_due_text_csv_and_a_stale_check(db_file):
    result = ntm("due", "--db", str(db_file), "--today", TODAY)
    assert result.exit_code == 0 and "QUÁ HẠN" in result.stdout and "SẮP ĐẾN HẠN (trong 30 ngày)" in result.stdout
    assert "còn 16 ngày" in result.stdout and result.stderr == ""
    csv = runner.invoke(app, ["due", "--db", str(db_file), "--today", TODAY, "--csv"])
    assert csv.stdout.startswith("\ufeffHạn,Số ngày,Ngày cuối")
    # asked about a later day than the stored check: the statuses are the check's, and it says so
    later = ntm("due", "--db", str(db_file), "--today", "01/06/2025")
    assert later.exit_code == 0 and "lần đối chiếu ngày 2025-05-15" in later.stderr


def test_due_for_a_place_nobody_knows_is_a_one_line_mistake(db_file):
    result = ntm("due", "--db", str(db_file), "--today", TODAY, "--district", "Khongcodau")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip().startswith("ntm due: lỗi: không có địa bàn «Khongcodau»")


# ---------------------------------------------------------------- what an area holds

# (task text or assignee, the area its finding must be filed under): the district a task is given to
TASK_AREAS = [
    ("Ủy ban nhân dân huyện Kon Rẫy tập trung hoàn thành Tiêu chí số 2", "Huyện Kon Rẫy"),       # p4, provincial
    ("Phòng Tài chính - Kế hoạch", "Huyện Đăk Hà"),                                           # p2, the district's plan
    ("Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài chính", "Toàn tỉnh Kon Tum"),        # p1, provincial departments
    ("hoàn thiện hồ sơ đề nghị xét công nhận xã Tiên Lãnh", "Huyện Tiên Phước"),               # p3, Quảng Nam
]


@pytest.mark.parametrize("text,area", TASK_AREAS, ids=[a for _, a in TASK_AREAS])
def test_a_task_is_filed_under_the_district_it_is_given_to(db_file, text, area):
    db = sqlite_utils.Database(db_file)
    rows = [r for r in db.query("select * from findings where kind = 'task'")
            if text in (r["quote"] or "") or text == r["assignee"]]
    assert rows, text
    assert {districts.area_of(r).label for r in rows} == {area}


def test_a_place_striving_under_a_collective_heading_is_its_district_s_commitment_and_no_task(db_file):
    """p4 §1 b) "Xã Ya Xiêr (huyện Sa Thầy) phấn đấu đạt chuẩn …" under "1. Ủy ban nhân dân các huyện, thành
    phố": a goal of the commune (the key keys it as a commitment, not as a task), filed under its district."""
    db = sqlite_utils.Database(db_file)
    rows = [r for r in db.query("select * from findings") if "Xã Ya Xiêr (huyện Sa Thầy) phấn đấu" in (r["quote"] or "")]
    assert rows and {r["kind"] for r in rows} == {"commitment"}
    assert {districts.area_of(r).label for r in rows} == {"Huyện Sa Thầy"}


def test_each_area_page_holds_its_findings_and_its_villages(db_file):
    db = sqlite_utils.Database(db_file)
    today = dt.date(2025, 5, 15)
    summary = districts.summary(db, today)
    views = {s["key"]: districts.area_view(db, s["area"], today) for s in summary}
    # every finding on exactly one page
    keys = [r["commitment_key"] for v in views.values() for r in v["commitments"] + v["tasks"]]
    assert sorted(keys) == sorted(r[0] for r in db.execute("select commitment_key from findings"))
    dak_ha = next(v for v in views.values() if v["label"] == "Huyện Đăk Hà")
    assert {p["name"] for p in dak_ha["places"]} >= {"Ngọk Réo", "Đăk Ngọk", "Hà Mòn"}
    for place in dak_ha["places"]:
        whens = [e["when"] or "" for e in place["entries"]]
        assert whens == sorted(whens)
    # the counts of the list of areas are the digest's, area by area
    digest = districts.due(db, today, 30)
    for area in summary:
        assert area["n_overdue"] == sum(r["area_key"] == area["key"] and r["due_state"] == "overdue" for r in digest)
        assert area["n_due"] == sum(r["area_key"] == area["key"] and r["due_state"] == "due" for r in digest)
        assert area["n_commitments"] == len(views[area["key"]]["commitments"])
    assert [a.key for a in districts.areas_present(db)] == [a["key"] for a in summary]
    # a province page lists its districts, and no other province's
    kon_tum = next(v for v in views.values() if v["label"] == "Toàn tỉnh Kon Tum")
    assert "Huyện Đăk Hà" in {d["label"] for d in kon_tum["districts"]}
    assert "Huyện Tiên Phước" not in {d["label"] for d in kon_tum["districts"]}


@given(end=st.dates(dt.date(2020, 1, 1), dt.date(2031, 12, 31)), today=st.dates(dt.date(2020, 1, 1), dt.date(2031, 12, 31)),
       within=st.integers(0, 400), status=st.sampled_from(["met", "met_late", "partly_met", "missed", "pending",
                                                           "no_evidence", "contradicted", None]),
       review=st.sampled_from([None, "met", "missed"]))
def test_due_state_is_what_the_digest_promises(end, today, within, status, review):
    state = districts.due_state({"deadline_end": end.isoformat(), "status": status, "review_status": review},
                                today, within)
    met = status in ("met", "met_late") or review == "met"
    if end < today:
        assert state == (None if met else "overdue")
    elif end <= today + dt.timedelta(days=within):
        assert state == "due"
    else:
        assert state is None


# ---------------------------------------------------------------- the web

@pytest.fixture(scope="module")
def server(db_file, tmp_path_factory):
    with served(db_file, tmp_path_factory.mktemp("serve")) as base:
        yield base


def area_key(db_file, label: str) -> str:
    summary = districts.summary(sqlite_utils.Database(db_file), dt.date(2025, 5, 15))
    return next(s["key"] for s in summary if s["label"] == label)


def test_area_and_digest_pages_answer_in_vietnamese(server, db_file):
    key = area_key(db_file, "Huyện Đăk Hà")
    for path, words in ((f"/-/dia-ban?today={TODAY}", ["Cam kết và nhiệm vụ theo địa bàn", "Huyện Đăk Hà", "Quá hạn"]),
                        (f"/-/dia-ban/{key}?today={TODAY}", ["Cam kết theo tình trạng", "Nhiệm vụ và thời hạn",
                                                             "Xã, thôn (làng): diễn biến", "Mâu thuẫn", "Ngọk Réo"]),
                        (f"/-/den-han?today={TODAY}", ["Việc sắp đến hạn, quá hạn", "Quá hạn (", "Sắp đến hạn trong 30"]),
                        ("/-/den-han?today=32/13/2025", ["Ngày «32/13/2025»"]),
                        ("/-/dia-ban/khong-ro", ["Chưa rõ địa bàn"])):
        status, _, body = fetch(server, urllib.parse.quote(path, safe="/?=&-"))
        html = body.decode("utf-8")
        assert status == 200, (path, html[:300])
        for word in words:
            assert word in html, (path, word)
        assert "Traceback" not in html
    assert fetch(server, "/-/dia-ban/huyen-99999")[0] == 404


def test_the_digest_page_lists_what_the_cli_lists(server, db_file):
    _, _, body = fetch(server, f"/-/den-han?today={urllib.parse.quote(TODAY)}&within=30")
    html = body.decode("utf-8")
    cli = due_json(db_file, "--today", TODAY, "--within", "30")
    for r in cli:
        assert f'data-key="{r["commitment_key"]}" data-state="{r["due_state"]}"' in html
    assert html.count("data-state=") == len(cli)


def test_the_digest_pages_through_long_lists(server, db_file):
    """Ten rows of each list per page (?so_dong=10): every row of the CLI's digest is on exactly
    one page, and the last page has no next link."""
    import re

    cli = due_json(db_file, "--today", TODAY, "--within", "3660")
    longest = max(sum(r["due_state"] == s for r in cli) for s in ("overdue", "due"))
    assert longest > 10, "the corpus should need more than one page"
    seen, page = [], 1
    while True:
        html = fetch(server, f"/-/den-han?today={urllib.parse.quote(TODAY)}&within=3660&so_dong=10&trang={page}")[2]
        html = html.decode("utf-8")
        rows = re.findall(r'data-key="([^"]+)" data-state', html)
        assert 0 < len(rows) <= 20 and f"Trang {page}/" in html
        seen += rows
        if 'class="ntm-next"' not in html:
            break
        assert "so_dong=10" in html.split('class="ntm-next" href="')[1].split('"')[0]    # the links keep the size
        page += 1
    assert page == -(-longest // 10)
    assert sorted(seen) == sorted(r["commitment_key"] for r in cli)


def test_the_due_query_calls_a_met_commitment_done_not_overdue(server):
    rows = json.loads(fetch(server, "/ntm/cam_ket_den_han.json?_shape=array")[2])
    met = [r for r in rows if r["Tình trạng"] in ("Đạt", "Đạt muộn")]
    assert met, {r["Tình trạng"] for r in rows}
    assert {r["Hạn"] for r in met} == {"Đã xong"}
    assert any(r["Hạn"] == "Đã qua hạn" for r in rows if r["Tình trạng"] == "Không đạt")


def test_downloads_are_excel_and_csv_with_a_bom(server, db_file):
    from openpyxl import load_workbook

    key = area_key(db_file, "Huyện Đăk Hà")
    status, headers, body = fetch(server, f"/-/dia-ban/{key}.xlsx?today={urllib.parse.quote(TODAY)}")
    assert status == 200 and headers["content-type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(body))
    assert wb.sheetnames == ["Cam kết", "Nhiệm vụ", "Xã, thôn"]
    view = districts.area_view(sqlite_utils.Database(db_file), districts.parse_key(key), dt.date(2025, 5, 15))
    commitments = list(wb["Cam kết"].iter_rows(min_row=2, values_only=True))
    assert len(commitments) == len(view["commitments"])
    assert {row[-1] for row in commitments} == {r["commitment_key"] for r in view["commitments"]}
    assert len(list(wb["Nhiệm vụ"].iter_rows(min_row=2))) == len(view["tasks"])
    for path in (f"/-/dia-ban/{key}.csv", f"/-/den-han.csv?today={urllib.parse.quote(TODAY)}",
                 "/ntm/assignments.csv", "/ntm/assignments.csv?_dl=1", "/ntm/nhiem_vu.csv?co_quan="):
        status, headers, body = fetch(server, path)
        assert status == 200 and body.startswith(BOM) and not body[3:].startswith(BOM), path
        assert "ệ" in body.decode("utf-8") or "ộ" in body.decode("utf-8"), path
    # Datasette's JSON is left alone
    assert not fetch(server, "/ntm/assignments.json")[2].startswith(BOM)


def test_home_map_and_search_lead_to_the_district_pages(server, db_file):
    key = area_key(db_file, "Huyện Kon Rẫy")
    home = fetch(server, "/")[2].decode("utf-8")
    assert f'href="/-/dia-ban/{key}"' in home and 'href="/-/den-han"' in home and 'href="/-/dia-ban"' in home
    search = fetch(server, "/-/search?q=" + urllib.parse.quote("kon ray"))[2].decode("utf-8")
    assert f'href="/-/dia-ban/{key}"' in search
    pins = json.loads(fetch(server, "/ntm/ban_do.json?_shape=array")[2])
    assert key in {p["district_key"] for p in pins}            # Kon Rẫy's communes link to its page
    assert f'"{key}"' in fetch(server, "/ntm/ban_do")[2].decode("utf-8")


# ---------------------------------------------------------------- in Chromium

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip("needs Debian's chromium and chromedriver: apt-get install -y chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(30)
    driver.downloads = downloads
    yield driver
    driver.quit()


def downloaded(browser, suffix: str) -> Path:
    """The file the browser has finished downloading (waits for it; no time is asserted)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        done = [p for p in browser.downloads.iterdir() if p.suffix == suffix]
        if done:
            return done[0]
        time.sleep(0.2)
    pytest.fail(f"no {suffix} file was downloaded: {list(browser.downloads.iterdir())}")


def test_browser_district_page_from_the_home_page(server, browser, db_file):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    browser.find_element(By.LINK_TEXT, "Huyện Đăk Hà").click()
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Huyện Đăk Hà")
    browser.get(browser.current_url + f"?today={urllib.parse.quote(TODAY)}")
    groups = [g.get_attribute("data-status") for g in browser.find_elements(By.CSS_SELECTOR, ".ntm-status-group")]
    db = sqlite_utils.Database(db_file)
    stored = {r["status"] for r in db.query("select * from findings where kind = 'commitment'")
              if districts.area_of(r).label == "Huyện Đăk Hà"}
    assert set(groups) == stored and groups[0] == "contradicted"          # what needs attention first
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".ntm-status-group h3")]
    assert any(h.startswith("Mâu thuẫn") for h in headings) and any(h.startswith("Đạt") for h in headings)
    tasks = browser.find_elements(By.CSS_SELECTOR, "#ntm-tasks tbody tr")
    assert any("Phòng Tài chính - Kế hoạch" in t.text for t in tasks)
    overdue = [t for t in tasks if t.get_attribute("data-state") == "overdue"]
    assert overdue and all("quá" in t.find_element(By.TAG_NAME, "td").text for t in overdue)
    places = browser.find_element(By.ID, "ntm-places").text
    assert "Ngọk Réo" in places and "được công nhận" in places
    browser.execute_script("window.scrollTo(0, 0)")
    DOCS.mkdir(exist_ok=True)
    browser.save_screenshot(str(DOCS / "web-district.png"))
    browser.find_element(By.ID, "ntm-xlsx").click()
    from openpyxl import load_workbook
    wb = load_workbook(downloaded(browser, ".xlsx"))
    header = [c.value for c in wb["Cam kết"][1]]
    assert header[:3] == ["Tình trạng", "Tỷ lệ", "Cam kết"]
    statuses = {row[0] for row in wb["Cam kết"].iter_rows(min_row=2, values_only=True)}
    assert "Mâu thuẫn" in statuses and "Đạt" in statuses


def test_browser_digest_for_a_province(server, browser, db_file):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/")
    browser.find_element(By.LINK_TEXT, "Việc sắp đến hạn, quá hạn").click()
    browser.find_element(By.ID, "ntm-district").send_keys("kon tum")          # without diacritics
    browser.find_element(By.ID, "ntm-today").send_keys(TODAY)
    browser.find_element(By.ID, "ntm-district").submit()
    WebDriverWait(browser, 15).until(lambda b: "district=kon" in b.current_url)
    assert "tỉnh Kon Tum" in browser.find_element(By.ID, "ntm-summary").text
    cli = due_json(db_file, "--today", TODAY, "--district", "Kon Tum")
    for state, table in (("overdue", "ntm-overdue"), ("due", "ntm-soon")):
        rows = browser.find_elements(By.CSS_SELECTOR, f"#{table} tbody tr")
        assert [r.get_attribute("data-key") for r in rows] == \
            [r["commitment_key"] for r in cli if r["due_state"] == state], state
    soon = browser.find_elements(By.CSS_SELECTOR, "#ntm-soon tbody tr")
    kon_ray = [r for r in soon if "Huyện Kon Rẫy" in r.text]
    assert kon_ray and all("31/05/2025" in r.text and "còn 16 ngày" in r.text and "Chưa đến hạn" in r.text
                           for r in kon_ray)
    assert all("Quảng Nam" not in r.text for r in soon)                   # another province
    headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    assert headings[0].startswith("Quá hạn (") and headings[1].startswith("Sắp đến hạn trong 30 ngày (")
    DOCS.mkdir(exist_ok=True)
    browser.save_screenshot(str(DOCS / "web-due.png"))
    page = browser.find_element(By.LINK_TEXT, "Toàn tỉnh Kon Tum").get_attribute("href")   # the province's page
    assert f"/-/dia-ban/{area_key(db_file, 'Toàn tỉnh Kon Tum')}?" in page and "today=15%2F05%2F2025" in page
    browser.find_element(By.ID, "ntm-csv").click()
    assert downloaded(browser, ".csv").read_bytes().startswith(BOM + "Hạn,Số ngày".encode("utf-8"))


def test_district_pages_ask_for_the_login_when_there_is_one(db_file, monkeypatch):
    import asyncio

    from pipeline.face import web

    async def status(path):
        ds = web.make_datasette(db_file)
        return (await ds.client.get(path)).status_code

    monkeypatch.setenv("NTM_PASSWORD_HASH", "pbkdf2_sha256$480000$invented$not-a-real-hash")
    for path in ("/-/dia-ban", "/-/dia-ban/tinh-62", "/-/dia-ban/tinh-62.xlsx", "/-/den-han", "/-/den-han.csv"):
        assert asyncio.run(status(path)) == 403, path
    monkeypatch.delenv("NTM_PASSWORD_HASH")
    assert asyncio.run(status("/-/dia-ban/tinh-62.xlsx")) == 200
