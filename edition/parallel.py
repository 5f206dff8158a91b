"""Writing the per-document outputs of an edition on all cores.

Workers are forked after the edition is loaded, so they share it with the parent
instead of receiving a pickled copy; each renders a slice of the documents and
writes its files straight into the staging folder, so no process ever holds the
whole rendered site.
"""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterable

from .loader import Edition
from .output import write_text
from .render import Output, Renderer

# Per-document generators: (edition, renderer, document index) -> outputs.
DocumentGenerator = Callable[[Edition, Renderer, int], Iterable[Output]]

PARALLEL_THRESHOLD = 200   # documents; below this one process is faster than starting workers
CHUNK = 64

# Set in the parent just before forking; read by the workers (fork shares it).
_job: tuple | None = None
_renderer: Renderer | None = None


def _write_slice(indices: range) -> tuple[int, int]:
    global _renderer
    edition, staging, generators = _job
    if _renderer is None:
        _renderer = Renderer(edition)
    written = pages = 0
    for i in indices:
        for generate in generators:
            for output in generate(edition, _renderer, i):
                written += write_text(staging, output.path, output.text)
                pages += output.path.endswith(".html")
    return written, pages


def write_documents(edition: Edition, renderer: Renderer, staging, generators: tuple[DocumentGenerator, ...],
                    jobs: int | None) -> tuple[int, int]:
    """Write every document's outputs; returns (bytes, pages)."""
    global _job, _renderer
    count = len(edition.documents)
    workers = min(jobs or os.cpu_count() or 1, max(1, count // CHUNK))
    _job, _renderer = (edition, staging, generators), renderer
    try:
        if workers < 2 or count < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
            return _write_slice(range(count))
        slices = [range(start, min(start + CHUNK, count)) for start in range(0, count, CHUNK)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            totals = pool.map(_write_slice, slices, chunksize=1)
        return sum(t[0] for t in totals), sum(t[1] for t in totals)
    finally:
        _job, _renderer = None, None


# ---------------------------------------------------------------- other independent outputs

_tasks: list | None = None


def _run_tasks(indices: range) -> tuple[int, int]:
    staging, tasks = _tasks
    written = pages = 0
    for i in indices:
        for output in tasks[i]():
            written += write_text(staging, output.path, output.text)
            pages += output.path.endswith(".html")
    return written, pages


def write_tasks(staging, tasks: list[Callable[[], Iterable[Output]]], jobs: int | None) -> tuple[int, int]:
    """Run independent tasks that make outputs (e.g. the printable views) on all cores, each
    writing its own files; returns (bytes, pages). The tasks are shared with forked workers,
    not pickled."""
    global _tasks
    workers = min(jobs or os.cpu_count() or 1, len(tasks))
    _tasks = (staging, tasks)
    try:
        if workers < 2 or len(tasks) < 4 or "fork" not in multiprocessing.get_all_start_methods():
            return _run_tasks(range(len(tasks)))
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            totals = pool.map(_run_tasks, [range(i, i + 1) for i in range(len(tasks))], chunksize=1)
        return sum(t[0] for t in totals), sum(t[1] for t in totals)
    finally:
        _tasks = None
