"""Witnesses: the same text in several documents, found at build time and made one page.

A *unit* is the text of a document, or a message quoted inside one ("QUOTE … UNQUOTE").
Two units are witnesses of one text when their words agree, in order, at least as much as
`witness_threshold` in site.yaml (see `collation.similarity`: 1.0 for the same text, about
0.95 for copies with OCR slips, below 0.3 for different messages of the example edition).

Comparing every pair would grow with the square of the edition, so candidates come first
and cheaply (`candidates`): every unit's runs of SHINGLE words that start at a long word are
counted over the whole edition; a run found in more than RARE units is common phrasing and
ignored; two units
sharing MIN_SHARED rare runs, dated within DATE_WINDOW days of each other and between the
same correspondents (as far as both say) are candidates. Only those are aligned word by word.

The editor has the last word in content/witnesses.yaml (`load_settings`): confirm or add a
group, name its reading text, or keep documents apart. Each group becomes one document: the
reading text (the editor's choice, else `reading_order`) with the others as its `Witness`es;
an absorbed document is kept whole inside its witness, a quoting document stays a page.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from itertools import combinations
from pathlib import Path

from . import dates
from .collation import block_tokens, capitals, norms, similarity, unquote
from .config import Config
from .diagnostics import Diagnostic
from .model import Block, Document, Witness
from .witness_settings import Settings, load_settings

SHINGLE = 4
ANCHOR = 6
RARE = 8
MIN_SHARED = 3
MIN_WORDS = 20
DATE_WINDOW = 3
# The reading text by default: a text in mixed case before one in capitals, then a printed
# text before an archive copy before a telegraphic Map Room copy, then the longer (fuller)
# text, then the earlier in the edition.
FAMILY_ORDER = {"frus_web": 0, "word_export": 0, "archive_copy": 1, "plain": 2, "map_room": 3}


@dataclass(frozen=True)
class Unit:
    key: str                        # the document id, or "<document id>#quote-<n>"
    doc: Document                   # the document, or the document quoting the message
    blocks: tuple[Block, ...]
    quote: int                      # 0: the document itself; n: its n-th quotation
    date: str
    senders: frozenset[str]
    recipients: frozenset[str]
    words: tuple[str, ...]          # the compared forms of its words (collation.norm)


def _persons(parties) -> frozenset[str]:
    return frozenset(p.person for p in parties if p.person)


def _quote_blocks(doc: Document, line: int) -> tuple[Block, ...]:
    """The run of quote blocks that begins at or after the quotation's line."""
    start = next((i for i, b in enumerate(doc.blocks) if b.kind == "quote" and b.last_line >= line), None)
    if start is None:
        return ()
    end = start
    while end < len(doc.blocks) and doc.blocks[end].kind == "quote":
        end += 1
    return doc.blocks[start:end]


def units_of(doc: Document) -> list[Unit]:
    out = [Unit(doc.id, doc, doc.blocks, 0, doc.date.iso, _persons(doc.senders), _persons(doc.recipients),
                tuple(norms(doc.blocks)))]
    for n, quote in enumerate(doc.quotes, 1):
        blocks = _quote_blocks(doc, quote.line)
        if blocks:
            out.append(Unit(f"{doc.id}#quote-{n}", doc, blocks, n, quote.date.iso or doc.date.iso,
                            _persons(quote.senders), _persons(quote.recipients), tuple(unquote(norms(blocks)))))
    return out


# ---------------------------------------------------------------- candidates


def _day(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso) if len(iso) == 10 else None
    except ValueError:
        return None


def dates_fit(a: str, b: str) -> bool:
    """Within DATE_WINDOW days; a partial or missing date fits any date it does not contradict."""
    da, db = _day(a), _day(b)
    if da and db:
        return abs((da - db).days) <= DATE_WINDOW
    return not a or not b or a.startswith(b) or b.startswith(a)


def parties_fit(a: Unit, b: Unit) -> bool:
    """The same correspondents, as far as both units name them."""
    return all(not x or not y or x & y for x, y in ((a.senders, b.senders), (a.recipients, b.recipients)))


def could_be_witnesses(a: Unit, b: Unit) -> bool:
    return (a.doc.id != b.doc.id and not (a.quote and b.quote) and dates_fit(a.date, b.date)
            and parties_fit(a, b))


def shingles(words: tuple[str, ...]) -> set[str]:
    """Runs of SHINGLE words that start at a word of ANCHOR letters or more, each as one string.

    Starting only at long words samples about a third of the runs, and the same ones in two
    copies of a text, wherever they stand in it: a third of the work for the same evidence.
    """
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1) if len(words[i]) >= ANCHOR}


def candidates(units: list[Unit]) -> list[tuple[int, int]]:
    """Pairs of units worth aligning; the work grows with the length of the edition, not its square."""
    runs = [shingles(u.words) if len(u.words) >= MIN_WORDS else set() for u in units]
    seen = Counter(run for rs in runs for run in rs)
    postings: dict[str, list[int]] = {}
    for i, rs in enumerate(runs):
        for run in rs:
            if 1 < seen[run] <= RARE:        # most runs are in one unit only: no pair to find
                postings.setdefault(run, []).append(i)
    shared: Counter = Counter()
    for ids in postings.values():
        if len(ids) > 1:
            shared.update(combinations(ids, 2))
    return sorted(pair for pair, n in shared.items()
                  if n >= MIN_SHARED and could_be_witnesses(units[pair[0]], units[pair[1]]))


def found_pairs(units: list[Unit], threshold: float) -> dict[tuple[str, str], float]:
    """(key, key) → similarity, for the candidate pairs at or above the threshold."""
    out = {}
    for i, j in candidates(units):
        score = similarity(list(units[i].words), list(units[j].words))
        if score >= threshold:
            out[(units[i].key, units[j].key)] = round(score, 3)
    return out


# ---------------------------------------------------------------- groups


def _components(keys: list[str], edges: list[tuple[str, str]]) -> list[list[str]]:
    parent = {k: k for k in keys}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for k in keys:
        groups.setdefault(root(k), []).append(k)
    return [g for g in groups.values() if len(g) > 1]


def reading_order(unit: Unit) -> tuple:
    return (capitals(block_tokens(unit.blocks)), FAMILY_ORDER.get(unit.doc.family, 2), -len(unit.words),
            unit.doc.sort_key, unit.doc.id)


def _basis(key: str, reading: str, score: dict[frozenset, float], by_editor: set[frozenset]) -> str:
    """Why a unit is a witness of the reading text, as the page says it."""
    pair = frozenset((key, reading))
    if pair in score:
        return f"similarity {score[pair]:.2f}" + (", confirmed by the editor" if pair in by_editor else "")
    return "grouped by the editor" if pair in by_editor else "grouped with the other witnesses of its text"


@dataclass(frozen=True)
class Group:
    reading: str                            # key of the reading text (a document)
    members: tuple[tuple[str, str], ...]    # (key, basis) of the other units, in edition order


def group_units(units: list[Unit], found: dict[tuple[str, str], float], settings: Settings) -> list[Group]:
    by_key = {u.key: u for u in units}
    edges = [pair for pair in found if frozenset(pair) not in settings.apart]
    edges += [(g.documents[0], other) for g in settings.groups for other in g.documents[1:]]
    by_editor = settings.pairs
    chosen = {g.reading for g in settings.groups if g.reading}
    score = {frozenset(pair): s for pair, s in found.items()}
    out = []
    for keys in _components([u.key for u in units], edges):
        members = [by_key[k] for k in keys]
        documents = [u for u in members if not u.quote]
        if not documents:
            continue
        reading = next((u for u in documents if u.key in chosen), None) or min(documents, key=reading_order)
        rest = sorted((u for u in members if u is not reading and u.doc.id != reading.doc.id),
                      key=lambda u: (u.doc.sort_key, u.quote))
        out.append(Group(reading.key, tuple((u.key, _basis(u.key, reading.key, score, by_editor)) for u in rest)))
    return out


# ---------------------------------------------------------------- one document per text


def quote_label(doc: Document) -> str:
    """"as quoted in the President's #54, 30 August 1944"."""
    who = doc.senders[0].label if doc.senders else ""
    who = who.title() if who.isupper() else who
    who = "the" + who[3:] if who.startswith("The ") else who
    number = next((r.value for r in doc.references if r.kind == "message"), "")
    what = ("#" + number.lstrip("#")) if number else next(
        (r.value for r in doc.references if r.kind in ("serial", "dtg")), doc.kind or "message")
    return f"as quoted in {who + chr(8217) + 's ' if who else ''}{what}, {dates.display(doc.date)}"


def copy_label(doc: Document) -> str:
    ref = next((r.value for r in doc.references if r.kind in ("serial", "dtg", "message", "file")), "")
    return " ".join(x for x in (doc.kind or "copy", ref) if x)


def _witnesses_of(unit: Unit, basis: str) -> list[Witness]:
    doc = unit.doc
    if unit.quote:
        first, last = unit.blocks[0].first_line, unit.blocks[-1].last_line
        return [Witness(quote_label(doc), unit.blocks, first, last, replace(doc.source, first_line=first,
                        last_line=last), "quotation", doc.id, None, basis)]
    # copies the reader found inside the absorbed document come along, still the reader's grouping
    own = [replace(w, source=w.source or replace(doc.source, first_line=w.first_line, last_line=w.last_line),
                   document_id=w.document_id or doc.id) for w in doc.witnesses]
    whole = Witness(copy_label(doc), doc.blocks, doc.source.first_line, doc.source.last_line, doc.source,
                    "copy", doc.id, replace(doc, witnesses=()), basis)
    return [whole] + own


def merge_groups(documents: list[Document], units: list[Unit], groups: list[Group]) -> list[Document]:
    by_key = {u.key: u for u in units}
    absorbed = {k for g in groups for k, _ in g.members if not by_key[k].quote}
    added: dict[str, list[Witness]] = {}
    for g in groups:
        for key, basis in g.members:
            added.setdefault(g.reading, []).extend(_witnesses_of(by_key[key], basis))
    return [replace(d, witnesses=d.witnesses + tuple(added[d.id])) if d.id in added else d
            for d in documents if d.id not in absorbed]


def absorbed(doc: Document) -> tuple[Document, ...]:
    """The documents merged into this one as its witnesses (their references still name it)."""
    return tuple(w.document for w in doc.witnesses if w.document is not None)


def collate_documents(documents: list[Document], threshold: float, settings: Settings,
                      units: list[Unit] | None = None) -> list[Document]:
    """The witness stage, pure: the edition's documents with every group made one document."""
    units = units if units is not None else [u for d in documents for u in units_of(d)]
    return merge_groups(documents, units, group_units(units, found_pairs(units, threshold), settings))


def find_witnesses(project: Path, config: Config, documents: list[Document],
                   diags: list[Diagnostic]) -> list[Document]:
    """Read content/witnesses.yaml, check it against the documents, then run the stage."""
    units = [u for d in documents for u in units_of(d)]
    settings = load_settings(project, {u.key: bool(u.quote) for u in units}, diags)
    return collate_documents(documents, config.witness_threshold, settings, units)
