"""Markdown with LaTeX to safe HTML: maths typeset as MathML, money left alone, nothing injected."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_app.render import render_markdown, render_streaming
from tutor_app.render.markdown_math import StreamingAnswer, render_document, render_fragment
from tutor_app.render.math_scan import readable_latex, settled_end, split_math
from tutor_app.render.mathml import latex_to_mathml


class _Tags(HTMLParser):
    """Collect every start tag and its attributes as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


_ALLOWED_TAGS = set(
    "p em strong code pre span h1 h2 h3 h4 h5 h6 ul ol li hr br blockquote a table thead tbody"
    " tr th td".split()
) | set(
    "math mi mn mo ms mspace mtext mfrac mpadded mphantom mroot mrow msqrt mstyle mover munder"
    " munderover msub msup msubsup mtable mtr mtd mmultiscripts mprescripts none".split()
)


def _maths(text: str) -> list[tuple[str, bool]]:
    return [(s.text, s.display) for s in split_math(text) if s.kind == "math"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Let $x^2$ be", [("x^2", False)]),
        ("so $$x = 2$$ done", [("x = 2", True)]),
        (r"a \(y+1\) b", [("y+1", False)]),
        ("a \\[\\frac{1}{2}\\] b", [(r"\frac{1}{2}", True)]),
        ("$$\nx = 1\n$$", [("\nx = 1\n", True)]),
        ("$5$ is a number", [("5", False)]),
        ("$2x + 3 = 7$ gives $x = 2$", [("2x + 3 = 7", False), ("x = 2", False)]),
        ("Let $ x^2 $ be", [("x^2", False)]),
        (r"cost is $\$5$", [(r"\$5", False)]),
    ],
)
def test_maths_delimiters_are_found(text: str, expected: list[tuple[str, bool]]) -> None:
    assert _maths(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "It costs $5.",
        "It costs $5 and $10.",
        "Pay $1,000 now and $2,000 later",
        "$3.50 each, so $7 for two",
        "$5-$3 = $2",
        "from $5 to $10 total",
        "costs $ 5 and $ 10",
        "costs 5$ and 10$",
        "I paid $5 for apples and $3 for pears.",
        "$10 total and then some$",
        "Escaped \\$5 and \\$x\\$",
        "A lone $ sign",
        "Ends with $",
        "$x\n\ny$ across a paragraph break",
    ],
)
def test_money_and_stray_dollars_stay_text(text: str) -> None:
    assert _maths(text) == []
    assert "<math" not in render_fragment(text)
    assert "$" in render_fragment(text)


def test_money_next_to_real_maths() -> None:
    text = "between $5 and $10 the price is $p^2$, so $x = 5$."
    assert _maths(text) == [("p^2", False), ("x = 5", False)]
    body = render_fragment(text)
    assert body.count("<math") == 2
    assert "between $5 and $10 the price is" in body


def test_inequalities_escaped_in_text_and_maths() -> None:
    body = render_fragment("If a<b and c>d then $x < 3$ and \\(y > 2\\) and $a<b>c$.")
    assert "a&lt;b and c&gt;d" in body
    assert "<mo>&lt;</mo>" in body and "<mo>&gt;</mo>" in body
    assert "<b>" not in body


def test_display_and_inline_markup() -> None:
    body = render_fragment("Inline $x$ and\n\n$$\\frac{a}{b}$$")
    assert '<math display="inline">' in body
    assert '<span class="math-display"><math display="block">' in body
    assert "<mfrac>" in body


def test_failing_formula_shown_as_source() -> None:
    body = render_fragment(r"Broken $\frac{1}{$ here and $$x^{$$ there.")
    assert r'<code class="math-error">$\frac{1}{$</code>' in body
    assert r'<code class="math-error">$$x^{$$</code>' in body


def test_unknown_command_shown_as_source_not_as_garbage() -> None:
    body = render_fragment(r"$\notacommand{x}$")
    assert "math-error" in body and r"\notacommand" in body


def test_markdown_does_not_mangle_maths() -> None:
    body = render_fragment("**Step 1:** $a_1 * b_1 * c_1$ and *this* is _em_")
    assert "<strong>Step 1:</strong>" in body and "<em>this</em>" in body
    assert "<msub>" in body
    assert body.count("<em>") == 2


def test_code_is_not_typeset() -> None:
    body = render_fragment("Use `$x$` or\n\n```\n$$y$$\n```\n\nthen $z$")
    assert "<code>$x$</code>" in body
    assert "$$y$$" in body
    assert body.count("<math") == 1


def test_boxed_answer_and_aligned_environment() -> None:
    body = render_fragment(
        r"$$\boxed{x = 3}$$ and $$\begin{aligned} x &= 1 \\ y &= 2 \end{aligned}$$"
    )
    assert 'class="enclose-box"' in body and "menclose" not in body
    assert "<mtable" in body and "math-error" not in body


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src="http://evil/x.png" onerror="alert(1)">',
        "<div onclick='alert(1)'>hi</div>",
        "[click](javascript:alert(1))",
        "![pic](http://evil.example/x.png)",
        "<http://evil.example/>",
        r"$\text{<script>alert(1)</script>}$",
        r"$\href{javascript:alert(1)}{x}$",
        r"$\style{background:url(http://evil)}{x}$",
        "<iframe src='http://evil'></iframe>",
        "\x02klzzwxh:0000\x03 stash marker",
        "\ue0000\ue001 placeholder marker",
    ],
)
def test_untrusted_text_cannot_inject(attack: str) -> None:
    tags = _tags(render_markdown(attack))
    names = {tag for tag, _ in tags}
    assert not names & {"script", "img", "iframe", "div", "object", "embed", "link"}
    for _tag, attrs in tags:
        assert not [key for key in attrs if key.startswith("on")]
        assert "src" not in attrs and "style" not in attrs
        assert (attrs.get("href") or "#").startswith("#")


def test_in_page_anchor_kept() -> None:
    assert '<a href="#step-2">see step 2</a>' in render_fragment("[see step 2](#step-2)")


def test_document_is_self_contained() -> None:
    page = render_markdown("# Title\n\nSolve $x+1=2$.")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page and "<style>" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "<script" not in page and "http://" not in page.replace(
        "http://www.w3.org/1998/Math/MathML", ""
    )
    assert "#1c1c1e" in render_markdown("x", dark=True) and "#1c1c1e" not in page


def test_unicode_survives() -> None:
    assert "Größe π ≤ 4" in render_fragment("Größe π ≤ 4 and $\\pi \\le 4$")


@pytest.mark.parametrize(
    ("partial", "pending"),
    [
        ("The answer is $$x = ", "$$x = "),
        ("We get \\[\\frac{1}{2", "\\[\\frac{1}{2"),
        ("so \\(x^", "\\(x^"),
        ("Let $a_1 + b_", "$a_1 + b_"),
        ("Almost $", "$"),
        ("Backslash \\", "\\"),
    ],
)
def test_streaming_unfinished_block_is_plain_text(partial: str, pending: str) -> None:
    page = render_streaming(partial)
    assert re.search(f'<span class="pending[^"]*">{re.escape(pending)}</span>', page)
    assert "<math" not in page and "<em>" not in page


def test_streaming_keeps_finished_maths_typeset() -> None:
    page = render_streaming("First $x^2$ then $$\\frac{1}{")
    assert page.count("<math") == 1 and 'class="pending pending-block"' in page


def test_streaming_decided_money_is_not_pending() -> None:
    assert 'class="pending' not in render_streaming("It costs $5 and some")


def test_streaming_matches_complete_render_token_by_token() -> None:
    answer = (
        "**Step 1.** Subtract 3: $2x + 3 - 3 = 7 - 3$, so\n\n$$2x = 4$$\n\n"
        "**Step 2.** Divide: \\(x = 2\\) because \\[\\frac{4}{2} = 2\\] and $x < 3$.\n\n"
        "Costs $5 and $10 are money. Final answer: $\\boxed{2}$"
    )
    for end in range(0, len(answer), 7):
        page = render_streaming(answer[:end])
        assert "<script" not in page
    assert render_streaming(answer) == render_markdown(answer)


def test_a_growing_answer_renders_each_finished_paragraph_once() -> None:
    answer = (
        "**Step 1.** Subtract 3 from both sides:\n\n$$\n2x = 4\n\n$$\n\n"
        "```\ncode $x$\n\nstill code\n```\n\n"
        "**Step 2.** So $x = 2$, and $5 is money.\n\nDone: $\\boxed{2}$"
    )
    live = StreamingAnswer()
    rendered = [live.render(answer[:end]) for end in range(len(answer) + 1)]
    # A paragraph never changes once the next one has begun: each page starts like the last.
    finished = [settled_end(answer[:end]) for end in range(len(answer) + 1)]
    for end, body in enumerate(rendered):
        assert body.startswith(render_fragment(answer[: finished[end]]))
    # No cut falls inside the display formula or the code block, though both hold blank lines.
    cuts = sorted(set(finished) - {0})
    assert [answer[:cut].count("$$") % 2 for cut in cuts] == [0] * len(cuts)
    assert [answer[:cut].count("```") % 2 for cut in cuts] == [0] * len(cuts)
    assert len(cuts) == 4
    assert rendered[-1].count("<math") == render_fragment(answer).count("<math") == 3


def test_a_replaced_answer_starts_again() -> None:
    live = StreamingAnswer()
    live.render("First try: $x = 1$.\n\nMore")
    body = live.render("Second try: $x = 2$.\n\n")
    assert "Second" in body and "First" not in body


def test_conversion_is_cached() -> None:
    latex_to_mathml.cache_clear()
    for _ in range(3):
        render_fragment("$x^2 + 1$")
    info = latex_to_mathml.cache_info()
    assert info.misses == 1 and info.hits == 2


def test_oversized_or_empty_formula_is_not_converted() -> None:
    assert latex_to_mathml("x" * 5000) is None
    assert latex_to_mathml("   ") is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="$\\()[]{}`~x25 <>&_*\n#-^a", max_size=60))
def test_any_text_renders_without_error_or_raw_markup(text: str) -> None:
    for rendered in (render_fragment(text), render_fragment(text, streaming=True)):
        names = {tag for tag, _ in _tags(rendered)}
        assert names <= _ALLOWED_TAGS, names - _ALLOWED_TAGS


HANG_S = 60.0  # far beyond any machine's linear time, far below a quadratic scan's


@pytest.mark.parametrize("unit", ["$5 ", "\\[ ", "\\( x ", "$$ x ", "` $x "])
def test_scanning_stays_linear_on_hostile_input(unit: str) -> None:
    # 200 000 characters: a linear scan takes well under a second here, a quadratic one
    # hours. The bound below is a guard against that hang, not a measure of speed.
    text = unit * (200_000 // len(unit))
    started = time.perf_counter()
    split_math(text)
    split_math(text, streaming=True)
    assert time.perf_counter() - started < HANG_S


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        ("x = -3 \\text{ or } x = 3", "x = -3 or x = 3"),
        ("\\frac{1}{2} \\le x", "1/2 ≤ x"),
        ("\\left(x + \\pi\\right)^{2}", "(x + π)²"),
        # SymPy's own LaTeX, as the computer-algebra answer arrives
        ("x^{2} \\cos{\\left(x \\right)} + 2 x \\sin{\\left(x \\right)}", "x² cos(x) + 2x sin(x)"),
        ("x = - \\frac{\\sqrt{13}}{2} - \\frac{3}{2}", "x = - √13/2 - 3/2"),
        ("4210_{5}", "4210₅"),
        ("(-\\infty, 2) \\cup (3, \\infty)", "(-∞, 2) ∪ (3, ∞)"),
        ("\\frac{\\frac{1}{2}}{3}", "(1/2)/(3)"),
    ],
)
def test_a_formula_reads_as_plain_text_where_it_cannot_be_typeset(latex: str, plain: str) -> None:
    assert readable_latex(latex) == plain


@pytest.mark.parametrize(
    ("text", "powers"),
    [
        ("So x^2 + 3x = 10", 1),
        ("2^{10} is 1024 and e^-x decays", 2),
        ("Write `a^b` in code", 0),  # code stays as written
        ("The caret ^ alone, or x^ at the end", 0),
        ("Already $y^2$ typeset", 1),
    ],
)
def test_a_power_written_in_plain_text_is_typeset(text: str, powers: int) -> None:
    html = render_fragment(text)
    assert html.count("<msup>") == powers, html
    assert "^" not in html.replace("<code>a^b</code>", "").replace("^ alone", "").replace(
        "x^ at", ""
    )


def test_an_unfinished_formula_shows_as_typed_and_a_display_one_is_muted() -> None:
    inline = render_fragment("Then $x = 2", streaming=True)
    assert '<span class="pending">$x = 2</span>' in inline
    for opener in ("$$", "\\["):
        display = render_fragment(f"Then {opener}x = 2", streaming=True)
        assert f'<span class="pending pending-block">{opener}x = 2</span>' in display


def test_the_page_tells_the_browser_its_colour_scheme() -> None:
    assert "color-scheme: light;" in render_document("<p>x</p>", dark=False)
    assert "color-scheme: dark;" in render_document("<p>x</p>", dark=True)


def test_a_display_formula_gets_its_own_centred_block_and_an_inline_one_does_not() -> None:
    assert 'class="math-display"' in render_fragment("$$x^2$$")
    assert 'class="math-display"' not in render_fragment("$x^2$")
