"""Archive folders (Map Room folders and the like): a page per folder listing its messages in
the folder's own order, with the folder's provenance."""
from __future__ import annotations

from typing import Iterator

from .loader import Edition
from .model import Document
from .render import Output, Renderer, doc_path, filed_documents


def folders(edition: Edition) -> dict[str, list[Document]]:
    """Folder id → its documents in the folder's order (filed order, not date order)."""
    out: dict[str, list[Document]] = {}
    for doc in filed_documents(edition.documents):
        if doc.folder:
            out.setdefault(doc.folder, []).append(doc)
    return {k: sorted(v, key=lambda d: (d.source.seed, d.order)) for k, v in sorted(out.items())}


def folder_path(folder: str) -> str:
    return f"folders/{folder}/"


def folder_title(docs: list[Document]) -> str:
    note = next((d for d in docs if d.kind == "folder-note"), None)
    return note.title if note else docs[0].source.description or docs[0].folder


def outputs(edition: Edition, renderer: Renderer) -> Iterator[Output]:
    for folder, docs in folders(edition).items():
        path = folder_path(folder)
        note = next((d for d in docs if d.kind == "folder-note"), None)
        context = renderer.common(path, folder_title(docs)) | {
            "folder": folder, "docs": docs, "note": note, "source": docs[0].source,
            "doc_url": lambda d: renderer.url(doc_path(d.id)),
        }
        yield Output(path + "index.html", renderer.env.get_template("folder.html").render(context))
