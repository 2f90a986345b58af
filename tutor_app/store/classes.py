"""Classes and the teacher's changes to students: the Store's roster part."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tutor_app.errors import StoreError
from tutor_app.store.records import ClassRecord, StudentRecord
from tutor_app.store.schema import AppSetting, SchoolClass, Student, new_id, utc_now


@dataclass(frozen=True)
class RosterEntry:
    """One student of a roster: their name, class and (optional) student number."""

    name: str
    class_name: str
    student_number: str = ""


class ClassStore:
    """Classes, students' classes and archive flags, app settings; mixed into Store."""

    def _transaction(self, *, write: bool) -> AbstractContextManager[Session]:
        raise NotImplementedError

    def _require(self, session: Session, model: Any, row_id: str, what: str) -> Any:
        raise NotImplementedError

    def classes(self, *, archived: bool = False) -> list[ClassRecord]:
        """The classes by name (archived ones too, with `archived`), with their sizes."""
        size = (
            select(func.count(Student.id))
            .where(Student.class_id == SchoolClass.id)
            .scalar_subquery()
        )
        query = select(SchoolClass, size).order_by(SchoolClass.name)
        if not archived:
            query = query.where(SchoolClass.archived.is_(False))
        with self._transaction(write=False) as session:
            return [_class_record(row, count) for row, count in session.execute(query)]

    def add_class(self, name: str) -> ClassRecord:
        """Create a class, refusing a name another class has."""
        clean = clean_name(name, "class")
        with self._transaction(write=True) as session:
            if _class_named(session, clean) is not None:
                raise StoreError(f"There is already a class called {clean!r}.")
            now = utc_now()
            row = SchoolClass(id=new_id(), name=clean, created_at=now, updated_at=now)
            session.add(row)
            return _class_record(row, 0)

    def rename_class(self, class_id: str, new_name: str) -> ClassRecord:
        """Give a class a new name, refusing one another class has."""
        clean = clean_name(new_name, "class")
        with self._transaction(write=True) as session:
            row = self._require(session, SchoolClass, class_id, "class")
            taken = _class_named(session, clean)
            if taken is not None and taken.id != class_id:
                raise StoreError(f"There is already a class called {clean!r}.")
            row.name, row.updated_at = clean, utc_now()
            return _class_record(row, _size(session, class_id))

    def archive_class(self, class_id: str, archived: bool = True) -> None:
        """Archive a class and its students (or bring them back): nothing is deleted."""
        with self._transaction(write=True) as session:
            row = self._require(session, SchoolClass, class_id, "class")
            now = utc_now()
            row.archived, row.updated_at = archived, now
            for student in session.scalars(select(Student).where(Student.class_id == class_id)):
                student.archived, student.updated_at = archived, now

    def add_student(
        self, name: str, class_id: str | None = None, student_number: str = ""
    ) -> StudentRecord:
        """Create a student in a class, refusing a name another student has."""
        clean = clean_name(name, "student")
        with self._transaction(write=True) as session:
            if class_id is not None:
                self._require(session, SchoolClass, class_id, "class")
            if _student_named(session, clean) is not None:
                raise StoreError(f"There is already a student called {clean!r}.")
            row = _new_student(clean, class_id, student_number.strip())
            session.add(row)
            session.flush()
            session.refresh(row)
            return student_record(row)

    def archive_student(self, student_id: str, archived: bool = True) -> None:
        """Hide a student from the picker (or show them again); their record is kept."""
        with self._transaction(write=True) as session:
            row = self._require(session, Student, student_id, "student")
            row.archived, row.updated_at = archived, utc_now()

    def move_student(self, student_id: str, class_id: str | None) -> None:
        """Put a student in another class (None: in no class)."""
        with self._transaction(write=True) as session:
            row = self._require(session, Student, student_id, "student")
            if class_id is not None:
                self._require(session, SchoolClass, class_id, "class")
            row.class_id, row.updated_at = class_id, utc_now()

    def import_roster(self, entries: Sequence[RosterEntry]) -> tuple[int, int]:
        """Add a roster in one transaction: new classes and students are created, known
        students (by name) are moved to their class and given their number. Returns
        (students added, students updated)."""
        added = updated = 0
        with self._transaction(write=True) as session:
            classes: dict[str, SchoolClass] = {}
            for entry in entries:
                class_name = clean_name(entry.class_name, "class")
                school_class = classes.get(class_name) or _class_named(session, class_name)
                if school_class is None:
                    now = utc_now()
                    school_class = SchoolClass(
                        id=new_id(), name=class_name, created_at=now, updated_at=now
                    )
                    session.add(school_class)
                classes[class_name] = school_class
                name = clean_name(entry.name, "student")
                student = _student_named(session, name)
                if student is None:
                    session.add(_new_student(name, school_class.id, entry.student_number.strip()))
                    added += 1
                else:
                    student.class_id, student.archived = school_class.id, False
                    if entry.student_number.strip():
                        student.student_number = entry.student_number.strip()
                    student.updated_at = utc_now()
                    updated += 1
                session.flush()
        return added, updated

    def setting(self, key: str) -> str | None:
        """A setting kept with the data, or None when it was never set."""
        with self._transaction(write=False) as session:
            row = session.get(AppSetting, key)
            return row.value if row is not None else None

    def setting_keys(self, prefix: str) -> list[str]:
        """The keys of the settings kept that begin with this prefix."""
        with self._transaction(write=False) as session:
            query = select(AppSetting.key).where(AppSetting.key.startswith(prefix, autoescape=True))
            return list(session.scalars(query))

    def set_setting(self, key: str, value: str | None) -> None:
        """Keep a setting with the data (None removes it)."""
        with self._transaction(write=True) as session:
            row = session.get(AppSetting, key)
            if value is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(AppSetting(key=key, value=value, updated_at=utc_now()))
            else:
                row.value, row.updated_at = value, utc_now()


MAX_NAME_LENGTH = 80


def clean_name(name: str, what: str) -> str:
    """A name without surrounding spaces, refusing an empty or overlong one."""
    clean = name.strip()
    if not clean:
        raise StoreError(f"A {what}'s name cannot be empty.")
    if len(clean) > MAX_NAME_LENGTH:
        raise StoreError(f"A {what}'s name can have at most {MAX_NAME_LENGTH} characters.")
    return clean


def student_record(row: Student) -> StudentRecord:
    """The record of a student row, with their class's name."""
    return StudentRecord(
        row.id, row.name, row.created_at, row.last_active_at, row.class_id,
        row.school_class.name if row.school_class is not None else "", row.student_number,
        row.archived,
    )  # fmt: skip


def _new_student(name: str, class_id: str | None, number: str) -> Student:
    now = utc_now()
    return Student(
        id=new_id(), name=name, class_id=class_id, student_number=number, created_at=now,
        last_active_at=now, updated_at=now,
    )  # fmt: skip


def _class_named(session: Session, name: str) -> SchoolClass | None:
    return session.scalars(select(SchoolClass).where(SchoolClass.name == name)).one_or_none()


def _student_named(session: Session, name: str) -> Student | None:
    return session.scalars(select(Student).where(Student.name == name)).one_or_none()


def _size(session: Session, class_id: str) -> int:
    query = select(func.count(Student.id)).where(Student.class_id == class_id)
    return int(session.scalar(query) or 0)


def _class_record(row: SchoolClass, students: int) -> ClassRecord:
    return ClassRecord(row.id, row.name, row.archived, students)
