"""SQLAlchemy storage of students, sessions, attempts and mastery, with Alembic migrations."""
