from edition.readers import archive_copy
from readers_util import refs, source, texts


def test_markers_whose_notes_are_missing_are_kept_and_reported():
    result = archive_copy.read(source("archive_copy", "missing_notes.txt"))
    doc = result.documents[0]
    assert [(r.label, r.number, r.line) for r in refs(doc.head + doc.blocks)] == [
        ("1", None, 2), ("2", None, 4), ("3", None, 4)]
    assert [(d.code, d.line) for d in result.diagnostics] == [
        ("footnote-missing", 2), ("footnote-missing", 4), ("footnote-missing", 4)]
    assert doc.notes == ()


def test_numbers_that_are_not_markers_stay():
    doc = archive_copy.read(source("archive_copy", "missing_notes.txt")).documents[0]
    body = texts(doc.blocks)[0]
    assert "4-engine" in body and "12 fields" in body and "Oct 21" in body


def test_header_lines():
    doc = archive_copy.read(source("archive_copy", "missing_notes.txt")).documents[0]
    assert doc.source.collection == "Hopkins Papers" and doc.kind == "letter"
    assert [b.kind for b in doc.head] == ["source-line", "title", "received"]
    assert doc.date.text == "3 May" and doc.date.iso == ""
    assert doc.senders[0].name == "Stimson" and doc.recipients[0].name == "Harry Hopkins"
