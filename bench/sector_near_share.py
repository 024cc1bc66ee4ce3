#!/usr/bin/env python3
"""Share of top-10 hits that are in the sector the query names AND within 50 km of the city it names.

    python3 bench/sector_near_share.py CORPUS.jsonl TOPK_A.jsonl [TOPK_B.jsonl ...] [--km 50]

A query "names a sector and a place" when its text contains one of gen_corpus.py's job titles that
belongs to exactly one sector (or it has a sector filter) and one of the corpus' city names. The city's
position is the mean of the corpus speakers living there. Hits missing from a short list count as misses
(the denominator is always 10 per query). Reads top-k files with "hits" (speakerbot) or "top" (Lucene).
"""
import argparse
import json
import math
import os
import re
import sys
import unicodedata

sys.path.insert(0, "/work/shared/bench/corpus")
try:
    import gen_corpus as gc  # noqa: E402
except ImportError:  # run from elsewhere: point GEN_CORPUS_DIR at shared/bench/corpus
    sys.path.insert(0, os.environ.get("GEN_CORPUS_DIR", "."))
    import gen_corpus as gc  # noqa: E402


def fold(s):
    s = "".join(c for c in unicodedata.normalize("NFD", s.lower()) if unicodedata.category(c) != "Mn")
    return " " + re.sub(r"[^a-z0-9]+", " ", s).strip() + " "


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(min(1, math.sqrt(h)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("topk", nargs="+")
    ap.add_argument("--km", type=float, default=50)
    args = ap.parse_args()

    docs, cities = {}, {}
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            docs[o["id"]] = (o["sector"], o.get("lat"), o.get("lon"))
            if o.get("lat") is not None:
                c = cities.setdefault(fold(o["city"]), [0.0, 0.0, 0])
                c[0] += o["lat"]; c[1] += o["lon"]; c[2] += 1
    cities = {k: (v[0] / v[2], v[1] / v[2]) for k, v in cities.items()}
    title_sectors = {}
    for sector, titles in gc.HEADLINES.items():
        for title, _ in titles:
            title_sectors.setdefault(fold(title), set()).add(sector)
    titles = sorted(((t, s.pop()) for t, s in title_sectors.items() if len(s) == 1), key=lambda x: -len(x[0]))

    def intent(q):
        text = fold(q.get("text") or "")
        sector = (q.get("filters") or {}).get("sector")
        if sector is None:
            sector = next((s for t, s in titles if t in text), None)
        city = max((c for c in cities if c in text), key=len, default=None)
        return (sector, cities[city]) if sector and city else None

    for path in args.topk:
        hits = total = queries = 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                q = json.loads(line)
                it = intent(q)
                if it is None:
                    continue
                sector, point = it
                queries += 1
                total += 10
                for pid in (q.get("hits") or q.get("top") or [])[:10]:
                    s, lat, lon = docs.get(pid, (None, None, None))
                    if s == sector and lat is not None and km(point, (lat, lon)) <= args.km:
                        hits += 1
        share = 100.0 * hits / total if total else 0.0
        print("%-40s queries=%d sector_within_%dkm=%.1f%%" % (os.path.basename(path), queries, args.km, share))


if __name__ == "__main__":
    main()
