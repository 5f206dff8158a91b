"""Regenerate docs/screenshot.png: a document page of the example edition with a note open.

Run after a build:  .venv/bin/python scripts/screenshot.py
"""
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from edition.serve import make_server  # noqa: E402

DOC = "documents/1944-06-11-harriman-to-roosevelt/"


def main() -> None:
    httpd = make_server(ROOT / "_site", "/", "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 1000})
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{DOC}")
        page.locator("sup.noteref a").nth(0).click()
        page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main()
