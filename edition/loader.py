"""Loading an edition: config, content, every seed parsed (in parallel), ids assigned.

Nothing here writes a file; the result is an `Edition` with all its diagnostics.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Callable

from . import readers
from .annotate import Matcher, annotate, link_text
from .correspondence import Correspondence, build_correspondence
from .registers import Registers, load_registers
from .config import Config, load_config
from .content import Content, apply_document_settings, load_content
from .diagnostics import Diagnostic, error, sort_unique, warning
from .ids import base_id, is_safe
from .memo import Memo, step
from .seed_cache import SeedCache
from .model import Document, note_refs
from .textio import read_source
from .witnesses import find_witnesses

SEED_SUFFIXES = (".txt", ".md")
PARALLEL_THRESHOLD = 16   # below this many seeds, processes cost more than they save


@dataclass(frozen=True)
class Edition:
    project: Path
    config: Config
    content: Content
    documents: tuple[Document, ...]           # in edition order (by date)
    diagnostics: tuple[Diagnostic, ...]
    registers: Registers = Registers()
    correspondence: Correspondence = Correspondence()

    def by_id(self) -> dict[str, Document]:
        return {d.id: d for d in self.documents}


@dataclass(frozen=True)
class ParsedSeed:
    name: str
    documents: tuple[Document, ...]
    diagnostics: tuple[Diagnostic, ...]


def parse_seed(project: Path, name: str, reader_name: str = "", matcher: Matcher | None = None) -> ParsedSeed:
    """Read and parse one seed file. Pure apart from reading the file; runs in a worker."""
    display = f"seeds/{name}"
    source, diags = read_source(project / "seeds" / name, display)
    if source is None:
        return ParsedSeed(name, (), tuple(diags))
    reader = readers.READERS.get(reader_name) or readers.choose(source.text)
    try:
        result = reader.read(source)
    except RecursionError:
        return ParsedSeed(name, (), tuple(diags) + (error(display, 0, "reader-failed",
                          "the text is nested too deeply to read; simplify the marks"),))
    documents = tuple(link_text(d, matcher) for d in result.documents) if matcher else result.documents
    found = result.diagnostics
    if reader_name:     # the editor named a reader (an unknown one is reported in sources.yaml)
        found = tuple(d for d in found if d.code != "reader-fallback")
    return ParsedSeed(name, documents, tuple(diags) + found)


# Set in the parent just before the parse workers are forked; they share them.
_worker_matcher: Matcher | None = None
_worker_store: SeedCache | None = None


def _parse_and_keep(project: Path, name: str, reader: str, key: str | None, matcher: Matcher | None,
                    store: SeedCache | None) -> ParsedSeed:
    parsed = parse_seed(project, name, reader, matcher)
    if store is not None and key is not None:
        store.save(name, key, parsed)
    return parsed


def _parse_in_worker(args: tuple[Path, str, str, str | None]) -> ParsedSeed:
    return _parse_and_keep(*args, matcher=_worker_matcher, store=_worker_store)


def _stored_key(store: SeedCache, project: Path, name: str, reader: str) -> str | None:
    try:
        return store.key(name, reader, (project / "seeds" / name).read_bytes())
    except OSError:
        return None            # parse_seed reports the unreadable file


def seed_files(project: Path) -> dict[str, tuple[int, int]]:
    """The seeds, name -> (modified ns, size), sorted by name, in one pass over the folder."""
    found = {}
    try:
        with os.scandir(project / "seeds") as entries:
            for entry in entries:
                if os.path.splitext(entry.name)[1] in SEED_SUFFIXES and entry.is_file():
                    stat = entry.stat()
                    found[entry.name] = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        return {}
    return dict(sorted(found.items()))


def seed_names(project: Path) -> list[str]:
    return list(seed_files(project))


def _other_files(project: Path, diags: list[Diagnostic]) -> None:
    """Files in seeds/ that are no transcription the build reads (a .docx, a .pdf): said, not skipped silently."""
    try:
        others = sorted(e.name for e in os.scandir(project / "seeds")
                        if e.is_file() and not e.name.startswith(".")
                        and os.path.splitext(e.name)[1] not in SEED_SUFFIXES)
    except OSError:
        return
    for name in others:
        diags.append(warning(f"seeds/{name}", 0, "seed-not-text",
                             f"the build reads transcriptions saved as plain text ({', '.join(SEED_SUFFIXES)}); "
                             "save this one as UTF-8 text to include it, or move it out of seeds/"))


def parse_all(project: Path, content: Content, jobs: int | None = None,
              progress: Callable[[str], None] | None = None, matcher: Matcher | None = None,
              cache: dict | None = None, token: object = None, store: SeedCache | None = None,
              ) -> list[ParsedSeed]:
    """Every seed parsed (and its names linked, when a matcher is given), in seed order.

    With a `cache` (the preview server keeps one), a seed whose file, reader and
    registers (`token`) are unchanged is not parsed again. With a `store` (seed_cache.py),
    neither is a seed parsed by an earlier build with the same bytes, registers and code.
    """
    global _worker_matcher, _worker_store
    files = seed_files(project)
    names = list(files)
    reader_for = {n: content.sources[n].reader if n in content.sources else "" for n in names}
    signatures = {n: (files[n], reader_for[n], token) for n in names} if cache is not None else {}
    done = {n: cache[n][1] for n in names if cache is not None and n in cache and cache[n][0] == signatures[n]}
    keys: dict[str, str | None] = {}
    if store is not None:
        for n in names:
            if n not in done:
                keys[n] = _stored_key(store, project, n, reader_for[n])
                kept = store.load(n, keys[n]) if keys[n] else None
                if kept is not None:
                    done[n] = kept
        store.prune(names)
    todo = [n for n in names if n not in done]
    workers = jobs or os.cpu_count() or 1
    if len(todo) < PARALLEL_THRESHOLD or workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        for n in todo:
            done[n] = _parse_and_keep(project, n, reader_for[n], keys.get(n), matcher, store)
            if progress:
                progress(n)
    else:
        _worker_matcher, _worker_store = matcher, store
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                jobs_list = [(project, n, reader_for[n], keys.get(n)) for n in todo]
                for n, parsed in zip(todo, pool.imap(_parse_in_worker, jobs_list, chunksize=16)):
                    done[n] = parsed
                    if progress:
                        progress(n)
        finally:
            _worker_matcher, _worker_store = None, None
    if cache is not None:
        cache.clear()
        cache.update({n: (signatures[n], done[n]) for n in names})
    return [done[n] for n in names]


def _check_sources(content: Content, names: list[str], diags: list[Diagnostic]) -> None:
    for name, settings in content.sources.items():
        if name not in names:
            diags.append(warning("content/sources.yaml", settings.line, "content-unknown-seed",
                                 f'there is no seed "{name}" in seeds/; fix the file name or remove the entry'))
        if settings.reader and settings.reader not in readers.READERS:
            diags.append(error("content/sources.yaml", settings.reader_line, "content-unknown-reader",
                               f'unknown reader "{settings.reader}"; use one of: '
                               + ", ".join(readers.READERS)))


def _corrected(doc: Document, settings, registers: Registers) -> tuple[Document, tuple[Diagnostic, ...]]:
    diags: list[Diagnostic] = []
    return apply_document_settings(doc, settings, registers, diags), tuple(diags)


def assign_ids(documents: list[Document], content: Content, registers: Registers,
               diags: list[Diagnostic], memo: Memo | None = None) -> list[Document]:
    """Give every document its id and the editor's corrections, keyed by the id from the source.

    Documents whose sources give the same id (two undated notes of one person, say) are told
    apart in seed order: the second is "<id>-2", and its corrections go under that key."""
    taken: dict[str, Document] = {}
    keys: set[str] = set()
    keyed_as: dict[int, str] = {}              # position in `out` -> its key in content/documents.yaml
    key_of = _keys(documents, content, diags, memo)
    out = []
    for position, doc in enumerate(documents):
        source_id, key, count = key_of[position]
        keys.add(key)
        settings = content.documents.get(key)
        if settings:
            doc, more = step(memo, "corrected", doc, (settings, registers),
                             lambda: _corrected(doc, settings, registers))
            diags += more
        doc_id = key
        pinned = settings.values.get("id") if settings else None
        if pinned is not None:
            if isinstance(pinned, str) and is_safe(pinned):
                doc_id = pinned
            else:
                diags.append(error("content/documents.yaml", settings.lines["id"], "content-id",
                                   f'id "{pinned}" may use only a-z, 0-9 and "-" (at most 100); choose another'))
        elif count > 1:
            diags.append(warning(doc.source.seed, doc.source.first_line, "id-collision",
                                 f'{count} documents would have the id "{source_id}"; this one, number {count} '
                                 f'in seed order, gets "{key}". Its corrections go under "{key}" in '
                                 f'content/documents.yaml; give it `id:` there to keep its URL if seeds are '
                                 f'added before it'))
        if doc_id in taken:
            n = 2
            while f"{doc_id}-{n}" in taken:
                n += 1
            where = (("content/documents.yaml", settings.lines["id"]) if pinned is not None
                     else (doc.source.seed, doc.source.first_line))
            diags.append(warning(*where, "id-collision",
                                 f'the id "{doc_id}" is taken by another document ({taken[doc_id].source.seed}); '
                                 f'this one gets "{doc_id}-{n}". Give it another `id:` under "{key}" in '
                                 'content/documents.yaml'))
            doc_id = f"{doc_id}-{n}"
        former = (key,) if pinned is not None and doc_id != key else ()
        doc = step(memo, "id", doc, (doc_id, former), lambda: replace(doc, id=doc_id, former_ids=former))
        taken[doc_id] = doc
        keyed_as[len(out)] = key
        out.append(doc)
    for key, settings in content.documents.items():
        if key not in keys:
            diags.append(warning("content/documents.yaml", settings.line, "content-unknown-document",
                                 f'no document has the id "{key}"; the ids are listed in data/documents.json'))
    diags[:] = _settle_missing_notes(diags, out, keyed_as)
    return out


def _keys(documents: list[Document], content: Content, diags: list[Diagnostic],
          memo: Memo | None) -> list[tuple[str, str, int]]:
    """Each document's (id from its source, key in content/documents.yaml, number among those
    with that id). Documents that share an id are keyed in seed order, "<id>", "<id>-2" …;
    corrections that name their `seed:` stay with the document of that seed."""
    source_ids = [step(memo, "base-id", doc, (), lambda: base_id(doc)) for doc in documents]
    groups: dict[str, list[int]] = {}
    for position, source_id in enumerate(source_ids):
        groups.setdefault(source_id, []).append(position)
    out: dict[int, tuple[str, str, int]] = {}
    for source_id, positions in groups.items():
        settings = content.documents.get(source_id)
        if settings and len(positions) > 1:
            wanted = settings.values.get("seed")
            chosen = [p for p in positions if isinstance(wanted, str) and wanted.strip()
                      and PurePosixPath(documents[p].source.seed).name == PurePosixPath(wanted.strip()).name]
            if chosen:
                positions = chosen[:1] + [p for p in positions if p != chosen[0]]
            else:
                diags.append(warning("content/documents.yaml", settings.line, "content-ambiguous",
                                     f'{len(positions)} documents have the id "{source_id}"; these corrections go to '
                                     f'the one in {documents[positions[0]].source.seed}, the first in seed order. '
                                     f'Add `seed: "{PurePosixPath(documents[positions[0]].source.seed).name}"` '
                                     'under it so that they stay with that document'))
        for count, position in enumerate(positions, start=1):
            out[position] = (source_id, source_id if count == 1 else f"{source_id}-{count}", count)
    return [out[p] for p in range(len(documents))]


def _settle_missing_notes(diags: list[Diagnostic], documents: list[Document],
                          keyed_as: dict[int, str]) -> list[Diagnostic]:
    """A marker whose note the editor has supplied is no longer reported; the others are told
    under which key of content/documents.yaml their note goes."""
    supplied: set[tuple[str, int]] = set()
    where: dict[str, list[tuple[int, int, str]]] = {}      # seed -> (first line, last line, key) of its documents
    for n, doc in enumerate(documents):
        where.setdefault(doc.source.seed, []).append((doc.source.first_line, doc.source.last_line, keyed_as[n]))
        labels = {note.label for note in doc.notes if note.origin == "editor"}
        if labels:
            supplied |= {(doc.source.seed, ref.line) for ref in note_refs(doc) if ref.label in labels and ref.number}
    out = []
    for d in diags:
        if d.code == "footnote-missing":
            if (d.path, d.line) in supplied:
                continue
            key = next((k for first, last, k in where.get(d.path, ()) if first <= d.line <= last), None)
            if key:
                d = replace(d, message=d.message.replace(
                    "content/documents.yaml under `notes:`", f"content/documents.yaml under `{key}:`, `notes:`"))
        out.append(d)
    return out


def load_edition(project: Path, base_url: str | None = None, jobs: int | None = None,
                 progress: Callable[[str], None] | None = None, timings: dict | None = None,
                 memo: Memo | None = None, store: SeedCache | None = None) -> Edition:
    """The edition read and prepared. With a `memo` (the preview server's), only what changed
    since the last call is computed again (see memo.py); with a `store`, seeds parsed by an
    earlier build are not parsed again (see seed_cache.py)."""
    # The document model is millions of small objects and no reference cycles: the cyclic
    # garbage collector would scan them again and again while they are made (over a third of
    # the time at 10,000 documents) and find nothing. Objects are still freed as they are dropped.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_edition(project, base_url, jobs, progress, timings, memo, store)
    finally:
        if collecting:
            gc.enable()


def _load_edition(project: Path, base_url: str | None, jobs: int | None,
                  progress: Callable[[str], None] | None, timings: dict | None, memo: Memo | None,
                  store: SeedCache | None) -> Edition:
    clock = Stopwatch(timings)
    config, diags = load_config(project, base_url)
    content, more = load_content(project)
    diags += more
    registers, more = load_registers(project)
    diags += more
    if memo is not None:
        config, content, registers = (memo.same("config", config), memo.same("content", content),
                                      memo.same("registers", registers))
    names = seed_names(project)
    _other_files(project, diags)
    if not names:
        diags.append(error("seeds", 0, "no-seeds", "there are no transcriptions (.txt) in seeds/; add one"))
    _check_sources(content, names, diags)
    clock.lap("read")
    matcher = step(memo, "matcher", registers, (), lambda: Matcher(registers))
    parsed = parse_all(project, content, jobs, progress, matcher, memo.seeds if memo else None, registers, store)
    clock.lap("parse")
    documents: list[Document] = []
    for seed in parsed:
        diags += seed.diagnostics
        settings = content.sources.get(seed.name)
        for doc in seed.documents:
            if settings and (settings.collection or settings.description):
                doc = step(memo, "source", doc, (settings,), lambda: replace(doc, source=replace(
                    doc.source, collection=settings.collection or doc.source.collection,
                    description=settings.description or doc.source.description)))
            documents.append(doc)
    documents = assign_ids(documents, content, registers, diags, memo)
    documents = [step(memo, "annotate", d, (registers,), lambda: annotate(d, matcher, text_linked=True))
                 for d in documents]
    documents.sort(key=lambda d: d.sort_key)
    clock.lap("annotate")
    documents = find_witnesses(project, config, documents, diags, memo)
    clock.lap("witnesses")
    correspondence, more = build_correspondence(tuple(documents), registers, matcher, memo)
    diags += more
    clock.lap("correspondence")
    if any(d.path == "content/persons.yaml" and d.code.startswith("yaml-") for d in diags):
        # the register could not be read: its people are not unknown, only unread; say it once
        diags = [d for d in diags if d.code != "unknown-person"]
    return Edition(project, config, content, tuple(documents), tuple(sort_unique(diags)), registers, correspondence)


class Stopwatch:
    """Wall seconds per stage, for the build summary and the benchmark."""

    def __init__(self, timings: dict | None):
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
        self.last = now
