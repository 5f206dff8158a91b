"""Pieces shared by the readers of line-per-paragraph transcriptions (FRUS copies and the like)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Diagnostic, warning
from ..inline import note_sentinel, parse_inline
from ..model import Block, Document, NoteRef
from ..notes import Candidate

BLANK = re.compile(r"^[\s\u00a0\u200b]*$")
SEPARATOR = re.compile(r"^\s*[_\-=*]{5,}\s*$")
POSTSCRIPT = re.compile(r"^\s*P\.\s?S\.?\s", re.IGNORECASE)
# "Enclosure", "[Enclosure 2]": what follows was sent with the letter
ENCLOSURE = re.compile(r"^\[?Enclosures?(?:\s+(?:\d+|[IVX]+))?\]?\.?$", re.IGNORECASE)


@dataclass(frozen=True)
class ReadResult:
    documents: tuple[Document, ...]
    diagnostics: tuple[Diagnostic, ...]


def is_blank(line: str) -> bool:
    return bool(BLANK.match(line))


def clean(line: str) -> str:
    """Outer whitespace and non-breaking spaces off; inner text untouched."""
    return line.strip(" \t\u00a0\u200b")


def with_markers(line: str, markers: list[tuple[int, int, NoteRef]]) -> tuple[str, list[NoteRef]]:
    """Replace marker spans (start, end, ref) in `line` by sentinels for `parse_inline`."""
    refs: list[NoteRef] = []
    out: list[str] = []
    pos = 0
    for start, end, ref in sorted(markers, key=lambda m: m[0]):
        out.append(line[pos:start])
        out.append(note_sentinel(len(refs)))
        refs.append(ref)
        pos = end
    out.append(line[pos:])
    return "".join(out), refs


def refs_by_line(resolved: list[tuple[Candidate, int]], unresolved: list[tuple[Candidate, int]],
                 ) -> dict[int, list[tuple[int, int, NoteRef]]]:
    by_line: dict[int, list[tuple[int, int, NoteRef]]] = {}
    for cand, number in resolved:
        by_line.setdefault(cand.line, []).append(
            (cand.start, cand.end, NoteRef(str(cand.value), number, cand.line + 1)))
    for cand, _ in unresolved:
        by_line.setdefault(cand.line, []).append(
            (cand.start, cand.end, NoteRef(str(cand.value), None, cand.line + 1)))
    return by_line


def line_inlines(line: str, index: int, markers: dict[int, list[tuple[int, int, NoteRef]]]):
    text, refs = with_markers(line, markers.get(index, []))
    return parse_inline(clean(text), index + 1, refs)


def looks_like_signature(text: str) -> bool:
    """A short line of capitalised words ("Elbridge Durbrow", "HARRIMAN") or initials ("E. D.")."""
    text = text.strip()
    if re.fullmatch(r"(?:[A-Z]\.\s?){1,3}", text):
        return True
    words = text.split()
    if not 1 <= len(words) <= 5 or text.endswith((".", ":", ";", "?", "!", ",")):
        return False
    return all(w[0].isupper() for w in words if w[0].isalpha())


def body_blocks(lines: list[str], first: int, last: int,
                markers: dict[int, list[tuple[int, int, NoteRef]]]) -> tuple[Block, ...]:
    """One block per non-blank line; the closing name is a signature, "P. S." starts a postscript."""
    indices = [i for i in range(first, last) if not is_blank(lines[i]) and not SEPARATOR.match(lines[i])]
    blocks: list[Block] = []
    in_postscript = False
    for n, i in enumerate(indices):
        text = clean(lines[i])
        if POSTSCRIPT.match(text):
            in_postscript = True
        kind = "postscript" if in_postscript else "p"
        following = clean(lines[indices[n + 1]]) if n + 1 < len(indices) else ""
        # the signature closes the letter: before a postscript, an enclosure or the end
        is_last_before_ps = not following or POSTSCRIPT.match(following) or ENCLOSURE.match(following)
        if ENCLOSURE.match(text):
            kind, in_postscript = "enclosure", False
        elif not in_postscript and n > 0 and is_last_before_ps and looks_like_signature(text):
            kind = "signature"
        blocks.append(Block(kind, line_inlines(lines[i], i, markers), i + 1, i + 1))
    return tuple(blocks)


def marker_diagnostics(path: str, unresolved: list[tuple[Candidate, int]], lines: list[str],
                       how_to_fix: str) -> list[Diagnostic]:
    out = []
    for cand, _ in unresolved:
        before = lines[cand.line][max(0, cand.start - 20):cand.start].split()
        word = before[-1] if before else ""
        out.append(warning(path, cand.line + 1, "footnote-missing",
                           f'note marker "{cand.value}" after "{word}" has no note text in the source; '
                           f"{how_to_fix}"))
    return out
