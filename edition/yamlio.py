"""Safe YAML for editors' files: every scalar stays a string, every value knows its line.

PyYAML's default loaders turn `0042` into 34 and `no` into False, accept duplicate
keys silently and expand alias bombs; this loader does none of that.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .diagnostics import Diagnostic, error
from .textio import decode

MAX_DEPTH = 50


class LineMap(dict):
    """A mapping that remembers the line of each key (1-based)."""
    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list


def _convert(node: yaml.Node, path: str, diags: list[Diagnostic]):
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        out = LineList(_convert(item, path, diags) for item in node.value)
        out.line = line
        out.item_lines = [item.start_mark.line + 1 for item in node.value]
        return out
    out = LineMap()
    out.line, out.key_lines = line, {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            diags.append(error(path, key_node.start_mark.line + 1, "yaml-key",
                               "a key must be plain text; write it as `name: value`"))
            continue
        key = key_node.value
        if key in out:
            diags.append(error(path, key_node.start_mark.line + 1, "yaml-duplicate-key",
                               f'the key "{key}" appears twice (first on line {out.key_lines[key]}); '
                               "keep one of them"))
            continue
        out[key] = _convert(value_node, path, diags)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _explained(exc: yaml.YAMLError, lines: list[str]) -> tuple[int, str]:
    """The line an editor has to fix, and what to do, in words for people who do not read parsers."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    context = getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark else 0
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    said = f" (YAML reports: {problem})"
    if "'\\t'" in problem:   # PyYAML writes the tab as \t
        return line, "a tab character: YAML indents with spaces only; replace the tab with spaces" + said
    if "quoted scalar" in (getattr(exc, "context", None) or "") and context:
        return context.line + 1, ("a quotation mark opened on this line is never closed; close it at the "
                                  "end of the value") + said
    if problem.startswith("mapping values are not allowed"):
        here = lines[line - 1] if 0 < line <= len(lines) else ""
        above = next((k for k in range(line - 2, -1, -1) if lines[k].strip() and not lines[k].lstrip().startswith("#")), None)
        if here.count(":") >= 2 or above is None or ":" in lines[above]:
            return line, ('a colon inside a value; put the whole value in double quotes, e.g. '
                          'title: "Stalin: a reply"') + said
        return above + 1, "this line has no colon after its key; write it as `key: value`" + said
    if problem.startswith("expected <block end>") or "did not find expected" in problem:
        return line, ("this line is not lined up with the lines above it: entries of one list or mapping "
                      "start in the same column, and a list entry starts with `- `") + said
    started = (f", {exc.context} on line {context.line + 1}"
               if context and getattr(exc, "context", None) and context.line + 1 != line else "")
    return line, f"this is not valid YAML ({problem}{started}); check indentation and quoting"


def parse_yaml(text: str, path: str) -> tuple[object, list[Diagnostic]]:
    """Parse YAML text; returns (data or None, diagnostics)."""
    try:
        depth = 0
        for event in yaml.parse(text, Loader=yaml.BaseLoader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1
                return None, [error(path, line, "yaml-alias",
                                    "YAML aliases (*name) are not allowed here; write the value out in full")]
            depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
            if depth > MAX_DEPTH:
                return None, [error(path, event.start_mark.line + 1, "yaml-too-deep",
                                    f"lists and mappings are nested more than {MAX_DEPTH} levels deep; "
                                    "check the brackets and indentation")]
        node = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        line, message = _explained(exc, text.split("\n"))
        return None, [error(path, line, "yaml-syntax", message)]
    if node is None:
        return None, []
    diags: list[Diagnostic] = []
    return _convert(node, path, diags), diags


# Parsed files by (path, modification time, size): the preview server reloads the
# registers on every change, and PyYAML is slow; an unchanged file is not parsed twice.
_parsed: dict[tuple, tuple[object, list[Diagnostic]]] = {}


def load_yaml(file: Path, display_path: str) -> tuple[object, list[Diagnostic]]:
    try:
        stat = file.stat()
        key = (str(file), display_path, stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    if key in _parsed:
        data, diags = _parsed[key]
        return data, list(diags)
    data, diags = _load_yaml(file, display_path)
    if key is not None:
        if len(_parsed) > 64:
            _parsed.clear()
        _parsed[key] = (data, list(diags))
    return data, diags


def _load_yaml(file: Path, display_path: str) -> tuple[object, list[Diagnostic]]:
    try:
        raw = file.read_bytes()
    except OSError as exc:
        return None, [error(display_path, 0, "unreadable", f"cannot read the file ({exc.strerror})")]
    text, diags = decode(raw, display_path)
    if text is None:
        return None, diags
    data, more = parse_yaml(text, display_path)
    return data, diags + more
