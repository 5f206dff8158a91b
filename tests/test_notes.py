"""Glued note numbers matched to note lists (edition/notes.py), on lines made up for each rule."""
from __future__ import annotations

from edition.notes import find_candidates, match_markers


def _marked(lines: list[str], notes: int, first: int = 1) -> list[tuple[str, int]]:
    resolved, _ = match_markers(find_candidates(lines), notes, first)
    return [(lines[c.line][c.start:c.end], k) for c, k in resolved]


def test_a_number_after_a_full_stop_is_a_marker_only_as_the_next_note():
    assert _marked(["He met Malik.31 The protocol of March 30.32"], 2) == [("31", 1), ("32", 2)]
    line = "They shipped 2.1 million tons.1"
    resolved, _ = match_markers(find_candidates([line]), 1)
    assert [line[:c.end].split()[-1] for c, _ in resolved] == ["tons.1"]


def test_a_model_name_loses_to_a_marker_of_the_same_note():
    assert _marked(["The Commission1 wants M3 tanks from the Department2 in Iran.3"], 3) == [
        ("1", 1), ("2", 2), ("3", 3)]


def test_markers_without_a_note_list_run_from_one():
    line = "The M1 rifle and Antonov1 and Deane.2"
    resolved, unresolved = match_markers(find_candidates([line]), 0)
    assert not resolved and [line[:c.end].split()[-1] for c, _ in unresolved] == ["Antonov1", "Deane.2"]


def test_a_long_text_full_of_numbers_is_matched_whole():
    line = " ".join(f"word{i % 50 + 1}" for i in range(20000))
    assert [k for _, k in _marked([line], 50)] == list(range(1, 51))
