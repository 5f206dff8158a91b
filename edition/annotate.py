"""Names in the documents become links to the registers.

Matching is by the spellings the registers list: whole words, case-insensitive
unless an entry says otherwise, the longest spelling first ("the Ambassador in
the United Kingdom" before "the Ambassador"). Candidates are looked up by their
first word, so the cost grows with the length of the text, not with the size of
the registers.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .model import Block, Document, Inline, Mark, NameRef, Party, Text
from .registers import Entry, Registers

TOKEN = re.compile(r"\w+")


def _trie_pattern(words) -> str:
    """An alternation of words sharing their prefixes ("har(?:riman|ry)"), which the regex engine
    tries far faster than a flat list of hundreds of words."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return emit(trie)


def _pattern(form: str, case_sensitive: bool) -> str:
    parts = [re.escape(p) for p in form.split()]
    tail = r"(?!\w)" if re.search(r"\w$", form) else ""
    return ("(?:" if case_sensitive else "(?i:") + r"\s+".join(parts) + tail + ")"


class Matcher:
    def __init__(self, registers: Registers):
        index: dict[str, list[tuple[int, str, Entry]]] = {}
        for entry in registers.entries.values():
            for form in entry.forms:
                first = TOKEN.match(form)
                if not first:
                    continue   # a spelling must start with a letter or digit to be found
                index.setdefault(first.group().casefold(), []).append(
                    (len(form), _pattern(form, entry.case_sensitive), entry))
        # All spellings that start with the same word in one pattern, longest first, each its own
        # group: one match in C per place instead of one per spelling ("The President", "The
        # Ambassador" … all start at every "the" of the text). The group that matched names the entry.
        self.index = {}
        for k, v in index.items():
            ordered = sorted(v, key=lambda c: (-c[0], c[2].register, c[2].id))
            self.index[k] = (re.compile("|".join(f"({p})" for _, p, _ in ordered)), [e for _, _, e in ordered])
        # One scan in C for any first word of any spelling; Python only looks at those places.
        self.first_words = re.compile(r"(?<!\w)(?:" + _trie_pattern(self.index) + r")(?!\w)", re.IGNORECASE) \
            if self.index else None

    def find(self, text: str) -> list[tuple[int, int, Entry]]:
        found = []
        pos = 0
        if self.first_words is None:
            return found
        for token in self.first_words.finditer(text):
            if token.start() < pos:
                continue
            hit = self.index.get(token.group().casefold())
            if hit is None:
                continue
            pattern, entries = hit
            m = pattern.match(text, token.start())
            if m:
                found.append((m.start(), m.end(), entries[m.lastindex - 1]))
                pos = m.end()
        return found


def link_names(nodes: tuple[Inline, ...], matcher: Matcher) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            pos = 0
            for start, end, entry in matcher.find(node.text):
                if start > pos:
                    out.append(Text(node.text[pos:start]))
                out.append(NameRef(entry.register, entry.id, (Text(node.text[start:end]),)))
                pos = end
            if pos < len(node.text):
                out.append(Text(node.text[pos:]))
        elif isinstance(node, Mark):
            out.append(replace(node, children=link_names(node.children, matcher)))
        else:
            out.append(node)
    return tuple(out)


def _blocks(blocks: tuple[Block, ...], matcher: Matcher) -> tuple[Block, ...]:
    return tuple(replace(b, inlines=link_names(b.inlines, matcher)) for b in blocks)


def resolve_party(party: Party, matcher: Matcher) -> Party:
    if party.person:
        return party
    for text in (party.label, party.name):
        person = next((e for _, _, e in matcher.find(text) if e.register == "persons"), None)
        if person:
            return replace(party, person=person.id)
    return party


def link_text(doc: Document, matcher: Matcher) -> Document:
    """Names in the source's text become NameRefs. Pure and per document: runs in the parse workers."""
    return replace(
        doc,
        head=_blocks(doc.head, matcher),
        blocks=_blocks(doc.blocks, matcher),
        form=_blocks(doc.form, matcher),
        notes=tuple(replace(n, inlines=link_names(n.inlines, matcher)) for n in doc.notes),
        witnesses=tuple(replace(w, blocks=_blocks(w.blocks, matcher)) for w in doc.witnesses),
    )


def annotate(doc: Document, matcher: Matcher, text_linked: bool = False) -> Document:
    """Correspondents resolved to persons, and names linked (unless the parse workers did it).

    Notes an editor supplied in content/ are added after parsing, so they are linked here.
    """
    if not text_linked:
        doc = link_text(doc, matcher)
    elif any(n.origin == "editor" for n in doc.notes):
        doc = replace(doc, notes=tuple(replace(n, inlines=link_names(n.inlines, matcher)) if n.origin == "editor"
                                       else n for n in doc.notes))
    return replace(
        doc,
        senders=tuple(resolve_party(p, matcher) for p in doc.senders),
        recipients=tuple(resolve_party(p, matcher) for p in doc.recipients),
        quotes=tuple(replace(q, senders=tuple(resolve_party(p, matcher) for p in q.senders),
                             recipients=tuple(resolve_party(p, matcher) for p in q.recipients))
                     for q in doc.quotes),
    )


def names_in(doc: Document) -> list[tuple[str, str]]:
    """(register, id) of every entry named in the document, in order of first mention."""
    seen: dict[tuple[str, str], None] = {}

    def walk(nodes):
        for node in nodes:
            if isinstance(node, NameRef):
                seen.setdefault((node.register, node.key), None)
            elif isinstance(node, Mark):
                walk(node.children)

    for block in doc.head + doc.blocks + doc.form:
        walk(block.inlines)
    for note in doc.notes:
        walk(note.inlines)
    for w in doc.witnesses:
        for block in w.blocks:
            walk(block.inlines)
        copy = getattr(w, "document", None)      # a copy shown with the text: its heading, notes and form too
        if copy is not None:
            for block in copy.head + copy.form:
                walk(block.inlines)
            for note in copy.notes:
                walk(note.inlines)
    for p in doc.senders + doc.recipients:
        if p.person:
            seen.setdefault(("persons", p.person), None)
    return list(seen)

