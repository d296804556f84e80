"""Test helpers for govdisclosure and for packages built on it."""
from .truth import differences, load_truth, report_cells, truth_cells

__all__ = ["differences", "load_truth", "report_cells", "truth_cells"]
