"""The fallback reader: any text as one document, paragraphs separated by blank lines.

Used when no family recognises a seed, so that a new kind of transcription is
still published whole (and reported) rather than dropped.
"""
from __future__ import annotations

from ..diagnostics import warning
from ..inline import parse_inline
from ..model import Block, Document, Source, SourceRef, plain_text
from .common import ReadResult, clean, is_blank

NAME = "plain"
TITLE = "Plain text"


def detect(text: str) -> float:
    return 0.05


def paragraphs(lines: list[str], first: int = 0, last: int | None = None) -> list[tuple[int, int]]:
    """(first, last) line indices of each run of non-blank lines."""
    last = len(lines) if last is None else last
    runs, start = [], None
    for i in range(first, last):
        if is_blank(lines[i]):
            if start is not None:
                runs.append((start, i - 1))
                start = None
        elif start is None:
            start = i
    if start is not None:
        runs.append((start, last - 1))
    return runs


def read(source: Source) -> ReadResult:
    lines = source.lines
    runs = paragraphs(lines)
    blocks = tuple(
        Block("p", parse_inline(" ".join(clean(lines[i]) for i in range(a, b + 1)), a + 1), a + 1, b + 1)
        for a, b in runs)
    title = clean(plain_text(blocks[0].inlines))[:120] if blocks else "Untitled document"
    doc = Document(id="", family=NAME, kind="document", title=title,
                   source=SourceRef(source.path, 1, (runs[-1][1] + 1) if runs else 1, NAME),
                   blocks=blocks)
    diag = warning(source.path, 1, "reader-fallback",
                   "no reader recognised this transcription, so it is shown as plain paragraphs; "
                   "set `reader:` for it in content/sources.yaml if it belongs to a known family")
    return ReadResult((doc,), (diag,))
