"""The PAN measures in benchmarks/pan13.py, on cases whose scores are known by hand."""

from __future__ import annotations

import math

from conftest import load_benchmark

_pan13 = load_benchmark("pan13")
Span, plagdet = _pan13.Span, _pan13.plagdet


def _span(s0, s1, r0, r1):
    return Span("susp.txt", "src.txt", s0, s1, r0, r1)


def test_perfect_detection():
    case = _span(100, 200, 0, 100)
    assert plagdet([case], [case])["plagdet"] == 1.0


def test_split_detection_costs_granularity():
    case = _span(100, 200, 0, 100)
    got = plagdet([case], [_span(100, 150, 0, 50), _span(150, 200, 50, 100)])
    assert got["granularity"] == 2.0 and got["recall"] == 1.0 and got["precision"] == 1.0
    assert got["plagdet"] == round(1 / math.log2(3), 4)


def test_half_detected_and_a_false_detection():
    case = _span(100, 200, 0, 100)
    got = plagdet([case], [_span(100, 150, 0, 50), _span(500, 600, 300, 400)])
    assert got["recall"] == 0.5
    assert got["precision"] == 0.5  # one exact detection, one entirely wrong
    assert got["granularity"] == 1.0
