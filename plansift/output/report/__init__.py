"""``plansift report``: one self-contained HTML page comparing areas, from an output directory.

The page needs no network: the Vega-Lite runtime (vega, vega-lite and
vega-embed, from ``vl-convert-python``'s bundle) and the styles are inlined.
For each indicator it shows a table of areas x periods (baseline, targets and
actuals, count and rate side by side), a chart of each area's trajectory and
the planned reduction per area; then funding by stream, area and year, and
actions per lead organisation and due date. Every number links to its source
document at its page, with the verbatim source text as its tooltip.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from plansift.output.atomic import AtomicFile


def read_tables(out_dir: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The records (records.parquet, else records.csv) and documents rows of an output directory."""
    import pandas as pd

    from plansift.output.cells import plain_rows
    from plansift.output.safety import restore
    from plansift.output.schema import documents_frame, records_frame

    out_dir = Path(out_dir)
    if (out_dir / "records.parquet").is_file():
        records = records_frame(plain_rows(pd.read_parquet(out_dir / "records.parquet")))
    elif (out_dir / "records.csv").is_file():
        raw = pd.read_csv(out_dir / "records.csv", dtype=str, keep_default_na=False, encoding="utf-8")
        records = records_frame(
            {k: (restore(v) if v else None) for k, v in row.items()} for row in raw.to_dict("records")
        )
    else:
        raise FileNotFoundError(
            f"{out_dir} holds neither records.parquet nor records.csv: give the folder `plansift extract --out` wrote"
        )
    documents: list[dict[str, Any]] = []
    if (out_dir / "documents.csv").is_file():
        raw = pd.read_csv(out_dir / "documents.csv", dtype=str, keep_default_na=False, encoding="utf-8")
        documents = list(
            plain_rows(
                documents_frame({k: (restore(v) if v else None) for k, v in r.items()} for r in raw.to_dict("records"))
            )
        )
    return list(plain_rows(records)), documents


def build_report(out_dir: Path, html_path: Path | None = None, links_to: str | None = None) -> Path:
    """Write the comparison report of ``out_dir`` to ``html_path`` (default ``out_dir/report.html``), atomically.

    Each figure links to its source document and page: relative to the page's folder, or under ``links_to``
    (a URL or a folder where the corpus is published, each document at its name in the run).
    """
    from plansift.output.report.page import render_page

    out_dir = Path(out_dir)
    html_path = Path(html_path) if html_path else out_dir / "report.html"
    records, documents = read_tables(out_dir)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    page = render_page(
        records, documents, out_dir=out_dir, report_dir=html_path.parent, today=dt.date.today(), links_to=links_to
    )
    target = AtomicFile(html_path.parent, html_path.name)
    try:
        target.tmp.write_text(page, encoding="utf-8")
        return target.commit()
    except BaseException:
        target.discard()
        raise
