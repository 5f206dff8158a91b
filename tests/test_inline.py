from edition.html import NoteContext, render_inlines
from edition.inline import parse_inline
from edition.model import Box, Gap, Mark, PageBreak, Text, plain_text


def html(text: str) -> str:
    return str(render_inlines(parse_inline(text, 1), NoteContext({})))


def test_marks_become_nodes():
    nodes = parse_inline("AS VASELEVSKI IS ^{USUALLY} SOCALLY ~~RIGHT~~ <u>HATCH</u> [REDACTED] "
                         '<input type="checkbox"/> [Page 12]', 1)
    kinds = [type(n).__name__ + (":" + n.kind if isinstance(n, (Mark, Gap)) else "") for n in nodes
             if not isinstance(n, Text)]
    assert kinds == ["Mark:add", "Mark:del", "Mark:underline", "Gap:redacted", "Box", "PageBreak"]


def test_unbalanced_marks_stay_text():
    for text in ("a ^{b c", "a ~~b", "<u>open", "close}</u>", "[Page 79", "^{a ~~b} c~~"):
        assert plain_text(parse_inline(text, 1)).replace("~~", "").replace("^{", "").replace("}", "") \
            .replace("<u>", "").replace("</u>", "") == \
            text.replace("~~", "").replace("^{", "").replace("}", "").replace("<u>", "").replace("</u>", "")


def test_deep_nesting_is_linear_and_safe():
    text = "^{" * 5000 + "x" + "}" * 5000
    nodes = parse_inline(text, 1)
    assert "x" in plain_text(nodes)
    text = "~~" * 100001
    assert parse_inline(text, 1)


def test_seed_html_in_marks_is_escaped():
    for mark in ("^{%s}", "~~%s~~", "<u>%s</u>", "%s"):
        out = html(mark % '<script>alert(1)</script><img src=x onerror=alert(1)>')
        assert "<script>" not in out and "<img" not in out
        assert "&lt;script&gt;" in out and "&lt;img src=x" in out


def test_nested_marks_render():
    assert html("^{A ~~B~~ C}") == '<ins class="add" title="inserted">A <del class="del" title="deleted">B</del> C</ins>'
    assert isinstance(parse_inline("[Page 793]", 3)[0], PageBreak)
    assert parse_inline('<input type="checkbox"/>', 1) == (Box(False),)


def test_a_note_of_two_paragraphs_keeps_the_break():
    assert html("First paragraph <b>.\nSecond paragraph.") == "First paragraph &lt;b&gt;.<br>\nSecond paragraph."
