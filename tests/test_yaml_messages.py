"""YAML mistakes editors make, reported at the line to fix, in plain words."""
from __future__ import annotations

import pytest

from edition.yamlio import parse_yaml


@pytest.mark.parametrize("text,line,words", [
    ('title: "unclosed\nkind: letter\n', 1, "quotation mark opened on this line is never closed"),
    ('kind "letter"\ntitle: x\n', 1, "no colon after its key"),
    ('doc\n  title: x\n', 1, "no colon after its key"),
    ('title: Stalin: a reply\n', 1, "put the whole value in double quotes"),
    ('a:\n  b: 1\n c: 2\n', 3, "not lined up with the lines above"),
    ('a:\n\tb: 1\n', 2, "a tab character"),
])
def test_a_yaml_mistake_is_explained_at_its_line(text, line, words):
    data, diags = parse_yaml(text, "content/documents.yaml")
    [d] = diags
    assert data is None and (d.code, d.line) == ("yaml-syntax", line) and words in d.message


@pytest.mark.parametrize("value,words", [
    ("18 Oct 1944", 'here "1944-10-18"'),
    ("1944-02-30", "February 1944 has no day 30"),
    ("1944-13-01", "there is no month 13"),
    ("soon", 'e.g. "1944-10-18"'),
])
def test_a_date_an_editor_writes_wrongly_gets_its_right_form(value, words):
    from edition.content import date_advice
    assert words in date_advice(value)


@pytest.mark.parametrize("site,code", [
    ('title: "E"\nlicence_url: "creativecommons.org/licenses/by/4.0/"\n', "config-url"),
    ('subtitle: "no title"\n', "config-title"),
    ('title: "E"\nbase_url: "https://example.org/my edition/"\n', "config-base-url"),
])
def test_site_settings_that_would_make_broken_pages_are_reported(tmp_path, site, code):
    from edition.config import load_config
    (tmp_path / "site.yaml").write_text(site, "utf-8")
    _, diags = load_config(tmp_path)
    assert code in [d.code for d in diags] and all(d.line for d in diags)
