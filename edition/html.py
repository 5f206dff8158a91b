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

    def ref_id(self, key: str) -> str:
        count = self.seen.get(key, 0) + 1
        self.seen[key] = count
        anchor = f"noteref-{key}" if count == 1 else f"noteref-{key}-{count}"
        self.backlinks.setdefault(key, []).append(anchor)
        return anchor


def page_anchor(brk: PageBreak) -> str:
    prefix = "page" if brk.kind == "page" else "form"
    return f"{prefix}-{brk.label}"


def render_inlines(nodes: tuple[Inline, ...], ctx: NoteContext) -> Markup:
    return Markup("").join(_render(node, ctx) for node in nodes)


def _render(node: Inline, ctx: NoteContext) -> Markup:
    if isinstance(node, Text):
        return escape(node.text)
    if isinstance(node, NoteRef):
        return _noteref(node, ctx)
    if isinstance(node, PageBreak):
        anchor = page_anchor(node)
        label = f"[Page {node.label}]" if node.kind == "page" else f"[Form {node.label}]"
        return Markup('<a class="pb" id="{0}" href="#{0}">{1}</a>').format(anchor, label)
    if isinstance(node, Mark):
        start, end = MARK_TAGS.get(node.kind, ('<span>', "</span>"))
        return Markup(start) + render_inlines(node.children, ctx) + Markup(end)
    if isinstance(node, Gap):
        return Markup('<span class="gap gap-{0}" title="{0}">{1}</span>').format(node.kind, node.text)
    if isinstance(node, Box):
        return Markup('<span class="box" role="img" aria-label="check box">☐</span>')
    if isinstance(node, NameRef):
        inner = render_inlines(node.children, ctx)
        url = ctx.name_url(node.register, node.key) if ctx.name_url else None
        if not url:
            return inner
        return Markup('<a class="name name-{0}" href="{1}" data-card="{2}">{3}</a>').format(
            node.register, url, f"{node.register}:{node.key}", inner)
    return Markup("")


def _noteref(node: NoteRef, ctx: NoteContext) -> Markup:
    key = str(node.number) if node.number is not None else f"missing-{node.label}"
    anchor = ctx.ref_id(key)
    if node.number is None:
        return Markup('<sup class="noteref noteref-missing"><a id="{0}" href="#note-{1}" role="doc-noteref" '
                      'aria-label="Note {2}, text missing in the source">{2}</a></sup>').format(anchor, key, node.label)
    return Markup('<sup class="noteref"><a id="{0}" href="#note-{1}" role="doc-noteref" '
                  'aria-label="Note {1}">{1}</a></sup>').format(anchor, node.number)
