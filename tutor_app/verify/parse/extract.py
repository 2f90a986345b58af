"""Find the final answer inside free text and strip what is not maths (units, separators, words)."""

from __future__ import annotations

import re

from tutor_app.verify.parse.vocabulary import (
    CALLS,
    CONSTANTS,
    FUNCTIONS,
    GREEK,
    LOGIC_WORDS,
    TRUTH,
    WORD_CONSTANTS,
)

UNIT_WORDS = (
    "cm|mm|km|m|kg|g|mg|lb|lbs|s|sec|secs|seconds?|minutes?|mins?|hours?|hrs?|h|days?|weeks?"
    "|months?|years?|dollars?|cents?|euros?|pounds?|degrees?|inches|inch|in|feet|foot|ft|yards?"
    "|miles?|meters?|metres?|liters?|litres?|l|ml|mph|units?|square|sq|cubic|people|students?"
    "|apples?|cookies|marbles|pages|times|ways|points?|per|each|km/h|m/s|papers?|bins?|USD"
)
_STOP = re.compile(r"<\|im_(?:start|end)\|>|<\|end\|>|<\|user\|>")
_THINK = re.compile(r"<think>.*?</think>", re.DOTALL)
_FINAL = re.compile(r"final answer\s*(?:is|:)?\s*:?", re.IGNORECASE)
_MATH = re.compile(
    r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\(([^\n]+?)\\\)|(?<!\\)\$((?:\\\$|[^$\n])+?)(?<!\\)\$",
    re.DOTALL,
)
# Inline maths never spans a line break (as in Markdown renderers): such a span is not an answer.
_ANY_MATH = re.compile(
    r"\$\$.*?\$\$|\\\[.*?\\\]|(?P<inline>\\\(.*?\\\)|(?<!\\)\$(?:\\\$|[^$])*?(?<!\\)\$)",
    re.DOTALL,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\\$])|\n\s*\n")
_CONCLUSION = re.compile(r"^\s*(?:therefore|thus|hence|so)\b", re.IGNORECASE)
_IS_PHRASE = re.compile(r"\b(?:is|are|equals|=|be)\s+(?:approximately\s+|about\s+)?([^\s].*)$")
# CAS options are words, not prose: `algebraic:true` and a lone `simp` argument in ev(e, simp).
_CAS_SETTING = re.compile(r"\b[a-z_]\w*:(?:true|false|all|none)\b|(?<=[(,])[a-z_]\w*(?=[),])")
_PROSE_WORD = re.compile(r"(?<![\\A-Za-z_])[A-Za-z]{3,}(?![A-Za-z({\[])")
_MATHS_WORDS = {
    w.lower()
    for w in FUNCTIONS.keys()
    | CALLS
    | GREEK
    | LOGIC_WORDS
    | CONSTANTS.keys()
    | TRUTH.keys()
    | WORD_CONSTANTS.keys()
} | {"noun" + w for w in LOGIC_WORDS}  # Maxima's nounand, nounor: logic words in CAS syntax
_TRAILING_UNITS = re.compile(r"(?:\s*(?<![A-Za-z\\])(?:" + UNIT_WORDS + r")\b(?:\^?[23])?\.?)+\s*$")
# A unit in \text{} after a number, with LaTeX spacing before it and a power after it:
# `10\text{ cm}^{2}`, `5\,\mathrm{m}^3`, `9.8~\text{m/s}^{-2}`.
_TEXT_UNIT = re.compile(
    r"(?<=[\d})\]])(?:\s|\\[,;:! ]|~)*\\(?:text|textbf|textit|textnormal|mbox|mathrm|textrm)\s*"
    r"\{\s*(?!or\b|and\b)([A-Za-z /.]+)\}(?:\^\s*(?:\{\s*-?\d+\s*\}|-?\d))?"
)
# An interval with a bracket turned outwards at either end: `]1, 2[`, `\\left]0; 1\\right]`.
_REVERSED_INTERVAL = re.compile(
    r"(?:\\left\s*)?(?P<open>[\[\]])\s*(?P<low>[^\[\](),;]+?)\s*[,;]\s*(?P<high>[^\[\](),;]+?)"
    r"\s*(?:\\right\s*)?(?P<close>[\[\]])"
)
_MIXED_NUMBER = re.compile(r"^\s*(-?)(\d+)\s*(?:\\frac\s*\{(\d+)\}\s*\{(\d+)\}|\s(\d+)/(\d+))\s*$")
_WORD_ANSWER = re.compile(
    r"^\s*(?:\\(?:text|textbf|mathrm|mathbf|mathcal|mathit|textit)\s*\{\s*\(?([A-Za-z ]+?)\)?\s*\}"
    r"|\(?([A-Za-z]+)\)?)\s*\.?\s*$"
)
# Not inside an opening bracket: `(12,102)` is a pair, not twelve thousand one hundred and two.
_THOUSANDS = re.compile(r"(?<![\d.,(\[])([1-9]\d{0,2})((?:,\d{3})+)(?![\d,])")
_DECIMAL_COMMA = re.compile(r"^\s*(-?\d+),(\d+)\s*$")
_PERCENT_WORD = re.compile(r"(?<=[\d}])\s*(?:\\%|%)?\s*(?:pct|percent|percentage)\b\.?", re.I)
_LATEX_GROUP = re.compile(r"^\s*\$+\s*\{(.*)\}\s*\$+\s*$", re.DOTALL)
_CURRENCY = re.compile(r"\\\$|€|£|¥|\\euro\b|\\pounds\b")
# Whole answers in words that name a set: no solution at all, or every real number.
_NO_SOLUTION = re.compile(
    r"^\s*(?:there\s+(?:are|is)\s+)?no\s+(?:real\s+)?(?:solutions?|roots?|values?)"
    r"(?:\s+exists?)?\s*$",
    re.IGNORECASE,
)
_ALL_REALS = re.compile(
    r"^\s*(?:all|any|every)\s+real\s+(?:numbers?|values?(?:\s+of\s+[a-z])?|[a-z])\s*$",
    re.IGNORECASE,
)


def extract_final(text: str) -> str:
    """Take the final answer out of free text: the \\boxed{...}, 'the final answer is ...', ..."""
    text = _THINK.sub(" ", text)
    stop = _STOP.search(text)
    if stop and stop.start() > 0:
        text = text[: stop.start()]
    boxed = _boxed_answer(text)
    finals = list(_FINAL.finditer(text))
    # A final-answer sentence after the last box wins: the boxes were intermediate results.
    if boxed is not None and not (finals and finals[-1].start() > _boxed_spans(text)[-1][1]):
        return boxed
    text = _ANY_MATH.sub(_drop_broken_inline, text)
    finals = list(_FINAL.finditer(text))
    if finals:
        tail = text[finals[-1].end() :]
        return _answer_in_sentence(_first_sentence(tail))
    if not _is_prose(text):
        return text.strip().rstrip(".").strip()
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    for sentence in reversed(sentences):
        if _CONCLUSION.match(sentence) or sentence is sentences[-1]:
            found = _answer_in_sentence(sentence)
            if found:
                return found
    return text.strip()


def _drop_broken_inline(match: re.Match[str]) -> str:
    return " " if match.group("inline") and "\n" in match.group() else match.group()


def _is_prose(text: str, within_prose: bool = False) -> bool:
    outside = _CAS_SETTING.sub(" ", _MATH.sub(" ", text))
    words = [w for w in _PROSE_WORD.findall(outside) if w.lower() not in _MATHS_WORDS]
    words += re.findall(r"\b[A-Za-z]+'[a-z]{1,2}\b", outside)  # it's, don't
    # A word that introduces what follows (`Answer: 9`, `Soucis : 2,74`) starts a sentence.
    single = (
        within_prose
        or outside != text
        or bool(re.search(r"(?<![A-Za-z])[A-Za-z]{3,}\s*:(?!=)", outside))
    )
    return len(words) >= (1 if single else 2)


def _first_sentence(text: str) -> str:
    text = text.strip()
    parts = _SENTENCE_END.split(text, maxsplit=1)
    return parts[0] if parts else text


def _answer_in_sentence(sentence: str) -> str:
    sentence = sentence.strip().strip('"').strip()
    segments = list(_MATH.finditer(sentence))
    if segments:
        last = segments[-1]
        after = sentence[last.end() :].strip().rstrip(".").strip()
        phrase = _IS_PHRASE.search(after)
        if phrase and re.search(r"\d", phrase.group(1)):
            return _answer_in_sentence(phrase.group(1))
        if _is_prose(after) and re.search(r"\d", after):
            return _answer_in_sentence(after)  # `... increases by 100%.` after the last formula
        bodies = [_body(last)]
        for earlier, later in zip(reversed(segments[:-1]), reversed(segments[1:])):
            if not _joins_answers(sentence[earlier.end() : later.start()]):
                break
            bodies.insert(0, _body(earlier))  # `$12$ and $13$` lists two answers
        return bodies[0] if len(bodies) == 1 else "\\{" + ", ".join(bodies) + "\\}"
    if not _is_prose(sentence, within_prose=bool(re.search(r"\d", sentence))):
        return sentence.rstrip(".").strip()
    phrase = _IS_PHRASE.search(sentence)
    tail = phrase.group(1) if phrase else sentence
    tail = tail.strip().rstrip(".").strip()
    if not _is_prose(tail, within_prose=True):
        return tail if re.search(r"\d", tail) or not _is_prose(sentence) else ""
    numbers = re.findall(r"(?<![A-Za-z\d])-?\d[\d,]*(?:\.\d+)?(?:/\d+)?%?", tail)
    return numbers[-1] if numbers else ""


def _body(segment: re.Match[str]) -> str:
    body = next(g for g in segment.groups() if g is not None)
    return body.strip().rstrip(".,").strip()


def _boxed_answer(text: str) -> str | None:
    boxes = _boxed_spans(text)
    if not boxes:
        return None
    if len(boxes) == 1:
        return boxes[0][2]
    last_start = boxes[-1][0]
    group = [boxes[-1]]
    for box in reversed(boxes[:-1]):
        between = text[box[1] : group[0][0]]
        if len(between) > 80 or "\n\n" in between or not _joins_answers(between):
            break
        group.insert(0, box)
    if len(group) == 1 and last_start > 0:
        return boxes[-1][2]
    return "\\{" + ", ".join(b[2] for b in group) + "\\}"


def _joins_answers(between: str) -> bool:
    """Whether text between two boxes joins them into one answer: close, or `and`/`or`/a comma."""
    if len(between) > 70:
        return False
    if len(between) < 10 or re.search(r"\b(?:and|or)\b|[,;]", between):
        return True
    rest = re.sub(r"\\(?:text|mbox|mathrm)\s*\{([^{}]*)\}", r" \1 ", between)
    rest = re.sub(r"\\[()\[\]]|\\q?quad\b|\\[,;:! ]|[$,;.&]", " ", rest)
    rest = re.sub(r"\b(?:and|or|" + UNIT_WORDS + r")\b", " ", rest, flags=re.IGNORECASE)
    return not re.search(r"[A-Za-z0-9]", rest)


def _boxed_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for match in re.finditer(r"\\(?:boxed|fbox)\s*\{", text):
        depth = 0
        for index in range(match.end() - 1, len(text)):
            if text[index] == "{":
                depth += 1
            elif text[index] == "}":
                depth -= 1
                if depth == 0:
                    spans.append((match.start(), index + 1, text[match.end() : index]))
                    break
    return spans


def word_answer(text: str) -> str | None:
    """A plain word or letter answer (a name, a multiple-choice letter, 'odd'), lower-cased."""
    match = _WORD_ANSWER.match(text)
    if not match:
        return None
    word = (match.group(1) or match.group(2) or "").strip()
    if not word:
        return None
    return word.lower() if len(word) > 1 else word


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def without_thousands_separators(text: str) -> str:
    """`1,050 + 180` as `1050 + 180`: a comma before each group of three digits of a number
    separates thousands. Lists and pairs keep theirs (`1, 050`, `(12,102)`, `1,0500`)."""
    return _THOUSANDS.sub(lambda m: m.group(1) + m.group(2).replace(",", ""), text)


def reversed_brackets(text: str) -> str:
    """`]1, 2[` as `(1, 2)`: the ISO (and French) open interval, its bracket turned outwards;
    `]a, b]` is (a, b] and `[a, b[` is [a, b). A `;` between the ends is read as the comma."""

    def interval(found: re.Match[str]) -> str:
        if found["open"] == "[" and found["close"] == "]":
            return found[0]  # `[1, 2]`: brackets the usual way round
        opening = "(" if found["open"] == "]" else "["
        closing = ")" if found["close"] == "[" else "]"
        return f"{opening}{found['low']}, {found['high']}{closing}"

    return _REVERSED_INTERVAL.sub(interval, text)


def clean_answer(text: str, decimal_comma: bool = True) -> str:
    """Drop units written as words, thousands separators, currency and trailing punctuation."""
    text = reversed_brackets(text.replace("{,}", ""))
    text = re.sub(r"(?<=\d),\\!\s*(?=\d)", "", text)
    grouped = _LATEX_GROUP.match(text)
    if grouped and _balanced(grouped.group(1)):
        text = grouped.group(1)  # `${1,3}$`: in LaTeX bare braces group, `\{1,3\}` is a set
    text = _CURRENCY.sub(" ", text).replace("$", " ")
    words = re.sub(r"\\(?:text|mbox|textrm)\s*\{([^{}]*)\}", r" \1 ", text).strip().rstrip(".")
    if _NO_SOLUTION.match(words):
        return "\\emptyset"
    if _ALL_REALS.match(words):
        return "\\mathbb{R}"
    text = _PERCENT_WORD.sub(r"\\%", text)
    text = re.sub(r"\\(?:text|mbox)\s*\{\s*(or|and)\s*\}", r" \1 ", text)
    if not _WORD_ANSWER.match(text):
        text = _TEXT_UNIT.sub(" ", text)
    text = without_thousands_separators(text)
    if re.fullmatch(r"\s*\d{1,3}(?: \d{3})+\s*", text):
        text = text.replace(" ", "")
    mixed = _MIXED_NUMBER.match(text)
    if mixed:
        sign, whole = mixed.group(1), mixed.group(2)
        num, den = mixed.group(3) or mixed.group(5), mixed.group(4) or mixed.group(6)
        text = f"{sign}({whole} + {num}/{den})"
    comma = _DECIMAL_COMMA.match(text)
    if comma and decimal_comma and (len(comma.group(2)) != 3 or comma.group(1).lstrip("-") == "0"):
        text = f"{comma.group(1)}.{comma.group(2)}"
    stripped = _TRAILING_UNITS.sub("", text)
    if stripped.strip() and re.search(r"[\d)}]\s*$", stripped):
        text = stripped
    text = re.sub(r"\\\s*$", "", text.strip())
    return text.strip().rstrip(".").strip()
