"""The correspondence: every message of the edition, the ones it only quotes or mentions,
and which answers which — worked out from what the sources say.

Sources of links:
- Map Room ACTION lines: "Answers HARRIMAN-PRES 022120, 3 Feb 44", "Answered by
  PRESIDENT's 121711 NCR 8233", "Acknowledges HARRIMAN's 110523, 110529, …",
  "Quotes STALIN-PRES, 22 Aug 44", "See: …".
- The text: "With reference to your No. 201550Z", "Your message 180235Z received".
- Quoted messages ("QUOTE. PREMIER STALIN TO PRESIDENT ROOSEVELT. … UNQUOTE.").
- The editor: `in_reply_to:` / `not_in_reply_to:` in content/documents.yaml.

Messages are keyed by what identifies them (date-time group, serial, message
number, correspondents and date), so resolving a reference is a dictionary lookup
and the whole stage stays linear in the size of the edition.
"""
from __future__ import annotations

import re
import datetime
from dataclasses import dataclass, field, replace

from .annotate import Matcher
from .dates import display, find_date, iso_of, valid_day, zeros
from .diagnostics import Diagnostic, warning
from .model import DocDate, Document, Party, plain_text
from .memo import Memo, step
from .registers import Registers
from .witnesses import absorbed

DTG = re.compile(r"(?<![\w#])(?P<dtg>[0-3]\d[0-2]\d[0-5]\d)(?:\s?Z)?(?!\w)")   # after `zeros`
NCR = re.compile(r"\bNCR\s+(?P<ncr>\d{3,5})\b")
NUMBER = re.compile(r"(?:#\s?|\bNo\.?\s+|\bNO\s*:\s*)(?P<no>\d{1,4})\b")
CODES = re.compile(r"\b(?P<a>[A-Z][A-Za-z]{1,20})-(?P<b>[A-Z][A-Za-z]{1,20})(?:'s)?\b")
POSSESSIVE = re.compile(r"\b(?P<who>[A-Z][A-Za-z]{2,20})(?:'s|’s)\s")
# Army message numbers: "CM-OUT 51234", "CM-IN 10623", "WAR 51234".
ARMY = re.compile(r"\b(?P<series>CM-IN|CM-OUT|WAR)[\s-]+(?P<num>\d{3,6})\b")
REPLY = re.compile(r"^\s*(?:\d+\.\s*)?(?:answers|answering|acknowledges|in\s+(?:reply|answer)\s+to|"
                   r"replies\s+to|reply\s+to)\b", re.I)
ANSWERED = re.compile(r"^\s*(?:\d+\.\s*)?(?:answered|acknowledged|replied\s+to)\s+by\b", re.I)
QUOTES = re.compile(r"^\s*(?:\d+\.\s*)?quotes\b", re.I)
TEXT_REPLY = re.compile(r"\b(?:with\s+reference\s+to\s+your|your\s+(?:message|telegram|cable)s?|"
                        r"receipt\s+is\s+acknowledged\s+of\s+your|in\s+reply\s+to\s+your|replying\s+to\s+your)\b", re.I)
SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z(])")


@dataclass(frozen=True)
class Letter:
    """One entry of the calendar."""
    id: str                         # the document's id, or "ref-…" for a message the edition lacks
    document: str                   # document id, "" when not in the edition
    date: DocDate
    senders: tuple[Party, ...]
    recipients: tuple[Party, ...]
    place: str = ""
    references: tuple[str, ...] = ()
    subject: str = ""
    status: str = "edition"         # "edition", "quoted" or "referenced"
    mentioned_in: tuple[str, ...] = ()
    in_reply_to: tuple[str, ...] = ()
    answered_by: tuple[str, ...] = ()
    quoted_in: tuple[str, ...] = ()
    thread: str = ""

    @property
    def sort_key(self) -> tuple:
        return (self.date.sort_key, 0 if self.document else 1, self.id)

    @property
    def in_edition(self) -> bool:
        return bool(self.document)


@dataclass(frozen=True)
class Correspondence:
    letters: tuple[Letter, ...] = ()                 # in calendar order
    threads: dict = field(default_factory=dict)      # thread id -> tuple of letter ids, in order

    by_id: dict = field(default_factory=dict)        # letter id -> Letter

    def get(self, letter_id: str) -> Letter | None:
        return self.by_id.get(letter_id)


# ---------------------------------------------------------------- identifying messages

def ids_in(text: str) -> set[str]:
    """Keys of the identifiers a piece of text gives: date-time groups, serials, numbers."""
    text = zeros(text)
    keys = {f"dtg:{m.group('dtg')}" for m in DTG.finditer(text)}
    keys |= {f"ncr:{m.group('ncr')}" for m in NCR.finditer(text)}
    keys |= {f"no:{int(m.group('no'))}" for m in NUMBER.finditer(text)}
    keys |= {f"army:{m.group('series')}-{int(m.group('num'))}" for m in ARMY.finditer(text)}
    return keys


GROUP = re.compile(r"(?P<dtg>(?<![\w#])[0-3Ø][0-9Ø][0-2Ø][0-9Ø][0-5Ø][0-9Ø](?:\s?Z)?(?!\w))(?:,?\s*NCR\s+[0-9Ø]{3,5}\b)?"
                   r"|(?:#\s?|\bNo\.?\s+)\d{1,4}\b|\bNCR\s+[0-9Ø]{3,5}\b|\b(?:CM-IN|CM-OUT|WAR)[\s-]+[0-9Ø]{3,6}\b")


def id_groups(text: str) -> list[frozenset[str]]:
    """Identifiers that name one message each: "022120 NCR 8052" is one, "110523, 110529" two."""
    return [frozenset(ids_in(m.group())) for m in GROUP.finditer(text)]


def who_key(senders: tuple[str, ...], recipients: tuple[str, ...], iso: str) -> str:
    return f"who:{'+'.join(sorted(senders))}>{'+'.join(sorted(recipients))}@{iso}"


def persons(parties: tuple[Party, ...]) -> tuple[str, ...]:
    return tuple(p.person for p in parties if p.person)


def letter_keys(doc: Document) -> set[str]:
    keys: set[str] = set()
    for ref in doc.references:
        keys |= ids_in(ref.value if ref.kind != "message" or "#" in ref.value else "#" + ref.value)
    if doc.date.time:
        keys |= ids_in(doc.date.time)
    s, r = persons(doc.senders), persons(doc.recipients)
    if s and r and doc.date.iso:
        keys.add(who_key(s, r, doc.date.iso))
    return keys


# ---------------------------------------------------------------- reading references

@dataclass(frozen=True)
class Mention:
    relation: str                    # "in_reply_to", "answered_by", "quotes", "see"
    keys: frozenset[str]             # identifiers named
    senders: tuple[str, ...]         # person ids, as far as the mention says
    recipients: tuple[str, ...]
    date: DocDate
    text: str


class CodeResolver:
    """Map Room codes ("HARRIMAN", "PRES", "PRESIDENT") to person ids via the registers."""

    def __init__(self, registers: Registers, matcher: Matcher):
        self.matcher = matcher
        self.prefixes: dict[str, set[str]] = {}
        for entry in registers.of("persons"):
            for form in entry.forms:
                for word in form.split():
                    self.prefixes.setdefault(word.casefold().strip(".,"), set()).add(entry.id)

    def person(self, code: str) -> str:
        found = [e.id for _, _, e in self.matcher.find(code) if e.register == "persons"]
        if found:
            return found[0]
        code = code.casefold()
        if len(code) >= 4:
            owners = {pid for word, ids in self.prefixes.items() if word.startswith(code) for pid in ids}
            if len(owners) == 1:
                return owners.pop()
        return ""


def _date_near(text: str) -> DocDate:
    found = find_date(text)
    if found and found[0].iso and len(found[0].iso) == 10:
        return found[0]
    return DocDate()


def mentions_in_sentence(sentence: str, relation: str, doc: Document, codes: CodeResolver) -> list[Mention]:
    senders: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    m = CODES.search(sentence)
    if m and (a := codes.person(m.group("a"))) and (b := codes.person(m.group("b"))):
        senders, recipients = (a,), (b,)
    elif (p := POSSESSIVE.search(sentence)) and (a := codes.person(p.group("who"))):
        senders = (a,)
    # Without a name, a reply answers the one it is addressed to, and is answered by them.
    if not senders and relation == "in_reply_to":
        senders, recipients = persons(doc.recipients), persons(doc.senders)
    elif not senders and relation == "answered_by":
        senders, recipients = persons(doc.recipients), persons(doc.senders)
    elif senders and not recipients:
        recipients = persons(doc.senders) if relation == "in_reply_to" else persons(doc.recipients)
    date = _date_near(sentence)
    groups = id_groups(sentence)
    if not groups:
        if senders and recipients and date.iso:
            return [Mention(relation, frozenset(), senders, recipients, date, sentence.strip())]
        return []
    # A date in the sentence belongs to its message only when one message is named.
    return [Mention(relation, keys, senders, recipients, date if len(groups) == 1 else DocDate(), sentence.strip())
            for keys in groups]


def _sentences(text: str) -> list[str]:
    return [s for s in SENTENCE.split(" ".join(text.split())) if s]


def mentions_of(doc: Document, codes: CodeResolver) -> list[Mention]:
    found: list[Mention] = []
    for line in (doc.handling.action if doc.handling else ()):
        for sentence in _sentences(line):
            relation = ("in_reply_to" if REPLY.match(sentence) else "answered_by" if ANSWERED.match(sentence)
                        else "quotes" if QUOTES.match(sentence) else "see")
            if relation == "see" and not re.match(r"^\s*(?:\d+\.\s*)?\(?see\b", sentence, re.I):
                continue
            found += mentions_in_sentence(sentence, relation, doc, codes)
    for block in doc.blocks[:4]:
        for sentence in _sentences(plain_text(block.inlines)):
            if TEXT_REPLY.search(sentence):
                found += mentions_in_sentence(sentence, "in_reply_to", doc, codes)
    return found


# ---------------------------------------------------------------- building the calendar

def _dtg_date(key: str, near: DocDate, later: bool = False) -> DocDate:
    """The day a date-time group names, nearest the message that mentions it: in its month or
    the one before (a message it answers or cites), or, with `later`, in its month or the one
    after (a message that answers it). None when no such day exists (a "31" in a short month)."""
    if not key.startswith("dtg:") or len(near.iso) < 7:
        return DocDate()
    day = int(key[4:6])
    year, month = int(near.iso[:4]), int(near.iso[5:7])
    near_day = int(near.iso[8:10]) if len(near.iso) == 10 else (1 if later else 31)
    if later and day < near_day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    elif not later and day > near_day:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    if not valid_day(year, month, day):
        return DocDate()
    return DocDate(iso=iso_of(year, month, day), stated=False, certain=False,
                   note="day from the date-time group; month inferred")


QUOTE_REACH_DAYS = 120    # an undated quotation repeats a message of the last months, not of any time
QUOTE_SHARE = 0.5         # and most of its words are in that message


def _words(blocks) -> set[str]:
    return {w.lower() for b in blocks for w in re.findall(r"[^\W\d_]+", plain_text(b.inlines))}


def _quote_words(doc: Document, quote) -> set[str]:
    return _words(b for b in doc.blocks if b.kind == "quote" and b.first_line == quote.line)


def _agrees(named: tuple[str, ...], parties: tuple[Party, ...]) -> bool:
    """Whether parties whose persons are known include one the mention names (unknown: no objection)."""
    known = persons(parties)
    return not known or bool(set(known) & set(named))


def _share(part: set[str], whole: set[str]) -> float:
    return len(part & whole) / len(part) if part else 1.0


DTG_REACH_DAYS = 45      # a date-time group names a day of some month: a message within this many days


def _may_be(mention: Mention, source: Document, letter: Letter, keys: set[str]) -> bool:
    """Whether a message found by one of the mention's numbers can be the one meant: a serial
    is a date-time group and a number together ("021200Z NCR 7001" is not "021200Z NCR 1111"),
    and a date-time group alone names the day the mention gives, or a day near the mentioning
    message."""
    named = {k for k in mention.keys if k.startswith("ncr:")}
    theirs = {k for k in keys if k.startswith("ncr:")}
    if named and theirs and not named & theirs:
        return False
    if mention.keys & keys and all(k.startswith("dtg:") for k in mention.keys & keys):
        if mention.date.iso:        # "Ø21200Z, 2 Nov 44": the day the mention gives (or the next, received)
            return _days_apart(mention.date.iso, letter.date.iso) <= 1
        return _days_apart(source.date.iso, letter.date.iso) <= DTG_REACH_DAYS
    return True


def _days_apart(a: str, b: str) -> int:
    if len(a) < 10 or len(b) < 10:
        return 0                    # a date known only to the month: no reason to doubt
    return abs((datetime.date.fromisoformat(a) - datetime.date.fromisoformat(b)).days)


def _facts(doc: Document, mentions) -> tuple:
    """All that the calendar reads of a document (and of the copies merged into it)."""
    copies = (doc,) + absorbed(doc)
    return (doc.id, doc.kind, doc.date, doc.senders, doc.recipients, doc.place, doc.subject, doc.title,
            tuple((c.id, c.references, c.date, c.senders, c.recipients, c.quotes, c.links, c.title, mentions(c))
                  for c in copies))


def build_correspondence(documents: tuple[Document, ...], registers: Registers, matcher: Matcher,
                         memo: Memo | None = None) -> tuple[Correspondence, list[Diagnostic]]:
    """The calendar and its links. With the preview's memo, the last one is kept while no
    document's facts (see `_facts`) have changed, which is the case after most corrections."""
    codes = CodeResolver(registers, matcher)

    def mentions(doc: Document) -> tuple[Mention, ...]:
        return step(memo, "mentions", doc, (registers,), lambda: tuple(mentions_of(doc, codes)))

    if memo is None:
        return _build(documents, registers, mentions)
    facts = (registers,) + tuple(step(memo, "letter-facts", d, (registers,), lambda: _facts(d, mentions))
                                 for d in documents)
    last = memo.state.get("correspondence")
    if last is None or last[0] != facts:
        last = memo.state["correspondence"] = (facts, _build(documents, registers, mentions))
    correspondence, diags = last[1]
    return correspondence, list(diags)


def _build(documents: tuple[Document, ...], registers: Registers, mentions,
           ) -> tuple[Correspondence, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    letters: dict[str, Letter] = {}
    by_key: dict[str, set[str]] = {}

    keys_of: dict[str, set[str]] = {}
    documents_by_id = {doc.id: doc for doc in documents}

    def index(letter_id: str, keys: set[str]) -> None:
        keys_of.setdefault(letter_id, set()).update(keys)
        for key in keys:
            by_key.setdefault(key, set()).add(letter_id)

    for doc in documents:
        if doc.kind in ("folder-note", "cover sheet") and not (doc.senders and doc.recipients):
            continue
        # a copy merged into this document as its witness is the same letter: its numbers name this one
        copies = (doc,) + absorbed(doc)
        refs = tuple(dict.fromkeys(r.value for d in copies for r in d.references))
        letters[doc.id] = Letter(doc.id, doc.id, doc.date, doc.senders, doc.recipients, doc.place, refs,
                                 doc.subject or doc.title)
        index(doc.id, set().union(*map(letter_keys, copies)))

    edges: set[tuple[str, str, str]] = set()    # (relation, from letter, to letter)

    def resolve(mention: Mention, source: Document) -> str:
        candidates: set[str] = set()
        for key in sorted(mention.keys):
            candidates |= by_key.get(key, set())
        if not mention.keys and mention.senders and mention.recipients and mention.date.iso:
            candidates |= by_key.get(who_key(mention.senders, mention.recipients, mention.date.iso), set())
        candidates.discard(source.id)
        candidates = {c for c in candidates if _may_be(mention, source, letters[c], keys_of.get(c, set()))}

        def prefer(keep) -> set[str]:
            """The candidates that agree with what the mention says, if any do (what a mention
            says of correspondents and dates is read from loose wording: a hint, not a rule)."""
            return {c for c in candidates if keep(letters[c])} or candidates

        # "PRES-WINANT #54" is the President's #54 to Winant, not his #54 to Harriman
        if mention.senders:
            candidates = prefer(lambda letter: _agrees(mention.senders, letter.senders))
        if mention.recipients:
            candidates = prefer(lambda letter: _agrees(mention.recipients, letter.recipients))
        if mention.date.iso:
            candidates = prefer(lambda letter: letter.date.iso.startswith(mention.date.iso))
        if len(candidates) > 1:   # several fit: the earliest message is the one meant
            candidates = {min(candidates, key=lambda c: letters[c].sort_key)}
        if candidates:
            return candidates.pop()
        return _missing(mention, source)

    def _missing(mention: Mention, source: Document) -> str:
        key = sorted(k for k in mention.keys if k.startswith("dtg:")) or sorted(mention.keys) or [
            who_key(mention.senders, mention.recipients, mention.date.iso)]
        letter_id = "ref-" + re.sub(r"[^a-z0-9]+", "-", key[0].split(":", 1)[-1].lower()).strip("-")
        if letter_id in letters:
            old = letters[letter_id]
            letters[letter_id] = replace(old, mentioned_in=tuple(dict.fromkeys(old.mentioned_in + (source.id,))))
            return letter_id
        date = mention.date if mention.date.iso else _dtg_date(key[0], source.date,
                                                               later=mention.relation == "answered_by")
        parties = lambda ids: tuple(Party(registers.get("persons", i).name if registers.get("persons", i) else i,
                                          i, i) for i in ids)
        refs = tuple(k.split(":", 1)[1] for k in sorted(mention.keys))
        letters[letter_id] = Letter(letter_id, "", date, parties(mention.senders), parties(mention.recipients),
                                    references=refs, subject=mention.text, status="referenced",
                                    mentioned_in=(source.id,))
        index(letter_id, set(mention.keys))
        return letter_id

    merged_into = {copy.id: doc.id for doc in documents for copy in absorbed(doc)}
    pairs: dict[str, list[str]] = {}
    for letter in letters.values():
        s, r = persons(letter.senders), persons(letter.recipients)
        if s and r:
            pairs.setdefault(who_key(s, r, ""), []).append(letter.id)

    def quoted(doc: Document, quote, n: int) -> str:
        """The letter a quotation reproduces: the pair's message of that date, or its latest before."""
        s, r = persons(quote.senders), persons(quote.recipients)
        keys = set().union(*(ids_in(ref) for ref in quote.references))
        # a quotation that gives its number ("NO 800") is that message, in the edition or mentioned
        numbered = {c for k in keys for c in by_key.get(k, ())} - {doc.id}
        if s:
            numbered = {c for c in numbered if _agrees(s, letters[c].senders)} or numbered
        if numbered:
            return min(numbered, key=lambda c: letters[c].sort_key)
        if s and r:
            if quote.date.iso:
                hits = by_key.get(who_key(s, r, quote.date.iso), set()) - {doc.id}
                if hits:
                    return sorted(hits)[0]
            else:
                # undated: the pair's latest message before it whose words it repeats
                earlier = [i for i in pairs.get(who_key(s, r, ""), []) if i != doc.id
                           and letters[i].date.iso and letters[i].date.sort_key <= doc.date.sort_key]
                quoted_words = _quote_words(doc, quote)
                for i in sorted(earlier, key=lambda i: letters[i].sort_key, reverse=True):
                    if _days_apart(letters[i].date.iso, doc.date.iso) > QUOTE_REACH_DAYS:
                        break
                    original = documents_by_id.get(letters[i].document)
                    if original is None or _share(quoted_words, _words(original.blocks)) >= QUOTE_SHARE:
                        return i
        letter_id = f"{doc.id}-quote-{n}"
        date = quote.date if quote.date.iso else replace(doc.date, stated=False, time="",
                                                         note="date of the message that quotes it")
        letters[letter_id] = Letter(letter_id, "", date, quote.senders, quote.recipients,
                                    references=quote.references,
                                    subject=f"quoted in: {doc.title}", status="quoted", mentioned_in=(doc.id,))
        index(letter_id, keys)
        if s and r and date.iso:
            index(letter_id, {who_key(s, r, date.iso)})
        return letter_id

    for doc in documents:
        if doc.id in letters:
            for copy in (doc,) + absorbed(doc):
                for n, quote in enumerate(copy.quotes, 1):
                    edges.add(("quote", doc.id, quoted(copy, quote, n)))

    for doc in documents:
        if doc.id not in letters:
            continue
        for mention in (m for copy in (doc,) + absorbed(doc) for m in mentions(copy)):
            target = resolve(mention, doc)
            if mention.relation == "in_reply_to":
                edges.add(("reply", doc.id, target))
            elif mention.relation == "answered_by":
                edges.add(("reply", target, doc.id))
            elif mention.relation == "quotes":
                edges.add(("quote", doc.id, target))
            else:
                edges.add(("see", doc.id, target))
        for relation, other, line in (link for copy in (doc,) + absorbed(doc) for link in copy.links):
            other = merged_into.get(other, other)      # an editor's link to a copy now a witness
            if other not in letters:
                diags.append(warning("content/documents.yaml", line, "content-unknown-link",
                                     f'{relation} of {doc.id} names "{other}", which is not a document id; use '
                                     'the id in its address (data/documents.json lists them; a pinned `id:` '
                                     'replaces the one derived from the source)'))
            elif relation == "in_reply_to":
                edges.add(("reply", doc.id, other))
            elif relation == "not_in_reply_to":
                edges.discard(("reply", doc.id, other))
                edges.add(("not", doc.id, other))
    edges = {e for e in edges if e[0] != "reply" or ("not", e[1], e[2]) not in edges}
    return _link(letters, edges), diags


def _link(letters: dict[str, Letter], edges: set[tuple[str, str, str]]) -> Correspondence:
    replies_to: dict[str, list[str]] = {}
    answers: dict[str, list[str]] = {}
    quoted_in: dict[str, list[str]] = {}
    neighbours: dict[str, set[str]] = {k: set() for k in letters}
    for relation, a, b in sorted(edges):
        if relation in ("reply", "quote", "see"):
            neighbours[a].add(b)
            neighbours[b].add(a)
        if relation == "reply":
            replies_to.setdefault(a, []).append(b)
            answers.setdefault(b, []).append(a)
        elif relation == "quote":
            quoted_in.setdefault(b, []).append(a)
    order = sorted(letters.values(), key=lambda x: x.sort_key)
    rank = {x.id: i for i, x in enumerate(order)}
    thread_of: dict[str, str] = {}
    threads: dict[str, tuple[str, ...]] = {}
    for letter in order:                       # connected components, named by their first letter
        if letter.id in thread_of or not neighbours[letter.id]:
            continue
        members, stack = {letter.id}, [letter.id]
        while stack:
            for other in neighbours[stack.pop()]:
                if other not in members:
                    members.add(other)
                    stack.append(other)
        ids = tuple(sorted(members, key=rank.__getitem__))
        threads[ids[0]] = ids
        for m in ids:
            thread_of[m] = ids[0]
    by_rank = lambda ids: tuple(sorted(set(ids), key=rank.__getitem__))
    linked = tuple(replace(x, in_reply_to=by_rank(replies_to.get(x.id, ())), answered_by=by_rank(answers.get(x.id, ())),
                           quoted_in=by_rank(quoted_in.get(x.id, ())), thread=thread_of.get(x.id, ""))
                   for x in order)
    return Correspondence(linked, threads, {x.id: x for x in linked})


def date_label(letter: Letter) -> str:
    text = display(letter.date)
    return f"{text}, {letter.date.time}" if letter.date.time else text

