"""Headings of edited documents: "X to Y" titles, datelines, archival file numbers."""
from __future__ import annotations

import re

from .dates import find_date
from .model import DocDate, Party

HONORIFICS = re.compile(
    r"^(?:the\s+)?(?:mr\.?|mrs\.?|miss|dr\.?|sir|president|premier|marshal|generalissimo|general|gen\.?|"
    r"lt\.?\s+gen\.?|maj\.?\s+gen\.?|admiral|adm\.?|rear\s+admiral|ambassador|secretary|colonel|col\.?|"
    r"major|maj\.?|captain|lieutenant|commander|cmdr\.?|prime\s+minister)\s+", re.IGNORECASE)

KIND_WORDS = (
    ("editorial note", "editorial note"), ("memorandum", "memorandum"), ("telegram", "telegram"), ("despatch", "despatch"),
    ("dispatch", "dispatch"), ("letter", "letter"), ("aide-mémoire", "aide-mémoire"),
    ("note", "note"), ("message", "message"), ("report", "report"),
)

# FRUS decimal file numbers: "861.24/1369½", "740.0011 European War 1939/6-1244",
# "740.0011 P.W./3612", and in older volumes with the kind after a colon: "861.24/1422: Telegram".
# "FW 761.94/1620" (filed with), "033.1161 Harriman, W. Averell/10–2644" (a personal file).
FILE_NUMBER = re.compile(r"^\s*(?:FW\s+)?\d{3}\.[0-9A-Za-z]+(?:\s+[A-Za-z][\w .,]*?(?:\s+\d{4})?)?/[0-9A-Za-z½¼¾\-–]+"
                         r"(?::\s*(?P<kind>[A-Za-z][\w -]*))?\s*$")
# "45. Telegram From …": the document's number in a newer volume, before its heading.
DOCUMENT_NUMBER = re.compile(r"^(?P<number>\d{1,4})\.\s+(?=[A-Z])")

# A heading broken over two lines ends with a word that needs the next: "… to the Secretary of"
HEADING_CONTINUES = re.compile(r"\b(?:of|to|the|and|in|for|at|by|from|on)$|[(,]$", re.IGNORECASE)

_TOP_LEVEL_TO = re.compile(r"\s+to\s+", re.IGNORECASE)


def party(label: str) -> Party:
    """A correspondent as named: keep the label, find the name inside it."""
    label = label.strip().rstrip(",.;:")
    paren = re.search(r"\(([^()]+)\)", label)
    if paren:
        return Party(label, paren.group(1).strip())
    name = re.split(r"\s+(?:of|in|at|for)\s+(?:the\s+)?[A-Z]", label, maxsplit=1)[0]
    previous = None
    while previous != name:
        previous = name
        name = HONORIFICS.sub("", name).strip()
    return Party(label, name or label)


def split_parties(text: str) -> list[Party]:
    """"Harriman and Deane" → two parties; a label with a comma stays one."""
    parts = re.split(r"\s+and\s+(?=(?:the\s+)?[A-Z])", text.strip())
    return [party(p) for p in parts if p.strip()]


def _split_outside_parens(text: str) -> tuple[str, str] | None:
    depth = 0
    for m in _TOP_LEVEL_TO.finditer(text):
        depth = text[: m.start()].count("(") - text[: m.start()].count(")")
        if depth == 0:
            return text[: m.start()], text[m.end():]
    return None


def parse_title(title: str) -> tuple[str, tuple[Party, ...], tuple[Party, ...]]:
    """Kind, senders and recipients from an editor's heading.

    "The Ambassador in the Soviet Union (Harriman) to President Roosevelt"
    "Memorandum by Mr. Elbridge Durbrow of the Division of European Affairs"
    """
    text = DOCUMENT_NUMBER.sub("", title.strip())
    kind = ""
    lowered = text.lower()
    for word, name in KIND_WORDS:
        if lowered.startswith(word):
            kind = name
            break
    # "Memorandum by X", "Memorandum of Conversation, by X", newer volumes' "Telegram From X to Y"
    by = re.match(r"^\w[\w\- ]*?\s+(?:of\s+conversation,?\s+)?(?:by|from)\s+(.*)$", text, re.IGNORECASE)
    if kind and by:
        rest = by.group(1)
        pair = _split_outside_parens(rest)
        if pair:
            return kind, tuple(split_parties(pair[0])), tuple(split_parties(pair[1]))
        return kind, tuple(split_parties(rest)), ()
    pair = _split_outside_parens(text)
    if pair:
        return kind, tuple(split_parties(pair[0])), tuple(split_parties(pair[1]))
    return kind, (), ()


# Small words a place may hold ("Hyde Park", "At sea", "Aboard the U.S.S. Quincy", "Livadia near Yalta")
_PLACE_WORDS = {"at", "sea", "of", "the", "on", "near", "de", "aboard", "in", "am", "an", "der"}


def _place_like(text: str) -> bool:
    """"Moscow", "[Washington,]", "Hyde Park": not the start of a sentence ("General Antonov called on")."""
    words = re.findall(r"[^\W\d_]+", text)
    return all(w[0].isupper() or w.lower() in _PLACE_WORDS for w in words)


def parse_dateline(line: str) -> tuple[str, DocDate] | None:
    """"Moscow, 11 June 1944" or "[Washington,] December 22, 1943." → (place, date)."""
    found = find_date(line)
    if not found:
        return None
    date, m = found
    before = line[: m.start()].strip().strip("[],").strip()
    after = line[m.end():].strip(" .,")
    if len(before.split()) > 4 or (before and not before[0].isupper()) or not _place_like(before):
        return None
    if after and not re.match(r"^[—–-]|^\d|^\[|^(?:a\.m|p\.m|midnight|noon)", after, re.IGNORECASE):
        return None
    return before.strip("[], "), date
