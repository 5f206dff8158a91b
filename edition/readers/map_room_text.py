"""A message's text lines as reading text: paragraphs, quoted messages, notes, form breaks.

OCR often puts a blank line after every typed line of a dispatch, and a sentence
runs on from one form to the next. A paragraph that stops mid-sentence is joined to
the next; a word broken at a line end ("CAB-" / "LING") is joined without a space,
its hyphen kept. Where a new form begins, a PageBreak stands inside the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..dates import MONTHS, find_date, iso_of
from ..inline import note_sentinel, parse_inline
from ..model import Block, DocDate, Footnote, Inline, NoteRef, PageBreak, QuotedMessage, plain_text
from .common import POSTSCRIPT, clean
from .map_room_facts import QUOTE_HEAD, looks_like_address, parties
from .map_room_lines import bare, is_signature

QUOTE_START = re.compile(r"\bQUOTE\b")
QUOTE_END = re.compile(r"\bUNQUOTE\b")
STAR = re.compile(r"(?<!\S)\*(?!\S)")
SUPERSCRIPT = re.compile(r"(?<=[\w.,;:\"'”’)])(?P<sup>[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+)")
SUP_DIGITS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")
_RECEIVED = re.compile(r"\b(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) +
                       r")\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b", re.I)


@dataclass(frozen=True)
class NoteSpec:
    """A note the source gives ("*NO GARBLE …", "1. DEANE-JCS …") and the marker it belongs to."""
    key: str                    # "*" or the note's number ("1")
    lines: tuple[int, ...]
    text: str                   # the note without its marker
    kind: str


@dataclass(frozen=True)
class TextResult:
    blocks: tuple[Block, ...]
    notes: tuple[Footnote, ...]
    quotes: tuple[QuotedMessage, ...]
    address: str                # the "FOR THE EYES OF …" line, if the text opens with one
    unmatched: tuple[NoteSpec, ...]


def _marker_spans(text: str, keys: set[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, key, label) of note markers in one cleaned line."""
    spans = []
    if "*" in keys:
        spans += [(m.start(), m.end(), "*", "*") for m in STAR.finditer(text)]
    for m in SUPERSCRIPT.finditer(text):
        key = m.group("sup").translate(SUP_DIGITS)
        if key in keys:
            spans.append((m.start("sup"), m.end("sup"), key, m.group("sup")))
    return sorted(spans)


def _pair_notes(lines: list[str], text_lines: list[int], notes: list[NoteSpec]):
    """Each note to the nearest marker before it with its key (or the first after it)."""
    keys = {n.key for n in notes}
    markers = [(j, s, e, key, label) for j in text_lines for s, e, key, label in _marker_spans(clean(lines[j]), keys)]
    used: dict[int, int] = {}                   # marker index → note number
    unmatched = []
    for number, note in enumerate(notes, start=1):
        free = [k for k, m in enumerate(markers) if k not in used and m[3] == note.key]
        before = [k for k in free if markers[k][0] < note.lines[0]]
        pick = before[-1] if before else (free[0] if free else None)
        if pick is None:
            unmatched.append(note)
        else:
            used[pick] = number
    by_line: dict[int, list[tuple[int, int, NoteRef]]] = {}
    for k, number in used.items():
        j, s, e, _, label = markers[k]
        by_line.setdefault(j, []).append((s, e, NoteRef(label, number, j + 1)))
    return by_line, unmatched


@dataclass(frozen=True)
class _Part:
    """Part of a line (offsets into its cleaned text), where a quotation begins or ends inside it."""
    line: int
    start: int
    end: int


def _part(lines: list[str], j: int, start: int, end: int):
    """The line j from start to end, its outer spaces trimmed; the whole line as its index."""
    text = clean(lines[j])
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    if start >= end:
        return None
    return j if (start, end) == (0, len(text)) else _Part(j, start, end)


def _line_of(seg) -> int:
    return seg.line if isinstance(seg, _Part) else seg


def _seg_text(lines: list[str], seg) -> str:
    return clean(lines[seg.line])[seg.start:seg.end] if isinstance(seg, _Part) else clean(lines[seg])


def _is_text(seg) -> bool:
    return isinstance(seg, (int, _Part))


_QUOTE_MARK = re.compile(r"\bUNQUOTE\b\.?|\bQUOTE\b")


def _split_quotes(lines: list[str], items: list[tuple]) -> list[tuple]:
    """Break paragraphs where a quoted message begins or ends, inside a line too
    ("… TO MARSHAL STALIN. QUOTE PRESIDENT TO … UNQUOTE. PLEASE INFORM ME …"); mark the quoted ones."""
    out: list[tuple] = []
    inside = False
    for item in items:
        if item[0] != "p":
            out.append(item)
            continue
        run: list = []
        for j in item[1]:
            text = clean(lines[j])
            pos = 0
            for m in _QUOTE_MARK.finditer(text):
                opens = not m.group().startswith("UNQUOTE")
                if opens and not inside:
                    if (seg := _part(lines, j, pos, m.start())) is not None:
                        run.append(seg)
                    if run:
                        out.append(("p", tuple(run), False))
                    run, inside, pos = [], True, m.start()
                elif not opens and inside:
                    if (seg := _part(lines, j, pos, m.end())) is not None:
                        run.append(seg)
                    out.append(("p", tuple(run), True))
                    run, inside, pos = [], False, m.end()
            if (seg := _part(lines, j, pos, len(text))) is not None:
                run.append(seg)
        if run:
            out.append(("p", tuple(run), inside))
    return out


def _joinable(before: str, after: str) -> bool:
    """Does a paragraph stop mid-sentence and go on in the next one?"""
    before, after = bare(before), bare(after)
    if re.search(r"[A-Za-z]-$", before):
        return True
    if not after or re.search(r"[.!?:;\"'”’)\]]$|\s[-–—]$", before):
        return False
    if after[0].islower():
        return True
    if re.match(r"^\(?[a-z0-9]{1,2}[.)]", after):
        return False
    return len(before) >= 50 and after[0].isalnum()


def _groups(lines: list[str], items: list[tuple]) -> list[dict]:
    groups: list[dict] = []
    pending: tuple | None = None                # a form break waiting for the text after it
    for item in items:
        if item[0] == "page":
            if pending and groups:
                groups.append({"kind": "break", "segments": [pending]})
            pending = item if groups else None
            continue
        kind = "signature" if item[0] == "sig" else ("quote" if item[2] else "p")
        last = groups[-1] if groups else None
        if (last and kind != "signature" and last["kind"] == kind and _is_text(last["segments"][-1])
                and _joinable(_seg_text(lines, last["segments"][-1]), _seg_text(lines, item[1][0]))):
            if pending:
                last["segments"].append(pending)
            last["segments"].extend(item[1])
        else:
            if pending:
                groups.append({"kind": "break", "segments": [pending]})
            groups.append({"kind": kind, "segments": list(item[1])})
        pending = None
    return groups


def _inlines(lines: list[str], segments: list, by_line: dict) -> tuple[Inline, ...]:
    """Lines joined with spaces (no space after a broken word); PageBreaks where forms begin."""
    out: list[Inline] = []
    chunk: list[str] = []
    refs: list[NoteRef] = []
    chunk_line = 0

    def flush() -> None:
        if chunk:
            out.extend(parse_inline("".join(chunk), chunk_line, refs))

    previous = ""
    for seg in segments:
        if not _is_text(seg):                   # ("page", label, line, kind)
            flush()
            chunk, refs = [], []
            out.append(PageBreak(seg[1], seg[2] + 1, seg[3]))
            continue
        j = _line_of(seg)
        whole = clean(lines[j])
        start, end = (seg.start, seg.end) if isinstance(seg, _Part) else (0, len(whole))
        marked = []
        pos = start
        for s, e, ref in sorted(by_line.get(j, []), key=lambda m: m[0]):
            if start <= s < end:
                marked.append(whole[pos:s] + note_sentinel(len(refs)))
                refs.append(ref)
                pos = e
        marked.append(whole[pos:end])
        text = "".join(marked)
        if not chunk:
            chunk_line = j + 1
        if previous and not re.search(r"[A-Za-z]-$", previous):
            text = " " + text
        chunk.append(text)
        previous = whole[start:end]
    flush()
    return tuple(out)


# "QUOTE. PRIME MINISTER TO PRESIDENT ROOSEVELT. NO 800, 20 OCTOBER 1944. …"
_QUOTE_NUMBER = re.compile(r"^\s*(?:NO\.?|NR\.?|NUMBER|#)\s*(?P<n>\d{1,5})\b[,.]?\s*", re.I)


def _own_date(after_head: str) -> DocDate | None:
    """"QUOTE. MARSHAL STALIN TO PRESIDENT ROOSEVELT. 22 OCTOBER 1944. …": the quoted message's own date."""
    found = find_date(after_head[:40])
    if found and found[1].start() <= 3 and len(found[0].iso) == 10:
        return found[0]
    return None


def _quote_date(text: str, year: str) -> DocDate:
    """"the following reply was received on August 22nd" → 1944-08-22, the year taken from the message."""
    m = _RECEIVED.search(text)
    if not m or not year:
        return DocDate()
    return DocDate(iso=iso_of(int(year), MONTHS[m.group("month").lower()], int(m.group("day"))), text=m.group(),
                   certain=False, note="date given by the covering message; the year is the message's")


def _kind(kind: str, words: str, blocks: list[Block]) -> str:
    """An opening "FOR THE EYES OF … FROM …" line is the address; "P. S." starts a postscript."""
    if kind != "p":
        return kind
    if not any(b.kind in ("p", "quote", "address") for b in blocks) and looks_like_address(words):
        return "address"
    return "postscript" if POSTSCRIPT.match(words) else kind


def _closing_signature(lines: list[str], blocks: list[Block]) -> None:
    """A last one-line paragraph "HARRIMAN" is the signature when none was found before."""
    if len(blocks) < 2 or blocks[-1].kind != "p" or any(b.kind == "signature" for b in blocks):
        return
    last = blocks[-1]
    if last.first_line == last.last_line and is_signature([clean(lines[last.first_line - 1])]):
        blocks[-1] = Block("signature", last.inlines, last.first_line, last.last_line)


def build_text(lines: list[str], items: list[tuple], notes: list[NoteSpec], year: str = "") -> TextResult:
    """Blocks, notes and quoted messages from text items ("p", "sig" and "page" items in order)."""
    text_lines = [j for item in items if item[0] in ("p", "sig") for j in item[1]]
    by_line, unmatched = _pair_notes(lines, text_lines, notes)
    blocks: list[Block] = []
    quotes: list[QuotedMessage] = []
    address = previous = ""
    for group in _groups(lines, _split_quotes(lines, items)):
        segs = group["segments"]
        rows = [_line_of(s) for s in segs if _is_text(s)]
        first = rows[0] + 1 if rows else segs[0][2] + 1
        inlines = _inlines(lines, segs, by_line)
        words = plain_text(inlines)
        kind = _kind(group["kind"], words, blocks)
        address = words if kind == "address" else address
        opening = bare(_seg_text(lines, next(s for s in segs if _is_text(s)))) if rows else ""
        head = QUOTE_HEAD.match(opening) if kind == "quote" else None
        if head:
            rest = opening[head.end():]
            number = _QUOTE_NUMBER.match(rest)
            rest = rest[number.end():] if number else rest
            quotes.append(QuotedMessage(parties(head.group("s")), parties(head.group("r")),
                                        _own_date(rest) or _quote_date(previous, year), first,
                                        (f"#{number.group('n')}",) if number else ()))
        blocks.append(Block(kind, inlines, first, rows[-1] + 1 if rows else first))
        previous = words
    _closing_signature(lines, blocks)
    footnotes = tuple(Footnote(k, n.key if n.key == "*" else _superscript(n.key), parse_inline(n.text, n.lines[0] + 1),
                               n.lines[0] + 1, source_number="" if n.key == "*" else n.key, kind=n.kind)
                      for k, n in enumerate(notes, start=1))
    return TextResult(tuple(blocks), footnotes, tuple(quotes), address, tuple(unmatched))


def _superscript(digits: str) -> str:
    return digits.translate(str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"))


def note_specs(lines: list[str], paras: list[tuple[int, ...]], kind: str = "code-room note") -> list[NoteSpec]:
    """Code-room notes: the text after the asterisk, lines joined."""
    out = []
    for para in paras:
        text = " ".join(clean(lines[j]) for j in para)
        out.append(NoteSpec("*", tuple(para), re.sub(r"^\*\s*", "", text), kind))
    return out

