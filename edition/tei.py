"""Each document as TEI P5 (`documents/<id>/tei.xml`), valid against tei_all.

The header carries the title, the edition, the licence, the source (description, seed and line
range) and the correspondents in `correspDesc`; the body keeps the source's page breaks (`pb`),
the notes at their markers (`note place="foot"`), the diplomatic marks (`add`, `del`, `hi`, `gap`)
and names linked to the registers (`persName`/`placeName`/`term` with `key` and `ref`).

Built with lxml, so every character of source text is escaped by the serializer; characters
XML 1.0 cannot carry at all (form feeds from OCR, say) become U+FFFD.
"""
from __future__ import annotations

import re
from typing import Callable

from lxml import etree

from . import dates
from .config import Config
from .model import Block, Box, Document, Footnote, Gap, Inline, Mark, NameRef, NoteRef, PageBreak, Party, Text
from .render import Output, Renderer, doc_path
from .witness_export import tei_collation

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SCHEMA = "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MARKS = {"add": ("add", {}), "del": ("del", {}), "underline": ("hi", {"rend": "underline"}),
         "quote": ("quote", {}), "sic": ("sic", {})}
NAMES = {"persons": "persName", "places": "placeName", "terms": "term"}
# Blocks that close a letter; TEI wants them after the running text (`closer`, `postscript`).
CLOSING = {"signature", "closing", "postscript"}

NameLink = Callable[[str, str], "str | None"]   # (register, key) -> URL of the register entry


def clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def token(text: str) -> str:
    """A value for a TEI attribute of type teidata.enumerated (no spaces)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "other"


def el(parent, tag: str, text: str = "", **attrs: str):
    node = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}") if parent is not None else etree.Element(
        f"{{{TEI_NS}}}{tag}", nsmap={None: TEI_NS})
    for key, value in attrs.items():
        if value:
            node.set(f"{{{XML_NS}}}{key[4:]}" if key.startswith("xml_") else key, clean(value))
    if text:
        node.text = clean(text)
    return node


def add_text(parent, text: str) -> None:
    """Append text after the last child of `parent` (lxml keeps it in that child's tail)."""
    text = clean(text)
    last = next(reversed(parent), None)
    if last is not None:
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


class BodyWriter:
    """Writes a document's blocks; places each note at its first marker, once."""

    def __init__(self, notes: tuple[Footnote, ...], name_link: NameLink | None):
        self.notes = {n.number: n for n in notes}
        self.placed: set[int] = set()
        self.name_link = name_link

    def inlines(self, parent, nodes: tuple[Inline, ...]) -> None:
        for node in nodes:
            self.inline(parent, node)

    def inline(self, parent, node: Inline) -> None:
        if isinstance(node, Text):
            add_text(parent, node.text)
        elif isinstance(node, NoteRef):
            self.note_ref(parent, node)
        elif isinstance(node, PageBreak):
            el(parent, "pb", n=node.label, type="form" if node.kind == "form" else "")
        elif isinstance(node, Mark):
            tag, attrs = MARKS.get(node.kind, ("seg", {"type": token(node.kind)}))
            self.inlines(el(parent, tag, **attrs), node.children)
        elif isinstance(node, Gap):
            gap = el(parent, "gap", reason=token(node.kind))
            if node.text:
                el(gap, "desc", node.text)
        elif isinstance(node, Box):
            add_text(parent, "☑" if node.checked else "☐")
        elif isinstance(node, NameRef):
            ref = self.name_link(node.register, node.key) if self.name_link else None
            tag = NAMES.get(node.register, "rs")
            attrs = {"key": node.key, "ref": ref or ""}
            if tag == "rs":
                attrs["type"] = token(node.register)
            self.inlines(el(parent, tag, **attrs), node.children)

    def note_ref(self, parent, ref: NoteRef) -> None:
        note = self.notes.get(ref.number) if ref.number is not None else None
        if note is None:
            # The source marks a note whose text it lacks: say so where the marker is.
            missing = el(parent, "note", n=ref.label, place="foot", type="missing")
            el(missing, "gap", reason="missing")
        elif note.number in self.placed:
            el(parent, "ptr", target=f"#note-{note.number}", type="noteref")
        else:
            self.placed.add(note.number)
            self.note(parent, note)

    def note(self, parent, note: Footnote) -> None:
        node = el(parent, "note", n=str(note.number), place="foot", xml_id=f"note-{note.number}",
                  type=token(note.kind) if note.kind else note.origin)
        self.inlines(node, note.inlines)

    def unplaced(self) -> list[Footnote]:
        return [n for number, n in sorted(self.notes.items()) if number not in self.placed]

    # -- blocks

    def blocks(self, div, blocks: tuple[Block, ...]) -> None:
        closing_from = len(blocks)
        while closing_from and (blocks[closing_from - 1].kind in CLOSING or _only_breaks(blocks[closing_from - 1])):
            closing_from -= 1
        opening_to = 0
        while opening_to < len(blocks) and blocks[opening_to].kind == "address":
            opening_to += 1
        if opening_to:
            opener = el(div, "opener")
            for block in blocks[:opening_to]:
                self.inlines(el(opener, "salute"), block.inlines)
        for i, block in enumerate(blocks[opening_to:], start=opening_to):
            self.block(div, block, closing=i >= closing_from)

    def block(self, div, block: Block, closing: bool) -> None:
        if _only_breaks(block):
            self.inlines(div, tuple(n for n in block.inlines if isinstance(n, PageBreak)))
        elif block.kind == "p":
            self.inlines(el(div, "p"), block.inlines)
        elif block.kind == "quote":
            self.inlines(el(el(div, "p"), "quote"), block.inlines)
        elif closing and block.kind == "postscript":
            self.inlines(el(el(div, "postscript"), "p"), block.inlines)
        elif closing:
            self.inlines(el(el(div, "closer"), "signed" if block.kind == "signature" else "salute"), block.inlines)
        else:
            self.inlines(el(div, "ab", type=token(block.kind)), block.inlines)


def _only_breaks(block: Block) -> bool:
    return any(isinstance(n, PageBreak) for n in block.inlines) and all(
        isinstance(n, PageBreak) or (isinstance(n, Text) and not n.text.strip()) for n in block.inlines)


# ---------------------------------------------------------------- header


def _persons(parent, parties: tuple[Party, ...], name_link: NameLink | None) -> None:
    for party in parties:
        ref = name_link("persons", party.person) if name_link and party.person else None
        el(parent, "persName", party.label or party.name, key=party.person, ref=ref or "")


def _date(parent, doc: Document) -> None:
    if not doc.date.iso:
        return
    date = el(parent, "date", dates.display(doc.date), when=doc.date.iso,
              cert="" if doc.date.certain else "low")
    if not doc.date.stated:
        # a date the source does not give: the editor's from other evidence, or a guess
        date.set("evidence", "external" if doc.date.certain else "conjecture")


def corresp_desc(parent, doc: Document, name_link: NameLink | None) -> None:
    if not (doc.senders or doc.recipients or doc.date.iso or doc.place):
        return
    desc = el(parent, "correspDesc")
    sent = el(desc, "correspAction", type="sent")
    _persons(sent, doc.senders, name_link)
    if doc.place:
        el(sent, "placeName", doc.place)
    _date(sent, doc)
    if not len(sent):
        desc.remove(sent)
    if doc.recipients:
        _persons(el(desc, "correspAction", type="received"), doc.recipients, name_link)
    if doc.subject:
        el(desc, "note", doc.subject, type="subject")


def header(root, doc: Document, config: Config, url: str, home: str, name_link: NameLink | None) -> None:
    tei_header = el(root, "teiHeader")
    file_desc = el(tei_header, "fileDesc")
    title_stmt = el(file_desc, "titleStmt")
    el(title_stmt, "title", doc.title)
    for editor in config.editors:
        el(title_stmt, "editor", editor)
    publication = el(file_desc, "publicationStmt")
    el(publication, "publisher", config.publisher or config.title)
    el(publication, "idno", url, type="URL")
    if config.licence:
        el(el(publication, "availability"), "licence", config.licence, target=config.licence_url)
    series = el(file_desc, "seriesStmt")
    el(series, "title", config.citation_title or config.title)
    for editor in config.editors:
        el(series, "editor", editor)
    el(series, "idno", home, type="URL")
    bibl = el(el(file_desc, "sourceDesc"), "bibl")
    if doc.source.collection:
        el(bibl, "title", doc.source.collection, type="collection")
    if doc.source.description:
        el(bibl, "note", doc.source.description, type="source")
    for ref in doc.references:
        el(bibl, "idno", ref.value, type=token(ref.kind))
    el(bibl, "idno", doc.source.seed, type="transcription")
    el(bibl, "citedRange", f"lines {doc.source.first_line}–{doc.source.last_line}", unit="line",
       **{"from": str(doc.source.first_line), "to": str(doc.source.last_line)})
    profile = el(tei_header, "profileDesc")
    corresp_desc(profile, doc, name_link)
    if doc.kind:
        el(el(el(profile, "textClass"), "keywords"), "term", doc.kind)


# ---------------------------------------------------------------- body


def body(root, doc: Document, name_link: NameLink | None) -> None:
    text = el(root, "text")
    body_el = el(text, "body")
    writer = BodyWriter(doc.notes, name_link)
    div = el(body_el, "div", type=token(doc.kind or "document"))
    for block in doc.head:
        target = el(el(div, "opener"), "dateline") if block.kind == "dateline" else el(
            div, "head", type="" if block.kind == "title" else token(block.kind))
        writer.inlines(target, block.inlines)
    writer.blocks(div, doc.blocks)
    if not any(child.tag != f"{{{TEI_NS}}}head" and child.tag != f"{{{TEI_NS}}}opener" for child in div):
        el(div, "gap", reason="no-text")   # a cover sheet alone: no message text in the source
    if doc.form:
        form = el(body_el, "div", type="form")
        for block in doc.form:
            writer.inlines(el(form, "ab", type=token(block.kind)), block.inlines)
    if doc.handling and (doc.handling.fields or doc.handling.action):
        handling = el(body_el, "div", type="handling")
        if doc.handling.fields:
            gloss = el(handling, "list", type="gloss")
            for label, value in doc.handling.fields:
                el(gloss, "label", label)
                el(gloss, "item", value)
        if doc.handling.action:
            actions = el(handling, "list", type="action")
            for line in doc.handling.action:
                el(actions, "item", line)
    for witness in doc.witnesses:
        wdiv = el(body_el, "div", type="witness", n=witness.label)
        el(wdiv, "head", witness.label)
        writer.blocks(wdiv, witness.blocks)
        if len(wdiv) == 1:
            el(wdiv, "gap", reason="no-text")
    rest = writer.unplaced()
    if rest:
        notes = el(el(text, "back"), "div", type="notes")
        for note in rest:
            writer.note(notes, note)


def document_tei(doc: Document, config: Config, url: str, home: str, name_link: NameLink | None = None) -> str:
    root = el(None, "TEI", xml_lang=config.language)
    header(root, doc, config, url, home, name_link)
    body(root, doc, name_link)
    tei_collation(root, doc)      # witnesses: listWit in the header, the variants as app/rdg (witness_export.py)
    return serialize(root)


def serialize(root, schema: str = SCHEMA) -> str:
    tree = etree.ElementTree(root)
    if schema:
        root.addprevious(etree.ProcessingInstruction(
            "xml-model", f'href="{schema}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"'))
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


def document_outputs(edition, renderer: Renderer, doc):
    """A document's TEI file (run per document, in parallel)."""
    def name_link(register: str, key: str) -> str | None:
        url = renderer.entry_url(register, key)
        return renderer.absolute(url.removeprefix(renderer.base)) if url else None

    path = doc_path(doc.id)
    yield Output(path + "tei.xml", document_tei(doc, edition.config, renderer.absolute(path),
                                                renderer.absolute(), name_link))
