"""Derive pipeline/model/data/gazetteer_legacy.json from the offline data of `vietnamadminunits`.

The legacy (pre-July-2025) three-level units with GSO codes and coordinates, plus the unit each
became after the 2025 reorganisation (the package's converter table, default ward for split
communes). Run once after upgrading the package:

    .venv/bin/python scripts/build_gazetteer.py
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import vietnamadminunits

PKG = Path(vietnamadminunits.__file__).parent / "data"
OUT = Path(__file__).resolve().parent.parent / "pipeline" / "model" / "data" / "gazetteer_legacy.json"


def main() -> None:
    db = sqlite3.connect(PKG / "dataset.db")
    db.row_factory = sqlite3.Row
    converter = json.loads((PKG / "converter_2025.json").read_text(encoding="utf-8"))

    new_wards = {(r["provinceKey"], r["wardKey"]): (r["ward"], r["province"], r["wardCode"])
                 for r in db.execute("SELECT provinceKey, wardKey, ward, province, wardCode FROM admin_units")}
    new_provinces = {r["provinceKey"]: r["province"] for r in db.execute("SELECT DISTINCT provinceKey, province FROM admin_units")}

    # old "province_district_ward" key -> "Xã X, Tỉnh Y"
    successor: dict[str, str] = {}
    for new_prov, table in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, olds in table.items():
            ward, prov, _ = new_wards.get((new_prov, new_ward), (new_ward, new_provinces.get(new_prov, new_prov), None))
            for old in olds:
                successor[old] = f"{ward}, {prov}"
    for new_prov, table in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, options in table.items():
            best = next((o for o in options if o.get("isDefaultNewWard")), options[0])
            ward, prov, _ = new_wards.get((new_prov, best["newWardKey"]), (best["newWardKey"], new_prov, None))
            successor.setdefault(old, f"{ward}, {prov}")
    province_successor = {old: new_provinces.get(new, new) for new, olds in converter["DICT_PROVINCE"].items() for old in olds}

    provinces, districts, wards = {}, {}, []
    for r in db.execute("SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"):
        pc, dc = r["provinceCode"], r["districtCode"]
        if pc not in provinces:
            provinces[pc] = {"name": r["provinceShort"], "type": r["province"].split(" " + r["provinceShort"])[0],
                             "lat": r["provinceLat"], "lon": r["provinceLon"],
                             "successor": province_successor.get(r["provinceKey"])}
        if dc and dc not in districts:
            districts[dc] = {"name": r["districtShort"], "type": r["districtType"], "province": pc,
                             "lat": r["districtLat"], "lon": r["districtLon"],
                             "aliases": json.loads(r["districtAlias"] or "[]")}
        if r["wardCode"]:
            key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"
            wards.append({"code": r["wardCode"], "name": r["wardShort"], "type": r["wardType"], "district": dc,
                          "lat": r["wardLat"], "lon": r["wardLon"], "aliases": json.loads(r["wardAlias"] or "[]"),
                          "successor": successor.get(key)})
    new_units = [{"code": r["wardCode"], "name": r["wardShort"], "type": r["wardType"], "province": r["provinceShort"],
                  "lat": r["wardLat"], "lon": r["wardLon"]}
                 for r in db.execute("SELECT wardCode, wardShort, wardType, provinceShort, wardLat, wardLon FROM admin_units")]
    out = {"source": f"vietnamadminunits {getattr(vietnamadminunits, '__version__', '')}".strip(),
           "provinces": provinces, "districts": districts, "wards": wards, "wards_2025": new_units}
    OUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{OUT}: {len(provinces)} provinces, {len(districts)} districts, {len(wards)} wards, {len(new_units)} wards (2025)")


if __name__ == "__main__":
    main()
