"""A student's progress as matplotlib Figures: mastery per skill and the skill map by band.

No Qt and no pyplot: the Figures can be built on a worker thread and shown by any canvas.
The charts take plain `SkillStanding`s (this layer does not import the tutor's skill map);
`tutor_app.ui.progress_view` makes them from a `Progress`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import permutations
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "BAND_COLOURS",
    "SkillStanding",
    "layers",
    "mastery_chart",
    "skill_map",
    "skill_positions",
]

# Okabe and Ito's colour-blind-safe colours, lighter to darker as the band rises (so the order
# reads in grey too); a skill not started is an empty box.
BAND_COLOURS = {
    "Not started": "#ffffff",
    "Attempted": "#e69f00",
    "Familiar": "#56b4e9",
    "Proficient": "#0072b2",
    "Mastered": "#009e73",
}
_DARK_BANDS = {"Proficient", "Mastered"}  # white text on these
_EDGE = "#4d4d4d"
SIZE = (7.0, 4.5)  # inches at 100 dpi: 700 x 450 pixels
NAME_WIDTH = 20  # characters per line of a skill's name in the map
BOX_WIDTH, BOX_HEIGHT = 0.9, 0.6  # a box in the map, where neighbours and layers are 1 apart
MAX_PERMUTED = 6  # layers wider than this keep their first order (720 orders at most)
LANE_WIDTH = 0.3  # the room in a layer for an arrow that passes it


@dataclass(frozen=True)
class SkillStanding:
    """One skill as the charts show it: its place in the map and how well it is known."""

    key: str
    name: str
    prerequisites: tuple[str, ...]
    band: str  # one of BAND_COLOURS
    p_known: float | None = None  # None when not started
    answers: int = 0


def layers(skills: Sequence[SkillStanding]) -> list[list[str]]:
    """The skills in layers, each one below its deepest prerequisite (unknown ones ignored)."""
    by_key = {skill.key: skill for skill in skills}
    depth: dict[str, int] = {}

    def depth_of(key: str, seen: tuple[str, ...]) -> int:
        if key in seen:
            raise ValueError(f"the prerequisites go round in a circle: {' -> '.join(seen)}")
        if key not in depth:
            parents = [p for p in by_key[key].prerequisites if p in by_key]
            depth[key] = 1 + max((depth_of(p, (*seen, key)) for p in parents), default=-1)
        return depth[key]

    rows: list[list[str]] = []
    for skill in skills:
        level = depth_of(skill.key, ())
        rows.extend([] for _ in range(level + 1 - len(rows)))
        rows[level].append(skill.key)
    return rows


@dataclass(frozen=True)
class MapLayout:
    """Where the skill map puts things: each skill's (x, layer), and each arrow's route as the
    (x, layer) points it passes, from the prerequisite to the skill. An arrow that skips layers
    goes through a narrow lane of its own in each layer between, never through a box."""

    places: dict[str, tuple[float, int]]
    routes: dict[tuple[str, str], list[tuple[float, int]]]


def map_layout(skills: Sequence[SkillStanding]) -> MapLayout:
    """Lay the map out in layers, each in the order that crosses the fewest arrows."""
    rows: list[list[str]] = [list(row) for row in layers(skills)]
    level_of = {key: n for n, row in enumerate(rows) for key in row}
    chains: list[list[str]] = []
    for skill in skills:
        for parent in skill.prerequisites:
            if parent not in level_of:
                continue
            lanes = [f"{parent}->{skill.key}@{n}" for n in range(level_of[parent] + 1,
                                                                  level_of[skill.key])]  # fmt: skip
            for lane in lanes:
                rows[int(lane.rsplit("@", 1)[1])].append(lane)
            chains.append([parent, *lanes, skill.key])
    rows = _by_parents(rows, chains)
    best = _score(rows, chains)
    for _sweep in range(3):  # better one layer at a time, until no layer's order helps
        improved = False
        for n, row in enumerate(rows):
            if len(row) > MAX_PERMUTED:
                continue
            for order in permutations(row):
                trial = [*rows[:n], list(order), *rows[n + 1 :]]
                score = _score(trial, chains)
                if score < best:
                    rows, best, improved = trial, score, True
        if not improved:
            break
    xs = _xs(rows)
    level_of = {key: n for n, row in enumerate(rows) for key in row}
    places = {key: (xs[key], level_of[key]) for key in level_of if "@" not in key}
    routes = {(c[0], c[-1]): [(xs[k], level_of[k]) for k in c] for c in chains}
    return MapLayout(places, routes)


def skill_positions(skills: Sequence[SkillStanding]) -> dict[str, tuple[float, int]]:
    """Each skill's (x, layer) in the skill map."""
    return map_layout(skills).places


def _by_parents(rows: list[list[str]], chains: list[list[str]]) -> list[list[str]]:
    """A first order: each layer by the mean place of what points into it (the map's order
    breaking ties)."""
    parents: dict[str, list[str]] = {}
    for chain in chains:
        for a, b in zip(chain, chain[1:]):
            parents.setdefault(b, []).append(a)
    ordered = [rows[0]]
    for row in rows[1:]:
        at = {key: n for n, key in enumerate(ordered[-1])}

        def pull(key: str, at: dict[str, int] = at) -> float:
            found = [at[p] for p in parents.get(key, []) if p in at]
            return sum(found) / len(found) if found else 0.0

        ordered.append(sorted(row, key=pull))
    return ordered


def _xs(rows: list[list[str]]) -> dict[str, float]:
    """Each item's x: boxes 1 apart, an arrow's lane narrower, every layer centred on 0."""
    xs: dict[str, float] = {}
    for row in rows:
        widths = [LANE_WIDTH if "@" in key else 1.0 for key in row]
        left = -sum(widths) / 2
        for key, width in zip(row, widths):
            xs[key] = left + width / 2
            left += width
    return xs


def _score(rows: list[list[str]], chains: list[list[str]]) -> float:
    """Arrows crossing between layers first, then how far the arrows lean."""
    xs = _xs(rows)
    segments = [(a, b) for chain in chains for a, b in zip(chain, chain[1:])]
    crossings = sum(
        1
        for i, (a, b) in enumerate(segments)
        for c, d in segments[i + 1 :]
        if (xs[a] - xs[c]) * (xs[b] - xs[d]) < 0
    )
    return crossings + sum(abs(xs[a] - xs[b]) for a, b in segments) / 1000


def mastery_chart(skills: Sequence[SkillStanding], mastered: float = 0.95) -> Figure:
    """Horizontal bars of each skill's mastery (0 to 1) coloured by band, with the mastered line."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    figure = Figure(figsize=SIZE, dpi=100, layout="constrained")
    axes = figure.add_subplot()
    rows = list(range(len(skills)))[::-1]  # the map's order, top to bottom
    for row, skill in zip(rows, skills):
        width = skill.p_known if skill.p_known is not None else 0.0
        (bar,) = axes.barh(row, width, height=0.7, color=BAND_COLOURS[skill.band], zorder=2,
                           edgecolor=_EDGE, linewidth=0.6)  # fmt: skip
        bar.set_gid(f"bar:{skill.key}")
        if skill.p_known is None:
            axes.text(0.01, row, "not started", va="center", fontsize=7.5, color="#666666")
        else:
            # On a white ground, so that the mastered line behind it does not cross it.
            axes.text(width + 0.01, row, f"{width:.0%}", va="center", fontsize=7.5, zorder=3,
                      bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})  # fmt: skip
    axes.axvline(mastered, color="#222222", linestyle="--", linewidth=1, zorder=1,
                 gid="mastered-line")  # fmt: skip
    axes.text(mastered, 1.0, f" mastered ({mastered:.0%})", transform=axes.get_xaxis_transform(),
              ha="center", va="bottom", fontsize=7.5)  # fmt: skip
    axes.set_yticks(rows, [skill.name for skill in skills], fontsize=8)
    axes.set_xlim(0, 1.08)
    axes.set_ylim(-0.6, len(skills) - 0.4)
    axes.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    axes.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    axes.tick_params(axis="x", labelsize=8)
    axes.set_xlabel("How sure the tutor is that you know the skill", fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    _band_legend(figure)
    return figure


def skill_map(skills: Sequence[SkillStanding]) -> Figure:
    """The skills as boxes in layers, arrows from each prerequisite, each box coloured by band."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    figure = Figure(figsize=SIZE, dpi=100, layout="constrained")
    axes = figure.add_subplot()
    layout = map_layout(skills)
    places = layout.places
    width, height = BOX_WIDTH, BOX_HEIGHT
    for skill in skills:
        x, level = places[skill.key]
        box = FancyBboxPatch((x - width / 2, -level - height / 2), width, height,
                             boxstyle="round,pad=0,rounding_size=0.08", zorder=2,
                             facecolor=BAND_COLOURS[skill.band], edgecolor=_EDGE, linewidth=0.8,
                             gid=f"node:{skill.key}")  # fmt: skip
        axes.add_patch(box)
        colour = "white" if skill.band in _DARK_BANDS else "black"
        axes.text(x, -level, textwrap.fill(skill.name, NAME_WIDTH), ha="center", va="center",
                  fontsize=8, color=colour, zorder=3, linespacing=1.1)  # fmt: skip
    for (parent, key), route in layout.routes.items():
        axes.add_patch(FancyArrowPatch(path=_arrow_path(route, height), arrowstyle="-|>",
                                       mutation_scale=9, color="#555555", linewidth=0.9,
                                       zorder=1, gid=f"edge:{parent}->{key}"))  # fmt: skip
    widest = max((abs(x) for x, _ in places.values()), default=0.0)
    deepest = max((level for _, level in places.values()), default=0)
    axes.set_xlim(-widest - width / 2 - 0.05, widest + width / 2 + 0.05)
    axes.set_ylim(-deepest - height / 2 - 0.05, height / 2 + 0.05)
    axes.set_axis_off()
    axes.set_title("Each skill builds on the ones with arrows into it", fontsize=8.5)
    _band_legend(figure)
    return figure


def _arrow_path(route: list[tuple[float, int]], height: float) -> Any:
    """From the bottom of the first box to the top of the last, straight down any lanes."""
    from matplotlib.path import Path

    (x0, top), *between, (x1, bottom) = route
    points = [(x0, -top - height / 2)]
    for x, level in between:
        points += [(x, -level + height / 2), (x, -level - height / 2)]
    points.append((x1, -bottom + height / 2))
    return Path(points)


def _band_legend(figure: Any) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=colour, edgecolor=_EDGE, label=band)
               for band, colour in BAND_COLOURS.items()]  # fmt: skip
    figure.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=8,
                  frameon=False)  # fmt: skip
