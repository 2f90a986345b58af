"""LaTeX to MathML through latex2mathml, with the result whitelisted and re-serialised safely."""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["MAX_LATEX_CHARS", "latex_to_mathml"]

MAX_LATEX_CHARS = 4000

# MathML Core elements (what Chromium, hence QtWebEngine, renders); menclose is rewritten below.
_TAGS = frozenset(
    "math mi mn mo ms mspace mtext merror mfrac mpadded mphantom mroot mrow msqrt mstyle"
    " mmultiscripts mover mprescripts msub msubsup msup mtable mtd mtr munder munderover"
    " semantics annotation none".split()
)
_ATTRS = frozenset(
    "xmlns display mathvariant stretchy fence form separator columnalign rowalign columnspan"
    " rowspan notation mathcolor mathbackground mathsize displaystyle scriptlevel lspace rspace"
    " width height depth voffset linethickness accent accentunder movablelimits largeop"
    " symmetric minsize maxsize columnlines rowlines columnspacing rowspacing frame"
    " framespacing class".split()
)
# Attribute values are lengths, keywords, colours: no quotes, brackets, colons or URLs.
_SAFE_VALUE = re.compile(r"[\w\s.#%+\-]*")
_UNKNOWN_COMMAND = re.compile(r"\\[A-Za-z]+")
_ENVIRONMENTS = (
    (re.compile(r"\\(begin|end)\{aligned\}"), r"\\\1{split}"),
    (re.compile(r"\\(begin|end)\{align\}"), r"\\\1{align*}"),
    (re.compile(r"\\(?:begin|end)\{equation\*?\}"), ""),
)


class _Unsupported(ValueError):
    """latex2mathml produced something we will not show (an unknown command or element)."""


@functools.lru_cache(maxsize=4096)
def latex_to_mathml(latex: str, display: bool = False) -> str | None:
    """Typeset one formula as a safe `<math>` element, or None when it cannot be converted."""
    if not latex.strip() or len(latex) > MAX_LATEX_CHARS:
        return None
    from xml.etree.ElementTree import tostring

    from latex2mathml.converter import convert_to_element

    source = latex
    for pattern, replacement in _ENVIRONMENTS:
        source = pattern.sub(replacement, source)
    try:
        root = convert_to_element(source, display="block" if display else "inline")
        _sanitise(root)
    except Exception:  # latex2mathml raises many ad-hoc error types on malformed input
        # None tells the caller to show the LaTeX source instead of a blank.
        return None
    return tostring(root, encoding="unicode", short_empty_elements=False)


def _sanitise(root: Element) -> None:
    """Keep only MathML Core elements and harmless attributes; decode entity text once."""
    for element in root.iter():
        if element.tag == "menclose":
            notation = (element.get("notation") or "box").split()[0]
            element.tag = "mrow"
            element.attrib = {"class": "enclose-" + re.sub(r"\W", "", notation)}
        if element.tag not in _TAGS:
            raise _Unsupported(element.tag)
        element.attrib = {
            key: value
            for key, value in element.attrib.items()
            if key in _ATTRS and _SAFE_VALUE.fullmatch(value)
        }
        # latex2mathml stores entities such as '&#x0003C;' as literal text and unescapes the
        # whole document at the end, which would let '<' from \text{} through unescaped.
        if element.text:
            element.text = html.unescape(element.text)
            if element.tag in ("mi", "mo") and _UNKNOWN_COMMAND.fullmatch(element.text):
                raise _Unsupported(element.text)
        if element.tail:
            element.tail = html.unescape(element.tail)
