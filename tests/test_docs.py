"""The tutorial notebook runs, and the documentation site builds with --strict."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def test_tutorial_notebook_executes():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    nb = nbformat.read(ROOT / "notebooks" / "tutorial.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = ["".join(o["data"]["text/html"]) for o in outputs if "text/html" in o.get("data", {})]
    assert any("<table" in h for h in html)  # the Report renders as HTML
    # a report with findings shows its flagged cells highlighted (doubts and anomalies)
    assert any("background:#fff4c2" in h for h in html) and any("background:#fde0dc" in h for h in html)
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the chart, inline
    text = "".join("".join(o.get("data", {}).get("text/plain", "")) for o in outputs)
    # findings in the report's own words, printed whole (not cut at "…")
    assert "自然人+法人或其他组织 ≠ 总计 for 一、本年新收政府信息公开申请数量: 122 vs 123" in text


def test_docs_build_strict(tmp_path):
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    mkdocs = shutil.which("mkdocs") or f"{sys.executable} -m mkdocs"
    result = subprocess.run(
        [*mkdocs.split(), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "site" / "api" / "index.html").exists()
