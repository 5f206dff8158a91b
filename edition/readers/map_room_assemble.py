"""Which papers make one message: form pages in order, other copies, the cover sheet after them.

Between two cover sheets stand one or more pieces. A dispatch page that names a
later page ("PAGE TWO", "②", "(PAGE 3 OF 3)") or repeats the serial continues the
message before it; a piece whose text repeats the message's text is another copy
of it; anything else is a new message. The cover sheet files the last of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import DocDate, Reference
from .common import clean
from .map_room_cover import Cover
from .map_room_facts import (Facts, date_in, dtg_digits, is_channel, merge_references, message_number, parties,
                             serial_line, serials, series, split_place)
from .map_room_lines import (CLASSIFICATION, HEADER, HEADING, MEMO, STRUCK, TABLE_HEAD, TABLE_LABEL, bare, zeros)
from .map_room_pieces import Piece, find_pieces

DUPLICATE_SHARE = 0.6
DUPLICATE_MIN_WORDS = 15
# Cells of the routing table's third column that are printed labels, not addressees
# ("ORIGINATOR FILL IN DATE AND TIME:  DATE  TIME  GCT").
_NOT_ADDRESSEE = re.compile(r"ASTERISK|MAILGRAM|INFORMATION|DECLASSIFIED|^\d+$|^(?:PRIORITY|ROUTINE|DEFERRED|URGENT|"
                            r"BASEGRAM|OPERATIONAL)(?:\s+\w+)?$|^(?:DATE|TIME|GCT|DATE AND TIME)$", re.I)


@dataclass(frozen=True)
class Message:
    """The papers of one message: its form pages, other copies of it, its cover sheet."""
    pages: tuple[Piece, ...] = ()
    copies: tuple[Piece, ...] = ()
    cover: Cover | None = None
    extra_form: tuple[int, ...] = ()        # stray stamp lines filed with it
    unplaced: tuple[int, ...] = ()          # lines the reader could not place
    folder_note: bool = False


def words(lines: list[str], rows: list[int]) -> list[str]:
    return re.findall(r"[a-z]{3,}", " ".join(bare(lines[j]) for j in rows).lower())


def share(mine: list[str], known: set[str]) -> float:
    """The share of the distinct words of a text that are `known`; 0 for a text too short to tell."""
    distinct = set(mine)
    if len(mine) < DUPLICATE_MIN_WORDS or not distinct:
        return 0.0
    return len(distinct & known) / len(distinct)


def overlap(lines: list[str], rows: list[int], other: list[int]) -> float:
    """The share of the words of `rows` that `other` has too."""
    return share(words(lines, rows), set(words(lines, other)))


def _long(lines: list[str], piece: Piece) -> bool:
    return any(sum(len(clean(lines[j]).split()) for j in item[1]) >= 8 for item in piece.items if item[0] == "p")


def _dispatch_pages(msg: Message, piece: Piece) -> set[int] | None:
    """The page numbers the message has so far, if both it and the piece are dispatch forms."""
    if piece.kind != "dispatch" or not msg.pages or any(p.kind != "dispatch" for p in msg.pages):
        return None
    return {p.page for p in msg.pages}


def _next_page(msg: Message, piece: Piece) -> bool:
    """A form that names a page the message does not have yet ("PAGE TWO" after page one)."""
    pages = _dispatch_pages(msg, piece)
    if pages is None or not piece.page or piece.page in pages:
        return False
    return 0 not in pages or piece.page > max(pages)        # numbered forms may come in any order


def _same_serial(lines: list[str], msg: Message, piece: Piece) -> bool:
    """An unnumbered form with the message's serial, or a numbered one the message lacks."""
    pages = _dispatch_pages(msg, piece)
    if pages is None or (piece.page and piece.page in pages):
        return False
    mine, theirs = table_facts(lines, piece).references, table_facts(lines, msg.pages[0]).references
    return bool(mine and theirs and dtg_digits(mine[0]) == dtg_digits(theirs[0]))


def group_region(lines: list[str], start: int, end: int, file_start: bool) -> list[Message]:
    out: list[Message] = []
    carry: tuple[int, ...] = ()                 # stray lines waiting for the next message
    unplaced: tuple[int, ...] = ()
    known: set[str] = set()                     # the words of the current message's text so far
    for k, piece in enumerate(find_pieces(lines, start, end)):
        current = out[-1] if out and not out[-1].folder_note else None
        mine = words(lines, piece.text_lines())
        if piece.kind == "loose" and file_start and k == 0 and piece.items:
            out.append(Message(pages=(piece,), folder_note=True))
        elif piece.kind == "loose" and not _long(lines, piece):
            carry += tuple(j for j in range(piece.first, piece.last + 1) if lines[j].strip())
            unplaced += tuple(piece.text_lines())
        elif current and _next_page(current, piece):
            out[-1] = replace(current, pages=current.pages + (piece,))
            known |= set(mine)
        elif current and share(mine, known) >= DUPLICATE_SHARE and not _other_address(lines, current, piece):
            out[-1] = replace(current, copies=current.copies + (piece,))
        elif current and _same_serial(lines, current, piece):
            out[-1] = replace(current, pages=current.pages + (piece,))
            known |= set(mine)
        else:
            out.append(Message(pages=(piece,), extra_form=carry, unplaced=unplaced))
            carry, unplaced, known = (), (), set(mine)
    if carry:                                   # stray lines at the end: with the region's last message
        out.append(Message(extra_form=carry, unplaced=unplaced))
    return settle_strays(out, into_folder_note=False)


def _other_address(lines: list[str], msg: Message, piece: Piece) -> bool:
    """Whether the piece's own header sends the text to someone else or under another number
    (the same words sent to Churchill as #681 and to Stalin as #82 are two messages)."""
    if piece.kind != "typed" or msg.pages[0].kind != "typed":
        return False
    a, b = _header_facts(lines, msg.pages[0]), _header_facts(lines, piece)
    names = lambda facts: {p.name.upper() for p in facts.recipients}
    numbers = lambda facts: {r.value for r in facts.references}
    return bool((names(a) and names(b) and names(a) != names(b))
                or (numbers(a) and numbers(b) and not numbers(a) & numbers(b)))


def settle_strays(messages: list[Message], into_folder_note: bool = True) -> list[Message]:
    """Stray lines without a message of their own go to the message before them, if there is one.

    Within a region they do not go to the folder note: a cover sheet may still come for them.
    """
    out: list[Message] = []
    for msg in messages:
        if not msg.pages and not msg.cover and out and (into_folder_note or not out[-1].folder_note):
            out[-1] = replace(out[-1], extra_form=out[-1].extra_form + msg.extra_form,
                              unplaced=out[-1].unplaced + msg.unplaced)
        else:
            out.append(msg)
    return out


def file_cover_below(messages: list[Message], cover: Cover) -> list[Message]:
    """The sheet files the first message below it (folders that put the sheet on top)."""
    for k, msg in enumerate(messages):
        if msg.folder_note:
            continue
        if msg.pages and not msg.cover:
            return messages[:k] + [replace(msg, cover=cover)] + messages[k + 1:]
        break
    return [Message(cover=cover)] + messages


def file_cover(messages: list[Message], cover: Cover) -> list[Message]:
    """The sheet files the message just above it; with none there (or only stray stamps), it stands alone."""
    if messages and not messages[-1].folder_note and (messages[-1].pages or not messages[-1].cover):
        return messages[:-1] + [replace(messages[-1], cover=cover)]
    return messages + [Message(cover=cover)]


# ---------------------------------------------------------------- what a piece says


def classification(lines: list[str], rows: list[int]) -> str:
    """The first classification stamp; a struck one ("~~TOP SECRET~~") only if none stands."""
    struck = ""
    for j in rows:
        text = bare(lines[j])
        m = CLASSIFICATION.match(text) or re.match(r"^(?P<level>TOP[\s-]*SECRET|SECRET)\s+(?:DISPATCH|PRIORITY)$", text)
        if m:
            if STRUCK.match(lines[j]):
                struck = struck or m.group("level")
            else:
                return m.group("level")
    return struck


def table_facts(lines: list[str], piece: Piece) -> Facts:
    """A dispatch form's routing table: originator, addressees, date, date-time group."""
    sender, addressees, header_seen, first_row = "", [], False, False
    for j in piece.table:
        raw = lines[j]
        cells = [bare(c) for c in raw.split("\t")]
        if TABLE_HEAD.search(raw):
            header_seen = first_row = True
            continue
        m = re.match(r"^FROM\b\s*(?P<rest>.*)$", cells[0])
        if m and not sender:
            sender = m.group("rest").strip() or next((c for c in cells[1:] if c), "")
        elif first_row and not sender and cells[0] and not TABLE_LABEL.match(cells[0]):
            sender = cells[0]
        first_row = False
        if header_seen and len(cells) >= 3 and cells[2] and not _NOT_ADDRESSEE.search(cells[2]):
            addressees.append(re.sub(r"^FOR\s+ACTION\s+", "", cells[2]).strip())
    table_text = " ".join(bare(lines[j]) for j in piece.table)
    found = next((d for d in (date_in(bare(lines[j])) for j in piece.table) if d.iso), DocDate())
    refs = serials(zeros(table_text))[:1]
    sender_label, place = split_place(sender) if sender else ("", "")
    return Facts(channel_from=sender_label if sender else "", channel_to=" and ".join(addressees),
                 place=place if is_channel(sender) else "", date=found, references=tuple(refs))


def _titled_parties(lines: list[str], piece: Piece, head_rows: list[int]):
    """"MEMORANDUM FOR: / ADMIRAL LEAHY." (the sender signs it); "PRESIDENT TO HARRIMAN:" names both."""
    if piece.kind == "memorandum" and head_rows:
        rest = re.sub(r"^\s*FOR\b", "", MEMO.match(clean(lines[head_rows[0]])).group("rest"), flags=re.I).strip(" :")
        recipients = parties(rest or (clean(lines[head_rows[-1]]) if len(head_rows) > 1 else ""))
        return (parties(clean(lines[piece.signature[0]])) if piece.signature else ()), recipients
    if piece.kind == "heading" and head_rows and (m := HEADING.match(clean(lines[head_rows[0]]))):
        return parties(m.group("s")), parties(m.group("r"))
    return (), ()


def _header_facts(lines: list[str], piece: Piece) -> Facts:
    """A typed copy's "FROM: / TO : / NO :" lines (an office like OPNAV is the channel) and its date line."""
    values: dict[str, str] = {}
    refs: list[Reference] = []
    head_rows = [j for kind, j in piece.head if kind == "header"]
    for j in head_rows:
        if m := HEADER.match(clean(lines[j])):
            values.setdefault(m.group("label"), m.group("value").strip())
        elif ref := serial_line(clean(lines[j])):
            refs.append(ref)
    senders, recipients = _titled_parties(lines, piece, head_rows)
    sender, place = split_place(values.get("FROM", ""))
    recipient, _ = split_place(values.get("TO", ""))
    senders = parties(sender) if sender and not is_channel(sender) else senders
    recipients = parties(values["TO"]) if recipient and not is_channel(recipient) else recipients
    date = DocDate()
    for label in ("NO", "NR", "DATE"):
        if label in values:
            number = message_number(values[label]) if label != "DATE" else None
            refs += ([number] if number else []) + serials(values[label])
            date = date if date.iso else date_in(values[label])
    datelines = [clean(lines[j]) for kind, j in piece.head if kind == "dateline"]
    for dateline in datelines:
        date = date if date.iso else date_in(dateline)
    return Facts(senders=senders, recipients=recipients,
                 channel_from=values["FROM"].strip(" .") if is_channel(sender) else "",
                 channel_to=values["TO"].strip(" .") if is_channel(recipient) else "",
                 place=place, date=date, dateline=datelines[-1] if datelines else "", references=tuple(refs),
                 subject=values.get("SUBJECT", values.get("SUBJ", "")))


def piece_facts(lines: list[str], piece: Piece) -> Facts:
    base = table_facts(lines, piece) if piece.kind == "dispatch" else _header_facts(lines, piece)
    parts = [Reference("part", ref.value) for kind, j in piece.head if kind == "part" for ref in serials(lines[j])]
    loose = [ref for j in piece.form if (ref := serial_line(clean(lines[j])))]
    sent_as = [ref for j in piece.form for ref in series(lines[j])]
    rows = list(range(piece.first, piece.last + 1))
    return replace(base, references=merge_references(base.references, loose, sent_as, parts),
                   classification=classification(lines, rows))

