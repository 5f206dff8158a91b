"""axe-core, injected into Debian's Chromium, finds no violations on any page type."""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "tools" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(browser, url: str) -> list[dict]:
    if not AXE.exists():
        pytest.fail("axe-core is missing from tests/tools/node_modules; run scripts/test.sh")
    context = browser.new_context(bypass_csp=True)   # axe is injected inline for the test only
    page = context.new_page()
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']})")
    context.close()
    return result["violations"]


def page_urls(server: str) -> list[str]:
    data = json.loads(urllib.request.urlopen(server + "data/documents.json").read())
    origin = "/".join(server.split("/")[:3])
    families = {}
    for d in data["documents"]:
        families.setdefault(d["family"], origin + d["url"])
    return [server, server + "about/", server + "no-such-page/", *families.values()]


def test_no_axe_violations_on_any_page_type(browser, server):
    problems = []
    for url in page_urls(server):
        for v in axe_violations(browser, url):
            problems.append(f"{url}: {v['id']} ({v['impact']}): {v['help']} — "
                            + "; ".join(n["target"][0] for n in v["nodes"][:3]))
    assert not problems, "\n".join(problems)


def test_axe_finds_a_real_violation(browser, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><title>x</title></head><body><img src="x.png"></body></html>')
    assert any(v["id"] == "image-alt" for v in axe_violations(browser, bad.as_uri()))
