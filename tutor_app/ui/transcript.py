"""The conversation shown in the chat: turns, and their HTML (typeset maths or LaTeX source)."""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field

USER, TUTOR, NOTICE = "user", "assistant", "notice"
_WHO = {USER: "You", TUTOR: "Tutor", NOTICE: ""}

_CHAT_CSS = """
.turn {{ margin: 0 0 1em 0; padding: 0.4em 0.8em; border-radius: 10px; }}
.turn.user {{ background: {user_bg}; margin-left: 15%; }}
.turn.assistant {{ background: {tutor_bg}; margin-right: 5%; }}
.turn.notice {{ color: {muted}; font-style: italic; text-align: center; }}
.who {{ font-weight: 600; font-size: 0.8em; color: {muted}; }}
.source {{ white-space: pre-wrap; font-family: inherit; margin: 0; }}
body {{ font-size: {font}px; }}
"""
_COLOURS = {
    False: {"user_bg": "#e8f0fe", "tutor_bg": "#f5f5f7", "muted": "#5f6368"},
    True: {"user_bg": "#1f3355", "tutor_bg": "#2a2a2d", "muted": "#a1a1a6"},
}


@dataclass
class Turn:
    """One message in the chat; `done` is False while the tutor's reply is still streaming."""

    role: str
    text: str
    done: bool = True
    _html: str | None = field(default=None, repr=False)


class Transcript:
    """The turns of the current session, with cached HTML for finished ones."""

    def __init__(self) -> None:
        self.turns: list[Turn] = []

    def clear(self) -> None:
        """Forget every turn (a new session)."""
        self.turns.clear()

    def add(self, role: str, text: str) -> Turn:
        """Append a finished turn."""
        turn = Turn(role, text)
        self.turns.append(turn)
        return turn

    def start_reply(self) -> Turn:
        """Append an empty tutor turn that streamed pieces will fill."""
        turn = Turn(TUTOR, "", done=False)
        self.turns.append(turn)
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
            self.turns.remove(turn)
        self.add(NOTICE, note)
        self.start_reply()

    def finish_reply(self, text: str | None = None) -> None:
        """Mark the reply in progress finished, replacing its text when given."""
        turn = self.streaming()
        if turn is not None:
            turn.text = turn.text if text is None else text
            turn.done = True
            turn._html = None

    def drop_reply(self) -> None:
        """Remove the reply in progress (it failed before any useful text)."""
        turn = self.streaming()
        if turn is not None:
            self.turns.remove(turn)

    def streaming(self) -> Turn | None:
        """The reply still being streamed, if any."""
        return next((t for t in reversed(self.turns) if not t.done), None)

    def last(self, role: str) -> Turn | None:
        """The newest finished turn with this role."""
        return next((t for t in reversed(self.turns) if t.role == role and t.done), None)

    def plain_text(self) -> str:
        """The whole conversation as plain text (what the student typed and read)."""
        return "\n\n".join(f"{_WHO[t.role]}: {t.text}" if _WHO[t.role] else t.text for t in self)

    def __iter__(self) -> Iterator[Turn]:
        return iter(self.turns)

    def html(self, *, typeset: bool, dark: bool = False, font_size: int = 15) -> str:
        """The conversation as one HTML page; maths typeset as MathML, or shown as LaTeX."""
        body = "".join(self._turn_html(turn, typeset) for turn in self.turns)
        css = _CHAT_CSS.format(font=font_size, **_COLOURS[dark])
        return _page(f"<style>{css}</style>\n{body}", typeset, dark)

    def _turn_html(self, turn: Turn, typeset: bool) -> str:
        if turn.role == NOTICE:
            return f'<div class="turn notice">{html.escape(turn.text)}</div>'
        if turn.done and turn._html is not None and typeset:
            inner = turn._html
        elif typeset:
            from tutor_app.render.markdown_math import render_fragment

            inner = render_fragment(turn.text, streaming=not turn.done)
            if turn.done:
                turn._html = inner  # a finished turn is rendered once
        else:
            inner = f'<pre class="source">{html.escape(turn.text)}</pre>'
        who = html.escape(_WHO[turn.role]) + ("" if turn.done else " (writing…)")
        return f'<div class="turn {turn.role}"><div class="who">{who}</div>{inner}</div>'


def _page(body: str, typeset: bool, dark: bool) -> str:
    """Wrap a body in the renderer's page (its CSS and content policy), or a plain page."""
    if typeset:
        from tutor_app.render.markdown_math import render_document

        return render_document(body, dark)
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}</body></html>'
