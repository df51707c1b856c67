"""`plansift --help` stays light: no heavy library is imported to show it."""

import subprocess
import sys

HEAVY = ("pandas", "spacy", "pdfplumber", "pypdfium2", "docx", "duckdb", "dask", "pyarrow", "openpyxl", "rapidfuzz")


def test_cli_import_pulls_in_no_heavy_library():
    code = f"import sys, plansift.cli; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_help_lists_the_verbs():
    out = subprocess.run([sys.executable, "-m", "plansift", "--help"], capture_output=True, text=True, check=True)
    for verb in ("extract", "evaluate"):
        assert verb in out.stdout


def test_the_quick_exit_keeps_exit_codes_output_and_exit_handlers(tmp_path):
    """The console script leaves without the interpreter's teardown: its exit code, its flushed output (to a
    pipe, which Python buffers) and the exit handlers (here multiprocessing's temporary folder) stay."""
    import glob

    version = subprocess.run([sys.executable, "-m", "plansift", "--version"], capture_output=True, text=True)
    assert (version.returncode, version.stdout.strip()) == (0, "plansift 0.1.0")
    bad = subprocess.run(
        [sys.executable, "-m", "plansift", "extract", str(tmp_path / "missing"), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "nothing to read" in bad.stderr + bad.stdout
    unknown = subprocess.run([sys.executable, "-m", "plansift", "no-such-verb"], capture_output=True, text=True)
    assert unknown.returncode == 2 and "no-such-verb" in unknown.stderr

    (tmp_path / "plan.txt").write_text("NI 15 Serious violent crime rate\nTarget 2008/09 1.1\n", encoding="utf-8")
    env_tmp = tmp_path / "tmp"
    env_tmp.mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "plansift", "extract", str(tmp_path / "plan.txt"), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "TMPDIR": str(env_tmp)},
    )
    assert run.returncode == 0, run.stderr
    assert "1 documents" in run.stdout + run.stderr or "1 document" in run.stdout + run.stderr
    assert (tmp_path / "out" / "documents.csv").is_file()
    assert glob.glob(str(env_tmp / "pymp-*")) == [], "multiprocessing's exit handler removes its folder"


def test_a_failing_test_fails_the_run_even_with_the_package_doctests_collected(tmp_path):
    """pytest collects plansift/'s modules for their doctests: none may swallow the run's exit status (the
    fork server's preload module leaves with status 0 at exit, so it must never be collected)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    failing = tmp_path / "test_fails.py"
    failing.write_text("def test_fails():\n    assert False\n")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(failing), "plansift/corpus"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 1, run.stdout[-2000:] + run.stderr[-2000:]
    assert "1 failed" in run.stdout
