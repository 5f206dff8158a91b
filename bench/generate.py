"""A synthetic edition in our own input formats, deterministic from a seed and a size.

The documents imitate the four families of the example edition: FRUS web copies
(glued note numbers, [Page N] markers, a note list), word-processor exports
(bookmark markers, notes given twice), archive copies whose notes are missing,
and Map Room folders (typed copies with cover sheets whose ACTION lines answer
earlier messages). Names come from the example's registers, so name matching and
reply resolution do real work.

    python bench/generate.py --size 1000 --out /tmp/bench-1000
"""
from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("the of and to in that for was with on as by it he at from his an were are which this be have "
         "had not but they we our all their been has more would there could when who will about conference "
         "bombers airfields supplies convoy government military staff agreement question planning discussion "
         "operations air naval ground forces proposals information request message reply secrecy weather "
         "Pacific Siberia Far East shuttle bases ports gasoline intelligence delivery arrangement").split()
PEOPLE = (("Harriman", "The Ambassador in the Soviet Union (Harriman)", "AMBASSADOR HARRIMAN"),
          ("Roosevelt", "President Roosevelt", "THE PRESIDENT"),
          ("Stalin", "Marshal Stalin", "PREMIER J. V. STALIN"),
          ("Deane", "General Deane", "GENERAL DEANE"),
          ("Arnold", "General Arnold", "GENERAL ARNOLD"),
          ("Leahy", "Admiral Leahy", "ADMIRAL LEAHY"),
          ("Molotov", "Mr. Molotov", "MOLOTOV"))
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


class Writer:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.serial = 100000

    def words(self, n: int) -> str:
        rng = self.rng
        out = []
        for i in range(n):
            w = rng.choice(WORDS)
            if rng.random() < 0.03:
                w = rng.choice(PEOPLE)[0]
            out.append(w)
        text = " ".join(out)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, n: int) -> str:
        sentences, left = [], n
        while left > 0:
            k = min(left, self.rng.randint(12, 28))
            sentences.append(self.words(k))
            left -= k
        return " ".join(sentences)

    def day(self) -> date:
        return date(1943, 1, 1) + timedelta(days=self.rng.randint(0, 900))

    def pair(self):
        a, b = self.rng.sample(PEOPLE, 2)
        return a, b


def _with_markers(text: str, markers: list[str]) -> str:
    """Glue markers to words spread through the text."""
    words = text.split(" ")
    step = max(1, len(words) // (len(markers) + 1))
    for i, marker in enumerate(markers):
        pos = min(len(words) - 1, (i + 1) * step)
        words[pos] = words[pos] + marker
    return " ".join(words)


def frus(w: Writer, n: int) -> str:
    a, b = w.pair()
    d = w.day()
    offset = w.rng.randint(0, 80)
    notes = 6
    body = [w.paragraph(110) for _ in range(6)]
    markers = [str(offset + k) for k in range(2, notes + 1)]
    body[1] = _with_markers(body[1], markers[:2])
    body[3] = _with_markers(body[3], markers[2:])
    body[2] = body[2].replace(" the ", f" the [Page {100 + n}] ", 1)
    lines = [f"{700 + n % 200}.{n % 97}/{n}", "", f"{a[1]} to {b[1]}{offset + 1}", "",
             f"{w.rng.choice(('Moscow', 'Washington', 'London'))}, {MONTHS[d.month - 1]} {d.day}, {d.year}.", ""]
    for p in body:
        lines += [p, ""]
    lines += [a[0], ""]
    lines += [f"  {k}. {w.words(w.rng.randint(8, 25))}" for k in range(1, notes + 1)]
    return "\n".join(lines) + "\n"


def word_export(w: Writer, n: int) -> str:
    a, b = w.pair()
    d = w.day()
    body = [w.paragraph(115) for _ in range(6)]
    for k in range(2, 7):
        i = k - 1
        body[i] = body[i] + f"[bookmark: _ftn_GoBack{k - 1}][{k}]"
    notes = [w.words(w.rng.randint(8, 25)) for _ in range(6)]
    lines = [f" {a[1]} to {b[1]}[bookmark: _ftn_GoBack0][1]", "\u00a0", f"{w.rng.choice(('Moscow', 'Washington'))}, {d.day} {MONTHS[d.month - 1]} {d.year}", ""]
    lines += body
    lines += ["_________________________________"]
    lines += [f"{60 + k}[Orig. Note] {t}" for k, t in enumerate(notes, 1)]
    lines += ["\u00a0"]
    lines += [f"[bookmark: _ftn{k - 1}][{k}] [Orig. Note] {t}" for k, t in enumerate(notes, 1)]
    return "\n".join(lines) + "\n"


def archive_copy(w: Writer, n: int) -> str:
    a, b = w.pair()
    d = w.day()
    body = [w.paragraph(115) for _ in range(6)]
    body[1] = _with_markers(body[1], ["2"])
    body[4] = _with_markers(body[4], ["3"])
    lines = [f"{b[0]} Papers: Telegram", f"{a[1]} to {b[1]} 1", f"[Received {d.day} {MONTHS[d.month - 1]}.]"] + body
    return "\n".join(lines) + "\n"


def map_room_folder(w: Writer, n: int, messages: int = 10) -> str:
    lines = [f"Folder {n}. MR {n} SYNTHETIC — Air Operations", "", "Map Room", f"Box {n}", f"Folder {n}", ""]
    previous = None
    for i in range(messages):
        a, b = w.pair()
        d = w.day()
        w.serial += 1
        dtg = f"{d.day:02d}{w.rng.randint(0, 23):02d}{w.rng.randint(0, 59):02d}"
        ncr = w.serial % 9000 + 1000
        lines += ["COPY", "", f"FROM: {a[2]}", f"TO : {b[2]}", f"NO : {dtg} NCR {ncr}, {d.day} {MONTHS[d.month - 1].upper()} {d.year}.", ""]
        for _ in range(5):
            lines += [w.paragraph(120).upper(), ""]
        lines += [a[0].upper(), "", "TOP SECRET", "", f'ORIGINAL filed "{a[0].upper()}-{b[0].upper()} FILE"', ""]
        lines += [f"FROM {a[1]} TO {b[1]}", "", f"SERIAL or FILE NO. {dtg} NCR {ncr}, {d.day} {MONTHS[d.month - 1][:3]} {str(d.year)[2:]}.",
                  "DATE", "", "TOR MAP ROOM VIA", "", f"SUBJECT: {w.words(6)}", "", "ACTION:", ""]
        if previous:
            pa, pb, pdtg, pd = previous
            lines += [f"1. Answers {pa[0].upper()}-{pb[0].upper()} {pdtg}, {pd.day} {MONTHS[pd.month - 1][:3]} {str(pd.year)[2:]}."]
        lines += ["2. To President via usher.", "", "COPIES TO:", "", "DATE:", "", "BY DIRECTION OF:", "", f"530 SYNTHETIC {n}", ""]
        previous = (a, b, dtg, d)
    return "\n".join(lines) + "\n"


FAMILIES = (frus, word_export, archive_copy)


def generate(out: Path, size: int, seed: int = 1944) -> Path:
    """Write a project of about `size` documents into `out` (replacing it)."""
    if out.exists():
        shutil.rmtree(out)
    (out / "seeds").mkdir(parents=True)
    (out / "content").mkdir()
    w = Writer(seed)
    made, n = 0, 0
    while made < size:
        n += 1
        if n % 10 == 0 and size - made >= 10:
            text, count = map_room_folder(w, n), 10
        else:
            text, count = FAMILIES[n % 3](w, n), 1
        (out / "seeds" / f"{n:06d}.txt").write_text(text, "utf-8")
        made += count
    for name in ("persons.yaml", "terms.yaml", "places.yaml"):
        shutil.copy(ROOT / "content" / name, out / "content" / name)
    (out / "content" / "about.md").write_text("# About\n\nA synthetic edition for benchmarks.\n", "utf-8")
    (out / "site.yaml").write_text(f'title: "Synthetic edition of {size} documents"\nbase_url: "/"\n', "utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1000, help="number of documents (default 1000)")
    parser.add_argument("--seed", type=int, default=1944, help="random seed (default 1944)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the project into (replaced)")
    args = parser.parse_args()
    generate(args.out, args.size, args.seed)
    print(f"wrote a synthetic edition of {args.size} documents to {args.out}")


if __name__ == "__main__":
    main()
