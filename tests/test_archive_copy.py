from edition.readers import archive_copy, choose
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


def test_other_papers_lines():
    for name in ("header_two_lines.txt", "papers_line_paren.txt"):
        result = archive_copy.read(source("archive_copy", name))
        doc = result.documents[0]
        assert choose(source("archive_copy", name).text) is archive_copy
        assert doc.kind == "telegram" and doc.senders[0].name == "Harriman" and doc.date.iso.startswith("1944-10-1")
        assert [b.kind for b in doc.head][:1] == ["source-line"]
    doc = archive_copy.read(source("archive_copy", "header_two_lines.txt")).documents[0]
    assert doc.date.note == "date of receipt" and doc.place == ""


def test_notes_given_for_some_markers_only():
    result = archive_copy.read(source("archive_copy", "partial_notes.txt"))
    doc = result.documents[0]
    assert [(r.label, r.number) for r in refs(doc.head + doc.blocks)] == [("1", None), ("2", 2), ("3", 3)]
    assert [n.number for n in doc.notes] == [2, 3]
    assert [(d.code, d.line) for d in result.diagnostics] == [("footnote-missing", 2)]


def test_a_model_number_in_a_telegram_without_notes_is_not_a_marker():
    result = archive_copy.read(source("archive_copy", "model_number_glued.txt"))
    doc = result.documents[0]
    assert [(r.label, r.number) for r in refs(doc.head + doc.blocks)] == [("1", None), ("2", None)]
    assert "the M1 rifle" in texts(doc.blocks)[0]
    assert [d.message.split('"')[3] for d in result.diagnostics] == ["Antonov", "Deane."]


def test_a_papers_line_in_lower_case_and_a_dateline_over_two_days():
    for name in ("papers_line_lower_case.txt", "dateline_day_range.txt"):
        assert choose(source("archive_copy", name).text) is archive_copy
        doc = archive_copy.read(source("archive_copy", name)).documents[0]
        assert (doc.kind, doc.place, doc.date.iso) == ("telegram", "Moscow", "1944-10-17")
    doc = archive_copy.read(source("archive_copy", "dateline_day_range.txt")).documents[0]
    assert doc.date.text == "October 17–18, 1944"
