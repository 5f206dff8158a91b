"""The variant view in Chromium: its views by mouse and keyboard, without JavaScript, in print,
axe-core in every view, and the old address of an absorbed document."""
from __future__ import annotations

import pytest

from test_accessibility import AXE

pytestmark = pytest.mark.browser

JUNE11 = "1944-06-11-harriman-to-roosevelt"
DISPATCH = "1944-06-11-harriman-to-president-110529"
PAGES = (JUNE11, "1944-08-22-stalin-to-president", "1944-02-08-arnold-to-deane-081650",
         "1944-02-08-president-to-harriman-081659-5462")


def visible(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


def test_views_switch_with_the_keyboard(page, server):
    page.goto(server + f"documents/{JUNE11}/")
    apparatus = page.locator("button[data-view=apparatus]")
    assert apparatus.get_attribute("aria-pressed") == "true" and visible(page, ".view-apparatus")
    assert not visible(page, ".view-sbs")
    apparatus.focus()
    page.keyboard.press("Tab")                       # to "Side by side"
    page.keyboard.press("Enter")
    assert page.locator("button[data-view=sbs]").get_attribute("aria-pressed") == "true"
    assert visible(page, "table.sbs") and not visible(page, ".view-apparatus")
    assert "GAVTC" in page.locator("table.sbs").inner_text()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")                       # to "Text of B"
    page.keyboard.press("Space")
    text_b = page.locator(".view-text-b")
    assert text_b.is_visible() and "OLSEN" in text_b.inner_text() and not visible(page, "table.sbs")
    assert "[− 1 word only in A]" in text_b.inner_text()        # "Soviet" pilots: an omission shows where it is
    page.keyboard.press("Tab")                       # to the check box for formal differences
    page.keyboard.press("Space")
    assert "show-formal" in page.locator(".comparison").first.get_attribute("class")


def test_without_javascript_the_apparatus_is_the_view(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + f"documents/{JUNE11}/")
    assert visible(page, ".view-apparatus") and not visible(page, ".collation-controls")
    assert not visible(page, ".view-sbs")
    long = page.locator(".collation-long")
    assert long.is_visible() and "THE NECESSITY FOR THE UTMOST SECRECY" in long.inner_text()
    assert "Gavan ] Gavan A; GAVTC B" in " ".join(page.locator(".apparatus").first.inner_text().split())
    context.close()


def test_prints_as_an_apparatus(page, server):
    page.goto(server + f"documents/{JUNE11}/")
    page.click("button[data-view=sbs]")              # whatever view is on screen
    page.emulate_media(media="print")
    assert visible(page, ".view-apparatus") and not visible(page, ".view-sbs")
    assert not visible(page, ".collation-controls") and not visible(page, ".collation-formal")


def test_old_address_leads_to_the_text(page, server):
    page.goto(server + f"documents/{DISPATCH}/")
    page.wait_for_url(f"**/documents/{JUNE11}/#witness-{DISPATCH}")
    entry = page.locator(f"#witness-{DISPATCH}")
    assert entry.is_visible() and "dispatch 110529 NCR 3900" in entry.inner_text()
    entry.get_by_role("link", name="Its text, notes, handling and form").click()
    details = page.locator(f"#witness-{DISPATCH}-text")
    assert details.get_attribute("open") is not None and "Answered by PRESIDENT" in details.inner_text()


@pytest.mark.parametrize("doc_id", PAGES)
def test_no_axe_violations_in_any_view(browser, server, doc_id):
    context = browser.new_context(bypass_csp=True)   # axe is injected inline for the test only
    page = context.new_page()
    page.goto(server + f"documents/{doc_id}/")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.add_script_tag(path=str(AXE))
    problems = []
    for view in ("apparatus", "sbs", "text-a", "text-b"):
        page.click(f"button[data-view={view}]")
        if view == "text-b":
            page.check("input[id$=-formal]")
        result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', "
                               "'wcag22aa', 'best-practice']})")
        problems += [f"{view}: {v['id']}: {v['help']} — {v['nodes'][0]['target'][0]}" for v in result["violations"]]
    context.close()
    assert not problems, "\n".join(problems)
