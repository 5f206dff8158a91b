"""How to cite a document: Chicago note and bibliography entry, BibTeX and RIS downloads, and the
metadata in the page head that reference managers (Highwire `citation_*`, Dublin Core) and search
engines (schema.org JSON-LD) read.

Everything is derived from the document and `site.yaml`; nothing depends on the clock, so two
builds cite alike ("accessed" dates belong to the reader's own reference manager).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from . import dates
from .config import Config
from .model import Document, Party
from .registers import Registers

WIKIDATA = "https://www.wikidata.org/entity/"
VIAF = "https://viaf.org/viaf/"


@dataclass(frozen=True)
class Name:
    """A correspondent as a citation needs them."""
    short: str        # as the source names them: "Harriman", "the President"
    full: str         # "W. Averell Harriman" when the register knows them, else `short`
    sort: str = ""    # "Harriman, W. Averell" (register), "" when unknown
    authority: str = ""   # VIAF or Wikidata URI, when the register has one


@dataclass(frozen=True)
class Citation:
    doc_id: str
    title: str
    kind: str
    senders: tuple[Name, ...]
    recipients: tuple[Name, ...]
    date: str             # as shown on the page: "11 June 1944", "[1943 Dec?]", "n.d."
    iso: str              # "1944-06-11", "1943-12" or ""
    place: str
    edition: str
    editors: tuple[str, ...]
    publisher: str
    source: str           # FRUS volume and page, or archive folder
    url: str
    language: str
    licence: str
    licence_url: str


def name_of(party: Party, registers: Registers | None) -> Name:
    entry = registers.get("persons", party.person) if registers is not None and party.person else None
    if entry is None:
        return Name(party.name or party.label, party.name or party.label)
    authority = VIAF + entry.viaf if entry.viaf else WIKIDATA + entry.wikidata if entry.wikidata else ""
    # A note names people by surname ("Harriman to Roosevelt"), whatever the source's spelling ("PRESIDENT").
    short = entry.sort.split(",")[0].strip() if "," in entry.sort else entry.name
    return Name(short, entry.name, entry.sort, authority)


def cite(doc: Document, config: Config, url: str, registers: Registers | None = None) -> Citation:
    source = doc.source.description or doc.source.collection
    return Citation(
        doc_id=doc.id, title=doc.title, kind=doc.kind if doc.kind != "document" else "",
        senders=tuple(name_of(p, registers) for p in doc.senders),
        recipients=tuple(name_of(p, registers) for p in doc.recipients),
        date=dates.display(doc.date) if doc.date.iso or doc.date.text else "n.d.", iso=doc.date.iso,
        place=doc.place, edition=config.citation_title or config.title, editors=config.editors,
        publisher=config.publisher, source=source, url=url, language=config.language,
        licence=config.licence, licence_url=config.licence_url)


# ---------------------------------------------------------------- Chicago


def _and(names: list[str]) -> str:
    if len(names) < 3:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _who(c: Citation) -> str:
    """ "Harriman to Roosevelt"; the title when the document names no correspondent."""
    senders, recipients = _and([n.short for n in c.senders]), _and([n.short for n in c.recipients])
    if senders and recipients:
        return f"{senders} to {recipients}"
    if senders:
        return senders
    if recipients:
        return f"To {recipients}"
    return c.title


def _edition_part(c: Citation, bibliography: bool) -> list[tuple[str, bool]]:
    """(text, italic) pieces naming the edition: "in *Title*, ed. X (Publisher)"."""
    editors = _and(list(c.editors))
    if bibliography:
        pieces = [("In ", False), (c.edition, True)]
        if editors:
            pieces.append((f", edited by {editors}", False))
        pieces.append((". " + c.publisher + "." if c.publisher else ".", False))
        return pieces
    pieces = [("in ", False), (c.edition, True)]
    if editors:
        pieces.append((f", ed. {editors}", False))
    if c.publisher:
        pieces.append((f" ({c.publisher})", False))
    return pieces


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def note_pieces(c: Citation) -> list[tuple[str, bool]]:
    """Chicago note: Harriman to Roosevelt, telegram, 11 June 1944, in *Edition*, ed. …, source, URL."""
    head = ", ".join(p for p in (_capital(_who(c)), c.kind, c.date) if p)
    pieces = [(head + ", ", False), *_edition_part(c, bibliography=False)]
    tail = ", ".join(p for p in (c.source, c.url) if p)
    pieces.append(((", " + tail) if tail else "", False))
    pieces.append((".", False))
    return pieces


def bibliography_pieces(c: Citation) -> list[tuple[str, bool]]:
    """Chicago bibliography: Harriman, W. Averell. Letter to …. 11 June 1944. In *Edition*, edited by …."""
    first = c.senders[0].sort or c.senders[0].full if c.senders else ""
    others = [n.full for n in c.senders[1:]]
    lead = _and([first, *others]) if first else ""
    # a message of no known kind is cited as a "Message to …", not a "Document to …"
    what = _capital(c.kind or "message") + (" to " + _and([n.full for n in c.recipients]) if c.recipients else "")
    if not lead:
        what = c.title
    head = " ".join(_end(p) for p in (lead, what, c.date) if p)
    pieces = [(head + " ", False), *_edition_part(c, bibliography=True)]
    for part in (c.source, c.url):
        if part:
            pieces.append((" " + _end(part), False))
    return pieces


def as_text(pieces: list[tuple[str, bool]]) -> str:
    return "".join(text for text, _ in pieces)


def as_html(pieces: list[tuple[str, bool]]) -> Markup:
    return Markup("").join(Markup("<i>{}</i>").format(t) if italic else escape(t) for t, italic in pieces)


def note(c: Citation) -> str:
    return as_text(note_pieces(c))


# ---------------------------------------------------------------- BibTeX and RIS

_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                   "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in _one_line(text))


def _bibtex_name(n: Name) -> str:
    # "Last, First" from the register parses as a person; anything else stays one unit in braces.
    return bibtex_escape(n.sort) if n.sort else "{" + bibtex_escape(n.full) + "}"


def bibtex(c: Citation) -> str:
    fields: list[tuple[str, str]] = []
    if c.senders:
        fields.append(("author", " and ".join(_bibtex_name(n) for n in c.senders)))
    fields.append(("title", "{" + bibtex_escape(c.title) + "}"))
    fields.append(("booktitle", "{" + bibtex_escape(c.edition) + "}"))
    if c.editors:
        fields.append(("editor", " and ".join("{" + bibtex_escape(e) + "}" for e in c.editors)))
    if c.publisher:
        fields.append(("publisher", bibtex_escape(c.publisher)))
    if c.iso:
        fields.append(("year", c.iso[:4]))
        if len(c.iso) >= 7:
            fields.append(("month", _MONTHS[int(c.iso[5:7]) - 1]))
        fields.append(("date", c.iso))
    if c.recipients:
        fields.append(("type", bibtex_escape(_capital(c.kind or "message") + " to "
                                             + _and([n.full for n in c.recipients]))))
    if c.source:
        fields.append(("note", bibtex_escape("Source: " + c.source)))
    fields.append(("url", c.url.replace("%", r"\%")))
    fields.append(("language", c.language))
    body = ",\n".join(f"  {key} = {value if key == 'month' else '{' + value + '}'}" for key, value in fields)
    return f"@incollection{{{c.doc_id},\n{body}\n}}\n"


def ris(c: Citation) -> str:
    """RIS, one tag a line, CRLF line ends as the format asks."""
    lines = [("TY", "CHAP"), ("ID", c.doc_id), ("TI", c.title)]
    lines += [("AU", n.sort or n.full) for n in c.senders]
    lines += [("T2", c.edition)] + [("ED", e) for e in c.editors]
    if c.publisher:
        lines.append(("PB", c.publisher))
    if c.iso:
        parts = (c.iso.split("-") + ["", ""])[:3]
        lines += [("PY", parts[0]), ("DA", "/".join(parts) + "/")]
    if c.place:
        lines.append(("CY", c.place))
    if c.recipients:
        lines.append(("N1", "To " + _and([n.full for n in c.recipients])))
    if c.source:
        lines.append(("N1", "Source: " + c.source))
    lines += [("UR", c.url), ("LA", c.language), ("ER", "")]
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


# ---------------------------------------------------------------- page head


def meta_tags(c: Citation) -> list[tuple[str, str]]:
    """(name, content) for Highwire Press `citation_*` (Zotero, Google Scholar) and Dublin Core tags."""
    tags = [("citation_title", c.title)]
    tags += [("citation_author", n.sort or n.full) for n in c.senders]
    if c.iso:
        slashed = c.iso.replace("-", "/")
        tags += [("citation_date", slashed), ("citation_publication_date", slashed)]
    tags.append(("citation_inbook_title", c.edition))
    tags += [("citation_editor", e) for e in c.editors]
    if c.publisher:
        tags.append(("citation_publisher", c.publisher))
    tags += [("citation_public_url", c.url), ("citation_language", c.language)]
    tags.append(("DC.title", c.title))
    tags += [("DC.creator", n.full) for n in c.senders]
    tags += [("DC.contributor", n.full) for n in c.recipients]
    if c.iso:
        tags.append(("DC.date", c.iso))
    tags += [("DC.type", "Text"), ("DC.format", "text/html"), ("DC.identifier", c.url),
             ("DC.relation.ispartOf", c.edition), ("DC.language", c.language)]
    if c.source:
        tags.append(("DC.source", c.source))
    if c.publisher:
        tags.append(("DC.publisher", c.publisher))
    if c.licence:
        tags.append(("DC.rights", c.licence))
    return [(name, _one_line(value)) for name, value in tags if value]


def _person(n: Name) -> dict:
    out = {"@type": "Person", "name": n.full}
    if n.authority:
        out["sameAs"] = n.authority
    return out


def json_ld(c: Citation, home: str, tei_url: str) -> Markup:
    """schema.org `Message` data for search engines, safe to put inside <script type="application/ld+json">."""
    data: dict = {"@context": "https://schema.org", "@type": "Message", "@id": c.url, "url": c.url,
                  "name": c.title, "inLanguage": c.language}
    if c.senders:
        data["sender"] = [_person(n) for n in c.senders]
    if c.recipients:
        data["recipient"] = [_person(n) for n in c.recipients]
    if c.iso:
        data["dateSent"] = data["dateCreated"] = c.iso
    if c.place:
        data["locationCreated"] = {"@type": "Place", "name": c.place}
    if c.kind:
        data["genre"] = c.kind
    if c.source:
        data["isBasedOn"] = {"@type": "CreativeWork", "name": c.source}
    part = {"@type": "Collection", "name": c.edition, "url": home}
    if c.editors:
        part["editor"] = [{"@type": "Person", "name": e} for e in c.editors]
    if c.publisher:
        part["publisher"] = {"@type": "Organization", "name": c.publisher}
    data["isPartOf"] = part
    if c.licence_url:
        data["license"] = c.licence_url
    data["encoding"] = [{"@type": "MediaObject", "encodingFormat": "application/tei+xml", "contentUrl": tei_url}]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</script>" or "<!--" inside a string would end or confuse the element: escape every "<".
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@dataclass(frozen=True)
class CitationView:
    """What the "Cite this document" block and the page head show."""
    note: Markup
    bibliography: Markup
    text: str                      # the note as plain text (copied by the copy button)
    meta: tuple[tuple[str, str], ...]
    json_ld: Markup
    tei: str                       # URLs of the downloads
    bib: str
    ris: str


def view(c: Citation, home: str, tei: str, bib: str, ris_url: str, tei_absolute: str) -> CitationView:
    return CitationView(as_html(note_pieces(c)), as_html(bibliography_pieces(c)), note(c),
                        tuple(meta_tags(c)), json_ld(c, home, tei_absolute), tei, bib, ris_url)
