"""Turn untrusted maths text (LaTeX or plain student syntax) into a whitelisted token list."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_INPUT_CHARS = 2000


class ParseError(ValueError):
    """The text is not maths this checker can read; the message says why."""


@dataclass(frozen=True)
class Token:
    """One lexical unit: kind is NUM, NAME, CMD, WORD, OP, BEGIN or END."""

    kind: str
    text: str


_UNICODE = {
    "\u2212": "-",
    "\u2013": "-",
    "\u00d7": "*",
    "\u22c5": "*",
    "\u00b7": "*",
    "\u00f7": "/",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2260": "!=",
    "\u03c0": r"\pi ",
    "\u221e": r"\infty ",
    "\u221a": r"\sqrt ",
    "\u00b0": r"^\circ ",
    "\u00b2": "^2",
    "\u00b3": "^3",
    "\u00bd": "(1/2)",
    "\u2205": r"\emptyset ",
    "\u222a": r"\cup ",
    "\u2229": r"\cap ",
    "\u2208": r"\in ",
    "\u00b1": r"\pm ",
    "\u2192": r"\to ",
    "\u2009": " ",
    "\u00a0": " ",
}

_SPACING = re.compile(
    r"\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|big|Big|bigg|Bigg|displaystyle|textstyle"
    r"|scriptstyle|limits|nolimits|quad|qquad|hfill|mathstrut|strut|middle)(?![A-Za-z])"
    r"|(?<!\\)\\[,;:! ]|~|\\(?:mkern|hspace|kern)\{[^}]*\}"
)

_ALIASES = {
    "dfrac": "frac",
    "tfrac": "frac",
    "cfrac": "frac",
    "dbinom": "binom",
    "tbinom": "binom",
    "cdot": "*",
    "times": "*",
    "ast": "*",
    "div": "/",
    "leq": "<=",
    "le": "<=",
    "leqslant": "<=",
    "geq": ">=",
    "ge": ">=",
    "geqslant": ">=",
    "neq": "!=",
    "ne": "!=",
    "lt": "<",
    "gt": ">",
    "lbrace": "set{",
    "rbrace": "set}",
    "lvert": "|",
    "rvert": "|",
    "vert": "|",
    "lbrack": "[",
    "rbrack": "]",
    "land": "and",
    "wedge": "and",
    "lor": "or",
    "vee": "or",
    "varnothing": "emptyset",
    "varpi": "pi",
    "rightarrow": "to",
    "longrightarrow": "to",
    "dots": "ldots",
    "cdots": "ldots",
    "implies": "implies",
    "Rightarrow": "implies",
    "Longrightarrow": "implies",
    "iff": "iff",
    "Leftrightarrow": "iff",
    "lnot": "not",
    "neg": "not",
    "mathcal": "mathbb",
    "mathscr": "mathbb",
    "mathfrak": "mathbb",
    "degree": "circ",
    "arcsec": "asec",
    "arccsc": "acsc",
    "arccot": "acot",
}

_SYMBOL_COMMANDS = {"{": "set{", "}": "set}", "\\": "rowsep", "%": "%", "|": "|", "&": "&"}

# Wrappers whose braces hold plain text or a decorated symbol: kept as their content.
_TEXT_WRAPPERS = (
    "text|textbf|textit|textrm|textnormal|mathrm|mathbf|mathit|mathsf|mathtt|operatorname|mbox"
    "|hbox|boldsymbol|bm|pmb"
)
_TEXT = re.compile(r"\\(?:" + _TEXT_WRAPPERS + r")\s*\{([^{}]*)\}")
# `\\frac` from a doubly escaped string: a row break is never followed directly by a letter.
_DOUBLED_BACKSLASH = re.compile(r"(?<!\\)\\\\(?=[A-Za-z])")
# `\quadx_2`: a spacing command run into the next letter when a model drops the space.
_GLUED_SPACE = re.compile(r"\\q?quad(?=[A-Za-z])")
# Maxima's quote that keeps a function unevaluated: 'diff(...), 'root(...).
_NOUN_QUOTE = re.compile(r"(?<![A-Za-z0-9)\]}'])'(?=[A-Za-z(])")
# Maxima's system names carry a `%`: %union(...), %intersection(...) are calls of union, ...
_SYSTEM_NAME = re.compile(r"(?<![\w)\]}])%(?=[A-Za-z]\w+\s*\()")
_TOKEN = re.compile(
    r"(?P<num>\d+\.\d*[eE][-+]?\d+|\d+[eE]-\d+|\d+[eE]\d+(?![\w(^.])|\d+(?:\.\d*)?|\.\d+)"
    r"|(?P<begin>\\begin\s*\{[A-Za-z*]+\}(?:\{[^}]*\})?)"
    r"|(?P<end>\\end\s*\{[A-Za-z*]+\})"
    r"|(?P<cmd>\\[A-Za-z]+|\\[{}%|\\$#&])"
    r"|(?P<word>[A-Za-z]+(?:_[A-Za-z0-9]+)+(?=\s*\()|[A-Za-z]{2,}(?:_[A-Za-z]\w*)+|[A-Za-z]+)"
    r"|(?P<op>\*\*|:=|<=|>=|=<|=>|!=|==|\+-|[-+*/^()\[\]{}=<>,!|_%;:'&.])"
    r"|(?P<space>\s+)"
)


def normalize(text: str) -> str:
    """Rewrite unicode maths, spacing commands and synonyms into one plain form."""
    if len(text) > MAX_INPUT_CHARS:
        raise ParseError(f"too long to check ({len(text)} characters)")
    for char, repl in _UNICODE.items():
        if char in text:
            text = text.replace(char, repl)
    text = _DOUBLED_BACKSLASH.sub(r"\\", text)
    text = _GLUED_SPACE.sub(" ", text)
    text = _SPACING.sub(" ", text)
    for _ in range(3):
        text = _TEXT.sub(lambda m: " " + m.group(1) + " ", text)
    text = re.sub(r"%(pi|e|i)\b", r"\1", text)
    text = re.sub(r"#\s*pm\s*#", r" \\pm ", text)
    text = re.sub(r"(?<![\\#])#(?!#)", " != ", text)  # Maxima writes `x # 2` for x != 2
    text = re.sub(r"\bnoun(and|or|not)\b", r" \1 ", text)
    text = re.sub(r"\bnoun(?=[a-z]+\()", "", text)
    text = _NOUN_QUOTE.sub("", text)
    text = _SYSTEM_NAME.sub("", text)
    text = text.replace("\\$", " ").replace("$", " ")
    return text.strip()


_RELATION_OPS = {"=", "<", ">", "<=", ">=", "!=", "le", "ge", "leq", "geq", "ne", "neq"}


def _system_of_cases(tokens: list[Token]) -> list[Token]:
    """`\\begin{cases} x = 1 \\\\ y = 2 \\end{cases}`: a system, read as `x = 1, y = 2`.

    Only where each `&` aligns a relation (`y &= 2`); a piecewise definition
    (`x & x > 0`) is left as it is, and stays unsupported."""
    if not any(t.kind == "BEGIN" and t.text == "cases" for t in tokens):
        return tokens
    out: list[Token] = []
    inside = False
    for i, tok in enumerate(tokens):
        if tok.kind in ("BEGIN", "END") and tok.text == "cases":
            inside = tok.kind == "BEGIN"
            continue
        if inside and tok.kind == "OP" and tok.text == "rowsep":
            out.append(Token("OP", ","))
        elif inside and tok.kind == "OP" and tok.text == "&":
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            if following is None or following.text not in _RELATION_OPS:
                return tokens  # a piecewise definition, not a system
        else:
            out.append(tok)
    return out


def tokenize(text: str) -> list[Token]:
    """Split normalised text into tokens; any character outside the whitelist is an error."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ParseError(f"unexpected character {text[pos]!r}")
        pos = match.end()
        kind = match.lastgroup or ""
        value = match.group()
        if kind == "space":
            continue
        if kind == "cmd":
            name = value[1:]
            if name in _SYMBOL_COMMANDS:
                tokens.append(Token("OP", _SYMBOL_COMMANDS[name]))
                continue
            alias = _ALIASES.get(name, name)
            if alias in ("and", "or", "not", "implies", "iff"):
                tokens.append(Token("WORD", alias))
            elif alias[0].isalpha() and alias not in ("set{", "set}"):
                tokens.append(Token("CMD", alias))
            else:
                tokens.append(Token("OP", alias))
        elif kind in ("begin", "end"):
            env = re.search(r"\{([A-Za-z*]+)\}", value)
            tokens.append(Token(kind.upper(), env.group(1) if env else ""))
        else:
            tokens.append(Token(kind.upper(), value))
    return _system_of_cases(tokens)
