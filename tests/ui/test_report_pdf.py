"""The class report as a PDF, read back with Qt's own PDF reader: its pages, its words, and a
file that is whole or not there at all."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument

from tutor_app.cli import main
from tutor_app.errors import TutorError
from tutor_app.render.progress_charts import BAND_COLOURS
from tutor_app.store.database import open_store
from tutor_app.store.records import EvidenceRecord
from tutor_app.store.reports import ReportScope
from tutor_app.store.repository import Store
from tutor_app.tutor.class_report import ClassReport, build_report
from tutor_app.tutor.progress import record
from tutor_app.ui.report_pdf import write_pdf_report

DAY = date(2026, 3, 10)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(DAY, time(hour, minute)).astimezone().astimezone(timezone.utc)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "data" / "tutor.sqlite3") as opened:
        yield opened


@pytest.fixture
def report(store: Store, qapp: Any) -> ClassReport:
    """7B: Zoë answered three linear equations (two right first time), Núñez one fraction
    wrong with a named mistake and a full-solution hint; Li nothing yet."""
    seven_b = store.add_class("7B")
    zoe = store.add_student("Zoë Müller", seven_b.id, "0042").id
    jose = store.add_student("Núñez, José", seven_b.id).id
    store.add_student("Li Wei", seven_b.id)
    for n, right in enumerate((True, True, False)):
        record(store, EvidenceRecord(zoe, "linear_equations", "practice", f"P{n}", right,
                                     created_at=at(9, n)))  # fmt: skip
    record(store, EvidenceRecord(jose, "fractions", "hint", "F1", hint_level=4,
                                 created_at=at(10)))  # fmt: skip
    record(store, EvidenceRecord(jose, "fractions", "own_work", "F1", False,
                                 mistake="sign_error", created_at=at(10, 1)))  # fmt: skip
    return build_report(store, ReportScope(class_id=seven_b.id), "7B", sessions=False,
                        today=DAY)  # fmt: skip


def pages_of(path: Path) -> list[str]:
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    texts = [document.getAllText(n).text() for n in range(document.pageCount())]
    document.close()
    return texts


def drawn_colours(path: Path, page: int) -> set[str]:
    """The band colours (as the charts draw them, give or take resampling) seen on a page."""
    document = QPdfDocument()
    document.load(str(path))
    image = document.render(page, QSize(1263, 893)).convertToFormat(QImage.Format.Format_RGB888)
    document.close()
    rows = np.frombuffer(bytes(image.constBits()), np.uint8).reshape(image.height(), -1)
    pixels = rows[:, : image.width() * 3].reshape(-1, 3).astype(int)
    seen = set()
    for colour in BAND_COLOURS.values():
        wanted = np.array(list(bytes.fromhex(colour[1:])), dtype=int)
        if (np.abs(pixels - wanted).max(axis=1) <= 8).sum() >= 20:
            seen.add(colour)
    return seen


def test_a_summary_then_one_page_per_student_with_their_figures(
    report: ClassReport, tmp_path: Path
) -> None:
    done: list[tuple[int, int]] = []
    target = write_pdf_report(report, tmp_path / "7B.pdf", lambda n, of: done.append((n, of)))
    pages = pages_of(target)
    assert done == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert len(pages) == 2 + 3  # the class chart, the class table, then each student
    assert "Progress report: 7B" in pages[0] and len(drawn_colours(target, 0)) >= 3
    assert "3 students" in pages[0] and "page 1 of 5" in pages[0]
    table = " ".join(pages[1].split())
    assert "Zoë Müller 0042 7B" in table and "Núñez, José" in table and "Li Wei" in table
    assert "67% (2/3)" in table  # Zoë's first tries
    by_name = {page.splitlines()[0]: " ".join(page.split()) for page in pages[2:]}
    assert list(by_name) == ["Li Wei", "Núñez, José", "Zoë Müller"]  # by class, then name
    zoe, jose = by_name["Zoë Müller"], by_name["Núñez, José"]
    assert "No. 0042" in zoe and "Linear equations" in zoe and "67% (2/3)" in zoe
    assert "sign error ×1" in jose and "Not started" in by_name["Li Wei"]
    zoes = next(s for s in report.students if s.student.name == "Zoë Müller")
    band = zoes.band_of("linear_equations")
    assert band not in ("Not started", "Mastered")  # a bar of its own colour on her page:
    assert BAND_COLOURS[band] in drawn_colours(target, 4) - drawn_colours(target, 2)
    assert "page 5 of 5" in pages[4]


def test_a_failed_write_leaves_the_old_file_and_no_scraps(
    report: ClassReport, tmp_path: Path
) -> None:
    target = tmp_path / "7B.pdf"
    target.write_bytes(b"last week's report")
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    with pytest.raises(TutorError, match="is a folder"):
        write_pdf_report(report, folder)
    with pytest.raises(TutorError, match="there is no folder"):
        write_pdf_report(report, tmp_path / "missing" / "7B.pdf")
    if hasattr(os, "geteuid") and os.geteuid() != 0:  # root may write anywhere
        tmp_path.chmod(0o500)
        try:
            with pytest.raises(TutorError, match="may not write"):
                write_pdf_report(report, target)
        finally:
            tmp_path.chmod(0o700)
    assert target.read_bytes() == b"last week's report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["7B.pdf", "data", "folder.pdf"]
    write_pdf_report(report, target)
    assert target.read_bytes().startswith(b"%PDF") and len(pages_of(target)) == 5


def test_the_report_command_writes_a_pdf(
    report: ClassReport, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store.close()
    out = tmp_path / "out" / "report.pdf"
    out.parent.mkdir()
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "report", "--class", "7B", "--format", "pdf",
                 "-o", str(out)]) == 0  # fmt: skip
    pages = pages_of(out)
    assert len(pages) == 5 and "Progress report: 7B" in pages[0]
    one = tmp_path / "out" / "zoe.pdf"
    assert main(["--data-dir", data, "report", "--student", "Zoë Müller", "--from",
                 str(DAY - timedelta(days=1)), "--to", str(DAY), "--format", "pdf",
                 "-o", str(one)]) == 0  # fmt: skip
    assert len(pages_of(one)) == 3 and "9 Mar 2026 to 10 Mar 2026" in pages_of(one)[0]
