"""Client-side search: the search page, and the Pagefind index built on the staging folder.

What gets indexed is decided by the templates, not here: every page whose `<main>`
carries `data-pagefind-body` (base.html; the home, search and 404 pages opt out),
minus anything marked `data-pagefind-ignore`. Filters, the sort key and the
metadata of a result come from `data-pagefind-*` attributes in document.html.
The reader's side lives in assets/search.js (search page) and
assets/highlight.js (hits marked on the page a result opens).

Pagefind holds a whole run's index in memory (about 3 GB at 10,000 pages), so a large
edition is indexed in parts of at most CHUNK_PAGES pages, one Pagefind run each, written
to pagefind/, pagefind-2/, …; pagefind/chunks.json lists them and search.js searches them
all and joins the results (why not with Pagefind's mergeIndex: see there).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator

from .diagnostics import Diagnostic, error
from .loader import Edition
from .render import Output, Renderer, doc_path

SEARCH_PATH = "search/"
BUNDLE = "pagefind"            # folder of the index and Pagefind's scripts, below the base URL
MANIFEST = "chunks.json"       # in BUNDLE/: the further bundles search.js searches, relative to the base URL
TIMEOUT = 600                  # seconds per Pagefind run; a part of CHUNK_PAGES pages takes well under a minute
CHUNK_PAGES = 4000             # indexable pages per Pagefind run; above this the index is built in parts
INDEXED = b"data-pagefind-body"

# Markup that is apparatus, not words: a note number glued to the word before it
# ("Burrows3") would otherwise hide that word from the index.
EXCLUDE_SELECTORS = ("sup.noteref",)


def outputs(edition: Edition, renderer: Renderer) -> Iterator[Output]:
    """The search page; its form and results are built by assets/search.js."""
    context = renderer.common(SEARCH_PATH, "Search") | {"bundle": renderer.url(BUNDLE + "/")}
    yield Output(SEARCH_PATH + "index.html", renderer.env.get_template("search.html").render(context))


def pagefind_command() -> list[str]:
    """The Pagefind executable shipped in the pinned `pagefind-bin` wheel (see pyproject.toml)."""
    from pagefind_bin import get_executable   # imported here: a missing package is a diagnostic, not a crash
    return [str(get_executable())]


def bundle_name(number: int) -> str:
    """`pagefind` for the main part (its scripts are the ones the pages load), `pagefind-2`, … after it."""
    return BUNDLE if number == 1 else f"{BUNDLE}-{number}"


def chunks(edition: Edition, staging: Path, size: int) -> list[list[str]]:
    """The indexable pages (relative paths) of each Pagefind run, or [] for one run over the whole folder.

    Deterministic: the pages that are not documents (about, persons, terms, places) first, as
    the main part, then the documents in date order in slices of `size`. Only pages that
    carry data-pagefind-body go into a part: a run that finds none would index every page whole.
    """
    pages = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*.html"))
    indexable = {p for p in pages if INDEXED in (staging / p).read_bytes()}
    if len(indexable) <= size:
        return []
    documents = [doc_path(d.id) + "index.html" for d in edition.documents]
    documents = [p for p in documents if p in indexable]
    others = sorted(indexable.difference(documents))
    return [part for group in (others, documents) for part in _slices(group, size)]


def _slices(items: list[str], size: int) -> list[list[str]]:
    return [items[start:start + size] for start in range(0, len(items), size)]


def index(edition: Edition, staging: Path, chunk_pages: int | None = None) -> list[Diagnostic]:
    """Run Pagefind on the fresh staging folder, in parts if it is large; an error if any run
    fails, so the old site stays."""
    if (staging / BUNDLE).exists():
        # Pagefind adds to an existing bundle without pruning; the staging folder must not have one.
        return [_failed(f'the staging folder already holds "{BUNDLE}/" (a generator wrote it); rename that output')]
    try:
        command = pagefind_command()
    except (ImportError, FileNotFoundError) as exc:
        return [_failed(f"Pagefind is not installed ({exc}); install the pinned packages with "
                        "`.venv/bin/pip install -e .` (scripts/serve.sh does it)")]
    parts = chunks(edition, staging, chunk_pages or CHUNK_PAGES)
    if not parts:
        problems = _run(command, staging, staging / BUNDLE, "")
    else:
        problems = _index_parts(command, staging, parts)
    if not problems:
        _write_manifest(staging, edition, parts)
    return problems


def _write_manifest(staging: Path, edition: Edition, parts: list[list[str]]) -> None:
    """BUNDLE/chunks.json: the bundles search.js searches besides the main one ("bundles"), and those
    holding documents, in date order ("dated"; a sorted search joins their results in this order)."""
    documents = {doc_path(d.id) + "index.html" for d in edition.documents}
    names = [bundle_name(n) + "/" for n in range(1, len(parts) + 1)]
    manifest = {"bundles": names[1:],
                "dated": [name for name, part in zip(names, parts) if documents.intersection(part)]}
    (staging / BUNDLE / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")


def _index_parts(command: list[str], staging: Path, parts: list[list[str]]) -> list[Diagnostic]:
    for number in range(2, len(parts) + 1):
        if (staging / bundle_name(number)).exists():
            return [_failed(f'the staging folder already holds "{bundle_name(number)}/" (a generator wrote it); '
                            "rename that output")]
    for number, part in enumerate(parts, 1):
        # A folder of links to this part's pages only, at their paths below the site root (so the
        # URLs stay right); inside the staging folder, so it is discarded with it if anything fails.
        folder = Path(tempfile.mkdtemp(prefix=".search-part-", dir=staging))
        try:
            for relative in part:
                _link(staging / relative, folder / relative)
            problems = _run(command, folder, staging / bundle_name(number), f" on part {number} of {len(parts)}")
        finally:
            shutil.rmtree(folder)
        if problems:
            return problems
    return []


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:   # a file system without hard links: copy
        shutil.copyfile(source, target)


def _run(command: list[str], site: Path, bundle: Path, where: str) -> list[Diagnostic]:
    """One Pagefind run over `site`, writing its bundle to `bundle`."""
    command = command + ["--site", str(site), "--output-path", str(bundle),
                         "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS), "--quiet"]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [_failed(f"Pagefind could not run{where} ({exc})")]
    if proc.returncode != 0:
        return [_failed(f"Pagefind exited with status {proc.returncode}{where}: {_last_lines(proc)}")]
    if not (bundle / "pagefind.js").is_file():
        return [_failed(f"Pagefind wrote no {bundle.name}/pagefind.js{where}: {_last_lines(proc)}")]
    return []


def _failed(why: str) -> Diagnostic:
    return error(BUNDLE, 0, "search-index", f"search index could not be built: {why}; the previous site is unchanged")


def _last_lines(proc: subprocess.CompletedProcess, count: int = 5) -> str:
    lines = [line.strip() for line in (proc.stderr + "\n" + proc.stdout).splitlines() if line.strip()]
    return " / ".join(lines[-count:]) or "no output"
