"""The transcription families. A new family is a module here plus one line in READERS.

Each module has NAME, TITLE, `detect(text) -> float` (how sure it is that the text
is of its family, 0..1) and `read(source) -> ReadResult`.
"""
from __future__ import annotations

from types import ModuleType

from . import archive_copy, frus_web, map_room, plain, word_export

READERS: dict[str, ModuleType] = {m.NAME: m for m in (map_room, word_export, archive_copy, frus_web, plain)}


def choose(text: str) -> ModuleType:
    """The reader most sure of the text; earlier readers win ties."""
    best, best_score = plain, 0.0
    for reader in READERS.values():
        score = reader.detect(text)
        if score > best_score:
            best, best_score = reader, score
    return best
