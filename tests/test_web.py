"""The web interface end to end: ingest with the real CLI, `ntm serve` as a subprocess, a browser.

The browser tests drive Debian's /usr/bin/chromium through /usr/bin/chromedriver with Selenium
(apt-get install -y chromium chromium-driver); they are skipped, saying so, where those are
missing. One ingest and one server are shared by the whole module to keep it well under a minute.
"""
from __future__ import annotations

import importlib.util
import json
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from serving import served
from typer.testing import CliRunner

from pipeline.face.cli import app
from pipeline.face.highlight import document_html

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
INVENTED_735 = FIXTURES / "invented_735-SNN-NTM.txt"     # invented: see tests/fixtures/README.md
DOCS = ROOT / "docs"                  # screenshots the README shows
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def get(base: str, path: str, timeout: float = 60) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def get_json(base: str, path: str):
    status, body = get(base, path)
    assert status == 200, f"{path}: HTTP {status}: {body[:300]}"
    return json.loads(body)


@pytest.fixture(scope="module")
def db_file(tmp_path_factory) -> Path:
    """The seed documents (or corpus/ TXT copies) and the invented 735/SNN-NTM, ingested by the CLI."""
    folder = tmp_path_factory.mktemp("docs")
    src = SEEDS
    for f in sorted(src.glob("*.txt")):
        shutil.copy(f, folder / f.name)
    shutil.copy(INVENTED_735, folder / INVENTED_735.name)
    db = tmp_path_factory.mktemp("db") / "web.db"
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    # the cross-check stores the findings the canned query "Cam kết sắp đến hạn / quá hạn" reads
    result = CliRunner().invoke(app, ["check", "--db", str(db), "--today", "2024-06-01"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def server(db_file, tmp_path_factory):
    with served(db_file, tmp_path_factory.mktemp("serve")) as base:
        yield base


def shoot(browser, name: str) -> None:
    """Save what the browser shows to docs/ (the README's screenshots)."""
    browser.save_screenshot(str(DOCS / name))


def doc_id(base: str, number: str) -> int:
    rows = get_json(base, "/ntm/documents.json?_shape=array&_col=id&number_key__exact="
                    + urllib.parse.quote(number))
    assert rows, f"{number} was not ingested"
    return rows[0]["id"]


def kon_ray_report_id(base: str) -> int:
    rows = get_json(base, "/ntm/documents.json?_shape=array&_col=id&file_name__startswith=004_")
    assert rows, "the Kon Rẫy report (004) was not ingested"
    return rows[0]["id"]


# ---------------------------------------------------------------- HTTP

def test_binds_localhost_and_lists_canned_queries(server):
    assert server.startswith("http://127.0.0.1:")
    data = get_json(server, "/ntm.json")
    assert data["database"] == "ntm"
    queries = {q["name"]: q for q in data["queries"]}
    assert len(queries) >= 3
    assert {"nhiem_vu", "cam_ket_den_han", "thon_theo_trang_thai", "van_ban_vien_dan"} <= set(queries)
    assert queries["nhiem_vu"]["title"] == "Ai được giao nhiệm vụ gì"


def test_database_is_served_read_only(server):
    status, _ = get(server, "/ntm.json?sql=" + urllib.parse.quote("delete from documents"))
    assert status in (400, 403)
    assert get_json(server, "/ntm.json?sql=select+count(*)+as+n+from+documents&_shape=array")[0]["n"] >= 6


@pytest.mark.parametrize("query", ["dak pne", "Đăk Pnê", "DAK PNE", "Đăk pne"])
def test_search_is_accent_insensitive(server, query):
    report = kon_ray_report_id(server)
    status, html = get(server, "/-/search?q=" + urllib.parse.quote(query))
    assert status == 200
    assert f'href="/ntm/documents/{report}"' in html
    # Datasette's own table search takes the raw query: both spellings hit the two copies.
    rows = get_json(server, "/ntm/pages.json?_shape=array&_col=doc_id&_search=" + urllib.parse.quote(query))
    assert report in {r["doc_id"] for r in rows}


def test_document_page_highlights_facts_with_anchors(server):
    html = get(server, f"/ntm/documents/{doc_id(server, '1052/UBND-NNTN')}")[1]
    assert 'class="entities"' in html and "<mark" in html
    assert 'id="references-' in html and 'id="targets-' in html
    assert 'href="#references-' in html


def test_commitments_have_a_state_relative_to_today(server, db_file):
    rows = get_json(server, "/ntm/cam_ket_den_han.json?_shape=array")
    assert rows, "no commitment or task with a deadline"
    assert {r["Hạn"] for r in rows} <= {"Đã xong", "Đã qua hạn", "Sắp đến hạn", "Còn hạn", "Không rõ hạn"}
    dues = [r["Ngày cuối"] or "9999" for r in rows]
    assert dues == sorted(dues)
    # one status everywhere: the query shows the status the cross-check stored, row for row
    import sqlite_utils
    stored = {r["commitment_key"]: r["status_label"] for r in sqlite_utils.Database(db_file).query(
        "select commitment_key, status_label from findings where deadline is not null")}
    assert {r["Mã"]: r["Tình trạng"] for r in rows} == stored
    assert all(r["Hạn"] != "Đã qua hạn" for r in rows if r["Tình trạng"] == "Chưa đến hạn")
    # a commitment met is done, not overdue, however long ago its deadline passed
    assert all(r["Hạn"] == "Đã xong" for r in rows if r["Tình trạng"] in ("Đạt", "Đạt muộn"))


def test_citing_documents_by_number(server):
    rows = get_json(server, "/ntm/van_ban_vien_dan.json?_shape=array&so_van_ban=735%2FSNN-NTM")
    assert any(r["Văn bản viện dẫn"] == "1052/UBND-NNTN" and r["cited_doc_id"] == doc_id(server, "735/SNN-NTM")
               for r in rows), rows


def test_every_page_answers(server):
    # How fast they answer is measured by `make bench` (web latency), not asserted here.
    pages = ["/", "/ntm", "/ntm.json", "/-/search?q=dak+pne", "/-/search?q=S%E1%BB%9F+N%C3%B4ng+nghi%E1%BB%87p",
             f"/ntm/documents/{kon_ray_report_id(server)}", f"/ntm/documents/{doc_id(server, '1052/UBND-NNTN')}",
             "/ntm/nhiem_vu", "/ntm/nhiem_vu?co_quan=so+nong+nghiep", "/ntm/cam_ket_den_han",
             "/ntm/thon_theo_trang_thai", "/ntm/van_ban_vien_dan?so_van_ban=12-CT%2FTU", "/ntm/ban_do",
             "/ntm/documents_overview", "/ntm/assignments", "/ntm/places", "/ntm/place_mentions",
             "/ntm/pages?_search=dak+pne"]
    for page in pages:
        assert get(server, page)[0] == 200, page


def test_original_file_is_served_from_the_ingested_path_only(server, db_file):
    import sqlite_utils

    doc = next(sqlite_utils.Database(db_file).query("select id, path from documents where number_key = '1052/UBND-NNTN'"))
    with urllib.request.urlopen(f"{server}/-/tep-goc/{doc['id']}", timeout=60) as r:
        assert r.status == 200 and r.headers["content-type"].startswith("text/plain")
        assert r.read() == Path(doc["path"]).read_bytes()
    page = get(server, f"/ntm/documents/{doc['id']}")[1]
    assert f'href="/-/tep-goc/{doc["id"]}"' in page and "Mở tệp gốc" in page
    secret = Path("/etc/passwd").read_text(errors="replace")[:20] if Path("/etc/passwd").exists() else "root:"
    for attempt in ("/-/tep-goc/..%2F..%2F..%2Fetc%2Fpasswd", "/-/tep-goc/%2Fetc%2Fpasswd", "/-/tep-goc//etc/passwd",
                    f"/-/tep-goc/{doc['id']}/../../../../etc/passwd", "/-/tep-goc/" + urllib.parse.quote(doc["path"]),
                    "/-/tep-goc/999999", "/-/tep-goc/-1", f"/-/tep-goc/{doc['id']}%00"):
        status, body = get(server, attempt)
        # our route answers 404; a path it does not match goes to Datasette ("//etc" gives its 500)
        assert status >= 400, (attempt, status)
        assert secret not in body and "Traceback" not in body


def test_original_file_refuses_a_swapped_or_changed_file(tmp_path):
    from pipeline.face.originals import OriginalUnavailable, original_file

    real = tmp_path / "cong-van.txt"
    real.write_text("Số: 1/UBND", encoding="utf-8")
    st = real.stat()
    row = {"path": str(real.resolve()), "file_name": real.name, "size": st.st_size, "mtime_ns": st.st_mtime_ns,
           "sha256": "x"}
    assert original_file(row).path == real.resolve()
    real.write_text("Số: 2/UBND, đã sửa", encoding="utf-8")
    with pytest.raises(OriginalUnavailable, match="thay đổi"):
        original_file(row)
    real.unlink()
    real.symlink_to("/etc/hostname")
    with pytest.raises(OriginalUnavailable, match="liên kết"):
        original_file(row)
    with pytest.raises(OriginalUnavailable):
        original_file({**row, "path": "../../etc/passwd"})
    with pytest.raises(OriginalUnavailable):
        original_file(None)


@pytest.mark.parametrize("path,vietnamese,english", [
    ("/ntm/assignments", ["Nhiệm vụ được giao", "Vai trò", "Trích dẫn", "thực hiện", "Tải dữ liệu này", "dòng"],
     [">responsible<", "This data as", "Powered by", "Suggested facets", ">span_start<", ">search_text<"]),
    ("/ntm/places", ["Địa danh", "Cấp", "xã"], [">commune<", ">registry_key<", ">parent_code<"]),
    ("/ntm/nhiem_vu", ["Ai được giao nhiệm vụ gì", "Kết quả", "Điều kiện", "Cơ quan (có dấu hay không dấu)"],
     ["Custom SQL query", "Run SQL", "Query parameters", ">fact_anchor<", ">doc_id<", ">responsible<"]),
    ("/ntm", ["Câu hỏi thường gặp", "Bảng"], ["Custom SQL query", "Run SQL", ">Tables<", ">Queries<"]),
    ("/", ["Câu hỏi thường gặp", "Trang chủ"], ["Powered by", ">home<"]),
])
def test_pages_speak_vietnamese_and_hide_technical_columns(server, path, vietnamese, english):
    status, html = get(server, path)
    assert status == 200
    for text in vietnamese:
        assert text in html, (path, text)
    for text in english:
        assert text not in html, (path, text)


def test_search_page_filters_like_the_cli(server):
    status, html = get(server, "/-/search?q=" + urllib.parse.quote('"nông thôn mới"') + "&type="
                       + urllib.parse.quote("Công văn") + "&sort=date")
    assert status == 200 and 'id="hits-documents"' in html
    assert "1052/UBND-NNTN" in html and "Chỉ thị 12-CT/TU" not in html
    status, html = get(server, "/-/search?q=" + urllib.parse.quote("x " * 30))
    assert status == 200 and "tối đa" in html


# ---------------------------------------------------------------- the browser

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip("needs Debian's chromium and chromedriver: apt-get install -y chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                 "--window-size=1280,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(90)
    yield driver
    driver.quit()


def test_browser_home_page(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    assert "Xây dựng nông thôn mới" in browser.find_element(By.TAG_NAME, "h1").text
    questions = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".ntm-questions a")]
    assert "Ai được giao nhiệm vụ gì" in questions and "Bản đồ xã, thôn" in questions
    assert browser.find_element(By.ID, "ntm-q").get_attribute("placeholder").startswith("Ví dụ")
    shoot(browser, "web-home.png")


def test_browser_search_with_a_quoted_phrase(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from pipeline.model.normalize import fold

    browser.get(server + "/-/search")
    box = browser.find_element(By.ID, "ntm-q")
    box.send_keys('"so nong nghiep"')
    box.submit()
    WebDriverWait(browser, 60).until(lambda b: "q=" in b.current_url)
    hits = browser.find_elements(By.CSS_SELECTOR, "#hits-documents > li")
    assert hits, browser.page_source[:2000]
    for hit in hits:
        assert "so nong nghiep" in fold(hit.find_element(By.CSS_SELECTOR, ".ntm-snippet").text)
    # the department's own letter (issuer weighted) first, the provincial letter that cites it too
    assert "735/SNN-NTM" in hits[0].text and any("1052/UBND-NNTN" in h.text for h in hits)
    assert "Văn bản (" in browser.find_element(By.TAG_NAME, "body").text
    shoot(browser, "web-search.png")


def test_browser_document_page_links_to_its_original_file(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + f"/ntm/documents/{kon_ray_report_id(server)}")
    link = browser.find_element(By.ID, "ntm-original")
    assert link.text.startswith("Mở tệp gốc") and "004_" in link.text
    assert browser.find_elements(By.CSS_SELECTOR, ".ntm-doc-text mark.entity")
    assert "ĐỊA DANH" in browser.find_element(By.CSS_SELECTOR, ".ntm-legend").text
    shoot(browser, "web-document.png")
    link.click()
    assert "Kon Rẫy" in browser.find_element(By.TAG_NAME, "body").text   # the TXT file itself


def test_browser_search_dak_pne_reaches_the_kon_ray_report(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    box = browser.find_element(By.ID, "ntm-q")
    box.send_keys("dak pne")
    box.submit()
    hits = browser.find_elements(By.CSS_SELECTOR, "#hits-documents a.ntm-hit")
    assert hits, browser.page_source[:2000]
    target = [h for h in hits if h.get_attribute("href").endswith(f"/ntm/documents/{kon_ray_report_id(server)}")]
    assert target, [h.text for h in hits]
    target[0].click()
    assert "Kon Rẫy" in browser.find_element(By.CSS_SELECTOR, ".ntm-doc-meta").text
    assert browser.find_elements(By.CSS_SELECTOR, ".ntm-doc-text mark.entity")


def test_browser_tasks_of_the_agriculture_department(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/")
    browser.find_element(By.LINK_TEXT, "Ai được giao nhiệm vụ gì").click()
    field = browser.find_element(By.CSS_SELECTOR, "input[name=co_quan]")
    field.send_keys("so nong nghiep")          # without accents, as users type
    field.submit()
    # The form page already lists tasks: wait for the submitted page before reading the table.
    WebDriverWait(browser, 60).until(lambda b: "co_quan=so" in b.current_url)
    headers = [th.text.strip() for th in browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns th")]
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")]
    records = [dict(zip(headers, r)) for r in rows]
    assert any("Sở Nông nghiệp và Phát triển nông thôn" in (r.get("Cơ quan", "") + r.get("Đơn vị được giao (theo văn bản)", ""))
               and r.get("Văn bản") == "1052/UBND-NNTN" for r in records), \
        f"no task of Sở Nông nghiệp và Phát triển nông thôn from 1052/UBND-NNTN in {records[:10]}"


def test_browser_follows_a_reference_to_the_cited_document(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + f"/ntm/documents/{doc_id(server, '1052/UBND-NNTN')}")
    links = [a for a in browser.find_elements(By.CSS_SELECTOR, "a.ntm-cited") if "735/SNN-NTM" in a.text]
    assert links, "the reference to 735/SNN-NTM is not linked to the ingested document"
    links[0].click()
    assert "735/SNN-NTM" in browser.find_element(By.TAG_NAME, "h1").text


def test_browser_map_draws_outlines_and_coloured_pins_offline(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/ntm/ban_do")
    assert "Bản đồ xã, thôn" in browser.find_element(By.TAG_NAME, "h1").text
    located = get_json(server, "/ntm/ban_do.json?_shape=array")
    assert located, "the Kon Rẫy report's communes have gazetteer coordinates"
    # no tile layer at all: outlines from static/outlines.geojson, pins as circle markers
    WebDriverWait(browser, 60).until(lambda b: b.find_element(By.ID, "ntm-map").get_attribute("data-pins"))
    assert int(browser.find_element(By.ID, "ntm-map").get_attribute("data-pins")) == len(located)
    assert not browser.find_elements(By.CSS_SELECTOR, ".leaflet-tile")
    legend = browser.find_element(By.ID, "ntm-map-legend").text
    assert "Có kết quả đạt được" in legend and "gần đúng" in legend
    assert {r["status_rank"] for r in located} <= {1, 2, 3}
    shoot(browser, "web-map.png")


# ---------------------------------------------------------------- pure parts and options

def test_document_html_anchors_every_fact_even_overlapping_ones():
    text = "Giao Sở Nông nghiệp <b> trước ngày 30/6/2024.\nXong theo 735/SNN-NTM."
    facts = [{"kind": "assignments", "id": 1, "start": 5, "end": 45},
             {"kind": "dates", "id": 7, "start": 35, "end": 45},
             {"kind": "references", "id": 2, "start": 56, "end": 67, "href": "/ntm/documents/3"}]
    html = document_html(text, facts)
    assert 'id="assignments-1"' in html and 'id="dates-7"' in html and 'id="references-2"' in html
    assert '<a href="/ntm/documents/3">' in html
    assert "&lt;b&gt;" in html and "<b>" not in html


def _plugin():
    path = ROOT / "pipeline" / "face" / "webapp" / "plugins" / "ntm_web.py"
    spec = importlib.util.spec_from_file_location("ntm_web_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_deadline_end_takes_the_last_day_of_the_period():
    end = _plugin().deadline_end
    assert end("2025") == "2025-12-31"
    assert end("2024-02") == "2024-02-29"
    assert end("2024-Q2") == "2024-06-30"
    assert end("2024-H1") == "2024-06-30"
    assert end("2021/2025") == "2025-12-31"
    assert end("2024-03-29") == "2024-03-29"
    assert end("sớm") is None and end(None) is None


def test_password_protection_only_when_configured(db_file, monkeypatch):
    import asyncio

    from pipeline.face import web

    async def status(path):
        ds = web.make_datasette(db_file)
        return (await ds.client.get(path)).status_code

    monkeypatch.delenv("NTM_PASSWORD_HASH", raising=False)
    assert asyncio.run(status("/ntm")) == 200
    monkeypatch.setenv("NTM_PASSWORD_HASH", "pbkdf2_sha256$480000$invented$not-a-real-hash")
    assert asyncio.run(status("/ntm")) == 403
    assert asyncio.run(status("/-/login")) == 200
