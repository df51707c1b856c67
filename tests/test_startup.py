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
