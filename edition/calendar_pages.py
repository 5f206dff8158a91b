"""The correspondence index: the calendar, its months, the pictures, and its open data."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from typing import Iterator

from . import charts, dates
from .correspondence import Letter, date_label
from .loader import Edition
from .model import Party
from .render import Output, Renderer


def month_of(letter: Letter) -> str:
    return letter.date.iso[:7] if len(letter.date.iso) >= 7 else ""


def _names(parties: tuple[Party, ...], edition: Edition) -> list[tuple[str, str]]:
    """(display name, person id or "") for each party, register names where known."""
    out = []
    for p in parties:
        entry = edition.registers.get("persons", p.person) if p.person else None
        out.append((entry.name if entry else p.label, p.person if entry else ""))
    return out


def rows(renderer: Renderer, letters) -> list[dict]:
    edition = renderer.edition
    corr = edition.correspondence
    out = []
    for letter in letters:
        out.append({
            "letter": letter, "date": date_label(letter), "sort": letter.date.sort_key,
            "url": renderer.letter_url(letter), "month": month_of(letter),
            "senders": _names(letter.senders, edition), "recipients": _names(letter.recipients, edition),
            "in_reply_to": [corr.get(i) for i in letter.in_reply_to],
            "answered_by": [corr.get(i) for i in letter.answered_by],
            "mentioned_in": [corr.get(i) for i in letter.mentioned_in if corr.get(i)],
        })
    return out


def _chart_data(edition: Edition):
    names = {e.id: e.name for e in edition.registers.of("persons")}
    letters = edition.correspondence.letters
    monthly = [(month_of(x), (x.senders[0].person or x.senders[0].label) if x.senders else "unknown")
               for x in letters if x.in_edition]
    svg, months, per_month = charts.timeline(monthly, names)
    pairs = Counter()
    for x in letters:
        for s in x.senders:
            for r in x.recipients:
                if s.person and r.person and s.person != r.person:
                    pairs[(s.person, r.person)] += 1
    graph = charts.network(pairs, names)
    senders = sorted({s for _, by, _ in per_month for s in by}, key=lambda s: names.get(s, s))
    return {"timeline": svg, "per_month": per_month, "chart_senders": senders, "network": graph,
            "pairs": sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])), "names": names}


def helpers(renderer: Renderer) -> dict:
    return {"row_url": lambda letter: renderer.letter_url(letter), "letter_date": date_label}


def calendar_page(renderer: Renderer) -> Output:
    edition = renderer.edition
    letters = edition.correspondence.letters
    months = Counter(month_of(x) for x in letters)
    context = renderer.common("calendar/", "Calendar of the correspondence") | {
        "rows": rows(renderer, letters), "months": sorted((m, n) for m, n in months.items() if m),
        "undated": months.get("", 0), "in_edition": sum(x.in_edition for x in letters),
        "month_label": month_label,
    } | _chart_data(edition) | helpers(renderer)
    return Output("calendar/index.html", renderer.env.get_template("calendar.html").render(context))


def month_label(month: str) -> str:
    return f"{dates.MONTH_NAMES[int(month[5:7])]} {month[:4]}" if month else "Undated"


def month_pages(renderer: Renderer) -> Iterator[Output]:
    by_month: dict[str, list[Letter]] = defaultdict(list)
    for x in renderer.edition.correspondence.letters:
        if month_of(x):
            by_month[month_of(x)].append(x)
    months = sorted(by_month)
    for i, month in enumerate(months):
        chosen = by_month[month]
        path = f"calendar/{month}/"
        context = renderer.common(path, f"Calendar: {month_label(month)}") | {
            "rows": rows(renderer, chosen), "month": month, "month_label": month_label,
            "prev_month": months[i - 1] if i else None, "next_month": months[i + 1] if i + 1 < len(months) else None,
        } | helpers(renderer)
        yield Output(path + "index.html", renderer.env.get_template("month.html").render(context))


def calendar_records(renderer: Renderer) -> list[dict]:
    out = []
    for letter in renderer.edition.correspondence.letters:
        out.append({
            "id": letter.id,
            "url": renderer.letter_url(letter) if letter.document else "not in edition",
            "status": letter.status,
            "date": letter.date.iso,
            "date_display": dates.display(letter.date),
            "date_certain": letter.date.certain,
            "time": letter.date.time,
            "sender_ids": [p.person for p in letter.senders if p.person],
            "senders": [p.label for p in letter.senders],
            "recipient_ids": [p.person for p in letter.recipients if p.person],
            "recipients": [p.label for p in letter.recipients],
            "place": letter.place,
            "references": list(letter.references),
            "subject": letter.subject,
            "in_reply_to": list(letter.in_reply_to),
            "answered_by": list(letter.answered_by),
            "quoted_in": list(letter.quoted_in),
            "mentioned_in": list(letter.mentioned_in),
            "thread": letter.thread,
        })
    return out


def calendar_csv(records: list[dict]) -> str:
    buffer = io.StringIO()
    columns = ["id", "url", "status", "date", "time", "sender_ids", "recipient_ids", "senders", "recipients",
               "place", "references", "subject", "in_reply_to", "answered_by", "thread"]
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for r in records:
        writer.writerow(["; ".join(r[c]) if isinstance(r[c], list) else r[c] for c in columns])
    return buffer.getvalue()


def persons_records(renderer: Renderer) -> list[dict]:
    edition = renderer.edition
    sent_by, received_by = defaultdict(list), defaultdict(list)
    for x in edition.correspondence.letters:
        for pid in dict.fromkeys(p.person for p in x.senders if p.person):
            sent_by[pid].append(x.id)
        for pid in dict.fromkeys(p.person for p in x.recipients if p.person):
            received_by[pid].append(x.id)
    out = []
    for e in edition.registers.of("persons"):
        sent, received = sent_by.get(e.id, []), received_by.get(e.id, [])
        out.append({"id": e.id, "name": e.name, "sort": e.sort, "names": list(e.forms), "description": e.description,
                    "offices": [{"title": o.title, "from": o.start, "to": o.end} for o in e.offices],
                    "wikidata": e.wikidata, "viaf": e.viaf, "url": renderer.url(f"persons/{e.id}/"),
                    "letters_sent": sent, "letters_received": received})
    return out


def outputs(edition: Edition, renderer: Renderer) -> Iterator[Output]:
    yield calendar_page(renderer)
    yield from month_pages(renderer)
    records = calendar_records(renderer)
    yield Output("data/calendar.json", json.dumps({"edition": edition.config.title, "letters": records},
                                                  ensure_ascii=False, indent=1) + "\n")
    yield Output("data/calendar.csv", calendar_csv(records))
    yield Output("data/persons.json", json.dumps({"edition": edition.config.title, "persons": persons_records(renderer)},
                                                 ensure_ascii=False, indent=1) + "\n")
