"""The question reader: a question in words and maths becomes a CAS task, or nothing.

Plain Python, no SymPy. The maths comes from LaTeX spans and plain-text formulas only
(`maths`); the task comes from the wording, sentence by sentence (`wording`), and the form of
the answer from phrases such as "as a common fraction" (`forms`). Every sentence must be
understood: a question with a sentence the reader does not know gets no task, and the tutor
then says that it has no computer-algebra answer rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from tutor_app.tutor.reader.forms import NUMBER_WORDS, AnswerForm, read_form
from tutor_app.tutor.reader.maths import MARK, MarkedQuestion, mark_maths
from tutor_app.tutor.reader.wording import LIST, VAR, Ask, is_remark, read_ask
from tutor_app.verify import Task

__all__ = ["MAX_QUESTION", "read_question"]

MAX_QUESTION = 4000
_M = MARK.pattern.replace("(", "(?:")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=\S)")
_FORM_SENTENCE = re.compile(
    r"\(?(?:please )?(?:express|give|write|enter|leave|state|present) (?:your|the) (?:final )?"
    r"(?:answer|result|solution|value)s?,? (?P<f>.+?)\)?"
    r"|\(?answer (?P<g>(?:as|in) .+?)\)?"
    r"|\(?round (?:your answer |the answer )?(?P<h>to .+?)\)?"
    r"|\(?(?P<i>(?:as|in) (?:a |an )?.+?)\)?"
)
_LIST_SENTENCE = re.compile(
    rf"enter (?:all )?(?:the )?(?:possible )?(?:values|solutions|roots|answers|integers)"
    rf"(?: of {VAR})?,? separated by commas"
)
_GIVENS_SENTENCE = re.compile(
    rf"(?:(?:let|suppose(?: that)?|given(?: that)?|assume(?: that)?|if|define|we have|consider)"
    rf" )?(?:{VAR} be the function defined by |{VAR} be an? (?P<number>complex|real) number "
    rf"(?:such that|with|so that|where|satisfying) )?(?P<l>{LIST})(?:,? and let (?P<k>{LIST}))?"
)
_LEADING_CLAUSE = re.compile(
    rf"(?:if|given(?: that)?|suppose(?: that)?|assuming(?: that)?|since|when) (?P<g>{LIST}),? "
    rf"(?:then )?(?P<rest>.+)"
)
_CONTEXT_CLAUSE = re.compile(
    rf"in the (?:equation|inequality|expression) (?P<e>{_M}),? (?P<rest>.+)"
)
_TRAILING_CLAUSE = re.compile(
    rf"(?P<rest>.+?),? (?:when|if|given(?: that)?|where|for|at) (?P<g>{LIST})"
)
_TRAILING_FORM = re.compile(r"(?P<rest>.+?),? (?P<f>(?:as|in|to) .+)")
_RELATION = re.compile(r"=|<|>|\\le|\\ge|\\neq|\\ne\b|\\equiv|≤|≥|≠|\\lt|\\gt")
_ASSIGNMENT = re.compile(r"^\s*(?:[A-Za-z]|\\[a-z]+)\s*=\s*[^=<>]+$")
_SINGLE_VARIABLE = re.compile(
    r"^\s*([A-Za-z]|\\(?:alpha|beta|gamma|theta|phi|lambda|mu|omega))\s*$"
)
_DEFINITION = re.compile(r"^\s*[A-Za-z]\s*\(\s*[A-Za-z]\s*\)\s*=\s*[^=]+$")
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*\\?%\s*$")


@dataclass
class _Reading:
    """What the sentences read so far have said."""

    marked: MarkedQuestion
    givens: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    form: AnswerForm | None = None
    ask: Ask | None = None
    complex: bool = False  # "let z be a complex number such that ..."

    def take(self, sentence: str) -> bool:
        """Read one sentence; False when it says something the reader does not understand."""
        text = _normalise(sentence)
        if not text or is_remark(text):
            return True
        if _LIST_SENTENCE.fullmatch(text):
            return self._set_form(AnswerForm("list"))
        form_match = _FORM_SENTENCE.fullmatch(text)
        if form_match:
            phrase = next(g for g in form_match.groups() if g is not None)
            form = read_form(phrase)
            if form is not None:
                return self._set_form(form)
        givens = _GIVENS_SENTENCE.fullmatch(text)
        if givens and self._all_relations(givens["l"], givens["k"]):
            self.givens += self._texts(givens["l"]) + self._texts(givens["k"])
            self.complex = self.complex or givens["number"] == "complex"
            return True
        return self._take_ask(text)

    def _take_ask(self, text: str) -> bool:
        if self.ask is not None:
            return False  # two questions in one: the reader takes only one
        leading = _LEADING_CLAUSE.fullmatch(text)
        if leading and self._all_relations(leading["g"]):
            ask = read_ask(leading["rest"], self._fits)
            if ask is not None:
                self.givens += self._texts(leading["g"])
                return self._set_ask(ask)
        context = _CONTEXT_CLAUSE.fullmatch(text)
        if context and self._all_relations(context["e"]):
            ask = read_ask(context["rest"], self._fits)
            if ask is not None:
                self.context += self._texts(context["e"])
                return self._set_ask(ask)
        ask = read_ask(text, self._fits)
        if ask is not None:
            return self._set_ask(ask)
        trailing = _TRAILING_CLAUSE.fullmatch(text)
        if trailing and all(_ASSIGNMENT.match(g) for g in self._texts(trailing["g"])):
            ask = read_ask(trailing["rest"], self._fits)
            if ask is not None:
                self.givens += self._texts(trailing["g"])
                return self._set_ask(ask)
        with_form = _TRAILING_FORM.fullmatch(text)
        if with_form:
            form = read_form(with_form["f"])
            ask = read_ask(with_form["rest"], self._fits) if form else None
            if ask is not None and form is not None:
                return self._set_ask(ask) and self._set_form(form)
        return False

    def _fits(self, ask: Ask) -> bool:
        """Whether an ask's letter slots each hold one letter."""
        slots = (ask.unknown, ask.variable)
        if ask.kind == "extremum" and _variable(ask.maths[0], self.marked) is not None:
            return False  # "the largest value of x" where x is given by equations: a solve
        return all(s is None or _variable(s, self.marked) is not None for s in slots)

    def _set_ask(self, ask: Ask) -> bool:
        self.ask = ask
        return True

    def _set_form(self, form: AnswerForm) -> bool:
        if self.form is not None and self.form != form:
            return False
        self.form = form
        return True

    def _texts(self, marks: str | None) -> list[str]:
        if not marks:
            return []
        return [self.marked.formula(m).text for m in re.findall(_M, marks)]

    def _all_relations(self, *mark_lists: str | None) -> bool:
        texts = [t for marks in mark_lists for t in self._texts(marks)]
        return bool(texts) and all(_RELATION.search(t) for t in texts)

    def task(self) -> Task | None:
        """The task the question asks, once every sentence is read."""
        if self.ask is None:
            return None
        ask = self.ask
        if self.form is not None:
            if ask.form is not None and ask.form != self.form.form:
                return None
            ask = replace(ask, form=self.form.form, places=self.form.places, base=self.form.base)
        return _build(ask, self)


def read_question(question: str) -> Task | None:
    """The CAS task a question asks for, or None when the reader is not sure what it asks."""
    if not isinstance(question, str) or not question.strip() or len(question) > MAX_QUESTION:
        return None
    marked = mark_maths(question)
    reading = _Reading(marked)
    for sentence in _SENTENCE_END.split(marked.words):
        if not reading.take(sentence):
            return None
    return reading.task()


def _normalise(sentence: str) -> str:
    text = sentence.strip().lower()
    text = text.replace("’", "'").replace("“", '"').replace("”", '"').replace("``", '"')
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"^(?:please|now|next|then)[ ,]+", "", text)
    return re.sub(r"\s*[.?!]+\s*$", "", text).strip()


def _build(ask: Ask, reading: _Reading) -> Task | None:
    marked = reading.marked

    def text(mark: str) -> str:
        return marked.formula(mark).text

    unknown = _variable(ask.unknown, marked)
    if ask.unknown is not None and unknown is None:
        return None
    variable = _variable(ask.variable, marked)
    if ask.variable is not None and variable is None:
        return None
    maths = [text(m) for m in ask.maths]
    givens = list(reading.givens)
    if ask.uses_context:  # "what is b?": the equations given are what to solve
        maths = [g for g in givens if not _DEFINITION.match(g)] + reading.context
        givens = [g for g in givens if _DEFINITION.match(g)]
    elif reading.context:
        return None  # "in the equation ..." before a question that does not use it
    if ask.needs_givens and not (maths if ask.uses_context else givens):
        return None
    if "intercepts" in ask.notes:
        axis = _variable(ask.notes[1], marked)
        if axis not in ("x", "y"):
            return None
        maths, unknown = [*maths, f"{'y' if axis == 'x' else 'x'} = 0"], axis
    if "word" in ask.notes:
        maths = [ask.notes[1].upper()]
    maths = _roots_of_function(ask, maths, givens)
    rewritten = _apply_notes(ask, maths)
    if not rewritten:
        return None
    maths = rewritten
    base = _base(ask.base, marked)
    if ask.base is not None and base is None:
        return None
    if ask.kind == "solve" and unknown is None and any(_SINGLE_VARIABLE.match(m) for m in maths):
        return None  # "solve x": a letter where an equation should be
    try:
        return Task(
            kind=ask.kind,
            maths=tuple(maths),
            givens=tuple(givens),
            unknown=unknown,
            select=ask.select,
            integers=ask.integers,
            form=ask.form or "exact",
            places=ask.places,
            base=base,
            variable=variable,
            complex=reading.complex,
            extras=tuple(n for n in ask.notes if not MARK.fullmatch(n)),
        )
    except ValueError:
        return None


def _roots_of_function(ask: Ask, maths: list[str], givens: list[str]) -> list[str]:
    """ "The roots of g" for a function defined earlier: the solutions of g(x) = 0."""
    if ask.kind != "solve" or len(maths) != 1 or not re.fullmatch(r"\s*[A-Za-z]\s*", maths[0]):
        return maths
    name = maths[0].strip()
    for given in givens:
        definition = re.match(rf"^\s*{name}\s*\(\s*([A-Za-z])\s*\)\s*=", given)
        if definition:
            return [f"{name}({definition.group(1)}) = 0"]
    return maths


def _apply_notes(ask: Ask, maths: list[str]) -> list[str] | None:
    """Rewrite the maths for wordings that carry an operation: "20% of 50", "greatest integer"."""
    if "percent of" in ask.notes:
        percent = _PERCENT.match(maths[0])
        if percent is None:
            return None
        return [f"\\frac{{{percent.group(1)}}}{{100}} \\cdot ({maths[1]})"]
    if "floor" in ask.notes:
        return [f"\\lfloor {maths[0]} \\rfloor"]
    if "ceiling" in ask.notes:
        return [f"\\lceil {maths[0]} \\rceil"]
    return maths


def _variable(slot: str | None, marked: MarkedQuestion) -> str | None:
    """The letter a slot names: a raw letter, or a formula that is a single letter."""
    if slot is None:
        return None
    if MARK.fullmatch(slot):
        found = _SINGLE_VARIABLE.match(marked.formula(slot).text)
        return found.group(1) if found else None
    return slot if re.fullmatch(r"[a-z]", slot) else None


def _base(slot: str | None, marked: MarkedQuestion) -> int | None:
    """A number base from a mark (`$5$`) or a word ("six", "binary"), from 2 to 16."""
    if slot is None:
        return None
    written = marked.formula(slot).text.strip() if MARK.fullmatch(slot) else slot
    value = NUMBER_WORDS.get(written) if not written.isdigit() else int(written)
    return value if value is not None and 2 <= value <= 36 else None
