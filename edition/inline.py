"""Turn a line of transcription into inline nodes.

The marks transcribers use become nodes; everything else stays text, so a
`<script>` in a seed is only ever text. Pairs are matched in one linear pass with
a stack, so unbalanced or deeply nested marks cannot make parsing slow; an opener
without its closer stays text, so no character is lost.

Marks: `^{…}` insertion, `~~…~~` deletion, `<u>…</u>` underline, `[REDACTED]`,
`<input type="checkbox"/>`, `[Page N]`, and note sentinels placed by a reader.
"""
from __future__ import annotations

import re

from .model import Box, Gap, Inline, Mark, NoteRef, PageBreak, Text

# A reader replaces each note marker by NOTE_SENTINEL + index + NOTE_SENTINEL.
# NUL never survives decoding (seeds with NUL bytes are rejected), so it is safe.
NOTE_SENTINEL = "\x00"

MAX_DEPTH = 64

_TOKEN = re.compile(
    r"(?P<add>\^\{)|(?P<close>\})|(?P<dele>~~)|(?P<uopen><u>)|(?P<uclose></u>)"
    r"|(?P<redacted>\[REDACTED\])"
    r"|(?P<box><input\s+type=\"checkbox\"\s*/?>)"
    r"|(?P<page>\[Page\s+(?P<pageno>[0-9ivxlcdmIVXLCDM]+[a-z]?)\])"
    r"|(?P<note>\x00(?P<noteidx>\d+)\x00)"
)

_OPENERS = {"add": "add", "dele": "del", "uopen": "underline"}


def note_sentinel(index: int) -> str:
    return f"{NOTE_SENTINEL}{index}{NOTE_SENTINEL}"


def _pair(tokens: list[re.Match]) -> dict[int, int]:
    """Match openers with closers; returns {opener index: closer index}."""
    pairs: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for i, tok in enumerate(tokens):
        kind = tok.lastgroup
        if kind == "dele":
            if stack and stack[-1][0] == "dele":
                pairs[stack.pop()[1]] = i
            elif len(stack) < MAX_DEPTH:
                stack.append(("dele", i))
        elif kind in ("add", "uopen"):
            if len(stack) < MAX_DEPTH:
                stack.append((kind, i))
        elif kind in ("close", "uclose"):
            want = "add" if kind == "close" else "uopen"
            depth = next((d for d in range(len(stack) - 1, -1, -1) if stack[d][0] == want), None)
            if depth is not None:
                del stack[depth + 1:]        # openers inside an unclosed span stay text
                pairs[stack.pop()[1]] = i
    return pairs


_ANY_MARK = re.compile(r"[\^}~<\[\x00]")


def parse_inline(text: str, line: int, notes: list[NoteRef] | tuple[NoteRef, ...] = ()) -> tuple[Inline, ...]:
    if not _ANY_MARK.search(text):      # most lines carry no mark at all
        return (Text(text),) if text else ()
    tokens = list(_TOKEN.finditer(text))
    pairs = _pair(tokens)
    closers = set(pairs.values())
    # frames: (mark kind or None for the root, children)
    frames: list[tuple[str | None, list[Inline]]] = [(None, [])]
    pos = 0

    def add_text(s: str) -> None:
        if not s:
            return
        children = frames[-1][1]
        if children and isinstance(children[-1], Text):
            children[-1] = Text(children[-1].text + s)
        else:
            children.append(Text(s))

    for i, tok in enumerate(tokens):
        add_text(text[pos:tok.start()])
        pos = tok.end()
        kind = tok.lastgroup
        if i in pairs:
            frames.append((_OPENERS[kind], []))
        elif i in closers:
            mark_kind, children = frames.pop()
            frames[-1][1].append(Mark(mark_kind, tuple(children)))
        elif kind == "redacted":
            frames[-1][1].append(Gap("redacted", tok.group()))
        elif kind == "box":
            frames[-1][1].append(Box(False))
        elif kind == "page":
            frames[-1][1].append(PageBreak(tok.group("pageno"), line))
        elif kind == "note":
            idx = int(tok.group("noteidx"))
            if idx < len(notes):
                frames[-1][1].append(notes[idx])
        else:
            add_text(tok.group())
    add_text(text[pos:])
    while len(frames) > 1:  # cannot happen with paired tokens, but never lose text
        mark_kind, children = frames.pop()
        frames[-1][1].append(Mark(mark_kind, tuple(children)))
    return tuple(frames[0][1])
