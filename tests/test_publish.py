"""Publishing: links under a sub-path, sitemap and robots, the Pages workflow, citation metadata and
downloads, the print view, the data page, and URLs that stay put when the edition grows."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml
from lxml import etree, html as lxml_html

from conftest import ROOT, SUBPATH, build_example, copy_project
from edition.citation import Citation, Name, bibtex, bibliography_pieces, as_text, note, ris
from edition.publish import DOWNLOADS, PER_DOCUMENT
from test_html_valid import run_vnu

ORIGIN = "http://127.0.0.1"
LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "form": "action",
              "iframe": "src", "video": "src", "audio": "src"}


# ---------------------------------------------------------------- link check under a sub-path


def target_file(site: Path, path: str) -> Path | None:
    """The file a URL path under the sub-path serves, or None when it is outside the sub-path."""
    if not path.startswith(SUBPATH):
        return None
    rel = unquote(path[len(SUBPATH):])
    file = site / rel
    return file / "index.html" if rel == "" or rel.endswith("/") or file.is_dir() else file


@lru_cache(maxsize=None)
def ids_of(file: Path) -> frozenset[str]:
    tree = lxml_html.fromstring(file.read_bytes())
    return frozenset(tree.xpath("//@id")) | frozenset(tree.xpath("//a/@name"))


def page_url(site: Path, file: Path) -> str:
    rel = file.relative_to(site).as_posix()
    return ORIGIN + SUBPATH + rel.removesuffix("index.html")


def links_of(site: Path, file: Path) -> list[str]:
    tree = lxml_html.fromstring(file.read_bytes())
    base = page_url(site, file)
    out = []
    for tag, attr in LINK_ATTRS.items():
        for value in tree.xpath(f"//{tag}/@{attr}"):
            out.append(urljoin(base, value))
    return out


def bundles_of(site: Path, file: Path) -> list[str]:
    """The search bundle's folder (Pagefind), handed to scripts in data-bundle."""
    tree = lxml_html.fromstring(file.read_bytes())
    return [urljoin(page_url(site, file), v) for v in tree.xpath("//@data-bundle")]


def check_link(site: Path, url: str, where: str, problems: list[str]) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "") or (parts.netloc and parts.netloc != "127.0.0.1"):
        return                                           # another host: not ours to check
    if not parts.path.startswith(SUBPATH):
        problems.append(f"{where}: {url} leaves the sub-path {SUBPATH}")
        return
    file = target_file(site, parts.path)
    if not file.exists():
        problems.append(f"{where}: {url} → no file {file.relative_to(site)}")
    elif parts.fragment and file.suffix == ".html" and unquote(parts.fragment) not in ids_of(file):
        problems.append(f"{where}: {url} → no element with id {parts.fragment!r}")


def test_every_internal_link_and_asset_works_under_the_sub_path(subpath_site):
    site = subpath_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    problems: list[str] = []
    checked = 0
    for file in pages:
        for url in links_of(site, file):
            check_link(site, url, file.relative_to(site).as_posix(), problems)
            checked += 1
        for url in bundles_of(site, file):
            check_link(site, url + "pagefind.js", file.relative_to(site).as_posix(), problems)
    # the URLs inside the data files point into the site too
    for loc in etree.parse(str(site / "sitemap.xml")).getroot().iter("{*}loc"):
        check_link(site, loc.text, "sitemap.xml", problems)
    for ref in etree.parse(str(site / "data" / "cmif.xml")).getroot().iter("{*}correspDesc"):
        check_link(site, ref.get("ref"), "data/cmif.xml", problems)
    assert checked > 500
    assert not problems, "\n".join(problems[:40])


def test_the_link_checker_notices_a_broken_link(tmp_path):
    (tmp_path / "index.html").write_text('<a href="/elsewhere/">x</a><a href="/edition-test/missing/">y</a>'
                                         '<a href="#nowhere">z</a><a href="https://example.org/">ok</a>')
    problems: list[str] = []
    for url in links_of(tmp_path, tmp_path / "index.html"):
        check_link(tmp_path, url, "index.html", problems)
    assert len(problems) == 3


# ---------------------------------------------------------------- hosting files


def test_sitemap_lists_every_page_with_absolute_urls(subpath_site, documents):
    root = etree.parse(str(subpath_site / "sitemap.xml")).getroot()
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    locs = [loc.text for loc in root.iter("{*}loc")]
    assert locs == sorted(set(locs), key=locs.index)          # no duplicates
    assert all(loc.startswith(ORIGIN + SUBPATH) for loc in locs)
    for d in documents:
        assert ORIGIN + SUBPATH + d["url"].lstrip("/") in locs
    for page in ("", "print/", "data/"):
        assert ORIGIN + SUBPATH + page in locs
    assert not any(loc.endswith("404.html") for loc in locs)
    # addresses that only redirect: a renamed document's, a copy's shown with its text
    assert ORIGIN + SUBPATH + "documents/undated-durbrow/" not in locs
    assert ORIGIN + SUBPATH + "documents/1944-06-11-harriman-to-president-110529/" not in locs
    robots = (subpath_site / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {ORIGIN}{SUBPATH}sitemap.xml" in robots.splitlines()


def test_without_an_absolute_base_url_there_is_no_sitemap(site):
    assert not (site / "sitemap.xml").exists()
    robots = (site / "robots.txt").read_text("utf-8")
    assert "User-agent: *" in robots and "Sitemap:" not in robots


def test_hosting_basics(subpath_site):
    assert (subpath_site / ".nojekyll").exists()
    assert (subpath_site / "404.html").exists()
    assert (subpath_site / "assets" / "favicon.svg").exists()
    for file in [subpath_site / "index.html", subpath_site / "print" / "index.html", subpath_site / "data" / "index.html"]:
        tree = lxml_html.fromstring(file.read_bytes())
        assert tree.xpath("//link[@rel='icon']/@href") == [SUBPATH + "assets/favicon.svg"]
        assert tree.xpath("//link[@rel='canonical']/@href") == [page_url(subpath_site, file)]
        # nothing is fetched from another host
        for url in tree.xpath("//script/@src | //link[@rel='stylesheet']/@href | //img/@src"):
            assert url.startswith(SUBPATH), url


def test_pages_workflow_builds_and_deploys_with_the_official_actions():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert uses == ["actions/checkout", "actions/setup-python", "actions/configure-pages",
                    "actions/upload-pages-artifact", "actions/deploy-pages"]
    assert next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))["with"]["python-version"] == "3.11"
    run = "\n".join(s.get("run", "") for s in steps)
    assert "pip install -e ." in run
    assert 'python build.py build --base-url "${{ steps.pages.outputs.base_url }}/"' in run
    assert next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))["with"]["path"] == "_site"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


# ---------------------------------------------------------------- citation


def head_of(site: Path, d: dict):
    return lxml_html.fromstring((site / d["url"].lstrip("/") / "index.html").read_bytes())


def test_citation_metadata_for_reference_managers(subpath_site, documents):
    assert documents
    for d in documents:
        page = head_of(subpath_site, d)
        meta = {}
        for m in page.xpath("//head/meta[@name]"):
            meta.setdefault(m.get("name"), []).append(m.get("content"))
        url = ORIGIN + SUBPATH + d["url"].lstrip("/")
        assert meta["citation_title"] == [d["title"]]
        assert len(meta.get("citation_author", [])) == len(d["senders"])
        if d["date"]:
            assert meta["citation_date"] == [d["date"].replace("-", "/")]
            assert meta["DC.date"] == [d["date"]]
        assert meta["citation_public_url"] == [url] == meta["DC.identifier"]
        assert meta["citation_inbook_title"] == meta["DC.relation.ispartOf"] != [""]
        assert meta["DC.title"] == [d["title"]]
        assert "DC.rights" in meta and "citation_publisher" in meta
        assert page.xpath("//head/link[@rel='schema.DC']/@href") == ["http://purl.org/dc/elements/1.1/"]
        data = json.loads(page.xpath("//head/script[@type='application/ld+json']")[0].text)
        assert data["@type"] == "Message" and data["url"] == url and data["name"] == d["title"]
        assert data["isPartOf"]["name"] == meta["citation_inbook_title"][0]
        assert [p["name"] for p in data.get("sender", [])] == meta.get("DC.creator", [])
        # the visible block: the citation with the stable URL and the source, and the downloads
        cite = page.xpath("//section[@class='cite']")[0]
        text = cite.xpath("string(.//p[@class='citation'])")
        assert url in text and (d["source"]["description"] or d["source"]["collection"]) in text
        links = cite.xpath(".//p[@class='cite-downloads']/a/@href")
        assert links == [SUBPATH + d["url"].lstrip("/") + name for name in ("tei.xml", "cite.bib", "cite.ris")]


def test_json_ld_cannot_end_its_script_element():
    from edition.citation import json_ld
    c = sample(title="</script><script>alert(1)</script> & <!--")
    text = str(json_ld(c, "https://example.org/", "https://example.org/d/tei.xml"))
    assert "<" not in text and ">" not in text
    assert json.loads(text)["name"] == c.title


BIB_FIELD = re.compile(r"^  ([a-z]+) = (\{.*\}|[a-z]+),?$")


def parse_bibtex(text: str) -> tuple[str, str, dict]:
    lines = text.strip().split("\n")
    head = re.fullmatch(r"@([a-z]+)\{([^,\s]+),", lines[0])
    assert head and lines[-1] == "}", text
    fields = {}
    for line in lines[1:-1]:
        m = BIB_FIELD.match(line)
        assert m, f"not a BibTeX field: {line!r}"
        fields[m.group(1)] = m.group(2)
    depth = 0
    for ch in re.sub(r"\\[{}]", "", text):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0, "unbalanced braces"
    return head.group(1), head.group(2), fields


def parse_ris(data: bytes) -> list[tuple[str, str]]:
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    records = []
    for line in text.split("\r\n")[:-1]:
        m = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert m, f"not an RIS line: {line!r}"
        records.append((m.group(1), m.group(2)))
    assert records[0][0] == "TY" and records[-1] == ("ER", "")
    return records


def test_bibtex_and_ris_downloads_parse(subpath_site, documents):
    for d in documents:
        folder = subpath_site / d["url"].lstrip("/")
        kind, key, fields = parse_bibtex((folder / "cite.bib").read_text("utf-8"))
        assert (kind, key) == ("incollection", d["id"])
        assert fields["url"] == "{" + ORIGIN + SUBPATH + d["url"].lstrip("/") + "}"
        assert "title" in fields and "booktitle" in fields
        if d["date"]:
            assert fields["year"] == "{" + d["date"][:4] + "}"
        ris_ = parse_ris((folder / "cite.ris").read_bytes())
        tags = dict(ris_)
        assert tags["TY"] == "CHAP" and tags["TI"] == d["title"]
        assert tags["UR"] == ORIGIN + SUBPATH + d["url"].lstrip("/")
        assert [v for t, v in ris_ if t == "AU"] == [v.strip("{}") for v in fields.get("author", "{}")[1:-1].split(" and ") if v]


def sample(**changes) -> Citation:
    values = dict(doc_id="1944-06-11-harriman-to-roosevelt", title="Harriman to Roosevelt", kind="telegram",
                  senders=(Name("Harriman", "W. Averell Harriman", "Harriman, W. Averell"),),
                  recipients=(Name("Roosevelt", "Franklin D. Roosevelt", "Roosevelt, Franklin D."),),
                  date="11 June 1944", iso="1944-06-11", place="Moscow", edition="Soviet Bases",
                  editors=("A. Editor", "B. Editor"), publisher="The Project",
                  source="FRUS 1944, vol. IV, p. 123", url="https://example.org/d/", language="en",
                  licence="CC BY 4.0", licence_url="https://creativecommons.org/licenses/by/4.0/")
    values.update(changes)
    return Citation(**values)


def test_chicago_note_and_bibliography_text():
    c = sample()
    assert note(c) == ("Harriman to Roosevelt, telegram, 11 June 1944, in Soviet Bases, ed. A. Editor and "
                       "B. Editor (The Project), FRUS 1944, vol. IV, p. 123, https://example.org/d/.")
    assert as_text(bibliography_pieces(c)) == (
        "Harriman, W. Averell. Telegram to Franklin D. Roosevelt. 11 June 1944. In Soviet Bases, edited by "
        "A. Editor and B. Editor. The Project. FRUS 1944, vol. IV, p. 123. https://example.org/d/.")
    unknown_kind = sample(kind="")
    assert as_text(bibliography_pieces(unknown_kind)).startswith("Harriman, W. Averell. Message to Franklin D. Roosevelt.")
    assert note(unknown_kind).startswith("Harriman to Roosevelt, 11 June 1944, in")
    undated = sample(senders=(), recipients=(), date="n.d.", iso="", kind="", title="Folder note")
    assert note(undated).startswith("Folder note, n.d., in Soviet Bases")


def test_bibtex_escapes_what_tex_would_read_as_commands():
    text = bibtex(sample(title="50% & $5 #1 under_score {x} ~ ^ \\"))
    assert r"50\% \& \$5 \#1 under\_score \{x\} \textasciitilde{} \textasciicircum{} \textbackslash{}" in text
    parse_bibtex(text)
    parse_ris(ris(sample(title="two\nlines")).encode())


# ---------------------------------------------------------------- print view and data page


def test_print_view_holds_every_document_with_its_notes(site, documents):
    page = (site / "print" / "index.html").read_text("utf-8")
    tree = lxml_html.fromstring(page)
    sections = tree.xpath("//div[@class='print-doc']")
    assert [s.get("id") for s in sections] == [f"doc-{d['id']}" for d in documents]
    assert tree.xpath("//nav[@class='print-toc']//a/@href") == [f"#doc-{d['id']}" for d in documents]
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids)), "duplicate ids in the print view"
    for d, section in zip(documents, sections):
        assert section.xpath("string(.//h1)").strip().startswith(d["title"][:20])
        notes = section.xpath(".//ol[@class='notes-list']/li")
        assert len(notes) == len(d["notes"])
        for li, n in zip(notes, d["notes"]):
            assert li.get("id") == f"{d['id']}--note-{n['number']}"
        for a in section.xpath(".//a[starts-with(@href, '#')]/@href"):
            assert a[1:] in ids, a
        assert section.xpath(".//section[@class='cite']")
        assert not section.xpath(".//nav[@class='doc-nav']")
    home = (site / "index.html").read_text("utf-8")
    assert 'href="/print/"' in home and "Print the whole edition" in home


def test_data_page_lists_every_download_with_its_licence(site, documents):
    tree = lxml_html.fromstring((site / "data" / "index.html").read_bytes())
    hrefs = set(tree.xpath("//main//a/@href"))
    for d in DOWNLOADS:
        assert "/" + d.path in hrefs
        assert (site / d.path).exists() or (site / d.path / "index.html").exists()
    for d in documents:
        for f in PER_DOCUMENT:
            assert d["url"] + f.path in hrefs
    text = tree.xpath("string(//main)")
    assert "CC BY 4.0" in text and "https://creativecommons.org/licenses/by/4.0/" in hrefs
    assert tree.xpath("//header//nav//a[@href='/data/']/text()") == ["Data"]


def test_new_pages_pass_the_nu_checker(site, documents):
    pages = [site / "print" / "index.html", site / "data" / "index.html",
             site / documents[0]["url"].lstrip("/") / "index.html"]
    messages = run_vnu(pages)
    assert not messages, "\n".join(f'{m.get("url", "")}:{m.get("lastLine")}: {m.get("message")}' for m in messages)


# ---------------------------------------------------------------- stable URLs


ANCHOR = re.compile(r'\sid="((?:note|noteref|page|form)-[^"]*)"')

NEW_LETTER = """Moscow, 2 March 1944

Dear Mr. President,

A new letter added to the edition after it was first published. It names no one else.

Yours sincerely
"""


def urls_and_anchors(out: Path) -> dict[str, tuple[str, frozenset[str]]]:
    docs = json.loads((out / "data" / "documents.json").read_text("utf-8"))["documents"]
    return {(d["source"]["seed"], d["source"]["first_line"]):
            (d["url"], frozenset(ANCHOR.findall((out / d["url"].lstrip("/") / "index.html").read_text("utf-8"))))
            for d in docs}


def test_adding_seeds_moves_no_url_or_anchor(tmp_path):
    project = copy_project(tmp_path)
    build_example(tmp_path / "before", project=project)
    before = urls_and_anchors(tmp_path / "before")
    assert sum(len(anchors) for _, anchors in before.values()) > 20
    # a seed sorting before all others, and another letter of the same day and correspondents as an
    # existing one (so the same id from the source) sorting after them; its text differs, so it is
    # a letter of its own, not a witness of the other
    (project / "seeds" / "000_aaa_new_letter.txt").write_text(NEW_LETTER, "utf-8")
    copy = sorted((project / "seeds").glob("002_*.txt"))[0]
    head = copy.read_text("utf-8").split("\n")[:4]
    (project / "seeds" / "999_second_copy.txt").write_text(
        "\n".join(head) + "\nA second, shorter message of the same day about the weather reports only.\n", "utf-8")
    build_example(tmp_path / "after", project=project)
    after = urls_and_anchors(tmp_path / "after")
    assert len(after) == len(before) + 2
    for key, (url, anchors) in before.items():
        assert after[key] == (url, anchors), f"{key}: {url} changed"
    new_urls = {after[k][0] for k in after if k[0].startswith("seeds/999_")}
    assert new_urls == {before[next(k for k in before if k[0] == f"seeds/{copy.name}")][0].rstrip("/") + "-2/"}
