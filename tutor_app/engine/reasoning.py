"""Separate a reasoning model's `<think>...</think>` section from the answer it then gives."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

OPEN, CLOSE = "<think>", "</think>"


def split_reasoning(text: str) -> tuple[str, str]:
    """Return (thinking, answer); thinking is empty when the text has no think section."""
    start = text.find(OPEN)
    if start < 0:
        end = text.find(CLOSE)
        if end < 0:
            return "", text.strip()
        return text[:end].strip(), text[end + len(CLOSE) :].strip()
    end = text.find(CLOSE, start)
    if end < 0:
        return text[start + len(OPEN) :].strip(), ""
    answer = text[:start] + text[end + len(CLOSE) :]
    return text[start + len(OPEN) : end].strip(), answer.strip()


def route_pieces(pieces: Iterable[str], reasoning: bool) -> Iterator[tuple[str, str]]:
    """Label streamed pieces as ('thinking', text) or ('answer', text) as they arrive.

    Tags may be split across pieces, so text that could be the start of a tag is held back
    until the next piece decides it.
    """
    channel = "thinking" if reasoning else "answer"
    pending = ""
    for piece in pieces:
        pending += piece
        while True:
            tag = CLOSE if channel == "thinking" else OPEN
            index = pending.find(tag)
            if index >= 0:
                if index:
                    yield channel, pending[:index]
                pending = pending[index + len(tag) :]
                channel = "answer" if tag == CLOSE else "thinking"
                continue
            keep = _partial_tag_length(pending, tag)
            if len(pending) > keep:
                yield channel, pending[: len(pending) - keep]
                pending = pending[len(pending) - keep :]
            break
    if pending:
        yield channel, pending


def _partial_tag_length(text: str, tag: str) -> int:
    for size in range(min(len(tag) - 1, len(text)), 0, -1):
        if text.endswith(tag[:size]):
            return size
    return 0
