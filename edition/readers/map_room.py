"""FDR Library Map Room folders: many messages of one archive folder in one transcription.

    Folder 6. MR 530 Japan (1)—Air Operations …         ← the folder's own note
    FROM: THE PRESIDENT / TO : AMBASSADOR HARRIMAN / NO : 54, 30 AUGUST 1944.
    … message text … ROOSEVELT
    FROM The President TO Ambassador Harriman          ← its Map Room cover sheet
    SERIAL or FILE NO. … TOR MAP ROOM … SUBJECT: … ACTION: 1. …
    TOP SECRET DISPATCH / DRAFTER EXT. ADDRESSEES …    ← a Navy dispatch, perhaps over several forms

Each message becomes one Document, in the folder's order, its cover sheet's facts
in `handling` and the forms' furniture in `form`. The work is shared out:
`map_room_lines` names lines, `map_room_cover` reads cover sheets,
`map_room_pieces` finds messages and form pages, `map_room_assemble` groups them,
`map_room_text` builds the reading text, `map_room_document` makes the Document.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..diagnostics import Diagnostic, warning
from ..inline import NOTE_SENTINEL, parse_inline
from ..model import Block, Document, Source, SourceRef
from .common import ReadResult, clean, is_blank
from .map_room_assemble import Message, file_cover, file_cover_below, group_region, settle_strays
from .map_room_cover import find_covers
from .map_room_document import Context, build_document
from .map_room_folder import COLLECTION, Folder, folder_note, folder_of

NAME = "map_room"
TITLE = "FDR Library Map Room folder"

_SHEET = re.compile(r"^\s*SERIAL (?:or|OR) FILE NO\b|^\s*[TF]OR MAP ROOM\b", re.M)
_DISPATCH = re.compile(r"\bADDRESSEES?\b.*\bPRECEDENCE\b|^\s*(?:TOP SECRET )?DISPATCH\s*$|^\s*NAVAL MESSAGE\s*$"
                       r"|^\s*TOR CODE ?ROO?M\b", re.M)
_HEADERS = re.compile(r"^\s*FROM\s*:.*\n(?:\s*\n){0,2}\s*TO\s*:", re.M)


def detect(text: str) -> float:
    """High for a Map Room folder (cover sheets, dispatch forms, FROM:/TO : headers), about 0 otherwise."""
    sheets = len(_SHEET.findall(text))
    forms = len(_DISPATCH.findall(text))
    headers = len(_HEADERS.findall(text))
    if not sheets and not forms:
        # a folder of typed copies only ("FROM: / TO :" headers) that says it is the Map Room's
        return 0.5 if headers >= 2 and ("Map Room" in text or "MAP ROOM" in text) else 0.0
    score = min(sheets, 4) * 0.2 + min(forms, 2) * 0.1 + min(headers, 2) * 0.1
    if "Map Room" in text or "MAP ROOM" in text:
        score += 0.1
    return round(min(score, 0.97), 2)


# "Folder 8. MR 310 Japan (2)—…" followed by its "Map Room / Box 36 / Folder 8" lines: a folder begins
_FOLDER_TITLE = re.compile(r"^Folder\s+\d+\w*\.\s+\S")


def folder_starts(lines: list[str]) -> list[int]:
    """Where each folder of a transcription of several begins (0 for the first)."""
    starts = [0]
    for i, line in enumerate(lines):
        if i and _FOLDER_TITLE.match(clean(line)) and any(
                clean(lines[j]).lower() == "map room" for j in range(i + 1, min(len(lines), i + 10))):
            if any(not is_blank(x) for x in lines[starts[-1]:i]):
                starts.append(i)
    return starts


def read(source: Source) -> ReadResult:
    # A NUL would be taken for a note sentinel by parse_inline; seeds never hold one, but random text may.
    lines = source.text.replace(NOTE_SENTINEL, "\ufffd").split("\n")
    if all(is_blank(line) for line in lines):
        return ReadResult((), (warning(source.path, 1, "map-room-empty",
                                       "the file has no text; add the transcription or remove the file"),))
    starts = folder_starts(lines)
    if len(starts) == 1:
        return _read_folder(source.path, lines)
    # several folders one after another: each read on its own (the others' lines blanked, so
    # that line numbers stay the seed's), their documents in one order
    documents: list[Document] = []
    diagnostics: list[Diagnostic] = []
    for start, end in zip(starts, starts[1:] + [len(lines)]):
        part = _read_folder(source.path, [line if start <= i < end else "" for i, line in enumerate(lines)])
        documents += [replace(doc, order=len(documents) + k) for k, doc in enumerate(part.documents)]
        diagnostics += part.diagnostics
    return ReadResult(tuple(documents), tuple(sorted(diagnostics)))


def _read_folder(path: str, lines: list[str]) -> ReadResult:
    covers = find_covers(lines)
    result = _documents(path, lines, _assemble(lines, covers, sheets_above=False))
    # (a folder filed that way leaves its first sheet with no message above it: only then is it worth trying)
    if covers and any(d.code == "map-room-no-message" for d in result.diagnostics):
        # Most folders file each cover sheet under its message; some file it above. When the
        # sheets disagree with the messages above them, try them with the messages below.
        above = _documents(path, lines, _assemble(lines, covers, sheets_above=True))
        if _mismatches(above) < _mismatches(result):
            return above
    return result


def _assemble(lines: list[str], covers: list, sheets_above: bool) -> list[Message]:
    messages: list[Message] = []
    start, waiting = 0, None
    for k, cover in enumerate(covers + [None]):
        end = cover.first if cover else len(lines)
        region = group_region(lines, start, end, file_start=k == 0)
        if sheets_above:
            if waiting:
                region = file_cover_below(region, waiting)
            waiting = cover
        elif cover:
            region = file_cover(region, cover)
        if cover:
            start = cover.last + 1
        messages += region
    return settle_strays(messages)


def _mismatches(result: ReadResult) -> int:
    """How badly cover sheets and messages fit: a fact they disagree on counts 1, a sheet or
    message left without the other 2 (a pairing with one doubt beats leaving both alone)."""
    weights = {"map-room-doubt": 1, "map-room-no-message": 2, "map-room-no-cover": 2}
    return sum(weights.get(d.code, 0) for d in result.diagnostics)


def _documents(path: str, lines: list[str], messages: list[Message]) -> ReadResult:
    note = next((m for m in messages if m.folder_note), None)
    folder = folder_of(lines, note.pages[0] if note else None, path)
    documents: list[Document] = []
    diagnostics: list[Diagnostic] = []
    for msg in messages:
        ctx = Context(path, folder, len(documents))
        if msg.folder_note:
            doc, diags = folder_note(lines, msg.pages[0], folder, path, msg.extra_form)
            doc = replace(doc, order=ctx.order)
        elif msg.pages or msg.cover:
            doc, diags = build_document(lines, msg, ctx)
        else:
            doc, diags = _stray(path, lines, msg, folder, ctx.order), []
        documents.append(doc)
        diagnostics += diags
    if not any(m.cover or (m.pages and not m.folder_note) for m in messages):
        diagnostics.append(warning(path, 1, "map-room-nothing-found",
                                   "no message header or cover sheet was recognised; the text is kept as it is; set "
                                   "`reader:` for this seed in content/sources.yaml if it is not a Map Room folder"))
    return ReadResult(tuple(documents), tuple(sorted(diagnostics)))


def _stray(path: str, lines: list[str], msg: Message, folder: Folder, order: int) -> Document:
    """Stamps with no message to go to (a folder note followed only by stamps): kept as form of their own."""
    rows = sorted(msg.extra_form)
    form = tuple(Block("form", parse_inline(clean(lines[j]), j + 1), j + 1, j + 1) for j in rows)
    return Document(id="", family=NAME, kind="folder-note", title=folder.name or "Map Room folder",
                    source=SourceRef(path, rows[0] + 1, rows[-1] + 1, NAME, COLLECTION, folder.description),
                    form=form, folder=folder.id, order=order)
