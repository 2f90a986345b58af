"""Split markdown into text, code, maths and literal pieces, telling currency from maths."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

__all__ = ["Segment", "readable_latex", "readable_maths", "settled_end", "split_math"]

_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*$", re.MULTILINE)
_NON_SPACE = re.compile(r"\S")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# A word of three or more letters that is not a LaTeX command or a function name: prose.
_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{3,}")
_MATH_WORDS = frozenset("sin cos tan sec csc cot log exp lim max min mod gcd lcm det".split())
_PAIRS = {"$$": "$$", "\\[": "\\]", "\\(": "\\)"}
# LaTeX a student can read without typesetting, for plain-text places (the step cards).
_FUNCTION_NAMES = r"sin|cos|tan|sec|csc|cot|arcsin|arccos|arctan|sinh|cosh|tanh|log|ln|exp"
_SUPERSCRIPTS = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
# Applied in order, again and again until nothing changes (fractions inside fractions).
_READABLE = (
    (re.compile(r"\\(?:left|right)(?![A-Za-z])|\\[,;!]"), ""),
    (re.compile(r"\\boxed\{([^{}]*)\}"), r"\1"),
    (re.compile(r"(?<=\d) (?=[A-Za-z](?![A-Za-z]))"), ""),  # SymPy's `2 x` is 2x
    (re.compile(r"\\d?frac\{([^{}]*)\}\{([^{}]*)\}"), r"(\1)/(\2)"),
    (re.compile(r"\\sqrt\{([^{}]*)\}"), "√(\\1)"),
    (re.compile(rf"\\({_FUNCTION_NAMES})\s*\{{\s*\(?([^{{}}()]*)\)?\s*\}}"), r"\1(\2)"),
    (re.compile(rf"\\({_FUNCTION_NAMES})(?![A-Za-z])"), r"\1"),
    (re.compile(r"\\(?:cdot|times)(?![A-Za-z])"), "×"),
    (re.compile(r"\\div(?![A-Za-z])"), "÷"),
    (re.compile(r"\\(?:le|leq)(?![A-Za-z])"), "≤"),
    (re.compile(r"\\(?:ge|geq)(?![A-Za-z])"), "≥"),
    (re.compile(r"\\(?:ne|neq)(?![A-Za-z])"), "≠"),
    (re.compile(r"\\pm(?![A-Za-z])"), "±"),
    (re.compile(r"\\pi(?![A-Za-z])"), "π"),
    (re.compile(r"\\infty(?![A-Za-z])"), "∞"),
    (re.compile(r"\\cup(?![A-Za-z])"), "∪"),
    (re.compile(r"\^\{?\\circ\}?|\\circ(?![A-Za-z])"), "°"),
    (re.compile(r"\\(?:text|mathrm|operatorname)\{([^{}]*)\}"), r"\1"),
    (re.compile(r"\^\{?([-+]?\d+)\}?(?![\d.])"), lambda m: m.group(1).translate(_SUPERSCRIPTS)),
    (re.compile(r"(?<=\d)_\{?(\d+)\}?"), lambda m: m.group(1).translate(_SUBSCRIPTS)),
    (re.compile(r"\^\{([^{}]*)\}"), r"^(\1)"),
    (re.compile(r"\(\s+|\s+\)"), lambda m: m.group().strip()),
    (re.compile(r"√\((\w+)\)"), r"√\1"),
    (re.compile(r"\(([√\w]+)\)/\(([√\w]+)\)"), r"\1/\2"),
    (re.compile(r"\^\((\w)\)"), r"^\1"),
    (re.compile(r"  +"), " "),
)


@dataclass(frozen=True)
class Segment:
    """A piece of the answer: kind is text, code, math, literal or pending."""

    kind: str
    text: str
    display: bool = False
    source: str = ""


def split_math(text: str, *, streaming: bool = False) -> list[Segment]:
    """Cut text into segments; with streaming, an unfinished formula at the end is 'pending'."""
    scan = _Scan(text, streaming)
    out: list[Segment] = []
    plain_start = i = 0
    while i < len(text):
        found = _match_at(scan, i)
        if found is None:
            i += 2 if text.startswith("\\\\", i) else 1
            continue
        segment, end = found
        if i > plain_start:
            out.append(Segment("text", text[plain_start:i]))
        out.append(segment)
        if segment.kind == "pending":
            return out
        plain_start = i = end
    if len(text) > plain_start:
        out.append(Segment("text", text[plain_start:]))
    return out


def settled_end(text: str, start: int = 0) -> int:
    """Where the finished paragraphs of a growing answer end (at or after start, else start).

    A paragraph is finished once a blank line follows it outside any code block or formula;
    text[:start] must already be finished, so only what follows it is scanned.
    """
    best = start
    for match in _BLANK_LINE.finditer(text, start):
        piece = text[start : match.end()]
        if len(_FENCE.findall(piece)) % 2:
            continue
        segments = split_math(piece, streaming=True)
        if segments and segments[-1].kind == "pending":
            continue
        best = match.end()
    return best


def readable_maths(text: str) -> str:
    """Maths as plain text: delimiters gone, common commands as symbols ($$2x = 7$$ -> 2x = 7)."""
    out = []
    for segment in split_math(text):
        if segment.kind != "math":
            out.append(segment.text)
            continue
        out.append(readable_latex(segment.text))
    return "".join(out)


def readable_latex(latex: str) -> str:
    """One LaTeX formula as plain text (x = -3 \\text{ or } x = 3 -> x = -3 or x = 3)."""
    maths = latex.strip()
    for _ in range(6):
        before = maths
        for pattern, replacement in _READABLE:
            maths = pattern.sub(replacement, maths)
        if maths == before:
            break
    return maths.strip()


@dataclass
class _Scan:
    """The text being scanned, with what is known about it so each search runs once (linear)."""

    text: str
    streaming: bool
    blank_lines: list[int] = field(init=False)
    # closer -> a position from which that closer is known not to occur
    missing: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.blank_lines = [m.start() for m in _BLANK_LINE.finditer(self.text)]

    def paragraph_end(self, i: int) -> int:
        """Where the paragraph containing position i ends (inline maths cannot cross it)."""
        k = bisect.bisect_left(self.blank_lines, i)
        return self.blank_lines[k] if k < len(self.blank_lines) else len(self.text)

    def find_closer(self, closer: str, start: int) -> int:
        """Position of the next unescaped closer at or after start, or -1."""
        if start >= self.missing.get(closer, len(self.text) + 1):
            return -1
        text, j = self.text, start
        while j < len(text):
            if text.startswith(closer, j):
                return j
            j += 2 if text[j] == "\\" else 1
        self.missing[closer] = start
        return -1


def _match_at(scan: _Scan, i: int) -> tuple[Segment, int] | None:
    """The special segment starting at i and where it ends, or None for ordinary text."""
    text, streaming = scan.text, scan.streaming
    char = text[i]
    if char in "`~":
        return _code(text, i)
    if char == "\\":
        two = text[i : i + 2]
        if two == "\\$":
            return Segment("literal", "$"), i + 2
        if two in _PAIRS:
            return _delimited(scan, i, two)
        if streaming and i == len(text) - 1:
            return Segment("pending", "\\"), i + 1
        return None
    if char == "$":
        if text.startswith("$$", i):
            return _delimited(scan, i, "$$")
        return _inline_dollar(scan, i)
    return None


def _code(text: str, i: int) -> tuple[Segment, int] | None:
    """A fenced block or code span, passed to markdown untouched so no maths is found inside."""
    line_start = text.rfind("\n", 0, i) + 1
    fence = _FENCE.match(text, line_start)
    if fence is not None and text[line_start:i].strip() == "":
        marker = fence.group(1)
        closing = re.compile(
            r"^[ ]{0,3}" + re.escape(marker[0]) + f"{{{len(marker)},}}[ \t]*$", re.MULTILINE
        )
        close = closing.search(text, fence.end() + 1)
        end = close.end() if close else len(text)
        return Segment("code", text[i:end]), end
    if text[i] == "~":
        return None
    run = len(text[i:]) - len(text[i:].lstrip("`"))
    close_at = re.compile(r"(?<!`)" + "`" * run + r"(?!`)").search(text, i + run)
    end = close_at.end() if close_at else i + run
    return Segment("code", text[i:end]), end


def _delimited(scan: _Scan, i: int, opener: str) -> tuple[Segment, int]:
    """`$$..$$`, `\\[..\\]` or `\\(..\\)`: maths when closed, else pending or literal."""
    text, closer = scan.text, _PAIRS[opener]
    j = scan.find_closer(closer, i + len(opener))
    if j >= 0:
        body, source = text[i + len(opener) : j], text[i : j + len(closer)]
        return Segment("math", body, opener != "\\(", source), j + len(closer)
    if scan.streaming:
        return Segment("pending", text[i:]), len(text)
    return Segment("literal", opener), i + len(opener)


def _inline_dollar(scan: _Scan, i: int) -> tuple[Segment, int]:
    """`$...$` if it looks like maths; a lone `$` (money such as $5) stays literal text."""
    text, streaming = scan.text, scan.streaming
    limit = scan.paragraph_end(i)
    after = text[i + 1 : i + 2]
    if not after:
        return (Segment("pending", "$") if streaming else Segment("literal", "$")), i + 1
    first = _NON_SPACE.search(text, i + 1, limit)
    money = first is not None and first.group().isdigit()
    if money and after.isspace():
        return _lone(i)
    j = i + 1
    while j < limit and text[j] != "$":
        j += 2 if text[j] == "\\" else 1
    body = text[i + 1 : min(j, limit)]
    # Money ($5 and ...) and spaced dollars ('5$ and 10$') read as words, not maths.
    if (money or after.isspace()) and _is_prose(body):
        return _lone(i)
    if j >= limit:
        undecided = streaming and limit == len(text)
        return (Segment("pending", text[i:]), len(text)) if undecided else _lone(i)
    if not body.strip() or text[j + 1 : j + 2].isdigit():
        return _lone(i)
    # '$5 + $3' is money; '$ x $' is maths written with spaces on both sides.
    if (money or after.isspace()) and body[-1].isspace() != after.isspace():
        return _lone(i)
    return Segment("math", body.strip(), False, text[i : j + 1]), j + 1


def _lone(i: int) -> tuple[Segment, int]:
    return Segment("literal", "$"), i + 1


def _is_prose(body: str) -> bool:
    """Whether the text after a `$5` reads as words (so the `$` is money, not maths)."""
    return any(word.lower() not in _MATH_WORDS for word in _WORD.findall(body))
