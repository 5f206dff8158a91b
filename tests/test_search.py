"""Search in real Chromium, on the example edition served over HTTP under a sub-path (and once at the root).

What a search should find is computed from the built pages (the text Pagefind is told to index:
`<main data-pagefind-body>` minus `data-pagefind-ignore` and the excluded note numbers) and from
data/documents.json, never hard-coded.
"""
from __future__ import annotations

import gzip
import json
import re
import threading
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from lxml import html as lxml_html
from playwright.sync_api import expect

from conftest import SUBPATH, build_example
from edition import search as search_index
from edition.model import DocDate
from edition.serve import make_server
from test_accessibility import AXE, axe_violations

pytestmark = pytest.mark.browser

NOT_INDEXED = "//*[@data-pagefind-ignore] | //sup[contains(concat(' ', normalize-space(@class), ' '), ' noteref ')]"


# ---------------------------------------------------------------- what the index holds


def indexed_text(file: Path) -> str | None:
    """The words Pagefind indexes on a page, or None when the page is not indexed."""
    tree = lxml_html.fromstring(file.read_bytes())
    body = tree.xpath("//main[@data-pagefind-body]")
    if not body:
        return None
    for element in body[0].xpath("." + NOT_INDEXED.replace(" | //", " | .//")):
        element.drop_tree()
    return " ".join(body[0].text_content().split())


@pytest.fixture(scope="module")
def indexed(subpath_site) -> dict[str, str]:
    """Indexed text by URL path ("/edition-test/documents/…/")."""
    pages = {}
    for file in sorted(subpath_site.rglob("*.html")):
        text = indexed_text(file)
        if text is not None:
            rel = file.relative_to(subpath_site).as_posix()
            pages[SUBPATH + rel.removesuffix("index.html")] = text
    return pages


@pytest.fixture(scope="module")
def docs(subpath_site) -> dict[str, dict]:
    data = json.loads((subpath_site / "data" / "documents.json").read_text("utf-8"))
    return {d["url"]: d for d in data["documents"]}


@pytest.fixture(scope="module")
def declared(subpath_site, docs) -> dict[str, dict[str, list[str]]]:
    """The search filters each document page declares (data-pagefind-filter), by URL path."""
    out = {}
    for url in docs:
        tree = lxml_html.fromstring((subpath_site / url.removeprefix(SUBPATH) / "index.html").read_bytes())
        filters: dict[str, list[str]] = {}
        for element in tree.xpath("//*[@data-pagefind-filter]"):
            key = element.get("data-pagefind-filter").removesuffix("[value]")
            filters.setdefault(key, []).append(element.get("value"))
        out[url] = filters
    return out


def mentioning(indexed: dict[str, str], pattern: str) -> set[str]:
    return {url for url, text in indexed.items() if re.search(pattern, text, re.IGNORECASE)}


def sort_key(doc: dict) -> str:
    return DocDate(iso=doc["date"], time=doc["time"]).sort_key


# ---------------------------------------------------------------- driving the page


@pytest.fixture
def errors(page):
    """Console errors and uncaught exceptions (a CSP violation is one); checked after each test."""
    found: list[str] = []
    page.on("console", lambda m: found.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: found.append(f"pageerror: {e}"))
    yield found
    assert not found, "\n".join(found)


def wait_for_results(page) -> str:
    """The status line once a search has finished and every result is on the page."""
    expect(page.locator("#search-results")).not_to_have_attribute("aria-busy", "true", timeout=15000)
    status = page.locator("#search-status")
    expect(status).to_have_text(re.compile(r"\d+ results?\b|^Nothing found"), timeout=15000)
    while page.locator("button.search-more").is_visible():
        count = page.locator("#search-results > li").count()
        page.locator("button.search-more").click()
        expect(page.locator("#search-results > li")).not_to_have_count(count)
    return status.inner_text()


def search(page, server: str, query: str = "", **params) -> str:
    page.goto(server + "search/?" + urlencode({"q": query, **params}))
    return wait_for_results(page)


def result_paths(page) -> list[str]:
    return [urlsplit(a.get_attribute("href")).path for a in page.locator("#search-results h2 a").all()]


def count_in(status: str) -> int:
    return 0 if status.startswith("Nothing found") else int(status.split()[0])


# ---------------------------------------------------------------- finding


def test_vladivostok_finds_exactly_the_pages_that_mention_it(page, server, indexed, docs, errors):
    expected = mentioning(indexed, r"\bVladivostok")
    expected_docs = {url for url in docs if url in expected}
    assert expected_docs, "the example edition should mention Vladivostok in some document"
    status = search(page, server, "Vladivostok")
    found = result_paths(page)
    assert len(found) == len(set(found)) == count_in(status)
    assert {url for url in found if url in docs} == expected_docs
    assert set(found) == expected
    assert "Vladivostok" in status


def test_filter_by_sender_narrows_the_result(page, server, indexed, docs, declared, errors):
    hits = sorted(mentioning(indexed, r"\bVladivostok") & docs.keys())
    senders = sorted({name for url in hits for name in declared[url]["sender"]})
    narrowing = [s for s in senders if 0 < sum(s in declared[url]["sender"] for url in hits) < len(hits)]
    assert narrowing, f"no sender narrows the Vladivostok documents: {hits}"
    sender = max(narrowing, key=lambda s: sum(s in declared[url]["sender"] for url in hits))
    search(page, server, "Vladivostok")
    before = set(result_paths(page))
    page.locator("details.search-filter", has=page.locator("input[name=sender]")).locator("summary").click()
    page.locator(f"#search-filters input[name=sender][value={json.dumps(sender)}]").check()
    expect(page.locator("#search-status")).to_contain_text("with the chosen filters")
    wait_for_results(page)
    after = set(result_paths(page))
    assert after == {url for url in hits if sender in declared[url]["sender"]}
    assert after < before
    assert "f-sender=" in page.url   # the narrowed search is a link that can be shared
    # the same address shows the same result
    search(page, server, "Vladivostok", **{"f-sender": sender})
    assert set(result_paths(page)) == after


def test_sort_by_date_orders_the_documents_both_ways(page, server, indexed, docs, errors):
    expected = mentioning(indexed, r"\bStalin") & docs.keys()
    assert len(expected) >= 2
    orders = {}
    for direction in ("asc", "desc"):
        search(page, server, "Stalin")
        page.select_option("#search-sort", direction)
        expect(page).to_have_url(re.compile(f"sort={direction}"))
        wait_for_results(page)
        orders[direction] = result_paths(page)
    for direction, urls in orders.items():
        assert set(urls) == expected, f"{direction}: every document has a sort key, none drops out"
        keys = [sort_key(docs[url]) for url in urls]
        assert keys == sorted(keys, reverse=direction == "desc")
    assert orders["asc"] != orders["desc"] or len({sort_key(docs[u]) for u in expected}) == 1


def test_phrase_search(page, server, indexed, errors):
    expected = mentioning(indexed, r"\bnorthern\s+convoys\b")
    assert expected
    search(page, server, '"northern convoys"')
    assert set(result_paths(page)) == expected
    hrefs = [a.get_attribute("href") for a in page.locator("#search-results h2 a").all()]
    assert all("pagefind-highlight=northern+convoys" in h for h in hrefs), hrefs
    # both words occur, but never in this order
    assert mentioning(indexed, r"\bconvoys\b") and not mentioning(indexed, r"\bconvoys\s+northern\b")
    status = search(page, server, '"convoys northern"')
    assert status.startswith("Nothing found")


def test_names_in_capitals_are_found_in_any_case(page, server, indexed, errors):
    capitals = {url for url, text in indexed.items() if re.search(r"\bMOLOTOV\b", text)}
    assert capitals, "the Map Room copy writes MOLOTOV in capitals"
    expected = mentioning(indexed, r"\bmolotov")
    for query in ("Molotov", "molotov", "MOLOTOV"):
        search(page, server, query)
        found = set(result_paths(page))
        assert found == expected, query
        assert capitals <= found


def test_nonsense_finds_nothing_and_says_so(page, server, errors):
    status = search(page, server, "qzxvwjkbpl")
    assert status.startswith("Nothing found") and "qzxvwjkbpl" in status
    assert page.locator("#search-results > li").count() == 0
    assert page.locator("#search-status").get_attribute("aria-live") == "polite"


# ---------------------------------------------------------------- getting there and back


def test_header_search_box_leads_to_results(page, server, docs, indexed, errors):
    page.goto(server + "about/")
    page.locator("#header-search-q").fill("Vladivostok")
    page.locator("#header-search-q").press("Enter")
    expect(page).to_have_url(re.compile(re.escape(server) + r"search/\?q=Vladivostok"))
    wait_for_results(page)
    assert page.locator("#search-q").input_value() == "Vladivostok"
    assert set(result_paths(page)) == mentioning(indexed, r"\bVladivostok")


def test_opening_a_result_highlights_the_hits_and_scrolls_to_the_first(page, server, docs, indexed, errors):
    search(page, server, "Vladivostok")
    targets = [url for url in result_paths(page) if url in docs]
    # the document whose first hit lies furthest down the page proves the scrolling best
    target = max(targets, key=lambda url: indexed[url].lower().find("vladivostok"))
    link = page.locator(f'#search-results h2 a[href^="{target}?"]')
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target) + r"\?pagefind-highlight=Vladivostok"))
    marks = page.locator("main mark.pagefind-highlight")
    expect(marks.first).to_be_visible()
    assert all(t.lower() == "vladivostok" for t in marks.all_inner_texts())
    top, scroll_y, height = page.evaluate("""() => {
        const r = document.querySelector('main mark.pagefind-highlight').getBoundingClientRect();
        return [r.top, window.scrollY, window.innerHeight]; }""")
    assert 0 <= top < height, "the first hit is on screen"
    if top + scroll_y > height:
        assert scroll_y > 0
    assert page.locator("[data-pagefind-ignore] mark, sup.noteref mark").count() == 0


def tab_to(page, condition: str, limit: int = 80) -> None:
    """Press Tab until `condition` (a JS arrow function of the focused element) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({condition})(document.activeElement)"):
            return
    pytest.fail(f"Tab never reached an element where {condition}")


def test_search_is_usable_with_the_keyboard_alone(page, server, docs, indexed, declared, errors):
    hits = mentioning(indexed, r"\bVladivostok") & docs.keys()
    sender = sorted({name for url in hits for name in declared[url]["sender"]})[0]
    page.goto(server + "search/")
    expect(page.locator("#search-status")).to_contain_text("Type a word")
    page.locator("#search-q").focus()
    page.keyboard.type("Vladivostok")
    page.keyboard.press("Enter")
    first = wait_for_results(page)
    # the filter groups are few stops: open "From", tick a sender with Space
    tab_to(page, "el => el.tagName === 'SUMMARY' && !!el.parentNode.querySelector('input[name=sender]')")
    page.keyboard.press("Enter")
    tab_to(page, f"el => el.name === 'sender' && el.value === {json.dumps(sender)}")
    page.keyboard.press(" ")
    expect(page.locator("#search-status")).to_contain_text("with the chosen filters")
    assert wait_for_results(page) != first
    assert page.locator("#search-results > li").count() >= 1
    tab_to(page, "el => !!el.closest('#search-results')")
    href = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(urlsplit(href).path)))


def test_without_javascript_the_page_explains_and_links_to_the_documents(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "search/?q=Vladivostok")
    note = page.locator("#search-unavailable")
    expect(note).to_be_visible()
    assert "needs JavaScript" in note.inner_text()
    assert note.locator("a").get_attribute("href") == SUBPATH
    assert not page.locator("#search").is_visible()
    context.close()


def test_search_page_has_no_axe_violations(browser, server):
    problems = [f"empty page: {v['id']}: {v['help']}" for v in axe_violations(browser, server + "search/")]
    context = browser.new_context(bypass_csp=True)   # axe is injected inline for the test only
    page = context.new_page()
    page.goto(server + "search/?" + urlencode({"q": "Vladivostok"}))
    wait_for_results(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', "
                           "'wcag22aa', 'best-practice']})")
    context.close()
    problems += [f"with results: {v['id']} ({v['impact']}): {v['help']} — "
                 + "; ".join(n["target"][0] for n in v["nodes"][:3]) for v in result["violations"]]
    assert not problems, "\n".join(problems)


def test_search_is_hidden_in_print(page, server, errors):
    search(page, server, "Vladivostok")
    page.emulate_media(media="print")
    assert not page.locator("#search").is_visible()
    assert not page.locator(".site-header").is_visible()


def test_search_works_at_the_root_of_a_domain(page, site, errors):
    httpd = make_server(site, "/", "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        root = f"http://127.0.0.1:{httpd.server_address[1]}/"
        search(page, root, "Vladivostok")
        paths = result_paths(page)
        assert paths and all(p.startswith("/") and not p.startswith(SUBPATH) for p in paths)
        assert any(p.startswith("/documents/") for p in paths)
        page.locator("#search-results h2 a").first.click()
        expect(page.locator("main mark.pagefind-highlight").first).to_be_visible()
    finally:
        httpd.shutdown()


# ---------------------------------------------------------------- an index built in parts


PART_PAGES = 8   # pages per Pagefind run: the example edition's 63 indexed pages make 9 parts, 3 of documents


@pytest.fixture(scope="module")
def parted_server(tmp_path_factory):
    """The example edition indexed in parts of PART_PAGES pages, served under the sub-path."""
    out = tmp_path_factory.mktemp("parted") / "_site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "CHUNK_PAGES", PART_PAGES)
        build_example(out, base_url="http://127.0.0.1" + SUBPATH)
    httpd = make_server(out, SUBPATH, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield out, f"http://127.0.0.1:{httpd.server_address[1]}{SUBPATH}"
    httpd.shutdown()


def bundle_of_each_page(site: Path) -> dict[str, str]:
    """Which bundle indexes each URL path (read from the bundles' fragments)."""
    found = {}
    for bundle in sorted(site.glob("pagefind*")):
        for fragment in (bundle / "fragment").iterdir():
            data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
            found[SUBPATH.rstrip("/") + data["url"]] = bundle.name
    return found


def test_an_index_in_parts_finds_what_one_index_finds(page, parted_server, indexed, docs, errors):
    site, server = parted_server
    bundles = bundle_of_each_page(site)
    assert len(set(bundles.values())) > 2 and set(bundles) == set(indexed)
    expected = mentioning(indexed, r"\bVladivostok")
    assert len({bundles[url] for url in expected & docs.keys()}) > 1, "the documents found lie in several parts"
    status = search(page, server, "Vladivostok")
    assert set(result_paths(page)) == expected and count_in(status) == len(expected)
    # the filters count the documents of every part
    years = page.locator("#search-filters input[name=year]")
    assert sorted(years.evaluate_all("boxes => boxes.map(b => b.value)")) == sorted(
        {d["date"][:4] or "undated" for d in docs.values()})


def test_an_index_in_parts_filters_and_sorts_across_the_parts(page, parted_server, indexed, docs, declared, errors):
    site, server = parted_server
    hits = mentioning(indexed, r"\bVladivostok") & docs.keys()
    sender = max({name for url in hits for name in declared[url]["sender"]},
                 key=lambda s: (sum(s in declared[url]["sender"] for url in hits), s))
    search(page, server, "Vladivostok", **{"f-sender": sender})
    assert set(result_paths(page)) == {url for url in hits if sender in declared[url]["sender"]}
    expected = mentioning(indexed, r"\bStalin") & docs.keys()
    bundles = bundle_of_each_page(site)
    assert len({bundles[url] for url in expected}) > 1
    for direction in ("asc", "desc"):
        search(page, server, "Stalin", sort=direction)
        urls = result_paths(page)
        assert set(urls) == expected and len(urls) == len(expected), direction
        keys = [sort_key(docs[url]) for url in urls]
        assert keys == sorted(keys, reverse=direction == "desc"), direction
    # a hit opened from a result in a later part is still highlighted
    search(page, server, "Vladivostok")
    target = next(url for url in result_paths(page) if bundles.get(url, "pagefind") != "pagefind")
    page.locator(f'#search-results h2 a[href^="{target}?"]').click()
    expect(page.locator("main mark.pagefind-highlight").first).to_be_visible()
