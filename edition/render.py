"""Pages from the document model: one Jinja template per page type, strict and autoescaped."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from . import dates
from .html import NoteContext, page_anchor, render_inlines
from .model import Block, Document, PageBreak, Party, plain_text
from .loader import Edition

TOOL_ROOT = Path(__file__).resolve().parent.parent

# The site's main navigation: (label, path below the base URL). Prose pages from
# content/*.md are added after these.
NAV: list[tuple[str, str]] = [("Documents", "")]


@dataclass(frozen=True)
class Output:
    path: str          # relative to the output folder, "/"-separated
    text: str


def doc_path(doc_id: str) -> str:
    return f"documents/{doc_id}/"


def environment(project: Path) -> Environment:
    loaders = [FileSystemLoader(str(project / "templates"))] if (project / "templates").is_dir() else []
    loaders.append(FileSystemLoader(str(TOOL_ROOT / "templates")))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["date"] = dates.display
    env.filters["parties"] = parties_text
    return env


def parties_text(parties: tuple[Party, ...]) -> str:
    return "; ".join(p.label for p in parties) if parties else "—"


def markdown() -> MarkdownIt:
    # Editors write Markdown; raw HTML in it is shown as text, like seed text.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


class Renderer:
    def __init__(self, edition: Edition):
        self.edition = edition
        self.config = edition.config
        self.env = environment(edition.project)
        self.md = markdown()
        self.base = self.config.base_path

    # -- helpers available to templates
    def url(self, path: str = "") -> str:
        return self.base + path

    def absolute(self, path: str = "") -> str:
        root = self.config.absolute_base
        if not root:
            return self.url(path)
        return root.rstrip("/") + "/" + path

    def common(self, path: str, title: str) -> dict:
        return {"site": self.config, "url": self.url, "absolute": self.absolute, "page_path": path,
                "page_title": title, "nav": NAV + [(p.title, f"{p.slug}/") for p in self.edition.content.pages]}

    # -- page types
    def document_page(self, doc: Document, prev: Document | None, nxt: Document | None) -> Output:
        ctx = NoteContext({n.number: n for n in doc.notes})
        head_blocks = [(b, render_inlines(b.inlines, ctx)) for b in doc.head]
        # The source's own heading is the page title unless the editor retitled the document.
        title_html = next((html for b, html in head_blocks
                           if b.kind == "title" and plain_text(b.inlines).strip() == doc.title), None)
        head_rest = [(b.kind, html) for b, html in head_blocks if html is not title_html]
        blocks = [(b.kind, render_inlines(b.inlines, ctx)) for b in doc.blocks]
        form = [(b.kind, render_inlines(b.inlines, ctx)) for b in doc.form]
        witnesses = [(w, [(b.kind, render_inlines(b.inlines, ctx)) for b in w.blocks]) for w in doc.witnesses]
        notes = [(n, render_inlines(n.inlines, ctx), ctx.backlinks.get(str(n.number), [])) for n in doc.notes]
        missing = [key for key in ctx.backlinks if key.startswith("missing-")]
        path = doc_path(doc.id)
        context = self.common(path, doc.title) | {
            "doc": doc, "title_html": title_html or doc.title, "head_rest": head_rest, "blocks": blocks, "form": form,
            "witnesses": witnesses, "notes": notes,
            "missing": [(key, key.removeprefix("missing-"), ctx.backlinks[key]) for key in missing],
            "prev": prev, "next": nxt, "doc_url": lambda d: self.url(doc_path(d.id)),
            "page_breaks": [n for b in doc.blocks + doc.head for n in b.inlines if isinstance(n, PageBreak)],
            "citation": self.citation(doc),
        }
        return Output(path + "index.html", self.env.get_template("document.html").render(context))

    def citation(self, doc: Document) -> str:
        who = " to ".join(p for p in (parties_text(doc.senders) if doc.senders else "",
                                       parties_text(doc.recipients) if doc.recipients else "") if p)
        parts = [f"{who}, {dates.display(doc.date)}" if who else doc.title]
        editors = ", ".join(self.config.editors)
        parts.append(f"in {self.config.title}" + (f", ed. {editors}" if editors else ""))
        parts.append(self.absolute(doc_path(doc.id)))
        return ". ".join(parts) + "."

    def home(self) -> Output:
        context = self.common("", self.config.title) | {
            "documents": self.edition.documents, "doc_url": lambda d: self.url(doc_path(d.id))}
        return Output("index.html", self.env.get_template("index.html").render(context))

    def prose_page(self, page) -> Output:
        body = Markup(self.md.render(page.markdown))
        path = f"{page.slug}/"
        context = self.common(path, page.title) | {"body": body}
        return Output(path + "index.html", self.env.get_template("page.html").render(context))

    def not_found(self) -> Output:
        return Output("404.html", self.env.get_template("404.html").render(self.common("404.html", "Page not found")))

    def all_pages(self) -> Iterator[Output]:
        docs = self.edition.documents
        yield self.home()
        for page in self.edition.content.pages:
            yield self.prose_page(page)
        for i, doc in enumerate(docs):
            yield self.document_page(doc, docs[i - 1] if i else None, docs[i + 1] if i + 1 < len(docs) else None)
        yield self.not_found()


def block_text(block: Block) -> str:
    return plain_text(block.inlines)


__all__ = ["Renderer", "Output", "doc_path", "page_anchor"]
