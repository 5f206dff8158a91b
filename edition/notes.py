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
# "…the protocol of March 30.32": a marker after a number and a full stop, at the end of a
# sentence. Read as a marker only where it is exactly the next note (else "3.5 million").
AFTER_NUMBER = re.compile(r"(?<=\d\.)(?P<num>[1-9]\d{0,2})(?=[\s\"”’)\]]|$)")
# "M3 tanks", "B29", "P38": a number glued to one or two capitals is more likely a model than a marker.
MODEL_NAME = re.compile(r"(?:^|[^A-Za-z])[A-Z]{1,2}$")
# "…the President 1" — a spaced number ending a heading line.
TRAILING = re.compile(r"(?<=[A-Za-z\u00C0-\u024F.,;:’'”)])\s(?P<num>[1-9]\d{0,2})\s*$")

NOTE_ITEM = re.compile(r"^(?P<indent>\s*)(?P<num>\d{1,3})\.\s+(?P<text>\S.*)$")


@dataclass(frozen=True)
class Candidate:
    value: int
    line: int       # index into the list of lines
    start: int
    end: int
    weak: bool = False       # after a number ("30.32"): a marker only as the very next note
    doubt: int = 0           # how unlike a marker it looks ("M3"): the lesser reading loses ties


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
            doubt = 1 if MODEL_NAME.search(masked[max(0, m.start("num") - 3):m.start("num")]) else 0
            found.append(Candidate(int(m.group("num")), i, m.start("num"), m.end("num"), doubt=doubt))
        for m in AFTER_NUMBER.finditer(masked):
            found.append(Candidate(int(m.group("num")), i, m.start("num"), m.end("num"), weak=True, doubt=1))
        if i in heading_lines:
            m = TRAILING.search(masked)
            if m and not any(c.line == i and c.start == m.start("num") for c in found):
                found.append(Candidate(int(m.group("num")), i, m.start("num"), m.end("num")))
    found.sort(key=lambda c: (c.line, c.start))
    return found


def find_note_list(lines: list[str], first: int = 1) -> tuple[int, list[NoteItem]]:
    """The trailing numbered list first..N; returns (first line index, items) or (len, [])."""
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    starts = [i for i in range(end) if (m := NOTE_ITEM.match(lines[i])) and int(m.group("num")) == first]
    for start in reversed(starts):
        items: list[NoteItem] = []
        ok = True
        for i in range(start, end):
            line = lines[i]
            m = NOTE_ITEM.match(line)
            if m and int(m.group("num")) == first + len(items):
                items.append(NoteItem(first + len(items), m.group("text").strip(), i))
            elif m:
                # another numbering ("9." after "3."): these were numbered paragraphs of the
                # text, not the notes, or the notes begin later
                ok = False
                break
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


def list_starts(lines: list[str]) -> list[int]:
    """The numbers that start a numbered item somewhere: where a list with printed numbers may begin."""
    return sorted({int(m.group("num")) for line in lines if (m := NOTE_ITEM.match(line))} - {0})


def _best_run(candidates: list[Candidate], numbers: dict[int, int], first: int,
              consecutive: bool) -> list[tuple[Candidate, int]]:
    """The markers: candidates in text order whose notes (`numbers`: candidate index → note)
    rise, as many as possible, the likelier-looking winning ties. A weak candidate only
    continues a run with the very next note or starts it at note `first`; with
    `consecutive`, so does every one. Near-linear: the best run ending below each note is
    kept in a tree of prefix maxima, so long texts full of numbers stay quick."""
    if not numbers:
        return []
    low, high = min(numbers.values()), max(numbers.values())
    size = high - low + 1
    tree: list[tuple] = [(0, 0, -1)] * (size + 1)      # Fenwick tree of (count, -doubt, index)
    ending: dict[int, tuple] = {}                       # note → best run ending at that note

    def best_below(k: int) -> tuple:
        i, out = k - low, (0, 0, -1)                    # positions 1..k-low hold notes low..k-1
        while i > 0:
            out = max(out, tree[i])
            i -= i & -i
        return out

    def record(k: int, value: tuple) -> None:
        i = k - low + 1
        while i <= size:
            if value > tree[i]:
                tree[i] = value
            i += i & -i

    previous: dict[int, int] = {}
    runs: dict[int, tuple] = {}
    for i in sorted(numbers):
        c, k = candidates[i], numbers[i]
        if c.weak or consecutive:
            before = ending.get(k - 1)
            if before is None and k != first:
                continue
        else:
            before = best_below(k)
            before = before if before[0] else None
        count, doubt = (before[0] + 1, before[1] - c.doubt) if before else (1, -c.doubt)
        value = (count, doubt, -i)        # on a tie, the earlier candidate stays
        previous[i] = -before[2] if before else -1
        runs[i] = value
        if value[:2] > ending.get(k, (0, 0, 0))[:2]:
            ending[k] = (count, doubt, -i)
            record(k, (count, doubt, -i))
    if not runs:
        return []
    end = max(runs, key=lambda i: runs[i])
    run = []
    while end != -1:
        run.append((candidates[end], numbers[end]))
        end = previous[end]
    return run[::-1]


def match_markers(candidates: list[Candidate], note_count: int, first: int = 1,
                  ) -> tuple[list[tuple[Candidate, int]], list[tuple[Candidate, int]]]:
    """Map candidates onto notes first..first+note_count-1.

    Returns (resolved, unresolved): resolved pairs (candidate, note number), and
    candidates that continue the run before the first note or past the last
    (markers without notes).
    """
    if note_count == 0:
        return [], _best_run(candidates, {i: c.value for i, c in enumerate(candidates)}, 1, consecutive=True)
    last_note = first + note_count - 1
    votes: dict[int, int] = {}
    strong = any(not c.weak for c in candidates)
    for c in candidates:
        if c.weak and strong:       # "your 3990.1" votes only where nothing likelier does
            continue
        for k in range(first, last_note + 1):
            if c.value - k >= 0:
                votes[c.value - k] = votes.get(c.value - k, 0) + 1
    if not votes:
        return [], []
    top = max(votes.values())
    runs = []
    for offset in sorted(d for d, v in votes.items() if v == top):
        numbers = {i: c.value - offset for i, c in enumerate(candidates) if first <= c.value - offset <= last_note}
        run = _best_run(candidates, numbers, first, consecutive=False)
        # Most markers explained; then the run that begins nearest the first note, the
        # likelier-looking markers, and the plainer reading (the smaller offset).
        runs.append(((-len(run), run[0][1] if run else 0, sum(c.doubt for c, _ in run), offset), offset, run))
    _, offset, resolved = min(runs, key=lambda r: r[0])
    used = {id(c) for c, _ in resolved}
    unresolved: list[tuple[Candidate, int]] = []
    if resolved:
        head, tail = resolved[0], resolved[-1]
        # before the first note: markers whose notes the list lacks (a list that starts at 2)
        expected = first - 1
        for c in reversed([c for c in candidates if (c.line, c.start) < (head[0].line, head[0].start)]):
            if expected >= 1 and c.value - offset == expected and id(c) not in used:
                unresolved.insert(0, (c, expected))
                expected -= 1
        expected = last_note + 1
        if tail[1] == last_note:
            for c in candidates:
                if ((c.line, c.start) > (tail[0].line, tail[0].start) and c.value - offset == expected
                        and id(c) not in used):
                    unresolved.append((c, expected))
                    expected += 1
    return resolved, unresolved
