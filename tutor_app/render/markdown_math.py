"""A model's markdown answer as a self-contained HTML page with maths as MathML (no JavaScript)."""

from __future__ import annotations

import functools
import html
import re
from typing import Any

from tutor_app.render.math_scan import Segment, settled_end, split_math
from tutor_app.render.mathml import latex_to_mathml

__all__ = [
    "StreamingAnswer",
    "render_document",
    "render_fragment",
    "render_markdown",
    "render_streaming",
]

# Private-use characters mark where maths goes; markdown leaves them alone.
_OPEN, _CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(_OPEN + r"(\d+)" + _CLOSE)
# Control characters (markdown's own stash markers among them) and our markers never get through.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f" + _OPEN + _CLOSE + "]")
_EXTENSIONS = ["fenced_code", "tables", "sane_lists"]
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_COLOURS = {
    False: {"fg": "#1d1d1f", "bg": "#ffffff", "muted": "#6e6e73", "code": "#f2f2f5",
            "rule": "#d2d2d7", "error": "#b3261e", "link": "#0b57d0"},
    True: {"fg": "#e8e8ed", "bg": "#1c1c1e", "muted": "#a1a1a6", "code": "#2c2c2e",
           "rule": "#3a3a3c", "error": "#ff6b61", "link": "#8ab4f8"},
}  # fmt: skip

_CSS = """
:root {{ color-scheme: {scheme}; }}
body {{ font-family: system-ui, "Segoe UI", sans-serif; font-size: 16px; line-height: 1.5;
  color: {fg}; background: {bg}; margin: 0.8em; overflow-wrap: break-word; }}
math {{ font-family: "STIX Two Math", "Cambria Math", "Latin Modern Math", math; }}
.math-display {{ display: block; overflow-x: auto; overflow-y: hidden; margin: 0.6em 0;
  padding: 0.1em 0; text-align: center; }}
code, pre {{ font-family: ui-monospace, Consolas, monospace; background: {code};
  border-radius: 4px; }}
code {{ padding: 0 0.25em; }}
pre {{ padding: 0.6em; overflow-x: auto; }}
code.math-error {{ color: {error}; border: 1px dashed {error}; }}
.pending {{ white-space: pre-wrap; }}
.pending-block {{ color: {muted}; }}
a {{ color: {link}; }}
blockquote {{ border-left: 3px solid {rule}; margin-left: 0; padding-left: 0.8em; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid {rule}; padding: 0.2em 0.6em; }}
.enclose-box, .enclose-roundedbox {{ border: 1.5px solid currentColor; padding: 0.15em 0.3em; }}
.enclose-circle {{ border: 1.5px solid currentColor; border-radius: 50%; padding: 0.15em; }}
.enclose-updiagonalstrike {{ background: linear-gradient(to top right, transparent 46%,
  {error} 48%, {error} 52%, transparent 54%); }}
"""


def render_document(body: str, dark: bool = False) -> str:
    """Wrap HTML already made safe (fragments from render_fragment) in the page: CSS, no JS."""
    return _document(body, dark)


def render_markdown(text: str, *, dark: bool = False) -> str:
    """Render a complete answer as a self-contained HTML document (UTF-8, inline CSS, no JS)."""
    return _document(render_fragment(text), dark)


def render_streaming(text: str, *, dark: bool = False) -> str:
    """Render an answer still arriving: an unfinished formula at the end is shown as plain text."""
    return _document(render_fragment(text, streaming=True), dark)


def render_fragment(text: str, *, streaming: bool = False) -> str:
    """The HTML body of an answer (no document around it), for embedding in a larger page."""
    segments = split_math(_FORBIDDEN.sub("", text), streaming=streaming)
    source: list[str] = []
    pieces: list[str] = []
    for segment in segments:
        if segment.kind == "text":
            source.append(_typeset_plain_powers(segment.text, pieces))
        elif segment.kind == "code":
            source.append(segment.text)
        else:
            source.append(f"{_OPEN}{len(pieces)}{_CLOSE}")
            pieces.append(_segment_html(segment))
    body = _markdown_to_html("".join(source))
    return _PLACEHOLDER.sub(lambda match: pieces[int(match.group(1))], body)


# A power written in plain text (`x^2`, `3^{10}`, `e^-x`): typeset, since a caret in prose
# means nothing else. Nothing wider is guessed at: a sentence is never read as maths.
_PLAIN_POWER = re.compile(
    r"(?<![\w\\$^])([A-Za-z]|\d+(?:\.\d+)?)\^(\{[^{}\s]{1,12}\}|-?\w{1,3})(?!\w)"
)


def _typeset_plain_powers(text: str, pieces: list[str]) -> str:
    def power(match: re.Match[str]) -> str:
        exponent = match.group(2).strip("{}")
        mathml = latex_to_mathml(f"{match.group(1)}^{{{exponent}}}", False)
        if mathml is None:
            return match.group()
        pieces.append(mathml)
        return f"{_OPEN}{len(pieces) - 1}{_CLOSE}"

    return _PLAIN_POWER.sub(power, text)


class StreamingAnswer:
    """An answer still arriving, rendered cheaply: finished paragraphs once, then only the rest.

    Each update costs the new text since the last finished paragraph, not the whole answer, so
    a long answer streams as smoothly as a short one; a finished block does not change again.
    """

    def __init__(self) -> None:
        self._source = ""  # the finished paragraphs rendered so far
        self._html = ""

    def render(self, text: str) -> str:
        """The HTML body for the answer as it stands (its unfinished tail as plain text)."""
        if not text.startswith(self._source):  # the text was replaced, not extended
            self._source = self._html = ""
        end = settled_end(text, len(self._source))
        if end > len(self._source):
            fresh = render_fragment(text[len(self._source) : end])
            self._html = f"{self._html}\n{fresh}" if self._html else fresh
            self._source = text[:end]
        tail = text[end:]
        if not tail.strip():
            return self._html
        fresh = render_fragment(tail, streaming=True)
        return f"{self._html}\n{fresh}" if self._html else fresh


def _segment_html(segment: Segment) -> str:
    """HTML for a formula, a literal character or an unfinished tail."""
    if segment.kind == "pending":
        block = " pending-block" if segment.text.startswith(("$$", "\\[")) else ""
        return f'<span class="pending{block}">{html.escape(segment.text)}</span>'
    if segment.kind == "literal":
        return html.escape(segment.text)
    mathml = latex_to_mathml(segment.text, segment.display)
    if mathml is None:
        return f'<code class="math-error">{html.escape(segment.source)}</code>'
    return f'<span class="math-display">{mathml}</span>' if segment.display else mathml


def _markdown_to_html(source: str) -> str:
    """Markdown with raw HTML disabled and links or images that could reach out neutralised."""
    import markdown

    md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_safe_links_class()(md), "safe_links", 1)
    return str(md.convert(source))


@functools.cache
def _safe_links_class() -> Any:
    """Build the tree processor class lazily so importing this module stays light."""
    from markdown.treeprocessors import Treeprocessor

    class SafeLinks(Treeprocessor):
        """Keep in-page anchors only; images become their alt text; no event attributes."""

        def run(self, root: Any) -> None:
            for element in root.iter():
                for key in [k for k in element.attrib if k.lower().startswith("on")]:
                    del element.attrib[key]
                if element.tag == "img":
                    alt = element.get("alt", "")
                    element.tag, element.text = "span", f"[image: {alt}]" if alt else "[image]"
                    element.attrib = {"class": "image-placeholder"}
                elif element.tag == "a" and not element.get("href", "").startswith("#"):
                    target = element.attrib.pop("href", "")
                    element.attrib = {"class": "external-link"}
                    if target.startswith(("http://", "https://")):
                        element.set("title", target)

    return SafeLinks


def _document(body: str, dark: bool) -> str:
    """Wrap a body in a complete UTF-8 page with a content policy that forbids scripts."""
    colours = _COLOURS[dark]
    css = _CSS.format(scheme="dark" if dark else "light", **colours)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        f"<style>{css}</style></head>\n<body>\n{body}\n</body></html>\n"
    )
