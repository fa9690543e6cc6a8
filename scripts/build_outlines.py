"""Derive the map's province and district outlines from the gazetteer we ship, offline.

No boundary data set is on the package registries this project can use, so the outlines are
drawn from pipeline/model/data/gazetteer_legacy.json: every commune's coordinates become a
Voronoi cell, the cells are clipped to a hull around all communes of the country, and dissolved
into districts and provinces. They are APPROXIMATE (a boundary runs half-way between neighbouring
communes' points, not along the legal line) and the map says so. Run once after the gazetteer
changes (needs the `maps` extra: shapely):

    .venv/bin/pip install -e ".[maps]" && .venv/bin/python scripts/build_outlines.py
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry import MultiPoint, Point, mapping

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT / "pipeline" / "model" / "data" / "gazetteer_legacy.json"
OUT = ROOT / "pipeline" / "face" / "webapp" / "static" / "outlines.geojson"
HULL_RATIO = 0.02          # concave hull: follows the S-shaped coast instead of covering the sea
HULL_BUFFER = 0.04         # degrees (~4 km) around the outermost communes
SIMPLIFY = 0.006           # degrees (~600 m): small file, shapes still recognisable
DIGITS = 3


def _rounded(geometry) -> dict:
    geo = mapping(shapely.set_precision(geometry.simplify(SIMPLIFY, preserve_topology=True), 10 ** -DIGITS))
    return json.loads(json.dumps(geo))


def main() -> None:
    data = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    wards = [w for w in data["wards"] if w.get("lat") and w.get("lon")]
    points = [Point(w["lon"], w["lat"]) for w in wards]
    hull = shapely.concave_hull(MultiPoint(points), ratio=HULL_RATIO).buffer(HULL_BUFFER)
    cells = shapely.voronoi_polygons(MultiPoint(points), extend_to=hull)
    tree = shapely.STRtree(list(cells.geoms))
    district_cells, province_cells = defaultdict(list), defaultdict(list)
    for w, p in zip(wards, points):
        index = tree.query(p, predicate="intersects")
        if not len(index):
            continue
        cell = cells.geoms[int(index[0])].intersection(hull)
        district_cells[w["district"]].append(cell)
        province_cells[data["districts"][w["district"]]["province"]].append(cell)
    features = []
    for code, parts in sorted(province_cells.items()):
        p = data["provinces"][code]
        features.append({"type": "Feature", "geometry": _rounded(shapely.union_all(parts)),
                         "properties": {"level": "province", "code": code, "name": p["name"], "type": p["type"]}})
    for code, parts in sorted(district_cells.items()):
        d = data["districts"][code]
        features.append({"type": "Feature", "geometry": _rounded(shapely.union_all(parts)),
                         "properties": {"level": "district", "code": code, "name": d["name"], "type": d["type"],
                                        "province": d["province"]}})
    OUT.write_text(json.dumps({"type": "FeatureCollection", "features": features,
                               "properties": {"source": "gazetteer_legacy.json (vietnamadminunits), Voronoi of commune "
                                                        "points: approximate outlines"}},
                              ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{OUT}: {len(features)} outlines, {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
