"""The folder's own note at the head of a Map Room folder.

    Folder 6. MR 530 Japan (1)—Air Operations
    Against Japan,
    3 February—24 September 1944.

    Map Room
    Box 35
    Folder 6
    …
    1. DEANE-JCS, 241846Z NCR 8000, 24 Sept 44.      ← the note to "Staff¹"

It names the folder every message of the seed belongs to, and is a document too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..diagnostics import Diagnostic, warning
from ..inline import parse_inline
from ..model import Block, DocDate, Document, Reference, SourceRef, plain_text
from .common import clean, is_blank
from .map_room_pieces import Piece
from .map_room_text import SUP_DIGITS, SUPERSCRIPT, NoteSpec, build_text, note_specs

COLLECTION = "Franklin D. Roosevelt Library, Map Room Papers"
ARCHIVE_LINE = re.compile(r"^(?:Map Room|Box\s+\d+\w*|Folder\s+\d+\w*)$", re.I)
FOLDER_NAME = re.compile(r"\bFolder\s+\d+\w*\.?\s+(?P<name>.+?)\s*(?:[—–]|\s-\s|$)", re.I)
NOTE_ITEM = re.compile(r"^(?P<n>\d{1,2})\.\s+(?P<text>\S.*)$")
SPAN = re.compile(r"\d{1,2}\s+[A-Z][a-z]+\.?(?:,?\s+\d{4})?\s*[—–-]\s*\d{1,2}\s+[A-Z][a-z]+\.?,?\s+\d{4}")


@dataclass(frozen=True)
class Folder:
    id: str
    name: str
    description: str


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _joined(lines: list[str], rows: tuple[int, ...]) -> str:
    return " ".join(clean(lines[j]) for j in rows)


def _parts(lines: list[str], piece: Piece) -> tuple[tuple[int, ...] | None, tuple[int, ...] | None]:
    """The title paragraph and the "Map Room / Box / Folder" paragraph, if the note has them."""
    paras = [item[1] for item in piece.items if item[0] == "p"]
    title = paras[0] if paras else None
    archive = next((p for p in paras if all(ARCHIVE_LINE.match(clean(lines[j])) for j in p)), None)
    if title is not None and title == archive:
        title = None
    return title, archive


def folder_of(lines: list[str], piece: Piece | None, path: str) -> Folder:
    """The folder's id and source note, from its note or else from the seed's file name."""
    title, archive = _parts(lines, piece) if piece else (None, None)
    name = ""
    if title is not None:
        text = _joined(lines, title)
        m = FOLDER_NAME.search(text)
        name = m.group("name").strip(" .,") if m else re.split(r"[—–]", text)[0].strip(" .,")
    where = ", ".join(clean(lines[j]) for j in archive) if archive else ""
    description = ": ".join(p for p in (where, name) if p)
    ident = _slug(name) or _slug(PurePosixPath(path).stem) or "map-room-folder"
    return Folder(ident, name, description)


def _split_notes(lines: list[str], piece: Piece, items: list[tuple]) -> tuple[list[NoteSpec], list[tuple]]:
    """Numbered notes at the end ("1. DEANE-JCS …") whose number stands as a superscript in the text."""
    markers = {m.group("sup").translate(SUP_DIGITS) for j in piece.text_lines() for m in SUPERSCRIPT.finditer(lines[j])}
    notes: list[NoteSpec] = note_specs(lines, list(piece.notes))
    kept: list[tuple] = []
    for item in items:
        m = NOTE_ITEM.match(clean(lines[item[1][0]])) if item[0] == "p" else None
        if m and m.group("n") in markers:
            notes.append(NoteSpec(m.group("n"), item[1], re.sub(r"^\d{1,2}\.\s+", "", _joined(lines, item[1])), "note"))
        else:
            kept.append(item)
    return sorted(notes, key=lambda n: n.lines[0]), kept


def _span_date(title: str) -> DocDate:
    """"3 February—24 September 1944" in the folder's title; the year is the date to sort by."""
    span = SPAN.search(title)
    years = re.findall(r"\b(1[6-9]\d\d)\b", title)
    return DocDate(iso=years[0] if years else "", text=span.group() if span else "", note="the span of the folder")


def folder_note(lines: list[str], piece: Piece, folder: Folder, path: str,
                extra_form: tuple[int, ...] = ()) -> tuple[Document, list[Diagnostic]]:
    title_rows, archive_rows = _parts(lines, piece)
    body = [item for item in piece.items if item[0] != "p" or item[1] not in (title_rows, archive_rows)]
    notes, kept = _split_notes(lines, piece, body)
    text = build_text(lines, kept, notes)
    head = tuple(Block(kind, parse_inline(_joined(lines, rows), rows[0] + 1), rows[0] + 1, rows[-1] + 1)
                 for kind, rows in (("title", title_rows), ("archive", archive_rows)) if rows)
    title = plain_text(head[0].inlines) if head and head[0].kind == "title" else (folder.name or "Folder note")
    form_rows = sorted(set(piece.form) | set(extra_form))
    filled = sorted(j for j in set(range(piece.first, piece.last + 1)) | set(extra_form) if not is_blank(lines[j]))
    filled = filled or [piece.first]
    date = _span_date(title)
    title = title if len(title) <= 200 else title[:199] + "…"
    doc = Document(id="", family="map_room", kind="folder-note", title=title,
                   source=SourceRef(path, filled[0] + 1, filled[-1] + 1, "map_room", COLLECTION, folder.description),
                   date=date, head=head, blocks=text.blocks, notes=text.notes,
                   form=tuple(Block("form", parse_inline(clean(lines[j]), j + 1), j + 1, j + 1) for j in form_rows),
                   folder=folder.id, references=(Reference("file", folder.name),) if folder.name else ())
    diags = [warning(path, n.lines[0] + 1, "map-room-note-unmatched",
                     f'the note "{n.text[:50]}" has no marker in the folder note; it is listed with the notes '
                     "without one") for n in text.unmatched]
    return doc, diags
