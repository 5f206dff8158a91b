"""Open data: every document's TEI is valid against tei_all; the CMIF file lists every letter."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from edition.cmif import published_at
from edition.config import Config
from edition.model import Block, DocDate, Document, Footnote, Gap, Mark, NoteRef, PageBreak, Party, SourceRef, Text
from edition.tei import document_tei

SCHEMA = Path(__file__).parent / "schemas" / "tei_all.rng"
NS = {"tei": "http://www.tei-c.org/ns/1.0"}


@pytest.fixture(scope="module")
def tei_all() -> etree.RelaxNG:
    # tei_all.rng (TEI P5 4.9.0) compiles in lxml/libxml2 in about ten seconds: once per module.
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def assert_valid(schema: etree.RelaxNG, text: str, name: str) -> etree._Element:
    root = etree.fromstring(text.encode("utf-8"))
    if not schema.validate(root):
        problems = "\n".join(f"{e.line}: {e.message}" for e in list(schema.error_log)[:15])
        pytest.fail(f"{name} is not valid TEI (tei_all):\n{problems}")
    return root


def test_every_document_has_valid_tei(site, documents, tei_all):
    assert documents
    for d in documents:
        file = site / d["url"].lstrip("/") / "tei.xml"
        root = assert_valid(tei_all, file.read_text("utf-8"), str(file.relative_to(site)))
        assert root.findtext("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title", namespaces=NS) == d["title"]
        assert root.find(".//tei:publicationStmt/tei:idno[@type='URL']", NS).text.endswith(d["url"])
        # every note of the page is in the TEI, numbered as on the page
        notes = root.xpath(".//tei:text//tei:note[@place='foot'][not(@type='missing')]", namespaces=NS)
        assert sorted(int(n.get("n")) for n in notes) == [n["number"] for n in d["notes"]]
        # the source's page breaks
        pbs = [pb.get("n") for pb in root.iter("{%s}pb" % NS["tei"])]
        assert [b["label"] for b in d["page_breaks"]] == pbs[:len(d["page_breaks"])]


def test_tei_header_has_correspondents_source_and_licence(site, documents):
    d = next(d for d in documents if d["family"] == "word_export")
    root = etree.parse(str(site / d["url"].lstrip("/") / "tei.xml")).getroot()
    sent = root.find(".//tei:correspDesc/tei:correspAction[@type='sent']", NS)
    received = root.find(".//tei:correspDesc/tei:correspAction[@type='received']", NS)
    assert sent.findtext("tei:persName", namespaces=NS) == d["senders"][0]["label"]
    assert sent.find("tei:date", NS).get("when") == d["date"] == "1944-06-11"
    assert sent.findtext("tei:placeName", namespaces=NS) == "Moscow"
    assert received.findtext("tei:persName", namespaces=NS) == d["recipients"][0]["label"]
    bibl = root.find(".//tei:sourceDesc/tei:bibl", NS)
    assert bibl.findtext("tei:note[@type='source']", namespaces=NS) == d["source"]["description"]
    lines = bibl.find("tei:citedRange", NS)
    assert (lines.get("from"), lines.get("to")) == (str(d["source"]["first_line"]), str(d["source"]["last_line"]))
    licence = root.find(".//tei:availability/tei:licence", NS)
    assert licence.get("target") == "https://creativecommons.org/licenses/by/4.0/"


def test_frus_page_break_and_notes_sit_at_their_markers(site, documents):
    d = next(d for d in documents if d["family"] == "frus_web")
    root = etree.parse(str(site / d["url"].lstrip("/") / "tei.xml")).getroot()
    pb = root.find(".//tei:body//tei:pb[@n='793']", NS)
    assert pb is not None and pb.getparent().tag == "{%s}p" % NS["tei"]
    note2 = root.find(".//tei:body//tei:note[@n='2']", NS)
    assert "John W. Russell" in "".join(note2.itertext())
    assert note2.getparent().tag == "{%s}p" % NS["tei"]     # inside the paragraph, at its marker
    assert root.find(".//tei:closer/tei:signed", NS) is not None
    assert root.find(".//tei:postscript/tei:p", NS) is not None


def test_marks_become_tei_and_odd_text_is_escaped(tei_all):
    """Inline marks map to TEI elements; markup-like and non-XML characters in a seed stay text."""
    inlines = (Text("Sent <b>&amp; \x0c"), Mark("add", (Text("added"),)), Mark("del", (Text("gone"),)),
               Mark("underline", (Text("under"),)), Gap("redacted", "[REDACTED]"), NoteRef("1", 1, 3),
               PageBreak("2", 4, "form"), NoteRef("9", None, 5), NoteRef("1", 1, 6))
    doc = Document(id="1944-01-01-a-to-b", family="plain", kind="letter", title='A "to" B & C',
                   source=SourceRef("seeds/x.txt", 1, 9, "plain", "Papers", "Box 1, folder 2"),
                   senders=(Party("Mr. A", "A"),), recipients=(Party("Mr. B", "B"),),
                   date=DocDate("1944-01-01", "1 January 1944"),
                   blocks=(Block("address", (Text("Dear B,"),), 1, 1), Block("p", inlines, 2, 6),
                           Block("signature", (Text("A"),), 7, 7)),
                   notes=(Footnote(1, "1", (Text("A note <i>."),), 8),))
    text = document_tei(doc, Config(title="Ed", licence="CC BY 4.0", licence_url="https://example.org/l"),
                        "https://example.org/d/", "https://example.org/")
    root = assert_valid(tei_all, text, "synthetic document")
    p = root.find(".//tei:body//tei:p", NS)
    assert p.text == "Sent <b>&amp; \ufffd"
    assert [c.tag.split("}")[1] for c in p] == ["add", "del", "hi", "gap", "note", "pb", "note", "ptr"]
    assert p.find("tei:hi", NS).get("rend") == "underline"
    assert p.find("tei:gap", NS).get("reason") == "redacted"
    assert p.find("tei:pb", NS).get("type") == "form"
    assert p.find("tei:note[@type='missing']", NS).get("n") == "9"
    assert p.find("tei:ptr", NS).get("target") == "#note-1"       # a second reference to note 1
    assert root.find(".//tei:opener/tei:salute", NS).text == "Dear B,"
    assert root.find(".//tei:closer/tei:signed", NS).text == "A"


def test_cmif_lists_every_letter_with_sender_recipient_date_and_url(subpath_site, documents):
    root = etree.parse(str(subpath_site / "data" / "cmif.xml")).getroot()   # well-formed, or this raises
    assert root.tag == "{%s}TEI" % NS["tei"]
    assert root.find(".//tei:publicationStmt/tei:idno[@type='URL']", NS).text == \
        "http://127.0.0.1/edition-test/data/cmif.xml"
    assert root.find(".//tei:availability/tei:licence", NS).get("target")
    letters = {d["id"]: d for d in documents if d["senders"] or d["recipients"]}
    messages = root.findall(".//tei:profileDesc/tei:correspDesc", NS)
    assert len(messages) == len(letters) >= 3
    for message in messages:
        url = message.get("ref")
        assert url.startswith("http://127.0.0.1/edition-test/documents/"), url
        doc_id = url.rstrip("/").rsplit("/", 1)[1]
        assert doc_id in letters
        sender = message.find("tei:correspAction[@type='sent']/tei:persName", NS)
        recipient = message.find("tei:correspAction[@type='received']/tei:persName", NS)
        assert sender is not None and sender.text.strip(), url
        assert recipient is not None and recipient.text.strip(), url
        date = message.find("tei:correspAction[@type='sent']/tei:date", NS)
        assert date is not None and date.get("when") == letters[doc_id]["date"], url
    assert all(d["date"] for d in letters.values())     # the example has no undated letter


def test_cmif_date_follows_source_date_epoch_never_the_clock():
    assert published_at({}) == ""
    assert published_at({"SOURCE_DATE_EPOCH": "0"}) == "1970-01-01T00:00:00Z"
    assert published_at({"SOURCE_DATE_EPOCH": "not a number"}) == ""
