"""Word-processor exports: `[bookmark: _ftn_GoBack0][1]` markers, notes given twice.

    The Ambassador … (Harriman) to President Roosevelt[bookmark: _ftn_GoBack0][1]
    Moscow, 11 June 1944
    … shuttle bombing.[bookmark: _ftn_GoBack1][2] …
    _________________________________
    63[Orig. Note] Copy of telegram obtained from …          ← the printed numbering
    [bookmark: _ftn0][1] [Orig. Note] Copy of telegram …     ← the word processor's own

Each note becomes one Footnote; the printed number is kept as `source_number`,
"[Orig. Note]" as its kind, and bookmark names as apparatus, not page text.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..diagnostics import Diagnostic, warning
from ..headings import HEADING_CONTINUES, parse_dateline, parse_title
from ..inline import NOTE_SENTINEL, parse_inline
from ..model import Block, DocDate, Document, Footnote, NoteRef, Source, SourceRef, Text, plain_text
from .common import SEPARATOR, ReadResult, body_blocks, clean, is_blank, line_inlines, with_markers

NAME = "word_export"
TITLE = "Word-processor export"

# "[bookmark: _ftnref2][2]"; some exports put a space between the two brackets.
MARKER = re.compile(r"\[bookmark:\s*(?P<anchor>[^\]]*)\][ \t]?\[(?P<num>\d{1,3})\]")
STRAY_BOOKMARK = re.compile(r"\[bookmark:\s*(?P<anchor>[^\]]*)\]")
WORD_NOTE = re.compile(r"^\s*\[bookmark:\s*(?P<anchor>[^\]]*)\][ \t]?\[(?P<num>\d{1,3})\]\s*(?:\[(?P<kind>[^\]]+)\])?\s*(?P<text>.*)$")
# The printed numbering: "63[Orig. Note] Copy of …", or without the kind: "51 Transmitted by …".
PRINTED_NOTE = re.compile(r"^\s*(?P<num>\d{1,3})(?!\d)\.?\s*(?:\[(?P<kind>[^\]]+)\])?\s*(?P<text>\S.*)$")
# A bookmark that marks no note ("[bookmark: _GoBack]", where the cursor last stood): apparatus
BARE_BOOKMARK = re.compile(r"\[bookmark:\s*(?P<anchor>[^\]]*)\](?![ \t]?\[\d)")


@dataclass(frozen=True)
class _Note:
    number: str
    kind: str
    text: str
    line: int       # 1-based
    anchor: str = ""


def detect(text: str) -> float:
    return 0.95 if "[bookmark:" in text and MARKER.search(text) else 0.0


def _norm(text: str) -> str:
    return " ".join(text.split())


def _collect_notes(lines: list[str], start: int) -> tuple[list[_Note], list[_Note], list[int]]:
    """The word processor's notes, the printed ones, and the lines below the separator that
    belong to neither (kept as text of the document, never dropped)."""
    word: list[_Note] = []
    printed: list[_Note] = []
    loose: list[int] = []
    last: list[_Note] | None = None
    for i in range(start, len(lines)):
        text = clean(BARE_BOOKMARK.sub("", lines[i]))
        if m := WORD_NOTE.match(text):
            word.append(_Note(m.group("num"), m.group("kind") or "", clean(m.group("text")), i + 1,
                              m.group("anchor").strip()))
            last = word
        elif (m := PRINTED_NOTE.match(text)) and _starts_printed_note(m, printed, word):
            printed.append(_Note(m.group("num"), m.group("kind") or "", clean(m.group("text")), i + 1))
            last = printed
        elif text and last:
            note = last[-1]
            last[-1] = _Note(note.number, note.kind, note.text + "\n" + text, note.line, note.anchor)
        elif text and not SEPARATOR.match(text):
            loose.append(i)
    return word, printed, loose


def _starts_printed_note(m: re.Match, printed: list[_Note], word: list[_Note]) -> bool:
    """"63[Orig. Note] …" always starts a note; a bare number only as the next of the printed
    list, which comes before the word processor's (else "22 June 1944 …" inside a note would
    start one)."""
    if m.group("kind"):
        return True
    if word:
        return False
    return not printed or int(m.group("num")) == int(printed[-1].number) + 1


def _offset(word: list[_Note], printed: list[_Note]) -> int:
    """How far the printed numbering is from the word processor's (63 ↔ 1: 62). Read from
    notes whose two copies agree; else from the first of each list."""
    agreed = Counter(int(p.number) - int(w.number) for w in word for p in printed
                     if _norm(w.text) == _norm(p.text))
    if agreed:
        return agreed.most_common(1)[0][0]
    return int(printed[0].number) - int(word[0].number)


def _merge(path: str, word: list[_Note], printed: list[_Note]) -> tuple[list[Footnote], list[Diagnostic]]:
    """One note per number: the word processor's copy, the printed copy of the same number
    beside it. A note in only one of the two lists is kept from that list."""
    diags: list[Diagnostic] = []
    if not word:
        word, printed, offset = printed, [], 0
    else:
        offset = _offset(word, printed) if printed else 0
    spare = {int(p.number) - offset: p for p in printed}
    entries: list[tuple[_Note, _Note | None]] = []
    for note in word:
        entries.append((note, spare.pop(int(note.number), None)))
    if printed:
        for note, other in entries:
            if other is None:
                diags.append(warning(path, note.line, "footnote-copies",
                                     f"note {note.number} is not in the printed list of notes; "
                                     "it is kept from the word processor's list"))
    for number, extra in sorted(spare.items()):
        diags.append(warning(path, extra.line, "footnote-copies",
                             f"printed note {extra.number} is not in the word processor's list; it is "
                             f"kept as note {number}, for marker [{number}]"))
        entries.append((_Note(str(number), extra.kind, extra.text, extra.line), extra))
    entries.sort(key=lambda e: (int(e[0].number), e[0].line))

    notes: list[Footnote] = []
    seen: set[str] = set()
    for index, (note, other) in enumerate(entries):
        if note.number in seen:
            diags.append(warning(path, note.line, "footnote-duplicate",
                                 f'two notes are numbered "{note.number}"; both are kept, the second as '
                                 f"{note.number}a; check the source (the seed stays as it is)"))
        label = note.number + ("a" if note.number in seen else "")
        seen.add(note.number)
        variants: tuple[str, ...] = ()
        if other and _norm(other.text) != _norm(note.text):
            variants = (other.text,)
            diags.append(warning(path, other.line, "footnote-copies-differ",
                                 f"the two copies of note {note.number} differ; both texts are shown, "
                                 "check the source (the seed stays as it is)"))
        kind = note.kind or (other.kind if other else "")
        notes.append(Footnote(index + 1, label, parse_inline(note.text, note.line), note.line,
                              source_number=other.number if other else "", kind=kind, variants=variants))
    return notes, diags


def _separator(lines: list[str]) -> int:
    """Where the notes begin: the last rule before the first note (a rule inside the text is
    text), else that note itself; without notes, nowhere."""
    first_note = next((i for i, line in enumerate(lines)
                       if WORD_NOTE.match(text := clean(line))
                       or ((m := PRINTED_NOTE.match(text)) and "note" in (m.group("kind") or "").lower())), None)
    if first_note is None:
        return len(lines)
    return max((i for i in range(first_note) if SEPARATOR.match(lines[i])), default=first_note)


def read(source: Source) -> ReadResult:
    lines = source.lines
    diags: list[Diagnostic] = []
    sep = _separator(lines)
    word, printed, loose = _collect_notes(lines, sep)
    notes, more = _merge(source.path, word, printed)
    diags += more
    by_label = {n.label: n for n in notes}

    apparatus: list[str] = []
    markers: dict[int, list[tuple[int, int, NoteRef]]] = {}
    used: set[str] = set()
    for i in range(sep):
        for m in MARKER.finditer(lines[i]):
            note = by_label.get(m.group("num"))
            anchor = m.group("anchor").strip()
            apparatus.append(anchor)
            markers.setdefault(i, []).append((m.start(), m.end(), NoteRef(m.group("num"),
                                                                          note.number if note else None,
                                                                          i + 1, anchor)))
            if note:
                used.add(note.label)
            else:
                diags.append(warning(source.path, i + 1, "footnote-missing",
                                     f'note marker [{m.group("num")}] has no note below the separator; '
                                     "supply its text in content/documents.yaml under `notes:`, or leave it reported"))
    for note in notes:
        if note.label not in used:
            diags.append(warning(source.path, note.line, "footnote-unreferenced",
                                 f"note {note.label} has no marker in the text; it is listed with the notes"))
    apparatus += [n.anchor for n in word if n.anchor]
    apparatus += [m.group("anchor").strip() for line in lines[sep:] for m in BARE_BOOKMARK.finditer(line)]

    # Bookmarks that mark no note are apparatus too: recorded, not shown.
    stripped = list(lines[:sep])
    for i, line in enumerate(stripped):
        spans = markers.get(i, [])
        text, refs = with_markers(line, spans)
        for m in STRAY_BOOKMARK.finditer(text):
            apparatus.append(m.group("anchor").strip())
        text = STRAY_BOOKMARK.sub("", text)
        stripped[i] = (text, refs)  # type: ignore[call-overload]

    def inlines(i: int):
        text, refs = stripped[i]
        return parse_inline(clean(text), i + 1, refs)

    filled = [i for i in range(sep) if not is_blank(stripped[i][0])]
    head: list[Block] = []
    place, date, dateline = "", DocDate(), ""
    title = ""
    body_start = 0
    if filled:
        head.append(Block("title", inlines(filled[0]), filled[0] + 1, filled[0] + 1))
        unmarked = lambda i: re.sub(f"{NOTE_SENTINEL}\\d+{NOTE_SENTINEL}", "", stripped[i][0])
        if (len(filled) > 2 and filled[1] == filled[0] + 1 and HEADING_CONTINUES.search(clean(unmarked(filled[0])))
                and not parse_dateline(clean(unmarked(filled[1])))):
            # a heading broken over two lines ("… (Harriman) to / President Roosevelt")
            head[0] = Block("title", head[0].inlines + (Text(" "),) + inlines(filled[1]), filled[0] + 1, filled[1] + 1)
            filled = filled[:1] + filled[2:]
        title = clean(plain_text(head[0].inlines))
        body_start = head[0].last_line
        # a note marker on the dateline stands in its text as a sentinel: not part of the date
        dateline_text = unmarked(filled[1]) if len(filled) > 1 else ""
        if len(filled) > 1 and (parsed := parse_dateline(clean(dateline_text))):
            place, date = parsed
            head.append(Block("dateline", inlines(filled[1]), filled[1] + 1, filled[1] + 1))
            dateline = clean(dateline_text)
            body_start = filled[1] + 1
    body_lines = [t for t, _ in stripped]
    refs_map = {i: [] for i in range(sep)}
    blocks = body_blocks(body_lines, body_start, sep, refs_map)
    # body_blocks parsed lines without refs; re-parse with the note refs in place.
    blocks = tuple(Block(b.kind, inlines(b.first_line - 1), b.first_line, b.last_line) for b in blocks)
    if loose:
        # Text among the notes that is no note: kept after the text, and said.
        diags.append(warning(source.path, loose[0] + 1, "notes-loose-text",
                             "text below the notes' separator that is no note is shown at the end of the "
                             "document; if it belongs to a note, start that note's line with its number"))
        blocks += tuple(Block("p", line_inlines(STRAY_BOOKMARK.sub("", lines[i]), i, {}), i + 1, i + 1)
                        for i in loose)

    kind, senders, recipients = parse_title(title) if title else ("", (), ())
    last_line = max((i for i in range(len(lines)) if not is_blank(lines[i])), default=0) + 1
    doc = Document(
        id="", family=NAME, kind=kind or "document", title=title or "Untitled document",
        source=SourceRef(source.path, 1, last_line, NAME),
        senders=senders, recipients=recipients, place=place, date=date, dateline=dateline,
        head=tuple(head), blocks=blocks, notes=tuple(notes), apparatus=tuple(dict.fromkeys(apparatus)))
    return ReadResult((doc,), tuple(diags))
