"""Archive folders (Map Room folders and the like): a page per folder listing its messages in
the folder's own order, with the folder's provenance, and a list of all folders."""
from __future__ import annotations

from typing import Iterator

from .loader import Edition
from .model import Document
from .render import Output, Renderer, doc_path, folder_members, folder_title


def folders(edition: Edition) -> dict[str, list[Document]]:
    """Folder id → its documents in the folder's order (filed order, not date order)."""
    return folder_members(edition.documents)


def folder_path(folder: str) -> str:
    return f"folders/{folder}/"


def outputs(edition: Edition, renderer: Renderer) -> Iterator[Output]:
    # a copy merged into another document's page is listed where it is filed, and leads there
    shown_with = {w.document.id: doc for doc in edition.documents for w in doc.witnesses
                  if getattr(w, "document", None) is not None}
    listing = []
    for folder, docs in folders(edition).items():
        path = folder_path(folder)
        notes = [d for d in docs if d.kind == "folder-note"]
        messages = [d for d in docs if d.kind != "folder-note"]
        title = folder_title(docs)
        dated = sorted((d.date for d in messages if d.date.iso), key=lambda date: date.sort_key)
        listing.append((folder, title, len(messages), dated[0] if dated else None, dated[-1] if dated else None))
        context = renderer.common(path, title) | {
            "folder": folder, "messages": messages, "notes": notes, "source": docs[0].source,
            "seeds": list(dict.fromkeys(d.source.seed for d in docs)), "shown_with": shown_with,
            "doc_url": lambda d: renderer.url(doc_path(d.id)),
        }
        yield Output(path + "index.html", renderer.env.get_template("folder.html").render(context))
    if listing:
        context = renderer.common("folders/", "Archive folders") | {"folders": listing}
        yield Output("folders/index.html", renderer.env.get_template("folders.html").render(context))
