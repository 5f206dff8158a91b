"""Pages from the document model: one Jinja template per page type, strict and autoescaped."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from . import citation as citing
from . import dates
from .annotate import names_in
from .correspondence import date_label
from .html import NoteContext, page_anchor, render_inlines
from .model import Document, PageBreak, Party, plain_text
from .loader import Edition
from .witness_view import page_context as witness_context

TOOL_ROOT = Path(__file__).resolve().parent.parent

# The site's main navigation: (label, path below the base URL). Prose pages from
# content/*.md are added after these.
NAV: list[tuple[str, str]] = [("Documents", ""), ("Calendar", "calendar/"), ("Persons", "persons/"), ("Glossary", "terms/"),
                              ("Data", "data/"), ("Search", "search/")]
REGISTER_HEADINGS = {"persons": "Persons", "terms": "Terms and organisations", "places": "Places"}


@dataclass(frozen=True)
class Output:
    path: str          # relative to the output folder, "/"-separated
    text: str


def doc_path(doc_id: str) -> str:
    return f"documents/{doc_id}/"


_environments: dict[tuple, Environment] = {}


def environment(project: Path) -> Environment:
    """The Jinja environment, kept while no template file is added, removed or changed, so that
    the preview server's rebuilds do not compile the templates again."""
    folders = [f for f in (project / "templates", TOOL_ROOT / "templates") if f.is_dir()]
    key = (project, tuple((str(p), p.stat().st_mtime_ns) for f in folders for p in sorted(f.glob("*.html"))))
    if key not in _environments:
        _environments.clear()
        _environments[key] = _environment(project)
    return _environments[key]


def _environment(project: Path) -> Environment:
    loaders = [FileSystemLoader(str(project / "templates"))] if (project / "templates").is_dir() else []
    loaders.append(FileSystemLoader(str(TOOL_ROOT / "templates")))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["date"] = dates.display
    env.filters["parties"] = parties_text
    env.filters["first_sentence"] = first_sentence
    return env


def first_sentence(text: str) -> str:
    """The first sentence of a register description: enough for a card; the register page has it all."""
    m = re.search(r"^.+?[.!?](?=\s+[A-Z\"“(]|$)", text.strip(), re.S)
    return m.group() if m else text


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
        self.pair_neighbours = _pair_neighbours(edition.documents)
        self.folder_titles, self.folder_positions = _folders(edition.documents)
        # every address a document page takes (a former address is redirected only when free)
        self.taken_ids = frozenset(d.id for d in filed_documents(edition.documents))
        self.written: Path | None = None   # the folder the document pages were written to, once they are

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
    def entry_url(self, register: str, key: str) -> str | None:
        entry = self.edition.registers.get(register, key)
        if entry is None:
            return None
        return self.url(f"{register}/{key}/" if register == "persons" else f"{register}/#{key}")

    def named_keys(self, doc: Document) -> list[tuple[str, str]]:
        return names_in(doc)

    def named(self, doc: Document) -> list[tuple[str, list[tuple]]]:
        """Everyone and everything the document names, by register: (entry, office on its date, url)."""
        groups: dict[str, list[tuple]] = {register: [] for register in REGISTER_HEADINGS}
        for register, key in names_in(doc):
            entry = self.edition.registers.get(register, key)
            if entry:
                groups[register].append((entry, entry.office_on(doc.date.iso), self.entry_url(register, key)))
        return [(REGISTER_HEADINGS[r], sorted(items, key=lambda i: i[0].sort.casefold()))
                for r, items in groups.items() if items]

    def letter_url(self, letter) -> str:
        if letter.document:
            return self.url(doc_path(letter.document))
        return self.url("calendar/") + "#" + letter.id

    def thread(self, doc: Document) -> list:
        corr = self.edition.correspondence
        letter = corr.get(doc.id)
        if not letter or not letter.thread:
            return []
        return [corr.get(i) for i in corr.threads.get(letter.thread, ())]

    def document_page(self, doc: Document, prev: Document | None, nxt: Document | None) -> Output:
        context = self.document_context(doc, prev, nxt)
        return Output(doc_path(doc.id) + "index.html", self.env.get_template("document.html").render(context))

    def document_context(self, doc: Document, prev: Document | None, nxt: Document | None) -> dict:
        """What document.html needs; the print view (publish.py) renders documents from it too."""
        ctx = NoteContext({n.number: n for n in doc.notes}, name_url=self.entry_url)
        head_blocks = [(b, render_inlines(b.inlines, ctx)) for b in doc.head]
        # The source's own heading is the page title unless the editor retitled the document.
        title_html = next((html for b, html in head_blocks
                           if b.kind == "title" and plain_text(b.inlines).strip() == doc.title), None)
        head_rest = [(b.kind, html) for b, html in head_blocks if html is not title_html]
        blocks = [(b.kind, render_inlines(b.inlines, ctx)) for b in doc.blocks]
        form = [(b.kind, render_inlines(b.inlines, ctx)) for b in doc.form]
        witnesses = [(w, [(b.kind, render_inlines(b.inlines, ctx)) for b in w.blocks]) for w in doc.witnesses
                     if w.document is None]     # an absorbed document's text has its own notes (witness_view)
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
            "cite": self.cite_view(doc),
            "named": self.named(doc),
            "folder_titles": self.folder_titles, "folder_positions": self.folder_positions,
            # correspondents under the register's name (search filters: "PRESIDENT" and "the President" are one)
            "person_names": lambda parties: list(dict.fromkeys(_filter_name(
                getattr(self.edition.registers.get("persons", p.person), "name", p.name)) for p in parties)),
            "letter": self.edition.correspondence.get(doc.id),
            "thread": self.thread(doc),
            "letter_url": self.letter_url, "letter_date": date_label,
            "edition_letter": self.edition.correspondence.get,
            "pair_prev": self.pair_neighbours.get(doc.id, (None, None))[0],
            "pair_next": self.pair_neighbours.get(doc.id, (None, None))[1],
        }
        context |= witness_context(self, doc, witnesses)
        return context

    def cite(self, doc: Document) -> citing.Citation:
        return citing.cite(doc, self.config, self.absolute(doc_path(doc.id)), self.edition.registers)

    def citation(self, doc: Document) -> str:
        """The Chicago note for the document, as plain text."""
        return citing.note(self.cite(doc))

    def cite_view(self, doc: Document) -> citing.CitationView:
        path = doc_path(doc.id)
        return citing.view(self.cite(doc), home=self.absolute(), tei=self.url(path + "tei.xml"),
                           bib=self.url(path + "cite.bib"), ris_url=self.url(path + "cite.ris"),
                           tei_absolute=self.absolute(path + "tei.xml"))

    def home(self) -> Output:
        context = self.common("", self.config.title) | {
            "documents": self.edition.documents, "doc_url": lambda d: self.url(doc_path(d.id)),
            "folders": sorted(self.folder_titles.items())}
        return Output("index.html", self.env.get_template("index.html").render(context))

    def markdown_html(self, text: str) -> str:
        """An editor's Markdown; links and images to "/…" go to this site's address, wherever it is
        published (e.g. under /REPO/ on GitHub Pages)."""
        tokens = self.md.parse(text)
        for token in tokens:
            for child in token.children or ():
                attr = "href" if child.type == "link_open" else "src" if child.type == "image" else None
                target = child.attrGet(attr) if attr else None
                if isinstance(target, str) and target.startswith("/") and not target.startswith("//"):
                    child.attrSet(attr, self.url(target[1:]))
        return self.md.renderer.render(tokens, self.md.options, {})

    def prose_page(self, page) -> Output:
        body = Markup(self.markdown_html(page.markdown))
        path = f"{page.slug}/"
        context = self.common(path, page.title) | {"body": body}
        return Output(path + "index.html", self.env.get_template("page.html").render(context))

    def not_found(self) -> Output:
        return Output("404.html", self.env.get_template("404.html").render(self.common("404.html", "Page not found")))

    def site_pages(self) -> Iterator[Output]:
        """The pages of the whole edition: home, prose pages, 404 (documents come from `document_outputs`)."""
        yield self.home()
        for page in self.edition.content.pages:
            yield self.prose_page(page)
        yield self.not_found()

    def document_html(self, doc: Document) -> str:
        """A document's page: read back from the output when it has been written, else rendered."""
        if self.written is not None:
            page = self.written / doc_path(doc.id) / "index.html"
            if page.exists():
                return page.read_text("utf-8")
        return self.env.get_template("document.html").render(self.document_context(doc, None, None))

    def document_outputs(self, index: int) -> Iterator[Output]:
        docs = self.edition.documents
        yield self.document_page(docs[index], docs[index - 1] if index else None,
                                 docs[index + 1] if index + 1 < len(docs) else None)


def _filter_name(name: str) -> str:
    """A correspondent as the search filters list them: "the Secretary" and "The Secretary" are one."""
    return name[:1].upper() + name[1:]


def filed_documents(documents) -> list[Document]:
    """Every document of the edition, and those absorbed as witnesses of another (their old
    address leads to the text they became part of)."""
    out = []
    for doc in documents:
        out.append(doc)
        out += [w.document for w in doc.witnesses if getattr(w, "document", None) is not None]
    return out


def folder_members(documents) -> dict[str, list[Document]]:
    """Folder id → its documents (its notes, messages and the copies filed in it) in the folder's
    own order: transcription by transcription, as filed."""
    members: dict[str, list[Document]] = {}
    for doc in filed_documents(documents):
        if doc.folder:
            members.setdefault(doc.folder, []).append(doc)
    return {k: sorted(v, key=lambda d: (d.source.seed, d.order)) for k, v in sorted(members.items())}


def folder_title(docs: list[Document]) -> str:
    """The folder's title: from its own note, else the editor's description of the source."""
    note = next((d for d in docs if d.kind == "folder-note"), None)
    if note:
        return note.title
    return docs[0].source.description or f"Untitled folder ({PurePosixPath(docs[0].source.seed).name})"


def _folders(documents: tuple[Document, ...]) -> tuple[dict[str, str], dict[str, int]]:
    """Each folder's title and each message's place in its folder (its notes are not counted)."""
    members = folder_members(documents)
    titles = {folder: folder_title(docs) for folder, docs in members.items()}
    positions = {}
    for docs in members.values():
        for n, doc in enumerate((d for d in docs if d.kind != "folder-note"), start=1):
            positions[doc.id] = n
    return titles, positions


def _pair_neighbours(documents: tuple[Document, ...]) -> dict[str, tuple]:
    """Previous and next document between the same two correspondents, in either direction."""
    by_pair: dict[frozenset, list[Document]] = {}
    for doc in documents:
        s = doc.senders[0].person if doc.senders else ""
        r = doc.recipients[0].person if doc.recipients else ""
        if s and r and s != r:
            by_pair.setdefault(frozenset((s, r)), []).append(doc)
    out = {}
    for docs in by_pair.values():
        for i, doc in enumerate(docs):
            out[doc.id] = (docs[i - 1] if i else None, docs[i + 1] if i + 1 < len(docs) else None)
    return out


__all__ = ["Renderer", "Output", "doc_path", "page_anchor"]
