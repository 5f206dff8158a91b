"""Pages of the registers: the persons index, a page per person, the glossary and the places."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterator

from .annotate import names_in
from .loader import Edition
from .model import Document
from .registers import Entry
from .render import Output, Renderer, doc_path


class RegisterIndex:
    """Who sent, received and is named in which document: built once, so pages cost O(their size)."""

    def __init__(self, docs: tuple[Document, ...]):
        self.sent: dict[str, list[Document]] = defaultdict(list)
        self.received: dict[str, list[Document]] = defaultdict(list)
        self.named: dict[tuple[str, str], list[Document]] = defaultdict(list)
        for d in docs:
            for p in {p.person for p in d.senders if p.person}:
                self.sent[p].append(d)
            for p in {p.person for p in d.recipients if p.person}:
                self.received[p].append(d)
            for key in names_in(d):
                self.named[key].append(d)

    def involving(self, person: str) -> tuple[list[Document], list[Document]]:
        return self.sent.get(person, []), self.received.get(person, [])


def _partners(person: str, sent: list[Document], received: list[Document]) -> list[tuple[str, int, int]]:
    """(person id, letters to them, letters from them) for everyone this person corresponded with."""
    to, frm = Counter(), Counter()
    for d in sent:
        for p in d.recipients:
            if p.person and p.person != person:
                to[p.person] += 1
    for d in received:
        for p in d.senders:
            if p.person and p.person != person:
                frm[p.person] += 1
    return sorted(((k, to[k], frm[k]) for k in set(to) | set(frm)), key=lambda t: (-(t[1] + t[2]), t[0]))


def person_page(renderer: Renderer, entry: Entry, index: RegisterIndex) -> Output:
    edition = renderer.edition
    sent, received = index.involving(entry.id)
    mentioned = index.named.get(("persons", entry.id), [])
    dated = sorted(d.date.iso for d in sent + received if d.date.iso)
    path = f"persons/{entry.id}/"
    context = renderer.common(path, entry.name) | {
        "entry": entry, "sent": sent, "received": received, "mentioned": mentioned,
        "partners": [(edition.registers.get("persons", k), to, frm) for k, to, frm in _partners(entry.id, sent, received)],
        "span": (dated[0], dated[-1]) if dated else None,
        "doc_url": lambda d: renderer.url(doc_path(d.id)),
    }
    return Output(path + "index.html", renderer.env.get_template("person.html").render(context))


def persons_index(renderer: Renderer, index: RegisterIndex) -> Output:
    edition = renderer.edition
    rows = []
    for entry in edition.registers.of("persons"):
        sent, received = index.involving(entry.id)
        rows.append((entry, len(sent), len(received), len(index.named.get(("persons", entry.id), []))))
    context = renderer.common("persons/", "Persons") | {"rows": rows}
    return Output("persons/index.html", renderer.env.get_template("persons.html").render(context))


def glossary(renderer: Renderer, register: str, title: str, index: RegisterIndex) -> Output:
    edition = renderer.edition
    entries = edition.registers.of(register)
    used = {e.id: index.named.get((register, e.id), []) for e in entries}
    path = f"{register}/"
    context = renderer.common(path, title) | {
        "entries": entries, "used": used, "register": register,
        "doc_url": lambda d: renderer.url(doc_path(d.id))}
    return Output(path + "index.html", renderer.env.get_template("glossary.html").render(context))


def outputs(edition: Edition, renderer: Renderer) -> Iterator[Output]:
    index = RegisterIndex(edition.documents)
    yield persons_index(renderer, index)
    for entry in edition.registers.of("persons"):
        yield person_page(renderer, entry, index)
    yield glossary(renderer, "terms", "Glossary of terms and organisations", index)
    yield glossary(renderer, "places", "Places", index)
