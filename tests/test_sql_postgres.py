"""The relational export (``--to URL``) round trip: a real PostgreSQL server, SQLite and DuckDB.

The PostgreSQL server is started by the fixture from Debian's binaries
(``/usr/lib/postgresql/*/bin`` or PATH): a throw-away cluster on 127.0.0.1 on a
free port, its socket in a temporary directory, stopped afterwards. As root,
initdb refuses to run, so the cluster belongs to the ``postgres`` (or
``nobody``) user. The tests skip cleanly when no PostgreSQL binaries exist.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from output.gold_rows import gold_results

from plansift.output import OutputSink

sa = pytest.importorskip("sqlalchemy")

TABLES = ("records", "documents", "entities", "indicators", "organisations", "officers", "areas")
# (child table, column, parent table, parent key): every reference the export promises
REFERENCES = [
    ("records", "document", "documents", "document"),
    ("records", "indicator_code", "indicators", "indicator_code"),
    ("records", "lead_organisation", "organisations", "name"),
    ("records", "recipient", "organisations", "name"),
    ("records", "lead_officer", "officers", "name"),
    ("records", "area", "areas", "name"),
    ("entities", "document", "documents", "document"),
    ("documents", "area", "areas", "name"),
]


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url():
    """A database URL on a PostgreSQL server this fixture starts (and stops)."""
    bindir = _pg_bin()
    if bindir is None or not (bindir / "pg_ctl").exists():
        pytest.skip("no PostgreSQL server binaries (apt-get install postgresql)")
    prefix: list[str] = []
    owner = None
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as an unprivileged user
        for name in ("postgres", "nobody"):
            try:
                owner = pwd.getpwnam(name)
                break
            except KeyError:
                continue
        runuser = shutil.which("runuser")
        if owner is None or runuser is None:
            pytest.skip("running as root with no unprivileged user to own a PostgreSQL cluster")
        prefix = [runuser, "-u", owner.pw_name, "--"]
    base = Path(tempfile.mkdtemp(prefix="plansift-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if owner is not None:
        os.chmod(base, 0o755)
        for p in (base, sock):
            os.chown(p, owner.pw_uid, owner.pw_gid)
    port = _free_port()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120, cwd=base)

    init = run(
        str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "plansift", "-E", "UTF8", "--locale=C", "-N"
    )
    if init.returncode:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"initdb failed: {init.stderr.strip()[-300:]}")
    opts = f"-h 127.0.0.1 -p {port} -k {sock} -F"
    start = run(
        str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(base / "server.log"), "-w", "-t", "60", "start"
    )
    if start.returncode:
        log = (base / "server.log").read_text(errors="replace")[-500:] if (base / "server.log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {start.stderr.strip()} {log}")
    try:
        admin = sa.create_engine(
            f"postgresql+psycopg2://plansift@127.0.0.1:{port}/postgres", isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(sa.text("CREATE DATABASE plansift_test"))
        admin.dispose()
        yield f"postgresql+psycopg2://plansift@127.0.0.1:{port}/plansift_test"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


def export(url: str, results, out_dir: Path) -> None:
    """Run one export of ``results`` into ``url`` (CSV beside it, as a real run writes)."""
    with OutputSink(out_dir, ["csv"], sql_url=url) as sink:
        for result in results:
            sink.add(result)


def counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        out = {t: conn.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in TABLES}
    engine.dispose()
    return out


def dangling(url: str) -> dict[str, int]:
    """References whose target row is missing, per (table.column)."""
    engine = sa.create_engine(url)
    out = {}
    with engine.connect() as conn:
        for child, col, parent, key in REFERENCES:
            sql = (
                f"SELECT COUNT(*) FROM {child} c WHERE c.{col} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {parent} p WHERE p.{key} = c.{col})"
            )
            out[f"{child}.{col}"] = conn.execute(sa.text(sql)).scalar_one()
    engine.dispose()
    return out


def check_round_trip(url: str, gold_dir: Path, tmp_path: Path) -> None:
    results = gold_results(gold_dir)
    n_records = sum(len(r.records) for r in results)
    export(url, results, tmp_path / "run1")
    first = counts(url)
    assert first["records"] == n_records
    assert first["documents"] == len(results)
    assert first["entities"] == sum(len(r.entities) for r in results)
    assert first["indicators"] >= len(
        {e["name"] for r in results for e in r.entities if e["entity_type"] == "indicator"}
    )

    export(url, results, tmp_path / "run2")  # a re-run upserts: nothing is duplicated
    assert counts(url) == first
    assert set(dangling(url).values()) == {0}

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        total = conn.execute(sa.text("SELECT SUM(amount_gbp) FROM records WHERE record_type = 'funding'")).scalar_one()
        dates = conn.execute(sa.text("SELECT COUNT(due_date) FROM records WHERE record_type = 'action'")).scalar_one()
    engine.dispose()
    assert total == pytest.approx(sum(r["amount_gbp"] for res in results for r in res.records if r.get("amount_gbp")))
    assert dates == sum(1 for res in results for r in res.records if r.get("due_date"))

    # a later run that no longer finds one fact of a document removes that record, and only that one
    shrunk = gold_results(gold_dir)
    dropped = shrunk[0].records.pop()
    export(url, shrunk, tmp_path / "run3")
    assert counts(url)["records"] == n_records - 1
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        gone = conn.execute(sa.text("SELECT COUNT(*) FROM records WHERE record_id = :i"), {"i": dropped["record_id"]})
        assert gone.scalar_one() == 0
    engine.dispose()


@pytest.mark.postgres
def test_postgres_round_trip_upserts_and_keeps_keys(postgres_url, gold_dir, tmp_path):
    check_round_trip(postgres_url, gold_dir, tmp_path)
    inspector = sa.inspect(sa.create_engine(postgres_url))
    fks = {(fk["constrained_columns"][0], fk["referred_table"]) for fk in inspector.get_foreign_keys("records")}
    assert {("document", "documents"), ("indicator_code", "indicators"), ("lead_officer", "officers")} <= fks
    assert inspector.get_pk_constraint("records")["constrained_columns"] == ["record_id"]
    assert "ix_records_document" in {ix["name"] for ix in inspector.get_indexes("records")}


@pytest.mark.postgres
def test_postgres_rejects_a_bad_vocabulary_value(postgres_url):
    engine = sa.create_engine(postgres_url)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO records (record_id, record_type) VALUES ('x-1', 'wish')"))
    engine.dispose()


def test_sqlite_round_trip(gold_dir, tmp_path):
    check_round_trip(f"sqlite:///{tmp_path / 'plansift.sqlite'}", gold_dir, tmp_path)


def test_duckdb_round_trip(gold_dir, tmp_path):
    pytest.importorskip("duckdb_engine")
    check_round_trip(f"duckdb:///{tmp_path / 'export.duckdb'}", gold_dir, tmp_path)


def test_interrupted_export_leaves_the_database_as_it_was(gold_dir, tmp_path):
    url = f"sqlite:///{tmp_path / 'plansift.sqlite'}"
    results = gold_results(gold_dir)
    export(url, results[:1], tmp_path / "run1")
    before = counts(url)
    with pytest.raises(KeyboardInterrupt), OutputSink(tmp_path / "run2", ["csv"], sql_url=url) as sink:
        sink.add(results[1])
        raise KeyboardInterrupt
    assert counts(url) == before


def test_a_bad_url_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="cannot use database URL"):
        OutputSink(tmp_path, ["csv"], sql_url="nosuchdb://x")
    assert not list(tmp_path.glob(".*.tmp"))


def test_an_unreachable_server_is_a_clear_error_without_the_password(tmp_path):
    port = _free_port()  # nothing listens there
    with pytest.raises(ValueError, match="cannot connect to") as err:
        OutputSink(tmp_path, ["csv"], sql_url=f"postgresql+psycopg2://me:s3cret@127.0.0.1:{port}/plans")
    assert "s3cret" not in str(err.value)
    assert not list(tmp_path.iterdir())


def test_a_table_from_an_older_version_gains_the_new_columns(gold_dir, tmp_path):
    url = f"sqlite:///{tmp_path / 'plansift.sqlite'}"
    results = gold_results(gold_dir)
    export(url, results, tmp_path / "run1")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE records DROP COLUMN bbox"))
    export(url, results, tmp_path / "run2")
    assert "bbox" in {c["name"] for c in sa.inspect(engine).get_columns("records")}
    engine.dispose()
    assert counts(url)["records"] == sum(len(r.records) for r in results)
