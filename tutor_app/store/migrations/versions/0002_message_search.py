"""Full-text search over conversations: an FTS5 table kept in step with `messages` by triggers.

Revision ID: 0002_message_search
Revises: 0001_initial
Create Date: 2025-06-01

The index is a standalone FTS5 table (not an external-content one) holding each message's id,
session and text, so it never depends on the rowids of `messages`, which a batch migration that
copies the table would change. A later batch migration of `messages` drops these triggers with
the old table and must create them again (call `create_triggers()` from this module).

SQLite builds without FTS5 exist (some system Pythons); there the migration creates nothing and
the store searches with LIKE instead (it checks whether the table exists).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy.exc import OperationalError

revision: str = "0002_message_search"
down_revision: str | Sequence[str] | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "message_search"
TRIGGERS = {
    "messages_search_insert": f"""
        CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
            INSERT INTO {TABLE} (message_id, session_id, content)
            VALUES (new.id, new.session_id, new.content);
        END""",
    "messages_search_delete": f"""
        CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
            DELETE FROM {TABLE} WHERE message_id = old.id;
        END""",
    "messages_search_update": f"""
        CREATE TRIGGER messages_search_update AFTER UPDATE ON messages BEGIN
            DELETE FROM {TABLE} WHERE message_id = old.id;
            INSERT INTO {TABLE} (message_id, session_id, content)
            VALUES (new.id, new.session_id, new.content);
        END""",
}


def create_triggers() -> None:
    """Keep the search table in step with every insert, delete and update of a message."""
    for sql in TRIGGERS.values():
        op.execute(sql)


def upgrade() -> None:
    """Create the FTS5 table, fill it from the stored messages and add the triggers."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    try:
        # A savepoint, so that a build without FTS5 leaves the migration's transaction usable.
        with bind.begin_nested():
            bind.exec_driver_sql(
                f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
                "message_id UNINDEXED, session_id UNINDEXED, content, "
                "tokenize = 'unicode61 remove_diacritics 2')"
            )
    except OperationalError as error:
        if "fts5" not in str(error).lower():
            raise
        return  # no FTS5 in this SQLite: the store falls back to LIKE
    op.execute(
        f"INSERT INTO {TABLE} (message_id, session_id, content) "
        "SELECT id, session_id, content FROM messages"
    )
    create_triggers()


def downgrade() -> None:
    """Drop the triggers and the search table (SQLite only, as they were made)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
