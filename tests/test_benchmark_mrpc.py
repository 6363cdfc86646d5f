"""The TF-KLD peer in benchmarks/mrpc.py: its n-gram weights, on cases worked out by hand."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from conftest import load_benchmark

_mrpc = load_benchmark("mrpc")


def test_tfkld_weights_favour_what_paraphrases_share():
    # Four pairs (labels 1, 1, 0, 0), three n-grams (columns):
    # 0 is shared by both paraphrases and by neither non-paraphrase (it tells them apart);
    # 1 is shared by every pair (it tells nothing); 2 is in one sentence of every pair.
    shared = sparse.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 1, 0], [0, 1, 0]], dtype=float))
    either = sparse.csr_matrix(np.ones((4, 3)))
    y = np.array([1, 1, 0, 0])
    w = _mrpc._tfkld_weights(shared, either, y)
    assert w[0] > 0.3
    assert abs(w[1]) < 1e-9 and abs(w[2]) < 1e-9
    # The divergence grows with the evidence: a third telling pair raises the weight.
    shared3 = sparse.vstack([shared, sparse.csr_matrix([[1.0, 1.0, 0.0]])]).tocsr()
    w3 = _mrpc._tfkld_weights(shared3, sparse.csr_matrix(np.ones((5, 3))), np.array([1, 1, 0, 0, 1]))
    assert w3[0] > w[0]
