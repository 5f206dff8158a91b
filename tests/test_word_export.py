from edition.model import Source, plain_text
from edition.readers import word_export
from readers_util import FIXTURES, refs, source, texts


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


def _read(name: str):
    result = word_export.read(source("word_export", name))
    return result.documents[0], result.diagnostics


def test_notes_are_paired_by_number_when_the_printed_list_lacks_one():
    doc, diags = _read("printed_copy_missing_note.txt")
    assert [(n.label, n.source_number, n.variants) for n in doc.notes] == [("1", "44", ()), ("2", "", ()), ("3", "46", ())]
    assert plain_text(doc.notes[2].inlines) == "Maj. Gen. John R. Deane."
    assert [(d.code, d.line) for d in diags] == [("footnote-copies", 12)]


def test_a_note_only_in_the_printed_list_serves_its_marker():
    doc, diags = _read("word_copy_missing_note.txt")
    assert [(n.label, n.source_number) for n in doc.notes] == [("1", "81"), ("2", "82"), ("3", "83")]
    assert plain_text(doc.notes[1].inlines) == "The offensive in Byelorussia began on 22 June 1944."
    assert [r.number for r in refs(doc.head + doc.blocks)] == [1, 2, 3]
    assert [d.code for d in diags] == ["footnote-copies"]


def test_a_rule_inside_the_text_is_not_the_notes_separator():
    doc, diags = _read("rule_in_body.txt")
    assert texts(doc.blocks) == ["I presented your proposal this afternoon.", "ENCLOSURE",
                                 "Memorandum handed to General Slavin: six heavy bombardment groups are desired."]
    assert [(n.label, n.source_number) for n in doc.notes] == [("1", "67")] and not diags


def test_marker_with_a_space_and_printed_notes_without_kind():
    doc, diags = _read("space_before_number.txt")
    assert "[2]" not in " ".join(texts(doc.blocks))
    assert [(r.label, r.number) for r in refs(doc.head + doc.blocks)] == [("1", 1), ("2", 2)]
    assert [(n.label, n.source_number) for n in doc.notes] == [("1", "51"), ("2", "52")] and not diags


def test_text_among_the_notes_is_kept_and_reported():
    text = source("word_export", "duplicate_notes.txt").text.replace(
        "_________________________________\n", "_________________________________\nSee also the enclosure.\n")
    result = word_export.read(Source("loose.txt", text))
    doc = result.documents[0]
    assert texts(doc.blocks)[-1] == "See also the enclosure."
    assert any(d.code == "notes-loose-text" and d.line == 7 for d in result.diagnostics)


def test_headings_and_datelines_of_other_exports():
    doc, _ = _read("heading_on_two_lines.txt")
    assert doc.title == "The Ambassador in the Soviet Union (Harriman) to President Roosevelt"
    assert doc.recipients[0].name == "Roosevelt" and doc.date.iso == "1944-10-18"
    doc, _ = _read("dateline_with_note_marker.txt")
    assert doc.date.iso == "1944-10-18" and [r.label for r in refs(doc.head)] == ["1", "2"]
    doc, _ = _read("dateline_day_range_bracketed_place.txt")
    assert (doc.place, doc.date.iso) == ("Moscow", "1944-10-17")


def test_a_note_line_that_begins_with_a_year_continues_the_note():
    doc, diags = _read("note_continuation_line_starts_with_number.txt")
    assert [n.label for n in doc.notes] == ["1", "2"] and not diags
    assert "1944, 2200 hours" in plain_text(doc.notes[0].inlines)


def test_a_cursor_bookmark_among_the_notes_is_apparatus():
    doc, diags = _read("goback_bookmark_in_notes.txt")
    assert all("bookmark" not in plain_text(n.inlines) for n in doc.notes) and "_GoBack" in doc.apparatus
    assert [n.variants for n in doc.notes] == [(), ()]


def test_word_line_breaks_are_spaces():
    from edition.textio import decode
    text, _ = decode((FIXTURES / "word_export" / "vertical_tab_and_form_feed.txt").read_bytes(), "vt.txt")
    doc = word_export.read(Source("vt.txt", text)).documents[0]
    assert "Top Secret for the President. Stalin" in " ".join(texts(doc.blocks))
