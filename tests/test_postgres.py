"""Progress in a server database: a real PostgreSQL (Debian's package, started by the tests).

The store's own tests run on PostgreSQL too (the `store_location` fixture); these add what only
a shared server meets: tutors starting on a new database at the same moment, four of them
writing at once, a whole tutoring session through the command line, and the SQLite-only
features saying plainly that they are not for this database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from tests.postgres import PostgresCluster
from tests.test_cli import run_cli
from tutor_app.errors import StoreError
from tutor_app.paths import resolve_paths
from tutor_app.store.database import database_url, migrations_config, open_store

ROOT = Path(__file__).resolve().parents[1]

WRITER = """
import sys
from tutor_app.store.database import open_store
from tutor_app.store.records import AttemptRecord, EvidenceRecord, StepRecord
url, me, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = open_store(url)  # four at once on a new database: migrated once, in turn
shared, own = store.student("Shared"), store.student(f"Own {me}")
for n in range(count):
    student = shared if n % 2 else own
    attempt = AttemptRecord(
        student_id=student.id, session_id=None, problem=f"{me}/{n}: Solve x + {n} = 10",
        skill="linear_equations", final_answer=f"x = {10 - n}", cas_answer=f"x = {10 - n}",
        status="verified", attempts_used=1, duration_s=1.0, model_name="m",
        steps=(StepRecord(0, f"x = {10 - n}", f"x = {10 - n}", "valid", "same"),),
    )
    store.record_exchange(attempt, attempt.problem, "x = ...")
    store.record_evidence(EvidenceRecord(student.id, "fractions", "practice", f"{me}/{n}", True))
store.close()
print("done", flush=True)
"""


@pytest.fixture
def database(postgres_cluster: PostgresCluster) -> str:
    """A new, empty PostgreSQL database of the session's server."""
    return postgres_cluster.new_database()


def test_four_tutors_writing_at_once_lose_and_duplicate_nothing(database: str) -> None:
    count = 30
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, database, f"w{i}", str(count)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for i in range(4)
    ]  # fmt: skip
    for writer in writers:
        out, errors = writer.communicate(timeout=300)
        assert writer.returncode == 0 and out.strip() == "done", errors[-3000:]
    with open_store(database) as store:
        names = sorted(s.name for s in store.students())
        assert names == ["Own w0", "Own w1", "Own w2", "Own w3", "Shared"]  # one Shared
        problems = []
        for student in store.students():
            problems += [a.problem for a in store.attempts(student.id, limit=1000)]
            assert len(store.evidence(student.id)) == (4 * count // 2 if student.name == "Shared"
                                                       else count // 2)  # fmt: skip
        wanted = [f"w{i}/{n}: Solve x + {n} = 10" for i in range(4) for n in range(count)]
        assert sorted(problems) == sorted(wanted)  # every attempt once, none twice
    engine = create_engine(database_url(database))
    with engine.connect() as connection:
        [(version,)] = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    engine.dispose()
    assert version.startswith("0009")


def test_the_migrations_go_down_and_up_again_on_postgresql(database: str) -> None:
    open_store(database).close()
    engine = create_engine(database_url(database))
    config = migrations_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        tables = connection.execute(text(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_name != 'alembic_version'"
        )).scalar_one()  # fmt: skip
        assert tables == 0
        command.upgrade(config, "head")
    engine.dispose()
    with open_store(database) as store:
        ann = store.student("Ann")
        assert store.students()[0].id == ann.id


def test_a_tutoring_session_through_the_command_line(database: str, data_home: Path) -> None:
    asked = run_cli("--database", database, "solve", "Solve 2x + 3 = 7", "--json",
                    "--student", "Ada", "--retries", "0", home=data_home)  # fmt: skip
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["status"] == "verified"
    work = data_home.parent / "work.txt"
    work.write_text("2x + 3 = 7\n2x = 4\nx = 2\n")
    checked = run_cli("--database", database, "check", str(work), "--student", "Ada",
                      "--json", home=data_home)  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    progress = run_cli("--database", database, "progress", "--student", "Ada", "--json",
                       home=data_home)  # fmt: skip
    assert progress.returncode == 0, progress.stderr
    assert json.loads(progress.stdout)["skills"], progress.stdout
    with open_store(database) as store:
        ada = store.student("Ada")
        [attempt] = store.attempts(ada.id)
        assert attempt.status == "verified" and attempt.steps
        assert [s.title for s in store.search_sessions(ada.id, "solve")] == ["Solve 2x + 3 = 7"]
    assert not (data_home / "tutor.sqlite3").exists()  # nothing went to the local file


def test_what_only_a_sqlite_file_allows_says_so_on_postgresql(
    database: str, data_home: Path
) -> None:
    for args, said in (
        (["backup"], "pg_dump"),
        (["restore", "old.sqlite3"], "pg_dump"),
        (["merge", "class.tutorclass"], "nothing to merge"),
    ):
        result = run_cli("--database", database, *args, home=data_home)
        assert result.returncode == 2, result.stderr
        assert "server database" in result.stderr and said in result.stderr
        assert result.stderr.count("\n") == 1
    paths = resolve_paths(data_home, database)
    from tutor_app.store.backup import automatic_backup

    assert automatic_backup(paths) is None  # the server's own backups cover it


def test_a_database_address_is_checked_and_its_password_never_shown(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not in mysql"):
        open_store("mysql://tutor:pw@127.0.0.1/tutor")
    with pytest.raises(StoreError) as failed:
        open_store("postgresql://tutor:s3cret-pw@127.0.0.1:1/tutor")
    assert "s3cret-pw" not in str(failed.value) and "***" in str(failed.value)
