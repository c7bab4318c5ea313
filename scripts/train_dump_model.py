"""Train the dump classifier's model (ingest/data/dump_model.npz) on the tune part of a dump set.

Data: whole-page text dumps with gold bodies (<id>.txt + <id>.gold.txt), made from WCXB-dev
(CC-BY-4.0, Murrough Foley 2026) by ../shared/eval/make_text_dumps.py. Only the "tune" part
(scripts/eval_dumps.py: is_held_out) is read; the held-out part is for reporting. Never train on
L3S-GN1 (research licence: measure only).

Each block the dump classifier sees (after the named rules ran) is labelled content when most of its
word trigrams are in the gold body. A one-hidden-layer network is fitted by full-batch Adam from a
fixed seed (deterministic: same data, same weights), each block weighted by its words (the score
counts words), content blocks weighted up (losing text is worse than keeping some chrome).

Usage:
    python scripts/train_dump_model.py DUMPS_DIR [--out ingest/data/dump_model.npz] [--hidden 24]
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_dumps import in_gold, split_ids  # noqa: E402

from ingest.normalize import repair  # noqa: E402
from ingest.rules import dump_blocks  # noqa: E402
from ingest.rules.base import TextView  # noqa: E402
from ingest.rules.dump_model import MODEL_PATH, DumpModel  # noqa: E402
from ingest.rules.engine import apply_rules  # noqa: E402
from ingest.rules.registry import DEFAULT_RULES  # noqa: E402

_WORD = re.compile(r"\w+")
_BEFORE = tuple(DEFAULT_RULES[:next(i for i, r in enumerate(DEFAULT_RULES) if r.family == "dump")])


def page_rows(raw: str, gold: str) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(features, labels, word weights) of one page's blocks, as the dump rule would see them."""
    view = TextView(repair(raw))
    apply_rules(view, _BEFORE)
    lines = view.lines()
    blocks, verdicts = dump_blocks.hand_classify(lines, dump_blocks.cut_lines_before(view, lines))
    if verdicts is None or not blocks:
        return None
    gw = _WORD.findall(gold)
    grams, gtext = {tuple(gw[k:k + 3]) for k in range(len(gw) - 2)}, " ".join(gw)
    texts = [" ".join(ln.text for ln in b.lines) for b in blocks]
    y = np.array([in_gold(t, grams, gtext) for t in texts], dtype=np.float64)
    w = np.array([max(1, len(_WORD.findall(t))) for t in texts], dtype=np.float64)
    return dump_blocks.model_input(blocks, verdicts), y, w


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, hidden: int, epochs: int, seed: int = 0) -> DumpModel:
    rng = np.random.default_rng(seed)
    mean, scale = x.mean(0), x.std(0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    params = [rng.normal(0, 1 / np.sqrt(z.shape[1]), (z.shape[1], hidden)), np.zeros(hidden),
              rng.normal(0, 1 / np.sqrt(hidden), hidden), np.zeros(1)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    w = w / w.mean()
    lr, b1, b2, l2 = 0.01, 0.9, 0.999, 1e-4
    for t in range(1, epochs + 1):
        h = np.tanh(z @ params[0] + params[1])
        p = 1 / (1 + np.exp(-(h @ params[2] + params[3][0])))
        g_out = w * (p - y) / len(y)
        gh = np.outer(g_out, params[2]) * (1 - h * h)
        grads = [z.T @ gh + l2 * params[0], gh.sum(0), h.T @ g_out + l2 * params[2], np.array([g_out.sum()])]
        for k, g in enumerate(grads):
            m[k] = b1 * m[k] + (1 - b1) * g
            v[k] = b2 * v[k] + (1 - b2) * g * g
            params[k] = params[k] - lr * (m[k] / (1 - b1 ** t)) / (np.sqrt(v[k] / (1 - b2 ** t)) + 1e-8)
        if t % 200 == 0:
            loss = -np.mean(w * (y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)))
            print(f"  epoch {t}: weighted log-loss {loss:.4f}")
    return DumpModel(mean, scale, params[0], params[1], params[2], float(params[3][0]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", type=Path)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--hidden", type=int, default=24)
    ap.add_argument("--epochs", type=int, default=1200)
    ap.add_argument("--content-weight", type=float, default=2.0, help="weight of content blocks vs chrome")
    a = ap.parse_args(argv)
    xs, ys, ws = [], [], []
    for i in split_ids(a.dir, "tune"):
        rows = page_rows((a.dir / f"{i}.txt").read_text(encoding="utf-8"),
                         (a.dir / f"{i}.gold.txt").read_text(encoding="utf-8"))
        if rows:
            xs.append(rows[0]), ys.append(rows[1]), ws.append(rows[2])
    x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
    w = np.sqrt(w) * np.where(y > 0, a.content_weight, 1.0)
    print(f"{len(xs)} pages, {len(y)} blocks, {y.mean():.3f} content, {x.shape[1]} features")
    model = fit(x, y, w, a.hidden, a.epochs)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(a.out)
    print(f"saved {a.out} ({a.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
