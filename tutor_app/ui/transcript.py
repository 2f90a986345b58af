"""The conversation shown in the chat: turns, and their HTML (typeset maths or LaTeX source)."""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

USER, TUTOR, NOTICE = "user", "assistant", "notice"
VERDICT = "verdict"  # the checker's verdict on the reply above it
EARLIER = "earlier"  # an earlier attempt at the same question, folded
LIVE_ID = "live-reply"  # the page element holding the reply in progress
_WHO = {USER: "You", TUTOR: "Tutor", NOTICE: "", VERDICT: "", EARLIER: ""}
# A verdict line's first mark gives its kind (and its colour).
VERDICT_KINDS = {"✔": "verified", "✘": "mistakes", "?": "unchecked", "■": "stopped"}

_CHAT_CSS = """
.turn {{ margin: 0 0 1em 0; padding: 0.4em 0.8em; border-radius: 10px; }}
.turn.user {{ background: {user_bg}; margin-left: 15%; }}
.turn.assistant {{ background: {tutor_bg}; margin-right: 5%; }}
.turn.notice {{ color: {muted}; font-style: italic; text-align: center; }}
.turn.verdict {{ font-weight: 600; margin-right: 5%; border-left: 4px solid {muted}; }}
.turn.verdict.verified {{ color: {good}; border-left-color: {good}; }}
.turn.verdict.mistakes {{ color: {bad}; border-left-color: {bad}; }}
.turn.verdict.unchecked, .turn.verdict.stopped {{ color: {muted}; }}
.turn.earlier {{ color: {muted}; margin-right: 5%; border: 1px dashed {muted}; }}
.turn.earlier summary {{ cursor: pointer; }}
.who {{ font-weight: 600; font-size: 0.8em; color: {muted}; }}
.source {{ white-space: pre-wrap; font-family: inherit; margin: 0; }}
body {{ font-size: {font}px; }}
"""
_COLOURS = {
    False: {
        "user_bg": "#e8f0fe",
        "tutor_bg": "#f5f5f7",
        "muted": "#5f6368",
        "good": "#1b7f3b",
        "bad": "#c62828",
    },
    True: {
        "user_bg": "#1f3355",
        "tutor_bg": "#2a2a2d",
        "muted": "#a1a1a6",
        "good": "#6fcf8a",
        "bad": "#ff7b72",
    },
}


@dataclass
class Turn:
    """One message in the chat; `done` is False while the tutor's reply is still streaming."""

    role: str
    text: str
    done: bool = True
    title: str = ""  # an earlier attempt's summary ("Attempt 1 had a mistake in line 3.")
    _html: str | None = field(default=None, repr=False)
    _live: Any = field(default=None, repr=False)  # StreamingAnswer while the reply streams


class Transcript:
    """The turns of the current session, with cached HTML for finished ones.

    `version` changes whenever a turn is added, removed or finished, but not when a streamed
    piece is appended: a view can then update just the reply in progress.
    """

    def __init__(self) -> None:
        self.turns: list[Turn] = []
        self.version = 0

    def clear(self) -> None:
        """Forget every turn (a new session)."""
        self.turns.clear()
        self.version += 1

    def add(self, role: str, text: str) -> Turn:
        """Append a finished turn."""
        turn = Turn(role, text)
        self.turns.append(turn)
        self.version += 1
        return turn

    def add_before_reply(self, role: str, text: str, title: str = "") -> Turn:
        """Insert a finished turn just before the reply in progress (or at the end)."""
        turn = Turn(role, text, title=title)
        reply = self.streaming()
        index = self.turns.index(reply) if reply is not None else len(self.turns)
        self.turns.insert(index, turn)
        self.version += 1
        return turn

    def remove(self, turn: Turn) -> None:
        """Take a turn out of the conversation (a question that could not be answered)."""
        self.turns.remove(turn)
        self.version += 1

    def start_reply(self) -> Turn:
        """Append an empty tutor turn that streamed pieces will fill."""
        turn = Turn(TUTOR, "", done=False)
        self.turns.append(turn)
        self.version += 1
        return turn

    def append(self, piece: str) -> None:
        """Add a streamed piece to the reply in progress."""
        turn = self.streaming()
        if turn is not None:
            turn.text += piece

    def restart_reply(self, note: str) -> None:
        """Start the reply in progress again (a resample), after a notice saying why."""
        turn = self.streaming()
        if turn is not None:
            self.remove(turn)
        self.add(NOTICE, note)
        self.start_reply()

    def finish_reply(self, text: str | None = None, html_body: str | None = None) -> None:
        """Mark the reply in progress finished, replacing its text (and its HTML) when given."""
        turn = self.streaming()
        if turn is not None:
            turn.text = turn.text if text is None else text
            turn.done = True
            turn._html, turn._live = html_body, None
            self.version += 1

    def drop_reply(self) -> None:
        """Remove the reply in progress (it failed before any useful text)."""
        turn = self.streaming()
        if turn is not None:
            self.remove(turn)

    def streaming(self) -> Turn | None:
        """The reply still being streamed, if any."""
        return next((t for t in reversed(self.turns) if not t.done), None)

    def last(self, role: str) -> Turn | None:
        """The newest finished turn with this role."""
        return next((t for t in reversed(self.turns) if t.role == role and t.done), None)

    def plain_text(self) -> str:
        """The whole conversation as plain text (what the student typed and read)."""
        return "\n\n".join(
            f"{_WHO[t.role]}: {t.text}" if _WHO[t.role] else (t.title or t.text) for t in self
        )

    def __iter__(self) -> Iterator[Turn]:
        return iter(self.turns)

    def html(self, *, typeset: bool, dark: bool = False, font_size: int = 15) -> str:
        """The conversation as one HTML page; maths typeset as MathML, or shown as LaTeX."""
        body = "".join(self._turn_html(turn, typeset) for turn in self.turns)
        css = _CHAT_CSS.format(font=font_size, **_COLOURS[dark])
        return _page(f"<style>{css}</style>\n{body}", typeset, dark)

    def live_html(self, *, typeset: bool) -> str | None:
        """The inner HTML of the reply in progress (the element with id LIVE_ID), if any."""
        turn = self.streaming()
        return None if turn is None else self._inner_html(turn, typeset)

    def _turn_html(self, turn: Turn, typeset: bool) -> str:
        if turn.role == NOTICE:
            return f'<div class="turn notice">{html.escape(turn.text)}</div>'
        if turn.role == VERDICT:
            kind = VERDICT_KINDS.get(turn.text[:1], "unchecked")
            return f'<div class="turn verdict {kind}">{html.escape(turn.text)}</div>'
        if turn.role == EARLIER:
            title, inner = html.escape(turn.title), self._inner_html(turn, typeset)
            if typeset:  # folded: the student opens it to read the attempt
                return f'<details class="turn earlier"><summary>{title}</summary>{inner}</details>'
            return f'<div class="turn earlier"><div class="who">{title}</div>{inner}</div>'
        who = html.escape(_WHO[turn.role]) + ("" if turn.done else " (writing…)")
        inner = self._inner_html(turn, typeset)
        if not turn.done:
            inner = f'<div id="{LIVE_ID}">{inner}</div>'
        return f'<div class="turn {turn.role}"><div class="who">{who}</div>{inner}</div>'

    @staticmethod
    def _inner_html(turn: Turn, typeset: bool) -> str:
        if not typeset:
            return f'<pre class="source">{html.escape(turn.text)}</pre>'
        from tutor_app.render.markdown_math import StreamingAnswer, render_fragment

        if not turn.done:
            if turn._live is None:
                turn._live = StreamingAnswer()
            return str(turn._live.render(turn.text))
        if turn._html is None:
            turn._html = render_fragment(turn.text)  # a finished turn is rendered once
        return turn._html


def _page(body: str, typeset: bool, dark: bool) -> str:
    """Wrap a body in the renderer's page (its CSS and content policy), or a plain page."""
    if typeset:
        from tutor_app.render.markdown_math import render_document

        return render_document(body, dark)
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}</body></html>'
