"""Inline nodes to HTML. Every character of source text goes through `escape`."""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from .model import Box, Footnote, Gap, Inline, Mark, NameRef, NoteRef, PageBreak, Text

MARK_TAGS = {
    "add": ('<ins class="add" title="inserted">', "</ins>"),
    "del": ('<del class="del" title="deleted">', "</del>"),
    "underline": ('<u>', "</u>"),
    "quote": ('<span class="quoted">', "</span>"),
    "sic": ('<span class="sic">', "</span>"),
}


@dataclass
class NoteContext:
    """Numbers the references of one page so each gets a unique, stable anchor."""
    notes: dict[int, Footnote]
    seen: dict[str, int] = field(default_factory=dict)
    backlinks: dict[str, list[str]] = field(default_factory=dict)
    name_url: object = None       # callable(register, key) -> url, set by the renderer
    prefix: str = ""              # before every id: a second document on the page (a witness) keeps its own

    def ref_id(self, key: str) -> str:
        count = self.seen.get(key, 0) + 1
        self.seen[key] = count
        anchor = f"{self.prefix}noteref-{key}" if count == 1 else f"{self.prefix}noteref-{key}-{count}"
        self.backlinks.setdefault(key, []).append(anchor)
        return anchor

    def unique(self, anchor: str) -> str:
        count = self.seen.get(anchor, 0) + 1
        self.seen[anchor] = count
        return anchor if count == 1 else f"{anchor}-{count}"


def page_anchor(brk: PageBreak) -> str:
    prefix = "page" if brk.kind == "page" else "form"
    return f"{prefix}-{brk.label}"


def render_inlines(nodes: tuple[Inline, ...], ctx: NoteContext) -> Markup:
    out: list[str] = []
    _render(nodes, ctx, out)
    return Markup("".join(out))


def _render(nodes: tuple[Inline, ...], ctx: NoteContext, out: list[str]) -> None:
    # Plain string building: this runs for every word of the edition, and
    # Markup.format is several times slower. Every piece of source text goes
    # through `escape`; the rest are our own tags.
    for node in nodes:
        if isinstance(node, Text):
            text = str(escape(node.text))
            # a note of several paragraphs keeps their breaks (the text of a page has one block a line)
            out.append(text.replace("\n", "<br>\n") if "\n" in text else text)
        elif isinstance(node, NameRef):
            url = ctx.name_url(node.register, node.key) if ctx.name_url else None
            if url:
                # the card is found from the link itself (edition.js): /persons/<key>/ or /<register>/#<key>
                out.append(f'<a class="name" href="{escape(url)}">')
                _render(node.children, ctx, out)
                out.append("</a>")
            else:
                _render(node.children, ctx, out)
        elif isinstance(node, NoteRef):
            out.append(_noteref(node, ctx))
        elif isinstance(node, PageBreak):
            anchor = escape(ctx.unique(ctx.prefix + page_anchor(node)))
            label = escape(f"[Page {node.label}]" if node.kind == "page" else f"[Form {node.label}]")
            out.append(f'<a class="pb" id="{anchor}" href="#{anchor}">{label}</a>')
        elif isinstance(node, Mark):
            start, end = MARK_TAGS.get(node.kind, ("<span>", "</span>"))
            out.append(start)
            _render(node.children, ctx, out)
            out.append(end)
        elif isinstance(node, Gap):
            kind = escape(node.kind)
            out.append(f'<span class="gap gap-{kind}" title="{kind}">{escape(node.text)}</span>')
        elif isinstance(node, Box):
            out.append('<span class="box" role="img" aria-label="check box">☐</span>')


def _noteref(node: NoteRef, ctx: NoteContext) -> str:
    key = str(node.number) if node.number is not None else f"missing-{node.label}"
    anchor = escape(ctx.ref_id(key))
    if node.number is None:
        label = escape(node.label)
        return (f'<sup class="noteref noteref-missing"><a id="{anchor}" href="#{ctx.prefix}note-{escape(key)}" role="doc-noteref" '
                f'aria-label="Note {label}, text missing in the source">{label}</a></sup>')
    return (f'<sup class="noteref"><a id="{anchor}" href="#{ctx.prefix}note-{node.number}" role="doc-noteref" '
            f'aria-label="Note {node.number}">{node.number}</a></sup>')
