#!/usr/bin/env python3
"""Makes N realistic cfpcase/1 cases from the shared examples, as JSON Lines.

    bench/gen_cases.py -n 1000 > corpus.jsonl
    bench/gen_cases.py -n 100000 --corrupt-pct 1 > big.jsonl     # 1 % broken lines
    bench/gen_cases.py -n 50 --base smelter --inventory-lines 10000 > inv10k.jsonl

Each case starts from one of data/examples/*.json (or the one --base names)
and varies: case id, stage, as-of date, site (name, province, capacity),
inventory amounts and factors (±15 %), the feed mix of the GLA tonnages, the
declared value; --inventory-lines N resizes the inventory to N lines (lines
are repeated with new ids and their amounts divided, so totals stay the same).
Deterministic for a given --seed. Corrupt lines (--corrupt-pct) are one of:
truncated JSON, a number given as a string, a missing `format`, an invalid
date; their line numbers are written to --corrupt-list if given.
"""
import argparse
import copy
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "data", "examples")
STAGES = ["application", "initial", "surveillance", "recertification", "change"]
PROVINCES = [("内蒙古", "包头"), ("云南", "文山"), ("四川", "广元"), ("新疆", "昌吉"), ("山东", "滨州"), ("广西", "百色")]


def load_examples(base):
    out = {}
    for f in sorted(os.listdir(EXAMPLES)):
        if f.endswith(".json") and (base is None or base in f):
            with open(os.path.join(EXAMPLES, f), encoding="utf-8") as fh:
                out[f] = json.load(fh)
    if not out:
        sys.exit(f"gen_cases: no example matches {base!r}")
    return out


def jitter(rng, x, pct=15):
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return x
    y = x * (1 + rng.uniform(-pct, pct) / 100)
    return round(y, 6) if isinstance(x, float) else max(0, int(round(y)))


def resize_inventory(inv, n):
    if not inv or n <= 0:
        return inv
    out = []
    reps = -(-n // len(inv))
    for i in range(n):
        src = inv[i % len(inv)]
        line = copy.deepcopy(src)
        line["id"] = f"{src.get('id', 'L')}-{i // len(inv) + 1:05d}" if reps > 1 else src.get("id", f"L{i}")
        if isinstance(line.get("amount"), (int, float)) and not isinstance(line.get("amount"), bool):
            line["amount"] = float(line["amount"]) / reps
        out.append(line)
    return out


def vary(rng, base, i, inventory_lines):
    c = copy.deepcopy(base)
    c["case_id"] = f"GEN-{i:07d}"
    if rng.random() < 0.5:
        c["stage"] = rng.choice(STAGES)
    c["as_of"] = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    # a case is evaluated on or after its application date (the loader
    # rejects an as_of before eligibility.application_dates.applied_on)
    applied = ((c.get("eligibility") or {}).get("application_dates") or {}).get("applied_on")
    if isinstance(applied, str) and c["as_of"] < applied:
        c["as_of"] = applied
    for s in c.get("sites", []):
        prov, city = rng.choice(PROVINCES)
        s["name"] = f"{city}{s.get('name', '工厂')[-4:]}{rng.randint(1, 99)}"
        s["province"] = prov
        if "capacity_t_per_year" in s:
            s["capacity_t_per_year"] = jitter(rng, s["capacity_t_per_year"], 30)
    fp = c.get("footprint", {})
    inv = fp.get("inventory")
    if isinstance(inv, list):
        for line in inv:
            line["amount"] = jitter(rng, line.get("amount"))
            f = line.get("factor")
            if isinstance(f, dict):
                f["value"] = jitter(rng, f.get("value"))
        if inventory_lines:
            fp["inventory"] = resize_inventory(inv, inventory_lines)
    decl = fp.get("declared")
    if isinstance(decl, dict):
        for k, v in decl.items():
            decl[k] = jitter(rng, v, 10)
    gla = c.get("gla")
    if isinstance(gla, dict):
        for k in ("recycled_t", "green_primary_t", "other_primary_t"):
            if k in gla:
                gla[k] = jitter(rng, gla[k], 40)
    return c


def corrupt(rng, line):
    kind = rng.randrange(4)
    if kind == 0:
        return line[: rng.randint(10, max(11, len(line) - 10))]
    d = json.loads(line)
    if kind == 1:
        inv = d.get("footprint", {}).get("inventory") or []
        if inv:
            inv[0]["amount"] = "lots"
        else:
            d["as_of"] = 20260101
    elif kind == 2:
        d.pop("format", None)
    else:
        d["as_of"] = "2026-02-30"
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--base", help="only examples whose file name contains this (e.g. smelter-ingot)")
    ap.add_argument("--inventory-lines", type=int, default=0)
    ap.add_argument("--corrupt-pct", type=float, default=0.0)
    ap.add_argument("--corrupt-list", help="write the 1-based line numbers of corrupt lines here")
    ap.add_argument("--out", "-o", help="output file (default stdout)")
    ap.add_argument("--split-dir", help="instead: write each case to DIR/NNNNNNN.json")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    bases = list(load_examples(a.base).values())
    # the corrupt lines: exactly round(n * pct / 100) of them, spread at random
    n_bad = int(round(a.n * a.corrupt_pct / 100))
    bad = set(rng.sample(range(1, a.n + 1), n_bad)) if n_bad else set()
    out = open(a.out, "w", encoding="utf-8") if a.out else sys.stdout
    if a.split_dir:
        os.makedirs(a.split_dir, exist_ok=True)
    # Making every case from scratch is slow for 100 000 lines: vary a pool of
    # 500 and re-number them.
    pool = [vary(rng, bases[i % len(bases)], i, a.inventory_lines) for i in range(min(a.n, 500))]
    pool_text = [json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in pool]
    for i in range(1, a.n + 1):
        k = (i - 1) % len(pool)
        text = pool_text[k].replace(pool[k]["case_id"], f"GEN-{i:07d}", 1)
        if i in bad:
            text = corrupt(rng, text)
        if a.split_dir:
            with open(os.path.join(a.split_dir, f"{i:07d}.json"), "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            out.write(text + "\n")
    if a.corrupt_list:
        with open(a.corrupt_list, "w") as fh:
            fh.write("\n".join(str(x) for x in sorted(bad)) + ("\n" if bad else ""))


if __name__ == "__main__":
    main()
