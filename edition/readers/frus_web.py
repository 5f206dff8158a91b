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
from ..headings import FILE_NUMBER, HEADING_CONTINUES, KIND_WORDS, parse_dateline, parse_title
from ..inline import parse_inline
from ..model import Block, DocDate, Document, Footnote, Reference, Source, SourceRef, Text, plain_text
from ..notes import find_candidates, find_note_list, list_starts, match_markers
from .common import ReadResult, body_blocks, clean, is_blank, line_inlines, marker_diagnostics, refs_by_line

NAME = "frus_web"
TITLE = "FRUS web copy"

# "Roosevelt Papers: Telegram", "Hopkins Papers: Telegram (paraphrase)", or "Roosevelt Papers"
# with the kind on the next line.
PAPERS_LINE = re.compile(r"^(?P<collection>[A-Z][\w.' -]*(?i:papers))(?::\s*(?P<kind>[A-Za-z][\w -]*?)\s*(?:\([^()]*\))?)?$")
KIND_LINE = re.compile(r"^(?P<kind>[A-Za-z][a-z]+(?:[ -][a-z]+)?)\s*(?:\([^()]*\))?$")
PAGE_LINE = re.compile(r"^\[Page\s+[0-9ivxlcdmIVXLCDM]+[a-z]?\]$")
TELEGRAM_NUMBER = re.compile(r"^(?P<number>[1-9]\d{1,4})\.\s+\S")
# "No. 563" above a despatch's dateline
NUMBER_LINE = re.compile(r"^No\.\s*(?P<number>\d[\w/-]*)\.?$")
BRACKETED = re.compile(r"^\[(?P<text>[^\]]+)\]\.?$")
MAX_TITLE = 300


def detect(text: str) -> float:
    lines = text.split("\n")
    score = 0.0
    if any(FILE_NUMBER.match(line) for line in lines[:15]):
        score += 0.4
    if any(re.match(r"^(?:Office of the Historian|Foreign Relations of the United States\b)", line.strip())
           for line in lines[:6]):
        score += 0.3        # the heading of a page copied from history.state.gov
    if re.search(r"\[Page \d+\]", text):
        score += 0.2
    start, items = _note_list(lines)
    if items:
        score += 0.3
    if any(BRACKETED.match(line.strip()) and line.strip().lower().startswith("[received") for line in lines[:6]):
        score += 0.2
    return min(score, 0.9)


def _note_list(lines: list[str]):
    """The trailing note list, if it is one: indented items, or items the text points to.
    A list numbered from 1 is the usual; one that keeps the volume's numbers ("64. …") or
    gives only some notes ("2. …") counts only when the text's markers point to it."""
    start, items = find_note_list(lines)
    if items:
        indented = all(lines[item.line][:1] in (" ", "\t") for item in items)
        resolved, _ = match_markers(find_candidates(lines[:start]), len(items))
        if indented or len(resolved) * 2 >= len(items):
            return start, items
    for first in list_starts(lines):
        if first == 1:
            continue
        start, items = find_note_list(lines, first)
        if items and len(items) * 4 >= len(lines[start:]) - sum(map(is_blank, lines[start:])):
            resolved, _ = match_markers(find_candidates(lines[:start]), len(items), first)
            if len(resolved) * 2 >= len(items):
                return start, items
    return len(lines), []


# A later document of the same copy begins with its file number or its numbered heading
# ("45. Telegram From …") after a blank line.
NUMBERED_HEADING = re.compile(r"^\d{1,4}\.\s+(?:(?:" + "|".join(k for k, _ in KIND_WORDS) + r")\b.*\b(?:From|by)\b"
                              r"|Editorial Note\s*$)", re.IGNORECASE)



def document_starts(lines: list[str]) -> list[int]:
    """Where each document of a copy of several begins (0 for the first)."""
    starts = [0]
    seen_text = False
    for i, line in enumerate(lines):
        text = clean(line)
        if is_blank(line):
            continue
        boundary = (i > 0 and is_blank(lines[i - 1]) and seen_text
                    and (FILE_NUMBER.match(line) or _numbered_heading(lines, i)))
        if boundary:
            starts.append(i)
            seen_text = False
        elif not FILE_NUMBER.match(line) and not PAGE_LINE.match(text):
            seen_text = True
    # a web page's own heading above the first document ("Office of the Historian / Foreign
    # Relations …, Volume IV / Document 1050") is no document: it has no dateline
    if len(starts) > 1 and not any(parse_dateline(clean(line)) for line in lines[:starts[1]] if len(line) < 120):
        del starts[1]
    return starts


def _numbered_heading(lines: list[str], i: int) -> bool:
    """"45. Telegram From … to …" at the margin with its dateline below, or "46. Editorial Note"
    (a note item "  1. Message … by …" is neither)."""
    if lines[i][:1].isspace() or not (m := NUMBERED_HEADING.match(clean(lines[i]))):
        return False
    if m.group().rstrip().lower().endswith("editorial note"):
        return True
    following = [clean(line) for line in lines[i + 1:i + 8] if not is_blank(line)][:3]
    return any(parse_dateline(line) for line in following)


def read(source: Source) -> ReadResult:
    return read_several(source, NAME)


def read_several(source: Source, family: str, how_to_fix: str = "") -> ReadResult:
    """A copy of one document, or of several one after another, each with its own notes."""
    lines = source.lines
    starts = document_starts(lines)
    if len(starts) == 1:
        return read_printed(source, family, how_to_fix)
    documents, diags = [], []
    for order, (start, end) in enumerate(zip(starts, starts[1:] + [len(lines)])):
        # the other documents' lines blanked, so that line numbers stay the seed's
        part = Source(source.path, "\n".join(line if start <= i < end else "" for i, line in enumerate(lines)))
        result = read_printed(part, family, how_to_fix)
        for doc in result.documents:
            first = _next_filled(lines, start) + 1
            documents.append(replace(doc, order=order, source=replace(doc.source, first_line=first)))
        diags += result.diagnostics
    return ReadResult(tuple(documents), tuple(diags))


def _is_kind(word: str) -> bool:
    return any(word.lower().startswith(k) for k, _ in KIND_WORDS)


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

    def next_filled(i: int) -> int:
        """The next line with words; a page marker on a line of its own in the heading is kept
        as a page break of the heading."""
        i = _next_filled(lines, i)
        while i < body_end and PAGE_LINE.match(clean(lines[i])):
            head_kinds[i] = "page"
            i = _next_filled(lines, i + 1)
        return i

    i = next_filled(0)
    # lines above the file number (a web page's heading, a note on the copy): the source's, kept as such
    filled = [k for k in range(i, min(body_end, i + 40)) if not is_blank(lines[k])][:12]
    first_number = next((k for k in filled if FILE_NUMBER.match(lines[k])), None)
    if first_number is not None and first_number > i and not any(
            parse_dateline(clean(lines[k])) for k in filled if k < first_number and len(lines[k]) < 120):
        for k in filled:
            if k < first_number:
                head_kinds[k] = "source-line"
        i = first_number
    if i < body_end and (m := FILE_NUMBER.match(lines[i])):
        head_kinds[i] = "file-number"
        references.append(Reference("file", clean(lines[i])))
        kind = (m.group("kind") or "").strip().lower()
        i = next_filled(i + 1)
    if i < body_end and (m := PAPERS_LINE.match(clean(lines[i]))):
        head_kinds[i] = "source-line"
        collection, kind = m.group("collection"), (m.group("kind") or "").lower()
        i = next_filled(i + 1)
        if not kind and i < body_end and (k := KIND_LINE.match(clean(lines[i]))) and _is_kind(k.group("kind")):
            head_kinds[i] = "source-line"
            kind = k.group("kind").lower()
            i = next_filled(i + 1)
    if i < body_end and len(clean(lines[i])) <= MAX_TITLE and not BRACKETED.match(clean(lines[i])):
        head_kinds[i] = "title"
        if (HEADING_CONTINUES.search(clean(lines[i])) and i + 1 < body_end and not is_blank(lines[i + 1])
                and not parse_dateline(clean(lines[i + 1]))):
            i += 1
            head_kinds[i] = "title"
        i = next_filled(i + 1)
    place, date = "", DocDate()
    while i < body_end:
        text = clean(lines[i])
        received = text.lower().startswith("[received")
        dateline = parse_dateline(text) if len(text) < 120 and not received else None
        if dateline and not date.iso:
            head_kinds[i] = "dateline"
            place, date = dateline
        elif BRACKETED.match(text):
            head_kinds[i] = "received" if received else "editorial"
            if not date.iso and head_kinds[i] == "received" and (found := find_date(text)):
                date = replace(found[0], note="date of receipt")
        elif (m := NUMBER_LINE.match(text)) and not date.iso:
            head_kinds[i] = "number"
            references.append(Reference("message", m.group("number")))
        else:
            break
        i = next_filled(i + 1)
    body_start = i

    candidates = find_candidates(lines[:body_end], frozenset(k for k, v in head_kinds.items() if v == "title"))
    resolved, unresolved = match_markers(candidates, len(items), items[0].number if items else 1)
    markers = refs_by_line(resolved, unresolved)
    fix = how_to_fix or ("supply its text in content/documents.yaml under `notes:` (the seed stays as it "
                         "is), or leave it reported")
    diags += marker_diagnostics(source.path, unresolved, lines, fix)

    head_list: list[Block] = []
    for idx, k in sorted(head_kinds.items()):
        block = Block(k, line_inlines(lines[idx], idx, markers), idx + 1, idx + 1)
        if k == "title" and head_list and head_list[-1].kind == "title":    # its second line
            last = head_list.pop()
            block = Block(k, last.inlines + (Text(" "),) + block.inlines, last.first_line, idx + 1)
        head_list.append(block)
    head = tuple(head_list)
    blocks = body_blocks(lines, body_start, body_end, markers)
    # "4871. Stalin today …": a telegram's own number opens its first paragraph
    if blocks and (m := TELEGRAM_NUMBER.match(plain_text(blocks[0].inlines))):
        references.append(Reference("message", m.group("number")))

    marked = {number: cand for cand, number in resolved}
    notes = []
    for item in items:
        cand = marked.get(item.number)
        if cand is None:
            diags.append(warning(source.path, item.line + 1, "footnote-unreferenced",
                                 f"note {item.number} has no marker in the text; it is listed with the "
                                 "notes, after the others; check whether the source marks it (the seed stays as it is)"))
        label = str(cand.value) if cand else str(item.number)
        notes.append(Footnote(item.number, label, parse_inline(item.text, item.line + 1), item.line + 1))

    title = " ".join(clean(plain_text(b.inlines)) for b in head if b.kind == "title")
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
