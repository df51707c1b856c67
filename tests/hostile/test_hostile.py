"""The hostile set through ``plansift extract``: every case gets its status and message, the run completes.

The cases are generated into ``tmp_path`` by :mod:`tests.hostile.generate` (nothing large is committed),
a real plan is added, and the whole folder runs through the command line in a subprocess with a timeout,
so a hang fails the test instead of the suite. The outputs are then checked: each ``documents`` row, the
real plan's records (against a run of the plan alone), formula-like cells in CSV and XLSX, and that nothing
was written outside ``--out``.
"""

from __future__ import annotations

import csv
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

_spec = importlib.util.spec_from_file_location("hostile_generate", HERE / "generate.py")
generate = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("hostile_generate", generate)
_spec.loader.exec_module(generate)

RUN_TIMEOUT = 900  # seconds for the whole hostile run; every document has --timeout-per-doc 60
REAL_PLAN = "real-plan.txt"
LIMIT_ARGS = [
    "--timeout-per-doc",
    "60",
    "--max-pages",
    str(generate.TEST_LIMITS["max_pages"]),
    "--max-decompressed-bytes",
    str(generate.TEST_LIMITS["max_decompressed_bytes"]),
]
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d[\d,]*)?(\.\d+)?([eE][+-]?\d+)?%?")

pytestmark = pytest.mark.timeout(RUN_TIMEOUT + 300)


@dataclass
class Run:
    """One finished ``plansift extract`` run."""

    src: Path
    out: Path
    cwd: Path
    proc: subprocess.CompletedProcess
    documents: list[dict[str, str]]

    def row(self, name: str) -> dict[str, str]:
        """The documents row of the input file ``name`` (matched on the end of the document column)."""
        want = _printable(name)
        rows = [r for r in self.documents if _printable(r["document"]).lstrip("'").endswith(want)]
        assert rows, f"no documents row for {name!r}; rows: {[r['document'] for r in self.documents]}"
        assert len(rows) == 1, f"{len(rows)} rows for {name!r}"
        return rows[0]

    def records(self, name: str | None = None) -> list[dict[str, str]]:
        path = self.out / "records.csv"
        assert path.is_file(), f"records.csv missing; outputs: {sorted(p.name for p in self.out.iterdir())}"
        rows = _read_csv(path)
        if name is None:
            return rows
        doc = self.row(name)["document"]
        return [r for r in rows if r["document"] == doc]


def _printable(name: str) -> str:
    """A file name as a writer may have made it valid text (undecodable bytes replaced)."""
    return re.sub(r"[\udc80-\udcff\ufffd]|\\x[0-9a-f]{2}", "?", name)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def run_extract(src: Path, out: Path, cwd: Path, *extra: str, timeout: float = RUN_TIMEOUT) -> Run:
    """Run ``plansift extract src --out out`` in a subprocess (cwd ``cwd``) and read documents.csv."""
    cmd = [sys.executable, "-m", "plansift", "extract", str(src), "--out", str(out), "--quiet", *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"plansift extract did not finish within {timeout} s (a hang); stderr: {exc.stderr!r}")
    docs_csv = out / "documents.csv"
    assert docs_csv.is_file(), (
        f"no documents.csv (exit {proc.returncode});\nstdout: {proc.stdout[-3000:]}\nstderr: {proc.stderr[-3000:]}"
    )
    return Run(src, out, cwd, proc, _read_csv(docs_csv))


def _tree(path: Path) -> set[str]:
    return {p.relative_to(path).as_posix() for p in path.rglob("*")}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Run:
    base = tmp_path_factory.mktemp("hostile")
    src, out, cwd = base / "in", base / "out", base / "cwd"
    cwd.mkdir()
    generate.generate(src)
    shutil.copy(generate.SAMPLE_DOCS / generate.REAL_TXT, src / REAL_PLAN)
    generate.ABSOLUTE_ESCAPE.unlink(missing_ok=True)
    before = _tree(base)
    run = run_extract(src, out, cwd, *LIMIT_ARGS)
    run.before = before  # type: ignore[attr-defined]
    run.base = base  # type: ignore[attr-defined]
    return run


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> Run:
    """The real plan and the correctly named PDF and DOCX it was copied from, run without the hostile set."""
    base = tmp_path_factory.mktemp("alone")
    src = base / "in"
    src.mkdir()
    shutil.copy(generate.SAMPLE_DOCS / generate.REAL_TXT, src / REAL_PLAN)
    shutil.copy(generate.SAMPLE_DOCS / generate.REAL_PDF, src / generate.REAL_PDF)
    shutil.copy(generate.SAMPLE_DOCS / generate.REAL_DOCX, src / generate.REAL_DOCX)
    (base / "cwd").mkdir()
    return run_extract(src, base / "out", base / "cwd", *LIMIT_ARGS)


def test_run_completes_without_a_traceback(hostile: Run):
    assert "Traceback" not in hostile.proc.stderr, hostile.proc.stderr[-5000:]
    assert hostile.proc.returncode in (0, 1), f"exit {hostile.proc.returncode}: {hostile.proc.stderr[-3000:]}"


# An archive has no row of its own: its members do (test_zip_members_each_get_a_row).
@pytest.mark.parametrize(
    "case",
    [c for c in generate.cases() if c.status != "members"],
    ids=lambda c: c.name.encode("utf-8", "replace").decode(),
)
def test_case_status_and_message(hostile: Run, case):
    row = hostile.row(case.name)
    assert row["status"] == case.status, f"{case.name}: {row['status']!r} ({row.get('error')!r}); {case.note}"
    if case.fragments:
        text = (row.get(case.field) or "").lower()
        assert any(f in text for f in case.fragments), (
            f"{case.name}: {case.field} {row.get(case.field)!r} names none of {case.fragments}"
        )
    if case.status != "ok":
        assert int(row["n_targets"] or 0) + int(row["n_actions"] or 0) + int(row["n_funding"] or 0) == 0
        assert "internal error" not in (row.get("error") or ""), row["error"]


def test_failed_rows_say_what_is_wrong(hostile: Run):
    """Every failed or skipped row has a message of some substance, and none is an internal error."""
    for row in hostile.documents:
        if row["status"] != "ok":
            assert len(row.get("error") or "") >= 15, row
            assert "internal error" not in row["error"], row


def test_real_plan_keeps_all_its_records(hostile: Run, alone: Run):
    assert hostile.row(REAL_PLAN)["status"] == "ok"
    want = {r["record_id"] for r in alone.records(REAL_PLAN)}
    got = {r["record_id"] for r in hostile.records(REAL_PLAN)}
    assert want, "the real plan alone gives no records: nothing to compare"
    assert got == want


@pytest.mark.parametrize(
    ("renamed", "original"), [("pdf-named-as.docx", generate.REAL_PDF), ("docx-named-as.pdf", generate.REAL_DOCX)]
)
def test_wrong_extension_is_read_by_content(hostile: Run, alone: Run, renamed: str, original: str):
    row = hostile.row(renamed)
    assert row["status"] == "ok", row
    assert row["format"] == Path(original).suffix.lstrip("."), row
    assert row["warnings"].count("extension") == 1, f"the mismatch is flagged once: {row['warnings']!r}"
    want = {r["record_id"] for r in alone.records(original)}
    assert want, f"{original} alone gives no records"
    assert {r["record_id"] for r in hostile.records(renamed)} == want


def test_cp1252_text_keeps_its_pound_signs(hostile: Run):
    row = hostile.row("cp1252-plan.txt")
    assert row["status"] == "ok", row
    records = hostile.records("cp1252-plan.txt")
    texts = " ".join(r["source_text"] + r["purpose"] + r["funding_source"] for r in records)
    assert "\ufffd" not in texts and "Â£" not in texts, texts
    amounts = {float(r["amount_gbp"]) for r in records if r["record_type"] == "funding" and r["amount_gbp"]}
    assert 25000.0 in amounts, f"funding amounts read: {sorted(amounts)}"
    assert "£25,000" in texts


def test_cp1252_text_reads_into_a_document():
    """The extractor alone: a cp1252 file decodes to the right characters."""
    import tempfile

    from plansift import read_document

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "plan.txt")
        path.write_bytes(generate.CP1252_PLAN.encode("cp1252"))
        text = read_document(path).text()
    assert "£25,000 from the Police" in text
    assert "“Reducing Serious Acquisitive Crime”" in text


def _dangerous(value: str) -> bool:
    return value.startswith(DANGEROUS_START) and not _NUMBER.fullmatch(value.strip())


def test_csv_outputs_neutralise_formula_cells(hostile: Run):
    checked = 0
    for name in ("records.csv", "documents.csv", "entities.csv"):
        path = hostile.out / name
        assert path.is_file(), f"{name} missing"
        for i, row in enumerate(_read_csv(path), start=2):
            for column, value in row.items():
                checked += 1
                assert not _dangerous(value), f"{name} line {i}, column {column}: unguarded {value!r}"
    assert checked
    # The file named like a formula is there, guarded: the check above saw a real formula-like cell.
    docs = [r["document"] for r in hostile.documents]
    assert any(d.startswith("'=HYPERLINK") for d in docs), docs


def test_csv_numbers_stay_numbers(hostile: Run):
    from plansift.output.schema import DOCUMENT_COLUMNS, RECORD_COLUMNS

    for name, columns in (("records.csv", RECORD_COLUMNS), ("documents.csv", DOCUMENT_COLUMNS)):
        numeric = [c for c, dtype, _ in columns if dtype in ("Int64", "Float64")]
        for row in _read_csv(hostile.out / name):
            for column in numeric:
                if row[column]:
                    float(row[column])  # raises if a number was quoted or prefixed


def test_formula_plan_cells_reach_the_outputs_guarded(hostile: Run):
    """Text from the formula-like cells is in the outputs, neutralised (guards against a vacuous check)."""
    assert hostile.row("formula-cells.txt")["status"] == "ok"
    cells = [v for r in hostile.records("formula-cells.txt") for v in r.values()]
    cells += [v for r in _read_csv(hostile.out / "entities.csv") for v in r.values()]
    formula_like = [v for v in cells if "HYPERLINK" in v or "@SUM" in v or "+44 121" in v]
    assert formula_like, "none of the formula-like cells of formula-cells.txt reached records.csv or entities.csv"
    assert not [v for v in formula_like if _dangerous(v)]


def test_xlsx_has_no_formulas_and_keeps_numbers(hostile: Run):
    from openpyxl import load_workbook

    path = hostile.out / "plansift.xlsx"
    assert path.is_file(), f"plansift.xlsx missing; outputs: {sorted(p.name for p in hostile.out.iterdir())}"
    wb = load_workbook(path)
    numeric_headers = {"value", "amount_gbp", "confidence", "page", "n_targets", "n_actions", "n_funding"}
    guarded = 0
    for ws in wb.worksheets:
        header = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]
        for row in ws.iter_rows(min_row=2):
            for name, cell in zip(header, row, strict=False):
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str) and _dangerous(cell.value):
                    assert cell.quotePrefix, f"{ws.title}!{cell.coordinate} unguarded text {cell.value!r}"
                    guarded += 1
                if name in numeric_headers and cell.value is not None:
                    assert isinstance(cell.value, int | float), f"{ws.title}!{cell.coordinate}: {cell.value!r}"
    assert guarded, "no formula-like text reached the workbook (the file named '=HYPERLINK...' should)"


def test_nothing_written_outside_out(hostile: Run):
    after = _tree(hostile.base)  # type: ignore[attr-defined]
    new = {p for p in after - hostile.before if not p.startswith("out/") and p != "out"}  # type: ignore[attr-defined]
    assert not new, f"written outside --out: {sorted(new)}"
    assert not list(hostile.cwd.iterdir()), f"written into the working directory: {list(hostile.cwd.iterdir())}"
    assert not generate.ABSOLUTE_ESCAPE.exists(), f"a zip member was written to {generate.ABSOLUTE_ESCAPE}"
    base, cwd = hostile.base, hostile.cwd  # type: ignore[attr-defined]
    places = {Path("/"), Path("/tmp"), cwd, cwd.parent, *base.parents, *hostile.out.parents, *hostile.src.parents}
    for name in generate.ESCAPE_NAMES:
        hits = [p / name for p in places if (p / name).exists()]
        assert not hits, f"a zip member escaped to {hits}"


def test_no_temporary_files_left_in_out(hostile: Run):
    leftovers = [p.name for p in hostile.out.rglob("*") if p.is_file() and (p.suffix in (".tmp", ".part"))]
    leftovers += [p.name for p in hostile.out.iterdir() if p.is_file() and p.name.startswith(".")]
    assert not leftovers, leftovers


def test_zip_members_each_get_a_row(hostile: Run):
    """Every member of archive.zip (escaping names included) is read or reported, never silently dropped."""
    rows = [r for r in hostile.documents if "archive.zip" in r["document"] or "archive.zip" in (r.get("path") or "")]
    assert any(r["status"] == "ok" for r in rows), rows
    assert len(rows) == 6, [(r["document"], r["status"], r["error"]) for r in rows]


def _run_with_vanishing(tmp_path, monkeypatch, vanish) -> dict[str, dict]:
    """Run the API on two plans; after discovery lists them, ``vanish(path)`` is done to one of them.

    This is how a file disappears mid-run for real: the runner has listed and hashed it, then it is gone
    (or unreadable) when a worker comes to read it. The hook wraps the runner's own ``discover``.
    """
    from plansift import api
    from plansift.corpus import runner

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(generate.SAMPLE_DOCS / generate.REAL_TXT, src / "stays.txt")
    (src / "goes.txt").write_bytes((generate.SAMPLE_DOCS / generate.REAL_TXT).read_bytes() + b"\nThe copy that goes.\n")
    real_discover = runner.discover

    def discover_then_vanish(*args, **kwargs):
        found = real_discover(*args, **kwargs)
        assert [i.name for i in found.inputs] == ["goes.txt", "stays.txt"]
        vanish(Path(found.inputs[0].path))
        return found

    monkeypatch.setattr(runner, "discover", discover_then_vanish)
    tables = api.extract_tables([str(src)], out=tmp_path / "out", workers=1, use_cache=False, progress=None)
    rows = {r["document"]: r for r in tables.documents.to_dict("records")}
    assert set(rows) == {"goes.txt", "stays.txt"}, rows
    assert rows["stays.txt"]["status"] == "ok" and rows["stays.txt"]["n_targets"] > 0
    return rows


def test_file_vanishing_mid_run(tmp_path, monkeypatch):
    rows = _run_with_vanishing(tmp_path, monkeypatch, lambda p: p.unlink())
    assert rows["goes.txt"]["status"] == "failed"
    assert "no such file" in rows["goes.txt"]["error"].lower() or "cannot read" in rows["goes.txt"]["error"]


def test_file_turning_unreadable_mid_run(tmp_path, monkeypatch):
    """Permissions cannot make a file unreadable to root (CI may run as root): a directory takes its place."""

    def replace_with_directory(path: Path) -> None:
        path.unlink()
        path.mkdir()

    rows = _run_with_vanishing(tmp_path, monkeypatch, replace_with_directory)
    assert rows["goes.txt"]["status"] == "failed"
    assert "cannot read" in rows["goes.txt"]["error"] or "directory" in rows["goes.txt"]["error"].lower()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_broken_links_get_a_documents_row(tmp_path):
    """A link whose file has gone (or that loops) is an input that cannot be read: it gets its row."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(generate.SAMPLE_DOCS / generate.REAL_TXT, src / "plan.txt")
    os.symlink(tmp_path / "gone.txt", src / "dangling.txt")
    os.symlink("loop.txt", src / "loop.txt")
    (tmp_path / "cwd").mkdir()
    run = run_extract(src, tmp_path / "out", tmp_path / "cwd", "--timeout-per-doc", "60")
    assert run.row("plan.txt")["status"] == "ok"
    for name in ("dangling.txt", "loop.txt"):
        row = run.row(name)
        assert row["status"] == "failed" and row["error"], row


def test_a_document_past_its_timeout_fails_and_the_run_goes_on(tmp_path):
    """Workers that never answer (each sleeps in its initializer) are stopped at --timeout-per-doc."""
    import time

    from plansift.api import build_options
    from plansift.corpus.runner import run

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(generate.SAMPLE_DOCS / generate.REAL_TXT, src / "a.txt")
    (src / "b.txt").write_bytes((generate.SAMPLE_DOCS / generate.REAL_TXT).read_bytes() + b"\nb\n")
    rows = []
    summary = run(
        [str(src)],
        consumers=[lambda result: rows.append(result.document)],
        use_cache=False,
        options=build_options(timeout_per_doc=2),
        workers=1,
        initializer=time.sleep,
        initargs=(3600,),
    )
    assert [r["document"] for r in rows] == ["a.txt", "b.txt"]
    for row in rows:
        assert row["status"] == "failed" and "timed out" in row["error"], row
    assert summary.status["failed"] == 2


def _output_state(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".")}


def _outputs_complete(out: Path) -> None:
    """Every output under its final name opens and reads to the end."""
    from openpyxl import load_workbook

    for name in ("records.csv", "documents.csv", "entities.csv"):
        if (out / name).exists():
            rows = _read_csv(out / name)
            assert all(None not in r and all(v is not None for v in r.values()) for r in rows), f"{name} is cut"
    if (out / "plansift.xlsx").exists():
        load_workbook(out / "plansift.xlsx", read_only=True).close()
    if (out / "records.parquet").exists():
        import pyarrow.parquet as pq

        pq.read_table(out / "records.parquet")


def test_an_interrupted_run_leaves_the_previous_outputs_whole(tmp_path):
    """Kill a run (SIGKILL) while it writes: each output is the old complete file, never a half-written one."""
    import signal
    import time

    src, out, cwd = tmp_path / "in", tmp_path / "out", tmp_path / "cwd"
    src.mkdir()
    cwd.mkdir()
    shutil.copy(generate.SAMPLE_DOCS / generate.REAL_TXT, src / "first.txt")
    run_extract(src, out, cwd, "--timeout-per-doc", "60")
    before = _output_state(out)
    assert "documents.csv" in before
    for sample in sorted(generate.SAMPLE_DOCS.iterdir()):
        shutil.copy(sample, src / sample.name)
    cmd = [sys.executable, "-m", "plansift", "extract", str(src), "--out", str(out), "--quiet", "--no-cache"]
    proc = subprocess.Popen(
        cmd, cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if any(p.name.endswith(".tmp") for p in out.iterdir()):  # the new outputs are being written
            break
        time.sleep(0.05)
    finished = proc.poll() is not None
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    after = _output_state(out)
    _outputs_complete(out)
    if not finished:
        assert after == before, "a killed run changed the previous outputs"


def test_out_inside_the_input_folder_is_never_read_back(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(generate.SAMPLE_DOCS / generate.REAL_TXT, src / "plan.txt")
    (tmp_path / "cwd").mkdir()
    first = run_extract(src, src / "out", tmp_path / "cwd", "--timeout-per-doc", "60")
    second = run_extract(src, src / "out", tmp_path / "cwd", "--timeout-per-doc", "60")
    assert [r["document"] for r in first.documents] == ["plan.txt"]
    assert [r["document"] for r in second.documents] == ["plan.txt"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_link_planted_in_out_is_replaced_not_written_through(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    (tmp_path / "cwd").mkdir()
    shutil.copy(generate.SAMPLE_DOCS / generate.REAL_TXT, src / "plan.txt")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    for name in ("records.csv", "documents.csv", "plansift.xlsx"):
        os.symlink(victim, out / name)
    run_extract(src, out, tmp_path / "cwd", "--timeout-per-doc", "60")
    assert victim.read_text() == "keep me\n"
    assert not (out / "documents.csv").is_symlink()
