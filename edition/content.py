"""The editorial layer in `content/`: per-seed and per-document corrections, and prose pages.

    content/sources.yaml     per seed file: reader, collection, source description
    content/documents.yaml   per document id: title, date, correspondents, notes …
    content/*.md             prose pages ("about.md" → /about/)

Corrections never touch the seeds; they are applied to the document model here,
and every problem names the file and line to fix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .dates import MONTH_NAMES, find_date, parse_iso
from .diagnostics import Diagnostic, error, warning
from .headings import party
from .ids import is_safe
from .inline import parse_inline
from .textio import decode
from .model import Document, Footnote, Mark, NameRef, NoteRef, Reference, note_refs
from .yamlio import LineMap, load_yaml

SOURCE_KEYS = ("reader", "collection", "description")
DOCUMENT_KEYS = ("id", "title", "kind", "date", "date_certain", "date_note", "place", "senders",
                 "recipients", "classification", "subject", "notes", "summary", "references",
                 "in_reply_to", "not_in_reply_to", "seed")


# Folders of the site that the build writes itself; a prose page must not take their address.
RESERVED_PAGE_NAMES = frozenset({"documents", "calendar", "persons", "terms", "places", "folders", "search",
                                 "data", "print", "assets", "pagefind", "index", "404"})


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    markdown: str
    path: str


@dataclass(frozen=True)
class SourceSettings:
    reader: str = ""
    collection: str = ""
    description: str = ""
    line: int = 0
    reader_line: int = 0


@dataclass(frozen=True)
class DocumentSettings:
    values: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True)
class Content:
    sources: dict = field(default_factory=dict)       # seed file name → SourceSettings
    documents: dict = field(default_factory=dict)     # document id → DocumentSettings
    pages: tuple[Page, ...] = ()


def _mapping_of_mappings(data, path: str, what: str, diags: list[Diagnostic]) -> LineMap:
    if data is None:
        return LineMap()
    if not isinstance(data, LineMap):
        diags.append(error(path, getattr(data, "line", 1), "content-shape",
                           f"{path} must map each {what} to its settings, e.g. `name:` then indented keys"))
        return LineMap()
    return data


def load_sources(project: Path, diags: list[Diagnostic]) -> dict[str, SourceSettings]:
    file = project / "content" / "sources.yaml"
    if not file.exists():
        return {}
    path = "content/sources.yaml"
    data, more = load_yaml(file, path)
    diags += more
    out = {}
    for name, value in _mapping_of_mappings(data, path, "seed file", diags).items():
        line = data.line_of(name)
        if not isinstance(value, LineMap):
            diags.append(error(path, line, "content-shape", f'settings for "{name}" must be a mapping'))
            continue
        for key in value:
            if key not in SOURCE_KEYS:
                diags.append(warning(path, value.line_of(key), "content-unknown-key",
                                     f'unknown key "{key}" for a seed; known: {", ".join(SOURCE_KEYS)}'))
            elif not isinstance(value[key], str):
                diags.append(error(path, value.line_of(key), "content-type", f'"{key}" must be plain text'))
        values = {k: v for k, v in value.items() if k in SOURCE_KEYS and isinstance(v, str)}
        out[name] = SourceSettings(line=line, reader_line=value.line_of("reader") if "reader" in value else line,
                                   **values)
    return out


def load_documents(project: Path, diags: list[Diagnostic]) -> dict[str, DocumentSettings]:
    file = project / "content" / "documents.yaml"
    if not file.exists():
        return {}
    path = "content/documents.yaml"
    data, more = load_yaml(file, path)
    diags += more
    out = {}
    for doc_id, value in _mapping_of_mappings(data, path, "document id", diags).items():
        line = data.line_of(doc_id)
        if not isinstance(value, LineMap):
            diags.append(error(path, line, "content-shape", f'settings for "{doc_id}" must be a mapping'))
            continue
        for key in value:
            if key not in DOCUMENT_KEYS:
                diags.append(warning(path, value.line_of(key), "content-unknown-key",
                                     f'unknown key "{key}"; known: {", ".join(DOCUMENT_KEYS)}'))
        out[doc_id] = DocumentSettings(dict(value), dict(value.key_lines), line)
    return out


def load_pages(project: Path, diags: list[Diagnostic]) -> tuple[Page, ...]:
    pages = []
    for file in sorted((project / "content").glob("*.md")):
        path = f"content/{file.name}"
        slug = file.stem.lower()
        if not is_safe(slug):
            diags.append(error(path, 1, "page-name", "page file names may use a-z, 0-9 and '-' only; rename it"))
            continue
        if slug in RESERVED_PAGE_NAMES:
            diags.append(error(path, 1, "page-name", f'"{slug}" is the address of pages the build makes itself; '
                               f'rename the file, e.g. to about-{slug}.md'))
            continue
        try:
            text, more = decode(file.read_bytes(), path)
        except OSError as exc:
            text, more = None, [error(path, 0, "unreadable", f"cannot read the page ({exc.strerror})")]
        diags += more
        if text is None:
            continue
        m = re.match(r"^#\s+(.+)$", text.lstrip(), re.MULTILINE)
        title = m.group(1).strip() if m else slug.replace("-", " ").capitalize()
        pages.append(Page(slug, title, text, path))
    return tuple(pages)


def load_content(project: Path) -> tuple[Content, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    return Content(load_sources(project, diags), load_documents(project, diags),
                   load_pages(project, diags)), diags


# ---------------------------------------------------------------- applying corrections

def _parties(value, path: str, line: int, registers, diags: list[Diagnostic]):
    """Names as text, or `{name: …, person: register id}` to say who is meant."""
    items = [value] if isinstance(value, (str, LineMap)) else value
    if not isinstance(items, list):
        diags.append(error(path, line, "content-type", "senders/recipients must be a name or a list of names"))
        return None
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(party(item))
        elif isinstance(item, LineMap) and isinstance(item.get("person", ""), str):
            for key in item:
                if key not in ("name", "person"):
                    diags.append(warning(path, item.line_of(key), "content-unknown-key",
                                         f'unknown key "{key}" in a correspondent; known: name, person'))
            person = item.get("person", "").strip()
            entry = registers.get("persons", person) if person else None
            if person and entry is None:
                diags.append(error(path, item.line_of("person"), "unknown-person",
                                   f'no person has the id "{person}" in content/persons.yaml; add them or fix the id'))
                person = ""
            label = item.get("name") if isinstance(item.get("name"), str) else (entry.name if entry else "")
            if not label:
                diags.append(error(path, item.line, "content-type", "a correspondent needs `name:` or a known `person:`"))
                continue
            out.append(replace(party(label), person=person))
        else:
            diags.append(error(path, getattr(item, "line", line), "content-type",
                               "each correspondent is a name, or `name:` and `person:`"))
    return tuple(out)


def apply_document_settings(doc: Document, settings: DocumentSettings, registers,
                            diags: list[Diagnostic]) -> Document:
    """The document as the editor corrected it."""
    path = "content/documents.yaml"
    v, lines = settings.values, settings.lines
    changes: dict = {}
    for key in ("title", "kind", "place", "classification", "subject"):
        if key in v:
            if isinstance(v[key], str):
                changes[key] = v[key].strip()
            else:
                diags.append(error(path, lines[key], "content-type", f'"{key}" must be plain text'))
    for key in ("senders", "recipients"):
        if key in v and (parties := _parties(v[key], path, lines[key], registers, diags)) is not None:
            changes[key] = parties
    if "date" in v or "date_note" in v or "date_certain" in v:
        date = doc.date
        if "date" in v:
            parsed = parse_iso(v["date"]) if isinstance(v["date"], str) else None
            if parsed is None:
                diags.append(error(path, lines["date"], "content-date", date_advice(v["date"])))
            else:
                stated = bool(doc.date.iso) and doc.date.iso == v["date"].strip()
                date = replace(date, iso=v["date"].strip(), stated=stated)
        if isinstance(v.get("date_certain"), str):
            answer = v["date_certain"].strip().lower()
            if answer not in ("yes", "no", "true", "false"):
                diags.append(warning(path, lines["date_certain"], "content-date-certain",
                                     f'date_certain "{v["date_certain"]}" is read as "no"; write "yes" or "no"'))
            date = replace(date, certain=answer in ("yes", "true"))
        if isinstance(v.get("date_note"), str):
            date = replace(date, note=v["date_note"].strip())
        for key in ("date_certain", "date_note"):
            if key in v and not isinstance(v[key], str):
                diags.append(error(path, lines[key], "content-type", f'"{key}" must be plain text'))
        changes["date"] = date
    if "references" in v:
        refs = v["references"]
        if isinstance(refs, LineMap) and all(isinstance(x, str) for x in refs.values()):
            changes["references"] = doc.references + tuple(Reference(k, x) for k, x in refs.items())
        else:
            diags.append(error(path, lines["references"], "content-type",
                               "references must map a kind to a value, e.g. `page: \"793\"`"))
    links = []
    for key in ("in_reply_to", "not_in_reply_to"):
        if key in v:
            values = [v[key]] if isinstance(v[key], str) else v[key]
            if isinstance(values, list) and all(isinstance(x, str) for x in values):
                at = getattr(values, "item_lines", None) or [lines[key]] * len(values)
                links += [(key, x.strip(), at[n]) for n, x in enumerate(values)]
            else:
                diags.append(error(path, lines[key], "content-type", f"{key} must be a document id or a list of ids"))
    if links:
        changes["links"] = tuple(links)
    if "notes" in v:
        changes["notes"] = _supplied_notes(doc, v["notes"], path, lines["notes"], diags)
        if changes["notes"] is not doc.notes:
            changes["head"], changes["blocks"] = _link_supplied(doc, changes["notes"])
    return replace(doc, **changes) if changes else doc


def date_advice(value) -> str:
    """What is wrong with a date an editor wrote, and how to write it."""
    text = str(value).strip()
    if m := re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text):
        year, month, day = int(m.group(1)), int(m.group(2)), m.group(3)
        if not 1 <= month <= 12:
            return f'date "{text}": there is no month {month}; the month comes second (YYYY-MM-DD)'
        return (f'date "{text}": {MONTH_NAMES[month]} {year} has no day {int(day)}; check the day')
    found = find_date(text)
    if found and found[0].iso:
        return (f'date "{text}" must be written as YYYY, YYYY-MM or YYYY-MM-DD: here "{found[0].iso}" '
                '(the date as the source writes it can go in `date_note:`)')
    return f'date "{text}" must be written as YYYY, YYYY-MM or YYYY-MM-DD, e.g. "1944-10-18"'


def _supplied_notes(doc: Document, value, path: str, line: int, diags: list[Diagnostic]):
    """Notes an editor supplies for markers whose note the source lacks."""
    if not isinstance(value, LineMap):
        diags.append(error(path, line, "content-type", 'notes must map a marker to its text, e.g. `"1": …`'))
        return doc.notes
    notes = list(doc.notes)
    waiting = {ref.label for ref in note_refs(doc) if ref.number is None}
    for label, text in value.items():
        if not isinstance(text, str):
            diags.append(error(path, value.line_of(label), "content-type", f'note "{label}" must be text'))
            continue
        if any(n.label == label for n in notes):
            diags.append(warning(path, value.line_of(label), "content-note-exists",
                                 f'the source already has note "{label}"; the editor\'s text is ignored'))
            continue
        if label not in waiting:
            diags.append(warning(path, value.line_of(label), "content-note-unmarked",
                                 f'the document has no marker "{label}" waiting for its note; the text is '
                                 f'listed with the notes without one (markers waiting: '
                                 f'{", ".join(sorted(waiting)) or "none"})'))
        # numbered after the source's notes, whatever their numbers (a source may give notes 2 and 3 only)
        number = max((n.number for n in notes), default=0) + 1
        notes.append(Footnote(number, label, parse_inline(text.strip(), 0), value.line_of(label),
                              kind="Editorial note", origin="editor"))
    return tuple(notes)


def _link_supplied(doc: Document, notes):
    """Point unresolved markers at the notes the editor supplied."""
    by_label = {n.label: n.number for n in notes if n.origin == "editor"}

    def fix(nodes):
        out = []
        for node in nodes:
            if isinstance(node, NoteRef) and node.number is None and node.label in by_label:
                node = replace(node, number=by_label[node.label])
            elif isinstance(node, (Mark, NameRef)):
                node = replace(node, children=fix(node.children))
            out.append(node)
        return tuple(out)

    return (tuple(replace(b, inlines=fix(b.inlines)) for b in doc.head),
            tuple(replace(b, inlines=fix(b.inlines)) for b in doc.blocks))
