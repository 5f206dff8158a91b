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

from . import search
from .diagnostics import Diagnostic, error, has_errors
from .loader import Edition, Stopwatch, load_edition
from .memo import Memo
from .opendata import document_record
from .witnesses import absorbed
from .pipeline import DOCUMENT_GENERATORS, GENERATORS, BuildOptions, BuildResult, build
from .render import TOOL_ROOT, Renderer, doc_path



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


def _moved(edition: Edition) -> set[str]:
    return {copy.id for doc in edition.documents for copy in absorbed(doc)}


def _templates_stamp(project: Path) -> tuple:
    stamps = []
    for folder in (project / "templates", TOOL_ROOT / "templates"):
        if folder.is_dir():
            stamps += [(str(p), p.stat().st_mtime_ns) for p in sorted(folder.glob("*.html"))]
    return tuple(stamps)


@dataclass
class Preview:
    options: BuildOptions
    memo: Memo = field(default_factory=Memo)
    page_keys: dict = field(default_factory=dict)     # document id -> what its page showed
    list_entries: dict = field(default_factory=dict)  # document id -> what the lists showed of it
    lists_key: tuple = ()                              # and what they showed of the whole edition
    last: Edition | None = None                        # the edition of the last build
    stamp: tuple = ()                                  # its templates
    moved: set = field(default_factory=set)           # ids of documents now witnesses of others
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
        named = tuple(edition.registers.get(r, k) for r, k in
                      self.memo.step("named", doc, (), lambda: tuple(renderer.named_keys(doc))))
        folder = (renderer.folder_titles.get(doc.folder), renderer.folder_positions.get(doc.id))
        nav = tuple((page.title, page.slug) for page in edition.content.pages)    # the header of every page
        return (doc, near, letter, thread, related, named, folder, edition.config, nav, stamp)

    def list_entry(self, key: tuple) -> tuple:
        """What the lists of the whole edition show of one document: metadata, names and replies,
        not the text (but data/documents.json also lists its notes, page breaks and witnesses)."""
        doc = key[0]
        return (doc.id, doc.title, doc.date, doc.kind, doc.subject, doc.senders, doc.recipients,
                doc.references, doc.folder, key[2], key[5],
                self.memo.step("record", doc, (), lambda: document_record(doc, "")))

    def touched(self, edition: Edition, renderer: Renderer, stamp: tuple) -> set[int] | None:
        """The documents whose pages may show something new: those that are new objects (memo.py),
        and their neighbours by date and by correspondents; None when anything else changed."""
        last = self.last
        if (last is None or stamp != self.stamp or len(edition.documents) != len(last.documents)
                or any(getattr(edition, a) is not getattr(last, a)
                       for a in ("config", "content", "registers", "correspondence"))):
            return None
        changed = [i for i, (a, b) in enumerate(zip(edition.documents, last.documents)) if a is not b]
        # a new id, folder or folder title moves or renames what other pages show
        if any(a.id != b.id or a.folder != b.folder or "folder-note" in (a.kind, b.kind)
               for a, b in ((edition.documents[i], last.documents[i]) for i in changed)):
            return None
        position = {d.id: i for i, d in enumerate(edition.documents)} if changed else {}
        out = set()
        for i in changed:
            out.update(j for j in (i - 1, i, i + 1) if 0 <= j < len(edition.documents))
            for near in (renderer.pair_neighbours.get(edition.documents[i].id) or ()):
                if near is not None:
                    out.add(position[near.id])
        return out

    def full(self) -> BuildResult:
        result = build(self.options, memo=self.memo)
        if result.written:
            self._remember(result.edition)
            self.version += 1
        self.memo.next_round()
        return result

    def _remember(self, edition: Edition) -> None:
        renderer = Renderer(edition)
        stamp = _templates_stamp(edition.project)
        self.page_keys = {doc.id: self.page_key(edition, renderer, i, stamp) for i, doc in enumerate(edition.documents)}
        self.moved = _moved(edition)
        self.list_entries = {i: self.list_entry(k) for i, k in self.page_keys.items()}
        self.lists_key = (edition.registers, edition.config, edition.content.pages, stamp)
        self.last, self.stamp = edition, stamp

    def update(self) -> tuple[list[Diagnostic], int, float]:
        """Rebuild what changed in place; returns (diagnostics, documents re-rendered, seconds)."""
        try:
            return self._update()
        finally:
            self.memo.next_round()

    def _update(self) -> tuple[list[Diagnostic], int, float]:
        started = time.perf_counter()
        out = self.options.out
        self.timings = {}
        edition = load_edition(self.options.project, self.options.base_url, self.options.jobs,
                               memo=self.memo, timings=self.timings)
        lap = Stopwatch(self.timings)
        diags = list(edition.diagnostics)
        if has_errors(diags, self.options.strict):
            return diags, 0, time.perf_counter() - started
        if not out.is_dir():
            result = self.full()
            return result.diagnostics, len(edition.documents), time.perf_counter() - started
        renderer = Renderer(edition)
        stamp = _templates_stamp(edition.project)
        touched = self.touched(edition, renderer, stamp)
        keys = {doc.id: self.page_keys[doc.id] for doc in edition.documents} if touched is not None else {}
        entries = dict(self.list_entries) if touched is not None else {}
        changed = 0
        try:
            for i in (sorted(touched) if touched is not None else range(len(edition.documents))):
                doc = edition.documents[i]
                key = keys[doc.id] = self.page_key(edition, renderer, i, stamp)
                entries[doc.id] = self.list_entry(key)
                if self.page_keys.get(doc.id) == key:
                    continue
                changed += 1
                made = set()
                for generate in DOCUMENT_GENERATORS:
                    for output in generate(edition, renderer, i):
                        _write_if_changed(out, output.path, output.text)
                        made.add(output.path)
                # a download the document no longer has (its collation, after a witness group is undone)
                for file in (out / doc_path(doc.id)).glob("*"):
                    if file.is_file() and f"{doc_path(doc.id)}{file.name}" not in made:
                        file.unlink()
            renderer.written = out
            self.last, self.stamp = edition, stamp
            lap.lap("pages")
            # The lists of the whole edition show metadata, names and replies, not the text:
            # when none of that changed, they stay as they are.
            lists_key = (edition.registers, edition.config, edition.content.pages, stamp)
            if lists_key == self.lists_key and entries == self.list_entries:
                self.page_keys, self.list_entries = keys, entries
                self.version += 1
                lap.lap("lists")
                return diags, changed, time.perf_counter() - started
            self.lists_key, self.list_entries = lists_key, entries
            for page in renderer.site_pages():
                _write_if_changed(out, page.path, page.text)
            for generate in GENERATORS:
                if generate is search.outputs and not (out / "search").is_dir():
                    continue
                for output in generate(edition, renderer):
                    _write_if_changed(out, output.path, output.text)
            lap.lap("lists")
        except OSError as exc:
            diags.append(error(str(out), 0, "write-failed", f"the preview could not be updated ({exc}); "
                                                            "stop the server and run a full build"))
            return diags, changed, time.perf_counter() - started
        # a document gone, or now a witness of another (its folder keeps only the redirect page)
        moved = _moved(edition)
        for gone in (set(self.page_keys) | self.moved) - set(keys):
            for file in (out / doc_path(gone)).glob("*"):
                if gone not in moved or file.name != "index.html":
                    file.unlink(missing_ok=True)
        self.page_keys, self.moved = keys, moved
        self.version += 1
        return diags, changed, time.perf_counter() - started
