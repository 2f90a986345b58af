"""A cursor over the token list, and the grammar rules every part of the reader may call."""

from __future__ import annotations

from typing import Any

from tutor_app.verify.parse.tokens import ParseError, Token


class TokenCursor:
    """Where the reader is in the tokens; the grammar rules are defined by the full reader."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.abs_depth = 0

    # -- token helpers -------------------------------------------------
    def peek(self, offset: int = 0) -> Token | None:
        """The token `offset` places ahead, or None past the end."""
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def at(self, *texts: str) -> bool:
        """Whether the next token is an operator, command or word among `texts`."""
        tok = self.peek()
        return tok is not None and tok.kind in ("OP", "CMD", "WORD") and tok.text in texts

    def take(self) -> Token:
        """Consume and return the next token."""
        tok = self.peek()
        if tok is None:
            raise ParseError("ends too early")
        self.pos += 1
        return tok

    def expect(self, text: str) -> None:
        """Consume the next token, which must be `text`."""
        tok = self.take()
        if tok.text != text:
            raise ParseError(f"expected {text!r} but found {tok.text!r}")

    # -- grammar rules the full reader defines ----------------------------
    def top(self) -> Any:
        """A whole answer or statement."""
        raise NotImplementedError

    def sum(self) -> Any:
        """A sum of terms."""
        raise NotImplementedError

    def term(self) -> Any:
        """A product of factors."""
        raise NotImplementedError

    def power(self) -> Any:
        """A factor with an optional exponent."""
        raise NotImplementedError

    def starts_factor(self, in_function: bool = False) -> bool:
        """Whether the next token begins an implicitly multiplied factor."""
        raise NotImplementedError
