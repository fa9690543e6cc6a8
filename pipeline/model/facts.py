"""The facts extracted from a document, and the extraction record that `ntm extract --json` prints.

Every fact carries `span` (character offsets into `Document.text`), `text` (the exact passage,
as printed) and `page` (1-based, None for formats without pages). Field names follow
../shared/spec/extraction-record.md. `FACT_KINDS` is the one list of fact kinds: the store's
tables, the CLI's counts and the highlighted page all read it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from pipeline.model.document import Document


@dataclass
class Fact:
    """Base of every extracted fact: where it stands in the document."""
    span: tuple[int, int]
    text: str
    page: int | None = None
    ocr: bool = False                    # the passage was read by OCR from a scanned page
    attachment: int | None = None        # index into Extraction.attachments when it stands in one

    def record(self) -> dict[str, Any]:
        out = asdict(self)
        out["span"] = list(self.span)
        return out


def fact_fields(cls) -> list[str]:
    return [f.name for f in fields(cls)]


@dataclass
class DocumentInfo:
    """The document block: facts about the document itself, from header, title and signature."""
    number: str | None = None            # "1052/UBND-NNTN"; None when blank
    number_symbol: str | None = None     # "BC-UBND"
    type: str | None = None              # Chỉ thị, Kế hoạch, Công văn, Báo cáo …
    issuer: str | None = None            # "Ủy ban nhân dân tỉnh Kon Tum"
    issuer_inferred: bool = False
    place: str | None = None             # place of issue
    date: str | None = None              # ISO, as precise as printed
    title: str | None = None             # trích yếu
    signer: str | None = None
    signer_title: str | None = None
    signing_mark: str | None = None      # "KT. Chủ tịch", "TM. Ủy ban nhân dân"
    recipients: list[str] = field(default_factory=list)
    system: str | None = None            # state | party
    # A field written but unreadable (OCR of handwriting) is None above; what the OCR read is kept
    # here for a person to confirm: {"number": {"value": "493/TB-UBND", "confidence": 41.0, "page": 1}}.
    candidates: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Reference(Fact):
    number: str = ""
    type: str | None = None
    date: str | None = None
    issuer: str | None = None


@dataclass
class Place(Fact):
    level: str = ""                      # province | district | commune | village
    name: str = ""
    parent: str | None = None
    code: str | None = None
    variants: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)   # candidate codes when a name is ambiguous
    successor: str | None = None         # the unit it became after the 2025 merger
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class Quantity(Fact):
    """A number with what it counts: a target (forward-looking) or an achievement (claimed)."""
    kind: str = ""                       # target | achievement
    value: float | None = None
    unit: str | None = None
    denominator: float | None = None
    comparator: str | None = None        # ">=", ">", "<=", "<", "~"
    value_max: float | None = None
    subject: str | None = None
    place: str | None = None
    deadline: str | None = None          # targets
    as_of: str | None = None             # achievements
    as_of_inferred: bool = False


@dataclass
class Budget(Fact):
    amount_vnd: int = 0
    label: str | None = None
    kind: str | None = None              # plan | plan component | mobilised | disbursed | estimate
    qualifier: str | None = None         # hơn, gần, khoảng, trên …
    amount_max: int | None = None        # a range "từ 1,5 đến 2 tỷ đồng": amount_vnd is the lower end
    per_unit: bool = False
    total_of: int | None = None          # index into the budgets list of the total this is part of
    table_row: int | None = None         # from a data table: the row (0 = header) and column of the cell
    table_column: int | None = None


@dataclass
class Assignment(Fact):
    assignee: str = ""
    role: str = "responsible"            # lead | support | responsible
    task: str = ""
    deadline: str | None = None
    assignee_group: str | None = None
    agency: str | None = None            # canonical agency name
    table_row: int | None = None         # from a task table: the row (0 = header) and column of the cell
    table_column: int | None = None


@dataclass
class ConsistencyCheck(Fact):
    kind: str = ""                       # sum | ratio | count
    stated: str = ""
    computed: str = ""
    consistent: bool = True
    note: str | None = None


@dataclass
class DateMention(Fact):
    """A date, month, quarter, year or period, with the role the sentence gives it."""
    value: str = ""                      # ISO, as precise as the text; "2021/2025" for a period
    precision: str = "day"               # day | month | quarter | half | year | period
    role: str | None = None              # deadline | as_of | None
    year_inferred: bool = False


@dataclass
class Person(Fact):
    name: str = ""
    position: str | None = None


@dataclass
class Attachment:
    """A document attached to the first one in the same file (an annex, a charter, a second letter)."""
    start: int                           # offset in Document.text where it starts
    page: int | None = None
    kind: str = "annex"                  # annex | document (a second letter with its own header)
    heading: str | None = None           # "ĐIỀU LỆ QUỸ KHUYẾN HỌC …", "PHỤ LỤC I …"
    number: str | None = None            # its own number, when it has one
    attached_to: str | None = None       # "779/QĐ-UBND" in "Kèm theo Quyết định số 779 /QĐ-UBND …"
    attached_to_type: str | None = None
    attached_to_date: str | None = None


@dataclass
class Extraction:
    """Everything extracted from one document: the extraction record of the spec."""
    document: DocumentInfo
    references: list[Reference] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    targets: list[Quantity] = field(default_factory=list)
    achievements: list[Quantity] = field(default_factory=list)
    budgets: list[Budget] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    consistency: list[ConsistencyCheck] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    def record(self, doc: Document) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file": (doc.path or "").replace("\\", "/").rsplit("/", 1)[-1],
            "sha256": doc.sha256,
            "format": doc.format,
            "pages": doc.page_count if doc.paged else None,
            "ocr_pages": {str(p): round(doc.ocr_confidence.get(p, 0.0), 1) for p in doc.ocr_pages},
            "ocr_reasons": {str(p): doc.ocr_reasons.get(p, "no text layer") for p in doc.ocr_pages},
            "ocr_rereads": {str(p): regions for p, regions in sorted(doc.ocr_rereads.items())},
            "document": asdict(self.document),
        }
        for name in FACT_KINDS:
            out[name] = [f.record() for f in getattr(self, name)]
        out["attachments"] = [asdict(a) for a in self.attachments]
        return out


# The one list of fact kinds, in record order: each is a list of `Extraction`, a table of the
# store and a label of the highlighted page, with the model class of its items.
FACT_MODELS: dict[str, type[Fact]] = {
    "references": Reference, "places": Place, "targets": Quantity, "achievements": Quantity,
    "budgets": Budget, "assignments": Assignment, "consistency": ConsistencyCheck,
    "dates": DateMention, "people": Person,
}
FACT_KINDS: tuple[str, ...] = tuple(FACT_MODELS)
# The kinds a reader asks about (counts in `ntm list`, `ntm show`, the web): dates and people
# are supporting facts.
MAIN_FACT_KINDS: tuple[str, ...] = ("references", "places", "targets", "achievements", "budgets",
                                    "assignments", "consistency")
