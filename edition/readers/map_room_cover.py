"""The Map Room's cover sheets: where each begins and ends, and its fields as written.

    FROM Ambassador Harriman TO The President
    SERIAL or FILE NO. 201550Z, 21 Aug 44.
    TOR MAP ROOM VIA
    SUBJECT: Delivery of President's message to Stalin …
    ACTION:
    1. Answers PRES-HARRIMAN #44, 19 Aug 44. To President as RED 339, HP.
    COPIES TO: DATE: BY DIRECTION OF:
    ORIGINAL: "MR. PRESIDENT-HARRIMAN FILE"
    530 JAPAN

A sheet files the message typed above it. Its labels may share a line or stand
alone with the value on a later line; both are read the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import DocDate
from .common import clean, is_blank
from .map_room_facts import Facts, date_in, merge_references, message_number, parties, serials, series
from .map_room_lines import COVER_ANCHOR, COVER_FROM, FILE_CODE, anchor_kind, bare, is_furniture, plain

# Labels that may share a line with others: the value runs to the next label.
_SPLIT = re.compile(
    r"(?:^|(?<=\s))(?P<label>SERIAL (?:or|OR) FILE NO\.?|DATE/TIME OR FILE NUMBER|SERIAL|[TF]OR MAP ROOM|VIA"
    r"|COPIES TO:?|BY\s+DIRECTION OF:?|DATE:?|FROM|TO)(?=\s|$)")
# Labels whose value is the rest of the line.
_REST = re.compile(r"^(?P<label>SUBJECT|ACTION COMPLETED|ACTION|ORIGINAL filed|ORIGINAL|Indexed|INDEXED|Extract"
                   r"|EXTRACT|FILED)\b\s*:?\s*(?P<value>.*)$")
_TAIL_LABELS = ("COPIES TO", "ORIGINAL", "Indexed", "INDEXED", "Extract", "EXTRACT", "FILED", "BY DIRECTION OF",
                "ACTION COMPLETED", "File")
_NUMBERED = re.compile(r"^\(?\d{1,2}[.)]\s")
FILE_LABEL = "File"


@dataclass(frozen=True)
class Cover:
    first: int                                  # 0-based, inclusive
    last: int
    fields: tuple[tuple[str, str], ...]
    action: tuple[str, ...]
    stamps: tuple[int, ...]                     # stamp lines on the sheet (shown as form)
    facts: Facts = field(default_factory=Facts)


def _text(value: str) -> str:
    """A field value as plain words: marks are read, never kept as markup."""
    return plain(value)


def _label(raw: str) -> str:
    return " ".join(raw.split()).rstrip(":").strip()


def split_fields(text: str) -> list[tuple[str, str]] | None:
    """A label line as (label, value) pairs, or None when the line starts with no label."""
    if m := _REST.match(text):
        return [(_label(m.group("label")), m.group("value").strip())]
    found = list(_SPLIT.finditer(text))
    if not found or found[0].start() != 0:
        return None
    if found[0].group("label") == "FROM":
        # "FROM Marshal Stalin TO The President": only TO splits a FROM line.
        found = [found[0]] + [m for m in found[1:] if m.group("label") == "TO"][:1]
    out = []
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(text)
        out.append((_label(m.group("label")), text[m.end():end].strip()))
    return out


def starts_cover(lines: list[str], i: int) -> bool:
    """A "FROM someone" line followed closely by the sheet's SERIAL / TOR MAP ROOM labels."""
    if not COVER_FROM.match(clean(lines[i])):
        return False
    seen = 0
    for j in range(i + 1, min(len(lines), i + 12)):
        text = clean(lines[j])
        if not text:
            continue
        if COVER_ANCHOR.match(text):
            return True
        seen += 1
        if seen > 3:
            return False
    return False


def _start(lines: list[str], anchor: int, floor: int) -> int:
    """The sheet's "FROM …" line above its first label, if there is one."""
    for j in range(anchor - 1, max(floor, anchor - 9) - 1, -1):
        text = clean(lines[j])
        if COVER_FROM.match(text):
            return j
        # a stamp between the FROM line and the labels ("Regraded Unclassified") is passed over
        if text and not re.match(r"^TO\b", text) and not COVER_ANCHOR.match(text) and not is_furniture(lines[j]):
            break
    return anchor


def find_covers(lines: list[str]) -> list[Cover]:
    covers: list[Cover] = []
    i = 0
    floor = 0
    while i < len(lines):
        if COVER_ANCHOR.match(clean(lines[i])):
            cover = read_cover(lines, _start(lines, i, floor), i)
            covers.append(cover)
            floor = cover.last + 1
            i = max(i, cover.last) + 1
        else:
            i += 1
    return covers


class _Sheet:
    """Mutable state of one sheet while it is read (local to `read_cover`)."""

    def __init__(self) -> None:
        self.fields: list[list[str]] = []
        self.action: list[str] = []
        self.stamps: list[int] = []
        self.state = "head"
        self.columns: list[int] = []            # fields waiting for a tab-separated row of values
        self.last_line = -1                     # last line that belonged to the sheet
        self.action_open = False                # the previous line was an action line

    def add_fields(self, pairs: list[tuple[str, str]]) -> None:
        empty = []
        for label, value in pairs:
            self.fields.append([label, _text(value)])
            if not value:
                empty.append(len(self.fields) - 1)
            if label == "ACTION":
                self.state = "action"
                if value:
                    self.action.append(_text(value))
            elif label.startswith(_TAIL_LABELS):
                self.state = "tail"
        self.columns = empty if len(empty) >= 2 else []
        self.action_open = bool(self.action) and pairs[-1][0] == "ACTION" and bool(pairs[-1][1])

    def add_row(self, cells: list[str]) -> None:
        """Values under a row of labels ("COPIES TO: DATE: BY DIRECTION OF:"), one per column."""
        for k, cell in zip(self.columns, cells):
            self.fields[k][1] = _text(cell)
        for cell in cells[len(self.columns):]:
            self.add_value(cell)
        self.columns = []

    def add_value(self, text: str) -> None:
        value = _text(text)
        if self.state == "action":
            if self.action_open and not _NUMBERED.match(text) and self.action:
                self.action[-1] = f"{self.action[-1]} {value}"
            else:
                self.action.append(value)
            self.action_open = True
            return
        # The value of the label just above ("DATE" / "#54, 30 Aug 44."), or more of its value.
        if self.fields:
            self.fields[-1][1] = f"{self.fields[-1][1]} {value}".strip()
        else:
            self.fields.append(["", value])


def read_cover(lines: list[str], start: int, anchor: int) -> Cover:
    sheet = _Sheet()
    j = start
    while j < len(lines):
        raw = lines[j]
        text = clean(raw)
        if is_blank(raw):
            sheet.action_open = False
            j += 1
            continue
        if j > anchor and (anchor_kind(raw) or starts_cover(lines, j)):
            break
        pairs = split_fields(text)
        if pairs is not None and not (sheet.state == "action" and _NUMBERED.match(text)):
            sheet.add_fields(pairs)
        elif sheet.columns and "\t" in raw:
            sheet.add_row([c.strip() for c in raw.split("\t") if c.strip()])
        elif is_furniture(raw) and not FILE_CODE.match(bare(raw)):
            sheet.stamps.append(j)
            j += 1
            continue                            # a stamp ends nothing and starts nothing
        elif FILE_CODE.match(bare(raw)) and sheet.state != "head":
            sheet.fields.append([FILE_LABEL, _text(text)])
            sheet.state = "tail"
        elif sheet.state == "tail":
            break
        else:
            sheet.add_value(text)
        sheet.columns = sheet.columns if pairs is not None else []
        sheet.last_line = j
        j += 1
    last = max(sheet.last_line, start)
    stamps = tuple(s for s in sheet.stamps if s <= last)
    fields = tuple((label, value) for label, value in sheet.fields)
    return Cover(start, last, fields, tuple(sheet.action), stamps, cover_facts(fields, tuple(sheet.action)))


_PAGE_MARKER = re.compile(r"\[Page\s+[^\]]*\]")


def _words(value: str) -> str:
    """A field's value without page markers: the facts are read from its words."""
    return " ".join(_PAGE_MARKER.sub(" ", value).split())


def field_value(fields: tuple[tuple[str, str], ...], *labels: str) -> str:
    return next((_words(value) for label, value in fields if label in labels and value), "")


def cover_facts(fields: tuple[tuple[str, str], ...], action: tuple[str, ...]) -> Facts:
    numbered = ("SERIAL or FILE NO.", "SERIAL OR FILE NO.", "SERIAL", "DATE", "DATE/TIME OR FILE NUMBER")
    values = [_words(value) for label, value in fields if label in numbered and value]
    date = next((d for d in (date_in(v) for v in values) if d.iso), None)
    refs = [r for v in values for r in ([message_number(v)] if v.startswith("#") else []) + serials(v) if r]
    refs += [r for line in action for r in series(line)]
    return Facts(
        senders=parties(field_value(fields, "FROM")),
        recipients=parties(field_value(fields, "TO")),
        date=date or DocDate(),
        references=merge_references(refs),
        subject=field_value(fields, "SUBJECT"),
    )
