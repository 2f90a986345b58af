"""Small, quick charts for printed reports: one student's mastery per skill as plain bars.

A class report has a page per student, so its chart must draw in a few milliseconds: the
Figure (labels, ticks, the mastered line) is drawn once, and for each student only the bars are
drawn again on a copy of it (matplotlib's blitting). No Qt and no pyplot, like the other chart
modules.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tutor_app.render.progress_charts import BAND_COLOURS, SkillStanding

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SIZE = (7.5, 2.3)  # inches
_EDGE = "#4d4d4d"


class MasteryBars:
    """A bar chart of mastery per skill, redrawn for each student of a report."""

    def __init__(self, skills: Sequence[tuple[str, str]], mastered: float = 0.95) -> None:
        from matplotlib.figure import Figure

        self.keys = [key for key, _name in skills]
        self.figure: Figure = Figure(figsize=SIZE, dpi=100)
        self.figure.subplots_adjust(left=0.3, right=0.98, top=0.97, bottom=0.11)
        axes = self.figure.add_subplot()
        rows = list(range(len(skills)))[::-1]
        self.bars = axes.barh(rows, [0.0] * len(rows), height=0.7, edgecolor=_EDGE, linewidth=0.5)
        for bar, key in zip(self.bars, self.keys):
            bar.set_gid(f"bar:{key}")
        self.mastered_line = axes.axvline(
            mastered, color="#222222", linestyle="--", linewidth=0.8, gid="mastered-line"
        )
        self._canvas: Any = None
        self._background: Any = None
        self._dpi = 0
        axes.set_yticks(rows, [name.split(":")[0] for _key, name in skills], fontsize=7)
        axes.set_xlim(0, 1)
        axes.set_ylim(-0.6, len(skills) - 0.4)
        axes.set_xticks([0, 0.5, 1.0], ["0%", "50%", "100%"], fontsize=7)
        axes.spines[["top", "right"]].set_visible(False)

    def show(self, standings: Sequence[SkillStanding]) -> Figure:
        """The chart for one student: each skill's bar as long as its mastery, in its band's
        colour (a skill the student has no line for stays empty)."""
        by_key = {standing.key: standing for standing in standings}
        for bar, key in zip(self.bars, self.keys):
            standing = by_key.get(key)
            known = standing.p_known if standing is not None else None
            bar.set_width(known if known is not None else 0.0)
            band = standing.band if standing is not None else "Not started"
            bar.set_facecolor(BAND_COLOURS.get(band, "#ffffff"))
        return self.figure

    def pixels(self, standings: Sequence[SkillStanding], dpi: int) -> tuple[bytes, int, int]:
        """The chart for one student as RGBA pixels (bytes, width, height) at `dpi`: the first
        call draws the whole figure, later ones only the bars over the saved background."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        if self._background is None or self._dpi != dpi:
            self.figure.set_dpi(dpi)
            self._canvas = FigureCanvasAgg(self.figure)
            for bar in self.bars:
                bar.set_visible(False)
            self._canvas.draw()
            self._background = self._canvas.copy_from_bbox(self.figure.bbox)
            self._dpi = dpi
            for bar in self.bars:
                bar.set_visible(True)
        canvas = self._canvas
        canvas.restore_region(self._background)
        self.show(standings)
        axes = self.figure.axes[0]
        for bar in self.bars:
            axes.draw_artist(bar)
        axes.draw_artist(self.mastered_line)  # over the bars, as in the full drawing
        width, height = canvas.get_width_height(physical=True)
        return bytes(canvas.buffer_rgba()), width, height
