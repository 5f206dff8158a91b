"""Witnesses: the same text in several sources, found, made one page, collated and exported."""
from __future__ import annotations

import itertools
import json
import random
import re
import shutil
import time
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from conftest import ROOT, copy_project, page_text
from edition import collation, witnesses
from edition.collation import compare, tokenize
from edition.loader import load_edition
from edition.model import Block, DocDate, Document, Party, SourceRef, Text
from edition.witness_settings import load_settings

FIXTURES = Path(__file__).parent / "fixtures" / "witnesses"
JUNE11 = "1944-06-11-harriman-to-roosevelt"
DISPATCH = "1944-06-11-harriman-to-president-110529"
STALIN = "1944-08-22-stalin-to-president"
NO54 = "1944-08-30-president-to-harriman-54"
ARNOLD = "1944-02-08-arnold-to-deane-081650"
PRES_FEB8 = "1944-02-08-president-to-harriman-081659-5462"
KNOWN = {JUNE11: False, DISPATCH: False, STALIN: False, NO54: False, NO54 + "#quote-1": True}


def edition_with(tmp_path: Path, witnesses_yaml: str | None = "", site_extra: str = ""):
    """The example edition with our own content/witnesses.yaml ("": empty; None: no file)."""
    project = copy_project(tmp_path)
    file = project / "content" / "witnesses.yaml"
    if witnesses_yaml is None:
        file.unlink(missing_ok=True)
    else:
        file.write_text(witnesses_yaml, "utf-8")
    if site_extra:       # in place of the example's own threshold
        site = project / "site.yaml"
        lines = [x for x in site.read_text("utf-8").splitlines() if not x.startswith("witness_threshold:")]
        site.write_text("\n".join(lines + [site_extra]) + "\n", "utf-8")
    return load_edition(project, jobs=1)


@pytest.fixture(scope="module")
def unaided(tmp_path_factory):
    """The example edition with an empty content/witnesses.yaml: the build's own findings."""
    return edition_with(tmp_path_factory.mktemp("unaided"))


def witnesses_of(edition) -> dict[str, list]:
    return {d.id: [(w.kind, w.document_id) for w in d.witnesses] for d in edition.documents if d.witnesses}


# ---------------------------------------------------------------- finding the groups


def test_the_four_groups_are_found_without_help(unaided):
    found = witnesses_of(unaided)
    assert found == {
        ARNOLD: [("", "")],                     # the handwritten draft, in the same folder
        PRES_FEB8: [("", "")],                  # two typed copies, in the same folder
        JUNE11: [("copy", DISPATCH)],           # printed text and naval dispatch, across seeds
        STALIN: [("quotation", NO54)],          # as received, and as quoted in the President's #54
    }
    ids = {d.id for d in unaided.documents}
    assert DISPATCH not in ids and NO54 in ids and STALIN in ids
    assert not [d for d in unaided.diagnostics if "witness" in d.code]


def test_the_folder_copies_are_witnesses_by_similarity_too(unaided):
    """The reader grouped the folder's copies; the collation agrees they are the same text."""
    by_id = unaided.by_id()
    for doc_id in (ARNOLD, PRES_FEB8):
        [c] = collation.collate(by_id[doc_id]).comparisons
        assert c.similarity >= 0.9


def test_no_false_group_among_the_others(unaided):
    """Even at half the default threshold, and comparing every pair with no date or correspondent
    window, no other texts come near each other: the margin is wide."""
    units = [u for d in unaided.documents for u in witnesses.units_of(d)]
    assert witnesses.found_pairs(units, 0.35) == {(STALIN, NO54 + "#quote-1"): 0.94}
    expected = {frozenset(p) for p in ((STALIN, NO54 + "#quote-1"), (STALIN, NO54), (NO54, NO54 + "#quote-1"))}
    for a, b in itertools.combinations(units, 2):
        if a.doc.id == b.doc.id or frozenset((a.key, b.key)) in expected:
            continue        # a document and the message it quotes; the quotation's known group
        if min(len(a.words), len(b.words)) >= witnesses.MIN_WORDS:
            assert collation.similarity(list(a.words), list(b.words)) < 0.35, (a.key, b.key)


def test_reading_text_by_default_is_the_mixed_case_print(unaided):
    doc = unaided.by_id()[JUNE11]
    assert doc.family == "word_export" and doc.witnesses[0].document.family == "map_room"
    assert doc.witnesses[0].basis.startswith("similarity 0.9")


def _doc(doc_id: str, text: str, day: str = "1944-06-11", sender: str = "harriman", recipient: str = "roosevelt"):
    return Document(id=doc_id, family="plain", kind="telegram", title=doc_id,
                    source=SourceRef("seeds/x.txt", 1, 1, "plain"), senders=(Party(sender, sender, sender),),
                    recipients=(Party(recipient, recipient, recipient),), date=DocDate(iso=day), blocks=(Block("p", (Text(text),), 1, 1),))


def test_detection_stays_near_linear_and_finds_a_noisy_copy():
    """2,000 documents of one correspondent pair on one day, from a small vocabulary: the worst case
    for the date and correspondent window. Candidates stay few, and a copy in capitals with OCR
    slips and a missing sentence is still found."""
    rng = random.Random(8)
    vocab = [f"word{i}" for i in range(60)] + ["the", "of", "and", "bombers", "airfields", "Stalin"]
    docs = [_doc(f"d{i}", " ".join(rng.choice(vocab) for _ in range(300))) for i in range(2000)]
    original = docs[7].blocks[0].inlines[0].text.split()
    noisy = [w.upper() for w in original]
    noisy[40:52] = []                                       # a missing passage
    for k in range(0, len(noisy), 23):
        noisy[k] = noisy[k][:-1] + "X"                      # OCR slips
    docs.append(_doc("copy", " ".join(noisy)))
    units = [u for d in docs for u in witnesses.units_of(d)]
    started = time.perf_counter()
    candidates = witnesses.candidates(units)
    found = witnesses.found_pairs(units, 0.7)
    seconds = time.perf_counter() - started
    assert len(candidates) < 100, "candidates must not grow with the square of the edition"
    assert list(found) == [("d7", "copy")]
    assert seconds < 10


def test_dates_and_correspondents_keep_candidates_apart():
    text = " ".join(f"word{i % 97}x{i}" for i in range(120))
    a = witnesses.units_of(_doc("a", text))[0]
    assert witnesses.could_be_witnesses(a, witnesses.units_of(_doc("b", text, day="1944-06-14"))[0])
    assert not witnesses.could_be_witnesses(a, witnesses.units_of(_doc("c", text, day="1944-06-15"))[0])
    assert not witnesses.could_be_witnesses(a, witnesses.units_of(_doc("d", text, sender="stalin"))[0])
    assert witnesses.could_be_witnesses(a, witnesses.units_of(_doc("e", text, day="1944-06"))[0])


# ---------------------------------------------------------------- the editor's word


def test_editor_rejects_a_group(tmp_path):
    edition = edition_with(tmp_path, f'- documents: ["{JUNE11}", "{DISPATCH}"]\n  reject: "yes"\n')
    ids = {d.id for d in edition.documents}
    assert DISPATCH in ids and not edition.by_id()[JUNE11].witnesses


def test_editor_chooses_the_reading_text(tmp_path):
    edition = edition_with(tmp_path, f'- documents: ["{JUNE11}", "{DISPATCH}"]\n  reading: "{DISPATCH}"\n')
    by_id = edition.by_id()
    assert JUNE11 not in by_id
    [w] = by_id[DISPATCH].witnesses
    assert (w.kind, w.document_id, w.basis) == ("copy", JUNE11, "similarity 0.97, confirmed by the editor")
    assert len(w.document.notes) == 4      # the printed text keeps its notes, inside its witness


def test_editor_adds_a_group_the_build_did_not_find(tmp_path):
    a, b = "1944-08-26-president-to-minister-606", "1944-08-26-president-to-winant-50"
    edition = edition_with(tmp_path, f'- documents: ["{a}", "{b}"]\n  reading: "{b}"\n')
    by_id = edition.by_id()
    assert a not in by_id and by_id[b].witnesses[0].basis == "grouped by the editor"


def test_editor_rejects_a_quotation(tmp_path):
    edition = edition_with(tmp_path, f'- documents: ["{STALIN}", "{NO54}#quote-1"]\n  reject: "yes"\n')
    assert not edition.by_id()[STALIN].witnesses


def test_threshold_from_site_yaml(tmp_path):
    edition = edition_with(tmp_path, None, 'witness_threshold: "0.99"')
    assert JUNE11 not in witnesses_of(edition) and STALIN not in witnesses_of(edition)
    (tmp_path / "bad").mkdir()
    bad = edition_with(tmp_path / "bad", None, "witness_threshold: much")
    [d] = [d for d in bad.diagnostics if d.code == "config-type"]
    assert d.format().startswith("site.yaml:") and '"witness_threshold" must be a number from 0 to 1' in d.message


@pytest.mark.parametrize("case", sorted(p.stem for p in FIXTURES.glob("*.yaml")))
def test_bad_settings_give_path_line_diagnostics(tmp_path, case):
    (tmp_path / "content").mkdir()
    shutil.copy(FIXTURES / f"{case}.yaml", tmp_path / "content" / "witnesses.yaml")
    diags = []
    load_settings(tmp_path, KNOWN, diags)
    got = "".join(d.format() + "\n" for d in sorted(diags))
    assert got == (FIXTURES / f"{case}.expected").read_text("utf-8")
    assert got and all(re.match(r"^content/witnesses\.yaml:\d+: (error|warning)\[", line) for line in got.splitlines())


def test_bad_settings_stop_the_build(tmp_path):
    edition = edition_with(tmp_path, f'- documents: ["{JUNE11}"]\n')
    assert any(d.code == "witnesses-documents" and d.severity == "error" for d in edition.diagnostics)


# ---------------------------------------------------------------- the collation


def seg_kinds(a: str, b: str) -> list[tuple[str, str, str]]:
    c = compare(tokenize(a), tokenize(b))
    return [(s.kind, " ".join(s.a), " ".join(s.b)) for s in c.segments if s.kind != "same"]


def test_formal_differences_are_told_from_variants():
    assert seg_kinds("Tambovsk - Khabarovsk area", "Tambovsk-Khabarovsk area") == [
        ("join", "Tambovsk - Khabarovsk", "Tambovsk-Khabarovsk")]
    assert seg_kinds("the experi- ence gained", "the experience gained") == [("join", "experi- ence", "experience")]
    assert seg_kinds("talk with Stalin", "talk with STALIN") == [("case", "Stalin", "STALIN")]
    assert seg_kinds("the Far East, using", "the Far East using") == [("punct", "East,", "East")]
    assert seg_kinds("Sovietskaya Gavan suitable", "SOVIETSKAYA GAVTC SUITABLE") == [
        ("case", "Sovietskaya", "SOVIETSKAYA"), ("change", "Gavan", "GAVTC"), ("case", "suitable", "SUITABLE")]


def test_a_missing_sentence_is_one_long_variant():
    a = "He agreed that this was desirable and stressed that it was not only a question of the Air Force."
    b = ("HE AGREED THAT THIS WAS DESIRABLE AND STRESSED THE NECESSITY FOR THE UTMOST SECRECY. "
         "HE ADDED THAT IT WAS NOT ONLY A QUESTION OF THE AIR FORCE.")
    c = compare(tokenize(a), tokenize(b))
    [v] = c.variants
    assert v.segment.kind == "add" and v.segment.long and c.capitals
    assert " ".join(v.segment.b) == "THE NECESSITY FOR THE UTMOST SECRECY. HE ADDED"
    assert v.before == "was desirable and stressed" and v.after == "that it was not"
    assert not c.formal          # one of them in capitals: case differences are not listed


def test_deletions_are_not_part_of_a_witness_reading():
    from edition.model import Mark
    block = Block("p", (Text("It would seem to "), Mark("del", (Text("us"),)), Text(" that much")), 1, 1)
    assert [t.norm for t in collation.block_tokens((block,))] == ["it", "would", "seem", "to", "that", "much"]


# ---------------------------------------------------------------- the site


def html_of(site: Path, doc_id: str):
    return lxml_html.fromstring((site / "documents" / doc_id / "index.html").read_text("utf-8"))


def by_class(tree, path: str, cls: str) -> list:
    return tree.xpath(f"{path}[contains(concat(' ', @class, ' '), ' {cls} ')]")


def apparatus(tree) -> list[tuple[str, str]]:
    return [(li.get("class"), " ".join(li.text_content().split()))
            for ol in by_class(tree, "//ol", "apparatus") for li in by_class(ol, "li", "app")]


def test_june_11_page_shows_the_variants(site):
    tree = html_of(site, JUNE11)
    entries = apparatus(tree)
    assert ("app app-change", "Different: … between Vladivostok and Sovietskaya Gavan suitable for heavy bombers … "
            "Gavan ] Gavan A; GAVTC B") in entries
    assert any(cls == "app app-change" and "Olson, ] Olson, A; OLSEN B" in text for cls, text in entries)
    secrecy = [text for cls, text in entries if "SECRECY" in text]
    assert secrecy == ["Only in B: … was desirable and stressed THE NECESSITY FOR THE UTMOST SECRECY. HE ADDED "
                       "that it was not … after stressed ] om. A; THE NECESSITY FOR THE UTMOST SECRECY. HE ADDED B"]
    [long] = by_class(tree, "//div", "collation-long")[0].xpath(".//li")
    assert "Only in B, not in A" in long.text_content() and "UTMOST SECRECY" in long.text_content()
    # the witnesses and their sources
    text = " ".join(by_class(tree, "//ol", "witness-list")[0].text_content().split())
    assert "B dispatch 110529 NCR 3900 (in capitals)" in text
    assert "seeds/004_ec54436f320b8bd3.txt, lines 401–547" in text
    # the dispatch's own handling, form and facts stay on the page
    details = tree.get_element_by_id(f"witness-{DISPATCH}-text")
    assert "Answered by PRESIDENT's 121711" in details.text_content() and "REEGAN" in details.text_content()


def test_stalin_page_lists_the_quotation_in_no_54(site):
    tree = html_of(site, STALIN)
    item = tree.get_element_by_id(f"witness-{NO54}-quotation")
    assert "as quoted in the President’s #54, 30 August 1944" in item.text_content()
    assert item.xpath(f'.//a[@href="/documents/{NO54}/"]')
    entries = apparatus(tree)
    assert any("at the present time by way of" in text and "for the unfolding" in text for _, text in entries)
    assert (site / "documents" / NO54 / "index.html").exists()


def test_the_old_address_of_the_dispatch_leads_to_its_text(site):
    page = (site / "documents" / DISPATCH / "index.html").read_text("utf-8")
    target = f"/documents/{JUNE11}/#witness-{DISPATCH}"
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in page
    assert f'href="{target}"' in page and "data-pagefind-body" not in page
    assert f'id="witness-{DISPATCH}"' in (site / "documents" / JUNE11 / "index.html").read_text("utf-8")


def test_data_lists_witnesses_and_the_collation(site, documents):
    by_id = {d["id"]: d for d in documents}
    assert DISPATCH not in by_id
    [w] = by_id[JUNE11]["witnesses"]
    assert (w["document_id"], w["source"]["seed"], w["source"]["first_line"]) == (
        DISPATCH, "seeds/004_ec54436f320b8bd3.txt", 401)
    data = json.loads((site / "documents" / JUNE11 / "collation.json").read_text("utf-8"))
    assert [x["siglum"] for x in data["witnesses"]] == ["A", "B"]
    [c] = data["comparisons"]
    assert {"type": "change", "a": "Gavan", "b": "GAVTC"}.items() <= next(
        v for v in c["variants"] if v["b"] == "GAVTC").items()
    assert "".join(s["a"] for s in c["alignment"]) and c["similarity"] > 0.9
    for doc_id in (ARNOLD, PRES_FEB8, STALIN):
        assert (site / "documents" / doc_id / "collation.json").exists()


def test_calendar_counts_the_message_once(site):
    letters = json.loads((site / "data" / "calendar.json").read_text("utf-8"))["letters"]
    june11 = [x for x in letters if x["date"] == "1944-06-11" and x["status"] == "edition"]
    assert [x["id"] for x in june11] == [JUNE11]
    assert "110529 NCR 3900" in june11[0]["references"]
    reply = next(x for x in letters if x["id"] == "1944-06-12-president-to-harriman-121711")
    assert JUNE11 in reply["in_reply_to"]


def test_tei_has_list_wit_and_apparatus(site):
    ns = {"tei": "http://www.tei-c.org/ns/1.0"}
    root = etree.parse(str(site / "documents" / JUNE11 / "tei.xml")).getroot()
    assert [w.get("n") for w in root.findall(".//tei:sourceDesc/tei:listWit/tei:witness", ns)] == ["A", "B"]
    apps = root.findall(".//tei:back//tei:listApp/tei:app", ns)
    gavan = [a for a in apps if a.findtext("tei:rdg", namespaces=ns) == "GAVTC"]
    assert gavan and gavan[0].findtext("tei:lem", namespaces=ns) == "Gavan"
    assert gavan[0].find("tei:rdg", ns).get("wit") == "#wit-B"


def test_variant_view_passes_the_nu_checker(site):
    from test_html_valid import run_vnu
    pages = [site / "documents" / d / "index.html" for d in (JUNE11, STALIN, ARNOLD, PRES_FEB8, DISPATCH)]
    messages = run_vnu(pages)
    assert not messages, "\n".join(f'{m.get("url")}:{m.get("lastLine")}: {m.get("message")}' for m in messages)


def test_no_inline_script_and_script_only_where_witnesses_are(site):
    with_view = (site / "documents" / JUNE11 / "index.html").read_text("utf-8")
    without = (site / "documents" / "1944-06-12-president-to-harriman-121711" / "index.html").read_text("utf-8")
    assert 'src="/assets/witnesses.js"' in with_view and "witnesses.js" not in without
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", with_view)
    assert (ROOT / "assets" / "witnesses.js").exists()
    assert "GAVTC" in page_text(with_view)
