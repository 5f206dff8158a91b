"""Helpers for reader tests: read a fixture file with a given reader."""
from __future__ import annotations

from pathlib import Path

from edition.model import Block, NoteRef, PageBreak, Source, plain_text

FIXTURES = Path(__file__).parent / "fixtures"


def source(family: str, name: str) -> Source:
    path = FIXTURES / family / name
    return Source(f"tests/fixtures/{family}/{name}", path.read_text("utf-8"))


def refs(blocks: tuple[Block, ...]) -> list[NoteRef]:
    return [n for b in blocks for n in b.inlines if isinstance(n, NoteRef)]


def breaks(blocks: tuple[Block, ...]) -> list[PageBreak]:
    return [n for b in blocks for n in b.inlines if isinstance(n, PageBreak)]


def texts(blocks: tuple[Block, ...]) -> list[str]:
    return [plain_text(b.inlines) for b in blocks]
