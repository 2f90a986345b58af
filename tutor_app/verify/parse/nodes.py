"""The statement shapes the maths reader builds around SymPy expressions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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


def map_leaves(obj: Any, change: Callable[[Any], Any]) -> Any:
    """Apply `change` to every SymPy object inside a statement, keeping its shape."""
    if isinstance(obj, Rel):
        return Rel(obj.op, map_leaves(obj.lhs, change), map_leaves(obj.rhs, change))
    if isinstance(obj, Chain):
        return Chain(tuple(map_leaves(p, change) for p in obj.parts), obj.ops)
    if isinstance(obj, Logic):
        return Logic(obj.kind, tuple(map_leaves(p, change) for p in obj.items))
    if isinstance(obj, Seq):
        return Seq(tuple(map_leaves(p, change) for p in obj.items), obj.brackets)
    if hasattr(obj, "xreplace"):
        return change(obj)
    return obj


def leaves(obj: Any) -> Iterator[Any]:
    """Every object inside a statement that is not itself a statement shape."""
    if isinstance(obj, Rel):
        yield from leaves(obj.lhs)
        yield from leaves(obj.rhs)
    elif isinstance(obj, Chain):
        for part in obj.parts:
            yield from leaves(part)
    elif isinstance(obj, Logic | Seq):
        for item in obj.items:
            yield from leaves(item)
    else:
        yield obj
