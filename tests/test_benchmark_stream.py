"""benchmarks/stream.py's scoring: what counts as a right link, credit and flag."""

from __future__ import annotations

from conftest import load_benchmark


def _export() -> dict:
    arts = [{"id": i, "source": f"/s/{n}", "flags": f} for i, n, f in (
        ("p1", "pan-src-a.txt", []), ("p2", "pan-susp-b.txt", []), ("p3", "pan-susp-c.txt", []),
        ("e1", "ecb-1_1ecb.txt", []), ("e2", "ecb-1_2ecb.txt", [{"kind": "uncredited-reuse"}]),
        ("e3", "ecb-1_3ecb.txt", []), ("q1", "polnear-x.txt", []), ("q2", "polnear-y.txt", []))]
    link = lambda s, c, cr=False: {"source_id": s, "copy_id": c, "credited": cr}  # noqa: E731
    return {"articles": arts, "reuse": [link("p1", "p2"), link("p1", "p3"), link("e1", "e2"),
                                         link("e1", "e3", True), link("q1", "q2")]}


def test_stream_scores_links_against_gold_and_labels():
    stream = load_benchmark("stream")
    gold = {"pan13_pairs": [["pan-src-a.txt", "pan-susp-b.txt", "02"], ["pan-src-z.txt", "pan-susp-y.txt", "03"]]}
    labels = {frozenset(("ecb-1_1ecb.txt", "ecb-1_2ecb.txt")): {"reuse": True, "credited": False},
              frozenset(("ecb-1_1ecb.txt", "ecb-1_3ecb.txt")): {"reuse": False, "credited": False},
              frozenset(("ecb-1_2ecb.txt", "ecb-1_3ecb.txt")): {"reuse": True, "credited": False}}
    r = stream.score(_export(), gold, labels)
    assert r["pan13"] == {"links": 2, "gold_pairs": 2, "precision": 0.5, "recall": 0.5}
    assert r["ecb"]["precision"] == 0.5 and r["ecb"]["recall"] == 0.5 and r["ecb"]["unlabelled"] == []
    assert r["polnear"]["links"] == 1 and r["polnear"]["per_100"] == 50.0
    assert r["credited"]["judged"] == 2 and r["credited"]["right"] == 0.5
    assert r["uncredited_flag"] == {"flagged_judged": 1, "right": 1.0}
