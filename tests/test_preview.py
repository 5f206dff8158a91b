"""The preview server's quick rebuilds: only what a change affects, and the same bytes as a full build."""
from __future__ import annotations

import hashlib
import threading
import urllib.request

from conftest import SUBPATH, copy_project
from edition.pipeline import BuildOptions, build
from edition.preview import Preview
from edition.serve import make_server


def digest(folder, skip=("pagefind/", "print/")):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not str(p.relative_to(folder)).startswith(skip)}


def test_a_quick_rebuild_renders_only_the_changed_document_and_matches_a_full_build(tmp_path):
    project = copy_project(tmp_path)
    out = tmp_path / "preview"
    preview = Preview(BuildOptions(project=project, out=out, jobs=1, search=False))
    assert preview.full().written
    seed = project / "seeds" / "000_d557096b60146ffe.txt"
    seed.write_text(seed.read_text("utf-8").replace("I promised to take the question up immediately",
                                                     "I promised to take the question up at once"), "utf-8")
    diags, changed, _ = preview.update()
    assert changed == 1 and not [d for d in diags if d.severity == "error"]
    page = (out / "documents" / "1943-12-durbrow-memorandum" / "index.html").read_text("utf-8")
    assert "up at once" in page
    full = tmp_path / "full"
    assert build(BuildOptions(project=project, out=full, jobs=1, search=False)).written
    assert digest(out) == digest(full)
    # nothing changed: nothing is rendered again
    assert preview.update()[1] == 0


def test_a_broken_edit_keeps_the_preview_as_it_was(tmp_path):
    project = copy_project(tmp_path)
    out = tmp_path / "preview"
    preview = Preview(BuildOptions(project=project, out=out, jobs=1, search=False))
    preview.full()
    before = digest(out, skip=())
    (project / "content" / "documents.yaml").write_text("undated-durbrow: [broken\n", "utf-8")
    diags, changed, _ = preview.update()
    assert any(d.severity == "error" and d.path == "content/documents.yaml" for d in diags)
    assert digest(out, skip=()) == before


def test_served_pages_reload_themselves_but_built_files_do_not(tmp_path):
    project = copy_project(tmp_path)
    out = tmp_path / "preview"
    preview = Preview(BuildOptions(project=project, out=out, jobs=1, search=False, base_url=SUBPATH))
    preview.full()
    httpd = make_server(out, SUBPATH, "127.0.0.1", 0, preview)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}{SUBPATH}"
    try:
        html = urllib.request.urlopen(base).read().decode()
        assert f'src="{SUBPATH}__preview/reload.js"' in html
        assert urllib.request.urlopen(base + "__preview/version").read() == b"1"
        assert b"location.reload" in urllib.request.urlopen(base + "__preview/reload.js").read()
    finally:
        httpd.shutdown()
    assert "__preview" not in (out / "index.html").read_text("utf-8")


def test_quick_rebuilds_stay_exact_through_a_series_of_edits(tmp_path):
    """Each quick rebuild keeps what it can from the last one (memo.py); after every kind of
    change it must still write what a full build of the same files writes."""
    project = copy_project(tmp_path)
    out = tmp_path / "preview"
    preview = Preview(BuildOptions(project=project, out=out, jobs=1, search=False))
    assert preview.full().written
    seeds = project / "seeds"
    folder = seeds / "004_ec54436f320b8bd3.txt"
    word_export = seeds / "002_1fd8680b74068f58.txt"

    def edit(path, old, new):
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")

    steps = [
        # a word of a Map Room message's text
        lambda: edit(folder, "AS A STARTER AND FOR DAILY", "AS A BEGINNING AND FOR DAILY"),
        # a new seed repeating a text: a new witness, merged into the page of its text
        lambda: (seeds / "005_copy.txt").write_text(word_export.read_text("utf-8"), "utf-8"),
        # the copy corrected, then gone again
        lambda: edit(seeds / "005_copy.txt", "considerable detail", "considerable detail indeed"),
        lambda: (seeds / "005_copy.txt").unlink(),
        # the folder's title: every message of the folder names it
        lambda: edit(folder, "Folder 6. MR 530 Japan (1)—Air Operations", "Folder 6. MR 530 Japan (1)—Air Operations (I)"),
        # a note's text: data/documents.json lists the notes
        lambda: edit(seeds / "000_d557096b60146ffe.txt", "Director of Naval Operational Research",
                     "Director of Operational Research"),
        # a reply reference changed: the calendar's links change
        lambda: edit(folder, "1. Answers ARNOLD-DEANE, 8 Feb 44.", "1. Refers to an earlier message."),
        # a register's entry changed: every page naming the person shows it
        lambda: edit(project / "content" / "persons.yaml", "Soviet head of government and Marshal",
                     "Soviet head of government, Marshal"),
        # a page's title: the header of every page links it
        lambda: edit(project / "content" / "about.md", "# About this edition", "# About this edition & its sources"),
        # a witness group undone: the text's collation download goes
        lambda: edit(project / "content" / "witnesses.yaml", '  reading: "1944-06-11-harriman-to-roosevelt"',
                     '  reject: "yes"'),
    ]
    for n, change in enumerate(steps):
        change()
        diags, _, _ = preview.update()
        assert not [d for d in diags if d.severity == "error"], n
        full = tmp_path / f"full-{n}"
        assert build(BuildOptions(project=project, out=full, jobs=1, search=False)).written
        assert digest(out) == digest(full), f"step {n}"
