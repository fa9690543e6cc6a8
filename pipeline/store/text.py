"""How text is kept for search and joins: printed plus folded, and document numbers as keys."""
from __future__ import annotations

from pipeline.model.normalize import fold


def search_text(*parts: str | None) -> str:
    """What FTS indexes: the text as printed and folded, so both spellings of a query match."""
    text = "\n".join(p for p in parts if p)
    return f"{text}\n{fold(text)}"


def number_key(number: str | None) -> str | None:
    """A document number as a join key: no spaces, upper case ("05 /CT-UBND" → "05/CT-UBND")."""
    if not number:
        return None
    return "".join(number.split()).upper().replace("Ð", "Đ")
