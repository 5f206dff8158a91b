"""One Map Room message, with its pages, copies and cover sheet, as a Document.

The message's own facts (header, "FOR THE EYES OF …" line, routing table) come
first; the cover sheet fills in what the message does not state and keeps its own
values in `handling`. Where the two disagree both are kept and the editor is told.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..dates import display
from ..diagnostics import Diagnostic, warning
from ..inline import parse_inline
from ..model import Block, DocDate, Document, Handling, Party, SourceRef, Witness
from .common import clean, is_blank
from .map_room_assemble import DUPLICATE_SHARE, Message, classification, overlap, piece_facts
from .map_room_facts import Facts, address_parties, dtg_digits, is_channel, main_time, merge_references, parties
from .map_room_folder import COLLECTION, Folder
from .map_room_pieces import Piece
from .map_room_text import TextResult, build_text, note_specs

NAME = "map_room"
KINDS = {"dispatch": "dispatch", "memorandum": "memorandum"}


@dataclass(frozen=True)
class Context:
    path: str
    folder: Folder
    order: int


def _block(lines: list[str], kind: str, j: int) -> Block:
    return Block(kind, parse_inline(clean(lines[j]), j + 1), j + 1, j + 1)


def _in_page_order(pages: tuple[Piece, ...]) -> list[Piece]:
    """Numbered forms in the order of their numbers (a folder may file page 2 first)."""
    if all(p.page for p in pages):
        return sorted(pages, key=lambda p: p.page)
    return list(pages)


def _items(pages: tuple[Piece, ...]) -> list[tuple]:
    """The text of all form pages in page order, a form break before each later page."""
    items: list[tuple] = []
    for k, page in enumerate(_in_page_order(pages)):
        if k:
            items.append(("page", str(page.page or k + 1), page.anchor, "form"))
        items += list(page.items)
        if page.signature:
            items.append(("sig", page.signature))
    return items


def _copy_label(lines: list[str], rows: list[int]) -> str:
    """A copy with corrections (^{…}, ~~…~~) or short ragged lines is the hand-written draft."""
    texts = [clean(lines[j]) for j in rows if clean(lines[j])]
    marked = any("^{" in t or "~~" in t for t in texts)
    short = bool(texts) and sum(len(t) for t in texts) / len(texts) < 40
    return "handwritten draft" if marked or short else "second typed copy"


def _copy_witness(lines: list[str], piece: Piece) -> Witness:
    items: list[tuple] = [("p", (j,)) for _, j in piece.head] + list(piece.items)
    if piece.signature:
        items.append(("sig", piece.signature))
    items += [("p", note) for note in piece.notes]          # a copy's code-room notes stay with the copy
    items.sort(key=lambda item: item[1][0] if item[0] != "page" else item[2])
    rows = [j for item in items for j in item[1]]
    return Witness(_copy_label(lines, rows), build_text(lines, items, []).blocks, piece.first + 1, piece.last + 1)


def _trailing(lines: list[str], msg: Message, path: str) -> tuple[list[Witness], list[Block], list[Diagnostic]]:
    """Text after a signature: a draft of the same message, or text kept after the message and reported."""
    witnesses, blocks, diags = [], [], []
    main_rows = [j for p in msg.pages for j in p.text_lines()]
    for page in msg.pages:
        rows = [j for para in page.trailing for j in para]
        if not rows:
            continue
        built = build_text(lines, [("p", para) for para in page.trailing], []).blocks
        if overlap(lines, rows, main_rows) >= DUPLICATE_SHARE:
            witnesses.append(Witness(_copy_label(lines, rows), built, rows[0] + 1, rows[-1] + 1))
        else:
            blocks += built
            if not built[0].kind == "postscript":
                diags.append(warning(path, rows[0] + 1, "map-room-unplaced",
                                     f'text after the signature ("{clean(lines[rows[0]])[:60]}") is not another '
                                     "copy of the message; it is kept after the message text; check where it belongs"))
    return witnesses, blocks, diags


def _message_facts(lines: list[str], msg: Message) -> Facts:
    """The message's own facts; later form pages fill in what the first one lacks."""
    facts = piece_facts(lines, msg.pages[0]) if msg.pages else Facts()
    for page in msg.pages[1:]:
        more = piece_facts(lines, page)
        facts = replace(facts, date=facts.date if facts.date.iso else more.date,
                        references=merge_references(facts.references, more.references),
                        classification=facts.classification or more.classification)
    return facts


def _said(mine: Facts, text: TextResult) -> Facts:
    """Who the message itself names: its header, else its "FOR THE EYES OF … FROM …" line."""
    addressed = address_parties(text.address) if text.address else None
    return replace(mine, senders=mine.senders or (addressed[0] if addressed else ()),
                   recipients=mine.recipients or (addressed[1] if addressed else ()))


def _correspondents(mine: Facts, said: Facts, theirs: Facts, copies: list[Facts]):
    """Header first, then the cover sheet, then the address line, the routing table (its
    originator and addressee, unless they are signal offices), another copy."""
    table = parties(mine.channel_from) if mine.channel_from and not is_channel(mine.channel_from) else ()
    addressed = parties(mine.channel_to) if mine.channel_to and not is_channel(mine.channel_to) else ()
    senders = (mine.senders or theirs.senders or said.senders or table
               or next((c.senders for c in copies if c.senders), ()))
    recipients = (mine.recipients or theirs.recipients or said.recipients or addressed
                  or next((c.recipients for c in copies if c.recipients), ()))
    return senders, recipients


def _form(lines: list[str], msg: Message) -> tuple[Block, ...]:
    rows = set(msg.extra_form)
    for piece in msg.pages + msg.copies:
        rows |= set(piece.form) | set(piece.table)
    if msg.cover:
        rows |= set(msg.cover.stamps)
    return tuple(_block(lines, "form", j) for j in sorted(rows) if not is_blank(lines[j]))


def _handling(msg: Message, mine: Facts) -> Handling | None:
    fields = list(msg.cover.fields) if msg.cover else []
    if is_channel(mine.channel_from) or is_channel(mine.channel_to):
        fields += [("Channel from", mine.channel_from), ("Channel to", mine.channel_to)]
    if msg.cover:
        return Handling(tuple(fields), msg.cover.action, msg.cover.first + 1, msg.cover.last + 1)
    if fields:
        return Handling(tuple(fields), (), msg.pages[0].anchor + 1, msg.pages[0].anchor + 1)
    return None


def _span(lines: list[str], msg: Message) -> tuple[int, int]:
    """First and last non-blank line of the message with its cover sheet (0-based)."""
    rows = [(p.first, p.last) for p in msg.pages + msg.copies] + [(j, j) for j in msg.extra_form]
    if msg.cover:
        rows.append((msg.cover.first, msg.cover.last))
    first, last = min(a for a, _ in rows), max(b for _, b in rows)
    filled = [j for j in range(first, last + 1) if not is_blank(lines[j])] or [first]
    return filled[0], filled[-1]


def _title(kind: str, senders: tuple[Party, ...], recipients: tuple[Party, ...], date: DocDate) -> str:
    def who(ps: tuple[Party, ...]) -> str:
        return " and ".join(p.label.title() if p.label.isupper() else p.label for p in ps)
    title = ("Memorandum from " if kind == "memorandum" else "") + (who(senders) or "Unknown sender")
    title += f" to {who(recipients)}" if recipients else ""
    if kind == "cover sheet":
        title = f"Cover sheet: {title}"
    return f"{title}, {display(date)}" if date.iso else title


def build_document(lines: list[str], msg: Message, ctx: Context) -> tuple[Document, list[Diagnostic]]:
    cover = msg.cover
    mine = _message_facts(lines, msg)
    theirs = cover.facts if cover else Facts()
    copies = [piece_facts(lines, c) for c in msg.copies]
    date = mine.date if mine.date.iso else theirs.date
    text = build_text(lines, _items(msg.pages), note_specs(lines, [n for p in msg.pages for n in p.notes]),
                      date.iso[:4])
    said = _said(mine, text)
    senders, recipients = _correspondents(mine, said, theirs, copies)
    references = merge_references(mine.references, *(c.references for c in copies), theirs.references)
    date = replace(date, time=main_time(references))
    kind = KINDS.get(msg.pages[0].kind, "telegram") if msg.pages else "cover sheet"
    witnesses, extra, diags = _trailing(lines, msg, ctx.path)
    first, last = _span(lines, msg)
    stamps = [j for p in msg.pages for j in range(p.first, p.last + 1)] + list(cover.stamps if cover else ())
    doc = Document(
        id="", family=NAME, kind=kind, title=_title(kind, senders, recipients, date),
        source=SourceRef(ctx.path, first + 1, last + 1, NAME, COLLECTION, ctx.folder.description),
        senders=senders, recipients=recipients, place=mine.place, date=date, dateline=mine.dateline,
        head=tuple(_block(lines, k, j) for p in msg.pages for k, j in p.head), references=references,
        classification=mine.classification or classification(lines, sorted(stamps + list(msg.extra_form))),
        subject=mine.subject or theirs.subject, blocks=text.blocks + tuple(extra), notes=text.notes,
        form=_form(lines, msg), handling=_handling(msg, mine),
        witnesses=tuple(_copy_witness(lines, c) for c in msg.copies) + tuple(witnesses), quotes=text.quotes,
        folder=ctx.folder.id, order=ctx.order)
    return doc, diags + _diagnostics(lines, msg, ctx.path, doc, said, text)


def _doubts(path: str, line: int, said: Facts, cover: Facts) -> list[Diagnostic]:
    out = []

    def doubt(what: str, theirs: str, ours: str) -> None:
        out.append(warning(path, line, "map-room-doubt",
                           f'the cover sheet gives {what} "{theirs}" but the message says "{ours}"; both are '
                           "kept (the message's in the document, the cover sheet's in its handling); check the "
                           "source and correct one of them in content/documents.yaml"))

    if said.date.iso and cover.date.iso and said.date.iso != cover.date.iso:
        doubt("the date", cover.date.text, said.date.text)
    ours = next((r for r in said.references if r.kind in ("serial", "dtg")), None)
    theirs = next((r for r in cover.references if r.kind in ("serial", "dtg")), None)
    if ours and theirs and dtg_digits(ours) != dtg_digits(theirs):
        doubt("the serial", theirs.value, ours.value)
    for role, a, b in (("sender", said.senders, cover.senders), ("recipient", said.recipients, cover.recipients)):
        if a and b and not {p.name.lower() for p in a} & {p.name.lower() for p in b}:
            doubt(f"the {role}", b[0].label, a[0].label)
    return out


def _diagnostics(lines: list[str], msg: Message, path: str, doc: Document, said: Facts,
                 text: TextResult) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    cover, pages = msg.cover, msg.pages
    if cover and pages:
        out += _doubts(path, cover.first + 1, said, cover.facts)
    if pages and not cover:
        out.append(warning(path, pages[0].anchor + 1, "map-room-no-cover",
                           f'no Map Room cover sheet follows "{doc.title}"; its facts are the message\'s own'))
    if cover and not pages:
        what = next((r.value for r in doc.references), "") or doc.subject or "it"
        out.append(warning(path, cover.first + 1, "map-room-no-message",
                           f'the cover sheet for {what} has no message above it; it is kept as a document of its '
                           'own (kind "cover sheet"); the message may be filed elsewhere'))
    if pages and pages[0].kind == "loose":
        out.append(warning(path, pages[0].first + 1, "map-room-no-header",
                           "this text has no message header (FROM: / TO : or a dispatch form); it is kept as a "
                           "message, with facts from its cover sheet if it has one"))
    for j in msg.unplaced:
        out.append(warning(path, j + 1, "map-room-unplaced",
                           f'line "{clean(lines[j])[:60]}" is neither message text nor a known form line; it is '
                           "kept with the form of the nearest message; check where it belongs"))
    for note in text.unmatched:
        out.append(warning(path, note.lines[0] + 1, "map-room-note-unmatched",
                           f'the code-room note "{note.text[:50]}" has no "*" in the text before it; it is '
                           "listed with the notes without a marker"))
    return out
