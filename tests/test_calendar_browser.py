"""The calendar in Chromium: accessible, sortable and filterable with the keyboard alone."""
from __future__ import annotations

import pytest

from test_accessibility import axe_violations

pytestmark = pytest.mark.browser


def test_calendar_passes_axe(browser, server):
    for path in ("calendar/", "calendar/1944-08/", "persons/", "persons/harriman/", "terms/", "places/",
                 "folders/mr-530-japan-1/", "folders/"):
        violations = axe_violations(browser, server + path)
        assert not violations, f"{path}: " + "; ".join(f"{v['id']}: {v['help']}" for v in violations)


def test_sort_and_filter_with_the_keyboard(page, server):
    page.goto(server + "calendar/")
    rows = page.locator("table.calendar tbody tr:not([hidden])")
    total = rows.count()
    first = rows.first.get_attribute("data-date")
    # Tab to the date column's sort button and press Enter twice: newest first
    page.locator("table.calendar th button.sort").first.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert page.locator("table.calendar th").first.get_attribute("aria-sort") == "descending"
    dates = [r.get_attribute("data-date") for r in rows.all()]
    assert dates == sorted(dates, reverse=True) and dates[-1] == first
    # filter by correspondent
    page.locator("#calendar-person").focus()
    page.keyboard.press("ArrowDown")
    page.select_option("#calendar-person", "stalin")
    shown = rows.count()
    assert 0 < shown < total
    assert page.locator("#calendar-status").inner_text() == f"{shown} of {total} messages shown"
    page.fill("#calendar-filter", "Vladivostok-nothing-matches")
    assert rows.count() == 0


def test_calendar_without_javascript_is_complete(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "calendar/")
    assert page.locator("table.calendar tbody tr").count() == page.locator("table.calendar tbody tr:visible").count()
    assert not page.locator("#calendar-controls").is_visible()
    context.close()


def test_name_card_on_focus(page, server):
    page.goto(server + "documents/1944-06-11-harriman-to-roosevelt/")
    link = page.locator(".doc-body a.name[href$='/persons/burrows/']").first
    link.focus()
    card = page.locator("#name-card")
    assert card.is_visible() and "Burrows" in card.inner_text()
    page.keyboard.press("Escape")
    assert not card.is_visible()
    # places and terms are linked as /<register>/#<key>: their cards are found too
    anchored = page.locator(".doc-body a.name[href*='/#']").first
    href = anchored.get_attribute("href")
    register, key = href.rstrip("/").split("/")[-2], href.split("#")[1]
    anchored.focus()
    expected = page.locator(f"#card-{register.rstrip('/')}-{key} dt").inner_text()
    assert card.is_visible() and expected in card.inner_text()
