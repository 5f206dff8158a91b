"""Facts a Map Room message states about itself: who, to whom, where from, when, which serial.

Each function takes text as the source writes it and returns model values; none
of them knows this folder's people or serials.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dates import find_date
from ..model import DocDate, Party, Reference
from .map_room_lines import DTG, NCR, SERIES, bare, plain, zeros

TITLES = frozenset("""THE MR MR. MRS MRS. AMBASSADOR PREMIER MARSHAL GENERAL GEN GEN. ADMIRAL ADM ADM. PRESIDENT
SECRETARY COLONEL COL COL. MAJOR MAJ MAJ. CAPTAIN CAPT CAPT. LIEUTENANT LT LT. COMMANDER CMDR CMDR. REAR VICE SIR
DR DR. PRIME MINISTER GENERALISSIMO HON. HONORABLE""".split())
ROLES = (("PRIME MINISTER", re.compile(r"\bPRIME\s+MINISTER\b", re.I)),
         ("PRESIDENT", re.compile(r"(?<!VICE )\bPRESIDENT(?:'?S)?\b", re.I)))
# In the FDR Library's Map Room papers "the President" is Roosevelt and "the Prime Minister" Churchill:
# "PRESIDENT F. D. ROOSEVELT" is the role, "President Benes" is Benes.
ROLE_HOLDERS = {"PRESIDENT": {"ROOSEVELT"}, "PRIME MINISTER": {"CHURCHILL"}}
# Communication offices that carry a message for its real correspondents.
CHANNEL = re.compile(r"^(?:OPNAV|ALUSNA|CNO|GNO|COMINCH|AMEMBASSY|MILID|MILATTACHE|NAVATTACHE|AGWAR|WARCOS|"
                     r"(?:WAR|NAVY|STATE)\s+DEPARTMENT|(?:US\s+|U\.\s?S\.\s+)?MILITARY\s+MISSION|"
                     r"(?:AMERICAN\s+)?EMBASSY|SIGNAL\s+CENTER|MESSAGE\s+CENTER)\b", re.I)


@dataclass(frozen=True)
class Facts:
    """What one piece of paper (message, form page or cover sheet) says about the message."""
    senders: tuple[Party, ...] = ()
    recipients: tuple[Party, ...] = ()
    channel_from: str = ""
    channel_to: str = ""
    place: str = ""
    date: DocDate = field(default_factory=DocDate)
    dateline: str = ""
    references: tuple[Reference, ...] = ()
    classification: str = ""
    subject: str = ""


def is_channel(label: str) -> bool:
    return bool(CHANNEL.match(label.strip()))


def split_place(label: str) -> tuple[str, str]:
    """"AMBASSADOR HARRIMAN, MOSCOW." → ("AMBASSADOR HARRIMAN", "Moscow"); "ALUSNA MOSCOW" → (…, "Moscow")."""
    text = plain(label).strip(" .;:")
    m = re.match(r"^(?P<who>.+?),\s*(?P<place>[A-Za-z][A-Za-z .'-]{1,30})$", text)
    if m and m.group("place").split()[0].upper() not in TITLES and len(m.group("place").split()) <= 3:
        return m.group("who").strip(), m.group("place").strip().title()
    m = re.match(r"^(?:ALUSNA|AMEMBASSY|MILATTACHE|NAVATTACHE)[\s,]+(?P<place>[A-Za-z][A-Za-z .'-]{1,30})$", text, re.I)
    if m:
        return text, m.group("place").strip().title()
    return text, ""


def person_name(label: str) -> str:
    """The surname or role in a label: "PREMIER J. V. STALIN" → "Stalin", "The President" → "PRESIDENT"."""
    text = re.sub(r"\s+", " ", bare(label)).strip(" .,;:")
    if is_channel(text):
        return text.split(",")[0].strip()
    words = [w for w in re.split(r"[\s,]+", text.split(",")[0]) if w]
    words = [w for w in words if re.fullmatch(r"[^\W\d_][\w'.\-]*", w)] or words
    kept = [w for w in words if w.upper().rstrip(".") not in TITLES and w.upper() not in TITLES
            and not re.fullmatch(r"[A-Za-z]\.?", w) and not re.fullmatch(r"PRESIDENT'?S", w, re.I)]
    for role, pattern in ROLES:
        if pattern.search(text) and (not kept or kept[-1].upper() in ROLE_HOLDERS[role]):
            return role
    name = (kept or words or [text])[-1].strip(".,")
    if name.isupper() and len(name) >= 4:
        name = name.capitalize()
    return name


def party(label: str) -> Party:
    who, _ = split_place(label)
    who = who.strip(" .,;:")
    return Party(who, person_name(who) or who)


def parties(label: str) -> tuple[Party, ...]:
    """"GENERAL DEANE AND ADMIRAL OLSEN" → two parties; an empty label → none."""
    text = plain(label).strip(" .,;:")
    if not text:
        return ()
    parts = re.split(r"\s+(?:AND|and|&)\s+(?=(?:THE|The|the|[A-Z][a-z]*\.?|[A-Z]+)\b)", text)
    return tuple(party(p) for p in parts if p.strip(" .,;:"))


# ---------------------------------------------------------------- the "for the eyes of" line

_ADDRESS_FROM_TO = re.compile(r"\bFROM\s+(?P<s>.+?)\s+(?:TO|FOR)\s+(?P<r>.+?)[\s.]*$", re.I)
_ADDRESS_FOR_FROM = re.compile(r"\bFOR\s+(?:THE\s+EYES\s+OF\s+)?(?P<r>.+?)\s+FROM\s+(?P<s>.+?)[\s.]*$", re.I)
_NOISE = re.compile(r"(?:'?S)?\s+EYES\b.*$|\s+(?:ONLY|PERSONAL|AND|MOST|SECRET)\b.*$", re.I)


def address_parties(text: str) -> tuple[tuple[Party, ...], tuple[Party, ...]] | None:
    """"PERSONAL AND SECRET FOR THE EYES OF THE PRESIDENT ONLY FROM HARRIMAN." → (Harriman, President)."""
    text = bare(text)
    words = text.split()
    if not 3 <= len(words) <= 30 or len(text) > 300 or not re.search(r"\bFROM\b", text, re.I):
        return None
    for pattern in (_ADDRESS_FOR_FROM, _ADDRESS_FROM_TO):
        m = pattern.search(text)
        if not m:
            continue
        sender = _NOISE.sub("", m.group("s")).strip(" .,")
        recipient = _NOISE.sub("", m.group("r")).strip(" .,")
        if sender and recipient and len(sender.split()) <= 6 and len(recipient.split()) <= 6:
            return parties(sender), parties(recipient)
    return None


def looks_like_address(text: str) -> bool:
    """The opening line of a telegram naming its correspondents and how it is to be handled."""
    upper = bare(text).upper()
    return (address_parties(text) is not None
            and bool(re.search(r"\b(?:PERSONAL|SECRET|EYES|FROM THE|FOR THE)\b|^(?:FOR|TO)\s+[A-Z][A-Z.' ]+\s+FROM\s+[A-Z]", upper))
            and len(upper.split()) <= 25)


QUOTE_HEAD = re.compile(r"^\s*QUOTE\.?\s+(?P<s>[A-Z][A-Z.' ]{1,40}?)\s+TO\s+(?P<r>[A-Z][A-Z.' ]{1,40}?)[.,:]")


# ---------------------------------------------------------------- numbers


def dtg_value(match: re.Match) -> str:
    return match.group("dtg") + ("Z" if match.group("zone") else "")


# The Army's message numbers in a header or cover value: "CM-OUT 51234", "WAR 51234", "M 21501".
ARMY_NUMBER = re.compile(r"\b(?P<series>CM-IN|CM-OUT|WAR|M)[\s-]+(?P<num>\d{3,6})\b")


def serials(text: str) -> list[Reference]:
    """Serials ("022120 NCR 8052"), bare date-time groups ("242230Z") and Army message numbers
    ("CM-OUT 51234") in a header or cover value."""
    norm = zeros(bare(text))
    out: list[Reference] = [Reference("army message", f"{m.group('series')} {m.group('num')}")
                            for m in ARMY_NUMBER.finditer(norm)]
    norm = ARMY_NUMBER.sub(lambda m: " " * len(m.group()), norm)     # its digits are no date-time group
    for m in DTG.finditer(norm):
        after = norm[m.end():]
        ncr = NCR.match(after.lstrip(" ,")) if after.lstrip(" ,").startswith("NCR") else None
        if ncr:
            out.append(Reference("serial", f"{dtg_value(m)} NCR {ncr.group('ncr')}"))
        else:
            out.append(Reference("dtg", dtg_value(m)))
    return out


def serial_line(text: str) -> Reference | None:
    """A line that is only a serial: "302115 NCR 2586", "081659 - 5462", "Ø2212Ø"."""
    norm = zeros(bare(text))
    m = re.fullmatch(r"(?P<dtg>\d{6})(?P<zone>/?Z)?\s*(?:(?P<dash>-)\s*)?(?:NCR\s+)?(?P<num>\d{1,6})?\.?", norm)
    if not m or not DTG.match(norm):
        return None
    dtg = m.group("dtg") + ("Z" if m.group("zone") else "")
    if not m.group("num"):
        return Reference("dtg", dtg)
    if m.group("dash"):
        return Reference("serial", f"{dtg}-{m.group('num')}")
    return Reference("serial", f"{dtg} NCR {m.group('num')}")


def message_number(text: str) -> Reference | None:
    """"54, 30 AUGUST 1944" or "#54, 30 Aug 44" → Reference("message", "#54")."""
    m = re.match(r"^\s*(?:No\.?\s*)?#?\s*(?P<n>\d{1,4})(?=\s*[,.]|\s*$)", bare(text), re.I)
    return Reference("message", f"#{m.group('n')}") if m else None


def series(text: str) -> list[Reference]:
    """"sent … as RED 174" → Reference("red", "RED 174"); only the series this message went out as."""
    return [Reference(m.group("series").lower(), f"{m.group('series').upper()} {m.group('num')}")
            for m in SERIES.finditer(bare(text))]


def dtg_digits(ref: Reference) -> str:
    m = re.match(r"\d{6}", ref.value)
    return m.group() if m else ""


def merge_references(*groups: tuple[Reference, ...] | list[Reference]) -> tuple[Reference, ...]:
    """In order, without repeats; a bare date-time group already inside a serial is dropped."""
    out: list[Reference] = []
    for group in groups:
        for ref in group:
            if ref in out:
                continue
            if ref.kind == "dtg" and any(dtg_digits(o) == dtg_digits(ref) for o in out if o.kind in ("serial", "dtg")):
                continue
            same = [k for k, o in enumerate(out) if o.kind == "dtg" and dtg_digits(o) == dtg_digits(ref)]
            if ref.kind == "serial" and same:
                out[same[0]] = ref      # the fuller form of the same number, in its place
                continue
            out.append(ref)
    return tuple(out)


def main_time(references: tuple[Reference, ...]) -> str:
    """The date-time group of the message's own serial, for DocDate.time."""
    for ref in references:
        if ref.kind in ("serial", "dtg"):
            m = re.match(r"\d{6}Z?", ref.value)
            if m:
                return m.group()
    return ""


def date_in(text: str) -> DocDate:
    found = find_date(bare(text))
    if not found or not found[0].iso:
        return DocDate()
    return found[0]
