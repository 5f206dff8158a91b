from edition.model import plain_text
from edition.readers import word_export
from readers_util import refs, source, texts


def test_notes_given_twice_become_one_each():
    result = word_export.read(source("word_export", "duplicate_notes.txt"))
    doc = result.documents[0]
    assert [(n.number, n.source_number, n.kind) for n in doc.notes] == [(1, "12", "Orig. Note"), (2, "13", "Orig. Note")]
    assert plain_text(doc.notes[0].inlines) == "Copy of telegram."


def test_copies_that_differ_are_both_kept_and_reported():
    result = word_export.read(source("word_export", "duplicate_notes.txt"))
    doc = result.documents[0]
    assert doc.notes[1].variants == ("Marshal Stalin was then in Moscow.",)
    codes = {d.code for d in result.diagnostics}
    assert "footnote-copies-differ" in codes


def test_bookmarks_are_structure_not_text():
    result = word_export.read(source("word_export", "duplicate_notes.txt"))
    doc = result.documents[0]
    body = " ".join(texts(doc.head + doc.blocks))
    assert "bookmark" not in body and "[1]" not in body
    assert [(r.label, r.number, r.anchor) for r in refs(doc.head + doc.blocks)] == [
        ("1", 1, "_ftn_GoBack0"), ("2", 2, "_ftn_GoBack1"), ("3", None, "_ftn_GoBack2")]
    assert "_GoBack" in doc.apparatus and "_ftn0" in doc.apparatus


def test_marker_without_note_is_reported():
    result = word_export.read(source("word_export", "duplicate_notes.txt"))
    missing = [d for d in result.diagnostics if d.code == "footnote-missing"]
    assert len(missing) == 1 and missing[0].line == 5


def test_dateline_and_parties():
    doc = word_export.read(source("word_export", "duplicate_notes.txt")).documents[0]
    assert doc.place == "Washington" and doc.date.iso == "1944-03-03"
    assert doc.senders[0].label == "The Secretary of State" and doc.recipients[0].name == "Harriman"
