"""Parses of seeds kept between builds, so that `build` parses again only the seeds that changed.

A seed's parse depends on its bytes, its name, the reader chosen for it, the registers (names
are linked while parsing) and this tool's own code; an entry is used only when a hash of all of
them is the one it was saved under. Entries live in the user's cache folder, never in the
project: an entry is a pickle, and a project (perhaps someone else's repository) must not be
able to plant one. `build.py --no-cache` leaves the cache alone.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from .registers import REGISTERS

TOOL_PACKAGE = Path(__file__).resolve().parent
_code: str | None = None


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def code_fingerprint() -> str:
    """This tool's source and Python's version: a new version of either parses afresh."""
    global _code
    if _code is None:
        files = sorted(TOOL_PACKAGE.rglob("*.py"))
        _code = _digest(sys.version, *(f"{f.relative_to(TOOL_PACKAGE)}" for f in files),
                        *(f.read_bytes() for f in files))
    return _code


def cache_root() -> Path:
    if os.environ.get("EDITION_CACHE_DIR"):
        return Path(os.environ["EDITION_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "correspondence-edition"


class SeedCache:
    def __init__(self, project: Path):
        self.folder = cache_root() / _digest(str(project.resolve()))[:16]
        registers = [(project / "content" / f"{r}.yaml") for r in REGISTERS]
        self.base = _digest(code_fingerprint(), *(f.read_bytes() if f.is_file() else b"-" for f in registers))

    def key(self, name: str, reader: str, data: bytes) -> str:
        return _digest(self.base, name, reader, data)

    def _file(self, name: str) -> Path:
        return self.folder / f"{_digest(name)[:32]}.pickle"

    def load(self, name: str, key: str):
        """The ParsedSeed saved under `key`, or None (absent, stale or unreadable: parse again)."""
        try:
            with open(self._file(name), "rb") as f:
                if f.readline().decode("ascii", "replace").strip() != key:
                    return None
                return pickle.load(f)
        except Exception:        # a damaged entry is a miss, never a failed build
            return None

    def save(self, name: str, key: str, parsed) -> None:
        target = self._file(name)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as f:
                f.write(key.encode("ascii") + b"\n")
                pickle.dump(parsed, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, target)
        except OSError:          # a full or read-only disk costs speed only
            temporary.unlink(missing_ok=True)

    def prune(self, names: list[str]) -> None:
        """Forget seeds that are no longer in the project."""
        keep = {self._file(n).name for n in names}
        try:
            for file in self.folder.glob("*.pickle"):
                if file.name not in keep:
                    file.unlink(missing_ok=True)
        except OSError:
            pass
