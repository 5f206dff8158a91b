"""The papers between two cover sheets: typed copies, dispatch form pages, memoranda.

A piece begins at a message header ("FROM: …", a dispatch's routing table, "MEMORANDUM
FOR:", "PRESIDENT TO HARRIMAN:") together with the stamps just above it, and ends
where the next piece begins. Each of its lines is given one place: head, routing
table, text, signature, form furniture or code-room note, so no line is lost.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .common import clean, is_blank
from .map_room_lines import (DECLASSIFICATION, DISTRIBUTION, HEADER, MEMO, OUTGOING, OWNS_PARAGRAPH, PAGE_NUMBER, PART_LINE, TABLE_LABEL,
                             anchor_kind, bare, is_bare_date, is_code_room_note, is_furniture,
                             is_preamble, is_serial_line, is_signature, page_number, paragraphs, zeros)

LONG_TEXT_WORDS = 8


@dataclass(frozen=True)
class Piece:
    kind: str                                   # "typed" | "dispatch" | "memorandum" | "heading" | "loose"
    first: int                                  # 0-based line indices, inclusive
    last: int
    anchor: int                                 # the header line (first line for a loose piece)
    head: tuple[tuple[str, int], ...] = ()      # (head kind, line)
    table: tuple[int, ...] = ()                 # routing-table lines of a dispatch form
    items: tuple[tuple, ...] = ()               # ("p", lines) | ("page", label, line, PageBreak kind)
    signature: tuple[int, ...] = ()
    trailing: tuple[tuple[int, ...], ...] = ()  # text paragraphs after the signature
    form: tuple[int, ...] = ()
    notes: tuple[tuple[int, ...], ...] = ()     # code-room notes ("*NO GARBLE …")
    page: int = 0                               # the form's own page number, 0 if unstated

    def text_lines(self) -> list[int]:
        return [j for item in self.items if item[0] == "p" for j in item[1]]


def _header_last(lines: list[str], i: int, end: int, kind: str) -> int:
    """The last line of a piece's header (typed header lines, or a dispatch's routing table)."""
    if kind == "heading":
        return i
    if kind == "memorandum":
        return _memo_last(lines, i, end)
    if kind == "dispatch":
        return _table_last(lines, i, end)
    last = i
    waiting = False                             # a header label whose value is on the next line
    for j in range(i + 1, end):
        text = clean(lines[j])
        if not text:
            continue
        m = HEADER.match(text)
        if not (m or is_serial_line(text) or waiting):
            break
        waiting = bool(m and not m.group("value").strip())
        last = j
    return last


def _memo_last(lines: list[str], i: int, end: int) -> int:
    """"MEMORANDUM FOR:" with the addressee on the next line."""
    rest = re.sub(r"^FOR\b", "", MEMO.match(clean(lines[i])).group("rest").strip(" :"), flags=re.I).strip(" :")
    if not rest:
        nxt = next((j for j in range(i + 1, min(end, i + 4)) if not is_blank(lines[j])), None)
        if nxt is not None and len(clean(lines[nxt]).split()) <= 8:
            return nxt
    return i


def _table_line(line: str) -> bool:
    text = clean(line)
    short_label = bool(TABLE_LABEL.match(bare(text))) and len(text.split()) <= 6
    return "\t" in line or short_label or is_furniture(text) or is_serial_line(text)


def _table_last(lines: list[str], i: int, end: int) -> int:
    """A dispatch's routing table runs to "ON OUTGOING DISPATCHES …", unknown rows included.

    Without that line it ends at the first line that is not a table row.
    """
    last = i
    for j in range(i + 1, end):
        if is_blank(lines[j]):
            continue
        if _table_line(lines[j]) or _outgoing_ahead(lines, j, end):
            last = j
            if OUTGOING.match(clean(lines[j])):
                break
            continue
        break
    return last


def _outgoing_ahead(lines: list[str], j: int, end: int) -> bool:
    """Is the "ON OUTGOING DISPATCHES" line near, with no message text before it?"""
    for k in range(j, min(end, j + 30)):
        text = clean(lines[k])
        if OUTGOING.match(text):
            return True
        if len(text.split()) >= LONG_TEXT_WORDS and not _table_line(lines[k]):
            return False
    return False


def _walk_back(lines: list[str], anchor: int, floor: int) -> int:
    """The first of the stamp, date and serial lines just above a header."""
    start = anchor
    for j in range(anchor - 1, floor - 1, -1):
        if is_blank(lines[j]):
            continue
        if not is_preamble(lines[j]) or re.match(r"^ORIGINAL\b", clean(lines[j])):
            break
        start = j
    return start


def find_pieces(lines: list[str], start: int, end: int) -> list[Piece]:
    anchors: list[tuple[int, str, int]] = []
    i = start
    while i < end:
        kind = anchor_kind(lines[i]) if not is_blank(lines[i]) else ""
        if kind in ("memorandum", "heading") and i > start and not is_blank(lines[i - 1]) and not is_preamble(lines[i - 1]):
            kind = ""       # the line goes on from the one above: a sentence, not a heading
        if kind:
            last = _header_last(lines, i, end, kind)
            anchors.append((i, kind, last))
            i = last + 1
        else:
            i += 1
    pieces: list[Piece] = []
    floor = start
    starts = []
    for anchor, _, last in anchors:
        starts.append(_walk_back(lines, anchor, floor))
        floor = last + 1
    first_start = starts[0] if starts else end
    if any(not is_blank(lines[j]) for j in range(start, first_start)):
        pieces.append(read_loose(lines, start, first_start - 1))
    for k, (anchor, kind, head_last) in enumerate(anchors):
        piece_end = starts[k + 1] if k + 1 < len(anchors) else end
        pieces.append(read_piece(lines, starts[k], anchor, kind, head_last, piece_end - 1))
    return pieces


def read_loose(lines: list[str], first: int, last: int) -> Piece:
    """Text with no message header: the folder's own note, or lines the reader cannot place."""
    body = _Body(lines, dispatch=False, signatures=False)
    for para in paragraphs(lines, first, last + 1):
        body.add(para)
    return Piece("loose", first, last, first, items=tuple(body.items), form=tuple(body.form),
                 notes=tuple(body.notes))


def read_piece(lines: list[str], first: int, anchor: int, kind: str, head_last: int, last: int) -> Piece:
    head: list[tuple[str, int]] = []
    form: list[int] = []
    stamped = False
    for j in range(first, anchor):
        if not is_blank(lines[j]):
            if is_bare_date(lines[j]) and not stamped:
                head.append(("dateline", j))
            else:
                form.append(j)
            stamped = bool(DECLASSIFICATION.search(bare(lines[j])))
    table: tuple[int, ...] = ()
    header = [j for j in range(anchor, head_last + 1) if not is_blank(lines[j])]
    if kind == "dispatch":
        table = tuple(header)
    else:
        head += [("header", j) for j in header]
    body = _Body(lines, dispatch=kind == "dispatch", signatures=kind != "dispatch")
    for para in paragraphs(lines, head_last + 1, last + 1):
        body.add(para)
    trailing, late_form = body.split_trailing(lines)
    page = max((page_number(bare(lines[j])) for j in table), default=0)
    return Piece(kind, first, last, anchor, head=tuple(head + body.head), table=table, items=tuple(body.items),
                 signature=tuple(body.signature), trailing=tuple(trailing),
                 form=tuple(sorted(form + body.form + late_form)), notes=tuple(body.notes), page=page)


def _long(lines: list[str], para: list[int]) -> bool:
    return sum(len(clean(lines[j]).split()) for j in para) >= LONG_TEXT_WORDS


class _Body:
    """Sorts a piece's paragraphs into text, signature, furniture and notes (local helper)."""

    def __init__(self, lines: list[str], dispatch: bool, signatures: bool) -> None:
        self.lines = lines
        self.dispatch = dispatch
        self.signatures = signatures
        self.items: list[tuple] = []
        self.head: list[tuple[str, int]] = []
        self.form: list[int] = []
        self.notes: list[tuple[int, ...]] = []
        self.signature: list[int] = []
        self.post: list[tuple[list[int], bool]] = []    # after the signature: (paragraph, is furniture)
        self.distribution = False
        self.after_release = False
        self.numbers_at_foot: bool | None = None       # page numbers "- n -": at the foot or the head of pages

    @property
    def has_text(self) -> bool:
        return any(item[0] == "p" for item in self.items)

    def add(self, para: list[int]) -> None:
        if not self._whole(para):
            self._by_line(para)

    def _whole(self, para: list[int]) -> bool:
        """Place a paragraph as a whole: a code-room note, the distribution list, a release stamp,
        or anything after the signature. False when its lines must be looked at one by one."""
        lines, first = self.lines, bare(self.lines[para[0]])
        if is_code_room_note(first) and (not self.distribution or re.search(r"GARBLE|OMITTED|AS RECEIVED", first)):
            self.notes.append(tuple(para))
            return True
        if self.distribution or (self.dispatch and self.has_text and DISTRIBUTION.search(first)):
            self.distribution = True
            self.form += para
            return True
        # "Released from the White House Map Room / at 1205 …" and the officer who signed it.
        stamp = bool(OWNS_PARAGRAPH.search(first)) or (
            self.after_release and len(para) <= 4 and all(len(clean(lines[j])) <= 45 for j in para))
        self.after_release = bool(re.match(r"^Released from\b", first, re.I))
        furniture = bool(self.signature) and (stamp or all(is_furniture(lines[j]) for j in para))
        if self.signature and not self.post and not furniture and _long(lines, para) and len(self.signature) == 1:
            # a line in capitals followed at once by more of the text was a subheading
            # ("SHUTTLE BOMBING"), not the signature: the signature comes at the end
            self.items.append(("p", tuple(self.signature)))
            self.signature = []
        if self.signature:
            self.post.append((para, furniture))
            return True
        if stamp:
            self.form += para
        return stamp

    def _by_line(self, para: list[int]) -> None:
        """Stamps inside a paragraph are form; a page number "- 1 -" marks where the next page begins."""
        run: list[int] = []
        for j in para:
            text = bare(self.lines[j])
            if is_furniture(self.lines[j]) or (self.has_text and is_bare_date(self.lines[j])):
                self._flush(run)
                run = []
                self.form.append(j)
                m = PAGE_NUMBER.match(text)
                if m and self.has_text:
                    # "- 1 -" closes page 1 (numbers at the foot); a first number of 2 or more
                    # opens its page (numbers at the head, the first page unnumbered)
                    n = int(m.group("n"))
                    if self.numbers_at_foot is None:
                        self.numbers_at_foot = n == 1
                    self.items.append(("page", str(n + 1 if self.numbers_at_foot else n), j, "page"))
            elif self.dispatch and not self.has_text and PART_LINE.match(zeros(text)):
                self._flush(run)
                run = []
                self.head.append(("part", j))
            else:
                run.append(j)
        self._flush(run)

    def _flush(self, run: list[int]) -> None:
        if not run:
            return
        if self.signatures and self.has_text and is_signature([clean(self.lines[j]) for j in run]):
            self.signature = list(run)
            return
        self.items.append(("p", tuple(run)))

    def split_trailing(self, lines: list[str]) -> tuple[list[tuple[int, ...]], list[int]]:
        """After the signature: furniture, then perhaps another copy of the text (a draft).

        The other copy begins with the first long paragraph, together with the short
        notes written just above it (after the last line of furniture).
        """
        post = self.post
        first_long = next((k for k, (para, furn) in enumerate(post) if not furn and _long(lines, para)), None)
        if first_long is None:
            return [], [j for para, _ in post for j in para]
        start = first_long
        while start > 0 and not post[start - 1][1]:
            start -= 1
        form = [j for para, _ in post[:start] for j in para]
        trailing = []
        for para, furn in post[start:]:
            if furn:
                form += para
            else:
                trailing.append(tuple(para))
        return trailing, form

