"""FRUS web copies: a file number, a heading, paragraphs with glued note numbers, a note list.

    861.24/1369½
    Memorandum by Mr. Elbridge Durbrow of the Division of European Affairs53
    … the Soviet Union.55 …  [Page 793] …
      1. Addressed to H. Freeman Matthews, …

The same layout without a note list, under a "… Papers: Telegram" line, is the
archive copy family (see `archive_copy`); both share `read_printed`.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..dates import find_date
from ..diagnostics import Diagnostic, warning
from ..headings import FILE_NUMBER, parse_dateline, parse_title
from ..inline import parse_inline
from ..model import Block, DocDate, Document, Footnote, Reference, Source, SourceRef, plain_text
from ..notes import find_candidates, find_note_list, match_markers
from .common import ReadResult, body_blocks, clean, is_blank, line_inlines, marker_diagnostics, refs_by_line

NAME = "frus_web"
TITLE = "FRUS web copy"

PAPERS_LINE = re.compile(r"^(?P<collection>[A-Z][\w.' -]*Papers):\s*(?P<kind>[A-Z][\w -]*)$")
BRACKETED = re.compile(r"^\[(?P<text>[^\]]+)\]\.?$")
MAX_TITLE = 300


def detect(text: str) -> float:
    lines = text.split("\n")
    score = 0.0
    if any(FILE_NUMBER.match(line) for line in lines[:5]):
        score += 0.4
    if re.search(r"\[Page \d+\]", text):
        score += 0.2
    start, items = _note_list(lines)
    if items:
        score += 0.3
    if any(BRACKETED.match(line.strip()) and line.strip().lower().startswith("[received") for line in lines[:6]):
        score += 0.2
    return min(score, 0.9)


def _note_list(lines: list[str]):
    """The trailing note list, if it is one: indented items, or items the text points to."""
    start, items = find_note_list(lines)
    if not items:
        return start, items
    indented = all(lines[item.line][:1] in (" ", "\t") for item in items)
    resolved, _ = match_markers(find_candidates(lines[:start]), len(items))
    if indented or len(resolved) * 2 >= len(items):
        return start, items
    return len(lines), []


def read(source: Source) -> ReadResult:
    return read_printed(source, NAME)


def _next_filled(lines: list[str], i: int) -> int:
    while i < len(lines) and is_blank(lines[i]):
        i += 1
    return i


def read_printed(source: Source, family: str, how_to_fix: str = "") -> ReadResult:
    lines = source.lines
    diags: list[Diagnostic] = []
    note_start, items = _note_list(lines)
    body_end = note_start
    head_kinds: dict[int, str] = {}
    references: list[Reference] = []
    collection, kind = "", ""

    i = _next_filled(lines, 0)
    if i < body_end and FILE_NUMBER.match(lines[i]):
        head_kinds[i] = "file-number"
        references.append(Reference("file", clean(lines[i])))
        i = _next_filled(lines, i + 1)
    if i < body_end and (m := PAPERS_LINE.match(clean(lines[i]))):
        head_kinds[i] = "source-line"
        collection, kind = m.group("collection"), m.group("kind").lower()
        i = _next_filled(lines, i + 1)
    title_index = -1
    if i < body_end and len(clean(lines[i])) <= MAX_TITLE and not BRACKETED.match(clean(lines[i])):
        title_index = i
        head_kinds[i] = "title"
        i = _next_filled(lines, i + 1)
    place, date = "", DocDate()
    while i < body_end:
        text = clean(lines[i])
        dateline = parse_dateline(text) if len(text) < 120 else None
        if dateline:
            head_kinds[i] = "dateline"
            place, date = dateline
        elif BRACKETED.match(text):
            head_kinds[i] = "received" if text.lower().startswith("[received") else "editorial"
            if not date.iso and head_kinds[i] == "received" and (found := find_date(text)):
                date = replace(found[0], note="date of receipt")
        else:
            break
        i = _next_filled(lines, i + 1)
    body_start = i

    candidates = find_candidates(lines[:body_end], frozenset({title_index}) if title_index >= 0 else frozenset())
    resolved, unresolved = match_markers(candidates, len(items))
    markers = refs_by_line(resolved, unresolved)
    fix = how_to_fix or ("add the note to the note list at the end of the seed, or supply it in "
                         "content/documents.yaml under `notes:`")
    diags += marker_diagnostics(source.path, unresolved, lines, fix)

    head = tuple(Block(k, line_inlines(lines[idx], idx, markers), idx + 1, idx + 1)
                 for idx, k in sorted(head_kinds.items()))
    blocks = body_blocks(lines, body_start, body_end, markers)

    marked = {number: cand for cand, number in resolved}
    notes = []
    for item in items:
        cand = marked.get(item.number)
        if cand is None:
            diags.append(warning(source.path, item.line + 1, "footnote-unreferenced",
                                 f"note {item.number} has no marker in the text; it is listed with the "
                                 "notes; add its number after the word it explains"))
        label = str(cand.value) if cand else str(item.number)
        notes.append(Footnote(item.number, label, parse_inline(item.text, item.line + 1), item.line + 1))

    title_block = next((b for b in head if b.kind == "title"), None)
    title = clean(plain_text(title_block.inlines)) if title_block else ""
    doc_kind, senders, recipients = parse_title(title) if title else ("", (), ())
    last_line = max((idx for idx in range(len(lines)) if not is_blank(lines[idx])), default=0) + 1
    doc = Document(
        id="", family=family, kind=doc_kind or kind or "document", title=title or "Untitled document",
        source=SourceRef(source.path, 1, last_line, family, collection=collection),
        senders=senders, recipients=recipients, place=place, date=date,
        dateline=next((clean(plain_text(b.inlines)) for b in head if b.kind == "dateline"), ""),
        head=head, references=tuple(references), blocks=blocks, notes=tuple(notes))
    if not title:
        diags.append(warning(source.path, min(body_start + 1, len(lines)), "no-title",
                             "no heading line was found; give the document a title in content/documents.yaml"))
    return ReadResult((doc,), tuple(diags))
