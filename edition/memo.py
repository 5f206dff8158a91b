"""What the preview server remembers between two rebuilds, so that a change costs its own size.

A full build (`build.py build`) starts from nothing and never sees a Memo. The preview keeps one:
the parses of unchanged seeds, and, per document, the results of the pure per-document steps
(settings applied, names resolved, the units compared for witnesses, the facts the calendar reads).
Results are keyed by the *identity* of their input: an unchanged seed yields the very same
Document objects, so the steps after it yield the same objects again, and comparing the whole
edition with the last one is a matter of `is`, not of walking every document's text.
"""
from __future__ import annotations

from typing import Any, Callable


class Memo:
    def __init__(self) -> None:
        self.seeds: dict = {}                 # seed file name -> (signature, ParsedSeed); see loader.parse_all
        self.state: dict[str, Any] = {}       # a stage's own memory of the last round (witnesses, calendar)
        self._last: dict[tuple, tuple] = {}
        self._this: dict[tuple, tuple] = {}
        self._shared: dict[str, Any] = {}

    def step(self, name: str, obj: object, args: tuple, compute: Callable[[], Any]) -> Any:
        """compute(), or its result of the last round if `obj` is the same object and `args` are equal."""
        key = (name, id(obj))
        hit = self._this.get(key) or self._last.get(key)
        if hit is not None and hit[0] is obj and (hit[1] is args or hit[1] == args):
            value = hit[2]
        else:
            value = compute()
        self._this[key] = (obj, args, value)   # holding obj keeps its id from being reused
        return value

    def same(self, name: str, value: Any) -> Any:
        """The object of the last round when it equals `value`, so later steps see one identity."""
        old = self._shared.get(name)
        if old is not None and (old is value or old == value):
            return old
        self._shared[name] = value
        return value

    def next_round(self) -> None:
        """Forget what the round just finished did not use."""
        self._last, self._this = self._this, {}


def step(memo: Memo | None, name: str, obj: object, args: tuple, compute: Callable[[], Any]) -> Any:
    """memo.step, or just compute() in a full build."""
    return compute() if memo is None else memo.step(name, obj, args, compute)
