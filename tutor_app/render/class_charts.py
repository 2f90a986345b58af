"""A class's overview as a matplotlib Figure: for each skill, how many students are in each band.

No Qt and no pyplot, like `progress_charts`: the Figure is built on a worker thread and shown
by any canvas (or saved to a PNG for a report). The chart takes plain `SkillBands`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor_app.render.progress_charts import BAND_COLOURS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["SkillBands", "class_overview_chart"]

BANDS = tuple(BAND_COLOURS)  # Not started ... Mastered, in order
_EDGE = "#4d4d4d"
_DARK_BANDS = {"Proficient", "Mastered"}  # white counts on these
SIZE = (7.0, 4.5)  # inches at 100 dpi, as the progress charts


@dataclass(frozen=True)
class SkillBands:
    """One skill in a class: its name and how many students are in each band."""

    key: str
    name: str
    counts: Mapping[str, int]  # band -> students; bands missing count 0

    @property
    def students(self) -> int:
        """How many students the counts cover."""
        return sum(self.counts.values())


def class_overview_chart(skills: Sequence[SkillBands], title: str = "") -> Figure:
    """Stacked horizontal bars: per skill (in the order given, top to bottom), the students in
    each band from Not started to Mastered, each part labelled with its count."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=SIZE, dpi=100, layout="constrained")
    axes = figure.add_subplot()
    rows = list(range(len(skills)))[::-1]
    widest = max((skill.students for skill in skills), default=0)
    for row, skill in zip(rows, skills):
        left = 0
        for band in BANDS:
            count = int(skill.counts.get(band, 0))
            if not count:
                continue
            (bar,) = axes.barh(row, count, left=left, height=0.7, color=BAND_COLOURS[band],
                               edgecolor=_EDGE, linewidth=0.6, zorder=2)  # fmt: skip
            bar.set_gid(f"bar:{skill.key}:{band}")
            colour = "white" if band in _DARK_BANDS else "black"
            axes.text(left + count / 2, row, str(count), ha="center", va="center", fontsize=7.5,
                      color=colour, zorder=3)  # fmt: skip
            left += count
    axes.set_yticks(rows, [_short(skill.name) for skill in skills], fontsize=8)
    axes.set_ylim(-0.6, len(skills) - 0.4)
    axes.set_xlim(0, max(1, widest))
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(axis="x", labelsize=8)
    axes.set_xlabel("Students", fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    if title:
        axes.set_title(title, fontsize=10)
    if not skills:
        axes.text(0.5, 0.5, "No students", ha="center", va="center", transform=axes.transAxes)
    _legend(figure)
    return figure


def _short(name: str) -> str:
    """A skill's name before its colon ('Polynomials', not 'Polynomials: expand and factor')."""
    return name.split(":")[0]


def _legend(figure: Figure) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=BAND_COLOURS[band], edgecolor=_EDGE, label=band) for band in BANDS]
    figure.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=8,
                  frameon=False)  # fmt: skip
