"""The document model every reader emits and every later stage reads.

All classes are frozen: a stage that wants to change a document builds a new one
with `dataclasses.replace`. Text is kept as the source wrote it; what a reader
understands about the text (a note marker, a page break, an insertion) becomes a
node, never markup.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Union


def node(cls):
    """A frozen dataclass with slots, pickled as (class, field values). The parse workers send
    every document to the parent this way: several times faster, both ways, than the
    __getstate__/__setstate__ that dataclasses give slotted classes."""
    cls = dataclass(frozen=True, slots=True)(cls)
    names = [f.name for f in fields(cls)]
    values = attrgetter(*names)
    cls.__reduce__ = (lambda self: (type(self), (values(self),))) if len(names) == 1 else \
        (lambda self: (type(self), values(self)))
    return cls

# ---------------------------------------------------------------- inline nodes


@node
class Text:
    text: str


@node
class NoteRef:
    """A note marker in the running text.

    `number` is the note's number in this edition (1..N), or None when the
    source gives no note for the marker. `label` is the marker as written
    ("53", "[1]"); `anchor` keeps apparatus such as a Word bookmark name.
    """
    label: str
    number: int | None
    line: int
    anchor: str = ""


@node
class PageBreak:
    """Where a page of the source (printed volume or archival form) begins."""
    label: str
    line: int
    kind: str = "page"  # "page": printed page; "form": next sheet of a dispatch


@node
class Mark:
    """A diplomatic or editorial mark around text.

    kind: "add" (insertion ^{…}), "del" (deletion ~~…~~), "underline",
    "quote" (a quoted message), "sic".
    """
    kind: str
    children: tuple["Inline", ...]


@node
class Gap:
    """Text withheld or missing in the source, e.g. "[REDACTED]"."""
    kind: str
    text: str


@node
class Box:
    """A drawn check box on a form (☐)."""
    checked: bool = False


@node
class NameRef:
    """A span of text recognised as a register entry (person, term, place)."""
    register: str
    key: str
    children: tuple["Inline", ...]


Inline = Union[Text, NoteRef, PageBreak, Mark, Gap, Box, NameRef]


# ---------------------------------------------------------------- blocks


@node
class Block:
    """A paragraph-like unit.

    kind: "p", "signature", "postscript", "address" (salutation / "for the eyes
    of" line), "closing", "list", "break" (a page break alone), "form" (form
    furniture), "quote".
    """
    kind: str
    inlines: tuple[Inline, ...]
    first_line: int
    last_line: int


@node
class Footnote:
    number: int
    label: str               # the marker as the text shows it
    inlines: tuple[Inline, ...]
    line: int
    source_number: str = ""  # another numbering the source gives (e.g. 63 in a printed list)
    kind: str = ""           # e.g. "Orig. Note", "Editorial note"
    origin: str = "source"   # "source" or "editor" (supplied in content/)
    variants: tuple[str, ...] = ()  # other copies of the note that differ


@node
class Party:
    """A sender or recipient as the source names them."""
    label: str               # "The Ambassador in the Soviet Union (Harriman)"
    name: str                # "Harriman"
    person: str = ""         # register id, once resolved


@node
class DocDate:
    """A date as precise as the source allows.

    `iso` is ISO 8601, partial where the source is partial ("1944-10", "1944").
    `stated` is False when the editor supplied the date; `certain` is False when
    it is inferred. Both are shown honestly: "[1944 Oct 18?]".
    """
    iso: str = ""
    text: str = ""
    stated: bool = True
    certain: bool = True
    time: str = ""           # time or date-time group as written ("1735/11", "022120")
    note: str = ""           # why the date is what it is, when supplied

    @property
    def sort_key(self) -> str:
        # Undated documents sort last but still have a key (search needs one).
        base = self.iso or "9999"
        parts = (base.split("-") + ["00", "00"])[:3]
        return "-".join(p.zfill(2) if i else p.zfill(4) for i, p in enumerate(parts)) + (
            "T" + self.time if self.time else "")


@node
class Reference:
    """A number the source or the archive gives the document."""
    kind: str                # "file", "serial", "message", "dtg", "page", "volume"
    value: str


@node
class SourceRef:
    seed: str                # path relative to the project, e.g. "seeds/000_….txt"
    first_line: int
    last_line: int
    family: str              # reader name
    collection: str = ""     # "Foreign Relations of the United States", "Map Room …"
    description: str = ""    # source note shown on the page


@node
class Handling:
    """Facts from an archive's cover sheet (Map Room), kept as written."""
    fields: tuple[tuple[str, str], ...] = ()   # (label, value) in source order
    action: tuple[str, ...] = ()               # numbered ACTION lines
    first_line: int = 0
    last_line: int = 0


@node
class Witness:
    """Another copy of the same text: inside one source (draft, duplicate), or elsewhere.

    A reader fills in the first four fields (a copy in the document's own source). The
    witness stage (edition/witnesses.py) adds copies found in other documents: `source`
    says where such a copy is, `kind` what it is ("copy" of a whole document absorbed into
    this one, "quotation" inside a document that stays a page of its own), `document_id`
    which document that was or is, `document` the absorbed document whole (its notes,
    handling and form stay visible), and `basis` why it was grouped.
    """
    label: str
    blocks: tuple[Block, ...]
    first_line: int
    last_line: int
    source: SourceRef | None = None    # None: in the document's own source
    kind: str = ""                     # "", "copy" (absorbed document) or "quotation"
    document_id: str = ""
    document: Document | None = None
    basis: str = ""                    # "similarity 0.97", "editor", "" (the reader's own grouping)


@node
class QuotedMessage:
    """A message quoted inside another ("QUOTE. STALIN TO PRESIDENT … UNQUOTE")."""
    senders: tuple[Party, ...]
    recipients: tuple[Party, ...]
    date: DocDate
    line: int
    references: tuple[str, ...] = ()     # its number as the quotation gives it ("#800")


@node
class Document:
    id: str
    family: str
    kind: str                          # "memorandum", "telegram", "letter", "dispatch", …
    title: str
    source: SourceRef
    senders: tuple[Party, ...] = ()
    recipients: tuple[Party, ...] = ()
    place: str = ""
    date: DocDate = field(default_factory=DocDate)
    dateline: str = ""                 # as written: "Moscow, 11 June 1944"
    head: tuple[Block, ...] = ()       # header lines of the source kept as text
    references: tuple[Reference, ...] = ()
    classification: str = ""
    subject: str = ""
    blocks: tuple[Block, ...] = ()
    notes: tuple[Footnote, ...] = ()
    form: tuple[Block, ...] = ()       # form furniture and stamps (not message text)
    handling: Handling | None = None
    witnesses: tuple[Witness, ...] = ()
    quotes: tuple[QuotedMessage, ...] = ()
    folder: str = ""                   # id of the folder document it came from
    apparatus: tuple[str, ...] = ()    # source apparatus turned into structure (bookmark names …)
    order: int = 0                     # position inside its seed
    former_ids: tuple[str, ...] = ()   # its address before the editor pinned an `id:` (it redirects)
    links: tuple[tuple[str, str, int], ...] = ()  # editor's (relation, document id, line in documents.yaml)

    @property
    def sort_key(self) -> tuple[str, str, int]:
        return (self.date.sort_key, self.source.seed, self.order)


@node
class Source:
    """A seed file as read from disk: decoded, newlines normalised."""
    path: str                          # relative to the project, for diagnostics
    text: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def note_refs(doc: "Document"):
    """Every note marker of the document's heading and text, in order."""
    def walk(nodes):
        for node in nodes:
            if isinstance(node, NoteRef):
                yield node
            elif isinstance(node, (Mark, NameRef)):
                yield from walk(node.children)
    for block in doc.head + doc.blocks:
        yield from walk(block.inlines)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The words of some inlines, as a reader would read them."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, (Mark, NameRef)):
            out.append(plain_text(node.children))
        elif isinstance(node, Gap):
            out.append(node.text)
    return "".join(out)
