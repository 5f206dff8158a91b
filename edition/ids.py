"""Stable, readable document ids: `1944-06-11-harriman-to-roosevelt`.

An id comes from what the source says (date, first sender, first recipient, and a
reference number when there is one), never from the document's position in the
edition, so adding documents does not move the others. An editor can pin any id
in content/documents.yaml.
"""
from __future__ import annotations

import re
import unicodedata

from .model import Document

SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


def slugify(text: str, limit: int = 40) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.replace("Ø", "0").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:limit].strip("-")


def _who(parties) -> str:
    if not parties:
        return ""
    name = parties[0].name.strip()
    words = [w for w in re.split(r"[\s,]+", name) if w and w.lower() not in ("the", "of")]
    return slugify(words[-1] if words else name, 20)


def base_id(doc: Document) -> str:
    if doc.kind == "folder-note" and doc.folder:
        # a folder's own note: named by its folder (two folders of one year must not share it)
        return f"{slugify(doc.folder, 80)}-folder-note"
    parts = [doc.date.iso or "undated"]
    sender, recipient = _who(doc.senders), _who(doc.recipients)
    if sender:
        parts.append(sender)
    if recipient:
        parts += ["to", recipient]
    if not sender and not recipient:
        parts.append(slugify(doc.kind or doc.title, 30) or "document")
    ref = next((r.value for r in doc.references if r.kind in ("serial", "message", "dtg")), "")
    if ref:
        parts.append(slugify(ref.split()[0], 12))
    return "-".join(p for p in parts if p)


def is_safe(value: str) -> bool:
    return bool(SAFE_ID.match(value))
