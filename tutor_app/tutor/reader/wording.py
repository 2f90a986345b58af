"""What a question's sentences ask: the task from the wording, with the formulas as marks ⟨n⟩.

Every pattern here is a whole sentence (or clause): words we know and slots for formulas. A
sentence that matches none of them is not understood, and then the question has no CAS task.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

M = r"⟨\d+⟩"
LIST = rf"{M}(?:(?:,? and |, | ){M})*"
# A letter in words ("find x"): never `a` or `i`, which are words or the imaginary unit.
VAR = rf"(?:{M}|\b[b-hj-z]\b)"
ASK = r"(?:what is|what's|what are|find|compute|calculate|evaluate|determine|work out|give)"
SELECT = (
    r"(?:the |all |all the |all of the |all possible |all real |all integer |all positive "
    r"|the positive |the negative |the real |the integer |the largest |the largest possible "
    r"|the greatest |the greatest possible |the smallest |the smallest possible |the least "
    r"|the least possible |the sum of |the sum of all |the sum of all the |the sum of the "
    r"|the product of |the product of all |the product of all the |the product of the "
    r"|the sum of all possible |the product of all possible |the sum of the possible "
    r"|the product of the possible )"
)


@dataclass(frozen=True)
class Ask:
    """What one sentence asks: the task kind and its slots, still as marks or words."""

    kind: str
    maths: tuple[str, ...] = ()
    unknown: str | None = None
    select: str = "all"
    integers: bool = False
    form: str | None = None
    places: int | None = None
    base: str | None = None
    variable: str | None = None
    needs_givens: bool = False  # "what is b?" only makes sense after equations are given
    uses_context: bool = False  # "the product of all possible values of x" of an earlier equation
    notes: tuple[str, ...] = field(default=())


Builder = Callable[[re.Match[str]], Ask | None]
_PATTERNS: list[tuple[re.Pattern[str], Builder]] = []


def pattern(*regexes: str) -> Callable[[Builder], Builder]:
    """Register a builder for whole sentences matching any of the regexes."""

    def register(builder: Builder) -> Builder:
        for regex in regexes:
            _PATTERNS.append((re.compile(regex), builder))
        return builder

    return register


def read_ask(sentence: str, accept: Callable[[Ask], bool] = lambda ask: True) -> Ask | None:
    """The task a sentence asks for, or None when it matches no known wording.

    `accept` checks the slots (a letter slot must hold one letter); a wording whose slots do not
    fit gives way to the next one that matches.
    """
    for regex, builder in _PATTERNS:
        match = regex.fullmatch(sentence)
        if match:
            ask = builder(match)
            if ask is not None and accept(ask):
                return ask
    return None


def selection(phrase: str | None) -> tuple[str, bool]:
    """(select, integers) from a selector phrase such as "the largest possible"."""
    words = (phrase or "").strip()
    integers = "integer" in words
    for word, select in (
        ("sum", "sum"),
        ("product", "product"),
        ("largest", "largest"),
        ("greatest", "largest"),
        ("smallest", "smallest"),
        ("least", "smallest"),
        ("positive", "positive"),
        ("negative", "negative"),
    ):
        if re.search(rf"\b{word}\b", words):
            return select, integers
    if words.startswith("all"):
        return "all", integers
    return ("one" if words.startswith("the") else "all"), integers


# -- arithmetic and number theory ---------------------------------------------------------------
@pattern(
    rf"{ASK} the (?:units|ones|unit|last) digit (?:of|in) (?:the (?:product|sum|number|value) "
    rf"(?:of )?)?(?P<a>{M})"
)
def _units_digit(m: re.Match[str]) -> Ask:
    return Ask("units_digit", (m["a"],))


@pattern(
    rf"{ASK} the (?P<kind>remainder|quotient) (?:when|if) (?:the (?:sum|product|number|"
    rf"polynomial|expression) )?(?P<a>{M}) is divided by (?P<b>{M})",
    rf"{ASK} the (?P<kind>remainder|quotient) (?:of|when) (?P<a>{M}) (?:is )?divided by (?P<b>{M})",
    rf"{ASK} the (?P<kind>remainder) (?:of|when) (?P<a>{M}) \(?(?:mod|modulo) (?P<b>{M})\)?",
    rf"{ASK} (?P<a>{M}) (?P<kind>mod|modulo) (?P<b>{M})",
    rf"{ASK} the (?:modulo|mod) (?P<b>{M}) (?P<kind>remainder|residue) of (?:the (?:following )?"
    rf"(?:sum|product|number|expression):? )?(?P<a>{M})",
)
def _division(m: re.Match[str]) -> Ask:
    kind = "quotient" if m["kind"] == "quotient" else "remainder"
    return Ask(kind, (m["a"], m["b"]))


@pattern(
    rf"(?:express|write|convert|give) (?P<a>{M}) (?:in|to|as a number in) base "
    rf"(?P<b>{M}|[a-z]+)",
    rf"{ASK} (?P<a>{M}) (?:in|written in|expressed in) base (?P<b>{M}|[a-z]+)",
    rf"what is the base (?P<b>{M}|[a-z]+) (?:equivalent|representation|form) of (?P<a>{M})",
)
def _base(m: re.Match[str]) -> Ask:
    return Ask("evaluate", (m["a"],), form="base", base=m["b"])


@pattern(
    rf"(?:convert|express|write|change) (?P<a>{M}) (?:to|as|into) (?:a|an) (?P<f>(?:terminating )?"
    r"decimal|(?:common |improper )?fraction|mixed number|percent(?:age)?)"
)
def _convert(m: re.Match[str]) -> Ask:
    word = m["f"].split()[-1]
    form = {"decimal": "decimal", "fraction": "fraction", "number": "mixed"}.get(word, "percent")
    return Ask("evaluate", (m["a"],), form=form)


_GCD = r"greatest common (?:divisor|factor)|highest common factor|gcd|gcf|hcf"
_LCM = r"least common multiple|lowest common multiple|lcm"


@pattern(rf"{ASK} the (?P<kind>{_GCD}|{_LCM}) of (?P<l>{LIST})")
def _gcd_lcm(m: re.Match[str]) -> Ask:
    kind = "lcm" if re.fullmatch(_LCM, m["kind"]) else "gcd"
    return Ask(kind, tuple(re.findall(M, m["l"])))


@pattern(
    rf"how many (?:positive )?(?:whole[- ]number |integer |integral )?(?:divisors|factors) "
    rf"(?:does (?P<a>{M}) have|are there (?:of|for) (?P<b>{M})|(?:of|for) (?P<c>{M}))",
)
def _divisor_count(m: re.Match[str]) -> Ask:
    return Ask("divisor_count", (m["a"] or m["b"] or m["c"],))


@pattern(rf"{ASK} the sum of (?:all )?(?:of )?the (?:positive )?(?:divisors|factors) of (?P<a>{M})")
def _divisor_sum(m: re.Match[str]) -> Ask:
    return Ask("divisor_sum", (m["a"],))


@pattern(rf"{ASK} the prime factori[sz]ation of (?P<a>{M})")
def _prime_factors(m: re.Match[str]) -> Ask:
    return Ask("prime_factors", (m["a"],))


@pattern(
    rf"{ASK} the (?P<which>greatest|largest) integer (?:that is )?less than (?P<eq>or equal to )?"
    rf"(?P<a>{M})",
    rf"{ASK} the (?P<which>least|smallest) integer (?:that is )?greater than (?P<eq>or equal to )?"
    rf"(?P<a>{M})",
)
def _integer_bound(m: re.Match[str]) -> Ask:
    below = m["which"] in ("greatest", "largest")
    target = m["a"]
    if m["eq"]:
        return Ask("evaluate", (target,), notes=("floor" if below else "ceiling",))
    return Ask("floor_below" if below else "ceiling_above", (target,))


@pattern(rf"what is (?P<p>{M}) (?:percent )?of (?P<b>{M})")
def _percent_of(m: re.Match[str]) -> Ask:
    return Ask("evaluate", (m["p"], m["b"]), notes=("percent of",))


@pattern(
    r"(?:determine |find |compute |what is )?(?:the number of|how many) (?:distinct |different )?"
    r"(?:ways (?:are there )?to arrange|arrangements of|ways can you arrange|ways can we arrange) "
    r"the letters (?:of|in) the word (?P<w>[a-z]+)",
)
def _arrangements(m: re.Match[str]) -> Ask:
    return Ask("arrangements", (), notes=("word", m["w"]))


@pattern(
    rf"in how many (?:different )?ways can (?P<k>{M}) (?P<noun>[a-z]+) be (?:selected|chosen|"
    rf"picked) from (?:a (?:group|set|class|team) of )?(?P<n>{M}) (?P=noun)",
    rf"how many (?:different )?ways are there to (?:choose|select|pick) (?P<k>{M}) (?P<noun>[a-z]+)"
    rf" from (?:a (?:group|set|class|team) of )?(?P<n>{M}) (?P=noun)",
)
def _choose(m: re.Match[str]) -> Ask:
    return Ask("choose", (m["n"], m["k"]))


# -- coordinate geometry ------------------------------------------------------------------------
@pattern(
    rf"{ASK} the distance(?:, in units,)? between (?:the points )?(?P<a>{M}) and (?P<b>{M})",
    rf"{ASK} the (?:length of the )?(?:line )?segment (?:joining|connecting|between) "
    rf"(?:the points )?(?P<a>{M}) and (?P<b>{M})",
)
def _distance(m: re.Match[str]) -> Ask:
    return Ask("distance", (m["a"], m["b"]))


@pattern(
    rf"{ASK} the midpoint of the (?:line )?segment (?:with|whose) endpoints (?:are )?(?:at )?"
    rf"(?P<a>{M}) and (?P<b>{M})",
    rf"{ASK} the midpoint (?:of|between) (?:the points )?(?P<a>{M}) and (?P<b>{M})",
)
def _midpoint(m: re.Match[str]) -> Ask:
    return Ask("midpoint", (m["a"], m["b"]), form="pair")


@pattern(
    rf"{ASK} the slope of the line (?:passing |that passes |going |which passes )?through "
    rf"(?:the points )?(?P<a>{M}) and (?P<b>{M})"
)
def _slope(m: re.Match[str]) -> Ask:
    return Ask("slope", (m["a"], m["b"]))


@pattern(rf"{ASK} the dot product of (?P<a>{M}) and (?P<b>{M})")
def _dot_product(m: re.Match[str]) -> Ask:
    return Ask("dot_product", (m["a"], m["b"]))


# -- calculus -----------------------------------------------------------------------------------
_WRT = rf"(?: with respect to (?P<v>{VAR}))?"


@pattern(
    rf"(?:differentiate|{ASK} the (?:first )?derivative of) (?P<a>{M}){_WRT}",
)
def _derivative(m: re.Match[str]) -> Ask:
    return Ask("derivative", (m["a"],), variable=m["v"])


@pattern(
    rf"(?:integrate|{ASK} the (?:indefinite )?integral of|{ASK} an? antiderivative of|{ASK} the "
    rf"antiderivative of) (?P<a>{M}){_WRT}",
    rf"(?:integrate|{ASK} the (?:definite )?integral of) (?P<a>{M}){_WRT} from (?P<lo>{M}) to "
    rf"(?P<hi>{M})",
)
def _integral(m: re.Match[str]) -> Ask:
    bounds = (m["lo"], m["hi"]) if "lo" in m.groupdict() and m["lo"] else ()
    return Ask("integral", (m["a"], *bounds), variable=m["v"])


@pattern(
    rf"{ASK} the limit of (?P<a>{M}) as (?P<v>{VAR}) (?:approaches|tends to|goes to|->) "
    rf"(?P<p>{M})"
)
def _limit(m: re.Match[str]) -> Ask:
    return Ask("limit", (m["a"], m["p"]), variable=m["v"])


# -- simplify, expand, factor -------------------------------------------------------------------
_SIMPLIFY_WORDS = (
    r"(?: completely| fully| the following| the following expression| the expression| and write "
    r"the result with a rational denominator| and rationali[sz]e the denominator| the following "
    r"expression to a simplified fraction| to a simplified fraction| and express your answer as "
    r"a common fraction)*"
)


@pattern(
    rf"simplify{_SIMPLIFY_WORDS}:? (?P<a>{M})(?: completely| fully)?",
    rf"simplify{_SIMPLIFY_WORDS}:? (?P<a>{M}),? and express (?:your|the) answer in the form "
    rf"(?P<f>{M})(?:,? where (?P<c>{LIST}) are (?:integers|constants|real numbers))?",
)
def _simplify(m: re.Match[str]) -> Ask:
    if "f" in m.groupdict() and m["f"]:
        return Ask("expand", (m["a"],), notes=("in the form", m["f"]))
    return Ask("simplify", (m["a"],))


@pattern(
    rf"expand(?: and simplify)?(?: completely| fully| the product| the expression| the "
    rf"following)*:? (?P<a>{M})",
    rf"(?:multiply out|expand the brackets in) (?P<a>{M})",
)
def _expand(m: re.Match[str]) -> Ask:
    return Ask("expand", (m["a"],))


@pattern(
    rf"(?:completely |fully )?factor(?:i[sz]e)?(?: completely| fully| the expression| the "
    rf"polynomial| the following(?: expression)?)*:? (?P<a>{M})(?: completely| fully)?",
)
def _factor(m: re.Match[str]) -> Ask:
    return Ask("factor", (m["a"],))


@pattern(rf"(?:write|express) (?P<a>{M}) as a single fraction(?: in (?:simplest|lowest) \w+)?")
def _single_fraction(m: re.Match[str]) -> Ask:
    return Ask("simplify", (m["a"],), notes=("single fraction",))


# -- equations and inequalities -----------------------------------------------------------------
_THE_EQUATION = r"(?:the (?:equation|inequality|system(?: of equations)?|following (?:equation|" \
    r"inequality|system(?: of equations)?))\s?)?"  # fmt: skip


@pattern(
    rf"solve:? {_THE_EQUATION}(?:for (?P<v>{VAR}):? )?(?P<l>{LIST})(?: for (?P<w>{VAR}))?",
    rf"solve for (?P<v>{VAR}) (?:in|if|when|given|where):? {_THE_EQUATION}(?P<l>{LIST})",
    rf"solve for (?P<sel>{SELECT})?values? of (?P<v>{VAR}) (?:such that|for which|that satisf"
    rf"(?:y|ies)|satisfying) (?P<l>{LIST})",
)
def _solve(m: re.Match[str]) -> Ask:
    groups = m.groupdict()
    select, integers = selection(groups.get("sel"))
    return Ask(
        "solve",
        tuple(re.findall(M, m["l"])),
        unknown=groups.get("v") or groups.get("w"),
        select=select,
        integers=integers,
    )


_SOLUTIONS = r"(?:roots|zeros|zeroes|solutions|root|zero|solution)"


@pattern(
    rf"{ASK} (?P<sel>{SELECT})?(?P<real>real |integer |positive |negative )?{_SOLUTIONS}"
    rf"(?: of (?P<v>{VAR}))? (?:of|to|for) (?:the (?:equation|polynomial|function) )?(?P<l>{LIST})",
)
def _roots(m: re.Match[str]) -> Ask:
    select, integers = selection((m["sel"] or "") + (m["real"] or ""))
    if select == "one":
        select = "all"  # "find the roots of ..." asks for all of them
    return Ask(
        "solve", tuple(re.findall(M, m["l"])), unknown=m["v"], select=select, integers=integers
    )


_SUCH_THAT = (
    r"(?:such that|for which|that satisf(?:y|ies)|which satisf(?:y|ies)|satisfying|so that|if|"
    r"when|where|given that|given)"
)


@pattern(
    rf"{ASK} (?P<sel>{SELECT})?(?:value|values|possible values) of (?P<v>{VAR}),? {_SUCH_THAT} "
    rf"(?:the (?:equation|inequality) )?(?P<l>{LIST})",
    rf"{ASK} (?P<sel>{SELECT})?(?:(?P<int>integer|real number|real|number|positive integer) )?"
    rf"(?P<v>{VAR}),? {_SUCH_THAT} (?:the (?:equation|inequality) )?(?P<l>{LIST})",
    rf"for what (?P<sel>(?:real |integer |positive |negative )?)values? of (?P<v>{VAR}) "
    rf"(?:is|does|are|will) (?:it true that )?(?P<l>{LIST})(?: true| satisfied| hold)?",
    rf"what (?P<int>integer|real number|value of {VAR}|positive integer|number) (?P<v>{VAR})? ?"
    rf"satisf(?:y|ies) (?P<l>{LIST})",
)
def _value_such_that(m: re.Match[str]) -> Ask | None:
    groups = m.groupdict()
    phrase = (groups.get("sel") or "") + " " + (groups.get("int") or "")
    select, integers = selection(phrase.strip())
    if groups.get("int") and select == "all":
        select = "one"
    unknown = groups.get("v")
    if unknown is None:
        found = re.search(VAR, groups.get("int") or "")
        unknown = found.group() if found else None
    if unknown is None:
        return None
    if "positive" in phrase and select == "one":
        select = "positive"
    return Ask(
        "solve",
        tuple(re.findall(M, m["l"])),
        unknown=unknown,
        select=select if select != "all" or "all" in phrase else "one",
        integers=integers,
    )


@pattern(
    rf"how many (?P<axis>{VAR}) ?-intercepts? does the graph of (?:the (?:parabola|line|curve|"
    rf"function|equation) )?(?P<a>{M}) have",
)
def _intercepts(m: re.Match[str]) -> Ask:
    return Ask("solve", (m["a"],), select="count", notes=("intercepts", m["axis"]))


@pattern(
    rf"{ASK} the (?P<which>minimum|maximum|smallest|largest|least|greatest) (?:possible )?value "
    rf"of (?:the (?:function|expression) )?(?P<a>{M})(?:,? (?:for|where|when|on|over) "
    rf"(?P<c>{LIST}))?",
)
def _extremum(m: re.Match[str]) -> Ask:
    select = "smallest" if m["which"] in ("minimum", "smallest", "least") else "largest"
    conditions = tuple(re.findall(M, m["c"] or ""))
    return Ask("extremum", (m["a"], *conditions), select=select)


@pattern(
    rf"how many (?:integers|integer values(?: of (?P<v>{VAR}))?|integer solutions|whole numbers)"
    rf"(?: (?P<w>{VAR}))? (?:are (?:there )?in|lie in|are in|satisfy|are solutions (?:of|to)|"
    rf"are there in) (?:the solution set of )?(?:the (?:equation|inequality) )?(?P<l>{LIST})",
)
def _count_integers(m: re.Match[str]) -> Ask:
    return Ask(
        "solve",
        tuple(re.findall(M, m["l"])),
        unknown=m["v"] or m["w"],
        select="count",
        integers=True,
    )


@pattern(
    rf"{ASK} (?P<sel>{SELECT})?(?:possible )?values? of (?P<v>{VAR})",
    rf"{ASK} (?P<v>{VAR})",
)
def _value_of_unknown(m: re.Match[str]) -> Ask:
    select, integers = selection(m.groupdict().get("sel"))
    return Ask(
        "solve",
        (),
        unknown=m["v"],
        select=select,
        integers=integers,
        needs_givens=True,
        uses_context=True,
    )


# -- values -------------------------------------------------------------------------------------
@pattern(
    rf"{ASK}:? (?:the (?:value|result) of )?(?:the (?:product|sum|expression|quantity|number|"
    rf"difference|quotient) )?(?P<a>{M})",
    rf"{ASK} the value of the (?:following )?(?:expression|sum|product)?:? ?(?P<a>{M})",
    rf"{ASK} the (?:product|sum|value) of (?P<a>{M})",
)
def _evaluate(m: re.Match[str]) -> Ask:
    return Ask("evaluate", (m["a"],), select="one")


@pattern(rf"{ASK} all (?:the )?possible values of (?:the expression )?(?P<a>{M})")
def _all_values(m: re.Match[str]) -> Ask:
    return Ask("evaluate", (m["a"],), select="all", needs_givens=True)


# Sentences that only say how to give the answer, or ask to show work: no task of their own.
_REMARKS = re.compile(
    r"\(?(?:do not|don't|without) (?:use|using) a calculator!?\)?|\(?show (?:all )?(?:your )?"
    r"(?:work|working|steps)\)?|\(?simplify your answer(?: completely| fully)?\)?"
)


def is_remark(sentence: str) -> bool:
    """Whether a sentence only asks for care ("do not use a calculator"), not for a task."""
    return bool(_REMARKS.fullmatch(sentence))


def with_form(ask: Ask, form: str, places: int | None, base: str | None) -> Ask:
    """The same ask with an answer form from another sentence."""
    return replace(ask, form=form, places=places, base=base)
