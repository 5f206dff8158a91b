"""Reply chains from what the sources say, on made-up messages in every form of reference."""
from __future__ import annotations

from dataclasses import replace

from edition.annotate import Matcher, annotate
from edition.correspondence import build_correspondence, ids_in
from edition.inline import parse_inline
from edition.model import Block, DocDate, Document, Handling, Party, QuotedMessage, Reference, SourceRef
from edition.registers import Entry, Registers

REG = Registers({("persons", e.id): e for e in (
    Entry("persons", "roosevelt", "Franklin D. Roosevelt", "Roosevelt", ("Roosevelt", "President", "the President")),
    Entry("persons", "harriman", "W. Averell Harriman", "Harriman", ("Harriman",)),
    Entry("persons", "stalin", "Joseph Stalin", "Stalin", ("Stalin",)),
    Entry("persons", "deane", "John R. Deane", "Deane", ("Deane",)),
    Entry("persons", "arnold", "Henry H. Arnold", "Arnold", ("Arnold",)),
    Entry("persons", "winant", "John G. Winant", "Winant", ("Winant",)),
)})
MATCHER = Matcher(REG)


def doc(doc_id, sender, recipient, iso, refs=(), action=(), body="", quotes=()):
    d = Document(id=doc_id, family="test", kind="telegram", title=doc_id, source=SourceRef("seeds/x.txt", 1, 2, "test"),
                 senders=(Party(sender, sender),), recipients=(Party(recipient, recipient),),
                 date=DocDate(iso=iso, text=iso), references=tuple(Reference(k, v) for k, v in refs),
                 blocks=(Block("p", parse_inline(body, 1), 1, 1),) if body else (),
                 handling=Handling(action=tuple(action)) if action else None, quotes=tuple(quotes))
    return annotate(d, MATCHER)


def chains(*docs):
    corr, diags = build_correspondence(tuple(docs), REG, MATCHER)
    return corr


def test_identifiers_read_zero_as_zero():
    assert ids_in("PART ONE Ø22122 NCR 8Ø52") == {"dtg:022122", "ncr:8052"}
    assert ids_in("PRES-HARRIMAN #44, 19 Aug 44") == {"no:44"}
    assert "dtg:201550" in ids_in("your No. 201550Z August")


def test_answers_with_codes_and_dtg():
    a = doc("feb3", "Harriman", "the President", "1944-02-03", refs=[("serial", "022120 NCR 8052")])
    b = doc("feb8", "the President", "Harriman", "1944-02-08", action=["1. Answers HARRIMAN-PRES 022120, 3 Feb 44, which was forwarded."])
    c = chains(a, b)
    assert c.get("feb8").in_reply_to == ("feb3",) and c.get("feb3").answered_by == ("feb8",)
    assert c.get("feb3").thread == c.get("feb8").thread == "feb3"


def test_answered_by_possessive_and_acknowledges_list():
    a = doc("jun11", "Harriman", "the President", "1944-06-11", refs=[("serial", "110529 NCR 3900")],
            action=["2. Answered by PRESIDENT's 121711 NCR 8233 June 44, written by Admiral Leahy."])
    b = doc("jun12", "the President", "Harriman", "1944-06-12", refs=[("serial", "121711 NCR 8233")],
            action=["1. Acknowledges HARRIMAN's 110523, 110529, and 112359."])
    c = chains(a, b)
    assert c.get("jun12").in_reply_to[0] == "jun11" and "jun12" in c.get("jun11").answered_by
    missing = [x for x in c.letters if not x.in_edition]
    assert {x.id for x in missing} == {"ref-110523", "ref-112359"}
    assert all(x.status == "referenced" and x.mentioned_in == ("jun12",) for x in missing)
    assert missing[0].date.iso == "1944-06-11" and not missing[0].date.certain
    assert [p.person for p in missing[0].senders] == ["harriman"]


def test_references_in_the_text():
    a = doc("aug18", "Harriman", "the President", "1944-08-18", refs=[("serial", "180235Z NCR 8589")])
    b = doc("aug19", "the President", "Harriman", "1944-08-19", refs=[("message", "#44")], body="Your message 180235Z received.")
    d = doc("aug21", "Harriman", "the President", "1944-08-21", refs=[("serial", "201550Z NCR 719")],
            action=["1. Answers PRES-HARRIMAN #44, 19 Aug 44. To President as RED 339, HP."])
    e = doc("aug30", "the President", "Harriman", "1944-08-30", refs=[("message", "#54")],
            body="With reference to your No. 201550Z August, the following reply was received on August 22nd.")
    c = chains(a, b, d, e)
    assert c.get("aug19").in_reply_to == ("aug18",)
    assert c.get("aug21").in_reply_to == ("aug19",)
    assert c.get("aug30").in_reply_to == ("aug21",)
    assert len(c.threads) == 1


def test_correspondents_and_date_without_number_and_quotes():
    a = doc("arnold", "Arnold", "Deane", "1944-02-08")
    b = doc("deane", "Deane", "Arnold", "1944-02-11", action=["1. Answers ARNOLD-DEANE, 8 Feb 44."])
    s = doc("stalin", "Stalin", "the President", "1944-08-22")
    q = doc("fwd", "the President", "Harriman", "1944-08-30", action=["2. Quotes STALIN-PRES, 22 Aug 44, to Harriman."],
            quotes=[QuotedMessage((Party("PREMIER STALIN", "Stalin"),), (Party("PRESIDENT ROOSEVELT", "Roosevelt"),), DocDate(), 3),
                    QuotedMessage((Party("PRESIDENT", "PRESIDENT"),), (Party("STALIN", "Stalin"),), DocDate(), 9)])
    c = chains(a, b, s, q)
    assert c.get("deane").in_reply_to == ("arnold",)
    assert c.get("stalin").quoted_in == ("fwd",)
    quoted = [x for x in c.letters if x.status == "quoted"]
    assert len(quoted) == 1 and [p.person for p in quoted[0].senders] == ["roosevelt"]


def test_editor_can_add_and_remove_links():
    from dataclasses import replace
    a = doc("one", "Harriman", "the President", "1944-02-03", refs=[("serial", "022120 NCR 8052")])
    b = doc("two", "the President", "Harriman", "1944-02-08", action=["1. Answers HARRIMAN-PRES 022120, 3 Feb 44."])
    b = replace(b, links=(("not_in_reply_to", "one", 3),))
    c3 = doc("three", "Stalin", "Harriman", "1944-02-09")
    c3 = replace(c3, links=(("in_reply_to", "one", 5), ("in_reply_to", "nobody", 6)))
    c = chains(a, b, c3)
    assert c.get("two").in_reply_to == () and c.get("three").in_reply_to == ("one",)
    _, diags = build_correspondence((a, b, c3), REG, MATCHER)
    assert [(d.path, d.line, d.code) for d in diags] == [("content/documents.yaml", 6, "content-unknown-link")]


def test_a_date_time_group_is_dated_on_the_side_of_the_relation():
    from edition.correspondence import _dtg_date
    from edition.model import DocDate
    oct30, oct2 = DocDate(iso="1944-10-30"), DocDate(iso="1944-10-02")
    assert _dtg_date("dtg:021200Z", oct30, later=True).iso == "1944-11-02"   # answered by: after
    assert _dtg_date("dtg:021200Z", oct30).iso == "1944-10-02"               # answers: before
    assert _dtg_date("dtg:281200Z", oct2).iso == "1944-09-28"
    assert _dtg_date("dtg:311200Z", oct2).iso == ""                          # no 31 September
    assert _dtg_date("dtg:311200Z", oct30, later=True).iso == "1944-10-31"


def test_army_numbers_and_other_reply_wordings():
    assert ids_in("Answers CM-OUT 51234.") == {"army:CM-OUT-51234"}
    out = doc("marshall-1", "Marshall", "Deane", "1945-01-12", refs=[("army message", "CM-OUT 51234")])
    back = doc("deane-1", "Deane", "Marshall", "1945-01-14", action=["1. Answers CM-OUT 51234."])
    later = doc("deane-2", "Deane", "Harriman", "1945-01-20", action=["1. In answer to WAR 99999."])
    first = doc("harriman-1", "Harriman", "Deane", "1945-01-25", refs=[("army message", "WAR 12345")],
                action=["2. Acknowledged by CM-IN 10623."])
    corr = chains(out, back, later, first)
    assert corr.get("deane-1").in_reply_to == ("marshall-1",)
    assert corr.get("marshall-1").answered_by == ("deane-1",)
    assert corr.get("deane-2").in_reply_to and corr.get("deane-2").in_reply_to[0].startswith("ref-")
    assert corr.get("harriman-1").answered_by and corr.get("harriman-1").answered_by[0].startswith("ref-")


def test_a_number_is_read_with_the_correspondents_and_date_the_mention_gives():
    harriman = doc("pres-harriman-54", "President", "Harriman", "1944-08-30", refs=[("message", "#54")])
    winant = doc("pres-winant-54", "President", "Winant", "1944-09-02", refs=[("message", "#54")])
    reply = doc("winant-reply", "Winant", "President", "1944-09-04", action=["1. Answers PRES-WINANT #54, 2 Sep 44."])
    corr = chains(harriman, winant, reply)
    assert corr.get("winant-reply").in_reply_to == ("pres-winant-54",)
    assert corr.get("pres-harriman-54").answered_by == ()


def test_a_quotation_that_gives_its_number_is_that_message():
    churchill_800 = QuotedMessage((Party("Stalin", "Stalin"),), (Party("Roosevelt", "Roosevelt"),),
                                  DocDate(iso="1944-10-20"), 3, ("#800",))
    quoting = doc("pres-66", "Roosevelt", "Harriman", "1944-10-24", quotes=[churchill_800],
                  action=["1. Quotes STALIN-PRES #800, 20 Oct 44."])
    corr = chains(quoting)
    quoted = [x for x in corr.letters if "pres-66" in x.quoted_in]
    assert len(quoted) == 1 and quoted[0].references == ("#800",)


def test_a_date_time_group_with_another_number_or_far_away_is_another_message():
    march = doc("alusna-march", "Harriman", "Roosevelt", "1945-03-02", refs=[("serial", "021200Z NCR 1111")])
    october = doc("harriman-oct", "Harriman", "Roosevelt", "1944-10-30",
                  action=["2. Answered by PRES-HARRIMAN Ø21200Z NCR 7001."])
    november = doc("harriman-nov", "Harriman", "Roosevelt", "1944-11-30", action=["1. Answers 021200Z."])
    corr = chains(march, october, november)
    assert corr.get("harriman-oct").answered_by[0].startswith("ref-")
    assert corr.get("harriman-nov").in_reply_to[0].startswith("ref-")
    assert corr.get("alusna-march").answered_by == () and corr.get("alusna-march").in_reply_to == ()


def _quoting(doc_id: str, iso: str, words: str):
    quote = QuotedMessage((Party("Stalin", "Stalin"),), (Party("Roosevelt", "Roosevelt"),), DocDate(), 2)
    d = doc(doc_id, "Roosevelt", "Harriman", iso, body="For your information.", quotes=[quote])
    return replace(d, blocks=d.blocks + (Block("quote", parse_inline(words, 2), 2, 2),))


def test_an_undated_quotation_is_the_earlier_message_whose_words_it_repeats():
    warsaw = doc("stalin-aug", "Stalin", "Roosevelt", "1944-08-22", body="The Warsaw adventure was begun without our knowledge.")
    same = _quoting("pres-sep", "1944-09-05", "QUOTE. STALIN TO ROOSEVELT. The Warsaw adventure was begun without our knowledge. UNQUOTE.")
    other = _quoting("pres-feb", "1945-02-20", "QUOTE. STALIN TO ROOSEVELT. The weather in the Crimea is fine. UNQUOTE.")
    corr = chains(warsaw, same, other)
    assert corr.get("stalin-aug").quoted_in == ("pres-sep",)
    assert [x.id for x in corr.letters if "pres-feb" in x.quoted_in] == ["pres-feb-quote-1"]


def test_a_date_time_group_with_its_date_is_found_however_far_away():
    early = doc("pres-jan", "Roosevelt", "Harriman", "1943-01-03", refs=[("serial", "261416 NCR 2001")])
    answer = doc("harriman-aug", "Harriman", "Roosevelt", "1943-08-26", action=["1. Answers PRES-HARRIMAN 261416, 3 Jan 43."])
    # the mention's own date points elsewhere than the message's day: no link
    wrong = doc("harriman-sep", "Harriman", "Roosevelt", "1943-09-26", action=["1. Answers PRES-HARRIMAN 261416, 26 Sep 43."])
    early = replace(early, date=DocDate(iso="1943-01-26", text="26 January 1943"))
    corr = chains(early, answer, wrong)
    assert corr.get("harriman-aug").in_reply_to[0].startswith("ref-")
    assert corr.get("harriman-sep").in_reply_to[0].startswith("ref-")
    right = doc("harriman-feb", "Harriman", "Roosevelt", "1943-08-26", action=["1. Answers PRES-HARRIMAN 261416, 26 Jan 43."])
    assert chains(early, right).get("harriman-feb").in_reply_to == ("pres-jan",)
