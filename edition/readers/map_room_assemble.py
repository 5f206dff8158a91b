"""Which papers make one message: form pages in order, other copies, the cover sheet after them.

Between two cover sheets stand one or more pieces. A dispatch page that names a
later page ("PAGE TWO", "②", "(PAGE 3 OF 3)") or repeats the serial continues the
message before it; a piece whose text repeats the message's text is another copy
of it; anything else is a new message. The cover sheet files the last of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import DocDate, Reference
from .common import clean
from .map_room_cover import Cover
from .map_room_facts import (Facts, date_in, dtg_digits, is_channel, merge_references, message_number, parties,
                             serial_line, serials, series, split_place)
from .map_room_lines import (CLASSIFICATION, HEADER, HEADING, MEMO, STRUCK, TABLE_HEAD, TABLE_LABEL, bare, zeros)
from .map_room_pieces import Piece, find_pieces

DUPLICATE_SHARE = 0.6
DUPLICATE_MIN_WORDS = 15
_NOT_ADDRESSEE = re.compile(r"ASTERISK|MAILGRAM|INFORMATION|DECLASSIFIED|^\d+$|^(?:PRIORITY|ROUTINE|DEFERRED|URGENT|"
                            r"BASEGRAM|OPERATIONAL)(?:\s+\w+)?$", re.I)


@dataclass
class Message:
    """One message while a region is grouped (local, mutable; frozen into a Document later)."""
    pages: list[Piece] = field(default_factory=list)
    copies: list[Piece] = field(default_factory=list)
    cover: Cover | None = None
    extra_form: list[int] = field(default_factory=list)     # stray stamp lines filed with it
    unplaced: list[int] = field(default_factory=list)       # lines the reader could not place
    folder_note: bool = False


def words(lines: list[str], rows: list[int]) -> list[str]:
    return re.findall(r"[a-z]{3,}", " ".join(bare(lines[j]) for j in rows).lower())


def overlap(lines: list[str], rows: list[int], other: list[int]) -> float:
    """The share of the words of `rows` that `other` has too."""
    mine = set(words(lines, rows))
    if len(words(lines, rows)) < DUPLICATE_MIN_WORDS or not mine:
        return 0.0
    return len(mine & set(words(lines, other))) / len(mine)


def message_rows(msg: Message) -> list[int]:
    return [j for page in msg.pages for j in page.text_lines()]


def _long(lines: list[str], piece: Piece) -> bool:
    return any(sum(len(clean(lines[j]).split()) for j in item[1]) >= 8 for item in piece.items if item[0] == "p")


def _continues(lines: list[str], msg: Message, piece: Piece) -> bool:
    last = msg.pages[-1]
    if last.kind != "dispatch" or piece.kind != "dispatch" or piece.page == 1:
        return False
    if piece.page > max(last.page, 1):
        return True
    mine, theirs = table_facts(lines, piece).references, table_facts(lines, msg.pages[0]).references
    return bool(mine and theirs and dtg_digits(mine[0]) == dtg_digits(theirs[0]))


def group_region(lines: list[str], start: int, end: int, file_start: bool) -> list[Message]:
    out: list[Message] = []
    carry: list[int] = []
    unplaced: list[int] = []
    for k, piece in enumerate(find_pieces(lines, start, end)):
        current = out[-1] if out and not out[-1].folder_note else None
        if piece.kind == "loose":
            if file_start and k == 0 and piece.items:
                out.append(Message(pages=[piece], folder_note=True))
            elif _long(lines, piece):
                out.append(Message(pages=[piece], extra_form=carry, unplaced=unplaced))
                carry, unplaced = [], []
            else:
                carry += [j for j in range(piece.first, piece.last + 1) if lines[j].strip()]
                unplaced += piece.text_lines()
            continue
        if current and _continues(lines, current, piece):
            current.pages.append(piece)
        elif current and overlap(lines, piece.text_lines(), message_rows(current)) >= DUPLICATE_SHARE:
            current.copies.append(piece)
        else:
            out.append(Message(pages=[piece], extra_form=carry, unplaced=unplaced))
            carry, unplaced = [], []
    if carry:                                   # stray lines at the end: with the last message, or alone
        target = next((m for m in reversed(out) if not m.folder_note), None)
        if target is None:
            target = Message()
            out.append(target)
        target.extra_form += carry
        target.unplaced += unplaced
    return out


def settle_strays(messages: list[Message]) -> list[Message]:
    """Stray lines that found no message in their region go to the message before them."""
    out: list[Message] = []
    for msg in messages:
        previous = next((m for m in reversed(out) if not m.folder_note), None)
        if not msg.pages and not msg.cover and previous is not None:
            previous.extra_form += msg.extra_form
            previous.unplaced += msg.unplaced
        else:
            out.append(msg)
    return out


def file_cover(messages: list[Message], cover: Cover) -> None:
    """The sheet files the message just above it; with none there, the sheet stands alone."""
    target = messages[-1] if messages and not messages[-1].folder_note else None
    if target is None:
        target = Message()
        messages.append(target)
    target.cover = cover


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


def _header_facts(lines: list[str], piece: Piece) -> Facts:
    values: dict[str, str] = {}
    senders, recipients, refs = (), (), []
    channel_from = channel_to = place = dateline = ""
    date = DocDate()
    head_rows = [j for kind, j in piece.head if kind == "header"]
    for j in head_rows:
        text = clean(lines[j])
        if m := HEADER.match(text):
            values.setdefault(m.group("label"), m.group("value").strip())
        elif ref := serial_line(text):
            refs.append(ref)
    if piece.kind == "memorandum" and head_rows:
        rest = re.sub(r"^\s*FOR\b", "", MEMO.match(clean(lines[head_rows[0]])).group("rest"), flags=re.I).strip(" :")
        recipients = parties(rest or (clean(lines[head_rows[-1]]) if len(head_rows) > 1 else ""))
        if piece.signature:
            senders = parties(clean(lines[piece.signature[0]]))
    if piece.kind == "heading" and head_rows and (m := HEADING.match(clean(lines[head_rows[0]]))):
        senders, recipients = parties(m.group("s")), parties(m.group("r"))
    if "FROM" in values:
        who, place = split_place(values["FROM"])
        if is_channel(who):
            channel_from = values["FROM"].strip(" .")
        else:
            senders = parties(who)
    if "TO" in values:
        who, _ = split_place(values["TO"])
        if is_channel(who):
            channel_to = values["TO"].strip(" .")
        else:
            recipients = parties(values["TO"])
    for label in ("NO", "NR", "DATE"):
        if label in values:
            number = message_number(values[label]) if label != "DATE" else None
            refs += ([number] if number else []) + serials(values[label])
            date = date if date.iso else date_in(values[label])
    for kind, j in piece.head:
        if kind == "dateline":
            dateline = clean(lines[j])
            date = date if date.iso else date_in(dateline)
    return Facts(senders=senders, recipients=recipients, channel_from=channel_from, channel_to=channel_to,
                 place=place, date=date, dateline=dateline, references=tuple(refs),
                 subject=values.get("SUBJECT", values.get("SUBJ", "")))


def piece_facts(lines: list[str], piece: Piece) -> Facts:
    base = table_facts(lines, piece) if piece.kind == "dispatch" else _header_facts(lines, piece)
    parts = [Reference("part", ref.value) for kind, j in piece.head if kind == "part" for ref in serials(lines[j])]
    loose = [ref for j in piece.form if (ref := serial_line(clean(lines[j])))]
    sent_as = [ref for j in piece.form for ref in series(lines[j])]
    rows = list(range(piece.first, piece.last + 1))
    return replace(base, references=merge_references(base.references, loose, sent_as, parts),
                   classification=classification(lines, rows))

