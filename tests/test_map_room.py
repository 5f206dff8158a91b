"""The Map Room folder reader: the real folder seed, cut-down fixtures and variants written to stress it.

Each fixture in tests/fixtures/map_room/ has a `.expected.json` summary next to it
(documents and diagnostics). After a deliberate change, regenerate them with
`MAP_ROOM_REGEN=1 .venv/bin/python -m pytest -q tests/test_map_room.py` and read the diff.
"""
from __future__ import annotations

import builtins
import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edition.model import (Block, Box, Document, Gap, Mark, NameRef, NoteRef, PageBreak, Source, Text,
                           plain_text)
from edition.ids import base_id
from edition.readers import choose, map_room
from edition.readers.map_room_facts import address_parties, party, serial_line, serials
from readers_util import FIXTURES, source

ROOT = Path(__file__).resolve().parent.parent
SEED = "seeds/004_ec54436f320b8bd3.txt"
FIXTURE_DIR = FIXTURES / "map_room"
FIXTURE_NAMES = sorted(p.name for p in FIXTURE_DIR.glob("*.txt"))

# Mark syntax that becomes structure (a Box, a PageBreak, an underline) rather than words.
MARK_SYNTAX = re.compile(r"</?u>|<input\s+type=\"checkbox\"\s*/?>|\[Page\s+[0-9ivxlcdmIVXLCDM]+[a-z]?\]")


def seed() -> Source:
    return Source(SEED, (ROOT / SEED).read_text("utf-8"))


@pytest.fixture(scope="module")
def folder():
    return map_room.read(seed())


def fixture(name: str):
    return map_room.read(source("map_room", name))


# ---------------------------------------------------------------- the words of a result


def _inline_text(nodes) -> str:
    out = []
    for node in nodes:
        if isinstance(node, (Text, Gap)):
            out.append(node.text)
        elif isinstance(node, NoteRef):
            out.append(node.label)              # "Staff¹" is one word in the seed
        elif isinstance(node, PageBreak):
            out.append(" ")
        elif isinstance(node, (Mark, NameRef)):
            out.append(_inline_text(node.children))
    return "".join(out)


def document_text(doc: Document) -> str:
    """Everything of a document a reader can see: head, text, form, notes, copies, cover sheet."""
    parts = [_inline_text(b.inlines) for b in doc.head + doc.blocks + doc.form]
    parts += [f"{n.source_number} {_inline_text(n.inlines)}" for n in doc.notes]
    parts += [_inline_text(b.inlines) for w in doc.witnesses for b in w.blocks]
    if doc.handling:
        parts += [f"{label} {value}" for label, value in doc.handling.fields] + list(doc.handling.action)
    return "\n".join(parts)


def words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text))


def assert_no_word_lost(text: str, result) -> None:
    """Every word of the text is in some document; in fact every occurrence of it, so no line is dropped."""
    expected = words(MARK_SYNTAX.sub(" ", text))
    found = words("\n".join(document_text(d) for d in result.documents))
    assert not set(expected) - set(found), f"words lost: {sorted(set(expected) - set(found))[:20]}"
    assert not expected - found, f"occurrences lost: {dict(list((expected - found).items())[:20])}"


def texts(blocks: tuple[Block, ...]) -> list[str]:
    return [plain_text(b.inlines) for b in blocks]


def all_inlines(doc: Document):
    blocks = doc.head + doc.blocks + doc.form + tuple(b for w in doc.witnesses for b in w.blocks)
    stack = [n for b in blocks for n in b.inlines] + [n for note in doc.notes for n in note.inlines]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (Mark, NameRef)):
            stack.extend(node.children)


# ---------------------------------------------------------------- every message of the real folder

# (kind, senders, recipients, date, main reference), newest first as the folder files them.
SEED_MESSAGES = [
    ("folder-note", [], [], "1944", "file:MR 530 Japan (1)"),
    ("telegram", ["PRESIDENT"], ["Harriman"], "1944-08-30", "message:#54"),
    ("telegram", ["PRESIDENT"], ["PRIME MINISTER"], "1944-08-26", "message:#606"),
    ("telegram", ["PRESIDENT"], ["Winant"], "1944-08-26", "message:#50"),
    ("telegram", ["Stalin"], ["PRESIDENT"], "1944-08-22", ""),
    ("telegram", ["Harriman"], ["PRESIDENT"], "1944-08-21", "serial:201550Z NCR 719"),
    ("telegram", ["PRESIDENT"], ["Harriman"], "1944-08-19", "message:#44"),
    ("telegram", ["Harriman"], ["PRESIDENT"], "1944-08-18", "serial:180235Z NCR 8589"),
    ("dispatch", ["Harriman"], ["PRESIDENT"], "1944-07-25", "dtg:242230Z"),
    ("telegram", ["PRESIDENT"], ["Harriman"], "1944-06-12", "serial:121711 NCR 8233"),
    ("dispatch", ["Harriman"], ["PRESIDENT"], "1944-06-11", "serial:110529 NCR 3900"),
    ("cover sheet", ["Harriman"], ["PRESIDENT"], "1944-04-18", "serial:180915 NCR 1211"),
    ("dispatch", ["Deane"], ["Arnold"], "1944-02-11", "serial:102310 NCR 3661"),
    ("telegram", ["Arnold"], ["Deane"], "1944-02-08", "serial:081650 NCR 5461"),
    ("telegram", ["PRESIDENT"], ["Harriman"], "1944-02-08", "serial:081659-5462"),
    ("memorandum", ["Brown"], ["Leahy"], "1944-02-04", ""),
    ("dispatch", ["Harriman"], ["PRESIDENT"], "1944-02-03", "serial:022120 NCR 8052"),
]


def test_every_message_of_the_folder(folder):
    found = [(d.kind, [p.name for p in d.senders], [p.name for p in d.recipients], d.date.iso,
              f"{d.references[0].kind}:{d.references[0].value}" if d.references else "")
             for d in folder.documents]
    assert found == SEED_MESSAGES


def test_documents_are_in_folder_order_with_one_folder_and_source(folder):
    docs = folder.documents
    assert [d.order for d in docs] == list(range(len(docs)))
    assert {d.folder for d in docs} == {"mr-530-japan-1"}
    assert {d.family for d in docs} == {"map_room"} and {d.id for d in docs} == {""}
    assert {d.source.description for d in docs} == {"Map Room, Box 35, Folder 6: MR 530 Japan (1)"}
    assert {d.source.collection for d in docs} == {"Franklin D. Roosevelt Library, Map Room Papers"}
    spans = [(d.source.first_line, d.source.last_line) for d in docs]
    assert spans[0] == (3, 26) and spans[1] == (28, 93) and spans[-1] == (894, 1098)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:])), "documents overlap"


def test_no_word_of_the_seed_is_lost(folder):
    assert_no_word_lost(seed().text, folder)


def test_seed_diagnostics(folder):
    assert [d.format() for d in folder.diagnostics] == [
        f'{SEED}:97: warning[map-room-no-cover]: no Map Room cover sheet follows "The President to The Prime '
        "Minister, 26 August 1944\"; its facts are the message's own",
        f'{SEED}:111: warning[map-room-no-cover]: no Map Room cover sheet follows "The President to Ambassador '
        "Winant, 26 August 1944\"; its facts are the message's own",
        f'{SEED}:219: warning[map-room-no-cover]: no Map Room cover sheet follows "The President to Ambassador '
        "Harriman, 19 August 1944\"; its facts are the message's own",
        f"{SEED}:551: warning[map-room-no-message]: the cover sheet for 180915 NCR 1211 has no message above it; "
        'it is kept as a document of its own (kind "cover sheet"); the message may be filed elsewhere',
        f'{SEED}:882: warning[map-room-no-cover]: no Map Room cover sheet follows "Memorandum from Wilson Brown '
        "to Admiral Leahy, 4 February 1944\"; its facts are the message's own",
    ]


def test_detect_and_choose():
    assert map_room.detect(seed().text) >= 0.85
    assert choose(seed().text).NAME == "map_room"
    for other in sorted((ROOT / "seeds").glob("*.txt")):
        if other.name != Path(SEED).name:
            assert map_room.detect(other.read_text("utf-8")) < 0.1
    assert map_room.detect("Dear Sir,\n\nFROM: me\nTO : you\n\nThe letter.") == 0.0
    assert map_room.detect("") == 0.0
    typed_only = ("Map Room\nBox 7\n\nFROM: THE PRESIDENT\nTO : MARSHAL STALIN\nNO : 82\n\nTEXT.\n\n"
                  "FROM: MARSHAL STALIN\nTO : THE PRESIDENT\nNO : 5\n\nTEXT.\n")
    assert choose(typed_only).NAME == "map_room"


# ---------------------------------------------------------------- the parts of a message


def test_folder_note(folder):
    note = folder.documents[0]
    assert note.kind == "folder-note" and note.title.startswith("Folder 6. MR 530 Japan (1)—Air Operations")
    assert note.date.text == "3 February—24 September 1944"
    assert texts(note.head)[1] == "Map Room Box 35 Folder 6"
    [footnote] = note.notes
    assert footnote.label == "¹" and footnote.source_number == "1"
    assert plain_text(footnote.inlines) == "DEANE-JCS, 241846Z NCR 8000, 24 Sept 44."
    refs = [n for b in note.blocks for n in b.inlines if isinstance(n, NoteRef)]
    assert [(r.label, r.number, r.line) for r in refs] == [("¹", 1, 15)]
    assert texts(note.form) == ["DECLASSIFIED", "\\ JCS memo, 1-4-74", "By RHP, NLR, Date", "MAY 2 1974"]


def test_typed_copy_with_quote_and_cover_sheet():
    result = fixture("typed_with_cover.txt")
    [doc] = result.documents
    assert [b.kind for b in doc.blocks] == ["p", "quote", "quote", "quote", "quote", "p", "signature"]
    assert texts(doc.blocks)[1] == "QUOTE. PREMIER STALIN TO PRESIDENT ROOSEVELT."
    assert texts(doc.blocks)[4].endswith("successfully cooperate with our staff. UNQUOTE.")
    [quote] = doc.quotes
    assert ([p.name for p in quote.senders], [p.name for p in quote.recipients]) == (["Stalin"], ["PRESIDENT"])
    assert quote.date.iso == "1944-08-22" and not quote.date.certain and quote.line == 7
    assert doc.classification == "TOP SECRET" and doc.subject == "Use of Soviet far eastern bases."
    form = texts(doc.form)
    assert "302115 NCR 2586" in form and "Regraded Unclassified" in form and "TOP SECRET" in form
    assert any(t.startswith("Published in Stalin's Correspondence") for t in form)
    struck = [b for b in doc.form if plain_text(b.inlines) == "TOP SECRET"][0]
    assert isinstance(struck.inlines[0], Mark) and struck.inlines[0].kind == "del"
    assert not any("Published" in t or "DECLASSIFIED" in t for t in texts(doc.blocks))
    assert doc.handling.fields[:4] == (("FROM", "The President"), ("TO", "Ambassador Harriman"),
                                       ("SERIAL or FILE NO.", ""), ("DATE", "#54, 30 Aug 44."))
    assert ("ORIGINAL", '"MR PRESIDENT-HARRIMAN FILE"') in doc.handling.fields
    assert ("File", "530 JAPAN.") in doc.handling.fields
    assert doc.handling.action[2] == "3. No reply."
    assert (doc.handling.first_line, doc.handling.last_line) == (34, 66)
    assert (doc.date.time, doc.date.text) == ("302115", "30 AUGUST 1944")


def test_messages_without_cover_sheet():
    result = fixture("no_cover.txt")
    assert [d.references[0].value if d.references else "" for d in result.documents] == ["#606", "#50", ""]
    assert [d.handling is None for d in result.documents] == [True, True, False]
    assert [(d.code, d.line) for d in result.diagnostics] == [("map-room-no-cover", 3), ("map-room-no-cover", 17)]
    winant = result.documents[1]
    assert winant.recipients[0].label == "AMBASSADOR WINANT" and winant.classification == "TOP-SECRET"


def test_cover_sheet_without_message():
    result = fixture("cover_only.txt")
    [doc] = result.documents
    assert doc.kind == "cover sheet" and doc.blocks == ()
    assert doc.title == "Cover sheet: Ambassador Harriman to The President, 18 April 1944"
    assert doc.subject == "Conference with Chief, Far Eastern Air Force"
    assert [(r.kind, r.value) for r in doc.references] == [("serial", "180915 NCR 1211"), ("white", "WHITE 64")]
    assert doc.handling.action == (
        "To President at Waccamaw as WHITE 64, 18/1725Z .",
        'In BLACK 44, 20/0220Z, Apr, the President stated: "No acknowledgement or reply will be made to WHITE64."')
    assert [d.format() for d in result.diagnostics] == [
        "tests/fixtures/map_room/cover_only.txt:3: warning[map-room-no-message]: the cover sheet for 180915 NCR "
        '1211 has no message above it; it is kept as a document of its own (kind "cover sheet"); the message '
        "may be filed elsewhere"]


def test_page_marker_inside_a_cover_sheet_field_is_kept_and_not_read_as_a_fact():
    text = source("map_room", "cover_only.txt").text
    text = text.replace("FROM Ambassador Harriman", "FROM Ambassador [Page 12] Harriman")
    text = text.replace("SUBJECT Conference with Chief,", "SUBJECT Conference [Page 13] with Chief,")
    [doc] = map_room.read(Source("cover.txt", text)).documents
    assert ("SUBJECT", "Conference [Page 13] with Chief, Far Eastern Air Force") in doc.handling.fields
    assert ("FROM", "Ambassador [Page 12] Harriman") in doc.handling.fields
    assert doc.subject == "Conference with Chief, Far Eastern Air Force"
    assert [p.name for p in doc.senders] == ["Harriman"]


def _breaks(doc: Document) -> list[PageBreak]:
    return [n for b in doc.blocks for n in b.inlines if isinstance(n, PageBreak)]


def test_three_form_dispatch_is_one_document():
    result = fixture("dispatch_circled_pages.txt")
    [doc] = result.documents
    assert doc.kind == "dispatch" and not result.diagnostics
    assert [(b.label, b.line, b.kind) for b in _breaks(doc)] == [("2", 41, "form"), ("3", 82, "form")]
    body = " ".join(texts(doc.blocks))
    assert "THE EXPERIENCE GAINED FROM US IN PREPARATION" in body
    assert "THE BRITISH OF COURSE WOULD BE INVOLVED" in body
    assert texts(doc.blocks)[0] == "PERSONAL SECRET FOR THE EYES OF THE PRESIDENT ONLY FROM HARRIMAN."
    assert doc.blocks[0].kind == "address" and doc.place == "Moscow"
    assert not any(w in body for w in ("ADMIRAL.", "Handle only", "DRAFTER", "REEGAN", "OPNAV"))
    form = texts(doc.form)
    assert "DRAFTER\tEXT.\tADDRESSEES\tPRECEDENCE" in form and "OPNAV 19-78" in form
    assert ("Channel from", "ALUSNA MOSCOW") in doc.handling.fields
    assert [(r.kind, r.value) for r in doc.references][:2] == [("serial", "110529 NCR 3900"), ("part", "110527 NCR 4004")]


def test_forms_filed_out_of_order_are_read_in_page_order():
    lines = source("map_room", "dispatch_circled_pages.txt").text.split("\n")
    page1, page2, rest = lines[0:30], lines[30:81], lines[81:]
    result = map_room.read(Source("reordered.txt", "\n".join(page2 + page1 + rest)))
    [doc] = result.documents
    assert doc.blocks[0].kind == "address" and [b.label for b in _breaks(doc)] == ["2", "3"]
    assert "THE EXPERIENCE GAINED FROM US IN PREPARATION" in " ".join(texts(doc.blocks))


def test_dispatch_pages_hyphens_slashed_zero_and_code_room_notes():
    result = fixture("dispatch_page_words.txt")
    [doc] = result.documents
    body = " ".join(texts(doc.blocks))
    assert "PHOTO RECON-NAISSANCE PLANES" in body and "DEANE IS CAB-LING ARNOLD" in body
    assert "THEY WERE INCREASING THEIR AIR STRENGTH" in body
    assert "15Ø TO 2ØØ" in body                          # the page text keeps the typist's Ø
    assert "Ø2212Ø" in texts(doc.form) and doc.references[0].value == "022120 NCR 8052"
    assert doc.date.time == "022120" and doc.date.text == "3 FEB 1944"
    assert [b.label for b in _breaks(doc)] == ["2", "3"]
    assert [(n.label, n.kind, n.line, plain_text(n.inlines)) for n in doc.notes] == [
        ("*", "code-room note", 104, 'NO GARBLE. AS RECEIVED. APPARENTLY WORD "EXPLAIN" OMITTED.'),
        ("*", "code-room note", 166, 'NO GARBLE. WORD APPARENTLY OMITTED. SUGGEST "SEEM".')]
    refs = [n for b in doc.blocks for n in b.inlines if isinstance(n, NoteRef)]
    assert [(r.label, r.number, r.line) for r in refs] == [("*", 1, 96), ("*", 2, 150)]
    assert "I WOULD" in body and "*" not in body
    assert [texts(doc.head)[0]] == ["PART ONE Ø22122 NCR 8Ø52"]
    deleted = sorted(plain_text(n.children) for n in all_inlines(doc) if isinstance(n, Mark) and n.kind == "del")
    assert deleted == ['"RIGHT"', "STATED"]


def test_handwritten_draft_is_a_witness():
    result = fixture("handwritten_draft.txt")
    [doc] = result.documents
    [draft] = doc.witnesses
    assert draft.label == "handwritten draft" and (draft.first_line, draft.last_line) == (62, 120)
    assert texts(draft.blocks)[0] == '081650 - APR 5461 081653 - " "'
    added = [plain_text(m.children) for b in draft.blocks for m in b.inlines if isinstance(m, Mark)]
    assert "KAMCHATKA" in added and "us" in added
    assert doc.blocks[-1].kind == "signature" and texts(doc.blocks)[-1] == "ARNOLD"
    assert not any("Apherling" in t for t in texts(doc.blocks))
    assert "Released from the White House Map Room" in texts(doc.form)
    assert "George M. Elsey" in texts(doc.form)
    assert texts(doc.blocks)[0] == "PERSONAL AND MOST SECRET FROM GENERAL ARNOLD TO GENERAL DEANE."
    assert ("Channel from", "OPNAV") in doc.handling.fields and ("Channel to", "ALUSNA, MOSCOW") in doc.handling.fields
    assert [(b.label, b.kind) for b in _breaks(doc)] == [("2", "page")]
    assert "much saving in time and cargo planes would be effected" in " ".join(texts(doc.blocks))


def test_second_typed_copy_is_a_witness():
    result = fixture("second_typed_copy.txt")
    [doc] = result.documents
    [copy] = doc.witnesses
    assert copy.label == "second typed copy"
    assert texts(copy.blocks)[:2] == ["February 8, 1944", "PRESIDENT TO HARRIMAN:"]
    assert doc.references[0].value == "081659-5462" and "081659 - 5462" in texts(doc.form)
    assert texts(doc.blocks)[0] == "FOR AMBASSADOR HARRIMAN PERSONAL AND SECRET FROM THE PRESIDENT."
    assert not result.diagnostics


def test_unknown_form_line_is_kept_and_reported():
    result = fixture("unknown_form_line.txt")
    first, dispatch = result.documents
    assert "Seen in Map Room by duty officer" in texts(dispatch.form)
    assert "ENCIPHERED ON MACHINE SEVEN" in texts(dispatch.form)     # an unknown table row is form, quietly
    assert [d.format() for d in result.diagnostics] == [
        'tests/fixtures/map_room/unknown_form_line.txt:31: warning[map-room-unplaced]: line "Seen in Map Room by '
        'duty officer" is neither message text nor a known form line; it is kept with the form of the nearest '
        "message; check where it belongs"]
    assert first.references[0].value == "#61" and dispatch.references[0].value == "031530 NCR 1200"


def test_dates_in_other_formats():
    result = fixture("other_date_formats.txt")
    assert [(d.date.iso, d.date.text) for d in result.documents] == [
        ("1944-10-02", "2nd October 1944"), ("1944-10-04", "Oct. 4, 1944")]
    assert result.documents[1].place == "Moscow"


def test_cover_sheet_that_disagrees_keeps_both_facts():
    result = fixture("doubt.txt")
    [doc] = result.documents
    assert doc.date.iso == "1944-08-21" and doc.senders[0].name == "Harriman"
    assert ("SERIAL or FILE NO.", "201555Z, 22 Aug 44.") in doc.handling.fields
    assert ("FROM", "Ambassador Winant") in doc.handling.fields
    assert [d.code for d in result.diagnostics] == ["map-room-doubt"] * 3
    assert result.diagnostics[0].format() == (
        'tests/fixtures/map_room/doubt.txt:11: warning[map-room-doubt]: the cover sheet gives the date "22 Aug 44" '
        'but the message says "21 AUGUST 1944"; both are kept (the message\'s in the document, the cover sheet\'s '
        "in its handling); check the source and correct one of them in content/documents.yaml")


def test_markup_inside_marks_stays_text():
    result = fixture("marks_script.txt")
    [doc] = result.documents
    nodes = list(all_inlines(doc))
    assert all(isinstance(n, (Text, Mark, Gap, Box, NoteRef, PageBreak)) for n in nodes)
    assert {m.kind for m in nodes if isinstance(m, Mark)} >= {"add", "del", "underline"}
    assert any(isinstance(n, Box) for n in nodes) and any(isinstance(n, Gap) for n in nodes)
    scripts = [n for n in nodes if isinstance(n, Text) and ("<script>" in n.text or "<img" in n.text)]
    assert len(scripts) >= 8
    for mark in (n for n in nodes if isinstance(n, Mark)):
        assert all(isinstance(c, (Text, Mark, Gap, Box, NoteRef)) for c in mark.children)
    fields = dict(doc.handling.fields)
    assert fields["SUBJECT"] == "<script>alert(6)</script> <img src=x onerror=alert(7)>"
    assert doc.handling.action == ("1. <script>alert(8)</script> <img src=x onerror=alert(9)>",)
    assert not any("<u>" in v or "^{" in v or "~~" in v for v in fields.values())
    assert doc.notes[0].label == "*" and "<script>alert(4)</script>" in plain_text(doc.notes[0].inlines)
    assert doc.quotes[0].senders[0].name == "Stalin"


def test_another_folder_needs_no_code_change():
    result = fixture("other_folder.txt")
    note, telegram, dispatch = result.documents
    assert {d.folder for d in result.documents} == {"mr-300-churchill-2"}
    assert note.source.description == "Map Room, Box 7, Folder 3: MR 300 Churchill (2)"
    assert [(n.label, n.source_number) for n in note.notes] == [("²", "2")]
    assert (telegram.senders[0].name, telegram.recipients[0].name) == ("PRIME MINISTER", "PRESIDENT")
    assert [p.name for p in telegram.quotes[0].recipients] == ["Alexander"]
    assert dispatch.place == "London" and [b.label for b in _breaks(dispatch)] == ["2"]
    assert "THE WEATHER IS IMPROV-ING. I SHALL SEND" in " ".join(texts(dispatch.blocks))
    assert [(r.kind, r.value) for r in dispatch.references] == [("serial", "041200 NCR 555"), ("white", "WHITE 12")]
    # Churchill signs as "Former Naval Person": the reader cannot know, so it asks.
    assert [d.code for d in result.diagnostics] == ["map-room-doubt"]


# ---------------------------------------------------------------- the helpers, as data

@pytest.mark.parametrize("label, name", [
    ("THE PRESIDENT", "PRESIDENT"), ("PRESIDENT F. D. ROOSEVELT", "PRESIDENT"), ("President Benes", "Benes"),
    ("PREMIER J. V. STALIN", "Stalin"), ("Marshal Stalin", "Stalin"), ("AMBASSADOR HARRIMAN, MOSCOW.", "Harriman"),
    ("THE PRIME MINISTER", "PRIME MINISTER"), ("ADMIRAL LEAHY.", "Leahy"), ("Wilson Brown", "Brown"),
    ("GENERAL MARSHALL", "Marshall"), ("OPNAV", "OPNAV"),
])
def test_party_names(label, name):
    assert party(label).name == name


@pytest.mark.parametrize("line, sender, recipient", [
    ("PERSONAL AND SECRET FOR THE EYES OF THE PRESIDENT ONLY FROM HARRIMAN.", "HARRIMAN", "THE PRESIDENT"),
    ("PERSONAL AND SECRET FOR THE PRESIDENTS EYES ONLY FROM HARRIMAN.", "HARRIMAN", "THE PRESIDENT"),
    ("THIS IS PERSONAL [REDACTED] FOR THE EYES OF GENERAL ARNOLD ONLY FROM DEANE.", "DEANE", "GENERAL ARNOLD"),
    ("PERSONAL AND MOST SECRET FROM GENERAL ARNOLD TO GENERAL DEANE.", "GENERAL ARNOLD", "GENERAL DEANE"),
    ("FOR AMBASSADOR HARRIMAN PERSONAL AND SECRET FROM THE PRESIDENT.", "THE PRESIDENT", "AMBASSADOR HARRIMAN"),
    ("FROM THE PRESIDENT FOR AMBASSADOR HARRIMAN.", "THE PRESIDENT", "AMBASSADOR HARRIMAN"),
])
def test_address_lines(line, sender, recipient):
    senders, recipients = address_parties(line)
    assert (senders[0].label, recipients[0].label) == (sender, recipient)


@pytest.mark.parametrize("text, refs", [
    ("201550Z NCR 719, 21 AUGUST 1944.", ["serial:201550Z NCR 719"]),
    ("Ø2212Ø NCR 8Ø52", ["serial:022120 NCR 8052"]),
    ("242230/Z", ["dtg:242230Z"]),
    ("#54, 30 Aug 44.", []),
    ("TOR CODEROOM 0636/25", []),
])
def test_serials(text, refs):
    assert [f"{r.kind}:{r.value}" for r in serials(text)] == refs


def test_serial_lines():
    assert serial_line("081659 - 5462").value == "081659-5462"
    assert serial_line("302115 NCR 2586").value == "302115 NCR 2586"
    assert serial_line("081653 - \" \"") is None and serial_line("16-30620-2") is None


# ---------------------------------------------------------------- any text at all


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_no_word_of_a_fixture_is_lost(name):
    src = source("map_room", name)
    assert_no_word_lost(src.text, map_room.read(src))


def _summary(result) -> dict:
    def doc(d: Document) -> dict:
        return {
            "kind": d.kind, "title": d.title, "lines": [d.source.first_line, d.source.last_line],
            "senders": [p.label for p in d.senders], "recipients": [p.label for p in d.recipients],
            "date": [d.date.iso, d.date.text, d.date.time], "place": d.place,
            "references": [f"{r.kind}:{r.value}" for r in d.references],
            "classification": d.classification, "subject": d.subject,
            "blocks": [f"{b.kind} {b.first_line}-{b.last_line}" for b in d.blocks],
            "breaks": [f"{b.kind} {b.label} @{b.line}" for b in _breaks(d)],
            "notes": [f"{n.label} @{n.line}" for n in d.notes],
            "form_lines": [b.first_line for b in d.form],
            "handling": [d.handling.first_line, d.handling.last_line, len(d.handling.fields),
                         len(d.handling.action)] if d.handling else None,
            "witnesses": [f"{w.label} {w.first_line}-{w.last_line}" for w in d.witnesses],
            "quotes": [f"{'+'.join(p.name for p in q.senders)}>{'+'.join(p.name for p in q.recipients)} @{q.line}"
                       for q in d.quotes],
        }
    return {"documents": [doc(d) for d in result.documents], "diagnostics": [d.format() for d in result.diagnostics]}


def _dump(summary: dict) -> str:
    """JSON with one line per field, so a regenerated summary diffs line by line."""
    def obj(d: dict, indent: str) -> str:
        return "{" + f",\n{indent}".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
                                         for k, v in d.items()) + "}"
    docs = ",\n".join("  " + obj(d, "   ") for d in summary["documents"])
    diags = "".join(f"\n  {json.dumps(d, ensure_ascii=False)}," for d in summary["diagnostics"]).rstrip(",")
    return f'{{"documents": [\n{docs}\n ],\n "diagnostics": [{diags}{chr(10) + " " if diags else ""}]}}\n'


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_matches_its_expected_summary(name):
    summary = _summary(fixture(name))
    expected_path = FIXTURE_DIR / name.replace(".txt", ".expected.json")
    if os.environ.get("MAP_ROOM_REGEN"):
        expected_path.write_text(_dump(summary), "utf-8")
    assert summary == json.loads(expected_path.read_text("utf-8"))


def test_empty_text_is_reported_not_raised():
    result = map_room.read(Source("empty.txt", "\n \n"))
    assert result.documents == () and [d.code for d in result.diagnostics] == ["map-room-empty"]


def test_prose_is_kept_whole_and_reported():
    result = map_room.read(Source("prose.txt", "Just a letter.\n\nWith two paragraphs of text in it, nothing more."))
    assert len(result.documents) == 1
    assert [d.code for d in result.diagnostics] == ["map-room-nothing-found"]


def test_reading_is_pure_and_deterministic(monkeypatch):
    text = seed().text
    first = map_room.read(Source(SEED, text))

    def no_io(*args, **kwargs):
        raise AssertionError("the reader must not open files")
    monkeypatch.setattr(builtins, "open", no_io)
    assert map_room.read(Source(SEED, text)) == first


_SEED_LINES = (ROOT / SEED).read_text("utf-8").split("\n")
_PIECES = st.sampled_from(_SEED_LINES + [
    "FROM:", "TO :", "SERIAL or FILE NO.", "TOR MAP ROOM", "ACTION:", "1. ", "COPIES TO:", "530 JAPAN", "*",
    "*NO GARBLE.", "QUOTE.", "UNQUOTE.", "^{", "}", "~~", "<u>", "</u>", "\t", "PAGE TWO", "②", "- 1 -", "¹", "Ø",
    "DRAFTER\tEXT.\tADDRESSEES\tPRECEDENCE", "ON OUTGOING DISPATCHES", "FROM X TO Y", "\x00", "<script>", "\r"])
_LINE = st.one_of(_PIECES, st.text(max_size=40), st.lists(_PIECES, max_size=4).map(" ".join))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_LINE, max_size=60).map("\n".join))
def test_any_text_is_read_without_error_and_without_losing_words(text):
    result = map_room.read(Source("random.txt", text))
    assert result.documents or result.diagnostics
    assert_no_word_lost(text, result)
    for doc in result.documents:
        assert 1 <= doc.source.first_line <= doc.source.last_line


# ------------------------------------------------ folders of the family not in the example edition

def _only(name: str) -> Document:
    result = fixture(f"probe_{name}.txt")
    assert len(result.documents) == 1, [d.title for d in result.documents]
    return result.documents[0]


def test_a_declassification_stamp_is_not_the_message_date():
    doc = _only("declassification_stamp_becomes_date")
    assert doc.date.iso == "1944-10-12" and "MAY 2 1974" in texts(doc.form)


def test_slashed_zero_in_a_date():
    assert _only("slashed_zero_in_date").date.iso == "1944-11-20"


def test_a_stamp_between_the_cover_sheets_from_line_and_its_labels():
    doc = _only("stamp_between_cover_from_and_serial")
    assert ("FROM", "Ambassador Harriman") in doc.handling.fields and ("TO", "The President") in doc.handling.fields


def test_page_numbers_at_the_head_of_pages():
    doc = _only("page_number_at_top_of_page")
    assert [(b.label, b.line) for b in _breaks(doc)] == [("2", 9)]


@pytest.mark.parametrize("name", ["heading_line_splits_message", "memorandum_line_splits_message"])
def test_a_line_inside_the_text_starts_no_message(name):
    doc = _only(name)
    assert len(doc.senders) == 1 and not [d for d in fixture(f"probe_{name}.txt").diagnostics if d.code == "map-room-doubt"]


def test_a_folder_note_is_named_by_its_folder():
    note = fixture("probe_folder_note_id_collision.txt").documents[0]
    assert note.kind == "folder-note" and base_id(note) == f"{note.folder}-folder-note"


def test_signal_offices_and_addresses_without_personal():
    assert [p.name for p in _only("military_mission_not_channel").senders] == ["Deane"]
    message, dispatch = fixture("probe_for_x_from_y_and_dispatch_addressee_ignored.txt").documents
    assert ([p.name for p in message.senders], [p.name for p in message.recipients]) == (["Marshall"], ["Deane"])
    assert dispatch.senders == () and [p.label for p in dispatch.recipients] == ["THE PRESIDENT"]


def test_a_subheading_in_capitals_is_not_the_signature():
    result = fixture("probe_caps_subheading_taken_for_signature.txt")
    [doc] = result.documents
    assert "SHUTTLE BOMBING" in texts(doc.blocks) and texts(doc.blocks)[-1] == "ROOSEVELT"
    assert not [d for d in result.diagnostics if d.code == "map-room-unplaced"]


def test_the_same_words_sent_to_two_people_are_two_messages():
    first, second = fixture("probe_same_text_to_two_recipients.txt").documents
    assert [r.value for r in first.references] == ["#681"] and [r.value for r in second.references] == ["#82"]
    assert [p.name for p in second.recipients] == ["Stalin"] and not first.witnesses and not second.witnesses


def test_a_folder_that_files_cover_sheets_above_their_messages():
    result = fixture("probe_cover_sheets_above_messages.txt")
    stalin, president = result.documents
    assert stalin.handling.first_line == 1 and ("FROM", "Marshal Stalin") in stalin.handling.fields
    assert ("FROM", "The President") in president.handling.fields and president.date.iso == "1944-10-25"
    assert not result.diagnostics


def test_a_joint_message_has_two_senders_and_both_signatures():
    result = fixture("probe_joint_message.txt")
    doc = result.documents[0]
    assert [p.label.upper() for p in doc.senders] == ["THE PRESIDENT", "THE PRIME MINISTER"]
    assert doc.blocks[-1].kind == "signature" and texts(doc.blocks)[-1] == "ROOSEVELT CHURCHILL"
    assert not [d for d in result.diagnostics if d.code == "map-room-doubt"]


def test_quoted_messages_keep_their_own_number_and_date():
    doc = next(d for d in fixture("probe_quotes_two_messages.txt").documents if d.quotes)
    assert [(q.date.iso, q.references) for q in doc.quotes] == [("1944-10-20", ("#800",)), ("1944-10-22", ())]


def test_a_transcription_of_two_folders():
    result = fixture("probe_two_folders.txt")
    assert [(d.kind, d.folder) for d in result.documents] == [
        ("folder-note", "mr-310-japan-1"), ("telegram", "mr-310-japan-1"),
        ("folder-note", "mr-310-japan-2"), ("telegram", "mr-310-japan-2")]
    assert [d.order for d in result.documents] == [0, 1, 2, 3]
    assert not [d for d in result.diagnostics if d.code in ("map-room-no-header", "map-room-doubt")]


def test_a_quotation_that_begins_and_ends_inside_lines():
    doc = _only("quote_inside_lines")
    assert [b.kind for b in doc.blocks] == ["address", "p", "quote", "p", "signature"]
    assert texts(doc.blocks)[1] == "PLEASE DELIVER THE FOLLOWING MESSAGE TO MARSHAL STALIN."
    assert texts(doc.blocks)[2].startswith("QUOTE PRESIDENT TO MARSHAL STALIN.") and texts(doc.blocks)[2].endswith("UNQUOTE.")
    assert texts(doc.blocks)[3] == "PLEASE INFORM ME WHEN DELIVERED."
    assert [p.name for q in doc.quotes for p in q.recipients] == ["Stalin"]


def test_ocr_specks_on_lines_of_their_own_are_form_not_text():
    text = source("map_room", "cover_only.txt").text  # a sheet; add a message with specks above it
    message = ("COPY\n\nFROM: AMBASSADOR HARRIMAN\nTO : THE PRESIDENT\nNO : 180915 NCR 1211, 18 APRIL 1944.\n\n"
               "The conference went well.\n\n•\n\nWe meet again tomorrow.\n\nl\n\nHARRIMAN\n\n")
    [doc] = map_room.read(Source("specks.txt", message + text)).documents
    assert texts(doc.blocks) == ["The conference went well.", "We meet again tomorrow.", "HARRIMAN"]
    assert {"•", "l"} <= set(texts(doc.form))


def test_printed_labels_of_the_routing_table_are_no_addressees(folder):
    channels = [v for d in folder.documents if d.handling for k, v in d.handling.fields if k == "Channel to"]
    assert "CNO" in channels and not [v for v in channels if re.search(r"\b(?:TIME|DATE|GCT)\b", v)]
