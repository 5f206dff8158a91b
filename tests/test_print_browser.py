"""Printing in real Chromium: a document page and the whole-edition print view as PDF (A4 and Letter);
the copy button of "Cite this document"; axe on the new pages."""
from __future__ import annotations

import io
import json
import re
import unicodedata
import urllib.request

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from test_accessibility import axe_violations

pytestmark = pytest.mark.browser


def documents_of(server: str) -> list[dict]:
    return json.loads(urllib.request.urlopen(server + "data/documents.json").read())["documents"]


def doc_url(server: str, d: dict) -> str:
    origin = "/".join(server.split("/")[:3])
    return origin + d["url"]


def squeeze(text: str) -> str:
    """Text compared without spaces or line breaks, ligatures (ﬀ) unfolded: PDF text wraps freely."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_pages(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_document_prints_its_notes_and_not_the_navigation(page, server, paper):
    d = next(d for d in documents_of(server) if d["family"] == "frus_web")
    page.goto(doc_url(server, d))
    nav_labels = page.locator(".site-header nav a").all_inner_texts()
    page.emulate_media(media="print")
    main_text = page.locator("main").inner_text()
    pdf = page.pdf(format=paper)
    text = squeeze(" ".join(pdf_pages(pdf)))
    assert d["notes"]
    for note in d["notes"]:
        assert squeeze(note["text"]) in text, f"note {note['number']} is not in the PDF"
    assert squeeze("[Page 793]") in text                 # the source's page break
    assert squeeze(page.locator(".cite .citation").inner_text()) in text   # the citation, URL and all
    assert text.rfind(squeeze("Cite this document")) > text.rfind(squeeze(d["notes"][-1]["text"]))
    for label in ["Skip to content", "Previous:", "Next:", *nav_labels]:
        if squeeze(label) not in squeeze(main_text):     # "Persons" also heads a section of the page
            assert squeeze(label) not in text, f"{label!r} (navigation) is printed"


def test_the_print_view_starts_every_document_on_a_new_page(page, server):
    docs = documents_of(server)
    page.goto(server + "print/")
    pages = pdf_pages(page.pdf(format="A4"))
    assert len(pages) > len(docs)
    # "Document 3 of 20" heads each document; it is among the first lines of a page (a floated
    # file number may come first in the PDF's text order)
    heads = [[line.strip() for line in text.strip().split("\n")[:3]] for text in pages]
    for n in range(1, len(docs) + 1):
        assert any(f"Document {n} of {len(docs)}" in lines for lines in heads), f"document {n} starts mid-page"
    everything = squeeze(" ".join(pages))
    for d in docs:
        for note in d["notes"]:
            assert squeeze(note["text"]) in everything


def test_a_print_picture_of_the_first_page_can_be_made(page, server, tmp_path):
    """How docs/print.png is made (scripts/print_picture.py): Chromium's print rendering, page-sized."""
    d = next(d for d in documents_of(server) if d["family"] == "frus_web")
    page.set_viewport_size({"width": 794, "height": 1123})     # A4 at 96 dpi
    page.goto(doc_url(server, d))
    page.emulate_media(media="print")
    out = tmp_path / "print.png"
    page.screenshot(path=str(out))
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_copy_button_copies_the_citation(browser, server):
    d = next(d for d in documents_of(server) if d["family"] == "word_export")
    context = browser.new_context()
    origin = "/".join(server.split("/")[:3])
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    page.goto(doc_url(server, d))
    button = page.locator(".cite .copy-button").first
    assert button.inner_text() == "Copy note"
    button.click()
    expect(page.locator(".cite .copy-status").first).to_have_text("Copied.")   # after the clipboard's promise
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == re.sub(r"\s+", " ", page.locator(".cite .citation").inner_text()).strip()
    context.close()


def test_without_javascript_there_is_no_dead_copy_button(browser, server):
    d = documents_of(server)[0]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(doc_url(server, d))
    assert page.locator(".cite .copy-button").count() == 0
    assert page.locator(".cite .citation").is_visible()
    context.close()


def test_no_axe_violations_on_the_new_pages(browser, server):
    d = next(d for d in documents_of(server) if d["family"] == "frus_web")
    problems = []
    for url in (server + "print/", server + "data/", doc_url(server, d)):
        for v in axe_violations(browser, url):
            problems.append(f"{url}: {v['id']} ({v['impact']}): {v['help']} — "
                            + "; ".join(n["target"][0] for n in v["nodes"][:3]))
    assert not problems, "\n".join(problems)
