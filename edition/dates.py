"""Dates as the sources write them: "11 June 1944", "February 8, 1944", "3 Feb 44", "30 AUGUST 1944"."""
from __future__ import annotations

import re

from .model import DocDate

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
MONTH_ABBR = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_FIRST = re.compile(r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MONTH + r"(?:,?\s+['’]?(?P<year>1[6-9]\d\d|\d\d))?\b",
                        re.IGNORECASE)
_MONTH_FIRST = re.compile(r"\b" + _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<year>1[6-9]\d\d)\b",
                          re.IGNORECASE)
# "17–18 October 1944", "October 17–18, 1944": a message written over two days is dated by the first
_DAY_RANGE = re.compile(r"\b(?P<day>[0-3]?\d)\s*[–-]\s*[0-3]?\d\s+" + _MONTH + r",?\s+(?P<year>1[6-9]\d\d)\b",
                        re.IGNORECASE)
_MONTH_RANGE = re.compile(r"\b" + _MONTH + r"\s+(?P<day>[0-3]?\d)\s*[–-]\s*[0-3]?\d,?\s+(?P<year>1[6-9]\d\d)\b",
                          re.IGNORECASE)
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r",?\s+(?P<year>1[6-9]\d\d)\b", re.IGNORECASE)
_ISO = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d\d)(?:-(?P<day>\d\d))?)?$")


def zeros(text: str) -> str:
    """Typists' slashed zero "Ø" read as 0 (for serials and date-time groups only; pages keep "Ø")."""
    return text.replace("Ø", "0").replace("ø", "0")


def _year(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    return 1900 + value if value < 100 else value


def valid_day(year: int | None, month: int, day: int | None) -> bool:
    """Whether the month has that day (any day, when none is given)."""
    if day is None:
        return True
    days = (31, 29 if (year or 2000) % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    return 1 <= day <= days[month - 1]


def iso_of(year: int | None, month: int | None, day: int | None) -> str:
    if year is None:
        return ""
    parts = [f"{year:04d}"]
    if month:
        parts.append(f"{month:02d}")
        if day:
            parts.append(f"{day:02d}")
    return "-".join(parts)


def find_date(text: str) -> tuple[DocDate, re.Match] | None:
    """The first full or partial date in `text`, with the match it came from."""
    candidates = []
    scan = zeros(text)    # "2Ø NOVEMBER 1944": the typist's slashed zero (same length, so spans hold)
    for pattern in (_DAY_RANGE, _MONTH_RANGE, _DAY_FIRST, _MONTH_FIRST, _MONTH_YEAR):
        for m in pattern.finditer(scan):
            month = MONTHS[m.group("month").lower()]
            day = int(m.group("day")) if "day" in m.groupdict() and m.group("day") else None
            year = _year(m.group("year"))
            if day is not None and not valid_day(year, month, day):
                continue
            if m.group("month").lower() == "may" and day is None:
                continue  # "may" is usually the verb
            candidates.append((m.start(), -len(m.group()), m, year, month, day))
            break
    if not candidates:
        return None
    _, _, m, year, month, day = min(candidates, key=lambda c: (c[0], c[1]))
    return DocDate(iso=iso_of(year, month, day), text=text[m.start():m.end()].strip()), m


def parse_iso(value: str) -> tuple[int | None, int | None, int | None] | None:
    m = _ISO.match(value.strip())
    if not m:
        return None
    year = int(m.group("year"))
    month = int(m.group("month")) if m.group("month") else None
    day = int(m.group("day")) if m.group("day") else None
    if month is not None and not 1 <= month <= 12:
        return None
    if month and day is not None and not valid_day(year, month, day):
        return None
    return year, month, day


def display(date: DocDate) -> str:
    """"11 June 1944"; a supplied or uncertain date in brackets: "[1944 Oct 18?]"."""
    if not date.iso:
        return date.text or "undated"
    parts = date.iso.split("-")
    year = parts[0]
    month = int(parts[1]) if len(parts) > 1 else 0
    day = int(parts[2]) if len(parts) > 2 else 0
    if date.stated and date.certain:
        return " ".join(p for p in (str(day) if day else "", MONTH_NAMES[month], year) if p)
    text = " ".join(p for p in (year, MONTH_ABBR[month] if month else "", str(day) if day else "") if p)
    return f"[{text}{'' if date.certain else '?'}]"
