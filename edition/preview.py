"""Quick rebuilds for `build.py serve`: only what a change affects.

The first build is a full one (staging folder, swap). After that, a change
re-reads only the seeds whose files changed (the parses of the others are kept),
runs the whole-edition stages again (ids, names, correspondence: they are
linear), and re-renders a document's files only when something its page shows
has changed: the document itself, its neighbours by date and by correspondents,
its replies and thread, the registers' entries, the settings, the templates.
The lists of the whole edition (home, calendar, registers, data) are written
again; the search index and the printable views are refreshed by the next full
build (`build.py build`), which gives the same bytes as ever.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import publish, search
from .diagnostics import Diagnostic, error, has_errors
from .loader import Edition, Stopwatch, load_edition
from .pipeline import DOCUMENT_GENERATORS, GENERATORS, BuildOptions, BuildResult, build
from .render import TOOL_ROOT, Renderer, doc_path

# Outputs a quick rebuild leaves as they are, to stay quick (see the module's docstring).
SKIPPED_IN_PREVIEW = {publish.outputs}


def _write_if_changed(root: Path, relative: str, text: str) -> bool:
    target = root.joinpath(*relative.split("/"))
    data = text.encode("utf-8")
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    return True


def _templates_stamp(project: Path) -> tuple:
    stamps = []
    for folder in (project / "templates", TOOL_ROOT / "templates"):
        if folder.is_dir():
            stamps += [(str(p), p.stat().st_mtime_ns) for p in sorted(folder.glob("*.html"))]
    return tuple(stamps)


@dataclass
class Preview:
    options: BuildOptions
    parse_cache: dict = field(default_factory=dict)
    page_keys: dict = field(default_factory=dict)     # document id -> what its page showed
    lists_key: tuple = ()                              # what the lists of the whole edition showed
    version: int = 0
    timings: dict = field(default_factory=dict)        # seconds per stage of the last update

    def page_key(self, edition: Edition, renderer: Renderer, index: int, stamp: tuple) -> tuple:
        docs = edition.documents
        doc = docs[index]
        near = tuple(d.id and (d.id, d.title, d.date) for d in (
            docs[index - 1] if index else None, docs[index + 1] if index + 1 < len(docs) else None,
            *renderer.pair_neighbours.get(doc.id, (None, None))) if d is not None)
        letter = edition.correspondence.get(doc.id)
        thread = tuple(renderer.thread(doc))
        related = tuple(edition.correspondence.get(i) for i in
                        (letter.in_reply_to + letter.answered_by + letter.quoted_in if letter else ()))
        named = tuple(edition.registers.get(r, k) for r, k in renderer.named_keys(doc))
        return (doc, near, letter, thread, related, named, edition.config, stamp)

    def full(self) -> BuildResult:
        result = build(self.options, parse_cache=self.parse_cache)
        if result.written:
            self._remember(result.edition)
            self.version += 1
        return result

    def _remember(self, edition: Edition) -> None:
        renderer = Renderer(edition)
        stamp = _templates_stamp(edition.project)
        self.page_keys = {doc.id: self.page_key(edition, renderer, i, stamp) for i, doc in enumerate(edition.documents)}
        self.lists_key = ()

    def update(self) -> tuple[list[Diagnostic], int, float]:
        """Rebuild what changed in place; returns (diagnostics, documents re-rendered, seconds)."""
        started = time.perf_counter()
        out = self.options.out
        self.timings = {}
        edition = load_edition(self.options.project, self.options.base_url, self.options.jobs,
                               parse_cache=self.parse_cache, timings=self.timings)
        lap = Stopwatch(self.timings)
        diags = list(edition.diagnostics)
        if has_errors(diags, self.options.strict):
            return diags, 0, time.perf_counter() - started
        if not out.is_dir():
            result = self.full()
            return result.diagnostics, len(edition.documents), time.perf_counter() - started
        renderer = Renderer(edition)
        stamp = _templates_stamp(edition.project)
        keys, changed = {}, 0
        try:
            for i, doc in enumerate(edition.documents):
                key = self.page_key(edition, renderer, i, stamp)
                keys[doc.id] = key
                if self.page_keys.get(doc.id) == key:
                    continue
                changed += 1
                for generate in DOCUMENT_GENERATORS:
                    for output in generate(edition, renderer, i):
                        _write_if_changed(out, output.path, output.text)
            renderer.written = out
            lap.lap("pages")
            # The lists of the whole edition show metadata, names and replies, not the text:
            # when none of that changed, they stay as they are.
            lists_key = (tuple((k[0].id, k[0].title, k[0].date, k[0].kind, k[0].subject, k[0].senders,
                                k[0].recipients, k[0].references, k[0].folder, k[2], k[5]) for k in keys.values()),
                         edition.registers, edition.config, edition.content.pages, stamp)
            lap.lap("lists-key")
            if lists_key == self.lists_key:
                self.page_keys = keys
                self.version += 1
                return diags, changed, time.perf_counter() - started
            self.lists_key = lists_key
            for page in renderer.site_pages():
                _write_if_changed(out, page.path, page.text)
            for generate in GENERATORS:
                if generate in SKIPPED_IN_PREVIEW or generate is search.outputs and not (out / "search").is_dir():
                    continue
                for output in generate(edition, renderer):
                    _write_if_changed(out, output.path, output.text)
            lap.lap("lists")
        except OSError as exc:
            diags.append(error(str(out), 0, "write-failed", f"the preview could not be updated ({exc}); "
                                                            "stop the server and run a full build"))
            return diags, changed, time.perf_counter() - started
        for gone in set(self.page_keys) - set(keys):
            for file in (out / doc_path(gone)).glob("*"):
                file.unlink(missing_ok=True)
        self.page_keys = keys
        self.version += 1
        return diags, changed, time.perf_counter() - started
