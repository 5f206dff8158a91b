"""Writing the site: everything goes into a fresh staging folder, which then replaces the old site.

A failed or interrupted build leaves the previous site exactly as it was; a
half-written site is never visible.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path, PurePosixPath


class OutputError(Exception):
    """Raised when the output folder cannot be written; carries a message for the user."""


def staging_dir(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))


def safe_target(root: Path, relative: str) -> Path:
    """The file `relative` inside `root`; refuses anything that would escape it."""
    rel = PurePosixPath(relative)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise OutputError(f'refusing to write "{relative}" outside the output folder')
    return root.joinpath(*rel.parts)


def write_text(root: Path, relative: str, text: str) -> int:
    target = safe_target(root, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    target.write_bytes(data)
    return len(data)


def copy_tree(source: Path, root: Path, relative: str, skip: tuple[str, ...] = ()) -> None:
    if source.is_dir():
        shutil.copytree(source, safe_target(root, relative), dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(*skip) if skip else None)


def swap_into_place(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with two renames; the old site is removed last."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        old.rmdir()
        os.replace(out, old)
    try:
        os.replace(staging, out)
    except BaseException:
        if old is not None:
            os.replace(old, out)
        raise
    if old is not None:
        remove_later(old)


def remove_later(folder: Path) -> None:
    """Remove the replaced site in a separate process.

    The new site is already in place; deleting tens of thousands of old files can
    take a minute on some file systems, and nobody needs to wait for it.
    """
    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                          str(folder)], start_new_session=True, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
