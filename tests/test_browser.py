"""Real headless Chromium: note popovers by mouse and keyboard, the no-JS fallback, print."""
from __future__ import annotations

import json
import urllib.request

import pytest

pytestmark = pytest.mark.browser


def doc_url(server: str, family: str) -> str:
    data = json.loads(urllib.request.urlopen(server + "data/documents.json").read())
    doc = next(d for d in data["documents"] if d["family"] == family)
    base = server.split("/", 3)
    return f"{base[0]}//{base[2]}{doc['url']}"


def test_note_opens_on_click_and_escape_returns_focus(page, server):
    page.goto(doc_url(server, "frus_web"))
    link = page.locator("sup.noteref a").nth(1)
    link.click()
    popover = page.locator("#note-popover")
    assert popover.is_visible()
    assert "John W. Russell" in popover.inner_text()
    assert link.get_attribute("aria-expanded") == "true"
    # the popover sits next to its marker, not at the other end of the page
    box, anchor = popover.bounding_box(), link.bounding_box()
    assert abs(box["y"] - (anchor["y"] + anchor["height"])) < 60
    page.keyboard.press("Escape")
    assert not popover.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#note-2"
    assert page.evaluate("location.hash") == ""


def test_note_opens_with_enter_and_space(page, server):
    page.goto(doc_url(server, "word_export"))
    link = page.locator("sup.noteref a").nth(1)
    link.focus()
    page.keyboard.press("Enter")
    popover = page.locator("#note-popover")
    assert popover.is_visible() and "shuttle raiding bombers" in popover.inner_text()
    page.keyboard.press("Escape")
    assert not popover.is_visible()
    link.focus()
    page.keyboard.press(" ")
    assert popover.is_visible()
    page.locator("#note-popover button").click()
    assert not popover.is_visible()


def test_without_javascript_a_marker_leads_to_the_note_and_back(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(doc_url(server, "frus_web"))
    page.locator("sup.noteref a").first.click()
    assert page.evaluate("location.hash") == "#note-1"
    assert page.locator("#note-1").is_visible()
    page.locator("#note-1 a.backlink").first.click()
    assert page.evaluate("location.hash") == "#noteref-1"
    context.close()


def test_end_of_page_notes_and_page_marker_anchor(page, server):
    page.goto(doc_url(server, "frus_web") + "#page-793")
    assert page.locator("ol.notes-list > li").count() == 7
    assert page.locator("#page-793").is_visible()
    assert page.locator("#page-793").inner_text() == "[Page 793]"


def test_print_hides_navigation_and_shows_notes(page, server):
    page.goto(doc_url(server, "frus_web"))
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".doc-nav").is_visible()
    assert page.locator("ol.notes-list").is_visible()
    assert page.locator("#page-793").is_visible()
    assert page.locator(".citation").is_visible()
    assert "http" in page.locator(".citation").inner_text()


def test_long_file_names_and_titles_wrap_on_a_phone(browser, server):
    """A seed's file name or a folder's title of any length must not make a page wider than a phone."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    long_name = "seeds/" + "harriman_to_roosevelt_moscow_" * 5 + ".txt"
    for path, selector in (("documents/1943-12-durbrow-memorandum/", ".doc-meta code"),
                           ("folders/mr-530-japan-1/", "h1"), ("", "h1")):
        page.goto(server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 376, path
        page.evaluate("([s, t]) => document.querySelector(s).textContent = t", [selector, long_name])
        assert page.evaluate("document.documentElement.scrollWidth") <= 376, f"{path}: {selector}"
    context.close()


def test_one_note_after_another_and_on_to_the_list(page, server):
    page.goto(doc_url(server, "frus_web"))
    first, second = page.locator("sup.noteref a").nth(1), page.locator("sup.noteref a").nth(3)
    first.click()
    second.click()
    assert first.get_attribute("aria-expanded") == "false" and second.get_attribute("aria-expanded") == "true"
    # Shift+Tab from the popover's Close button goes back to its marker
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == second.get_attribute("href")
    second.click()
    page.locator("#note-popover .popover-more").click()
    popover = page.locator("#note-popover")
    assert not popover.is_visible() and second.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") == second.get_attribute("href")[1:]
