"""The registers of the editorial layer: persons, terms (organisations, abbreviations) and places.

    content/persons.yaml   id, name, sort, names, offices, description, wikidata, viaf
    content/terms.yaml     id, term, kind, expansion, forms, description, case_sensitive
    content/places.yaml    id, name, forms, kind, lat, lon, description, wikidata

Every problem (a duplicate id, a spelling claimed by two entries, a wrong type)
is reported with the file and line to fix.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field
from pathlib import Path

from .dates import parse_iso
from .diagnostics import Diagnostic, error, warning
from .ids import is_safe
from .yamlio import LineList, LineMap, load_yaml

REGISTERS = ("persons", "terms", "places")
KEYS = {
    "persons": ("id", "name", "sort", "names", "offices", "description", "wikidata", "viaf"),
    "terms": ("id", "term", "kind", "expansion", "forms", "description", "case_sensitive", "wikidata"),
    "places": ("id", "name", "forms", "kind", "lat", "lon", "description", "wikidata"),
}
SINGULAR = {"persons": "person", "terms": "term", "places": "place"}


def _low(iso: str) -> str:
    return (iso + "-01-01")[:10] if len(iso) == 4 else (iso + "-01")[:10]


def _high(iso: str) -> str:
    return (iso + "-12-31")[:10] if len(iso) == 4 else (iso + "-31")[:10]


@dataclass(frozen=True)
class Office:
    title: str
    start: str = ""
    end: str = ""

    def held_on(self, iso: str) -> bool:
        """Whether the office was held on a (possibly partial) ISO date."""
        if not iso:
            return False
        return (not self.start or _low(self.start) <= _high(iso)) and (not self.end or _high(self.end) >= _low(iso))


@dataclass(frozen=True)
class Entry:
    register: str
    id: str
    name: str
    sort: str
    forms: tuple[str, ...]
    description: str = ""
    kind: str = ""
    expansion: str = ""
    offices: tuple[Office, ...] = ()
    lat: str = ""
    lon: str = ""
    wikidata: str = ""
    viaf: str = ""
    case_sensitive: bool = False
    path: str = ""
    line: int = 0
    form_lines: tuple[int, ...] = ()         # the line of each spelling, for messages

    def office_on(self, iso: str) -> Office | None:
        return next((o for o in self.offices if o.held_on(iso)), None)

    @property
    def url_path(self) -> str:
        return f"{self.register}/{self.id}/"


@dataclass(frozen=True)
class Registers:
    entries: dict = field(default_factory=dict)     # (register, id) -> Entry

    def get(self, register: str, key: str) -> Entry | None:
        return self.entries.get((register, key))

    def of(self, register: str) -> list[Entry]:
        return sorted((e for (r, _), e in self.entries.items() if r == register),
                      key=lambda e: (e.sort.casefold(), e.id))


def _text(value, path: str, line: int, key: str, diags: list[Diagnostic]) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    diags.append(error(path, line, "register-type", f'"{key}" must be text, not a list or mapping'))
    return ""


def _list(value, path: str, line: int, key: str, diags: list[Diagnostic]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value.strip(),)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    diags.append(error(path, line, "register-type", f'"{key}" must be a list of spellings'))
    return ()


def _form_lines(value, forms: tuple[str, ...], line: int) -> tuple[int, ...]:
    """The line of each spelling: its own in a list, else the key's."""
    item_lines = getattr(value, "item_lines", None)
    if item_lines and isinstance(value, list):
        kept = [n for v, n in zip(value, item_lines) if isinstance(v, str) and v.strip()]
        if len(kept) == len(forms):
            return tuple(kept)
    return (line,) * len(forms)


def _offices(value, path: str, line: int, diags: list[Diagnostic]) -> tuple[Office, ...]:
    if not isinstance(value, list):
        diags.append(error(path, line, "register-type", '"offices" must be a list of `title:`, `from:`, `to:`'))
        return ()
    out = []
    for item, item_line in zip(value, value.item_lines):
        if not isinstance(item, LineMap) or not isinstance(item.get("title"), str):
            diags.append(error(path, item_line, "register-type", "each office needs a `title:`"))
            continue
        dates = {}
        for key in ("from", "to"):
            raw = item.get(key, "")
            if raw and (not isinstance(raw, str) or parse_iso(raw) is None):
                diags.append(error(path, item.line_of(key), "register-date",
                                   f'"{key}: {raw}" is not a date like 1944, 1944-06 or 1944-06-11'))
                raw = ""
            dates[key] = raw
        for key in item:
            if key not in ("title", "from", "to"):
                diags.append(warning(path, item.line_of(key), "register-unknown-key",
                                     f'unknown key "{key}" in an office; known: title, from, to'))
        if dates["from"] and dates["to"] and dates["from"] > dates["to"]:
            diags.append(warning(path, item.line_of("to"), "register-date",
                                 f'the office ends ({dates["to"]}) before it begins ({dates["from"]}); '
                                 'check the two dates'))
        out.append(Office(item["title"].strip(), dates["from"], dates["to"]))
    return tuple(out)


# An authority id as written, or the address of its page: "Q183039", "https://www.wikidata.org/wiki/Q183039"
WIKIDATA = re.compile(r"^(?:https?://(?:www\.)?wikidata\.org/(?:wiki|entity)/)?(?P<id>[Qq][1-9]\d*)/?$")
VIAF = re.compile(r"^(?:https?://(?:www\.)?viaf\.org/viaf/)?(?P<id>[1-9]\d*)/?$")


def _authority(value: str, pattern: re.Pattern, key: str, example: str, path: str, line: int,
               diags: list[Diagnostic]) -> str:
    """The id alone (the pages build the address), or "" with an error when it is no such id."""
    if not value:
        return ""
    m = pattern.match(value.strip())
    if not m:
        diags.append(error(path, line, "register-authority",
                           f'{key} "{value}" is not a {key} id; write it like {example}, or leave it out'))
        return ""
    return m.group("id").upper() if key == "wikidata" else m.group("id")


def _entry(register: str, item: LineMap, path: str, diags: list[Diagnostic]) -> Entry | None:
    for key in item:
        if key not in KEYS[register]:
            diags.append(warning(path, item.line_of(key), "register-unknown-key",
                                 f'unknown key "{key}" in a {SINGULAR[register]}; known: {", ".join(KEYS[register])}'))
    key = item.get("id")
    if not isinstance(key, str) or not is_safe(key):
        diags.append(error(path, item.line_of("id"), "register-id",
                           f'id "{key}" must be lowercase a-z, 0-9 and "-"; fix or add it'))
        return None
    name_key = "term" if register == "terms" else "name"
    name = _text(item.get(name_key), path, item.line_of(name_key), name_key, diags)
    if not name:
        diags.append(error(path, item.line, "register-name", f'{SINGULAR[register]} "{key}" has no `{name_key}:`'))
        return None
    forms_key = "names" if register == "persons" else "forms"
    forms = _list(item.get(forms_key, []), path, item.line_of(forms_key), forms_key, diags) if forms_key in item else ()
    txt = {k: _text(item.get(k), path, item.line_of(k), k, diags)
           for k in ("sort", "description", "kind", "expansion", "lat", "lon", "wikidata", "viaf", "case_sensitive")}
    txt["wikidata"] = _authority(txt["wikidata"], WIKIDATA, "wikidata", '"Q183039" (or its address on wikidata.org)',
                                 path, item.line_of("wikidata"), diags)
    txt["viaf"] = _authority(txt["viaf"], VIAF, "viaf", '"31995563" (or its address on viaf.org)',
                             path, item.line_of("viaf"), diags)
    offices = _offices(item["offices"], path, item.line_of("offices"), diags) if "offices" in item else ()
    return Entry(register, key, name, txt["sort"] or name, forms or (name,), txt["description"], txt["kind"],
                 txt["expansion"], offices, txt["lat"], txt["lon"], txt["wikidata"], txt["viaf"],
                 txt["case_sensitive"].lower() in ("true", "yes"), path, item.line,
                 _form_lines(item.get(forms_key), forms, item.line_of(forms_key)))


def normal_form(form: str, case_sensitive: bool) -> str:
    text = " ".join(form.split())
    return text if case_sensitive else text.casefold()


def load_registers(project: Path) -> tuple[Registers, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    entries: dict = {}
    claimed: dict[str, Entry] = {}
    for register in REGISTERS:
        file = project / "content" / f"{register}.yaml"
        if not file.exists():
            continue
        path = f"content/{register}.yaml"
        data, more = load_yaml(file, path)
        diags += more
        if data is None:
            continue
        if not isinstance(data, LineList):
            diags.append(error(path, getattr(data, "line", 1), "register-shape",
                               f"{path} must be a list of entries, each starting with `- id: …`"))
            continue
        for item, line in zip(data, data.item_lines):
            if not isinstance(item, LineMap):
                diags.append(error(path, line, "register-shape", "each entry must be a mapping starting `- id: …`"))
                continue
            entry = _entry(register, item, path, diags)
            if entry is None:
                continue
            if (register, entry.id) in entries:
                first = entries[(register, entry.id)]
                diags.append(error(path, entry.line, "register-duplicate-id",
                                   f'the id "{entry.id}" is used twice (first on line {first.line}); rename one'))
                continue
            entries[(register, entry.id)] = entry
            for n, form in enumerate(entry.forms):
                norm = normal_form(form, entry.case_sensitive)
                other = claimed.get(norm) or claimed.get(norm.casefold())
                if other is not None and other is not entry:
                    at = entry.form_lines[n] if n < len(entry.form_lines) else entry.line
                    diags.append(error(path, at, "register-shared-spelling",
                                       f'the spelling "{form}" is claimed by {SINGULAR[other.register]} '
                                       f'"{other.id}" ({other.path}:{other.line}) and by "{entry.id}"; '
                                       "keep it in one entry, or use a longer phrase"))
                    continue
                claimed[norm] = entry
    return Registers(entries), diags

