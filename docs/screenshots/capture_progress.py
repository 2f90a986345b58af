"""Take the screenshots of My progress: the real window, a real database, a realistic record.

    python docs/screenshots/capture_progress.py [--out docs/screenshots] [--data-dir DIR]

Runs offscreen like capture.py. It starts the window the way `tutor-app` does, adds the student
Ada, records four days of her practice in the database the way the tutor does
(`tutor_app.tutor.progress.record`: answers, her own checked working, hints, one after the full
solution), then opens View > My progress and saves the mastery chart (progress.png) and the
skill map (progress-map.png). The bands, streak and times are what the tutor computes from
that record; nothing is drawn by hand.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from capture import app_window, run, save, settle, start_as, wait_until

# (days ago, skill, kind, problem, right or wrong, hint level): four days up to today.
RECORD = [
    (3, "whole_numbers", "practice", "Find the remainder when 47 is divided by 5", True, 0),
    (3, "whole_numbers", "practice", "Write 13 in base 2", True, 0),
    (3, "whole_numbers", "practice", "List the factors of 36", False, 0),
    (3, "whole_numbers", "practice", "Find the HCF of 24 and 36", True, 0),
    (3, "whole_numbers", "practice", "Write 25 in base 3", True, 0),
    (3, "whole_numbers", "practice", "Find the LCM of 6 and 8", True, 0),
    (3, "fractions", "practice", "1/3 + 1/4", True, 0),
    (3, "fractions", "practice", "Write 0.35 as a fraction", True, 0),
    (2, "fractions", "practice", "15% of 80", True, 0),
    (2, "fractions", "hint", "2/5 ÷ 4/15", None, 1),
    (2, "fractions", "practice", "2/5 ÷ 4/15", False, 1),
    (2, "fractions", "practice", "Write 3/8 as a percentage", True, 0),
    (2, "fractions", "own_work", "3/4 of 28, my working", True, 0),
    (1, "linear_equations", "practice", "Solve 3x - 5 = 10", True, 0),
    (1, "linear_equations", "hint", "Solve 2(x + 1) = 9", None, 2),
    (1, "linear_equations", "practice", "Solve 2(x + 1) = 9", False, 2),
    (1, "linear_equations", "practice", "Solve 5x + 2 = 17", True, 0),
    (1, "exponents", "practice", "Simplify 2^3 × 2^4", True, 0),
    (1, "exponents", "practice", "Simplify (x^2)^3", False, 0),
    (0, "exponents", "practice", "Simplify x^5 / x^2", False, 0),
    (0, "exponents", "practice", "Write 8^(2/3) as a whole number", True, 0),
    (0, "linear_equations", "own_work", "Solve 4x + 1 = 9, my working", False, 0),
    (0, "linear_equations", "practice", "Solve 7 - 2x = 1", True, 0),
    (0, "inequalities", "practice", "Solve 2x + 1 > 7", False, 0),
    (0, "inequalities", "hint", "Solve -3x ≤ 9", None, 4),
    (0, "inequalities", "practice", "Solve -3x ≤ 9", True, 4),
    (0, "polynomials", "practice", "Expand (x + 3)(x - 2)", True, 0),
    (0, "polynomials", "practice", "Factorise x^2 - 9", False, 0),
]


def record_practice(window: Any) -> None:
    """Store Ada's four days: each day's work is a session of about half an hour."""
    from tutor_app.store.records import EvidenceRecord
    from tutor_app.tutor.progress import record

    now = datetime.now(timezone.utc).astimezone()
    # Today's session lies in today (after midnight, even when the script runs just after it).
    end = max(now, now.replace(hour=0, minute=40, second=0, microsecond=0))
    per_day: dict[int, int] = {}
    for days_ago, skill, kind, problem, right, hint in RECORD:
        n = per_day[days_ago] = per_day.get(days_ago, -1) + 1
        at = end - timedelta(days=days_ago, minutes=35) + timedelta(minutes=n * 2.5)
        item = EvidenceRecord(window.student.id, skill, kind, problem, right, hint_level=hint,
                              seconds=75.0, created_at=at)  # fmt: skip
        record(window.store, item)


def capture(out: Path, data_dir: Path) -> None:
    """Open the window, record the practice, and save the two screenshots."""
    with app_window(data_dir) as window:
        start_as(window, "Ada")
        record_practice(window)
        window.progress_action.trigger()
        dialog = window.progress_dialog
        wait_until(lambda: dialog.report is not None, 60, "the progress view")
        settle()
        save(dialog, out / "progress.png")
        dialog.tabs.setCurrentIndex(1)
        save(dialog, out / "progress-map.png")
        print(dialog.summary.text())


if __name__ == "__main__":
    run(capture, __doc__)
