"""Golden pages: a few pages of the example edition, one of each kind, compared byte for byte
with the copies in tests/golden/. A change to a reader, a template or the CSS shows up here as
a diff to read; when the change is intended, write the new copies with

    GOLDEN_REGEN=1 scripts/test.sh tests/test_golden.py

and review them in `git diff` before committing."""
from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
PAGES = [
    "documents/1943-12-durbrow-memorandum/index.html",          # FRUS web copy: offset notes, a page break
    "documents/1944-06-11-harriman-to-roosevelt/index.html",    # word export: notes given twice, witnesses
    "documents/1944-10-harriman-to-roosevelt/index.html",       # archive copy: markers whose notes are missing
    "documents/1944-08-30-president-to-harriman-54/index.html", # Map Room: cover sheet, quotation, replies
    "documents/1944-02-11-deane-to-arnold-102310/index.html",   # Map Room: dispatch form over several pages
    "documents/1944-08-30-president-to-harriman-54/tei.xml",
    "folders/mr-530-japan-1/index.html",
    "calendar/index.html",
    "persons/harriman/index.html",
    "index.html",
]


def _golden(page: str) -> Path:
    return GOLDEN / page.replace("/", "__")


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_its_golden_copy(site, page):
    built = (site / page).read_text("utf-8")
    golden = _golden(page)
    if os.environ.get("GOLDEN_REGEN"):
        golden.write_text(built, "utf-8")
    assert golden.exists(), f"no golden copy of {page}; write it with GOLDEN_REGEN=1"
    expected = golden.read_text("utf-8")
    if built != expected:
        diff = "\n".join(list(difflib.unified_diff(expected.splitlines(), built.splitlines(), "golden", "built",
                                                   lineterm="", n=1))[:80])
        pytest.fail(f"{page} differs from tests/golden/{golden.name} (if intended: GOLDEN_REGEN=1):\n{diff}")


def test_every_golden_copy_is_a_page_that_is_checked():
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(_golden(p).name for p in PAGES)
