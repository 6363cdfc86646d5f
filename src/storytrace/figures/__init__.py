"""Figures, dates and timelines; stale, undated and machine-translated articles."""

from .analysis import FiguresAnalysis

__all__ = ["FiguresAnalysis"]
