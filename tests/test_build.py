"""End-to-end: the example edition builds, keeps every word, is deterministic and safe."""
from __future__ import annotations

import hashlib
import shutil
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT, build_example, copy_project, page_text
from edition.loader import load_edition
from edition.pipeline import BuildOptions, build

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
# Apparatus: turned into structure (note links, anchors), not shown as words.
APPARATUS = re.compile(r"\[bookmark:[^\]]*\]|</?u>|<input type=\"checkbox\"\s*/?>")


WORD = re.compile(r"[^\W\d_]+|\d+")   # glued "Affairs53" is two words: "Affairs", "53"


def words(text: str) -> set[str]:
    # NFKC: a superscript ¹ in the seed is the note number 1 on the page
    return set(WORD.findall(unicodedata.normalize("NFKC", text)))


def test_every_seed_is_copied_verbatim():
    shared = ROOT.parent / "shared" / "seeds"
    if shared.is_dir():   # on the development machine: the record itself
        for seed in SEEDS:
            assert seed.read_bytes() == (shared / seed.name).read_bytes()
    assert len(SEEDS) == 4


def test_home_lists_every_document(site, documents):
    home = (site / "index.html").read_text("utf-8")
    assert len(documents) >= 4
    for d in documents:
        assert f'href="{d["url"]}"' in home


def test_no_text_lost(site, documents):
    """Every word of every seed (apparatus aside) is on the pages made from it.

    A copy merged into another document as its witness (README "Witnesses") is on that
    document's page: data/documents.json lists each witness with its seed.
    """
    for seed in SEEDS:
        rel = f"seeds/{seed.name}"
        pages = [d for d in documents if d["source"]["seed"] == rel
                 or any(w["source"]["seed"] == rel for w in d["witnesses"])]
        assert pages, f"no page for {rel}"
        text = " ".join(page_text((site / d["url"].lstrip("/") / "index.html").read_text("utf-8"))
                        for d in pages)
        have = words(text)
        source = APPARATUS.sub(" ", seed.read_text("utf-8"))
        lost = sorted(words(source) - have)
        assert not lost, f"{rel}: words missing from its pages: {lost[:30]}"


def test_apparatus_is_structure_not_text(site, documents):
    d = next(d for d in documents if d["family"] == "word_export")
    html = (site / d["url"].lstrip("/") / "index.html").read_text("utf-8")
    assert "bookmark" not in page_text(html)
    assert "_ftn_GoBack1" in d["apparatus"]
    assert [n["source_number"] for n in d["notes"]] == ["63", "64", "65", "66"]
    assert all(n["kind"] == "Orig. Note" for n in d["notes"])
    assert len(d["notes"]) == 4   # given twice in the seed, once here


def test_frus_offset_notes_and_page_break(site, documents):
    d = next(d for d in documents if d["family"] == "frus_web")
    assert [n["label"] for n in d["notes"]] == [str(n) for n in range(53, 60)]
    assert d["references"][0] == {"kind": "file", "value": "861.24/1369½"}
    assert d["page_breaks"][0]["label"] == "793"
    html = (site / d["url"].lstrip("/") / "index.html").read_text("utf-8")
    assert 'id="page-793"' in html
    for n in range(1, 8):
        assert f'id="note-{n}"' in html and f'href="#note-{n}"' in html and 'href="#noteref-' in html
    # numbers that are not notes stay text
    assert "1942, vol. iii" in page_text(html)


def test_missing_notes_are_flagged_not_invented(site, documents):
    d = next(d for d in documents if d["family"] == "archive_copy")
    assert [m["label"] for m in d["unresolved_markers"]] == ["1", "2", "3"]
    assert d["notes"] == []
    assert d["date_display"] == "[1944 Oct 18?]"
    html = (site / d["url"].lstrip("/") / "index.html").read_text("utf-8")
    assert html.count("the note text is missing in the source transcription") == 3


def test_documents_json_has_the_promised_fields(documents):
    d = next(d for d in documents if d["family"] == "word_export")
    assert d["date"] == "1944-06-11" and d["place"] == "Moscow"
    assert d["senders"][0]["name"] == "Harriman" and d["recipients"][0]["name"] == "Roosevelt"
    assert d["source"]["first_line"] == 1 and d["source"]["last_line"] > 10
    for key in ("id", "url", "title", "date", "senders", "recipients", "place", "references",
                "classification", "source", "notes", "page_breaks"):
        assert key in d


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    build_example(tmp_path / "a")
    build_example(tmp_path / "b")
    # Pagefind's filter, meta and fragment files are not byte-stable between runs; all else must be.
    a, b = ({k: v for k, v in tree_digest(tmp_path / x).items() if not k.startswith("pagefind/")} for x in "ab")
    assert a == b
    assert len(a) > 10
    for x in "ab":
        assert (tmp_path / x / "pagefind" / "pagefind.js").is_file()


def test_failed_build_leaves_previous_site_untouched(tmp_path):
    project = copy_project(tmp_path)
    out = tmp_path / "out"
    build_example(out, project=project)
    before = tree_digest(out)
    (project / "site.yaml").write_text("title: [unclosed\n", "utf-8")
    result = build(BuildOptions(project=project, out=out, jobs=1))
    assert not result.written
    assert any(d.code == "yaml-syntax" and d.path == "site.yaml" and d.line in (1, 2) for d in result.diagnostics)
    assert tree_digest(out) == before
    assert not [p for p in tmp_path.iterdir() if "staging" in p.name]


def test_seed_html_is_text(tmp_path):
    project = copy_project(tmp_path)
    (project / "seeds" / "zz_hostile.txt").write_text(
        "Memorandum by Mr. Nobody1\n\nHe wrote <script>alert(1)</script> and <img src=x onerror=alert(2)> "
        "and {{ config }} {% if x %} and <a href=\"javascript:alert(3)\">x</a>.\n\n  1. A note <b>bold</b>.\n",
        "utf-8")
    out = tmp_path / "out"
    build_example(out, project=project)
    html = "".join(p.read_text("utf-8") for p in out.rglob("*.html"))
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ config }}" in html and "{% if x %}" in html
    assert 'href="javascript:' not in html


@pytest.mark.parametrize("content,code", [
    (b"", "empty-seed"),
    (b"\x00\x01binary", "not-text"),
    (b"caf\xe9 au lait\n", "not-utf8"),
])
def test_unreadable_seeds_are_reported(tmp_path, content, code):
    project = copy_project(tmp_path)
    (project / "seeds" / "zz_bad.txt").write_bytes(content)
    result = build(BuildOptions(project=project, out=tmp_path / "out", jobs=1))
    found = [d for d in result.diagnostics if d.code == code]
    assert found and found[0].path == "seeds/zz_bad.txt"
    assert found[0].format().startswith("seeds/zz_bad.txt:")


def test_compact_css_keeps_strings_and_selector_spaces():
    from edition.pipeline import compact_css
    css = '/* note */\na , b {\n  content: "x ; y" ;\n  color : red;\n}\n.a :hover { margin: 0 auto; }\n'
    assert compact_css(css) == 'a,b{content:"x ; y";color :red}.a :hover{margin:0 auto}\n'


def test_a_document_page_loads_little_besides_its_text(site):
    # The budget is 40 KB for a page with its CSS and JS; the shared part
    # (one stylesheet, the deferred scripts) must leave most of it to the document.
    html = (site / "documents" / "1944-08-26-president-to-minister-606" / "index.html").read_text("utf-8")
    assets = re.findall(r'<link rel="stylesheet" href="/([^"]+)"', html) + re.findall(r'<script src="/([^"]+)"', html)
    assert [a for a in assets if a.endswith(".css")] == ["assets/style.css"]
    assert "assets/highlight.js" not in assets  # loaded only from a search result
    shared = sum((site / a).stat().st_size for a in assets)
    assert shared < 20_000, f"{assets} weigh {shared} bytes"
    assert shared + len(html.encode()) < 32_000


def _two_notes_of_one_day(project: Path) -> None:
    for name, words in (("zz_a.txt", "The convoy sails on Tuesday with the aircraft aboard."),
                        ("zz_b.txt", "Weather over Poltava prevents the shuttle flight today.")):
        (project / "seeds" / name).write_text(
            f"Memorandum by the Ambassador in the Soviet Union (Harriman)\n\nMoscow, June 1, 1944.\n\n{words}\n", "utf-8")


def test_documents_with_the_same_id_are_told_apart_and_each_can_be_corrected(tmp_path):
    project = copy_project(tmp_path)
    _two_notes_of_one_day(project)
    edition = load_edition(project, jobs=1)
    [first, second] = [d for d in edition.documents if d.source.seed.startswith("seeds/zz_")]
    assert second.id == first.id + "-2"
    [clash] = [d for d in edition.diagnostics if d.code == "id-collision"]
    assert clash.path == "seeds/zz_b.txt" and f'under "{second.id}" in content/documents.yaml' in clash.message

    key = second.id
    with open(project / "content" / "documents.yaml", "a", encoding="utf-8") as f:
        f.write(f'\n{key}:\n  id: "1944-06-01-harriman-poltava-weather"\n  title: "Weather at Poltava"\n')
    edition = load_edition(project, jobs=1)
    [first_again, second] = [d for d in edition.documents if d.source.seed.startswith("seeds/zz_")]
    assert first_again.id == first.id and first_again.title == first.title
    assert (second.id, second.title) == ("1944-06-01-harriman-poltava-weather", "Weather at Poltava")
    assert not [d for d in edition.diagnostics if d.code in ("id-collision", "content-unknown-document")]


def test_the_summary_says_how_to_serve_this_very_site(tmp_path, monkeypatch):
    from edition.cli import serve_command
    monkeypatch.chdir(ROOT)
    assert serve_command(BuildOptions(project=ROOT, out=ROOT / "_site")) == ".venv/bin/python build.py serve"
    other = BuildOptions(project=tmp_path / "my edition", out=tmp_path / "site")
    assert serve_command(other) == (f".venv/bin/python build.py serve --project '{tmp_path}/my edition' "
                                    f"--out {tmp_path}/site")


def test_folder_pages_count_and_number_the_messages_alike(site):
    page = (site / "folders" / "mr-530-japan-1" / "index.html").read_text("utf-8")
    count = int(re.search(r"<dt>Messages</dt> <dd>(\d+),", page).group(1))
    rows = re.findall(r"<tr>\s*<td>(\d+)</td>", page)
    assert rows == [str(n) for n in range(1, count + 1)] and "(folder-note)" not in page
    assert "1944.." not in page
    first = re.search(r'<td>1</td>.*?<a href="/documents/([^/]+)/"', page, re.S).group(1)
    assert "(message 1 of the folder)" in (site / "documents" / first / "index.html").read_text("utf-8")
    listing = (site / "folders" / "index.html").read_text("utf-8")
    assert 'href="/folders/mr-530-japan-1/"' in listing and f"<td>{count}</td>" in listing


def test_notes_an_editor_supplies_settle_their_warnings(tmp_path):
    project = copy_project(tmp_path)
    documents_yaml = project / "content" / "documents.yaml"
    text = documents_yaml.read_text("utf-8").replace(
        'undated-harriman-to-president:\n  id: "1944-10-harriman-to-roosevelt"',
        'undated-harriman-to-president:\n  id: "1944-10-harriman-to-roosevelt"\n  notes:\n'
        '    "1": "Sent via Navy channels."\n    "7": "A note for no marker."', 1)
    documents_yaml.write_text(text, "utf-8")
    edition = load_edition(project, jobs=1)
    missing = [d for d in edition.diagnostics if d.code == "footnote-missing" and d.path.startswith("seeds/003")]
    assert [d.line for d in missing] == [5, 7]
    assert all("under `undated-harriman-to-president:`, `notes:`" in d.message for d in missing)
    [stray] = [d for d in edition.diagnostics if d.code == "content-note-unmarked"]
    assert stray.path == "content/documents.yaml" and 'markers waiting: 1, 2, 3' in stray.message


def test_corrections_stay_with_the_seed_they_name(tmp_path):
    project = copy_project(tmp_path)
    shutil.copy(ROOT / "tests" / "fixtures" / "archive_copy" / "same_id_as_example.txt", project / "seeds" / "001_early.txt")
    edition = load_edition(project, jobs=1)
    [ambiguous] = [d for d in edition.diagnostics if d.code == "content-ambiguous"]
    assert ambiguous.path == "content/documents.yaml" and 'seed: "001_early.txt"' in ambiguous.message
    documents_yaml = project / "content" / "documents.yaml"
    documents_yaml.write_text(documents_yaml.read_text("utf-8").replace(
        'undated-harriman-to-president:\n', 'undated-harriman-to-president:\n  seed: "003_13af5c4e883cadec.txt"\n', 1), "utf-8")
    edition = load_edition(project, jobs=1)
    pinned = next(d for d in edition.documents if d.id == "1944-10-harriman-to-roosevelt")
    assert pinned.source.seed == "seeds/003_13af5c4e883cadec.txt" and pinned.date.iso == "1944-10-18"
    assert not [d for d in edition.diagnostics if d.code == "content-ambiguous"]


def test_a_register_that_cannot_be_read_is_reported_once(tmp_path):
    project = copy_project(tmp_path)
    persons = project / "content" / "persons.yaml"
    persons.write_text(persons.read_text("utf-8").replace('  name: "W. Averell Harriman"', '   name: "W. Averell Harriman"', 1), "utf-8")
    edition = load_edition(project, jobs=1)
    errors = [d for d in edition.diagnostics if d.severity == "error"]
    assert [(d.path, d.code) for d in errors] == [("content/persons.yaml", "yaml-syntax")]


def test_an_editors_links_to_the_site_follow_its_address():
    from edition.render import Renderer
    renderer = Renderer(load_edition(ROOT, base_url="https://example.org/bases/", jobs=1))
    html = renderer.markdown_html("[About](/about/) [FRUS](https://history.state.gov/) ![map](/assets/map.png) <b>x</b>")
    assert 'href="/bases/about/"' in html and 'href="https://history.state.gov/"' in html
    assert 'src="/bases/assets/map.png"' in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_a_file_in_seeds_that_is_no_text_is_reported(tmp_path):
    project = copy_project(tmp_path)
    (project / "seeds" / "letter.docx").write_bytes(b"PK\x03\x04")
    edition = load_edition(project, jobs=1)
    assert [d.code for d in edition.diagnostics if d.path == "seeds/letter.docx"] == ["seed-not-text"]


def test_a_pinned_id_leaves_a_redirect_at_the_former_address(site):
    page = (site / "documents" / "undated-durbrow" / "index.html").read_text("utf-8")
    assert 'http-equiv="refresh" content="0; url=/documents/1943-12-durbrow-memorandum/"' in page
    assert 'name="robots" content="noindex"' in page


def test_a_supplied_note_beside_some_notes_of_the_source_gets_a_number_of_its_own(tmp_path):
    project = copy_project(tmp_path)
    shutil.copy(ROOT / "tests" / "fixtures" / "archive_copy" / "partial_notes.txt", project / "seeds" / "005_partial.txt")
    with open(project / "content" / "documents.yaml", "a", encoding="utf-8") as f:
        f.write('\n1944-10-24-president-to-harriman:\n  notes:\n    "1": "Sent through the Navy."\n')
    edition = load_edition(project, jobs=1)
    doc = next(d for d in edition.documents if d.source.seed == "seeds/005_partial.txt")
    numbers = [n.number for n in doc.notes]
    assert len(set(numbers)) == len(numbers)
    supplied = next(n for n in doc.notes if n.origin == "editor")
    from edition.model import note_refs
    marker = next(r for r in note_refs(doc) if r.label == "1")
    assert marker.number == supplied.number and supplied.label == "1"


def test_search_filters_list_a_correspondent_once_whatever_the_case():
    from edition.render import _filter_name
    assert _filter_name("the Secretary") == _filter_name("The Secretary") == "The Secretary"


def test_names_in_a_copy_shown_with_the_text_have_their_cards(site):
    page = (site / "documents" / "1944-06-11-harriman-to-roosevelt" / "index.html").read_text("utf-8")
    assert 'href="/persons/reegan/"' in page and 'id="card-persons-reegan"' in page
