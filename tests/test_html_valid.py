"""Every page of the example edition passes the Nu HTML checker (vnu-jar, run with Java)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

VNU = Path(__file__).parent / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_vnu(files: list[Path]) -> list[dict]:
    if not VNU.exists() or not shutil.which("java"):
        pytest.fail("the Nu HTML checker needs tests/tools/node_modules and Java; run scripts/test.sh")
    proc = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
                          capture_output=True, text=True, timeout=600)
    return json.loads(proc.stderr or "{}").get("messages", [])


def test_every_page_is_valid_html(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 6
    messages = run_vnu(pages)
    report = [f'{Path(m.get("url", "")).name}:{m.get("lastLine")}: {m.get("message")}' for m in messages]
    assert not messages, "\n".join(report)


def test_the_checker_fails_on_a_broken_page(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=en><head><title>x</title></head><body><p><div></p></body></html>")
    assert run_vnu([bad])
