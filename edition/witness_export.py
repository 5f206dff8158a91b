"""Witnesses in the data: the collation as JSON (`documents/<id>/collation.json`), the witnesses
in data/documents.json, a page at the old address of every absorbed document, and the collation
in the document's TEI.
"""
from __future__ import annotations

import json

from .collation import Segment, Variant, collate, siglum
from .model import Document, Witness
from .render import Output, doc_path
from .witness_view import anchor_of


# ---------------------------------------------------------------- data


def source_record(source, first: int, last: int) -> dict:
    return {"seed": source.seed, "first_line": first, "last_line": last, "collection": source.collection,
            "description": source.description}


def witness_records(doc: Document) -> list[dict]:
    """The witnesses of a document for data/documents.json: where each is, so its words can be found."""
    return [{"siglum": siglum(i + 1), "label": w.label, "kind": w.kind or "copy in the same source",
             "document_id": w.document_id, "basis": w.basis,
             "source": source_record(w.source or doc.source, w.first_line, w.last_line)}
            for i, w in enumerate(doc.witnesses)]


def _segment_record(s: Segment) -> dict:
    return {"type": s.kind, "a": " ".join(s.a), "b": " ".join(s.b), "a_position": s.a_start, "b_position": s.b_start}


def _variant_record(v: Variant) -> dict:
    return _segment_record(v.segment) | {"number": v.number, "long": v.segment.long,
                                         "context_before": v.before, "context_after": v.after}


def collation_record(doc: Document, url: str) -> dict:
    collation = collate(doc)
    witnesses = [{"siglum": collation.sigla[0], "label": "reading text", "document_id": doc.id,
                  "source": source_record(doc.source, doc.source.first_line, doc.source.last_line)}]
    witnesses += [{"siglum": s, "label": w.label, "kind": w.kind or "copy in the same source",
                   "document_id": w.document_id, "basis": w.basis,
                   "source": source_record(w.source or doc.source, w.first_line, w.last_line)}
                  for s, w in zip(collation.sigla[1:], doc.witnesses)]
    return {"document": doc.id, "url": url, "reading": collation.sigla[0], "witnesses": witnesses,
            "comparisons": [{"base": c.base, "witness": c.witness, "similarity": c.similarity,
                             "case_differences_listed": not c.capitals,
                             "variants": [_variant_record(v) for v in c.variants],
                             "alignment": [_segment_record(s) for s in c.segments]}
                            for c in collation.comparisons]}


def moved_page(renderer, old: Document, doc: Document, w: Witness) -> Output:
    """A page at the old address of an absorbed document, leading to its text's page."""
    target = renderer.url(doc_path(doc.id)) + "#" + anchor_of(w, "")
    context = renderer.common(doc_path(doc.id), old.title) | {"old": old, "doc": doc, "target": target}
    return Output(doc_path(old.id) + "index.html", renderer.env.get_template("moved.html").render(context))


def renamed_page(renderer, former: str, doc: Document) -> Output:
    """A page at the address a document had before the editor pinned its id, leading to it."""
    target = renderer.url(doc_path(doc.id))
    context = renderer.common(doc_path(doc.id), doc.title) | {"old": doc, "doc": doc, "target": target,
                                                             "renamed": True}
    return Output(doc_path(former) + "index.html", renderer.env.get_template("moved.html").render(context))


def document_outputs(edition, renderer, doc: Document):
    """Per document (run in parallel): its collation, a page at each absorbed document's old
    address, and one at its own former address."""
    for former in doc.former_ids:
        if former not in renderer.taken_ids:
            yield renamed_page(renderer, former, doc)
    if not doc.witnesses:
        return
    path = doc_path(doc.id)
    record = collation_record(doc, renderer.url(path))
    yield Output(path + "collation.json", json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    for w in doc.witnesses:
        if w.document is not None:
            yield moved_page(renderer, w.document, doc, w)


def outputs(edition, renderer):
    """The same for the whole edition, for a GENERATORS entry."""
    for doc in edition.documents:
        yield from document_outputs(edition, renderer, doc)


# ---------------------------------------------------------------- TEI

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _sub(parent, tag: str, text: str = "", **attrs: str):
    from lxml import etree
    from .tei import clean          # here, not above: tei.py imports this module
    node = etree.SubElement(parent, TEI + tag, {k: clean(v) for k, v in attrs.items() if v})
    if text:
        node.text = clean(text)
    return node


def tei_collation(root, doc: Document) -> None:
    """Add the collation to a document's TEI (edition/tei.py calls this): the witnesses as `listWit` in
    the header's sourceDesc, the variants as `app` (`lem` of the reading text, `rdg` of the witness)
    in a `listApp` at the back, each with `loc` (word position in the reading text) and its context."""
    collation = collate(doc)
    if collation is None:
        return
    source_desc = root.find(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}sourceDesc")
    text = root.find(f"{TEI}text")
    if source_desc is None or text is None:
        return
    wits = _sub(source_desc, "listWit")
    labels = [("reading text: " + (doc.kind or "text"), doc.source, doc.source.first_line, doc.source.last_line)]
    labels += [(w.label, w.source or doc.source, w.first_line, w.last_line) for w in doc.witnesses]
    for sig, (label, source, first, last) in zip(collation.sigla, labels):
        _sub(wits, "witness", f"{label} ({source.seed}, lines {first}–{last})", **{XML_ID: f"wit-{sig}", "n": sig})
    back = text.find(f"{TEI}back")
    back = back if back is not None else _sub(text, "back")
    apparatus = _sub(_sub(back, "div", type="apparatus"), "listApp")
    _sub(apparatus, "head", "Variants of the witnesses against the reading text " + collation.sigla[0])
    for c in collation.comparisons:
        for v in c.variants:
            s = v.segment
            app = _sub(apparatus, "app", type=s.kind, n=f"{c.witness}{v.number}", loc=f"w{s.a_start + 1}")
            _sub(app, "lem", " ".join(s.a), wit=f"#wit-{c.base}")
            _sub(app, "rdg", " ".join(s.b), wit=f"#wit-{c.witness}")
            _sub(app, "note", f"… {v.before} [·] {v.after} …", type="context")
    if not len(apparatus) > 1:      # no variants at all: say so (a listApp needs an app)
        back.remove(apparatus.getparent())
