"""Archive copies of printed documents whose notes were not transcribed.

    Roosevelt Papers: Telegram
    The Ambassador in the Soviet Union (Harriman) to the President 1
    [Received 18 October.]
    … Chiefs of Staff2 … Harry’s3 talk …

The markers stay where they are, shown as unresolved, and each is reported:
nothing is invented. An editor may supply a note in content/documents.yaml.
"""
from __future__ import annotations

from ..model import Source
from .common import ReadResult
from .frus_web import PAPERS_LINE, read_several

NAME = "archive_copy"
TITLE = "Archive copy (notes not transcribed)"


def detect(text: str) -> float:
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    return 0.8 if PAPERS_LINE.match(first) else 0.0


def read(source: Source) -> ReadResult:
    return read_several(source, NAME, how_to_fix=(
        "the transcription does not give this note; supply it in content/documents.yaml under `notes:` "
        "or leave it reported"))
