"""What a line of a Map Room folder is: form furniture, a header, a cover-sheet label, a serial.

The Map Room folders mix three kinds of paper: typed copies ("FROM: / TO : / NO :"),
Navy dispatch forms (a routing table, then the text in capitals, then distribution
lines) and the Map Room's own cover sheets. This module only names lines; the
other `map_room_*` modules decide what the lines mean together.
"""
from __future__ import annotations

import re

from ..dates import find_date, zeros  # noqa: F401 - zeros is used here and by the other map_room modules
from ..inline import parse_inline
from ..model import PageBreak, plain_text
from .common import clean, is_blank

# Marks are matched away before a line is compared with the furniture patterns,
# so "~~TOP SECRET~~" and "DATE <u>11 FEB 1944</u>" are recognised too.
_MARK_SYNTAX = re.compile(r"~~|</?u>|\^\{|\}|<input\s+type=\"checkbox\"\s*/?>")


def bare(line: str) -> str:
    """The line without mark syntax and outer spaces, for pattern matching only."""
    return " ".join(_MARK_SYNTAX.sub("", line).split())


def plain(text: str) -> str:
    """Text for a plain-string field (a label, a cover-sheet value): its marks read by `parse_inline`.
    A page marker in the field ("[Page 158]") has no place for an anchor there; it stays as written."""
    words = []
    for node in parse_inline(text, 0):
        words.append(f"[Page {node.label}]" if isinstance(node, PageBreak) else plain_text((node,)))
    return " ".join("".join(words).split())



def _any(*patterns: str, flags: int = 0) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


CLASSIFICATION = re.compile(r"^(?P<level>TOP[\s-]*SECRET|SECRET|CONFIDENTIAL|RESTRICTED)\.?$", re.I)
STRUCK = re.compile(r"^\s*~~.*~~\s*$")

# Lines that are form furniture wherever they stand (stamps, printed form text, archive marks).
FURNITURE_PATTERNS = (
    r"^(?i:TOP[\s-]*SECRET|SECRET|CONFIDENTIAL|RESTRICTED)\.?$",
    r"^(?:SEALED(?:\s+SECRET)?|PRIORITY|URGENT|ROUTINE|DEFERRED|OPERATIONAL)\.?$",
    r"^(?:(?:TOP[\s-]*)?SECRET\s+|CONFIDENTIAL\s+)?(?:DISPATCH|NAVAL MESSAGE|NAVY DEPARTMENT)$",
    r"^(?i:COPY)\.?$", r"^COPY NO\.?$", r"^(?:File|FILE|Map Room|Action|Info) (?i:copy)\b",
    r"^(?i:copy)\s*(?:#|No\.?)\s*\d+\.?$",
    r"^(?i:re-?graded\s+unclassified)\.?$", r"^(?i:declassified)\b", r"^E\.\s*O\.\s*\d+",
    r"\bmemo,?\s+\d{1,2}-\d{1,2}-\d{2}\b", r"^By\s+\S+,\s*NLR\b", r"^-\s*\d{1,3}\s*-$",
    r"^OPNAV[\s-]*(?:NCR\s+)?\d", r"(?i:government printing office)",
    r"^(?i:on outgoing dispatches)", r"^(?i:unless otherwise indicated)", r"^(?i:originator)\b",
    r"^\(?(?i:use g\.\s*c\.\s*t)\.\)?$", r"^(?i:handle only in accordance)", r"^(?i:make original only)",
    r"^No\.\s*[1-4]\s*(?:ADMIRAL|FILE|F-1|SPECIAL)", r"^[-_=\s]{3,}$", r"^ORIGINAL DISTRIBUTION",
    r"^[^.]{1,30}\S\.{4,}\s*[A-Z]*$", r"^(?i:released from the white house)", r"^Published in\b",
    r"^Volume\s+\d+\s+Page", r"^ORIGINAL(?:\s+filed)?\s*:?\s*[\"\u201c]", r"^Indexed\s*:", r"^Extract\s*:",
    r"^(?:[^\w\s]{1,3}|[lI|])$",     # OCR specks on a line of their own: "•", "|", "l"
)
# Tried at the start of the line only (match), or anywhere (search): one search over all of
# them would try every pattern at every position of every line of a folder.
FURNITURE_AT_START = _any(*(p[1:] for p in FURNITURE_PATTERNS if p.startswith("^")))
FURNITURE_ANYWHERE = _any(*(p for p in FURNITURE_PATTERNS if not p.startswith("^")))
# A paragraph that begins with one of these is furniture to its end ("Released from … / at 1205, EWT …").
OWNS_PARAGRAPH = _any(r"^Released from\b", r"^Published in\b", r"^Handle only\b", r"^Make original only\b",
                      r"^DECLASSIFIED$", flags=re.I)
# Where a dispatch's text ends and its distribution list begins.
DISTRIBUTION = _any(r"^No\.\s*1\s*(?:ADMIRAL|FILE)", r"^ORIGINAL DISTRIBUTION", r"^[^.]{1,30}\S\.{4,}\s*[A-Z]*$")
PAGE_NUMBER = re.compile(r"^-\s*(?P<n>\d{1,3})\s*-$")

_WORD_NUMBERS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5, "SIX": 6, "SEVEN": 7, "EIGHT": 8,
                 "NINE": 9, "TEN": 10}
PAGE_LABEL = re.compile(r"(?:^|\t|\s)(?:\(?PAGE\s+(?P<n>\d{1,2}|ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN)"
                        r"(?:\s+OF\s+\d{1,2})?\)?|(?P<circled>[\u2460-\u2473]))(?=$|\s)", re.I)

# ---------------------------------------------------------------- message anchors

HEADER = re.compile(r"^(?P<label>FROM|TO|NO|NR|DATE|SUBJECT|SUBJ|REF|INFO)\s*:\s*(?P<value>.*)$")
# "MEMORANDUM FOR: …", "Memorandum for the President", "MEMORANDUM" alone; not a sentence
# that begins with the word ("Memorandum handed to Antonov follows").
MEMO = re.compile(r"^(?i:MEMORANDUM)(?P<rest>(?:\s*:?\s*|\s+(?i:for|to|from|by)\b[^.]{0,55}))$")
HEADING = re.compile(r"^(?P<s>[A-Z][A-Z.' ]{1,40}?) TO (?P<r>[A-Z][A-Z.,' ]{1,40}?):$")
TABLE_HEAD = re.compile(r"\bADDRESSEES?\b.*\bPRECEDENCE\b")
DISPATCH_TITLE = re.compile(r"^(?:(?:TOP[\s-]*)?SECRET\s+|CONFIDENTIAL\s+)?(?:DISPATCH|NAVAL MESSAGE)$")
TABLE_LABEL = re.compile(r"^(?:FROM|RELEASED BY|DATE|TOR CODE ?RO+M|DECODED BY|PARAPHRASED BY|ROUTED BY|CHECKED BY|"
                         r"DITTOED BY|UNLESS OTHERWISE|ORIGINATOR|PAGE|\(PAGE|NCR)\b")
OUTGOING = re.compile(r"^ON OUTGOING DISPATCHES", re.I)

# ---------------------------------------------------------------- serials and date-time groups

# A date-time group: day, hour, minute ("022120", "242230/Z", "201550Z"), Ø read as 0 first.
DTG = re.compile(r"(?<![\w/.-])(?P<dtg>(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])[0-5]\d)(?P<zone>/?Z)?(?![\w/])")
NCR = re.compile(r"\bNCR\s*(?P<ncr>\d{1,6})\b")
SERIAL_LINE = re.compile(r"^(?P<dtg>\d{6})(?:/?Z)?(?:\s*(?:-\s*)?(?:NCR\s+)?(?P<num>\d{1,6}))?\.?$")
NCR_LINE = re.compile(r"^NCR\s+\d{1,6}$")
PART_LINE = re.compile(r"^PART\s+(?:\d+|ONE|TWO|THREE|FOUR|FIVE)\b.*\d{6}", re.I)
SERIES = re.compile(r"\bas\s+(?P<series>RED|WHITE|BLUE|BLACK|GREEN)\s+(?P<num>\d{1,4})\b", re.I)

# A cover sheet begins with "FROM <someone>" (no colon) and has these labels.
COVER_FROM = re.compile(r"^FROM\s+(?!:)(?P<rest>\S.*)$")
COVER_ANCHOR = re.compile(r"^(?:SERIAL\b|[TF]OR MAP ROOM\b)")
FILE_CODE = re.compile(r"^(?:MR\s+)?\d{3}(?:\.\d+)?\s+[A-Za-z][^:]{0,80}$")


def is_furniture(line: str) -> bool:
    text = bare(line)
    return (bool(FURNITURE_AT_START.match(text) or FURNITURE_ANYWHERE.search(text)) or is_serial_line(line)
            or is_page_label_line(text))


def is_serial_line(line: str) -> bool:
    text = zeros(bare(line))
    return bool(SERIAL_LINE.match(text) and DTG.match(text)) or bool(NCR_LINE.match(text))


def is_page_label_line(text: str) -> bool:
    return bool(re.fullmatch(r"\(?PAGE\s+\S+(?:\s+OF\s+\d+)?\)?|[\u2460-\u2473]", text, re.I))


def is_bare_date(line: str) -> bool:
    """A line that is only a date ("12 JUNE 1944", "February 4, 1944.")."""
    text = bare(line)
    found = find_date(text) if len(text) < 40 else None
    if not found:
        return False
    rest = (text[: found[1].start()] + text[found[1].end():]).strip(" .,")
    return not rest and len(found[0].iso) >= 7


# A declassification stamp ("DECLASSIFIED / JCS memo, 1-4-74 / By RHP, NLR, Date / MAY 2 1974"):
# the date under it is the stamp's, not the message's.
DECLASSIFICATION = re.compile(r"^DECLASSIFIED\b|\bmemo,?\s+\d{1,2}-\d{1,2}-\d{2}\b|^By\s+\S+,\s*NLR\b|"
                              r"^E\.\s*O\.\s*\d+|\bDate\s*$", re.I)


def is_preamble(line: str) -> bool:
    """Lines that may stand above a message header: stamps, precedence, a date, a serial."""
    return is_furniture(line) or is_bare_date(line)


def page_number(text: str) -> int:
    """The page a form's label names: "PAGE TWO" → 2, "②" → 2, "(PAGE 3 OF 3)" → 3; 0 if none."""
    m = PAGE_LABEL.search(text)
    if not m:
        return 0
    if m.group("circled"):
        return ord(m.group("circled")) - 0x2460 + 1
    n = m.group("n").upper()
    return int(n) if n.isdigit() else _WORD_NUMBERS.get(n, 0)


def anchor_kind(line: str) -> str:
    """"typed", "dispatch", "memorandum" or "heading" when a message begins at `line`; else "".
    (A memorandum's or heading's line that goes on from the line above is no beginning:
    "… STALIN HANDED / THE FOLLOWING LIST OF SUPPLIES TO GENERAL DEANE:"; see find_pieces.)"""
    text = clean(line)
    if HEADER.match(text) and text.startswith("FROM"):
        return "typed"
    if TABLE_HEAD.search(text) or DISPATCH_TITLE.match(bare(text)):
        return "dispatch"
    if MEMO.match(text):
        return "memorandum"
    if HEADING.match(text):
        return "heading"
    return ""


def is_code_room_note(text: str) -> bool:
    """"*NO GARBLE. AS RECEIVED. …" — an asterisk note, not an asterisk-wrapped annotation."""
    text = text.strip()
    if not text.startswith("*") or len(text) < 4:
        return False
    return not text.rstrip(" .").endswith("*") and bool(re.match(r"^\*\s*[A-Z\"']", text))


def is_signature(texts: list[str]) -> bool:
    """"ROOSEVELT", "HARRIMAN", or a short name block ("Wilson Brown, / Rear Admiral, …")."""
    if len(texts) == 1:
        text = texts[0].strip()
        words = text.split()
        return (1 <= len(words) <= 3 and len(text) <= 30 and text.upper() == text
                and bool(re.fullmatch(r"[A-Z][A-Z.'\- ]*[A-Z]", text)))
    if 2 <= len(texts) <= 4 and all(len(t) <= 45 for t in texts):
        # a joint message signed by both ("ROOSEVELT / CHURCHILL"), or a name block
        if all(is_signature([t]) for t in texts):
            return True
        return bool(re.fullmatch(r"[A-Z][a-z]+(?:\s+[A-Z]\.)*(?:\s+[A-Z][a-z]+)+,?", texts[0].strip()))
    return False


def paragraphs(lines: list[str], first: int, end: int) -> list[list[int]]:
    """Runs of non-blank line indices in [first, end)."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i in range(first, end):
        if is_blank(lines[i]):
            if current:
                runs.append(current)
                current = []
        else:
            current.append(i)
    if current:
        runs.append(current)
    return runs
