"""Registers: loading with path:line diagnostics, and the name-matching rules."""
from __future__ import annotations

import shutil

from edition.annotate import Matcher, link_names, resolve_party
from edition.model import NameRef, Party, Text
from edition.registers import Entry, Office, Registers, load_registers
from readers_util import FIXTURES

from conftest import ROOT


def registry(*entries: Entry) -> Registers:
    return Registers({(e.register, e.id): e for e in entries})


PEOPLE = registry(
    Entry("persons", "stalin", "Joseph Stalin", "Stalin, Joseph", ("Stalin", "Marshal Stalin", "MARSHALL STALIN", "U.J.")),
    Entry("persons", "marshall", "George C. Marshall", "Marshall, George C.", ("Marshall", "General Marshall")),
    Entry("persons", "winant", "John G. Winant", "Winant", ("the Ambassador in the United Kingdom",)),
    Entry("persons", "harriman", "W. Averell Harriman", "Harriman", ("Harriman", "the Ambassador")),
    Entry("terms", "tor", "TOR", "TOR", ("TOR",), case_sensitive=True),
)


def linked(text: str) -> list[tuple[str, str]]:
    return [(n.key, n.children[0].text) for n in link_names((Text(text),), Matcher(PEOPLE)) if isinstance(n, NameRef)]


def test_whole_words_only():
    assert linked("Stalingrad and Harrimania are not names; Stalin is.") == [("stalin", "Stalin")]


def test_all_caps_and_possessives():
    assert linked("HARRIMAN's cable; STALIN AGREED") == [("harriman", "HARRIMAN"), ("stalin", "STALIN")]


def test_longest_spelling_wins():
    assert linked("MARSHALL STALIN met General Marshall") == [("stalin", "MARSHALL STALIN"), ("marshall", "General Marshall")]
    assert linked("the Ambassador in the United Kingdom and the Ambassador") == [
        ("winant", "the Ambassador in the United Kingdom"), ("harriman", "the Ambassador")]


def test_spelling_across_line_breaks_and_punctuation_forms():
    assert linked("message to U.J. and Marshal\n  Stalin") == [("stalin", "U.J."), ("stalin", "Marshal\n  Stalin")]


def test_case_sensitive_terms():
    assert linked("TOR MAP ROOM; a tor on the moor") == [("tor", "TOR")]


def test_correspondents_resolve_to_persons():
    m = Matcher(PEOPLE)
    assert resolve_party(Party("The Ambassador in the Soviet Union (Harriman)", "Harriman"), m).person == "harriman"
    assert resolve_party(Party("PREMIER J. V. STALIN", "Stalin"), m).person == "stalin"
    assert resolve_party(Party("OPNAV", "OPNAV"), m).person == ""


def test_office_held_on_the_date():
    office = Office("Ambassador to the Soviet Union", "1943-10-23", "1946-01-24")
    assert office.held_on("1944-06-11") and office.held_on("1944") and office.held_on("1943-10")
    assert not office.held_on("1943-09-30") and not office.held_on("1946-02")


def test_bad_registers_are_reported_with_lines(tmp_path):
    (tmp_path / "content").mkdir()
    shutil.copy(FIXTURES / "registers" / "bad" / "persons.yaml", tmp_path / "content" / "persons.yaml")
    registers, diags = load_registers(tmp_path)
    found = {(d.code, d.line) for d in diags}
    assert ("register-duplicate-id", 4) in found
    assert ("register-shared-spelling", 8) in found     # the line of the spelling
    assert ("register-id", 9) in found
    assert ("register-date", 16) in found
    assert all(d.path == "content/persons.yaml" for d in diags)
    assert registers.get("persons", "king").name == "Ernest J. King"


def test_the_example_registers_load_cleanly():
    registers, diags = load_registers(ROOT)
    assert not diags, [d.format() for d in diags]
    assert len(registers.of("persons")) >= 30


def test_a_prose_page_cannot_take_the_address_of_generated_pages(tmp_path):
    from edition.content import load_content
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "persons.md").write_text("# People\n", "utf-8")
    (tmp_path / "content" / "method.md").write_text("# Method\n", "utf-8")
    content, diags = load_content(tmp_path)
    assert [p.slug for p in content.pages] == ["method"]
    assert [(d.path, d.code) for d in diags] == [("content/persons.md", "page-name")]


def test_authority_ids_are_read_from_their_addresses_too(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "persons.yaml").write_text(
        '- id: "a"\n  name: "A"\n  wikidata: "https://www.wikidata.org/wiki/Q183039"\n  viaf: "https://viaf.org/viaf/31995563/"\n'
        '- id: "b"\n  name: "B"\n  wikidata: "q42"\n'
        '- id: "c"\n  name: "C"\n  wikidata: "183039"\n', "utf-8")
    registers, diags = load_registers(tmp_path)
    a, b, c = (registers.get("persons", k) for k in "abc")
    assert (a.wikidata, a.viaf, b.wikidata, c.wikidata) == ("Q183039", "31995563", "Q42", "")
    assert [(d.code, d.line) for d in diags] == [("register-authority", 10)]


def test_an_office_that_ends_before_it_begins_is_reported(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "persons.yaml").write_text(
        '- id: "a"\n  name: "A"\n  offices:\n    - title: "Ambassador"\n      from: "1944-05-01"\n      to: "1943-01-01"\n'
        '    - title: "Envoy"\n      form: "1943"\n', "utf-8")
    _, diags = load_registers(tmp_path)
    assert [(d.code, d.line) for d in diags] == [("register-date", 6), ("register-unknown-key", 8)]
