"""Claims written in sentences, made checkable: money, "25% of 20 is 5", "3 x 4", derivatives.

A model writing a word problem puts arithmetic in prose: "Since 25% of $20 is $4", "so
$2.25 x 0.25 = $4". Those are claims a student reads as true, so they are checked like the
formulas in $...$: the dollar signs of money are not maths delimiters, "x" between two numbers is
a times sign, and "is" or "equals" after a calculation is an equals sign.
"""

from __future__ import annotations

import re

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_CALCULATION = rf"(?:{_NUMBER}\s*%\s*of\s*{_NUMBER}|{_NUMBER}(?:\s*[-+*/×x÷·]\s*{_NUMBER})+)"
_PERCENT_OF = re.compile(rf"({_NUMBER})\s*%\s*of\s*({_NUMBER})")
_TIMES_X = re.compile(rf"(?<=\d)\s*[x×·]\s*(?={_NUMBER})")
_IS = re.compile(
    rf"(?P<left>{_CALCULATION})\s+(?:is|equals|is equal to|makes|gives|comes to)\s+"
    rf"(?P<right>-?{_NUMBER})(?![\d.])",
    re.IGNORECASE,
)
_DERIVATIVE = re.compile(
    r"\bderivative of\s+(?P<f>.+?)\s+(?:with respect to\s+(?P<v>[a-z])\s+)?"
    r"(?:is|equals|=)\s+(?P<g>[^.;,]+?)\s*[.;,]?\s*$",
    re.IGNORECASE,
)
_WORDS = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{3,}")
_FUNCTION_WORDS = {"sin", "cos", "tan", "sec", "csc", "cot", "log", "exp", "sqrt", "frac", "left"}
_FUNCTION_WORDS |= {"right", "cdot", "pi"}
_MONEY_CONTENT = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{2,}|[-+=×x*/]\s*$")


def without_money(line: str) -> str:
    """The line with the dollar signs of money taken out (`$20 is $4`), LaTeX's kept (`$x$`).

    A `$` before a number opens maths only when what it would enclose reads as maths: not
    words ("$20 and $15"), and not a calculation cut at its operator ("$2.25 x 0.25 = $4").
    """
    out: list[str] = []
    index = 0
    while index < len(line):
        char = line[index]
        escaped = index > 0 and line[index - 1] == "\\"
        if char == "$" and not escaped and line[index + 1 : index + 2].isdigit():
            closing = line.find("$", index + 1)
            content = line[index + 1 : closing] if closing != -1 else line[index + 1 :]
            if closing == -1 or _MONEY_CONTENT.search(content):
                index += 1  # money: the sign is not a delimiter
                continue
            out.append(line[index : closing + 1])  # maths that starts with a number: `$2x = 4$`
            index = closing + 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


def prose_claims(line: str) -> str:
    """Calculations in words written as formulas: `25% of 20 is 4` becomes `25/100*20 = 4`."""
    line = _TIMES_X.sub(" * ", line)

    def claim(match: re.Match[str]) -> str:
        left = _PERCENT_OF.sub(r"\1/100*\2", match.group("left"))
        return f"{left} = {match.group('right')}"

    return _IS.sub(claim, line)


def calculus_claim(line: str) -> str | None:
    """`The derivative of x^2 sin(x) is x` as `\\frac{d}{dx}\\left(x^2 sin(x)\\right) = x`."""
    plain = re.sub(r"\$+|\\\(|\\\)", " ", line)
    match = _DERIVATIVE.search(plain)
    if match is None:
        return None
    f, g = match.group("f").strip(), match.group("g").strip()
    if any(w.lower() not in _FUNCTION_WORDS for w in _WORDS.findall(f + " " + g)):
        return None  # words, not formulas: "the derivative of the area is the perimeter"
    variable = match.group("v") or "x"
    return f"\\frac{{d}}{{d{variable}}}\\left({f}\\right) = {g}"
