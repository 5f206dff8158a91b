"""Reading text files the way editors' tools write them: BOMs, CRLF, wrong encodings."""
from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostic, error, warning
from .model import Source

MAX_SEED_BYTES = 50 * 1024 * 1024


def decode(raw: bytes, display_path: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode UTF-8 text strictly; report instead of guessing."""
    diags: list[Diagnostic] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [error(display_path, line, "not-text",
                            "the file contains NUL bytes, so it is binary, not text (UTF-16 or a word-processor "
                            "file?); remove it or save it again as plain UTF-8 text")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [error(display_path, line, "not-utf8",
                            f"byte 0x{raw[exc.start]:02x} is not UTF-8; re-save the file as UTF-8 "
                            "(in most editors: Save As, encoding UTF-8)")]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Two files pasted together leave a byte-order mark inside; Word's manual line break and
    # page break come out as vertical tab and form feed: none of them is text, all would glue
    # words together on the page.
    if "\ufeff" in text or "\x0b" in text or "\x0c" in text:
        text = text.replace("\ufeff", "").replace("\x0b", " ").replace("\x0c", " ")
    return text, diags


def read_source(path: Path, display_path: str) -> tuple[Source | None, list[Diagnostic]]:
    try:
        size = path.stat().st_size
        if size > MAX_SEED_BYTES:
            return None, [error(display_path, 0, "too-large",
                                f"the file has {size} bytes, more than {MAX_SEED_BYTES}; split it")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error(display_path, 0, "unreadable", f"cannot read the file ({exc.strerror}); "
                            "check its permissions")]
    text, diags = decode(raw, display_path)
    if text is None:
        return None, diags
    if not text.strip():
        return None, diags + [warning(display_path, 1, "empty-seed",
                                      "the file is empty; add the transcription or remove the file")]
    return Source(display_path, text), diags
