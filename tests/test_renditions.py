"""One document, three renditions: the TXT, DOCX and PDF of a seed in corpus/ give the same
document block and the same number of facts of each kind (the DOCX and PDF keep their header
cells apart, where the TXT has them in lines, so a header rule that only holds for one shows)."""
from __future__ import annotations

from collections import defaultdict

import pytest
from conftest import CORPUS

from flows.stages import extract_record

FIELDS = ("number", "type", "issuer", "place", "date", "signer", "signer_title", "title")
KINDS = ("references", "places", "targets", "achievements", "budgets", "assignments")


def _renditions() -> dict[str, list]:
    by_stem = defaultdict(list)
    for f in sorted(CORPUS.iterdir()):
        by_stem[f.stem].append(f)
    return {stem: files for stem, files in by_stem.items() if len(files) > 1}


@pytest.mark.parametrize("stem", sorted(_renditions()))
def test_every_rendition_gives_the_same_record(stem):
    records = {f.suffix: extract_record(f) for f in _renditions()[stem]}
    summary = {suffix: ({k: r["document"][k] for k in FIELDS}, {k: len(r[k]) for k in KINDS})
               for suffix, r in records.items()}
    assert len({repr(s) for s in summary.values()}) == 1, summary
