import pytest

from edition.readers import choose, frus_web
from edition.model import Source, plain_text
from readers_util import FIXTURES, breaks, refs, source, texts

FIXTURE_DIR = FIXTURES / "frus_web"


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


# ------------------------------------------------ variants of the family not in the example edition

def _read(name: str):
    result = choose(source("frus_web", name).text).read(source("frus_web", name))
    return result.documents[0], result.diagnostics


def _marked(doc) -> list[tuple[str, int | None]]:
    return [(r.label, r.number) for r in refs(doc.head + doc.blocks)]


@pytest.mark.parametrize("name,file_number,kind", [
    ("file_number_colon_telegram.txt", "861.24/1422: Telegram", "telegram"),
    ("file_number_pacific_war.txt", "740.0011 P.W./3612", "document"),
])
def test_file_numbers_of_other_series(name, file_number, kind):
    doc, diags = _read(name)
    assert [(r.kind, r.value) for r in doc.references] == [("file", file_number), ("message", "371")]
    assert doc.title == "The Ambassador in the Soviet Union (Harriman) to the Secretary of State"
    assert (doc.kind, doc.date.iso, doc.senders[0].name) == (kind, "1944-02-02", "Harriman")
    assert _marked(doc) == [("12", 1)] and not diags


def test_a_marker_after_a_number_ends_the_run_and_notes_keep_their_order():
    doc, diags = _read("marker_after_number.txt")
    assert _marked(doc) == [("31", 1), ("32", 2)] and not diags
    assert texts(doc.blocks)[0].endswith("since the protocol of March 30.")


def test_a_model_number_is_not_a_marker():
    doc, diags = _read("model_number_glued.txt")
    assert _marked(doc) == [("1", 1), ("2", 2), ("3", 3)] and not diags
    assert "200 M3 light tanks" in texts(doc.blocks)[0]


def test_despatch_number_and_page_marker_in_the_heading():
    doc, _ = _read("despatch_number_before_dateline.txt")
    assert doc.date.iso == "1944-06-12" and ("message", "563") in [(r.kind, r.value) for r in doc.references]
    doc, _ = _read("page_marker_first_line.txt")
    assert doc.title.startswith("The Chargé in the Soviet Union (Hamilton)") and doc.date.iso == "1944-06-21"
    assert [(b.label, b.line) for b in breaks(doc.head)] == [("1052", 1)]


def test_a_note_list_with_the_volume_numbers():
    doc, diags = _read("printed_note_numbers.txt")
    assert _marked(doc) == [("64", 64), ("65", 65)] and not diags
    assert [n.number for n in doc.notes] == [64, 65]
    assert "raid, with an editorial of June 8." in texts(doc.blocks)[0]


def test_newer_headings_and_two_recipients():
    doc, _ = _read("modern_numbered_heading.txt")
    assert doc.kind == "telegram" and doc.senders[0].label == "the Ambassador in the Soviet Union (Harriman)"
    assert doc.recipients[0].name == "Roosevelt"
    doc, _ = _read("recipient_and.txt")
    assert [p.label for p in doc.recipients] == ["the President", "the Secretary of State"]


def test_a_copy_of_two_documents_gives_two_with_their_own_notes():
    result = frus_web.read(source("frus_web", "two_documents.txt"))
    first, second = result.documents
    assert (first.date.iso, second.date.iso) == ("1944-02-02", "1944-02-09")
    assert (first.order, second.order) == (0, 1)
    assert (first.source.first_line, second.source.first_line) == (1, 13)
    assert _marked(first) == [("12", 1)] and _marked(second) == [("13", 1)]
    assert [n.line for n in second.notes] == [23] and "Army Air Forces" in str(second.notes[0].inlines)
    assert second.blocks[0].first_line == 19 and not result.diagnostics


def test_numbered_paragraphs_are_text_when_the_notes_keep_the_volume_numbers():
    doc, diags = _read("numbered_paragraphs_with_volume_note_numbers.txt")
    assert [n.number for n in doc.notes] == [9, 10] and _marked(doc) == [("9", 9), ("10", 10)]
    assert [t[:3] for t in texts(doc.blocks)][1:4] == ["1. ", "2. ", "3. "] and not diags


def test_a_heading_on_two_lines_an_enclosure_and_roman_page_numbers():
    doc, _ = _read("heading_on_two_lines.txt")
    assert doc.title == "The Ambassador in the Soviet Union (Harriman) to the Secretary of State"
    assert doc.date.iso == "1944-10-15" and [p.label for p in doc.recipients] == ["the Secretary of State"]
    kinds = [b.kind for b in doc.blocks]
    assert kinds[kinds.index("enclosure") - 1] == "signature" and kinds[-1] == "signature"
    assert ("xii", 13) in [(b.label, b.line) for b in breaks(doc.blocks)]


def test_an_editorial_note_between_documents_is_a_document_of_its_own():
    result = frus_web.read(source("frus_web", "editorial_note_between_documents.txt"))
    first, note, last = result.documents
    assert note.kind == "editorial note" and note.title == "46. Editorial Note"
    assert [plain_text(n.inlines) for n in first.notes] == ["See telegram 3912, October 15, ante."]
    assert _marked(last) == [("1", 1)] and plain_text(last.notes[0].inlines) == "Supra."


def test_the_only_marker_after_a_number_and_other_file_numbers():
    doc, diags = _read("only_marker_after_number.txt")
    assert _marked(doc) == [("1", 1)] and not diags
    doc, _ = _read("file_number_with_FW_prefix.txt")
    assert doc.references[0].value.startswith("FW 761.94/1620") and doc.date.iso == "1944-12-15"


def test_a_first_sentence_with_a_date_is_not_the_dateline():
    doc, _ = _read("first_sentence_with_date_taken_as_dateline.txt")
    assert doc.place == "" and not [b for b in doc.head if b.kind == "dateline"]
    assert texts(doc.blocks)[0].startswith("General Antonov called on")


def test_a_byte_order_mark_inside_the_file_is_dropped():
    from edition.textio import decode
    text, _ = decode((FIXTURE_DIR / "bom_in_middle.txt").read_bytes(), "bom.txt")
    assert "\ufeff" not in text
    assert len(frus_web.read(Source("bom.txt", text)).documents) == 2


def test_a_note_that_begins_with_a_kind_word_starts_no_document():
    text = source("frus_web", "offset_notes.txt").text.rstrip("\n") + "\n\n1. Message sent by courier; not printed.\n"
    assert len(frus_web.read(Source("notes.txt", text)).documents) == 1


def test_the_heading_of_a_copied_web_page_is_the_sources_not_a_document():
    text = source("frus_web", "web_page_heading.txt").text
    assert choose(text) is frus_web
    [doc] = frus_web.read(Source("web.txt", text)).documents
    assert [b.kind for b in doc.head][:4] == ["source-line"] * 4
    assert doc.title.startswith("The Ambassador in the Soviet Union (Harriman)") and doc.date.iso == "1944-11-05"
