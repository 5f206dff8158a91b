"""The edition's own open data: `data/documents.json`, what other tools and the tests read."""
from __future__ import annotations

import json

from . import dates
from .loader import Edition
from .model import Document, PageBreak, note_refs, plain_text
from .render import Output, Renderer, doc_path
from .witness_export import witness_records


def _page_breaks(doc: Document) -> list[dict]:
    out = []
    for block in doc.head + doc.blocks:
        for node in block.inlines:
            if isinstance(node, PageBreak):
                out.append({"label": node.label, "kind": node.kind, "line": node.line})
    return out


def document_record(doc: Document, url: str) -> dict:
    return {
        "id": doc.id,
        "url": url,
        "title": doc.title,
        "kind": doc.kind,
        "family": doc.family,
        "date": doc.date.iso,
        "date_display": dates.display(doc.date),
        "date_as_written": doc.date.text,
        "date_stated": doc.date.stated,
        "date_certain": doc.date.certain,
        "time": doc.date.time,
        "senders": [{"label": p.label, "name": p.name, "person": p.person} for p in doc.senders],
        "recipients": [{"label": p.label, "name": p.name, "person": p.person} for p in doc.recipients],
        "place": doc.place,
        "references": [{"kind": r.kind, "value": r.value} for r in doc.references],
        "classification": doc.classification,
        "subject": doc.subject,
        "source": {"seed": doc.source.seed, "first_line": doc.source.first_line,
                   "last_line": doc.source.last_line, "collection": doc.source.collection,
                   "description": doc.source.description},
        "folder": doc.folder,
        "notes": [{"number": n.number, "label": n.label, "source_number": n.source_number, "kind": n.kind,
                   "origin": n.origin, "text": plain_text(n.inlines)} for n in doc.notes],
        "unresolved_markers": _unresolved(doc),
        "page_breaks": _page_breaks(doc),
        "apparatus": list(doc.apparatus),
        "witnesses": witness_records(doc),     # other copies of the text, with the seed each is in
    }


def _unresolved(doc: Document) -> list[dict]:
    return [{"label": ref.label, "line": ref.line} for ref in note_refs(doc) if ref.number is None]


def documents_json(edition: Edition, url) -> str:
    records = [document_record(d, url(doc_path(d.id))) for d in edition.documents]
    return json.dumps({"edition": edition.config.title, "documents": records}, ensure_ascii=False, indent=1) + "\n"


def outputs(edition: Edition, renderer: Renderer):
    yield Output("data/documents.json", documents_json(edition, renderer.url))
