"""The search index as the build writes it: what is indexed, filters and sort keys, and a failing Pagefind."""
from __future__ import annotations

import json
import sys

from lxml import html as lxml_html

from conftest import build_example, copy_project
from edition import search
from edition.diagnostics import ERROR
from edition.pipeline import BuildOptions, build
from test_build import tree_digest


def page(site, relative: str):
    return lxml_html.fromstring((site / relative / "index.html" if relative else site / "index.html").read_bytes())


def test_bundle_is_written_and_counts_the_indexed_pages(site):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    indexed = [p for p in site.rglob("*.html") if lxml_html.fromstring(p.read_bytes()).xpath("//main[@data-pagefind-body]")]
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(indexed)
    assert list(entry["languages"]) == ["en"]   # one language: one index


def test_404_home_and_search_pages_are_not_indexed(site):
    for tree in (lxml_html.fromstring((site / "404.html").read_bytes()), page(site, ""), page(site, "search")):
        assert not tree.xpath("//*[@data-pagefind-body]")
    assert page(site, "about").xpath("//main[@data-pagefind-body]")


def test_every_document_has_a_sort_key_filters_and_meta(site, documents):
    for d in documents:
        tree = page(site, d["url"].lstrip("/").rstrip("/"))
        assert tree.xpath("//main[@data-pagefind-body]")
        keys = tree.xpath("//*[@data-pagefind-sort='date[value]']/@value")
        assert len(keys) == 1 and len(keys[0]) >= 10, d["id"]
        assert keys[0][:4] == (d["date"][:4] or "9999")
        filters = {}
        for element in tree.xpath("//*[@data-pagefind-filter]"):
            filters.setdefault(element.get("data-pagefind-filter").removesuffix("[value]"), []).append(element.get("value"))
        assert filters["year"] == [d["date"][:4] or "undated"]
        assert filters.get("month", []) == ([d["date"][:7]] if len(d["date"]) >= 7 else [])
        assert filters.get("type", []) == ([d["kind"]] if d["kind"] else [])
        assert filters.get("collection", []) == ([d["source"]["collection"]] if d["source"]["collection"] else [])
        # one value per correspondent (register entries merge "PRESIDENT" and "the President")
        people = lambda parties: {p["person"] or p["name"] for p in parties}
        assert len(filters.get("sender", [])) == len(people(d["senders"]))
        assert len(filters.get("recipient", [])) == len(people(d["recipients"]))
        assert set(filters.get("correspondent", [])) == set(filters.get("sender", []) + filters.get("recipient", []))
        meta = {e.get("data-pagefind-meta").removesuffix("[value]"): e.get("value")
                for e in tree.xpath("//*[@data-pagefind-meta]")}
        assert meta["title"] == d["title"] and meta["date"] == d["date_display"]


def test_page_chrome_is_left_out_of_the_index(site, documents):
    chrome = ("//details[contains(@class, 'form-part')]", "//section[contains(@class, 'cite')]",
              "//nav[contains(@class, 'doc-nav')]", "//dt[.='Source']/..")
    seen = set()
    for d in documents:
        tree = page(site, d["url"].strip("/"))
        for xpath in chrome:
            for element in tree.xpath(xpath):
                assert element.get("data-pagefind-ignore") is not None, (d["id"], xpath)
                seen.add(xpath)
        notes = tree.xpath("//section[contains(@class, 'notes')]")
        assert all(n.get("data-pagefind-weight") == "0.5" for n in notes)
    assert seen == set(chrome), "every kind of chrome occurs in the example edition"


def test_bundle_path_follows_the_base_url(site, subpath_site):
    for root, base in ((site, "/"), (subpath_site, "/edition-test/")):
        tree = page(root, "search")
        assert tree.xpath("//*[@id='search']/@data-bundle") == [base + "pagefind/"]
        assert tree.xpath("//*[@id='search']/@data-base") == [base]
        assert tree.xpath("//script[contains(@src, 'edition.js')]/@data-bundle") == [base + "pagefind/"]
        assert page(root, "about").xpath("//header//form[@role='search']/@action") == [base + "search/"]
        assert (root / "pagefind" / "pagefind.js").is_file()


def test_a_failing_pagefind_stops_the_build_and_keeps_the_previous_site(tmp_path, monkeypatch):
    project = copy_project(tmp_path)
    out = tmp_path / "out"
    build_example(out, project=project)
    before = tree_digest(out)
    monkeypatch.setattr(search, "pagefind_command",
                        lambda: [sys.executable, "-c", "import sys; sys.stderr.write('index boom'); sys.exit(3)"])
    result = build(BuildOptions(project=project, out=out, jobs=1))
    assert not result.written
    [problem] = [d for d in result.diagnostics if d.code == "search-index"]
    assert problem.severity == ERROR
    assert problem.message.startswith("search index could not be built: Pagefind exited with status 3: index boom")
    assert problem.message.endswith("; the previous site is unchanged")
    assert problem.format().startswith("pagefind: error[search-index]: search index could not be built")
    assert tree_digest(out) == before
    assert not [p for p in tmp_path.iterdir() if "staging" in p.name]


def test_a_missing_pagefind_is_reported(tmp_path, monkeypatch):
    project = copy_project(tmp_path)

    def missing():
        raise FileNotFoundError("no pagefind binary in pagefind_bin/")

    monkeypatch.setattr(search, "pagefind_command", missing)
    result = build(BuildOptions(project=project, out=tmp_path / "out", jobs=1))
    assert not result.written and not (tmp_path / "out").exists()
    [problem] = [d for d in result.diagnostics if d.code == "search-index"]
    assert "Pagefind is not installed" in problem.message and "pip install" in problem.message
    assert not [p for p in tmp_path.iterdir() if "staging" in p.name]


def test_a_large_site_is_indexed_in_parts_listed_in_a_manifest(tmp_path, monkeypatch, site, documents):
    monkeypatch.setattr(search, "CHUNK_PAGES", 8)
    out = tmp_path / "out"
    build_example(out)
    manifest = json.loads((out / "pagefind" / "chunks.json").read_text("utf-8"))
    bundles = ["pagefind/"] + manifest["bundles"]
    assert len(bundles) >= 3 and manifest["bundles"] == [f"pagefind-{n}/" for n in range(2, len(bundles) + 1)]
    counts = []
    for name in bundles:
        entry = json.loads((out / name / "pagefind-entry.json").read_text("utf-8"))
        assert list(entry["languages"]) == ["en"]
        counts.append(entry["languages"]["en"]["page_count"])
    single = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))["languages"]["en"]["page_count"]
    assert sum(counts) == single and max(counts) <= 8   # every indexed page once, no part above the limit
    # the documents come last, in date order, so that a sorted search can join the parts in order
    dated = manifest["dated"]
    assert dated == bundles[len(bundles) - len(dated):] and len(dated) == -(-len(documents) // 8)
    assert not [p for p in out.rglob(".search-part-*")]   # the folders of links are gone


def test_a_small_site_is_one_index_with_an_empty_manifest(site):
    assert json.loads((site / "pagefind" / "chunks.json").read_text("utf-8")) == {"bundles": [], "dated": []}
    assert not list(site.glob("pagefind-*"))


def test_a_failing_part_stops_the_build_and_keeps_the_previous_site(tmp_path, monkeypatch):
    project = copy_project(tmp_path)
    out = tmp_path / "out"
    build_example(out, project=project)
    before = tree_digest(out)
    monkeypatch.setattr(search, "CHUNK_PAGES", 30)
    real = search.pagefind_command()
    # the main part indexes, the second part fails
    fail_on_second = ("import subprocess, sys; out = sys.argv[sys.argv.index('--output-path') + 1]; "
                      "sys.exit(sys.stderr.write('part boom') and 4) if out.endswith('pagefind-2') "
                      "else sys.exit(subprocess.run(sys.argv[1:]).returncode)")
    monkeypatch.setattr(search, "pagefind_command", lambda: [sys.executable, "-c", fail_on_second] + real)
    result = build(BuildOptions(project=project, out=out, jobs=1))
    assert not result.written
    [problem] = [d for d in result.diagnostics if d.code == "search-index"]
    assert problem.message.startswith("search index could not be built: Pagefind exited with status 4 on part 2 of ")
    assert "part boom" in problem.message and problem.message.endswith("; the previous site is unchanged")
    assert tree_digest(out) == before
    assert not [p for p in tmp_path.iterdir() if "staging" in p.name]
