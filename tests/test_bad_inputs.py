"""Broken inputs and failed builds.

The cases are files in tests/bad_inputs/, their expectations the table in its README.md. For each:
the build finishes or stops with `path:line: severity[code]: message` diagnostics, never a traceback;
no seed or editor text turns into markup; nothing is written outside the output folder. A failed
build (bad input, Ctrl-C, a failing post-processing step, a full disk) leaves the previous site as
it was and no staging folder behind.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, build_example, copy_project, page_text
from edition import output, pipeline, render
from edition.diagnostics import error
from edition.pipeline import BuildOptions, build

CORPUS = Path(__file__).parent / "bad_inputs"
ROW = re.compile(r"^\| `(?P<case>[^`]+)`[^|]*\| `(?P<dest>[^`]+)` \| (?P<outcome>built|stopped) \| "
                 r"(?:`(?P<code>[a-z0-9-]+)`|—) \| (?:(?P<line>\d+)|—) \|$")
DIAGNOSTIC = re.compile(r"^(?P<path>\S.*?)(?::(?P<line>\d+))?: (?P<severity>error|warning)"
                        r"\[(?P<code>[a-z0-9-]+)\]: (?P<message>\S.*)$")
PREVIOUS_SITE = {"index.html": "<!DOCTYPE html><title>previous</title><p>The previous site.</p>\n",
                 "documents/old/index.html": "<!DOCTYPE html><title>old</title>\n"}
MEGABYTE = 1024 * 1024
SECONDS = 60   # a generous budget for any one build, the 1 MB line included


@dataclass(frozen=True)
class Case:
    name: str
    dest: str          # where the file goes, relative to the project
    built: bool        # True: the site is written; False: the build stops
    code: str          # expected diagnostic code, "" for none in particular
    line: int | None   # its line, None for any

    def __str__(self) -> str:
        return self.name


def read_cases() -> list[Case]:
    rows = [ROW.match(line) for line in (CORPUS / "README.md").read_text("utf-8").splitlines()]
    cases = []
    for m in filter(None, rows):
        dest = m["dest"] + m["case"] if m["dest"].endswith("/") else m["dest"]
        cases.append(Case(m["case"], dest, m["outcome"] == "built", m["code"] or "",
                          int(m["line"]) if m["line"] else None))
    return cases


def one_megabyte_line() -> bytes:
    """A message whose text is one line of 1 MB, ending in a word the page must still show."""
    phrase = "Harriman reported that the air fields near Vladivostok are ^{now} ready for ~~the~~ 300 bombers. "
    body = phrase * (MEGABYTE // len(phrase) + 1)
    return ("FROM: AMBASSADOR HARRIMAN\nTO : THE PRESIDENT\n\n" + body + "ENDOFMESSAGE\n").encode()


GENERATED = {"seed_one_megabyte_line.txt": one_megabyte_line}
CASES = read_cases()

# Text that must reach the pages as text (checked on what a reader sees) ...
SHOWN = {
    "seed_script.txt": ["<script>alert(1)</script>", '<script src="https://evil.example/x.js">'],
    "seed_img_onerror.txt": ["<img src=x onerror=alert(2)>", "<svg onload=alert(3)>"],
    "seed_javascript_link.txt": ['<a href="javascript:alert(1)">the file</a>', "[the file](javascript:alert(2))"],
    "seed_template_syntax.txt": ["{{ 7*7 }}", "{% for x in range(3) %}loop{% endfor %}", "{# comment #}",
                                 '{% include "base.html" %}'],
    "seed_page_marker_cut.txt": ["[Pa", "ge 794]", "[Page 79"],
    "seed_nested_marks.txt": ["deepest insertion", "struck through", "interleaved", "unclosed insertions"],
    "seed_one_megabyte_line.txt": ["ENDOFMESSAGE"],
    "documents_markup.yaml": ["<script>alert(1)</script> {{ 7*7 }} {% if x %}", "<img src=x onerror=alert(2)>"],
    "page_markup.md": ["<script>alert(1)</script>", "{{ 7*7 }}", '{% include "base.html" %}'],
    "site_markup.yaml": ["<script>alert(1)</script> {{ 7*7 }}", "{% include 'base.html' %}"],
}
# ... and what must not be in the HTML at all.
ABSENT = {
    "seed_bom.txt": ["\ufeff"],
    "seed_crlf.txt": ["\r"],
    "seed_page_marker_cut.txt": ['id="page-79"', 'id="page-794"'],
}


# ---------------------------------------------------------------- helpers

def install(tmp_path: Path, case: Case) -> tuple[Path, Path]:
    """A copy of the example edition with the case's file in place, and an output folder with a previous site."""
    project = copy_project(tmp_path)
    data = GENERATED[case.name]() if case.name in GENERATED else (CORPUS / case.name).read_bytes()
    target = project / case.dest
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    out = tmp_path / "public" / "_site"
    for rel, text in PREVIOUS_SITE.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, "utf-8")
    return project, out


def tree_digest(folder: Path, skip: Path | None = None) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and not (skip and (p == skip or skip in p.parents))}


def folders(folder: Path, skip: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_dir() and not (p == skip or skip in p.parents))


def outside(tmp_path: Path, out: Path) -> tuple:
    """Everything in the test's folder except the output folder: the project, and out's parent."""
    return tree_digest(tmp_path, skip=out), folders(tmp_path, skip=out)


def diagnostic_problems(lines: list[str], project: Path, out: Path) -> list[str]:
    """Lines that are not `path:line: severity[code]: message` with a real path and a line inside the file."""
    problems = []
    for text in lines:
        m = DIAGNOSTIC.match(text)
        if not m:
            problems.append(f"not a diagnostic: {text!r}")
            continue
        path = m["path"]
        if path != str(out) and not (project / path).exists():
            problems.append(f"no such path: {text!r}")
        elif m["line"]:
            file = project / path
            count = file.read_bytes().count(b"\n") + 1 if file.is_file() else 0
            if not 1 <= int(m["line"]) <= count:
                problems.append(f"line {m['line']} is not a line of {path} ({count} lines): {text!r}")
    return problems


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def scheme(url: str) -> str:
    probe = re.sub(r"[\x00-\x20]", "", url).lower()
    m = re.match(r"^([a-z][a-z0-9+.-]*):", probe)
    return m.group(1) if m else ""


FOREIGN_TAGS = {"iframe", "object", "embed", "base", "frame", "applet"}
DATA_SCRIPTS = ("application/ld+json", "application/json")


def markup_problems(html: str, base: str = "/") -> list[str]:
    """Elements and attributes that input text could have smuggled in."""
    problems = [f"raw {s!r}" for s in ("<script>alert", "<img src=x") if s in html]
    parser = Elements()
    parser.feed(html)
    for tag, attrs in parser.elements:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "data", "srcdoc") and \
                    scheme(value or "") in ("javascript", "vbscript", "data"):
                problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and values.get("type") not in DATA_SCRIPTS and not (values.get("src") or "").startswith(base):
            problems.append(f"<script> not from the site: {values}")
        if tag in FOREIGN_TAGS:
            problems.append(f"<{tag}> {values}")
    scripts = iter(parser.scripts)
    for tag, attrs in parser.elements:
        content = next(scripts) if tag == "script" else ""
        if tag == "script" and dict(attrs).get("type") in DATA_SCRIPTS:
            try:
                json.loads(content)
            except ValueError:
                problems.append(f"a data <script> that is not JSON: {content[:80]!r}")
    return problems


def site_html(out: Path) -> dict[Path, str]:
    return {p: p.read_text("utf-8") for p in sorted(out.rglob("*.html"))}


def staging_leftovers(out: Path) -> list[str]:
    """Staging or replaced-site folders beside `out`; a replaced site may be removed in the background."""
    deadline = time.monotonic() + 30
    while True:
        left = sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))
        if not left or time.monotonic() > deadline or any(".staging-" in name for name in left):
            return left
        time.sleep(0.1)


# ---------------------------------------------------------------- the corpus

def test_the_corpus_and_its_table_agree():
    files = {p.name for p in CORPUS.iterdir() if p.name not in ("README.md", ".gitattributes")}
    named = {c.name for c in CASES}
    assert files - named == set(), "files in tests/bad_inputs/ without a row in its README.md"
    assert named - files == set(GENERATED), "rows in tests/bad_inputs/README.md without a file"
    assert b"\r\n" in (CORPUS / "seed_crlf.txt").read_bytes(), "CRLF was lost (see .gitattributes)"
    assert (CORPUS / "seed_bom.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    assert all(p.stat().st_size < 10_000 for p in CORPUS.iterdir())


def test_the_markup_check_notices_markup():
    assert markup_problems("<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;</p>") == []
    found = "\n".join(markup_problems(
        '<script>alert(1)</script><img src=x onerror=alert(2)><a href=" JaVa\tscript:alert(3)">a</a>'
        '<script type="application/ld+json">{"name": "</script><p>"}</script>'))
    for expected in ("raw '<script>alert'", "raw '<img src=x'", "<img onerror=…>", "<a href=",
                     "<script> not from the site", "a data <script> that is not JSON"):
        assert expected in found, f"not reported: {expected}\n{found}"


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_input(tmp_path, case):
    project, out = install(tmp_path, case)
    before = outside(tmp_path, out)
    previous = tree_digest(out)

    started = time.perf_counter()
    result = build(BuildOptions(project=project, out=out, jobs=1))
    seconds = time.perf_counter() - started

    assert seconds < SECONDS, f"the build took {seconds:.0f} s: is some step quadratic in the length of a line?"
    assert not staging_leftovers(out)
    assert outside(tmp_path, out) == before, "files were written outside the output folder"
    formatted = [d.format() for d in result.diagnostics]
    assert not diagnostic_problems(formatted, project, out)
    if case.code:
        wanted = [d for d in result.diagnostics
                  if d.code == case.code and d.path == case.dest and (case.line is None or d.line == case.line)]
        assert wanted, f"expected {case.dest}:{case.line}: …[{case.code}] among:\n" + "\n".join(formatted)
    if not case.built:
        assert not result.written and any(d.severity == "error" for d in result.diagnostics)
        assert tree_digest(out) == previous, "a stopped build changed the previous site"
        return
    assert result.written, "\n".join(formatted)
    pages = site_html(out)
    assert "documents/old/index.html" not in {str(p.relative_to(out)) for p in pages}
    for path, html in pages.items():
        assert not markup_problems(html), f"{path}: {markup_problems(html)}"
    text = " ".join(page_text(html) for html in pages.values())
    raw = "".join(pages.values())
    for shown in SHOWN.get(case.name, []):
        assert shown in text, f"{shown!r} is not shown as text"
    for absent in ABSENT.get(case.name, []):
        assert absent not in raw


CLI_CASES = ["seed_script.txt", "seed_latin1.txt", "seed_path_name.txt", "documents_alias_bomb.yaml",
             "page_markup.md", "site_truncated.yaml", "site_deep_nesting.yaml"]


def run_cli(project: Path, out: Path, cwd: Path, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(project), "--out", str(out),
                           "--quiet"], capture_output=True, text=True, timeout=timeout, cwd=cwd)


@pytest.mark.parametrize("case", [c for c in CASES if c.name in CLI_CASES], ids=str)
def test_bad_input_through_the_command_line(tmp_path, case):
    project, out = install(tmp_path, case)
    before = outside(tmp_path, out)
    previous = tree_digest(out)

    proc = run_cli(project, out, cwd=tmp_path)

    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    assert proc.returncode == (0 if case.built else 1), proc.stderr
    diagnostics = [line for line in proc.stderr.splitlines() if line and not line[0].isspace()]
    assert diagnostics or not case.code
    assert not diagnostic_problems(diagnostics, project, out)
    if case.code:
        where = f"{case.dest}:{case.line}: " if case.line else f"{case.dest}: "
        assert any(line.startswith(where) and f"[{case.code}]: " in line for line in diagnostics), proc.stderr
    assert not staging_leftovers(out)
    assert outside(tmp_path, out) == before
    if case.built:
        for path, html in site_html(out).items():
            assert not markup_problems(html), f"{path}: {markup_problems(html)}"
    else:
        assert "NOT written" in proc.stderr
        assert tree_digest(out) == previous


def test_page_marker_given_twice_keeps_ids_unique(tmp_path):
    """The same page marker twice in one seed must not give two elements one id."""
    project = copy_project(tmp_path)
    (project / "seeds" / "zz_twice.txt").write_text(
        "861.24/1390\nMemorandum by the Secretary of State to President Roosevelt\n\n"
        "Washington, January 5, 1944.\n\nFirst [Page 12] and again [Page 12] the same page.\n", "utf-8")
    out = tmp_path / "out"
    build_example(out, project=project)
    for path, html in site_html(out).items():
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), f"{path}: duplicate ids {sorted({i for i in ids if ids.count(i) > 1})}"


# ---------------------------------------------------------------- failed builds

@pytest.fixture
def built(tmp_path):
    """A project and its built site: (project, out, digest of the site)."""
    project = copy_project(tmp_path)
    out = tmp_path / "public" / "_site"
    build_example(out, project=project)
    return project, out, tree_digest(out)


def test_error_in_input_leaves_the_previous_site(built):
    project, out, previous = built
    (project / "seeds" / "zz_latin1.txt").write_bytes(b"caf\xe9\n")
    result = build(BuildOptions(project=project, out=out, jobs=1))
    assert not result.written
    errors = [(d.path, d.line, d.code) for d in result.diagnostics if d.severity == "error"]
    assert errors == [("seeds/zz_latin1.txt", 1, "not-utf8")]
    assert tree_digest(out) == previous and not staging_leftovers(out)


def test_ctrl_c_while_rendering_leaves_the_previous_site(built, monkeypatch):
    project, out, previous = built

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(render.Renderer, "document_page", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(BuildOptions(project=project, out=out, jobs=1))
    assert tree_digest(out) == previous and not staging_leftovers(out)


def test_ctrl_c_while_swapping_leaves_the_previous_site(built, monkeypatch):
    """Interrupted between moving the old site aside and moving the new one in: the old one comes back."""
    project, out, previous = built
    real_replace = os.replace

    def replace(src, dst):
        if Path(src).name.startswith(f".{out.name}.staging-"):
            raise KeyboardInterrupt
        return real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        build(BuildOptions(project=project, out=out, jobs=1))
    monkeypatch.undo()
    assert tree_digest(out) == previous and not staging_leftovers(out)


def test_full_disk_leaves_the_previous_site(built, monkeypatch):
    project, out, previous = built
    real_write_bytes = Path.write_bytes
    writes = []

    def write_bytes(self, data):
        if ".staging-" in str(self):
            writes.append(self)
            if len(writes) > 3:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    result = build(BuildOptions(project=project, out=out, jobs=1))
    monkeypatch.undo()
    assert len(writes) == 4 and not result.written
    [failed] = [d for d in result.diagnostics if d.severity == "error"]
    assert failed.code == "write-failed" and failed.path == str(out)
    assert "No space left on device" in failed.message
    assert not diagnostic_problems([failed.format()], project, out)
    assert tree_digest(out) == previous and not staging_leftovers(out)


def test_failing_postprocessing_step_leaves_the_previous_site(built, monkeypatch):
    """A step on the finished staging folder (the search index) that fails stops the build."""
    project, out, previous = built
    seen = []

    def failing(edition, staging):
        seen.append(staging)
        return [error("seeds", 0, "search-index-failed", "the indexer failed; the previous site is unchanged")]

    monkeypatch.setattr(pipeline, "POSTPROCESSORS", (failing,))
    result = build(BuildOptions(project=project, out=out, jobs=1))
    assert seen and not seen[0].exists()
    assert not result.written and tree_digest(out) == previous and not staging_leftovers(out)


@pytest.mark.parametrize("where", ["project", "parent", "seeds"])
def test_output_folder_holding_the_edition_is_refused(tmp_path, where):
    project = copy_project(tmp_path)
    before = tree_digest(tmp_path)
    out = {"project": project, "parent": tmp_path, "seeds": project / "seeds"}[where]
    result = build(BuildOptions(project=project, out=out, jobs=1))
    assert not result.written
    assert [d.code for d in result.diagnostics if d.severity == "error"] == ["out-holds-inputs"]
    assert tree_digest(tmp_path) == before


SLOW_CLI = """
import pathlib, sys, time
sys.path.insert(0, {root!r})
real_write_bytes = pathlib.Path.write_bytes

def slow_write_bytes(self, data):
    if ".staging-" in str(self):
        pathlib.Path({flag!r}).write_text("writing")
        time.sleep(120)
    return real_write_bytes(self, data)

pathlib.Path.write_bytes = slow_write_bytes
from edition.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_ctrl_c_through_the_command_line(built, tmp_path):
    project, out, previous = built
    flag = tmp_path / "writing.flag"
    code = SLOW_CLI.format(root=str(ROOT), flag=str(flag))
    proc = subprocess.Popen([sys.executable, "-c", code, "--project", str(project), "--out", str(out), "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not flag.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert flag.exists(), "the build never started writing its staging folder"
        os.killpg(proc.pid, signal.SIGINT)      # as Ctrl+C in a terminal: the build and its workers
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr + stdout
    assert "interrupted; the previous site is unchanged" in stderr
    assert tree_digest(out) == previous and not staging_leftovers(out)
