"""Witnesses on a document page: the list of witnesses and the variant view.

templates/witnesses.html shows what `page_context` gives it; assets/witnesses.js switches its
views (apparatus, side by side, the text of each witness). Everything comes from
`collation.collate(doc)`, as do the JSON and the TEI (edition/witness_export.py), so they agree.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import dates
from .collation import Comparison, Segment, block_tokens, capitals, collate, witness_tokens
from .html import NoteContext, render_inlines
from .model import Document, Witness

KIND_WORDS = {"add": "Only in {w}", "omit": "Only in {b}", "change": "Different",
              "case": "Case", "punct": "Punctuation", "join": "Line break or hyphen"}


@dataclass(frozen=True)
class WitnessView:
    siglum: str
    anchor: str
    label: str
    kind: str                  # what sort of copy, in words
    where: str                 # source description, transcription and lines
    basis: str
    link: str                  # the quoting document's page, for a quotation
    capitals: bool
    witness: Witness | None    # None for the reading text
    blocks: list               # (kind, html) of its text
    extra: dict                # an absorbed document's head, notes, handling and form, rendered


def _where(source, first: int, last: int) -> str:
    text = f"transcription {source.seed}, lines {first}–{last}"
    return f"{source.description}; {text}" if source.description else text


def _kind(w: Witness) -> str:
    if w.kind == "quotation":
        return "quotation inside another document"
    if w.kind == "copy":
        return "another copy, formerly a document of its own"
    return "another copy in the same source"


def anchor_of(w: Witness, siglum: str) -> str:
    if w.kind == "copy" and w.document_id:
        return f"witness-{w.document_id}"
    if w.kind == "quotation" and w.document_id:
        return f"witness-{w.document_id}-quotation"
    return f"witness-{siglum.lower()}"


def _absorbed_parts(renderer, w: Witness, prefix: str) -> dict:
    """An absorbed document's own facts, notes, handling and form, with ids of their own."""
    doc = w.document
    if doc is None:
        return {}
    ctx = NoteContext({n.number: n for n in doc.notes}, name_url=renderer.entry_url, prefix=prefix)
    head = [(b.kind, render_inlines(b.inlines, ctx)) for b in doc.head]
    blocks = [(b.kind, render_inlines(b.inlines, ctx)) for b in doc.blocks]
    notes = [(n, render_inlines(n.inlines, ctx), ctx.backlinks.get(str(n.number), [])) for n in doc.notes]
    missing = [(key, key.removeprefix("missing-"), ctx.backlinks[key]) for key in ctx.backlinks
               if key.startswith("missing-")]
    form = [render_inlines(b.inlines, ctx) for b in doc.form]
    when = dates.display(doc.date) + (f", {doc.date.time}" if doc.date.time else "")
    facts = [("Title", doc.title), ("Date", when), ("Kind", doc.kind)]
    facts += [(f"{r.kind.capitalize()} no.", r.value) for r in doc.references]
    facts += [("Classification", doc.classification)] if doc.classification else []
    facts += [("Subject", doc.subject)] if doc.subject else []
    return {"doc": doc, "facts": facts, "head": head, "blocks": blocks, "notes": notes, "missing": missing,
            "form": form, "prefix": prefix, "handling": doc.handling, "old_url": renderer.url(_path(doc.id))}


def _link(renderer, w: Witness) -> str:
    if w.kind != "quotation" or not w.document_id:
        return ""
    for doc in renderer.edition.documents:       # the quoting document may itself be a witness now
        if doc.id == w.document_id:
            return renderer.url(_path(doc.id))
        if any(x.document_id == w.document_id and x.kind == "copy" for x in doc.witnesses):
            return renderer.url(_path(doc.id)) + f"#witness-{w.document_id}"
    return ""


def witness_views(renderer, doc: Document, rendered: dict, sigla) -> list[WitnessView]:
    """`rendered`: the html blocks of witnesses the page has rendered already, by witness."""
    source = doc.source
    label = ", ".join(x for x in (doc.kind or "text", source.collection) if x)
    out = [WitnessView(sigla[0], "witness-reading", label, "reading text (shown above)",
                       _where(source, source.first_line, source.last_line), "", "", capitals(block_tokens(doc.blocks)),
                       None, [], {})]
    for i, w in enumerate(doc.witnesses, 1):
        out.append(WitnessView(sigla[i], anchor_of(w, sigla[i]), w.label, _kind(w),
                               _where(w.source or source, w.first_line, w.last_line), w.basis, _link(renderer, w),
                               capitals(witness_tokens(w)), w, rendered.get(id(w), []),
                               _absorbed_parts(renderer, w, f"w-{sigla[i].lower()}-")))
    return out


# ---------------------------------------------------------------- the variant view


def _text(words: tuple[str, ...]) -> str:
    return " ".join(words)


def _words(n: int) -> str:
    return f"{n} word{'' if n == 1 else 's'}"


def spans(s: Segment, side: str, c: Comparison) -> list[tuple[str, str]]:
    """(class, text) pieces of one segment on one side ("a": the reading text, "b": the witness)."""
    words = s.a if side == "a" else s.b
    long = " v-long" if s.long else ""
    if s.kind == "same" or (s.kind == "case" and c.capitals):     # capitals throughout: case tells nothing
        return [("", _text(words))]
    if not s.variant:
        return [(f"fm fm-{s.kind}", _text(words))]
    if not words:          # the other witness has words here: say how many
        other = c.witness if side == "a" else c.base
        n = len(s.b if side == "a" else s.a)
        return [(f"gap-marker{long}", f"[{'+' if side == 'a' else '−'} {_words(n)} only in {other}]")]
    return [(f"v v-{s.kind}{long}", _text(words))]


@dataclass(frozen=True)
class ComparisonView:
    c: Comparison
    id: str
    base_label: str
    witness_label: str
    counts: dict
    rows: list                 # [(left spans, right spans, long)]
    text_a: list               # spans of the whole reading text
    text_b: list

    def kind_label(self, kind: str) -> str:
        return KIND_WORDS[kind].format(w=self.c.witness, b=self.c.base)


def comparison_view(c: Comparison, labels: dict[str, str]) -> ComparisonView:
    rows = [([p for s in row for p in spans(s, "a", c)], [p for s in row for p in spans(s, "b", c)],
             any(s.long for s in row)) for row in c.rows]
    counts = {k: sum(v.segment.kind == k for v in c.variants) for k in ("add", "omit", "change")}
    return ComparisonView(c, f"cmp-{c.witness.lower()}", labels[c.base], labels[c.witness], counts, rows,
                          [p for r in rows for p in r[0]], [p for r in rows for p in r[1]])


def page_context(renderer, doc: Document, witnesses: list) -> dict:
    """What templates/witnesses.html needs; `witnesses`: (witness, its html blocks) as the page rendered them."""
    collation = collate(doc)
    if collation is None:
        return {"witness_view": None}
    views = witness_views(renderer, doc, {id(w): blocks for w, blocks in witnesses}, collation.sigla)
    labels = {v.siglum: v.label for v in views}
    comparisons = [comparison_view(c, labels) for c in collation.comparisons]
    return {"witness_view": {"witnesses": views, "comparisons": comparisons,
                             "script": renderer.url("assets/witnesses.js"),
                             "json": renderer.url(_path(doc.id) + "collation.json")}}


def _path(doc_id: str) -> str:
    from .render import doc_path      # here, not above: render.py imports this module
    return doc_path(doc_id)
