"""Writing the site on all cores.

The build hands over a list of independent *tasks*, each a function that makes some outputs:
the lists of the edition (one task per generator), the documents' pages and downloads (one task
per slice of documents), later the printable views. Workers are forked after the edition is
loaded, so they share it (and the tasks) with the parent instead of receiving a pickled copy;
each task writes its files straight into the staging folder as it makes them, so no process
ever holds the whole rendered site.
"""
from __future__ import annotations

import multiprocessing
import os
from functools import partial
from typing import Callable, Iterable

from .loader import Edition
from .output import write_text
from .render import Output, Renderer

# Per-document generators: (edition, renderer, document index) -> outputs.
DocumentGenerator = Callable[[Edition, Renderer, int], Iterable[Output]]
Task = Callable[[], Iterable[Output]]

PARALLEL_THRESHOLD = 200   # documents; below this one process is faster than starting workers
CHUNK = 64                 # documents per task

# Set in the parent just before forking; read by the workers (fork shares it).
_job: tuple | None = None


def _documents(edition: Edition, renderer: Renderer, generators: tuple[DocumentGenerator, ...],
               indices: range) -> Iterable[Output]:
    for i in indices:
        for generate in generators:
            yield from generate(edition, renderer, i)


def document_tasks(edition: Edition, renderer: Renderer, generators: tuple[DocumentGenerator, ...]) -> list[Task]:
    """Every document's outputs, in tasks of CHUNK documents."""
    count = len(edition.documents)
    return [partial(_documents, edition, renderer, generators, range(start, min(start + CHUNK, count)))
            for start in range(0, count, CHUNK)]


def _run(indices: range) -> tuple[int, int]:
    staging, tasks = _job
    written = pages = 0
    for i in indices:
        for output in tasks[i]():
            written += write_text(staging, output.path, output.text)
            pages += output.path.endswith(".html")
    return written, pages


def write_tasks(staging, tasks: list[Task], jobs: int | None, documents: int = PARALLEL_THRESHOLD) -> tuple[int, int]:
    """Run the tasks, in order, on all cores (one process for a small edition: fewer than
    PARALLEL_THRESHOLD `documents`); returns (bytes written, pages)."""
    global _job
    workers = min(jobs or os.cpu_count() or 1, len(tasks))
    _job = (staging, tasks)
    try:
        if (workers < 2 or documents < PARALLEL_THRESHOLD
                or "fork" not in multiprocessing.get_all_start_methods()):
            return _run(range(len(tasks)))
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            totals = pool.map(_run, [range(i, i + 1) for i in range(len(tasks))], chunksize=1)
        return sum(t[0] for t in totals), sum(t[1] for t in totals)
    finally:
        _job = None
