"""Passage alignment: which stretches of text B were taken from text A, and how.

Three steps, after Sanchez-Perez, Sidorov & Gelbukh (PAN 2014), extended
with sentence embeddings for reworded copies:

1. Seeds: sentence pairs that are similar. Lexical seeds: tf-idf cosine and
   Dice overlap of the sentences' own words (words inside quotation marks
   are left out: shared quotations are not copying). Semantic seeds: MiniLM
   cosine plus the paraphrase decision of :mod:`.paraphrase`, for "spun"
   sentences that share few words.
2. Extension: seeds whose sentences lie close together on both sides are
   merged into one passage pair; a passage pair whose texts are not similar
   as a whole is split again with a smaller gap.
3. Filtering and labels: overlapping passages are resolved, short ones
   dropped, and each is labelled ``verbatim``, ``edited``, ``paraphrase`` or
   ``translated`` with a score.

All offsets are character offsets into the two texts as given.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import Match, SequenceMatcher

import numpy as np
from rapidfuzz import fuzz
from scipy import sparse

from .text import Sentence, prose, sentences, words

__all__ = ["AlignSettings", "Passage", "Seed", "align", "label_passage"]


@dataclass(frozen=True)
class AlignSettings:
    """Thresholds (the defaults are the ones every benchmark and the analysis use)."""

    seed_cosine: float = 0.30
    seed_dice: float = 0.33
    min_shared: int = 2  # content words two sentences must share to seed lexically
    semantic: bool = True
    quoted: bool = True  # sentences matching only with their quotations may join a passage
    semantic_prefilter: float = 0.12  # tf-idf cosine a pair needs before it is embedded
    semantic_cosine: float = 0.62  # MiniLM cosine before the paraphrase decision is asked
    paraphrase_prob: float = 0.5
    max_gap: int = 4  # sentences between seeds that still join one passage
    summary_gap: int = 24  # source-side gap when the copy condenses the source
    summary_ratio: float = 0.5  # copy/source length below which a passage counts as a summary
    summary_cover: float = 0.5  # a summary spanning this share of its source covers all of it
    summary_descents: int = 3  # a copy whose seeds go back in the source this often is pieced
    # together from scattered parts of it, not a summary (summaries keep the source's order)
    grow_cosine: float = 0.3  # tf-idf cosine that lets a neighbouring sentence join a passage
    grow_reach: int = 1  # how many sentences beyond a passage's end a match may lie
    min_similarity: float = 0.3  # tf-idf cosine of a whole passage pair
    min_chars: int = 150  # shorter passage pairs are dropped (unless seeded on both sides)
    lone_score: float = 0.45  # best seed a passage resting on a single sentence needs
    lone_shared: int = 10  # ... unless its sentences share this many content words (then
    # it stands whatever its length: a garbled copy of one long sentence or list)
    window: int = 3  # sentences per window for window seeds (1: none) ...
    window_cosine: float = 0.35  # ... the tf-idf cosine, Dice and shared content words
    window_dice: float = 0.3  # two windows need
    window_shared: int = 5
    window_pair_cosine: float = 0.2  # ... and what a sentence pair inside them needs to
    window_pair_shared: int = 3  # become a seed
    verbatim_seed: float = 0.95  # a seed this strong is a sentence copied word for word
    dominance: float = 0.75  # a seed scoring below this share of the best seed of either
    # of its sentences is dropped (a second, weaker match must not stretch a passage)
    # Trimming a copied passage to where the copy starts and ends (:func:`_trim`):
    core_run: int = 3  # words a run shared in order needs to count
    core_max_words: int = 4000  # longer passages are not matched in order (quadratic worst case)
    core_skew: int = 10  # words by which the two sides' gaps before an edge run may differ
    core_stray: int = 8  # an edge run this long is part of the copy, however far from the next
    core_moved: float = 0.3  # share of the words outside the core still shared that means a moved chunk
    core_moved_min: int = 3  # ... counted only where at least this many trigrams lie outside it
    core_verbatim: float = 0.9  # share of the words between the copy's ends that runs must cover


@dataclass(slots=True)
class Seed:
    a: int  # sentence index in text A
    b: int  # sentence index in text B
    score: float
    how: str  # "lexical", "semantic", "window" (:func:`window_seeds`) or "quoted" (:func:`_quoted_seeds`)
    shared: int = 0  # content words the two sentences share (lexical seeds)


@dataclass(slots=True)
class Passage:
    """An aligned passage pair: ``a_text[a_start:a_end]`` ~ ``b_text[b_start:b_end]``."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    kind: str = "edited"
    score: float = 0.0
    seeds: list[Seed] = field(default_factory=list)
    similarity: float = 0.0

    def to_dict(self) -> dict[str, object]:
        return {"a_start": self.a_start, "a_end": self.a_end, "b_start": self.b_start,
                "b_end": self.b_end, "kind": self.kind, "score": round(self.score, 3),
                "seeds": len(self.seeds)}


# -- seeding -----------------------------------------------------------------------

def _counts(sa: Sequence[Sentence], sb: Sequence[Sentence], prose: bool) -> sparse.csr_matrix:
    """Word counts, a row per sentence of ``sa`` then of ``sb``, over the words they use
    (columns in :func:`~.text.term_id` order)."""
    parts = [s.terms(prose) for s in (*sa, *sb)]
    ids = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
    counts = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0)
    indptr = np.zeros(len(parts) + 1, np.int64)
    np.cumsum([len(p[0]) for p in parts], out=indptr[1:])
    vocab, cols = np.unique(ids, return_inverse=True)
    return sparse.csr_matrix((counts, cols.ravel(), indptr), shape=(len(parts), max(1, len(vocab))))


def _rows(m: sparse.csr_matrix, data: np.ndarray, lo: int, hi: int) -> sparse.csr_matrix:
    """Rows ``lo:hi`` of ``m`` with ``data`` for its values (no copy of the index arrays)."""
    p = m.indptr[lo:hi + 1]
    return sparse.csr_matrix((data[p[0]:p[-1]], m.indices[p[0]:p[-1]], p - p[0]),
                             shape=(hi - lo, m.shape[1]))


#: A pair of texts' sentences as matrix rows: tf-idf rows of one side and of the other,
#: then their binary rows (:func:`_tfidf`).
_SentenceRows = tuple[sparse.csr_matrix, sparse.csr_matrix, sparse.csr_matrix, sparse.csr_matrix]


def _tfidf(m: sparse.csr_matrix, k: int) -> _SentenceRows:
    """tf-idf rows of unit length (idf over all rows of ``m``) and binary rows, from counts;
    the first ``k`` rows are one side, the rest the other."""
    n = m.shape[0]
    df = np.bincount(m.indices, minlength=m.shape[1])
    idf = np.log((n + 1) / (df + 0.5))
    rows = np.repeat(np.arange(n), np.diff(m.indptr))
    data = (1.0 + np.log(m.data)) * idf[m.indices]
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=n))
    data = data * (1.0 / np.maximum(norms, 1e-12))[rows]
    ones = np.ones_like(data)
    return _rows(m, data, 0, k), _rows(m, data, k, n), _rows(m, ones, 0, k), _rows(m, ones, k, n)


def _vectors(sa: Sequence[Sentence], sb: Sequence[Sentence], prose: bool) -> _SentenceRows:
    """tf-idf rows (idf over the sentences of both texts) and binary rows."""
    return _tfidf(_counts(sa, sb, prose), len(sa))


def _similarities(sa: Sequence[Sentence], sb: Sequence[Sentence], prose: bool = True
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """tf-idf cosine, Dice and shared-word count for every sentence pair."""
    return _pair_similarities(*_vectors(sa, sb, prose))


def _pair_similarities(ta: sparse.csr_matrix, tb: sparse.csr_matrix, ba: sparse.csr_matrix,
                       bb: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    cos = (ta @ tb.T).toarray()
    inter = (ba @ bb.T).toarray()
    la = np.diff(ba.indptr)
    lb = np.diff(bb.indptr)
    dice = 2 * inter / np.maximum(la[:, None] + lb[None, :], 1)
    return cos, dice, inter


def _window_sums(na: int, nb: int, w: int) -> sparse.csr_matrix:
    """A 0/1 matrix that adds up the rows of each run of ``w`` sentences of one side, ``na``
    rows of one then ``nb`` of the other (a side with fewer sentences is one shorter run)."""
    runs = [np.arange(off + i, off + min(i + w, n))
            for n, off in ((na, 0), (nb, na)) for i in range(max(1, n - w + 1))]
    indptr = np.concatenate([[0], np.cumsum([len(r) for r in runs])])
    return sparse.csr_matrix((np.ones(int(indptr[-1])), np.concatenate(runs), indptr),
                             shape=(len(runs), na + nb))


def lexical_seeds(cos: np.ndarray, dice: np.ndarray, inter: np.ndarray, st: AlignSettings
                  ) -> list[Seed]:
    ok = (cos >= st.seed_cosine) & (dice >= st.seed_dice) & (inter >= st.min_shared)
    return [Seed(int(i), int(j), float(cos[i, j]), "lexical", int(inter[i, j]))
            for i, j in zip(*np.nonzero(ok), strict=True)]


def semantic_seeds(a: str, b: str, sa: Sequence[Sentence], sb: Sequence[Sentence],
                   st: AlignSettings, lexical_cos: np.ndarray, taken: set[tuple[int, int]],
                   vectors: tuple[np.ndarray, np.ndarray] | None = None) -> list[Seed]:
    """Reworded sentence pairs: MiniLM cosine, then the paraphrase decision.

    Only sentence pairs that share some words (tf-idf cosine >= ``semantic_prefilter``)
    are embedded and judged: reworded copies keep names and key terms, and the
    embeddings are the costly part.
    """
    from .paraphrase import probabilities

    ok = [(i, j) for i, j in zip(*np.nonzero(lexical_cos >= st.semantic_prefilter), strict=True)
          if (int(i), int(j)) not in taken
          and sa[i].quoted_share < 0.5 and sb[j].quoted_share < 0.5
          and len(sa[i].prose) >= 3 and len(sb[j].prose) >= 3]
    if not ok:
        return []
    ia = sorted({int(i) for i, _ in ok})
    ib = sorted({int(j) for _, j in ok})
    if vectors is None:
        from ..embeddings import embed

        va = dict(zip(ia, embed([a[sa[i].start:sa[i].end] for i in ia]), strict=True))
        vb = dict(zip(ib, embed([b[sb[j].start:sb[j].end] for j in ib]), strict=True))
    else:
        va = {i: vectors[0][i] for i in ia}
        vb = {j: vectors[1][j] for j in ib}
    cand = []
    for i, j in ok:
        c = float(va[int(i)] @ vb[int(j)])
        if c >= st.semantic_cosine:
            cand.append((int(i), int(j), c))
    if not cand:
        return []
    texts = [(a[sa[i].start:sa[i].end], b[sb[j].start:sb[j].end]) for i, j, _ in cand]
    probs = probabilities(texts, [c for _, _, c in cand])
    return [Seed(i, j, float(p), "semantic")
            for (i, j, _), p in zip(cand, probs, strict=True) if p >= st.paraphrase_prob]


def window_seeds(sa: Sequence[Sentence], sb: Sequence[Sentence], st: AlignSettings, cos: np.ndarray,
                 inter: np.ndarray, seeds: Sequence[Seed], counts: sparse.csr_matrix | None = None
                 ) -> list[Seed]:
    """Seeds from runs of ``window`` sentences that match as a whole where no sentence does.

    Random edits move words across sentence boundaries and split or join sentences,
    so no single sentence pair reaches the seed thresholds while the stretch of
    three sentences around them still shares most of its words. Each sentence of
    such a copy-side window, not yet seeded, is paired with its most similar
    sentence in the source-side window (``how="window"``, score: the windows'
    cosine) when that pair shares something itself (``window_pair_cosine``,
    ``window_pair_shared``): a window must not lend its score to a sentence that
    only sits beside the match. ``counts`` are the pair's prose word counts
    (:func:`_counts`) when the caller has them already.
    """
    w = st.window
    if len(sa) < 2 or len(sb) < 2:
        return []
    if counts is None:
        counts = _counts(sa, sb, prose=True)
    windows = (_window_sums(len(sa), len(sb), w) @ counts).tocsr()
    wcos, wdice, winter = _pair_similarities(*_tfidf(windows, max(1, len(sa) - w + 1)))
    ok = (wcos >= st.window_cosine) & (wdice >= st.window_dice) & (winter >= st.window_shared)
    seeded_b = {s.b for s in seeds}
    out: dict[tuple[int, int], Seed] = {}
    for i, j in zip(*np.nonzero(ok), strict=True):
        ra = range(int(i), min(int(i) + w, len(sa)))
        rb = range(int(j), min(int(j) + w, len(sb)))
        for k in rb:
            if k in seeded_b:
                continue
            best = max(ra, key=lambda x: cos[x, k])
            if inter[best, k] < st.window_pair_shared or cos[best, k] < st.window_pair_cosine:
                continue
            key = (best, k)
            score = float(wcos[i, j])
            if key not in out or out[key].score < score:
                out[key] = Seed(best, k, score, "window", int(inter[best, k]))
    return list(out.values())


def _quoted_seeds(sa: Sequence[Sentence], sb: Sequence[Sentence], st: AlignSettings,
                  seeds: Sequence[Seed], full: _SentenceRows) -> list[Seed]:
    """Sentence pairs that match only with their quotations counted (``how="quoted"``).

    A copied paragraph carries its quotations along; these seeds let a passage
    found from the prose around them (two or more sentences matched on both sides)
    take in the quoted sentences (:func:`_attach`), but they never make, join up or
    lengthen a single-sentence match on their own (two reports quoting the
    same statement are not copying) and do not count among a passage's seeds.
    Sentences a prose seed already matches are left out. ``full`` is
    :func:`_vectors` of the whole sentences (quotations counted), which
    :func:`align` has built already.
    """
    if not any(s.quoted_share > 0 for s in (*sa, *sb)):
        return []
    cos, dice, inter = _pair_similarities(*full)
    seeded_a, seeded_b = {s.a for s in seeds}, {s.b for s in seeds}
    return [Seed(s.a, s.b, s.score, "quoted") for s in lexical_seeds(cos, dice, inter, st)
            if s.a not in seeded_a and s.b not in seeded_b
            and (sa[s.a].quoted_share > 0 or sb[s.b].quoted_share > 0)]


def _carries_quotes(c: list[Seed], st: AlignSettings) -> bool:
    """Whether the passage of cluster ``c`` takes in the quoted sentences beside it:
    when it matches two or more sentences on both sides, or one sentence copied
    word for word (a seed of ``verbatim_seed`` with ``lone_shared`` content words in
    common). Two reports quoting one statement share the quotation, not their prose."""
    if min(len({s.a for s in c}), len({s.b for s in c})) >= 2:
        return True
    return any(s.score >= st.verbatim_seed and s.shared >= st.lone_shared for s in c)


def _attach(c: list[Seed], quoted: list[Seed], gap: int) -> list[Seed]:
    """Add the quoted seeds lying within ``gap`` sentences of the cluster on both sides
    (repeatedly: one attached seed may bring the next within reach)."""
    c = list(c)
    rest = list(quoted)
    changed = True
    while changed and rest:
        changed = False
        a0, a1 = min(s.a for s in c), max(s.a for s in c)
        b0, b1 = min(s.b for s in c), max(s.b for s in c)
        for q in rest:
            if a0 - gap - 1 <= q.a <= a1 + gap + 1 and b0 - gap - 1 <= q.b <= b1 + gap + 1:
                c.append(q)
                rest.remove(q)
                changed = True
                break
    return c


def _dominant(seeds: list[Seed], share: float) -> list[Seed]:
    """Drop seeds much weaker than the best seed of their source or copy sentence.

    A sentence copied word for word (score 1.0) often also matches a neighbour of
    its counterpart weakly (0.35: a shared name); that second match says nothing
    and would stretch the passage by several sentences.
    """
    if share <= 0 or len(seeds) < 2:
        return seeds
    best_a: dict[int, float] = {}
    best_b: dict[int, float] = {}
    for s in seeds:
        best_a[s.a] = max(best_a.get(s.a, 0.0), s.score)
        best_b[s.b] = max(best_b.get(s.b, 0.0), s.score)
    return [s for s in seeds if s.score >= share * max(best_a[s.a], best_b[s.b])]


# -- extension -------------------------------------------------------------------------

def _split(seeds: list[Seed], key: str, gap: int) -> list[list[Seed]]:
    seeds = sorted(seeds, key=lambda s: getattr(s, key))
    groups: list[list[Seed]] = [[seeds[0]]]
    for s in seeds[1:]:
        if getattr(s, key) - getattr(groups[-1][-1], key) > gap:
            groups.append([s])
        else:
            groups[-1].append(s)
    return groups


def _cluster(seeds: list[Seed], gap_b: int, gap_a: int) -> list[list[Seed]]:
    """Alternately split by B-side and A-side gaps until nothing changes."""
    clusters = [seeds]
    while True:
        out: list[list[Seed]] = []
        for c in clusters:
            for g in _split(c, "b", gap_b):
                out.extend(_split(g, "a", gap_a))
        if len(out) == len(clusters):
            return out
        clusters = out


def _copied(p: Passage) -> bool:
    """Verbatim, or edited so little that only the outer sentences' cut differs."""
    return p.kind == "verbatim" or (p.kind == "edited" and p.score >= 0.95)


def _mostly_copied(summary: Passage, passages: Sequence[Passage]) -> bool:
    """True when copied passages (:func:`_copied`) already cover most of ``summary``'s
    copy side.

    (A condensed copy is never verbatim; a verbatim copy plus a stray match far
    away in the source would otherwise pass for a summary of everything between.)
    """
    copied = sum(max(0, min(p.b_end, summary.b_end) - max(p.b_start, summary.b_start))
                 for p in passages if _copied(p))
    return copied >= 0.7 * (summary.b_end - summary.b_start)


def _merge_by_b(clusters: list[list[Seed]], gap: int, gap_a: int, stray: int) -> list[list[Seed]]:
    """Join clusters whose copy-side sentences are within ``gap`` of each other.

    A lone semantic seed joins only when its source sentence is within ``gap_a``
    of the cluster's; stray seeds are dropped (:func:`_drop_strays`)."""
    clusters = sorted(clusters, key=lambda c: min(s.b for s in c))
    out: list[list[Seed]] = []
    for c in clusters:
        if out and min(s.b for s in c) - max(s.b for s in out[-1]) <= gap and (
                not any(len(x) == 1 and x[0].how == "semantic" for x in (c, out[-1]))
                or max(min(s.a for s in c) - max(s.a for s in out[-1]),
                       min(s.a for s in out[-1]) - max(s.a for s in c)) <= gap_a):
            out[-1] = out[-1] + c
        else:
            out.append(list(c))
    return [_drop_strays(c, stray) for c in out]


def _drop_strays(c: list[Seed], gap: int) -> list[Seed]:
    """Drop seeds at either end of the source side that lie far (> ``gap`` sentences)
    from all the others while their copy sentence is matched by another seed too:
    a second, weaker match of an already aligned sentence must not stretch the
    source span of a condensed passage."""
    changed = True
    while changed and len(c) > 2:
        changed = False
        c = sorted(c, key=lambda s: s.a)
        for edge, nxt in ((0, 1), (-1, -2)):
            s, t = c[edge], c[nxt]
            if abs(s.a - t.a) > gap and sum(x.b == s.b for x in c) > 1:
                c = [x for x in c if x is not s]
                changed = True
                break
    return c


def _grow(ra: list[int], rb: list[int], cos: np.ndarray, threshold: float, reach: int = 1) -> None:
    """Take in neighbouring sentences that still match something nearby on the other side.

    Seeds need strong similarity; the first and last sentences of a heavily
    edited copy often fall just short, so a passage grows one sentence at a
    time while the next sentence matches (more weakly) near the other side's end.
    """
    na, nb = cos.shape
    changed = True
    while changed:
        changed = False
        for side, step in (("b", -1), ("b", 1), ("a", -1), ("a", 1)):
            r, other = (rb, ra) if side == "b" else (ra, rb)
            n_self, n_other = (nb, na) if side == "b" else (na, nb)
            lo, hi = max(0, other[0] - 1), min(n_other - 1, other[1] + 1)
            for d in range(1, reach + 1):
                k = r[0] - d if step < 0 else r[1] + d
                if not 0 <= k < n_self:
                    break
                row = cos[lo:hi + 1, k] if side == "b" else cos[k, lo:hi + 1]
                if row.size and float(row.max()) >= threshold:
                    r[0 if step < 0 else 1] = k
                    j = lo + int(row.argmax())
                    other[0], other[1] = min(other[0], j), max(other[1], j)
                    changed = True
                    break


def _span(sents: Sequence[Sentence], idx: Sequence[int]) -> tuple[int, int]:
    return sents[min(idx)].start, sents[max(idx)].end


def _passage_similarity(ta: sparse.csr_matrix, tb: sparse.csr_matrix, c: list[Seed]) -> float:
    ra = range(min(s.a for s in c), max(s.a for s in c) + 1)
    rb = range(min(s.b for s in c), max(s.b for s in c) + 1)
    va = np.asarray(ta[list(ra)].sum(axis=0)).ravel()
    vb = np.asarray(tb[list(rb)].sum(axis=0)).ravel()
    d = float(np.linalg.norm(va) * np.linalg.norm(vb))
    return float(va @ vb) / d if d else 0.0


def _extend(seeds: list[Seed], ta: sparse.csr_matrix, tb: sparse.csr_matrix, gap_b: int,
            gap_a: int, st: AlignSettings) -> list[list[Seed]]:
    """Clusters of seeds whose passages are similar as a whole (smaller gaps otherwise)."""
    out = []
    for c in _cluster(seeds, gap_b, gap_a):
        kept = _off_diagonal_repeats(c, max(gap_a, gap_b))
        if len(kept) < len(c):
            out.extend(_extend(kept, ta, tb, gap_b, gap_a, st))
            continue
        semantic = sum(s.how == "semantic" for s in c) >= len(c) / 2
        if semantic or _passage_similarity(ta, tb, c) >= st.min_similarity or len(c) == 1:
            out.append(c)
        elif gap_b > 0 or gap_a > 0:
            out.extend(_extend(c, ta, tb, max(0, gap_b - 1), max(0, gap_a - 1), st))
        else:
            out.append(c)
    return out


def _off_diagonal_repeats(c: list[Seed], reach: int) -> list[Seed]:
    """Drop the seeds of a sentence matched again far off the cluster's diagonal.

    A sentence repeated in the source ("Click \"Save\" and you're done!" in three
    places of a help page) matches its copy as well at each place; only the match in
    line with the rest of the passage (the median source-minus-copy offset, give or take
    ``reach`` sentences, the gap that joins seeds) is the copy's, the others would
    stretch the passage to the repeats. Sentences matched once are kept wherever
    they lie, and so are a sentence's matches near the diagonal (a sentence split
    or merged by the copy).
    """
    if len(c) < 3:
        return c
    offsets = sorted(s.a - s.b for s in c)
    mid = offsets[len(offsets) // 2]
    near = {(s.a, s.b) for s in c if abs(s.a - s.b - mid) <= reach}
    on_a = {a for a, _ in near}
    on_b = {b for _, b in near}
    return [s for s in c if (s.a, s.b) in near or (s.a not in on_a and s.b not in on_b)]


# -- labels ------------------------------------------------------------------------------

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


Trigram = tuple[str, str, str]


def _trigrams(ws: Sequence[str]) -> list[Trigram]:
    """Word trigrams, in order."""
    return list(zip(ws, ws[1:], ws[2:], strict=False))


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.translate(_FOLD)).strip().lower()


def label_passage(a: str, b: str, seeds: Sequence[Seed] = (), translated: bool = False
                  ) -> tuple[str, float]:
    """``(kind, score)`` for passage texts ``a`` ~ ``b``.

    verbatim: the same characters (>= 98% by edit ratio) or the same words in the same
    order (tokenised copies differ only in spacing: "06: 00", "anti - piracy"); edited: most word
    trigrams kept; paraphrase: reworded (the score is then the mean seed
    score); translated: the two articles are in different languages.
    """
    na, nb = _norm(a), _norm(b)
    ratio = fuzz.ratio(na, nb) / 100.0
    wa, wb = words(na), words(nb)
    ga, gb = set(_trigrams(wa)), set(_trigrams(wb))
    kept = len(ga & gb) / max(1, min(len(ga), len(gb)))
    seed_score = float(np.mean([s.score for s in seeds])) if seeds else 0.0
    if translated:
        return "translated", seed_score
    if ratio >= 0.98 or (wa and wa == wb):  # the same words: spacing and punctuation aside
        return "verbatim", max(ratio, 0.98)
    if kept >= 0.5:
        return "edited", max(kept, ratio)
    return "paraphrase", max(seed_score, kept)


# -- the whole step ----------------------------------------------------------------------

def align(a: str, b: str, settings: AlignSettings | None = None, *, translated: bool = False,
          sents: tuple[list[Sentence], list[Sentence]] | None = None,
          vectors: tuple[np.ndarray, np.ndarray] | None = None) -> list[Passage]:
    """The maximal aligned passages between texts ``a`` (the possible source) and ``b``.

    ``sents`` and ``vectors`` (sentence embeddings in the same order) may be
    given when the caller already has them (the analysis stores them).
    """
    st = settings or AlignSettings()
    sa, sb = sents if sents is not None else (sentences(a), sentences(b))
    if not sa or not sb:
        return []
    counts = _counts(sa, sb, prose=True)
    cos, dice, inter = _pair_similarities(*_tfidf(counts, len(sa)))
    seeds = lexical_seeds(cos, dice, inter, st)
    if st.semantic:
        seeds += semantic_seeds(a, b, sa, sb, st, cos, {(s.a, s.b) for s in seeds}, vectors)
    if st.window > 1:
        seeds += window_seeds(sa, sb, st, cos, inter, seeds, counts)
    if not seeds:
        return []
    seeds = _dominant(seeds, st.dominance)
    full = _vectors(sa, sb, prose=False)
    ta, tb = full[0], full[1]
    clusters = _extend(seeds, ta, tb, st.max_gap, st.max_gap, st)
    if st.quoted:
        quoted = _quoted_seeds(sa, sb, st, seeds, full)
        clusters = [_attach(c, quoted, st.max_gap) if _carries_quotes(c, st) else c for c in clusters]

    def build(c: list[Seed], grow: bool) -> Passage:
        ra = [min(s.a for s in c), max(s.a for s in c)]
        rb = [min(s.b for s in c), max(s.b for s in c)]
        if grow:
            _grow(ra, rb, cos, st.grow_cosine, st.grow_reach)
        a0, a1 = sa[ra[0]].start, sa[ra[1]].end
        b0, b1 = sb[rb[0]].start, sb[rb[1]].end
        own = [s for s in c if s.how != "quoted"]
        p = Passage(a0, a1, b0, b1, seeds=sorted(own, key=lambda s: (s.b, s.a)),
                    similarity=_passage_similarity(ta, tb, c))
        p.kind, p.score = label_passage(_prose(a, a0, a1), _prose(b, b0, b1), own, translated)
        if p.kind in ("verbatim", "edited"):
            _trim(p, a, b, sa, sb, st)
        return p

    passages = [build(c, grow=True) for c in clusters]
    # A copy that condenses its source (the copy's seeds span much less text than the
    # source's, in the source's order): let the source side spread further, one passage
    # per condensed stretch of the copy. A stretch that turns out copied (nearly) verbatim
    # keeps its ordinary passage. Several stretches taken from all over the source in
    # another order are separate copies, not a summary.
    if not seeds:
        return []
    la = sa[max(s.a for s in seeds)].end - sa[min(s.a for s in seeds)].start
    lb = sb[max(s.b for s in seeds)].end - sb[min(s.b for s in seeds)].start
    if lb < st.summary_ratio * la and _descents(seeds) < st.summary_descents:
        merged = _merge_by_b(_extend(seeds, ta, tb, st.max_gap, st.summary_gap, st), 2 * st.max_gap,
                             st.summary_gap, st.max_gap)
        summaries = [q for q in (build(c, grow=False) for c in merged)
                     if not _mostly_copied(q, passages)]
        passages = [p for p in passages if _copied(p)
                    and not any(p.b_start < q.b_end and q.b_start < p.b_end for q in summaries)]
        for q in summaries:
            _cover_source(q, sa, st)
        passages += summaries
    return _filter(passages, st)


def _descents(seeds: Sequence[Seed]) -> int:
    """How often the source goes back, reading the seeds in the copy's order."""
    order = sorted(seeds, key=lambda x: (x.b, x.a))
    return sum(y.a < x.a for x, y in itertools.pairwise(order))


def _cover_source(q: Passage, sa: Sequence[Sentence], st: AlignSettings) -> None:
    """A condensed passage whose source side already spans most of the source
    (``summary_cover``) summarises all of it: its source side becomes the whole text.

    A summary condenses its source from the lead to the end; the first and last
    sentences are condensed into the summary as well, though rarely matched by a
    seed of their own.
    """
    whole = sa[-1].end - sa[0].start
    if st.summary_cover <= 1 and q.a_end - q.a_start >= st.summary_cover * whole \
            and q.b_end - q.b_start < st.summary_ratio * whole:
        q.a_start, q.a_end = sa[0].start, sa[-1].end


_TOKEN = re.compile(r"\w+")


def _trim(p: Passage, a: str, b: str, sa: Sequence[Sentence], sb: Sequence[Sentence],
          st: AlignSettings) -> None:
    """Cut a copied passage's first and last sentence to where the copy starts and ends.

    Passages are built from whole sentences, but a copy often starts or ends
    mid-sentence; trimming keeps the offsets to what was actually taken.

    * A word-for-word copy (:func:`_verbatim_core`: runs of words shared *in order*
      covering nearly all of it) ends where its first and last run end, and outer
      sentences without a run go entirely: a phrase that merely recurs (a list's
      "2nd Year Member") or a neighbour that joined by topic does not stretch it.
    * Any other copy is cut at its first and last word trigram found on both
      sides, in any order (random edits move chunks around), and only within
      its outer sentences: inner ones may be reworded.
    """
    ta = [(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(a, p.a_start, p.a_end)]
    tb = [(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(b, p.b_start, p.b_end)]
    wa, wb = [t[2] for t in ta], [t[2] for t in tb]
    ga, gb = _trigrams(wa), _trigrams(wb)
    core = _verbatim_core(wa, wb, ga, gb, st)
    whole = core is not None
    core = core or _trigram_core(ga, gb)
    if core is None:
        return
    for toks, (first, last), sents, side in ((ta, core[0], sa, "a"), (tb, core[1], sb, "b")):
        lo, hi = (p.a_start, p.a_end) if side == "a" else (p.b_start, p.b_end)
        first_end = next((s.end for s in sents if s.end > lo), hi)
        last_start = next((s.start for s in reversed(sents) if s.start < hi), lo)
        start, end = toks[first][0], toks[last][1]
        new_lo = start if start < first_end or whole else lo
        new_hi = end if end > last_start or whole else hi
        text = a if side == "a" else b
        if side == "a":
            p.a_start, p.a_end = new_lo, _close_punct(text, new_hi, hi)
        else:
            p.b_start, p.b_end = new_lo, _close_punct(text, new_hi, hi)


#: first and last token of the copy in text a, the same in text b
Core = tuple[tuple[int, int], tuple[int, int]]


def _verbatim_core(wa: list[str], wb: list[str], ga: list[Trigram], gb: list[Trigram],
                   st: AlignSettings) -> Core | None:
    """Where a word-for-word copy starts and ends: the first and last of the runs of
    words the two sides share in order, when they hold at least half the shorter
    side and ``core_verbatim`` of the words between them; else ``None``.
    ``ga``/``gb`` are the two sides' word trigrams (:func:`_trigrams`).

    The runs come from :class:`difflib.SequenceMatcher` (longest run first, then
    the runs on either side of it, so they never cross). A short run at either
    edge whose distance to the next differs much between the sides (by more than
    ``core_skew`` words plus the shorter gap) is a phrase recurring before or after
    the copy and is dropped.
    """
    if len(wa) > st.core_max_words or len(wb) > st.core_max_words:
        return None
    runs = [m for m in SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks()
            if m.size >= st.core_run]
    if not runs:
        return None

    def skewed(x: Match, y: Match) -> bool:
        da, db = y.a - (x.a + x.size), y.b - (x.b + x.size)
        return abs(da - db) > st.core_skew + min(da, db)

    while len(runs) > 1 and runs[0].size < st.core_stray and skewed(runs[0], runs[1]):
        runs = runs[1:]
    while len(runs) > 1 and runs[-1].size < st.core_stray and skewed(runs[-2], runs[-1]):
        runs = runs[:-1]
    first, last = runs[0], runs[-1]
    held = sum(m.size for m in runs)
    span = max(last.a + last.size - first.a, last.b + last.size - first.b)
    if held < 0.5 * min(len(wa), len(wb)) or held < st.core_verbatim * span:
        return None
    core = (first.a, last.a + last.size - 1), (first.b, last.b + last.size - 1)
    return None if _moved_outside(ga, gb, core, st) else core


def _moved_outside(ga: list[Trigram], gb: list[Trigram], core: Core, st: AlignSettings) -> bool:
    """True when the text outside the in-order core on one side shares many word
    trigrams (over ``core_moved`` of its words) with the text outside it on the other:
    a chunk of the copy moved elsewhere (random edits reorder), not a stray phrase
    or a sentence the source repeats inside the copied part."""
    def outside(g: list[Trigram], first: int, last: int) -> list[Trigram]:
        return [x for i, x in enumerate(g) if i + 2 < first or i > last]

    oa, ob = outside(ga, *core[0]), outside(gb, *core[1])
    common = set(oa) & set(ob)
    return any(len(o) >= st.core_moved_min and sum(g in common for g in o) > st.core_moved * len(o)
               for o in (oa, ob))


def _trigram_core(ga: list[Trigram], gb: list[Trigram]) -> Core | None:
    """First and last word trigram found on both sides, in any order (``None`` when
    fewer than three trigrams are shared); ``ga``/``gb`` as :func:`_trigrams` gives them."""
    common = set(ga) & set(gb)
    if len(common) < 3:
        return None
    ha = [i for i, g in enumerate(ga) if g in common]
    hb = [i for i, g in enumerate(gb) if g in common]
    return (ha[0], ha[-1] + 2), (hb[0], hb[-1] + 2)


def _close_punct(text: str, end: int, limit: int) -> int:
    """Keep the punctuation that closes the last word (a full stop, a closing quote)."""
    while end < limit and text[end] in ".,;:!?’”\"')]":
        end += 1
    return end


def _prose(text: str, start: int, end: int) -> str:
    """The passage without its quotations (when it has prose of its own)."""
    own = prose(text[start:end])
    return own if len(own.split()) >= 8 else text[start:end]


def _filter(passages: list[Passage], st: AlignSettings) -> list[Passage]:
    """Drop passages too weak to stand (:func:`_valid`), then resolve passages
    overlapping on either side (keep the better)."""
    passages = [p for p in passages if _valid(p, st)]
    passages.sort(key=lambda p: (-(len(p.seeds) + p.score), p.b_start))
    kept: list[Passage] = []
    for p in passages:
        if any(p.b_start < q.b_end and q.b_start < p.b_end for q in kept):
            continue
        if any(p.a_start < q.a_end and q.a_start < p.a_end for q in kept):
            continue
        kept.append(p)
    return sorted(kept, key=lambda p: p.b_start)


def _valid(p: Passage, st: AlignSettings) -> bool:
    """A passage resting on one sentence of either text needs a seed clearly above the
    seed thresholds (``lone_score``): one sentence that shares a name and two words
    with another is no copy. A passage shorter than ``min_chars`` on either side
    needs two seeded sentences on both. A lone seed whose sentences share
    ``lone_shared`` content words stands anyway: heavy random edits or a list read
    as one sentence keep the cosine low, not the count of shared words."""
    lone = min(len({s.a for s in p.seeds}), len({s.b for s in p.seeds})) < 2
    if lone and max((s.shared for s in p.seeds), default=0) >= st.lone_shared:
        return True
    if lone and max((s.score for s in p.seeds), default=0.0) < st.lone_score:
        return False
    return not (lone and min(p.a_end - p.a_start, p.b_end - p.b_start) < st.min_chars)

