"""`data/cmif.xml`: the edition's letters in the Correspondence Metadata Interchange Format, the TEI
subset correspSearch harvests (https://github.com/TEI-Correspondence-SIG/CMIF).

One `correspDesc` per document that names a sender or an addressee, with the document's URL in
`ref`; an unknown correspondent is "Unknown", as CMIF asks; persons the registers identify carry
their VIAF or Wikidata URI. The file's own date is the build's `SOURCE_DATE_EPOCH` when set (never
the clock, so builds stay reproducible); without it the date is left out.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone

from .citation import name_of
from .config import Config
from .loader import Edition
from .model import Document, Party
from .registers import Registers
from .render import Output, Renderer, doc_path
from .tei import el, serialize


def _correspondents(parent, parties: tuple[Party, ...], registers: Registers | None) -> None:
    if not parties:
        el(parent, "persName", "Unknown")
    for party in parties:
        name = name_of(party, registers)
        el(parent, "persName", name.full, ref=name.authority)


def corresp_desc(parent, doc: Document, url: str, registers: Registers | None) -> None:
    desc = el(parent, "correspDesc", ref=url, source="#edition")
    sent = el(desc, "correspAction", type="sent")
    _correspondents(sent, doc.senders, registers)
    if doc.place:
        el(sent, "placeName", doc.place)
    if doc.date.iso:
        el(sent, "date", when=doc.date.iso)
    _correspondents(el(desc, "correspAction", type="received"), doc.recipients, registers)


def is_message(doc: Document) -> bool:
    return bool(doc.senders or doc.recipients)


def cmif_xml(edition: Edition, config: Config, url, home: str, self_url: str, published: str = "") -> str:
    root = el(None, "TEI")
    header = el(root, "teiHeader")
    file_desc = el(header, "fileDesc")
    title_stmt = el(file_desc, "titleStmt")
    el(title_stmt, "title", f"Letters of {config.title}")
    for editor in config.editors:
        el(title_stmt, "editor", editor)
    publication = el(file_desc, "publicationStmt")
    el(el(publication, "publisher"), "ref", config.publisher or config.title, target=home)
    el(publication, "idno", self_url, type="URL")
    if published:
        el(publication, "date", when=published)
    licence = config.licence or "This file is licensed under the terms of the Creative Commons License CC-BY 4.0"
    el(el(publication, "availability"), "licence", licence,
       target=config.licence_url or "https://creativecommons.org/licenses/by/4.0/")
    bibl = el(el(file_desc, "sourceDesc"), "bibl", type="online", xml_id="edition")
    bibl.text = config.citation_title or config.title
    if config.editors:
        bibl.text += ", ed. " + ", ".join(config.editors)
    bibl.text += ". "
    el(bibl, "ref", home, target=home)
    profile = el(header, "profileDesc")
    for doc in edition.documents:
        if is_message(doc):
            corresp_desc(profile, doc, url(doc_path(doc.id)), edition.registers)
    el(el(el(root, "text"), "body"), "p")
    return serialize(root, schema="")   # CMIF has its own schema, not tei_all


def published_at(environ=os.environ) -> str:
    """The reproducible-builds timestamp as xsd:dateTime, or "" when not set."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch.isdigit():
        return ""
    return datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def outputs(edition: Edition, renderer: Renderer):
    yield Output("data/cmif.xml", cmif_xml(edition, edition.config, renderer.absolute, renderer.absolute(),
                                           renderer.absolute("data/cmif.xml"), published_at()))
