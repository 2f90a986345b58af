"""The form a question asks its answer in: "as a common fraction", "in interval notation", ..."""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "binary": 2, "octal": 8, "hexadecimal": 16, "decimal": 10,
}  # fmt: skip
_PLACES = {
    "whole number": 0, "integer": 0, "one": 0, "unit": 0, "tenth": 1, "hundredth": 2,
    "thousandth": 3, "ten-thousandth": 4, "ten thousandth": 4,
}  # fmt: skip
_DIGITS = {"one": 1, "two": 2, "three": 3, "four": 4, "1": 1, "2": 2, "3": 3, "4": 4}
MARK = r"⟨\d+⟩"


@dataclass(frozen=True)
class AnswerForm:
    """A requested form: the name (see `tutor_app.verify.task.FORMS`) and its number, if any."""

    form: str
    places: int | None = None
    base: str | None = None  # a mark or a number word, resolved by the reader


_FORMS: list[tuple[str, str]] = [
    (
        r"as an? (?:common |proper |reduced |simplified )?fraction(?: in (?:lowest|simplest) "
        r"(?:terms|form))?(?: in (?:lowest|simplest) (?:terms|form))?",
        "fraction",
    ),
    (r"as an improper fraction(?: in (?:lowest|simplest) (?:terms|form))?", "fraction"),
    (r"as a fraction in (?:lowest|simplest) terms", "fraction"),
    (r"as a (?:common fraction|fraction) in simplest (?:radical )?form", "radical"),
    (r"as a common fraction in simplest radical form", "radical"),
    (r"as a mixed number", "mixed"),
    (r"as a (?:terminating )?decimal", "decimal"),
    (r"to a (?:terminating )?decimal", "decimal"),
    (r"as a percent(?:age)?", "percent"),
    (r"in (?:simplest|simplified) radical form", "radical"),
    (r"in (?:simplest|lowest) (?:form|terms)", "exact"),
    (r"in interval notation", "interval"),
    (r"in radians", "radians"),
    (r"in degrees", "degrees"),
    (r"in terms of (?:π|pi|⟨\d+⟩)", "exact"),
    (r"as an? (?:integer|whole number)", "integer"),
    (r"as an ordered pair", "pair"),
]
_DECIMAL_PLACES = re.compile(
    r"(?:as a decimal )?(?:rounded |correct )?to the nearest (?P<near>whole number|integer|"
    r"tenth|hundredth|thousandth|ten-thousandth|ten thousandth)(?: as a decimal)?"
    r"|(?:as a decimal )?(?:rounded |correct )?to (?P<n>one|two|three|four|[1-4]) decimal "
    r"places?(?: as a decimal)?"
)
_BASE = re.compile(rf"in base (?P<b>{MARK}|[a-z]+)|as a (?P<w>binary|octal|hexadecimal) number")


def read_form(phrase: str) -> AnswerForm | None:
    """The form a phrase asks for ("as a common fraction"), or None when it is not one we know."""
    phrase = re.sub(r"\s+", " ", phrase.strip().strip("().,;!").strip())
    for pattern, form in _FORMS:
        if re.fullmatch(pattern, phrase):
            return AnswerForm(form)
    places = _DECIMAL_PLACES.fullmatch(phrase)
    if places:
        if places.group("near"):
            return AnswerForm("decimal", _PLACES[places.group("near")])
        return AnswerForm("decimal", _DIGITS[places.group("n")])
    base = _BASE.fullmatch(phrase)
    if base:
        written = base.group("b") or base.group("w")
        if not re.fullmatch(MARK, written) and written not in NUMBER_WORDS:
            return None
        return AnswerForm("base", base=written)
    return None
