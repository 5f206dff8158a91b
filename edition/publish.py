"""Publishing: the print view, the data page, citation downloads, robots.txt and the sitemap.

`print_view` prints any run of documents as one booklet (the whole edition here; a thread view can
call it with a thread's documents). It renders each document with the document page's own context
and template, then keeps what is inside `<main>`, so the print view never drifts from the pages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape

from markupsafe import Markup

from . import citation
from .diagnostics import Diagnostic
from .loader import Edition
from .model import Document
from .output import write_text
from .render import Output, Renderer, doc_path

PRINT_PATH = "print/"
DATA_PATH = "data/"


@dataclass(frozen=True)
class Download:
    path: str            # below the base URL
    label: str
    format: str
    description: str


# The edition-wide files listed on the data page. A generator that writes another file adds a line.
DOWNLOADS: list[Download] = [
    Download("data/documents.json", "All documents", "JSON",
             "Metadata of every document: correspondents, dates, source, notes, page breaks."),
    Download("data/cmif.xml", "Correspondence metadata", "CMIF (TEI XML)",
             "Sender, addressee, place and date of every letter, for correspSearch and other aggregators."),
    Download("data/calendar.json", "Calendar of letters", "JSON", "The letters in order of date, one record each."),
    Download("data/calendar.csv", "Calendar of letters", "CSV", "The same calendar as a table for spreadsheets."),
    Download("data/persons.json", "Register of persons", "JSON", "Everyone the documents name, with their offices."),
    Download(PRINT_PATH, "The whole edition for printing", "HTML",
             "Every document one after another, each on a new page with its notes."),
]
# Files every document has, below its folder documents/<id>/.
PER_DOCUMENT: list[Download] = [
    Download("tei.xml", "TEI XML", "TEI P5", "The text with its notes, page breaks and marks; valid against tei_all."),
    Download("cite.bib", "BibTeX", "BibTeX", "The citation for LaTeX and reference managers."),
    Download("cite.ris", "RIS", "RIS", "The citation for Zotero, EndNote and other reference managers."),
]


# ---------------------------------------------------------------- print view

_ID_ATTRS = re.compile(r'(\s)(id|for|headers|aria-labelledby|aria-describedby|aria-controls)="([^"]*)"')
_LOCAL_HREF = re.compile(r'(\s)href="#([^"]+)"')
_DOC_NAV = re.compile(r'<nav class="doc-nav".*?</nav>\s*', re.S)
_LANDMARK_LABEL = re.compile(r'(<(?:nav|section|aside|form)\b[^>]*\saria-label=")([^"]*)(")')


def main_of(page: str) -> str:
    """What is inside <main> of a rendered page (seed text is escaped, so the tags are ours)."""
    start = page.index(">", page.index("<main")) + 1
    return page[start:page.rindex("</main>")]


def scope_ids(html: str, prefix: str, label_id: str, label: str) -> str:
    """Make one document's ids unique on a page holding many: `note-1` → `<prefix>note-1`.

    Landmarks named by a heading ("Notes", "Cite this document") or a label ("Replies") would repeat
    from document to document; each also gets the document's number in its name, so every name is
    unique.
    """
    def ids(m: re.Match) -> str:
        values = [prefix + v for v in m.group(3).split()]
        if m.group(2) == "aria-labelledby":
            values.append(label_id)
        return f'{m.group(1)}{m.group(2)}="{" ".join(values)}"'
    html = _ID_ATTRS.sub(ids, html)
    html = _LANDMARK_LABEL.sub(lambda m: f"{m.group(1)}{m.group(2)}, {label}{m.group(3)}", html)
    return _LOCAL_HREF.sub(lambda m: f'{m.group(1)}href="#{prefix}{m.group(2)}"', html)


def print_view(renderer: Renderer, documents: tuple[Document, ...] | list[Document], title: str,
               path: str) -> Output:
    """One page with `documents` one after another, each with its notes and citation, for printing."""
    articles = []
    for number, doc in enumerate(documents, start=1):
        page = renderer.document_html(doc)
        anchor = f"doc-{doc.id}"
        label_id = f"{anchor}-label"
        html = scope_ids(_DOC_NAV.sub("", main_of(page)), f"{doc.id}--", label_id, f"document {number}")
        articles.append({"doc": doc, "anchor": anchor, "label_id": label_id, "number": number,
                         "html": Markup(html)})
    context = renderer.common(path, title) | {"articles": articles, "heading": title}
    return Output(path + "index.html", renderer.env.get_template("print.html").render(context))


# ---------------------------------------------------------------- data page, citations, robots


def data_page(renderer: Renderer, edition: Edition) -> Output:
    context = renderer.common(DATA_PATH, "Data and downloads") | {
        "downloads": DOWNLOADS, "per_document": PER_DOCUMENT, "documents": edition.documents,
        "doc_path": doc_path}
    return Output(DATA_PATH + "index.html", renderer.env.get_template("data.html").render(context))


def document_outputs(edition: Edition, renderer: Renderer, doc: Document):
    """A document's citation downloads (run per document, in parallel)."""
    cite = renderer.cite(doc)
    yield Output(doc_path(doc.id) + "cite.bib", citation.bibtex(cite))
    yield Output(doc_path(doc.id) + "cite.ris", citation.ris(cite))


def robots_txt(absolute_base: str) -> str:
    lines = ["# Crawlers read robots.txt only at the root of a host; under a sub-path it is a hint.",
             "User-agent: *", "Allow: /"]
    if absolute_base:
        lines.append(f"Sitemap: {absolute_base.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"


# Above this many documents one printable page would be too big to open; the
# edition is then printed month by month (each month's booklet is linked from /print/).
PRINT_ALL_LIMIT = 300


def print_tasks(edition: Edition, renderer: Renderer) -> list[Callable[[], Iterable[Output]]]:
    """The whole edition (or its months, when large) and every thread, each a printable page.

    Each task makes its own pages from the written document pages, so they run on all cores
    (parallel.write_tasks) once the documents are written.
    """
    tasks: list[Callable[[], Iterable[Output]]] = []
    by_month: dict[str, list[Document]] = {}
    for doc in edition.documents:
        by_month.setdefault(doc.date.iso[:7] if len(doc.date.iso) >= 7 else "undated", []).append(doc)
    if len(edition.documents) <= PRINT_ALL_LIMIT:
        tasks.append(partial(_views, renderer, [(edition.documents, f"{edition.config.title}: all documents",
                                                 PRINT_PATH)]))
    else:
        context = renderer.common(PRINT_PATH, "Print the edition") | {"months": sorted(by_month.items())}
        index = Output(PRINT_PATH + "index.html", renderer.env.get_template("print_index.html").render(context))
        tasks.append(lambda: [index])
        tasks += [partial(_views, renderer, [(docs, f"{edition.config.title}: {month}", f"{PRINT_PATH}{month}/")])
                  for month, docs in sorted(by_month.items())]
    corr = edition.correspondence
    by_id = edition.by_id()
    threads = []
    for thread_id, members in corr.threads.items():
        docs = [by_id[corr.get(m).document] for m in members if corr.get(m).document in by_id]
        if len(docs) > 1:
            threads.append((docs, f"Thread: {docs[0].title} and its answers", thread_print_path(thread_id)))
    tasks += [partial(_views, renderer, threads[i:i + 32]) for i in range(0, len(threads), 32)]
    return tasks


def _views(renderer: Renderer, views: list[tuple]) -> list[Output]:
    return [print_view(renderer, docs, title, path) for docs, title, path in views]


def print_views(edition: Edition, renderer: Renderer) -> Iterable[Output]:
    """Every printable view, made in this process (the preview and tests; the build uses print_tasks)."""
    for task in print_tasks(edition, renderer):
        yield from task()


def thread_print_path(thread_id: str) -> str:
    return f"{PRINT_PATH}thread-{thread_id}/"


def outputs(edition: Edition, renderer: Renderer):
    yield data_page(renderer, edition)
    yield Output("robots.txt", robots_txt(edition.config.absolute_base))


# ---------------------------------------------------------------- sitemap


def page_urls(site: Path, absolute_base: str, skip: frozenset[str] = frozenset()) -> list[str]:
    """The absolute URL of every page in a built site, sorted; the 404 page, the search bundle and
    the pages in `skip` (addresses that only redirect) left out."""
    root = absolute_base.rstrip("/") + "/"
    urls = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        if rel == "404.html" or rel.startswith("pagefind/") or rel in skip:
            continue
        urls.append(root + quote(rel.removesuffix("index.html")))
    return urls


def sitemap_xml(urls: list[str]) -> str:
    entries = "".join(f"  <url><loc>{xml_escape(u)}</loc></url>\n" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</urlset>\n")


def sitemap(edition: Edition, staging: Path) -> list[Diagnostic]:
    """Post-processing step: list every page the build wrote, whichever generator wrote it.

    A sitemap needs absolute URLs; with a base URL that is only a path there is none (no error).
    """
    base = edition.config.absolute_base
    if base:
        # a copy shown with another text, a document renamed by the editor: their old addresses redirect
        moved = {w.document.id for doc in edition.documents for w in doc.witnesses if getattr(w, "document", None)}
        moved |= {former for doc in edition.documents for former in doc.former_ids}
        skip = frozenset(doc_path(i) + "index.html" for i in moved)
        write_text(staging, "sitemap.xml", sitemap_xml(page_urls(staging, base, skip)))
    return []
