"""The PolNeAR benchmark's loader and scoring, on a tiny corpus written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import load_benchmark


@pytest.fixture(scope="module")
def bench():  # type: ignore[no-untyped-def]
    return load_benchmark("quotes")


TEXT = ('"We will win," the mayor said. "The vote is ours."\n\n'
        "The governor said that the budget was balanced.\n")


def _corpus(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc1.txt").write_text(TEXT, encoding="utf-8")
    a = TEXT.index('"We will win,"')
    b = a + len('"We will win,"')
    c = TEXT.index('"The vote is ours."')
    d = c + len('"The vote is ours."')
    src = TEXT.index("the mayor")
    gov = TEXT.index("The governor")
    cont = TEXT.index("that the budget")
    n = len("that the budget was balanced")
    ann = [
        f"T1\tSource {src} {src + 9}\tthe mayor",
        f"T2\tContent {a} {b};{c} {d}\t{TEXT[a:b]} {TEXT[c:d]}",
        "E1\tAttribution:T9 Content:T2 Source:T1",
        f"T3\tSource {gov} {gov + 12}\tThe governor",
        f"T4\tContent {cont} {cont + n}\t{TEXT[cont:cont + n]}",
        "E2\tAttribution:T8 Content:T4 Source:T3",
    ]
    (tmp_path / "attributions" / "doc1_zz.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    (tmp_path / "attributions" / "doc1_aa.ann").write_text("", encoding="utf-8")  # first annotator wins
    return tmp_path


def test_loader_reads_discontinuous_contents_and_the_first_annotator(bench, tmp_path: Path) -> None:
    items = bench.load(_corpus(tmp_path))
    assert [(n, len(g)) for n, _, g in items] == [("doc1", 0)]   # doc1_aa sorts first and is empty


def test_storytrace_scores_full_marks_on_a_clean_article(bench, tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    (root / "attributions" / "doc1_aa.ann").unlink()
    out = bench.main(["--data", str(root), "--no-peer"])
    st = out["storytrace"]
    assert out["gold_attributions"] == 2
    assert st["all"]["f1"] == 1.0 and st["all"]["exact_f1"] == 1.0
    assert st["all"]["speaker_correct"] == 1.0
    assert st["direct"]["gold"] == 1 and st["direct"]["f1"] == 1.0
    assert out["speed_ratio_storytrace_vs_spacy_parse"] > 0


def test_exact_match_reads_a_contents_pieces_in_text_order(bench, tmp_path: Path) -> None:
    # brat keeps a discontinuous span's fragments in the order they were selected
    root = _corpus(tmp_path)
    (root / "attributions" / "doc1_aa.ann").unlink()
    ann = root / "attributions" / "doc1_zz.ann"
    lines = ann.read_text(encoding="utf-8").splitlines()
    tag, kind, words = lines[1].split("\t")
    first, second = kind.split(" ", 1)[1].split(";")
    lines[1] = "\t".join([tag, f"Content {second};{first}", words])
    ann.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = bench.load(root)
    (gold,) = [g for g in items[0][2] if len(g.content) == 2]
    assert gold.content == sorted(gold.content) and gold.text.startswith('"We will win,"')
    out = bench.main(["--data", str(root), "--no-peer"])
    assert out["storytrace"]["all"]["exact_f1"] == 1.0


def test_overlap_matching_is_one_to_one_and_needs_half_the_longer(bench) -> None:
    A = bench.Attribution
    gold = [A([(0, 100)], None, "x"), A([(200, 240)], None, "y")]
    pred = [A([(0, 90)], None, "x"), A([(0, 60)], None, "x"), A([(200, 300)], None, "z")]
    pairs = bench.match(pred, gold)
    assert pairs == [(0, 0)]   # (1, 0) loses to the better overlap; (2, 1) covers only 40% of the longer
