"""Problems found in the input, reported as data: `path:line: severity[code]: message`.

Stages never print or raise for bad input; they return diagnostics, and the CLI
prints them all at once, sorted, then decides whether the build may publish.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    severity: str
    code: str
    message: str

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}[{self.code}]: {self.message}"


def error(path: str, line: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(str(path), line, ERROR, code, message)


def warning(path: str, line: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(str(path), line, WARNING, code, message)


def has_errors(diagnostics: Iterable[Diagnostic], strict: bool = False) -> bool:
    blocking = {ERROR, WARNING} if strict else {ERROR}
    return any(d.severity in blocking for d in diagnostics)


def sort_unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics))


def summary_counts(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    items = list(diagnostics)
    return (sum(d.severity == ERROR for d in items), sum(d.severity == WARNING for d in items))
