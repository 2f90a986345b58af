"""PostgreSQL's counterpart of the FTS5 message index: the words of each message, GIN-indexed.

Revision ID: 0009_postgres_search
Revises: 0008_report_columns
Create Date: 2026-12-02

On SQLite the FTS5 table of migration 0002 serves search, and this changes nothing. On
PostgreSQL two SQL functions do what FTS5's unicode61 tokenizer does: `tutor_message_words`
cuts a message into lower-cased words without accents, `tutor_word_prefix` makes a prefix query
of a typed word (tutor_app.store.search), and a GIN index over the first keeps search fast for a
class's whole history. Accents are removed by the `unaccent` extension (trusted: a database
owner may create it); where it is not installed, words keep their accents.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy.exc import SQLAlchemyError

revision: str = "0009_postgres_search"
down_revision: str | Sequence[str] | None = "0008_report_columns"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_messages_content_words"
_UNACCENTED = "public.unaccent('public.unaccent'::regdictionary, {})"


def upgrade() -> None:
    """Make the word functions and index the words of every message (PostgreSQL only)."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    plain = "{}"
    try:
        with bind.begin_nested():  # a failure must not end the migration's transaction
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
        plain = _UNACCENTED
    except SQLAlchemyError:
        pass
    words = plain.format("content")
    prefix = plain.format("word")
    op.execute(
        "CREATE FUNCTION tutor_message_words(content text) RETURNS tsvector LANGUAGE sql "
        f"IMMUTABLE PARALLEL SAFE AS $$ SELECT to_tsvector('simple', {words}) $$"
    )
    op.execute(
        "CREATE FUNCTION tutor_word_prefix(word text) RETURNS tsquery LANGUAGE sql "
        "IMMUTABLE PARALLEL SAFE AS $$ SELECT to_tsquery('simple', "
        f"quote_literal(lower({prefix})) || ':*') $$"
    )
    op.execute(f"CREATE INDEX {INDEX} ON messages USING gin (tutor_message_words(content))")


def downgrade() -> None:
    """Drop the index and the word functions (PostgreSQL only)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    op.execute("DROP FUNCTION IF EXISTS tutor_word_prefix(text)")
    op.execute("DROP FUNCTION IF EXISTS tutor_message_words(text)")
