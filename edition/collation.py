"""Word-level collation of the witnesses of one text against its reading text.

Both texts become word tokens; a token's `norm` (letters and digits, case folded) is what
is compared, its `surface` (as written) what is shown. difflib aligns the norms; then each
difference is sorted into:

- formal differences, which do not change the words: "case" (STALIN / Stalin), "punct"
  (East, / EAST) and "join" (a word split at a line end or hyphen: Tambovsk- Khabarovsk /
  Tambovsk-Khabarovsk);
- variants, which do: "add" (words only in the witness), "omit" (words of the reading text
  the witness lacks) and "change" (GAVTC / Gavan).

A variant of LONG_WORDS words or more (a sentence one witness lacks) is `long`, for the pages
to show at a glance. Pure functions over the document model; no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import NamedTuple

from .model import Block, Document, Gap, Inline, Mark, NameRef, Text, Witness

VARIANTS = ("add", "omit", "change")
FORMAL = ("case", "punct", "join")
LONG_WORDS = 6
CONTEXT_WORDS = 4
SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
NOT_ALNUM = re.compile(r"[\W_]+")
PUNCTUATION = re.compile(r"[^\w\s]+|_+")


class Token(NamedTuple):    # a tuple, not a dataclass: an edition has a million of them
    surface: str          # as written, with its punctuation
    norm: str             # letters and digits only, case folded: what is compared


@dataclass(frozen=True)
class Segment:
    kind: str             # "same", a formal kind or a variant kind
    a: tuple[str, ...]    # the reading text's words (surfaces)
    b: tuple[str, ...]    # the witness's words
    a_start: int          # position of the first word in the reading text
    b_start: int

    @property
    def variant(self) -> bool:
        return self.kind in VARIANTS

    @property
    def long(self) -> bool:
        return self.variant and max(len(self.a), len(self.b)) >= LONG_WORDS


@dataclass(frozen=True)
class Variant:
    number: int
    segment: Segment
    before: str           # a few words of the reading text before it
    after: str            # and after it


@dataclass(frozen=True)
class Comparison:
    """The reading text (siglum `base`) against one witness (siglum `witness`)."""
    base: str
    witness: str
    similarity: float
    segments: tuple[Segment, ...]
    rows: tuple[tuple[Segment, ...], ...]     # the segments cut at the reading text's sentence ends
    variants: tuple[Variant, ...]
    capitals: bool        # one of the two is written in capitals: case differences are not listed

    @property
    def formal(self) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.kind in FORMAL and not (self.capitals and s.kind == "case"))

    @property
    def long(self) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.segment.long)


# ---------------------------------------------------------------- tokens


def _inline_text(nodes: tuple[Inline, ...]) -> str:
    """The words a witness reads: deletions left out (they are not its final text), marks' text kept."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Mark):
            if node.kind != "del":
                out.append(_inline_text(node.children))
        elif isinstance(node, NameRef):
            out.append(_inline_text(node.children))
        elif isinstance(node, Gap):
            out.append(node.text)
        else:
            out.append(" ")       # a note marker, page break or box separates words
    return "".join(out)


def norm(word: str) -> str:
    return NOT_ALNUM.sub("", word.casefold().replace("ø", "0"))


def norms(blocks: tuple[Block, ...]) -> list[str]:
    """Just the compared forms of the words (the tokens' norms, in one pass over the text)."""
    text = " ".join(_inline_text(b.inlines) for b in blocks).casefold().replace("ø", "0")
    return PUNCTUATION.sub("", text).split()


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    for word in text.split():
        n = norm(word)
        if n:
            out.append(Token(word, n))
        elif out:           # a dash or dots alone: punctuation of the word before
            out[-1] = Token(out[-1].surface + " " + word, out[-1].norm)
    return out


def block_tokens(blocks: tuple[Block, ...]) -> list[Token]:
    return tokenize(" ".join(_inline_text(b.inlines) for b in blocks))


def unquote(words: list) -> list:
    """A quotation's words (tokens or norms) without the telegraphic QUOTE … UNQUOTE around them."""
    first = lambda w: w if isinstance(w, str) else w.norm
    words = words[1:] if words and first(words[0]) == "quote" else words
    return words[:-1] if words and first(words[-1]) == "unquote" else words


def witness_tokens(witness: Witness) -> list[Token]:
    tokens = block_tokens(witness.blocks)
    return unquote(tokens) if witness.kind == "quotation" else tokens


def capitals(tokens: list[Token]) -> bool:
    letters = [c for t in tokens for c in t.surface if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


# ---------------------------------------------------------------- alignment


def _formal_kind(a: Token, b: Token) -> str:
    """Equal words that look different: in punctuation (perhaps case too), or in case only."""
    if a.surface == b.surface:
        return "same"
    marks = lambda s: "".join(c for c in s if not c.isalnum())
    return "punct" if marks(a.surface) != marks(b.surface) else "case"


def _opcodes(a: list[str], b: list[str]) -> tuple[list[tuple], int]:
    """difflib's opcodes over the words' norms, and how many words they match (joins included)."""
    matched = 0
    codes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal":
            matched += i2 - i1
        elif i1 < i2 and j1 < j2 and "".join(a[i1:i2]) == "".join(b[j1:j2]):
            matched += min(i2 - i1, j2 - j1)
    return codes, matched


def similarity(a: list[str], b: list[str]) -> float:
    """Twice the words (norms) the texts share in order, over all their words: 1.0 for the same text."""
    return 2 * _opcodes(a, b)[1] / (len(a) + len(b)) if a or b else 1.0


def _pieces(a: list[Token], b: list[Token]) -> tuple[list[Segment], int]:
    """Word-level segments (one per word pair where the texts agree) and the number of matched words."""
    codes, matched = _opcodes([t.norm for t in a], [t.norm for t in b])
    pieces: list[Segment] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal":
            pieces += [Segment(_formal_kind(a[i1 + k], b[j1 + k]), (a[i1 + k].surface,), (b[j1 + k].surface,),
                               i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        words_a, words_b = tuple(t.surface for t in a[i1:i2]), tuple(t.surface for t in b[j1:j2])
        if i1 < i2 and j1 < j2 and "".join(t.norm for t in a[i1:i2]) == "".join(t.norm for t in b[j1:j2]):
            kind = "join"
        else:
            kind = "add" if i1 == i2 else "omit" if j1 == j2 else "change"
        pieces.append(Segment(kind, words_a, words_b, i1, j1))
    return _bridge(pieces), matched


def _bridge(pieces: list[Segment]) -> list[Segment]:
    """Two short changes one agreeing word apart are one change: "for the unfolding" / "at the
    present time by way of" reads better whole than as "for / at" and "unfolding / present time…".
    (Additions stay apart: "THE basing OF" is two additions around a word both texts have.)"""
    out: list[Segment] = []
    for p in pieces:
        if (p.kind == "change" and not p.long and len(out) >= 2 and len(out[-1].a) == 1
                and not out[-1].variant and out[-2].kind == "change" and not out[-2].long):
            mid, first = out.pop(), out.pop()
            p = Segment("change", first.a + mid.a + p.a, first.b + mid.b + p.b, first.a_start, first.b_start)
        out.append(p)
    return out


def _merge(pieces: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for p in pieces:
        if out and p.kind == out[-1].kind and not p.variant:
            last = out[-1]
            out[-1] = Segment(p.kind, last.a + p.a, last.b + p.b, last.a_start, last.b_start)
        else:
            out.append(p)
    return out


def _rows(pieces: list[Segment]) -> list[tuple[Segment, ...]]:
    """Rows for a side-by-side view: cut after each sentence of the reading text; a long variant alone."""
    rows: list[list[Segment]] = [[]]
    for p in pieces:
        if p.long and rows[-1]:
            rows.append([])
        rows[-1].append(p)
        if p.long or (p.a and SENTENCE_END.search(p.a[-1]) and not p.variant):
            rows.append([])
    return [tuple(_merge(r)) for r in rows if r]


def compare(a: list[Token], b: list[Token], base: str = "A", witness: str = "B") -> Comparison:
    pieces, matched = _pieces(a, b)
    segments = _merge(pieces)
    variants = []
    for s in segments:
        if s.variant:
            end = s.a_start + len(s.a)
            variants.append(Variant(len(variants) + 1, s,
                                    " ".join(t.surface for t in a[max(0, s.a_start - CONTEXT_WORDS):s.a_start]),
                                    " ".join(t.surface for t in a[end:end + CONTEXT_WORDS])))
    score = 2 * matched / (len(a) + len(b)) if a or b else 1.0
    return Comparison(base, witness, round(score, 3), tuple(segments), tuple(_rows(pieces)), tuple(variants),
                      capitals(a) != capitals(b))


# ---------------------------------------------------------------- a document's collation


@dataclass(frozen=True)
class Collation:
    sigla: tuple[str, ...]                      # "A" (the reading text), "B", … in witness order
    comparisons: tuple[Comparison, ...]         # A against each other witness


def siglum(n: int) -> str:
    """A, B, … Z, then AA, AB …"""
    letters = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def collate(doc: Document) -> Collation | None:
    """The document's reading text against each of its witnesses; None without witnesses."""
    if not doc.witnesses:
        return None
    base = block_tokens(doc.blocks)
    sigla = tuple(siglum(i) for i in range(len(doc.witnesses) + 1))
    return Collation(sigla, tuple(compare(base, witness_tokens(w), sigla[0], sigla[i + 1])
                                  for i, w in enumerate(doc.witnesses)))
