"""The only module that knows the order of the stages.

load config → read seeds and content → parse each seed (pure, parallel) →
apply the editorial layer → assign ids → check the whole edition → gate on
errors → render into a staging folder → swap it into place.
"""
from __future__ import annotations

import gc
import re
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from .diagnostics import Diagnostic, error, has_errors
from .loader import Edition, load_edition
from .memo import Memo
from .seed_cache import SeedCache
from . import calendar_pages, folder_pages, opendata, register_pages, search
from . import cmif, publish, tei, witness_export
from .output import OutputError, copy_tree, discard, staging_dir, swap_into_place, write_text
from .parallel import document_tasks, write_tasks
from .render import TOOL_ROOT, Output, Renderer


# Each page links exactly one stylesheet (the only render-blocking request): the base, or the
# base with the rules of its page type. Parts live in assets/css/; a project may add or override.
STYLESHEETS = {"style.css": ("base",), "style-calendar.css": ("base", "calendar"),
               "style-witnesses.css": ("base", "witnesses"), "style-search.css": ("base", "search")}


def stylesheets(project: Path) -> Iterable[Output]:
    for name, parts in STYLESHEETS.items():
        texts = []
        for part in parts:
            own = project / "assets" / "css" / f"{part}.css"
            texts.append((own if own.exists() else TOOL_ROOT / "assets" / "css" / f"{part}.css").read_text("utf-8"))
        yield Output(f"assets/{name}", compact_css("\n".join(texts)))


def compact_css(text: str) -> str:
    """Comments and white space out, outside strings: runs of spaces become one, and none is
    left around { } ; , or after a colon (a space before a colon is kept: it is a selector's)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    pieces = re.split(r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')", text)
    for i in range(0, len(pieces), 2):  # the odd pieces are the strings
        piece = re.sub(r"\s+", " ", pieces[i])
        piece = re.sub(r" ?([{};,]) ?", r"\1", piece)
        pieces[i] = piece.replace(": ", ":").replace(";}", "}")
    return "".join(pieces).strip() + "\n"


def compact_js(text: str) -> str:
    """Indentation and whole-line comments out. Our scripts have no template literals or
    multi-line strings, so nothing else changes."""
    return "\n".join(line.strip() for line in text.split("\n")
                     if line.strip() and not line.strip().startswith("//")) + "\n"


def _site_pages(edition: Edition, renderer: Renderer) -> Iterable[Output]:
    return renderer.site_pages()


def _made(generate, edition: Edition, renderer: Renderer) -> Iterable[Output]:
    return generate(edition, renderer)


def document_page(edition: Edition, renderer: Renderer, index: int) -> Iterable[Output]:
    return renderer.document_outputs(index)


def _per_document(generate):
    """Adapt a generator of one document's outputs (edition, renderer, doc) to the index it is given."""
    def run(edition: Edition, renderer: Renderer, index: int) -> Iterable[Output]:
        return generate(edition, renderer, edition.documents[index])
    run.__name__ = getattr(generate, "__module__", "generator")
    return run


# What each document gets: its page and its downloads. These run in parallel
# across the cores (see parallel.py); each takes (edition, renderer, index).
DOCUMENT_GENERATORS = (
    document_page,
    _per_document(tei.document_outputs),
    _per_document(publish.document_outputs),
    _per_document(witness_export.document_outputs),
)

# Everything the site holds besides the HTML pages: each entry takes (edition,
# renderer) and yields Outputs. A new kind of output is a module plus a line here.
GENERATORS: tuple[Callable[[Edition, Renderer], Iterable[Output]], ...] = (
    opendata.outputs,
    register_pages.outputs,
    calendar_pages.outputs,
    folder_pages.outputs,
    search.outputs,
    cmif.outputs,
    publish.outputs,
)

# Steps that run on the finished staging folder before it is swapped into place
# (e.g. the search index). Each takes (edition, staging folder) and returns
# diagnostics; an error among them stops the build.
POSTPROCESSORS: tuple[Callable[[Edition, Path], list[Diagnostic]], ...] = (
    search.index,
    publish.sitemap,
)


@dataclass(frozen=True)
class BuildOptions:
    project: Path
    out: Path
    base_url: str | None = None
    strict: bool = False
    jobs: int | None = None
    search: bool = True          # build the Pagefind index (off for quick previews and benchmarks)
    cache: bool = True           # keep seeds' parses between builds (seed_cache.py); off: --no-cache


@dataclass
class BuildResult:
    edition: Edition | None
    diagnostics: list[Diagnostic]
    written: bool = False
    pages: int = 0
    bytes: int = 0
    seconds: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.written


def check(options: BuildOptions, progress: Callable[[str], None] | None = None,
          memo: Memo | None = None) -> BuildResult:
    """Read and check everything; write nothing."""
    timings: dict = {}
    store = SeedCache(options.project) if options.cache else None
    edition = load_edition(options.project, options.base_url, options.jobs, progress, timings, memo, store)
    return BuildResult(edition, list(edition.diagnostics), seconds=timings)


def _holds_inputs(options: BuildOptions) -> bool:
    out, project = options.out.resolve(), options.project.resolve()
    inputs = [project / name for name in ("seeds", "content", "templates", "assets", "site.yaml")]
    return any(out == x or out in x.parents for x in inputs + [TOOL_ROOT / "edition"])


def build(options: BuildOptions, progress: Callable[[str], None] | None = None,
          memo: Memo | None = None) -> BuildResult:
    result = check(options, progress, memo)
    # The edition lives until the site is written: set it aside from the garbage collector, which
    # would otherwise walk it on every collection (and, in the forked workers, copy every page of
    # memory it touches).
    gc.freeze()
    try:
        return _write(options, result)
    finally:
        gc.unfreeze()


def _write(options: BuildOptions, result: BuildResult) -> BuildResult:
    edition = result.edition
    if _holds_inputs(options):
        result.diagnostics.append(error(str(options.out), 0, "out-holds-inputs",
                                        f"the output folder {options.out} holds the edition's own files, which "
                                        "the new site would replace; choose a folder of its own, e.g. --out _site"))
    if has_errors(result.diagnostics, options.strict):
        return result   # gate: the old site stays untouched
    staging = staging_dir(options.out)
    try:
        t = time.perf_counter()
        renderer = Renderer(edition)
        # the lists of the edition (the longest tasks, so first) and every document's files, on all cores
        tasks = [partial(_made, generate, edition, renderer) for generate in (_site_pages,) + GENERATORS]
        tasks += document_tasks(edition, renderer, DOCUMENT_GENERATORS)
        written, pages = write_tasks(staging, tasks, options.jobs, len(edition.documents))
        result.bytes += written
        result.pages += pages
        renderer.written = staging
        result.seconds["pages"] = time.perf_counter() - t
        t = time.perf_counter()
        copy_tree(TOOL_ROOT / "assets", staging, "assets", skip=("css", "preview-reload.js"))
        if (edition.project / "assets").is_dir() and edition.project.resolve() != TOOL_ROOT:
            copy_tree(edition.project / "assets", staging, "assets", skip=("css", "preview-reload.js"))
        for output in stylesheets(edition.project):
            result.bytes += write_text(staging, output.path, output.text)
        for script in sorted((staging / "assets").glob("*.js")):
            script.write_text(compact_js(script.read_text("utf-8")), "utf-8")
        write_text(staging, ".nojekyll", "")
        # the printable views read the written document pages back
        written, pages = write_tasks(staging, publish.print_tasks(edition, renderer), options.jobs,
                                     len(edition.documents))
        result.bytes += written
        result.pages += pages
        result.seconds["print"] = time.perf_counter() - t
        for step in POSTPROCESSORS:
            if step is search.index and not options.search:
                continue
            t = time.perf_counter()
            problems = step(edition, staging)
            result.diagnostics += problems
            result.seconds[step.__module__.rsplit(".", 1)[-1]] = time.perf_counter() - t
            if has_errors(problems):
                discard(staging)
                return result
        swap_into_place(staging, options.out)
        result.written = True
    except (OutputError, OSError) as exc:
        discard(staging)
        result.diagnostics.append(error(str(options.out), 0, "write-failed",
                                        f"the site could not be written ({exc}); the previous site is "
                                        "unchanged; free disk space or choose another --out"))
    except BaseException:
        discard(staging)
        raise
    return result
