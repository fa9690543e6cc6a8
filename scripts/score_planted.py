"""Score what ntm found against the facts scripts/generate_corpus.py planted.

Precision and recall per fact kind, matching by value and kind within each document:
- targets, achievements: the value (a target found as an achievement is a miss for targets and a
  false find for achievements; `kind_swaps` counts those);
- budgets: amount_vnd;
- assignments: (assignee, role), the assignee compared accent-free with abbreviations expanded,
  similarity ≥ 0.8 (the shared scorer's rule), duplicates in a document counted once;
- places: (level, accent-free name without "xã"/"huyện"… prefixes);
- references: the number, spaces removed, upper case;
- document fields: share of documents with the field right (issuer by similarity ≥ 0.8).
Broken files: share recorded in ingest_errors; good files with an error are `false_errors`.

    python -m scripts.score_planted CORPUS_DIR DB [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

KINDS = ("targets", "achievements", "budgets", "assignments", "places", "references")
DOC_FIELDS = ("number", "type", "issuer", "date", "signer", "signer_title")
ABBREVIATIONS = [
    (r"\bubnd\b", "uy ban nhan dan"), (r"\bhdnd\b", "hoi dong nhan dan"),
    (r"\bnn\s*&\s*ptnt\b|\bnnptnt\b|\bnn va ptnt\b", "nong nghiep va phat trien nong thon"),
    (r"\bkh\s*&\s*dt\b|\bkhdt\b", "ke hoach va dau tu"), (r"\btn\s*&\s*mt\b", "tai nguyen va moi truong"),
    (r"\bgtvt\b", "giao thong van tai"), (r"\bptnt\b", "phat trien nong thon"),
    (r"\bntm\b", "nong thon moi"), (r"\bmtqg\b", "muc tieu quoc gia"), (r"\btp\.?\b", "thanh pho"),
]
PLACE_PREFIXES = ("thanh pho", "thi tran", "thi xa", "tinh", "huyen", "xa", "phuong")


def words(s: str | None) -> str:
    s = unicodedata.normalize("NFD", unicodedata.normalize("NFC", s or ""))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    s = s.replace("đ", "d").replace("Đ", "d").replace("Ð", "d").lower()
    s = re.sub(r"[^a-z0-9&]+", " ", s)
    for pat, rep in ABBREVIATIONS:
        s = re.sub(pat, rep, s)
    return " ".join(s.split())


def place_key(level: str, name: str | None) -> tuple[str, str]:
    w = words(name)
    for p in PLACE_PREFIXES:
        if w.startswith(p + " "):
            w = w[len(p) + 1:]
            break
    return level, w.replace(" ", "")


def number_key(n: str | None) -> str:
    return "".join((n or "").split()).upper().replace("Ð", "Đ")


def similar(a: str, b: str) -> float:
    return SequenceMatcher(None, words(a), words(b)).ratio()


def value_key(v) -> float | None:
    try:
        return round(float(v), 3)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- predictions

def from_db(db_file: str | Path, corpus: str | Path) -> tuple[dict[str, dict], dict[str, str]]:
    """Each ingested file's record-like facts keyed by its path relative to the corpus, and the
    files with an ingest error (path → stage)."""
    corpus = Path(corpus).resolve()
    con = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    rel = {}
    records: dict[str, dict] = {}
    for d in con.execute("select id, path, number, type, issuer, date, signer, signer_title from documents"):
        try:
            key = str(Path(d["path"]).resolve().relative_to(corpus))
        except ValueError:
            continue
        rel[d["id"]] = key
        records[key] = {"document": dict(d), **{k: [] for k in KINDS}}
    columns = {"targets": "value, unit, denominator", "achievements": "value, unit, denominator",
               "budgets": "amount_vnd, label, kind", "assignments": "assignee, agency, role, deadline",
               "places": "level, name, parent", "references": "number"}
    for kind, cols in columns.items():
        for r in con.execute(f"select doc_id, {cols} from [{kind}]"):
            if r["doc_id"] in rel:
                records[rel[r["doc_id"]]][kind].append(dict(r))
    errors = {}
    for r in con.execute("select path, stage from ingest_errors"):
        try:
            errors[str(Path(r["path"]).resolve().relative_to(corpus))] = r["stage"]
        except ValueError:
            pass
    con.close()
    return records, errors


# ---------------------------------------------------------------- matching

def match_counts(planted: list, found: list, same) -> tuple[int, int, int]:
    """Greedy one-to-one matching: (true positives, false positives, false negatives)."""
    left = list(found)
    tp = 0
    for p in planted:
        for i, f in enumerate(left):
            if same(p, f):
                tp += 1
                del left[i]
                break
    return tp, len(left), len(planted) - tp


def facts_of(kind: str, items: list[dict]) -> list:
    if kind in ("targets", "achievements"):
        return [value_key(i.get("value")) for i in items if value_key(i.get("value")) is not None]
    if kind == "budgets":
        return [int(i["amount_vnd"]) for i in items if i.get("amount_vnd") is not None]
    if kind == "places":
        return sorted({place_key(i.get("level") or "", i.get("name")) for i in items})
    if kind == "references":
        return sorted({number_key(i.get("number")) for i in items if i.get("number")})
    if kind == "assignments":
        out = []
        for i in items:
            names = tuple(n for n in (i.get("agency"), i.get("assignee")) if n)
            key = (names, i.get("role"))
            if names and key not in out:
                out.append(key)
        return out
    raise ValueError(kind)


def same(kind: str):
    if kind == "assignments":
        def ok(p, f):
            return p[1] == f[1] and any(similar(p[0][0], n) >= 0.8 for n in f[0])
        return ok
    return lambda p, f: p == f


def score(manifest: list[dict], records: dict[str, dict], errors: dict[str, str]) -> dict:
    totals = {k: Counter() for k in KINDS}
    by_format = {}
    fields = Counter()
    swaps = 0
    good = [e for e in manifest if not e["broken"]]
    broken = [e for e in manifest if e["broken"]]
    missing = 0
    for e in good:
        rec = records.get(e["file"])
        if rec is None:
            missing += 1
            rec = {"document": {}, **{k: [] for k in KINDS}}
        fmt = by_format.setdefault(e["format"], {k: Counter() for k in KINDS})
        for kind in KINDS:
            planted = facts_of(kind, [dict(x, agency=None) if kind == "assignments" else x for x in e[kind]])
            found = facts_of(kind, rec[kind])
            tp, fp, fn = match_counts(planted, found, same(kind))
            for c in (totals[kind], fmt[kind]):
                c.update(tp=tp, fp=fp, fn=fn)
        # a planted target reported as an achievement, or the reverse
        for a, b in (("targets", "achievements"), ("achievements", "targets")):
            missed = Counter(facts_of(a, e[a])) - Counter(facts_of(a, rec[a]))
            swaps += sum((missed & Counter(facts_of(b, rec[b]))).values())
        d, got = e["document"], rec["document"]
        for f in DOC_FIELDS:
            want, have = d.get(f), got.get(f)
            if f == "number":
                ok = number_key(want) == number_key(have)
            elif f == "issuer":
                ok = bool(have) and similar(want, have) >= 0.8
            else:
                ok = words(want) == words(have)
            fields[f] += ok

    def prf(c: Counter) -> dict:
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None
        return {"precision": p, "recall": r, "planted": c["tp"] + c["fn"], "found": c["tp"] + c["fp"], "tp": c["tp"]}

    return {
        "files": len(manifest), "good": len(good), "broken": len(broken),
        "good_not_in_db": missing,
        "facts": {k: prf(totals[k]) for k in KINDS},
        "facts_by_format": {f: {k: prf(c[k]) for k in KINDS} for f, c in sorted(by_format.items())},
        "kind_swaps": swaps,
        "document_fields": {f: fields[f] / len(good) if good else None for f in DOC_FIELDS},
        "broken_recorded_as_errors": sum(e["file"] in errors for e in broken) / len(broken) if broken else None,
        "false_errors": sum(e["file"] in errors for e in good),
    }


def score_db(corpus: str | Path, db_file: str | Path) -> dict:
    from scripts.generate_corpus import read_manifest
    records, errors = from_db(db_file, corpus)
    return score(read_manifest(corpus), records, errors)


def print_scores(s: dict, out=sys.stdout) -> None:
    print(f"planted facts ({s['good']} good files, {s['broken']} broken):", file=out)
    print(f"  {'kind':<14}{'planted':>9}{'found':>9}{'precision':>11}{'recall':>9}", file=out)
    for kind, v in s["facts"].items():
        fmt = lambda x: f"{x:.3f}" if x is not None else "-"  # noqa: E731
        print(f"  {kind:<14}{v['planted']:>9}{v['found']:>9}{fmt(v['precision']):>11}{fmt(v['recall']):>9}", file=out)
    print("  recall by format: " + "; ".join(
        f"{f}: " + ", ".join(f"{k[:4]} {v['recall']:.2f}" for k, v in kinds.items() if v["recall"] is not None)
        for f, kinds in s["facts_by_format"].items()), file=out)
    print("  document fields right: " + ", ".join(f"{k} {v:.3f}" for k, v in s["document_fields"].items() if v is not None), file=out)
    b = s["broken_recorded_as_errors"]
    print(f"  target/achievement swaps {s['kind_swaps']}; broken files recorded as errors "
          f"{'-' if b is None else f'{100 * b:.0f}%'}; good files with errors {s['false_errors']}; "
          f"good files missing from the database {s['good_not_in_db']}", file=out)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("db")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    s = score_db(args.corpus, args.db)
    print_scores(s)
    if args.json:
        Path(args.json).write_text(json.dumps(s, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
