"""Property-based tests on every reader in `edition.readers.READERS` (new readers are included
automatically): for any text a reader returns a ReadResult, never an exception, and every word of
the input (apparatus aside) reaches the document model.
"""
from __future__ import annotations

import re
from typing import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from edition.diagnostics import Diagnostic
from edition.model import Block, Document, Gap, Mark, NameRef, NoteRef, PageBreak, Source, Text
from edition.readers import READERS, choose
from edition.readers.common import ReadResult

PATH = "seeds/property.txt"
WORD = re.compile(r"[^\W\d_]+|\d+")   # glued "Affairs53" is two words, as in test_build
# Apparatus a reader may turn into structure instead of text: Word bookmarks, underline tags, check boxes.
APPARATUS = re.compile(r"\[bookmark:[^\]]*\]|</?u>|<input\s+type=\"checkbox\"\s*/?>")

# Text as a seed can hold it: decoding rejects NUL and turns every CR into LF; no lone surrogates.
CHARACTERS = st.characters(blacklist_characters="\x00\r", blacklist_categories=("Cs",))
FRAGMENTS = [
    "[Page 12]", "[Page 793]", "[Page", "]", "^{", "}", "~~", "<u>", "</u>", '<input type="checkbox"/>',
    "[REDACTED]", "[bookmark: _ftn_GoBack0][1]", "[bookmark: _ftn0][1] [Orig. Note] ", "[bookmark: _GoBack]",
    "[2]", "_________________________________", "63[Orig. Note] ", "  1. ", "  2. ", "1. ", "53", "Affairs53",
    "Union.55", "Harry’s3", "Staff¹", "FROM: THE PRESIDENT", "TO : AMBASSADOR HARRIMAN", "NO : 54, 30 AUGUST 1944.",
    "FROM Ambassador Harriman TO The President", "SERIAL or FILE NO.", "FOR MAP ROOM", "ACTION:", "COPIES TO:",
    "861.24/1369½", "Roosevelt Papers: Telegram", "Moscow, 11 June 1944", "[Washington,] December 22, 1943.",
    "[Received 18 October.]", "The Ambassador in the Soviet Union (Harriman) to the President",
    "Memorandum by Mr. Elbridge Durbrow", "P. S. ", "TOP SECRET", "~~TOP SECRET~~", "PAGE TWO", "(PAGE 2 OF 3)",
    "②", "241846Z", "201550Z NCR 8000", "QUOTE. ", "UNQUOTE.", "*NO GARBLE. ", "HARRIMAN", "- 2 -", "Ø22120",
    "E. D.", "Folder 6. MR 530 Japan (1)", "Map Room", "Box 35",
]
SEPARATORS = ["", " ", " ", "\n", "\n", "\n\n", "  ", "\t", "\u00a0"]

random_text = st.text(CHARACTERS, max_size=400)
seed_like_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(SEPARATORS),
              st.from_regex(r"[A-Za-z][a-z]{0,9}", fullmatch=True), st.integers(0, 2000).map(str),
              st.text(CHARACTERS, max_size=8)),
    max_size=80).map("".join)

# The same examples on every run, so a failure in CI is the same failure on a laptop.
READER_SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                           suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------- all text of a document

def inline_texts(nodes) -> Iterator[str]:
    """The text of inline nodes as the page shows it, node by node."""
    for node in nodes:
        if isinstance(node, Text):
            yield node.text
        elif isinstance(node, (Mark, NameRef)):
            yield from inline_texts(node.children)
        elif isinstance(node, Gap):
            yield node.text
        elif isinstance(node, NoteRef):
            yield node.label
        elif isinstance(node, PageBreak):
            yield f"[{'Page' if node.kind == 'page' else 'Form'} {node.label}]"


def document_text(doc: Document, glue: str = " ") -> str:
    """Everything a document holds as text: head, blocks, notes, form, handling, witnesses.

    `glue` joins inline nodes: " " reads a mark's edge as a word boundary ("~~TOP~~Secret"), ""
    as none ("Harri<u>man</u>").
    """
    def blocks(items: tuple[Block, ...]) -> list[str]:
        return [glue.join(inline_texts(b.inlines)) for b in items]

    parts = blocks(doc.head) + blocks(doc.blocks) + blocks(doc.form)
    for note in doc.notes:
        parts += [note.label, str(note.number), note.source_number, note.kind,
                  glue.join(inline_texts(note.inlines)), *note.variants]
    if doc.handling:
        parts += [text for pair in doc.handling.fields for text in pair] + list(doc.handling.action)
    for witness in doc.witnesses:
        parts += [witness.label, *blocks(witness.blocks)]
    return "\n".join(parts)


def words(text: str, glue: str = " ") -> set[str]:
    return set(WORD.findall(APPARATUS.sub(glue, text)))


def lost_words(text: str, result: ReadResult) -> set[str]:
    """Words of `text` the documents lack, read both ways: mark edges as word boundaries or not.

    Nothing is lost if either reading finds every word, so that neither reading's artefacts (a
    mark glued to the next word, a bookmark removed from inside a word) pass for a loss.
    """
    lost = []
    for glue in (" ", ""):
        kept = set().union(*(words(document_text(d, glue), glue) for d in result.documents))
        lost.append(words(text, glue) - kept)
    return lost[0] if lost[1] else set()


# ---------------------------------------------------------------- properties

def read(reader, text: str) -> ReadResult:
    result = reader.read(Source(PATH, text))
    assert isinstance(result, ReadResult)
    assert all(isinstance(d, Document) for d in result.documents)
    assert all(isinstance(d, Diagnostic) for d in result.diagnostics)
    lines = text.count("\n") + 1
    for d in result.diagnostics:
        assert d.path == PATH and 0 <= d.line <= lines, d.format()
    return result


def check_words(reader, text: str) -> None:
    result = read(reader, text)
    lost = lost_words(text, result)
    assert not lost, f"{reader.NAME} lost {sorted(lost)[:20]} from {text!r}"


@pytest.mark.parametrize("name", list(READERS))
@READER_SETTINGS
@given(text=random_text)
def test_any_text_keeps_its_words(name, text):
    check_words(READERS[name], text)


@pytest.mark.parametrize("name", list(READERS))
@READER_SETTINGS
@given(text=seed_like_text)
def test_seed_like_text_keeps_its_words(name, text):
    check_words(READERS[name], text)


@pytest.mark.parametrize("name", list(READERS))
def test_every_seed_keeps_its_words(name):
    """The example seeds, each through every reader (not only the one that would be chosen)."""
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        check_words(READERS[name], seed.read_text("utf-8"))


def test_the_word_check_notices_a_lost_word():
    text = "Harriman wrote to Stalin."
    result = ReadResult((Document(id="", family="plain", kind="", title="",
                                  source=None, blocks=(Block("p", (Text("Harriman wrote to"),), 1, 1),)),), ())
    assert lost_words(text, result) == {"Stalin"}
    assert words('a[bookmark: _ftn0]b <u>c</u> <input type="checkbox"/>', "") == {"ab", "c"}
    assert words('a[bookmark: _ftn0]b <u>c</u> <input type="checkbox"/>') == {"a", "b", "c"}


FIXTURE_SEEDS = sorted(p for family in ("frus_web", "word_export", "archive_copy", "map_room")
                       for p in (ROOT / "tests" / "fixtures" / family).glob("*.txt"))


@pytest.mark.parametrize("fixture", FIXTURE_SEEDS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_reader_fixture_keeps_its_words(fixture):
    """The transcriptions written to be unlike the seeds, each through the reader chosen for it."""
    text = fixture.read_text("utf-8")
    check_words(choose(text), text)
