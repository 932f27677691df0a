#!/usr/bin/env python3
"""Measure the indicator matcher on the gold standard's indicator phrases.

Each gold line's ``indicator`` phrase is matched with its ``unit``; the result is scored
the way ../shared/eval/score.py scores ``indicator_id``: pairwise grouping F1 (two lines
with the same ``concept`` should get the same id, two with different concepts different
ids) and the share of lines that get an id at all (``mapped``: auto or needs_review).

It also scores the phrasings of other councils in tests/test_matcher.py
(``OTHER_COUNCILS``: topic, phrase, unit, expected id): accuracy (right id, auto or
needs_review), how many ``auto`` matches are wrong (the precision of ``auto``), and,
with ``--sweep``, the same for a range of ``auto_score``/``auto_margin`` thresholds.

Usage:
    python scripts/eval_lexicon.py [--gold ../shared/gold/seeds.jsonl] [--errors] [--no-aliases]
                                   [--cases tests/test_matcher.py] [--sweep]
"""

from __future__ import annotations

import argparse
import json
import runpy
import sys
import tempfile
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from outturn.lexicon.loader import load_lexicon
from outturn.lexicon.match import IndicatorMatcher, MatchConfig

REPO = Path(__file__).resolve().parent.parent


def grouping(labelled: list[tuple[str, str | None]]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of ids against concepts (as score.py)."""
    tp = same_pred = same_gold = 0
    for (c1, i1), (c2, i2) in combinations(labelled, 2):
        g = bool(c1) and c1 == c2
        p = i1 is not None and i1 == i2
        same_gold += g
        same_pred += p
        tp += g and p
    prec = tp / same_pred if same_pred else 0.0
    rec = tp / same_gold if same_gold else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def other_councils(matcher: IndicatorMatcher, cases: list[tuple], show: bool = False) -> dict:
    """Accuracy and ``auto`` precision on ``(topic, phrase, unit, expected)`` cases."""
    right = auto = auto_wrong = 0
    for topic, phrase, unit, expected in cases:
        m = matcher.match(phrase, unit)
        ok = m.indicator_id == expected and m.status != "unmatched"
        right += ok
        auto += m.status == "auto"
        auto_wrong += m.status == "auto" and m.indicator_id != expected
        if show and not ok:
            print(f"   {topic:16s} {m.status:12s} {m.score:.2f} {str(m.indicator_id):36s} "
                  f"want {expected:32s} {phrase[:60]!r}")
    return {"right": right, "n": len(cases), "auto": auto, "auto_wrong": auto_wrong}


def sweep(cases: list[tuple], gold: list[dict]) -> None:
    """Print auto precision and coverage on the cases and the gold for a grid of thresholds."""
    print("auto_score auto_margin | cases: auto wrong | gold: auto wrong-concept-pairs")
    for score in (0.66, 0.70, 0.72, 0.75, 0.78, 0.82):
        for margin in (0.0, 0.02, 0.04, 0.08):
            matcher = IndicatorMatcher(config=MatchConfig(auto_score=score, auto_margin=margin))
            r = other_councils(matcher, cases)
            autos = [(g["concept"], m.indicator_id) for g in gold
                     for m in [matcher.match(g["indicator"], g["unit"])] if m.status == "auto"]
            owner: dict[str, Counter] = defaultdict(Counter)
            for concept, iid in autos:
                owner[iid][concept] += 1
            stray = sum(sum(c.values()) - max(c.values()) for c in owner.values())
            print(f"   {score:.2f}      {margin:.2f}     |   {r['auto']:4d} {r['auto_wrong']:4d}    |"
                  f"   {len(autos):4d} {stray:4d}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=REPO.parent / "shared" / "gold" / "seeds.jsonl")
    ap.add_argument("--errors", action="store_true", help="list concepts split or merged")
    ap.add_argument("--no-aliases", action="store_true",
                    help="match on indicator names only (how far names alone generalise)")
    ap.add_argument("--cases", type=Path, default=REPO / "tests" / "test_matcher.py",
                    help="a module holding OTHER_COUNCILS (topic, phrase, unit, expected id)")
    ap.add_argument("--sweep", action="store_true", help="auto precision over a grid of thresholds")
    args = ap.parse_args(argv)
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.no_aliases:
        empty = Path(tempfile.mkdtemp()) / "aliases.csv"
        empty.write_text("id,alias\n", encoding="utf-8")
        matcher = IndicatorMatcher(load_lexicon(aliases_path=empty))
    else:
        matcher = IndicatorMatcher()
    labelled, statuses = [], Counter()
    by_concept: dict[str, Counter] = defaultdict(Counter)
    for g in gold:
        m = matcher.match(g["indicator"], g["unit"])
        statuses[m.status] += 1
        iid = m.indicator_id if m.status != "unmatched" else None
        labelled.append((g["concept"], iid))
        by_concept[g["concept"]][(iid, g["indicator"], g["unit"], m.status, m.score)] += 1
    p, r, f = grouping(labelled)
    mapped = sum(i is not None for _, i in labelled) / len(labelled)
    if args.errors:
        owner: dict[str, set] = defaultdict(set)
        for c, i in labelled:
            if i:
                owner[i].add(c)
        for concept, hits in sorted(by_concept.items()):
            ids = {k[0] for k in hits}
            merged = any(len(owner[i]) > 1 for i in ids if i)
            if len(ids) > 1 or None in ids or merged:
                print(f"## {concept}")
                for (iid, phrase, unit, status, score), n in hits.most_common():
                    also = sorted(owner[iid] - {concept}) if iid else []
                    print(f"   {n:3d} {str(iid):40s} {status:12s} {score:.2f} {unit:8s} {phrase[:70]!r}"
                          + (f"  ALSO {also}" if also else ""))
    cases = runpy.run_path(str(args.cases)).get("OTHER_COUNCILS", []) if args.cases.exists() else []
    if cases:
        oc = other_councils(matcher, cases, show=args.errors)
        print(f"other councils: {oc['right']}/{oc['n']} right ({oc['right'] / oc['n']:.3f}); "
              f"auto {oc['auto']}, wrong auto {oc['auto_wrong']} "
              f"(auto precision {1 - oc['auto_wrong'] / max(oc['auto'], 1):.3f})")
    if args.sweep:
        sweep(cases, gold)
    print(f"statuses: {dict(statuses)}")
    print(f"grouping P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print(f"mapped {mapped:.3f}  ({len(gold)} gold lines, {len(by_concept)} concepts, "
          f"{len(matcher.lexicon)} indicators)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
