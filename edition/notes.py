"""Footnote markers glued to words ("Durbrow53", "Union.55") and the note lists they point to.

A number is a note marker only when it belongs to the run of numbers that maps
onto the note list (53..59 ↔ 1..7); years, counts and page numbers stay text.
With no note list at all, a run 1, 2, 3… of glued numbers is taken as markers
whose notes are missing, so the editor hears about them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# A number glued to the end of a word or to closing punctuation, not part of a
# longer number, a decimal ("861.24") or a compound ("B-29", "4-engine").
GLUED = re.compile(
    r"(?:(?<=[A-Za-z\u00C0-\u024F’'”\")\]])|(?<=[A-Za-z\u00C0-\u024F’'”\")\]][.,;:]))"
    r"(?P<num>[1-9]\d{0,2})(?![\w\-–/½])"
)
# "…the President 1" — a spaced number ending a heading line.
TRAILING = re.compile(r"(?<=[A-Za-z\u00C0-\u024F.,;:’'”)])\s(?P<num>[1-9]\d{0,2})\s*$")

NOTE_ITEM = re.compile(r"^(?P<indent>\s*)(?P<num>\d{1,3})\.\s+(?P<text>\S.*)$")


@dataclass(frozen=True)
class Candidate:
    value: int
    line: int       # index into the list of lines
    start: int
    end: int


@dataclass(frozen=True)
class NoteItem:
    number: int
    text: str
    line: int       # index into the list of lines


def find_candidates(lines: list[str], heading_lines: frozenset[int] = frozenset()) -> list[Candidate]:
    found: list[Candidate] = []
    for i, line in enumerate(lines):
        masked = re.sub(r"\[Page\s+[^\]]*\]", lambda m: " " * len(m.group()), line)
        for m in GLUED.finditer(masked):
            found.append(Candidate(int(m.group("num")), i, m.start("num"), m.end("num")))
        if i in heading_lines:
            m = TRAILING.search(masked)
            if m and not any(c.line == i and c.start == m.start("num") for c in found):
                found.append(Candidate(int(m.group("num")), i, m.start("num"), m.end("num")))
    found.sort(key=lambda c: (c.line, c.start))
    return found


def find_note_list(lines: list[str]) -> tuple[int, list[NoteItem]]:
    """The trailing numbered list 1..N; returns (first line index, items) or (len, [])."""
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    starts = [i for i in range(end) if (m := NOTE_ITEM.match(lines[i])) and m.group("num") == "1"]
    for start in reversed(starts):
        items: list[NoteItem] = []
        ok = True
        for i in range(start, end):
            line = lines[i]
            m = NOTE_ITEM.match(line)
            if m and int(m.group("num")) == len(items) + 1:
                items.append(NoteItem(len(items) + 1, m.group("text").strip(), i))
            elif not line.strip():
                continue
            elif items:  # a continuation paragraph of the previous note
                last = items[-1]
                items[-1] = NoteItem(last.number, last.text + "\n" + line.strip(), last.line)
            else:
                ok = False
                break
        if ok and items:
            return start, items
    return len(lines), []


def match_markers(candidates: list[Candidate], note_count: int) -> tuple[list[tuple[Candidate, int]], list[tuple[Candidate, int]]]:
    """Map candidates onto notes 1..note_count.

    Returns (resolved, unresolved): resolved pairs (candidate, note number), and
    candidates that continue the run past the last note (markers without notes).
    """
    if note_count == 0:
        return [], _run_from_one(candidates)
    votes: dict[int, int] = {}
    for c in candidates:
        for k in range(1, note_count + 1):
            offset = c.value - k
            if offset >= 0:
                votes[offset] = votes.get(offset, 0) + 1
    if not votes:
        return [], []
    # Most candidates explained; ties go to the smaller offset (the plainer reading).
    offset = min(votes, key=lambda d: (-votes[d], d))
    resolved: list[tuple[Candidate, int]] = []
    last = 0
    rest: list[Candidate] = []
    for c in candidates:
        k = c.value - offset
        if last < k <= note_count:
            resolved.append((c, k))
            last = k
        else:
            rest.append(c)
    unresolved: list[tuple[Candidate, int]] = []
    expected = note_count + 1
    for c in rest:
        if c.value - offset == expected and last == note_count and (
                not unresolved or (c.line, c.start) > (unresolved[-1][0].line, unresolved[-1][0].start)):
            unresolved.append((c, expected))
            expected += 1
    return resolved, unresolved


def _run_from_one(candidates: list[Candidate]) -> list[tuple[Candidate, int]]:
    run: list[tuple[Candidate, int]] = []
    for c in candidates:
        if c.value == len(run) + 1:
            run.append((c, c.value))
    return run if run else []
