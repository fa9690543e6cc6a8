"""Web pages saved to disk: HTML (.html, .htm), and the single-file pages browsers and Word save
(.mht, .mhtml, MIME multipart with the page in its text/html part).

Supports: the page's own charset (BOM, <meta charset>, the MIME part's), else UTF-8, Windows-1258
or TCVN3/VNI bytes as for text files; the page's main content when it marks it (one <main>, or
one <article> holding most of the text), else the body; without navigation, asides, footers,
the site's header, lists that are mostly links (menus, "Tin liên quan") and elements hidden by
the hidden attribute, an inline style or a rule of the page's own <style> whose selector is one
class, id or tag (".print-only { display: none }"); block elements as lines, <br> as a line break; tables
as the DOCX reader reads them (two-column layout tables such as the header block column by
column, data tables one line a row "cell | cell", kept as `Table`s with row and column spans);
footnote links ("[1]" pointing at an anchor of the page) as "⁽¹⁾" markers, which the
normaliser links to their notes.

Avoids: scripts, styles, forms' controls and anything a browser would not show; guessing the
main content by text density (a page without <main>/<article> keeps its whole body, less the
above); linked stylesheets, rules inside @media, and selectors with combinators or
pseudo-classes (".box .note", "a:hover"): the elements they hide are read.
"""
from __future__ import annotations

import email
import email.policy
import json
from dataclasses import dataclass
from pathlib import Path

import regex
from lxml import etree
from lxml import html as lxml_html

from pipeline.model import Document
from pipeline.model.normalize import TO_SUPERSCRIPT, normalize_pages
from pipeline.read.errors import ReadError, sha256_bytes
from pipeline.read.tables import attach_tables, layout_columns
from pipeline.read.text import decode_text

MAIN_CONTENT_SHARE = 0.3                 # <main>/<article> taken alone when it holds this share of the text


def _load_rules(path: Path) -> dict:
    rules = json.loads(path.read_text(encoding="utf-8"))
    for key in ("hidden_tags", "chrome_tags", "chrome_names", "link_list_tags", "block_tags"):
        values = rules.get(key)
        if not values or not all(isinstance(v, str) and v == v.lower() and v.strip() == v for v in values):
            raise ValueError(f"{path.name}: {key} must be a non-empty list of lowercase names")
    if not 0 < rules.get("link_list_share", 0) <= 1 or not isinstance(rules.get("link_list_min_links"), int):
        raise ValueError(f"{path.name}: link_list_share must be in (0, 1], link_list_min_links an integer")
    return rules


RULES = _load_rules(Path(__file__).with_name("data") / "web_pages.json")
HIDDEN_TAGS = frozenset(RULES["hidden_tags"])
CHROME_TAGS = frozenset(RULES["chrome_tags"])
CHROME_NAME = regex.compile("-(?:" + "|".join(map(regex.escape, RULES["chrome_names"])) + ")-")   # in "-site-footer-"
LINK_LIST_TAGS = frozenset(RULES["link_list_tags"])
BLOCK_TAGS = frozenset(RULES["block_tags"])
HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.I)
CSS_COMMENT = regex.compile(r"/\*.*?\*/", regex.S)
CSS_AT_BLOCK = regex.compile(r"@[^{;]*(\{(?:[^{}]++|(?1))*\})|@[^{;]*;")    # @media {…{…}…}, @import …;
CSS_RULE = regex.compile(r"([^{}]+)\{([^{}]*)\}")
CSS_SIMPLE = regex.compile(r"(?P<tag>[a-z][a-z0-9]*)?(?P<parts>(?:[.#][A-Za-z_][\w-]*)*)", regex.I)
META_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", regex.I)
NOTE_LINK = regex.compile(r"^\s*\[?\(?(\d{1,3})\)?\]?\s*$")
SPACES = regex.compile(r"[ \t\r\n\f\v]+")
NOT_NAME = regex.compile(r"[^a-z0-9]+")


def _error(message: str) -> ReadError:
    return ReadError(message, stage="html")


def _decode(data: bytes, declared: str | None = None) -> str:
    """The page's text: its declared charset when Python knows it and the bytes agree, else
    what a text file would be read as."""
    m = None if declared else META_CHARSET.search(data[:4096])
    charset = declared or (m.group(1).decode("ascii", "replace") if m else None)
    if charset and not data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


def _page_of_mht(data: bytes) -> str:
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            return _decode(payload, part.get_content_charset())
    raise _error("tệp trang web lưu một tệp (MHT) không có phần HTML")


def _hidden(el: etree._Element, by_css: set[etree._Element]) -> bool:
    return (el.tag in HIDDEN_TAGS or el.get("hidden") is not None or el.get("aria-hidden") == "true"
            or el in by_css or bool(HIDDEN_STYLE.search(el.get("style") or "")))


def _hidden_by_css(root: etree._Element) -> set[etree._Element]:
    """Elements the page's own <style> rules hide, for selectors that are one tag, class or id
    (or one of each joined: "div.print-only"); a saved page keeps print-only copies and closed
    pop-ups so."""
    selectors = []
    for style in root.iter("style"):
        css = CSS_AT_BLOCK.sub("", CSS_COMMENT.sub("", style.text or ""))
        for m in CSS_RULE.finditer(css):
            if HIDDEN_STYLE.search(m.group(2)):
                selectors += [s.strip() for s in m.group(1).split(",")]
    wanted = []
    for selector in selectors:
        m = CSS_SIMPLE.fullmatch(selector)
        if m and selector:
            parts = regex.findall(r"[.#][\w-]+", m.group("parts"))
            wanted.append(((m.group("tag") or "").lower(), {p[1:] for p in parts if p[0] == "."},
                           {p[1:] for p in parts if p[0] == "#"}))
    if not wanted:
        return set()
    hidden = set()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        classes, ident = set((el.get("class") or "").split()), el.get("id")
        if any((not tag or el.tag == tag) and names <= classes and (not ids or ids == {ident})
               for tag, names, ids in wanted):
            hidden.add(el)
    return hidden


@dataclass
class _Size:
    """What an element holds, counted once for the whole page: letters (no spaces), of which in
    links, and links."""
    letters: int = 0
    linked: int = 0
    links: int = 0


def _sizes(root: etree._Element, by_css: set[etree._Element]) -> dict[etree._Element, _Size]:
    """Every element's size, children before parents (one pass, not one per nested container);
    what is not shown counts nothing."""
    sizes: dict[etree._Element, _Size] = {}
    for el in reversed(list(root.iter())):
        if not isinstance(el.tag, str):
            continue
        if _hidden(el, by_css):
            sizes[el] = _Size()
            continue
        size = _Size(letters=_nonspace(el.text))
        for child in el:
            size.letters += _nonspace(child.tail)
            if isinstance(child.tag, str):
                inner = sizes[child]
                size.letters += inner.letters
                size.linked += inner.linked
                size.links += inner.links
        if el.tag == "a":
            size.linked, size.links = size.letters, size.links + 1
        sizes[el] = size
    return sizes


def _nonspace(text: str | None) -> int:
    return len("".join(text.split())) if text else 0


def _chrome(el: etree._Element, size: _Size, page: _Size) -> bool:
    """Page furniture: by tag, a site's <header> (one outside any <article>/<main>); by the words
    of its class or id ("site-footer", "box-tin-lien-quan") or as a list of links (a menu, "Tin
    liên quan": mostly the text of three links or more), unless it holds most of the page's text
    (a name is only a hint)."""
    if el.tag in CHROME_TAGS or (el.tag == "header" and next(el.iterancestors("article", "main"), None) is None):
        return True
    names = "-" + NOT_NAME.sub("-", f"{el.get('class') or ''} {el.get('id') or ''}".lower()) + "-"
    link_list = (el.tag in LINK_LIST_TAGS and size.links >= RULES["link_list_min_links"]
                 and size.linked >= RULES["link_list_share"] * size.letters)
    return (bool(CHROME_NAME.search(names)) or link_list) and size.letters < MAIN_CONTENT_SHARE * page.letters


def _content_root(body: etree._Element, sizes: dict[etree._Element, _Size]) -> etree._Element:
    """<main>, or the one <article>, when it holds most of the page's text; else the body."""
    total = sizes[body].letters or 1
    for tag in ("main", "article"):
        found = body.findall(f".//{tag}")
        if len(found) == 1 and sizes[found[0]].letters >= MAIN_CONTENT_SHARE * total:
            return found[0]
    return body


class _Page:
    """The lines of a page, walked in document order, and its data tables."""

    def __init__(self, sizes: dict[etree._Element, _Size], page: etree._Element, by_css: set[etree._Element]):
        self.sizes = sizes
        self.by_css = by_css
        self.page = sizes[page]           # what "most of the page" is measured against
        self.lines: list[str] = []
        self.buffer: list[str] = []
        self.tables: list[list[list[tuple[int, str, bool]]]] = []
        self.depth = 0                  # table nesting

    def flush(self) -> None:
        line = SPACES.sub(" ", "".join(self.buffer)).strip()
        self.buffer.clear()
        if line:
            self.lines.append(line)

    def text(self, value: str | None, pre: bool) -> None:
        if not value:
            return
        if pre:                         # <pre> keeps its line breaks
            first, *rest = value.split("\n")
            self.buffer.append(first)
            for line in rest:
                self.flush()
                self.buffer.append(line)
        else:
            self.buffer.append(value)

    def walk(self, el: etree._Element, pre: bool = False, top: bool = False) -> None:
        if not isinstance(el.tag, str) or _hidden(el, self.by_css) or (not top and _chrome(el, self.sizes[el], self.page)):
            return
        tag = el.tag
        if tag == "br":
            self.flush()
        elif tag == "table":
            self.flush()
            self.depth += 1
            try:
                self.table(el)
            finally:
                self.depth -= 1
        elif tag == "a" and (el.get("href") or "").startswith("#") and (m := NOTE_LINK.match(el.text_content())):
            self.buffer.append("⁽" + m.group(1).translate(TO_SUPERSCRIPT) + "⁾")
        else:
            block = tag in BLOCK_TAGS
            if block:
                self.flush()
            self.text(el.text, pre or tag == "pre")
            for child in el:
                self.walk(child, pre or tag == "pre")
                self.text(child.tail, pre or tag == "pre")
            if block:
                self.flush()

    def cell_text(self, cell: etree._Element) -> list[str]:
        start = len(self.lines)
        self.walk(cell)
        self.flush()
        lines = self.lines[start:]
        del self.lines[start:]
        return lines

    def table(self, table: etree._Element) -> None:
        rows: list[list[tuple[int, etree._Element | None, bool]]] = []
        below: dict[int, int] = {}      # grid column → rows a cell above still spans
        for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
            col, cells = 0, []
            for cell in tr.iterchildren("td", "th"):
                while below.get(col, 0) > 0:
                    cells.append((col, None, True))
                    below[col] -= 1
                    col += 1
                span = _span(cell, "colspan")
                down = _span(cell, "rowspan") - 1
                cells.append((col, cell, False))
                for c in range(col, col + span):
                    below[c] = down
                col += span
            for c in sorted(c for c, left in below.items() if c >= col and left > 0):
                cells.append((c, None, True))
                below[c] -= 1
            rows.append(cells)
        columns = sorted({col for cells in rows for col, cell, merged in cells if not merged})
        written = sorted({col for cells in rows for col, cell, merged in cells
                          if not merged and cell is not None and cell.text_content().strip()})
        layout = layout_columns(columns, written, len(rows))
        if layout is not None:
            for column in layout:
                for cells in rows:              # a layout table: each column whole, left first
                    for col, cell, merged in cells:
                        if col == column and not merged:
                            self.lines += ["", *self.cell_text(cell), ""]
            return
        record = []
        for cells in rows:                      # a data table: one line a row, "cell | cell"
            row_cells = [(col, "", True) if merged else (col, " ".join(self.cell_text(cell)), False)
                         for col, cell, merged in cells]
            line = " | ".join(text for _, text, merged in row_cells if text)
            if line:
                self.lines.append(line)
            record.append(row_cells)
        if self.depth == 1:
            self.tables.append(record)


def _span(cell: etree._Element, attribute: str) -> int:
    try:
        return min(max(1, int(cell.get(attribute, "1"))), 1000)
    except ValueError:
        return 1


def read_html(path: Path, data: bytes, mime: bool = False) -> Document:
    """`mime`: the page is packed in a MIME message (.mht)."""
    page = _page_of_mht(data) if mime else _decode(data)
    try:
        root = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError) as e:
        raise _error(f"trang web không đọc được ({e})") from None
    body = root.find("body")
    body = body if body is not None else root
    by_css = _hidden_by_css(root)
    sizes = _sizes(body, by_css)
    content = _content_root(body, sizes)
    walker = _Page(sizes, content, by_css)
    walker.walk(content, top=True)
    walker.flush()
    text = "\n".join(walker.lines)
    if not text.strip():
        raise _error("trang web không có chữ nào")
    doc = normalize_pages([text], fmt="html", sha256=sha256_bytes(data), path=str(path))
    if walker.tables:
        attach_tables(doc, [(None, rows) for rows in walker.tables])
    return doc
