"""The vocabulary of signature blocks: signing marks ("KT.", "TM."), titles, ranks, family names and
the lines of an incoming-mail stamp (data/signatures.json). One vocabulary for the OCR reader, which
looks for the block on a scanned page, and the signature extractor, which reads it."""
from __future__ import annotations

import functools
import json
from pathlib import Path

SIGNATURES = Path(__file__).parent / "data" / "signatures.json"
REQUIRED = {"marks": dict, "titles": list, "stamp_lines": list, "ranks": list, "family_names": list}


@functools.cache
def signature_rules() -> dict:
    """The rule file, checked once: it says what it is for and holds every key, of the right type."""
    data = json.loads(SIGNATURES.read_text(encoding="utf-8"))
    problems = [] if isinstance(data.get("_doc"), str) and data["_doc"].strip() else ["no _doc"]
    problems += [f"{key!r} should be a {kind.__name__}" for key, kind in REQUIRED.items()
                 if not isinstance(data.get(key), kind)]
    if problems:
        raise ValueError(f"pipeline/model/data/signatures.json: {'; '.join(problems)}")
    return data
