"""The editor's word on witnesses: `content/witnesses.yaml`, checked, every problem with its line.

    # the same text: confirms a group the build found, or adds one it missed
    - documents: ["1944-06-11-harriman-to-roosevelt", "1944-06-11-harriman-to-president-110529"]
      reading: "1944-06-11-harriman-to-roosevelt"      # optional: the text the page shows
    # not the same text: never group these, however alike
    - documents: ["1944-08-26-president-to-minister-606", "1944-08-26-president-to-winant-50"]
      reject: "yes"

Ids are the ones in data/documents.json; a message quoted inside a document is
"<document id>#quote-1" (the first quotation), "#quote-2" and so on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from .diagnostics import Diagnostic, error, warning
from .yamlio import LineList, LineMap, load_yaml

PATH = "content/witnesses.yaml"
KEYS = ("documents", "reading", "reject")
YES, NO = ("yes", "true"), ("no", "false", "")


@dataclass(frozen=True)
class GroupSetting:
    documents: tuple[str, ...]
    reading: str = ""
    line: int = 0


@dataclass(frozen=True)
class Settings:
    groups: tuple[GroupSetting, ...] = ()
    apart: frozenset = field(default_factory=frozenset)     # frozensets of two ids never to group

    @property
    def pairs(self) -> set[frozenset]:
        return {frozenset(p) for g in self.groups for p in combinations(g.documents, 2)}


def _ids(entry: LineMap, known: dict[str, bool], diags: list[Diagnostic]) -> list[str] | None:
    value = entry.get("documents")
    line = entry.line_of("documents")
    if not isinstance(value, LineList) or not all(isinstance(x, str) for x in value) or len(set(value)) < 2:
        diags.append(error(PATH, line, "witnesses-documents",
                           "`documents:` must list at least two document ids, e.g. "
                           '`documents: ["<id>", "<other id>"]` (ids as in data/documents.json)'))
        return None
    out = []
    for doc_id, item_line in zip(value, value.item_lines):
        doc_id = doc_id.strip()
        if doc_id not in known:
            hint = ("; a quotation is named \"<document id>#quote-1\"" if "#" in doc_id else
                    "; the ids are listed in data/documents.json")
            diags.append(warning(PATH, item_line, "witnesses-unknown-document",
                                 f'no document has the id "{doc_id}"; the entry ignores it{hint}'))
        elif doc_id not in out:
            out.append(doc_id)
    return out


def _entry(entry, line: int, known: dict[str, bool], diags: list[Diagnostic]):
    """One entry as (ids, reading, reject), or None when it cannot be used."""
    if not isinstance(entry, LineMap):
        diags.append(error(PATH, line, "content-shape",
                           "each entry is a mapping with `documents:` (and `reading:` or `reject:`)"))
        return None
    for key in entry:
        if key not in KEYS:
            diags.append(warning(PATH, entry.line_of(key), "content-unknown-key",
                                 f'unknown key "{key}" is ignored; known: {", ".join(KEYS)}'))
    reject = entry.get("reject", "")
    if not isinstance(reject, str) or reject.strip().lower() not in YES + NO:
        diags.append(error(PATH, entry.line_of("reject"), "witnesses-reject",
                           '`reject:` must be "yes" or "no", not '
                           + (f'"{reject}"' if isinstance(reject, str) else "a list or mapping")))
        return None
    reading = entry.get("reading", "")
    if not isinstance(reading, str):
        diags.append(error(PATH, entry.line_of("reading"), "witnesses-reading", "`reading:` must be one document id"))
        return None
    ids = _ids(entry, known, diags)
    if ids is None:
        return None
    reading, reject = reading.strip(), reject.strip().lower() in YES
    if reading and reject:
        diags.append(warning(PATH, entry.line_of("reading"), "witnesses-reading",
                             "`reading:` means nothing in a rejected grouping and is ignored"))
        reading = ""
    elif reading and reading not in ids:
        diags.append(error(PATH, entry.line_of("reading"), "witnesses-reading",
                           f'the reading text "{reading}" is not one of the entry\'s documents; add it to '
                           "`documents:` or name one of them"))
        return None
    elif reading and known[reading]:
        diags.append(error(PATH, entry.line_of("reading"), "witnesses-reading",
                           f'"{reading}" is a quotation inside another document and cannot be the reading text; '
                           "name a document"))
        return None
    return ids, reading, reject


def _readings_agree(groups: list[GroupSetting], diags: list[Diagnostic]) -> None:
    """Entries that share a document make one group, which can have only one reading text."""
    reading_of: dict[str, tuple[str, int]] = {}
    for g in groups:
        if not g.reading:
            continue
        for doc_id in g.documents:
            other = reading_of.get(doc_id)
            if other and other[0] != g.reading:
                diags.append(error(PATH, g.line, "witnesses-reading",
                                   f'"{doc_id}" is in a group whose reading text is "{other[0]}" (line {other[1]}); '
                                   f'this entry names "{g.reading}"; keep one'))
                break
            reading_of[doc_id] = (g.reading, g.line)


def load_settings(project: Path, known: dict[str, bool], diags: list[Diagnostic]) -> Settings:
    """`known`: every id a setting may name → True if it is a quotation."""
    file = project / "content" / "witnesses.yaml"
    if not file.exists():
        return Settings()
    data, more = load_yaml(file, PATH)
    diags += more
    if data is None:
        return Settings()
    if not isinstance(data, LineList):
        diags.append(error(PATH, getattr(data, "line", 1), "content-shape",
                           "content/witnesses.yaml must be a list of entries, each starting with `- documents:`"))
        return Settings()
    groups: list[GroupSetting] = []
    apart: dict[frozenset, int] = {}
    for entry, line in zip(data, data.item_lines):
        parsed = _entry(entry, line, known, diags)
        if not parsed or len(parsed[0]) < 2:
            continue
        ids, reading, reject = parsed
        if reject:
            apart.update({frozenset(p): line for p in combinations(ids, 2)})
        else:
            groups.append(GroupSetting(tuple(ids), reading, line))
    _readings_agree(groups, diags)
    settings = Settings(tuple(groups), frozenset(apart))
    for pair in sorted(settings.pairs & set(apart), key=sorted):
        diags.append(error(PATH, apart[pair], "witnesses-conflict",
                           '"' + '" and "'.join(sorted(pair)) + '" are both grouped and kept apart; '
                           "remove one of the two entries"))
    return settings
