"""The parse cache: an article is parsed once per run even when the live tier overflows."""

from __future__ import annotations

from pathlib import Path

from storytrace.nlp import _DocCache, parse

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "ukraine-2022"


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8")[:3000] for p in sorted(EXAMPLES.glob("*.txt"))]


def _annotations(doc):  # type: ignore[no-untyped-def]
    return ([(t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_,
              t.is_sent_start, str(t.morph)) for t in doc],
            [(e.start_char, e.end_char, e.label_) for e in doc.ents],
            [(c.start, c.end) for c in doc.noun_chunks])


def test_parses_evicted_from_the_live_tier_come_back_from_bytes_unchanged() -> None:
    texts = _texts()
    cache = _DocCache(size=2)
    first = [_annotations(cache.get(t)) for t in texts]
    again = [_annotations(cache.get(t)) for t in texts]  # all but the last two were evicted
    assert cache.parses == len(texts)
    assert again == first
    assert first[0] == _annotations(parse(texts[0]))


def test_a_zero_budget_keeps_only_the_live_tier() -> None:
    texts = _texts()[:3]
    cache = _DocCache(size=1, budget_bytes=0)
    for t in texts + texts:
        cache.get(t)
    assert cache.parses == 6
    assert not cache.packed


def test_the_byte_tier_stays_within_its_budget() -> None:
    texts = _texts()
    cache = _DocCache(size=1, budget_bytes=40_000)
    for t in texts:
        cache.get(t)
    assert 0 < cache.packed_bytes <= 40_000
    assert len(cache.packed) < len(texts) - 1


def test_a_run_larger_than_the_live_tier_parses_each_text_once(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import storytrace.nlp as nlp
    from storytrace import analyze

    cache = nlp._DocCache(size=2)  # five articles: the live tier overflows in every analysis
    seen: list[str] = []
    get = cache.get

    def spy(text: str):  # type: ignore[no-untyped-def]
        seen.append(text)
        return get(text)

    monkeypatch.setattr(cache, "get", spy)
    monkeypatch.setattr(nlp, "_cache", cache)
    res = analyze([str(EXAMPLES)], tmp_path / "t.db", report=None)
    assert res.ok
    assert len(seen) > len(set(seen))  # several analyses asked for the same parses
    assert cache.parses == len(set(seen))
