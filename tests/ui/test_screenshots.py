"""The README shows screenshots of the window; each is committed, a real PNG, and small."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_BYTES = 300_000


def test_every_screenshot_the_readme_shows_is_committed_and_small() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The desktop app", 1)[1].split("\n## ", 1)[0]
    shown = re.findall(r"\((docs/screenshots/[\w.-]+\.png)\)", section)
    assert {"solve.png", "wrong-step.png", "plot.png", "model-manager.png", "past-session.png"} <= {
        Path(p).name for p in shown
    }
    for relative in shown:
        data = (ROOT / relative).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", relative
        assert len(data) < MAX_BYTES, relative
    assert "docs/screenshots/capture.py" in section
