"""The statement shapes the maths reader builds around SymPy expressions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Rel:
    """An unevaluated relation `lhs op rhs` (op one of = < > <= >= !=)."""

    op: str
    lhs: Any
    rhs: Any


@dataclass(frozen=True)
class Chain:
    """A chain such as `a = b = c` or `1 < x <= 3`: parts joined by ops."""

    parts: tuple[Any, ...]
    ops: tuple[str, ...]


@dataclass(frozen=True)
class Logic:
    """Statements joined by and, or, xor, xnor, implies, iff; or one statement under not."""

    kind: str
    items: tuple[Any, ...]


@dataclass(frozen=True)
class Seq:
    """Comma-separated items with their brackets: '()', '[]', '{}' or '' for a bare list."""

    items: tuple[Any, ...]
    brackets: str


@dataclass(frozen=True)
class Member:
    """`x \\in S`: the variable and the set it belongs to."""

    var: Any
    set: Any
