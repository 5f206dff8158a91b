from edition.readers import choose, frus_web
from readers_util import breaks, refs, source, texts


def test_offset_note_numbers_map_onto_the_list():
    result = frus_web.read(source("frus_web", "offset_notes.txt"))
    doc = result.documents[0]
    found = refs(doc.head + doc.blocks)
    assert [(r.label, r.number) for r in found] == [("12", 1), ("13", 2), ("14", 3)]
    assert [n.label for n in doc.notes] == ["12", "13", "14"]
    assert not result.diagnostics


def test_numbers_that_are_not_notes_stay_text():
    doc = frus_web.read(source("frus_web", "offset_notes.txt")).documents[0]
    body = " ".join(texts(doc.blocks))
    assert "12 air fields" in body and "in 1944" in body and "p. 738 covers" in body


def test_heading_dateline_file_number_signature_page_break():
    doc = frus_web.read(source("frus_web", "offset_notes.txt")).documents[0]
    assert doc.references[0].value == "740.0011 European War 1939/34567"
    assert doc.title == "The Ambassador in the Soviet Union (Harriman) to the Secretary of State"
    assert doc.senders[0].name == "Harriman" and doc.recipients[0].label == "the Secretary of State"
    assert doc.place == "Moscow" and doc.date.iso == "1944-06-12"
    assert doc.blocks[-1].kind == "signature" and texts(doc.blocks)[-1] == "Harriman"
    assert [b.label for b in breaks(doc.blocks)] == ["42"]


def test_marker_without_note_is_reported_with_line():
    result = frus_web.read(source("frus_web", "marker_without_note.txt"))
    doc = result.documents[0]
    assert [(r.label, r.number) for r in refs(doc.head + doc.blocks)] == [("1", 1), ("2", 2), ("3", None)]
    [diag] = result.diagnostics
    assert diag.code == "footnote-missing" and diag.line == 5
    assert diag.format().startswith("tests/fixtures/frus_web/marker_without_note.txt:5: warning[footnote-missing]")


def test_note_without_marker_is_kept_and_reported():
    result = frus_web.read(source("frus_web", "note_without_marker.txt"))
    assert [n.number for n in result.documents[0].notes] == [1, 2]
    assert [d.code for d in result.diagnostics] == ["footnote-unreferenced"]
    assert result.diagnostics[0].line == 8


def test_numbered_paragraphs_are_not_a_note_list():
    doc = frus_web.read(source("frus_web", "numbered_paragraphs.txt")).documents[0]
    assert doc.notes == ()
    assert texts(doc.blocks) == ["1. The first point of the memorandum.", "2. The second point of the memorandum."]


def test_family_is_chosen_from_the_text():
    assert choose(source("frus_web", "offset_notes.txt").text).NAME == "frus_web"
    assert choose(source("word_export", "duplicate_notes.txt").text).NAME == "word_export"
    assert choose(source("archive_copy", "missing_notes.txt").text).NAME == "archive_copy"
    assert choose("Just some words.\n\nAnd more.").NAME == "plain"
