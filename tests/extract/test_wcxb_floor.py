"""Floor on real modern pages: on a fixed sample of WCXB dev pages (every 7th page by id, all page
types), the benchmark's word F1 per page type and its snippet rates may not fall below the figures
reached when this test was written. Skipped where ../shared/eval is absent.

The figures are floors, not targets: raise them when the extractor gets better (the test prints the
current figures on failure). WCXB is CC-BY-4.0; its pages are read from ../shared/eval, never copied.
"""
from __future__ import annotations

import gzip
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from ingest.pipeline import process_raw, raw_from_bytes
from ingest.records import CleanDocument
from ingest.settings import Settings

EVAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval"
WCXB = EVAL / "extraction" / "wcxb-dev"
STEP = 7  # every 7th page by id: 214 of the 1,497 dev pages
# Reached on the sample (html4 branch, 2026-12-03), rounded down to 0.005 (a step lower where the figure
# was within 0.001 of it: service, all pages).
# Forum raised by the thread reader (extract/thread_posts.py, forum10 branch): forum 0.6730 -> 0.7484, all
# 0.8403 -> 0.8456, must-include 0.7249 -> 0.7310.
# Listing and collection raised by the DOM teaser cards (extract/teaser_cards.py, html6 branch): listing
# 0.71 -> 0.76 (sample 0.7623), collection 0.565 -> 0.62 (0.6217), all 0.84 -> 0.85 (0.8539), must-include
# 0.725 -> 0.74 (0.7441); boilerplate left 0.0667 (ceiling unchanged).
# Raised by several groups of cards of one size on a section front (teaser_cards._alike_groups, html7
# branch): service 0.79 -> 0.815 (sample 0.8163), listing 0.76 -> 0.775 (0.7757), collection 0.62 -> 0.625
# (0.6266), all 0.85 -> 0.855 (0.8570), must-include 0.74 -> 0.745 (0.7451); article 0.9405 (was 0.9410),
# boilerplate left 0.0678 (was 0.0667; ceiling unchanged).
# Pages per type in the sample: article 114, product 21, service 19, collection 19, listing 15,
# forum 15, documentation 11.
FLOOR_F1 = {"article": 0.94, "service": 0.815, "listing": 0.775, "documentation": 0.955, "forum": 0.745,
            "product": 0.73, "collection": 0.625}
FLOOR_ALL_F1 = 0.855
FLOOR_WITH = 0.745  # must-include snippets found (mean over pages that have them); reached 0.7451
CEIL_WITHOUT = 0.07  # boilerplate snippets left in (mean over pages that have them); 0.0673 on 2026-12-03,
# 0.0641 before the wide-text fall-back (extract/html._widened), 0.0696 with it: widened pages keep 0.019 more must-include snippets
# and 0.01 more F1 for that, a trade the guide asks for (text kept over text lost)
pytestmark = pytest.mark.skipif(not (WCXB / "ground-truth").is_dir(), reason="../shared/eval (WCXB dev) absent")


def _scorer():
    sys.path.insert(0, str(EVAL))
    try:
        import score_wcxb
    finally:
        sys.path.remove(str(EVAL))
    return score_wcxb


def _sample() -> list[Path]:
    return sorted((WCXB / "ground-truth").glob("*.json"))[::STEP]


@pytest.fixture(scope="module")
def figures() -> dict:
    sw = _scorer()
    by_type, withs, withouts, every = defaultdict(list), [], [], []
    for gt_path in _sample():
        data = json.loads(gt_path.read_text(encoding="utf-8"))
        gt = data.get("ground_truth") or {}
        kind = (data.get("_internal") or {}).get("page_type") or {}
        kind = kind.get("primary", "article") if isinstance(kind, dict) else (kind or "article")
        kind = "collection" if kind == "category" else kind
        content = gzip.decompress((WCXB / "html" / f"{gt_path.stem}.html.gz").read_bytes())
        doc = process_raw(raw_from_bytes(content, f"{gt_path.stem}.html"), Settings())
        text = "\n\n".join(a.text for a in doc.articles) if isinstance(doc, CleanDocument) else ""
        f1 = sw.word_f1(text, gt.get("main_content") or "")[2]
        by_type[kind].append(f1)
        every.append(f1)
        for rates, snippets in ((withs, gt.get("with") or []), (withouts, gt.get("without") or [])):
            r = sw.snippet_rate(text, snippets)
            if not math.isnan(r):
                rates.append(r)
    mean = lambda xs: sum(xs) / len(xs)
    return {"types": {k: mean(v) for k, v in by_type.items()}, "counts": {k: len(v) for k, v in by_type.items()},
            "all": mean(every), "with": mean(withs), "without": mean(withouts)}


def test_f1_per_page_type_holds(figures):
    low = {t: round(f, 3) for t, f in figures["types"].items() if t in FLOOR_F1 and f < FLOOR_F1[t]}
    assert not low, f"F1 fell below the floor: {low}; all figures: {figures}"
    assert figures["all"] >= FLOOR_ALL_F1, figures


def test_snippet_rates_hold(figures):
    assert figures["with"] >= FLOOR_WITH, figures
    assert figures["without"] <= CEIL_WITHOUT, figures
