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
from itertools import combinations, compress
from pathlib import Path
import sys
import zlib

from . import dates
from .collation import block_tokens, capitals, norms, similarity, unquote
from .config import Config
from .diagnostics import Diagnostic
from .memo import Memo, step
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
    runs: frozenset[int] = frozenset()   # its sampled runs of words, hashed (see `shingles`)


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


def _words(words: list[str]) -> tuple[str, ...]:
    # one string object per distinct word: an edition repeats its words, and 10,000 documents
    # of 700 words would otherwise hold seven million small strings at once
    return tuple(map(sys.intern, words))


def units_of(doc: Document) -> list[Unit]:
    words = _words(norms(doc.blocks))
    out = [Unit(doc.id, doc, doc.blocks, 0, doc.date.iso, _persons(doc.senders), _persons(doc.recipients),
                words, shingles(words))]
    for n, quote in enumerate(doc.quotes, 1):
        blocks = _quote_blocks(doc, quote.line)
        if blocks:
            words = _words(unquote(norms(blocks)))
            out.append(Unit(f"{doc.id}#quote-{n}", doc, blocks, n, quote.date.iso or doc.date.iso,
                            _persons(quote.senders), _persons(quote.recipients), words, shingles(words)))
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


_word_codes: dict[str, int] = {}


def shingles(words: tuple[str, ...]) -> frozenset[int]:
    """Runs of SHINGLE words that start at a word of ANCHOR letters or more, each hashed to a number.

    Starting only at long words samples about a third of the runs, and the same ones in two
    copies of a text, wherever they stand in it: a third of the work for the same evidence.
    A run is kept as the hash of its words' CRC-32s: the same in every process (unlike str
    hashes), and a number is a fifth of the memory of the string. Two runs that hash alike
    can only make a candidate pair; every candidate is then compared word by word.
    """
    if len(words) < MIN_WORDS:
        return frozenset()
    codes = _word_codes
    for w in set(words).difference(codes):
        codes[w] = zlib.crc32(w.encode("utf-8"))
    c = list(map(codes.__getitem__, words))
    starts = list(map(ANCHOR.__le__, map(len, words[:len(words) - SHINGLE + 1])))
    # the runs as tuples of SHINGLE = 4 codes, made only where a run starts; all of it runs in C
    runs = zip(*(compress(c[k:], starts) for k in range(SHINGLE)))
    return frozenset(map(hash, runs))


def _counted(units: list[Unit]) -> Counter:
    seen: Counter = Counter()
    for u in units:
        seen.update(u.runs)
    return seen


def candidates(units: list[Unit], seen: Counter | None = None, among: set[int] | None = None) -> list[tuple[int, int]]:
    """Pairs of units worth aligning (as indexes); the work grows with the edition, not its square.

    `seen` counts every run over the edition; with `among`, only pairs with one of those units
    are looked for (the preview's units that changed).
    """
    seen = seen if seen is not None else _counted(units)
    postings: dict[int, list[int]] = {}
    if among is None:
        # most runs are in one unit only: no pair to find
        wanted = {run for run, n in seen.items() if 1 < n <= RARE}
        for i, u in enumerate(units):
            for run in u.runs & wanted:
                postings.setdefault(run, []).append(i)
    else:
        wanted = {run for i in among for run in units[i].runs if 1 < seen[run] <= RARE}
        if wanted:
            for i, u in enumerate(units):
                if not u.runs.isdisjoint(wanted):
                    for run in u.runs & wanted:
                        postings.setdefault(run, []).append(i)
    shared: Counter = Counter()
    for ids in postings.values():
        if len(ids) > 1 and among is None:
            shared.update(combinations(ids, 2))
        elif len(ids) > 1:
            shared.update(pair for pair in combinations(ids, 2) if pair[0] in among or pair[1] in among)
    return sorted(pair for pair, n in shared.items()
                  if n >= MIN_SHARED and could_be_witnesses(units[pair[0]], units[pair[1]]))


def found_pairs(units: list[Unit], threshold: float, memo: Memo | None = None) -> dict[tuple[str, str], float]:
    """(key, key) → similarity, for the candidate pairs at or above the threshold.

    With the preview's memo, the last round's pairs are kept and only the units that changed
    are looked at again, unless a change moves a run across the RARE line (then all are).
    """
    last = memo.state.get("witnesses") if memo is not None else None
    changed: set[int] | None = None
    if last is not None and last["threshold"] == threshold:
        before = last["units"]
        now = {u.key: u for u in units}
        gone = [u for k, u in before.items() if now.get(k) is not u]
        new = [i for i, u in enumerate(units) if before.get(u.key) is not u]
        if len(gone) + len(new) <= len(units) // 4:
            seen = last["seen"]
            old_counts = {run: seen[run] for u in gone for run in u.runs} | {
                run: seen[run] for i in new for run in units[i].runs}
            seen.subtract(run for u in gone for run in u.runs)
            seen.update(run for i in new for run in units[i].runs)
            # a run that crosses RARE changes the evidence of pairs the changed units are not in
            if all((old <= RARE) == (seen[run] <= RARE) for run, old in old_counts.items()):
                changed = set(new)
                keep = {k for k in now if before.get(k) is now[k]}
                out = {pair: s for pair, s in last["found"].items() if pair[0] in keep and pair[1] in keep}
                pairs = candidates(units, seen, changed)
            else:
                pairs = candidates(units, seen)
                out = {}
        else:
            seen = _counted(units)
            pairs, out = candidates(units, seen), {}
    else:
        seen = _counted(units) if memo is not None else None
        pairs, out = candidates(units, seen), {}
    for i, j in pairs:
        score = similarity(list(units[i].words), list(units[j].words))
        if score >= threshold:
            out[(units[i].key, units[j].key)] = round(score, 3)
    out = dict(sorted(out.items()))
    if memo is not None:
        memo.state["witnesses"] = {"threshold": threshold, "units": {u.key: u for u in units}, "seen": seen,
                                   "found": out}
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


def merge_groups(documents: list[Document], units: list[Unit], groups: list[Group],
                 memo: Memo | None = None) -> list[Document]:
    by_key = {u.key: u for u in units}
    absorbed = {k for g in groups for k, _ in g.members if not by_key[k].quote}
    added: dict[str, list[Witness]] = {}
    for g in groups:
        for key, basis in g.members:
            added.setdefault(g.reading, []).extend(_witnesses_of(by_key[key], basis))
    def merged(d: Document) -> Document:
        more = tuple(added[d.id])
        return step(memo, "merged", d, more, lambda: replace(d, witnesses=d.witnesses + more))
    return [merged(d) if d.id in added else d for d in documents if d.id not in absorbed]


def absorbed(doc: Document) -> tuple[Document, ...]:
    """The documents merged into this one as its witnesses (their references still name it)."""
    return tuple(w.document for w in doc.witnesses if w.document is not None)


def collate_documents(documents: list[Document], threshold: float, settings: Settings,
                      units: list[Unit] | None = None, memo: Memo | None = None) -> list[Document]:
    """The witness stage, pure: the edition's documents with every group made one document."""
    units = units if units is not None else [u for d in documents for u in units_of(d)]
    return merge_groups(documents, units, group_units(units, found_pairs(units, threshold, memo), settings), memo)


def find_witnesses(project: Path, config: Config, documents: list[Document],
                   diags: list[Diagnostic], memo: Memo | None = None) -> list[Document]:
    """Read content/witnesses.yaml, check it against the documents, then run the stage."""
    units = [u for d in documents for u in step(memo, "units", d, (), lambda: units_of(d))]
    settings = load_settings(project, {u.key: bool(u.quote) for u in units}, diags)
    return collate_documents(documents, config.witness_threshold, settings, units, memo)
