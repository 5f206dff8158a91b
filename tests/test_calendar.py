"""The correspondence index of the example edition: calendar, reply chains, person pages."""
from __future__ import annotations

import json

import pytest

from conftest import page_text


@pytest.fixture(scope="module")
def calendar(site) -> dict[str, dict]:
    data = json.loads((site / "data" / "calendar.json").read_text("utf-8"))
    return {x["id"]: x for x in data["letters"]}


def find(calendar, date, sender, recipient):
    hits = [x for x in calendar.values() if x["date"] == date and sender in x["sender_ids"]
            and recipient in x["recipient_ids"] and x["status"] == "edition"]
    assert hits, f"no message {sender} → {recipient} of {date} in the calendar"
    return hits[0]


def test_every_document_with_correspondents_is_in_the_calendar(calendar, documents):
    for d in documents:
        if d["senders"] and d["recipients"]:
            entry = calendar[d["id"]]
            assert entry["date"] == d["date"] and entry["url"] == d["url"]
            assert entry["sender_ids"] == [p["person"] for p in d["senders"] if p["person"]]


@pytest.mark.parametrize("date,sender,recipient", [
    ("1944-02-03", "harriman", "roosevelt"), ("1944-02-08", "roosevelt", "harriman"),
    ("1944-02-08", "arnold", "deane"), ("1944-02-11", "deane", "arnold"),
    ("1944-06-11", "harriman", "roosevelt"), ("1944-06-12", "roosevelt", "harriman"),
    ("1944-08-18", "harriman", "roosevelt"), ("1944-08-19", "roosevelt", "harriman"),
    ("1944-08-21", "harriman", "roosevelt"), ("1944-08-22", "stalin", "roosevelt"),
    ("1944-08-30", "roosevelt", "harriman"), ("1944-10-18", "harriman", "roosevelt"),
    ("1943-12", "durbrow", "matthews"),
])
def test_messages_have_correct_date_and_correspondents(calendar, date, sender, recipient):
    find(calendar, date, sender, recipient)


def linked(calendar, a, b):
    assert b["id"] in a["answered_by"], f'{a["id"]} is not answered by {b["id"]}'
    assert a["id"] in b["in_reply_to"], f'{b["id"]} is not in reply to {a["id"]}'


def test_reply_chains_both_ways(calendar):
    feb3 = find(calendar, "1944-02-03", "harriman", "roosevelt")
    feb8 = find(calendar, "1944-02-08", "roosevelt", "harriman")
    linked(calendar, feb3, feb8)
    jun11 = next(x for x in calendar.values() if x["date"] == "1944-06-11" and "110529 NCR 3900" in x["references"])
    jun12 = find(calendar, "1944-06-12", "roosevelt", "harriman")
    linked(calendar, jun11, jun12)
    aug18 = find(calendar, "1944-08-18", "harriman", "roosevelt")
    aug19 = find(calendar, "1944-08-19", "roosevelt", "harriman")
    aug21 = find(calendar, "1944-08-21", "harriman", "roosevelt")
    aug22 = find(calendar, "1944-08-22", "stalin", "roosevelt")
    aug30 = find(calendar, "1944-08-30", "roosevelt", "harriman")
    linked(calendar, aug18, aug19)
    linked(calendar, aug19, aug21)
    linked(calendar, aug21, aug30)
    # Stalin answers the President's message that #44 carried; #54 quotes Stalin's answer
    [carried] = [calendar[i] for i in aug22["in_reply_to"]]
    assert aug19["id"] in carried["quoted_in"] and carried["status"] == "quoted"
    assert aug30["id"] in aug22["quoted_in"]
    assert len({x["thread"] for x in (aug18, aug19, aug21, aug22, aug30)}) == 1


def test_messages_known_only_by_reference_are_listed_not_dropped(calendar):
    missing = [x for x in calendar.values() if x["status"] == "referenced"]
    refs = {r for x in missing for r in x["references"]}
    assert {"110523", "110549", "112325", "112335", "112340", "112359"} <= refs
    assert all(x["url"] == "not in edition" and x["mentioned_in"] for x in missing)


def test_calendar_page_lists_every_entry(site, calendar):
    html = (site / "calendar" / "index.html").read_text("utf-8")
    for letter_id in calendar:
        assert f'id="{letter_id}"' in html
    assert "[1944 Oct 18?]" in page_text(html)
    assert (site / "calendar" / "1944-08" / "index.html").exists()
    assert "<svg" in html and "Who wrote to whom" in html
    csv = (site / "data" / "calendar.csv").read_text("utf-8").splitlines()
    assert csv[0].startswith("id,url,status,date") and len(csv) == len(calendar) + 1


def test_person_pages_with_counts(site, calendar):
    persons = json.loads((site / "data" / "persons.json").read_text("utf-8"))["persons"]
    by_id = {p["id"]: p for p in persons}
    for x in calendar.values():
        for pid in x["sender_ids"] + x["recipient_ids"]:
            assert (site / "persons" / pid / "index.html").exists()
    sent = sum("harriman" in x["sender_ids"] for x in calendar.values())
    assert len(by_id["harriman"]["letters_sent"]) == sent
    html = page_text((site / "persons" / "harriman" / "index.html").read_text("utf-8"))
    in_edition_sent = sum("harriman" in x["sender_ids"] and x["status"] == "edition" for x in calendar.values())
    assert f"{in_edition_sent} sent" in html


def test_names_in_text_link_to_the_registers(site, documents):
    d = next(d for d in documents if d["family"] == "word_export")
    html = (site / d["url"].lstrip("/") / "index.html").read_text("utf-8")
    assert 'href="/persons/stalin/"' in html and 'href="/persons/burrows/"' in html
    assert "Persons and terms in this document" in html
    assert 'href="/places/#vladivostok"' in html


def test_document_page_shows_replies_and_thread(site, calendar):
    aug19 = find(calendar, "1944-08-19", "roosevelt", "harriman")
    html = (site / aug19["url"].lstrip("/") / "index.html").read_text("utf-8")
    text = page_text(html)
    for phrase in ("In reply to", "Answered by", "The thread of this message", "between these correspondents"):
        assert phrase in text, phrase


def test_folder_page_lists_messages_in_filed_order(site, documents):
    folder_docs = [d for d in documents if d["folder"]]
    assert folder_docs
    folder = folder_docs[0]["folder"]
    html = (site / "folders" / folder / "index.html").read_text("utf-8")
    filed = sorted((d for d in folder_docs if d["folder"] == folder), key=lambda d: d["source"]["first_line"])
    positions = [html.index(f'href="{d["url"]}"') for d in filed]
    assert positions == sorted(positions), "the folder page does not follow the folder's order"
    assert "Map Room" in page_text(html)
    message = next(d for d in filed if d["kind"] != "folder-note")
    page = (site / message["url"].lstrip("/") / "index.html").read_text("utf-8")
    assert f'href="/folders/{folder}/"' in page
    assert f'href="/folders/{folder}/"' in (site / "index.html").read_text("utf-8")
