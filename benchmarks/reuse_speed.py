"""Reuse speed: the MinHash LSH candidate stage against datasketch, and aligned pairs per second.

    python benchmarks/reuse_speed.py [--data ../shared/data/pan13/train] [--docs 1200] [--align 30]

Candidate stage (word windows of 50, stride 25, so a copied paragraph is a
near-duplicate of some window even inside a long document): the suspicious and source documents of PAN13's verbatim,
random-edit and no-reuse pairs (the first ``--docs`` documents in sorted
order of those pairs) are indexed and every suspicious document queried,
once with storytrace's vectorised MinHash + LSH, once with datasketch's
``MinHash.bulk`` (its fastest path) + MinHashLSH, at the same num_perm, threshold and
hence the same bands and rows. Recall is the share of annotated reuse pairs
whose source comes back for its suspicious document. Both run in this
process, one after the other, on the same word 5-shingles.

Alignment: ``align`` (default settings, embeddings included) over the first
``--align`` annotated pairs; pairs per second. Then the same pairs again with
their sentences and sentence vectors given, as the store aligns a new article
with its candidates (vectors computed beforehand, not timed): the aligner's own
speed. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from storytrace.reuse.align import align  # noqa: E402
from storytrace.reuse.analysis import sentence_vectors, stored_vectors  # noqa: E402
from storytrace.reuse.candidates import LSHIndex, MinHasher, lsh_params  # noqa: E402
from storytrace.reuse.text import Sentence, sentences, words  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "pan13" / "train"
FOLDERS = ("01-no-plagiarism", "02-no-obfuscation", "03-random-obfuscation")


def load(data: Path, max_docs: int) -> tuple[dict[str, str], list[tuple[str, str]], set[tuple[str, str]]]:
    pairs, positives = [], set()
    for folder in FOLDERS:
        for xml in sorted((data / folder).glob("*.xml")):
            susp = xml.stem.split("-source-")[0] + ".txt"
            src = "source-" + xml.stem.split("-source-")[1] + ".txt"
            pairs.append((susp, src))
            if 'name="plagiarism"' in xml.read_text(encoding="utf-8", errors="replace"):
                positives.add((susp, src))
    pairs.sort()
    docs: dict[str, str] = {}
    kept = []
    for susp, src in pairs:
        new = {susp, src} - docs.keys()
        if len(docs) + len(new) > max_docs:
            break
        for name in new:
            sub = "susp" if name.startswith("susp") else "src"
            docs[name] = (data / sub / name).read_text(encoding="utf-8", errors="replace")
        kept.append((susp, src))
    return docs, kept, positives & set(kept)


def run_storytrace(tokens: dict[str, list[str]], threshold: float, num_perm: int, size: int
                   ) -> tuple[dict[str, set[str]], float]:
    t0 = time.perf_counter()
    mh = MinHasher(num_perm)
    b, r = lsh_params(threshold, num_perm)
    index = LSHIndex(b, r)
    sigs = {name: mh.window_signatures(toks, size) for name, toks in tokens.items()}
    for name, sig in sigs.items():
        if name.startswith("source"):
            index.insert(name, sig)
    found = {name: index.query(sig) for name, sig in sigs.items() if name.startswith("susp")}
    return found, time.perf_counter() - t0


def _windows(tokens: dict[str, list[str]], size: int) -> list[tuple[str, list[str]]]:
    """The same windows as ``MinHasher.window_signatures``: tokens of shingles starting in [i*h, i*h+2h)."""
    h = size // 2
    out = []
    for name, toks in tokens.items():
        starts = range(0, max(1, len(toks) - 4), h)
        spans = [(s, s + 2 * h + 4) for s in starts][:-1] or [(0, len(toks))]
        out.extend((name, toks[a:b]) for a, b in spans)
    return out


def run_datasketch(tokens: dict[str, list[str]], threshold: float, num_perm: int, size: int
                   ) -> tuple[dict[str, set[str]], float]:
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    wins = _windows(tokens, size)
    # MinHash.bulk: datasketch's fastest path (permutations shared, update_batch per set).
    sigs = MinHash.bulk(
        ([" ".join(toks[i:i + 5]).encode("utf-8") for i in range(max(1, len(toks) - 4))]
         for _, toks in wins), num_perm=num_perm)
    for k, ((name, _), m) in enumerate(zip(wins, sigs, strict=True)):
        if name.startswith("source"):
            lsh.insert(f"{name}#{k}", m)
    found: dict[str, set[str]] = {}
    for (name, _), m in zip(wins, sigs, strict=True):
        if name.startswith("susp"):
            found.setdefault(name, set()).update(key.split("#")[0] for key in lsh.query(m))
    return found, time.perf_counter() - t0


def _prepared(text: str) -> tuple[list[Sentence], np.ndarray]:
    """Sentences and their vectors as the store keeps them (float16)."""
    ss = sentences(text)
    return ss, stored_vectors(sentence_vectors(text, ss))


def recall(found: dict[str, set[str]], positives: set[tuple[str, str]]) -> float:
    return sum(src in found.get(susp, set()) for susp, src in positives) / max(1, len(positives))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--docs", type=int, default=1200)
    ap.add_argument("--threshold", type=float, default=0.3, help="LSH Jaccard threshold")
    ap.add_argument("--window", type=int, default=50, help="words per window (stride: half)")
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--align", type=int, default=30, help="annotated pairs to align")
    args = ap.parse_args()
    docs, pairs, positives = load(args.data, args.docs)
    tokens = {name: words(text) for name, text in docs.items()}
    mine, t_mine = run_storytrace(tokens, args.threshold, args.num_perm, args.window)
    theirs, t_theirs = run_datasketch(tokens, args.threshold, args.num_perm, args.window)
    tracemalloc.start()
    run_storytrace(tokens, args.threshold, args.num_perm, args.window)
    peak_mine = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    run_datasketch(tokens, args.threshold, args.num_perm, args.window)
    peak_theirs = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    chosen = sorted(positives)[: args.align]
    t0 = time.perf_counter()
    n_passages = sum(len(align(docs[src], docs[susp])) for susp, src in chosen)
    t_align = time.perf_counter() - t0
    given = {name: _prepared(docs[name]) for name in sorted({n for p in chosen for n in p})}
    t0 = time.perf_counter()
    n_given = sum(len(align(docs[src], docs[susp], sents=(given[src][0], given[susp][0]),
                            vectors=(given[src][1], given[susp][1]))) for susp, src in chosen)
    t_given = time.perf_counter() - t0
    b, r = lsh_params(args.threshold, args.num_perm)
    out = {
        "benchmark": "reuse-speed",
        "data": str(args.data),
        "documents": len(docs), "pairs": len(pairs), "reuse_pairs": len(positives),
        "settings": {"num_perm": args.num_perm, "threshold": args.threshold, "bands": b, "rows": r,
                     "shingle": "word 5-grams",
                     "windows": f"{args.window} words, stride {args.window // 2}"},
        "storytrace": {"candidate_seconds": round(t_mine, 3), "candidate_recall": round(recall(mine, positives), 4),
                       "candidates": sum(map(len, mine.values())), "peak_mib": round(peak_mine / 2**20, 1),
                       "aligned_pairs_per_second": round(len(chosen) / max(t_align, 1e-9), 3),
                       "aligned_pairs_per_second_vectors_given": round(len(chosen) / max(t_given, 1e-9), 3),
                       "aligned_pairs": len(chosen), "passages": n_passages, "passages_vectors_given": n_given},
        "datasketch": {"candidate_seconds": round(t_theirs, 3),
                       "candidate_recall": round(recall(theirs, positives), 4),
                       "candidates": sum(map(len, theirs.values())), "peak_mib": round(peak_theirs / 2**20, 1)},
        "speedup_vs_datasketch": round(t_theirs / max(t_mine, 1e-9), 2),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
