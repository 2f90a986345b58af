"""Turn a model's markdown answer into safe HTML with MathML, and draw function plots (no Qt)."""

from __future__ import annotations

from tutor_app.render.markdown_math import render_markdown, render_streaming

__all__ = ["render_markdown", "render_streaming"]
