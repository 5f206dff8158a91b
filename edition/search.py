"""Client-side search: the search page, and the Pagefind index built on the staging folder.

What gets indexed is decided by the templates, not here: every page whose `<main>`
carries `data-pagefind-body` (base.html; the home, search and 404 pages opt out),
minus anything marked `data-pagefind-ignore`. Filters, the sort key and the
metadata of a result come from `data-pagefind-*` attributes in document.html.
The reader's side lives in assets/search.js (search page) and
assets/highlight.js (hits marked on the page a result opens).
"""
from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Iterator

from .diagnostics import Diagnostic, error
from .loader import Edition
from .render import Output, Renderer

SEARCH_PATH = "search/"
BUNDLE = "pagefind"            # folder of the index and Pagefind's scripts, below the base URL
TIMEOUT = 600                  # seconds; a large edition indexes in well under a minute

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


def index(edition: Edition, staging: Path) -> list[Diagnostic]:
    """Run Pagefind on the fresh staging folder; an error if it fails, so the old site stays."""
    if (staging / BUNDLE).exists():
        # Pagefind adds to an existing bundle without pruning; the staging folder must not have one.
        return [_failed(f'the staging folder already holds "{BUNDLE}/" (a generator wrote it); rename that output')]
    try:
        command = pagefind_command()
    except (ImportError, FileNotFoundError) as exc:
        return [_failed(f"Pagefind is not installed ({exc}); install the pinned packages with "
                        "`.venv/bin/pip install -e .` (scripts/serve.sh does it)")]
    command += ["--site", str(staging), "--output-subdir", BUNDLE,
                "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS), "--quiet"]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [_failed(f"Pagefind could not run ({exc})")]
    if proc.returncode != 0:
        return [_failed(f"Pagefind exited with status {proc.returncode}: {_last_lines(proc)}")]
    if not (staging / BUNDLE / "pagefind.js").is_file():
        return [_failed(f"Pagefind wrote no {BUNDLE}/pagefind.js: {_last_lines(proc)}")]
    return []


def _failed(why: str) -> Diagnostic:
    return error(BUNDLE, 0, "search-index", f"search index could not be built: {why}; the previous site is unchanged")


def _last_lines(proc: subprocess.CompletedProcess, count: int = 5) -> str:
    lines = [line.strip() for line in (proc.stderr + "\n" + proc.stdout).splitlines() if line.strip()]
    return " / ".join(lines[-count:]) or "no output"
