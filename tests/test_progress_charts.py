"""The progress charts: the skill map's layers and arrows, and bars and boxes coloured by band."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba

from tutor_app.render.progress_charts import (
    BAND_COLOURS,
    BOX_WIDTH,
    SkillStanding,
    layers,
    map_layout,
    mastery_chart,
    skill_map,
)
from tutor_app.store.database import open_store
from tutor_app.store.records import EvidenceRecord
from tutor_app.store.repository import Store
from tutor_app.tutor.mastery import BANDS, MASTERED
from tutor_app.tutor.progress import progress, record
from tutor_app.tutor.skills import SKILLS

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=timezone.utc)


def not_started() -> list[SkillStanding]:
    return [SkillStanding(s.key, s.name, s.prerequisites, "Not started") for s in SKILLS]


@pytest.fixture
def store(store_location: str | Path) -> Iterator[Store]:
    """A new progress database: each test using it runs on SQLite and on PostgreSQL."""
    with open_store(store_location) as opened:
        yield opened


def standings_after(store: Store, answers: dict[str, list[bool]]) -> list[SkillStanding]:
    """Record these answers for a new student; every skill's standing from their progress."""
    ann = store.student("Ann").id
    minute = 0
    for skill, rights in answers.items():
        for right in rights:
            minute += 1
            at = T0 + timedelta(minutes=minute)
            record(store, EvidenceRecord(ann, skill, "practice", f"p{minute}", right,
                                         created_at=at))  # fmt: skip
    states = progress(store, ann, T0 + timedelta(hours=1)).states
    return [
        SkillStanding(s.key, s.name, s.prerequisites, states[s.key].band, states[s.key].p_known)
        if s.key in states
        else SkillStanding(s.key, s.name, s.prerequisites, "Not started")
        for s in SKILLS
    ]


def by_gid(figure: Any, prefix: str) -> dict[str, Any]:
    """The figure's patches whose gid starts with prefix, by the rest of the gid."""
    return {
        patch.get_gid()[len(prefix) :]: patch
        for patch in [*figure.axes[0].patches, *figure.axes[0].lines]
        if (patch.get_gid() or "").startswith(prefix)
    }


def test_the_bands_the_charts_colour_are_the_tutors_bands_in_order() -> None:
    assert tuple(BAND_COLOURS) == BANDS
    assert len(set(BAND_COLOURS.values())) == len(BANDS)


def test_every_skill_is_in_a_layer_below_all_its_prerequisites() -> None:
    rows = layers(not_started())
    level = {key: n for n, row in enumerate(rows) for key in row}
    assert sorted(level) == sorted(s.key for s in SKILLS)
    for skill in SKILLS:
        above = [level[p] for p in skill.prerequisites]
        assert all(n < level[skill.key] for n in above), skill.key
        # and no lower than it needs to be: right under its deepest prerequisite
        assert level[skill.key] == (max(above) + 1 if above else 0), skill.key
    assert rows[0] == ["whole_numbers", "fractions"]
    assert rows[-1] == ["integrals"]


def test_a_circle_of_prerequisites_is_refused() -> None:
    circle = [SkillStanding("a", "A", ("b",), "Not started"),
              SkillStanding("b", "B", ("a",), "Not started")]  # fmt: skip
    with pytest.raises(ValueError, match="circle"):
        layers(circle)


def test_each_arrow_goes_down_from_prerequisite_to_skill_and_never_through_a_box() -> None:
    layout = map_layout(not_started())
    edges = {(p, s.key) for s in SKILLS for p in s.prerequisites}
    assert set(layout.routes) == edges
    for (parent, key), route in layout.routes.items():
        assert route[0] == layout.places[parent] and route[-1] == layout.places[key]
        assert [level for _x, level in route] == list(range(route[0][1], route[-1][1] + 1))
        for x, level in route[1:-1]:  # the layers a long arrow passes
            boxes = [bx for bx, bl in layout.places.values() if bl == level]
            assert all(abs(x - bx) > BOX_WIDTH / 2 for bx in boxes), (parent, key, level)
    drawn = by_gid(skill_map(not_started()), "edge:")
    assert set(drawn) == {f"{p}->{k}" for p, k in edges}


def test_no_two_skills_share_a_place_in_the_map() -> None:
    places = map_layout(not_started()).places
    for level in {lvl for _x, lvl in places.values()}:
        xs = sorted(x for x, lvl in places.values() if lvl == level)
        assert all(b - a >= 1.0 for a, b in zip(xs, xs[1:])), level


def test_bars_are_each_skills_mastery_coloured_by_its_band(store: Store) -> None:
    skills = standings_after(store, {
        "fractions": [True] * 8,
        "linear_equations": [True, False, True, False, True],
        "exponents": [False, False],
    })  # fmt: skip
    bands = {s.key: s.band for s in skills}
    assert bands["fractions"] == "Mastered" and bands["exponents"] == "Attempted"
    assert bands["linear_equations"] == "Proficient"
    figure = mastery_chart(skills, mastered=MASTERED)
    bars = by_gid(figure, "bar:")
    assert set(bars) == {s.key for s in SKILLS}
    for skill in skills:
        bar = bars[skill.key]
        assert bar.get_facecolor() == to_rgba(BAND_COLOURS[skill.band]), skill.key
        assert bar.get_width() == pytest.approx(skill.p_known or 0.0), skill.key
    assert bars["integrals"].get_width() == 0  # not started: an empty bar, with its label
    axes = figure.axes[0]
    top_down = [t.get_text() for _y, t in sorted(zip(axes.get_yticks(), axes.get_yticklabels()),
                                                  key=lambda pair: -pair[0])]  # fmt: skip
    assert top_down[0].startswith("Whole numbers") and top_down[-1] == "Basic probability"
    assert "Integrals" in top_down  # the map's order, top down
    assert "not started" in [t.get_text() for t in figure.axes[0].texts]
    (line,) = by_gid(figure, "mastered-line").values()
    assert list(line.get_xdata()) == [MASTERED, MASTERED]


def test_map_boxes_take_their_bands_colour_and_the_legend_names_every_band(
    store: Store,
) -> None:
    skills = standings_after(store, {"fractions": [True] * 8, "exponents": [False]})
    figure = skill_map(skills)
    boxes = by_gid(figure, "node:")
    assert boxes["fractions"].get_facecolor() == to_rgba(BAND_COLOURS["Mastered"])
    assert boxes["exponents"].get_facecolor() == to_rgba(BAND_COLOURS["Attempted"])
    assert boxes["integrals"].get_facecolor() == to_rgba(BAND_COLOURS["Not started"])
    (legend,) = figure.legends
    assert [t.get_text() for t in legend.get_texts()] == list(BANDS)
    shown = " ".join(t.get_text().replace("\n", " ") for t in figure.axes[0].texts)
    assert all(s.name in shown for s in SKILLS)


def test_the_charts_fit_a_700_by_450_pixel_view() -> None:
    for figure in (mastery_chart(not_started()), skill_map(not_started())):
        width, height = figure.get_size_inches() * figure.dpi
        assert (width, height) == (700, 450)
        canvas = FigureCanvasAgg(figure)
        canvas.draw()  # constrained layout places everything
        box = figure.get_tightbbox(canvas.get_renderer())
        assert box.width <= 7.0 + 1e-6 and box.height <= 4.5 + 1e-6  # nothing drawn outside
