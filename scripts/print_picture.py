"""Regenerate docs/print.png: the first printed page (A4) of a document page of the example edition.

Chromium draws the page with its print styles at A4 size, with the page margins of the print
stylesheet (a PDF rasteriser such as pdftoppm is not needed). tests/test_print_browser.py checks
the PDF itself. Run after a build:  .venv/bin/python scripts/print_picture.py
"""
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from edition.serve import make_server  # noqa: E402

DOC = "documents/1943-12-durbrow-memorandum/"
A4 = {"width": 794, "height": 1123}            # 210 × 297 mm at 96 dpi
MARGINS = "68px 60px 76px"                     # @page margin: 18mm 16mm 20mm


def main() -> None:
    httpd = make_server(ROOT / "_site", "/", "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(viewport=A4, bypass_csp=True)   # for the margin style below only
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{DOC}")
        page.emulate_media(media="print")
        page.add_style_tag(content=f"html {{ padding: {MARGINS}; background: #fff; }}")
        page.screenshot(path=str(ROOT / "docs" / "print.png"))
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main()
